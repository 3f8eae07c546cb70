"""Reading an export as text: the encoding and delimiter found, every cell a string, the
spreadsheet row of each record, and the rows that cannot be read reported instead of
failing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError, Severity
from planner.roster.load import load_roster
from planner.roster.readers import decode_bytes, read_csv_text, read_table, sniff_delimiter


@pytest.mark.parametrize(("data", "text", "encoding"), [
    ("Zoë,£5".encode(), "Zoë,£5", "utf-8"),
    (b"\xef\xbb\xbf" + "Zoë".encode(), "Zoë", "utf-8-sig"),
    ("Zoë".encode("utf-16"), "Zoë", "utf-16"),
])
def test_text_is_decoded_by_its_encoding(data, text, encoding):
    assert decode_bytes(data, "r.csv") == (text, encoding, [])


def test_a_byte_that_is_not_utf8_falls_back_to_latin1_naming_its_row():
    data = 'id,name\nP1,"two\nlines"\nP2,Zo\xeb\n'.encode("latin-1")
    text, encoding, [problem] = decode_bytes(data, "r.csv")
    assert (text.splitlines()[-1], encoding) == ("P2,Zoë", "latin-1")
    assert (problem.code, problem.severity, problem.file) == (
        "encoding_fallback", Severity.WARNING, "r.csv")
    assert problem.row == 3  # the quoted line break stays inside record 2
    assert "0xeb" in problem.message


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2,5;3\n", ";"), ("a\tb\n1\t2\n", "\t"),
    ("a|b\n1|2\n", "|"), ("only\nx\n", ","),
])
def test_the_delimiter_is_sniffed(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_cells_are_text_and_headers_are_cleaned():
    frame, rows, delim, problems = read_csv_text(
        "\ufeffposition_id ,  Job   title\nP01,007\n", "r.csv")
    assert list(frame.columns) == ["position_id", "Job title"]
    assert frame.iloc[0].tolist() == ["P01", "007"]  # leading zeros kept: text, not numbers
    assert (rows.tolist(), delim, problems) == ([2], ",", [])


def test_a_ragged_record_is_reported_and_the_others_keep_their_rows():
    text = "id,team,fte\nP1,A,1\nP2,A,1,extra\nP3,B\nP4,B,0.5\n"
    frame, rows, _, [problem] = read_csv_text(text, "r.csv")
    assert frame["id"].tolist() == ["P1", "P3", "P4"] and rows.tolist() == [2, 4, 5]
    assert frame.loc[frame["id"] == "P3", "fte"].item() == ""  # a short record is padded
    assert (problem.code, problem.severity, problem.row) == ("malformed_row",
                                                             Severity.ERROR, 3)
    assert "expected 3 fields, found 4" in problem.message and problem.value == "P2,A,1,extra"


def test_blank_rows_are_skipped_and_said_so():
    frame, rows, _, [problem] = read_csv_text("id,team\nP1,A\n,\n , \nP2,B\n", "r.csv")
    assert frame["id"].tolist() == ["P1", "P2"] and rows.tolist() == [2, 5]
    assert (problem.code, problem.severity, problem.row) == ("blank_rows", Severity.INFO, 3)
    assert problem.message.startswith("2 blank row(s) skipped (first: 3, 4)")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "found an empty file"),
    (b"  \n", "found an empty file"),
    (b"id,team\n", "found a header with no records below it"),
])
def test_a_file_without_records_is_refused(tmp_path, content, message):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_table(path)
    assert [(p.code, p.file) for p in info.value.problems] == [("empty_file", "empty.csv")]


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="expected a file at .*nowhere.csv., found nothing"):
        read_table(tmp_path / "nowhere.csv")


def test_a_workbook_is_read_as_text_from_the_sheet_asked(tmp_path):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"id": ["P1"], "fte": [1]}).to_excel(book, sheet_name="Other", index=False)
        pd.DataFrame({"id": ["P1", "P2"], "fte": [1, 0.5]}).to_excel(book, sheet_name="Staff",
                                                                    index=False)
    table = read_table(path, sheet="Staff")
    assert (table.file, table.encoding, table.delimiter) == ("export.xlsx", "xlsx", "")
    assert table.frame.to_dict("list") == {"id": ["P1", "P2"], "fte": ["1", "0.5"]}
    assert table.rows.tolist() == [2, 3]
    assert read_table(path).frame["id"].tolist() == ["P1"]  # the first sheet by default


def test_a_broken_workbook_is_refused_in_words(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="expected an .xlsx workbook, could not open it"):
        read_table(path)


def test_a_forced_delimiter_is_used(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("id;team,name\nP1;A,x\n", encoding="utf-8")
    assert list(read_table(path, delimiter=";").frame.columns) == ["id", "team,name"]
    assert list(read_table(path, delimiter=",").frame.columns) == ["id;team", "name"]


def test_how_each_file_was_read(tmp_path: Path) -> None:
    data = tmp_path / "semi.csv"
    data.write_bytes("position_id;manager_position_id;job_title;annual_cost\n"
                     "P1;;Directeur;50000\nP2;P1;Comptable;40000\n".encode("utf-16"))
    result = load_roster(data)
    [info] = result.files
    assert (info.file, info.preset, info.delimiter, info.records) == ("semi.csv", "generic",
                                                                      ";", 2)
    assert info.encoding.startswith("utf-16")
    assert result.is_valid()
