"""Structural checks, imputation and the one-pass promise."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import load_org
from planner.errors import Severity
from planner.roster import load_roster
from tests.conftest import write_csv

BASE = dict(manager_position_id="A", job_title="Accountant", fte=1, annual_cost=40000,
            grade="G3")


def roster(tmp_path: Path, *rows: dict) -> Path:
    top = dict(position_id="A", manager_position_id="", job_title="Finance Director", fte=1,
               annual_cost=120000, grade="G8")
    return write_csv(tmp_path / "r.csv", [top, *[{**BASE, **r} for r in rows]])


def test_every_problem_in_one_pass(tmp_path: Path) -> None:
    path = roster(tmp_path,
                  dict(position_id="B", manager_position_id="B"),
                  dict(position_id="C", manager_position_id="ZZ"),
                  dict(position_id="D", fte="-1"),
                  dict(position_id="E", annual_cost="-5"),
                  dict(position_id="F", manager_position_id="G"),
                  dict(position_id="G", manager_position_id="F"),
                  dict(position_id="C"))
    res = load_roster(path)
    codes = [p.code for p in res.report.errors]
    for code in ("self_report", "manager_not_found", "fte_out_of_range", "negative_cost",
                 "cycle", "duplicate_id"):
        assert code in codes
    (cycle,) = res.report.by_code("cycle")
    assert "F -> G -> F" in cycle.message
    assert cycle.row == 7


def test_impute_by_grade_lists_every_row(tmp_path: Path) -> None:
    path = roster(tmp_path, dict(position_id="B", annual_cost=30000),
                  dict(position_id="C", annual_cost=50000),
                  dict(position_id="D", annual_cost="", fte=0.5))
    plain = load_roster(path)
    assert len(plain.report.by_code("missing_cost")) == 1
    res = load_roster(path, impute_cost="grade")
    (imp,) = res.report.by_code("cost_imputed")
    assert imp.row == 5 and imp.severity is Severity.WARNING
    assert res.roster.set_index("position_id").at["D", "annual_cost"] == pytest.approx(20000)
    assert not res.report.by_code("missing_cost")


def test_impute_by_role(tmp_path: Path) -> None:
    path = roster(tmp_path, dict(position_id="B", annual_cost=30000, grade="X"),
                  dict(position_id="C", annual_cost="", grade="Y"))
    org = load_org(path, impute_cost="role")
    assert org.roster.set_index("position_id").at["C", "annual_cost"] == pytest.approx(30000)


def test_pools_are_reported_not_errors(tmp_path: Path) -> None:
    path = roster(tmp_path, dict(position_id="B", fte=7.5, employee_id=""))
    res = load_roster(path)
    assert res.is_valid()
    assert res.roster.set_index("position_id").at["B", "is_pool"]
    assert "pools" in {p.code for p in res.report.infos}


def test_strict(tmp_path: Path) -> None:
    path = roster(tmp_path, dict(position_id="B", job_title=""))
    res = load_roster(path)
    assert res.is_valid() and not res.is_valid(strict=True)


def roster_with_five_faults(tmp_path: Path, *, employee_ids: bool = False) -> Path:
    """14 positions, no employee id or name column unless asked, and five faults: three
    FTEs that are not numbers, one cost that is not a number, one manager not found."""
    rows = [dict(position_id="A", manager_position_id="", job_title="Finance Director",
                 fte=1, annual_cost=120000, grade="G8")]
    rows += [{**BASE, "position_id": f"P{i}"} for i in range(13)]
    rows[3]["fte"], rows[4]["fte"], rows[8]["fte"] = "full", "x", "most"
    rows[5]["annual_cost"] = "abc"
    rows[6]["manager_position_id"] = "ZZ"
    if employee_ids:
        for i, r in enumerate(rows):
            r["employee_id"] = "" if i == 2 else f"E{i}"
    return write_csv(tmp_path / "bad14.csv", rows)


def test_one_problem_per_fault_and_the_statement_adds_up(tmp_path: Path) -> None:
    org = load_org(roster_with_five_faults(tmp_path))
    errors = org.report.errors
    assert sorted(p.code for p in errors) == ["bad_number", "fte_unusable", "fte_unusable",
                                              "fte_unusable", "manager_not_found"]
    (fte,) = [p for p in errors if p.row == 5]
    assert fte.value == "full" and "left out" in fte.message
    # the unreadable cost is one error, not also a missing_cost warning
    assert not org.report.by_code("missing_cost")
    lo = org.left_out
    assert len(lo.left_out) + len(lo.worked_around) == len(errors) == 5
    assert lo.statement() == (
        "3 of the roster's 14 rows were left out: 3 with an FTE that is not a number. 2 other "
        "errors were worked around: 1 with a number that cannot be read (left blank), 1 with "
        "a manager who is not in the roster (planned as a top position).")


def test_a_file_that_does_not_say_who_is_in_post_has_no_people_and_no_vacancies(
        tmp_path: Path) -> None:
    org = load_org(roster_with_five_faults(tmp_path))
    (info,) = org.files
    assert not info.holders_known
    s = org.graph.summary()
    assert (s.positions, s.people, s.vacancies, s.holders_unknown) == (11, None, None, 11)
    assert s.people_text() == "people not in the file: no employee id or name column"
    assert org.graph.teams()["people"].isna().all()


def test_a_file_with_employee_ids_counts_people_and_vacancies(tmp_path: Path) -> None:
    org = load_org(roster_with_five_faults(tmp_path, employee_ids=True))
    s = org.graph.summary()
    assert (s.positions, s.people, s.vacancies, s.holders_unknown) == (11, 10, 1, 0)
    assert s.people_text() == "10 people, 1 vacancies"


def test_a_file_that_names_post_holders_counts_them_as_people(tmp_path: Path) -> None:
    path = roster(tmp_path, dict(position_id="B", name="Ann Lee"),
                  dict(position_id="C", name="Vacant"), dict(position_id="D", name="Bo Li"))
    s = load_org(path).graph.summary()
    assert (s.people, s.vacancies, s.holders_unknown) == (2, 2, 0)


def test_the_sample_org_keeps_its_people_and_vacancies() -> None:
    from tests.conftest import ROOT
    s = load_org(ROOT / "data" / "sample_org.csv").graph.summary()
    assert (s.people, s.vacancies, s.holders_unknown) == (1447, 53, 0)


def test_the_errors_add_up_when_a_row_left_out_has_more_than_one(tmp_path: Path) -> None:
    path = roster(tmp_path, dict(position_id="B"), dict(position_id="B", annual_cost="abc"),
                  dict(position_id="C", fte="0"), dict(position_id="D", manager_position_id="Z"))
    org = load_org(path)
    lo = org.left_out
    errors = [p for p in lo.left_out if p.severity is Severity.ERROR]
    assert len(errors) + len(lo.also_on_left_out) + len(lo.worked_around) == len(
        org.report.errors) == 3
    assert lo.statement() == (
        "2 of the roster's 5 rows were left out: 1 with a position id used before, 1 with an "
        "FTE of 0 or less. 1 of them is left out for a warning, not an error. Those rows have "
        "1 more error. 1 other error was worked around: 1 with a manager who is not in the "
        "roster (planned as a top position).")
