"""The bad-input corpus: one small export per defect, and where the loader must report it.

Every file in ``tests/data/bad/`` is a realistic roster (5 to 12 records, invented people)
with exactly one defect, and is named after it. The table below says which problem the
loader must report for it: code, severity, spreadsheet row (header = 1) and column (the
header as written in the file). A file that cannot be used at all must raise
:class:`InputError` with that code instead.

Four cases (a person above 1 FTE, an over-long first record, a
non-UTF-8 byte after a quoted line break, a header with no records) were loader bugs this
corpus found; they are regression tests now.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from planner.errors import InputError, Severity
from planner.roster import load_roster

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

ERROR, WARNING = Severity.ERROR, Severity.WARNING
RAISES = "raises"
"""Severity slot of files that must raise InputError (no row, no column)."""


# (file, expected code, severity, row, column). Column is the file's own header.
CASES = [
    # Identity: the offending record is left out of the roster.
    ("duplicate_id.csv", "duplicate_id", ERROR, 9, "position_id"),
    ("duplicate_id_padded.csv", "duplicate_id", ERROR, 6, "position_id"),
    ("bom_duplicate_id.csv", "duplicate_id", ERROR, 9, "position_id"),
    ("missing_id.csv", "missing_id", ERROR, 6, "position_id"),
    # Reporting lines.
    ("manager_not_found.csv", "manager_not_found", ERROR, 8, "manager_position_id"),
    ("bamboohr_supervisor_not_found.csv", "manager_not_found", ERROR, 6, "Supervisor EID"),
    ("self_report.csv", "self_report", ERROR, 7, "manager_position_id"),
    ("cycle_two.csv", "cycle", ERROR, 10, "manager_position_id"),
    ("cycle_three.csv", "cycle", ERROR, 10, "manager_position_id"),
    ("two_roots.csv", "multiple_roots", WARNING, 2, None),
    # FTE.
    ("fte_negative.csv", "fte_out_of_range", ERROR, 7, "fte"),
    ("fte_zero.csv", "fte_out_of_range", WARNING, 9, "fte"),
    pytest.param("fte_over_one_person.csv", "fte_out_of_range", ERROR, 5, "fte"),
    ("fte_text.csv", "fte_unusable", ERROR, 8, "fte"),
    ("fte_blank.csv", "fte_missing", WARNING, 6, "fte"),
    ("hibob_fte_percent_text.csv", "fte_unusable", ERROR, 5, "FTE %"),
    # Cost and pay.
    ("cost_negative.csv", "negative_cost", ERROR, 7, "annual_cost"),
    ("cost_text_nd.csv", "missing_cost", WARNING, 9, "annual_cost"),
    ("cost_unparseable.csv", "bad_number", ERROR, 5, "annual_cost"),
    ("semicolon_bad_number.csv", "bad_number", ERROR, 7, "annual_cost"),
    ("pay_period_bad.csv", "bad_value", ERROR, 8, "pay_period"),
    # Whole-roster finding: the loader gives it no file, row or column.
    ("mixed_currency.csv", "mixed_currency", WARNING, None, None),
    # Other values.
    ("start_date_bad.csv", "bad_date", WARNING, 6, "start_date"),
    ("quoted_newline_bad_date.csv", "bad_date", WARNING, 6, "start_date"),
    ("blank_title.csv", "blank_title", WARNING, 8, "job_title"),
    ("employment_type_unknown.csv", "bad_value", WARNING, 9, "employment_type"),
    ("is_pool_bad.csv", "bad_value", WARNING, 5, "is_pool"),
    ("employee_over_allocated.csv", "employee_over_allocated", WARNING, 6, "employee_id"),
    # Reading the file.
    ("malformed_row.csv", "malformed_row", ERROR, 8, None),
    pytest.param("malformed_first_row.csv", "malformed_row", ERROR, 2, None),
    ("latin1.csv", "encoding_fallback", WARNING, 6, None),
    pytest.param("latin1_after_quoted_newline.csv", "encoding_fallback", WARNING, 6, None),
    # Files that cannot be used at all.
    ("empty.csv", "empty_file", RAISES, None, None),
    pytest.param("header_only.csv", "empty_file", RAISES, None, None),
    ("unknown_layout.csv", "unknown_layout", RAISES, None, None),
    ("ambiguous_preset.csv", "ambiguous_preset", RAISES, None, None),
    ("missing_manager_column.csv", "missing_column", RAISES, None, None),
]

# Problems a defect implies, allowed beside the expected one (nothing else may appear
# except info notes):
# - a cut reporting line (manager not found, self-report, cycle) makes a second top
#   position, so multiple_roots (warning, whole file) comes with it;
# An unparseable FTE (the row is left out) or an unusable or negative cost (left blank) is
# one problem, not also a consequence on the same row: one problem per fault.
IMPLIED: dict[str, set[str]] = {
    "manager_not_found.csv": {"multiple_roots"},
    "bamboohr_supervisor_not_found.csv": {"multiple_roots"},
    "self_report.csv": {"multiple_roots"},
    "cycle_two.csv": {"multiple_roots"},
    "cycle_three.csv": {"multiple_roots"},
}

# The offending value as the problem records it, where one is recorded.
VALUES: dict[str, str] = {
    "duplicate_id.csv": "P112",
    "duplicate_id_padded.csv": "P111",
    "bom_duplicate_id.csv": "P121",
    "manager_not_found.csv": "P199",
    "bamboohr_supervisor_not_found.csv": "309",
    "self_report.csv": "P121",
    "cycle_two.csv": "P130 -> P131 -> P130",
    "cycle_three.csv": "P140 -> P142 -> P141 -> P140",
    "fte_negative.csv": "-0.5",
    "fte_zero.csv": "0",
    "fte_over_one_person.csv": "1.5",
    "fte_text.csv": "full",
    "hibob_fte_percent_text.csv": "most of the week",
    "cost_negative.csv": "-47250",
    "cost_unparseable.csv": "forty thousand",
    "semicolon_bad_number.csv": "see contract",
    "pay_period_bad.csv": "quarterly",
    "start_date_bad.csv": "2021-02-30",
    "quoted_newline_bad_date.csv": "31/31/2021",
    "employment_type_unknown.csv": "zero hours",
    "is_pool_bad.csv": "sometimes",
    "employee_over_allocated.csv": "E2004",
}

# How the file must have been read: (encoding, delimiter). Proves the BOM is recognised,
# the Latin-1 fallback taken and the semicolon sniffed.
READ_AS: dict[str, tuple[str, str]] = {
    "bom_duplicate_id.csv": ("utf-8-sig", ","),
    "latin1.csv": ("latin-1", ","),
    "latin1_after_quoted_newline.csv": ("latin-1", ","),
    "semicolon_bad_number.csv": ("utf-8", ";"),
}


def _name(case: object) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]  # type: ignore[index]


def _severity(case: object) -> object:
    return case.values[2] if hasattr(case, "values") else case[2]  # type: ignore[index]


NAMES = [_name(c) for c in CASES]
LOADABLE = [n for n, c in zip(NAMES, CASES, strict=True) if _severity(c) != RAISES]


@pytest.mark.parametrize(("name", "code", "severity", "row", "column"), CASES, ids=NAMES)
def test_bad_file_reports_its_defect(name: str, code: str, severity: object,
                                     row: int | None, column: str | None) -> None:
    path = BAD / name
    if severity == RAISES:
        with pytest.raises(InputError) as info:
            load_roster(path)
        first = info.value.problems[0]
        assert first.code == code, info.value
        assert first.severity is Severity.ERROR
        assert first.file == name
        return

    result = load_roster(path)
    problems = result.report.problems
    shown = "\n".join(f"  {p.code} {p.severity} row={p.row} col={p.column!r} value={p.value!r}"
                      for p in problems)
    hits = [p for p in problems if p.code == code]
    assert len(hits) == 1, f"expected one {code!r} problem, found:\n{shown}"
    hit = hits[0]
    assert hit.severity is severity, shown
    assert (hit.row, hit.column) == (row, column), shown
    assert hit.file == (name if row is not None else None), shown
    if name in VALUES:
        assert hit.value == VALUES[name], shown
    assert hit.message and hit.hint

    # One defect each: nothing else above info, except what the defect implies.
    implied = IMPLIED.get(name, set())
    for p in problems:
        if p is hit or p.severity is Severity.INFO:
            continue
        assert p.code in implied, f"unexpected {p.code!r} in {name}:\n{shown}"

    if name in READ_AS:
        info = result.files[0]
        assert (info.encoding, info.delimiter) == READ_AS[name]


def test_every_corpus_file_is_in_the_table() -> None:
    on_disk = sorted(p.name for p in BAD.iterdir() if p.is_file())
    assert len(NAMES) == len(set(NAMES)), "a file is listed twice"
    assert sorted(NAMES) == on_disk


def test_corpus_is_small_and_says_one_defect_each() -> None:
    """Each file is a small roster: 5 to 12 records (bar the deliberately empty ones)."""
    assert len(NAMES) >= 28
    for name in NAMES:
        if name in ("empty.csv", "header_only.csv"):
            continue
        records = _records(BAD / name)
        assert 5 <= len(records) <= 12, (name, len(records))


def _text(path: Path) -> str:
    """The file's text, decoded independently of the loader."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _table(path: Path) -> tuple[list[str], dict[int, list[str]]]:
    """The header, and spreadsheet row -> fields of every non-blank record."""
    text = _text(path)
    header = text.split("\n", 1)[0]
    delim = max(",;\t|", key=header.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    records = {row: fields for row, fields in enumerate(rows, start=1)
               if row > 1 and any(f.strip() for f in fields)}
    return rows[0], records


def _records(path: Path) -> dict[int, list[str]]:
    return _table(path)[1]


@pytest.mark.parametrize("name", LOADABLE)
def test_nothing_dropped_silently(name: str) -> None:
    """Every record is in the roster or named by a problem: none disappears unexplained."""
    path = BAD / name
    result = load_roster(path)
    expected = set(_records(path))
    in_roster = [int(r) for r in result.roster["source_row"]]
    assert len(in_roster) == len(set(in_roster)), "a record appears twice in the roster"
    assert set(in_roster) <= expected, "the roster holds rows the file does not have"
    named = {p.row for p in result.report.problems
             if p.row is not None and p.file in (None, name)}
    missing = expected - set(in_roster) - named
    assert not missing, f"records dropped with no problem naming them: rows {sorted(missing)}"


WHOLE_ROSTER = {"mixed_currency", "cost_from_salary"}
"""Findings about the roster as a whole: they name no file, row or column."""
NO_VALUE = {"", "N/D"}
"""What a cell holds when its problem records no value: nothing, or a missing marker."""
MANAGER_HEADERS = ("manager_position_id", "Supervisor EID")


@pytest.mark.parametrize("name", LOADABLE)
def test_problem_rows_point_at_records(name: str) -> None:
    """Every problem names its file and a record of it, and the record holds what the
    problem says: the value in the column it names, the raw line of a malformed record,
    the non-UTF-8 text of an encoding fallback, no manager for a top position."""
    path = BAD / name
    header, records = _table(path)
    problems = load_roster(path).report.problems
    assert problems, f"{name} has a defect, and no problem was reported"
    for p in problems:
        if p.code in WHOLE_ROSTER:
            assert (p.file, p.row, p.column) == (None, None, None), p
            continue
        assert p.file == name, p
        assert p.row in records, f"{p.code} names row {p.row}, not a record of {name}"
        fields = records[p.row]
        if p.column is not None:
            assert p.column in header, p
            cell = fields[header.index(p.column)].strip()
            if p.value is None:
                assert cell in NO_VALUE, (p, cell)
            elif p.code == "cycle":
                assert cell in p.value.split(" -> "), (p, cell)
            else:
                assert cell == p.value, (p, cell)
        elif p.code == "malformed_row":
            assert p.value in _text(path).splitlines(), p
            assert len(fields) > len(header), p
        elif p.code == "encoding_fallback":
            assert any(not f.isascii() for f in fields), p
        elif p.code == "multiple_roots":
            manager = next(h for h in MANAGER_HEADERS if h in header)
            assert fields[header.index(manager)].strip() == "", p
        else:
            raise AssertionError(f"{p.code} names a row but no column: add what its row holds")
