"""Sweep specs: key paths by id, grid expansion, checks that name the key path, samples
that depend only on the seed and respect their keys (the distributions themselves:
test_sampling.py)."""

from __future__ import annotations

import pytest

from planner.batch.spec import plan_sweep
from planner.errors import ScenarioError
from planner.scenario.keypaths import value_at, with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import Sweep, scenario_from_dict
from tests.conftest import ROOT

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"
PUSH = ROOT / "models" / "automation_push.yaml"


@pytest.fixture(scope="module")
def williams():
    return load_scenario(WILLIAMS)


@pytest.fixture(scope="module")
def push():
    return load_scenario(PUSH)


# Key paths -------------------------------------------------------------------------------

def test_paths_name_list_items_by_id(push, williams):
    sc = with_values(push, {"capabilities.document_ai.cost_per_hour": 40,
                            "inputs.tag_overrides.T0017.automatable_share": 0.3})
    assert {c.id: c.cost_per_hour for c in sc.capabilities}["document_ai"] == 40
    assert sc.inputs.tag_overrides[0].task == "T0017"
    assert sc.inputs.tag_overrides[0].automatable_share == 0.3
    assert with_values(williams, {"pools.skilled.hire_limit": 7}).pools[2].hire_limit == 7
    assert value_at(push, "capabilities.copilot.uplift") == push.capabilities[2].uplift


@pytest.mark.parametrize(("path", "match"), [
    ("capabilities.documnt_ai.cost_per_hour",
     r"capabilities.documnt_ai.cost_per_hour: expected the id of an item of capabilities "
     r"\(document_ai, service_agent, copilot\).*did you mean 'document_ai'"),
    ("capabilities.document_ai.cost_per_hr", r"did you mean 'cost_per_hour'"),
    ("levers.spann.max", r"levers.spann: .*did you mean 'span'"),
    ("capabilities.7.cost_per_hour", r"expected an index below 3"),
])
def test_unknown_paths_say_what_exists(push, path, match):
    with pytest.raises(ScenarioError, match=match):
        with_values(push, {path: 1})


# Grid expansion --------------------------------------------------------------------------

def test_grid_is_every_combination_in_order(williams):
    spec = Sweep(grid={"pools.skilled.hire_limit": [500, 250, 0],
                       "levers.overstaffing.total": [150, 50]})
    plan = plan_sweep(williams, spec)
    assert [j.run_id for j in plan.jobs] == list(range(6))
    assert [j.params for j in plan.jobs[:3]] == [
        {"pools.skilled.hire_limit": 500, "levers.overstaffing.total": 150},
        {"pools.skilled.hire_limit": 500, "levers.overstaffing.total": 50},
        {"pools.skilled.hire_limit": 250, "levers.overstaffing.total": 150}]
    assert plan.jobs[5].values == {"pools.skilled.hire_limit": 0,
                                   "levers.overstaffing.total": 50}


def test_grid_times_samples_and_short_form_section(williams):
    doc = {"name": "w", "horizon": {"periods": 1}, "pools": [
        {"role": "a", "initial": 10, "demand": [8]}],
        "sweep": {"pools.a.initial": [10, 12], "samples": 4, "seed": 3,
                  "uncertain": {"levers.attrition.long": {"dist": "uniform", "low": 0.05,
                                                           "high": 0.1}}}}
    sc = scenario_from_dict(doc)
    assert sc.sweep.grid == {"pools.a.initial": [10, 12]}
    plan = plan_sweep(sc)
    assert len(plan.jobs) == 8
    assert [(j.grid_point, j.sample) for j in plan.jobs[3:6]] == [(0, 3), (1, 0), (1, 1)]
    # Common random numbers: sample s draws the same at every grid point.
    assert plan.jobs[1].params["levers.attrition.long"] == plan.jobs[5].params[
        "levers.attrition.long"]


def test_the_base_scenario_is_not_validated_again_to_drop_its_sweep(monkeypatch):
    """Each grid value is checked by validating the scenario with it (two here); dropping
    the base's ``sweep:`` section is a copy, and gives what validating it would."""
    import planner.scenario.keypaths as keypaths

    sc = scenario_from_dict({"name": "w", "horizon": {"periods": 1}, "pools": [
        {"role": "a", "initial": 10, "demand": [8]}], "sweep": {"pools.a.initial": [10, 12]}})
    revalidated = with_values(sc, {"sweep": {}})
    calls = []
    validate = keypaths.scenario_from_dict
    monkeypatch.setattr(keypaths, "scenario_from_dict",
                        lambda *a, **k: calls.append(1) or validate(*a, **k))
    plan = plan_sweep(sc)
    assert len(calls) == 2
    assert plan.scenario == revalidated and plan.scenario.sweep == Sweep()


