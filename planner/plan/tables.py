"""A solved scenario as the tables finance, the app and the checker read.

Tables (one row per ...):

``staffing``
    team, role, period: fte_start, attrition, hires, redeploy_in, redeploy_out,
    redundancies, fte_end, annual_cost_per_fte (plus overstaffing and short_time) [FTE];
    the vacancies: vacant_fte_start, vacancies_closed, vacancies_filled (part of hires),
    vacant_fte_end [FTE].
``work``
    team, role, task, period: demand_hours, ai_hours, capability, assisted_hours,
    human_hours, oversight_hours [h].
``capabilities``
    team, capability, period: kind (execute or assist), deployed [0-1], executed_hours [h]
    (hours of work the AI does: execute capabilities), assisted_hours [h] (hours of human
    work the AI assists: assist capabilities), cost [currency].
``teams``
    team, period: managers, individual_contributors [FTE], span, fte, run_rate_cost
    [currency/year].
``costs``
    period, category, amount [currency].
``moves``
    from_team, from_role, to_team, to_role, period, kind: fte [FTE], cost [currency],
    arrival_period, fte_arriving [FTE]; one valid from -> to split of the hubs' flows
    (:mod:`planner.optimise.moves`).
``constraints``
    name, kind, binding, slack, shadow_price, explanation.
``positions``, ``pool_changes``, ``requisitions``, ``alternatives``
    The position ledger in whole posts and people (:mod:`planner.plan.ledger`); the moves
    gain ``people`` beside ``fte``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.domain import ONE_OFF_COSTS, CapabilityKind
from planner.errors import Problem, Severity
from planner.io.plan_folder import PlanTable, check_plan_columns, write_plan_folder
from planner.labels import count_of
from planner.optimise.costs import hourly_rate
from planner.optimise.families import reports_in
from planner.optimise.gates import gate_summary
from planner.optimise.model import Built
from planner.optimise.solvers import Solution
from planner.optimise.whole import fte_per_person as whole_scales
from planner.optimise.whole import whole_counts
from planner.status import SolveStatus

ONE_OFF: tuple[str, ...] = tuple(ONE_OFF_COSTS)
"""The one-off cost lines (:data:`planner.schema.ONE_OFF_COSTS`), kept for
``from planner.plan import ONE_OFF``."""


@dataclass(frozen=True, eq=False)
class Plan:
    """A scenario's answer: status, summary, tables and explanations.

    A plan is never changed once made (its summary and tables included): a caller that
    adds to it derives a new one (:meth:`with_summary`)."""

    status: SolveStatus
    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    explanations: tuple[str, ...] = ()

    @property
    def has_plan(self) -> bool:
        """True when the solver returned a plan (optimal or feasible)."""
        return self.status.has_plan

    def with_summary(self, **values: Any) -> Plan:
        """A copy of this plan with ``values`` set in (or added to) its summary."""
        return replace(self, summary={**self.summary, **values})

    def saved_summary(self) -> dict[str, Any]:
        """The summary as the plan folder (:data:`planner.io.plan_folder.SUMMARY_FILE`) and
        the store keep it: with the explanations."""
        return {**self.summary, "explanations": list(self.explanations)}


def _values(built: Built, sol: Solution, name: str) -> np.ndarray:
    b = built.block(name)
    assert sol.x is not None
    return sol.x[b.start:b.start + len(b)]


def cost_table(built: Built, x: np.ndarray) -> pd.DataFrame:
    """Costs per period and category from the model's cost terms."""
    rows = []
    for t in built.costs:
        amounts = x[t.cols] * t.coef
        per = np.bincount(t.period, weights=amounts, minlength=len(built.data.periods))
        rows += [(p, t.category, a) for p, a in enumerate(per)]
    df = pd.DataFrame(rows, columns=["period", "category", "amount"])
    df = df.groupby(["period", "category"], as_index=False)["amount"].sum()
    df["period"] = np.asarray(built.data.periods)[df["period"].to_numpy(int)]
    return df


