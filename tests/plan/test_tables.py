"""A solution as the plan's tables and summary: the flows of each pool add up period to
period, the summary is the tables' totals, the teams table is the staffing's, a summary-only
plan keeps the same summary, and a plan is never changed (a new one is derived)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import numpy as np
import pandas as pd
import pytest

from planner.domain import ONE_OFF_COSTS
from planner.io.plan_folder import read_plan_folder
from planner.optimise.solvers import solve
from planner.plan.run import LAZY_KINDS, run
from planner.plan.tables import (
    Plan,
    cost_table,
    make_plan,
    vacancy_line,
    vacancy_summary,
    write_plan,
)
from planner.status import SolveStatus

LEVERS = {"attrition": {"new": 0.1, "long": 0.1}, "no_redundancy": True}
"""Attrition and the pledge: the team shrinks in each of the two years, the lead is
replaced by a hire."""


@pytest.fixture
def solved(hand):
    """A two-year plan of a team with a lead and attrition: the plan and its model."""
    return run(hand(lead=True, horizon={"periods": 2, "period": "year"}, levers=LEVERS))


def test_each_pools_flows_add_up_and_carry_to_the_next_period(solved):
    plan, _ = solved
    s = plan.tables["staffing"]
    flows = (s["fte_start"] - s["attrition"] + s["hires"] + s["redeploy_in"]
             - s["redeploy_out"] - s["redundancies"])
    assert flows.to_numpy() == pytest.approx(s["fte_end"].to_numpy(), abs=1e-6)
    for _, pool in s.groupby(["team", "role"]):
        assert pool["fte_start"].iloc[1:].to_numpy() == pytest.approx(
            pool["fte_end"].iloc[:-1].to_numpy())
    first = s[s["period"] == s["period"].iloc[0]]
    assert first["fte_start"].sum() == pytest.approx(plan.summary["fte_before"]) == 11
    assert sorted(set(s["period"])) == plan.summary["periods"] == ["2027", "2028"]


def test_the_summary_is_the_tables_totals(solved):
    plan, _ = solved
    s, costs, summary = plan.tables["staffing"], plan.tables["costs"], plan.summary
    last = s[s["period"] == summary["periods"][-1]]
    first = s[s["period"] == summary["periods"][0]]
    assert last["fte_end"].sum() < first["fte_end"].sum() - 0.5  # the years differ
    assert summary["hires"] > 0
    assert summary["fte_after"] == pytest.approx(last["fte_end"].sum(), abs=1e-6)
    for key in ("redundancies", "hires", "attrition"):
        assert summary[key] == pytest.approx(s[key].sum(), abs=1e-5), key
    assert summary["total_cost"] == pytest.approx(costs["amount"].sum(), abs=0.01)
    by_line = costs.groupby("category")["amount"].sum()
    assert summary["one_off_cost"] == {k: pytest.approx(by_line.get(k, 0.0), abs=0.01)
                                       for k in ONE_OFF_COSTS}
    assert summary["ai_hours"] == pytest.approx(plan.tables["work"]["ai_hours"].sum(),
                                                abs=1e-3)
    assert summary["status"] == plan.status.value == "optimal"


def test_the_teams_table_is_the_staffings_at_each_periods_end(solved):
    plan, _ = solved
    s, teams = plan.tables["staffing"], plan.tables["teams"]
    end = s.groupby(["team", "period"])["fte_end"].sum()
    assert teams.set_index(["team", "period"])["fte"].to_dict() == pytest.approx(end.to_dict())
    managers = s[s["is_manager"]].groupby("period")["fte_end"].sum()
    row = teams.set_index("period")
    assert row["managers"].to_dict() == pytest.approx(managers.to_dict())
    assert (row["span"] == row["individual_contributors"] / row["managers"]).all()


def test_costs_come_per_period_and_line_from_the_models_cost_terms(solved):
    plan, built = solved
    sol = solve(built.model, "highs", integer=False, lazy=LAZY_KINDS)
    costs = cost_table(built, sol.x)
    assert set(costs["period"]) == {"2027", "2028"}
    assert not costs.duplicated(["period", "category"]).any()
    pd.testing.assert_frame_equal(costs.reset_index(drop=True),
                                  plan.tables["costs"].reset_index(drop=True))


def test_a_summary_only_plan_has_the_same_summary_and_two_tables(solved):
    plan, built = solved
    sol = solve(built.model, "highs", integer=False, lazy=LAZY_KINDS)
    brief = make_plan(built, sol, tables=False)
    assert set(brief.tables) == {"staffing", "costs"}
    # role_coverage and structure are the pipeline's, from the roster it loaded (plan.run.run)
    keep = {k: v for k, v in plan.summary.items() if k not in ("solve_seconds",
                                                               "build_seconds",
                                                               "role_coverage",
                                                               "structure")}
    assert {k: brief.summary[k] for k in keep} == keep


def test_a_plan_without_a_solution_has_no_tables_and_says_why(hand):
    plan, _ = run(hand(levers={**LEVERS, "team_fte": {"max": 3}}))
    assert plan.status is SolveStatus.INFEASIBLE and not plan.has_plan
    assert plan.tables == {} and plan.summary["message"]
    assert "fte_after" not in plan.summary


def test_a_plan_is_never_changed_a_new_one_is_derived():
    plan = Plan(SolveStatus.OPTIMAL, {"fte_after": 9.0}, {}, ("One sentence.",))
    with pytest.raises(FrozenInstanceError):
        plan.status = SolveStatus.INFEASIBLE  # type: ignore[misc]
    other = plan.with_summary(fte_after=8.0, note="added")
    assert other is not plan and other.summary == {"fte_after": 8.0, "note": "added"}
    assert plan.summary == {"fte_after": 9.0}
    assert other.explanations == plan.explanations and other.has_plan
    assert plan.saved_summary() == {"fte_after": 9.0, "explanations": ["One sentence."]}
    assert not Plan(SolveStatus.NOT_SOLVED, {}).has_plan


def test_write_plan_keeps_the_explanations_the_tables_and_the_scenario(solved, tmp_path):
    plan = replace(solved[0], explanations=("Ledger keeps its lead.",))
    folder = read_plan_folder(write_plan(plan, tmp_path / "plan", {"name": "hand case"}))
    assert folder.summary["explanations"] == ["Ledger keeps its lead."]
    assert folder.scenario == {"name": "hand case"}
    assert set(folder.tables) == set(plan.tables)
    assert np.allclose(folder.tables["staffing"]["fte_end"], plan.tables["staffing"]["fte_end"])


def test_the_vacancies_in_one_sentence_and_none_without_any() -> None:
    summary = {"vacancies": {"closed_posts": 12.0, "closed_fte": 11.5, "kept_posts": 38.0,
                             "kept_fte": 37.2, "filled_posts": 3.0, "filled_fte": 3.0}}
    assert vacancy_line(summary) == "Vacancies: 12 posts closed (11.5 FTE), 3 filled, 38 kept"
    one = {"vacancies": {**summary["vacancies"], "closed_posts": 1.0, "closed_fte": 0.6}}
    assert vacancy_line(one).startswith("Vacancies: 1 post closed (0.6 FTE)")
    none = {k: 0.0 for k in summary["vacancies"]}
    assert vacancy_line({"vacancies": none}) is None and vacancy_line({}) is None


def test_vacancy_posts_are_fte_at_the_pools_fte_per_vacant_post() -> None:
    pools = pd.DataFrame({"vacant_fte": [1.6, 0.0], "vacant_posts": [2.0, 0.0]})
    closed = np.array([[0.8, 0.0], [0.0, 0.0]])  # one 0.8 FTE post closed in period 1
    kept = np.array([[0.8, 0.8], [0.0, 0.0]])
    got = vacancy_summary(pools, closed, np.zeros((2, 2)), kept)
    assert got == {"closed_posts": 1.0, "closed_fte": 0.8, "kept_posts": 1.0, "kept_fte": 0.8,
                   "filled_posts": 0.0, "filled_fte": 0.0}
