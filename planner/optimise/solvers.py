"""The routes from a :class:`~planner.optimise.lp.LinearModel` to a solver, and back.

The model's arrays go either straight to HiGHS through highspy (the default), or into PuLP
for CBC and any other solver PuLP knows; tests prove both routes reach the same optimum.
Each route maps its solver's status onto :class:`~planner.status.SolveStatus` and answers
with a :class:`Solution`. :func:`write_mps` is the one function here that touches a file,
and only the path its caller gives (``planner run --export-model``).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np

from planner.optimise.lp import INF, LinearModel
from planner.status import SolveStatus


@dataclass
class Solution:
    """A solver's answer on a :class:`LinearModel`."""

    status: SolveStatus
    objective: float | None
    x: np.ndarray | None
    row_dual: np.ndarray | None = None
    col_dual: np.ndarray | None = None
    row_activity: np.ndarray | None = None
    seconds: float = 0.0
    backend: str = ""
    mip_gap: float | None = None
    mip_bound: float | None = None
    message: str = ""
    highs: object | None = None
    """The ``highspy.Highs`` object that solved the LP (HiGHS LP only), kept warm for
    :mod:`planner.optimise.whole` to re-solve from its basis."""
    highs_rows: np.ndarray | None = None
    """The model row of each of ``highs``'s rows (lazy rows are added in the order found)."""


def _highs_status(h, model_status) -> SolveStatus:  # noqa: ANN001
    import highspy

    s = highspy.HighsModelStatus
    if model_status == s.kOptimal:
        return SolveStatus.OPTIMAL
    if model_status == s.kInfeasible:
        return SolveStatus.INFEASIBLE
    if model_status == s.kUnbounded:
        return SolveStatus.UNBOUNDED
    if model_status == s.kUnboundedOrInfeasible:
        return SolveStatus.INFEASIBLE
    info = h.getInfo()
    if info.primal_solution_status == 2:  # a feasible point at a limit
        return SolveStatus.FEASIBLE
    return SolveStatus.NOT_SOLVED


def to_highs(model: LinearModel, *, time_limit: float | None = None, gap: float = 1e-4,
             integer: bool = False, threads: int = 1,
             rows: np.ndarray | None = None,
             without_tie_break: bool = False):  # noqa: ANN201
    """A ready-to-run ``highspy.Highs`` object holding the model (or only ``rows`` of it;
    with ``without_tie_break``, its costs less ``model.tie_break``)."""
    import highspy

    a = model.arrays()
    index, value, start = a["index"], a["value"], a["start"]
    row_lower, row_upper = a["row_lower"], a["row_upper"]
    n_rows = model.n_rows
    if rows is not None:
        keep = np.zeros(model.n_rows, bool)
        keep[rows] = True
        new_id = np.cumsum(keep) - 1
        entry = keep[index]
        cols = np.repeat(np.arange(model.n_cols), np.diff(start))[entry]
        index, value = new_id[index[entry]], value[entry]
        start = np.zeros(model.n_cols + 1, np.int64)
        np.cumsum(np.bincount(cols, minlength=model.n_cols), out=start[1:])
        row_lower, row_upper = row_lower[keep], row_upper[keep]
        n_rows = int(keep.sum())
    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = a["col_cost"] - model.tie_break if without_tie_break else a["col_cost"]
    lp.col_lower_ = a["col_lower"]
    lp.col_upper_ = a["col_upper"]
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.offset_ = model.objective_offset
    if integer and a["col_integer"].any():
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                           for i in a["col_integer"]]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", gap)
    if time_limit:
        h.setOptionValue("time_limit", float(time_limit))
    h.passModel(lp)
    return h


def _staged(model: LinearModel, integer: bool) -> bool:
    """Whether an LP is solved in two stages: without ``model.tie_break``, then
    re-optimised warm with it (see :class:`~planner.optimise.lp.LinearModel`)."""
    return not integer and model.tie_break is not None and bool(model.tie_break.any())


def _with_tie_break(h, model: LinearModel) -> None:  # noqa: ANN001
    """Give a ``highspy.Highs`` built ``without_tie_break`` the model's whole costs (its
    basis kept, so the next ``run`` starts from the answer without them)."""
    cost = np.concatenate(model.col_cost)
    h.changeColsCost(model.n_cols, np.arange(model.n_cols, dtype=np.int32), cost)


def _violated(act: np.ndarray, lo: np.ndarray, up: np.ndarray) -> np.ndarray:
    tol = 1e-7 * np.maximum(1.0, np.maximum(np.abs(np.where(np.isfinite(lo), lo, 0)),
                                            np.abs(np.where(np.isfinite(up), up, 0))))
    return (act < lo - tol) | (act > up + tol)


