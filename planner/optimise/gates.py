"""Adoption gates (``levers.gates``): "cuts follow gains" as a lever.

A gate names a capability, an adoption share and the exits it holds (redundancies, or every
exit but attrition). In each pool whose work the capability executes or assists (a pool
with AI columns of it), those exits take effect in no period before the first one in which
the capability's adoption reaches the gate. The model holds them with column upper bounds
of 0 (:func:`hold_exits`: exact, and no rows): the redundancy columns, and with
``reductions`` the moves out too (``redeploy_out``: a pool's people leave for other pools
of its hub and for reskilling only through it, formulation §4.5).

A gate is priced by the objective of the same solve without it (:func:`price`): the cost
of holding the exits, in the objective's unit, the exits that plan makes where the gate
holds them, and so the cost of each FTE held back. The re-solve is made only where a held
column has a reduced cost that asks for more (by LP duality a gate with none costs
nothing), or where the solver gives no reduced costs. The reduced costs themselves are
kept as the gate's shadow price, but not put in words: at a degenerate optimum (a held
pool whose AI is idle until the gate opens, the usual case) the dual can overstate what one
FTE more would save, while the re-solve's difference is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from planner.errors import Problem, Severity
from planner.scenario.model import GateHolds, Scenario

if TYPE_CHECKING:
    from planner.optimise.data import ProblemData
    from planner.optimise.model import Built
    from planner.optimise.solvers import Solution
    from planner.optimise.variables import Variables

BLOCKS = {GateHolds.REDUNDANCIES: ("redundancy",),
          GateHolds.REDUCTIONS: ("redundancy", "redeploy_out")}
"""The variable blocks whose columns each kind of gate holds."""
HELD_WORDS = {GateHolds.REDUNDANCIES: "redundancies",
              GateHolds.REDUCTIONS: "redundancies, moves out and departures to reskilling"}
"""The exits each kind of gate holds, in words."""
TOL = 1e-6
"""A reduced cost smaller than this [objective unit per FTE] asks for nothing."""


@dataclass(frozen=True)
class GateHold:
    """One adoption gate as the model applies it.

    Attributes
    ----------
    index : int
        Its place in ``levers.gates``.
    capability : str
        The capability's id.
    adoption : float
        The adoption share the capability must reach [share].
    holds : GateHolds
        The exits it holds.
    opens : int
        The first period (0-based) whose adoption reaches the gate: the exits are held in
        the periods before it; the number of periods when no period reaches it (held
        throughout).
    pools : tuple of int
        The pools whose work the capability executes or assists (pool numbers of
        ``ProblemData.pools``).
    """

    index: int
    capability: str
    adoption: float
    holds: GateHolds
    opens: int
    pools: tuple[int, ...]

    @property
    def key(self) -> str:
        """Its key path (``levers.gates.0``)."""
        return f"levers.gates.{self.index}"

    @property
    def blocks(self) -> tuple[str, ...]:
        """The variable blocks it holds."""
        return BLOCKS[self.holds]


def gate_holds(scenario: Scenario, groups: pd.DataFrame, pools: pd.DataFrame,
               periods: tuple[str, ...]) -> tuple[tuple[GateHold, ...], list[Problem]]:
    """The scenario's adoption gates as :class:`GateHold` (``groups``: the AI work groups
    of ``ProblemData.groups``), and the notes a planner must read: a gate its capability's
    adoption never reaches within the horizon (the exits are then held throughout), and a
    gate whose capability works in no pool (it holds nothing)."""
    caps = {c.id: c for c in scenario.capabilities}
    n_p = len(periods)
    out: list[GateHold] = []
    notes: list[Problem] = []
    for i, g in enumerate(scenario.levers.gates):
        c = caps[g.capability]
        curve = [c.adoption_at(t) for t in range(n_p)]
        opens = next((t for t, a in enumerate(curve) if a >= g.adoption - 1e-12), n_p)
        touched = (groups.loc[groups["capability"] == g.capability, "pool"].astype(int)
                   .unique() if len(groups) else np.zeros(0, int))
        hold = GateHold(i, g.capability, float(g.adoption), g.holds, opens,
                        tuple(sorted(int(p) for p in touched)))
        out.append(hold)
        name = c.name or g.capability
        what = HELD_WORDS[g.holds]
        if not hold.pools:
            notes.append(Problem(
                code="gate_holds_nothing", severity=Severity.WARNING,
                message=f"The adoption gate levers.gates.{i} on {name} holds nothing: "
                        f"{name} executes or assists no work of this organisation's teams.",
                hint=f"Check the capability's tasks and categories, or remove levers.gates.{i}"))
        elif opens >= n_p and hold.pools:
            teams = pools["team"].to_numpy()[list(hold.pools)]
            notes.append(Problem(
                code="gate_never_reached", severity=Severity.WARNING,
                message=f"The adoption gate levers.gates.{i} on {name} at {g.adoption:.0%} "
                        f"is never reached: its adoption is at most {max(curve):.0%} within "
                        f"the horizon ({periods[0]} to {periods[-1]}), so {what} are held "
                        f"for the whole horizon in the {len(set(teams)):,} team(s) it "
                        "works in.",
                hint=f"Lower levers.gates.{i}.adoption to {max(curve):.0%} or less, or "
                     f"raise the adoption curve of {g.capability}, if the exits should "
                     "happen within the horizon"))
    return tuple(out), notes


@dataclass(frozen=True)
class HeldColumns:
    """The columns one gate holds at 0: those whose bound before the gates was above 0
    (a column the pledge or a protection holds already is not the gate's)."""

    index: int
    """The gate's place in ``levers.gates``."""
    cols: np.ndarray
    """Model column numbers."""
    upper: np.ndarray
    """Each column's upper bound before the gates [FTE/period]."""
    alone: np.ndarray
    """Whether no other gate holds the column too (lifting this gate alone frees it)."""


def held_columns(v: Variables | Built, holds: tuple[GateHold, ...]) -> list[np.ndarray]:
    """Per gate, the columns of its blocks at (pool, period) before it opens."""
    n_p = len(v.data.periods)
    blocks = v.model.blocks
    out = []
    for g in holds:
        pools = np.asarray(g.pools, int)
        per = np.arange(min(g.opens, n_p))
        cols = [blocks[b].start + (pools[:, None] * n_p + per[None, :]).ravel()
                for b in g.blocks]
        out.append(np.concatenate(cols).astype(np.int64))
    return out


def hold_exits(v: Variables) -> tuple[HeldColumns, ...]:
    """Set the upper bound of every column a gate holds to 0 (formulation §4.22); the
    columns each holds."""
    holds = v.data.gates
    if not holds:
        return ()
    m = v.model
    upper = np.concatenate(m.col_upper)
    per_gate = held_columns(v, holds)
    counts = np.bincount(np.concatenate(per_gate), minlength=m.n_cols)
    out = []
    for g, cols in zip(holds, per_gate, strict=True):
        mine = cols[upper[cols] > 0]
        out.append(HeldColumns(g.index, mine, upper[mine].copy(), counts[mine] == 1))
    starts = np.cumsum([0] + [len(b) for b in m.col_upper])
    for h in out:
        for i, arr in enumerate(m.col_upper):
            sel = h.cols[(h.cols >= starts[i]) & (h.cols < starts[i + 1])]
            arr[sel - starts[i]] = 0.0
    return tuple(out)


@dataclass(frozen=True)
class GatePrice:
    """What one gate costs the plan.

    Attributes
    ----------
    index : int
        The gate's place in ``levers.gates``.
    cost : float or None
        The objective with the gate less the objective of the same solve without it (the
        other gates kept), in the objective's unit (money over the horizon for min_cost);
        0 when no held column asks for more; None when the solve without it found no plan.
    exits_without : float
        The held exits the plan without the gate makes where this one holds them [FTE].
    teams_without : tuple of (str, float)
        ``exits_without`` by team, largest first [FTE].
    reduced_cost : float or None
        The most negative reduced cost of its held columns (the dual of their bound: the
        objective's change per FTE more of them, at the margin), None when the solver
        gives no reduced costs.
    """

    index: int
    cost: float | None
    exits_without: float = 0.0
    teams_without: tuple[tuple[str, float], ...] = ()
    reduced_cost: float | None = None

    @property
    def binding(self) -> bool:
        """Whether holding the exits costs anything."""
        return self.cost is not None and self.cost > TOL * 10

    @property
    def per_fte(self) -> float | None:
        """The cost of each FTE of exits held back: ``cost / exits_without``."""
        if not self.binding or self.exits_without <= TOL:
            return None
        return float(self.cost) / self.exits_without  # type: ignore[arg-type]


def objective_value(built: Built, x: np.ndarray) -> float:
    """The objective at ``x`` without the tie-break weights (which only choose between
    equal answers, :class:`~planner.optimise.lp.LinearModel`)."""
    m = built.model
    cost = np.concatenate(m.col_cost)
    if m.tie_break is not None:
        cost = cost - m.tie_break
    return float(cost @ x) + m.objective_offset


def price(built: Built, sol: Solution,
          solve_without: Callable[[Built], Solution]) -> tuple[GatePrice, ...]:
    """Each gate's :class:`GatePrice` on a solved plan: ``solve_without(b)`` solves a model
    built without the gate as the plan's was solved (the same procedure)."""
    from planner.optimise.model import build_model

    data = built.data
    if not built.gated or sol.x is None:
        return ()
    pools = data.pools
    owner = _owners(built)
    out = []
    for h in built.gated:
        reduced, asks = None, True
        if sol.col_dual is not None and len(h.cols):
            d = np.asarray(sol.col_dual)[h.cols]
            reduced = min(0.0, float(d.min()))
            asks = bool((d[h.alone] < -TOL).any())
        if not len(h.cols) or not h.alone.any() or not asks:
            out.append(GatePrice(h.index, 0.0, reduced_cost=reduced))
            continue
        rest = tuple(g for g in data.gates if g.index != h.index)
        b2 = build_model(replace(data, gates=rest))
        s2 = solve_without(b2)
        if not s2.status.has_plan or s2.x is None:
            out.append(GatePrice(h.index, None, reduced_cost=reduced))
            continue
        with_gate = objective_value(built, sol.x)
        cost = with_gate - objective_value(b2, s2.x)
        if -1e-9 * max(1.0, abs(with_gate)) < cost < 0:  # the solvers' tolerance
            cost = 0.0
        flows = s2.x[h.cols]
        team = pools["team"].to_numpy()[[owner(int(c))[1] for c in h.cols]]
        by = pd.Series(flows, index=team).groupby(level=0).sum().sort_values(
            ascending=False)
        by = by[by > 1e-6]
        out.append(GatePrice(h.index, cost, float(flows.sum()),
                             tuple((str(t), float(f)) for t, f in by.items()), reduced))
    return tuple(out)


def _owners(built: Any) -> Callable[[int], tuple[str, int, int]]:
    """Column -> (block name, pool, period) for the pool blocks."""
    n_p = len(built.data.periods)
    blocks = list(built.model.blocks.values())

    def owner(col: int) -> tuple[str, int, int]:
        b = next(b for b in blocks if b.start <= col < b.start + len(b))
        return b.name, (col - b.start) // n_p, (col - b.start) % n_p
    return owner


def gate_summary(data: ProblemData, prices: tuple[GatePrice, ...]) -> list[dict[str, Any]]:
    """The plan summary's ``gates`` block: per gate its capability, level, the exits it
    holds, the period it opens (``None``: not within the horizon), the pools it holds them
    in, and what it costs (``cost``, ``marginal``: ``None`` when not priced)."""
    by = {p.index: p for p in prices}
    out = []
    pools = data.pools
    for g in data.gates:
        p = by.get(g.index)
        out.append({
            "key": g.key, "capability": g.capability, "adoption": g.adoption,
            "holds": g.holds.value,
            "opens": data.periods[g.opens] if g.opens < len(data.periods) else None,
            "pools": [[str(pools["team"].iat[i]), str(pools["role"].iat[i])] for i in g.pools],
            "cost": None if p is None or p.cost is None else round(p.cost, 6),
            "exits_without": 0.0 if p is None else round(p.exits_without, 6),
            "cost_per_fte": None if p is None or p.per_fte is None else round(p.per_fte, 6),
        })
    return out
