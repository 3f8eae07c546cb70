"""The trade-off frontier: the best plan as one lever moves.

A frontier is a sequence of runs of one scenario, each with one key path set to a value
(``levers.max_redundancies`` from 0 to 40): "what each redundancy buys". Every point is
solved by the one pipeline (:func:`planner.plan.run.run`), with the scenario's own settings
(backend, time limit, gap, whole people, the law's dates), so a point's objective is the
objective of ``planner run SCENARIO --set KEY=VALUE``. The inputs are read once (the
pipeline's inputs cache); each point builds and solves its own model from scratch (no
warm start: a run's model is rebuilt and re-solved with its rules and rounding, and reusing
a basis across points would make a point differ from its run). A point with no plan is
reported with its status and why (the explained run's conflicts: a second solve of that
point), never dropped.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from planner.errors import ScenarioError
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import Scenario

if TYPE_CHECKING:
    from planner.plan.tables import Plan

COLUMNS = ["value", "status", "objective", "savings", "redundancies", "hires", "fte_after",
           "seconds", "cheaper_at"]
"""Columns of :meth:`Frontier.table`."""
CAP = "levers.max_redundancies"
"""The lever whose points can be compared plan for plan: a plan whose redundancies are
within a cap keeps every other lever too, so it is a plan at that cap."""
WORSE = 1e-6
"""Relative objective difference beyond which one point's plan is called better."""
MAX_POINTS = 200
"""Most points one frontier solves (each is a full run)."""


@dataclass(frozen=True)
class FrontierPoint:
    """One point of a frontier: the scenario's best plan with the lever at ``value``.

    Attributes
    ----------
    value : float or int
        The lever's value at this point, in the lever's own unit.
    status : str
        The run's status (``optimal``, ``infeasible``, ...; :class:`~planner.status.SolveStatus`).
    objective : float or None
        The objective of the run [the objective's unit: currency over the horizon under
        ``min_cost``]; None without a plan.
    savings : float or None
        Run-rate cost a year at the start less at the end [currency/year].
    redundancies, hires : float or None
        Over the whole horizon [FTE].
    fte_after : float or None
        Staff at the end of the horizon [FTE].
    seconds : float
        Time the run took [s].
    message : str
        Why there is no plan, when there is none.
    cheaper_at : float or int or None
        Only for ``levers.max_redundancies``: the value of another point whose plan keeps
        within this point's cap and has a better objective (by more than :data:`WORSE`).
        The run at this value did not find it: the rules applied after the solve (no
        vacancy kept and nobody moved in beside a redundancy, the law's dates, whole
        people) fix bounds from the plan they start from, so a looser cap can end on a
        worse plan. None when no point's plan is better.
    """

    value: float | int
    status: str
    objective: float | None
    savings: float | None
    redundancies: float | None
    hires: float | None
    fte_after: float | None
    seconds: float
    message: str = ""
    cheaper_at: float | int | None = None

    @property
    def has_plan(self) -> bool:
        """Whether the run at this value has a plan."""
        return self.objective is not None


@dataclass(frozen=True)
class Frontier:
    """A frontier: the points in the order of the values, and what they are in.

    ``plans`` holds each point's :class:`~planner.plan.tables.Plan` when asked for
    (``keep_plans``), else is empty.
    """

    scenario: str
    lever: str
    points: tuple[FrontierPoint, ...]
    objective_kind: str
    currency: str | None
    seconds: float
    plans: tuple[Plan, ...] = field(default=(), repr=False)

    def table(self) -> pd.DataFrame:
        """The points as a tidy table, one row each (:data:`COLUMNS`)."""
        return pd.DataFrame([{c: getattr(p, c) for c in COLUMNS} for p in self.points],
                            columns=COLUMNS)

    def to_dict(self) -> dict[str, Any]:
        """The frontier as plain data (``planner frontier --json``)."""
        return {"scenario": self.scenario, "lever": self.lever,
                "objective_kind": self.objective_kind, "currency": self.currency,
                "seconds": round(self.seconds, 3),
                "points": [{c: getattr(p, c) for c in COLUMNS} | (
                    {"message": p.message} if p.message else {}) for p in self.points]}


def frontier_values(low: float, high: float, points: int) -> list[float | int]:
    """``points`` values evenly spaced from ``low`` to ``high``, both included; whole
    numbers where every value is whole (0..40 in 6 points: 0, 8, 16, 24, 32, 40).

    Raises
    ------
    ScenarioError
        Fewer than 2 points for a range, fewer than 1, or more than :data:`MAX_POINTS`.
    """
    if not 1 <= points <= MAX_POINTS or (points == 1 and low != high):
        raise ScenarioError("points", f"expected 2 to {MAX_POINTS} points for a range "
                            f"(1 when FROM equals TO), found {points}")
    if points == 1:
        return [_whole(low)]
    step = (high - low) / (points - 1)
    values = [round(low + i * step, 10) for i in range(points)]
    values[-1] = high
    if all(float(v).is_integer() for v in values):
        return [int(v) for v in values]
    return values


