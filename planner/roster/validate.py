"""Structural checks on a canonical roster: identities, reporting lines, FTE and cost.

Each check adds :class:`~planner.errors.Problem` records; none stops at the first
failure. Rows that cannot be part of a roster at all (no id, a duplicate id, no usable
FTE) are left out, and the problem says so: nothing is dropped silently.

Problem codes are stable; ``docs/validation.md`` lists them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from planner.errors import Problem, Severity
from planner.labels import count_of
from planner.roster import tree
from planner.schema import ROSTER_COLUMNS, RosterSchema

LEFT_OUT_CODES = ("malformed_row", "missing_id", "duplicate_id", "fte_unusable",
                  "fte_out_of_range")
"""Codes of the problems that leave a row out of the roster."""

_WHY_LEFT_OUT = {"malformed_row": "more fields than the header",
                 "missing_id": "no position id", "duplicate_id": "a position id used before",
                 "fte_unusable": "an FTE that is not a number",
                 "fte_out_of_range": "an FTE of 0 or less"}
_HOW_WORKED_AROUND = {
    "manager_not_found": "a manager who is not in the roster (planned as a top position)",
    "self_report": "a position reporting to itself (planned as a top position)",
    "cycle": "a reporting cycle (one line cut)",
    "negative_cost": "a negative cost (left blank)",
    "bad_number": "a number that cannot be read (left blank)",
    "bad_value": "a pay period that cannot be read (cost left blank)",
    "fte_out_of_range": "an FTE above 1 for one person (kept as it is)"}


def _counted(counts: Counter[str], words: dict[str, str]) -> str:
    return ", ".join(f"{n:,} with {words.get(code, code.replace('_', ' '))}"
                     for code, n in counts.most_common())


@dataclass(frozen=True)
class RowsLeftOut:
    """What a roster load left out of the roster, and the errors it worked around.

    Attributes
    ----------
    rows_read : int
        Records read from the files (blank lines are not records).
    left_out : tuple of Problem
        One problem per record left out: the one that says why.
    worked_around : tuple of Problem
        Errors on records kept: the loader repaired them as each message says (a missing
        manager makes a top position, a negative cost is left blank).
    """

    rows_read: int
    left_out: tuple[Problem, ...] = ()
    worked_around: tuple[Problem, ...] = ()
    also_on_left_out: tuple[Problem, ...] = ()
    """Errors on records left out besides the one that says why: counted, so the errors of
    a roster add up to those left out, these and those worked around."""

    @property
    def rows_used(self) -> int:
        """Records in the roster."""
        return self.rows_read - len(self.left_out)

    def __bool__(self) -> bool:
        return bool(self.left_out or self.worked_around)

    def statement(self) -> str:
        """One paragraph in a planner's words; empty when nothing was left out or repaired."""
        out = []
        if self.left_out:
            out.append(f"{len(self.left_out):,} of the roster's {count_of(self.rows_read, 'row')} "
                       f"{'was' if len(self.left_out) == 1 else 'were'} left out: "
                       f"{_counted(Counter(p.code for p in self.left_out), _WHY_LEFT_OUT)}.")
            warned = sum(p.severity is not Severity.ERROR for p in self.left_out)
            if warned:
                out.append(f"{warned:,} of them {'is' if warned == 1 else 'are'} left out "
                           "for a warning, not an error.")
            if self.also_on_left_out:
                n = len(self.also_on_left_out)
                out.append(f"Those rows have {n:,} more error{'' if n == 1 else 's'}.")
        if self.worked_around:
            n = len(self.worked_around)
            how = _counted(Counter(p.code for p in self.worked_around), _HOW_WORKED_AROUND)
            out.append(f"{n:,} other error{'' if n == 1 else 's'} "
                       f"{'was' if n == 1 else 'were'} worked around: {how}.")
        return " ".join(out)

    def to_dict(self) -> dict[str, object]:
        """The ``skipped_rows`` block of a plan's summary (JSON-ready)."""
        return {"rows_read": self.rows_read, "rows_used": self.rows_used,
                "rows_skipped": len(self.left_out),
                "reasons": dict(Counter(p.code for p in self.left_out).most_common()),
                "rows": [{"file": p.file, "row": p.row, "code": p.code, "message": p.message}
                         for p in self.left_out],
                "errors_worked_around": len(self.worked_around),
                "worked_around": dict(Counter(p.code for p in self.worked_around)
                                      .most_common()),
                "statement": self.statement()}


