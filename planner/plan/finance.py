"""Finance views of a plan: the tables a finance team imports and reconciles.

Pure functions from a plan's summary, tables and scenario to the finance tables; writing
them as a workbook or CSV files is :mod:`planner.io.workbook`' job.

Tables
------
assumptions
    The whole scenario flattened: key path, value, unit.
cost_centres
    Per cost centre and period: FTE at the start and end and the change, run-rate cost at
    the start and end [currency/year] and the change, and the period's salaries and one-off
    people costs [currency].
one_off
    One-off costs per category and period [currency].
team_changes
    Per team, role and period: start, attrition, hires, redeployments, redundancies, end [FTE].
ai_layer
    Per team, capability and period: the capability's kind, its deployment (0-1: a
    fraction only in a continuous plan), the hours of work it executes, the hours of human
    work it assists, the oversight hours its executed work needs [h], cost [currency].
moves
    Who moves where: per period, from cost centre, team and role to cost centre, team and
    role, redeployed or reskilled, FTE leaving and arriving, and the one-off cost [currency]
    (one valid split of the plan's pooled moves, :mod:`planner.optimise.moves`).
positions, pool changes, requisitions, alternatives
    The position ledger (:mod:`planner.plan.ledger`), as the plan holds it (plans made
    before it have none).
tidy
    One fact a row: scenario, version, cost_centre, team, role, period, measure, value, the
    shape planning tools such as Anaplan or Adaptive import.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

import pandas as pd

from planner.domain import ONE_OFF_COSTS, CostCategory
from planner.labels import format_money, roster_currency  # noqa: F401  (finance's own words)

PlanParts: TypeAlias = tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, Any]]
"""A plan in memory as finance and compare take it: its summary, its tables and its
scenario document (a :class:`~planner.plan.tables.Plan`'s ``summary`` and ``tables`` with
the :func:`~planner.scenario.model.scenario_document` it answers, a plan folder's
:class:`~planner.io.plan_folder.PlanFolder` or a stored run's
:meth:`~planner.store.Store.run_plan`)."""

ONE_OFF_CATEGORIES: tuple[str, ...] = tuple(c.value for c in ONE_OFF_COSTS)
"""The one-off cost lines (:data:`planner.domain.ONE_OFF_COSTS`) as the costs table spells
them: the columns of the One-off costs sheet."""
SALARIES = CostCategory.SALARIES.value
"""The salaries line: a column of the cost centres and tidy tables."""
UNITS = {
    "cost_per_hour": "currency/h", "fixed_cost_per_team": "currency/year",
    "implementation_cost": "currency", "ops_cost_per_fte": "currency/FTE-year",
    "ops_hours_per_fte": "h/FTE-year", "cost_per_assisted_fte": "currency/FTE-year",
    "cost_per_hire": "currency", "cost_per_fte": "currency/FTE", "one_off_budget": "currency",
    "budget": "currency", "price_per_redundancy": "currency", "annual_cost_per_fte":
    "currency/FTE-year", "redundancy_cost": "currency/FTE", "overstaffing_cost":
    "currency/FTE-year", "short_time_cost": "currency/FTE-year", "adoption": "share",
    "new": "share/year", "long": "share/year", "savings_target": "share of run rate",
    "uplift": "share", "oversight_hours_per_ai_hour": "h/h", "initial": "FTE", "demand": "FTE",
    "redundancy_months_of_pay": "months", "time_limit": "s", "gap": "share",
    "max_reduction_per_period": "share", "max_reduction_overall": "share",
    "max_redundancies": "FTE",
    "lead_time_periods": "periods", "capacity_per_period": "FTE/period",
    "capacity_share_of_target": "share", "min_share": "share", "max_share": "share",
    "hire_limit": "FTE/period", "cap_per_period": "FTE/period", "short_time_limit": "FTE",
    "per_pool": "FTE", "total": "FTE", "factor": "share", "default": "share/year",
}


def unit_text(unit: str, currency: str | None) -> str:
    """A unit of :data:`UNITS` with the roster's currency code for "currency"."""
    return unit.replace("currency", currency) if currency else unit


SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("status", "Plan status", ""),
    ("objective_kind", "Objective", ""),
    ("horizon", "Horizon", ""),
    ("currency", "Currency", ""),
    ("fte_before", "FTE before", "FTE"),
    ("fte_after", "FTE after", "FTE"),
    ("run_rate_cost_before", "Run-rate cost before", "currency/year"),
    ("run_rate_cost_after", "Run-rate cost after", "currency/year"),
    ("run_rate_change", "Run-rate cost change", "currency/year"),
    ("one_off_total", "One-off costs", "currency"),
    ("total_cost", "Total cost over the horizon", "currency"),
    ("redundancies", "Redundancies", "FTE"),
    ("redeployments", "Redeployments", "FTE"),
    ("reskilled_arrivals", "Reskilled arrivals", "FTE"),
    ("hires", "Hires", "FTE"),
    ("attrition", "Attrition", "FTE"),
    ("ai_hours", "Hours of work AI executes", "h"),
    ("assisted_hours", "Hours of human work AI assists", "h"),
    ("capacity_freed_hours", "Capacity freed", "h"),
    ("npv", "Net present value", "currency"),
    ("discount_rate", "Discount rate", "share/year"),
    ("payback_period", "Payback period", ""),
    ("payback_years", "Payback", "years"),
)
"""The business measures of a plan's summary: key, label, unit (the workbook's Summary)."""
MEASURE_EXTRA = (("scenario", "Scenario", ""), ("objective", "Objective", ""),
                 ("one_off_cost", "One-off costs", "currency"))


def measure_label(key: str, currency: str | None = None) -> str:
    """A plan measure as a planner reads it, with its unit: ``run_rate_cost_after`` ->
    "Run-rate cost after [GBP/year]"."""
    for k, lab, unit in (*SUMMARY_ROWS, *MEASURE_EXTRA):
        if k == key:
            return f"{lab} [{unit_text(unit, currency)}]" if unit else lab
    return key.replace("_", " ").capitalize()


TECHNICAL_KEYS = ("objective", "backend", "solve_seconds", "build_seconds", "model_size",
                  "mip_gap", "lp_bound", "message")
"""Solver details of a summary, kept apart from the business measures."""


def summary_rows(tables: FinanceTables, how: Callable[[str], str] | None = None
                 ) -> list[tuple[str, Any, str]]:
    """The Summary of a plan as (label, value, unit) rows, units with the currency code:
    first how much of the FTE has no confident role and the teams most affected (when the
    plan states it, :func:`planner.plan.coverage.plan_coverage`), then the measures; the
    one-off costs by category follow their total, and the plan's caveats close it: the
    roster rows it was planned without (``skipped_rows``), then its notes (positions with no
    cost, titles with no role), each with how to set the setting that addresses it when
    ``how`` (a face's way to set a setting) is given."""
    from planner.errors import note_text, plan_notes
    from planner.labels import objective_label  # planner.labels formats money with this module
    from planner.plan.coverage import plan_coverage

    s = tables.summary
    cur = tables.currency
    periods = [str(p) for p in s.get("periods", [])]
    one_off = s.get("one_off_cost") or {}
    values = {**s, "horizon": f"{periods[0]} to {periods[-1]}" if periods else "",
              "objective_kind": objective_label(s.get("objective_kind")),
              "currency": cur or "not given",
              "one_off_total": sum(one_off.values()) if one_off else None,
              "run_rate_change": (s["run_rate_cost_after"] - s["run_rate_cost_before"])
              if "run_rate_cost_after" in s else None}
    rows: list[tuple[str, Any, str]] = []
    coverage = plan_coverage(s)
    if coverage is not None and coverage.statement():
        rows += [("Without a confident role", coverage.statement(), ""),
                 ("FTE without a confident role", coverage.fte_no_confident_role, "FTE")]
    rows += [("Scenario", tables.scenario, ""), ("Version", tables.version, "")]
    for key, lab, unit in SUMMARY_ROWS:
        v = values.get(key)
        if v is None:
            continue
        rows.append((lab, v, unit_text(unit, cur)))
        people = (s.get("people") or {}).get(key)
        if people is not None:  # solved in whole people: the count beside the FTE
            rows.append((lab, people, "people"))
        if key == "redeployments" and (s.get("people") or {}).get("moves_out") is not None:
            rows.append(("Moved out (redeployed or reskilling)", s["people"]["moves_out"],
                         "people"))
        if key == "one_off_total":
            rows += [(f"  {k.replace('_', ' ')}", a, unit_text("currency", cur))
                     for k, a in one_off.items()]
    skipped = (s.get("skipped_rows") or {}).get("statement")
    if skipped:
        rows.append(("Planned without part of the roster", skipped, ""))
    rows += [("Note", note_text(note, how), "") for note in plan_notes(s)]
    return rows


