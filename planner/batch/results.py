"""The results table of a sweep: schema, incremental file with resume, and summaries.

One row per run (:data:`COLUMNS` plus one column per swept key path: the columns whose
names hold a dot). Failed, infeasible and killed runs are rows with their status and
message. Rows are written to part files beside the output as they arrive
(``RESULTS.parts/``), consolidated into the output at the end, and read back on the next
start, so an interrupted sweep resumes without redoing the runs it finished.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from planner.errors import PlannerError
from planner.status import RunStatus, has_plan_mask

COLUMNS = ("run_id", "spec_hash", "grid_point", "sample", "status", "message", "objective",
           "total_cost", "fte_before", "fte_after", "redundancies", "hires", "redeployments",
           "attrition", "run_rate_cost_before", "run_rate_cost_after", "savings",
           "one_off_cost", "ai_hours", "assisted_hours", "capacity_freed_hours", "teams_cut",
           "seconds", "solve_seconds", "worker")
"""Fixed columns, in order; parameter columns (key paths) follow ``sample``."""
TEXT = ("spec_hash", "status", "message", "teams_cut", "worker")
INTEGER = ("run_id", "grid_point", "sample")
METRICS = ("total_cost", "fte_after", "redundancies", "savings", "one_off_cost")
"""Figures summarised as percentiles: total cost over the horizon [currency], FTE at the
end [FTE], redundancies [FTE], run-rate savings (start - end) [currency/year], one-off
costs [currency]."""


class ResultsSchema(pa.DataFrameModel):
    """A sweep's results: one row per run (parameter columns are not listed)."""

    run_id: int = pa.Field(ge=0, unique=True)
    spec_hash: str = pa.Field(str_length={"min_value": 1})
    grid_point: int = pa.Field(ge=0)
    sample: int = pa.Field(ge=0)
    status: str = pa.Field(isin=[s.value for s in RunStatus])
    message: str = pa.Field(nullable=True)
    objective: float = pa.Field(nullable=True)
    total_cost: float = pa.Field(nullable=True)
    fte_before: float = pa.Field(nullable=True, ge=0)
    fte_after: float = pa.Field(nullable=True, ge=-1e-6)
    redundancies: float = pa.Field(nullable=True, ge=-1e-6)
    hires: float = pa.Field(nullable=True)
    redeployments: float = pa.Field(nullable=True)
    attrition: float = pa.Field(nullable=True)
    run_rate_cost_before: float = pa.Field(nullable=True)
    run_rate_cost_after: float = pa.Field(nullable=True)
    savings: float = pa.Field(nullable=True)
    one_off_cost: float = pa.Field(nullable=True)
    ai_hours: float = pa.Field(nullable=True)
    assisted_hours: float = pa.Field(nullable=True)
    capacity_freed_hours: float = pa.Field(nullable=True)
    teams_cut: str = pa.Field(nullable=True)
    seconds: float = pa.Field(nullable=True, ge=0)
    solve_seconds: float = pa.Field(nullable=True)
    worker: str = pa.Field(nullable=True)

    class Config:
        strict = False
        coerce = True

    @pa.dataframe_check
    @classmethod
    def plan_figures(cls, df: pd.DataFrame) -> pd.Series:
        """A run with a plan has its figures; a run without one has a message."""
        has_plan = has_plan_mask(df["status"])
        return (~has_plan | df["total_cost"].notna()) & (has_plan | df["message"].notna())


def tidy(rows: list[dict[str, Any]] | pd.DataFrame, spec_hash: str | None = None,
         ) -> pd.DataFrame:
    """Rows as a results table: the fixed columns in order, parameters after ``sample``,
    one dtype per column, sorted by run id."""
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    if spec_hash is not None:
        df["spec_hash"] = spec_hash
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = None
    params = [c for c in df.columns if c not in COLUMNS]
    order = [*COLUMNS[:4], *params, *COLUMNS[4:]]
    df = df[order]
    for c in INTEGER:
        df[c] = pd.to_numeric(df[c]).astype("int64")
    for c in COLUMNS:
        if c in TEXT:  # an empty text is missing (as a CSV file reads it back)
            df[c] = df[c].astype("string").replace("", pd.NA)
        elif c not in INTEGER:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df.sort_values("run_id").reset_index(drop=True)


def validate(df: pd.DataFrame) -> pd.DataFrame:
    """Check a results table against :class:`ResultsSchema` (every failure at once)."""
    return ResultsSchema.validate(df, lazy=True)