def vacancy_summary(pools: pd.DataFrame, closed: np.ndarray, filled: np.ndarray,
                    kept: np.ndarray) -> dict[str, float]:
    """The vacancies closed, kept open to the end and filled over the horizon, in posts
    and FTE.

    ``closed`` and ``filled`` are per pool and period, ``kept`` the vacancies open at the
    end of each period [FTE]. Posts are FTE at the pool's FTE per vacant post.
    """
    vacant_fte = pools["vacant_fte"].to_numpy(float)
    per_post = np.where(vacant_fte > 0, vacant_fte / np.maximum(
        pools["vacant_posts"].to_numpy(float), 1.0), 1.0)
    fte = {"closed": closed.sum(axis=1), "kept": kept[:, -1] if kept.shape[1] else
           np.zeros(len(pools)), "filled": filled.sum(axis=1)}
    out: dict[str, float] = {}
    for what, f in fte.items():
        out[f"{what}_posts"] = round(float((f / per_post).sum()), 6)
        out[f"{what}_fte"] = round(float(f.sum()), 6)
    return out


def _posts(n: float) -> str:
    """A count of posts: whole when it is (to a millionth), else to one decimal."""
    return f"{n:,.0f}" if abs(n - round(n)) < 1e-6 else f"{n:,.1f}"


def vacancy_line(summary: dict[str, Any]) -> str | None:
    """The plan's vacancies in one sentence ("Vacancies: 12 posts closed (11.5 FTE), 3
    filled, 38 kept"); None for a plan with no vacancies (pool mode, older plans)."""
    v = summary.get("vacancies")
    if not v or v["closed_fte"] + v["filled_fte"] + v["kept_fte"] <= 1e-9:
        return None
    closed = v["closed_posts"]
    return (f"Vacancies: {_posts(closed)} post{'' if _posts(closed) == '1' else 's'} closed "
            f"({v['closed_fte']:,.1f} FTE), {_posts(v['filled_posts'])} filled, "
            f"{_posts(v['kept_posts'])} kept")


