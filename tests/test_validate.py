"""Structural checks, imputation and the one-pass promise."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import load_org
from planner.errors import Severity
from planner.ingest import load_roster
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
