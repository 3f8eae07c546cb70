"""Read CSV and XLSX exports into tables of text, keeping each record's spreadsheet row.

Readers never interpret values: every cell comes back as a string (empty when blank), so
that parsing and validation can report the value exactly as the file holds it.
"""

from __future__ import annotations

import csv
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Problem, Severity

CSV_DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class RawTable:
    """A file read as text.

    Attributes
    ----------
    frame : DataFrame
        One column per header (stripped), every cell a string; blank rows removed.
    rows : Series
        Spreadsheet row number of each record (header = 1), aligned with ``frame``.
    file : str
        The file's name as given by the user.
    encoding : str
        Encoding used to decode it (``xlsx`` for workbooks).
    delimiter : str
        Field delimiter (empty for workbooks).
    problems : tuple of Problem
        What reading found (encoding fallback, malformed rows, blank rows).
    """

    frame: pd.DataFrame
    rows: pd.Series
    file: str
    encoding: str = "utf-8"
    delimiter: str = ","
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def _display_name(path: str | os.PathLike[str]) -> str:
    return Path(path).name


def decode_bytes(data: bytes, file: str) -> tuple[str, str, list[Problem]]:
    """Decode a CSV file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1.

    Returns the text, the encoding used and any problems (a warning for the fallback).
    """
    problems: list[Problem] = []
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16", problems
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", problems
    try:
        return data.decode("utf-8"), "utf-8", problems
    except UnicodeDecodeError as exc:
        # The spreadsheet row of the bad byte: count records (quoted line breaks stay
        # inside their record) in the text before it; the sentinel closes the last one.
        before = data[: exc.start].decode("latin-1") + "x"
        line = sum(1 for _ in csv.reader(io.StringIO(before)))
        problems.append(
            Problem(
                code="encoding_fallback",
                severity=Severity.WARNING,
                message=(
                    f"expected UTF-8 text, found byte 0x{data[exc.start]:02x} in row {line} "
                    "that is not UTF-8; read the file as Latin-1 instead"
                ),
                hint="check accented names and currency symbols, or re-export the file as UTF-8",
                file=file,
                row=line,
            )
        )
        return data.decode("latin-1"), "latin-1", problems


