"""From export files to the canonical roster, reporting every problem in one pass.

The steps: read each file as text (:mod:`planner.roster.readers`), pick its preset or
use the user's mapping (:mod:`planner.roster.presets`), map its columns to the canonical
fields, parse values (:mod:`planner.roster.parse`), derive what the export leaves out
(names from first/last, cost from salary, managers from employee ids), then check the
whole roster (:mod:`planner.roster.validate`). Every row read ends up in the roster or in the
report.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from planner.domain import EmploymentType
from planner.errors import InputError, Problem, Severity, ValidationReport
from planner.roster.parse import (
    MISSING_TOKENS,
    TEXT_MISSING_TOKENS,
    clean_text,
    parse_bool,
    parse_date,
    parse_number,
)
from planner.roster.presets import (
    INPUT_FIELDS,
    PRESETS,
    Preset,
    UserMapping,
    detect_preset,
    guess_mapping,
    load_mapping,
    presets_named,
)
from planner.roster.readers import RawTable, read_table
from planner.schema import ROSTER_COLUMNS
from planner.work.library import Library
from planner.work.matching import match_roles
from planner.work.titles import TitleOverrides

if TYPE_CHECKING:
    from planner.roster.validate import RowsLeftOut

HOURS_PER_YEAR = 1950.0
"""Paid hours in a full-time year (37.5 h x 52 weeks), to annualise hourly pay [h/year]."""
PAY_PERIODS: dict[str, float] = {
    "year": 1.0, "annual": 1.0, "annually": 1.0, "yearly": 1.0, "salary": 1.0, "": 1.0,
    "month": 12.0, "monthly": 12.0, "week": 52.0, "weekly": 52.0,
    "fortnight": 26.0, "biweekly": 26.0, "hour": HOURS_PER_YEAR, "hourly": HOURS_PER_YEAR,
}
"""Multipliers from a pay period to a year."""

EMPLOYMENT_TYPES: dict[str, EmploymentType] = {
    "permanent": EmploymentType.PERMANENT, "regular": EmploymentType.PERMANENT,
    "full-time": EmploymentType.PERMANENT, "full time": EmploymentType.PERMANENT,
    "part-time": EmploymentType.PERMANENT, "part time": EmploymentType.PERMANENT,
    "employee": EmploymentType.PERMANENT, "fte": EmploymentType.PERMANENT,
    "fixed term": EmploymentType.FIXED_TERM, "fixed-term": EmploymentType.FIXED_TERM,
    "fixed_term": EmploymentType.FIXED_TERM, "ftc": EmploymentType.FIXED_TERM,
    "temporary": EmploymentType.TEMPORARY, "temp": EmploymentType.TEMPORARY,
    "seasonal": EmploymentType.TEMPORARY, "casual": EmploymentType.TEMPORARY,
    "contractor": EmploymentType.CONTRACTOR, "contingent worker": EmploymentType.CONTRACTOR,
    "contingent": EmploymentType.CONTRACTOR, "contract": EmploymentType.CONTRACTOR,
    "consultant": EmploymentType.CONTRACTOR, "freelance": EmploymentType.CONTRACTOR,
    "intern": EmploymentType.INTERN, "internship": EmploymentType.INTERN,
    "apprentice": EmploymentType.INTERN, "trainee": EmploymentType.INTERN,
    "other": EmploymentType.OTHER,
}
"""Normalisation of the employment types exports use."""

_ROOT_MARKERS = {"xx", "x", "none", "n/a", "top", "root", "0"}

VACANT_NAMES = frozenset({"vacant", "vacancy", "vacant post", "not in post", "open", "tbh",
                          "to be hired"})
"""What an export writes in the name of a post held by no one."""
ORGANOGRAM_VACANT_NAMES = VACANT_NAMES | {"eliminated"}
"""A UK organogram's names of posts held by no one: the guidance writes "Vacant" for a post
being filled and "Eliminated" for one removed since the last publication (which has no
holder either). "N/D" is a name not disclosed (a held post whose holder is not named), so it
is not among them."""
ORGANOGRAM_VACANT_TITLE = r"\b(?:vacant|vacancy|not in post)\b"
"""A UK organogram's job title that marks its post as held by no one ("Vacant - Head of
Policy")."""
HOLDER_FIELDS = ("employee_id", "name", "first_name", "last_name")
"""Fields that say who holds a post: a file with one of them says which posts are vacant."""


