"""Helpers the sweep tests hand to worker processes (importable by module path)."""

from __future__ import annotations

import time
from typing import Any

from planner.batch.spec import Job
from planner.batch.worker import WorkerContext, solve_job


def slow_runner(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    """Solve normally, except a run whose ``solver.gap`` value is 0.5 sleeps far past any
    time limit (a run that ignores its limit)."""
    if job.values.get("solver.gap") == 0.5:
        time.sleep(60)
    return solve_job(ctx, job)


def scripted_runner(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    """No solve: a run does what its ``test.*`` values say (sleep a number of seconds, end
    its worker process with an exit code, raise), else answers at once."""
    import os

    time.sleep(job.values.get("test.sleep", 0))
    if "test.exit" in job.values:
        os._exit(job.values["test.exit"])
    if "test.raise" in job.values:
        raise RuntimeError(job.values["test.raise"])
    return {"status": "optimal", "message": ""}
