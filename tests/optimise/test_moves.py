"""Who moves where: the from -> to split of the hubs' flows (moves.csv)."""

from __future__ import annotations

import json
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from planner.plan.check import check_plan
from planner.plan.run import run
from planner.plan.tables import Plan, write_plan
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_from_dict, scenario_to_dict
from tests.conftest import ROOT
from tests.optimise.conftest import one_role_library, orgs, random_scenario, run_checked
from tests.optimise.test_properties import CAPABILITIES


def hub_case(tmp: Path, teams: dict[str, tuple[str, float]], scope: str = "organisation"):
    """Ten analysts in each team; a team's demand grows or falls by its rate in one year, so
    the surplus of the shrinking teams is redeployed to the growing ones (redeployment is far
    cheaper than redundancy plus a hire). ``teams`` maps a team to (function, growth)."""
    lib = one_role_library(tmp / "lib")
    rows = [{"position_id": f"{t}{i}", "employee_id": f"E{t}{i}", "manager_position_id": "",
             "job_title": "Analyst", "team": t, "department": fn, "fte": 1,
             "annual_cost": 50000} for t, (fn, _) in teams.items() for i in range(10)]
    pd.DataFrame(rows).to_csv(tmp / "roster.csv", index=False)
    return scenario_from_dict({
        "name": "hub case",
        "inputs": {"roster": str(tmp / "roster.csv"), "library": str(lib), "team_by": "team"},
        "horizon": {"periods": 1, "period": "year", "start": "2027"},
        "levers": {"attrition": {"new": 0.0, "long": 0.0}, "redundancy_months_of_pay": 12,
                   "hiring": {"cost_per_hire": 40000},
                   "redeployment": {"scope": scope, "cost_per_fte": 500},
                   "demand_growth": {"teams": {t: g for t, (_, g) in teams.items()}}},
    }, base_dir=tmp)


def pairs(plan: Plan) -> dict[tuple[str, str], float]:
    m = plan.tables["moves"]
    return {(r.from_team, r.to_team): round(r.fte, 6) for r in m.itertuples()}


def test_the_split_sends_people_within_their_function_first(tmp_path: Path) -> None:
    # Name order alone would pair Audit with Cash; the functions pair Audit with Debt.
    sc = hub_case(tmp_path, {"Audit": ("Finance", -0.2), "Billing": ("Sales", -0.1),
                             "Cash": ("Sales", 0.1), "Debt": ("Finance", 0.2)})
    plan = run_checked(sc, tmp_path / "plan")
    assert pairs(plan) == {("Audit", "Debt"): 2.0, ("Billing", "Cash"): 1.0}
    m = plan.tables["moves"]
    assert set(m["kind"]) == {"redeploy"} and set(m["period"]) == {"2027"}
    assert m["cost"].tolist() == pytest.approx([1000.0, 500.0])
    assert (m["fte_arriving"] == m["fte"]).all()


def test_among_equals_the_split_follows_team_order(tmp_path: Path) -> None:
    # One function: a north-west-corner split in team-name order, A fills B, then D.
    sc = hub_case(tmp_path, {"A": ("Ops", -0.2), "B": ("Ops", 0.1), "C": ("Ops", -0.1),
                             "D": ("Ops", 0.2)})
    plan = run_checked(sc, tmp_path / "plan")
    assert pairs(plan) == {("A", "B"): 1.0, ("A", "D"): 1.0, ("C", "D"): 1.0}


def test_moves_stay_within_the_redeployment_scope(tmp_path: Path) -> None:
    sc = hub_case(tmp_path, {"Audit": ("Finance", -0.2), "Billing": ("Sales", -0.1),
                             "Cash": ("Sales", 0.1), "Debt": ("Finance", 0.2)},
                  scope="function")
    plan = run_checked(sc, tmp_path / "plan")
    assert pairs(plan) == {("Audit", "Debt"): 2.0, ("Billing", "Cash"): 1.0}


def test_williams_reskilling_moves_are_the_paths_flows(tmp_path: Path) -> None:
    # One pool per role: the split is unique, and each path's arrivals are its retention
    # times its departures.
    sc = load_scenario(ROOT / "models" / "williams_manpower.yaml")
    plan = run_checked(sc, tmp_path / "plan")
    m = plan.tables["moves"]
    assert set(m["kind"]) == {"reskill"}
    ratio = (m["fte_arriving"] / m["fte"]).round(9)
    up = m["to_role"].map({"semi_skilled": 1, "skilled": 2, "unskilled": 0}) > m[
        "from_role"].map({"semi_skilled": 1, "skilled": 2, "unskilled": 0})
    assert set(ratio[up]) == {0.95} and set(ratio[~up]) == {0.5}
    st_ = plan.tables["staffing"]
    out = m.groupby(["from_role", "period"])["fte"].sum()
    assert out.to_numpy() == pytest.approx(st_.set_index(["role", "period"])["redeploy_out"]
                                           .reindex(out.index).to_numpy())
    assert m.loc[m["from_role"] == "unskilled", "cost"].sum() == pytest.approx(
        400 * m.loc[m["from_role"] == "unskilled", "fte"].sum())


