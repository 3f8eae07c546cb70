"""A sweep expanded into runs: grid points x Monte Carlo samples, each a :class:`Job`.

Key paths are checked before anything runs, so a misspelt path or a value the scenario
would reject stops the sweep with an error that names ``sweep.grid.PATH`` or
``sweep.uncertain.PATH``. Besides scenario keys, three pseudo-paths address the
library's automatable shares: ``automatable_share.all`` and
``automatable_share.category.CATEGORY`` (a factor on the share, by default) and
``automatable_share.task.TASK`` (the share itself, by default).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner.batch.sampling import correlated_uniforms, ppf, rng_for, support
from planner.errors import ScenarioError
from planner.scenario.keypaths import key_bounds, value_at, with_values
from planner.scenario.model import Distribution, Scenario, Sweep, scenario_to_dict

SHARE_PREFIX = "automatable_share"
"""Pseudo-paths of the automatable shares: ``.all``, ``.category.X``, ``.task.X``."""
DEFAULT_TIME_LIMIT = 300.0
"""Per-run time limit when neither the sweep nor the scenario's solver sets one [s]."""


@dataclass(frozen=True)
class Job:
    """One run of a sweep.

    Attributes
    ----------
    run_id : int
        Position in the sweep: ``grid_point * max(samples, 1) + sample``.
    grid_point, sample : int
        Which grid point and which Monte Carlo sample (0 without sampling).
    params : dict
        Key path -> the value the run used (a factor for ``scale`` inputs): the
        parameter columns of the results.
    values : dict
        Scenario key path -> the value set for this run.
    share_factor : dict
        Task id -> factor on its automatable share.
    share_value : dict
        Task id -> its automatable share (wins over factors).
    """

    run_id: int
    grid_point: int
    sample: int
    params: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    share_factor: dict[str, float] = field(default_factory=dict)
    share_value: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SweepPlan:
    """A checked sweep: the base scenario (no ``sweep`` section), the spec, the runs."""

    scenario: Scenario
    spec: Sweep
    jobs: tuple[Job, ...]
    spec_hash: str
    time_limit: float

    @property
    def grid_paths(self) -> list[str]:
        """Key paths of the grid, in order."""
        return list(self.spec.grid)


def _is_share(path: str) -> bool:
    return path == SHARE_PREFIX or path.startswith(SHARE_PREFIX + ".")


def _apply_mode(path: str, d: Distribution | None) -> str:
    if d is not None and d.apply is not None:
        return d.apply
    if _is_share(path) and not path.startswith(f"{SHARE_PREFIX}.task."):
        return "scale"
    return "set"


def _library_tasks(scenario: Scenario, where: str) -> pd.DataFrame:
    if scenario.pool_based:
        raise ScenarioError(where, "expected a roster-based scenario for automatable "
                            "shares (a pool-based scenario has no tasks), found pools")
    from planner.work.library import load_library

    inp = scenario.inputs
    lib = load_library(scenario.resolve(inp.library) if inp.library else None)
    return lib.tasks[["task_id", "activity_category"]].sort_values("task_id").reset_index(
        drop=True)


