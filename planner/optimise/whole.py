"""Decisions in whole people (``solver.whole_people``, docs/formulation.md §10).

The LP decides in FTE per (team, role) pool. Here its people decisions are made whole:
new posts (the ``new_hire`` block: hires beyond the vacancies filled and the ``backfill`` of
expected leavers, an expected flow that stays continuous, formulation §4.20), redundancies
and moves out (``redeploy_out``: redeployment and reskilling departures) become whole
numbers of people at the pool's FTE per person
(:func:`person_scales`); vacancies closed and filled whole numbers of posts at the pool's
FTE per vacant post. Moves in and reskilling starts are hub-level flows and stay
continuous FTE (they carry the whole people who left); attrition and reskilling losses are
expected flows and stay fractional; staff are what the flows leave.

Each whole decision is a *unit*: a column ``col`` (less an ``offset`` column: in a model
built without the hires' split, a pool's new hires are ``hire - vacancy_fill``) divided by
its ``scale`` [FTE per person or post].

:func:`make_whole` takes the LP's answer (its objective is the bound) and, on the one warm
``highspy`` object that solved it, first rounds every unit at once and repairs the teams of
the rows that then admit no plan by small MIPs (:func:`_round_all`); where that fails, it
dives: units already whole are fixed; the fractional ones
are rounded in batches, the nearest to a whole number first, in the direction that keeps
the requirement (hires and moves up, redundancies and closures down) unless the other is
much nearer, and the LP re-optimises the rest from its basis with dual simplex. A batch
that leaves no plan is rounded the other way, then split in halves down to one unit. Rows
held back as lazy (:func:`planner.optimise.solvers.solve_highs`) are added as soon as a
re-solve breaks one. Where the model has few units, HiGHS's MIP then starts from the
dive's plan under a short time limit, and the better plan is kept. Where no whole plan is
found, :class:`Whole` says which unit could not be rounded and the model's bounds are left
as the dive reached them, for :func:`planner.optimise.relax.explain` to name the lever.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from planner.optimise.lp import INF
from planner.optimise.model import Built
from planner.optimise.solvers import Solution, to_highs
from planner.status import SolveStatus

TOLERANCE = 1e-6
"""Distance from a whole number below which a unit counts as whole [people or posts]."""
DIVE_SECONDS = 10.0
"""The dive stops after the longer of this and twice the LP's time [s of CPU] (or the
scenario's ``solver.time_limit`` when set), with no whole plan found."""
MIP_MAX_UNITS = 3000
"""Most whole decisions for which HiGHS's MIP is tried after the dive."""
PRESOLVE_SECONDS = 1.0
"""Time limit of the MIP presolve that may prove there is no whole plan [s]."""
MIP_SECONDS = 5.0
"""Time limit of that MIP [s] (the scenario's ``solver.time_limit`` when shorter)."""
BATCH_SHARE = 0.25
"""Share of the fractional units rounded in one batch, the nearest to whole first."""
BOTH_WAYS = False
"""A failing batch is tried the other way before it is split (measured: more re-solves,
a wider gap; docs/formulation.md §10)."""
SAFE_RETRY = False
"""A failing batch is tried all the way that keeps the requirement before it is split
(measured on the sample org: 62 re-solves instead of 377, but a gap of 7.5% instead of
3.4%, as every small hire goes up)."""
MOVE_PREFER = 0
"""The direction moves out are rounded first: 0 up (the brief's), 2 the nearest."""
FIX_WHOLE = True
"""Units already whole are fixed before each batch (leaving them free cost more re-solves
on the benchmark org and still reached dead ends)."""
REPAIR_MAX_UNITS = 600
"""Most units a repair's MIP re-decides (:func:`_repair`)."""
REPAIR_SECONDS = 2.0
"""Time limit of one repair's MIP [s]."""
REPAIR_GAP = 1e-3
"""Relative optimality gap at which a repair's MIP stops."""
REPAIR_ACCEPT_GAP = 0.01
"""Widest relative gap of a repair's plan that stopped at its time limit, to the MIP's
own bound, that is taken (a wider one is often a far worse plan)."""
ROUND_ALL = True
"""Round every unit at once and repair the broken rows' teams (:func:`_round_all`) before
the dive."""
ROUND_ALL_REPAIRS = 4
"""Rounds of repair after rounding every unit at once."""
ROUND_ALL_MAX_UNITS = 5000
"""Most units one repair after rounding every unit at once re-decides."""
ROUND_ALL_SECONDS = 5.0
"""Time limit of one such repair's MIP [s]."""
PREFERENCE_MARGIN = 0.2
"""A unit is rounded against its preferred direction only when it is within this much of
the other whole number [people or posts]."""


PROVEN_NONE = ("There is no plan in whole people (the solver proved it): no whole numbers of "
               "hires, redundancies and moves meet every constraint. Levers set in FTE per "
               "team or pool (team sizes, reductions per period, spans, locks) may leave no "
               "room for a whole person where expected attrition takes a fraction of one.")
"""What a plan says when HiGHS's MIP presolve proves there is no whole plan before any
rounding (a large model: no rounding reached the unit to name)."""


class Prefer(StrEnum):
    """The rounding direction that keeps the requirement."""

    UP = "up"
    DOWN = "down"
    NEAREST = "nearest"


