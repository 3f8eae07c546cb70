"""Batch what-if runs: grid sweeps and Monte Carlo samples of uncertain inputs, on local
worker processes or a Dask cluster, with a tidy results table and percentile summaries.

>>> import planner
>>> results = planner.sweep("models/automation_push.yaml",            # doctest: +SKIP
...                         grid={"levers.redundancy_months_of_pay": [3, 12]},
...                         samples=100, seed=7, workers=2)
>>> planner.batch.percentiles(results, by=["levers.redundancy_months_of_pay"])  # +SKIP

See ``docs/sweeps.md``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from planner.batch.executors import DaskExecutor, Executor, LocalExecutor
from planner.batch.results import (
    COLUMNS,
    ResultsFile,
    ResultsSchema,
    parameter_columns,
    percentiles,
    read_results,
    team_cuts,
    tidy,
    tornado,
    validate,
)
from planner.batch.spec import Job, SweepPlan, plan_sweep
from planner.batch.worker import WorkerContext
from planner.errors import ScenarioError
from planner.scenario.load import load_scenario
from planner.scenario.model import Scenario, Sweep, scenario_to_dict
from planner.status import RunStatus

__all__ = [
    "sweep", "plan_sweep", "Sweep", "SweepPlan", "Job", "RunStatus", "Executor",
    "LocalExecutor", "DaskExecutor", "ResultsFile", "ResultsSchema", "COLUMNS", "tidy",
    "validate", "read_results", "percentiles", "team_cuts", "tornado", "parameter_columns",
    "make_executor",
]


def make_executor(executor: Executor | str | Any | None = None, *,
                  workers: int | None = None) -> Executor:
    """An executor from what a caller gives: ``None`` or ``"local"`` (worker processes),
    a Dask scheduler address (``tcp://...``), a ``distributed.Client``, or an executor."""
    if executor is None or executor == "local":
        return LocalExecutor(workers)
    if hasattr(executor, "run") and not hasattr(executor, "scheduler_info"):
        return executor
    return DaskExecutor(executor)


def sweep(scenario: Scenario | str | os.PathLike[str], *,
          grid: Mapping[str, list[Any]] | None = None, samples: int | None = None,
          seed: int | None = None, uncertain: Mapping[str, Any] | None = None,
          time_limit: float | None = None, executor: Executor | str | Any | None = None,
          workers: int | None = None, out: str | os.PathLike[str] | None = None,
          overwrite: bool = False,
          progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Run a scenario many times: a grid of values, Monte Carlo samples, or both.

    Parameters
    ----------
    scenario : Scenario or path
        The base scenario; its ``sweep:`` section gives the defaults of the arguments below.
    grid : mapping, optional
        Key path -> values to try; merged over the section's grid.
    samples, seed : int, optional
        Monte Carlo samples per grid point and the seed (sample ``i`` depends only on
        the seed and ``i``).
    uncertain : mapping, optional
        Key path -> distribution (a dict such as ``{"dist": "uniform", "low": 0.6,
        "high": 1.0}``); merged over the section's.
    time_limit : float, optional
        Per-run limit [s] (default: the section's, the solver's, or 300 s).
    executor : optional
        ``"local"`` (default), a Dask scheduler address, a ``distributed.Client`` or an
        :class:`Executor`.
    workers : int, optional
        Local worker processes (default: the CPU count).
    out : path, optional
        Results file (``.parquet`` or ``.csv``): written as runs finish; runs already in
        it for the same sweep are not run again.
    overwrite : bool
        Replace an output file that holds another sweep's results.
    progress : callable, optional
        Called with (runs done, runs in total) after each run.

    Returns
    -------
    DataFrame
        One row per run (:class:`ResultsSchema` plus a column per swept key path).
        ``attrs["skipped_rows"]`` says what the runs planned without, in words, when the
        scenario sets ``inputs.skip_error_rows`` and the roster left rows out (else "").

    Raises
    ------
    ScenarioError
        For a bad sweep (the message names ``sweep.grid.PATH`` or ``sweep.uncertain.PATH``).
    InputError
        When the roster cannot be used, or has errors and the scenario does not set
        ``inputs.skip_error_rows``.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    spec = _merged(sc.sweep, grid, samples, seed, uncertain, time_limit)
    plan = plan_sweep(sc, spec)
    if not plan.jobs:
        raise ScenarioError("sweep", "expected a grid, samples of uncertain inputs, or both; "
                            "found an empty sweep")
    skipped = ""
    if not plan.scenario.pool_based:
        from planner.plan.run import load_inputs

        # Here, not in the workers, so that a roster with errors stops the sweep with its
        # problems (InputError) rather than as a worker's failure to start.
        left_out = load_inputs(plan.scenario).left_out
        skipped = left_out.statement() if left_out else ""
    store = ResultsFile(out, plan.spec_hash, overwrite=overwrite) if out else None
    done = store.done if store else set()
    jobs = [j for j in plan.jobs if j.run_id not in done]
    ctx = WorkerContext(scenario_to_dict(plan.scenario, absolute_paths=True),
                        str(Path(plan.scenario.base_dir).resolve()), plan.time_limit)
    rows: list[dict[str, Any]] = []
    total, finished = len(plan.jobs), len(plan.jobs) - len(jobs)
    if progress:
        progress(finished, total)
    try:
        for row in make_executor(executor, workers=workers).run(ctx, jobs) if jobs else []:
            row["spec_hash"] = plan.spec_hash
            rows.append(row)
            if store:
                store.add(row)
            finished += 1
            if progress:
                progress(finished, total)
    finally:
        if store:
            store.flush()
    if store:
        df = store.close()
    else:
        df = tidy(rows, plan.spec_hash)
        validate(df)
    # what every run planned without (``inputs.skip_error_rows``), for the summary to say
    df.attrs["skipped_rows"] = skipped
    return df


def _merged(base: Sweep, grid: Mapping[str, list[Any]] | None, samples: int | None,
            seed: int | None, uncertain: Mapping[str, Any] | None,
            time_limit: float | None) -> Sweep:
    doc = base.model_dump(mode="json")
    if grid:
        doc["grid"] = {**doc["grid"], **{k: list(v) for k, v in grid.items()}}
    if uncertain:
        doc["uncertain"] = {**doc["uncertain"], **dict(uncertain)}
    for key, value in (("samples", samples), ("seed", seed), ("time_limit", time_limit)):
        if value is not None:
            doc[key] = value
    from planner.scenario.model import scenario_from_dict

    # Validate through a scenario so errors name sweep.* key paths.
    try:
        return Sweep.model_validate(doc)
    except Exception:
        scenario_from_dict({"name": "sweep", "pools": [{"role": "r", "initial": 0,
                                                        "demand": [0]}],
                            "horizon": {"periods": 1}, "sweep": doc})
        raise
