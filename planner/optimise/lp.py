"""A linear model held as arrays: variable blocks and rows with their metadata.

The builder adds *blocks* of variables and constraints from numpy arrays (never one
scalar at a time), which is what keeps a model with a million variables quick to build.
Solving it is :mod:`planner.optimise.solvers`.
"""

from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

INF = float("inf")



@dataclass
class VarBlock:
    """A block of variables: columns ``start`` to ``start + len(index)``."""

    name: str
    start: int
    index: pd.DataFrame
    """One row per variable: the labels (team, role, period ...)."""

    @property
    def cols(self) -> np.ndarray:
        """Column numbers of the block."""
        return np.arange(self.start, self.start + len(self.index))

    def __len__(self) -> int:
        return len(self.index)


@dataclass
class LinearModel:
    """Minimise c'x subject to row_lower <= A x <= row_upper, col_lower <= x <= col_upper."""

    blocks: dict[str, VarBlock] = field(default_factory=dict)
    col_lower: list[np.ndarray] = field(default_factory=list)
    col_upper: list[np.ndarray] = field(default_factory=list)
    col_cost: list[np.ndarray] = field(default_factory=list)
    col_integer: list[np.ndarray] = field(default_factory=list)
    rows: list[pd.DataFrame] = field(default_factory=list)
    """Row metadata blocks: name, kind, team, role, period, lower, upper, ..."""
    _coo_r: list[np.ndarray] = field(default_factory=list)
    _coo_c: list[np.ndarray] = field(default_factory=list)
    _coo_v: list[np.ndarray] = field(default_factory=list)
    n_cols: int = 0
    n_rows: int = 0
    objective_offset: float = 0.0
    tie_break: np.ndarray | None = None
    """The part of the cost vector that only breaks ties between otherwise equal answers
    (one entry per column, already included in ``col_cost``), or None. HiGHS solves an LP
    first without it and then re-optimises warm from that basis with the whole cost
    (:mod:`planner.optimise.solvers`): the same optimum, but a tiny weight beside costs
    of 1e5 sends the dual simplex on a much longer path when it is there from the start."""

    # Building --------------------------------------------------------------------------
    def add_vars(self, name: str, index: pd.DataFrame, *, lower: float | np.ndarray = 0.0,
                 upper: float | np.ndarray = INF, cost: float | np.ndarray = 0.0,
                 integer: bool = False) -> VarBlock:
        """Add one variable per row of ``index``."""
        n = len(index)
        block = VarBlock(name, self.n_cols, index.reset_index(drop=True))
        self.blocks[name] = block
        self.col_lower.append(np.broadcast_to(np.asarray(lower, float), n).copy())
        self.col_upper.append(np.broadcast_to(np.asarray(upper, float), n).copy())
        self.col_cost.append(np.broadcast_to(np.asarray(cost, float), n).copy())
        self.col_integer.append(np.full(n, integer))
        self.n_cols += n
        return block

    def add_rows(self, meta: pd.DataFrame, rows: np.ndarray, cols: np.ndarray,
                 vals: np.ndarray, *, lower: float | np.ndarray = -INF,
                 upper: float | np.ndarray = INF) -> np.ndarray:
        """Add constraints: ``meta`` has one row per constraint (``name``, ``kind`` ...);
        (rows, cols, vals) are coefficients with ``rows`` local to this block."""
        n = len(meta)
        meta = meta.reset_index(drop=True).copy()
        meta["lower"] = np.broadcast_to(np.asarray(lower, float), n)
        meta["upper"] = np.broadcast_to(np.asarray(upper, float), n)
        meta["row"] = np.arange(self.n_rows, self.n_rows + n)
        self.rows.append(meta)
        self._coo_r.append(np.asarray(rows, np.int64) + self.n_rows)
        self._coo_c.append(np.asarray(cols, np.int64))
        self._coo_v.append(np.asarray(vals, float))
        self.n_rows += n
        return meta["row"].to_numpy()

    def add_coefficients(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> None:
        """Add coefficients to existing rows (absolute row numbers)."""
        self._coo_r.append(np.asarray(rows, np.int64))
        self._coo_c.append(np.asarray(cols, np.int64))
        self._coo_v.append(np.asarray(vals, float))

    # Views -----------------------------------------------------------------------------
    def coo(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The matrix as (rows, cols, values), duplicates merged, sorted by row then column."""
        a = self.arrays()
        cols = np.repeat(np.arange(self.n_cols), np.diff(a["start"]))
        order = np.lexsort((cols, a["index"]))
        return a["index"][order], cols[order], a["value"][order]

    def arrays(self) -> dict[str, np.ndarray]:
        """Column bounds, costs, row bounds and the matrix in CSC form."""
        r = np.concatenate(self._coo_r) if self._coo_r else np.zeros(0, np.int64)
        c = np.concatenate(self._coo_c) if self._coo_c else np.zeros(0, np.int64)
        v = np.concatenate(self._coo_v) if self._coo_v else np.zeros(0)
        keep = v != 0
        r, c, v = r[keep], c[keep], v[keep]
        order = np.lexsort((r, c))
        r, c, v = r[order], c[order], v[order]
        # Merge duplicates (the same variable twice in one row).
        if len(r):
            new = np.ones(len(r), bool)
            new[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
            groups = np.cumsum(new) - 1
            v = np.bincount(groups, weights=v)
            r, c = r[new], c[new]
        start = np.zeros(self.n_cols + 1, np.int64)
        np.cumsum(np.bincount(c, minlength=self.n_cols), out=start[1:])
        meta = self.row_meta()
        return {
            "col_lower": np.concatenate(self.col_lower) if self.col_lower else np.zeros(0),
            "col_upper": np.concatenate(self.col_upper) if self.col_upper else np.zeros(0),
            "col_cost": np.concatenate(self.col_cost) if self.col_cost else np.zeros(0),
            "col_integer": np.concatenate(self.col_integer) if self.col_integer
            else np.zeros(0, bool),
            "row_lower": meta["lower"].to_numpy(float),
            "row_upper": meta["upper"].to_numpy(float),
            "start": start, "index": r, "value": v,
        }

    def row_meta(self) -> pd.DataFrame:
        """All row metadata, in row order."""
        if not self.rows:
            return pd.DataFrame(columns=["name", "kind", "lower", "upper", "row"])
        return pd.concat(self.rows, ignore_index=True)

    def size(self) -> dict[str, int]:
        """Variables, constraints and nonzeros."""
        nnz = int(sum(int((v != 0).sum()) for v in self._coo_v))
        return {"variables": self.n_cols, "constraints": self.n_rows, "nonzeros": nnz}


_MOVED = {"Solution": "planner.optimise.solvers", "solve": "planner.optimise.solvers",
          "solve_highs": "planner.optimise.solvers", "solve_pulp": "planner.optimise.solvers",
          "to_highs": "planner.optimise.solvers", "to_pulp": "planner.optimise.solvers",
          "write_mps": "planner.optimise.solvers", "SolveStatus": "planner.status"}
"""Names this module held before 0.2, kept for one release (PEP 562)."""


def __getattr__(name: str) -> object:
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(f"{__name__}.{name} has moved to {_MOVED[name]}.{name}; the old path goes "
                  "in the next release", DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(_MOVED[name]), name)
