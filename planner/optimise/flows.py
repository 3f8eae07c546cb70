"""Multi-period workforce flows between pools of staff, as a linear programme.

This is the people part of the restructuring model, in the form of the classic manpower
planning problem (H. P. Williams, *Model Building in Mathematical Programming*, problem
12.5): pools of staff lose people to natural attrition (new and long-serving staff at
different rates), gain them by hiring (capped), move them between pools by retraining
(capacity, cost) or downgrading (with extra losses), and shed them by redundancy (a cost);
requirements may be exceeded within an overstaffing allowance or met partly by short-time
working.

Balance of pool ``s`` in period ``t`` (``staff[0, s]`` is the current strength)::

    staff[t,s] = (1 - a_long[s]) staff[t-1,s] + (1 - a_new[s]) hires[t,s]
                 + sum_in retention[k] move[t,k] - sum_out move[t,k] - redundancies[t,s]
    staff[t,s] = requirement[t,s] + overstaffing[t,s] + short_time_factor[s] short_time[t,s]

The model is built with PuLP and solved by HiGHS (default) or CBC; both reach the same
optimum (tested on the published reference problem).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd
import pulp


class SolveStatus(StrEnum):
    """What a solver's answer means. A time-limited answer is FEASIBLE, never OPTIMAL."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not_solved"


class FlowObjective(StrEnum):
    """What the flow model minimises."""

    MIN_REDUNDANCIES = "min_redundancies"
    MIN_COST = "min_cost"


@dataclass(frozen=True)
class Pool:
    """A pool of interchangeable staff (a role, a skill level, a team x role).

    Attributes
    ----------
    name : str
    initial : float
        Current strength [FTE], all long-serving.
    attrition_new, attrition_long : float
        Share leaving per period, of staff hired in the period and of the others [0-1].
    hire_limit : float, optional
        Most hires per period [FTE]; None for no limit.
    hire_cost, redundancy_cost : float
        Cost per hire and per redundancy [currency/FTE].
    overstaffing_cost, short_time_cost : float
        Cost per person-period overstaffed or on short time [currency/FTE/period].
    short_time_limit : float
        Most staff on short time per period [FTE].
    short_time_factor : float
        Share of a full worker that a short-time worker counts as [0-1].
    """

    name: str
    initial: float
    attrition_new: float = 0.0
    attrition_long: float = 0.0
    hire_limit: float | None = None
    hire_cost: float = 0.0
    redundancy_cost: float = 0.0
    overstaffing_cost: float = 0.0
    short_time_cost: float = 0.0
    short_time_limit: float = 0.0
    short_time_factor: float = 0.5


@dataclass(frozen=True)
class Move:
    """Retraining, redeployment or downgrading from one pool to another.

    Attributes
    ----------
    source, target : str
        Pool names.
    retention : float
        Share of the moved staff who are in the target pool at the period's end [0-1]
        (e.g. ``1 - attrition_long`` of the target for retraining, 0.5 for downgrading).
    cost : float
        Cost per person moved [currency/FTE].
    capacity : float, optional
        Most people moved per period [FTE].
    capacity_share_of_target : float, optional
        Most people moved per period as a share of the target pool's staff [0-1].
    """

    source: str
    target: str
    retention: float = 1.0
    cost: float = 0.0
    capacity: float | None = None
    capacity_share_of_target: float | None = None

    @property
    def name(self) -> str:
        """``source->target``."""
        return f"{self.source}->{self.target}"


@dataclass(frozen=True)
class FlowProblem:
    """Pools, moves, periods and requirements.

    ``requirement`` maps (period, pool) to the staff needed [FTE];
    ``overstaffing_limit`` is the most staff above requirement across all pools per period.
    """

    pools: tuple[Pool, ...]
    periods: tuple[str, ...]
    requirement: Mapping[tuple[str, str], float]
    moves: tuple[Move, ...] = ()
    overstaffing_limit: float | None = None
    objective: FlowObjective = FlowObjective.MIN_COST


