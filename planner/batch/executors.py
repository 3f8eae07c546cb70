"""Where the runs of a sweep execute: local worker processes, or a Dask cluster.

Both take the same (context, jobs) and yield the same rows, in completion order; the row
of a run depends only on its job, so the results are identical whichever executes them.

:class:`LocalExecutor` keeps one job per worker process at a time, so it knows how long
each run has taken: a run past its time limit plus a grace period has ignored the
solver's own limit, and its worker is killed, the run recorded as ``timeout`` and the
worker replaced. A worker that dies (a crash, out of memory) is recorded and replaced too.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from planner.batch.spec import Job
from planner.batch.worker import WorkerContext, job_columns, prepare, run_job
from planner.errors import PlannerError
from planner.status import RunStatus

DEFAULT_GRACE = 10.0
"""Seconds past a run's time limit before its worker is killed [s]."""


class Executor(Protocol):
    """Runs jobs and yields one row per job, as they finish."""

    def run(self, ctx: WorkerContext, jobs: Sequence[Job]) -> Iterator[dict[str, Any]]:
        """Yield a row per job (any order)."""
        ...


def _worker_main(conn: Connection, ctx: WorkerContext) -> None:
    try:
        prepare(ctx)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the sweep
        conn.send(("setup_error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        conn.send(("done", run_job(ctx, job)))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    ready: bool = False
    job: Job | None = None
    started: float = 0.0


class LocalExecutor:
    """Worker processes on this machine (one solver thread each).

    Parameters
    ----------
    workers : int, optional
        Number of processes (default: the CPU count).
    grace : float
        Seconds past the per-run time limit before a run's worker is killed [s].
    start_method : str
        ``forkserver`` (default where available) or ``spawn``; never ``fork``, which is
        unsafe with the solver's threads.
    """

    def __init__(self, workers: int | None = None, *, grace: float = DEFAULT_GRACE,
                 start_method: str | None = None):
        if workers is not None and workers < 1:
            raise ValueError(f"workers: expected 1 or more, found {workers}")
        self.workers = workers or os.cpu_count() or 1
        self.grace = grace
        methods = mp.get_all_start_methods()
        self.start_method = start_method or ("forkserver" if "forkserver" in methods
                                             else "spawn")

    def _start(self, context: Any, ctx: WorkerContext) -> _Slot:
        parent, child = context.Pipe()
        proc = context.Process(target=_worker_main, args=(child, ctx), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    @staticmethod
    def _stop(slot: _Slot, kill: bool = False) -> None:
        if not kill:
            try:
                slot.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            slot.process.join(timeout=2)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join(timeout=5)
        slot.conn.close()

    def run(self, ctx: WorkerContext, jobs: Sequence[Job]) -> Iterator[dict[str, Any]]:
        """Yield a row per job as workers finish them (see the module's notes)."""
        if not jobs:
            return
        context = mp.get_context(self.start_method)
        pending = deque(jobs)
        hard_limit = ctx.time_limit + self.grace
        slots = [self._start(context, ctx) for _ in range(min(self.workers, len(jobs)))]
        try:
            while pending or any(s.job is not None for s in slots):
                for s in slots:
                    if s.ready and s.job is None and pending:
                        s.job, s.started = pending.popleft(), time.perf_counter()
                        s.conn.send(s.job)
                busy = [s.started + hard_limit for s in slots if s.job is not None]
                timeout = max(0.0, min(busy) - time.perf_counter()) if busy else 1.0
                for conn in wait([s.conn for s in slots], timeout=min(timeout, 1.0)):
                    i = next(k for k, s in enumerate(slots) if s.conn is conn)
                    s = slots[i]
                    try:
                        kind, payload = conn.recv()
                    except (EOFError, OSError):
                        job = s.job
                        s.process.join(timeout=5)  # its pipe closed: the process is ending
                        code = s.process.exitcode
                        self._stop(s, kill=True)
                        slots[i] = self._start(context, ctx)
                        if job is None:
                            raise PlannerError(f"a sweep worker exited (code {code}) before "
                                               "its first run") from None
                        yield {**job_columns(job), "status": RunStatus.ERROR.value,
                               "message": f"the worker running this run died (exit code "
                               f"{code})", "seconds": round(time.perf_counter() - s.started,
                                                            4)}
                        continue
                    if kind == "setup_error":
                        raise PlannerError(f"a sweep worker could not load the scenario's "
                                           f"inputs: {payload}")
                    if kind == "ready":
                        s.ready = True
                    else:
                        s.job = None
                        yield payload
                now = time.perf_counter()
                for i, s in enumerate(slots):
                    if s.job is not None and now - s.started > hard_limit:
                        job, took = s.job, now - s.started
                        self._stop(s, kill=True)
                        slots[i] = self._start(context, ctx)
                        yield {**job_columns(job), "status": RunStatus.TIMEOUT.value,
                               "message": f"killed after {took:.1f} s: the run ignored its "
                               f"time limit of {ctx.time_limit:g} s (plus {self.grace:g} s "
                               "grace)", "seconds": round(took, 4)}
        finally:
            for s in slots:
                self._stop(s, kill=s.job is not None)


class DaskExecutor:
    """Runs on a Dask cluster (``pip install planner[distributed]``).

    Parameters
    ----------
    scheduler : str or distributed.Client
        The scheduler's address (``tcp://host:8786``) or a connected client.

    Notes
    -----
    Every worker must reach the scenario's input files at the same absolute paths (a
    shared file system) and have ``planner`` installed. Dask cannot kill a running task:
    a run is bounded by the solver's own time limit only.
    """

    def __init__(self, scheduler: Any):
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise PlannerError("a Dask scheduler needs the distributed extra: pip install "
                               "'planner[distributed]'") from exc
        self.scheduler = scheduler

    def run(self, ctx: WorkerContext, jobs: Sequence[Job]) -> Iterator[dict[str, Any]]:
        """Yield a row per job as the cluster finishes them."""
        from distributed import Client, as_completed

        if not jobs:
            return
        own = isinstance(self.scheduler, str)
        client = Client(self.scheduler) if own else self.scheduler
        try:
            shared = client.scatter(ctx, broadcast=True)
            futures = [client.submit(run_job, shared, job, pure=False) for job in jobs]
            for fut in as_completed(futures):
                yield fut.result()
        finally:
            if own:
                client.close()
