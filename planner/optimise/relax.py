"""Why a scenario has no plan, in the levers the planner set.

Each lever the scenario sets (a target, a cap, the pledge, a protection ...) is relaxed on
its own, with every other lever as set, and the optimiser solves for how far it must move:
the best attainable value of a target (the most this plan can save), the smallest cap that
works, or what dropping a pledge costs (how many redundancies, in which teams). Values are
rounded towards feasible (a savings target down, a cap up), so the value reported really
gives a plan. One elastic copy of the model in HiGHS answers every lever, re-solved from
the previous basis; an irreducible infeasible subset is searched for only when no single
lever resolves the conflict.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from planner.labels import format_money
from planner.optimise.data import ORGANISATION
from planner.optimise.explain import word_list
from planner.optimise.gates import HELD_WORDS
from planner.optimise.lp import INF
from planner.optimise.model import Built, build_model
from planner.optimise.solvers import solve, to_highs
from planner.scenario.keypaths import key_bounds, with_values
from planner.scenario.model import ObjectiveKind

VISIBLE = 0.05
"""Smallest move a person can see [FTE, or a share of 0.05 of a unit]: smaller ones are not
reported."""
IIS_TIME_LIMIT = 1.0
"""Most seconds HiGHS may spend isolating an irreducible infeasible subset, which it does
only when no single lever resolves the conflict (on the 7,000-row sample-org model a
search can run for minutes and end without a small set)."""
RELAX_TIME_LIMIT = 5.0
"""Most seconds HiGHS may spend on one relaxation (a lever it cannot settle in time is
reported as such, never as resolving or not)."""
SEARCH_STEPS = 8
"""Most re-runs spent searching the nearest feasible value of a lever that enters the model
as a coefficient (a span of control limit, the most a team may shrink per period)."""
TARGETS = ("levers.savings_target", "levers.one_off_budget", "objective.budget",
           "levers.max_reduction_overall")
"""Levers that are goals: an infeasible answer leads with their best attainable value."""
TARGET_PRICE = 1e3
"""How many times dearer a target's relaxation is than another lever's (each relative to
its own value, or to the organisation's FTE) when the two are relaxed together: the target
gives only as far as the other lever cannot take it."""


@dataclass(frozen=True)
class Relaxation:
    """One lever the scenario sets, relaxed on its own with the others as set.

    Attributes
    ----------
    key : str
        Its key path (``levers.savings_target``).
    label : str
        Its name in words (``the savings target``).
    value : Any
        The value the scenario sets.
    unit : str
        Unit of ``value``, ``best`` and ``nearest_feasible``, or of ``needs``.
    resolves : bool
        Whether relaxing this lever alone gives a plan.
    nearest_feasible : Any
        The closest value that gives a plan, rounded towards feasible (``False`` for a
        pledge or a freeze that must go; the entries that may stay for a protection list);
        ``None`` when the lever alone cannot resolve it or has no single value.
    best : float or None
        The exact best attainable value before rounding.
    needs : float or None
        What relaxing it takes at least, in ``unit`` (redundancies, hires, FTE).
    teams : tuple of dict
        Where: ``team``, ``function``, ``amount`` (in ``unit``) and ``roles`` (title ->
        amount), largest first, moves below :data:`VISIBLE` left out.
    sentence : str
        The answer in words.
    reaches : float or None
        When the scenario has a target this lever cannot reach alone: the target's best
        attainable value with this lever relaxed (rounded towards feasible); ``needs`` and
        ``teams`` are then what that takes.
    settled : bool
        False when HiGHS could not settle this relaxation within :data:`RELAX_TIME_LIMIT`
        (``resolves`` then says nothing).
    """

    key: str
    label: str
    value: Any
    unit: str
    resolves: bool
    nearest_feasible: Any = None
    best: float | None = None
    needs: float | None = None
    teams: tuple[dict[str, Any], ...] = ()
    sentence: str = ""
    reaches: float | None = None
    settled: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The relaxation as plain data (for the plan's summary and ``--json``)."""
        d = asdict(self)
        d["teams"] = [dict(t) for t in self.teams]
        return d


@dataclass(frozen=True)
class Infeasibility:
    """The explanation of an infeasible scenario.

    ``summary`` says it in a planner's words (the headline first); ``relax`` holds each
    lever's relaxation; ``detail`` the pool-level and solver detail for experts.
    """

    summary: tuple[str, ...]
    relax: tuple[Relaxation, ...]
    detail: tuple[str, ...]


@dataclass
class _Lever:
    """How one lever enters the model, and how to relax it.

    ``z_rows``: rows whose limit moves by ``beta`` per unit of the value (one column ``z``,
    the distance the value moves towards looser); ``capped``: columns the value caps
    (``col <= value``); ``slack_rows``: rows relaxed by a slack per row on ``side``
    (levers that enter as coefficients, or have no single value); ``freed``: columns whose
    upper bound of 0 the lever set, and the bound without it.
    """

    key: str
    label: str
    value: Any
    unit: str
    step: float = 0.01
    looser: int = 1
    z_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    beta: np.ndarray = field(default_factory=lambda: np.zeros(0))
    side: str = "upper"
    capped: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    slack_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    freed: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    freed_upper: np.ndarray = field(default_factory=lambda: np.zeros(0))
    search: bool = False
    per: str = ""

    @property
    def valued(self) -> bool:
        return len(self.z_rows) > 0 or len(self.capped) > 0


def _levers(built: Built) -> list[_Lever]:
    """The levers the scenario sets that constrain the model, as :class:`_Lever`."""
    data = built.data
    sc = data.scenario
    lev = sc.levers
    meta = built.model.row_meta()
    kind = meta["kind"].to_numpy()
    pools = data.pools
    n_p = len(data.periods)
    initial = pools["initial"].to_numpy(float)
    money = getattr(data, "currency", None) or "currency"  # the unit of a money lever
    out: list[_Lever] = []

    def rows(k: str, **where: object) -> np.ndarray:
        at = kind == k
        for col, v in where.items():
            at &= (meta[col] == v).to_numpy()
        return np.flatnonzero(at)

    def valued(key: str, label: str, value: float, unit: str, r: np.ndarray, beta: float,
               *, step: float, looser: int = 1, side: str = "upper", per: str = "") -> None:
        if len(r):
            out.append(_Lever(key, label, value, unit, step, looser, r, np.full(len(r), beta),
                              side, per=per))

    if lev.savings_target is not None:
        before = float((initial * pools["cost_per_fte"].to_numpy(float)).sum())
        valued("levers.savings_target", "the savings target", lev.savings_target,
               "share of the run-rate cost", rows("savings_target"), before, looser=-1,
               step=0.01)
    if lev.one_off_budget is not None:
        valued("levers.one_off_budget", "the one-off budget", lev.one_off_budget, money,
               rows("one_off_budget"), 1.0, step=0.0)
    if sc.objective.kind is ObjectiveKind.MAX_CAPACITY and sc.objective.budget is not None:
        valued("objective.budget", "the budget", sc.objective.budget, money,
               rows("capacity_budget"), 1.0, step=0.0)
    if lev.max_reduction_overall is not None:
        valued("levers.max_reduction_overall", "the most the organisation may shrink",
               lev.max_reduction_overall, "share of the starting FTE",
               rows("max_reduction_overall"), float(initial.sum()), step=0.01, side="lower")
    if lev.max_redundancies is not None:
        valued("levers.max_redundancies", "the redundancy cap", lev.max_redundancies,
               "FTE of redundancies", rows("redundancy_cap"), 1.0, step=1.0,
               per=" FTE of redundancies")
    red = built.block("redundancy").cols.reshape(-1, n_p)
    hire_cols = built.block("hire").cols.reshape(-1, n_p)
    protected = pools["protected"].to_numpy(bool)
    if lev.no_redundancy:
        free = red[~protected].ravel()
        out.append(_Lever("levers.no_redundancy", "the no-redundancy pledge", True,
                          "redundancies", freed=free, freed_upper=np.full(len(free), INF)))
    out += _gate_levers(built)
    for key, names, col in (("levers.protected_roles", lev.protected_roles, "role"),
                            ("levers.protected_teams", lev.protected_teams, "team")):
        other = lev.protected_teams if col == "role" else lev.protected_roles
        other_col = "team" if col == "role" else "role"
        mine = (pools[col].isin(names) & ~pools[other_col].isin(other)).to_numpy()
        if not names or not mine.any():
            continue
        prot_rows = rows("protected")
        at = meta.iloc[prot_rows][col].isin(names).to_numpy() & ~meta.iloc[prot_rows][
            other_col].isin(other).to_numpy()
        free = np.zeros(0, np.int64) if lev.no_redundancy else red[mine].ravel()
        out.append(_Lever(key, "the protection of " + word_list(sorted(
            _title(data, x) if col == "role" else x for x in names)), list(names), "FTE",
            slack_rows=prot_rows[at], side="lower", freed=free,
            freed_upper=np.full(len(free), INF)))
    if lev.hiring.freeze:
        limits = {p.role: p.hire_limit for p in sc.pools}
        ub = np.array([INF if limits.get(r) is None else limits[r] for r in pools["role"]])
        out.append(_Lever("levers.hiring.freeze", "the hiring freeze", True, "hires",
                          freed=hire_cols.ravel(), freed_upper=np.repeat(ub, n_p)))
    if lev.hiring.cap_per_period is not None and not lev.hiring.freeze:
        valued("levers.hiring.cap_per_period", "the hiring cap", lev.hiring.cap_per_period,
               "hires a period", rows("hire_cap"), 1.0, step=1.0, per=" a period")
    for role, cap in lev.hiring.role_caps.items():
        if not lev.hiring.freeze:
            valued(f"levers.hiring.role_caps.{role}", f"the hiring cap of {_title(data, role)}",
                   cap, "hires a period", rows("hire_cap_role", role=role), 1.0, step=1.0,
                   per=" a period")
    for name, allowance in (("overstaffing", lev.overstaffing), ("short_time", lev.short_time)):
        if allowance.total is not None:
            words = "overstaffing" if name == "overstaffing" else "short-time working"
            valued(f"levers.{name}.total", f"the {words} allowance", allowance.total, "FTE",
                   rows(f"{name}_total"), 1.0, step=0.1, per=" FTE")
    if lev.overstaffing.per_pool is not None:
        out.append(_Lever("levers.overstaffing.per_pool", "the overstaffing limit per team "
                          "and role", lev.overstaffing.per_pool, "FTE", step=0.1,
                          capped=built.block("overstaffing").cols, per=" FTE"))
    for i, q in enumerate(lev.reskilling):
        path = f"{q.from_role}->{q.to_role}"
        what = f"reskilling {_title(data, q.from_role)} to {_title(data, q.to_role)}"
        if q.capacity_per_period is not None:
            valued(f"levers.reskilling.{i}.capacity_per_period", f"the capacity of {what}",
                   q.capacity_per_period, "FTE a period", rows("reskill_capacity", role=path),
                   1.0, step=0.1, per=" a period")
        if q.capacity_share_of_target is not None and len(rows("reskill_share", role=path)):
            out.append(_Lever(f"levers.reskilling.{i}.capacity_share_of_target",
                              f"the share limit of {what}", q.capacity_share_of_target,
                              "FTE", slack_rows=rows("reskill_share", role=path)))
    auto = lev.reskilling_auto
    if auto is not None and auto.capacity_per_period is not None:
        suggested = [f"{q.path.from_role}->{q.path.to_role}" for q in data.reskilling
                     if q.suggested]
        r = np.flatnonzero((kind == "reskill_capacity") & meta["role"].isin(suggested)
                           .to_numpy())
        valued("levers.reskilling_auto.capacity_per_period",
               "the capacity of each suggested reskilling path", auto.capacity_per_period,
               "FTE a period", r, 1.0, step=0.1, per=" a period")
    if sc.pool_based and not lev.hiring.freeze:
        hire = built.block("hire")
        for p in sc.pools:
            if p.hire_limit is not None:
                pool = int(np.flatnonzero(pools["role"].to_numpy() == p.role)[0])
                out.append(_Lever(f"pools.{p.role}.hire_limit",
                                  f"the hire limit of {_title(data, p.role)}", p.hire_limit,
                                  "hires a period", step=1.0,
                                  capped=hire.start + pool * n_p + np.arange(n_p),
                                  per=" a period"))
    for bound, key, looser in ((lev.span.max, "levers.span.max", 1),
                               (lev.span.min, "levers.span.min", -1)):
        kind_k = "span_max" if looser > 0 else "span_min"
        if bound is not None and len(rows(kind_k)):
            out.append(_Lever(key, f"the span of control {'cap' if looser > 0 else 'floor'}",
                              bound, "direct reports per manager", 1.0, looser,
                              slack_rows=rows(kind_k), search=True))
    if lev.max_reduction_per_period is not None and len(rows("max_reduction")):
        out.append(_Lever("levers.max_reduction_per_period",
                          "the most a team may shrink per period", lev.max_reduction_per_period,
                          "share of the team's FTE", 0.01, 1, slack_rows=rows("max_reduction"),
                          side="lower", search=True))
    if len(rows("team_fte")):
        out.append(_Lever("levers.team_fte", "the team FTE bounds", None, "FTE",
                          slack_rows=rows("team_fte"), side="both"))
    if len(rows("delayering")):
        out.append(_Lever("levers.delayering", "the delayering (manager posts removed)", None,
                          "FTE", slack_rows=rows("delayering"), side="upper"))
    lock_rows = rows("lock")
    start = 0
    for i, lk in enumerate(lev.locks):
        n = n_p if lk.period is None else 1
        out.append(_Lever(f"levers.locks.{i}", f"the lock on {_title(data, lk.role)} in "
                          f"{lk.team}", lk.fte, "FTE", slack_rows=lock_rows[start:start + n],
                          side="both"))
        start += n
    return out


def _gate_levers(built: Built) -> list[_Lever]:
    """The adoption gates as levers: each frees the exit columns it alone holds."""
    data = built.data
    out = []
    for h in built.gated:
        free = h.cols[h.alone]
        if not len(free):
            continue
        g = next(x for x in data.gates if x.index == h.index)
        until = (f"before {data.periods[g.opens]}" if g.opens < len(data.periods) else
                 "within the horizon")
        out.append(_Lever(g.key, f"the adoption gate on {data.labels.capability(g.capability)}"
                          f" at {g.adoption:.0%}", {"capability": g.capability,
                                                    "adoption": g.adoption,
                                                    "holds": g.holds.value},
                          f"FTE of {HELD_WORDS[g.holds]} {until}", freed=free,
                          freed_upper=h.upper[h.alone]))
    return out


def _title(data: Any, role: str) -> str:
    titles = data.pools.drop_duplicates("role").set_index("role")["title"]
    return str(titles.get(role, role))


class _Elastic:
    """One HiGHS copy of the model with every lever made elastic, each lever's columns
    closed until it is the one relaxed."""

    def __init__(self, built: Built, levers: list[_Lever]) -> None:
        import highspy

        self.status = highspy.HighsModelStatus
        m = built.model
        self.h = h = to_highs(m)
        h.setOptionValue("time_limit", RELAX_TIME_LIMIT)
        n = m.n_cols
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        col_upper = np.concatenate(m.col_upper)
        self.owner: list[int] = []  # lever of each owned column
        self.cols: list[int] = []
        self.active: list[float] = []
        self.idle: list[float] = []
        self.where: list[tuple[str, str]] = []  # (team, role) each owned column is about
        self.z: dict[int, int] = {}
        meta = m.row_meta()
        row_team, row_role = ([v if isinstance(v, str) else "" for v in meta[c]]
                              if c in meta else [""] * len(meta) for c in ("team", "role"))
        pools = built.data.pools
        n_p = len(built.data.periods)
        next_col = n

        def own(col: int, li: int, active: float, idle: float, where: tuple[str, str]) -> None:
            self.cols.append(col)
            self.owner.append(li)
            self.active.append(active)
            self.idle.append(idle)
            self.where.append(where)

        for li, lv in enumerate(levers):
            if lv.valued:
                idx = lv.z_rows.astype(np.int32)
                sign = -1.0 if lv.side == "upper" else 1.0
                h.addCols(1, np.zeros(1), np.zeros(1), np.zeros(1), len(idx),
                          np.zeros(1, np.int32), idx, sign * lv.beta)
                limit = (lv.value if lv.looser < 0 else
                         (1.0 - lv.value if lv.unit.startswith("share") else INF))
                self.z[li] = next_col
                own(next_col, li, max(float(limit), 0.0), 0.0, ("", ""))
                if len(lv.capped):
                    # col <= value + z replaces the column's own bound.
                    k = len(lv.capped)
                    h.changeColsBounds(k, lv.capped.astype(np.int32), np.zeros(k),
                                       np.full(k, INF))
                    h.addRows(k, np.full(k, -INF), np.full(k, float(lv.value)), 2 * k,
                              (2 * np.arange(k)).astype(np.int32),
                              np.column_stack([lv.capped, np.full(k, next_col)]).ravel()
                              .astype(np.int32), np.tile([1.0, -1.0], k))
                next_col += 1
            for side in (("upper", "lower") if lv.side == "both" else (lv.side,)):
                r = lv.slack_rows
                if not len(r):
                    continue
                coef = -1.0 if side == "upper" else 1.0
                h.addCols(len(r), np.zeros(len(r)), np.zeros(len(r)), np.zeros(len(r)),
                          len(r), np.arange(len(r), dtype=np.int32), r.astype(np.int32),
                          np.full(len(r), coef))
                for j, row in enumerate(r):
                    own(next_col + j, li, INF, 0.0, (row_team[row], row_role[row]))
                next_col += len(r)
            for col, up in zip(lv.freed, lv.freed_upper, strict=True):
                block = next(b for b in built.model.blocks.values()  # a pool block
                             if b.start <= col < b.start + len(b))
                pool = int(col - block.start) // n_p
                own(int(col), li, float(up), float(col_upper[col]),
                    (str(pools["team"].iat[pool]), str(pools["role"].iat[pool])))
        self.owner_a = np.array(self.owner, int)
        self.cols_a = np.array(self.cols, np.int32)
        self.active_a = np.array(self.active, float)
        self.idle_a = np.array(self.idle, float)

    def relax(self, open_: np.ndarray, cost: np.ndarray,
              fixed: dict[int, float] | None = None) -> np.ndarray | None:
        """Open the owned columns where ``open_`` holds, minimise ``cost`` on them; the
        solution, or None when it is still infeasible. ``fixed`` holds owned columns to fix
        at a value (a target's ``z`` at a value it reaches).

        Raises
        ------
        TimeoutError
            When HiGHS cannot settle it within :data:`RELAX_TIME_LIMIT`.
        """
        k = len(self.cols_a)
        self.h.changeColsBounds(k, self.cols_a, np.zeros(k),
                                np.where(open_, self.active_a, self.idle_a))
        self.h.changeColsCost(k, self.cols_a, np.where(open_, cost, 0.0))
        for col, v in (fixed or {}).items():
            self.h.changeColBounds(col, v, v)
        self.h.run()
        status = self.h.getModelStatus()
        if status == self.status.kOptimal:
            return np.asarray(self.h.getSolution().col_value)
        if status in (self.status.kInfeasible, self.status.kUnboundedOrInfeasible):
            return None
        raise TimeoutError(self.h.modelStatusToString(status))


def explain(built: Built) -> Infeasibility:
    """Explain an infeasible scenario in the levers it sets (see the module docstring)."""
    t0 = time.perf_counter()
    data = built.data
    levers = _levers(built)
    el = _Elastic(built, levers)
    if data.scenario.solver.integer and _settled(el, np.zeros(len(el.cols_a), bool),
                                                  np.zeros(len(el.cols_a))) is not None:
        return Infeasibility(("There is no plan in whole numbers, though there is one with "
                              "fractional hires, redundancies and moves: turn off "
                              "solver.integer, or loosen a lever a little.",), (), ())
    total_fte = max(float(data.pools["initial"].sum()), 1.0)
    weight = np.array([_weight(levers[o], total_fte) for o in el.owner_a])
    # With a target, each other lever is relaxed together with the target, which gives only
    # as far as it must (its relaxation costs far more): the lever resolves the conflict
    # when the target need not give at all, and otherwise shows how far it gets the target.
    ti = next((i for i, lv in enumerate(levers) if lv.key in TARGETS), None)
    out: list[Relaxation] = []
    solved = 0
    for li, lv in enumerate(levers):
        with_target = ti is not None and li != ti
        open_ = (el.owner_a == li) | ((el.owner_a == ti) if with_target else False)
        solved += 1
        try:
            x = el.relax(open_, np.where(el.owner_a == ti, TARGET_PRICE, 1.0) * weight)
        except TimeoutError:
            out.append(Relaxation(lv.key, lv.label, lv.value, lv.unit, False, settled=False,
                                  sentence=f"Whether relaxing {lv.label} alone gives a plan "
                                  f"was not settled within {RELAX_TIME_LIMIT:g} s."))
            continue
        r = _relaxation(built, el, li, lv, x)
        target = levers[ti] if with_target and ti is not None else None
        if target is not None and x is not None and float(x[el.z[ti]]) > 1e-6 * max(
                1.0, abs(float(target.value))):
            reaches = _relaxation(built, el, ti, target, x).nearest_feasible
            r = replace(r, resolves=False, nearest_feasible=None, best=None, reaches=reaches)
            r = replace(r, sentence=_cap(_short_of(r, target)) + ".")
        out.append(r)
    for i, r in enumerate(out):
        if ti is not None and r.reaches is not None and r.reaches == out[ti].nearest_feasible:
            # It gets the target no further: what it moved on the way is not an answer.
            out[i] = replace(r, reaches=None, needs=None, teams=(),
                             sentence=f"Relaxing {r.label} alone is not enough.")
        elif ti is not None and r.reaches is not None and r.needs is not None:
            # What the value it reaches (rounded towards feasible) needs, not what the
            # unrounded best needs: the target's z fixed there, this lever's need minimised.
            target = levers[ti]
            z = target.looser * (float(r.reaches) - float(target.value))
            x = _settled(el, el.owner_a == i, weight, {el.z[ti]: z})
            solved += 1
            at = _relaxation(built, el, i, levers[i], x) if x is not None else None
            out[i] = replace(r, needs=at.needs if at else None, teams=at.teams if at else ())
            out[i] = replace(out[i], sentence=_cap(_short_of(out[i], target)) + ".")
    for i, (lv, r) in enumerate(zip(levers, out, strict=True)):
        if lv.search and r.resolves:
            out[i], n = _search(built, lv, r)
            solved += n
    detail: list[str] = []
    resolving = [r for r in out if r.resolves]
    if not resolving:
        x = _settled(el, np.ones(len(el.cols_a), bool), weight) if len(el.cols_a) else None
        solved += 1
        summary = _together(built, el, levers, x)
        detail += irreducible_conflict(built)
    else:
        summary = _summary(out)
    for r in out:
        if r.resolves or r.reaches is not None:
            detail += _team_lines(r)
    size = built.model.size()
    detail.append(f"Each lever was relaxed in an elastic copy of the model ({size['constraints']:,}"
                  f" rows, {size['variables']:,} columns): {solved} solve(s) in "
                  f"{time.perf_counter() - t0:.2f} s.")
    return Infeasibility(tuple(summary), tuple(out), tuple(detail))


def _settled(el: _Elastic, open_: np.ndarray, cost: np.ndarray,
             fixed: dict[int, float] | None = None) -> np.ndarray | None:
    """:meth:`_Elastic.relax`, a relaxation not settled in time counting as no plan."""
    try:
        return el.relax(open_, cost, fixed)
    except TimeoutError:
        return None


def _weight(lv: _Lever, total_fte: float) -> float:
    """Cost of one unit of a lever's relaxation when all are relaxed together: relative to
    the lever's own value, or to the organisation's FTE."""
    if lv.valued:
        return 1.0 / max(abs(float(lv.value)), lv.step or 1.0)
    return 1.0 / total_fte


def _relaxation(built: Built, el: _Elastic, li: int, lv: _Lever,
                x: np.ndarray | None) -> Relaxation:
    base = dict(key=lv.key, label=lv.label, value=lv.value, unit=lv.unit)
    if x is None:
        return Relaxation(**base, resolves=False,
                          sentence=f"Relaxing {lv.label} alone is not enough.")
    mine = el.owner_a == li
    amounts = x[el.cols_a[mine]]
    if lv.valued:
        z = float(x[el.z[li]])
        best = float(lv.value) + lv.looser * z
        nearest = _towards(lv, best)
        r = Relaxation(**base, resolves=True, nearest_feasible=nearest, best=best)
        return replace(r, sentence=_cap(_fix(r, lv)) + ".")
    if lv.search:  # its answer is a value (see _search), not an amount per team
        r = Relaxation(**base, resolves=True)
        return replace(r, sentence=_cap(_fix(r, lv)) + ".")
    where = [w for w, m in zip(el.where, mine, strict=True) if m]
    teams = _by_team(built, where, amounts)
    needs = float(amounts.sum())
    nearest: Any = None
    if lv.key in ("levers.no_redundancy", "levers.hiring.freeze"):
        nearest = False
    elif lv.key.startswith("levers.protected_"):
        col = 1 if lv.key.endswith("roles") else 0
        gave = {w[col] for w, a in zip(where, amounts, strict=True) if a > 1e-6}
        nearest = [n for n in lv.value if n not in gave]
    r = Relaxation(**base, resolves=True, nearest_feasible=nearest, needs=needs, teams=teams)
    return replace(r, sentence=_cap(_fix(r, lv)) + ".")


def _towards(lv: _Lever, best: float) -> float:
    """``best`` rounded to the lever's step towards feasible, within the key's range."""
    step = lv.step
    if step == 0.0:  # money: three significant figures
        step = 10.0 ** (math.floor(math.log10(max(abs(best), 1.0))) - 2)
    q = best / step
    v = (math.ceil(q - 1e-6) if lv.looser > 0 else math.floor(q + 1e-6)) * step
    lo, hi = key_bounds(lv.key) if not lv.key.startswith("pools.") else (0.0, None)
    v = max(v, lo) if lo is not None else v
    v = min(v, hi) if hi is not None else v
    return round(v, 6)


def _search(built: Built, lv: _Lever, r: Relaxation) -> tuple[Relaxation, int]:
    """The nearest feasible value of a lever that enters the model as a coefficient, by
    re-running the scenario with the value moved in steps (doubling, then halving)."""
    data = built.data
    lo_key, hi_key = key_bounds(lv.key)

    def feasible(value: float) -> bool:
        sc = with_values(data.scenario, {lv.key: value})
        b = build_model(replace(data, scenario=sc))
        return solve(b.model, "highs").status.has_plan

    bad, good, n = float(lv.value), None, 0
    width = lv.step
    while n < SEARCH_STEPS:
        trial = bad + lv.looser * width
        if lv.looser < 0 and lo_key is not None:
            trial = max(trial, lo_key)
        if hi_key is not None:
            trial = min(trial, hi_key)
        n += 1
        if feasible(trial):
            good = trial
            break
        if trial == bad:
            break
        bad, width = trial, width * 2
    while good is not None and n < SEARCH_STEPS and abs(good - bad) > lv.step + 1e-9:
        mid = bad + lv.looser * math.floor(abs(good - bad) / lv.step / 2) * lv.step
        n += 1
        if feasible(mid):
            good = mid
        else:
            bad = mid
    out = replace(r, nearest_feasible=None if good is None else round(good, 6))
    return replace(out, sentence=_cap(_fix(out, lv)) + "."), n


def _by_team(built: Built, where: list[tuple[str, str]],
             amounts: np.ndarray) -> tuple[dict[str, Any], ...]:
    """Amounts by team (and role title), largest first, moves below VISIBLE left out."""
    if not len(amounts):
        return ()
    f = pd.DataFrame({"team": [w[0] for w in where], "role": [w[1] for w in where],
                      "amount": amounts})
    f = f[f["amount"] > 1e-9]
    functions = built.data.teams.set_index("team")["function"]
    titles = dict(zip(built.data.pools["role"], built.data.pools["title"], strict=True))
    out = []
    for team, total in f.groupby("team")["amount"].sum().sort_values(ascending=False).items():
        if total < VISIBLE:
            break
        roles = f[f["team"] == team].groupby("role")["amount"].sum().sort_values(
            ascending=False)
        out.append({"team": str(team), "function": str(functions.get(team, team)) if team
                    else "", "amount": round(float(total), 6),
                    "roles": {titles.get(k, k): round(float(v), 6)
                              for k, v in roles.items() if v >= VISIBLE}})
    return tuple(out)


def _mostly(teams: tuple[dict[str, Any], ...]) -> str:
    """Where most of it falls (``mostly in ...``): the fewest functions (or teams) that
    hold half of it, at most 3; '' for a pool-based scenario."""
    if not teams:
        return ""
    f = pd.DataFrame(teams)
    key = "function" if f["function"].nunique() < len(f) or len(f) == 1 else "team"
    if (f[key] == ORGANISATION).all() or (f[key] == "").all():
        return ""
    by = f.groupby(key)["amount"].sum().sort_values(ascending=False)
    share = by.cumsum() / by.sum()
    names = list(by.index[:int((share < 0.5).sum()) + 1][:3])
    return "mostly in " + word_list([str(n) for n in names])


def _amount(v: float, unit: str) -> str:
    """An amount as a person reads it: whole redundancies or hires ("about 130"), FTE to
    one decimal, never a zero ("less than one redundancy", "less than 0.1 FTE")."""
    one = {"redundancies": "redundancy", "hires": "hire"}.get(unit)
    if one is None:
        return f"less than 0.1 {unit}" if v < 0.05 else f"{v:,.1f} {unit}"
    if v < 0.5:
        return f"less than one {one}"
    return f"about {v:,.0f} {one if round(v) == 1 else unit}"


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.2f}".rstrip("0").rstrip(".")


