"""An independent plan checker: re-verify a written plan against its scenario.

It reads only the plan folder (its summary, tables and scenario: :mod:`planner.io.plan_folder`)
and recomputes, without the optimiser's code: flows conserve FTE and chain from period to
period, so do the vacancies (no team's role with a redundancy keeps or fills one),
attrition is at the scenario's rates, every task's hours are covered by the staff
kept, caps, pledges, protections, locks, adoption gates, team bounds, reductions and spans hold (the
spans of teams that take a delayered team's reports with them), delayered teams were narrow
and their manager pools end empty, and the
costs recompute to the summary, and the position ledger reconciles with the staffing table
in whole counts. Every plan in the tests goes through it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.domain import ONE_OFF_COSTS
from planner.io.plan_folder import PlanTable, read_plan_folder
from planner.scenario.model import Scenario, scenario_from_dict
from planner.scenario.reskilling import reskilling_paths
from planner.status import has_plan

HOURS_PER_FTE_YEAR = 1650.0
"""Working hours of one FTE in a year, as the planner plans them [h]."""


@dataclass(frozen=True)
class Finding:
    """One check: its name, whether it holds, the worst deviation and where."""

    check: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class CheckReport:
    """All findings on one plan."""

    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every check holds."""
        return all(f.ok for f in self.findings)

    def failures(self) -> list[Finding]:
        """The checks that fail."""
        return [f for f in self.findings if not f.ok]


def _tol(scale: float | np.ndarray) -> np.ndarray:
    """Tolerance for a recomputed figure: relative 1e-6, and at least 1e-5 absolute (the
    feasibility tolerance of the solvers on flows of a few FTE)."""
    return np.maximum(1e-5, 1e-6 * np.abs(scale))


def _worst(frame: pd.DataFrame, diff: pd.Series, cols: list[str]) -> str:
    i = diff.abs().idxmax()
    where = ", ".join(f"{c}={frame.at[i, c]}" for c in cols if c in frame)
    return f"worst {diff.abs().max():.6g} at {where}"


class _Findings:
    """The findings of one plan, in the order its checks add them; row checks name the
    staffing rows that fail (or the rows of the frame they are given)."""

    def __init__(self, st: pd.DataFrame) -> None:
        self.st = st
        self.items: list[Finding] = []

    def holds(self, name: str, ok: bool, detail: str = "") -> None:
        """A check of one figure: whether it holds and what it compared."""
        self.items.append(Finding(name, ok, detail))

    def rows(self, name: str, bad: pd.Series, diff: pd.Series | None = None,
             frame: pd.DataFrame | None = None, cols: list[str] | None = None) -> None:
        """A check of every row: ``bad`` marks the rows that fail, ``diff`` their deviation,
        ``cols`` the columns that say where the worst one is."""
        if not bool(bad.any()):
            self.items.append(Finding(name, True))
            return
        f = frame if frame is not None else self.st
        if frame is not None and len(bad) == len(frame):  # sums by period: align by position
            bad = bad.reset_index(drop=True)
            diff = diff.reset_index(drop=True) if diff is not None else None
            f = frame.reset_index(drop=True)
        detail = f"{int(bad.sum())} row(s) fail"
        if diff is not None:
            detail += "; " + _worst(f, diff.where(bad, 0.0), cols or ["team", "role", "period"])
        self.items.append(Finding(name, False, detail))


def check_plan(folder: str | os.PathLike[str]) -> CheckReport:
    """Check a plan folder written by ``planner run --out``.

    Raises
    ------
    InputError
        When a table of the folder fails its schema (:mod:`planner.io.plan_folder`).
    """
    plan = read_plan_folder(folder)
    summary = plan.summary
    sc = scenario_from_dict(plan.scenario, base_dir=Path(folder))
    if not has_plan(summary.get("status")):
        return CheckReport((Finding("has_plan", False,
                                    f"status {summary.get('status')}: no plan to check"),))
    st, costs, teams, work, caps = (plan.tables[n] for n in (
        PlanTable.STAFFING, PlanTable.COSTS, PlanTable.TEAMS, PlanTable.WORK,
        PlanTable.CAPABILITIES))
    periods = list(summary["periods"])
    order = {p: i for i, p in enumerate(periods)}
    st = st.assign(k=st["period"].astype(str).map(order))
    st = st.sort_values(["team", "role", "k"]).reset_index(drop=True)
    for col in VACANCY_COLUMNS:  # plans written before vacancies were modelled have none
        if col not in st:
            st[col] = 0.0
    out = _Findings(st)
    folds = list((summary.get("structure") or {}).get("delayering", []))
    gone = _delayered(st, folds)
    _check_flows(sc, st, out)
    _check_vacancies(st, out, roster=not sc.pool_based)
    out.items += _check_moves(sc, st, plan.tables.get(PlanTable.MOVES), costs, periods)
    out.items += _check_ledger(st, plan.tables, positions=not sc.pool_based, gone=gone)
    out.items.append(_check_ai_operations(sc, plan.tables))
    out.items += _check_dates(sc, summary, plan.tables, periods)
    _check_parameters(sc, st, out, gone)
    if folds:
        _check_delayering(sc, st, teams, folds, gone, out)
    _check_work_covered(sc, st, work, out)
    _check_people_levers(sc, st, out)
    _check_gates(sc, summary, st, work, out)
    _check_whole_people(summary, st, out)
    _check_team_sizes(sc, st, teams, periods, out, folds)
    by_period = _costs_by_period(costs)
    _check_costs_recompute(sc, st, costs, caps, by_period, out)
    _check_summary(sc, summary, st, costs, by_period, periods, out)
    return CheckReport(tuple(out.items))


def _check_flows(sc: Scenario, st: pd.DataFrame, out: _Findings) -> None:
    """Flows conserve FTE and chain from period to period, none is negative, attrition is
    at the scenario's rates, and no more people arrive by moves than leave."""
    flow = (st["fte_start"] - st["attrition"] + st["hires"] + st["redeploy_in"]
            - st["redeploy_out"] - st["redundancies"] - st["fte_end"])
    out.rows("flows_conserve_fte", flow.abs() > _tol(st["fte_start"]), flow)
    prev_end = st.groupby(["team", "role"])["fte_end"].shift(1)
    chain = (st["fte_start"] - prev_end).where(prev_end.notna(), 0.0)
    out.rows("periods_chain", chain.abs() > _tol(st["fte_start"]), chain)
    flows = st[["fte_start", "attrition", "hires", "redeploy_in", "redeploy_out",
                "redundancies", "fte_end", "overstaffing", "short_time"]]
    out.rows("flows_nonnegative", (flows < -1e-6).any(axis=1))
    a_new, a_long = _rates(sc, st, sc.horizon.period.years)
    attr = a_long * st["fte_start"] + a_new * st["hires"]
    out.rows("attrition_at_scenario_rates", (st["attrition"] - attr).abs() > _tol(attr),
             st["attrition"] - attr)
    moved_in = (st["redeploy_in"] - st["reskilled_in"]).sum()
    arrived, moved_out = st["reskilled_in"].sum(), st["redeploy_out"].sum()
    out.holds("redeployment_balances",
              bool(moved_in + arrived <= moved_out + 1e-5 * max(1.0, moved_out)),
              f"redeployed in {moved_in:.3f} + reskilled in {arrived:.3f} vs out "
              f"{moved_out:.3f}")