def solve_highs(model: LinearModel, *, time_limit: float | None = None, gap: float = 1e-4,
                integer: bool = False, lazy: tuple[str, ...] = ()) -> Solution:
    """Solve with HiGHS, fed the arrays directly.

    ``lazy`` names row kinds to hold back (LP only): the model is solved without them, the
    ones the answer violates are added, and HiGHS re-solves from its basis, until none is
    violated. The answer is then optimal for the whole model (the rows held back hold and
    have a zero dual). Rarely binding families (spans, team bounds, reduction caps) make
    large models much quicker to solve this way.
    """
    meta = model.row_meta()
    held = meta["kind"].isin(lazy).to_numpy().copy() if lazy and not integer else np.zeros(
        model.n_rows, bool)
    if held.any():
        return _solve_highs_lazy(model, held, time_limit=time_limit, gap=gap)
    return _solve_highs_full(model, time_limit=time_limit, gap=gap, integer=integer)


def _solve_highs_lazy(model: LinearModel, held: np.ndarray, *, time_limit: float | None,
                      gap: float) -> Solution:
    import highspy

    t0 = time.perf_counter()
    active = np.flatnonzero(~held)
    staged = _staged(model, False)  # costs without the tie-break until the rows hold
    h = to_highs(model, time_limit=time_limit, gap=gap, rows=active, without_tie_break=staged)
    order = list(active)  # model row of each HiGHS row
    r, c, v = model.coo()
    row_start = np.searchsorted(r, np.arange(model.n_rows + 1))
    a = model.arrays()
    lo, up = a["row_lower"], a["row_upper"]
    rounds = iterations = 0
    while True:
        h.run()
        rounds += 1
        iterations += int(h.getInfo().simplex_iteration_count)
        if h.getModelStatus() == highspy.HighsModelStatus.kUnboundedOrInfeasible:
            return _solve_highs_full(model, time_limit=time_limit, gap=gap, integer=False)
        status = _highs_status(h, h.getModelStatus())
        if not status.has_plan or status is SolveStatus.FEASIBLE:
            # Infeasible without some rows is infeasible with them; anything unusual is
            # settled by the whole model.
            if status is SolveStatus.INFEASIBLE:
                return Solution(status, None, None, seconds=time.perf_counter() - t0,
                                backend="highs", message=h.modelStatusToString(
                                    h.getModelStatus()))
            return _solve_highs_full(model, time_limit=time_limit, gap=gap, integer=False)
        x = np.asarray(h.getSolution().col_value)
        act = np.bincount(r, weights=v * x[c], minlength=model.n_rows)
        add = np.flatnonzero(held & _violated(act, lo, up))
        if len(add) == 0 and staged:
            _with_tie_break(h, model)
            staged = False
            continue
        if len(add) == 0:
            break
        starts = np.concatenate([[0], np.cumsum(row_start[add + 1] - row_start[add])[:-1]])
        idx = np.concatenate([np.arange(row_start[i], row_start[i + 1]) for i in add])
        h.addRows(len(add), lo[add], up[add], len(idx), starts.astype(np.int32),
                  c[idx].astype(np.int32), v[idx])
        held[add] = False
        order.extend(add.tolist())
    sol = h.getSolution()
    info = h.getInfo()
    dual = np.zeros(model.n_rows)
    dual[np.array(order)] = np.asarray(sol.row_dual)
    return Solution(status=SolveStatus.OPTIMAL, objective=float(info.objective_function_value),
                    x=x, row_dual=dual, col_dual=np.asarray(sol.col_dual), row_activity=act,
                    seconds=time.perf_counter() - t0, backend="highs",
                    message=f"{h.modelStatusToString(h.getModelStatus())} ({rounds} round(s), "
                    f"{int((~held).sum()) - len(active)} rows added, {iterations:,} simplex "
                    "iterations)", highs=h, highs_rows=np.array(order, np.int64))


def _solve_highs_full(model: LinearModel, *, time_limit: float | None = None,
                      gap: float = 1e-4, integer: bool = False) -> Solution:
    """Solve the whole model with HiGHS."""
    t0 = time.perf_counter()
    import highspy

    staged = _staged(model, integer)
    h = to_highs(model, time_limit=time_limit, gap=gap, integer=integer,
                 without_tie_break=staged)
    h.run()
    if staged and h.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
        # Costs never change feasibility; otherwise re-optimise warm with the tie-break.
        _with_tie_break(h, model)
        h.run()
    if h.getModelStatus() == highspy.HighsModelStatus.kUnboundedOrInfeasible:
        # Presolve could not tell which: solve again without it to find out.
        h.setOptionValue("presolve", "off")
        h.run()
    status = _highs_status(h, h.getModelStatus())
    seconds = time.perf_counter() - t0
    if not status.has_plan:
        return Solution(status, None, None, seconds=seconds, backend="highs",
                        message=h.modelStatusToString(h.getModelStatus()))
    sol = h.getSolution()
    info = h.getInfo()
    is_mip = integer and any(np.concatenate(model.col_integer)) if model.col_integer else False
    return Solution(
        status=status, objective=float(info.objective_function_value),
        x=np.asarray(sol.col_value), seconds=seconds, backend="highs",
        row_dual=None if is_mip else np.asarray(sol.row_dual),
        col_dual=None if is_mip else np.asarray(sol.col_dual),
        row_activity=np.asarray(sol.row_value),
        mip_gap=float(info.mip_gap) if is_mip else None,
        mip_bound=float(info.mip_dual_bound) if is_mip else None,
        message=h.modelStatusToString(h.getModelStatus()),
        highs=None if is_mip else h,
        highs_rows=None if is_mip else np.arange(model.n_rows, dtype=np.int64))


