"""The role and task library, and task hours per team.

The bundled library (``data/library/``) holds roles, task statements with their default
automatability tags, and each role's task mix (share of its hours per task). Job titles are
matched to its roles in :mod:`planner.work.titles`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from planner.errors import InputError, Problem, Severity
from planner.schema import RoleSchema, RoleTaskSchema, TaskSchema
from planner.work.download import file_sha256

PRODUCTIVE_HOURS_PER_FTE = 1650.0
"""Working hours of one FTE in a year, net of leave and holidays [h/FTE/year]."""


def data_dir() -> Path:
    """The bundled data folder (``data/`` at the project root, or the ``data_dir`` setting:
    :data:`planner.settings.DATA_DIR`)."""
    from planner.settings import DATA_DIR

    env = DATA_DIR.value()
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True, eq=False)
class Library:
    """Roles, tasks and task mixes, validated.

    Attributes
    ----------
    roles : DataFrame
        :class:`planner.schema.RoleSchema`.
    tasks : DataFrame
        :class:`planner.schema.TaskSchema`.
    role_tasks : DataFrame
        :class:`planner.schema.RoleTaskSchema`: share of each role's hours per task.
    sources : DataFrame
        Citation of every ``source`` key used by tasks.
    """

    roles: pd.DataFrame
    tasks: pd.DataFrame
    role_tasks: pd.DataFrame
    sources: pd.DataFrame

    def task_mix(self, role_id: str) -> pd.DataFrame:
        """The tasks of one role with their share of its hours and their tags."""
        mix = self.role_tasks[self.role_tasks["role_id"] == role_id]
        if mix.empty:
            raise KeyError(f"role_id: expected a role of the library, found {role_id!r}")
        return mix.merge(self.tasks, on="task_id", how="left")

    def role_names(self) -> dict[str, str]:
        """role_id -> role name."""
        return dict(zip(self.roles["role_id"], self.roles["name"], strict=True))


def validate_table(schema: type[pa.DataFrameModel], frame: pd.DataFrame,
                   file: str) -> pd.DataFrame:
    """`frame` validated by `schema` (every failure at once), as one library file.

    Raises
    ------
    InputError
        ``bad_library`` with the column, the row of `file` (header = 1) and the value of
        each failure (the first 50).
    """
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = [
            Problem("bad_library", Severity.ERROR,
                    f"{r.column}: failed {r.check}, found {r.failure_case!r}",
                    "fix the library file", file=file,
                    row=None if pd.isna(r.index) else int(r.index) + 2, column=r.column)
            for r in exc.failure_cases.head(50).itertuples(index=False)]
        raise InputError(problems) from exc


def load_library(folder: str | os.PathLike[str] | None = None) -> Library:
    """Load and validate a role/task library folder (default: the bundled one).

    The folder holds ``roles.csv``, ``tasks.csv``, ``role_tasks.csv`` and ``sources.csv``.
    Cross-references are checked: every task of a mix exists, every role has a mix, every
    task source is cited. A folder is read once for as long as its files' content stays the
    same (a repeated load hashes the files, about 90 kB for the bundled library).
    """
    p = Path(folder) if folder else data_dir() / "library"
    return _load_library(str(p), tuple(_content_hash(p / f"{name}.csv") for name in FILES))


FILES = ("roles", "tasks", "role_tasks", "sources")
"""The files of a library folder (``NAME.csv``)."""


def _content_hash(path: Path) -> str | None:
    """A file's content hash (a file rewritten within the clock's tick, to the same size,
    still gets a new one); None when the file cannot be read (loading then says why)."""
    try:
        return file_sha256(path)
    except OSError:
        return None


@lru_cache(maxsize=4)
def _load_library(folder: str, content: tuple[str | None, ...]) -> Library:
    """The library of ``folder``, read once per ``content`` (its files' hashes): an edited
    library is read again, an unchanged one is not."""
    p = Path(folder)
    read = {name: pd.read_csv(p / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in FILES}
    roles = read["roles"].assign(
        is_manager=read["roles"]["is_manager"].str.lower().isin({"true", "1", "yes"}),
        typical_annual_cost=pd.to_numeric(read["roles"]["typical_annual_cost"]).astype(float))
    # A library written before roles named their O*NET occupation: no code, not an error.
    soc = roles["onet_soc"] if "onet_soc" in roles else pd.Series(pd.NA, index=roles.index)
    roles["onet_soc"] = soc.replace("", pd.NA).astype("object")
    tasks = read["tasks"].assign(
        automatable_share=pd.to_numeric(read["tasks"]["automatable_share"]).astype(float),
        oversight_hours_per_ai_hour=pd.to_numeric(
            read["tasks"]["oversight_hours_per_ai_hour"]).astype(float))
    if "rationale" not in tasks:
        tasks["rationale"] = pd.NA
    mixes = read["role_tasks"].assign(share=pd.to_numeric(read["role_tasks"]["share"])
                                      .astype(float))
    roles = validate_table(RoleSchema, roles, "roles.csv")
    tasks = validate_table(TaskSchema, tasks, "tasks.csv")
    mixes = validate_table(RoleTaskSchema, mixes, "role_tasks.csv")
    problems = []
    unknown_tasks = set(mixes["task_id"]) - set(tasks["task_id"])
    unknown_roles = set(mixes["role_id"]) - set(roles["role_id"])
    no_mix = set(roles["role_id"]) - set(mixes["role_id"])
    unknown_src = set(tasks["source"]) - set(read["sources"]["source_id"])
    for what, items, file in (("task", unknown_tasks, "role_tasks.csv"),
                              ("role", unknown_roles, "role_tasks.csv"),
                              ("role without a task mix", no_mix, "roles.csv"),
                              ("source", unknown_src, "tasks.csv")):
        if items:
            problems.append(Problem("bad_library", Severity.ERROR,
                                    f"unknown {what}: {', '.join(sorted(items)[:10])}",
                                    "make the library files refer to each other", file=file))
    if problems:
        raise InputError(problems)
    return Library(roles=roles.reset_index(drop=True), tasks=tasks.reset_index(drop=True),
                   role_tasks=mixes.reset_index(drop=True), sources=read["sources"])


def task_hours(roster: pd.DataFrame, library: Library, *, by: str = "team",
               hours_per_fte: float = PRODUCTIVE_HOURS_PER_FTE) -> pd.DataFrame:
    """Annual hours per group and task: FTE x hours per FTE x the role's task share.

    Parameters
    ----------
    roster : DataFrame
        Canonical roster with ``role_id`` filled.
    by : str
        Grouping column (``team``, ``department``, ``cost_center`` ...).
    hours_per_fte : float
        Working hours of one FTE in a year [h/FTE/year].

    Returns
    -------
    DataFrame
        ``by``, ``task_id``, ``hours`` [h/year]; positions without a role are left out.
    """
    frame = roster.dropna(subset=["role_id"])[[by, "role_id", "fte"]]
    grouped = frame.groupby([by, "role_id"], dropna=False, observed=True)["fte"].sum()
    merged = grouped.reset_index().merge(library.role_tasks, on="role_id")
    merged["hours"] = merged["fte"] * merged["share"] * hours_per_fte
    return (merged.groupby([by, "task_id"], dropna=False, observed=True)["hours"].sum()
            .reset_index())
