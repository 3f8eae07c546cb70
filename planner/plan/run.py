"""Run a scenario: load its inputs, build, solve, explain, and return the plan."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from planner.errors import InputError, Problem, ScenarioError, Severity
from planner.optimise import explain, relax
from planner.optimise.data import ProblemData, build_data
from planner.optimise.lp import solve, write_mps
from planner.optimise.model import Built, build_model
from planner.plan.tables import Plan, make_plan
from planner.roster.org import load_org
from planner.roster.validate import RowsLeftOut
from planner.scenario.load import load_scenario
from planner.scenario.model import Scenario
from planner.status import SolveStatus
from planner.work.library import Library, load_library

LAZY_KINDS = ("span_max", "span_min", "team_fte", "max_reduction", "protected")
"""Constraint families that rarely bind: held back and added when violated (HiGHS, LP)."""


class Inputs(NamedTuple):
    """What :func:`load_inputs` read: the roster, the library and what the roster left out."""

    roster: pd.DataFrame
    library: Library
    left_out: RowsLeftOut


def refuse_errors(scenario: Scenario, errors: tuple[Problem, ...], left_out: RowsLeftOut,
                  ) -> None:
    """Stop a run on a roster with errors unless the scenario says to skip them.

    Raises
    ------
    InputError
        ``roster_has_errors`` first (how many rows would be left out, and the two ways
        on), then every error of the roster.
    """
    if not errors or scenario.inputs.skip_error_rows:
        return
    n = len(errors)
    raise InputError((Problem(
        "roster_has_errors", Severity.ERROR,
        f"the roster has {n:,} error{'' if n == 1 else 's'}, so it is not planned on. As "
        f"read, {left_out.statement()}",
        "fix the rows below and load the file again, or plan without them knowingly: set "
        "inputs.skip_error_rows to true in the scenario (the plan then states what it "
        "skipped)"), *errors))


def load_inputs(scenario: Scenario) -> Inputs:
    """Read a roster-based scenario's roster and library, matching titles to roles.

    This is the slow part of preparing a run (reading and validating files); the app and
    sweeps keep its result and pass it to :func:`problem_data` for runs that change only
    levers.

    Raises
    ------
    InputError
        When a file cannot be used, or the roster has errors and the scenario does not
        set ``inputs.skip_error_rows`` (:func:`refuse_errors`).
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
    refuse_errors(scenario, org.report.errors, org.left_out)
    return Inputs(org.roster, library, org.left_out)


def inputs_key(scenario: Scenario) -> str:
    """A text key of what :func:`load_inputs` reads: equal keys give equal inputs."""
    import json

    inp = scenario.inputs
    return json.dumps({"roster": [str(scenario.resolve(f)) for f in inp.roster_files],
                       **{k: str(scenario.resolve(v)) if v else None for k, v in (
                           ("mapping", inp.mapping), ("library", inp.library),
                           ("title_overrides", inp.title_overrides))},
                       "preset": inp.preset, "on_cost_rate": inp.on_cost_rate,
                       "impute_cost": inp.impute_cost,
                       "skip_error_rows": inp.skip_error_rows}, sort_keys=True)


def problem_data(scenario: Scenario, inputs: Inputs | None = None) -> ProblemData:
    """Load a scenario's inputs (roster and library, or its pools) into problem data.

    ``inputs`` is the result of :func:`load_inputs` for a scenario with the same
    :func:`inputs_key`, to skip reading the files again.
    """
    if scenario.pool_based:
        return build_data(scenario)
    roster, library, left_out = inputs if inputs is not None else load_inputs(scenario)
    return build_data(scenario, roster, library, left_out=left_out)


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
    if sol.status is SolveStatus.INFEASIBLE:
        why = relax.explain(built)
        plan = make_plan(built, sol, build_seconds=build_seconds,
                         explanations=why.summary + why.detail)
        plan.summary.update(conflicts=list(why.summary),
                            relax=[r.as_dict() for r in why.relax],
                            conflict_detail=list(why.detail))
        return plan, built
    if not sol.status.has_plan:
        reasons = (f"The solver stopped without a plan ({sol.message}).",)
        plan = make_plan(built, sol, build_seconds=build_seconds, explanations=reasons)
        plan.summary["conflicts"] = list(reasons)
        return plan, built
    table = explain.constraint_table(built, sol)
    texts = tuple(explain.sentences(built, sol, table))
    return make_plan(built, sol, build_seconds=build_seconds, explanations=texts,
                     constraints=table), built