@dataclass(frozen=True)
class FileInfo:
    """How one file was read: which preset, which header fed which field."""

    file: str
    preset: str
    encoding: str
    delimiter: str
    records: int
    columns: dict[str, str] = field(default_factory=dict)
    """Canonical field -> header in the file."""
    unused_columns: tuple[str, ...] = ()
    """Headers in the file that no field uses (reported, not an error)."""
    holders_known: bool = True
    """Whether the file says who holds each post (an employee id or name column, or a UK
    organogram). When not, whether a post is held or vacant is unknown, not vacant."""


@dataclass(frozen=True)
class LoadResult:
    """A loaded roster with everything the loader found.

    Attributes
    ----------
    roster : DataFrame
        The canonical roster (:class:`planner.schema.RosterSchema`).
    report : ValidationReport
        Every problem, with file, row, column, code, message and hint.
    files : tuple of FileInfo
        How each file was read.
    matches : DataFrame, optional
        Job title -> role matches (:func:`planner.work.titles.match_titles`) when a library was
        given.
    """

    roster: pd.DataFrame
    report: ValidationReport
    files: tuple[FileInfo, ...]
    matches: pd.DataFrame | None = None
    left_out: RowsLeftOut | None = None
    """Records read but not in the roster, and errors worked around
    (:mod:`planner.roster.validate`)."""

    def is_valid(self, strict: bool = False) -> bool:
        """True when the report has no errors (and, if ``strict``, no warnings)."""
        return self.report.is_valid(strict)


def _choose_preset(table: RawTable, preset: str | None,
                   mapping: UserMapping | None) -> Preset:
    headers = list(table.frame.columns)
    if mapping is not None:
        return mapping.preset
    if preset:
        return detect_preset(headers, table.file, presets_named(preset)) if preset in (
            "uk_organogram",) else presets_named(preset)[0]
    return detect_preset(headers, table.file, PRESETS)


def _map_columns(table: RawTable, preset: Preset) -> tuple[pd.DataFrame, dict[str, str]]:
    """Canonical input fields as text columns, plus lineage columns ``_file``, ``_row``."""
    resolved = preset.resolve(table.frame.columns)
    n = len(table.frame)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for canon in INPUT_FIELDS:
        if canon in resolved:
            out[canon] = table.frame[resolved[canon]].astype("str").to_numpy()
        elif canon in preset.defaults:
            out[canon] = preset.defaults[canon]
    out["_file"] = table.file
    out["_row"] = table.rows.to_numpy()
    out["_preset"] = preset.name
    if preset.family == "uk_organogram" and "position_id" not in resolved:
        # Junior organogram rows are FTE pools with no post reference of their own.
        out["position_id"] = Path(table.file).stem + "#" + out["_row"].astype(str)
    return out, resolved


