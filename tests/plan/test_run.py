"""The optimiser on the published reference problem and on cases solvable by hand."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest

from planner.plan.run import run
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from tests.conftest import ROOT
from tests.optimise.conftest import run_checked

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"
PUBLISHED = {"min_cost": 498_677.29, "min_redundancies": 841.797}


@pytest.mark.parametrize("backend", ["highs", "cbc"])
@pytest.mark.parametrize("kind", sorted(PUBLISHED))
def test_williams_scenario_file_reproduces_published_optima(tmp_path: Path, backend: str,
                                                             kind: str) -> None:
    sc = with_values(load_scenario(WILLIAMS), {"objective.kind": kind})
    plan = run_checked(sc, tmp_path / "plan", backend)
    assert plan.summary["status"] == "optimal"
    assert plan.summary["objective"] == pytest.approx(PUBLISHED[kind], rel=1e-6)
    if kind == "min_cost":
        assert plan.summary["redundancies"] == pytest.approx(1423.7, abs=0.1)


def test_hand_case_full_automation_with_redundancy(hand, tmp_path: Path) -> None:
    """10 analysts, one task half automatable with 0.1 h of oversight per AI hour.

    Work 10 x 1,650 h; AI takes 8,250 h and adds 825 h of oversight, so 9,075 h / 1,650 =
    5.5 FTE are needed. AI at 10/h frees an FTE for 18,333 a year, less than its 50,000
    salary, so all of it is used; 4.5 redundancies at six months' pay (25,000 each).
    Cost = 5.5 x 50,000 + 8,250 x 10 + 4.5 x 25,000 = 470,000.
    """
    plan = run_checked(hand(), tmp_path / "p")
    s = plan.summary
    assert s["fte_after"] == pytest.approx(5.5)
    assert s["redundancies"] == pytest.approx(4.5)
    assert s["ai_hours"] == pytest.approx(8250)
    assert s["objective"] == pytest.approx(470_000)
    assert s["one_off_cost"]["severance"] == pytest.approx(112_500)
    assert s["run_rate_cost_after"] == pytest.approx(5.5 * 50_000 + 82_500)
    work = plan.tables["work"]
    assert work["oversight_hours"].sum() == pytest.approx(825)
    assert work["human_hours"].sum() == pytest.approx(8250)


def test_hand_case_pledge_without_attrition_keeps_everyone_and_skips_ai(hand,
                                                                        tmp_path: Path) -> None:
    plan = run_checked(hand(levers__no_redundancy=True), tmp_path / "p")
    assert plan.summary["fte_after"] == pytest.approx(10)
    assert plan.summary["ai_hours"] == pytest.approx(0)
    assert plan.summary["objective"] == pytest.approx(500_000)


def test_hand_case_pledge_with_attrition_uses_just_enough_ai(hand, tmp_path: Path) -> None:
    """20% attrition leaves 8 FTE; AI must free 2 FTE: 2 x 1,650 / 0.9 hours at 10/h."""
    plan = run_checked(hand(levers__no_redundancy=True,
                            levers__attrition={"new": 0.2, "long": 0.2}), tmp_path / "p")
    hours = 2 * 1650 / 0.9
    assert plan.summary["fte_after"] == pytest.approx(8)
    assert plan.summary["ai_hours"] == pytest.approx(hours)
    assert plan.summary["objective"] == pytest.approx(400_000 + 10 * hours)


def test_weighted_objective_prices_redundancies(hand, tmp_path: Path) -> None:
    """A price of 100,000 per redundancy makes keeping the 4.5 FTE cheaper than cutting."""
    plan = run_checked(hand(objective={"kind": "weighted", "price_per_redundancy": 100_000}),
                       tmp_path / "p")
    assert plan.summary["redundancies"] == pytest.approx(0)


def test_min_redundancies_objective(hand, tmp_path: Path) -> None:
    plan = run_checked(hand(objective={"kind": "min_redundancies"}), tmp_path / "p")
    assert plan.summary["objective"] == pytest.approx(0)


def test_max_capacity_within_budget(hand, tmp_path: Path) -> None:
    """Budget 500,000 for the year: the whole automatable half (8,250 h) fits."""
    plan = run_checked(hand(objective={"kind": "max_capacity", "budget": 500_000}),
                       tmp_path / "p")
    assert plan.summary["ai_hours"] == pytest.approx(8250)
    assert plan.summary["total_cost"] <= 500_000 + 1e-6


def test_backends_agree_on_the_sample_scenarios(tmp_path: Path) -> None:
    for name in ("automation_push", "reinvest_growth"):
        sc = load_scenario(ROOT / "models" / f"{name}.yaml")
        a = run_checked(sc, tmp_path / f"{name}_highs", "highs")
        b = run_checked(sc, tmp_path / f"{name}_cbc", "cbc")
        assert a.summary["objective"] == pytest.approx(b.summary["objective"], rel=1e-6)


def test_mps_export_round_trip(tmp_path: Path) -> None:
    sc = load_scenario(WILLIAMS)
    plan, _ = run(sc, export_model=tmp_path / "w.mps")
    assert plan.has_plan
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(tmp_path / "w.mps"))
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(plan.summary["objective"],
                                                                 rel=1e-9)


def test_integer_mode_reports_bound_and_gap(tmp_path: Path) -> None:
    sc = with_values(load_scenario(WILLIAMS), {"solver.integer": True})
    plan = run_checked(sc, tmp_path / "p")
    assert plan.summary["objective"] >= PUBLISHED["min_cost"] - 1e-6
    assert "lp_bound" in plan.summary and "mip_gap" in plan.summary
    assert any(e.startswith("Whole-number headcount: the plan is within")
               for e in plan.explanations)


def test_one_inputs_cache_serves_the_cli_the_app_and_a_sweep(hand, monkeypatch) -> None:
    """The pipeline (the CLI's run), a sweep's worker and the app's Run page read a
    scenario's roster once between them; a changed roster file is read again."""
    pytest.importorskip("streamlit")
    import planner.plan.run as pipeline
    from planner.batch.spec import Job
    from planner.batch.worker import WorkerContext, solve_job
    from planner.scenario.model import scenario_document, scenario_to_dict
    from planner.ui import state
    from tests.optimise.conftest import one_team_roster

    reads: list[object] = []
    load_org = pipeline.load_org
    monkeypatch.setattr(pipeline, "load_org",
                        lambda *a, **k: reads.append(a) or load_org(*a, **k))
    sc = hand()
    plan, _ = run(sc)
    ctx = WorkerContext(scenario_to_dict(sc, absolute_paths=True), sc.base_dir, 60.0)
    row = solve_job(ctx, Job(run_id=0, grid_point=0, sample=0,
                             values={"levers.redundancy_months_of_pay": 3}))
    app = state.solve(state.doc_key(scenario_document(sc)), sc).plan
    assert len(reads) == 1
    assert row["status"] == "optimal" and row["fte_before"] == pytest.approx(10)
    assert app.summary["objective"] == pytest.approx(plan.summary["objective"])
    one_team_roster(Path(sc.inputs.roster), analysts=8)
    assert run(sc)[0].summary["fte_before"] == pytest.approx(8)
    assert len(reads) == 2


@pytest.mark.parametrize("stopped", [False, True], ids=["infeasible", "solver stopped"])
def test_the_pipeline_returns_a_new_plan_and_never_changes_one(hand, monkeypatch,
                                                               stopped) -> None:
    """The conflicts of a scenario without a plan go into a new Plan: the one made from the
    solution is left as it was (its summary here cannot be changed)."""
    import dataclasses
    from types import MappingProxyType

    import planner.plan.run as pipeline
    from planner.optimise.solvers import Solution
    from planner.status import SolveStatus

    made = []
    make_plan = pipeline.make_plan

    def read_only(*args, **kwargs):
        plan = make_plan(*args, **kwargs)
        made.append(dataclasses.replace(plan, summary=MappingProxyType(plan.summary)))
        return made[-1]

    monkeypatch.setattr(pipeline, "make_plan", read_only)
    if stopped:
        monkeypatch.setattr(pipeline, "solve", lambda *a, **k: Solution(
            SolveStatus.NOT_SOLVED, None, None, message="time limit reached"))
    plan, _ = run(hand(levers__no_redundancy=True, levers__team_fte={"max": 6}))
    first, = made
    assert "conflicts" not in first.summary and plan is not first
    conflicts = plan.summary["conflicts"]
    assert conflicts and conflicts == list(plan.explanations[:len(conflicts)])
    if stopped:
        assert conflicts == ["The solver stopped without a plan (time limit reached)."]
    else:
        assert plan.summary["relax"] and plan.summary["conflict_detail"]
    assert ({k: v for k, v in plan.summary.items()
            if k not in ("conflicts", "relax", "conflict_detail", "role_coverage")}
            == dict(first.summary))


def test_fte_per_team_at_start_and_end_is_one_function_over_the_staffing_table(
        tmp_path) -> None:
    """The team flows (and so the team sentences), the app's Teams table and a sweep's cut
    teams all take a team's FTE at the start and the end from the staffing table, through
    one function."""
    pytest.importorskip("streamlit")
    from planner.batch.spec import Job
    from planner.batch.worker import CUT_TOLERANCE, WorkerContext, solve_job
    from planner.optimise.explain import start_end_fte, team_flows
    from planner.scenario.model import scenario_to_dict
    from planner.ui.plan import by_team
    from tests.optimise.conftest import random_scenario
    from tests.optimise.test_properties import CAPABILITIES

    sc = random_scenario({"positions": 60, "seed": 11, "scope": "organisation", "lead": 0,
                          "retention": None, "growth": -0.3}, tmp_path, CAPABILITIES)
    plan, _ = run(sc)
    staffing = plan.tables["staffing"]
    first, last = staffing["period"].iloc[0], staffing["period"].iloc[-1]
    expected = {team: (rows.loc[rows["period"] == first, "fte_start"].sum(),
                       rows.loc[rows["period"] == last, "fte_end"].sum())
                for team, rows in staffing.groupby("team")}
    fte = start_end_fte(staffing)
    assert list(fte.columns) == ["fte_start", "fte_end"]
    assert list(fte.index) == sorted(expected)
    assert fte.to_numpy() == pytest.approx(np.array([expected[t] for t in fte.index]))
    flows = team_flows(plan.tables)
    assert flows[["fte_start", "fte_end"]].equals(fte)
    shown = by_team(staffing).set_index("team")
    assert shown["before"].to_dict() == fte["fte_start"].to_dict()
    assert shown["after"].to_dict() == fte["fte_end"].to_dict()
    teams = plan.tables["teams"]
    assert teams[teams["period"] == last].set_index("team")["fte"].to_dict() == pytest.approx(
        fte["fte_end"].to_dict())
    cut = sorted(t for t, (a, b) in expected.items() if b < a - CUT_TOLERANCE)
    assert cut
    ctx = WorkerContext(scenario_to_dict(sc, absolute_paths=True), sc.base_dir, 60.0)
    row = solve_job(ctx, Job(run_id=0, grid_point=0, sample=0))
    assert row["teams_cut"] == "|".join(cut)



def test_a_redundancy_cap_binds_is_priced_and_checked(hand, tmp_path: Path) -> None:
    """The hand case makes 4.5 FTE redundant. Each FTE made redundant saves its 50,000 a
    year, less the 18,333.33 of AI hours that free it (1,833.33 h at 10/h) and its 25,000
    of severance: 6,666.67. With at most 2 FTE of redundancies the cost is 500,000 - 2 x
    6,666.67, and the cap's shadow price is that saving."""
    plan = run_checked(hand(levers__max_redundancies=2), tmp_path / "p")
    s = plan.summary
    assert s["redundancies"] == pytest.approx(2.0)
    assert s["objective"] == pytest.approx(500_000 - 2 * 20_000 / 3)
    row = plan.tables["constraints"].query("kind == 'redundancy_cap'").iloc[0]
    assert bool(row["binding"]) and row["shadow_price"] == pytest.approx(-20_000 / 3)
    assert row["constraint"] == "most redundancies over the horizon (2 FTE)"
    assert row["period"] == ""
    assert ("The cap of 2 FTE of redundancies over the horizon binds: each redundancy more "
            "allowed (one FTE) would save 6,667 over the horizon.") in plan.explanations


def test_a_redundancy_cap_of_zero_is_the_pledge(hand, tmp_path: Path) -> None:
    capped = run_checked(hand(levers__max_redundancies=0), tmp_path / "cap")
    pledge = run_checked(hand(levers__no_redundancy=True), tmp_path / "pledge")
    for key in ("objective", "redundancies", "fte_after", "run_rate_cost_after"):
        assert capped.summary[key] == pytest.approx(pledge.summary[key], abs=1e-6), key


def test_a_loose_redundancy_cap_changes_nothing(hand, tmp_path: Path) -> None:
    loose = run_checked(hand(levers__max_redundancies=10), tmp_path / "p").summary
    assert loose["objective"] == pytest.approx(470_000)
    assert loose["redundancies"] == pytest.approx(4.5)