def sniff_delimiter(text: str) -> str:
    """Guess the field delimiter from the first lines of a CSV text.

    Tries :class:`csv.Sniffer` over ``, ; TAB |``, and falls back to the candidate that
    appears most often in the header line.
    """
    sample = text[:65536]
    header = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters="".join(CSV_DELIMITERS))
        if dialect.delimiter in CSV_DELIMITERS and header.count(dialect.delimiter) > 0:
            return dialect.delimiter
    except csv.Error:
        pass
    counts = {d: header.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _clean_headers(frame: pd.DataFrame) -> pd.DataFrame:
    cols = [" ".join(str(c).replace("\ufeff", "").split()) for c in frame.columns]
    frame.columns = cols
    return frame


def _drop_blank_rows(frame: pd.DataFrame, rows: pd.Series, file: str) -> tuple[
    pd.DataFrame, pd.Series, list[Problem]
]:
    if frame.empty:
        return frame, rows, []
    blank = (frame.apply(lambda s: s.str.strip()) == "").all(axis=1)
    if not blank.any():
        return frame, rows, []
    n = int(blank.sum())
    first = rows[blank].head(5).tolist()
    problem = Problem(
        code="blank_rows",
        severity=Severity.INFO,
        message=f"{n} blank row(s) skipped (first: {', '.join(map(str, first))})",
        hint="nothing to do; blank rows carry no data",
        file=file,
        row=int(first[0]),
    )
    keep = ~blank
    return frame[keep].reset_index(drop=True), rows[keep].reset_index(drop=True), [problem]


def _require_records(frame: pd.DataFrame, file: str) -> None:
    if frame.empty:
        raise InputError(Problem("empty_file", Severity.ERROR,
                                 "expected a header row and records, found a header with no "
                                 "records below it", "export the roster again, with its records",
                                 file=file, row=2))


def read_csv_text(text: str, file: str, delimiter: str | None = None) -> tuple[
    pd.DataFrame, pd.Series, str, list[Problem]
]:
    """Parse CSV text into a frame of strings, reporting malformed records instead of failing."""
    delim = delimiter or sniff_delimiter(text)
    problems: list[Problem] = []
    kwargs = dict(sep=delim, dtype=str, keep_default_na=False, na_filter=False,
                  skip_blank_lines=False)
    try:
        with warnings.catch_warnings():
            # A first record longer than the header makes pandas take the first column
            # as an index (or, with index_col=False, drop fields with only a warning):
            # both must go to the slow path that reports the record.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), engine="c", index_col=False, **kwargs)
    except pd.errors.EmptyDataError as exc:
        raise InputError(Problem("empty_file", Severity.ERROR,
                                 "expected a header row and records, found an empty file",
                                 "export the roster again, with its header row", file=file)
                         ) from exc
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        # Slow path, only for files with ragged records: the csv module tells us which
        # record is wrong, so every other record keeps its true spreadsheet row.
        records = list(csv.reader(io.StringIO(text), delimiter=delim))
        header, body = records[0], records[1:]
        good, good_rows = [], []
        for i, fields in enumerate(body, start=2):
            if len(fields) == len(header) or not any(f.strip() for f in fields):
                good.append(fields if fields else [""] * len(header))
                good_rows.append(i)
                continue
            if len(fields) < len(header):
                good.append(fields + [""] * (len(header) - len(fields)))
                good_rows.append(i)
                continue
            shown = delim.join(fields)
            problems.append(Problem(
                code="malformed_row", severity=Severity.ERROR,
                message=(f"expected {len(header)} fields, found {len(fields)}; the record is "
                         f"left out of the roster: {shown[:120]!r}"),
                hint="quote fields that contain the delimiter, or remove the stray delimiter",
                file=file, row=i, value=shown[:200]))
        frame = _clean_headers(pd.DataFrame(good, columns=header, dtype=str).fillna(""))
        rows = pd.Series(good_rows, dtype="int64")
        frame, rows, blank = _drop_blank_rows(frame, rows, file)
        if frame.empty and not problems:
            _require_records(frame, file)
        return frame, rows, delim, problems + blank
    frame = _clean_headers(frame.fillna(""))
    rows = pd.Series(range(2, len(frame) + 2), dtype="int64")
    frame, rows, blank = _drop_blank_rows(frame, rows, file)
    _require_records(frame, file)
    return frame, rows, delim, problems + blank


def read_table(path: str | os.PathLike[str], *, sheet: str | int | None = None,
               delimiter: str | None = None) -> RawTable:
    """Read a CSV or XLSX export as text.

    Parameters
    ----------
    path : path-like
        The file. ``.xlsx``/``.xlsm`` are read as workbooks, anything else as CSV.
    sheet : str or int, optional
        Worksheet of a workbook (default: the first).
    delimiter : str, optional
        Force a CSV delimiter instead of sniffing it.

    Raises
    ------
    InputError
        The file does not exist, is empty or cannot be read at all.
    """
    p = Path(path)
    file = _display_name(p)
    if not p.exists():
        raise InputError(Problem("file_not_found", Severity.ERROR,
                                 f"expected a file at {str(p)!r}, found nothing",
                                 "check the path and its spelling", file=file))
    if p.suffix.lower() in EXCEL_SUFFIXES:
        try:
            frame = pd.read_excel(p, sheet_name=sheet if sheet is not None else 0, dtype=str,
                                  keep_default_na=False, na_filter=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise InputError(Problem("unreadable_workbook", Severity.ERROR,
                                     f"expected an .xlsx workbook, could not open it: {exc}",
                                     "open and save it again in Excel, or export CSV",
                                     file=file)) from exc
        frame = _clean_headers(frame.fillna("").astype(str))
        rows = pd.Series(range(2, len(frame) + 2), dtype="int64")
        frame, rows, blank = _drop_blank_rows(frame, rows, file)
        _require_records(frame, file)
        return RawTable(frame, rows, file, "xlsx", "", tuple(blank))
    data = p.read_bytes()
    if not data.strip():
        raise InputError(Problem("empty_file", Severity.ERROR,
                                 "expected a header row and records, found an empty file",
                                 "export the roster again, with its header row", file=file))
    text, encoding, problems = decode_bytes(data, file)
    frame, rows, delim, more = read_csv_text(text, file, delimiter)
    return RawTable(frame, rows, file, encoding, delim, tuple(problems + more))