MONEY_KEYS = ("levers.one_off_budget", "objective.budget")
"""Levers whose values are money: their unit is the roster's currency code."""


def _show(key: str, v: Any, unit: str | None = None) -> str:
    """A lever's value as a planner reads it (money with its currency code, ``unit``)."""
    if key in MONEY_KEYS and isinstance(v, int | float):
        return format_money(float(v), None if unit in (None, "currency") else unit)
    if isinstance(v, float) and key in ("levers.savings_target", "levers.max_reduction_overall",
                                        "levers.max_reduction_per_period"):
        return f"{v:.0%}"
    return _num(float(v)) if isinstance(v, int | float) else str(v)


def _fix(r: Relaxation, lv: _Lever) -> str:
    """What relaxing the lever alone takes, in words (no leading capital)."""
    if r.key == "levers.savings_target":
        return (f"the most this plan can save is {_show(r.key, r.nearest_feasible, r.unit)} of the "
                f"run-rate cost (target {_show(r.key, r.value, r.unit)})")
    if r.key == "levers.one_off_budget":
        return (f"the one-off costs cannot be kept below "
                f"{_show(r.key, r.nearest_feasible, r.unit)} (budget "
                f"{_show(r.key, r.value, r.unit)})")
    if r.key == "objective.budget":
        return (f"the horizon cannot cost less than {_show(r.key, r.nearest_feasible, r.unit)}"
                f" (budget {_show(r.key, r.value, r.unit)})")
    if r.key == "levers.max_reduction_overall":
        return (f"the organisation must shrink by at least "
                f"{_show(r.key, r.nearest_feasible, r.unit)} (limit {_show(r.key, r.value)})")
    if r.unit in ("redundancies", "hires"):
        what = "dropping the no-redundancy pledge" if r.unit == "redundancies" else (
            "lifting the hiring freeze")
        return f"{what} needs {_need(r)}"
    if r.key.startswith("levers.protected_"):
        return f"giving up {r.label} needs {_need(r)}"
    if lv.valued or lv.search:
        if r.nearest_feasible is None:
            return (f"{r.label} must move beyond {_show(r.key, r.value, r.unit)} (no nearby "
                    "value works)")
        verb = "rise" if lv.looser > 0 else "fall"
        at = "at least" if lv.looser > 0 else "at most"
        return (f"{r.label} must {verb} from {_show(r.key, r.value, r.unit)} to {at} "
                f"{_show(r.key, r.nearest_feasible, r.unit)}{lv.per}")
    return f"{r.label} must give by {_give(r)}"


