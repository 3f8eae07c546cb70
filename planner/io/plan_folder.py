"""The plan folder, written and read in one place: the summary (:data:`SUMMARY_FILE`), the
plan's tables as CSV (:class:`PlanTable`, each its :attr:`PlanTable.file`) and the scenario
(:data:`SCENARIO_FILE`). The folder's file names are spelled here only: every other module
names them through these constants.

Every table has a schema (:attr:`PlanTable.schema`, from :mod:`planner.schema`). A plan
as it is built passes a cheap gate, its columns (:func:`check_plan_columns`: pandera costs
a few milliseconds a column, a third of a second a plan); a folder read back is validated in
full (:func:`read_table`), and a table that fails says which file, row and column, what was
expected, what was found and how to fix it (:class:`planner.errors.InputError`).

Text cells carry roster text (team, role and capability names), so a cell a spreadsheet would
run as a formula is neutralised the way the finance exports neutralise it
(:func:`escape_text`, the OWASP recommendation against formula injection), and reads back
losslessly (:func:`unescape_text`).

Format versions, stated in ``plan.json`` as ``plan_format``:

1 (no ``plan_format`` key)
    Text cells as pandas writes them, raw. Read as they are.
2
    Text cells escaped with :func:`escape_text`; reading strips the escape again.

Pandas, pandera and the schemas are imported when a folder is written or read, so that the
file names cost the CLI nothing to import.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from planner.errors import InputError, PlannerError, Problem, Severity

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

PLAN_FORMAT = 2
"""Format version this code writes (see the module docstring)."""
SUMMARY_FILE = "plan.json"
"""The summary, the explanations and the format version (``plan_format``)."""
SCENARIO_FILE = "scenario.yaml"
"""The scenario the plan answers, as one document (every setting, input paths absolute)."""


class PlanTable(StrEnum):
    """The plan's tables, one CSV file each (:attr:`file`); ``moves`` since format 2; the
    position ledger's (``positions``, ``pool_changes``, ``requisitions``, ``alternatives``:
    :mod:`planner.plan.ledger`) since issue 14, absent from folders written before;
    ``compliance`` (:mod:`planner.plan.compliance`) only where the scenario applies rules."""

    STAFFING = "staffing"
    WORK = "work"
    CAPABILITIES = "capabilities"
    TEAMS = "teams"
    COSTS = "costs"
    CONSTRAINTS = "constraints"
    MOVES = "moves"
    POSITIONS = "positions"
    POOL_CHANGES = "pool_changes"
    REQUISITIONS = "requisitions"
    ALTERNATIVES = "alternatives"
    COMPLIANCE = "compliance"

    @property
    def file(self) -> str:
        """The table's file in the folder (``staffing.csv``)."""
        return f"{self.value}.csv"

    @property
    def schema(self) -> type[pa.DataFrameModel]:
        """The table's pandera model in :mod:`planner.schema`."""
        from planner import schema

        return {PlanTable.STAFFING: schema.StaffingSchema, PlanTable.WORK: schema.WorkSchema,
                PlanTable.CAPABILITIES: schema.CapabilitySchema,
                PlanTable.TEAMS: schema.TeamSchema, PlanTable.COSTS: schema.CostSchema,
                PlanTable.CONSTRAINTS: schema.ConstraintSchema,
                PlanTable.MOVES: schema.MoveSchema,
                PlanTable.POSITIONS: schema.PositionSchema,
                PlanTable.POOL_CHANGES: schema.PoolChangeSchema,
                PlanTable.REQUISITIONS: schema.RequisitionSchema,
                PlanTable.ALTERNATIVES: schema.AlternativeSchema,
                PlanTable.COMPLIANCE: schema.ComplianceSchema}[self]


TABLES: tuple[PlanTable, ...] = tuple(PlanTable)
"""Plan tables in the order they are written."""
LEDGER_TABLES: tuple[PlanTable, ...] = (PlanTable.POSITIONS, PlanTable.POOL_CHANGES,
                                         PlanTable.REQUISITIONS, PlanTable.ALTERNATIVES)
