"""The command line prints the documented JSON shapes and exits with the right codes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.conftest import BODIES, write_csv

runner = CliRunner()


def run_json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_validate_json_shape_valid(small_roster: Path) -> None:
    code, out = run_json("validate", str(small_roster))
    assert code == 0
    assert set(out) >= {"valid", "errors", "warnings", "summary"}
    assert out["valid"] is True and out["errors"] == []
    assert set(out["summary"]) == {"positions", "people", "vacancies", "holders_unknown",
                                   "pools", "managers",
                                   "teams", "layers", "fte", "annual_cost"}
    assert out["summary"]["positions"] == 7 and out["summary"]["vacancies"] == 1


def test_validate_json_errors_have_location_and_code(tmp_path: Path) -> None:
    rows = [dict(position_id="A", manager_position_id="", job_title="CEO", fte=1, annual_cost=1),
            dict(position_id="B", manager_position_id="Q", job_title="Analyst", fte=1,
                 annual_cost=1)]
    code, out = run_json("validate", str(write_csv(tmp_path / "r.csv", rows)))
    assert code == 1 and out["valid"] is False
    (err,) = out["errors"]
    assert {k: err[k] for k in ("file", "row", "column", "code")} == {
        "file": "r.csv", "row": 3, "column": "manager_position_id", "code": "manager_not_found"}
    assert "'Q'" in err["message"]


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    rows = [dict(position_id="A", manager_position_id="", job_title="CEO", fte=1, annual_cost=1),
            dict(position_id="B", manager_position_id="A", job_title="", fte=1, annual_cost=1)]
    path = str(write_csv(tmp_path / "r.csv", rows))
    assert runner.invoke(app, ["validate", path]).exit_code == 0
    assert runner.invoke(app, ["validate", path, "--strict"]).exit_code == 1


def test_unusable_file_exits_1_with_json(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out = run_json("validate", str(empty))
    assert code == 1 and out["errors"][0]["code"] == "empty_file"


def test_org_json_shape(small_roster: Path) -> None:
    code, out = run_json("org", str(small_roster))
    assert code == 0
    assert set(out) >= {"positions", "fte", "annual_cost", "managers", "teams", "layers", "span",
                        "by_layer", "flags"}
    assert set(out["span"]) == {"mean", "median", "p90", "max"}
    assert out["by_layer"] == [{"layer": 1, "positions": 1, "fte": 1.0},
                               {"layer": 2, "positions": 2, "fte": 2.0},
                               {"layer": 3, "positions": 4, "fte": 3.6}]
    assert set(out["flags"]) >= {"single_report_managers", "wide_spans", "deep_chains"}


def test_roles_json(small_roster: Path) -> None:
    code, out = run_json("roles", str(small_roster))
    assert code == 0
    titles = {t["job_title"]: t for t in out["titles"]}
    assert titles["Accountant"]["role_id"] == "accountant"
    assert titles["Customer Service Representative"]["positions"] == 2
    assert set(titles["Accountant"]) >= {"role_id", "confidence", "status", "alternatives"}


def test_synth_then_org(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    result = runner.invoke(app, ["synth", "--positions", "400", "--seed", "9", "--out", str(out)])
    assert result.exit_code == 0
    assert len(pd.read_csv(out)) == 400
    code, rep = run_json("org", str(out))
    assert code == 0 and rep["positions"] == 400 and 5 <= rep["layers"] <= 9


def test_demo_prints_the_sample_summary() -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0
    assert "1,500 positions" in result.stdout


def test_organogram_via_cli(organogram_dir: Path) -> None:
    stem = BODIES["HSE"]
    code, out = run_json("validate", str(organogram_dir / f"{stem}-senior.csv"),
                         str(organogram_dir / f"{stem}-junior.csv"))
    assert code == 0
    assert out["summary"]["pools"] > 0
    assert any(w["code"] == "multiple_roots" for w in out["warnings"])


@pytest.mark.parametrize("args", [["validate"], ["org", "--json"], ["nonsense"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 2


def test_roles_summary_says_the_share_of_fte_with_no_ai_scope(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("position_id,manager_position_id,job_title,fte\nP1,,Chief Executive,1\n"
                    "P2,P1,Zorblax Wrangler,1\nP3,P1,Accountant,2\n", encoding="utf-8")
    result = runner.invoke(app, ["roles", str(path)])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "25% of FTE (1.0 of 4.0) have job titles that match no role" in text
    assert "--overrides" in text and "inputs.title_overrides" in text
    code, out = run_json("roles", str(path))
    assert out["coverage"]["share_no_role"] == 0.25 and out["coverage"]["titles_unmatched"] == 1