def _give(r: Relaxation) -> str:
    """How much rows with no single value give, and in which teams."""
    where = ", ".join(f"{t['team']} {t['amount']:,.1f}" for t in r.teams[:3])
    more = f" and {len(r.teams) - 3} more teams" if len(r.teams) > 3 else ""
    return f"{_amount(r.needs or 0.0, r.unit)} ({where}{more})"


def _need(r: Relaxation) -> str:
    """What reaching a target takes through this lever (no leading capital)."""
    where = _mostly(r.teams)
    where = f", {where}" if where else ""
    if r.unit in ("redundancies", "hires"):
        return f"{_amount(r.needs or 0.0, r.unit)}{where}"
    if r.key.startswith("levers.protected_"):
        return f"{_amount(r.needs or 0.0, 'FTE')} of protected posts given up{where}"
    if r.needs is not None:
        return f"{r.label} giving by {_give(r)}"
    if r.nearest_feasible is None:
        return f"{r.label} beyond {_show(r.key, r.value, r.unit)}"
    at = "at most" if float(r.nearest_feasible) < float(r.value) else "at least"
    return f"{r.label} of {at} {_show(r.key, r.nearest_feasible, r.unit)}"


def _summary(out: list[Relaxation]) -> list[str]:
    """The answer in sentences, the headline first.

    With a target: its best attainable value with the levers as set, what reaching it
    needs through any one other lever, or (when none reaches it alone) how far relaxing
    each lever gets it. Without a target: any one lever that resolves the conflict.
    """
    resolving = [r for r in out if r.resolves]
    targets = [r for r in resolving if r.key in TARGETS]
    others = [r for r in resolving if r.key not in TARGETS]
    best = float(targets[0].nearest_feasible) if targets else 0.0
    short = sorted((r for r in out if r.reaches is not None),
                   key=lambda r: -abs(float(r.reaches) - best))
    lines = []
    if targets:
        t = targets[0]
        limits = word_list([o.label for o in others or short]) or "the levers as set"
        text = f"With {limits}, " + _cap(t.sentence.rstrip("."), lower=True)
        goal = (f"reaching {_show(t.key, t.value, t.unit)}" if t.key == "levers.savings_target" else
                f"keeping to {t.label} of {_show(t.key, t.value, t.unit)}")
        for o in others:
            text += f"; {goal} needs {_need(o)}"
        if not others and short:
            text += "; " + _short_of(short[0], t, named=len(short) > 1)
        lines.append(text + ".")
        lines += [r.sentence for r in others]
        lines += [r.sentence for r in short[1:]]
    else:
        lines.append("No plan as set: " + "; or ".join(_cap(r.sentence.rstrip("."), lower=True)
                                                        for r in others) + ".")
    unsettled = [r for r in out if not r.settled]
    alone = [r.label for r in out if not r.resolves and r not in short and r not in unsettled]
    if alone:
        lines.append(f"Relaxing {word_list(alone, 'or')} alone is not enough.")
    lines += [r.sentence for r in unsettled]
    return lines


