"""``planner adjacency``: each role's nearest roles, as JSON and in role names."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from planner.cli import app
from planner.work.library import load_library
from tests.conftest import ROOT

runner = CliRunner()


def test_json_lists_every_role_with_its_nearest() -> None:
    result = runner.invoke(app, ["adjacency", "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == {"roles"}
    lib = load_library()
    assert [r["role_id"] for r in answer["roles"]] == list(lib.roles["role_id"])
    for r in answer["roles"]:
        assert set(r) == {"role_id", "nearest"} and len(r["nearest"]) == 3
        for n in r["nearest"]:
            assert set(n) == {"role_id", "similarity", "shared_tasks", "missing_tasks"}
            assert n["role_id"] != r["role_id"] and 0 <= n["similarity"] <= 1


def test_one_role_in_role_names() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "240"}
    done = subprocess.run([sys.executable, "-m", "planner", "adjacency", "--role",
                           "customer_support_agent", "--top", "2"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Nearest to Customer Support Agent" in text
    assert "Customer Support Team Lead" in text
    assert "customer_support" not in text
    assert "%" in text


def test_an_unknown_role_names_the_closest_ids() -> None:
    result = runner.invoke(app, ["adjacency", "--role", "customer_support_agnt", "--json"])
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["valid"] is False
    (problem,) = answer["errors"]
    assert problem["code"] == "unknown_role"
    assert "expected a role of the library, found 'customer_support_agnt'" in problem["message"]
    assert "customer_support_agent" in problem["hint"]


def test_json_alone_on_standard_output_of_a_real_process() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "planner", "adjacency", "--role",
                           "accounts_payable_clerk", "--top", "4", "--json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    (role,) = json.loads(done.stdout)["roles"]
    assert role["role_id"] == "accounts_payable_clerk" and len(role["nearest"]) == 4
