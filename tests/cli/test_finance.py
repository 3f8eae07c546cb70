"""`planner export`: the roster sheet is the roster the run planned on, and a pseudonym key
file is written only where the user asks, or next to the export."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.settings import PSEUDONYM_KEY
from tests.conftest import write_csv

runner = CliRunner()


@pytest.fixture
def plan_on_a_mapped_roster(tmp_path: Path) -> Path:
    """A plan of a roster in its own layout (a column mapping) with base pay only, loaded
    with a 50% on-cost rate: the run's annual cost is base x FTE x 1.5."""
    rows = [dict(Req="R1", Boss="", Role="Chief Executive", Hours="1", Pay="100000",
                 Unit="Exec", Person="E1"),
            *(dict(Req=f"R{i}", Boss="R1", Role="Customer Service Representative",
                   Hours="1", Pay="30000", Unit="Support", Person=f"E{i}")
              for i in range(2, 6))]
    write_csv(tmp_path / "roster.csv", rows)
    (tmp_path / "map.yaml").write_text(
        "columns:\n  position_id: Req\n  manager_position_id: Boss\n  job_title: Role\n"
        "  fte: Hours\n  base_salary: Pay\n  team: Unit\n  employee_id: Person\n"
        "defaults:\n  currency: GBP\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(
        "name: mapped\ninputs:\n  roster: roster.csv\n  mapping: map.yaml\n"
        "  on_cost_rate: 0.5\n  team_by: team\n"
        "horizon: {periods: 2, period: quarter, start: '2027-01'}\n"
        "capabilities:\n  - from_catalogue: service_agent\n"
        "objective: {kind: min_cost}\n", encoding="utf-8")
    out = tmp_path / "plan"
    result = runner.invoke(app, ["run", str(tmp_path / "scenario.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _roster_sheet(book: Path) -> list[dict]:
    ws = openpyxl.load_workbook(book)["Roster"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_the_roster_sheet_is_loaded_as_the_run_loaded_it(plan_on_a_mapped_roster: Path,
                                                         tmp_path: Path) -> None:
    book = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["export", str(plan_on_a_mapped_roster), "--out", str(book),
                                 "--with-roster"])
    assert result.exit_code == 0, result.output
    cost = {r["position_id"]: r["annual_cost"] for r in _roster_sheet(book)}
    assert cost == {"R1": pytest.approx(150_000), **{f"R{i}": pytest.approx(45_000)
                                                      for i in range(2, 6)}}


def test_a_pseudonym_key_is_written_next_to_the_export_and_said(
        plan_on_a_mapped_roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY.env, raising=False)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    book = tmp_path / "out" / "w.xlsx"
    result = runner.invoke(app, ["export", str(plan_on_a_mapped_roster), "--out", str(book),
                                 "--with-roster", "--pseudonymise"])
    assert result.exit_code == 0, result.output
    assert os.listdir(work) == []  # nothing written into the working folder
    key_file = book.parent / ".planner_pseudonym_key"
    assert key_file.exists()
    assert str(key_file) in result.output.replace("\n", "")  # said where
    first = [r["employee_id"] for r in _roster_sheet(book)]
    assert all(e.startswith("EMP-") for e in first)
    again = runner.invoke(app, ["export", str(plan_on_a_mapped_roster), "--out", str(book),
                                "--with-roster", "--pseudonymise"])
    assert again.exit_code == 0, again.output
    assert [r["employee_id"] for r in _roster_sheet(book)] == first  # the key is kept


def test_a_pseudonym_key_file_goes_where_the_user_asks(
        plan_on_a_mapped_roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY.env, raising=False)
    monkeypatch.chdir(tmp_path)
    key_file = tmp_path / "keys" / "finance.key"
    book = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["export", str(plan_on_a_mapped_roster), "--out", str(book),
                                 "--pseudonymise", "--key-file", str(key_file)])
    assert result.exit_code == 0, result.output
    assert key_file.exists() and not (tmp_path / ".planner_pseudonym_key").exists()
    assert "new key" in result.output
