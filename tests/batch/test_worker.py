"""A sweep's worker: the base scenario validated once per worker, its inputs read through
the pipeline's one cache."""

from __future__ import annotations

import pytest

from planner.batch import worker
from planner.batch.spec import Job
from planner.scenario import keypaths, model
from planner.scenario.model import scenario_to_dict
from tests.optimise.conftest import scenario


def test_a_worker_validates_its_base_scenario_once(tmp_path, monkeypatch) -> None:
    sc = scenario(tmp_path, solver={"time_limit": 120})
    validated: list[object] = []
    real = model.scenario_from_dict

    def counted(*args, **kwargs):
        validated.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(model, "scenario_from_dict", counted)
    monkeypatch.setattr(worker, "scenario_from_dict", counted)
    monkeypatch.setattr(keypaths, "scenario_from_dict", counted)  # with_values validates
    ctx = worker.WorkerContext(scenario_to_dict(sc, absolute_paths=True), sc.base_dir, 30.0)
    worker.prepare(ctx)
    base = worker.base_scenario(ctx)
    assert base.solver.time_limit == 30.0  # the sweep's limit, lower than the scenario's
    assert len(validated) == 1
    row = worker.solve_job(ctx, Job(run_id=0, grid_point=0, sample=0))
    assert row["status"] == "optimal"
    assert len(validated) == 1  # a job without values runs the base scenario as it is
    row = worker.solve_job(ctx, Job(run_id=1, grid_point=1, sample=0,
                                    values={"levers.redundancy_months_of_pay": 3}))
    assert row["status"] == "optimal" and row["total_cost"] < 470_000
    assert len(validated) == 2  # a job's values make a new scenario: validated once


@pytest.mark.parametrize("limit", [None, 300.0])
def test_the_sweeps_time_limit_caps_the_scenarios(tmp_path, limit) -> None:
    sc = scenario(tmp_path, solver={"time_limit": limit})
    ctx = worker.WorkerContext(scenario_to_dict(sc, absolute_paths=True), sc.base_dir, 45.0)
    assert worker.base_scenario(ctx).solver.time_limit == 45.0