def _share_scope(path: str, tasks: pd.DataFrame, where: str) -> pd.Series:
    """Tasks a pseudo-path names (a boolean mask over ``tasks``)."""
    parts = path.split(".")
    if parts[1:] == ["all"]:
        return pd.Series(True, index=tasks.index)
    if len(parts) == 3 and parts[1] in ("category", "task"):
        col = "activity_category" if parts[1] == "category" else "task_id"
        known = sorted(tasks[col].unique())
        mask = tasks[col] == parts[2]
        if mask.any():
            return mask
        import difflib

        near = difflib.get_close_matches(parts[2], known, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        shown = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
        raise ScenarioError(where, f"expected a {parts[1]} of the library ({shown}), found "
                            f"{parts[2]!r}{hint}")
    raise ScenarioError(where, f"expected {SHARE_PREFIX}.all, {SHARE_PREFIX}.category."
                        f"CATEGORY or {SHARE_PREFIX}.task.TASK, found {path!r}")


def _number(value: Any, where: str, bounds: tuple[float | None, float | None]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value):
        raise ScenarioError(where, f"expected a number, found {value!r}")
    lo, hi = bounds
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ScenarioError(where, f"expected a value between {lo if lo is not None else '-inf'}"
                            f" and {hi if hi is not None else 'inf'}, found {value!r}")
    return float(value)


def _scaled(base: Any, factor: float, bounds: tuple[float | None, float | None],
            where: str) -> Any:
    lo, hi = bounds

    def one(x: Any) -> float:
        v = _number(x, where, (None, None)) * factor
        return float(min(max(v, lo if lo is not None else v), hi if hi is not None else v))

    if isinstance(base, list):
        return [one(x) for x in base]
    return one(base)


def plan_sweep(scenario: Scenario, spec: Sweep | None = None) -> SweepPlan:
    """Check a sweep and expand it into its runs.

    Parameters
    ----------
    scenario : Scenario
        The base scenario; its ``sweep`` section is used unless ``spec`` is given.
    spec : Sweep, optional
        The sweep to run.

    Raises
    ------
    ScenarioError
        For a path that does not exist or a value or distribution that does not fit it,
        naming ``sweep.grid.PATH`` or ``sweep.uncertain.PATH``.
    """
    spec = spec if spec is not None else scenario.sweep
    # Dropping the section needs no validation: no check of the scenario reads its sweep.
    base = scenario.model_copy(update={"sweep": Sweep()})
    uses_shares = any(_is_share(p) for p in [*spec.grid, *spec.uncertain])
    tasks = _library_tasks(base, "sweep") if uses_shares else None

    # Check every grid value and every distribution against its key.
    for path, values in spec.grid.items():
        where = f"sweep.grid.{path}"
        if path in spec.uncertain and _apply_mode(path, spec.uncertain[path]) == "set":
            raise ScenarioError(where, "expected a key either in the grid or uncertain with "
                                "apply: set, found it in both (a set value replaces the "
                                "grid's)")
        if _is_share(path):
            assert tasks is not None
            _share_scope(path, tasks, where)
            bounds = (0.0, 1.0) if _apply_mode(path, None) == "set" else (0.0, None)
            for v in values:
                _number(v, where, bounds)
            continue
        for v in values:
            try:
                with_values(base, {path: v})
            except ScenarioError as exc:
                raise ScenarioError(where, f"{exc.key_path}: {exc.message}") from None
    for path, d in spec.uncertain.items():
        where = f"sweep.uncertain.{path}"
        mode = _apply_mode(path, d)
        if _is_share(path):
            assert tasks is not None
            _share_scope(path, tasks, where)
            bounds: tuple[float | None, float | None] = (0.0, 1.0) if mode == "set" else (
                0.0, None)
        else:
            try:
                current = value_at(base, path)
            except ScenarioError as exc:
                raise ScenarioError(where, exc.message) from None
            numbers = current if isinstance(current, list) else [current]
            if not numbers or not all(isinstance(x, int | float) and not isinstance(x, bool)
                                      for x in numbers):
                raise ScenarioError(where, f"expected a numeric key (a number or a list of "
                                    f"numbers) for a distribution, found {current!r}")
            bounds = key_bounds(path) if mode == "set" else (0.0, None)
        lo, hi = support(d, bounds)
        for name, v, ok in (("low", lo, bounds[0] is None or lo >= bounds[0]),
                            ("high", hi, bounds[1] is None or hi <= bounds[1])):
            if not ok:
                raise ScenarioError(f"{where}.{name}", f"expected draws within the range "
                                    f"the key accepts ({bounds[0]} to {bounds[1]}"
                                    f"{' for a factor' if mode == 'scale' else ''}), found "
                                    f"{name} {v:g}")
        if not _is_share(path) and mode == "set":
            try:
                with_values(base, {path: float(ppf(d, np.array([0.5]), bounds)[0])})
            except ScenarioError as exc:
                raise ScenarioError(where, f"{exc.key_path}: {exc.message}") from None

    if spec.samples and not spec.uncertain:
        raise ScenarioError("sweep.samples", f"expected uncertain inputs to sample "
                            f"(sweep.uncertain), found none for {spec.samples} samples: add "
                            "them to the scenario's sweep: section")
    if spec.uncertain and not spec.samples:
        raise ScenarioError("sweep.samples", "expected a number of samples for the uncertain "
                            f"inputs ({', '.join(spec.uncertain)}), found 0: set sweep.samples")
    time_limit = spec.time_limit or base.solver.time_limit or DEFAULT_TIME_LIMIT
    points = list(itertools.product(*spec.grid.values())) if spec.grid else [()]
    n_samples = spec.samples if spec.uncertain else 1
    # What every sample reuses: the tasks each share input names, the keys' base values.
    scopes = {}
    for p in [*spec.grid, *spec.uncertain]:
        if _is_share(p) and tasks is not None:
            scope = tasks[_share_scope(p, tasks, p)]
            scopes[p] = (scope["task_id"].tolist(),
                         pd.factorize(scope["activity_category"], sort=True)[0])
    bases = {p: value_at(base, p) for p in spec.uncertain if not _is_share(p)}
    draws = [_draw(spec, s, scopes, bases) for s in range(n_samples)] if spec.uncertain else [
        ({}, {}, {}, {})]
    jobs = []
    for g, point in enumerate(points):
        grid = dict(zip(spec.grid, point, strict=True))
        for s, (params, values, factors, shares) in enumerate(draws):
            job_params = {**grid, **params}
            job_values = {p: v for p, v in grid.items() if not _is_share(p)}
            job_factors, job_shares = dict(factors), dict(shares)
            for p, v in grid.items():
                if _is_share(p):
                    for t in scopes[p][0]:
                        if _apply_mode(p, None) == "scale":
                            job_factors[t] = job_factors.get(t, 1.0) * float(v)
                        else:
                            job_shares[t] = float(v)
            for p, v in values.items():
                if isinstance(v, tuple):  # a factor on a scenario key
                    start = grid[p] if p in grid else bases[p]
                    job_values[p] = _scaled(start, v[1], key_bounds(p), f"sweep.uncertain.{p}")
                else:
                    job_values[p] = v
            jobs.append(Job(run_id=g * n_samples + s, grid_point=g,
                            sample=s if spec.uncertain else 0, params=job_params,
                            values=job_values, share_factor=job_factors,
                            share_value=job_shares))
    return SweepPlan(scenario=base, spec=spec, jobs=tuple(jobs),
                     spec_hash=spec_hash(base, spec), time_limit=time_limit)


def _draw(spec: Sweep, sample: int, scopes: dict[str, tuple[list[str], np.ndarray]],
          bases: dict[str, Any],
          ) -> tuple[dict[str, Any], dict[str, Any], dict[str, float], dict[str, float]]:
    """The uncertain inputs of one sample: (params, scenario values, share factors, share
    values). A scenario value is ``("scale", factor)`` when it multiplies the key;
    ``scopes`` holds the tasks each share input names (ids and category numbers),
    ``bases`` the keys' values."""
    params: dict[str, Any] = {}
    values: dict[str, Any] = {}
    factors: dict[str, float] = {}
    shares: dict[str, float] = {}
    for path in sorted(spec.uncertain):
        d = spec.uncertain[path]
        rng = rng_for(spec.seed, sample, path)
        mode = _apply_mode(path, d)
        if _is_share(path):
            ids, groups = scopes[path]
            bounds: tuple[float | None, float | None] = (0.0, 1.0) if mode == "set" else (
                0.0, None)
            if d.per_task and len(ids) > 1:
                u = correlated_uniforms(rng, groups, d.correlation)
            else:
                u = np.full(len(ids), rng.random())
            x = ppf(d, u, bounds)
            params[path] = float(x.mean())
            if mode == "scale":
                for t, v in zip(ids, x.tolist(), strict=True):
                    factors[t] = factors.get(t, 1.0) * v
            else:
                shares.update(zip(ids, x.tolist(), strict=True))
            continue
        bounds = key_bounds(path) if mode == "set" else (0.0, None)
        x = float(ppf(d, np.array([rng.random()]), bounds)[0])
        params[path] = x
        if mode == "scale":
            values[path] = ("scale", x)
        else:
            values[path] = [x] * len(bases[path]) if isinstance(bases[path], list) else x
    return params, values, factors, shares


def spec_hash(scenario: Scenario, spec: Sweep) -> str:
    """A short hash of what determines a sweep's results: the scenario, its roster files
    and the sweep (not its time limit), so resumed rows are only reused when they match."""
    from planner.store import file_hash

    files = {f: file_hash(scenario.resolve(f)) for f in scenario.inputs.roster_files
             if scenario.resolve(f).exists()}
    body = {"scenario": scenario_to_dict(scenario, absolute_paths=True), "files": files,
            "sweep": spec.model_dump(mode="json", exclude={"time_limit"})}
    body["scenario"].pop("sweep", None)
    text = json.dumps(body, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
