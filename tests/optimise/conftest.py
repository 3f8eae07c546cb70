"""Scenarios built in code for the optimiser tests, and a helper that checks every plan."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import strategies as st

from planner.plan.check import check_plan
from planner.plan.run import run
from planner.plan.tables import Plan, write_plan
from planner.roster.synth import synthesise
from planner.scenario.model import Scenario, scenario_from_dict, scenario_to_dict


def one_role_library(folder: Path, *, automatable: float = 0.5, oversight: float = 0.1) -> Path:
    """A library with one analyst role doing one task, and a manager role."""
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([
        {"role_id": "analyst", "name": "Analyst", "function": "finance", "is_manager": "false",
         "aliases": "Analyst", "typical_annual_cost": 50000},
        {"role_id": "lead", "name": "Team Lead", "function": "finance", "is_manager": "true",
         "aliases": "Team Lead", "typical_annual_cost": 70000},
    ]).to_csv(folder / "roles.csv", index=False)
    pd.DataFrame([
        {"task_id": "T1", "statement": "Reconcile the ledger every month.",
         "activity_category": "data_processing", "automatable_share": automatable,
         "mode": "automate", "oversight_hours_per_ai_hour": oversight, "source": "s",
         "rationale": "test"},
        {"task_id": "T2", "statement": "Lead and coach the team every week.",
         "activity_category": "managing_others", "automatable_share": 0.0, "mode": "human",
         "oversight_hours_per_ai_hour": 0.0, "source": "s", "rationale": "test"},
    ]).to_csv(folder / "tasks.csv", index=False)
    pd.DataFrame([{"role_id": "analyst", "task_id": "T1", "share": 1.0},
                  {"role_id": "lead", "task_id": "T2", "share": 1.0}]).to_csv(
        folder / "role_tasks.csv", index=False)
    pd.DataFrame([{"source_id": "s", "citation": "test", "notes": ""}]).to_csv(
        folder / "sources.csv", index=False)
    return folder


def one_team_roster(path: Path, analysts: int = 10, cost: float = 50000.0,
                    lead: bool = False) -> Path:
    rows = []
    if lead:
        rows.append({"position_id": "L", "employee_id": "EL", "manager_position_id": "",
                     "job_title": "Team Lead", "team": "Ledger", "department": "Finance",
                     "fte": 1, "annual_cost": 70000})
    for i in range(analysts):
        rows.append({"position_id": f"A{i}", "employee_id": f"E{i}",
                     "manager_position_id": "L" if lead else ("" if i == 0 else "A0"),
                     "job_title": "Analyst", "team": "Ledger", "department": "Finance", "fte": 1,
                     "annual_cost": cost})
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def scenario(tmp: Path, **overrides: object) -> Scenario:
    """A one-team scenario: ten analysts, one task half automatable, one capability; solved
    in FTE (``solver.whole_people`` off: the hand cases check the LP's exact answers; whole
    people are tests/optimise/test_whole.py's)."""
    lib = one_role_library(tmp / "lib")
    roster = one_team_roster(tmp / "roster.csv", lead=bool(overrides.pop("lead", False)))
    doc = {
        "name": "hand case",
        "inputs": {"roster": str(roster), "library": str(lib), "team_by": "team"},
        "horizon": {"periods": 1, "period": "year"},
        "capabilities": [{"id": "bot", "kind": "execute", "categories": ["data_processing"],
                          "cost_per_hour": 10, "adoption": 1.0}],
        "levers": {"attrition": {"new": 0.0, "long": 0.0}, "redundancy_months_of_pay": 6},
        "objective": {"kind": "min_cost"},
        "solver": {"whole_people": False},
    }
    for path, value in overrides.items():
        node = doc
        keys = path.split("__")
        for k in keys[:-1]:
            node = node.setdefault(k, {})  # type: ignore[assignment]
        node[keys[-1]] = value  # type: ignore[index]
    return scenario_from_dict(doc, base_dir=tmp)


def run_checked(sc: Scenario, out: Path, backend: str | None = None) -> Plan:
    """Run a scenario, write its plan, and assert that the independent checker passes."""
    plan, _ = run(sc, backend=backend)
    if plan.has_plan:
        write_plan(plan, out, scenario_to_dict(sc, absolute_paths=True))
        report = check_plan(out)
        assert report.ok, [f for f in report.failures()]
    return plan


@pytest.fixture
def hand(tmp_path: Path):
    def make(**overrides: object) -> Scenario:
        return scenario(tmp_path, **overrides)
    return make


@st.composite
def orgs(draw: st.DrawFn) -> dict:
    """A random synthetic org and the levers that move people: redeployment scope, a
    reskilling path's lead time and retention, demand growth in every other team."""
    return {"positions": draw(st.integers(25, 90)), "seed": draw(st.integers(0, 10_000)),
            "scope": draw(st.sampled_from(["function", "organisation", "location"])),
            "lead": draw(st.integers(0, 1)), "retention": draw(st.sampled_from([None, 0.8])),
            "growth": draw(st.sampled_from([-0.2, 0.0, 0.3]))}


def random_scenario(spec: dict, folder: Path, capabilities: list[dict]) -> Scenario:
    """The scenario of an :func:`orgs` draw with ``capabilities``: its synthetic roster
    written to ``folder``, 3 quarters, attrition, hiring, redeployment in the drawn scope, a
    reskilling path between the two commonest individual-contributor roles, demand growth."""
    roster = synthesise(spec["positions"], spec["seed"])
    roster.to_csv(folder / "org.csv", index=False)
    ics = roster.loc[roster["manager_position_id"].notna(), "role_id"].value_counts()
    levers: dict = {"attrition": {"new": 0.1, "long": 0.05},
                    "redeployment": {"scope": spec["scope"], "cost_per_fte": 2000},
                    "hiring": {"cost_per_hire": 15000},
                    "demand_growth": {"teams": {str(t): spec["growth"] for t in
                                                roster["team"].unique()[::2]}}}
    if len(ics) >= 2:
        levers["reskilling"] = [{"from": ics.index[0], "to": ics.index[1],
                                 "cost_per_fte": 3000, "lead_time_periods": spec["lead"],
                                 "retention": spec["retention"]}]
    return scenario_from_dict({
        "name": "random", "inputs": {"roster": str(folder / "org.csv"), "team_by": "team"},
        "horizon": {"periods": 3, "period": "quarter"},
        "capabilities": capabilities, "levers": levers}, base_dir=folder)