VACANCY_COLUMNS = ("vacant_fte_start", "vacancies_closed", "vacancies_filled", "vacant_fte_end")
"""The staffing table's vacancy columns [FTE]."""


def _check_vacancies(st: pd.DataFrame, out: _Findings, *, roster: bool = True) -> None:
    """The vacancies balance and chain from period to period, none is negative, every fill
    is a hire, and no team's role with a redundancy keeps or fills a vacancy or receives
    people redeployed or reskilled."""
    stock = (st["vacant_fte_start"] - st["vacancies_closed"] - st["vacancies_filled"]
             - st["vacant_fte_end"])
    out.rows("vacancies_balance", stock.abs() > _tol(st["vacant_fte_start"]), stock)
    prev_end = st.groupby(["team", "role"])["vacant_fte_end"].shift(1)
    chain = (st["vacant_fte_start"] - prev_end).where(prev_end.notna(), 0.0)
    out.rows("vacancies_chain", chain.abs() > _tol(st["vacant_fte_start"]), chain)
    out.rows("vacancies_nonnegative", (st[list(VACANCY_COLUMNS)] < -1e-6).any(axis=1))
    over = st["vacancies_filled"] - st["hires"]
    out.rows("vacancies_filled_by_hires", over > _tol(st["hires"]), over)
    pool = st.groupby(["team", "role"])
    red = pool["redundancies"].transform("sum")
    used = pool["vacancies_filled"].transform("sum") + pool["vacant_fte_end"].transform("max")
    both = (red > 1e-5) & (used > 1e-5)
    out.rows("no_vacancy_kept_beside_redundancy", both, used.where(both, 0.0))
    if roster:  # pools of a roster average their pay (formulation §4, the rules)
        moved_in = pool["redeploy_in"].transform("sum")
        both = (red > 1e-5) & (moved_in > 1e-5)
        out.rows("no_move_in_beside_redundancy", both, moved_in.where(both, 0.0))


def _check_work_covered(sc: Scenario, st: pd.DataFrame, work: pd.DataFrame,
                        out: _Findings) -> None:
    """Every pool's effective staff plus what AI frees equals the work (for a pool with no
    AI rows, its demand itself); the tasks' hours add up to the pool's demand, and AI takes
    no more hours of a task than it has."""
    hours = HOURS_PER_FTE_YEAR * sc.horizon.period.years
    # Vacancies kept open cover their own posts (formulation §4.2).
    effective = st["fte_end"] + st["vacant_fte_end"] - st["overstaffing"] - (
        1 - st["short_time_factor"]) * st["short_time"]
    if sc.pool_based:
        gap = effective - st["demand_fte"]
        out.rows("demand_met", gap.abs() > _tol(st["demand_fte"]), gap)
        return
    need = work.groupby(["team", "role", "period"])[["demand_hours", "human_hours",
                                                    "oversight_hours"]].sum()
    key = pd.MultiIndex.from_frame(st[["team", "role", "period"]].astype({"period": str}))
    need.index = need.index.set_levels(need.index.levels[2].astype(str), level=2)
    need = need.reindex(key).fillna(0.0)
    has_work = pd.Series(need["demand_hours"].to_numpy() > 0)
    freed = (need["demand_hours"] - need["human_hours"] - need["oversight_hours"]).to_numpy()
    gap = pd.Series(effective.to_numpy() * hours + freed - st["demand_fte"].to_numpy() * hours)
    out.rows("work_covered", gap.abs() > _tol(st["demand_fte"].to_numpy() * hours), gap)
    dem = pd.Series(st["demand_fte"].to_numpy() * hours - need["demand_hours"].to_numpy())
    out.rows("task_demand_adds_up", has_work & (dem.abs() > _tol(st["demand_fte"] * hours)),
             dem)
    w = work
    out.rows("ai_within_demand", (w["ai_hours"] + w["assisted_hours"]
                                  > w["demand_hours"] + _tol(w["demand_hours"])),
             w["ai_hours"] + w["assisted_hours"] - w["demand_hours"], w,
             ["team", "role", "task", "period"])


WHOLE_COUNTS = (("redundancies_people", "redundancies", "fte_per_person"),
                ("redeploy_out_people", "redeploy_out", "fte_per_person"),
                ("vacancies_closed_posts", "vacancies_closed", "fte_per_vacant_post"),
                ("vacancies_filled_posts", "vacancies_filled", "fte_per_vacant_post"))
"""The staffing table's whole counts, the FTE each counts and the FTE of one of them."""


def _check_whole_people(summary: dict, st: pd.DataFrame, out: _Findings) -> None:
    """Decisions solved in whole people are whole (the summary's ``whole_people`` block,
    ``solver.whole_people``; plans written before it have none): the staffing table has the
    counts, each a whole number, and each decision's FTE is its count times the pool's FTE
    per person (or per vacant post); hires are the new posts in people plus the vacancies
    filled."""
    if (summary.get("whole_people") or {}).get("method") in (None, "none"):
        return
    need = [c for c, _, _ in WHOLE_COUNTS] + ["hires_people", "fte_per_person",
                                               "fte_per_vacant_post"]
    missing = [c for c in need if c not in st]
    out.holds("whole_people_counts", not missing,
              f"the staffing table lacks {', '.join(missing)}" if missing else "")
    if missing:
        return

    def tol(v: pd.Series) -> pd.Series:
        return 1e-6 * np.maximum(1.0, v.abs())

    counts = st[[c for c, _, _ in WHOLE_COUNTS] + ["hires_people"]].to_numpy(float)
    out.holds("whole_people_integral", bool((np.abs(counts - np.rint(counts)) < 1e-9).all()
                                            and (counts >= 0).all()))
    for count, fte, per in WHOLE_COUNTS:
        diff = st[fte] - st[count] * st[per]
        out.rows(f"whole_people_{fte}", diff.abs() > tol(st[fte]), diff)
    new = (st["hires_people"] - st["vacancies_filled_posts"]) * st["fte_per_person"]
    backfill = st["backfill"] if "backfill" in st else 0.0 * st["hires"]
    diff = st["hires"] - new - st["vacancies_filled"] - backfill
    out.rows("whole_people_hires", (diff.abs() > tol(st["hires"]))
             | (st["hires_people"] < st["vacancies_filled_posts"]), diff)
    # The backfill replaces expected leavers: never more than the period's attrition
    # (the model's bound, a_long / (1 - a_new) of the staff at the start, implies it).
    over = backfill - st["attrition"]
    out.rows("whole_people_backfill", (backfill < -1e-9) | (over > tol(st["attrition"])),
             over)


