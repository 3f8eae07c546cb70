"""The trade-off frontier: each point is the run of the scenario with the lever at its value,
the objective never worsens as the lever is relaxed, its ends are the pledge's plan and the
unconstrained plan, and every point passes the checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import ScenarioError
from planner.plan.check import check_plan
from planner.plan.frontier import COLUMNS, frontier, frontier_values, parse_range
from planner.plan.run import run
from planner.plan.tables import write_plan
from planner.roster.synth import synthesise
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import Scenario, scenario_from_dict, scenario_to_dict
from tests.conftest import ROOT

SAVED_PER_FTE = 50_000 - 18_333.33 - 25_000
"""The hand case (tests/plan/test_run.py): each FTE made redundant saves 6,666.67 over the
horizon (its 50,000 a year, less the AI hours that free it, 1,833.33 h at 10/h, and its
severance)."""


def test_values_are_spaced_evenly_and_whole_where_they_can_be() -> None:
    assert frontier_values(0, 40, 6) == [0, 8, 16, 24, 32, 40]
    assert frontier_values(0.1, 0.3, 3) == [0.1, 0.2, 0.3]
    assert frontier_values(5, 5, 1) == [5]
    for bad in (1, 0, 201):
        with pytest.raises(ScenarioError, match=r"points: expected 2 to 200 points"):
            frontier_values(0, 1, bad)


@pytest.mark.parametrize(("item", "expected"), [
    ("levers.max_redundancies=0..40", ("levers.max_redundancies", 0.0, 40.0)),
    (" levers.span.max = 8..12 ", ("levers.span.max", 8.0, 12.0)),
    ("levers.savings_target=0.3..0.05", ("levers.savings_target", 0.3, 0.05)),
])
def test_a_range_is_read_from_key_path_from_to(item: str, expected: tuple) -> None:
    assert parse_range(item) == expected


@pytest.mark.parametrize(("item", "message"), [
    ("levers.max_redundancies", r"levers.max_redundancies: expected KEY.PATH=FROM..TO"),
    ("=0..4", r"expected a key path before '='"),
    ("levers.span.max=8", r"levers.span.max: expected a range of numbers FROM..TO after "
                          r"'=', e.g. levers.max_redundancies=0..40, found '8'"),
    ("levers.span.max=a..b", r"levers.span.max: expected a range of numbers"),
])
def test_a_bad_range_says_what_was_expected(item: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_range(item)


def test_hand_case_frontier_is_the_runs_monotone_and_checked(hand, tmp_path: Path) -> None:
    """At a cap of c FTE the hand case makes min(c, 4.5) redundant and costs 500,000 -
    6,666.67 min(c, 4.5): from the pledge's plan to the plan without a cap."""
    sc = hand()
    values = [0, 2, 6]
    f = frontier(sc, "levers.max_redundancies", values, keep_plans=True)
    assert [p.value for p in f.points] == values
    assert all(p.status == "optimal" for p in f.points)
    for p in f.points:
        assert p.objective == pytest.approx(500_000 - SAVED_PER_FTE * min(p.value, 4.5),
                                            abs=0.02)
        assert p.redundancies == pytest.approx(min(p.value, 4.5))
    objectives = [p.objective for p in f.points]
    assert all(b <= a + 1e-6 for a, b in zip(objectives, objectives[1:], strict=False))
    pledge, _ = run(hand(levers__no_redundancy=True))
    free, _ = run(sc)
    assert f.points[0].objective == pytest.approx(pledge.summary["objective"], abs=1e-6)
    assert f.points[-1].objective == pytest.approx(free.summary["objective"], abs=1e-6)
    assert f.points[-1].savings == pytest.approx(
        free.summary["run_rate_cost_before"] - free.summary["run_rate_cost_after"])
    for i, plan in enumerate(f.plans):
        doc = scenario_to_dict(with_values(sc, {"levers.max_redundancies": values[i]}),
                               absolute_paths=True)
        write_plan(plan, tmp_path / str(i), doc)
        report = check_plan(tmp_path / str(i))
        assert report.ok, report.failures()
        assert "redundancy_cap" in {x.check for x in report.findings}
    table = f.table()
    assert list(table.columns) == COLUMNS and len(table) == len(values)
    assert f.to_dict()["points"][1]["redundancies"] == pytest.approx(2.0)


