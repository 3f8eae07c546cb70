"""A roster with errors is never planned on silently: `run` and `sweep` refuse it unless the
scenario says `inputs.skip_error_rows: true`, and the plan then states what it skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner import load_org
from planner.cli import app
from tests.conftest import ROOT

runner = CliRunner()


def roster_with_errors(folder: Path) -> Path:
    """14 rows of the sample org with 9 errors; 3 of the rows cannot be positions."""
    sample = pd.read_csv(ROOT / "data" / "sample_org.csv", dtype=str)
    lead = "P00172"
    frame = pd.concat([sample.head(1), sample[sample["position_id"] == lead],
                       sample[sample["manager_position_id"] == lead].head(12)],
                      ignore_index=True)
    frame.loc[1, "manager_position_id"] = "P00001"
    pid = frame["position_id"]
    frame.loc[[4, 5], "position_id"] = pid[3]                   # 2 repeated ids: left out
    frame.loc[6, "fte"] = "full"                                # not a number: left out
    frame.loc[[7, 8, 9], "manager_position_id"] = "P99999"      # 3 managers not found
    frame.loc[[10, 11], "annual_cost"] = "-100"                 # 2 negative costs
    frame.loc[12, "manager_position_id"] = pid[12]              # 1 reports to itself
    path = folder / "team roster.csv"
    frame.to_csv(path, index=False)
    return path


def scenario(folder: Path, skip: bool | None = None) -> Path:
    roster = roster_with_errors(folder)
    path = folder / "scenario.yaml"
    skip_line = "" if skip is None else f"\n  skip_error_rows: {str(skip).lower()}"
    path.write_text(f"""name: errors
inputs:
  roster: {roster.name}
  team_by: team{skip_line}
horizon: {{periods: 2, period: quarter, start: "2027-01"}}
capabilities:
  - from_catalogue: service_agent
levers:
  redundancy_months_of_pay: 6
objective: {{kind: min_cost}}
""", encoding="utf-8")
    return path


def test_the_loader_says_which_rows_it_left_out(tmp_path: Path) -> None:
    org = load_org(roster_with_errors(tmp_path))
    assert len(org.roster) == 11 and len(org.report.errors) == 9
    lo = org.left_out
    assert (lo.rows_read, lo.rows_used) == (14, 11)
    assert sorted(p.code for p in lo.left_out) == ["duplicate_id", "duplicate_id",
                                                    "fte_unusable"]
    assert {p.row for p in lo.left_out} == {6, 7, 8}
    # the 9 errors, one per fault: 3 on the rows left out, 6 others
    assert len(lo.worked_around) == 6 and len(lo.left_out) + 6 == len(org.report.errors)
    assert lo.statement() == (
        "3 of the roster's 14 rows were left out: 2 with a position id used before, 1 with an "
        "FTE that is not a number. 6 other errors were worked around: 3 with a manager who is "
        "not in the roster (planned as a top position), 2 with a negative cost (left blank), "
        "1 with a position reporting to itself (planned as a top position).")


def test_run_refuses_a_roster_with_errors_in_a_real_process(tmp_path: Path) -> None:
    sc = scenario(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "planner.cli", "run", str(sc)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    err = " ".join(proc.stderr.split())
    assert "[roster_has_errors] the roster has 9 errors, so it is not planned on" in err
    assert "3 of the roster's 14 rows were left out" in err
    assert "inputs.skip_error_rows" in err
    assert "team roster.csv, row 7, column 'position_id': [duplicate_id]" in err
    assert err.count("[manager_not_found]") == 3
    proc = subprocess.run([sys.executable, "-m", "planner.cli", "run", str(sc), "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1
    body = json.loads(proc.stdout)
    assert body["valid"] is False
    codes = [e["code"] for e in body["errors"]]
    assert codes[0] == "roster_has_errors" and codes.count("duplicate_id") == 2
    assert len(codes) == 10


def test_sweep_refuses_a_roster_with_errors(tmp_path: Path) -> None:
    sc = scenario(tmp_path, skip=False)
    result = runner.invoke(app, ["sweep", str(sc), "--set", "levers.span.max=8,10",
                                 "--out", str(tmp_path / "runs.csv"), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "roster_has_errors" in result.output and "duplicate_id" in result.output
    assert not (tmp_path / "runs.csv").exists()


def test_skip_error_rows_plans_knowingly_and_says_what_it_skipped(tmp_path: Path) -> None:
    sc = scenario(tmp_path, skip=True)
    out = tmp_path / "plan"
    result = runner.invoke(app, ["run", str(sc), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 of the roster's 14 rows were left out" in " ".join(result.output.split())
    skipped = json.loads((out / "plan.json").read_text())["skipped_rows"]
    assert skipped["rows_read"] == 14 and skipped["rows_skipped"] == 3
    assert skipped["reasons"] == {"duplicate_id": 2, "fte_unusable": 1}
    assert [(r["file"], r["row"]) for r in skipped["rows"]] == [
        ("team roster.csv", 6), ("team roster.csv", 7), ("team roster.csv", 8)]
    assert skipped["errors_worked_around"] == 6
    assert skipped["worked_around"] == {"manager_not_found": 3, "negative_cost": 2,
                                        "self_report": 1}
    kept = load_org(tmp_path / "team roster.csv").roster
    assert json.loads((out / "plan.json").read_text())["fte_before"] == pytest.approx(
        kept["fte"].sum())


def test_a_sweep_that_skips_error_rows_says_what_it_planned_without(tmp_path: Path) -> None:
    sc = scenario(tmp_path, skip=True)
    result = runner.invoke(app, ["sweep", str(sc), "--set", "levers.span.max=8,10",
                                 "--out", str(tmp_path / "runs.csv"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "planned without part of the roster: 3 of the roster's 14 rows were left out" in out
    result = runner.invoke(app, ["sweep", str(sc), "--set", "levers.span.max=8,10",
                                 "--out", str(tmp_path / "runs2.csv"), "--workers", "1",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["skipped_rows"].startswith(
        "3 of the roster's 14 rows were left out")


def test_the_workbook_and_the_run_state_the_plans_caveats_in_the_clis_words(
        tmp_path: Path) -> None:
    import io

    import openpyxl

    sc = scenario(tmp_path, skip=True)
    out = tmp_path / "plan"
    result = runner.invoke(app, ["run", str(sc), "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert ("note: 2 positions (2.0 FTE) have no cost in the roster: the plan counts no pay "
            "for them") in said
    assert "(set it with --impute-cost grade|role, or inputs.impute_cost in a scenario)" in said
    notes = json.loads((out / "plan.json").read_text())["notes"]
    no_cost = next(n for n in notes if n["code"] == "plan_no_cost")
    assert no_cost["setting"] == "impute_cost" and "--" not in no_cost["hint"]
    book = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["export", str(out), "--out", str(book)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(io.BytesIO(book.read_bytes()))
    rows = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert rows["Planned without part of the roster"].startswith(
        "3 of the roster's 14 rows were left out")
    summary_notes = [r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0] == "Note"]
    assert any(n.startswith("2 positions (2.0 FTE) have no cost") and "--impute-cost" in n
               for n in summary_notes)