"""The position ledger's tables: absent from folders written before it."""
FILES: tuple[str, ...] = (SUMMARY_FILE, *(t.file for t in PlanTable), SCENARIO_FILE)
"""Every file a plan folder may hold."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""
ESCAPE = "'"
MAX_PROBLEMS = 50
"""Failures reported of one table (the count of the rest is given)."""


def escape_text(value: str) -> str:
    """A text cell no spreadsheet will run: an apostrophe before a text that begins with a
    formula character or with an apostrophe (so that :func:`unescape_text` can undo it)."""
    return ESCAPE + value if value.startswith((*FORMULA_START, ESCAPE)) else value


def unescape_text(value: str) -> str:
    """Undo :func:`escape_text`: strip exactly one leading apostrophe."""
    return value[1:] if value.startswith(ESCAPE) else value


def _map_text(frame: pd.DataFrame, fn: Any, starts: tuple[str, ...]) -> pd.DataFrame:
    """A copy of ``frame`` with ``fn`` applied to the text cells that begin with one of
    ``starts`` (found column by column, vectorised: the other cells are left as they are)."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        cells = out[col]
        if not (cells.dtype == object or pd.api.types.is_string_dtype(cells)):
            continue
        try:
            hit = cells.str.startswith(starts, na=False).astype(bool)
        except AttributeError:  # an object column without text
            continue
        if hit.any():
            out.loc[hit, col] = cells[hit].map(fn)
    return out


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell escaped (:func:`escape_text`)."""
    return _map_text(frame, escape_text, (*FORMULA_START, ESCAPE))


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell unescaped (:func:`unescape_text`)."""
    return _map_text(frame, unescape_text, (ESCAPE,))


@functools.cache
def text_columns(table: PlanTable) -> tuple[str, ...]:
    """The table's text columns (read as text whatever they hold: a team called ``2024``
    stays ``"2024"``, one called ``NA`` stays ``"NA"``)."""
    return tuple(name for name, col in _columns(table.schema)
                 if str(col.dtype).startswith(("str", "string")))


@dataclass(frozen=True)
class PlanFolder:
    """What a plan folder holds: the summary, the tables present and the scenario."""

    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    scenario: dict[str, Any]
    plan_format: int


def check_plan_columns(summary: Mapping[str, Any],
                       tables: Mapping[str, pd.DataFrame]) -> None:
    """The cheap gate of a plan as it is built: every table and the summary's skipped rows
    hold their schema's columns, in its order (a column its schema may lack, absent; none
    other). The full schemas, types and values included, are checked when a folder is read
    back (:func:`read_table`), and on built plans by the tests.

    Raises
    ------
    PlannerError
        When a table's columns are not its schema's: the planner's bug, to report.
    """
    from planner.schema import SkippedRowSchema

    for name, model, frame in (*((t, PlanTable(t).schema, f) for t, f in tables.items()),
                               ("skipped rows", SkippedRowSchema, skipped_rows(summary))):
        expected = [c for c, col in _columns(model) if col.required or c in frame.columns]
        if list(frame.columns) != expected:
            raise PlannerError(f"plan table {name}: expected the columns "
                               f"{', '.join(expected)}, found {', '.join(frame.columns)}; "
                               "this is a planner bug, please report it")


def _columns(model: type[pa.DataFrameModel]) -> list[tuple[str, Any]]:
    return list(_schema(model).columns.items())


@functools.cache
def _schema(model: type[pa.DataFrameModel]) -> pa.DataFrameSchema:
    return model.to_schema()


def skipped_rows(summary: Mapping[str, Any]) -> pd.DataFrame:
    """The roster records a plan was made without (the summary's ``skipped_rows.rows``) as a
    table (:class:`planner.schema.SkippedRowSchema`; empty when there are none)."""
    import pandas as pd

    from planner.schema import SkippedRowSchema

    rows = (summary.get("skipped_rows") or {}).get("rows") or []
    return pd.DataFrame(rows) if rows else pd.DataFrame(
        columns=[c for c, _ in _columns(SkippedRowSchema)])


def plan_files(summary: dict[str, Any], tables: Mapping[str, pd.DataFrame],
               scenario_doc: dict[str, Any] | None = None) -> dict[str, str]:
    """The files of a plan folder as texts, by file name: the summary marked with
    ``plan_format`` (:data:`SUMMARY_FILE`), each plan table present in ``tables`` as escaped
    CSV (:attr:`PlanTable.file`), and the scenario (:data:`SCENARIO_FILE`) when given (the
    app zips them without writing a folder)."""
    import yaml

    files = {SUMMARY_FILE: json.dumps({**summary, "plan_format": PLAN_FORMAT}, indent=2,
                                      default=_json_default)}
    for table in TABLES:
        frame = tables.get(table)
        if frame is not None:
            files[table.file] = escape_frame(frame).to_csv(index=False)
    if scenario_doc is not None:
        files[SCENARIO_FILE] = yaml.safe_dump(scenario_doc, sort_keys=False)
    return files