@dataclass(frozen=True)
class FlowResult:
    """A solved flow model: status, objective and the plan per period and pool."""

    status: SolveStatus
    objective: float | None
    plan: pd.DataFrame
    """Per (period, pool): staff, hires, redundancies, overstaffing, short_time, moved_in,
    moved_out [FTE]."""
    moves: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Per (period, move): moved [FTE]."""
    solver: str = ""


def build(problem: FlowProblem) -> tuple[pulp.LpProblem, dict[str, dict]]:
    """Build the LP (no solving). Returns the problem and its variables by kind."""
    lp = pulp.LpProblem("workforce_flows", pulp.LpMinimize)
    P, S = problem.periods, [p.name for p in problem.pools]
    pool = {p.name: p for p in problem.pools}
    idx = [(t, s) for t in P for s in S]
    staff = pulp.LpVariable.dicts("staff", idx, lowBound=0)
    hire = pulp.LpVariable.dicts("hire", idx, lowBound=0)
    redund = pulp.LpVariable.dicts("redundancy", idx, lowBound=0)
    over = pulp.LpVariable.dicts("overstaffing", idx, lowBound=0)
    short = pulp.LpVariable.dicts("short_time", idx, lowBound=0)
    move = pulp.LpVariable.dicts("move", [(t, m.name) for t in P for m in problem.moves],
                                 lowBound=0)
    for s in S:
        for t in P:
            if pool[s].hire_limit is not None:
                hire[t, s].upBound = pool[s].hire_limit
            short[t, s].upBound = pool[s].short_time_limit
    for i, t in enumerate(P):
        for s in S:
            p = pool[s]
            previous = p.initial if i == 0 else staff[P[i - 1], s]
            moved_in = pulp.lpSum(m.retention * move[t, m.name] for m in problem.moves
                                  if m.target == s)
            moved_out = pulp.lpSum(move[t, m.name] for m in problem.moves if m.source == s)
            lp += (staff[t, s] == (1 - p.attrition_long) * previous
                   + (1 - p.attrition_new) * hire[t, s] + moved_in - moved_out
                   - redund[t, s], f"balance_{t}_{s}")
            lp += (staff[t, s] == problem.requirement[t, s] + over[t, s]
                   + p.short_time_factor * short[t, s], f"requirement_{t}_{s}")
        for m in problem.moves:
            if m.capacity is not None:
                lp += move[t, m.name] <= m.capacity, f"move_capacity_{t}_{m.source}_to_{m.target}"
            if m.capacity_share_of_target is not None:
                lp += (move[t, m.name] <= m.capacity_share_of_target * staff[t, m.target],
                       f"move_share_{t}_{m.source}_to_{m.target}")
        if problem.overstaffing_limit is not None:
            lp += (pulp.lpSum(over[t, s] for s in S) <= problem.overstaffing_limit,
                   f"overstaffing_limit_{t}")
    if problem.objective is FlowObjective.MIN_REDUNDANCIES:
        lp += pulp.lpSum(redund.values())
    else:
        lp += pulp.lpSum(
            pool[s].redundancy_cost * redund[t, s] + pool[s].hire_cost * hire[t, s]
            + pool[s].overstaffing_cost * over[t, s] + pool[s].short_time_cost * short[t, s]
            for t, s in idx) + pulp.lpSum(m.cost * move[t, m.name] for t in P
                                          for m in problem.moves)
    return lp, {"staff": staff, "hire": hire, "redundancy": redund, "overstaffing": over,
                "short_time": short, "move": move}


def _solver(backend: str, time_limit: float | None) -> pulp.LpSolver:
    if backend == "highs":
        return pulp.HiGHS(msg=False, timeLimit=time_limit, threads=1)
    if backend == "cbc":
        return pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    return pulp.getSolver(backend, msg=False)


def _status(lp: pulp.LpProblem) -> SolveStatus:
    if lp.status == pulp.LpStatusOptimal:
        # PuLP reports a time-limited incumbent as "Optimal" with sol_status 2 (feasible).
        return (SolveStatus.FEASIBLE if lp.sol_status == pulp.LpSolutionIntegerFeasible
                else SolveStatus.OPTIMAL)
    return {pulp.LpStatusInfeasible: SolveStatus.INFEASIBLE,
            pulp.LpStatusUnbounded: SolveStatus.UNBOUNDED}.get(lp.status,
                                                                SolveStatus.NOT_SOLVED)


def solve(problem: FlowProblem, *, backend: str = "highs",
          time_limit: float | None = None) -> FlowResult:
    """Build and solve; ``backend`` is ``highs`` (default), ``cbc`` or any PuLP solver name."""
    lp, var = build(problem)
    lp.solve(_solver(backend, time_limit))
    status = _status(lp)
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return FlowResult(status, None, pd.DataFrame(), pd.DataFrame(), backend)
    rows = []
    names = [p.name for p in problem.pools]
    for t in problem.periods:
        for s in names:
            rows.append({
                "period": t, "pool": s,
                **{k: var[k][t, s].value() or 0.0
                   for k in ("staff", "hire", "redundancy", "overstaffing", "short_time")},
                "moved_in": sum(var["move"][t, m.name].value() or 0.0
                                for m in problem.moves if m.target == s),
                "moved_out": sum(var["move"][t, m.name].value() or 0.0
                                 for m in problem.moves if m.source == s),
            })
    moves = pd.DataFrame([{"period": t, "move": m.name, "source": m.source, "target": m.target,
                           "moved": var["move"][t, m.name].value() or 0.0}
                          for t in problem.periods for m in problem.moves])
    return FlowResult(status, float(pulp.value(lp.objective)), pd.DataFrame(rows), moves,
                      backend)


def williams_manpower(objective: FlowObjective | str) -> FlowProblem:
    """The published reference problem (Williams 12.5), as in ``../shared/datasets``.

    Published optima: 841.797 redundancies (minimum redundancies), 498,677.29 (minimum
    cost).
    """
    levels: Sequence[tuple[str, float, float, float, float, float, float, float]] = (
        # name, initial, a_new, a_long, hire_limit, redundancy, overstaffing, short_time
        ("unskilled", 2000, 0.25, 0.10, 500, 200, 1500, 500),
        ("semi_skilled", 1500, 0.20, 0.05, 800, 500, 2000, 400),
        ("skilled", 1000, 0.10, 0.05, 500, 500, 3000, 400),
    )
    pools = tuple(Pool(n, i, an, al, h, redundancy_cost=r, overstaffing_cost=o,
                       short_time_cost=st, short_time_limit=50)
                  for n, i, an, al, h, r, o, st in levels)
    req = {"unskilled": (1000, 500, 0), "semi_skilled": (1400, 2000, 2500),
           "skilled": (1000, 1500, 2000)}
    periods = ("year1", "year2", "year3")
    requirement = {(t, s): float(v[k]) for s, v in req.items() for k, t in enumerate(periods)}
    moves = (
        Move("unskilled", "semi_skilled", retention=0.95, cost=400, capacity=200),
        Move("semi_skilled", "skilled", retention=0.95, cost=500, capacity_share_of_target=0.25),
        Move("semi_skilled", "unskilled", retention=0.5),
        Move("skilled", "semi_skilled", retention=0.5),
        Move("skilled", "unskilled", retention=0.5),
    )
    return FlowProblem(pools, periods, requirement, moves, overstaffing_limit=150,
                       objective=FlowObjective(objective))
