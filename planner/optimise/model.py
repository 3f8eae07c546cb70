"""Build the restructuring programme from problem data (no solving here).

Every family of variables and constraints is added as one block of arrays; the row
metadata (kind, team, role, period, value) is what :mod:`planner.optimise.explain` turns
into sentences. ``docs/formulation.md`` states the model symbol by symbol.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.errors import ScenarioError
from planner.optimise.data import ProblemData
from planner.optimise.lp import INF, LinearModel, VarBlock
from planner.scenario.model import Capability, CapabilityKind, ObjectiveKind


@dataclass(frozen=True)
class CostTerm:
    """One cost: ``category`` in ``period`` (an index), as coefficients on columns.

    ``recurring`` terms make up the run rate; the others are one-off costs.
    """

    category: str
    period: np.ndarray
    cols: np.ndarray
    coef: np.ndarray
    recurring: bool


@dataclass
class Built:
    """A built model with what reading its answer needs."""

    model: LinearModel
    data: ProblemData
    costs: list[CostTerm] = field(default_factory=list)
    capacity_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    capacity_coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    notes: list[str] = field(default_factory=list)

    def block(self, name: str) -> VarBlock:
        """A variable block by name."""
        return self.model.blocks[name]


def _pp_index(n_pools: int, n_p: int) -> pd.DataFrame:
    return pd.DataFrame({"pool": np.repeat(np.arange(n_pools), n_p),
                         "period": np.tile(np.arange(n_p), n_pools)})


def build_model(data: ProblemData) -> Built:
    """Build the linear model of a scenario's problem data."""
    sc = data.scenario
    lev = sc.levers
    m = LinearModel()
    built = Built(m, data)
    pools = data.pools
    n, n_p = len(pools), len(data.periods)
    y, hours = data.years, data.hours
    pp = _pp_index(n, n_p)
    pool_of, per_of = pp["pool"].to_numpy(), pp["period"].to_numpy()
    cost_fte = pools["cost_per_fte"].to_numpy(float)
    initial = pools["initial"].to_numpy(float)
    integer = sc.solver.integer

    def rep(col: str) -> np.ndarray:
        return np.repeat(pools[col].to_numpy(float), n_p)

    # In integer mode the decisions about people are whole (hires, redundancies, moves);
    # staffing levels stay continuous because attrition is an expected, fractional flow.
    staff = m.add_vars("staff", pp)
    hire = m.add_vars("hire", pp, upper=rep("hire_ub"), integer=integer)
    red = m.add_vars("redundancy", pp, upper=rep("red_ub"), integer=integer)
    over = m.add_vars("overstaffing", pp, upper=rep("over_ub"))
    short = m.add_vars("short_time", pp, upper=rep("short_ub"))
    hub_size = pools.groupby("hub")["hub"].transform("size").to_numpy()
    moves = lev.reskilling
    path_roles = {r for q in moves for r in (q.from_role, q.to_role)}
    movable = (hub_size > 1) | pools["role"].isin(path_roles).to_numpy()
    move_ub = np.repeat(np.where(movable, INF, 0.0), n_p)
    out = m.add_vars("redeploy_out", pp, upper=move_ub, integer=integer)
    inn = m.add_vars("redeploy_in", pp, upper=move_ub, integer=integer)
    # Reskilled staff arrive through their own flow, not through redeploy_in, so the
    # redeployment charge falls on real redeployments only.
    targets = pools["role"].isin([q.to_role for q in moves]).to_numpy()
    arrive = m.add_vars("reskill_in", pp, upper=np.repeat(np.where(targets, INF, 0.0), n_p))

    def col(block: VarBlock, pool: np.ndarray, period: np.ndarray) -> np.ndarray:
        return block.start + pool * n_p + period

    # Reskilling paths between hubs of the same scope
    hubs = pools.drop_duplicates("hub")[["hub", "hub_scope", "role"]].reset_index(drop=True)
    hub_id = {h: i for i, h in enumerate(hubs["hub"])}
    path_rows = []
    for qi, q in enumerate(moves):
        for s in hubs.loc[hubs["role"] == q.from_role, "hub_scope"]:
            if f"{s}|{q.to_role}" in hub_id:
                path_rows.append((qi, s, hub_id[f"{s}|{q.from_role}"], hub_id[f"{s}|{q.to_role}"]))
    paths = pd.DataFrame(path_rows, columns=["move", "scope", "src", "dst"])
    path_idx = paths.loc[paths.index.repeat(n_p)].reset_index(drop=True)
    path_idx["period"] = np.tile(np.arange(n_p), len(paths))
    # Reskilling must finish within the horizon: a start whose arrival falls after it would
    # shed staff without severance.
    path_lead = np.array([moves[q].lead_time_periods for q in path_idx["move"]], int)
    path_ub = np.where(path_idx["period"].to_numpy(int) + path_lead < n_p, INF, 0.0) if len(
        path_idx) else np.zeros(0)
    path = m.add_vars("reskill", path_idx[["move", "scope", "period"]], upper=path_ub,
                      integer=integer)

    # AI work groups
    caps = {c.id: c for c in sc.capabilities}
    g = data.groups
    g_idx = g.loc[g.index.repeat(n_p)].reset_index(drop=True) if len(g) else pd.DataFrame(
        columns=[*g.columns, "period"])
    g_idx["period"] = np.tile(np.arange(n_p), len(g)) if len(g) else []
    gp_pool = g_idx["pool"].to_numpy(int)
    gp_per = g_idx["period"].to_numpy(int)
    work_fte = data.demand[gp_pool, gp_per] if len(g_idx) else np.zeros(0)
    adoption = np.array([caps[c].adoption_at(p) for c, p in
                         zip(g_idx["capability"], gp_per, strict=True)]) if len(g_idx) else (
        np.zeros(0))
    group_hours = g_idx["share"].to_numpy(float) * work_fte * hours if len(g_idx) else np.zeros(0)
    ai_ub = adoption * group_hours
    ai = m.add_vars("ai", g_idx[["pool", "group", "capability", "period"]], upper=ai_ub)
    is_exec = (g_idx["kind"] == "execute").to_numpy() if len(g_idx) else np.zeros(0, bool)
    oversight = np.array([
        caps[c].oversight_hours_per_ai_hour if caps[c].oversight_hours_per_ai_hour is not None
        else o for c, o in zip(g_idx["capability"], g_idx["oversight"], strict=True)],
        dtype=float) if len(g_idx) else np.zeros(0)
    uplift = np.array([caps[c].uplift for c in g_idx["capability"]], float) if len(g_idx) else (
        np.zeros(0))
    # FTE freed per AI hour: an executed hour less its oversight; an assisted hour saves
    # uplift / (1 + uplift) of an hour.
    freed = np.where(is_exec, 1.0 - oversight, uplift / (1.0 + uplift)) / hours
    built.capacity_cols = ai.cols
    built.capacity_coef = freed * hours  # human hours freed per AI hour

    deploy_keys = []
    for c in sc.capabilities:
        if c.fixed_cost_per_team > 0 or c.implementation_cost > 0:
            teams_with = pools.loc[g.loc[g["capability"] == c.id, "pool"].unique(), "team"]
            deploy_keys += [(t, c.id) for t in sorted(set(teams_with))]
    dep_idx = pd.DataFrame(deploy_keys, columns=["team", "capability"])
    deployed = m.add_vars("deployed", dep_idx, upper=1.0, integer=integer)

    # 1. Balance of each pool
    a_long, a_new = rep("a_long"), rep("a_new")
    k = np.arange(n * n_p)
    r, c, v = [k], [staff.cols], [np.ones(len(k))]
    has_prev = per_of > 0
    r.append(k[has_prev])
    c.append(col(staff, pool_of[has_prev], per_of[has_prev] - 1))
    v.append(-(1.0 - a_long[has_prev]))
    r += [k, k, k, k, k]
    c += [hire.cols, red.cols, out.cols, inn.cols, arrive.cols]
    v += [-(1.0 - a_new), np.ones(len(k)), np.ones(len(k)), -np.ones(len(k)), -np.ones(len(k))]
    rhs = np.where(per_of == 0, (1.0 - a_long) * np.repeat(initial, n_p), 0.0)
    meta = pp.assign(kind="balance", team=pools["team"].to_numpy()[pool_of],
                     role=pools["role"].to_numpy()[pool_of], value=rhs)
    m.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(v), lower=rhs,
               upper=rhs)

    # 2. Requirement: staff less overstaffing and short time, plus work freed by AI
    short_gap = 1.0 - rep("short_factor")
    r = [k, k, k]
    c = [staff.cols, over.cols, short.cols]
    v = [np.ones(len(k)), -np.ones(len(k)), -short_gap]
    if len(g_idx):
        r.append(gp_pool * n_p + gp_per)
        c.append(ai.cols)
        v.append(freed)
    dem = data.demand.reshape(-1)
    meta = pp.assign(kind="requirement", team=pools["team"].to_numpy()[pool_of],
                     role=pools["role"].to_numpy()[pool_of], value=dem)
    m.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(v), lower=dem,
               upper=dem)

    # 3. Several capabilities on one group share its hours
    if len(g_idx):
        key = g_idx["pool"].astype(str) + "|" + g_idx["group"] + "|" + g_idx["period"].astype(str)
        codes, uniq = pd.factorize(key)
        counts = np.bincount(codes)
        multi = counts[codes] > 1
        if multi.any():
            sub_codes, sub_uniq = pd.factorize(codes[multi])
            first = pd.Series(np.flatnonzero(multi)).groupby(sub_codes).first().to_numpy()
            meta = pd.DataFrame({"kind": "ai_share", "pool": gp_pool[first],
                                 "period": gp_per[first],
                                 "team": pools["team"].to_numpy()[gp_pool[first]],
                                 "role": pools["role"].to_numpy()[gp_pool[first]],
                                 "group": g_idx["group"].to_numpy()[first],
                                 "value": group_hours[first]})
            m.add_rows(meta, sub_codes, ai.cols[multi], np.ones(int(multi.sum())),
                       upper=group_hours[first])
        # 4. Deployment: a team uses a capability only where it is deployed.
        if len(dep_idx):
            dkey = {(t, cc): i for i, (t, cc) in enumerate(deploy_keys)}
            teams_g = pools["team"].to_numpy()[gp_pool]
            d_of = np.array([dkey.get((t, cc), -1) for t, cc in
                             zip(teams_g, g_idx["capability"], strict=True)])
            sel = np.flatnonzero(d_of >= 0)
            nrow = len(sel)
            meta = pd.DataFrame({"kind": "deployment", "team": teams_g[sel],
                                 "capability": g_idx["capability"].to_numpy()[sel],
                                 "period": gp_per[sel], "value": 0.0})
            m.add_rows(meta, np.concatenate([np.arange(nrow), np.arange(nrow)]),
                       np.concatenate([ai.cols[sel], deployed.start + d_of[sel]]),
                       np.concatenate([np.ones(nrow), -ai_ub[sel]]), upper=0.0)

    # 5. Redeployment hubs and reskilling arrivals
    hub_of_pool = pools["hub"].map(hub_id).to_numpy()
    hp = _pp_index(len(hubs), n_p).rename(columns={"pool": "hub"})
    r = [hub_of_pool[pool_of] * n_p + per_of, hub_of_pool[pool_of] * n_p + per_of]
    c = [out.cols, inn.cols]
    v = [np.ones(n * n_p), -np.ones(n * n_p)]
    if len(path_idx):
        src = path_idx["src"].to_numpy(int)
        dst = path_idx["dst"].to_numpy(int)
        per = path_idx["period"].to_numpy(int)
        lead = path_lead
        retention = np.array([_retention(q, pools) for q in moves])
        ret = retention[path_idx["move"].to_numpy(int)]
        r.append(src * n_p + per)
        c.append(path.cols)
        v.append(-np.ones(len(path_idx)))
    meta = hp.assign(kind="hub", team=hubs["hub_scope"].to_numpy()[hp["hub"]],
                     role=hubs["role"].to_numpy()[hp["hub"]], value=0.0)
    m.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(v), lower=0.0,
               upper=0.0)
    # Reskilling arrivals: what reaches a hub L periods after the start (times retention)
    # lands in that hub's pools of the target role.
    rr, cc, vv = [hub_of_pool[pool_of] * n_p + per_of], [arrive.cols], [np.ones(n * n_p)]
    if len(path_idx):
        arrives = per + lead < n_p
        rr.append(dst[arrives] * n_p + per[arrives] + lead[arrives])
        cc.append(path.cols[arrives])
        vv.append(-ret[arrives])
    meta = hp.assign(kind="reskill_arrival", team=hubs["hub_scope"].to_numpy()[hp["hub"]],
                     role=hubs["role"].to_numpy()[hp["hub"]], value=0.0)
    m.add_rows(meta, np.concatenate(rr), np.concatenate(cc), np.concatenate(vv), lower=0.0,
               upper=0.0)

    # 6. Reskilling capacities
    for qi, q in enumerate(moves):
        sel = np.flatnonzero(path_idx["move"].to_numpy() == qi) if len(path_idx) else []
        if len(sel) == 0:
            continue
        per = path_idx["period"].to_numpy()[sel]
        if q.capacity_per_period is not None:
            meta = pd.DataFrame({"kind": "reskill_capacity", "period": np.arange(n_p),
                                 "role": f"{q.from_role}->{q.to_role}",
                                 "value": q.capacity_per_period})
            m.add_rows(meta, per, path.cols[sel], np.ones(len(sel)), upper=q.capacity_per_period)
        if q.capacity_share_of_target is not None:
            dst = path_idx["dst"].to_numpy()[sel]
            rr, cc, vv = [np.arange(len(sel))], [path.cols[sel]], [np.ones(len(sel))]
            for j, (d, p) in enumerate(zip(dst, per, strict=True)):
                members = np.flatnonzero(hub_of_pool == d)
                rr.append(np.full(len(members), j))
                cc.append(col(staff, members, np.full(len(members), p)))
                vv.append(np.full(len(members), -q.capacity_share_of_target))
            meta = pd.DataFrame({"kind": "reskill_share", "period": per,
                                 "role": f"{q.from_role}->{q.to_role}",
                                 "value": q.capacity_share_of_target})
            m.add_rows(meta, np.concatenate(rr), np.concatenate(cc), np.concatenate(vv),
                       upper=0.0)

    # Team sums used by several families
    team_codes, team_names = pd.factorize(pools["team"], sort=True)
    tp = pd.DataFrame({"team_code": np.repeat(np.arange(len(team_names)), n_p),
                       "period": np.tile(np.arange(n_p), len(team_names))})
    tp["team"] = np.asarray(team_names)[tp["team_code"]]
    team_row = team_codes[pool_of] * n_p + per_of
    team_initial = np.bincount(team_codes, weights=initial, minlength=len(team_names))

    # 7. Span of control
    is_mgr = pools["is_manager"].to_numpy(bool)
    mgr_fte = np.bincount(team_codes, weights=initial * is_mgr, minlength=len(team_names))
    ic_fte = np.bincount(team_codes, weights=initial * ~is_mgr, minlength=len(team_names))
    start_span = np.where(mgr_fte > 0, ic_fte / np.maximum(mgr_fte, 1e-9), np.inf)
    for bound, sign in ((lev.span.max, 1.0), (lev.span.min, -1.0)):
        if bound is None:
            continue
        # A limit applies to teams that meet it at the start: leadership teams (managers of
        # managers) and one-person teams are not forced into a front-line shape.
        ok = start_span <= bound + 1e-9 if sign > 0 else start_span >= bound - 1e-9
        has_both = (mgr_fte > 0) & (ic_fte > 0) & ok
        skipped = int(((mgr_fte > 0) & (ic_fte > 0) & ~ok).sum())
        if skipped:
            built.notes.append(f"The span {'cap' if sign > 0 else 'floor'} of {bound:g} is not "
                               f"applied to {skipped} team(s) already outside it at the start.")
        keep_t = has_both[team_codes[pool_of]]
        coef = np.where(is_mgr[pool_of], -bound, 1.0) * sign
        meta = tp.assign(kind="span_max" if sign > 0 else "span_min", value=bound)
        m.add_rows(meta, team_row[keep_t], staff.cols[keep_t], coef[keep_t], upper=0.0)
        bad = ~has_both[tp["team_code"].to_numpy()]
        m.rows[-1].loc[bad, "kind"] = m.rows[-1].loc[bad, "kind"] + "_unused"

    # 8. Team FTE bounds
    tf = lev.team_fte
    lo = np.zeros(len(team_names))
    up = np.full(len(team_names), INF)
    if tf.min is not None:
        lo = np.maximum(lo, tf.min)
    if tf.min_share is not None:
        lo = np.maximum(lo, tf.min_share * team_initial)
    if tf.max is not None:
        up = np.minimum(up, tf.max)
    if tf.max_share is not None:
        up = np.minimum(up, tf.max_share * team_initial)
    for name, b in tf.teams.items():
        where = np.flatnonzero(np.asarray(team_names) == name)
        if b.min is not None:
            lo[where] = b.min
        if b.max is not None:
            up[where] = b.max
    if (lo > 0).any() or np.isfinite(up).any():
        lo_r, up_r = np.repeat(lo, n_p), np.repeat(up, n_p)
        meta = tp.assign(kind="team_fte", value=lo_r, value_upper=up_r)
        m.add_rows(meta, team_row, staff.cols, np.ones(n * n_p), lower=lo_r, upper=up_r)

    # 9. Maximum reduction per team and period; 10. overall
    if lev.max_reduction_per_period is not None:
        x = lev.max_reduction_per_period
        rr, cc, vv = [team_row], [staff.cols], [np.ones(n * n_p)]
        prev = per_of > 0
        rr.append(team_row[prev])
        cc.append(col(staff, pool_of[prev], per_of[prev] - 1))
        vv.append(np.full(int(prev.sum()), -(1.0 - x)))
        rhs = np.where(tp["period"].to_numpy() == 0,
                       (1.0 - x) * team_initial[tp["team_code"].to_numpy()], 0.0)
        meta = tp.assign(kind="max_reduction", value=x)
        m.add_rows(meta, np.concatenate(rr), np.concatenate(cc), np.concatenate(vv), lower=rhs)
    if lev.max_reduction_overall is not None:
        last = per_of == n_p - 1
        bound = (1.0 - lev.max_reduction_overall) * initial.sum()
        meta = pd.DataFrame({"kind": ["max_reduction_overall"], "period": [n_p - 1],
                             "value": [lev.max_reduction_overall]})
        m.add_rows(meta, np.zeros(int(last.sum()), int), staff.cols[last],
                   np.ones(int(last.sum())), lower=bound)

    # 11. Protected pools; 12. locks
    prot = pools["protected"].to_numpy(bool)[pool_of]
    if prot.any():
        sel = np.flatnonzero(prot)
        meta = pp.iloc[sel].assign(kind="protected", team=pools["team"].to_numpy()[pool_of[sel]],
                                   role=pools["role"].to_numpy()[pool_of[sel]],
                                   value=initial[pool_of[sel]])
        m.add_rows(meta, np.arange(len(sel)), staff.cols[sel], np.ones(len(sel)),
                   lower=initial[pool_of[sel]])
    if lev.locks:
        key = {(t, rl): i for i, (t, rl) in enumerate(zip(pools["team"], pools["role"],
                                                          strict=True))}
        rows_l, cols_l, vals_l, meta_l = [], [], [], []
        for li, lk in enumerate(lev.locks):
            if (lk.team, lk.role) not in key:
                raise ScenarioError(f"levers.locks.{li}", f"expected a team and role of the "
                                    f"org, found team {lk.team!r} with role {lk.role!r}")
            if lk.period is not None and lk.period > n_p:
                raise ScenarioError(f"levers.locks.{li}.period", f"expected 1 to {n_p}, "
                                    f"found {lk.period}")
            periods = range(n_p) if lk.period is None else [lk.period - 1]
            for p in periods:
                rows_l.append(len(meta_l))
                cols_l.append(col(staff, np.array([key[lk.team, lk.role]]), np.array([p]))[0])
                vals_l.append(1.0)
                meta_l.append({"kind": "lock", "team": lk.team, "role": lk.role, "period": p,
                               "value": lk.fte})
        fte = np.array([x["value"] for x in meta_l])
        m.add_rows(pd.DataFrame(meta_l), np.array(rows_l), np.array(cols_l), np.array(vals_l),
                   lower=fte, upper=fte)

    # 13. Hiring caps
    if lev.hiring.cap_per_period is not None:
        meta = pd.DataFrame({"kind": "hire_cap", "period": np.arange(n_p),
                             "value": lev.hiring.cap_per_period})
        m.add_rows(meta, per_of, hire.cols, np.ones(n * n_p), upper=lev.hiring.cap_per_period)
    for role, cap in lev.hiring.role_caps.items():
        sel = np.flatnonzero(pools["role"].to_numpy()[pool_of] == role)
        if len(sel):
            meta = pd.DataFrame({"kind": "hire_cap_role", "role": role, "period": np.arange(n_p),
                                 "value": cap})
            m.add_rows(meta, per_of[sel], hire.cols[sel], np.ones(len(sel)), upper=cap)

    # 14. Company-wide overstaffing and short-time allowances
    for allowance, block, kind in ((lev.overstaffing, over, "overstaffing_total"),
                                   (lev.short_time, short, "short_time_total")):
        if allowance.total is not None:
            meta = pd.DataFrame({"kind": kind, "period": np.arange(n_p), "value": allowance.total})
            m.add_rows(meta, per_of, block.cols, np.ones(n * n_p), upper=allowance.total)

    # Costs
    terms = built.costs

    def term(category: str, period: np.ndarray, cols: np.ndarray, coef: np.ndarray,
             recurring: bool) -> None:
        keep = coef != 0
        if keep.any():
            terms.append(CostTerm(category, np.asarray(period)[keep], np.asarray(cols)[keep],
                                  np.asarray(coef, float)[keep], recurring))

    cf = np.repeat(cost_fte, n_p)
    term("salaries", per_of, staff.cols, cf * y, True)
    term("salaries", per_of, short.cols, -short_gap * cf * y, True)
    term("short_time", per_of, short.cols, rep("short_cost") * y, True)
    term("overstaffing", per_of, over.cols, rep("over_cost") * y, True)
    term("hiring", per_of, hire.cols, rep("hire_cost"), False)
    term("severance", per_of, red.cols, rep("red_cost"), False)
    term("redeployment", per_of, inn.cols, np.full(n * n_p, lev.redeployment.cost_per_fte),
         False)
    if len(path_idx):
        src_cost = pd.Series(cost_fte).groupby(hub_of_pool).mean()
        qcost = np.array([moves[q].cost_per_fte for q in path_idx["move"]])
        lead = path_lead
        transit = lead * y * path_idx["src"].map(src_cost).to_numpy(float)
        term("reskilling", path_idx["period"].to_numpy(), path.cols, qcost + transit, False)
    if len(g_idx):
        per_cap = {cc: hourly_rate(c, hours / y) for cc, c in caps.items()}
        rate = g_idx["capability"].map(per_cap).to_numpy(float)
        term("ai_run", gp_per, ai.cols, rate, True)
    if len(dep_idx):
        fixed = np.array([caps[cc].fixed_cost_per_team for cc in dep_idx["capability"]])
        impl = np.array([caps[cc].implementation_cost for cc in dep_idx["capability"]])
        for p in range(n_p):
            term("ai_fixed", np.full(len(dep_idx), p), deployed.cols, fixed * y, True)
        term("ai_implementation", np.zeros(len(dep_idx), int), deployed.cols, impl, False)

    # 15. One-off budget; 16. run-rate savings target
    if lev.one_off_budget is not None:
        one = [t for t in terms if not t.recurring]
        if one:
            cols_o = np.concatenate([t.cols for t in one])
            coef_o = np.concatenate([t.coef for t in one])
            meta = pd.DataFrame({"kind": ["one_off_budget"], "value": [lev.one_off_budget]})
            m.add_rows(meta, np.zeros(len(cols_o), int), cols_o, coef_o,
                       upper=lev.one_off_budget)
    if lev.savings_target is not None:
        last_terms = [(t.cols[t.period == n_p - 1], t.coef[t.period == n_p - 1] / y)
                      for t in terms if t.recurring]
        cols_s = np.concatenate([a for a, _ in last_terms]) if last_terms else np.zeros(0, int)
        coef_s = np.concatenate([b for _, b in last_terms]) if last_terms else np.zeros(0)
        before = float((initial * cost_fte).sum())
        bound = (1.0 - lev.savings_target) * before
        meta = pd.DataFrame({"kind": ["savings_target"], "value": [lev.savings_target],
                             "period": [n_p - 1]})
        m.add_rows(meta, np.zeros(len(cols_s), int), cols_s, coef_s, upper=bound)

    # Objective
    obj = sc.objective
    cost = np.zeros(m.n_cols)
    if obj.kind in (ObjectiveKind.MIN_COST, ObjectiveKind.WEIGHTED, ObjectiveKind.MAX_CAPACITY):
        for t in terms:
            np.add.at(cost, t.cols, t.coef)
    if obj.kind is ObjectiveKind.MAX_CAPACITY:
        meta = pd.DataFrame({"kind": ["capacity_budget"], "value": [obj.budget]})
        nz = np.flatnonzero(cost)
        m.add_rows(meta, np.zeros(len(nz), int), nz, cost[nz], upper=obj.budget)
        cost = np.zeros(m.n_cols)
        cost[built.capacity_cols] = -built.capacity_coef
    if obj.kind is ObjectiveKind.MIN_REDUNDANCIES:
        cost[red.cols] = 1.0
    if obj.kind is ObjectiveKind.WEIGHTED:
        cost[red.cols] += obj.price_per_redundancy
    m.col_cost = [cost]
    return built


def hourly_rate(capability: Capability, hours_per_fte_year: float) -> float:
    """Run cost of one AI hour [currency/h]: an executed hour at its price plus its share of
    AI-operations staff; an assisted hour at the licence per FTE spread over a working year."""
    if capability.kind is CapabilityKind.EXECUTE:
        ops = (capability.ops_cost_per_fte / capability.ops_hours_per_fte
               if capability.ops_hours_per_fte else 0.0)
        return capability.cost_per_hour + ops
    return capability.cost_per_assisted_fte / hours_per_fte_year


def _retention(move, pools: pd.DataFrame) -> float:  # noqa: ANN001
    """Share of reskilled staff who arrive: given, or 1 - the target role's attrition."""
    if move.retention is not None:
        return float(move.retention)
    target = pools.loc[pools["role"] == move.to_role, "a_long"]
    return float(1.0 - target.mean()) if len(target) else 1.0