class WholeMethod(StrEnum):
    """How the whole plan was found."""

    ALREADY = "lp_whole"
    """The LP's answer was whole already."""
    ROUND = "round_and_repair"
    """Every decision rounded at once, the teams of the rows that broke repaired."""
    DIVE = "dive"
    """Rounding in batches, the LP re-optimising the rest."""
    MIP = "mip"
    """HiGHS's MIP started from the dive's plan, and it found a better one."""
    NONE = "none"
    """No whole plan was found."""


@dataclass(frozen=True, eq=False)
class Units:
    """The whole decisions of a model, one entry each."""

    col: np.ndarray
    """The column [FTE]."""
    offset: np.ndarray
    """A column subtracted from it (``-1``: none) [FTE]."""
    scale: np.ndarray
    """FTE of one person or post [FTE/person]."""
    prefer: np.ndarray
    """Index into :data:`_PREFER` (up, down, nearest)."""
    phase: np.ndarray
    """0: rounded first (vacancies); 1: after (their offset columns are fixed then)."""
    block: np.ndarray
    """The block's name, for messages."""
    pool: np.ndarray
    """The pool (row of ``data.pools``) and period of each unit."""
    period: np.ndarray

    def __len__(self) -> int:
        return len(self.col)

    def values(self, x: np.ndarray) -> np.ndarray:
        """Each unit in people or posts at ``x``."""
        off = np.where(self.offset >= 0, x[np.maximum(self.offset, 0)], 0.0)
        return (x[self.col] - np.where(self.offset >= 0, off, 0.0)) / self.scale


_PREFER = (Prefer.UP, Prefer.DOWN, Prefer.NEAREST)


@dataclass(frozen=True)
class Whole:
    """What :func:`make_whole` did: the method, the whole and LP objectives and the work."""

    method: WholeMethod
    objective: float | None
    bound: float
    units: int
    fractional: int
    resolves: int
    iterations: int
    seconds: float
    mip_seconds: float = 0.0
    batches: int = 0
    """Batches of units rounded."""
    failed: int = 0
    """Re-solves that found no plan (a batch rounded the other way or split)."""
    message: str = ""
    timed_out: bool = False
    """The dive stopped at its time budget (:data:`DIVE_SECONDS`)."""
    stuck: tuple[str, str, str, str] | None = None
    """Where no whole plan was found: (block, team, role, period) of the unit that could
    be rounded neither way."""
    people: dict[str, float] = field(default_factory=dict)
    repairs: int = 0
    """Neighbourhoods re-decided by a small MIP where a unit could be rounded neither way
    (:func:`_repair`)."""
    repair_mips: int = 0
    """Those MIPs run (one per neighbourhood tried, more where a lazy row was added)."""

    @property
    def gap(self) -> float | None:
        """(whole - bound) / max(1, |bound|), or None without a whole plan."""
        if self.objective is None:
            return None
        return (self.objective - self.bound) / max(1.0, abs(self.bound))

    def to_dict(self) -> dict[str, Any]:
        """The plan summary's ``whole_people`` block."""
        return {"method": self.method.value, "objective": _r(self.objective),
                "lp_bound": _r(self.bound), "gap": None if self.gap is None else round(
                    self.gap, 6), "decisions": self.units, "fractional_in_lp": self.fractional,
                "resolves": self.resolves, "simplex_iterations": self.iterations,
                "batches": self.batches, "failed_resolves": self.failed,
                "repairs": self.repairs, "repair_mips": self.repair_mips,
                "seconds": round(self.seconds, 3), "mip_seconds": round(self.mip_seconds, 3),
                "message": self.message}


def _r(v: float | None) -> float | None:
    return None if v is None else round(float(v), 2)


