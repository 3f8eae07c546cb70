"""The one pipeline: load a scenario's inputs (through the one inputs cache), build, solve,
explain, and return the plan. The CLI, the app and a sweep's workers all run scenarios here."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Problem, ScenarioError, Severity
from planner.optimise import explain, gates, relax
from planner.optimise.data import GroupedRoster, ProblemData, build_data, group_roster
from planner.optimise.families import span_exceptions
from planner.optimise.model import Built, build_model
from planner.optimise.solvers import Solution, solve, write_mps
from planner.optimise.vacancy_rule import solve_keeping_rule
from planner.optimise.whole import WholeMethod, make_whole
from planner.plan.compliance import dated_plan, no_plan_sentence, solve_with_dates
from planner.plan.coverage import RoleCoverage, role_coverage
from planner.plan.structure import structure
from planner.plan.tables import Plan, make_plan
from planner.roster.org import Org, load_org
from planner.roster.validate import RowsLeftOut
from planner.scenario.load import load_scenario
from planner.scenario.model import Scenario
from planner.status import SolveStatus
from planner.work.download import file_sha256
from planner.work.library import Library, data_dir, load_library

LAZY_KINDS = ("span_max", "span_min", "team_fte", "max_reduction", "protected")
"""Constraint families that rarely bind: held back and added when violated (HiGHS, LP)."""


@dataclass(frozen=True, eq=False)
class LoadedInputs:
    """What a roster-based scenario reads, loaded once (:func:`load_inputs`): the org as
    loaded (roster, problems, graph, title matches, library, what was left out) and its
    grouping into pools and teams, made once per ``inputs.team_by``. The org's graph groups
    teams by manager (:func:`planner.roster.org.load_org`'s default); the plan's teams are
    the grouping's."""

    org: Org
    _grouped: dict[str, GroupedRoster] = field(default_factory=dict, repr=False)
    _coverage: dict[str, RoleCoverage | None] = field(default_factory=dict, repr=False)

    @property
    def roster(self) -> pd.DataFrame:
        """The canonical roster, ``role_id`` filled where a title matched."""
        return self.org.roster

    @property
    def library(self) -> Library:
        """The role/task library the titles were matched against."""
        return self.org.library

    @property
    def left_out(self) -> RowsLeftOut:
        """The records read but not in the roster (and why)."""
        return self.org.left_out

    def grouped(self, team_by: str) -> GroupedRoster:
        """The roster grouped into pools (team x role) and teams by ``team_by``."""
        if team_by not in self._grouped:
            self._grouped[team_by] = group_roster(self.roster, team_by)
        return self._grouped[team_by]

    def coverage(self, team_by: str) -> RoleCoverage | None:
        """How much of the roster's FTE has no confident role, by teams of ``team_by``
        (:func:`planner.plan.coverage.role_coverage`; None when no library was used)."""
        if team_by not in self._coverage:
            self._coverage[team_by] = role_coverage(self.roster, team_by)
        return self._coverage[team_by]


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


def _roster_files(scenario: Scenario) -> list[Path]:
    files = [scenario.resolve(f) for f in scenario.inputs.roster_files]
    for i, f in enumerate(files):
        if not f.exists():
            raise ScenarioError(f"inputs.roster{'' if len(files) == 1 else f'.{i}'}",
                                f"expected a roster file, found nothing at {str(f)!r}")
    return files


def _optional(scenario: Scenario, path: str | None) -> Path | None:
    return scenario.resolve(path) if path else None


def _content(path: Path | None) -> list[str] | None:
    """A file's (or a library folder's files') path and content hash: a file rewritten
    within the file system's clock tick, to the same size, still gets a new key."""
    if path is None:
        return None
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    return [f"{f.resolve()}:{file_sha256(f)}" if f.is_file() else f"{f.resolve()}:missing"
            for f in files]


def inputs_key(scenario: Scenario) -> str:
    """A text key of what :func:`load_inputs` reads: the input files (roster, mapping,
    library, title overrides) by path and content, and the settings they are read with.
    Equal keys give equal inputs; ``inputs.skip_error_rows`` is not in it (it only decides
    whether a roster with errors is planned on, asked of every run)."""
    inp = scenario.inputs
    library = _optional(scenario, inp.library) or data_dir() / "library"
    return json.dumps({
        "roster": [_content(f) for f in _roster_files(scenario)],
        "mapping": _content(_optional(scenario, inp.mapping)),
        "library": _content(library),
        "title_overrides": _content(_optional(scenario, inp.title_overrides)),
        "preset": inp.preset, "on_cost_rate": inp.on_cost_rate,
        "impute_cost": inp.impute_cost}, sort_keys=True)


class _InputsCache:
    """The one inputs cache of the process: the CLI, the app (every session) and a sweep's
    runs (each worker process, or the threads of a Dask worker) read a roster once for as
    long as its files and loading settings stay the same. Holds the last ``size`` inputs."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._held: OrderedDict[str, LoadedInputs] = OrderedDict()

    def get(self, scenario: Scenario) -> LoadedInputs:
        key = inputs_key(scenario)
        with self._lock:  # one load per key, even when threads ask at once
            inputs = self._held.get(key)
            if inputs is None:
                inputs = LoadedInputs(_load_org(scenario))
                self._held[key] = inputs
                while len(self._held) > self.size:
                    self._held.popitem(last=False)
            self._held.move_to_end(key)
        return inputs


INPUTS = _InputsCache()
"""The process's inputs cache (:func:`load_inputs` reads through it)."""


def _load_org(scenario: Scenario) -> Org:
    inp = scenario.inputs
    files = _roster_files(scenario)
    return load_org(files, preset=inp.preset, mapping=_optional(scenario, inp.mapping),
                    on_cost_rate=inp.on_cost_rate, impute_cost=inp.impute_cost,
                    library=load_library(_optional(scenario, inp.library)),
                    title_overrides=_optional(scenario, inp.title_overrides))


def load_inputs(scenario: Scenario) -> LoadedInputs:
    """A roster-based scenario's inputs: its roster read and validated, titles matched to
    the library's roles, the org graph built; through the one inputs cache
    (:data:`INPUTS`, keyed by :func:`inputs_key`), so runs that change only levers, tag
    overrides or ``inputs.team_by`` do not read the files again.

    Raises
    ------
    ScenarioError
        When a roster file does not exist.
    InputError
        When a file cannot be used, or the roster has errors and the scenario does not
        set ``inputs.skip_error_rows`` (:func:`refuse_errors`).
    """
    inputs = INPUTS.get(scenario)
    refuse_errors(scenario, inputs.org.report.errors, inputs.left_out)
    return inputs


def problem_data(scenario: Scenario, inputs: LoadedInputs | None = None, *,
                 tasks: pd.DataFrame | None = None) -> ProblemData:
    """A scenario's problem data: its pools, or its inputs (:func:`load_inputs`, unless
    given) with the levers. ``tasks`` is the library's task table with a sweep's
    automatable shares (:func:`planner.optimise.data.build_data`)."""
    if scenario.pool_based:
        return build_data(scenario)
    inputs = inputs if inputs is not None else load_inputs(scenario)
    return build_data(scenario, inputs.roster, inputs.library, tasks=tasks,
                      grouped=inputs.grouped(scenario.inputs.team_by),
                      left_out=inputs.left_out)


def run(scenario: Scenario | str | os.PathLike[str], *, backend: str | None = None,
        export_model: str | os.PathLike[str] | None = None,
        data: ProblemData | None = None, explain_plan: bool = True) -> tuple[Plan, Built]:
    """Solve a scenario and explain the answer.

    Parameters
    ----------
    scenario : Scenario or path
        The scenario, validated once by its caller (it is not validated again), or its
        YAML file.
    backend : str, optional
        Override the scenario's solver backend (``highs``, ``cbc`` ...).
    export_model : path, optional
        Write the model as an MPS file as well.
    data : ProblemData, optional
        Already prepared problem data (skips loading the inputs; the summary then has no
        ``role_coverage``).
    explain_plan : bool
        Explain the answer (constraint table, sentences, conflicts of an infeasible
        scenario) and make every plan table. Batch runs that keep only the summary turn
        it off: the plan then holds the summary, ``staffing`` and ``costs``.

    Returns
    -------
    (Plan, Built)
        The plan (status, summary, tables, explanations), made once and never changed, and
        the built model. A roster-based plan's summary states ``role_coverage``
        (:meth:`planner.plan.coverage.RoleCoverage.to_dict`): the FTE without a confident
        role and the teams most affected, and, when the plan is explained, ``structure``
        (:meth:`planner.plan.structure.Structure.to_dict`): managers, spans and layers
        before and after, per team, with the teams the span lever cannot hold in.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    coverage = inputs = None
    if data is None:
        inputs = None if sc.pool_based else load_inputs(sc)
        data = problem_data(sc, inputs)
        # Stated first by every face of the plan; a pool scenario has no roles to state.
        coverage = inputs.coverage(sc.inputs.team_by) if inputs is not None else None
    elif (explain_plan or sc.levers.compliance.rules) and not sc.pool_based:
        # The position ledger reads the roster, and so do the law's dates.
        inputs = load_inputs(sc)
    plan, built = _solve(sc, data, backend=backend, export_model=export_model,
                         explain_plan=explain_plan,
                         roster=inputs.roster if inputs is not None else None)
    if coverage:
        plan = plan.with_summary(role_coverage=coverage.to_dict())
    if inputs is not None and explain_plan and plan.has_plan:
        plan = plan.with_summary(structure=structure(
            inputs.org.graph, plan.tables["staffing"], sc.inputs.team_by,
            exceptions=span_exceptions(built.data),
            min_viable=sc.levers.team_fte.min_viable,
            delayering=built.data.delayering).to_dict())
    return plan, built


def _whole(built: Built, sol: Solution, sc: Scenario) -> Solution:
    """The plan's decisions in whole people (:mod:`planner.optimise.whole`). Where none is
    found, the plan in FTE, with a note that says so, which decision could not be whole and
    (:func:`relax.explain` on the rounding reached) which lever's relaxation would give one."""
    m = built.model
    lower, upper = [a.copy() for a in m.col_lower], [a.copy() for a in m.col_upper]
    whole_sol, whole = make_whole(built, sol, time_limit=sc.solver.time_limit,
                                  gap=sc.solver.gap)
    sol.highs = whole_sol.highs = None  # the warm HiGHS object is not kept with the plan
    built.whole = whole
    if whole.method is not WholeMethod.NONE:
        return whole_sol
    relaxed: tuple[str, ...] = ()
    if whole.stuck is not None:
        relaxed = relax.explain(built).summary[:2]
    m.col_lower[:], m.col_upper[:] = lower, upper
    built.notes.append(" ".join((
        "This plan's decisions are in FTE, not whole people.", whole.message, *relaxed,
        "Turn off solver.whole_people to plan in FTE without this note.")))
    return sol


def _solve_once(built: Built, sc: Scenario, backend: str) -> tuple[Solution, list[str]]:
    """One solve of a built model as a run makes it: HiGHS with the lazy rows (or the
    scenario's backend), keeping the vacancy rule (:func:`solve_keeping_rule`); the
    solution and the rule's notes."""
    return solve_keeping_rule(built, lambda model: solve(
        model, backend, time_limit=sc.solver.time_limit, gap=sc.solver.gap,
        integer=sc.solver.integer, lazy=LAZY_KINDS))


def _solve_dated(built: Built, sc: Scenario, backend: str,
                 roster: pd.DataFrame | None) -> Solution:
    """:func:`_solve_once`, with the law's dates when the scenario applies rules: the plan
    a run makes of ``built`` before whole people (an adoption gate's price solves the
    model without the gate so)."""
    if not sc.levers.compliance.rules:
        return _solve_once(built, sc, backend)[0]
    return solve_with_dates(built, lambda: _solve_once(built, sc, backend)[0],
                            lambda s: make_plan(built, s, roster=roster), sc, roster)[0]


def _solve(sc: Scenario, data: ProblemData, *, backend: str | None,
           export_model: str | os.PathLike[str] | None,
           explain_plan: bool, roster: pd.DataFrame | None = None) -> tuple[Plan, Built]:
    t0 = time.perf_counter()
    built = build_model(data)
    build_seconds = time.perf_counter() - t0
    if export_model:
        write_mps(built.model, str(Path(export_model)), integer=sc.solver.integer)
    backend = (backend or sc.solver.backend).lower()
    vacancy_notes: list[str] = []

    def solve_once() -> Solution:
        sol, notes = _solve_once(built, sc, backend)
        vacancy_notes[:] = notes
        return sol

    dated = None
    if sc.levers.compliance.rules:  # the law's dates: solve, count, bound, solve again
        sol, dated = solve_with_dates(built, solve_once, lambda s: make_plan(
            built, s, roster=roster), sc, roster)
    else:
        sol = solve_once()
    built.notes.extend(vacancy_notes)
    if built.gated and sol.status.has_plan:  # before whole people: the gates' LP price
        built.gate_prices = gates.price(built, sol, lambda b: _solve_dated(
            b, sc, backend, roster))
    if sc.whole_people and sol.status.has_plan:
        sol = _whole(built, sol, sc)
    if not explain_plan:
        return make_plan(built, sol, build_seconds=build_seconds, tables=False), built
    if sol.status is SolveStatus.INFEASIBLE:
        why = relax.explain(built)
        first = ((no_plan_sentence(dated, sc, data.periods),) if dated is not None
                 and dated.infeasible else ())
        plan = make_plan(built, sol, build_seconds=build_seconds,
                         explanations=first + why.summary + why.detail)
        return plan.with_summary(conflicts=[*first, *why.summary],
                                 relax=[r.as_dict() for r in why.relax],
                                 conflict_detail=list(why.detail)), built
    if not sol.status.has_plan:
        reasons = (f"The solver stopped without a plan ({sol.message}).",)
        plan = make_plan(built, sol, build_seconds=build_seconds, explanations=reasons)
        return plan.with_summary(conflicts=list(reasons)), built
    table = explain.constraint_table(built, sol)
    texts = tuple(explain.sentences(built, sol, table))
    plan = make_plan(built, sol, build_seconds=build_seconds, explanations=texts,
                     constraints=table, roster=roster)
    return dated_plan(plan, built, sc, roster, dated), built
