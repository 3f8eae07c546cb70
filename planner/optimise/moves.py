"""Who moves where: one from -> to split of the redeployment and reskilling flows.

The model moves people through hubs (``docs/formulation.md`` §4.5): what leaves the pools of
a hub (``redeploy_out``) arrives in other pools of the same hub (``redeploy_in``) or starts a
reskilling path, whose survivors arrive in the pools of the path's target hub
(``reskill_in``) ``L`` periods later. The hub nets the flows, so the pairs are not unique.
This module derives one valid split, deterministically: a small transportation problem
(one LP, solved by HiGHS) whose arcs run from each source pool to each receiving pool of
the same hub and period (``redeploy``) or of the path's target hub on arrival
(``reskill``). Every arc of a hub costs the planner the same money, so the split prefers
the nearest destination: the same team, then the same function, then the same location,
and among equals the order of team names (a north-west-corner rule).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.optimise.lp import Solution
from planner.optimise.model import Built, _retention

COLUMNS = ["from_team", "from_role", "to_team", "to_role", "period", "fte", "kind", "cost",
           "arrival_period", "fte_arriving"]
TOL = 1e-9
"""Flows below this are solver noise [FTE]."""
TIE_BREAK = 1e-3
"""Weight of the team-order tie-break against one step of organisational distance."""


def _distance(pools: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Organisational distance of pool pairs: 0 same team, 1 same function, 2 same location,
    3 otherwise; plus a small term that prefers teams close in name order."""
    team = pools["team"].astype(str).to_numpy()
    func = pools["function"].fillna("").astype(str).to_numpy()
    loc = pools["location"].fillna("").astype(str).to_numpy()
    rank = pd.Series(team).rank(method="dense").to_numpy() - 1
    rank = rank / max(1.0, rank.max())
    level = np.select([team[a] == team[b], func[a] == func[b], loc[a] == loc[b]], [0, 1, 2], 3)
    return level + TIE_BREAK * (rank[a] - rank[b]) ** 2


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
        f = pd.DataFrame({"pool": pool, "t": per, col: v, "var": built.block(name).start
                          + np.arange(len(v))})
        f["hub"] = pools["hub"].to_numpy()[f["pool"]]
        return f[f[col] > TOL]

    unit = np.zeros(len(x))  # one-off cost per unit of each column [currency/FTE]
    for term in built.costs:
        if term.category in ("redeployment", "reskilling"):
            np.add.at(unit, term.cols, term.coef)

    src = flows("redeploy_out", "supply")
    dst = flows("redeploy_in", "demand")
    arrive = flows("reskill_in", "demand")
    redeploy = src.merge(dst, on=["hub", "t"], suffixes=("", "_to"))
    redeploy = redeploy.assign(kind="redeploy", t_to=redeploy["t"], gain=1.0,
                               unit=unit[redeploy["var_to"].to_numpy(int)])

    moves = built.data.scenario.levers.reskilling
    path = built.block("reskill")
    starts = path.index.assign(w=values("reskill"), var=path.cols)
    starts = starts[starts["w"] > TOL]
    if len(starts):
        q = [moves[int(i)] for i in starts["move"]]
        starts = starts.assign(
            hub=starts["scope"].astype(str) + "|" + [m.from_role for m in q],
            hub_to=starts["scope"].astype(str) + "|" + [m.to_role for m in q],
            t_to=starts["period"].to_numpy(int) + [m.lead_time_periods for m in q],
            gain=[_retention(m, pools) for m in q], path=np.arange(len(starts)))
        reskill = src.merge(starts.rename(columns={"period": "t", "var": "var_path"}),
                            on=["hub", "t"]).merge(
            arrive.rename(columns={"hub": "hub_to", "t": "t_to", "pool": "pool_to"}),
            on=["hub_to", "t_to"], suffixes=("", "_to"))
        reskill = reskill.assign(kind="reskill", unit=unit[reskill["var_path"].to_numpy(int)])
    else:
        reskill = pd.DataFrame(columns=[*redeploy.columns, "path"])
    arcs = pd.concat([redeploy, reskill], ignore_index=True)
    if arcs.empty:
        return pd.DataFrame(columns=COLUMNS).astype({"fte": float, "cost": float,
                                                     "fte_arriving": float})
    f = _split(arcs, pools)
    arcs = arcs.assign(fte=f)[f > TOL]
    a, b = arcs["pool"].to_numpy(int), arcs["pool_to"].to_numpy(int)
    out = pd.DataFrame({
        "from_team": pools["team"].to_numpy()[a], "from_role": pools["role"].to_numpy()[a],
        "to_team": pools["team"].to_numpy()[b], "to_role": pools["role"].to_numpy()[b],
        "period": labels[arcs["t"].to_numpy(int)], "fte": arcs["fte"].to_numpy(float),
        "kind": arcs["kind"].to_numpy(),
        "cost": (arcs["fte"] * arcs["unit"]).to_numpy(float),
        "arrival_period": labels[arcs["t_to"].to_numpy(int)],
        "fte_arriving": (arcs["fte"] * arcs["gain"]).to_numpy(float),
        "_t": arcs["t"].to_numpy(int)})
    return out.sort_values(["_t", "from_team", "from_role", "to_team", "to_role", "kind"],
                           kind="stable").drop(columns="_t").reset_index(drop=True)[COLUMNS]