@pytest.mark.parametrize(("sweep", "match"), [
    ({"grid": {"levers.spann.max": [1]}}, r"sweep.grid.levers.spann.max: levers.spann: "
     r".*did you mean 'span'"),
    ({"grid": {"levers.max_reduction_per_period": [0.1, 1.5]}},
     r"sweep.grid.levers.max_reduction_per_period: .*less than or equal to 1"),
    ({"uncertain": {"levers.attrition.long": {"dist": "uniform", "low": 0.1, "high": 1.4}}},
     r"sweep.uncertain.levers.attrition.long.high: expected draws within the range the key "
     r"accepts \(0.0 to 1.0\), found high 1.4"),
    ({"uncertain": {"levers.attrition.lng": {"dist": "uniform", "low": 0, "high": 1}}},
     r"sweep.uncertain.levers.attrition.lng: .*did you mean 'long'"),
    ({"uncertain": {"levers.protected_roles": {"dist": "uniform", "low": 0, "high": 1}}},
     r"sweep.uncertain.levers.protected_roles: expected a numeric key"),
    ({"uncertain": {"automatable_share.category.dataprocessing": {
        "dist": "uniform", "low": 0.5, "high": 1}}},
     r"sweep.uncertain.automatable_share.category.dataprocessing: expected a category of "
     r"the library .*\(did you mean 'data_processing'"),
    ({"grid": {"automatable_share.everything": [1]}},
     r"sweep.grid.automatable_share.everything: expected automatable_share.all"),
])
def test_bad_sweeps_name_the_key_path(push, sweep, match):
    with pytest.raises(ScenarioError, match=match):
        plan_sweep(push, Sweep.model_validate({**sweep, "samples": 2 if "uncertain" in sweep
                                               else 0}))


def test_samples_and_uncertain_inputs_come_together(push):
    with pytest.raises(ScenarioError, match=r"sweep.samples: expected uncertain inputs to "
                       r"sample \(sweep.uncertain\), found none for 5 samples"):
        plan_sweep(push, Sweep(samples=5))
    with pytest.raises(ScenarioError, match=r"sweep.samples: expected a number of samples "
                       r"for the uncertain inputs \(levers.attrition.long\), found 0"):
        plan_sweep(push, Sweep(uncertain={"levers.attrition.long": {
            "dist": "uniform", "low": 0.05, "high": 0.1}}))


@pytest.mark.parametrize(("section", "match"), [
    ({"grid": {"levers.span.max": []}}, r"sweep.grid.levers.span.max: expected a list of "
     r"at least one value"),
    ({"uncertain": {"levers.span.max": {"dist": "triangular", "low": 1, "high": 3}}},
     r"sweep.uncertain.levers.span.max.mode: expected a value for a triangular"),
    ({"uncertain": {"levers.span.max": {"dist": "uniform", "low": 3, "high": 1}}},
     r"sweep.uncertain.levers.span.max.high: expected low < high"),
    ({"uncertain": {"levers.span.max": {"dist": "gamma"}}}, r"sweep.uncertain.levers.span.max"
     r".dist: .*'uniform', 'triangular', 'beta' or 'normal'"),
])
def test_bad_sections_in_files_name_the_key_path(section, match):
    doc = {"name": "w", "horizon": {"periods": 1}, "pools": [
        {"role": "a", "initial": 10, "demand": [8]}], "sweep": section}
    with pytest.raises(ScenarioError, match=match):
        scenario_from_dict(doc)


# Sampling --------------------------------------------------------------------------------

UNCERTAIN = {
    "automatable_share.category.data_processing": {"dist": "triangular", "low": 0.5,
                                                   "mode": 1.0, "high": 1.2,
                                                   "per_task": True, "correlation": 0.6},
    "capabilities.copilot.adoption": {"dist": "uniform", "low": 0.5, "high": 1.5,
                                      "apply": "scale"},
    "levers.attrition.long": {"dist": "normal", "mean": 0.1, "sd": 0.08},
}


def test_samples_depend_only_on_seed_and_sample(push):
    a = plan_sweep(push, Sweep(samples=6, seed=11, uncertain=UNCERTAIN))
    b = plan_sweep(push, Sweep(samples=3, seed=11, uncertain=UNCERTAIN))
    assert a.jobs[:3] == b.jobs
    c = plan_sweep(push, Sweep(samples=3, seed=12, uncertain=UNCERTAIN))
    assert c.jobs[0].params != a.jobs[0].params
    fewer = {k: v for k, v in UNCERTAIN.items() if k != "capabilities.copilot.adoption"}
    d = plan_sweep(push, Sweep(samples=3, seed=11, uncertain=fewer))
    assert d.jobs[1].share_factor == a.jobs[1].share_factor  # other inputs' draws unchanged
    assert a.spec_hash != b.spec_hash != c.spec_hash


def test_sampled_values_respect_their_keys(push):
    from planner.work.library import load_library

    plan = plan_sweep(push, Sweep(samples=40, seed=1, uncertain=UNCERTAIN))
    base = value_at(push, "capabilities.copilot.adoption")
    tasks = load_library().tasks
    data_processing = int((tasks["activity_category"] == "data_processing").sum())
    for job in plan.jobs:
        curve = job.values["capabilities.copilot.adoption"]
        factor = job.params["capabilities.copilot.adoption"]
        assert curve == pytest.approx([min(1.0, x * factor) for x in base])
        assert 0 <= job.values["levers.attrition.long"] <= 1  # truncated to a share
        assert all(0.5 <= f <= 1.2 for f in job.share_factor.values())
        assert len(job.share_factor) == data_processing  # one factor per such task
    longs = [j.values["levers.attrition.long"] for j in plan.jobs]
    assert len(set(longs)) == len(longs)