def _check_people_levers(sc: Scenario, st: pd.DataFrame, out: _Findings) -> None:
    """The levers on people hold: the no-redundancy pledge, the redundancy cap over the
    horizon, the hiring freeze and caps, the overstaffing and short-time allowances, each
    pool's limits, protected pools and locks."""
    lev = sc.levers
    if lev.no_redundancy:
        out.rows("no_redundancy_pledge", st["redundancies"] > 1e-6, st["redundancies"])
    if lev.max_redundancies is not None:
        total = float(st["redundancies"].sum())
        out.holds("redundancy_cap", total <= lev.max_redundancies + 1e-6 * max(
            1.0, lev.max_redundancies), f"{total:.6g} FTE of redundancies over the horizon "
                  f"vs a cap of {lev.max_redundancies:g}")
    if lev.hiring.freeze:
        out.rows("hiring_freeze", st["hires"] > 1e-6, st["hires"])
    if lev.hiring.cap_per_period is not None:
        per = st.groupby("period")["hires"].sum()
        out.rows("hiring_cap", per > lev.hiring.cap_per_period + 1e-6,
                 per - lev.hiring.cap_per_period, per.reset_index(), ["period"])
    for role, cap in lev.hiring.role_caps.items():
        per = st[st["role"] == role].groupby("period")["hires"].sum()
        out.rows(f"hiring_cap[{role}]", per > cap + 1e-6, per - cap, per.reset_index(),
                 ["period"])
    for allowance, col, name in ((lev.overstaffing, "overstaffing", "overstaffing"),
                                 (lev.short_time, "short_time", "short_time")):
        if allowance.per_pool is not None:
            out.rows(f"{name}_per_pool", st[col] > allowance.per_pool + 1e-6,
                     st[col] - allowance.per_pool)
        if allowance.total is not None:
            per = st.groupby("period")[col].sum()
            out.rows(f"{name}_total", per > allowance.total + 1e-6, per - allowance.total,
                     per.reset_index(), ["period"])
    for pool in sc.pools:
        if pool.short_time_limit is not None:
            rows = st[st["role"] == pool.role]
            out.rows(f"short_time_limit[{pool.role}]", rows["short_time"]
                     > pool.short_time_limit + 1e-6, rows["short_time"] - pool.short_time_limit)
        if pool.hire_limit is not None:
            rows = st[st["role"] == pool.role]
            out.rows(f"hire_limit[{pool.role}]", rows["hires"] > pool.hire_limit + 1e-6,
                     rows["hires"] - pool.hire_limit)
    start_fte = st.set_index(["team", "role"]).index.map(_start_fte(st)).to_numpy(float)
    prot = st["team"].isin(lev.protected_teams) | st["role"].isin(lev.protected_roles)
    if prot.any():
        out.rows("protected_pools_kept", prot & (st["fte_end"] < start_fte - 1e-6),
                 pd.Series(start_fte) - st["fte_end"])
    for lk in lev.locks:
        rows = st[(st["team"] == lk.team) & (st["role"] == lk.role)]
        if lk.period is not None:
            rows = rows[rows["k"] == lk.period - 1]
        out.rows(f"lock[{lk.team},{lk.role}]", (rows["fte_end"] - lk.fte).abs() > 1e-6,
                 rows["fte_end"] - lk.fte)


GATE_FLOWS = {"redundancies": ("redundancies",),
              "reductions": ("redundancies", "redeploy_out")}
"""The staffing table's flows each kind of adoption gate holds (``redeploy_out`` holds the
moves out and the departures to reskilling)."""


def _check_gates(sc: Scenario, summary: dict[str, Any], st: pd.DataFrame,
                 work: pd.DataFrame, out: _Findings) -> None:
    """Adoption gates: the plan states each of the scenario's gates; the period it opens is
    the first whose adoption (re-derived from the scenario's curve) reaches the gate; every
    team's role where the work table shows the capability executing or assisting is among
    the pools the plan says the gate holds (a pool where it could work but does not is
    taken as stated: the folder holds no library); and no held exit occurs in those pools
    before the gate opens."""
    if not sc.levers.gates:
        return
    stated = {g.get("key"): g for g in summary.get("gates") or []}
    caps = {c.id: c for c in sc.capabilities}
    n_p = sc.horizon.periods
    periods = list(summary["periods"])
    for i, g in enumerate(sc.levers.gates):
        key = f"levers.gates.{i}"
        s = stated.get(key)
        out.holds(f"gate_stated[{key}]", s is not None,
                  "" if s is not None else "the plan's summary states no such gate")
        if s is None:
            continue
        curve = [caps[g.capability].adoption_at(t) for t in range(n_p)]
        opens = next((t for t, a in enumerate(curve) if a >= g.adoption - 1e-12), n_p)
        said = periods.index(s["opens"]) if s.get("opens") in periods else n_p
        out.holds(f"gate_opens[{key}]", said == opens,
                  f"the plan says {s.get('opens')}, the adoption curve "
                  f"{periods[opens] if opens < n_p else 'never within the horizon'}")
        held = {tuple(p) for p in s.get("pools", [])}
        used = work[(work["ai_hours"] + work["assisted_hours"] > 1e-9)
                    & work["capability"].fillna("").map(
                        lambda c, cap=g.capability: cap in str(c).split("+"))]
        missing = sorted(set(zip(used["team"], used["role"], strict=True)) - held)
        out.holds(f"gate_covers_ai_work[{key}]", not missing,
                  f"{len(missing)} pool(s) where {g.capability} works are not held, e.g. "
                  f"{missing[0]}" if missing else "")
        pool = pd.Series(list(zip(st["team"], st["role"], strict=True))).isin(held).to_numpy()
        before = pool & (st["k"] < opens).to_numpy()
        flows = st[list(GATE_FLOWS[g.holds.value])].sum(axis=1)
        out.rows(f"gate_holds_exits[{key}]", pd.Series(before) & (flows > 1e-6), flows)


def _start_fte(st: pd.DataFrame) -> pd.Series:
    """Each pool's FTE at the start of the horizon, by team and role [FTE]."""
    return st[st["k"] == 0].set_index(["team", "role"])["fte_start"]


def _check_team_sizes(sc: Scenario, st: pd.DataFrame, teams: pd.DataFrame,
                      periods: list[str], out: _Findings,
                      folds: list[dict[str, Any]] | None = None) -> None:
    """Every team stays within its FTE bounds and the reductions per period and overall,
    and spans hold."""
    lev = sc.levers
    tf = st.groupby(["team", "k"])["fte_end"].sum().rename("fte").reset_index()
    t0 = st[st["k"] == 0].groupby("team")["fte_start"].sum()
    tf["start"] = tf["team"].map(t0)
    t = lev.team_fte
    lo = pd.Series(0.0, index=tf.index)
    up = pd.Series(np.inf, index=tf.index)
    if t.min is not None:
        lo = np.maximum(lo, t.min)
    if t.min_share is not None:
        lo = np.maximum(lo, t.min_share * tf["start"])
    if t.max is not None:
        up = np.minimum(up, t.max)
    if t.max_share is not None:
        up = np.minimum(up, t.max_share * tf["start"])
    for name, b in t.teams.items():
        at = tf["team"] == name
        if b.min is not None:
            lo = lo.where(~at, b.min)
        if b.max is not None:
            up = up.where(~at, b.max)
    out.rows("team_fte_bounds", (tf["fte"] < lo - 1e-6) | (tf["fte"] > up + 1e-6), None, tf,
             ["team", "k"])
    if lev.max_reduction_per_period is not None:
        prev = tf.groupby("team")["fte"].shift(1).fillna(tf["start"])
        floor = (1 - lev.max_reduction_per_period) * prev
        out.rows("max_reduction_per_period", tf["fte"] < floor - _tol(floor),
                 floor - tf["fte"], tf, ["team", "k"])
    if lev.max_reduction_overall is not None:
        last = st[st["k"] == len(periods) - 1]["fte_end"].sum()
        floor = (1 - lev.max_reduction_overall) * _start_fte(st).sum()
        out.holds("max_reduction_overall", bool(last >= floor - 1e-6 * floor),
                  f"end {last:.3f} vs floor {floor:.3f}")
    if lev.span.max is not None or lev.span.min is not None:
        out.items.append(_check_spans(sc, st, teams, folds or []))