def make_plan(built: Built, sol: Solution, *, build_seconds: float = 0.0,
              explanations: tuple[str, ...] = (), constraints: pd.DataFrame | None = None,
              tables: bool = True, roster: pd.DataFrame | None = None) -> Plan:
    """Turn a solution into the plan tables and the summary.

    With ``tables=False`` (batch runs that keep the summary only) the plan holds just the
    ``staffing`` and ``costs`` tables; the summary is the same. ``roster`` is the roster a
    roster-based plan was made from: its positions make the position ledger
    (:func:`planner.plan.ledger.build_ledger`; without it, the ledger has no positions).
    """
    data = built.data
    sc = data.scenario
    size = built.model.size()
    base = {
        "scenario": sc.name, "status": sol.status.value, "objective": sol.objective,
        "objective_kind": sc.objective.kind.value, "backend": sol.backend,
        "solve_seconds": round(sol.seconds, 3), "build_seconds": round(build_seconds, 3),
        "model_size": size, "periods": list(data.periods),
        "notes": [n.to_dict() for n in data.notes], "currency": data.currency,
        "fte_before": round(float(data.pools["initial"].sum()), 6),
        "run_rate_cost_before": round(float((data.pools["initial"] *
                                             data.pools["cost_per_fte"]).sum()), 2),
    }
    if data.left_out is not None:
        base["skipped_rows"] = data.left_out.to_dict()
    if sol.mip_gap is not None:
        base["mip_gap"] = sol.mip_gap
        base["lp_bound"] = sol.mip_bound
    if built.whole is not None:
        base["whole_people"] = built.whole.to_dict()
    if data.gates:
        base["gates"] = gate_summary(data, built.gate_prices)
    if not sol.status.has_plan:
        base["message"] = sol.message
        return Plan(sol.status, base, {}, explanations)
    x = sol.x
    assert x is not None
    pools = data.pools
    n_p = len(data.periods)
    labels = np.asarray(data.periods)
    staff = _values(built, sol, "staff").reshape(-1, n_p)
    hire = _values(built, sol, "hire").reshape(-1, n_p)
    red = _values(built, sol, "redundancy").reshape(-1, n_p)
    inn = _values(built, sol, "redeploy_in").reshape(-1, n_p)
    out = _values(built, sol, "redeploy_out").reshape(-1, n_p)
    arrive = _values(built, sol, "reskill_in").reshape(-1, n_p)
    over = _values(built, sol, "overstaffing").reshape(-1, n_p)
    short = _values(built, sol, "short_time").reshape(-1, n_p)
    vac_open = _values(built, sol, "vacancy_open").reshape(-1, n_p)
    vac_close = _values(built, sol, "vacancy_close").reshape(-1, n_p)
    vac_fill = _values(built, sol, "vacancy_fill").reshape(-1, n_p)
    vac_start = np.column_stack([pools["vacant_fte"].to_numpy(float), vac_open[:, :-1]])
    start = np.column_stack([pools["initial"].to_numpy(float), staff[:, :-1]])
    attr = pools["a_long"].to_numpy()[:, None] * start + pools["a_new"].to_numpy()[:, None] * hire
    team_attr = data.teams.set_index("team")
    staffing = pd.DataFrame({
        "team": np.repeat(pools["team"].to_numpy(), n_p),
        "function": np.repeat(pools["team"].map(team_attr["function"]).to_numpy(), n_p),
        "cost_center": np.repeat(pools["team"].map(team_attr["cost_center"]).to_numpy(), n_p),
        "role": np.repeat(pools["role"].to_numpy(), n_p),
        "period": np.tile(labels, len(pools)),
        "fte_start": start.ravel(), "attrition": attr.ravel(), "hires": hire.ravel(),
        "redeploy_in": (inn + arrive).ravel(), "redeploy_out": out.ravel(),
        "redundancies": red.ravel(),
        "fte_end": staff.ravel(),
        "annual_cost_per_fte": np.repeat(pools["cost_per_fte"].to_numpy(float), n_p),
        "overstaffing": over.ravel(), "short_time": short.ravel(),
        "reskilled_in": arrive.ravel(),
        "short_time_factor": np.repeat(pools["short_factor"].to_numpy(float), n_p),
        "demand_fte": data.demand.ravel(),
        "is_manager": np.repeat(pools["is_manager"].to_numpy(bool), n_p),
        "severance_per_fte": np.repeat(pools["red_cost"].to_numpy(float), n_p),
        "hire_cost_per_fte": np.repeat(pools["hire_cost"].to_numpy(float), n_p),
        "overstaffing_cost_per_fte": np.repeat(pools["over_cost"].to_numpy(float), n_p),
        "short_time_cost_per_fte": np.repeat(pools["short_cost"].to_numpy(float), n_p),
        "vacant_fte_start": vac_start.ravel(), "vacancies_closed": vac_close.ravel(),
        "vacancies_filled": vac_fill.ravel(), "vacant_fte_end": vac_open.ravel(),
        "fte_per_person": np.repeat(fte_per_person(pools), n_p),
    })
    if built.whole is not None and built.whole.objective is not None:  # whole: the counts
        staffing["fte_per_vacant_post"] = np.repeat(whole_scales(pools)[1], n_p)
        if "backfill" in built.model.blocks:
            staffing["backfill"] = _values(built, sol, "backfill")
            base["backfill"] = round(float(staffing["backfill"].sum()), 6)
        for col, count in whole_counts(built, x).items():
            staffing[col] = count
        base["people"] = built.whole.people
    costs = cost_table(built, x)
    # Executed and assisted hours straight from the AI block (a group's task weights sum
    # to 1, so this equals the work table's totals).
    ai_block = built.block("ai")
    kind = ai_block.index["capability"].map({c.id: c.kind.value for c in sc.capabilities})
    ai_vals = x[ai_block.start:ai_block.start + len(ai_block)]
    reskill = _values(built, sol, "reskill")
    totals = costs.groupby("category")["amount"].sum()
    recurring_last = sum(float((x[t.cols[t.period == n_p - 1]] * t.coef[t.period == n_p - 1])
                               .sum()) for t in built.costs if t.recurring) / data.years
    base.update({
        "fte_after": round(float(staff[:, -1].sum()), 6),
        "run_rate_cost_after": round(recurring_last, 2),
        "one_off_cost": {str(k): round(float(totals.get(k, 0.0)), 2) for k in ONE_OFF},
        "total_cost": round(float(costs["amount"].sum()), 2),
        "redundancies": round(float(red.sum()), 6),
        "redeployments": round(float(inn.sum()), 6),
        "reskilled_arrivals": round(float(arrive.sum()), 6),
        "reskilled": round(float(reskill.sum()), 6),
        "hires": round(float(hire.sum()), 6),
        "vacancies": vacancy_summary(pools, vac_close, vac_fill, vac_open),
        "attrition": round(float(attr.sum()), 6),
        "ai_hours": round(float(ai_vals[(kind == "execute").to_numpy(bool)].sum()), 3),
        "assisted_hours": round(float(ai_vals[(kind == "assist").to_numpy(bool)].sum()), 3),
        "capacity_freed_hours": round(float((x[built.capacity_cols] *
                                             built.capacity_coef).sum()), 3),
    })
    if not tables:
        check_plan_columns(base, kept := {"staffing": staffing, "costs": costs})
        return Plan(sol.status, base, kept, explanations)
    from planner.optimise.delayering import delayered_periods
    from planner.optimise.moves import move_table
    from planner.plan.ledger import ai_operations, build_ledger, per_person, with_people
    from planner.schema import MoveSchema

    work, capabilities = _work_tables(built, sol)
    teams = _team_table(built, staffing, costs, capabilities)
    team_by = sc.inputs.team_by
    moves = with_people(move_table(built, sol), per_person(staffing, roster, team_by))
    ledger = build_ledger(roster, staffing, moves, team_by=team_by, periods=data.periods,
                          scope_of=dict(zip(pools["team"], pools["hub_scope"], strict=True)),
                          paths=[(p.from_role, p.to_role) for p in data.paths],
                          delayered=delayered_periods(data))
    ai_posts = ai_operations(capabilities, _ops(sc), data.periods, data.years,
                             sc.levers.hiring.cost_per_hire)
    if len(ai_posts):
        base = {**base, **_ai_operations_summary(ai_posts, data.periods[-1], base["notes"])}
    tables_ = {"staffing": staffing, "work": work, "capabilities": capabilities,
               "teams": teams, "costs": costs,
               "moves": MoveSchema.validate(moves, lazy=True),
               "constraints": constraints if constraints is not None else pd.DataFrame(
                   columns=list(PlanTable.CONSTRAINTS.schema.to_schema().columns)),
               "positions": ledger.positions, "pool_changes": ledger.pool_changes,
               "requisitions": pd.concat([ledger.requisitions, ai_posts], ignore_index=True),
               "alternatives": ledger.alternatives}
    check_plan_columns(base, tables_)
    return Plan(sol.status, base, tables_, explanations)