def _short_of(r: Relaxation, target: Any, named: bool = True) -> str:
    """How far relaxing this lever alone gets a target it cannot reach (no leading capital):
    ``target`` is the target's :class:`_Lever` or :class:`Relaxation`; ``named=False``
    says "it" for a lever the sentence has just named."""
    v = _show(target.key, r.reaches, target.unit)
    head = f"without {r.label if named else 'it'}"
    text = {"levers.savings_target": f"{head} the most is {v}",
            "levers.one_off_budget": f"{head} the one-off costs can fall to {v}",
            "objective.budget": f"{head} the horizon can cost {v}",
            "levers.max_reduction_overall": f"{head} the organisation must still shrink by "
                                            f"{v}"}[target.key]
    if r.needs is not None and (r.unit in ("redundancies", "hires")
                                or r.key.startswith("levers.protected_")):
        text += f", with {_need(r)}"
    return text


def _together(built: Built, el: _Elastic, levers: list[_Lever],
              x: np.ndarray | None) -> list[str]:
    """When no lever alone resolves it: how far they must move together."""
    if x is None:
        return ["Even with every lever relaxed there is no plan: the work cannot be staffed "
                "with the pools, attrition, capabilities and structure as they are (check the "
                "demand, the roster and the capabilities)."]
    parts = [_relaxation(built, el, li, lv, x).sentence.rstrip(".")
             for li, lv in enumerate(levers)
             if float(x[el.cols_a[el.owner_a == li]].sum()) >= 1e-6]
    if not parts:
        return ["The scenario is infeasible, but no lever it sets explains it (an "
                "integer-only conflict, or the structure of the pools)."]
    return ["No single lever gives a plan on its own. Relaxed together: " + "; ".join(
        p[0].lower() + p[1:] for p in parts) + "."]