def _delayered(st: pd.DataFrame, folds: list[dict[str, Any]]) -> pd.Series:
    """Per staffing row, whether delayering removes its pool by then: a manager role of a
    delayered team, in or after the team's delayering period."""
    at = {f["team"]: int(f["period_index"]) for f in folds if f.get("into") is not None}
    is_mgr = st["is_manager"].astype(str).str.lower() == "true"
    k = st["team"].astype(str).map(at)
    return (is_mgr & k.notna() & (st["k"] >= k.fillna(0))).reset_index(drop=True)


def _check_delayering(sc: Scenario, st: pd.DataFrame, teams: pd.DataFrame,
                      folds: list[dict[str, Any]], gone: pd.Series, out: _Findings) -> None:
    """Delayering: every team the plan says it delayered was narrow at the start (direct
    reports per manager FTE below ``levers.delayering.min_span``, with the reports of the
    delayered teams below it, taken bottom up, as the plan states them), and its manager
    pools hold no one from its period on. (Which team it reports to needs the roster's
    reporting lines, which the folder does not hold: that is taken as stated.)"""
    lev = sc.levers.delayering
    out.rows("delayered_pools_are_empty", gone & (st["fte_end"].abs() > 1e-6),
             st["fte_end"])
    if lev is None:
        out.holds("delayering_is_the_scenarios", False,
                  "the plan states delayering but the scenario sets no levers.delayering")
        return
    start = st[st["k"] == 0]
    is_mgr = start["is_manager"].astype(str).str.lower() == "true"
    mgr = start[is_mgr].groupby("team")["fte_start"].sum()
    ic = start[~is_mgr].groupby("team")["fte_start"].sum()
    heads = (teams.groupby("team")["heads_reporting_in"].first() if "heads_reporting_in"
             in teams else pd.Series(dtype=float))
    reports = ic.add(heads, fill_value=0.0)
    bad = []
    for f in folds:  # deepest first, as made: the reports of the teams below are in
        t, m = f["team"], float(mgr.get(f["team"], 0.0))
        r = float(reports.get(t, 0.0))
        if abs(r - f["reports_fte"]) > 1e-6 * max(1.0, r) or abs(m - f["manager_fte"]) > 1e-6:
            bad.append(f"{t}: {r:.3f} FTE of reports for {m:.3f} FTE of managers, the plan "
                       f"says {f['reports_fte']:.3f} for {f['manager_fte']:.3f}")
        elif r >= lev.min_span * m - 1e-9:
            bad.append(f"{t}: span {r / m:.2f} is not below {lev.min_span:g}")
        if f.get("into") is not None:
            reports[f["parent"]] = float(reports.get(f["parent"], 0.0)) + r - f["reports_up"]
    out.holds("delayered_teams_were_narrow", not bad, "; ".join(bad[:5]))


def _costs_by_period(costs: pd.DataFrame) -> pd.DataFrame:
    """The costs table as period x category [currency]."""
    return costs.assign(period=costs["period"].astype(str)).pivot_table(
        index="period", columns="category", values="amount", aggfunc="sum").fillna(0.0)


def _check_costs_recompute(sc: Scenario, st: pd.DataFrame, costs: pd.DataFrame,
                           caps: pd.DataFrame, c: pd.DataFrame, out: _Findings) -> None:
    """Each cost line recomputes from the staffing flows and the AI layer, and the one-off
    budget and the capacity objective's budget hold."""
    years = sc.horizon.period.years
    lev = sc.levers
    period = st["period"].astype(str)
    pay = ((st["fte_end"] - (1 - st["short_time_factor"]) * st["short_time"])
           * st["annual_cost_per_fte"] * years)
    expected = {
        "salaries": pay.groupby(period).sum(),
        "severance": (st["redundancies"] * st["severance_per_fte"]).groupby(period).sum(),
        "hiring": (st["hires"] * st["hire_cost_per_fte"]).groupby(period).sum(),
        "overstaffing": (st["overstaffing"] * st["overstaffing_cost_per_fte"] * years).groupby(
            period).sum(),
        "short_time": (st["short_time"] * st["short_time_cost_per_fte"] * years).groupby(
            period).sum(),
        "vacancies": (st["vacant_fte_end"] * st["annual_cost_per_fte"] * years
                      * float(lev.vacancies.funded)).groupby(period).sum(),
    }
    for cat, exp in expected.items():
        got = c[cat] if cat in c else pd.Series(0.0, index=exp.index)
        diff = got.reindex(exp.index).fillna(0.0) - exp
        ok = bool((diff.abs() <= _tol(exp.to_numpy()) + 1e-6).all())
        out.holds(f"cost_recomputes[{cat}]", ok, "" if ok else f"worst {diff.abs().max():.6g}")
    if len(caps):
        ai = caps.assign(period=caps["period"].astype(str)).groupby("period")["cost"].sum()
        got = sum(c[k] for k in ("ai_run", "ai_fixed") if k in c)
        got = got.reindex(ai.index).fillna(0.0) if isinstance(got, pd.Series) else ai * 0
        diff = got - ai
        ok = bool((diff.abs() <= _tol(ai.to_numpy()) + 1e-6).all())
        out.holds("cost_recomputes[ai]", ok, "" if ok else f"worst {diff.abs().max():.6g}")
    one_off = float(costs.loc[costs["category"].isin(ONE_OFF_COSTS), "amount"].sum())
    if lev.one_off_budget is not None:
        out.holds("one_off_budget", one_off <= lev.one_off_budget * (1 + 1e-9) + 1e-6,
                  f"one-off {one_off:,.2f} vs {lev.one_off_budget:,.2f}")
    total = float(costs["amount"].sum())
    if sc.objective.kind.value == "max_capacity" and sc.objective.budget is not None:
        out.holds("capacity_budget", total <= sc.objective.budget * (1 + 1e-9) + 1e-6,
                  f"total {total:,.2f} vs {sc.objective.budget:,.2f}")