def read_results(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A results file (Parquet or CSV, by extension) as a table."""
    p = Path(path)
    frame = pd.read_parquet(p) if p.suffix.lower() == ".parquet" else pd.read_csv(
        p, dtype={c: "string" for c in TEXT})
    return tidy(frame)


def _write(df: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if path.suffix.lower() == ".parquet":
        df.to_parquet(tmp, index=False)
    else:
        df.to_csv(tmp, index=False)
    os.replace(tmp, path)


class ResultsFile:
    """The output of a sweep, written as runs finish and read back to resume.

    Parameters
    ----------
    path : path
        ``.parquet`` or ``.csv``.
    spec_hash : str
        The sweep's hash: rows of another sweep in the file stop the sweep unless
        ``overwrite``.
    flush_rows, flush_seconds : int, float
        A part file is written every this many rows or seconds, whichever comes first.
    """

    def __init__(self, path: str | os.PathLike[str], spec_hash: str, *,
                 overwrite: bool = False, flush_rows: int = 50, flush_seconds: float = 10.0):
        self.path = Path(path)
        if self.path.suffix.lower() not in (".parquet", ".csv"):
            raise PlannerError(f"out: expected a .parquet or .csv file, found "
                               f"{str(self.path)!r}")
        self.parts = self.path.with_name(self.path.name + ".parts")
        self.spec_hash = spec_hash
        self.flush_rows, self.flush_seconds = flush_rows, flush_seconds
        self._buffer: list[dict[str, Any]] = []
        self._last = time.monotonic()
        if overwrite:
            self.path.unlink(missing_ok=True)
            shutil.rmtree(self.parts, ignore_errors=True)
        self.previous = self._read_previous()

    def _read_previous(self) -> pd.DataFrame:
        frames = []
        if self.path.exists():
            frames.append(read_results(self.path))
        if self.parts.exists():
            frames += [tidy(pd.read_parquet(f)) for f in sorted(self.parts.glob("*.parquet"))]
        if not frames:
            return tidy([], self.spec_hash).iloc[0:0]
        df = pd.concat(frames, ignore_index=True)
        other = sorted(set(df["spec_hash"].dropna()) - {self.spec_hash})
        if other:
            raise PlannerError(f"{self.path}: expected results of this sweep (spec hash "
                               f"{self.spec_hash}) to resume, found results of another "
                               f"({', '.join(other)}): choose another output file, or "
                               "start it afresh (overwrite)")
        return tidy(df.drop_duplicates("run_id", keep="last"))

    @property
    def done(self) -> set[int]:
        """Run ids already recorded."""
        return set(self.previous["run_id"].tolist())

    def add(self, row: dict[str, Any]) -> None:
        """Record a row; flush a part file when enough rows or time have gathered."""
        self._buffer.append(row)
        if (len(self._buffer) >= self.flush_rows
                or time.monotonic() - self._last >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as a part file."""
        if not self._buffer:
            return
        self.parts.mkdir(parents=True, exist_ok=True)
        part = self.parts / f"part-{time.time_ns()}.parquet"
        tidy(self._buffer, self.spec_hash).to_parquet(part, index=False)
        self._buffer = []
        self._last = time.monotonic()

    def close(self) -> pd.DataFrame:
        """Consolidate the previous rows and the parts into the output file."""
        self.flush()
        frames = [self.previous]
        if self.parts.exists():
            frames += [tidy(pd.read_parquet(f)) for f in sorted(self.parts.glob("*.parquet"))]
        frames = [f for f in frames if len(f)]
        df = tidy(pd.concat(frames, ignore_index=True) if frames else [], self.spec_hash)
        df = df.drop_duplicates("run_id", keep="last").reset_index(drop=True)
        validate(df)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _write(df, self.path)
        shutil.rmtree(self.parts, ignore_errors=True)
        self.previous = df
        return df


# Summaries -----------------------------------------------------------------------------

def parameter_columns(results: pd.DataFrame) -> list[str]:
    """The swept key paths (columns with a dot in their names)."""
    return [c for c in results.columns if "." in c]


def percentiles(results: pd.DataFrame, by: list[str] | None = None,
                metrics: tuple[str, ...] = METRICS) -> pd.DataFrame:
    """P10, P50 and P90 of each figure over the runs with a plan, per grid point when
    ``by`` names the grid's key paths: one row per (group, figure)."""
    by = [c for c in (by or []) if c in results.columns]
    groups = results.groupby(by, sort=True, dropna=False) if by else [((), results)]
    rows = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        ok = g[has_plan_mask(g["status"])]
        for m in metrics:
            v = ok[m].dropna()
            q = np.percentile(v, [10, 50, 90]) if len(v) else [np.nan] * 3
            rows.append({**dict(zip(by, key, strict=True)), "figure": m, "runs": len(g),
                         "with_plan": len(ok), "p10": q[0], "p50": q[1], "p90": q[2],
                         "mean": float(v.mean()) if len(v) else np.nan})
    return pd.DataFrame(rows)


def team_cuts(results: pd.DataFrame) -> pd.DataFrame:
    """How often each team ends smaller than it started, over the runs with a plan:
    ``team``, ``runs_cut``, ``share`` (0-1), most often cut first."""
    ok = results[has_plan_mask(results["status"])]
    teams = ok["teams_cut"].fillna("").astype(str).str.split("|").explode()
    teams = teams[teams != ""]
    counts = teams.value_counts().rename_axis("team").reset_index(name="runs_cut")
    counts["share"] = counts["runs_cut"] / max(len(ok), 1)
    return counts.sort_values(["runs_cut", "team"], ascending=[False, True]).reset_index(
        drop=True)


def tornado(results: pd.DataFrame, figure: str = "total_cost", *,
            tail: float = 0.2) -> pd.DataFrame:
    """Which inputs move a figure most: for each varied parameter, the median of the
    figure over the runs in the lowest and the highest ``tail`` of that input, their
    difference (``swing``) and the rank correlation, largest swing first."""
    ok = results[has_plan_mask(results["status"])]
    rows = []
    y = ok[figure].astype(float)
    for c in parameter_columns(ok):
        x = pd.to_numeric(ok[c], errors="coerce")
        if x.nunique() < 2:
            continue
        lo_cut, hi_cut = x.quantile(tail), x.quantile(1 - tail)
        low, high = y[x <= lo_cut].median(), y[x >= hi_cut].median()
        rank_corr = x.rank().corr(y.rank()) if y.nunique() > 1 else 0.0
        rows.append({"input": c, "input_low": float(lo_cut), "input_high": float(hi_cut),
                     f"{figure}_at_low": low, f"{figure}_at_high": high,
                     "swing": high - low, "rank_correlation": rank_corr})
    df = pd.DataFrame(rows, columns=["input", "input_low", "input_high", f"{figure}_at_low",
                                     f"{figure}_at_high", "swing", "rank_correlation"])
    return df.reindex(df["swing"].abs().sort_values(ascending=False).index).reset_index(
        drop=True)