def fte_per_person(pools: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each pool's FTE per person held and FTE per vacant post [FTE/person].

    Per person: the held FTE over the held posts; where none is held, the vacant FTE per
    vacant post; else 1 (pool mode: ``initial`` counts people). Per vacant post: the vacant
    FTE over the vacant posts, else the FTE per person.
    """
    held = pools["initial"].to_numpy(float)
    people = pools["people"].to_numpy(float) if "people" in pools else held
    vac = pools["vacant_fte"].to_numpy(float) if "vacant_fte" in pools else np.zeros(len(held))
    vac_posts = (pools["vacant_posts"].to_numpy(float) if "vacant_posts" in pools
                 else np.zeros(len(held)))
    with np.errstate(divide="ignore", invalid="ignore"):
        per_vac = np.where((vac > 0) & (vac_posts > 0), vac / vac_posts, np.nan)
        per = np.where((held > 0) & (people > 0), held / people,
                       np.where(np.isfinite(per_vac), per_vac, 1.0))
    return per, np.where(np.isfinite(per_vac), per_vac, per)


def person_scales(built: Built) -> Units:
    """The model's whole decisions (module docstring), leaving out columns fixed at 0."""
    data, m = built.data, built.model
    n_p = len(data.periods)
    per, per_vac = fte_per_person(data.pools)
    upper = np.concatenate(m.col_upper)
    lower = np.concatenate(m.col_lower)
    pool = np.repeat(np.arange(len(data.pools)), n_p)
    period = np.tile(np.arange(n_p), len(data.pools))
    fill = built.block("vacancy_fill").cols
    # New posts: the new-hire column where the model splits hires (§4.1a), else the hires
    # less the vacancies filled.
    new = (("new_hire", per, 0, 1, None) if "new_hire" in m.blocks
           else ("hire", per, 0, 1, fill))
    parts = []
    for name, scale, prefer, phase, offset in (
            ("vacancy_close", per_vac, 1, 0, None), ("vacancy_fill", per_vac, 2, 0, None),
            ("redundancy", per, 1, 1, None), ("redeploy_out", per, MOVE_PREFER, 1, None),
            new):
        cols = built.block(name).cols
        live = (upper[cols] > lower[cols]) | (lower[cols] > 0)
        off = np.full(len(cols), -1) if offset is None else np.where(
            upper[offset] > 0, offset, -1)
        parts.append((cols[live], off[live], np.repeat(scale, n_p)[live],
                      np.full(live.sum(), prefer), np.full(live.sum(), phase),
                      np.full(live.sum(), name, object), pool[live], period[live]))
    cat = [np.concatenate([p[i] for p in parts]) for i in range(8)]
    return Units(cat[0].astype(np.int64), cat[1].astype(np.int64), cat[2].astype(float),
                 cat[3].astype(int), cat[4].astype(int), cat[5], cat[6].astype(int),
                 cat[7].astype(int))


def _objective(built: Built, x: np.ndarray) -> float:
    """The model's objective at ``x``."""
    return float(np.concatenate(built.model.col_cost) @ x + built.model.objective_offset)


class _Dive:
    """The warm HiGHS object, its rows, and the units' bounds as the dive sets them."""

    def __init__(self, built: Built, sol: Solution, units: Units) -> None:
        import highspy

        self.status = highspy.HighsModelStatus
        m = built.model
        self.model, self.units = m, units
        a = m.arrays()
        self.lo, self.up = a["row_lower"], a["row_upper"]
        self.col_lo, self.col_up = a["col_lower"], a["col_upper"]
        self.r, self.c, self.v = m.coo()
        self.row_start = np.searchsorted(self.r, np.arange(m.n_rows + 1))
        if sol.highs is not None and sol.highs_rows is not None:
            self.h, rows = sol.highs, sol.highs_rows
        else:  # another backend solved the LP: one HiGHS copy, every row
            self.h, rows = to_highs(m), np.arange(m.n_rows)
            self.h.run()
        self.held = np.ones(m.n_rows, bool)
        self.held[rows] = False
        self.order = list(np.asarray(rows).tolist())  # model row of each HiGHS row
        self.h.setOptionValue("presolve", "off")
        self.h.setOptionValue("simplex_strategy", 1)  # dual simplex from the basis
        self.fixed = np.zeros(len(units), bool)
        pools = built.data.pools
        self.team = pools["team"].factorize()[0]
        self.hub = pools["hub"].factorize()[0]
        self.function = pools["function"].factorize()[0]
        # The pool (and team) of every column, where its block has one (-1: none).
        self.col_pool = np.full(m.n_cols, -1)
        self.col_team = np.full(m.n_cols, -1)
        team_code = dict(zip(pools["team"], self.team, strict=True))
        for block in m.blocks.values():
            if "pool" in block.index:
                self.col_pool[block.cols] = block.index["pool"].to_numpy(int)
            elif "team" in block.index:
                self.col_team[block.cols] = block.index["team"].map(team_code).fillna(
                    -1).to_numpy(int)
        self.repairs = self.mip_runs = 0
        self.deadline = INF
        self.resolves = self.iterations = self.failed = self.batches = 0
        self.x = np.asarray(self.h.getSolution().col_value)

    def resolve(self) -> bool:
        """Re-solve from the basis, adding lazy rows the answer breaks; whether it has a
        plan (the solution is then ``self.x``).

        Raises
        ------
        TimeoutError
            Past the dive's time budget (``self.deadline``).
        """
        from planner.optimise.solvers import _violated

        if time.process_time() > self.deadline:
            raise TimeoutError

        while True:
            self.h.run()
            self.resolves += 1
            self.iterations += int(self.h.getInfo().simplex_iteration_count)
            if self.h.getModelStatus() != self.status.kOptimal:
                self.failed += 1
                return False
            x = np.asarray(self.h.getSolution().col_value)
            if self.held.any():
                act = np.bincount(self.r, weights=self.v * x[self.c],
                                  minlength=self.model.n_rows)
                add = np.flatnonzero(self.held & _violated(act, self.lo, self.up))
                if len(add):
                    self._add_rows(add)
                    continue
            self.x = x
            return True

    def _add_rows(self, add: np.ndarray) -> None:
        rs = self.row_start
        starts = np.concatenate([[0], np.cumsum(rs[add + 1] - rs[add])[:-1]])
        idx = np.concatenate([np.arange(rs[i], rs[i + 1]) for i in add])
        self.h.addRows(len(add), self.lo[add], self.up[add], len(idx),
                       starts.astype(np.int32), self.c[idx].astype(np.int32), self.v[idx])
        self.held[add] = False
        self.order.extend(add.tolist())

    def set(self, ids: np.ndarray, target: np.ndarray) -> None:
        """Fix units ``ids`` at ``target`` people or posts."""
        u = self.units
        off = np.where(u.offset[ids] >= 0, self.x[np.maximum(u.offset[ids], 0)], 0.0)
        value = off + target * u.scale[ids]
        cols = u.col[ids]
        value = np.clip(value, self.col_lo[cols], self.col_up[cols])
        self.h.changeColsBounds(len(ids), cols.astype(np.int32), value, value)
        self.fixed[ids] = True

    def free(self, ids: np.ndarray) -> None:
        """Give units ``ids`` their model bounds back."""
        cols = self.units.col[ids]
        self.h.changeColsBounds(len(ids), cols.astype(np.int32), self.col_lo[cols],
                                self.col_up[cols])
        self.fixed[ids] = False

    def whole_at(self, ids: np.ndarray, target: np.ndarray) -> bool:
        """Units ``ids`` fixed at ``target`` can be met: the value set sits within the
        column's bounds (a target the bounds cut would not be whole)."""
        u = self.units
        off = np.where(u.offset[ids] >= 0, self.x[np.maximum(u.offset[ids], 0)], 0.0)
        value = off + target * u.scale[ids]
        cols = u.col[ids]
        return bool(((value >= self.col_lo[cols] - 1e-9) & (value <= self.col_up[cols] + 1e-9))
                    .all())


def _targets(q: np.ndarray, prefer: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The preferred and the other whole number for units at ``q``."""
    lo, hi = np.floor(q), np.ceil(q)
    frac = q - lo
    up = np.where(prefer == 0, frac > PREFERENCE_MARGIN,
                  np.where(prefer == 1, frac > 1 - PREFERENCE_MARGIN, frac >= 0.5))
    first = np.where(up, hi, lo)
    return first, np.where(up, lo, hi)


def _try(d: _Dive, ids: np.ndarray, first: np.ndarray, other: np.ndarray) -> int | None:
    """Round units ``ids``: all at ``first``; else a batch all the way that keeps the
    requirement (a unit alone: the other way); else in halves. The first unit that could
    be rounded neither way, or None."""
    if len(ids) == 1:
        tries = (first, other)
    else:
        q = d.units.values(d.x)[ids]
        p = d.units.prefer[ids]
        safe = np.where(p == 0, np.ceil(q), np.where(p == 1, np.floor(q), first))
        tries = (first, other) if BOTH_WAYS else (first,) if not SAFE_RETRY or (
            safe == first).all() else (first, safe)
    for t in tries:
        if d.whole_at(ids, t):
            d.set(ids, t)
            if d.resolve():
                return None
            d.free(ids)
    if len(ids) == 1:
        d.resolve()
        return int(ids[0])
    d.resolve()  # back to the plan before the batch
    half = len(ids) // 2
    for part in (slice(0, half), slice(half, None)):
        q = d.units.values(d.x)[ids[part]]
        f, o = _targets(q, d.units.prefer[ids[part]])
        stuck = _try(d, ids[part], f, o)
        if stuck is not None:
            return stuck
    return None


def _dive(d: _Dive) -> int | None:
    """Round every unit; the unit that could not be rounded, or None.

    A unit that can be rounded neither way with the others as they are is repaired
    (:func:`_repair`): the units of its team, then of its hub and function too, are
    re-decided together by a small MIP; where none gives a plan, the unit is returned.
    """
    u = d.units
    for phase in (0, 1):
        while True:
            q = u.values(d.x)
            free = (u.phase == phase) & ~d.fixed
            dist = np.abs(q - np.rint(q))
            whole = np.flatnonzero(free & (dist <= TOLERANCE))
            frac = np.flatnonzero(free & (dist > TOLERANCE))
            if len(whole) and (FIX_WHOLE or not len(frac)):
                d.set(whole, np.rint(q[whole]))
            if not len(frac):
                break
            batch = frac[np.argsort(dist[frac], kind="stable")][:max(1, math.ceil(
                len(frac) * BATCH_SHARE))]
            first, other = _targets(q[batch], u.prefer[batch])
            d.batches += 1
            stuck = _try(d, batch, first, other)
            if stuck is not None and not _repair(d, stuck):
                return stuck
    return None


def _within(d: _Dive, ids: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Which units ``ids`` fixed at ``target`` stay within their columns' bounds."""
    u = d.units
    off = np.where(u.offset[ids] >= 0, d.x[np.maximum(u.offset[ids], 0)], 0.0)
    value = off + target * u.scale[ids]
    cols = u.col[ids]
    return (value >= d.col_lo[cols] - 1e-9) & (value <= d.col_up[cols] + 1e-9)


def _round_all(d: _Dive) -> bool:
    """Round every unit at once, its preferred way (the other where that leaves its
    column's bounds), and repair where that breaks a row: the units of the rows that admit
    no plan (:func:`_broken`) and of their teams (then, where that finds none, of their
    functions) are re-decided by a small MIP in which every column outside those teams
    keeps the LP's value (:func:`_local_mip`), and the LP re-optimises the rest, up to
    :data:`ROUND_ALL_REPAIRS` times. Whether that gave a whole plan; where not, every unit
    is free again and ``d`` holds the LP's plan."""
    u = d.units
    start = d.x.copy()
    for phase in (0, 1):
        ids = np.flatnonzero(u.phase == phase)
        first, other = _targets(u.values(d.x)[ids], u.prefer[ids])
        ok = _within(d, ids, first)
        target = np.where(ok, first, other)
        ok |= _within(d, ids, other)
        ids, target = ids[ok], target[ok]
        off = np.where(u.offset[ids] >= 0, d.x[np.maximum(u.offset[ids], 0)], 0.0)
        d.set(ids, target)
        d.x[u.col[ids]] = off + target * u.scale[ids]  # the hires' offsets are these
    for _ in range(ROUND_ALL_REPAIRS):
        if d.resolve() and d.fixed.all():
            return True
        broken = _broken(d)
        if not len(broken):
            break
        for level in (d.team, d.function):
            near = np.isin(level[u.pool], level[u.pool[broken]]) | ~d.fixed
            ids = np.flatnonzero(near)
            if len(ids) > ROUND_ALL_MAX_UNITS:
                continue
            pools = np.unique(u.pool[ids])
            free = (np.isin(d.col_pool, pools) | np.isin(d.col_team, d.team[pools])
                    | ((d.col_pool < 0) & (d.col_team < 0)))
            d.free(ids)
            d.repairs += 1
            counts = _local_mip(d, ids, ROUND_ALL_SECONDS, around=(free, start))
            if counts is not None:
                d.x = counts[0]
                for phase in (0, 1):
                    sel = u.phase[ids] == phase
                    d.set(ids[sel], counts[1][sel])
                break
        else:
            break
    d.free(np.arange(len(u)))
    d.x = start
    d.resolve()
    return False


def _broken(d: _Dive) -> np.ndarray:
    """After a re-solve that found no plan: the units in the rows of the dual simplex's
    proof (its dual ray: rows that together admit no plan), or, without one, in the rows a
    feasibility relaxation of the model breaks (rows may be violated at a unit cost,
    column bounds not)."""
    import highspy

    _, has_ray, ray = d.h.getDualRay()
    if has_ray:
        bad = np.flatnonzero(np.abs(np.asarray(ray)) > 1e-9)
    else:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        lp = d.h.getLp()
        h.passModel(lp)
        h.feasibilityRelaxation(-1.0, -1.0, 1.0)
        act = np.asarray(h.getSolution().row_value)
        lo, up = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        bad = np.flatnonzero((act < lo - 1e-7) | (act > up + 1e-7))
    rows = np.asarray(d.order)[bad]
    rs = d.row_start
    cols = np.concatenate([d.c[rs[i]:rs[i + 1]] for i in rows]) if len(rows) else np.zeros(
        0, int)
    unit = np.full(d.model.n_cols, -1)
    unit[d.units.col] = np.arange(len(d.units))
    hit = unit[cols]
    return np.unique(hit[hit >= 0])


def _neighbourhoods(d: _Dive, stuck: int) -> list[np.ndarray]:
    """The units re-decided together where ``stuck`` can be rounded neither way, smallest
    first: its team's, then its team's and its hub's (the rows that tie them: spans, team
    bounds, reductions per team, hubs), then its function's."""
    u = d.units
    team = d.team[u.pool] == d.team[u.pool[stuck]]
    hub = d.hub[u.pool] == d.hub[u.pool[stuck]]
    function = d.function[u.pool] == d.function[u.pool[stuck]]
    out: list[np.ndarray] = []
    for near in (team, team | hub, team | hub | function):
        ids = np.flatnonzero(near)
        if len(ids) <= REPAIR_MAX_UNITS and (not out or len(ids) > len(out[-1])):
            out.append(ids)
    return out


def _repair(d: _Dive, stuck: int) -> bool:
    """Re-decide the units near ``stuck`` as integers, the others as the dive set them:
    HiGHS's MIP on the dive's model (its rows so far, every other unit fixed or
    continuous) over each neighbourhood of :func:`_neighbourhoods` in turn, at most
    :data:`REPAIR_SECONDS` each. Whether one gave a plan; the dive then goes on from it,
    the neighbourhood's units fixed at the MIP's whole numbers."""
    u = d.units
    for ids in _neighbourhoods(d, stuck):
        if time.process_time() > d.deadline:
            raise TimeoutError
        d.free(ids)
        d.repairs += 1
        for _ in range(3):  # a lazy row the MIP's plan breaks is added, and it runs again
            counts = _local_mip(d, ids)
            if counts is None:
                break
            x, whole = counts
            d.x = x
            for phase in (0, 1):
                sel = ids[u.phase[ids] == phase]
                d.set(sel, whole[u.phase[ids] == phase])
            if d.resolve():
                return True
            d.free(ids)
            if not d.resolve():
                return False
        else:
            continue
        if not d.resolve():
            return False
    return False


def _local_mip(d: _Dive, ids: np.ndarray, seconds: float = REPAIR_SECONDS,
               around: tuple[np.ndarray, np.ndarray] | None = None,
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """HiGHS's MIP on the dive's current model with units ``ids`` integer (one column
    ``y = (col - offset) / scale`` each): the columns and the units' whole numbers, or
    None where it finds no plan within ``seconds``. With ``around`` (a mask of the columns
    that may move, and a plan), only the rows over those columns are kept and every other
    column is held at its value in that plan: a small model."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(d.h.getLp())
    if around is not None:
        around, plan = around
        hold = np.flatnonzero(~around)
        h.changeColsBounds(len(hold), hold.astype(np.int32), plan[hold], plan[hold])
        rows = np.asarray(d.order)
        touches = np.zeros(d.model.n_rows, bool)
        touches[np.unique(d.r[around[d.c]])] = True
        drop = np.flatnonzero(~touches[rows])
        if len(drop):
            h.deleteRows(len(drop), drop.astype(np.int32))
    h.setOptionValue("time_limit", seconds)
    h.setOptionValue("mip_rel_gap", REPAIR_GAP)
    n = d.model.n_cols
    _integer_units(h, n, d.units, ids)
    h.run()
    d.mip_runs += 1
    info = h.getInfo()
    if info.primal_solution_status != 2 or info.mip_gap > REPAIR_ACCEPT_GAP:
        return None
    x = np.asarray(h.getSolution().col_value)
    return x[:n], np.rint(x[n:])


def _rule_breaks(built: Built, x: np.ndarray) -> np.ndarray:
    """Pools that make a redundancy and keep or fill a vacancy at ``x``."""
    from planner.optimise.vacancy_rule import TOLERANCE as TOL

    n_p = len(built.data.periods)

    def per_pool(name: str) -> np.ndarray:
        b = built.block(name)
        return x[b.start:b.start + len(b)].reshape(-1, n_p)

    red = per_pool("redundancy").sum(axis=1)
    return np.flatnonzero((red > TOL) & ((per_pool("vacancy_fill").sum(axis=1) > TOL)
                                         | (per_pool("vacancy_open").max(axis=1) > TOL)))


def _settle_rule(built: Built, d: _Dive, pools: np.ndarray) -> None:
    """The vacancy rule for pools the rounding made break it: every vacancy of theirs
    closed (open and fill at 0, in the model and the dive), their units freed again."""
    n_p = len(built.data.periods)
    m = built.model
    for name in ("vacancy_open", "vacancy_fill"):
        b = built.block(name)
        cols = (b.start + pools[:, None] * n_p + np.arange(n_p)).ravel()
        m.col_upper[list(m.blocks).index(name)][cols - b.start] = 0.0
        d.col_up[cols] = 0.0
        d.h.changeColsBounds(len(cols), cols.astype(np.int32), d.col_lo[cols], d.col_up[cols])
    d.free(np.flatnonzero(np.isin(d.units.pool, pools)))


def _mip_model(built: Built, u: Units, seconds: float, gap: float) -> Any:
    """The model with one integer column per unit, ``y = (col - offset) / scale``, as a
    HiGHS MIP (every row, no lazy ones)."""
    h = to_highs(built.model, time_limit=seconds, gap=gap)
    _integer_units(h, built.model.n_cols, u, np.arange(len(u)))
    return h


def _integer_units(h: Any, n: int, u: Units, ids: np.ndarray) -> None:
    """Add to the HiGHS model ``h`` (of ``n`` columns) one integer column per unit of
    ``ids``, ``y = (col - offset) / scale``, and the rows that tie it to its column."""
    import highspy

    k = len(ids)
    h.addCols(k, np.zeros(k), np.zeros(k), np.full(k, INF), 0, np.zeros(k, np.int32),
              np.zeros(0, np.int32), np.zeros(0))
    h.changeColsIntegrality(k, np.arange(n, n + k, dtype=np.int32),
                            np.full(k, highspy.HighsVarType.kInteger))
    offset = u.offset[ids]
    starts = np.concatenate([[0], np.cumsum(2 + (offset >= 0))[:-1]]).astype(np.int32)
    idx = np.stack([u.col[ids], n + np.arange(k), offset], axis=1)
    val = np.stack([np.ones(k), -u.scale[ids], -np.ones(k)], axis=1)
    keep = idx >= 0
    h.addRows(k, np.zeros(k), np.zeros(k), int(keep.sum()), starts,
              idx[keep].astype(np.int32), val[keep])


def whole_infeasible(built: Built, units: Units) -> bool:
    """HiGHS's MIP presolve proves that no plan has its decisions whole, within
    :data:`PRESOLVE_SECONDS` (0.06 s at 1,000 positions on the benchmark scenario; at
    10,000 it took 6.5 s without a proof, hence the limit)."""
    import highspy

    h = _mip_model(built, units, PRESOLVE_SECONDS, 1e-4)
    h.presolve()
    return h.getModelPresolveStatus() == highspy.HighsPresolveStatus.kInfeasible


def _mip(built: Built, d: _Dive, seconds: float, gap: float,
         ) -> tuple[np.ndarray, float] | bool:
    """HiGHS's MIP on the model with one integer column per unit, started from the dive's
    plan; its columns and objective, or whether it proved that there is none."""
    import highspy

    u = d.units
    h = _mip_model(built, u, seconds, gap)
    h.setSolution(_solution(np.concatenate([d.x, np.rint(u.values(d.x))])))
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return h.getModelStatus() == highspy.HighsModelStatus.kInfeasible
    x = np.asarray(h.getSolution().col_value)
    return x, float(h.getInfo().objective_function_value)


def _solution(x: np.ndarray) -> Any:
    import highspy

    s = highspy.HighsSolution()
    s.col_value = list(map(float, x))
    s.value_valid = True
    return s


def make_whole(built: Built, sol: Solution, *, time_limit: float | None = None,
               gap: float = 1e-4) -> tuple[Solution, Whole]:
    """The LP answer ``sol`` made whole (module docstring): the solution and what was done.

    Without a whole plan, the solution is ``sol`` unchanged and ``Whole.method`` is
    ``none``; where the dive stopped at a unit (``Whole.stuck``), the model's column bounds
    then hold its rounding up to that unit (rounded its preferred way), so that the model is
    infeasible as :func:`planner.optimise.relax.explain` needs it: the caller restores
    them.
    """
    t0 = time.perf_counter()
    assert sol.x is not None and sol.objective is not None
    units = person_scales(built)
    bound = float(sol.objective)
    q = units.values(sol.x)
    fractional = int((np.abs(q - np.rint(q)) > TOLERANCE).sum())
    d = _Dive(built, sol, units)
    budget = time_limit or max(DIVE_SECONDS, 2 * sol.seconds)
    d.deadline = time.process_time() + budget  # CPU time: the same on a busy machine
    stuck = None
    try:
        rounded = False
        for attempt in range(len(built.data.pools) + 1):
            rounded = ROUND_ALL and _round_all(d)
            if (not rounded and not attempt and len(units) > MIP_MAX_UNITS
                    and whole_infeasible(built, units)):
                return sol, Whole(WholeMethod.NONE, None, bound, len(units), fractional,
                                  d.resolves, d.iterations, time.perf_counter() - t0,
                                  repairs=d.repairs, repair_mips=d.mip_runs,
                                  message=PROVEN_NONE)
            stuck = None if rounded else _dive(d)
            breaks = _rule_breaks(built, d.x) if stuck is None else np.zeros(0, int)
            if not len(breaks):
                break
            _settle_rule(built, d, breaks)
            if not d.resolve():
                stuck = int(np.flatnonzero(np.isin(units.pool, breaks))[0])
                break
    except TimeoutError:
        return sol, Whole(WholeMethod.NONE, None, bound, len(units), fractional, d.resolves,
                          d.iterations, time.perf_counter() - t0, 0.0, d.batches, d.failed,
                          timed_out=True, repairs=d.repairs, repair_mips=d.mip_runs, message=(
                              f"No plan in whole people was found within {budget:.0f} s "
                              f"({d.resolves:,} re-solves); more time (solver.time_limit) "
                              "may find one."))
    d.deadline = INF
    mip_seconds = 0.0
    method = (WholeMethod.ALREADY if not fractional else WholeMethod.ROUND if rounded
              else WholeMethod.DIVE)
    limit = min(MIP_SECONDS, time_limit) if time_limit else MIP_SECONDS
    if stuck is not None:
        # The dive found none: the MIP may find one, or prove (often in presolve) that
        # there is none.
        t1 = time.perf_counter()
        found = _mip(built, d, limit, gap)
        mip_seconds = time.perf_counter() - t1
        if (isinstance(found, bool) or not _adopt(d, units, found[0], built.model.n_cols)
                or len(_rule_breaks(built, d.x))):  # the MIP knows no vacancy rule
            return sol, _stuck(built, d, stuck, bound, fractional, t0, proven=found is True,
                               mip_seconds=mip_seconds)
        method = WholeMethod.MIP
    elif fractional and len(units) <= MIP_MAX_UNITS:
        t1 = time.perf_counter()
        objective = _objective(built, d.x)
        found = _mip(built, d, limit, gap)
        mip_seconds = time.perf_counter() - t1
        if not isinstance(found, bool) and found[1] < objective - 1e-6 * max(
                1.0, abs(objective)):
            keep = d.x.copy()
            if (_adopt(d, units, found[0], built.model.n_cols)
                    and not len(_rule_breaks(built, d.x))):  # the MIP knows no vacancy rule
                method = WholeMethod.MIP
            else:  # back to the dive's plan
                _adopt(d, units, np.concatenate([keep, np.rint(units.values(keep))]),
                       built.model.n_cols)
    x = _snap(units, d.x)
    objective = _objective(built, x)
    hs = d.h.getSolution()
    r, c, v = built.model.coo()
    act = np.bincount(r, weights=v * x[c], minlength=built.model.n_rows)
    dual = np.zeros(built.model.n_rows)
    dual[np.array(d.order, np.int64)] = np.asarray(hs.row_dual)
    whole = Whole(method, objective, bound, len(units), fractional, d.resolves, d.iterations,
                  time.perf_counter() - t0, mip_seconds, d.batches, d.failed,
                  people=people_totals(built, x), repairs=d.repairs, repair_mips=d.mip_runs)
    out = Solution(SolveStatus.OPTIMAL if sol.status is SolveStatus.OPTIMAL else sol.status,
                   objective, x, row_dual=dual, col_dual=np.asarray(hs.col_dual),
                   row_activity=act, seconds=sol.seconds + whole.seconds, backend=sol.backend,
                   message=f"{sol.message}; whole people by {method.value}")
    return out, whole


def _adopt(d: _Dive, units: Units, x: np.ndarray, n_cols: int) -> bool:
    """Fix every unit at the whole counts of a MIP answer ``x`` (its unit columns after
    the model's ``n_cols``) and re-solve the rest; whether that has a plan."""
    counts = np.rint(x[n_cols:])
    d.free(np.arange(len(units)))
    d.x = x[:n_cols]
    for phase in (0, 1):
        ids = np.flatnonzero(units.phase == phase)
        d.set(ids, counts[ids])
        if not d.resolve():
            return False
    return True


def _snap(units: Units, x: np.ndarray) -> np.ndarray:
    """``x`` with each unit's column exactly its whole count times its scale (the dive
    fixed them there, up to HiGHS's tolerance) [FTE]."""
    x = x.copy()
    for phase in (0, 1):
        ids = np.flatnonzero(units.phase == phase)
        off = np.where(units.offset[ids] >= 0, x[np.maximum(units.offset[ids], 0)], 0.0)
        x[units.col[ids]] = np.maximum(
            off + np.rint(units.values(x)[ids]) * units.scale[ids], 0.0)
    return x


def whole_counts(built: Built, x: np.ndarray) -> dict[str, np.ndarray]:
    """The decisions of a whole plan in people and posts, per pool and period (pool-major,
    as the staffing table): ``hires_people`` (new posts and vacancies filled),
    ``redundancies_people``, ``redeploy_out_people``, ``vacancies_closed_posts``,
    ``vacancies_filled_posts``."""
    per, per_vac = fte_per_person(built.data.pools)
    n_p = len(built.data.periods)

    def block(name: str) -> np.ndarray:
        b = built.block(name)
        return x[b.start:b.start + len(b)]

    p, v = np.repeat(per, n_p), np.repeat(per_vac, n_p)
    filled = np.rint(block("vacancy_fill") / v).astype(int)
    new = np.rint((block("new_hire") if "new_hire" in built.model.blocks else
                   block("hire") - block("vacancy_fill")) / p).astype(int)
    return {"hires_people": new + filled,
            "redundancies_people": np.rint(block("redundancy") / p).astype(int),
            "redeploy_out_people": np.rint(block("redeploy_out") / p).astype(int),
            "vacancies_closed_posts": np.rint(block("vacancy_close") / v).astype(int),
            "vacancies_filled_posts": filled}


def people_totals(built: Built, x: np.ndarray) -> dict[str, float]:
    """The whole plan's decisions over the horizon, in people or posts (the summary)."""
    c = whole_counts(built, x)
    return {"hires": int(c["hires_people"].sum()),
            "new_posts": int((c["hires_people"] - c["vacancies_filled_posts"]).sum()),
            "redundancies": int(c["redundancies_people"].sum()),
            "moves_out": int(c["redeploy_out_people"].sum()),
            "vacancies_closed": int(c["vacancies_closed_posts"].sum()),
            "vacancies_filled": int(c["vacancies_filled_posts"].sum())}


def _stuck(built: Built, d: _Dive, stuck: int, bound: float, fractional: int,
           t0: float, *, proven: bool, mip_seconds: float) -> Whole:
    """No whole plan: the model's bounds set to the dive's rounding, the unit that could
    not be rounded at its preferred whole number (for :func:`relax.explain`)."""
    u = d.units
    data = built.data
    q = u.values(d.x)[[stuck]]
    first, _ = _targets(q, u.prefer[[stuck]])
    fixed = np.flatnonzero(d.fixed)
    cols = np.concatenate([u.col[fixed], u.col[[stuck]]])
    off = np.where(u.offset[[stuck]] >= 0, d.x[np.maximum(u.offset[[stuck]], 0)], 0.0)
    value = np.concatenate([d.x[u.col[fixed]], off + first * u.scale[[stuck]]])
    lower, upper = built.model.col_lower, built.model.col_upper
    starts = np.cumsum([0] + [len(b) for b in lower])
    for col, val in zip(cols, value, strict=True):
        i = int(np.searchsorted(starts, col, side="right") - 1)
        lower[i][col - starts[i]] = upper[i][col - starts[i]] = val
    pool = int(u.pool[stuck])
    where = (str(u.block[stuck]), str(data.pools["team"].iat[pool]),
             str(data.pools["title"].iat[pool]), str(data.periods[int(u.period[stuck])]))
    what = "vacancies " + where[0].split("_")[1] if where[0].startswith("vacancy") else {
        "redeploy_out": "moves out", "redundancy": "redundancies", "hire": "hires",
        "new_hire": "new posts"}[where[0]]
    said = ("There is no plan in whole people (the solver proved it)" if proven else
            "No plan in whole people was found")
    return Whole(WholeMethod.NONE, None, bound, len(u), fractional, d.resolves, d.iterations,
                 time.perf_counter() - t0, mip_seconds, d.batches, d.failed, stuck=where,
                 repairs=d.repairs, repair_mips=d.mip_runs,
                 message=f"{said}: the {what} of {where[2]} in {where[1]} in {where[3]} "
                         "cannot be a whole number either way with the other decisions in "
                         "whole people.")
