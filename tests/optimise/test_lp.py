"""The array model (``optimise/lp.py``): blocks of variables and rows, their metadata, and
the matrix they make."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.optimise import lp
from planner.optimise.lp import INF, LinearModel


def two_by_two() -> LinearModel:
    """x0 + x1 >= 1 and x0 - x1 = 0 over two blocks of one variable each."""
    m = LinearModel()
    m.add_vars("a", pd.DataFrame({"pool": [0]}), upper=5.0, cost=1.0)
    m.add_vars("b", pd.DataFrame({"pool": [1]}), lower=-1.0, integer=True)
    m.add_rows(pd.DataFrame({"kind": ["cover"], "team": ["T"]}), [0, 0], [0, 1], [1.0, 1.0],
               lower=1.0)
    m.add_rows(pd.DataFrame({"kind": ["tie"]}), [0, 0], [0, 1], [1.0, -1.0], lower=0.0,
               upper=0.0)
    return m


def test_blocks_number_their_columns_in_order() -> None:
    m = LinearModel()
    a = m.add_vars("a", pd.DataFrame({"pool": [0, 1, 2]}, index=[7, 8, 9]))
    b = m.add_vars("b", pd.DataFrame({"pool": [0, 1]}))
    assert (a.start, len(a), b.start, len(b), m.n_cols) == (0, 3, 3, 2, 5)
    assert a.cols.tolist() == [0, 1, 2] and b.cols.tolist() == [3, 4]
    assert a.index.index.tolist() == [0, 1, 2]  # labels kept, positions renumbered
    assert m.blocks == {"a": a, "b": b}


def test_bounds_costs_and_integrality_broadcast_per_block() -> None:
    a = two_by_two().arrays()
    assert a["col_lower"].tolist() == [0.0, -1.0]
    assert a["col_upper"].tolist() == [5.0, INF]
    assert a["col_cost"].tolist() == [1.0, 0.0]
    assert a["col_integer"].tolist() == [False, True]


def test_rows_are_local_to_their_block_and_carry_their_metadata() -> None:
    m = two_by_two()
    meta = m.row_meta()
    assert meta[["kind", "lower", "upper", "row"]].values.tolist() == [
        ["cover", 1.0, INF, 0], ["tie", 0.0, 0.0, 1]]
    assert meta["team"].tolist()[0] == "T" and pd.isna(meta["team"].tolist()[1])
    r, c, v = m.coo()
    assert list(zip(r.tolist(), c.tolist(), v.tolist(), strict=True)) == [
        (0, 0, 1.0), (0, 1, 1.0), (1, 0, 1.0), (1, 1, -1.0)]
    assert m.size() == {"variables": 2, "constraints": 2, "nonzeros": 4}


def test_the_matrix_merges_duplicates_and_drops_zeros() -> None:
    m = two_by_two()
    m.add_coefficients(np.array([0, 1]), np.array([0, 0]), np.array([2.0, -1.0]))
    a = m.arrays()
    # Column 0: row 0 has 1 + 2; row 1 has 1 - 1, kept as a 0 (zeros go before merging).
    cols = np.repeat(np.arange(m.n_cols), np.diff(a["start"]))
    entries = dict(zip(zip(a["index"].tolist(), cols.tolist(), strict=True),
                       a["value"].tolist(), strict=True))
    assert entries[(0, 0)] == 3.0 and entries[(1, 0)] == 0.0
    m.add_coefficients(np.array([0]), np.array([1]), np.array([0.0]))
    assert m.arrays()["index"].size == a["index"].size  # an explicit zero adds nothing
    assert a["start"].tolist() == [0, 2, 4]


def test_an_empty_model_has_empty_arrays() -> None:
    m = LinearModel()
    a = m.arrays()
    assert m.row_meta().empty and list(m.row_meta().columns) == ["name", "kind", "lower",
                                                                 "upper", "row"]
    assert a["start"].tolist() == [0] and a["index"].size == a["col_cost"].size == 0


@pytest.mark.parametrize("name", ["solve", "Solution", "to_highs", "write_mps", "SolveStatus"])
def test_the_solver_names_answer_at_their_old_path_for_one_release(name: str) -> None:
    from planner import status
    from planner.optimise import solvers

    with pytest.warns(DeprecationWarning, match=f"lp.{name} has moved"):
        old = getattr(lp, name)
    assert old is getattr(status if name == "SolveStatus" else solvers, name)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        lp.nothing  # noqa: B018