def to_pulp(model: LinearModel, *, integer: bool = False):  # noqa: ANN201
    """The same model as a ``pulp.LpProblem`` (for CBC and other PuLP solvers)."""
    import pulp

    a = model.arrays()
    prob = pulp.LpProblem("planner", pulp.LpMinimize)
    xs = []
    for j in range(model.n_cols):
        lo, up = a["col_lower"][j], a["col_upper"][j]
        cat = pulp.LpInteger if integer and a["col_integer"][j] else pulp.LpContinuous
        xs.append(prob.add_variable(f"x{j}", None if lo == -INF else lo,
                                    None if up == INF else up, cat=cat))
    cost = a["col_cost"]
    prob += pulp.LpAffineExpression([(xs[j], cost[j]) for j in np.flatnonzero(cost)]) + (
        model.objective_offset)
    # Row-wise coefficients from the CSC arrays.
    cols = np.repeat(np.arange(model.n_cols), np.diff(a["start"]))
    order = np.argsort(a["index"], kind="stable")
    rows_sorted, cols_sorted, vals_sorted = a["index"][order], cols[order], a["value"][order]
    bounds = np.searchsorted(rows_sorted, np.arange(model.n_rows + 1))
    for i in range(model.n_rows):
        s, e = bounds[i], bounds[i + 1]
        expr = pulp.LpAffineExpression(
            [(xs[c], v) for c, v in zip(cols_sorted[s:e], vals_sorted[s:e], strict=True)])
        lo, up = a["row_lower"][i], a["row_upper"][i]
        if lo == up:
            prob += (expr == lo, f"r{i}")
        else:
            if lo != -INF:
                prob += (expr >= lo, f"r{i}_lo")
            if up != INF:
                prob += (expr <= up, f"r{i}_up")
    return prob, xs


def solve_pulp(model: LinearModel, backend: str = "cbc", *, time_limit: float | None = None,
               gap: float = 1e-4, integer: bool = False) -> Solution:
    """Solve through PuLP with CBC (``cbc``) or another PuLP solver by name."""
    import pulp

    t0 = time.perf_counter()
    prob, xs = to_pulp(model, integer=integer)
    if backend == "cbc":
        with warnings.catch_warnings():
            # The bundled CBC is deprecated for PuLP 4 (hence pulp<4 in pyproject.toml).
            warnings.simplefilter("ignore", DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap)
    else:
        solver = pulp.getSolver(backend, msg=False)
    prob.solve(solver)
    seconds = time.perf_counter() - t0
    if prob.status == pulp.LpStatusOptimal:
        status = (SolveStatus.FEASIBLE if prob.sol_status == pulp.LpSolutionIntegerFeasible
                  else SolveStatus.OPTIMAL)
    else:
        status = {pulp.LpStatusInfeasible: SolveStatus.INFEASIBLE,
                  pulp.LpStatusUnbounded: SolveStatus.UNBOUNDED}.get(prob.status,
                                                                     SolveStatus.NOT_SOLVED)
    if not status.has_plan:
        return Solution(status, None, None, seconds=seconds, backend=backend,
                        message=pulp.LpStatus[prob.status])
    x = np.array([v.value() or 0.0 for v in xs])
    duals = None
    if not integer:
        duals = np.zeros(model.n_rows)
        for c in prob.constraints():
            if c.pi is not None:
                duals[int(c.name[1:].split("_")[0])] += c.pi
    r, c, v = model.coo()
    act = np.bincount(r, weights=v * x[c], minlength=model.n_rows)
    return Solution(status, float(pulp.value(prob.objective) or 0.0), x, row_dual=duals,
                    row_activity=act, seconds=seconds, backend=backend,
                    message=pulp.LpStatus[prob.status])


def solve(model: LinearModel, backend: str = "highs", *, time_limit: float | None = None,
          gap: float = 1e-4, integer: bool = False, lazy: tuple[str, ...] = ()) -> Solution:
    """Solve on a backend: ``highs`` (arrays to highspy), ``cbc`` or another PuLP solver.

    ``lazy`` row kinds are held back and added when violated (HiGHS, LP only).
    """
    if backend == "highs":
        return solve_highs(model, time_limit=time_limit, gap=gap, integer=integer, lazy=lazy)
    return solve_pulp(model, backend, time_limit=time_limit, gap=gap, integer=integer)


def write_mps(model: LinearModel, path: str, *, integer: bool = False) -> None:
    """Write the model as an MPS file at ``path`` (through HiGHS).

    The only file this package writes, and only where its caller asks.
    """
    h = to_highs(model, integer=integer)
    h.writeModel(str(path))