def _team_lines(r: Relaxation, limit: int = 12) -> list[str]:
    """Pool-level detail by team, for experts: a heading, then a line per team."""
    if not r.teams:
        return []
    lines = [f"Where {r.label} gives, by team ({r.unit}):"]
    for t in r.teams[:limit]:
        roles = ", ".join(f"{k} {v:,.1f}" for k, v in list(t["roles"].items())[:4] if k)
        lines.append(f"{t['team']}: {t['amount']:,.1f}" + (f" ({roles})" if roles else ""))
    if len(r.teams) > limit:
        lines.append(f"{len(r.teams) - limit} more teams: "
                     f"{sum(t['amount'] for t in r.teams[limit:]):,.1f} in all")
    return lines


def _cap(text: str, lower: bool = False) -> str:
    """``text`` with its first letter upper case (lower case with ``lower``)."""
    return (text[:1].lower() if lower else text[:1].upper()) + text[1:]


def irreducible_conflict(built: Built) -> list[str]:
    """The constraints of an irreducible infeasible subset, in sentences (for experts)."""
    import highspy

    h = to_highs(built.model)
    h.setOptionValue("presolve", "off")
    h.setOptionValue("iis_strategy", int(highspy.IisStrategy.kIisStrategyIrreducible))
    h.setOptionValue("iis_time_limit", IIS_TIME_LIMIT)
    h.run()
    status, iis = h.getIis()
    rows, cols = list(iis.row_index_), list(iis.col_index_)
    if status != highspy.HighsStatus.kOk or not (rows or cols):
        return []
    meta = built.model.row_meta()
    parts = [_row_words(built, meta.iloc[r]) for r in rows]
    bound_status = list(getattr(iis, "col_bound_", []))
    upper = {int(highspy.IisBoundStatus.kIisBoundStatusUpper),
             int(highspy.IisBoundStatus.kIisBoundStatusBoxed)}
    for k, c in enumerate(cols):
        status_k = int(bound_status[k]) if k < len(bound_status) else -1
        if status_k in upper or status_k == -1:
            parts.append(_bound_words(built, c))
    parts = list(dict.fromkeys(p for p in parts if p))
    return ["These constraints cannot all hold together: " + "; ".join(parts) + "."]


