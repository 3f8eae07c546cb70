"""Run a scenario: load its inputs, build, solve, explain, and return the plan."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd

from planner.api import load_org
from planner.errors import ScenarioError
from planner.optimise import explain
from planner.optimise.data import ProblemData, build_data
from planner.optimise.lp import solve, write_mps
from planner.optimise.model import Built, build_model
from planner.plan import Plan, make_plan
from planner.scenario import Scenario, load_scenario
from planner.work import Library, load_library

LAZY_KINDS = ("span_max", "span_min", "team_fte", "max_reduction", "protected")
"""Constraint families that rarely bind: held back and added when violated (HiGHS, LP)."""


def problem_data(scenario: Scenario) -> ProblemData:
    """Load a scenario's inputs (roster and library, or its pools) into problem data."""
    if scenario.pool_based:
        return build_data(scenario)
    return build_data(scenario, *load_inputs(scenario))


def load_inputs(scenario: Scenario) -> tuple[pd.DataFrame, Library]:
    """The roster (titles matched to roles) and the library of a roster-based scenario.

    This is the expensive part of :func:`problem_data` (reading the roster, matching
    titles); it depends on ``inputs`` only, so batch runs load it once and call
    :func:`planner.optimise.data.build_data` for each variant.
    """
    inp = scenario.inputs
    files = [scenario.resolve(f) for f in inp.roster_files]
    for i, f in enumerate(files):
        if not f.exists():
            raise ScenarioError(f"inputs.roster{'' if len(files) == 1 else f'.{i}'}",
                                f"expected a roster file, found nothing at {str(f)!r}")
    library = load_library(scenario.resolve(inp.library) if inp.library else None)
    org = load_org(files, preset=inp.preset,
                   mapping=scenario.resolve(inp.mapping) if inp.mapping else None,
                   on_cost_rate=inp.on_cost_rate, impute_cost=inp.impute_cost, library=library,
                   title_overrides=scenario.resolve(inp.title_overrides)
                   if inp.title_overrides else None)
    return org.roster, library


def run(scenario: Scenario | str | os.PathLike[str], *, backend: str | None = None,
        export_model: str | os.PathLike[str] | None = None,
        data: ProblemData | None = None, explain_plan: bool = True) -> tuple[Plan, Built]:
    """Solve a scenario and explain the answer.

    Parameters
    ----------
    scenario : Scenario or path
        The scenario, or its YAML file.
    backend : str, optional
        Override the scenario's solver backend (``highs``, ``cbc`` ...).
    export_model : path, optional
        Write the model as an MPS file as well.
    data : ProblemData, optional
        Already prepared problem data (skips loading the inputs).
    explain_plan : bool
        Explain the answer (constraint table, sentences, conflicts of an infeasible
        scenario) and make every plan table. Batch runs that keep only the summary turn
        it off: the plan then holds the summary, ``staffing`` and ``costs``.

    Returns
    -------
    (Plan, Built)
        The plan (status, summary, tables, explanations) and the built model.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    data = data or problem_data(sc)
    t0 = time.perf_counter()
    built = build_model(data)
    build_seconds = time.perf_counter() - t0
    if export_model:
        write_mps(built.model, str(Path(export_model)), integer=sc.solver.integer)
    backend = (backend or sc.solver.backend).lower()
    sol = solve(built.model, backend, time_limit=sc.solver.time_limit, gap=sc.solver.gap,
                integer=sc.solver.integer, lazy=LAZY_KINDS)
    if not explain_plan:
        return make_plan(built, sol, build_seconds=build_seconds, tables=False), built
    if not sol.status.has_plan:
        reasons = explain.conflicts(built) if sol.status.value == "infeasible" else [
            f"The solver stopped without a plan ({sol.message})."]
        plan = make_plan(built, sol, build_seconds=build_seconds, explanations=tuple(reasons))
        plan.summary["conflicts"] = reasons
        return plan, built
    table = explain.constraint_table(built, sol)
    texts = tuple(explain.sentences(built, sol, table))
    return make_plan(built, sol, build_seconds=build_seconds, explanations=texts,
                     constraints=table), built
