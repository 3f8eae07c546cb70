"""Property tests on random synthetic scenarios.

Each example is a small synthetic org with random levers. For every plan: the independent
checker passes; the LP optimum is never worse than the integer one; relaxing a constraint
never worsens the optimum; locking the optimum's staffing reproduces it; CBC and HiGHS
agree.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.plan.run import problem_data, run
from planner.roster.synth import synthesise
from planner.scenario.keypaths import with_values
from planner.scenario.model import Scenario, scenario_from_dict
from tests.optimise.conftest import run_checked

CAPABILITIES = [
    {"id": "docs", "kind": "execute", "categories": ["data_processing", "data_collection"],
     "cost_per_hour": 15, "fixed_cost_per_team": 1000, "implementation_cost": 5000,
     "adoption": [0.4, 0.8]},
    {"id": "assist", "kind": "assist", "categories": ["applying_expertise"], "uplift": 0.2,
     "cost_per_assisted_fte": 500, "adoption": [0.5, 1.0]},
]


@st.composite
def scenarios(draw: st.DrawFn) -> dict:
    levers: dict = {
        "attrition": {"new": draw(st.sampled_from([0.1, 0.2])),
                      "long": draw(st.sampled_from([0.05, 0.1]))},
        "redeployment": {"scope": draw(st.sampled_from(["team", "function", "organisation"])),
                         "cost_per_fte": 2000},
        "hiring": {"cost_per_hire": 5000},
    }
    if draw(st.booleans()):
        levers["span"] = {"max": draw(st.integers(8, 15))}
    if draw(st.booleans()):
        levers["max_reduction_per_period"] = draw(st.sampled_from([0.1, 0.2, 0.3]))
    if draw(st.booleans()):
        levers["no_redundancy"] = True
    if draw(st.booleans()):
        levers["demand_growth"] = {"default": draw(st.sampled_from([-0.1, 0.05, 0.2]))}
    return {
        "positions": draw(st.integers(25, 120)),
        "seed": draw(st.integers(0, 10_000)),
        "levers": levers,
    }


def make(tmp: Path, spec: dict) -> Scenario:
    roster = tmp / "org.csv"
    synthesise(spec["positions"], spec["seed"]).to_csv(roster, index=False)
    return scenario_from_dict({
        "name": "random", "inputs": {"roster": str(roster), "team_by": "department"},
        "horizon": {"periods": 2, "period": "quarter"},
        "capabilities": CAPABILITIES, "levers": spec["levers"],
    }, base_dir=tmp)


SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@given(scenarios())
@SETTINGS
def test_random_plans_pass_the_checker_and_backends_agree(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        sc = make(Path(tmp), spec)
        data = problem_data(sc)
        plan = run_checked(sc, Path(tmp) / "plan")
        if not plan.has_plan:
            assert plan.explanations and plan.summary["status"] == "infeasible"
            return
        cbc, _ = run(sc, backend="cbc", data=data)
        assert cbc.summary["objective"] == pytest.approx(plan.summary["objective"], rel=1e-6)


@given(scenarios())
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_lp_never_worse_than_integer(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        sc = make(Path(tmp), spec)
        lp_plan = run_checked(sc, Path(tmp) / "lp")
        if not lp_plan.has_plan:
            return
        # A MIP on even a small org can take long to prove optimal: a time limit and a 1%
        # gap are enough here, since any integer plan must cost at least the LP optimum.
        mip = run_checked(with_values(sc, {"solver.integer": True, "solver.time_limit": 2,
                                           "solver.gap": 0.01}), Path(tmp) / "mip")
        if mip.has_plan:
            assert lp_plan.summary["objective"] <= mip.summary["objective"] + 1e-6 * abs(
                mip.summary["objective"])
            assert mip.summary["lp_bound"] <= mip.summary["objective"] + 1e-6 * abs(
                mip.summary["objective"])


@given(scenarios(), st.sampled_from(["span", "max_reduction_per_period", "no_redundancy"]))
@SETTINGS
def test_relaxing_a_lever_never_worsens_the_optimum(spec: dict, lever: str) -> None:
    tight = {**spec, "levers": {**spec["levers"], "span": {"max": 8},
                                "max_reduction_per_period": 0.1, "no_redundancy": True}}
    with TemporaryDirectory() as tmp:
        sc = make(Path(tmp), tight)
        relaxed = with_values(sc, {f"levers.{lever}": {"span": {}, "no_redundancy": False,
                                                       "max_reduction_per_period": None}[lever]})
        a, _ = run(sc)
        b, _ = run(relaxed)
        if a.has_plan:
            assert b.has_plan
            assert b.summary["objective"] <= a.summary["objective"] * (1 + 1e-9) + 1e-6


@given(scenarios())
@SETTINGS
def test_locking_the_optimum_reproduces_it(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        sc = make(Path(tmp), spec)
        plan, _ = run(sc)
        if not plan.has_plan:
            return
        st_ = plan.tables["staffing"]
        periods = list(plan.summary["periods"])
        locks = [{"team": r.team, "role": r.role, "fte": float(r.fte_end),
                  "period": periods.index(r.period) + 1} for r in st_.itertuples()]
        locked, _ = run(with_values(sc, {"levers.locks": locks}))
        assert locked.has_plan
        assert locked.summary["objective"] == pytest.approx(plan.summary["objective"],
                                                            rel=1e-6, abs=1e-3)
