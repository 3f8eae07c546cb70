"""The solver routes (``optimise/solvers.py``): HiGHS and PuLP/CBC on models small enough to
solve by hand, their statuses, lazy rows, and MPS export."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pytest

from planner.optimise import solvers
from planner.optimise.lp import LinearModel
from planner.optimise.model import build_model
from planner.optimise.solvers import solve, to_highs, write_mps
from planner.plan.run import LAZY_KINDS, problem_data
from planner.scenario.load import load_scenario
from planner.status import SolveStatus
from tests.conftest import ROOT

BACKENDS = ["highs", "cbc"]


def model(rows: list[tuple[list[float], float, float]], cost: list[float], *,
          upper: list[float] | None = None, integer: bool = False) -> LinearModel:
    """min cost'x subject to lower <= coef'x <= upper for each (coef, lower, upper)."""
    m = LinearModel()
    n = len(cost)
    m.add_vars("x", pd.DataFrame({"j": range(n)}), cost=np.array(cost),
               upper=np.inf if upper is None else np.array(upper), integer=integer)
    coef = np.array([r[0] for r in rows], float)
    rr, cc = np.nonzero(coef)
    m.add_rows(pd.DataFrame({"kind": [f"r{i}" for i in range(len(rows))]}), rr, cc,
               coef[rr, cc], lower=np.array([r[1] for r in rows]),
               upper=np.array([r[2] for r in rows]))
    return m


def cover() -> LinearModel:
    """min x0 + 2 x1 with x0 + x1 >= 3 and x0 <= 2: x = (2, 1), objective 4, the row's
    shadow price 2 (one more unit needed costs one more x1)."""
    return model([([1, 1], 3, np.inf)], [1, 2], upper=[2, np.inf])


@pytest.mark.parametrize("backend", BACKENDS)
def test_both_routes_reach_the_hand_optimum_with_its_shadow_price(backend: str) -> None:
    sol = solve(cover(), backend)
    assert sol.status is SolveStatus.OPTIMAL and sol.backend == backend
    assert sol.objective == pytest.approx(4)
    assert sol.x.tolist() == pytest.approx([2, 1])
    assert sol.row_dual.tolist() == pytest.approx([2])
    assert sol.row_activity.tolist() == pytest.approx([3])


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_infeasible_model_has_no_plan(backend: str) -> None:
    sol = solve(model([([1, 1], 3, np.inf), ([1, 1], -np.inf, 1)], [1, 1]), backend)
    assert sol.status is SolveStatus.INFEASIBLE
    assert sol.x is None and sol.objective is None and sol.message


def test_an_unbounded_model_is_told_apart_from_an_infeasible_one() -> None:
    sol = solve(model([([1, -1], 0, np.inf)], [-1, 0]))
    assert sol.status is SolveStatus.UNBOUNDED and not sol.status.has_plan


@pytest.mark.parametrize("backend", BACKENDS)
def test_integer_mode_gives_whole_numbers(backend: str) -> None:
    m = model([([2], 3, np.inf)], [1], integer=True)
    assert solve(m, backend).x.tolist() == pytest.approx([1.5])  # integrality asked for
    sol = solve(m, backend, integer=True)
    assert sol.x.tolist() == pytest.approx([2]) and sol.objective == pytest.approx(2)
    assert sol.row_dual is None
    if backend == "highs":
        assert sol.mip_gap == pytest.approx(0) and sol.mip_bound == pytest.approx(2)


def test_time_limited_answer_is_feasible_not_optimal() -> None:
    class FakeInfo:
        primal_solution_status = 2

    class FakeHighs:
        def getInfo(self) -> FakeInfo:  # noqa: N802
            return FakeInfo()

    status = solvers._highs_status(FakeHighs(), highspy.HighsModelStatus.kTimeLimit)
    assert status is SolveStatus.FEASIBLE
    FakeInfo.primal_solution_status = 0
    assert solvers._highs_status(FakeHighs(), highspy.HighsModelStatus.kTimeLimit) is (
        SolveStatus.NOT_SOLVED)


def test_highs_takes_only_the_rows_asked_for() -> None:
    m = model([([1, 1], 3, np.inf), ([1, 0], -np.inf, 1)], [1, 2])
    h = to_highs(m, rows=np.array([0]))
    assert h.getNumRow() == 1 and h.getNumCol() == 2
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(3)  # x0 = 3 unconstrained


def test_lazy_rows_give_the_same_optimum_as_the_whole_model() -> None:
    sc = load_scenario(ROOT / "models" / "attrition_only.yaml")
    built = build_model(problem_data(sc))
    whole = solve(built.model)
    lazy = solve(built.model, lazy=LAZY_KINDS)
    assert lazy.objective == pytest.approx(whole.objective, rel=1e-9)
    assert "rows added" in lazy.message
    # Every row holds, including those never passed to HiGHS.
    meta = built.model.row_meta()
    tol = 1e-6 * (1 + meta["upper"].abs().where(meta["upper"].abs() < 1e300, 0))
    assert (lazy.row_activity <= meta["upper"].to_numpy() + tol.to_numpy()).all()


@pytest.mark.parametrize("lazy", [(), ("r1",)])
def test_a_tie_break_solved_second_decides_the_tie_and_counts_in_the_objective(
        lazy: tuple[str, ...]) -> None:
    # x0 and x1 cost 1 each to cover 2 units, x1 at least 1 (the row held back when lazy);
    # x1 also bears a tie-break of 0.01: the answer is x = (1, 1), and the objective counts
    # the tie-break (2.01), so a solve that stopped before the second stage would fail here.
    m = model([([1, 1], 2, 2), ([0, 1], 1, np.inf)], [1.0, 1.01])
    m.tie_break = np.array([0.0, 0.01])
    sol = solve(m, lazy=lazy)
    assert sol.status is SolveStatus.OPTIMAL
    assert sol.x == pytest.approx([1.0, 1.0])
    assert sol.objective == pytest.approx(2.01, rel=1e-12)


def test_a_tie_break_gives_the_optimum_of_the_whole_costs_on_a_scenario() -> None:
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    built = build_model(problem_data(sc))
    m = built.model
    assert m.tie_break is not None and m.tie_break.any()  # unfunded vacancies
    staged = solve(m, lazy=LAZY_KINDS)
    tie, m.tie_break = m.tie_break, None
    at_once = solve(m, lazy=LAZY_KINDS)
    m.tie_break = tie
    assert staged.objective == pytest.approx(at_once.objective, rel=1e-9)
    opened = built.block("vacancy_open").cols
    assert staged.x[opened].sum() == pytest.approx(at_once.x[opened].sum(), abs=1e-6)


def test_mps_export_holds_the_same_model(tmp_path: Path) -> None:
    m = cover()
    path = tmp_path / "model.mps"
    write_mps(m, str(path))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(path))
    assert (h.getNumCol(), h.getNumRow()) == (m.n_cols, m.n_rows)
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(4)