def technical_rows(summary: dict[str, Any]) -> list[tuple[str, Any]]:
    """The solver details of a summary (objective value, backend, times, model size)."""
    rows: list[tuple[str, Any]] = []
    for key in TECHNICAL_KEYS:
        v = summary.get(key)
        if isinstance(v, dict):
            rows += [(f"{key}.{k}", x) for k, x in v.items()]
        elif v is not None:
            rows.append((key, v))
    return rows


@dataclass(frozen=True)
class FinanceTables:
    """The finance tables of one plan (see the module docstring)."""

    scenario: str
    version: str
    assumptions: pd.DataFrame
    cost_centres: pd.DataFrame
    one_off: pd.DataFrame
    team_changes: pd.DataFrame
    ai_layer: pd.DataFrame
    tidy: pd.DataFrame
    summary: dict[str, Any]
    payback: Payback | None = None
    roster: pd.DataFrame | None = None
    """The baseline roster (only when asked for; names only with include_names)."""
    moves: pd.DataFrame | None = None
    """Who moves where (plans that record their moves)."""
    currency: str | None = None
    """The roster's currency code (the plan summary's ``currency``)."""
    ledger: dict[str, pd.DataFrame] | None = None
    """The position ledger's tables by sheet name (:data:`LEDGER_SHEETS`; plans that have
    them)."""

    def sheets(self) -> dict[str, pd.DataFrame]:
        """Sheet name -> table, in workbook order."""
        out = {"Assumptions": self.assumptions, "Cost centres": self.cost_centres,
               "One-off costs": self.one_off, "Team changes": self.team_changes,
               "AI layer": self.ai_layer, "Tidy": self.tidy}
        if self.moves is not None:
            out["Moves"] = self.moves
        if self.payback is not None:
            out["Payback"] = self.payback.cash_flows
        out.update(self.ledger or {})
        if self.roster is not None:
            out["Roster"] = self.roster
        return out


def read_plan(folder: str | os.PathLike[str]) -> PlanParts:
    """A plan folder's summary, tables and scenario: kept for one release for scripts;
    :func:`planner.io.plan_folder.read_plan_folder` is the reader."""
    from planner.io.plan_folder import read_plan_folder

    f = read_plan_folder(folder)
    return f.summary, f.tables, f.scenario