def write_plan_folder(folder: str | os.PathLike[str], summary: dict[str, Any],
                      tables: Mapping[str, pd.DataFrame],
                      scenario_doc: dict[str, Any] | None = None) -> Path:
    """Write the plan folder's files (:func:`plan_files`) into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in plan_files(summary, tables, scenario_doc).items():
        (out / name).write_text(text, encoding="utf-8", newline="")
    return out


def table_csv(frame: pd.DataFrame) -> str:
    """A plan table as raw CSV text (format 1: no escape), the way the store keeps it."""
    return frame.to_csv(index=False)


def read_table(source: str | os.PathLike[str] | IO[str], table: PlanTable | str,
               plan_format: int, *, where: str | None = None,
               fix: str | None = None) -> pd.DataFrame:
    """One plan table, validated against its schema: text columns as text, only empty cells
    missing, unescaped when the folder's format escapes.

    Parameters
    ----------
    source : path or text buffer
        The CSV file (or its text).
    table : PlanTable or str
        Which table it is.
    plan_format : int
        The format version of the folder it comes from.
    where : str, optional
        The file's name in messages (default: ``source``).
    fix : str, optional
        How to fix a table that fails (default: run its scenario again into the folder).

    Raises
    ------
    InputError
        When the table fails its schema: one problem per failing cell or column.
    """
    table = PlanTable(table)
    text = source.read() if hasattr(source, "read") else Path(source).read_text(
        encoding="utf-8")
    frame = _read_csv(text, table)
    if plan_format >= 2:
        frame = unescape_frame(frame)
    name = where if where is not None else str(source)
    return _validate(table.schema, frame, name, None, fix or _fix_folder(name))


def _read_csv(text: str, table: PlanTable) -> pd.DataFrame:
    import io

    import pandas as pd

    if not text.strip():  # an emptied file: its schema says which columns are missing
        return pd.DataFrame()
    header = pd.read_csv(io.StringIO(text), nrows=0).columns
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""],
                       dtype={c: str for c in text_columns(table) if c in header})


def _fix_folder(file: str) -> str:
    folder = Path(file).parent
    return (f"run its scenario again into this folder (the scenario is "
            f"{folder / SCENARIO_FILE}), or put back the file as planner wrote it")


def read_plan_folder(folder: str | os.PathLike[str]) -> PlanFolder:
    """Read a plan folder of any format version, each table validated (:func:`read_table`).

    Raises
    ------
    PlannerError
        When the folder has no summary or scenario, or they do not read.
    InputError
        When a table fails its schema.
    """
    import yaml

    d = Path(folder)
    summary = _read_summary(d / SUMMARY_FILE)
    version = int(summary.pop("plan_format", 1))
    if version > PLAN_FORMAT:
        raise PlannerError(f"{d / SUMMARY_FILE}: expected plan_format {PLAN_FORMAT} or "
                           f"lower, found {version}; update planner to read this folder")
    from planner.schema import SkippedRowSchema

    _validate(SkippedRowSchema, skipped_rows(summary), str(d / SUMMARY_FILE),
              "skipped_rows.rows", _fix_folder(str(d / SUMMARY_FILE)))
    tables = {str(t): read_table(d / t.file, t, version) for t in TABLES
              if (d / t.file).exists()}
    missing = [t.file for t in TABLES if t not in (PlanTable.MOVES, PlanTable.COMPLIANCE)
               and t not in LEDGER_TABLES and str(t) not in tables]
    if missing and _has_plan(summary):
        raise PlannerError(f"{d}: expected the plan's tables, found no {', '.join(missing)}; "
                           f"{_fix_folder(str(d / SUMMARY_FILE))}")
    try:
        scenario = yaml.safe_load((d / SCENARIO_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlannerError(f"{d / SCENARIO_FILE}: expected the plan's scenario as YAML, "
                           f"found {exc}; {_fix_folder(str(d / SCENARIO_FILE))}") from exc
    return PlanFolder(summary, tables, scenario, version)


def _has_plan(summary: Mapping[str, Any]) -> bool:
    from planner.status import has_plan

    return has_plan(summary.get("status"))


def _read_summary(path: Path) -> dict[str, Any]:
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlannerError(f"{path.parent}: expected a plan folder, with {SUMMARY_FILE}, "
                           f"found none ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise PlannerError(f"{path}: expected JSON, found {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}; {_fix_folder(str(path))}") from exc
    if not isinstance(summary, dict):
        raise PlannerError(f"{path}: expected a JSON object, found {type(summary).__name__}; "
                           f"{_fix_folder(str(path))}")
    return summary


# What a failing table says ---------------------------------------------------------------

_TYPE_WORDS = {"float64": "a number", "bool": "True or False"}


def _validate(schema: type[pa.DataFrameModel], frame: pd.DataFrame, file: str,
              json_path: str | None, fix: str) -> pd.DataFrame:
    """``frame`` as ``schema`` reads it, or an :class:`InputError` with one problem per
    failure (cells of a CSV by spreadsheet row; entries of a JSON list by ``json_path``)."""
    import pandera.errors

    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        problems = _problems(schema, frame, exc.failure_cases, file, json_path, fix)
        raise InputError(problems) from None


def _problems(schema: type[pa.DataFrameModel], frame: pd.DataFrame, cases: pd.DataFrame,
              file: str, json_path: str | None, fix: str) -> list[Problem]:
    """One problem per failing cell, column or row (a cell that fails its cast fails its
    type too: said once), at most :data:`MAX_PROBLEMS`."""
    import pandas as pd

    from planner.schema import parse_bool

    columns = _schema(schema).columns
    found: dict[tuple[Any, ...], Problem] = {}

    def add(key: tuple[Any, ...], message: str, column: str | None, index: int | None,
            value: Any = None) -> None:
        if key in found:
            return
        row = index + 2 if index is not None and json_path is None else None
        if json_path is not None:
            column = ".".join(str(p) for p in (json_path, index, column) if p is not None)
        found[key] = Problem("bad_plan_table", Severity.ERROR, message, fix, file=file,
                             row=row, column=column, value=None if value is None else str(value))

    names = ", ".join(columns)
    present = ", ".join(map(str, frame.columns)) or "none"
    for case in cases.itertuples(index=False):
        check, column, value = str(case.check), case.column, case.failure_case
        index = None if case.index is None or pd.isna(case.index) else int(case.index)
        if check == "column_in_dataframe":
            add((value,), f"expected a column {value!r}, found none (the columns are "
                f"{present})", str(value), None)
        elif check == "column_in_schema":
            add((value,), f"expected only the columns {names}, found the column {value!r}",
                str(value), None)
        elif check == "column_ordered":
            add((check,), f"expected the columns in the order {names}, found {present}", None,
                None)
        elif case.schema_context == "DataFrameSchema":  # a check of whole rows: its docstring
            rule = (getattr(getattr(schema, check, None), "__doc__", None) or check).strip()
            add((check, index), f"expected that {rule[0].lower()}{rule[1:].rstrip('.')}, "
                "found a row where it does not", None, index)
        elif check.startswith(("dtype(", "coerce_dtype(")):
            dtype = str(columns[column].dtype)
            words = _TYPE_WORDS.get(dtype, "text")
            if index is None and dtype == "bool":  # pandera names the type, not the cells
                cells = parse_bool(frame[column])
                for i in range(len(cells)):
                    if not isinstance(cells.iat[i], bool):
                        add((column, i), f"expected {words}, found {cells.iat[i]!r}", column,
                            i, cells.iat[i])
            else:
                add((column, index), f"expected {words}, found {value!r}", column, index,
                    value)
        elif check == "not_nullable":
            add((column, index), "expected a value, found an empty cell", column, index)
        else:
            add((column, index), f"expected {_check_words(columns[column], check)}, found "
                f"{value!r}", column, index, value)
    out = list(found.values())
    if len(out) > MAX_PROBLEMS:
        out = out[:MAX_PROBLEMS] + [Problem(
            "bad_plan_table", Severity.ERROR,
            f"and {len(out) - MAX_PROBLEMS:,} more failure(s) like these", fix, file=file)]
    return out


def _check_words(column: Any, check: str) -> str:
    for c in column.checks:
        if str(c.error) == check or c.name == check:
            stats = c.statistics or {}
            if "allowed_values" in stats:
                return f"one of {', '.join(map(str, stats['allowed_values']))}"
            if "min_value" in stats and "max_value" in stats:
                return f"a number from {stats['min_value']} to {stats['max_value']}"
            if "min_value" in stats:
                strict = c.name == "greater_than"
                return f"a number {'above' if strict else 'at least'} {stats['min_value']}"
            if "max_value" in stats:
                strict = c.name == "less_than"
                return f"a number {'below' if strict else 'at most'} {stats['max_value']}"
    return f"a value that passes {check}"


def _json_default(obj: object) -> object:
    import numpy as np

    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
