"""The rules that a pool with a redundancy keeps and fills no vacancy and receives nobody
redeployed (the latter in roster mode; docs/formulation.md §4).

Whether a pool makes a redundancy or keeps a vacancy is a yes-or-no choice that a linear
programme cannot state: an open vacancy covers its post at no cost (when unfunded), so the
cheapest answer may make redundancies and keep the empty posts. :func:`solve_keeping_rule`
solves, finds the pools that do both, settles each of them one way, and solves again,
until no pool does both:

- where the pool's vacancies kept or filled are at least its redundancies, the
  vacancies take the reduction: the pool makes no redundancy (it closes vacancies
  instead);
- otherwise every vacancy of the pool is closed (open and fill fixed at 0) and the
  redundancies are what the closures leave.

The same loop keeps a pool that makes a redundancy from receiving people redeployed from
other pools of its hub, or reskilled into its role. Pools are homogeneous (one cost and one
severance per FTE, the pool's average), so without the rule the cheapest answer may move
people into a pool of the same role whose average severance is lower and make them redundant
there: on the sample org most of the redundancies fell in such pools, and a planner would
never move someone in order to dismiss them. Such a pool receives nobody (its
``redeploy_in`` and ``reskill_in`` are fixed at 0 for the horizon); if that leaves no plan,
the rule is left and the planner is told where.

A pool is settled once for each rule, so the loop ends after at most as many re-solves as
pools (in practice one or two).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner.optimise.lp import LinearModel, VarBlock
from planner.optimise.model import Built
from planner.optimise.solvers import Solution

TOLERANCE = 1e-6
"""FTE below which a flow counts as none [FTE]."""


def _totals(sol: Solution, block: VarBlock, n_periods: int) -> np.ndarray:
    assert sol.x is not None
    return sol.x[block.start:block.start + len(block)].reshape(-1, n_periods)


def _set_upper(model: LinearModel, block: VarBlock, pools: np.ndarray, n_periods: int,
               value: float | np.ndarray) -> np.ndarray:
    """Set the upper bounds of a pool block's columns of ``pools`` (pool-major, every
    period) to ``value``; returns the bounds they had."""
    upper = model.col_upper[list(model.blocks).index(block.name)]
    cols = (np.asarray(pools, int)[:, None] * n_periods + np.arange(n_periods)).ravel()
    before = upper[cols].copy()
    upper[cols] = value
    return before


def solve_keeping_rule(built: Built, solve_once: Callable[[LinearModel], Solution],
                       ) -> tuple[Solution, list[str]]:
    """Solve ``built`` with ``solve_once`` so that no pool both makes a redundancy and
    keeps or fills a vacancy, or makes a redundancy and receives people redeployed.

    The bounds of the pools settled stay in ``built.model`` (the plan's model is the one
    solved last). Returns the solution and what to tell the planner (empty unless a pool
    could not be settled).
    """
    model, data = built.model, built.data
    n_p = len(data.periods)
    vacant = data.pools["vacant_fte"].to_numpy(float)
    sol = solve_once(model)
    notes: list[str] = []
    sol = _no_move_in_beside_a_redundancy(built, sol, solve_once, notes)
    if not (vacant > 0).any():
        return sol, notes
    red_b, open_b = built.block("redundancy"), built.block("vacancy_open")
    close_b, fill_b = built.block("vacancy_close"), built.block("vacancy_fill")
    for _ in range(len(vacant) + 1):
        if not sol.status.has_plan:
            break
        red = _totals(sol, red_b, n_p).sum(axis=1)
        opened = _totals(sol, open_b, n_p)
        filled = _totals(sol, fill_b, n_p).sum(axis=1)
        closed = _totals(sol, close_b, n_p).sum(axis=1)
        both = (red > TOLERANCE) & ((filled > TOLERANCE) | (opened.max(axis=1) > TOLERANCE))
        if not both.any():
            break
        kept = vacant - closed
        spare = np.flatnonzero(both & (red <= kept + TOLERANCE))
        close_all = np.flatnonzero(both & (red > kept + TOLERANCE))
        undo = [(red_b, spare, _set_upper(model, red_b, spare, n_p, 0.0))]
        undo += [(b, close_all, _set_upper(model, b, close_all, n_p, 0.0))
                 for b in (open_b, fill_b)]
        new = solve_once(model)
        if not new.status.has_plan and len(spare):
            # No redundancy there leaves no plan: close those pools' vacancies instead.
            _set_upper(model, red_b, spare, n_p, undo[0][2])
            undo = undo[1:] + [(b, spare, _set_upper(model, b, spare, n_p, 0.0))
                               for b in (open_b, fill_b)]
            new = solve_once(model)
        if not new.status.has_plan:
            for b, where, before in undo:
                _set_upper(model, b, where, n_p, before)
            notes.append("Redundancies are planned where vacancies are kept "
                         f"({_named(data.pools.loc[both])}): "
                         "closing those vacancies first leaves no plan that meets the other "
                         "constraints.")
            break
        sol = _no_move_in_beside_a_redundancy(built, new, solve_once, notes)
    return sol, notes


def _named(pools) -> str:  # noqa: ANN001 - rows of data.pools
    named = [f"{t} {r}" for t, r in zip(pools["team"], pools["title"], strict=True)]
    return "; ".join(named[:3]) + (f" and {len(named) - 3:,} more" if len(named) > 3 else "")


def _no_move_in_beside_a_redundancy(built: Built, sol: Solution,
                                    solve_once: Callable[[LinearModel], Solution],
                                    notes: list[str]) -> Solution:
    """Re-solve until no pool both makes a redundancy and receives people redeployed or
    reskilled (each such pool's ``redeploy_in`` and ``reskill_in`` fixed at 0); a settling
    that leaves no plan is undone and said in ``notes``."""
    model, data = built.model, built.data
    if data.scenario.pool_based:  # pools with stated costs (Williams): no averages to exploit
        return sol
    n_p = len(data.periods)
    red_b = built.block("redundancy")
    arrivals = (built.block("redeploy_in"), built.block("reskill_in"))
    for _ in range(len(data.pools) + 1):
        if not sol.status.has_plan:
            return sol
        red = _totals(sol, red_b, n_p).sum(axis=1)
        moved_in = sum(_totals(sol, b, n_p).sum(axis=1) for b in arrivals)
        both = np.flatnonzero((red > TOLERANCE) & (moved_in > TOLERANCE))
        if not len(both):
            return sol
        before = [_set_upper(model, b, both, n_p, 0.0) for b in arrivals]
        new = solve_once(model)
        if not new.status.has_plan:
            for b, was in zip(arrivals, before, strict=True):
                _set_upper(model, b, both, n_p, was)
            notes.append("Redundancies are planned in pools that also receive people "
                         f"redeployed or reskilled ({_named(data.pools.iloc[both])}): stopping "
                         "those moves "
                         "leaves no plan that meets the other constraints.")
            return sol
        sol = new
    return sol