def _namespace_organograms(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix post references with their organisation when several bodies are read together.

    Post references are unique only within one body (``1`` is the top post of many).
    """
    fam = frame["_preset"] == "uk_organogram"
    if not fam.any() or "department" not in frame:
        return frame
    orgs = frame.loc[fam, "department"].fillna("").str.strip()
    if orgs.nunique() <= 1:
        return frame
    frame = frame.copy()
    prefix = orgs + "/"
    for col in ("position_id", "manager_position_id"):
        val = frame.loc[fam, col].fillna("").str.strip()
        keep = val.str.lower().isin(_ROOT_MARKERS | {""})
        frame.loc[fam, col] = val.where(keep, prefix + val)
    return frame


class _Problems:
    """Collects problems, naming columns by the header each file used."""

    def __init__(self, frame: pd.DataFrame, headers: dict[str, dict[str, str]]):
        self.frame = frame
        self.headers = headers
        self.items: list[Problem] = []

    def header(self, file: str, canon: str | None) -> str | None:
        if canon is None:
            return None
        return self.headers.get(file, {}).get(canon, canon)

    def rows(self, mask: pd.Series | np.ndarray, code: str, severity: Severity, canon: str | None,
             message: str, hint: str, values: pd.Series | None = None) -> None:
        """Add one problem per row where ``mask`` is true; ``{value}`` in message is filled."""
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        files = self.frame["_file"].to_numpy()[m]
        rows = self.frame["_row"].to_numpy()[m]
        vals = (values.to_numpy()[m] if values is not None else [None] * int(m.sum()))
        for f, r, v in zip(files, rows, vals, strict=True):
            shown = None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
            self.items.append(Problem(code, severity, message.format(value=shown), hint,
                                      file=str(f), row=int(r), column=self.header(str(f), canon),
                                      value=shown))

    def add(self, problem: Problem) -> None:
        self.items.append(problem)


def _text(frame: pd.DataFrame, canon: str,
          missing: frozenset[str] = MISSING_TOKENS) -> pd.Series:
    if canon not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    return clean_text(frame[canon], missing=missing)


MONEY_EXAMPLE = "45000 or 45,000.50 (k and m suffixes are fine)"


def _number(frame: pd.DataFrame, canon: str, probs: _Problems, expected: str,
            example: str = MONEY_EXAMPLE, *, code: str = "bad_number",
            consequence: str = "left blank") -> tuple[pd.Series, pd.Series]:
    """A numeric column parsed, and where its cells could not be read.

    A cell that is not a number is one error (``code``) that says what follows from it
    (``consequence``), with a hint giving an ``example`` of the field's own kind (an FTE is
    not written like a salary).
    """
    if canon not in frame:
        return (pd.Series(np.nan, index=frame.index, dtype="float64"),
                pd.Series(False, index=frame.index))
    parsed, bad = parse_number(frame[canon])
    probs.rows(bad, code, Severity.ERROR, canon,
               f"{canon}: expected {expected}, found {{value!r}}; {consequence}",
               f"write a plain number such as {example}", frame[canon])
    return parsed, pd.Series(np.asarray(bad, dtype=bool), index=frame.index)


def holders_known(resolved: dict[str, str] | Sequence[str], preset: Preset) -> bool:
    """Whether a file says who holds each post: an employee id or a name column, or a UK
    organogram (whose senior file names post-holders and marks vacancies)."""
    return preset.family == "uk_organogram" or any(c in resolved for c in HOLDER_FIELDS)


def _without_root_markers(refs: pd.Series, ids: pd.Series) -> pd.Series:
    """Manager references with the root markers (``None``, ``0`` ...) blanked, except a
    marker that is itself one of ``ids``. Asks ``ids`` about the few markers used only (a
    text ``isin`` makes a Python scalar of every value it looks for)."""
    root = refs.fillna("").str.lower().isin(_ROOT_MARKERS)
    used = refs[root].unique()
    marker_ids = ids[ids.isin(used)].unique() if len(used) else used
    return refs.where(~root | refs.isin(marker_ids))


def normalise(frame: pd.DataFrame, headers: dict[str, dict[str, str]], *,
              on_cost_rate: float | None = None, dayfirst: bool = True,
              ) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and derive the canonical columns from mapped text columns.

    Parameters
    ----------
    frame : DataFrame
        Output of the column mapping: canonical input fields as text, plus ``_file``,
        ``_row`` and ``_preset``.
    headers : dict
        File -> canonical field -> header, used to name columns in problems.
    on_cost_rate : float, optional
        Employer on-costs as a share of base pay [0-5]; used when the export gives base
        salary but no fully loaded cost. Default 0 (cost = salary), with a note.
    dayfirst : bool
        Read ambiguous dates such as 03/04/2021 day first.

    Returns
    -------
    roster : DataFrame
        Canonical columns (before structural checks), lineage in ``source_file`` and
        ``source_row``.
    problems : list of Problem
    """
    probs = _Problems(frame, headers)
    out = pd.DataFrame(index=frame.index)
    fam_org = (frame["_preset"] == "uk_organogram").to_numpy()

    # Identity ---------------------------------------------------------------------------
    pos = _text(frame, "position_id", missing=frozenset())
    emp = _text(frame, "employee_id", missing=frozenset())
    if pos.isna().all() and emp.notna().any():
        pos = emp.copy()  # employee-centric exports: one position per employee
    out["position_id"] = pos

    raw_name = frame["name"] if "name" in frame else pd.Series("", index=frame.index)
    name_lower = raw_name.fillna("").astype(str).str.strip().str.lower()
    vacant_marker = name_lower.isin(VACANT_NAMES) | emp.fillna("").str.strip().str.lower().isin(
        VACANT_NAMES)  # "Vacant" in the employee id column too
    if fam_org.any():
        title = frame["job_title"] if "job_title" in frame else pd.Series("", index=frame.index)
        org_marked = name_lower.isin(ORGANOGRAM_VACANT_NAMES) | title.fillna("").astype(
            str).str.lower().str.contains(ORGANOGRAM_VACANT_TITLE, regex=True)
        vacant_marker = vacant_marker | (org_marked & fam_org)
    name = _text(frame, "name")
    if "first_name" in frame or "last_name" in frame:
        joined = (_text(frame, "first_name").fillna("") + " " + _text(frame, "last_name")
                  .fillna("")).str.strip()
        name = name.fillna(joined.where(joined != ""))
    out["name"] = name

    # A root marker (``None``, ``0`` ...) names no manager, unless a position has that id.
    mgr = _text(frame, "manager_position_id", missing=frozenset())
    mgr = _without_root_markers(mgr, pos)
    if "manager_employee_id" in frame:
        memp = _text(frame, "manager_employee_id", missing=frozenset())
        memp = _without_root_markers(memp, emp)
        by_emp = pd.Series(out["position_id"].to_numpy(), index=emp.fillna("").to_numpy())
        by_emp = by_emp[~by_emp.index.duplicated() & (by_emp.index != "")]
        via = memp.map(by_emp)
        unknown = memp.notna() & via.isna() & mgr.isna()
        # An unknown manager employee id is kept as the manager reference, so the
        # structural check reports it as manager_not_found with the value the file holds.
        mgr = mgr.fillna(via).fillna(memp.where(unknown))
    out["manager_position_id"] = mgr

    # Descriptive ------------------------------------------------------------------------
    out["job_title"] = _text(frame, "job_title", TEXT_MISSING_TOKENS)
    out["role_id"] = pd.Series(pd.NA, index=frame.index, dtype="str")
    out["role_confidence"] = pd.Series(np.nan, index=frame.index, dtype=float)
    for col in ("role_status", "role_reason"):
        out[col] = pd.Series(pd.NA, index=frame.index, dtype="str")
    for col in ("team", "department", "cost_center", "location", "grade", "profession"):
        out[col] = _text(frame, col, TEXT_MISSING_TOKENS)

    # FTE ----------------------------------------------------------------------------------
    # An FTE that cannot be read leaves the row out: one problem says both (fte_unusable).
    unusable = "the row is left out of the roster"
    fte_bad = pd.Series(False, index=frame.index)
    if "fte" in frame:
        fte, fte_bad = _number(frame, "fte", probs,
                               "a number of full-time equivalents such as 1 or 0.6",
                               "1, 0.6 or 0.5 (a full-time post is 1)", code="fte_unusable",
                               consequence=unusable if "fte_percent" not in frame
                               else "read from fte_percent where it can be")
    if "fte_percent" in frame:
        pct, pct_bad = _number(frame, "fte_percent", probs, "a percentage such as 100 or 60",
                               "100 or 60 (a full-time post is 100)", code="fte_unusable",
                               consequence=unusable)
        fte = pct / 100.0 if "fte" not in frame else fte.fillna(pct / 100.0)
        fte_bad = fte_bad | pct_bad
    if "fte" not in frame and "fte_percent" not in frame:
        fte = pd.Series(1.0, index=frame.index)
        probs.add(Problem("fte_assumed", Severity.INFO,
                          "no FTE column: every position counted as 1.0 FTE",
                          "map an FTE column to count part-time positions correctly"))
    blank_fte = fte.isna() & ~fte_bad
    fte = fte.where(~blank_fte, 1.0)
    probs.rows(blank_fte, "fte_missing", Severity.WARNING, "fte",
               "fte: expected a number, found a blank cell; counted as 1.0 FTE",
               "fill in the position's FTE")
    out["_fte_reported"] = fte.isna().to_numpy()

    pool_flag = pd.Series(False, index=frame.index)
    if "is_pool" in frame:
        pool_flag, bad_pool = parse_bool(frame["is_pool"])
        probs.rows(bad_pool, "bad_value", Severity.WARNING, "is_pool",
                   "is_pool: expected yes/no (true, false, 1, 0), found {value!r}; read as no",
                   "write true or false", frame["is_pool"])
    # Above 1 FTE with no holder is a pool of posts; with a holder it is an error that
    # check_roster reports (fte_out_of_range), not a pool.
    is_pool = pool_flag | ((fte > 1.0) & emp.isna())
    out["fte"] = fte
    out["is_pool"] = is_pool.astype(bool)
    if "employee_id" not in frame:
        # Organograms carry no employee ids, nor do exports that name the post-holder
        # only: an occupied post is identified by its post reference; pools and vacant
        # posts have no holder id. A file with neither says nothing of who is in post:
        # its ids stay blank and FileInfo.holders_known says it is unknown, not vacant.
        named = ~vacant_marker & (raw_name.fillna("").astype(str).str.strip() != "")
        if "first_name" in frame or "last_name" in frame:
            named = named | name.notna()
        held = fam_org | named.to_numpy()
        emp = emp.where(~held, pos.where(~is_pool))
    out["employee_id"] = emp.where(~vacant_marker)
    # Vacant: no holder where the file says who holds posts (never a pool); a file that
    # does not say leaves its posts not vacant (FileInfo.holders_known).
    told = fam_org | frame["_file"].map(
        lambda f: any(c in headers.get(str(f), {}) for c in HOLDER_FIELDS)).to_numpy(bool)
    out["vacant"] = (out["employee_id"].isna().to_numpy() & ~is_pool.to_numpy(bool) & told)
    posts = np.ceil(fte.fillna(1.0).to_numpy(float) - 1e-9).clip(min=1)
    out["posts"] = np.where(is_pool.to_numpy(bool), posts, 1).astype("int64")

    # Pay ----------------------------------------------------------------------------------
    # A cost left blank because a cell could not be read is reported once, by that cell's
    # problem; _cost_reported tells check_roster not to add a missing_cost for it.
    base, pay_bad = _number(frame, "base_salary", probs, "an annual salary such as 45000")
    floor, floor_bad = _number(frame, "pay_floor", probs, "a pay band floor such as 45000")
    ceiling, ceiling_bad = _number(frame, "pay_ceiling", probs,
                                   "a pay band ceiling such as 49999")
    pay_bad = pay_bad | floor_bad | ceiling_bad
    if fam_org.any():
        # Organograms publish 0 where pay is withheld (posts below the disclosure threshold).
        floor = floor.where(~(fam_org & (floor == 0)))
        ceiling = ceiling.where(~(fam_org & (ceiling == 0)))
    band_mid = (floor + ceiling.fillna(floor)) / 2.0
    base = base.fillna(band_mid)
    if "pay_period" in frame:
        period = frame["pay_period"].fillna("").astype(str).str.strip().str.lower()
        per = period.map(PAY_PERIODS)
        probs.rows(per.isna(), "bad_value", Severity.ERROR, "pay_period",
                   "pay_period: expected year, month, week or hour, found {value!r}; "
                   "the cost is left blank",
                   "write the period the pay rate is quoted per", frame["pay_period"])
        base = base * per.astype(float)
        pay_bad = pay_bad | per.isna()
    out["base_salary"] = base
    cost, cost_bad = _number(frame, "annual_cost", probs, "an annual cost such as 58000")
    rate = 0.0 if on_cost_rate is None else float(on_cost_rate)
    from_salary = cost.isna() & base.notna()
    if from_salary.any():
        cost = cost.where(~from_salary, base * fte * (1.0 + rate))
        if on_cost_rate is None:
            probs.add(Problem(
                "cost_from_salary", Severity.INFO,
                f"{int(from_salary.sum())} row(s) have no fully loaded cost: annual_cost = "
                "base salary x FTE, with no employer on-costs",
                "give the organisation's employer on-cost rate (setting on_cost_rate, e.g. "
                "0.28) for a fully loaded cost", setting="on_cost_rate"))
    out["annual_cost"] = cost
    out["_cost_reported"] = (cost.isna() & (cost_bad | pay_bad)).to_numpy()
    out["currency"] = _text(frame, "currency").str.upper()

    # Employment ---------------------------------------------------------------------------
    et_raw = _text(frame, "employment_type")
    et = et_raw.str.lower().map({k: v.value for k, v in EMPLOYMENT_TYPES.items()})
    unknown_et = et_raw.notna() & et.isna()
    probs.rows(unknown_et, "bad_value", Severity.WARNING, "employment_type",
               "employment_type: expected permanent, fixed term, temporary, contractor or "
               "intern, found {value!r}; recorded as other",
               "use one of the listed types, or map your types in a mapping file",
               frame.get("employment_type"))
    out["employment_type"] = et.where(~unknown_et, EmploymentType.OTHER.value).astype("str")

    if "start_date" in frame:
        start, bad_date = parse_date(frame["start_date"], dayfirst=dayfirst)
        probs.rows(bad_date, "bad_date", Severity.WARNING, "start_date",
                   "start_date: expected a date such as 2021-03-31 or 31/03/2021, found "
                   "{value!r}; left blank", "write the date as YYYY-MM-DD", frame["start_date"])
    else:
        start = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    out["start_date"] = start.astype("datetime64[us]")

    if "tags" in frame:
        tags = (frame["tags"].fillna("").astype(str).str.lower()
                .str.replace(r"[;,|/]+", "|", regex=True)
                .str.replace(r"\s*\|\s*", "|", regex=True).str.strip(" |")
                .str.replace(r"\s+", "_", regex=True))
    else:
        tags = pd.Series("", index=frame.index)
    out["tags"] = tags.astype("str")
    out["source_file"] = frame["_file"].astype("str")
    out["source_row"] = frame["_row"].astype("int64")
    return out, probs.items