def flatten(doc: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Key path -> scalar pairs of a nested scenario dict (lists indexed by position)."""
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in flatten(v, f"{prefix}{k}.")]
    if isinstance(doc, list):
        if all(not isinstance(v, dict | list) for v in doc):
            return [(prefix.rstrip("."), ", ".join(map(str, doc)) if doc else "")]
        return [p for i, v in enumerate(doc) for p in flatten(v, f"{prefix}{i}.")]
    return [(prefix.rstrip("."), doc)]


def finance_tables(summary: dict[str, Any], tables: dict[str, pd.DataFrame],
                   scenario: dict[str, Any], *, version: str = "1") -> FinanceTables:
    """Build the finance tables of a plan."""
    years = {"month": 1 / 12, "quarter": 0.25, "year": 1.0}[
        scenario.get("horizon", {}).get("period", "quarter")]
    st = tables["staffing"].copy()
    periods = list(summary["periods"])
    st["period"] = st["period"].astype(str)
    name = str(summary.get("scenario", scenario.get("name", "")))

    currency = summary.get("currency")
    rows = [(k, v, unit_text(UNITS.get(k.split(".")[-1], ""), currency))
            for k, v in flatten(scenario)]
    assumptions = pd.DataFrame(rows, columns=["setting", "value", "unit"]).astype(object)
    assumptions["value"] = assumptions["value"].map(lambda v: "" if v is None else v)

    st["run_rate_start"] = st["fte_start"] * st["annual_cost_per_fte"]
    st[SALARIES] = ((st["fte_end"] - (1 - st["short_time_factor"]) * st["short_time"])
                      * st["annual_cost_per_fte"] * years)
    st["one_off_people"] = (st["redundancies"] * st["severance_per_fte"]
                            + st["hires"] * st["hire_cost_per_fte"])
    teams = tables["teams"].copy()
    teams["period"] = teams["period"].astype(str)
    cc_of = st.drop_duplicates("team").set_index("team")["cost_center"]
    teams["cost_center"] = teams["team"].map(cc_of)
    cc = st.groupby(["cost_center", "period"], sort=False).agg(
        fte_start=("fte_start", "sum"), fte_end=("fte_end", "sum"),
        run_rate_cost_start=("run_rate_start", "sum"), salaries=(SALARIES, "sum"),
        one_off_people_costs=("one_off_people", "sum")).reset_index()
    rr_end = teams.groupby(["cost_center", "period"])["run_rate_cost"].sum()
    cc["run_rate_cost_end"] = cc.set_index(["cost_center", "period"]).index.map(rr_end).to_numpy()
    cc["fte_change"] = cc["fte_end"] - cc["fte_start"]
    cc["run_rate_change"] = cc["run_rate_cost_end"] - cc["run_rate_cost_start"]
    cc["period_order"] = cc["period"].map({p: i for i, p in enumerate(periods)})
    cost_centres = cc.sort_values(["period_order", "cost_center"])[
        ["cost_center", "period", "fte_start", "fte_end", "fte_change", "run_rate_cost_start",
         "run_rate_cost_end", "run_rate_change", SALARIES, "one_off_people_costs"]
    ].reset_index(drop=True)

    costs = tables["costs"].copy()
    costs["period"] = costs["period"].astype(str)
    one = costs[costs["category"].isin(ONE_OFF_CATEGORIES)].pivot_table(
        index="period", columns="category", values="amount", aggfunc="sum").reindex(
        index=periods, columns=list(ONE_OFF_CATEGORIES)).fillna(0.0)
    one_off = one.reset_index().rename(columns={"index": "period"})
    one_off.columns.name = None

    team_changes = st[["team", "role", "period", "fte_start", "attrition", "hires",
                       "redeploy_in", "redeploy_out", "redundancies", "fte_end"]].copy()

    moves = tables.get("moves")
    if moves is not None:
        moves = moves.assign(from_cost_center=moves["from_team"].map(cc_of),
                             to_cost_center=moves["to_team"].map(cc_of))[
            ["period", "from_cost_center", "from_team", "from_role", "to_cost_center",
             "to_team", "to_role", "kind", *(["people"] if "people" in moves else []), "fte",
             "fte_arriving", "cost", "arrival_period"]]

    work = tables.get("work", pd.DataFrame())
    caps = tables.get("capabilities", pd.DataFrame())
    layer_cols = ["team", "capability", "period", "kind", "deployed", "executed_hours",
                  "assisted_hours", "oversight_hours", "cost"]
    if len(caps):
        caps = caps.assign(period=caps["period"].astype(str))
        if "kind" not in caps:  # a plan folder written before the split: executed_hours
            # holds every capability's hours, the scenario says which kind each is
            kinds = {c.get("id"): c.get("kind", "execute")
                     for c in scenario.get("capabilities") or [] if isinstance(c, dict)}
            kind = caps["capability"].map(kinds).fillna("execute")
            hours = caps["executed_hours"]
            caps = caps.assign(kind=kind, executed_hours=hours.where(kind == "execute", 0.0),
                               assisted_hours=hours.where(kind == "assist", 0.0))
        named = work["capability"].astype(object).where(work["capability"].notna(), "")
        over = (work.assign(period=work["period"].astype(str))
                .assign(capability=named.astype(str).str.split("+"))
                .explode("capability"))
        over = over[over["capability"] != ""]
        oversight = over.groupby(["team", "capability", "period"])["oversight_hours"].sum()
        ai_layer = caps.assign(oversight_hours=caps.set_index(
            ["team", "capability", "period"]).index.map(oversight).fillna(0.0).to_numpy())
        ai_layer = ai_layer[layer_cols]
    else:
        ai_layer = pd.DataFrame(columns=layer_cols)

    measures = ["fte_start", "attrition", "hires", "redeploy_in", "redeploy_out",
                "redundancies", "fte_end", SALARIES, "one_off_people"]
    tidy = st.melt(id_vars=["cost_center", "team", "role", "period"], value_vars=measures,
                   var_name="measure", value_name="value")
    tidy.insert(0, "version", version)
    tidy.insert(0, "scenario", name)
    pay = payback(summary, tables, scenario)
    summary = {**summary, "npv": round(pay.npv, 2), "discount_rate": pay.discount_rate,
               "payback_period": pay.payback_period or "not within the horizon",
               "payback_years": round(pay.payback_years, 2) if pay.payback_years is not None
               else "never at the final run rate"}
    return FinanceTables(scenario=name, version=version, assumptions=assumptions,
                         cost_centres=cost_centres, one_off=one_off, team_changes=team_changes,
                         ai_layer=ai_layer, tidy=tidy, summary=summary, payback=pay,
                         moves=moves, currency=currency,
                         ledger={sheet: tables[t] for t, sheet in LEDGER_SHEETS.items()
                                 if t in tables} or None)


LEDGER_SHEETS: dict[str, str] = {"positions": "Positions", "pool_changes": "Pool changes",
                                 "requisitions": "Requisitions",
                                 "alternatives": "Alternatives", "compliance": "Compliance"}
"""The position ledger's plan tables and the law's windows (``compliance``, where the
scenario applies rules), and their workbook sheets."""


@dataclass(frozen=True)
class Payback:
    """One-off costs against run-rate savings.

    Attributes
    ----------
    cash_flows : DataFrame
        Per period: savings (run-rate before less the period's recurring costs), one-off
        costs, net, cumulative net, discount factor and discounted net [currency].
    npv : float
        Net present value over the horizon at the scenario's discount rate [currency].
    payback_period : str or None
        First period whose cumulative net is not negative; None if not within the horizon.
    payback_years : float or None
        Years from the start until the cumulative net turns positive, carrying the last
        period's savings on beyond the horizon; None if the plan saves nothing by the end.
    discount_rate : float
        Annual rate used.
    """

    cash_flows: pd.DataFrame
    npv: float
    payback_period: str | None
    payback_years: float | None
    discount_rate: float


def payback(summary: dict[str, Any], tables: dict[str, pd.DataFrame],
            scenario: dict[str, Any]) -> Payback:
    """Payback and NPV of a plan: savings against one-off costs, period by period."""
    period_kind = scenario.get("horizon", {}).get("period", "quarter")
    years = {"month": 1 / 12, "quarter": 0.25, "year": 1.0}[period_kind]
    rate = float(scenario.get("finance", {}).get("discount_rate", 0.08))
    periods = [str(p) for p in summary["periods"]]
    costs = tables["costs"].assign(period=tables["costs"]["period"].astype(str))
    one = costs["category"].isin(ONE_OFF_CATEGORIES)
    recurring = costs[~one].groupby("period")["amount"].sum().reindex(periods).fillna(0.0)
    one_off = costs[one].groupby("period")["amount"].sum().reindex(periods).fillna(0.0)
    before = float(summary["run_rate_cost_before"]) * years
    flows = pd.DataFrame({"period": periods, "savings": before - recurring.to_numpy(),
                          "one_off_costs": one_off.to_numpy()})
    flows["net"] = flows["savings"] - flows["one_off_costs"]
    flows["cumulative_net"] = flows["net"].cumsum()
    t = (flows.index.to_numpy() + 1) * years
    flows["discount_factor"] = (1 + rate) ** -t
    flows["discounted_net"] = flows["net"] * flows["discount_factor"]
    npv = float(flows["discounted_net"].sum())
    ok = flows.index[flows["cumulative_net"] >= 0]
    period = flows.at[ok[0], "period"] if len(ok) else None
    last_saving = float(flows["savings"].iat[-1])
    cum = float(flows["cumulative_net"].iat[-1])
    if len(ok):
        years_to = float((ok[0] + 1) * years)
    elif last_saving > 0:
        years_to = len(periods) * years + (-cum / last_saving) * years
    else:
        years_to = None
    return Payback(flows, npv, period, years_to, rate)


AI_RUN_CATEGORIES = (CostCategory.AI_RUN.value, CostCategory.AI_FIXED.value)
"""Recurring cost categories of the AI layer (usage and per-team running costs)."""


def run_rate_bridge(summary: dict[str, Any], costs: pd.DataFrame) -> pd.DataFrame:
    """The run-rate cost bridge of a plan [currency/year]: before, the AI layer's cost,
    the change in people costs (salaries, overstaffing, short time) and after.

    ``after`` is the plan's ``run_rate_cost_after`` (the last period's recurring costs as a
    yearly rate), and the steps add up to it exactly.
    """
    before = float(summary["run_rate_cost_before"])
    after = float(summary.get("run_rate_cost_after", before))
    periods = [str(p) for p in summary["periods"]]
    c = costs.assign(period=costs["period"].astype(str))
    last = c[(c["period"] == periods[-1]) & ~c["category"].isin(ONE_OFF_CATEGORIES)]
    total = float(last["amount"].sum())
    ai = float(last.loc[last["category"].isin(AI_RUN_CATEGORIES), "amount"].sum())
    ai_rate = ai * after / total if total else 0.0
    return pd.DataFrame({
        "step": ["Run-rate before", "AI layer cost", "People cost change", "Run-rate after"],
        "measure": ["absolute", "relative", "relative", "total"],
        "amount": [before, ai_rate, after - before - ai_rate, after]})


ROSTER_COLUMNS = ("position_id", "employee_id", "name", "job_title", "role_id", "team",
                  "department", "cost_center", "location", "grade", "fte", "annual_cost",
                  "currency", "is_pool")
"""Columns of the baseline roster sheet; ``name`` only when asked for."""


def pseudonym(value: str, key: bytes, prefix: str) -> str:
    """A stable pseudonym: the same value and key always give the same one (HMAC-SHA256)."""
    import hashlib
    import hmac

    return f"{prefix}-{hmac.new(key, value.encode('utf-8'), hashlib.sha256).hexdigest()[:10]}"


def roster_sheet(roster: pd.DataFrame, *, include_names: bool = False,
                 pseudonymise: bool = False, key: bytes = b"") -> pd.DataFrame:
    """The baseline roster for finance to reconcile with payroll.

    Names are left out unless ``include_names``; ``pseudonymise`` replaces employee ids
    and names (when included) with stable pseudonyms keyed by ``key``.
    """
    cols = [c for c in ROSTER_COLUMNS if c in roster.columns and (c != "name" or include_names)]
    out = roster[cols].copy()
    if pseudonymise:
        if not key:
            raise ValueError("pseudonymise: expected a key (bytes), found none")
        for col, prefix in (("employee_id", "EMP"), ("name", "PERSON")):
            if col in out:
                out[col] = out[col].map(lambda v, p=prefix: pseudonym(str(v), key, p)
                                        if isinstance(v, str) and v else v)
    return out