def _check_summary(sc: Scenario, summary: dict[str, Any], st: pd.DataFrame,
                   costs: pd.DataFrame, c: pd.DataFrame, periods: list[str],
                   out: _Findings) -> None:
    """The summary's figures are the tables' (total cost, FTE before and after, the FTE its
    role coverage counts, the flows, the one-off costs, the run rate after), and the run rate
    meets the savings target."""
    out.items.append(_close("summary_total_cost", summary["total_cost"],
                            float(costs["amount"].sum())))
    last = st[st["k"] == len(periods) - 1]
    out.items.append(_close("summary_fte_after", summary["fte_after"], last["fte_end"].sum()))
    out.items.append(_close("summary_fte_before", summary["fte_before"],
                            st[st["k"] == 0]["fte_start"].sum()))
    coverage = summary.get("role_coverage")  # absent in pool plans and older folders
    if coverage:
        first = st[st["k"] == 0]  # coverage counts every position, held or vacant
        out.items.append(_close("summary_role_coverage_fte", coverage["fte"],
                                (first["fte_start"] + first["vacant_fte_start"]).sum()))
        out.items.append(_close("summary_role_coverage_parts",
                                coverage["fte_no_confident_role"],
                                coverage["fte_unmatched"] + coverage["fte_low_confidence"]))
    for key, col in (("redundancies", "redundancies"), ("hires", "hires"),
                     ("attrition", "attrition"), ("reskilled_arrivals", "reskilled_in")):
        out.items.append(_close(f"summary_{key}", summary[key], st[col].sum()))
    out.items.append(_close("summary_redeployments", summary["redeployments"],
                            (st["redeploy_in"] - st["reskilled_in"]).sum()))
    vac = summary.get("vacancies")  # absent in older folders
    if vac:
        for key, fte in (("closed_fte", st["vacancies_closed"].sum()),
                         ("filled_fte", st["vacancies_filled"].sum()),
                         ("kept_fte", last["vacant_fte_end"].sum())):
            out.items.append(_close(f"summary_vacancies[{key}]", vac[key], float(fte)))
    for cat, amount in summary["one_off_cost"].items():
        out.items.append(_close(f"summary_one_off[{cat}]", amount,
                                float(costs.loc[costs["category"] == cat, "amount"].sum())))
    recurring = c.drop(columns=[k for k in ONE_OFF_COSTS if k in c])
    run_rate = float(recurring.loc[str(periods[-1])].sum()) / sc.horizon.period.years if str(
        periods[-1]) in recurring.index else 0.0
    out.items.append(_close("summary_run_rate_after", summary["run_rate_cost_after"], run_rate))
    if sc.levers.savings_target is not None:
        first_rows = st[st["k"] == 0]
        before = float(first_rows["fte_start"].mul(first_rows["annual_cost_per_fte"]).sum())
        cap = (1 - sc.levers.savings_target) * before
        out.holds("savings_target", run_rate <= cap * (1 + 1e-9) + 1e-6,
                  f"run rate {run_rate:,.2f} vs at most {cap:,.2f}")


def _check_moves(sc: Scenario, st: pd.DataFrame, moves: pd.DataFrame | None,
                 costs: pd.DataFrame, periods: list[str]) -> list[Finding]:
    """The moves table reconciles with the staffing flows and the one-off costs, and every
    move follows the scenario (redeployment within its scope and role, reskilling along a
    path and its lead time)."""
    if moves is None:
        return [Finding("moves_reconcile", True, f"not checked: the folder has no "
                        f"{PlanTable.MOVES.file} (written before plans recorded their moves)")]
    key = ["team", "role", "period"]
    flows = st.assign(period=st["period"].astype(str)).set_index(key)
    resk = moves["kind"] == "reskill"
    out = []
    for name, got, col in (
            ("moves_out_match_redeploy_out",
             moves.groupby(["from_team", "from_role", "period"])["fte"].sum(), "redeploy_out"),
            ("moves_in_match_redeploy_in", moves.groupby(
                ["to_team", "to_role", "arrival_period"])["fte_arriving"].sum(), "redeploy_in"),
            ("reskill_moves_match_reskilled_in", moves[resk].groupby(
                ["to_team", "to_role", "arrival_period"])["fte_arriving"].sum(), "reskilled_in")):
        got.index.names = key
        every = flows.index.union(got.index)
        exp = flows[col].reindex(every, fill_value=0.0)
        diff = got.reindex(every, fill_value=0.0) - exp
        bad = diff.abs() > _tol(exp)
        out.append(Finding(name, not bool(bad.any()), "" if not bad.any() else
                           f"{int(bad.sum())} pool-period(s) differ; worst "
                           f"{diff.abs().max():.6g} at {diff.abs().idxmax()}"))
    c = costs.assign(period=costs["period"].astype(str))
    for kind, cat in (("redeploy", "redeployment"), ("reskill", "reskilling")):
        got = moves[moves["kind"] == kind].groupby("period")["cost"].sum()
        exp = c[c["category"] == cat].groupby("period")["amount"].sum()
        every = exp.index.union(got.index)
        diff = got.reindex(every, fill_value=0.0) - exp.reindex(every, fill_value=0.0)
        ok = bool((diff.abs() <= _tol(exp.reindex(every, fill_value=0.0)) + 1e-6).all())
        out.append(Finding(f"moves_cost_match[{cat}]", ok,
                           "" if ok else f"worst {diff.abs().max():.6g}"))
    lev = sc.levers
    scope = lev.redeployment.scope.value
    function = st.groupby("team")["function"].first().astype(str)
    same_scope = {"team": moves["from_team"] == moves["to_team"],
                  "function": moves["from_team"].map(function) == moves["to_team"].map(
                      function)}.get(scope, pd.Series(True, index=moves.index))
    # The paths the scenario allows, suggested ones included, re-derived from the scenario
    # and its library (never read from the optimiser's problem data).
    lead = {(q.path.from_role, q.path.to_role): q.path.lead_time_periods
            for q in reskilling_paths(sc, set(st["role"].astype(str)))}
    order = {str(p): i for i, p in enumerate(periods)}
    gap = (moves["arrival_period"].map(order).astype(float)
           - moves["period"].map(order).astype(float))
    on_path = pd.Series([lead.get((a, b)) for a, b in zip(moves["from_role"], moves["to_role"],
                                                           strict=True)], index=moves.index)
    bad = ~same_scope | (resk & (gap != on_path)) | gap.isna()
    out.append(Finding("moves_follow_the_scenario", not bool(bad.any()),
                       "" if not bad.any() else f"{int(bad.sum())} move(s) outside the "
                       f"{scope} scope or off a reskilling path, first: "
                       + ", ".join(f"{k}={v}" for k, v in moves[bad].iloc[0].items())))
    return out


def _close(name: str, stated: float, recomputed: float) -> Finding:
    ok = abs(float(stated) - float(recomputed)) <= 1e-6 * max(1.0, abs(recomputed)) + 0.01
    return Finding(name, ok, "" if ok else f"summary says {stated:,.6g}, tables give "
                   f"{recomputed:,.6g}")


def _rates(sc: Scenario, st: pd.DataFrame, years: float) -> tuple[pd.Series, pd.Series]:
    """Per-period attrition rates of each staffing row, recomputed from the scenario."""
    lev = sc.levers.attrition
    if sc.pool_based:
        new = {p.role: p.attrition_new if p.attrition_new is not None else lev.new
               for p in sc.pools}
        long = {p.role: p.attrition_long if p.attrition_long is not None else lev.long
                for p in sc.pools}
    else:
        new = {r: v.new for r, v in lev.roles.items()}
        long = {r: v.long for r, v in lev.roles.items()}
    a_new = st["role"].map(new).fillna(lev.new).astype(float)
    a_long = st["role"].map(long).fillna(lev.long).astype(float)
    if not sc.horizon.rates_per_period:
        a_new = 1 - (1 - a_new) ** years
        a_long = 1 - (1 - a_long) ** years
    return a_new, a_long


