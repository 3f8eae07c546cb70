"""``planner frontier``: the table, the JSON points, and the answer alone on standard output
of a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app

ROOT = Path(__file__).resolve().parents[2]
WILLIAMS = ROOT / "models" / "williams_manpower.yaml"
runner = CliRunner()


def test_frontier_prints_each_point_and_why_one_has_no_plan() -> None:
    result = runner.invoke(app, ["frontier", str(WILLIAMS), "--lever",
                                 "levers.max_redundancies=500..1500", "--points", "3"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "levers.max_redundancies from 500 to 1500, 3 points" in out
    assert "498,677" in out and "1,423.7" in out  # the published min_cost optimum at 1,500
    assert ("at 500: infeasible: No plan as set: the redundancy cap must rise from 500 to at "
            "least 842 FTE of redundancies") in out


def test_frontier_json_gives_the_points(tmp_path: Path) -> None:
    result = runner.invoke(app, ["frontier", str(WILLIAMS), "--lever",
                                 "levers.max_redundancies=1000..1500", "--points", "2",
                                 "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["lever"] == "levers.max_redundancies" and doc["objective_kind"] == "min_cost"
    points = doc["points"]
    assert [p["value"] for p in points] == [1000, 1500]
    assert set(points[0]) >= {"value", "status", "objective", "savings", "redundancies",
                              "hires", "fte_after"}
    assert points[1]["objective"] == pytest.approx(498_677.29, rel=1e-6)
    assert points[0]["objective"] > points[1]["objective"]


@pytest.mark.parametrize(("args", "message"), [
    (["--lever", "levers.max_redundancies=0-40"], "levers.max_redundancies: expected a range"),
    (["--lever", "levers.max_redundancie=0..40"], "levers.max_redundancie"),
    (["--lever", "levers.max_redundancies=0..40", "--points", "1"], "points: expected 2"),
])
def test_a_bad_lever_or_points_exits_1_and_says_where(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["frontier", str(WILLIAMS), *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_frontier_json_from_a_real_process_is_the_answer_alone() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)
    done = subprocess.run([sys.executable, "-m", "planner", "frontier", str(WILLIAMS),
                           "--lever", "levers.max_redundancies=0..1500", "--points", "2",
                           "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)  # nothing but the answer on standard output
    assert [p["status"] for p in doc["points"]] == ["infeasible", "optimal"]
    assert doc["points"][0]["objective"] is None
    assert "redundancy cap must rise" in doc["points"][0]["message"]