def _layout(preset: Preset) -> str:
    """A layout's name as the planner reads it (the organogram's two files told apart)."""
    return preset.description.split(" (")[0] if preset.family else preset.name


def _refuse_mixed_layouts(infos: list[FileInfo], presets: list[Preset]) -> None:
    """Files of different layouts are not read as one roster.

    Reading them together would let one file's columns decide how the others are read
    (an employee id column in one file turns the organogram's named post-holders into
    vacancies), so each file must be read on its own or through one mapping. The two
    files of a UK organogram are one family and belong together.
    """
    if len({p.family or p.name for p in presets}) <= 1:
        return
    found = "; ".join(f"{i.file} ({_layout(p)})" for i, p in zip(infos, presets, strict=True))
    raise InputError(Problem(
        "mixed_layouts", Severity.ERROR,
        f"expected files of one layout to read as one roster, found several: {found}",
        "load each roster separately (a UK organogram's senior and junior files go "
        "together), or give one mapping that reads every file the same way"))


def _require_columns(table: RawTable, chosen: Preset, resolved: dict[str, str]) -> None:
    """A roster needs an id, a manager and a job title for each position."""
    required = [c for c in ("job_title",) if c not in resolved and c not in chosen.defaults]
    has_id = any(c in resolved for c in ("position_id", "employee_id")) or (
        chosen.family == "uk_organogram")
    has_mgr = any(c in resolved for c in ("manager_position_id", "manager_employee_id"))
    missing = ([] if has_id else ["position_id (or employee_id)"]) + (
        [] if has_mgr else ["manager_position_id (or manager_employee_id)"]) + required
    if missing:
        raise InputError(Problem(
            "missing_column", Severity.ERROR,
            f"expected columns for {', '.join(missing)} ({chosen.name} layout), found "
            f"only: {', '.join(table.frame.columns[:15])}",
            "rename the columns, choose another layout (setting preset), or name the "
            "columns in a mapping (setting mapping)", file=table.file, setting="mapping"))