def _period(built: Built, period: object) -> str:
    try:
        return built.data.periods[int(period)]  # type: ignore[call-overload]
    except (TypeError, ValueError, IndexError):
        return ""


def _row_words(built: Built, rec: pd.Series) -> str:
    kind = rec["kind"]
    per = _period(built, rec.get("period"))
    team, role = rec.get("team"), rec.get("role")
    title = _title(built.data, role) if isinstance(role, str) else ""
    if kind == "balance":
        return (f"{title} in {team} can only change through attrition, hiring, redeployment "
                f"or redundancy ({per})")
    if kind == "requirement":
        return f"the work of {title} in {team} needs {rec['value']:,.1f} FTE before AI ({per})"
    if kind == "hub":
        return f"people redeployed as {title} within {team} must land somewhere ({per})"
    if kind == "team_fte":
        lo, up = rec["lower"], rec["upper"]
        bounds = " and ".join(b for b in (f"at least {lo:,.1f}" if lo > 0 else "",
                                          f"at most {up:,.1f}" if np.isfinite(up) else "") if b)
        return f"{team} must have {bounds} FTE ({per})"
    where = " ".join(x for x in (team if isinstance(team, str) else "", title, per) if x)
    return f"{kind.replace('_', ' ')} {where}".strip()


def _bound_words(built: Built, col: int) -> str:
    """Words for a variable bound that a lever set; '' for plain non-negativity."""
    for b in built.model.blocks.values():
        if b.start <= col < b.start + len(b):
            lab = b.index.iloc[col - b.start]
            break
    else:
        return ""
    pools = built.data.pools
    if b.name in ("redundancy", "hire") and "pool" in lab:
        p = pools.iloc[int(lab["pool"])]
        per = built.data.periods[int(lab["period"])]
        if b.name == "redundancy" and p["red_ub"] == 0:
            why = "protected" if p["protected"] else "under the no-redundancy pledge"
            return f"no redundancies for {p['title']} in {p['team']} ({why}, {per})"
        if b.name == "hire" and np.isfinite(p["hire_ub"]):
            return f"at most {p['hire_ub']:,.0f} hires of {p['title']} in {p['team']} ({per})"
    if b.name == "ai" and "capability" in lab:
        p = pools.iloc[int(lab["pool"])]
        return (f"{lab['capability']} can take only its adopted share of {p['title']} work in "
                f"{p['team']}")
    return ""