def rows_left_out(read: Mapping[str, np.ndarray], roster: pd.DataFrame,
                  problems: Iterable[Problem]) -> RowsLeftOut:
    """Which records read are not in the roster, why, and which errors were worked around.

    Parameters
    ----------
    read : mapping of file -> array of int
        The spreadsheet rows of every record read from each file, malformed ones included.
    roster : DataFrame
        The roster, with ``source_file`` and ``source_row``.
    problems : iterable of Problem
        The load's problems.
    """
    files = roster["source_file"].to_numpy()
    rows = roster["source_row"].to_numpy()
    gone: list[tuple[str, int]] = []
    n_read = 0
    for file, got in read.items():
        got = np.unique(np.asarray(got, dtype="int64"))
        n_read += len(got)
        gone += [(file, int(r)) for r in np.setdiff1d(got, rows[files == file])]
    problems = list(problems)
    why: dict[tuple[str, int], Problem] = {}
    for p in problems:
        if p.row is None:
            continue
        key = (str(p.file), int(p.row))
        best = why.get(key)
        if best is None or (p.code in LEFT_OUT_CODES and best.code not in LEFT_OUT_CODES):
            why[key] = p
    gone_set = set(gone)
    left = tuple(why.get(key) or Problem("left_out", Severity.ERROR, "left out of the roster",
                                         file=key[0], row=key[1]) for key in gone)
    other = tuple(p for p in problems if p.severity is Severity.ERROR and (
        p.row is None or (str(p.file), int(p.row)) not in gone_set))
    reasons = {id(p) for p in left}
    also = tuple(p for p in problems if p.severity is Severity.ERROR and p.row is not None
                 and (str(p.file), int(p.row)) in gone_set and id(p) not in reasons)
    return RowsLeftOut(n_read, left, other, also)


IMPUTE_BASES = ("grade", "role")
"""Columns whose median cost per FTE can fill a missing cost (``grade`` or ``role``)."""


_DERIVED_FROM = {"annual_cost": ("annual_cost", "base_salary", "pay_floor"),
                 "fte": ("fte", "fte_percent"),
                 "position_id": ("position_id", "employee_id"),
                 "manager_position_id": ("manager_position_id", "manager_employee_id")}


def _header(headers: dict[str, dict[str, str]], file: str, canon: str) -> str:
    """The file's header for a canonical field, or for the field it was derived from."""
    cols = headers.get(file, {})
    for field in _DERIVED_FROM.get(canon, (canon,)):
        if field in cols:
            return cols[field]
    return canon


def _problem(df: pd.DataFrame, i: int, headers: dict[str, dict[str, str]], code: str,
             severity: Severity, canon: str | None, message: str, hint: str,
             value: object = None, setting: str | None = None) -> Problem:
    file = str(df["source_file"].iat[i])
    return Problem(code, severity, message, hint, file=file, row=int(df["source_row"].iat[i]),
                   column=_header(headers, file, canon) if canon else None,
                   value=None if value is None else str(value), setting=setting)


def _where(df: pd.DataFrame, i: int) -> str:
    return f"{df['source_file'].iat[i]} row {int(df['source_row'].iat[i])}"


def _reported(df: pd.DataFrame, column: str) -> np.ndarray:
    """The loader's mark of rows whose problem it has already reported (all False when the
    roster did not come through :func:`planner.roster.load.normalise`)."""
    if column not in df:
        return np.zeros(len(df), dtype=bool)
    return df[column].fillna(False).to_numpy(dtype=bool)


