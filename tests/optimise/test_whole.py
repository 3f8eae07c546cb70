"""Decisions in whole people (docs/formulation.md §10): hand-made rosters with exact
answers, and on synthetic orgs every decision whole with the checker passing."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from planner.labels import people_fte
from planner.optimise.whole import WholeMethod, fte_per_person
from planner.plan.run import problem_data
from planner.scenario.load import load_scenario
from planner.scenario.model import Scenario, scenario_from_dict
from tests.optimise.conftest import one_role_library, orgs, random_scenario, run_checked

ROOT = Path(__file__).resolve().parents[2]


def analysts(path: Path, teams: dict[str, tuple[int, float]]) -> Path:
    """Analysts in teams of the Finance department: ``teams`` gives each team's posts and
    each post's FTE (pay 50,000 a year per FTE)."""
    rows, n = [], 0
    for name, (posts, fte) in teams.items():
        head = n
        for i in range(posts):
            rows.append({"position_id": f"A{n}", "employee_id": f"E{n}",
                         "manager_position_id": "" if i == 0 else f"A{head}",
                         "job_title": "Analyst", "team": name, "department": "Finance",
                         "fte": fte, "annual_cost": 50_000.0 * fte})
            n += 1
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def one_year(tmp: Path, teams: dict[str, tuple[int, float]], need: dict[str, float],
             **levers: object) -> Scenario:
    """The teams over one year with no attrition and no AI; each team's work falls (or
    grows) to ``need`` FTE at the year's end."""
    roster = analysts(tmp / "roster.csv", teams)
    growth = {t: need[t] / (posts * fte) - 1.0 for t, (posts, fte) in teams.items()}
    return scenario_from_dict({
        "name": "whole people", "inputs": {"roster": str(roster),
                                           "library": str(one_role_library(tmp / "lib")),
                                           "team_by": "team"},
        "horizon": {"periods": 1, "period": "year"}, "capabilities": [],
        "levers": {"attrition": {"new": 0.0, "long": 0.0}, "redundancy_months_of_pay": 6,
                   "demand_growth": {"teams": growth}, **levers},
        "solver": {"whole_people": True},
    }, base_dir=tmp)


def test_a_part_time_pool_is_counted_in_people_and_fte(tmp_path: Path) -> None:
    # Four half-time analysts (2.0 FTE) whose work falls to 1.2 FTE: the LP makes 0.8 FTE
    # redundant, 1.6 people. Two people (1.0 FTE) would leave 0.2 FTE of work undone, so
    # the whole plan makes one person (0.5 FTE) redundant and keeps 1.5 FTE.
    sc = one_year(tmp_path, {"Ledger": (4, 0.5)}, {"Ledger": 1.2})
    assert sc.whole_people
    assert fte_per_person(problem_data(sc).pools)[0].tolist() == [0.5]
    plan = run_checked(sc, tmp_path / "plan")
    s = plan.summary
    assert s["people"]["redundancies"] == 1
    assert s["redundancies"] == pytest.approx(0.5)
    assert s["fte_after"] == pytest.approx(1.5)
    assert people_fte(s, "redundancies") == "1 person (0.5 FTE)"
    st_ = plan.tables["staffing"]
    assert st_["redundancies_people"].tolist() == [1]
    assert plan.tables["pool_changes"]["redundancies"].tolist() == [1]
    assert s["whole_people"]["lp_bound"] < s["whole_people"]["objective"]
    assert s["whole_people"]["method"] in {WholeMethod.DIVE, WholeMethod.MIP}


