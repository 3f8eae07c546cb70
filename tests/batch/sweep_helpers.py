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