def _check_spans(sc: Scenario, st: pd.DataFrame, teams: pd.DataFrame,
                 folds: list[dict[str, Any]] | None = None) -> Finding:
    """Spans hold in every team that met the limits at the start (direct reports: the team's
    contributors and the heads of the teams below it, ``heads_reporting_in``). From a
    delayered team's period on, its reports count under the team it was folded into
    (``reports_from_delayered``, recomputed here) and it has no span of its own."""
    order = {p: i for i, p in enumerate(st.drop_duplicates("k").sort_values("k")["period"]
                                        .astype(str))}
    is_ic = st["is_manager"].astype(str).str.lower() != "true"
    own = st[is_ic].groupby(["team", "period"])["fte_end"].sum()
    extra: dict[tuple[str, str], float] = {}
    folded: set[tuple[str, str]] = set()
    for f in folds or []:
        if f.get("into") is None:
            continue
        for p, k in order.items():
            if k >= int(f["period_index"]):
                key = (str(f["into"]), p)
                extra[key] = extra.get(key, 0.0) + float(own.get((f["team"], p), 0.0)) + (
                    float(f["heads_in"]) - float(f["reports_up"]))
                folded.add((str(f["team"]), p))
    start = st[st["k"] == 0]
    mgr = start[start["is_manager"].astype(str).str.lower() == "true"].groupby("team")[
        "fte_start"].sum()
    ic = start[start["is_manager"].astype(str).str.lower() != "true"].groupby("team")[
        "fte_start"].sum()
    # direct reports: the team's contributors and the heads of the teams below it
    heads = (teams.groupby("team")["heads_reporting_in"].first() if "heads_reporting_in"
             in teams else pd.Series(dtype=float))
    ic = ic.add(heads.reindex(ic.index.union(heads.index)), fill_value=0.0)
    s0 = (ic / mgr).dropna()
    bad = []
    span = sc.levers.span
    is_mgr = st["is_manager"].astype(str).str.lower() == "true"
    staffed = st.assign(m=st["fte_end"].where(is_mgr, 0.0), i=st["fte_end"].where(~is_mgr, 0.0))
    sums = staffed.groupby(["team", "period"])[["m", "i"]].sum()
    for r in teams.itertuples():
        below = float(getattr(r, "heads_reporting_in", 0.0) or 0.0)
        if (r.team, str(r.period)) in folded:
            continue
        more = extra.get((r.team, str(r.period)), 0.0)
        stated = float(getattr(r, "reports_from_delayered", 0.0) or 0.0)
        if abs(stated - more) > 1e-5 * max(1.0, abs(more)):
            bad.append(f"{r.team} {r.period}: reports from delayered teams {stated:.3f}, "
                       f"recomputed {more:.3f}")
            continue
        below += more
        m_i = sums.loc[(r.team, r.period)] if (r.team, r.period) in sums.index else None
        if m_i is None or abs(m_i["m"] - r.managers) > 1e-5 * max(1.0, r.managers) or abs(
                m_i["i"] - r.individual_contributors) > 1e-5 * max(1.0, r.individual_contributors):
            bad.append(f"{r.team} {r.period}: {PlanTable.TEAMS.file} does not match "
                       f"{PlanTable.STAFFING.file}")
            continue
        if r.team not in s0.index or not np.isfinite(s0[r.team]):
            continue
        if r.managers <= 1e-9:
            if span.max is not None and s0[r.team] <= span.max + 1e-9 and (
                    r.individual_contributors > 1e-6):
                bad.append(f"{r.team} {r.period}: no managers for "
                           f"{r.individual_contributors:.2f} FTE")
            continue
        reports = r.individual_contributors + below
        if span.max is not None and s0[r.team] <= span.max + 1e-9 and (
                reports > span.max * r.managers + 1e-6):
            bad.append(f"{r.team} {r.period}: {reports / r.managers:.2f} > {span.max}")
        if span.min is not None and s0[r.team] >= span.min - 1e-9 and (
                reports < span.min * r.managers - 1e-6):
            bad.append(f"{r.team} {r.period}: {reports / r.managers:.2f} < {span.min}")
    return Finding("spans_within_limits", not bad, "; ".join(bad[:5]))


def _check_parameters(sc: Scenario, st: pd.DataFrame, out: _Findings,
                      gone: pd.Series | None = None) -> None:
    """The figures the plan states about itself agree with the scenario: initial FTE,
    demand, severance, hiring cost and the short-time factor."""
    lev = sc.levers
    years = sc.horizon.period.years
    first = st["k"] == 0
    if sc.pool_based:
        by_role = {p.role: p for p in sc.pools}
        init = st.loc[first, "role"].map({r: p.initial for r, p in by_role.items()})
        out.rows("initial_fte_is_the_scenarios",
                 first & ((st["fte_start"] - init).abs() > 1e-6), st["fte_start"] - init)
        dem = pd.Series([by_role[r].demand[k] if r in by_role else np.nan
                         for r, k in zip(st["role"], st["k"], strict=True)])
        out.rows("demand_is_the_scenarios", (st["demand_fte"] - dem).abs() > 1e-6,
                 st["demand_fte"] - dem)
        sev = st["role"].map({r: p.redundancy_cost or 0.0 for r, p in by_role.items()})
    else:
        # The work is the establishment's: the posts held and vacant at the start.
        start = st.groupby(["team", "role"])["fte_start"].transform("first") + st.groupby(
            ["team", "role"])["vacant_fte_start"].transform("first")
        growth = st["team"].map(lev.demand_growth.teams).fillna(lev.demand_growth.default)
        dem = start * (1 + growth) ** ((st["k"] + 1) * years)
        if gone is not None:  # a delayered manager pool's work goes with its layer
            dem = dem.where(~gone.to_numpy(), 0.0)
        out.rows("demand_is_the_scenarios", (st["demand_fte"] - dem).abs() > _tol(dem),
                 st["demand_fte"] - dem)
        sev = st["annual_cost_per_fte"] * lev.redundancy_months_of_pay / 12.0
    out.rows("severance_is_the_scenarios", (st["severance_per_fte"] - sev).abs() > _tol(sev),
             st["severance_per_fte"] - sev)
    out.rows("hire_cost_is_the_scenarios",
             (st["hire_cost_per_fte"] - lev.hiring.cost_per_hire).abs() > 1e-6,
             st["hire_cost_per_fte"] - lev.hiring.cost_per_hire)
    out.rows("short_time_factor_is_the_scenarios",
             (st["short_time_factor"] - lev.short_time.factor).abs() > 1e-9,
             st["short_time_factor"] - lev.short_time.factor)


LEDGER_COUNTS = {
    PlanTable.POOL_CHANGES: ("filled_posts", "redundancies", "moves_out", "reskill_out",
                             "vacancies_closed", "vacancies_filled", "new_posts"),
    PlanTable.POSITIONS: ("posts",), PlanTable.REQUISITIONS: ("posts",),
    PlanTable.MOVES: ("people",)}
"""The ledger's whole counts, by table."""