def test_a_short_pool_receives_a_whole_person_instead_of_hiring(tmp_path: Path) -> None:
    # North has 1.5 FTE more than its work, South 0.6 FTE less. A move costs 1,000 and a
    # hire 20,000: South's shortfall is met by one whole person from North, not a hire.
    sc = one_year(tmp_path, {"North": (10, 1.0), "South": (5, 1.0)},
                  {"North": 8.5, "South": 5.6},
                  redeployment={"scope": "function", "cost_per_fte": 1000},
                  hiring={"cost_per_hire": 20_000})
    plan = run_checked(sc, tmp_path / "plan")
    s = plan.summary
    assert s["people"]["hires"] == 0 and s["hires"] == pytest.approx(0.0)
    st_ = plan.tables["staffing"].set_index("team")
    assert st_.loc["North", "redeploy_out_people"] == 1
    assert st_.loc["South", "redeploy_in"] >= 0.6 - 1e-6
    moves = plan.tables["moves"]
    to_south = moves[(moves["from_team"] == "North") & (moves["to_team"] == "South")]
    assert int(to_south["people"].sum()) == 1
    counts = st_[["hires_people", "redundancies_people", "redeploy_out_people"]].to_numpy()
    assert (counts == np.rint(counts)).all()


def test_the_williams_problem_stays_in_fte() -> None:
    # Its published optima are fractional: pool mode is not solved in whole people.
    sc = load_scenario(ROOT / "models" / "williams_manpower.yaml")
    assert sc.pool_based and not sc.whole_people