def _split(arcs: pd.DataFrame, pools: pd.DataFrame) -> np.ndarray:
    """Departures on each arc: the most flow the totals allow (all of it, up to the solver's
    tolerance), and among such flows the one of least organisational distance.

    Rows, each ``<=`` its total: a source pool's departures (``redeploy_out``), a receiving
    pool's redeployed arrivals (``redeploy_in``), a path start's departures (``reskill``)
    and a receiving pool's reskilled arrivals (``reskill_in``, departures times retention).
    """
    import highspy

    n = len(arcs)
    arc = np.arange(n)
    is_re = (arcs["kind"] == "redeploy").to_numpy()
    rows, cols, vals, caps = [], [], [], []

    def add(keys: pd.DataFrame, cap: np.ndarray, sel: np.ndarray, coef: np.ndarray) -> None:
        codes = keys[sel].groupby(list(keys.columns), sort=False).ngroup().to_numpy()
        base = sum(len(c) for c in caps)
        rows.append(codes + base)
        cols.append(arc[sel])
        vals.append(coef[sel])
        caps.append(pd.Series(cap[sel]).groupby(codes).first().to_numpy(float))

    ones = np.ones(n)
    everything = np.ones(n, bool)
    add(arcs[["pool", "t"]], arcs["supply"].to_numpy(float), everything, ones)
    add(arcs[["pool_to", "t_to"]], arcs["demand"].to_numpy(float), is_re, ones)
    if (~is_re).any():
        add(arcs[["path", "t"]], arcs["w"].to_numpy(float), ~is_re, ones)
        add(arcs[["pool_to", "t_to"]], arcs["demand"].to_numpy(float), ~is_re,
            arcs["gain"].to_numpy(float))
    r, c, v = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    upper = np.concatenate(caps)
    dist = _distance(pools, arcs["pool"].to_numpy(int), arcs["pool_to"].to_numpy(int))
    # A unit of flow is worth more than any rerouting can save: the LP moves everything.
    worth = 1.0 + 4.0 * len(upper)
    order = np.argsort(c, kind="stable")
    start = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(c, minlength=n), out=start[1:])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(upper)
    lp.col_cost_ = dist - worth
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.full(n, highspy.kHighsInf)
    lp.row_lower_, lp.row_upper_ = np.full(len(upper), -highspy.kHighsInf), upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = r[order].astype(np.int32)
    lp.a_matrix_.value_ = v[order]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    h.run()
    return np.asarray(h.getSolution().col_value, float)
