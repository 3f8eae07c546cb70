"""O*NET occupations: selecting them, their aliases, and job titles matched to them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.work.onet.importer import import_onet
from planner.work.onet.occupations import (
    load_occupation_overrides,
    match_occupations,
    occupation_aliases,
    occupation_library,
    select_occupations,
)
from tests.work.conftest import FEW


def test_unknown_occupations_are_reported(labels: pd.DataFrame) -> None:
    assert select_occupations(labels, ["13-2011"])["soc_code"].nunique() == 1
    with pytest.raises(InputError, match="99-9999"):
        select_occupations(labels, ["13-2011.00", "99-9999.00"])


@pytest.mark.parametrize(("title", "expected"), [
    ("Chief Executives", ["Chief Executives", "Chief Executive"]),
    ("Accountants and Auditors", ["Accountants and Auditors", "Accountant", "Auditor"]),
    ("Payroll and Timekeeping Clerks", ["Payroll and Timekeeping Clerks", "Payroll Clerk",
                                        "Timekeeping Clerk"]),
    ("Customer Service Representatives", ["Customer Service Representatives",
                                          "Customer Service Representative"]),
    ("Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
     ["Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
      "Secretary", "Administrative Assistant"]),
    ("Sales Representatives, Wholesale and Manufacturing, Except Technical",
     ["Sales Representatives, Wholesale and Manufacturing, Except Technical",
      "Sales Representative"]),
])
def test_occupation_aliases(title: str, expected: list[str]) -> None:
    assert occupation_aliases(title) == expected


def test_titles_match_occupations_with_confidence_and_alternatives(
        labels: pd.DataFrame) -> None:
    titles = pd.Series(["Accountant", "Accountant", "Customer Service Representative",
                        "Senior Payroll Clerk", "Xyzzy Wrangler"])
    m = match_occupations(titles, labels).set_index("job_title")
    assert m.loc["Accountant", "soc_code"] == "13-2011.00"
    assert m.loc["Accountant", "positions"] == 2
    assert (m.loc["Accountant", "method"], m.loc["Accountant", "confidence"]) == ("exact", 1.0)
    assert m.loc["Customer Service Representative", "soc_code"] == "43-4051.00"
    payroll = m.loc["Senior Payroll Clerk"]
    assert payroll["soc_code"] == "43-3051.00" and payroll["method"] == "fuzzy"
    assert 0.72 <= payroll["confidence"] < 1
    assert payroll["alternatives"].count(";") == 2  # three alternatives, code and title
    assert m.loc["Xyzzy Wrangler", "status"] == "unmatched"
    assert pd.isna(m.loc["Xyzzy Wrangler", "soc_code"])


def test_occupation_overrides_win_and_bad_codes_are_reported(labels: pd.DataFrame,
                                                             tmp_path: Path) -> None:
    lib = occupation_library(labels)
    path = tmp_path / "overrides.csv"
    path.write_text("job_title,soc_code\nData Engineer,15-1252.00\n")
    ov = load_occupation_overrides(path, lib)
    m = match_occupations(pd.Series(["Data Engineer"]), lib, ov)
    assert m.loc[0, ["soc_code", "method", "status"]].tolist() == ["15-1252.00", "override",
                                                                   "ok"]
    path.write_text("job_title,soc_code\nData Engineer,15-9999.00\n")
    with pytest.raises(InputError) as info:
        load_occupation_overrides(path, lib)
    assert (info.value.problems[0].row, info.value.problems[0].column) == (2, "soc_code")


def test_an_occupation_is_the_same_role_for_matching_and_in_an_imported_library(
        labels: pd.DataFrame) -> None:
    matching = occupation_library(labels).roles.set_index("role_id")
    imported = import_onet(labels, occupations=FEW).library.roles.set_index("role_id")
    columns = ["name", "function", "is_manager", "aliases"]
    pd.testing.assert_frame_equal(matching.loc[imported.index, columns], imported[columns])
    assert imported.loc["onet_13_2011_00", "aliases"] == (
        "Accountants and Auditors|Accountant|Auditor")


def test_a_title_the_occupation_titles_miss_is_found_through_their_task_statements(
        labels: pd.DataFrame) -> None:
    m = match_occupations(pd.Series(["Payroll", "Immigration Casework", "Xyzzy Wrangler"]),
                          labels).set_index("job_title")
    assert m.loc["Xyzzy Wrangler", "status"] == "unmatched"
    for title, occupation in [("Payroll", "Payroll and Timekeeping Clerks"),
                              ("Immigration Casework", "Customs and Border Protection Officers")]:
        hit = m.loc[title]
        assert (hit["occupation"], hit["method"], hit["status"]) == (
            occupation, "tasks", "low_confidence")
