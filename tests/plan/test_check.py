"""The independent checker: it imports neither the optimiser nor the plan-table builders,
and each family of checks reports the plan a scenario's lever rules out."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from planner.plan.check import check_plan

FOLDERS = Path(__file__).parents[1] / "data" / "plan_folders"
FORBIDDEN = ("planner.optimise", "planner.plan.tables")


def _imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):  # lazy imports inside functions included
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_checking_a_folder_loads_neither_the_optimiser_nor_the_table_builders() -> None:
    """Not even through the modules it imports."""
    code = ("import json, sys\n"
            "from planner.plan.check import check_plan\n"
            f"assert check_plan({str(FOLDERS / 'v2_roster')!r}).ok\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('planner.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "planner.io.plan_folder" in loaded
    assert not [m for m in loaded if m.startswith(FORBIDDEN)], loaded


def _with_scenario(tmp_path: Path, levers: dict) -> Path:
    out = tmp_path / "plan"
    out.mkdir()
    for f in (FOLDERS / "v2_roster").iterdir():
        (out / f.name).write_bytes(f.read_bytes())
    doc = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    for key, value in levers.items():
        node = doc
        *path, last = key.split(".")
        for k in path:
            node = node.setdefault(k, {})
        node[last] = value
    (out / "scenario.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return out


@pytest.mark.parametrize(("levers", "fails"), [
    ({}, set()),
    ({"levers.hiring.freeze": True, "levers.hiring.cap_per_period": 0.01,
      "levers.hiring.role_caps": {"lead": 0.01}, "levers.one_off_budget": 1000},
     {"hiring_freeze", "hiring_cap", "hiring_cap[lead]", "one_off_budget"}),
    ({"levers.protected_teams": ["+Ops"], "levers.locks": [
        {"team": "2024", "role": "lead", "fte": 1.0}],
      "levers.team_fte": {"min": 4.5, "max": 4.6, "teams": {"2024": {"max": 4.1}}},
      "levers.max_reduction_per_period": 0.01},
     {"protected_pools_kept", "lock[2024,lead]", "team_fte_bounds",
      "max_reduction_per_period"}),
    ({"levers.span": {"min": 3}}, {"spans_within_limits"}),
    ({"levers.savings_target": 0.5}, {"savings_target"}),
    ({"objective": {"kind": "max_capacity", "budget": 1000}}, {"capacity_budget"}),
    ({"levers.hiring.cost_per_hire": 1, "levers.redundancy_months_of_pay": 1},
     {"hire_cost_is_the_scenarios", "severance_is_the_scenarios"}),
    ({"levers.attrition": {"new": 0.0, "long": 0.3}}, {"attrition_at_scenario_rates"}),
])
def test_each_check_family_reports_the_lever_a_plan_breaks(tmp_path: Path, levers: dict,
                                                           fails: set[str]) -> None:
    report = check_plan(_with_scenario(tmp_path, levers))
    assert {f.check for f in report.failures()} == fails
    assert len({f.check for f in report.findings}) == len(report.findings)


def test_redundancies_over_the_cap_fail_the_check(hand, tmp_path: Path) -> None:
    """A plan made with 4.5 FTE of redundancies, written with a scenario that caps them at
    4: only the cap's check fails, and it says by how much."""
    from planner.plan.run import run
    from planner.plan.tables import write_plan
    from planner.scenario.model import scenario_to_dict

    plan, _ = run(hand())
    capped = hand(levers__max_redundancies=4)
    write_plan(plan, tmp_path / "p", scenario_to_dict(capped, absolute_paths=True))
    report = check_plan(tmp_path / "p")
    assert [(f.check, f.detail) for f in report.failures()] == [
        ("redundancy_cap", "4.5 FTE of redundancies over the horizon vs a cap of 4")]
    write_plan(plan, tmp_path / "q", scenario_to_dict(hand(levers__max_redundancies=4.5),
                                                      absolute_paths=True))
    assert check_plan(tmp_path / "q").ok