def _whole(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def parse_range(item: str) -> tuple[str, float, float]:
    """A key path and its range from ``KEY.PATH=FROM..TO`` (``planner frontier --lever``).

    Raises
    ------
    ScenarioError
        Naming the key path: no ``=``, no ``..``, or ends that are not numbers.
    """
    example = "levers.max_redundancies=0..40"
    if "=" not in item:
        raise ScenarioError(item.strip() or "lever",
                            f"expected KEY.PATH=FROM..TO, e.g. {example}, found {item!r}")
    path, text = (x.strip() for x in item.split("=", 1))
    if not path:
        raise ScenarioError(item, f"expected a key path before '=', e.g. {example}")
    ends = text.split("..")
    try:
        low, high = (float(x) for x in ends) if len(ends) == 2 else (math.nan, math.nan)
    except ValueError:
        low = high = math.nan
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ScenarioError(path, f"expected a range of numbers FROM..TO after '=', e.g. "
                            f"{example}, found {text!r}")
    return path, low, high


def frontier(scenario: Scenario | str | os.PathLike[str], lever: str,
             values: Sequence[float | int], *, backend: str | None = None,
             keep_plans: bool = False,
             progress: Callable[[int, int], None] | None = None) -> Frontier:
    """Solve a scenario once per value of one lever, as ``planner run`` solves each.

    Parameters
    ----------
    scenario : Scenario or path
        The base scenario (its other settings are kept at every point).
    lever : str
        The key path that moves (``levers.max_redundancies``, ``levers.span.max``,
        ``capabilities.document_ai.adoption``, ``levers.savings_target``).
    values : sequence of numbers
        The values, in the order the points are solved and reported
        (:func:`frontier_values`).
    backend : str, optional
        Override the scenario's solver backend, as ``planner run --backend``.
    keep_plans : bool
        Keep each point's full plan (tables and explanations, for the checker or a plan
        folder) in :attr:`Frontier.plans`; otherwise each point keeps its figures only.
    progress : callable, optional
        Called with (points done, points in all) after each point.

    Returns
    -------
    Frontier
        One :class:`FrontierPoint` per value, those without a plan included.

    Raises
    ------
    ScenarioError
        When the key path does not exist or a value is not valid there (before any point
        is solved), or there are no values.
    """
    from planner.plan.run import run

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if not values:
        raise ScenarioError(lever, "expected at least one value to solve, found none")
    runs = [with_values(sc, {lever: v}) for v in values]  # every value checked first
    t0 = time.perf_counter()
    points, plans = [], []
    currency: str | None = None
    for i, (value, sc_v) in enumerate(zip(values, runs, strict=True)):
        t = time.perf_counter()
        plan, _ = run(sc_v, backend=backend, explain_plan=keep_plans)
        if not plan.has_plan and not keep_plans:  # why not, in the levers it sets
            plan, _ = run(sc_v, backend=backend)
        points.append(point(value, plan.summary, time.perf_counter() - t))
        currency = currency or plan.summary.get("currency")
        if keep_plans:
            plans.append(plan)
        if progress:
            progress(i + 1, len(values))
    if lever == CAP:
        points = cheaper_elsewhere(points)
    return Frontier(sc.name, lever, tuple(points), sc.objective.kind.value, currency,
                    time.perf_counter() - t0, tuple(plans))


def cheaper_elsewhere(points: Sequence[FrontierPoint]) -> list[FrontierPoint]:
    """The points of a redundancy cap's frontier, each with :attr:`FrontierPoint.cheaper_at`:
    the point with the best objective among those whose plan makes no more redundancies
    than this point's cap allows, where it is better than this point's own."""
    solved = [(q, float(q.objective), float(q.redundancies))  # type: ignore[arg-type]
              for q in points if q.has_plan]
    out = []
    for p in points:
        if not p.has_plan:
            out.append(p)
            continue
        own = float(p.objective)  # type: ignore[arg-type]
        within = [(obj, q.value) for q, obj, red in solved
                  if q is not p and red <= float(p.value) + 1e-6]
        best = min(within, default=None)
        if best is not None and own - best[0] > WORSE * max(1.0, abs(own)):
            p = replace(p, cheaper_at=best[1])
        out.append(p)
    return out


def point(value: float | int, summary: dict[str, Any], seconds: float) -> FrontierPoint:
    """A frontier point from a run's summary (:func:`planner.plan.tables.make_plan`)."""
    from planner.status import has_plan

    if not has_plan(summary.get("status")):
        why = summary.get("conflicts") or [summary.get("message") or ""]
        return FrontierPoint(value, str(summary["status"]), None, None, None, None, None,
                             round(seconds, 3), " ".join(str(w) for w in why if w))
    return FrontierPoint(
        value, str(summary["status"]), float(summary["objective"]),
        round(float(summary["run_rate_cost_before"] - summary["run_rate_cost_after"]), 2),
        float(summary["redundancies"]), float(summary["hires"]), float(summary["fte_after"]),
        round(seconds, 3))