def _people(st: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """The staffing decisions in people (the staffing table's people columns).

    Each is its FTE column divided by the pool's FTE per person (the staffing table's, or
    for a folder written before it the held posts' FTE per post in the ledger's as-is
    positions), rounded; vacancies closed and filled in the pool's vacant posts, rounded on
    the running total; hires the vacancies filled and the people hired beyond them; a folder
    without vacancy columns has none."""
    st = st.copy()
    if "fte_per_person" not in st:
        as_is = positions[positions["action"] != "new"]
        per = {}
        for held in (False, True):  # the held posts; where none is held, the vacant ones
            rows = as_is[as_is["vacant"] == held].groupby(["team", "role"])[["fte", "posts"]]
            sums = rows.sum()
            per[held] = sums["fte"] / sums["posts"]
        fpp = per[False].combine_first(per[True])
        key = pd.MultiIndex.from_frame(st[["team", "role"]].astype(str))
        st["fte_per_person"] = fpp.reindex(key).fillna(1.0).to_numpy(float)
    for col in ("vacancies_closed", "vacancies_filled"):
        if col not in st:
            st[col] = 0.0
    fpp = st["fte_per_person"].to_numpy(float)
    for col, fte in (("redundancies_people", "redundancies"),
                     ("redeploy_out_people", "redeploy_out")):
        if col not in st:
            st[col] = np.rint(st[fte].to_numpy(float) / fpp)
    if "vacancies_closed_posts" not in st:
        # In vacant posts, rounded on the running total over the periods, at most the
        # pool's vacant posts (closures first).
        vacant = positions[(positions["action"] != "new") & positions["vacant"].astype(bool)]
        sums = vacant.groupby(["team", "role"])[["fte", "posts"]].sum()
        key = pd.MultiIndex.from_frame(st[["team", "role"]].astype(str))
        posts = sums["posts"].reindex(key).fillna(0.0).to_numpy(float)
        per_post = (sums["fte"] / sums["posts"]).reindex(key).to_numpy(float)
        per_post = np.where(np.isfinite(per_post), per_post, fpp)
        pool = key.factorize()[0]

        def counts(fte: np.ndarray, most: np.ndarray) -> np.ndarray:
            total = np.rint(pd.Series(fte / per_post).clip(lower=0.0).groupby(pool).cumsum()
                            .to_numpy() + 1e-9)
            total = np.minimum(total, np.floor(most + 1e-9))
            return total - pd.Series(total).groupby(pool).shift(1).fillna(0.0).to_numpy()

        closed = counts(st["vacancies_closed"].to_numpy(float), posts)
        st["vacancies_closed_posts"] = closed
        st["vacancies_filled_posts"] = counts(
            st["vacancies_filled"].to_numpy(float),
            posts - pd.Series(closed).groupby(pool).transform("sum").to_numpy())
    if "hires_people" not in st:
        new = (st["hires"].to_numpy(float) - st["vacancies_filled"].to_numpy(float)).clip(0.0)
        st["hires_people"] = st["vacancies_filled_posts"] + np.rint(new / fpp)
    return st


def _check_ai_operations(sc: Scenario, tables: dict[str, pd.DataFrame]) -> Finding:
    """The AI execution layer's operations posts (requisitions of kind ``ai_operations``)
    re-derived from the capabilities table and the scenario: in each period the posts so far
    are the most any period up to it needed, a period's need being the executed hours of
    every capability that sets ``ops_hours_per_fte``, per that many hours a year, rounded
    up to whole posts; their pay the need-weighted ``ops_cost_per_fte``."""
    req = tables.get(PlanTable.REQUISITIONS)
    caps = tables.get(PlanTable.CAPABILITIES)
    if req is None or "kind" not in req or caps is None:
        return Finding("ai_operations_posts", True, "not checked: written before AI "
                       "operations posts were requisitioned")
    ops = {c.id: c for c in sc.capabilities
           if c.ops_hours_per_fte and c.kind.value == "execute"}
    years = sc.horizon.period.years
    got = req[req["kind"] == "ai_operations"].assign(period=lambda f: f["period"].astype(str))
    got = got.groupby("period")[["posts", "annual_cost"]].sum()
    hours = caps.assign(period=caps["period"].astype(str)).groupby(
        ["period", "capability"])["executed_hours"].sum()
    problems, most = [], 0
    for period in dict.fromkeys(caps["period"].astype(str)):
        need = sum(float(hours.get((period, c), 0.0)) / (o.ops_hours_per_fte * years)
                   for c, o in ops.items())
        pay = sum(float(hours.get((period, c), 0.0)) / (o.ops_hours_per_fte * years)
                  * o.ops_cost_per_fte for c, o in ops.items())
        new = max(0, int(np.ceil(need - 1e-6)) - most)
        most += new
        stated = got.loc[period] if period in got.index else pd.Series(
            {"posts": 0, "annual_cost": 0.0})
        if int(stated["posts"]) != new:
            problems.append(f"{period}: {int(stated['posts'])} posts, recomputed {new}")
        elif new and abs(float(stated["annual_cost"]) - new * pay / need) > 1e-6 * max(
                1.0, new * pay / need):
            problems.append(f"{period}: annual cost {float(stated['annual_cost']):,.2f}, "
                            f"recomputed {new * pay / need:,.2f}")
    return Finding("ai_operations_posts", not problems, "; ".join(problems[:3]))


def _check_dates(sc: Scenario, summary: dict[str, Any], tables: dict[str, pd.DataFrame],
                 periods: list[str]) -> list[Finding]:
    """The law's dates (``docs/compliance.md``), re-derived from the folder: each ledger
    action's ``effective_date`` is the first day of its period (the horizon's start, one
    period length on each), and each triggered window's first exit takes effect no earlier
    than the announce date plus its lead time, which is no later than its latest start plus
    the lead time. Nothing for a plan written before dates."""
    step = {"month": 1, "quarter": 3, "year": 12}[sc.horizon.period.value]
    first = pd.Period(sc.horizon.start, freq="M")
    starts = {p: str((first + i * step).to_timestamp().date()) for i, p in enumerate(periods)}
    out = []
    for t in (PlanTable.POSITIONS, PlanTable.POOL_CHANGES):
        frame = tables.get(t)
        if frame is None or "effective_date" not in frame:
            continue
        dated = frame[frame["effective_date"].notna()]
        bad = dated["effective_date"] != dated["period"].astype(str).map(starts)
        one = dated[bad].iloc[0] if bad.any() else None
        out.append(Finding(f"effective_dates[{t.value}]", one is None,
                           "" if one is None else f"{int(bad.sum())} row(s) not dated to "
                           f"the first day of their period; first: {one['period']} "
                           f"{one['effective_date']}"))
    comp = tables.get(PlanTable.COMPLIANCE)
    if comp is not None and len(comp):
        hit = comp[comp["triggered"].astype(bool) & comp["first_effective_date"].notna()]
        lead = pd.to_timedelta(hit["lead_days"].astype(int), unit="D")
        early = (pd.to_datetime(hit["first_effective_date"])
                 < pd.to_datetime(hit["announce_date"]) + lead)
        late = pd.to_datetime(hit["latest_start"]) < pd.to_datetime(hit["announce_date"])
        wrong = early | late
        out.append(Finding("redundancies_after_their_lead_times", not wrong.any(),
                           "" if not wrong.any() else f"{int(wrong.sum())} window(s) whose "
                           f"first exit precedes the announcement plus its lead time; first: "
                           f"{hit[wrong].iloc[0]['establishment']} {hit[wrong].iloc[0]['rule']}"))
    return out


def _check_ledger(st: pd.DataFrame, tables: dict[str, pd.DataFrame], *,
                  positions: bool = True, gone: pd.Series | None = None) -> list[Finding]:
    """The position ledger reconciles with the staffing table, per pool and period: the pool
    changes are the staffing decisions in people (redundancies, vacancies closed and filled;
    new posts + vacancies filled = hires; moves out and reskilling starts = the moves
    table's people = the people redeployed out); the requisitions are the new posts; every
    as-is position appears exactly once, their FTE is the pool's at the start (staff and
    vacancies), and their actions add up to the pool's counts; every count is whole. A pool
    scenario (``positions`` False) has no positions: its pool changes are checked alone."""
    has_positions = positions
    positions = tables.get(PlanTable.POSITIONS)
    changes = tables.get(PlanTable.POOL_CHANGES)
    if positions is None or changes is None:
        return [Finding("ledger_reconciles", True, f"not checked: the folder has no "
                        f"{PlanTable.POSITIONS.file} (written before the position ledger)")]
    out: list[Finding] = []

    def fails(name: str, bad: pd.Series, what: str) -> None:
        n = int(bad.sum())
        out.append(Finding(name, n == 0, "" if n == 0 else f"{n} {what} differ; first: "
                           + ", ".join(map(str, bad[bad].index[0] if isinstance(
                               bad[bad].index[0], tuple) else (bad[bad].index[0],)))))

    not_whole = [f"{t.file} {c}" for t, cols in LEDGER_COUNTS.items()
                 if (frame := tables.get(t)) is not None for c in cols if c in frame
                 and not np.allclose(frame[c].to_numpy(float),
                                     np.round(frame[c].to_numpy(float)), atol=1e-9)]
    out.append(Finding("ledger_counts_whole", not not_whole, ", ".join(not_whole)))
    key = ["team", "role", "period"]
    sp = _people(st.assign(period=st["period"].astype(str)), positions).set_index(key)
    pc = changes.drop(columns=["effective_date"], errors="ignore").assign(
        period=changes["period"].astype(str)).set_index(key)
    every = sp.index.union(pc.index)
    sp, pc = sp.reindex(every), pc.reindex(every)
    fails("ledger_pools_are_staffings", sp["fte_start"].isna() | pc["new_posts"].isna(),
          "pool-period(s)")
    sp, pc = sp.fillna(0.0), pc.fillna(0)
    for name, got, exp in (
            ("redundancies", pc["redundancies"], sp["redundancies_people"]),
            ("vacancies_closed", pc["vacancies_closed"], sp["vacancies_closed_posts"]),
            ("vacancies_filled", pc["vacancies_filled"], sp["vacancies_filled_posts"]),
            ("hires", pc["new_posts"] + pc["vacancies_filled"], sp["hires_people"]),
            ("moves", pc["moves_out"] + pc["reskill_out"], sp["redeploy_out_people"])):
        fails(f"ledger_matches_staffing[{name}]", (got - exp).abs() > 1e-9,
              "pool-period(s)")
    moves = tables.get(PlanTable.MOVES)
    if moves is not None and "people" in moves:
        m = moves.assign(period=moves["period"].astype(str))
        for col, kind in (("moves_out", "redeploy"), ("reskill_out", "reskill")):
            by = m[m["kind"] == kind].groupby(["from_team", "from_role", "period"])[
                "people"].sum()
            by.index.names = key
            fails(f"ledger_matches_moves[{col}]", (by.reindex(every, fill_value=0)
                                                   - pc[col]).abs() > 1e-9, "pool-period(s)")
    req = tables.get(PlanTable.REQUISITIONS)
    if req is not None and "kind" in req:  # the AI layer's posts: _check_ai_operations
        req = req[req["kind"] == "pool"]
    if req is not None:
        r = req.assign(period=req["period"].astype(str)).groupby(key)["posts"].sum()
        fails("requisitions_are_new_posts", (r.reindex(every, fill_value=0)
                                             - pc["new_posts"]).abs() > 1e-9, "pool-period(s)")
        cost = req.set_index(key)["fte"] * sp["annual_cost_per_fte"].reindex(
            req.set_index(key).index)
        fails("requisitions_cost_recomputes", pd.Series(
            np.abs(req["annual_cost"].to_numpy() - cost.to_numpy())
            > _tol(cost.to_numpy()) + 1e-6), "requisition(s)")
    if not has_positions:
        return out
    # Positions: each as-is one once, their FTE the pool's at the start, actions = counts.
    fails("positions_appear_once", positions["position_id"].astype(str).duplicated(),
          "position id(s)")
    as_is = positions[positions["action"] != "new"]
    first = st[st["k"] == 0].assign(team=lambda f: f["team"].astype(str),
                                    role=lambda f: f["role"].astype(str))
    start = first.groupby(["team", "role"])["fte_start"].sum()
    if "vacant_fte_start" in first:
        start = start + first.groupby(["team", "role"])["vacant_fte_start"].sum()
    held = as_is.groupby(["team", "role"])["fte"].sum()
    pools = start.index.union(held.index)
    gap = held.reindex(pools, fill_value=0.0) - start.reindex(pools, fill_value=0.0)
    fails("positions_are_the_pools_fte", gap.abs() > _tol(start.reindex(
        pools, fill_value=0.0)), "pool(s)")
    total = pc.groupby(level=["team", "role"]).sum()
    removes = (total["redundancies"] + total["moves_out"] + total["reskill_out"]) > 0
    if gone is not None and gone.any():  # delayering removes a manager pool's every post
        hit = st[gone.to_numpy()].assign(team=lambda f: f["team"].astype(str),
                                         role=lambda f: f["role"].astype(str))
        removes = removes | removes.index.isin(pd.MultiIndex.from_frame(hit[["team", "role"]]))
    posts = positions.assign(one=positions["posts"]).pivot_table(
        index=["team", "role"], columns="action", values="one", aggfunc="sum", fill_value=0)
    posts = posts.reindex(total.index, fill_value=0)
    filled = as_is[~as_is["vacant"].astype(bool)].groupby(["team", "role"])["posts"].sum()
    filled = filled.reindex(total.index, fill_value=0)
    first_rows = pc.groupby(level=["team", "role"])["filled_posts"].first()

    def col(a: str) -> pd.Series:
        return posts[a] if a in posts else pd.Series(0, index=total.index)

    fails("positions_affected_are_the_pool", (col("affected") - filled.where(removes, 0))
          .abs() > 0, "pool(s)")
    fails("positions_filled_are_pool_changes", (filled - first_rows).abs() > 0, "pool(s)")
    for action, count in (("close", "vacancies_closed"), ("fill", "vacancies_filled"),
                          ("new", "new_posts")):
        fails(f"positions_match_pool_changes[{action}]", (col(action) - total[count]).abs()
              > 0, "pool(s)")
    wrong = (as_is["vacant"].astype(bool) & (as_is["action"] == "affected")) | (
        ~as_is["vacant"].astype(bool) & as_is["action"].isin(["close", "fill"]))
    fails("positions_actions_fit_posts", wrong.reset_index(drop=True), "position(s)")
    return out