def _ai_operations_summary(posts: pd.DataFrame, last: str,
                           notes: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary's ``ai_operations`` block (posts, their pay a year and hiring cost) and
    the note that says how they stand to the plan's costs."""
    n, pay, hire = int(posts["posts"].sum()), float(posts["annual_cost"].sum()), float(
        posts["one_off_cost"].sum())
    said = (f"The AI execution layer needs {count_of(n, 'AI operations post')} by {last}, in "
            "the requisitions with their pay and hiring cost. The plan prices this work by "
            "the executed hour, so its costs hold the hours worked, not whole posts, and not "
            "the posts' hiring.")
    note = Problem(code="ai_operations_posts", severity=Severity.INFO, message=said,
                   hint="To plan with your own figures, set each capability's AI hours one "
                        "operations FTE runs and its cost per operations FTE "
                        "(ops_hours_per_fte, ops_cost_per_fte)").to_dict()
    return {"ai_operations": {"posts": n, "annual_cost": round(pay, 2),
                              "one_off_cost": round(hire, 2)},
            "notes": [*notes, note]}


def fte_per_person(pools: pd.DataFrame) -> np.ndarray:
    """FTE per person of each pool [FTE/person] (:func:`planner.optimise.whole.fte_per_person`,
    the one rule). The ledger and the structure count people as a pool's FTE divided by it."""
    return whole_scales(pools)[0]


def _ops(sc: Any) -> dict[str, tuple[float, float]]:
    """Capability id -> (ops_hours_per_fte, ops_cost_per_fte) of the scenario's capabilities
    that set the first (execute capabilities run by AI operations staff)."""
    return {c.id: (c.ops_hours_per_fte, c.ops_cost_per_fte) for c in sc.capabilities
            if c.ops_hours_per_fte and c.kind is CapabilityKind.EXECUTE}


def _work_tables(built: Built, sol: Solution) -> tuple[pd.DataFrame, pd.DataFrame]:
    data = built.data
    sc = data.scenario
    n_p = len(data.periods)
    labels = np.asarray(data.periods)
    caps = {c.id: c for c in sc.capabilities}
    ai_block = built.block("ai")
    cap_cols = ["team", "capability", "period", "kind", "deployed", "executed_hours",
                "assisted_hours", "cost"]
    work_cols = ["team", "role", "task", "period", "demand_hours", "ai_hours", "capability",
                 "assisted_hours", "human_hours", "oversight_hours"]
    if data.scenario.pool_based:
        return pd.DataFrame(columns=work_cols), pd.DataFrame(columns=cap_cols)
    pools = data.pools.reset_index().rename(columns={"index": "pool"})
    gt = data.group_tasks
    x = sol.x
    assert x is not None
    ai_vals = x[ai_block.start:ai_block.start + len(ai_block)]
    idx = ai_block.index.assign(value=ai_vals)
    idx = idx.merge(pools[["pool", "team", "role"]], on="pool")
    idx["kind"] = idx["capability"].map({k: v.kind.value for k, v in caps.items()})
    per_task = idx.merge(gt[["role", "group", "task_id", "weight", "oversight_hours_per_ai_hour"]],
                         on=["role", "group"])
    per_task["hours"] = per_task["value"] * per_task["weight"]
    ov = per_task["capability"].map(
        {k: v.oversight_hours_per_ai_hour for k, v in caps.items()})
    per_task["oversight"] = np.where(per_task["kind"] == "execute", per_task["hours"] * ov.fillna(
        per_task["oversight_hours_per_ai_hour"]).astype(float), 0.0)
    up = per_task["capability"].map({k: v.uplift for k, v in caps.items()}).astype(float)
    per_task["saved"] = np.where(per_task["kind"] == "assist", per_task["hours"] * up / (1 + up),
                                 0.0)
    per_task["ai_h"] = np.where(per_task["kind"] == "execute", per_task["hours"], 0.0)
    per_task["as_h"] = np.where(per_task["kind"] == "assist", per_task["hours"], 0.0)
    # Keyed by pool, one per (team, role): merging on its number is quicker than on text.
    keys = ["pool", "task_id", "period"]
    used = per_task.loc[per_task["hours"] > 1e-9, [*keys, "capability"]].drop_duplicates()
    used = used.sort_values([*keys, "capability"])
    grouped = used.groupby(keys)["capability"]
    cap_names = grouped.first()
    several = grouped.size() > 1
    if several.any():  # rare: a task taken by two capabilities at once
        multi = used.set_index(keys).loc[several[several].index, "capability"]
        cap_names.loc[several[several].index] = multi.groupby(level=list(range(len(keys)))).agg(
            "+".join)
    agg = per_task.groupby(keys)[
        ["ai_h", "as_h", "saved", "oversight"]].sum()
    # Demand per task: the pool's work (FTE x hours) x the task's share of the role.
    base = pools[["pool", "team", "role"]].merge(data.role_mix, on="role")
    base = base.loc[base.index.repeat(n_p)].reset_index(drop=True)
    base["period"] = np.tile(np.arange(n_p), len(base) // n_p if n_p else 0)
    base["demand_hours"] = (data.demand[base["pool"].to_numpy(int), base["period"].to_numpy(int)]
                            * base["share"].to_numpy(float) * data.hours)
    base = base.merge(agg.reset_index(), on=keys, how="left")
    base = base.merge(cap_names.rename("capability").reset_index(), on=keys, how="left")
    for c in ("ai_h", "as_h", "saved", "oversight"):
        base[c] = base[c].fillna(0.0)
    work = pd.DataFrame({
        "team": base["team"], "role": base["role"], "task": base["task_id"],
        "period": labels[base["period"].to_numpy(int)], "demand_hours": base["demand_hours"],
        "ai_hours": base["ai_h"], "capability": base["capability"].fillna(""),
        "assisted_hours": base["as_h"],
        "human_hours": base["demand_hours"] - base["ai_h"] - base["saved"],
        "oversight_hours": base["oversight"]})

    # Capabilities per team and period.
    rate = {k: hourly_rate(v, data.hours / data.years) for k, v in caps.items()}
    hours = idx.groupby(["team", "capability", "period"])["value"].sum().reset_index()
    hours["run_cost"] = hours["value"] * hours["capability"].map(rate)
    dep = built.block("deployed")
    dep_vals = x[dep.start:dep.start + len(dep)]
    dep_frame = dep.index.assign(deployed=dep_vals)
    hours = hours.merge(dep_frame, on=["team", "capability"], how="left")
    fixed = hours["capability"].map({k: v.fixed_cost_per_team for k, v in caps.items()})
    hours["deployed"] = hours["deployed"].fillna((hours["value"] > 1e-9).astype(float))
    hours["cost"] = hours["run_cost"] + np.where(
        hours["capability"].isin(dep_frame["capability"]), hours["deployed"] * fixed * data.years,
        0.0)
    kind = hours["capability"].map({k: v.kind.value for k, v in caps.items()})
    capabilities = pd.DataFrame({
        "team": hours["team"], "capability": hours["capability"],
        "period": labels[hours["period"].to_numpy(int)], "kind": kind,
        "deployed": hours["deployed"],
        "executed_hours": np.where(kind == "execute", hours["value"], 0.0),
        "assisted_hours": np.where(kind == "assist", hours["value"], 0.0),
        "cost": hours["cost"]})
    return work, capabilities


def _team_table(built: Built, staffing: pd.DataFrame, costs: pd.DataFrame,
                capabilities: pd.DataFrame) -> pd.DataFrame:
    data = built.data
    mgr = staffing["is_manager"].to_numpy(bool)
    s = staffing.assign(
        managers=np.where(mgr, staffing["fte_end"], 0.0),
        ics=np.where(mgr, 0.0, staffing["fte_end"]),
        pay=(staffing["fte_end"] - (1 - staffing["short_time_factor"]) * staffing["short_time"])
        * staffing["annual_cost_per_fte"])
    s["pay"] = s["pay"] + (s["overstaffing"] * s["overstaffing_cost_per_fte"]
                           + s["short_time"] * s["short_time_cost_per_fte"])
    if data.scenario.levers.vacancies.funded:
        s["pay"] = s["pay"] + s["vacant_fte_end"] * s["annual_cost_per_fte"]
    t = s.groupby(["team", "period"], sort=False).agg(
        managers=("managers", "sum"), individual_contributors=("ics", "sum"),
        fte=("fte_end", "sum"), run_rate_cost=("pay", "sum")).reset_index()
    if len(capabilities):
        ai = capabilities.groupby(["team", "period"])["cost"].sum() / data.years
        t["run_rate_cost"] += t.set_index(["team", "period"]).index.map(ai).fillna(0.0).to_numpy()
    t["heads_reporting_in"] = t["team"].map(reports_in(data)).fillna(0.0).to_numpy(float)
    t["reports_from_delayered"] = _reports_from_delayered(data, t)
    t["span"] = np.where(t["managers"] > 1e-9, (t["individual_contributors"]
                                                + t["heads_reporting_in"]
                                                + t["reports_from_delayered"]) /
                         t["managers"].where(t["managers"] > 1e-9, 1.0), np.nan)
    return t[["team", "period", "managers", "individual_contributors", "span", "fte",
              "run_rate_cost", "heads_reporting_in", "reports_from_delayered"]]


def _reports_from_delayered(data: Any, t: pd.DataFrame) -> np.ndarray:
    """Per team-period row of ``t``, the FTE reporting to the team's managers from the
    teams delayered into it (formulation §4.7): their individual contributors at the
    period's end and their heads in, less their posts that reported up [FTE]."""
    out = np.zeros(len(t))
    k = t["period"].map({p: i for i, p in enumerate(data.periods)}).to_numpy(int)
    for f in data.delayering:
        if not f.done:
            continue
        own = t[t["team"] == f.team].set_index("period")["individual_contributors"]
        at = ((t["team"] == f.into).to_numpy() & (k >= f.period_index))
        out[at] += own.reindex(t["period"][at]).fillna(0.0).to_numpy(float) + (
            f.heads_in - f.reports_up)
    return out


def write_plan(plan: Plan, out_dir: str | os.PathLike[str],
               scenario_doc: dict[str, Any] | None = None) -> Path:
    """Write the plan folder: the summary with the explanations, the tables and the scenario
    beside them (:func:`planner.io.plan_folder.write_plan_folder`)."""
    return write_plan_folder(out_dir, plan.saved_summary(), plan.tables, scenario_doc)