ROSTER_FIELDS = ("position_id", "employee_id", "manager_position_id", "manager_employee_id",
                 "job_title")
"""Fields of which a file must hold at least one to look like a roster at all."""


def _files_not_read(failed: list[tuple[RawTable, Problem]], infos: list[FileInfo],
                    presets: list[Preset]) -> list[Problem]:
    """The problems of the files that could not be read, naming only those files.

    When other files of the load read fine, each failing file's problem says so: a file
    whose headers hold none of a roster's fields (a task table, say) is ``not_a_roster``,
    to be removed, not mapped.
    """
    if not infos:
        return [p for _, p in failed]
    fine = ", ".join(f"{i.file} ({_layout(p)})" for i, p in zip(infos, presets, strict=True))
    read_fine = f"{'it reads' if len(infos) == 1 else 'they read'} fine: {fine}"
    out = []
    for table, p in failed:
        headers = [str(h) for h in table.frame.columns]
        guess = guess_mapping(headers)
        if not any(guess[f] for f in ROSTER_FIELDS):
            shown = ", ".join(headers[:8]) + (" ..." if len(headers) > 8 else "")
            out.append(Problem(
                "not_a_roster", Severity.ERROR,
                f"{table.file} is not a roster: expected a position id, a manager and a job "
                f"title, found the columns {shown}",
                f"remove {table.file} and load the other files; {read_fine}",
                file=table.file))
        else:
            out.append(Problem(p.code, p.severity, p.message,
                               f"{p.hint}; or remove {table.file} and load the other "
                               f"files ({read_fine})", file=table.file, setting=p.setting))
    return out