def check_roster(roster: pd.DataFrame, headers: dict[str, dict[str, str]] | None = None, *,
                 impute_cost: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a normalised roster and return the rows that form the roster, and the problems.

    Parameters
    ----------
    roster : DataFrame
        Canonical columns with ``source_file`` and ``source_row``.
    headers : dict, optional
        File -> canonical field -> header, to name columns as the file does.
    impute_cost : {"grade", "role"}, optional
        Fill missing costs from the median cost per FTE of the same grade or role.
    """
    headers = headers or {}
    out: list[Problem] = []
    df = roster.reset_index(drop=True)

    # Rows that cannot be positions -----------------------------------------------------
    keep = np.ones(len(df), dtype=bool)
    no_id = df["position_id"].isna().to_numpy()
    for i in np.flatnonzero(no_id):
        out.append(_problem(df, i, headers, "missing_id", Severity.ERROR, "position_id",
                            "position_id: expected an id, found a blank cell; the row is left "
                            "out of the roster", "give every position a unique id"))
    keep &= ~no_id
    ids = df["position_id"].where(keep)
    dup = ids.duplicated(keep="first").to_numpy() & keep
    if dup.any():
        first_at = {}
        for i in np.flatnonzero(keep & ~dup):
            first_at.setdefault(df["position_id"].iat[i], i)
        for i in np.flatnonzero(dup):
            pid = df["position_id"].iat[i]
            out.append(_problem(
                df, i, headers, "duplicate_id", Severity.ERROR, "position_id",
                f"position_id: expected a unique id, found {pid!r} again (first at "
                f"{_where(df, first_at[pid])}); this row is left out of the roster",
                "give each position its own id, or remove the repeated row", pid))
    keep &= ~dup

    fte = df["fte"].to_numpy(dtype=float)
    no_fte = np.isnan(fte) & keep
    # The loader reports an FTE it cannot read on its own cell (fte_unusable, with the
    # value); only a roster that did not come through it is reported here.
    told = _reported(df, "_fte_reported")
    for i in np.flatnonzero(no_fte & ~told):
        out.append(_problem(df, i, headers, "fte_unusable", Severity.ERROR, "fte",
                            "fte: expected a number of full-time equivalents, found none; the "
                            "row is left out of the roster", "write the FTE as a number"))
    nonpos = (fte <= 0) & keep
    for i in np.flatnonzero(nonpos):
        sev = Severity.ERROR if fte[i] < 0 else Severity.WARNING
        out.append(_problem(df, i, headers, "fte_out_of_range", sev, "fte",
                            f"fte: expected a number above 0, found {fte[i]:g}; the row is left "
                            "out of the roster", "remove posts with no FTE, or fix the value",
                            f"{fte[i]:g}"))
    keep &= ~(no_fte | nonpos)
    person_over = (fte > 1.0) & df["employee_id"].notna().to_numpy() & keep & ~df[
        "is_pool"].to_numpy(dtype=bool)
    for i in np.flatnonzero(person_over):
        out.append(_problem(df, i, headers, "fte_out_of_range", Severity.ERROR, "fte",
                            f"fte: expected at most 1 for a position held by one person, found "
                            f"{fte[i]:g}", "split the hours across positions, or leave the "
                            "employee id blank if the row is a pool of posts", f"{fte[i]:g}"))

    df = df[keep].reset_index(drop=True)

    # Reporting lines ---------------------------------------------------------------------
    raw_parent = tree.parent_index(df["position_id"], df["manager_position_id"])
    idx = np.arange(len(df))
    for i in np.flatnonzero(raw_parent == idx):
        out.append(_problem(df, i, headers, "self_report", Severity.ERROR, "manager_position_id",
                            f"manager_position_id: a position cannot report to itself, found "
                            f"{df['position_id'].iat[i]!r}; treated as a top position",
                            "set its real manager, or leave the cell blank for the top post",
                            df["position_id"].iat[i]))
    for i in np.flatnonzero(raw_parent == tree.MISSING):
        m = df["manager_position_id"].iat[i]
        out.append(_problem(df, i, headers, "manager_not_found", Severity.ERROR,
                            "manager_position_id",
                            f"manager_position_id: expected the id of a position in the roster, "
                            f"found {m!r}, which is not one; treated as the top of its own tree",
                            "add the manager's position, correct the id, or load the file that "
                            "holds it together with this one", m))
    hier = tree.resolve(raw_parent)
    pids = df["position_id"].to_numpy()
    for cyc in hier.cycles:
        chain = " -> ".join(str(pids[j]) for j in cyc) + f" -> {pids[cyc[0]]}"
        out.append(_problem(df, cyc[0], headers, "cycle", Severity.ERROR, "manager_position_id",
                            f"reporting cycle: {chain}; the line from {pids[cyc[0]]!r} was cut "
                            "so it is treated as a top position",
                            "correct the manager of one position in the cycle", chain))
    roots = hier.roots
    if len(roots) > 1:
        shown = ", ".join(f"{pids[r]} ({df['job_title'].iat[r]})" for r in roots[:5])
        more = f" and {len(roots) - 5} more" if len(roots) > 5 else ""
        out.append(Problem("multiple_roots", Severity.WARNING,
                           f"{len(roots)} top positions (the org is a forest): {shown}{more}",
                           "legal for several entities; otherwise check for missing managers",
                           file=str(df["source_file"].iat[roots[0]]),
                           row=int(df["source_row"].iat[roots[0]])))

    # Titles, costs, people -----------------------------------------------------------------
    for i in np.flatnonzero(df["job_title"].isna().to_numpy()):
        out.append(_problem(df, i, headers, "blank_title", Severity.WARNING, "job_title",
                            "job_title: expected a title, found a blank cell; the position "
                            "cannot be matched to a role", "fill in the job title"))
    cost = df["annual_cost"].to_numpy(dtype=float)
    for i in np.flatnonzero(cost < 0):
        out.append(_problem(df, i, headers, "negative_cost", Severity.ERROR, "annual_cost",
                            f"annual_cost: expected a cost of 0 or more, found {cost[i]:g}; "
                            "left blank", "correct the sign (credits belong elsewhere)",
                            f"{cost[i]:g}"))
    # A cost left blank because it was negative or unreadable is already reported once.
    told = _reported(df, "_cost_reported") | (cost < 0)
    df["annual_cost"] = df["annual_cost"].where(~(df["annual_cost"] < 0))
    if impute_cost:
        df, imputed = impute_costs(df, impute_cost, headers)
        out.extend(imputed)
    for i in np.flatnonzero(df["annual_cost"].isna().to_numpy() & ~told):
        out.append(_problem(df, i, headers, "missing_cost", Severity.WARNING, "annual_cost",
                            "annual_cost: expected a cost, found none (blank or withheld)",
                            "fill it in, or have missing costs imputed from peers of the same "
                            "grade or role (setting impute_cost)", setting="impute_cost"))

    emp = df["employee_id"]
    multi = emp.notna() & emp.duplicated(keep=False)
    if multi.any():
        totals = df.loc[multi].groupby("employee_id")["fte"].sum()
        for eid, total in totals[totals > 1.0 + 1e-9].items():
            i = int(np.flatnonzero((emp == eid).to_numpy())[1])
            out.append(_problem(df, i, headers, "employee_over_allocated", Severity.WARNING,
                                "employee_id",
                                f"employee_id: {eid!r} holds several positions totalling "
                                f"{total:g} FTE, more than 1", "check the FTE of each of the "
                                "employee's positions", eid))
    currencies = df["currency"].dropna().unique()
    if len(currencies) > 1:
        out.append(Problem("mixed_currency", Severity.WARNING,
                           f"costs are in several currencies: {', '.join(sorted(currencies))}; "
                           "totals add them as they are",
                           "convert costs to one currency before loading"))
    pools = df["is_pool"].to_numpy(dtype=bool)
    if pools.any():
        out.append(Problem("pools", Severity.INFO,
                           f"{int(pools.sum())} row(s) are pools of posts "
                           f"({df['fte'].to_numpy()[pools].sum():.2f} FTE): several posts of "
                           "one job under one manager",
                           "nothing to do; pools are planned by FTE"))
    out.extend(schema_problems(df))
    return df, out


def impute_costs(roster: pd.DataFrame, by: str, headers: dict[str, dict[str, str]] | None = None,
                 ) -> tuple[pd.DataFrame, list[Problem]]:
    """Fill missing costs with the median cost per FTE of the same grade or role x FTE.

    Every imputed row is listed as a ``cost_imputed`` warning with the value used.
    """
    if by not in IMPUTE_BASES:
        raise ValueError(f"impute_cost: expected one of {IMPUTE_BASES}, found {by!r}")
    col = "grade" if by == "grade" else "role_id"
    headers = headers or {}
    df = roster.copy()
    per_fte = df["annual_cost"] / df["fte"]
    medians = per_fte.groupby(df[col]).median()
    missing = df["annual_cost"].isna() & df[col].notna()
    fill = df.loc[missing, col].map(medians) * df.loc[missing, "fte"]
    df.loc[fill.dropna().index, "annual_cost"] = fill.dropna()
    out = []
    for i in fill.dropna().index:
        out.append(_problem(df, int(i), headers, "cost_imputed", Severity.WARNING, "annual_cost",
                            f"annual_cost: imputed {df['annual_cost'].iat[int(i)]:,.0f} from the "
                            f"median cost per FTE of {by} {df[col].iat[int(i)]!r}",
                            "replace it with the real cost when known"))
    return df, out


def schema_problems(roster: pd.DataFrame) -> list[Problem]:
    """Validate against :class:`RosterSchema` lazily; each failure becomes a problem."""
    frame = roster[list(ROSTER_COLUMNS)]
    try:
        RosterSchema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        for rec in exc.failure_cases.head(1000).itertuples(index=False):
            idx = getattr(rec, "index", None)
            file = row = None
            if idx is not None and not pd.isna(idx) and int(idx) < len(frame):
                file = str(frame["source_file"].iat[int(idx)])
                row = int(frame["source_row"].iat[int(idx)])
            out.append(Problem("schema", Severity.ERROR,
                               f"{rec.column}: failed {rec.check}, found {rec.failure_case!r}",
                               "report this: the loader should have caught it earlier",
                               file=file, row=row, column=rec.column))
        return out
    return []
