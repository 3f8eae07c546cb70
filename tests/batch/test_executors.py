"""`LocalExecutor` on scripted runs (no solver): every job gives one row, a run past its
limit is killed and its worker replaced, a worker that dies is recorded and replaced, and a
worker that cannot start stops the sweep."""

from __future__ import annotations

from typing import Any

import pytest

from planner.batch import make_executor
from planner.batch.executors import LocalExecutor
from planner.batch.spec import Job
from planner.batch.worker import WorkerContext
from planner.errors import PlannerError
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_to_dict
from tests.conftest import ROOT

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"  # pool-based: workers start quickly
RUNNER = "tests.batch.sweep_helpers:scripted_runner"


def _context(time_limit: float = 30.0, doc: dict[str, Any] | None = None) -> WorkerContext:
    sc = load_scenario(WILLIAMS)
    return WorkerContext(doc or scenario_to_dict(sc, absolute_paths=True), str(sc.base_dir),
                         time_limit, runner=RUNNER)


def _jobs(*values: dict[str, Any]) -> list[Job]:
    return [Job(run_id=i, grid_point=i, sample=0, params={"p": i}, values=v)
            for i, v in enumerate(values)]


def _rows(executor: LocalExecutor, ctx: WorkerContext, jobs: list[Job]) -> dict[int, dict]:
    rows = list(executor.run(ctx, jobs))
    assert sorted(r["run_id"] for r in rows) == [j.run_id for j in jobs]  # one row per job
    return {r["run_id"]: r for r in rows}


def test_every_job_gives_one_row_with_its_columns_on_several_workers() -> None:
    jobs = _jobs(*({"test.sleep": 0.2} for _ in range(6)))
    rows = _rows(LocalExecutor(workers=2), _context(), jobs)
    assert {r["status"] for r in rows.values()} == {"optimal"}
    assert [rows[i]["p"] for i in range(6)] == list(range(6))
    assert len({r["worker"] for r in rows.values()}) == 2  # both processes took runs


def test_a_failing_run_is_a_row_and_its_worker_goes_on() -> None:
    rows = _rows(LocalExecutor(workers=1), _context(), _jobs({"test.raise": "boom"}, {}))
    assert rows[0]["status"] == "error" and rows[0]["message"] == "RuntimeError: boom"
    assert rows[1]["status"] == "optimal"
    assert rows[0]["worker"] == rows[1]["worker"]


def test_a_run_past_its_limit_is_killed_and_its_worker_replaced() -> None:
    ctx = _context(time_limit=0.2)
    rows = _rows(LocalExecutor(workers=1, grace=0.5), ctx,
                 _jobs({}, {"test.sleep": 60}, {}))
    killed = rows[1]
    assert killed["status"] == "timeout"
    assert killed["message"].startswith("killed after ")
    assert "ignored its time limit of 0.2 s (plus 0.5 s grace)" in killed["message"]
    assert 0.7 <= killed["seconds"] < 10
    assert rows[0]["status"] == rows[2]["status"] == "optimal"
    assert rows[0]["worker"] != rows[2]["worker"]  # a new process took the next run


def test_a_worker_that_dies_is_recorded_and_replaced() -> None:
    rows = _rows(LocalExecutor(workers=1), _context(), _jobs({}, {"test.exit": 3}, {}))
    assert rows[1]["status"] == "error"
    assert rows[1]["message"] == "the worker running this run died (exit code 3)"
    assert rows[2]["status"] == "optimal"
    assert rows[0]["worker"] != rows[2]["worker"]


def test_a_worker_that_cannot_load_the_scenario_stops_the_sweep() -> None:
    doc = {**scenario_to_dict(load_scenario(WILLIAMS), absolute_paths=True),
           "levers": {"no_such_lever": 1}}
    with pytest.raises(PlannerError, match="a sweep worker could not load the scenario's "
                                           "inputs: ScenarioError"):
        list(LocalExecutor(workers=1).run(_context(doc=doc), _jobs({})))


def test_no_jobs_start_no_workers_and_bad_worker_counts_are_refused() -> None:
    assert list(LocalExecutor(workers=1).run(_context(), [])) == []
    with pytest.raises(ValueError, match="workers: expected 1 or more, found 0"):
        LocalExecutor(workers=0)
    executor = make_executor("local", workers=3)
    assert isinstance(executor, LocalExecutor) and executor.workers == 3
    assert executor.start_method in ("forkserver", "spawn")  # never fork
