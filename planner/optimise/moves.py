"""Who moves where: one from -> to split of the redeployment and reskilling flows.

The model moves people through hubs (``docs/formulation.md`` §4.5): what leaves the pools of
a hub (``redeploy_out``) arrives in other pools of the same hub (``redeploy_in``) or starts a
reskilling path, whose survivors arrive in the pools of the path's target hub
(``reskill_in``) ``L`` periods later. The hub nets the flows, so the pairs are not unique.
This module derives one valid split, deterministically. Every way of pairing a hub's
leavers with its arrivals costs the organisation the same money, so the split prefers the
nearest destination: the same team, then the same function, then the same location, then
anyone; among equals, the order of team names (a north-west-corner rule).

It is a transportation problem per hub and period (and per reskilling start), solved as one
LP by HiGHS. Pairs are routed through *group* nodes (a team, a function, a location, the
whole hub) instead of arcs for every pair, so the LP grows with the number of pools, not
with its square: a pair's distance is the cheapest group the two pools share. Each group's
flow is then split among its pools in team order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.optimise.model import Built
from planner.optimise.solvers import Solution
from planner.optimise.variables import retention

COLUMNS = ["from_team", "from_role", "to_team", "to_role", "period", "fte", "kind", "cost",
           "arrival_period", "fte_arriving"]
TOL = 1e-9
"""Flows below this are solver noise [FTE]."""
LEVELS = ("team", "function", "location", "hub")
"""Groups a move can stay within, nearest first; a move's distance is its group's index."""


def move_table(built: Built, sol: Solution) -> pd.DataFrame:
    """The moves of a solved plan: one row per (from pool, to pool, kind, departure period).

    Columns: ``from_team``, ``from_role``, ``to_team``, ``to_role``, ``period`` (departure,
    the user's label), ``fte`` (leaving the from-pool) [FTE], ``kind`` (``redeploy`` or
    ``reskill``), ``cost`` (the one-off redeployment or reskilling cost of the row)
    [currency], ``arrival_period``, ``fte_arriving`` (reaching the to-pool: ``fte`` for a
    redeployment, ``fte`` times the path's retention for reskilling) [FTE].
    """
    data = built.data
    pools = data.pools.reset_index(drop=True)
    n_p = len(data.periods)
    labels = np.asarray(data.periods)
    x = sol.x
    assert x is not None

    def values(name: str) -> np.ndarray:
        b = built.block(name)
        return np.clip(x[b.start:b.start + len(b)], 0.0, None)

    def flows(name: str, col: str) -> pd.DataFrame:
        v = values(name)
        pool, per = np.divmod(np.arange(len(v)), n_p)
        f = pd.DataFrame({"pool": pool, "t": per, col: v,
                          "var": built.block(name).start + np.arange(len(v))})
        f["hub"] = pools["hub"].to_numpy()[f["pool"]]
        return f[f[col] > TOL]

    unit = np.zeros(len(x))  # one-off cost per unit of each column [currency/FTE]
    for term in built.costs:
        if term.category in ("redeployment", "reskilling"):
            np.add.at(unit, term.cols, term.coef)

    # Channels: a hub in a period (redeployment) or a reskilling start (path and period).
    src = flows("redeploy_out", "supply")
    dst = flows("redeploy_in", "cap")
    redeploy = src[["hub", "t"]].drop_duplicates().merge(dst[["hub", "t"]].drop_duplicates())
    redeploy = redeploy.assign(kind="redeploy", hub_to=redeploy["hub"], t_to=redeploy["t"],
                               gain=1.0, cap=np.inf, var=-1)
    moves = data.paths
    path = built.block("reskill")
    starts = path.index.assign(cap=values("reskill"), var=path.cols)
    starts = starts[starts["cap"] > TOL]
    q = [moves[int(i)] for i in starts["move"]]
    reskill = pd.DataFrame({
        "hub": starts["scope"].astype(str).to_numpy() + "|" + np.array(
            [m.from_role for m in q], dtype=object),
        "t": starts["period"].to_numpy(int), "kind": "reskill",
        "hub_to": starts["scope"].astype(str).to_numpy() + "|" + np.array(
            [m.to_role for m in q], dtype=object),
        "t_to": starts["period"].to_numpy(int) + np.array([m.lead_time_periods for m in q],
                                                          dtype=int),
        "gain": [retention(m, pools) for m in q], "cap": starts["cap"].to_numpy(float),
        "var": starts["var"].to_numpy(int)})
    channels = pd.concat([redeploy, reskill], ignore_index=True)
    channels["channel"] = np.arange(len(channels))
    if channels.empty:
        return _empty()
    sinks = pd.concat([dst.assign(kind="redeploy"),
                       flows("reskill_in", "cap").assign(kind="reskill")], ignore_index=True)
    # Every source pool may send to every channel of its hub and period; every receiving
    # pool may take from every channel into its hub and period.
    out = src.merge(channels[["hub", "t", "channel"]], on=["hub", "t"])
    inn = sinks.merge(channels[["hub_to", "t_to", "kind", "channel"]].rename(
        columns={"hub_to": "hub", "t_to": "t"}), on=["hub", "t", "kind"])
    pairs = _split(out, inn, channels, sinks, pools)
    if pairs.empty:
        return _empty()
    ch = channels.iloc[pairs["channel"].to_numpy(int)]
    gain = ch["gain"].to_numpy(float)
    arriving = pairs["amount"].to_numpy(float)
    leaving = arriving / gain
    is_re = (ch["kind"] == "redeploy").to_numpy()
    to_var = pairs["sink_var"].to_numpy(int)
    cost = np.where(is_re, arriving * unit[to_var],
                    leaving * unit[np.where(is_re, 0, ch["var"].to_numpy(int))])
    a, b = pairs["pool"].to_numpy(int), pairs["pool_to"].to_numpy(int)
    t, t_to = ch["t"].to_numpy(int), ch["t_to"].to_numpy(int)
    table = pd.DataFrame({
        "from_team": pools["team"].to_numpy()[a], "from_role": pools["role"].to_numpy()[a],
        "to_team": pools["team"].to_numpy()[b], "to_role": pools["role"].to_numpy()[b],
        "period": labels[t], "fte": leaving, "kind": ch["kind"].to_numpy(), "cost": cost,
        "arrival_period": labels[t_to], "fte_arriving": arriving, "_t": t})
    table = table[table["fte"] > TOL]
    keys = ["_t", "period", "from_team", "from_role", "to_team", "to_role", "kind",
            "arrival_period"]
    table = table.groupby(keys, as_index=False, sort=True)[["fte", "cost",
                                                             "fte_arriving"]].sum()
    return table.drop(columns="_t")[COLUMNS]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS).astype({"fte": float, "cost": float,
                                                 "fte_arriving": float})


def _groups(pools: pd.DataFrame, pool: np.ndarray) -> list[np.ndarray]:
    """Each pool's group key at every level of :data:`LEVELS` (a team with no function or
    location shares that level with no other team)."""
    team = pools["team"].astype(str)

    def key(col: str) -> np.ndarray:
        value = pools[col]
        return np.where(value.isna(), "\0" + team, value.astype(str)).astype(object)[pool]

    return [team.to_numpy()[pool], key("function"), key("location"),
            np.full(len(pool), "", dtype=object)]


def _split(out: pd.DataFrame, inn: pd.DataFrame, channels: pd.DataFrame,
           sinks: pd.DataFrame, pools: pd.DataFrame) -> pd.DataFrame:
    """Pairs (pool, pool_to, channel, amount arriving) of least organisational distance.

    The LP: a source arc for each (source pool, channel, level) into the group the pool
    belongs to at that level, carrying the pool's leavers; a sink arc from each group of a
    channel to each receiving pool in it. Rows, each ``<=`` its total: a pool's leavers
    (``redeploy_out``); a reskilling start (``reskill``); a pool's arrivals by kind
    (``redeploy_in`` or ``reskill_in``); and each group passes on what it takes in (arrivals
    are leavers times the channel's retention). The objective moves everything it can first
    (a unit of flow is worth more than any rerouting saves), then as near as it can.
    """
    import highspy

    n_lv = len(LEVELS)
    gain = channels["gain"].to_numpy(float)
    # Source arcs and sink arcs, one per level
    s_pool = np.repeat(out["pool"].to_numpy(int), n_lv)
    s_ch = np.repeat(out["channel"].to_numpy(int), n_lv)
    s_lv = np.tile(np.arange(n_lv), len(out))
    s_key = np.array(_groups(pools, out["pool"].to_numpy(int))).T.ravel()
    k_pool = np.repeat(inn["pool"].to_numpy(int), n_lv)
    k_ch = np.repeat(inn["channel"].to_numpy(int), n_lv)
    k_lv = np.tile(np.arange(n_lv), len(inn))
    k_key = np.array(_groups(pools, inn["pool"].to_numpy(int))).T.ravel()
    group = pd.DataFrame({"ch": np.concatenate([s_ch, k_ch]), "lv": np.concatenate(
        [s_lv, k_lv]), "key": np.concatenate([s_key, k_key])})
    g = group.groupby(["ch", "lv", "key"], sort=True).ngroup().to_numpy()
    g_src, g_snk = g[:len(s_ch)], g[len(s_ch):]
    # Keep only groups with both a source and a sink
    both = np.intersect1d(g_src, g_snk)
    ks, kk = np.isin(g_src, both), np.isin(g_snk, both)
    s_pool, s_ch, s_lv, g_src = s_pool[ks], s_ch[ks], s_lv[ks], g_src[ks]
    s_row = np.repeat(np.arange(len(out)), n_lv)[ks]
    k_pool, k_ch, g_snk = k_pool[kk], k_ch[kk], g_snk[kk]
    k_row = np.repeat(np.arange(len(inn)), n_lv)[kk]
    n_s, n_k = len(s_pool), len(k_pool)
    if n_s == 0 or n_k == 0:
        return pd.DataFrame(columns=["pool", "pool_to", "channel", "amount", "sink_var"])
    # Rows: source totals, reskilling starts, sink totals, group balances
    src_code = out.groupby(["pool", "t"], sort=False).ngroup().to_numpy()
    src_cap = out.groupby(src_code)["supply"].first().to_numpy(float)
    snk_code = inn.groupby(["pool", "t", "kind"], sort=False).ngroup().to_numpy()
    snk_cap = inn.groupby(snk_code)["cap"].first().to_numpy(float)
    ch_cap = channels["cap"].to_numpy(float)
    n_src, n_ch, n_snk = len(src_cap), len(ch_cap), len(snk_cap)
    g_code = pd.factorize(np.concatenate([g_src, g_snk]), sort=True)[0]
    g_src_c, g_snk_c = g_code[:n_s], g_code[n_s:]
    n_g = int(g_code.max()) + 1
    base_ch, base_snk, base_g = n_src, n_src + n_ch, n_src + n_ch + n_snk
    rows = np.concatenate([src_code[s_row], base_ch + s_ch, base_g + g_src_c,
                           base_snk + snk_code[k_row], base_g + g_snk_c])
    cols = np.concatenate([np.arange(n_s), np.arange(n_s), np.arange(n_s),
                           n_s + np.arange(n_k), n_s + np.arange(n_k)])
    vals = np.concatenate([np.ones(n_s), np.ones(n_s), gain[s_ch], np.ones(n_k),
                           -np.ones(n_k)])
    upper = np.concatenate([src_cap, ch_cap, snk_cap, np.zeros(n_g)])
    lower = np.concatenate([np.full(n_src + n_ch + n_snk, -highspy.kHighsInf), np.zeros(n_g)])
    worth = 1.0 + 2.0 * len(LEVELS) * len(upper)
    cost = np.concatenate([s_lv - worth, np.zeros(n_k)])
    n = n_s + n_k
    order = np.argsort(cols, kind="stable")
    start = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(cols, minlength=n), out=start[1:])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(upper)
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.full(n, highspy.kHighsInf)
    lp.row_lower_, lp.row_upper_ = lower, upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = rows[order].astype(np.int32)
    lp.a_matrix_.value_ = vals[order]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:  # zero flow is feasible and
        # every flow is bounded by its source's total, so only a solver failure lands here
        raise RuntimeError(f"the moves split: HiGHS answered "
                           f"{h.modelStatusToString(h.getModelStatus())} on {n} arcs")
    f = np.asarray(h.getSolution().col_value, float)
    # Within each group, pair what comes in with what goes out in team order.
    rank = pools["team"].astype(str).rank(method="dense").to_numpy()
    ins = pd.DataFrame({"g": g_src_c, "pool": s_pool, "amount": f[:n_s] * gain[s_ch],
                        "rank": rank[s_pool], "ch": s_ch})
    outs = pd.DataFrame({"g": g_snk_c, "pool": k_pool, "amount": f[n_s:],
                         "rank": rank[k_pool],
                         "var": inn["var"].to_numpy(int)[k_row]})
    return _north_west(ins[ins["amount"] > TOL], outs[outs["amount"] > TOL])


def _north_west(ins: pd.DataFrame, outs: pd.DataFrame) -> pd.DataFrame:
    """Pair each group's inflows with its outflows in order (team rank, then pool), as the
    north-west-corner rule does: both are laid end to end and cut where either changes."""
    ins = ins.sort_values(["g", "rank", "pool"], kind="stable").reset_index(drop=True)
    outs = outs.sort_values(["g", "rank", "pool"], kind="stable").reset_index(drop=True)
    ins["end"] = ins.groupby("g")["amount"].cumsum()
    outs["end"] = outs.groupby("g")["amount"].cumsum()
    ev = pd.concat([ins.assign(i=ins.index, j=-1)[["g", "end", "i", "j"]],
                    outs.assign(i=-1, j=outs.index)[["g", "end", "i", "j"]]],
                   ignore_index=True)
    ev = ev.sort_values(["g", "end"], kind="stable").reset_index(drop=True)
    # A cut belongs to the first inflow and the first outflow that end at or after it.
    ev["i"] = ev["i"].where(ev["i"] >= 0).groupby(ev["g"]).bfill()
    ev["j"] = ev["j"].where(ev["j"] >= 0).groupby(ev["g"]).bfill()
    ev["amount"] = ev["end"] - ev.groupby("g")["end"].shift(1).fillna(0.0)
    ev = ev.dropna(subset=["i", "j"])
    ev = ev[ev["amount"] > TOL]
    i, j = ev["i"].to_numpy(int), ev["j"].to_numpy(int)
    return pd.DataFrame({"pool": ins["pool"].to_numpy()[i], "pool_to": outs["pool"].to_numpy()[j],
                         "channel": ins["ch"].to_numpy()[i], "amount": ev["amount"].to_numpy(),
                         "sink_var": outs["var"].to_numpy()[j]})
