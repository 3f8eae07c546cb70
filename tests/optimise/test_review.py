"""Regression tests for defects a review found in the optimiser and the checker."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.errors import ScenarioError
from planner.optimise.explain import LEVER_KINDS
from planner.plan.check import check_plan
from planner.plan.run import run
from planner.plan.tables import write_plan
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_from_dict, scenario_to_dict
from tests.conftest import ROOT
from tests.optimise.conftest import run_checked

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"


def two_pools(**levers: object) -> dict:
    return {"name": "cycle", "horizon": {"periods": 2, "period": "year"},
            "pools": [{"role": "A", "initial": 10, "demand": [10, 10], "annual_cost_per_fte": 100},
                      {"role": "B", "initial": 10, "demand": [10, 10], "annual_cost_per_fte": 100}],
            "levers": {"attrition": {"new": 0, "long": 0},
                       "redeployment": {"scope": "team", "cost_per_fte": 1000},
                       "reskilling": [{"from": "A", "to": "B", "retention": 1},
                                      {"from": "B", "to": "A", "retention": 1}], **levers}}


@pytest.mark.parametrize("backend", ["highs", "cbc"])
def test_reskilling_cycles_earn_nothing(tmp_path: Path, backend: str) -> None:
    """A reskilling cycle once earned a redeployment credit that was never charged."""
    plan = run_checked(scenario_from_dict(two_pools()), tmp_path / "p", backend)
    assert plan.summary["status"] == "optimal"
    assert plan.summary["objective"] == pytest.approx(2 * 20 * 100)
    costs = plan.tables["costs"]
    assert (costs["amount"] >= -1e-9).all()


def test_redeployment_cost_can_only_raise_the_williams_optimum(tmp_path: Path) -> None:
    base = run_checked(load_scenario(WILLIAMS), tmp_path / "a")
    dear = run_checked(with_values(load_scenario(WILLIAMS),
                                   {"levers.redeployment.cost_per_fte": 100}), tmp_path / "b")
    assert dear.summary["objective"] >= base.summary["objective"] - 1e-6


def test_integer_mode_hires_whole_people_without_churn(tmp_path: Path) -> None:
    doc = {"name": "one pool", "horizon": {"periods": 2, "period": "year"},
           "pools": [{"role": "a", "initial": 10, "demand": [10, 10], "redundancy_cost": 50}],
           "levers": {"hiring": {"cost_per_hire": 10}},
           "solver": {"integer": True, "time_limit": 20}}
    plan = run_checked(scenario_from_dict(doc), tmp_path / "p")
    st = plan.tables["staffing"]
    assert plan.summary["status"] in ("optimal", "feasible")
    assert (st["hires"] - st["hires"].round()).abs().max() < 1e-6
    assert st["redundancies"].sum() == pytest.approx(0)
    assert st["hires"].max() <= 2


def test_cbc_route_gives_a_constraint_table() -> None:
    """Without the duals read back from CBC the table would price and explain nothing: it
    has every row of the model, as the HiGHS route's has, a shadow price on each, prices
    only on rows that bind, and a sentence on each binding priced lever."""
    sc = load_scenario(ROOT / "models" / "attrition_only.yaml")
    plan, built = run(sc, backend="cbc")
    highs, _ = run(sc)
    table, reference = plan.tables["constraints"], highs.tables["constraints"]
    assert table["name"].tolist() == reference["name"].tolist()
    assert len(table) == built.model.n_rows
    assert table["shadow_price"].notna().all()
    priced = table["shadow_price"].abs() > 1e-6
    assert priced.any()
    assert (table.loc[priced, "slack"].fillna(0) < 1e-4).all()  # complementary slackness
    levers = priced & table["binding"] & table["kind"].isin(LEVER_KINDS)
    explained = table["explanation"].ne("")
    assert levers.any() and explained.eq(levers).all()
    assert explained.eq(reference["explanation"].ne("")).all()


def test_scenario_rejects_duplicate_pool_roles_and_impossible_growth() -> None:
    doc = two_pools()
    doc["pools"][1]["role"] = "A"
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(doc)
    assert info.value.key_path == "pools.1.role"
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({**two_pools(), "levers": {"demand_growth": {"default": -1.5}}})
    assert info.value.key_path == "levers.demand_growth.default"


@pytest.mark.parametrize("change", [
    {"pools.0.demand": [900, 500, 0]},
    {"pools.0.initial": 5000},
    {"pools.0.redundancy_cost": 5000},
    {"levers.one_off_budget": 1000},
    {"pools.2.hire_limit": 100},
    {"levers.hiring.role_caps": {"semi_skilled": 10}},
])
def test_checker_compares_the_plan_with_its_scenario(tmp_path: Path, change: dict) -> None:
    sc = load_scenario(WILLIAMS)
    plan, _ = run(sc)
    write_plan(plan, tmp_path, scenario_to_dict(sc, absolute_paths=True))
    assert check_plan(tmp_path).ok
    tampered = scenario_to_dict(with_values(sc, change), absolute_paths=True)
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(tampered), encoding="utf-8")
    assert not check_plan(tmp_path).ok
