"""What `planner run` and `planner validate` print, read as a planner reads it, through real
processes: the objective in words with its unit, money with its currency, a hint said once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"
HSE = ROOT.parent / "shared" / "datasets" / "uk-organograms"
HSE_FILES = [str(HSE / f"300913-HSE-Organogram-ver1-{part}.csv") for part in ("senior", "junior")]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


def _text(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join(done.stdout.split())


def test_run_says_what_the_objective_is_with_its_unit() -> None:
    done = _cli("run", str(MODELS / "automation_push.yaml"))
    assert done.returncode == 0, done.stderr
    text = _text(done)
    assert "objective" not in text.split("FTE", 1)[0]
    summary = json.loads(_cli("run", str(MODELS / "automation_push.yaml"), "--json").stdout)
    assert f"total cost over the horizon GBP {summary['objective'] / 1e6:,.1f}m;" in text
    fewest = _text(_cli("run", str(MODELS / "automation_push.yaml"), "--set",
                        "objective.kind=min_redundancies"))
    assert " redundancies over the horizon (the fewest);" in fewest


def test_run_says_which_lever_binds_and_keeps_notes_apart() -> None:
    """The span floor holds in every team with managers and contributors, so in the sample
    org it binds in the small leadership teams under it at the start."""
    text = _text(_cli("run", str(MODELS / "automation_push.yaml")))
    levers = text.split("levers that bind, and what relaxing them is worth: ", 1)[1]
    assert levers.startswith("- The span of control floor of 3 in ")
    assert "levers and notes" not in text and " notes: - " in levers
    notes = levers.split(" notes: - ", 1)[1]
    assert "teams cannot meet the span of control cap of 12" in notes


@pytest.mark.skipif(not HSE.exists(), reason="the UK organograms are not at ../shared")
def test_validate_names_the_currency_and_says_each_hint_once() -> None:
    done = _cli("validate", *HSE_FILES)
    assert done.returncode == 0, done.stderr
    report = json.loads(_cli("validate", *HSE_FILES, "--json").stdout)
    missing = [w for w in report["warnings"] if w["code"] == "missing_cost"]
    assert len(missing) > 1 and all(w["hint"] for w in missing)  # JSON keeps every one
    text = _text(done)
    assert text.count("fill it in, or have missing costs imputed") == 1
    assert f"fix (this and {len(missing) - 1} more [missing_cost] warnings): fill it in" in text
    assert text.count("[missing_cost]") == len(missing) + 1  # each problem is still listed
    assert f"cost GBP {report['summary']['annual_cost']:,.0f} a year" in text
