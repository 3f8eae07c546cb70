"""One run of a sweep, as a worker process (local or Dask) executes it.

The expensive inputs (roster read, titles matched, library loaded, roster grouped into
pools and teams) are prepared once per worker process, in the pipeline's one inputs cache
(:func:`planner.plan.run.load_inputs`), and kept while the sweep changes only values that
do not affect them (anything outside ``inputs``, and
``inputs.tag_overrides``; ``inputs.team_by`` regroups the roster once per value). Each
run then sets its values on the base scenario, applies its automatable shares to the
task table, prepares the rest of the problem data (levers, demand, work groups), builds,
solves with one solver thread, and returns one results row.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner.batch.spec import Job
from planner.errors import PlannerError, ScenarioError, note_text, plan_notes
from planner.scenario.keypaths import with_values
from planner.scenario.model import Scenario, scenario_from_dict
from planner.status import RunStatus  # also imported from here by older code

CUT_TOLERANCE = 0.01
"""A team is cut when it ends at least this much below its starting FTE [FTE]."""


@dataclass(frozen=True)
class WorkerContext:
    """What every worker needs once: the base scenario and the sweep's settings.

    Attributes
    ----------
    scenario_doc : dict
        The base scenario with absolute input paths (:func:`scenario_to_dict`).
    base_dir : str
        Folder the scenario's paths are relative to.
    time_limit : float
        Per-run solver time limit [s].
    runner : str
        ``module:function`` that turns (context, job) into a row; tests swap in a slow one.
    """

    scenario_doc: dict[str, Any]
    base_dir: str
    time_limit: float
    runner: str = "planner.batch.worker:solve_job"

    @property
    def key(self) -> str:
        """Identifies the context in a worker's cache."""
        return json.dumps([self.scenario_doc, self.base_dir, self.time_limit], sort_keys=True,
                          default=str)


_LOCK = threading.Lock()
_SCENARIOS: dict[str, Scenario] = {}


def pin_threads() -> None:
    """One thread per worker for the numeric libraries (HiGHS is given one thread)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def base_scenario(ctx: WorkerContext) -> Scenario:
    """The context's scenario with the sweep's time limit (the lower of the sweep's and the
    scenario's own), validated once per worker."""
    with _LOCK:
        sc = _SCENARIOS.get(ctx.key)
        if sc is None:
            doc = copy.deepcopy(ctx.scenario_doc)
            solver = doc.setdefault("solver", {})
            solver["time_limit"] = min(ctx.time_limit, solver.get("time_limit") or ctx.time_limit)
            sc = scenario_from_dict(doc, base_dir=ctx.base_dir)
            _SCENARIOS.clear()
            _SCENARIOS[ctx.key] = sc
        return sc


def prepare(ctx: WorkerContext) -> None:
    """Warm a worker: validate the scenario and load its inputs before the first run (into
    the pipeline's one inputs cache, :func:`planner.plan.run.load_inputs`)."""
    from planner.plan.run import load_inputs

    pin_threads()
    sc = base_scenario(ctx)
    if not sc.pool_based:
        load_inputs(sc)


def _tasks(scenario: Scenario, job: Job) -> pd.DataFrame | None:
    """The task table with the job's automatable shares (tag overrides applied first)."""
    if scenario.pool_based or (not job.share_factor and not job.share_value):
        return None
    from planner.optimise.data import apply_tag_overrides
    from planner.plan.run import load_inputs

    tasks = apply_tag_overrides(load_inputs(scenario).library, scenario)
    share = tasks["automatable_share"].astype(float)
    share = share * tasks["task_id"].map(job.share_factor).fillna(1.0).astype(float)
    fixed = tasks["task_id"].map(job.share_value)
    share = fixed.where(fixed.notna(), share).astype(float).clip(0.0, 1.0)
    changed = tasks["task_id"].isin(list(job.share_factor) + list(job.share_value))
    return tasks.assign(automatable_share=share, changed=tasks["changed"] | changed)


def solve_job(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    """Run one job: set its values, solve, and summarise the plan as a results row."""
    from planner.optimise.explain import start_end_fte
    from planner.plan.run import problem_data, run

    sc = with_values(base_scenario(ctx), job.values) if job.values else base_scenario(ctx)
    plan, _ = run(sc, data=problem_data(sc, tasks=_tasks(sc, job)), explain_plan=False)
    s = plan.summary
    row: dict[str, Any] = {"status": s["status"], "objective": s["objective"],
                           "fte_before": s["fte_before"],
                           "run_rate_cost_before": s["run_rate_cost_before"],
                           "solve_seconds": s["solve_seconds"]}
    if not plan.has_plan:
        row["message"] = (f"no plan ({s['status']}): {s.get('message') or ''}".strip(": ") +
                          "; run the scenario with these values alone to see what conflicts")
        return row
    one_off = s["one_off_cost"]
    fte = start_end_fte(plan.tables["staffing"])
    cut = sorted(str(t) for t in fte.index[fte["fte_end"] < fte["fte_start"] - CUT_TOLERANCE])
    row.update({
        "message": " ".join(note_text(n) for n in plan_notes(s)) or None,
        "total_cost": s["total_cost"], "fte_after": s["fte_after"],
        "redundancies": s["redundancies"], "hires": s["hires"],
        "redeployments": s["redeployments"], "attrition": s["attrition"],
        "run_rate_cost_after": s["run_rate_cost_after"],
        "savings": round(s["run_rate_cost_before"] - s["run_rate_cost_after"], 2),
        "one_off_cost": round(float(sum(one_off.values())), 2),
        "ai_hours": s["ai_hours"], "assisted_hours": s["assisted_hours"],
        "capacity_freed_hours": s["capacity_freed_hours"],
        "teams_cut": "|".join(cut),
    })
    return row


def run_job(ctx: WorkerContext, job: Job) -> dict[str, Any]:
    """A results row for a job, whatever happens: errors become rows with a status."""
    t0 = time.perf_counter()
    module, name = ctx.runner.split(":")
    runner = getattr(importlib.import_module(module), name)
    try:
        row = runner(ctx, job)
    except ScenarioError as exc:
        row = {"status": RunStatus.INVALID.value, "message": str(exc)}
    except PlannerError as exc:
        row = {"status": RunStatus.ERROR.value, "message": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a failed run is a row, never a lost sweep
        row = {"status": RunStatus.ERROR.value, "message": f"{type(exc).__name__}: {exc}"}
    return {**job_columns(job), **row, "seconds": round(time.perf_counter() - t0, 4),
            "worker": f"{socket.gethostname()}:{os.getpid()}"}


def job_columns(job: Job) -> dict[str, Any]:
    """The identifying columns of a job's row: ids and parameter values."""
    return {"run_id": job.run_id, "grid_point": job.grid_point, "sample": job.sample,
            **job.params}