def _synthetic(tmp: Path) -> Scenario:
    roster = tmp / "org.csv"
    synthesise(60, 4).to_csv(roster, index=False)
    return scenario_from_dict({
        "name": "synthetic", "inputs": {"roster": str(roster), "team_by": "department"},
        "horizon": {"periods": 2, "period": "quarter"},
        "capabilities": [{"id": "docs", "kind": "execute", "cost_per_hour": 2,
                          "categories": ["data_processing", "data_collection",
                                         "applying_expertise", "communicating"],
                          "adoption": [0.5, 1.0]}],
        "levers": {"attrition": {"new": 0.0, "long": 0.0}, "hiring": {"cost_per_hire": 5000},
                   "redundancy_months_of_pay": 2,
                   "redeployment": {"scope": "function", "cost_per_fte": 2000}},
        "solver": {"whole_people": True}}, base_dir=tmp)


def test_each_point_equals_its_run_in_whole_people(tmp_path: Path) -> None:
    """A synthetic org of 60 positions planned in whole people: every point is the run of
    the scenario with the cap set (the same objective to 1e-6), and the last point is the
    plan without a cap. The rules applied after the solve can lead a looser cap's run to a
    costlier plan than a tighter one's (measured here: the LP is monotone, the runs are
    not); the point then names the cheaper point, and the best plan known at each cap, the
    cheaper of the two, never worsens as the cap rises."""
    sc = _synthetic(tmp_path)
    free, _ = run(sc)
    top = float(free.summary["redundancies"])
    assert top > 1.0  # the unconstrained plan makes people redundant: the cap can bind
    f = frontier(sc, "levers.max_redundancies", frontier_values(0, top, 3))
    by_value = {p.value: p for p in f.points}
    for p in f.points:
        alone, _ = run(with_values(sc, {"levers.max_redundancies": p.value}))
        assert p.status == alone.summary["status"]
        assert p.objective == pytest.approx(alone.summary["objective"], abs=1e-6)
        assert p.redundancies <= p.value + 1e-6
    best = []
    for p in f.points:
        if p.cheaper_at is not None:
            other = by_value[p.cheaper_at]
            assert other.redundancies <= p.value + 1e-6 and other.objective < p.objective
        best.append(min(p.objective, by_value[p.cheaper_at].objective if p.cheaper_at
                        is not None else p.objective))
    assert all(b <= a + 1e-6 * abs(a) for a, b in zip(best, best[1:], strict=False))
    assert f.points[-1].objective == pytest.approx(free.summary["objective"], abs=1e-6)


def test_a_frontier_without_rules_after_the_solve_is_monotone() -> None:
    """The Williams problem (pools: none of the rules applied after the solve): the cost
    never rises as the cap on redundancies rises, and a cap above the 1,423.7 redundancies
    of the published min_cost optimum gives that optimum."""
    sc = load_scenario(ROOT / "models" / "williams_manpower.yaml")
    f = frontier(sc, "levers.max_redundancies", [850, 1000, 1200, 1500])
    objectives = [p.objective for p in f.points]
    assert all(b <= a + 1e-6 for a, b in zip(objectives, objectives[1:], strict=False))
    assert objectives[0] > objectives[-1] + 1_000
    assert objectives[-1] == pytest.approx(run(sc)[0].summary["objective"], abs=1e-6)
    assert all(p.cheaper_at is None for p in f.points)


def test_points_without_a_plan_are_reported_not_dropped() -> None:
    """The Williams problem needs at least 841.8 redundancies (its min_redundancies
    optimum): caps below have no plan; at 1,500 the published min_cost optimum holds."""
    sc = load_scenario(ROOT / "models" / "williams_manpower.yaml")
    f = frontier(sc, "levers.max_redundancies", [0, 800, 1500])
    assert [p.status for p in f.points] == ["infeasible", "infeasible", "optimal"]
    assert f.points[0].message
    assert [p.objective is None for p in f.points] == [True, True, False]
    assert f.points[2].objective == pytest.approx(498_677.29, rel=1e-6)
    assert f.table()["status"].tolist() == ["infeasible", "infeasible", "optimal"]


def test_a_bad_value_is_refused_before_any_point_is_solved(hand) -> None:
    with pytest.raises(ScenarioError, match=r"levers\.savings_target"):
        frontier(hand(), "levers.savings_target", [0.1, 1.5])
    with pytest.raises(ScenarioError, match=r"levers\.max_redundancie"):
        frontier(hand(), "levers.max_redundancie", [1])