def _tamper(folder: Path, change) -> set[str]:  # noqa: ANN001
    moves = pd.read_csv(folder / "moves.csv", dtype=str)
    change(moves)
    moves.to_csv(folder / "moves.csv", index=False)
    report = check_plan(folder)
    return {f.check for f in report.failures()}


def test_the_checker_catches_a_tampered_moves_csv(tmp_path: Path) -> None:
    sc = hub_case(tmp_path, {"Audit": ("Finance", -0.2), "Billing": ("Sales", -0.1),
                             "Cash": ("Sales", 0.1), "Debt": ("Finance", 0.2)},
                  scope="function")
    out = tmp_path / "plan"
    run_checked(sc, out)
    clean = (out / "moves.csv").read_text()

    def redirect(m: pd.DataFrame) -> None:  # Audit's people sent to Cash instead of Debt
        m.loc[m["from_team"] == "Audit", "to_team"] = "Cash"

    failed = _tamper(out, redirect)
    assert {"moves_in_match_redeploy_in", "moves_follow_the_scenario"} <= failed
    (out / "moves.csv").write_text(clean)

    def inflate(m: pd.DataFrame) -> None:
        m.loc[0, "fte"] = str(float(m.loc[0, "fte"]) + 1)
        m.loc[0, "fte_arriving"] = m.loc[0, "fte"]

    assert {"moves_out_match_redeploy_out", "moves_in_match_redeploy_in"} <= _tamper(
        out, inflate)
    (out / "moves.csv").write_text(clean)
    assert "moves_cost_match[redeployment]" in _tamper(
        out, lambda m: m.__setitem__("cost", "0"))
    (out / "moves.csv").write_text(clean)
    assert check_plan(out).ok


# Property: on small synthetic orgs the moves reconcile with the staffing flows --------------
@given(orgs())
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_moves_reconcile_with_the_staffing_flows(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        sc = random_scenario(spec, Path(tmp), CAPABILITIES)
        plan, _ = run(sc)
        if not plan.has_plan:
            return
        m, s = plan.tables["moves"], plan.tables["staffing"]
        key = ["team", "role", "period"]
        flows = s.set_index(key)
        for by, col, value in ((["from_team", "from_role", "period"], "redeploy_out", "fte"),
                               (["to_team", "to_role", "arrival_period"], "redeploy_in",
                                "fte_arriving")):
            got = m.groupby(by)[value].sum().rename_axis(key).reindex(flows.index,
                                                                      fill_value=0.0)
            assert np.allclose(got, flows[col], atol=1e-6, rtol=1e-6), col
            assert set(m.groupby(by).groups) <= set(flows.index)
        resk = m[m["kind"] == "reskill"].groupby(["to_team", "to_role", "arrival_period"])[
            "fte_arriving"].sum().rename_axis(key).reindex(flows.index, fill_value=0.0)
        assert np.allclose(resk, flows["reskilled_in"], atol=1e-6, rtol=1e-6)
        one_off = plan.tables["costs"].groupby("category")["amount"].sum()
        for kind, cat in (("redeploy", "redeployment"), ("reskill", "reskilling")):
            assert m.loc[m["kind"] == kind, "cost"].sum() == pytest.approx(
                one_off.get(cat, 0.0), rel=1e-6, abs=1e-3)
        assert (m["fte"] > 0).all()
        again, _ = run(sc)
        pd.testing.assert_frame_equal(again.tables["moves"], m)  # the split is deterministic
        out = Path(tmp) / "plan"
        write_plan(plan, out, scenario_to_dict(sc, absolute_paths=True))
        assert json.loads((out / "plan.json").read_text())["plan_format"] == 2
        report = check_plan(out)
        assert report.ok, report.failures()



def test_the_finance_workbook_has_a_moves_sheet(tmp_path: Path) -> None:
    import io

    import openpyxl

    from planner.io.workbook import workbook_bytes
    from planner.plan.finance import finance_tables, read_plan

    sc = hub_case(tmp_path, {"Audit": ("Finance", -0.2), "Billing": ("Sales", -0.1),
                             "Cash": ("Sales", 0.1), "Debt": ("Finance", 0.2)})
    out = tmp_path / "plan"
    run_checked(sc, out)
    t = finance_tables(*read_plan(out))
    assert t.moves is not None and set(t.moves["to_team"]) == {"Cash", "Debt"}
    assert t.moves["cost"].sum() == pytest.approx(t.one_off["redeployment"].sum())
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(t)))["Moves"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["period", "from_cost_center", "from_team"]
    assert ws.cell(row=ws.max_row, column=header.index("fte") + 1).value.startswith("=SUM(")