def load_roster(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], *,
                preset: str | None = None, mapping: str | os.PathLike[str] | None = None,
                on_cost_rate: float | None = None, impute_cost: str | None = None,
                dayfirst: bool = True, sheet: str | int | None = None,
                library: Library | None = None, overrides: TitleOverrides | None = None,
                ) -> LoadResult:
    """Load one or more HRIS exports into the canonical roster.

    Parameters
    ----------
    paths : path or sequence of paths
        CSV or XLSX files. Files are read together: a UK organogram's senior and junior
        files, or several bodies' files, form one roster.
    preset : str, optional
        ``workday``, ``bamboohr``, ``hibob``, ``uk_organogram`` or ``generic``; detected
        from the headers when omitted.
    mapping : path, optional
        A YAML mapping file for any other export (overrides ``preset``).
    on_cost_rate : float, optional
        Employer on-costs as a share of base pay, for exports without a loaded cost.
    impute_cost : {"grade", "role"}, optional
        Fill missing or zero costs with the median cost per FTE of the same grade (or
        role); every imputed row is listed in the report. Off by default.
    dayfirst : bool
        Read 03/04/2021 as 3 April (default) rather than 4 March.
    sheet : str or int, optional
        Worksheet of XLSX files.
    library : Library, optional
        Role library: when given, job titles are matched to roles and ``role_id`` filled.
    overrides : TitleOverrides, optional
        A planner's title -> role decisions, applied before fuzzy matching.

    Returns
    -------
    LoadResult
        The roster, the validation report and how each file was read.

    Raises
    ------
    InputError
        Only when a file cannot be used at all (missing, empty, unknown or ambiguous
        layout, a mapping without the required columns). Problems in records never
        raise: they are in the report.
    """
    from planner.roster.validate import check_roster, rows_left_out  # local: validate imports this
    # module's types

    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if not paths:
        raise InputError(Problem("no_files", Severity.ERROR, "expected at least one file",
                                 "give the roster's path"))
    user_map = load_mapping(mapping) if mapping is not None else None
    if user_map is not None and on_cost_rate is None:
        on_cost_rate = user_map.on_cost_rate
    frames, headers, infos, problems = [], {}, [], []
    chosen_presets: list[Preset] = []
    failed: list[tuple[RawTable, Problem]] = []
    read: dict[str, np.ndarray] = {}
    for path in paths:
        table = read_table(path, sheet=sheet)
        problems.extend(table.problems)
        read[table.file] = np.concatenate([
            read.get(table.file, np.empty(0, dtype="int64")),  # two files of one name
            table.rows.to_numpy(dtype="int64"),
            np.array([p.row for p in table.problems if p.code == "malformed_row"
                      and p.row is not None], dtype="int64")])
        try:
            chosen = _choose_preset(table, preset, user_map)
            mapped, resolved = _map_columns(table, chosen)
            _require_columns(table, chosen, resolved)
        except InputError as exc:
            failed.append((table, exc.problems[0]))
            continue
        headers[table.file] = resolved
        used = set(resolved.values())
        infos.append(FileInfo(
            file=table.file, preset=chosen.name, encoding=table.encoding,
            delimiter=table.delimiter, records=len(table.frame), columns=dict(resolved),
            unused_columns=tuple(c for c in table.frame.columns
                                 if c not in used and not c.startswith("Unnamed")),
            holders_known=holders_known(resolved, chosen)))
        frames.append(mapped)
        chosen_presets.append(chosen)
    if failed:
        raise InputError(_files_not_read(failed, infos, chosen_presets))
    _refuse_mixed_layouts(infos, chosen_presets)
    frame = pd.concat(frames, ignore_index=True, sort=False)
    frame = _namespace_organograms(frame)
    canon, more = normalise(frame, headers, on_cost_rate=on_cost_rate, dayfirst=dayfirst)
    problems.extend(more)
    matches = None
    if library is not None:
        canon, matches = match_roles(canon, library, overrides)
        low = int((matches["status"] == "low_confidence").sum())
        none = int((matches["status"] == "unmatched").sum())
        if low or none:
            problems.append(Problem(
                "title_matching", Severity.INFO,
                f"{len(matches)} distinct job titles: {none} unmatched, {low} matched with low "
                "confidence", "review the matches and map the titles that are wrong to "
                "library roles in a title overrides file (setting title_overrides)",
                setting="title_overrides"))
    roster, checked = check_roster(canon, headers, impute_cost=impute_cost)
    problems.extend(checked)
    roster = roster[list(ROSTER_COLUMNS)].reset_index(drop=True)
    return LoadResult(roster=roster, report=ValidationReport(tuple(problems)),
                      files=tuple(infos), matches=matches,
                      left_out=rows_left_out(read, roster, problems))
