"""Workforce flows reproduce the published manpower-planning optima on both backends."""

from __future__ import annotations

import pytest

from planner.optimise.flows import (
    FlowObjective,
    FlowProblem,
    Pool,
    SolveStatus,
    build,
    solve,
    williams_manpower,
)

PUBLISHED = {FlowObjective.MIN_REDUNDANCIES: 841.797, FlowObjective.MIN_COST: 498_677.29}


@pytest.mark.parametrize("backend", ["highs", "cbc"])
@pytest.mark.parametrize("objective", list(PUBLISHED))
def test_williams_reference_optima(backend: str, objective: FlowObjective) -> None:
    result = solve(williams_manpower(objective), backend=backend)
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(PUBLISHED[objective], rel=1e-6)


def test_plan_conserves_flows_and_meets_requirements() -> None:
    problem = williams_manpower("min_cost")
    result = solve(problem)
    plan = result.plan.set_index(["period", "pool"])
    pools = {p.name: p for p in problem.pools}
    moves = {m.name: m for m in problem.moves}
    for i, t in enumerate(problem.periods):
        for s, p in pools.items():
            row = plan.loc[(t, s)]
            prev = p.initial if i == 0 else plan.loc[(problem.periods[i - 1], s), "staff"]
            got_in = sum(moves[r.move].retention * r.moved
                         for r in result.moves.itertuples() if r.period == t and r.target == s)
            expected = ((1 - p.attrition_long) * prev + (1 - p.attrition_new) * row["hire"]
                        + got_in - row["moved_out"] - row["redundancy"])
            assert row["staff"] == pytest.approx(expected, abs=1e-6)
            assert row["staff"] == pytest.approx(problem.requirement[t, s] + row["overstaffing"]
                                                 + 0.5 * row["short_time"], abs=1e-6)
            assert row["short_time"] <= 50 + 1e-6
            assert row["hire"] <= p.hire_limit + 1e-6
        assert plan.loc[t, "overstaffing"].sum() <= 150 + 1e-6
    # At the minimum-cost optimum there are about 1,423.7 redundancies (published).
    assert result.plan["redundancy"].sum() == pytest.approx(1423.7, abs=0.1)


def test_build_without_solving_names_constraints() -> None:
    lp, var = build(williams_manpower("min_cost"))
    names = {c.name for c in lp.constraints()}
    assert {"balance_year1_skilled", "overstaffing_limit_year3",
            "move_share_year2_semi_skilled_to_skilled"} <= names
    assert len(var["staff"]) == 9 and len(var["move"]) == 15


def test_infeasible_is_reported_not_planned() -> None:
    problem = FlowProblem(pools=(Pool("a", initial=10, hire_limit=0),), periods=("p1",),
                          requirement={("p1", "a"): 50.0}, overstaffing_limit=0)
    result = solve(problem)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.objective is None and result.plan.empty
