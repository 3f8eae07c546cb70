"""The constraint families of the restructuring model, one function each.

Each function adds one family of rows (``docs/formulation.md`` §4, in the same order and
with the same numbers) to the model held by a :class:`~planner.optimise.variables.Variables`,
as one block of arrays. The row metadata (``kind``, ``team``, ``role``, ``period``,
``value``) is what :mod:`planner.optimise.explain` turns into sentences and what
:mod:`planner.optimise.relax` relaxes. A family whose lever is not set adds no rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.errors import ScenarioError
from planner.optimise.costs import CostTerm
from planner.optimise.data import ProblemData
from planner.optimise.delayering import delayered_pools
from planner.optimise.lp import INF
from planner.optimise.variables import Variables, pool_period_index, retention


def pool_balance(v: Variables) -> None:
    """4.1 Pool balance (``balance``), one row per pool and period [FTE].

    Staff at the end of a period are those at its start less attrition, plus hires less
    their attrition, less redundancies and leavers to the hub, plus redeployed and
    reskilled arrivals; period 0 starts from the starting strength (on the right-hand
    side, held in ``value``).
    """
    pools, n_p = v.data.pools, v.n_periods
    pool_of, per_of = v.pool_of, v.period_of
    initial = pools["initial"].to_numpy(float)
    a_long, a_new = v.per_pool("a_long"), v.per_pool("a_new")
    k = np.arange(len(pools) * n_p)
    r, c, vals = [k], [v.staff.cols], [np.ones(len(k))]
    has_prev = per_of > 0
    r.append(k[has_prev])
    c.append(v.col(v.staff, pool_of[has_prev], per_of[has_prev] - 1))
    vals.append(-(1.0 - a_long[has_prev]))
    r += [k, k, k, k, k]
    c += [v.hire.cols, v.redundancy.cols, v.redeploy_out.cols, v.redeploy_in.cols,
          v.reskill_in.cols]
    vals += [-(1.0 - a_new), np.ones(len(k)), np.ones(len(k)), -np.ones(len(k)),
             -np.ones(len(k))]
    rhs = np.where(per_of == 0, (1.0 - a_long) * np.repeat(initial, n_p), 0.0)
    meta = v.pool_period.assign(kind="balance", team=pools["team"].to_numpy()[pool_of],
                                role=pools["role"].to_numpy()[pool_of], value=rhs)
    v.model.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(vals),
                     lower=rhs, upper=rhs)


def backfill(v: Variables) -> None:
    """4.20 Backfill and new posts (``hire_split``, ``backfill``), whole people only
    (docs/formulation.md §10), one row each per pool and period [FTE].

    A pool's hires are its vacancies filled, plus the backfill of its expected leavers, plus
    the new posts beyond them; the backfill is at most what keeps the staff level through
    the period's expected leavers: ``a_long / (1 - a_new)`` times the staff at its start
    (the hires' own expected leavers replaced too; period 0 from the starting strength: a
    column bound).
    """
    if v.backfill is None or v.new_hire is None:
        return
    pools, n_p = v.data.pools, v.n_periods
    pool_of, per_of = v.pool_of, v.period_of
    k = np.arange(len(pools) * n_p)
    one = np.ones(len(k))
    meta = v.pool_period.assign(kind="hire_split", team=pools["team"].to_numpy()[pool_of],
                                role=pools["role"].to_numpy()[pool_of], value=0.0)
    v.model.add_rows(meta, np.concatenate([k] * 4), np.concatenate(
        [v.hire.cols, v.vacancy_fill.cols, v.backfill.cols, v.new_hire.cols]),
        np.concatenate([one, -one, -one, -one]), lower=0.0, upper=0.0)
    # The hires that keep the staff level: a_long of the staff leave, and a_new of the
    # hires themselves.
    a_long = v.per_pool("a_long") / np.maximum(1.0 - v.per_pool("a_new"), 1e-9)
    first = per_of == 0
    bound = v.model.col_upper[list(v.model.blocks).index("backfill")]
    bound[first] = np.minimum(bound[first], a_long[first] * pools["initial"].to_numpy(float))
    later = np.flatnonzero(~first)
    if not len(later):  # one period: the bound is all
        return
    j = np.arange(len(later))
    meta = v.pool_period.iloc[later].assign(
        kind="backfill", team=pools["team"].to_numpy()[pool_of[later]],
        role=pools["role"].to_numpy()[pool_of[later]], value=0.0)
    v.model.add_rows(meta, np.concatenate([j, j]), np.concatenate(
        [v.backfill.cols[later], v.col(v.staff, pool_of[later], per_of[later] - 1)]),
        np.concatenate([np.ones(len(j)), -a_long[later]]), lower=-INF, upper=0.0)


def requirement(v: Variables) -> None:
    """4.2 Requirement (``requirement``), one row per pool and period [FTE].

    Staff plus the vacancies kept open (each the cover of its own post), less overstaffing,
    less the extra staff short time needs, plus the FTE that AI frees, equal the posts the
    work needs before AI (``value``).
    """
    pools, n_p = v.data.pools, v.n_periods
    pool_of = v.pool_of
    k = np.arange(len(pools) * n_p)
    short_gap = 1.0 - v.per_pool("short_factor")
    r = [k, k, k, k]
    c = [v.staff.cols, v.overstaffing.cols, v.short_time.cols, v.vacancy_open.cols]
    vals = [np.ones(len(k)), -np.ones(len(k)), -short_gap, np.ones(len(k))]
    if len(v.groups):
        r.append(v.group_pool * n_p + v.group_period)
        c.append(v.ai.cols)
        vals.append(v.freed)
    dem = v.data.demand.reshape(-1)
    meta = v.pool_period.assign(kind="requirement", team=pools["team"].to_numpy()[pool_of],
                                role=pools["role"].to_numpy()[pool_of], value=dem)
    v.model.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(vals),
                     lower=dem, upper=dem)


def ai_share(v: Variables) -> None:
    """4.3 Capabilities sharing a group (``ai_share``) [h/period].

    One row per (pool, group, period) covered by two or more capabilities: together they
    take at most the group's hours (``value``).
    """
    g_idx = v.groups
    if not len(g_idx):
        return
    pools, gp_pool, gp_per = v.data.pools, v.group_pool, v.group_period
    key = g_idx["pool"].astype(str) + "|" + g_idx["group"] + "|" + g_idx["period"].astype(str)
    codes, _ = pd.factorize(key)
    counts = np.bincount(codes)
    multi = counts[codes] > 1
    if not multi.any():
        return
    sub_codes, _ = pd.factorize(codes[multi])
    first = pd.Series(np.flatnonzero(multi)).groupby(sub_codes).first().to_numpy()
    meta = pd.DataFrame({"kind": "ai_share", "pool": gp_pool[first], "period": gp_per[first],
                         "team": pools["team"].to_numpy()[gp_pool[first]],
                         "role": pools["role"].to_numpy()[gp_pool[first]],
                         "group": g_idx["group"].to_numpy()[first],
                         "value": v.group_hours[first]})
    v.model.add_rows(meta, sub_codes, v.ai.cols[multi], np.ones(int(multi.sum())),
                     upper=v.group_hours[first])


def deployment(v: Variables) -> None:
    """4.4 Deployment (``deployment``) [h/period].

    A team uses a capability with a fixed or implementation cost only where it is
    deployed: each AI column is at most its cap times the team's ``deployed`` share.
    """
    if not len(v.groups) or not v.deploy_keys:
        return
    g_idx, gp_per = v.groups, v.group_period
    dkey = {(t, cc): i for i, (t, cc) in enumerate(v.deploy_keys)}
    teams_g = v.data.pools["team"].to_numpy()[v.group_pool]
    d_of = np.array([dkey.get((t, cc), -1) for t, cc in
                     zip(teams_g, g_idx["capability"], strict=True)])
    sel = np.flatnonzero(d_of >= 0)
    nrow = len(sel)
    meta = pd.DataFrame({"kind": "deployment", "team": teams_g[sel],
                         "capability": g_idx["capability"].to_numpy()[sel],
                         "period": gp_per[sel], "value": 0.0})
    v.model.add_rows(meta, np.concatenate([np.arange(nrow), np.arange(nrow)]),
                     np.concatenate([v.ai.cols[sel], v.deployed.start + d_of[sel]]),
                     np.concatenate([np.ones(nrow), -v.ai_cap[sel]]), upper=0.0)


def redeployment_hubs(v: Variables) -> None:
    """4.5 Redeployment hubs (``hub``) and reskilling arrivals (``reskill_arrival``), one
    row each per hub and period [FTE].

    What leaves the pools of a hub arrives in another pool of the hub or starts a
    reskilling path from it; what reaches a hub L periods after a start (times retention)
    lands in that hub's pools of the target role.
    """
    pools, n_p, hubs, paths = v.data.pools, v.n_periods, v.hubs, v.paths
    pool_of, per_of = v.pool_of, v.period_of
    n = len(pools)
    hub_of_pool = v.hub_of_pool
    hp = pool_period_index(len(hubs), n_p).rename(columns={"pool": "hub"})
    r = [hub_of_pool[pool_of] * n_p + per_of, hub_of_pool[pool_of] * n_p + per_of]
    c = [v.redeploy_out.cols, v.redeploy_in.cols]
    vals = [np.ones(n * n_p), -np.ones(n * n_p)]
    if len(paths):
        src = paths["src"].to_numpy(int)
        dst = paths["dst"].to_numpy(int)
        per = paths["period"].to_numpy(int)
        lead = v.path_lead
        moves = v.data.paths
        ret = np.array([retention(q, pools) for q in moves])[paths["move"].to_numpy(int)]
        r.append(src * n_p + per)
        c.append(v.reskill.cols)
        vals.append(-np.ones(len(paths)))
    meta = hp.assign(kind="hub", team=hubs["hub_scope"].to_numpy()[hp["hub"]],
                     role=hubs["role"].to_numpy()[hp["hub"]], value=0.0)
    v.model.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(vals),
                     lower=0.0, upper=0.0)
    r, c, vals = [hub_of_pool[pool_of] * n_p + per_of], [v.reskill_in.cols], [np.ones(n * n_p)]
    if len(paths):
        arrives = per + lead < n_p
        r.append(dst[arrives] * n_p + per[arrives] + lead[arrives])
        c.append(v.reskill.cols[arrives])
        vals.append(-ret[arrives])
    meta = hp.assign(kind="reskill_arrival", team=hubs["hub_scope"].to_numpy()[hp["hub"]],
                     role=hubs["role"].to_numpy()[hp["hub"]], value=0.0)
    v.model.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(vals),
                     lower=0.0, upper=0.0)


def reskilling_capacities(v: Variables) -> None:
    """4.6 Reskilling capacities (``reskill_capacity`` [FTE/period], ``reskill_share``
    [share]).

    Per move with paths: starts per period over all scopes at most
    ``capacity_per_period``; starts on a path at most ``capacity_share_of_target`` of the
    destination hub's staff in the same period.
    """
    paths, n_p = v.paths, v.n_periods
    hub_of_pool = v.hub_of_pool
    for qi, q in enumerate(v.data.paths):
        sel = np.flatnonzero(paths["move"].to_numpy() == qi) if len(paths) else []
        if len(sel) == 0:
            continue
        per = paths["period"].to_numpy()[sel]
        if q.capacity_per_period is not None:
            meta = pd.DataFrame({"kind": "reskill_capacity", "period": np.arange(n_p),
                                 "role": f"{q.from_role}->{q.to_role}",
                                 "value": q.capacity_per_period})
            v.model.add_rows(meta, per, v.reskill.cols[sel], np.ones(len(sel)),
                             upper=q.capacity_per_period)
        if q.capacity_share_of_target is not None:
            dst = paths["dst"].to_numpy()[sel]
            r, c, vals = [np.arange(len(sel))], [v.reskill.cols[sel]], [np.ones(len(sel))]
            for j, (d, p) in enumerate(zip(dst, per, strict=True)):
                members = np.flatnonzero(hub_of_pool == d)
                r.append(np.full(len(members), j))
                c.append(v.col(v.staff, members, np.full(len(members), p)))
                vals.append(np.full(len(members), -q.capacity_share_of_target))
            meta = pd.DataFrame({"kind": "reskill_share", "period": per,
                                 "role": f"{q.from_role}->{q.to_role}",
                                 "value": q.capacity_share_of_target})
            v.model.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(vals),
                             upper=0.0)


@dataclass(frozen=True)
class SpanException:
    """A team the span lever cannot hold in, and why (a note of the plan).

    Attributes
    ----------
    team : str
        The team, as the plan names it.
    kind : str
        ``span_max`` (the cap) or ``span_min`` (the floor).
    bound : float
        The limit [direct reports per manager].
    reason : str
        Why, in a planner's words (completes "because ...").
    """

    team: str
    kind: str
    bound: float
    reason: str
    code: str = "levers_forbid"
    """``no_managers``, ``no_contributors``, ``one_manager``, ``delayered`` (one manager
    post, until delayering removes it) or ``levers_forbid``."""

    def sentence(self) -> str:
        """The note: which team, which limit, why."""
        what = "cap" if self.kind == "span_max" else "floor"
        return (f"{self.team} cannot meet the span of control {what} of {self.bound:g} "
                f"direct reports per manager: {self.reason}.")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {"team": self.team, "kind": self.kind, "bound": self.bound,
                "reason": self.reason, "code": self.code}


def span_notes(exceptions: tuple[SpanException, ...], shown: int = 5) -> list[str]:
    """One note per limit and reason, naming the teams (the first ``shown``, then how many
    more); a team whose reason carries its own figures gets its own note."""
    out: list[str] = []
    groups: dict[tuple[str, str], list[SpanException]] = {}
    for e in exceptions:
        if e.code == "levers_forbid":
            out.append(e.sentence())
        else:
            groups.setdefault((e.kind, e.code), []).append(e)
    for (kind, _), es in groups.items():
        if len(es) == 1:
            out.append(es[0].sentence())
            continue
        names = ", ".join(e.team for e in es[:shown])
        more = f" and {len(es) - shown} more" if len(es) > shown else ""
        what = "cap" if kind == "span_max" else "floor"
        reason = es[0].reason.replace("it has", "they have", 1)
        out.append(f"{len(es)} teams cannot meet the span of control {what} of "
                   f"{es[0].bound:g} direct reports per manager: {reason} ({names}{more}).")
    return out


def span_exceptions(data: ProblemData) -> tuple[SpanException, ...]:
    """The teams the span limits cannot hold in (§4.7), with the reason.

    A team's contributors here include the heads of the teams reporting to it
    (:func:`reports_in`). The cap cannot hold in a team with individual contributors and no
    post in a manager
    role (the plan creates no manager post where a team has none), nor in a team over the cap at the
    start whose contributors cannot fall (every contributor pool protected) while its
    managers cannot grow (no hiring and no redeployment in). The floor, likewise, in a
    team of managers without contributors, in a team under it with one manager post (the
    plan would shrink the post below one person; only delayering or more reports meet it),
    and in a team under it whose managers cannot fall and whose contributors cannot grow.
    """
    pools, span = data.pools, data.scenario.levers.span
    if span.max is None and span.min is None:
        return ()
    initial = pools["initial"].to_numpy(float)
    is_mgr = pools["is_manager"].to_numpy(bool)
    protected = pools["protected"].to_numpy(bool)
    hub_size = pools.groupby("hub")["hub"].transform("size").to_numpy()
    can_grow = (pools["hire_ub"].to_numpy(float) > 0) | (hub_size > 1)
    frame = pd.DataFrame({"team": pools["team"].to_numpy(), "mgr": initial * is_mgr,
                          "ic": initial * ~is_mgr,
                          "mgr_fixed": ~is_mgr | protected, "ic_fixed": is_mgr | protected,
                          "mgr_grow": is_mgr & can_grow, "ic_grow": ~is_mgr & can_grow})
    t = frame.groupby("team", sort=True).agg(
        mgr=("mgr", "sum"), ic=("ic", "sum"), mgr_fixed=("mgr_fixed", "all"),
        ic_fixed=("ic_fixed", "all"), mgr_grow=("mgr_grow", "any"),
        ic_grow=("ic_grow", "any"))
    t["ic"] += reports_in(data).reindex(t.index).fillna(0.0)  # the heads of teams below
    gone = {f.team: f.period for f in data.delayering if f.done}
    out: list[SpanException] = []
    for team, r in t.iterrows():
        mgr, ic = float(r["mgr"]), float(r["ic"])
        if span.max is not None:
            if mgr <= 0 < ic:
                out.append(SpanException(str(team), "span_max", span.max,
                                         "it has no post in a manager role, and the plan "
                                         "creates no manager post in a team without one",
                                         "no_managers"))
            elif ic > span.max * mgr + 1e-9 and r["ic_fixed"] and not r["mgr_grow"]:
                out.append(SpanException(str(team), "span_max", span.max,
                                         f"it starts at {ic / mgr:.1f}, its individual "
                                         "contributors are protected and its managers "
                                         "can be neither hired nor redeployed in"))
        if span.min is not None:
            if ic <= 0 < mgr:
                out.append(SpanException(str(team), "span_min", span.min,
                                         "it has managers and no individual contributors",
                                         "no_contributors"))
            elif 0 < ic < span.min * mgr - 1e-9 and mgr <= 1.0 + 1e-9:
                out.append(SpanException(str(team), "span_min", span.min, (
                    f"it has one manager post with fewer direct reports until delayering "
                    f"removes the post by {gone[team]}" if team in gone else
                    "it has one manager post with fewer direct reports, and only adding "
                    "reports or removing the post (levers.delayering) would meet it"),
                    "delayered" if team in gone else "one_manager"))
            elif 0 < ic < span.min * mgr - 1e-9 and r["mgr_fixed"] and not r["ic_grow"]:
                out.append(SpanException(str(team), "span_min", span.min,
                                         f"it starts at {ic / mgr:.1f}, its managers are "
                                         "protected and its individual contributors can "
                                         "be neither hired nor redeployed in"))
    return tuple(out)


def reports_in(data: ProblemData) -> pd.Series:
    """Team -> FTE of other teams' posts reporting directly to it (the heads of the teams
    below it), constant over the horizon; 0 for a team without, and in pool mode."""
    teams = data.teams
    if "reports_in" not in teams:
        return pd.Series(0.0, index=pd.Index(teams["team"]))
    return teams.set_index("team")["reports_in"].astype(float)


def span_of_control(v: Variables) -> None:
    """4.7 Span of control (``span_max``, ``span_min``), one row per team and period
    [FTE of direct reports per manager FTE]: a team's direct reports are its individual
    contributors and the heads of the teams that report to it (:func:`reports_in`, a
    constant moved to the right-hand side).

    Applied to every team with managers and individual contributors at the start,
    including a team already outside the limit, except the teams of
    :func:`span_exceptions`: their rows are kept empty as ``*_unused`` and a note names
    each team and why. From a delayered team's period on (``data.delayering``), its rows
    are ``*_unused`` too, and the team that takes its reports counts its contributors and
    the heads of the teams below it (less its own posts that reported up, now gone).
    """
    pools, span = v.data.pools, v.data.scenario.levers.span
    pool_of, team_codes, names = v.pool_of, v.team_codes, v.team_names
    n_teams, n_p = len(names), v.n_periods
    initial = pools["initial"].to_numpy(float)
    is_mgr = pools["is_manager"].to_numpy(bool)
    mgr_fte = np.bincount(team_codes, weights=initial * is_mgr, minlength=n_teams)
    below = reports_in(v.data).reindex(names).fillna(0.0).to_numpy(float)
    own_ic = np.bincount(team_codes, weights=initial * ~is_mgr, minlength=n_teams)
    below_tp = np.repeat(below[:, None], n_p, axis=1)
    ic_tp = np.repeat(own_ic[:, None], n_p, axis=1)
    gone_tp = np.zeros((n_teams, n_p), bool)
    eff = team_codes[pool_of].copy()  # the team whose row a pool-period counts in
    dropped = np.zeros(len(pool_of), bool)
    code = {str(n): i for i, n in enumerate(names)}
    for f in v.data.delayering:
        if not f.done:
            continue
        c, into, t_d = code[f.team], code[str(f.into)], f.period_index
        later = (eff == c) & (v.period_of >= t_d)
        eff[later & ~is_mgr[pool_of]] = into
        dropped |= later & is_mgr[pool_of]
        below_tp[into, t_d:] += f.heads_in - f.reports_up
        ic_tp[into, t_d:] += own_ic[c]
        gone_tp[c, t_d:] = True
    exceptions = span_exceptions(v.data)
    v.notes.extend(span_notes(exceptions))
    row = eff * n_p + v.period_of
    for bound, kind, sign in ((span.max, "span_max", 1.0), (span.min, "span_min", -1.0)):
        if bound is None:
            continue
        barred = np.isin(np.asarray(names), [e.team for e in exceptions if e.kind == kind])
        applies = ((mgr_fte[:, None] > 0) & (ic_tp + below_tp > 0) & ~barred[:, None]
                   & ~gone_tp).ravel()
        keep_t = applies[row] & ~dropped
        coef = np.where(is_mgr[pool_of], -bound, 1.0) * sign
        meta = v.team_period.assign(kind=kind, value=bound)
        # cap: ICs - S·M <= -B; floor: S·M - ICs <= B (B: the heads reporting in)
        rhs = np.where(applies, -sign * below_tp.ravel(), 0.0)
        v.model.add_rows(meta, row[keep_t], v.staff.cols[keep_t], coef[keep_t], upper=rhs)
        v.model.rows[-1].loc[~applies, "kind"] = kind + "_unused"


def delayering(v: Variables) -> None:
    """4.19 Delayering (``delayering``), one row per delayered manager pool and period from
    the team's delayering period on [FTE]: the pool holds no staff and takes no one in by
    hiring, redeployment or reskilling (``data.delayering``; its demand is 0 from then, so
    the work needs none)."""
    pools = v.data.pools
    gone = delayered_pools(v.data.delayering, pools)
    sel = np.flatnonzero((gone[v.pool_of] >= 0) & (v.period_of >= gone[v.pool_of]))
    if not len(sel):
        return
    p_of = v.pool_of[sel]
    meta = v.pool_period.iloc[sel].assign(kind="delayering",
                                          team=pools["team"].to_numpy()[p_of],
                                          role=pools["role"].to_numpy()[p_of], value=0.0)
    k = np.tile(np.arange(len(sel)), 4)
    cols = np.concatenate([b.cols[sel] for b in (v.staff, v.hire, v.redeploy_in,
                                                  v.reskill_in)])
    v.model.add_rows(meta, k, cols, np.ones(len(k)), upper=np.zeros(len(sel)))


def team_fte(v: Variables) -> None:
    """4.8 Team FTE bounds (``team_fte``), one row per team and period [FTE].

    The global minimum, maximum and shares of the starting strength, replaced for the
    teams named in ``levers.team_fte.teams``; added only if some bound binds at all.
    """
    tf, names = v.data.scenario.levers.team_fte, v.team_names
    team_initial, n_p = v.team_initial, v.n_periods
    lo = np.zeros(len(names))
    up = np.full(len(names), INF)
    if tf.min is not None:
        lo = np.maximum(lo, tf.min)
    if tf.min_share is not None:
        lo = np.maximum(lo, tf.min_share * team_initial)
    if tf.max is not None:
        up = np.minimum(up, tf.max)
    if tf.max_share is not None:
        up = np.minimum(up, tf.max_share * team_initial)
    for name, b in tf.teams.items():
        where = np.flatnonzero(names == name)
        if b.min is not None:
            lo[where] = b.min
        if b.max is not None:
            up[where] = b.max
    if (lo > 0).any() or np.isfinite(up).any():
        lo_r, up_r = np.repeat(lo, n_p), np.repeat(up, n_p)
        meta = v.team_period.assign(kind="team_fte", value=lo_r, value_upper=up_r)
        v.model.add_rows(meta, v.team_row, v.staff.cols, np.ones(len(v.pool_period)),
                         lower=lo_r, upper=up_r)


def max_reduction(v: Variables) -> None:
    """4.9 Maximum reduction per team and period (``max_reduction``), one row per team and
    period [FTE]: a team keeps at least ``1 - m`` of its staff of the period before."""
    x = v.data.scenario.levers.max_reduction_per_period
    if x is None:
        return
    pool_of, per_of, tp, team_row = v.pool_of, v.period_of, v.team_period, v.team_row
    r, c, vals = [team_row], [v.staff.cols], [np.ones(len(pool_of))]
    prev = per_of > 0
    r.append(team_row[prev])
    c.append(v.col(v.staff, pool_of[prev], per_of[prev] - 1))
    vals.append(np.full(int(prev.sum()), -(1.0 - x)))
    rhs = np.where(tp["period"].to_numpy() == 0,
                   (1.0 - x) * v.team_initial[tp["team_code"].to_numpy()], 0.0)
    meta = tp.assign(kind="max_reduction", value=x)
    v.model.add_rows(meta, np.concatenate(r), np.concatenate(c), np.concatenate(vals),
                     lower=rhs)


def max_reduction_overall(v: Variables) -> None:
    """4.10 Maximum reduction overall (``max_reduction_overall``), one row [FTE]: the
    organisation keeps at least ``1 - M`` of its starting strength at the end."""
    x = v.data.scenario.levers.max_reduction_overall
    if x is None:
        return
    n_p = v.n_periods
    last = v.period_of == n_p - 1
    bound = (1.0 - x) * v.data.pools["initial"].to_numpy(float).sum()
    meta = pd.DataFrame({"kind": ["max_reduction_overall"], "period": [n_p - 1],
                         "value": [x]})
    v.model.add_rows(meta, np.zeros(int(last.sum()), int), v.staff.cols[last],
                     np.ones(int(last.sum())), lower=bound)


def protected_pools(v: Variables) -> None:
    """4.11 Protected pools (``protected``), one row per protected pool and period [FTE]:
    staff never fall below the starting strength."""
    pools, pool_of = v.data.pools, v.pool_of
    prot = pools["protected"].to_numpy(bool)[pool_of]
    if not prot.any():
        return
    initial = pools["initial"].to_numpy(float)
    sel = np.flatnonzero(prot)
    meta = v.pool_period.iloc[sel].assign(kind="protected",
                                          team=pools["team"].to_numpy()[pool_of[sel]],
                                          role=pools["role"].to_numpy()[pool_of[sel]],
                                          value=initial[pool_of[sel]])
    v.model.add_rows(meta, np.arange(len(sel)), v.staff.cols[sel], np.ones(len(sel)),
                     lower=initial[pool_of[sel]])


def locks(v: Variables) -> None:
    """4.12 Locks (``lock``), one row per lock and period [FTE]: a (team, role) holds the
    locked FTE in the lock's period, or in every period.

    Raises
    ------
    ScenarioError
        At ``levers.locks.<i>`` for a (team, role) the org does not have, or a period
        after the horizon.
    """
    pools, n_p = v.data.pools, v.n_periods
    lev_locks = v.data.scenario.levers.locks
    if not lev_locks:
        return
    key = {(t, rl): i for i, (t, rl) in enumerate(zip(pools["team"], pools["role"],
                                                      strict=True))}
    rows_l, cols_l, vals_l, meta_l = [], [], [], []
    for li, lk in enumerate(lev_locks):
        if (lk.team, lk.role) not in key:
            raise ScenarioError(f"levers.locks.{li}", f"expected a team and role of the "
                                f"org, found team {lk.team!r} with role {lk.role!r}")
        if lk.period is not None and lk.period > n_p:
            raise ScenarioError(f"levers.locks.{li}.period", f"expected 1 to {n_p}, "
                                f"found {lk.period}")
        periods = range(n_p) if lk.period is None else [lk.period - 1]
        for p in periods:
            rows_l.append(len(meta_l))
            cols_l.append(v.col(v.staff, np.array([key[lk.team, lk.role]]), np.array([p]))[0])
            vals_l.append(1.0)
            meta_l.append({"kind": "lock", "team": lk.team, "role": lk.role, "period": p,
                           "value": lk.fte})
    fte = np.array([x["value"] for x in meta_l])
    v.model.add_rows(pd.DataFrame(meta_l), np.array(rows_l), np.array(cols_l),
                     np.array(vals_l), lower=fte, upper=fte)


def hiring_caps(v: Variables) -> None:
    """4.13 Hiring caps (``hire_cap``, ``hire_cap_role``), one row per period (and role)
    [FTE/period]: gross hires, before new-hire attrition."""
    hiring, n_p = v.data.scenario.levers.hiring, v.n_periods
    per_of = v.period_of
    if hiring.cap_per_period is not None:
        meta = pd.DataFrame({"kind": "hire_cap", "period": np.arange(n_p),
                             "value": hiring.cap_per_period})
        v.model.add_rows(meta, per_of, v.hire.cols, np.ones(len(per_of)),
                         upper=hiring.cap_per_period)
    roles = v.data.pools["role"].to_numpy()[v.pool_of]
    for role, cap in hiring.role_caps.items():
        sel = np.flatnonzero(roles == role)
        if len(sel):
            meta = pd.DataFrame({"kind": "hire_cap_role", "role": role,
                                 "period": np.arange(n_p), "value": cap})
            v.model.add_rows(meta, per_of[sel], v.hire.cols[sel], np.ones(len(sel)), upper=cap)


def redundancy_cap(v: Variables) -> None:
    """4.21 Redundancy cap (``redundancy_cap``), one row [FTE]: redundancies over the whole
    horizon and organisation at most ``levers.max_redundancies``."""
    cap = v.data.scenario.levers.max_redundancies
    if cap is None:
        return
    meta = pd.DataFrame({"kind": ["redundancy_cap"], "value": [cap]})  # the whole horizon
    n = len(v.redundancy.cols)
    v.model.add_rows(meta, np.zeros(n, int), v.redundancy.cols, np.ones(n), upper=cap)


def allowance_totals(v: Variables) -> None:
    """4.14 Company-wide overstaffing and short time (``overstaffing_total``,
    ``short_time_total``), one row per period [FTE]."""
    lev, n_p, per_of = v.data.scenario.levers, v.n_periods, v.period_of
    for allowance, block, kind in ((lev.overstaffing, v.overstaffing, "overstaffing_total"),
                                   (lev.short_time, v.short_time, "short_time_total")):
        if allowance.total is not None:
            meta = pd.DataFrame({"kind": kind, "period": np.arange(n_p), "value": allowance.total})
            v.model.add_rows(meta, per_of, block.cols, np.ones(len(per_of)),
                             upper=allowance.total)


def vacancies(v: Variables) -> None:
    """4.15 Vacancies (``vacancy``, ``vacancy_fill``), one row each per pool with vacancies
    and period [FTE].

    The vacancies open at the end of a period are those open at its start (the pool's
    vacant FTE in period 0, held in ``value``) less those closed and filled; a vacancy is
    filled by a hire, so fills are at most the period's hires.
    """
    pools = v.data.pools
    pool_of, per_of = v.pool_of, v.period_of
    vacant = pools["vacant_fte"].to_numpy(float)
    sel = np.flatnonzero(vacant[pool_of] > 0)
    if not len(sel):
        return
    k = np.arange(len(sel))
    p_of, t_of = pool_of[sel], per_of[sel]
    prev = t_of > 0
    rhs = np.where(prev, 0.0, vacant[p_of])
    meta = v.pool_period.iloc[sel].assign(kind="vacancy", team=pools["team"].to_numpy()[p_of],
                                          role=pools["role"].to_numpy()[p_of], value=rhs)
    v.model.add_rows(
        meta, np.concatenate([k, k[prev], k, k]),
        np.concatenate([v.vacancy_open.cols[sel], v.col(v.vacancy_open, p_of[prev],
                                                        t_of[prev] - 1),
                        v.vacancy_close.cols[sel], v.vacancy_fill.cols[sel]]),
        np.concatenate([np.ones(len(k)), -np.ones(int(prev.sum())), np.ones(len(k)),
                        np.ones(len(k))]), lower=rhs, upper=rhs)
    meta = meta.assign(kind="vacancy_fill", value=0.0)
    v.model.add_rows(meta, np.concatenate([k, k]),
                     np.concatenate([v.vacancy_fill.cols[sel], v.hire.cols[sel]]),
                     np.concatenate([np.ones(len(k)), -np.ones(len(k))]), upper=0.0)


def one_off_budget(v: Variables, terms: list[CostTerm]) -> None:
    """4.16 One-off budget (``one_off_budget``), one row [currency]: every one-off cost
    term over the horizon, added only if one has a coefficient."""
    budget = v.data.scenario.levers.one_off_budget
    one = [t for t in terms if not t.recurring]
    if budget is None or not one:
        return
    cols_o = np.concatenate([t.cols for t in one])
    coef_o = np.concatenate([t.coef for t in one])
    meta = pd.DataFrame({"kind": ["one_off_budget"], "value": [budget]})
    v.model.add_rows(meta, np.zeros(len(cols_o), int), cols_o, coef_o, upper=budget)


def savings_target(v: Variables, terms: list[CostTerm]) -> None:
    """4.17 Run-rate savings target (``savings_target``), one row [currency/year]: the
    recurring costs of the last period, per year, at most ``1 - target`` of the starting
    salaries."""
    target = v.data.scenario.levers.savings_target
    if target is None:
        return
    n_p, y, pools = v.n_periods, v.data.years, v.data.pools
    last_terms = [(t.cols[t.period == n_p - 1], t.coef[t.period == n_p - 1] / y)
                  for t in terms if t.recurring]
    cols_s = np.concatenate([a for a, _ in last_terms]) if last_terms else np.zeros(0, int)
    coef_s = np.concatenate([b for _, b in last_terms]) if last_terms else np.zeros(0)
    before = float((pools["initial"].to_numpy(float) * pools["cost_per_fte"].to_numpy(float))
                   .sum())
    bound = (1.0 - target) * before
    meta = pd.DataFrame({"kind": ["savings_target"], "value": [target], "period": [n_p - 1]})
    v.model.add_rows(meta, np.zeros(len(cols_s), int), cols_s, coef_s, upper=bound)


def capacity_budget(v: Variables, cost: np.ndarray) -> None:
    """4.18 Capacity budget (``capacity_budget``), one row [currency]: under the
    max_capacity objective, the whole min_cost objective ``cost`` (salaries included) at
    most ``objective.budget``."""
    budget = v.data.scenario.objective.budget
    meta = pd.DataFrame({"kind": ["capacity_budget"], "value": [budget]})
    nz = np.flatnonzero(cost)
    v.model.add_rows(meta, np.zeros(len(nz), int), nz, cost[nz], upper=budget)