def test_a_tampered_staffing_table_fails_its_flows_and_the_summary(tmp_path: Path) -> None:
    out = _with_scenario(tmp_path, {})
    st = pd.read_csv(out / "staffing.csv", dtype=str, keep_default_na=False)
    st.loc[1, "fte_end"] = str(float(st.loc[1, "fte_end"]) + 1)  # '+Ops analyst, period 2
    st.to_csv(out / "staffing.csv", index=False)
    report = check_plan(out)
    failed = {f.check: f.detail for f in report.failures()}
    assert {"flows_conserve_fte", "summary_fte_after", "cost_recomputes[salaries]"} <= set(
        failed)
    assert failed["flows_conserve_fte"] == (
        "1 row(s) fail; worst 1 at team=+Ops, role=analyst, period=2027-Q2")


def test_the_vacancies_balance_are_filled_by_hires_and_never_beside_a_redundancy(
        tmp_path: Path) -> None:
    out = _with_scenario(tmp_path, {})
    st = pd.read_csv(out / "staffing.csv")
    assert "vacant_fte_start" not in st  # a folder from before vacancies: read as none
    assert check_plan(out).ok
    # '+Ops analyst: 1 vacancy, 0.3 closed, 0.1 filled with no hire, and 0.5 left (not 0.6).
    st["vacant_fte_start"] = [1.0, 0.5, *[0.0] * 6]
    st["vacancies_closed"] = [0.3, 0.0, *[0.0] * 6]
    st["vacancies_filled"] = [0.1, 0.0, *[0.0] * 6]
    st["vacant_fte_end"] = [0.5, 0.5, *[0.0] * 6]
    # and a redundancy in its Q2 (the flows still conserve: one FTE fewer at the end)
    st.loc[1, "redundancies"] = 1.0
    st.loc[1, "fte_end"] -= 1.0
    st.to_csv(out / "staffing.csv", index=False)
    failed = {f.check: f.detail for f in check_plan(out).failures()}
    assert {"vacancies_balance", "vacancies_filled_by_hires",
            "no_vacancy_kept_beside_redundancy"} <= set(failed)
    assert failed["vacancies_balance"] == (
        "1 row(s) fail; worst 0.1 at team=+Ops, role=analyst, period=2027-Q1")
    assert "flows_conserve_fte" not in failed and "vacancies_chain" not in failed


def test_an_exit_before_the_gate_opens_is_caught(hand, tmp_path: Path) -> None:
    from planner.plan.run import run
    from planner.plan.tables import write_plan
    from planner.scenario.model import scenario_to_dict

    sc = hand(horizon={"periods": 2, "period": "year"},
              capabilities=[{"id": "bot", "kind": "execute", "categories": ["data_processing"],
                             "cost_per_hour": 10, "adoption": [0.4, 1.0]}],
              levers__gates=[{"capability": "bot", "adoption": 0.5}])
    plan, _ = run(sc)
    out = tmp_path / "plan"
    write_plan(plan, out, scenario_to_dict(sc, absolute_paths=True))
    assert check_plan(out).ok
    # The 2027 redundancies of the plan without the gate, written into the gated plan.
    st = pd.read_csv(out / "staffing.csv")
    first = st["period"].astype(str) == "2027"
    st.loc[first, "redundancies"] = 1.8
    st.loc[first, "fte_end"] -= 1.8
    st.to_csv(out / "staffing.csv", index=False)
    failed = {f.check: f.detail for f in check_plan(out).failures()}
    assert "gate_holds_exits[levers.gates.0]" in failed
    assert failed["gate_holds_exits[levers.gates.0]"].startswith("1 row(s) fail; worst 1.8")
    summary = json.loads((out / "plan.json").read_text())
    summary["gates"][0].update(opens="2027", pools=[])
    (out / "plan.json").write_text(json.dumps(summary))
    failed = {f.check for f in check_plan(out).failures()}
    assert {"gate_opens[levers.gates.0]", "gate_covers_ai_work[levers.gates.0]"} <= failed