@given(orgs())
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_decision_is_whole_on_synthetic_orgs(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        sc = random_scenario(spec, Path(tmp), [
            {"id": "docs", "kind": "execute", "categories": ["data_processing"],
             "cost_per_hour": 15, "adoption": [0.3, 0.6, 0.9]}])
        sc = sc.model_copy(update={"solver": sc.solver.model_copy(
            update={"whole_people": True})})
        plan = run_checked(sc, Path(tmp) / "plan")  # the checker verifies whole counts
        whole = plan.summary["whole_people"]
        assert plan.has_plan  # the LP has one, so there is a plan in whole people or FTE
        if whole["method"] == WholeMethod.NONE:  # none found: the plan in FTE says so
            assert whole["message"] and any(
                "not whole people" in e for e in plan.explanations)
            assert "hires_people" not in plan.tables["staffing"]
            return
        st_ = plan.tables["staffing"]
        for count, fte, per in (("redundancies_people", "redundancies", "fte_per_person"),
                                ("redeploy_out_people", "redeploy_out", "fte_per_person")):
            assert np.allclose(st_[fte], st_[count] * st_[per], atol=1e-6)
        assert whole["objective"] >= whole["lp_bound"] - 1e-6 * abs(whole["lp_bound"])
        assert plan.tables["moves"]["people"].sum() == st_["redeploy_out_people"].sum()


def test_full_automation_makes_whole_redundancies(hand, tmp_path: Path) -> None:
    # The LP's hand case (tests/plan/test_run.py) needs 5.5 FTE and makes 4.5 redundant.
    # In whole people 5 would leave work undone (AI can free at most 4.5 FTE), so 4 go, 6
    # stay and AI takes only what they leave: 4 x 1,650 h / 0.9 = 7,333 h.
    plan = run_checked(hand(solver={"whole_people": True}), tmp_path / "p")
    s = plan.summary
    assert s["people"]["redundancies"] == 4 and s["fte_after"] == pytest.approx(6.0)
    assert s["ai_hours"] == pytest.approx(4 * 1650 / 0.9)
    assert s["objective"] == pytest.approx(6 * 50_000 + 4 * 1650 / 0.9 * 10 + 4 * 25_000)
    assert s["whole_people"]["lp_bound"] == pytest.approx(470_000)


def test_the_sample_automation_push_has_a_whole_plan(tmp_path: Path) -> None:
    # The shipped scenario, whole people by default: every decision rounded at once, and
    # the plan is whole, checked, and within 1% of the LP's bound (measured: 0.14%).
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    assert sc.whole_people
    plan = run_checked(sc, tmp_path / "plan")
    whole = plan.summary["whole_people"]
    assert whole["method"] in (WholeMethod.ROUND, WholeMethod.DIVE, WholeMethod.MIP), \
        whole["message"]
    assert 0 <= whole["gap"] < 0.01
    st_ = plan.tables["staffing"]
    assert (st_["redundancies_people"] == np.rint(st_["redundancies_people"])).all()
    assert not any("not whole people" in e for e in plan.explanations)


def staff_of_one(tmp: Path, teams: int, **levers: object) -> Scenario:
    """``teams`` teams of one analyst each (1 FTE, 50,000 a year) over one year whose work
    stays at 1 FTE, with 10% of staff leaving in the year (none of the year's hires)."""
    roster = analysts(tmp / "roster.csv", {f"T{i}": (1, 1.0) for i in range(teams)})
    return scenario_from_dict({
        "name": "backfill", "inputs": {"roster": str(roster),
                                       "library": str(one_role_library(tmp / "lib")),
                                       "team_by": "team"},
        "horizon": {"periods": 1, "period": "year"}, "capabilities": [],
        "levers": {"attrition": {"new": 0.0, "long": 0.1}, **levers}}, base_dir=tmp)


def test_expected_leavers_are_backfilled_not_hired_as_whole_people(tmp_path: Path) -> None:
    # Each post loses 0.1 of a person in expectation and the LP hires 0.1 FTE to keep its
    # work covered. Five whole hires would break the cap of 1 hire in the year; the plan
    # instead refills the posts as people leave: 0.5 FTE backfill, no new post, at the
    # LP's cost.
    sc = staff_of_one(tmp_path, 5, hiring={"cap_per_period": 1, "cost_per_hire": 5000})
    assert sc.whole_people  # the default for a roster
    plan = run_checked(sc, tmp_path / "plan")  # the checker holds backfill <= attrition
    s = plan.summary
    assert s["people"]["hires"] == s["people"]["new_posts"] == 0
    assert s["backfill"] == pytest.approx(0.5) and s["hires"] == pytest.approx(0.5)
    assert s["whole_people"]["gap"] == pytest.approx(0.0, abs=1e-9)
    assert plan.tables["requisitions"].empty or plan.tables["requisitions"]["posts"].sum() == 0
    assert people_fte(s, "hires") == "0 people (0.0 FTE)"
    st_ = plan.tables["staffing"]
    assert st_["backfill"].tolist() == pytest.approx([0.1] * 5)
    assert (st_["backfill"] <= st_["attrition"] + 1e-9).all()


def test_growth_beyond_the_leavers_is_whole_new_posts(tmp_path: Path) -> None:
    # The work doubles to 2 FTE: the leaver's 0.1 is backfilled and one new analyst is
    # hired. Where 2.3 FTE are needed, 0.1 + 1 is too little: 2 new posts, and no
    # backfill (the 2.9 FTE they leave cover the work).
    sc = staff_of_one(tmp_path, 1, demand_growth={"default": 1.0},
                      hiring={"cost_per_hire": 5000})
    s = run_checked(sc, tmp_path / "a").summary
    assert (s["people"]["new_posts"], s["backfill"], s["fte_after"]) == (
        1, pytest.approx(0.1), pytest.approx(2.0))
    sc = staff_of_one(tmp_path, 1, demand_growth={"default": 1.3},
                      hiring={"cost_per_hire": 5000})
    plan = run_checked(sc, tmp_path / "b")
    s = plan.summary
    assert (s["people"]["new_posts"], s["backfill"], s["fte_after"]) == (
        2, pytest.approx(0.0), pytest.approx(2.9))
    assert plan.tables["requisitions"]["posts"].sum() == 2


def test_a_plan_in_fte_has_no_backfill(tmp_path: Path) -> None:
    sc = staff_of_one(tmp_path, 2)
    sc = sc.model_copy(update={"solver": sc.solver.model_copy(update={"whole_people": False})})
    plan = run_checked(sc, tmp_path / "plan")
    assert "backfill" not in plan.summary and "backfill" not in plan.tables["staffing"]
    assert plan.summary["hires"] == pytest.approx(0.2)
