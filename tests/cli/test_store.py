"""``planner store`` review commands: draft to approved with comments and history, refusals
exiting 1 with the reason, roles and the chain; through CliRunner and a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.conftest import ROOT

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"
runner = CliRunner()


def cli(*args: str):  # noqa: ANN201
    return runner.invoke(app, [str(a) for a in args])


def words(text: str) -> str:
    """The text whatever the console's wrapping."""
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def wide_console(monkeypatch) -> None:
    from planner.cli import render

    monkeypatch.setattr(render.console, "width", 200)


def test_a_scenario_from_draft_to_approved_with_its_history(store_url: str) -> None:
    r = cli("run", WILLIAMS, "--save", "--store", store_url, "--json", "--by", "ann")
    assert r.exit_code == 0, r.output
    sid = json.loads(r.stdout)["store"]["scenario_id"]
    r = cli("store", "submit", sid, "--by", "ann", "--comment", "the cheapest plan",
            "--store", store_url, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["state"] == "submitted"
    r = cli("store", "approve", sid, "--by", "ann", "--store", store_url, "--json")
    assert r.exit_code == 1 and "four-eyes rule" in r.output and r.stdout == ""
    r = cli("store", "comment", sid, "--by", "fin", "--comment", "severance checked",
            "--store", store_url)
    assert r.exit_code == 0 and "submitted" in r.stdout
    r = cli("store", "approve", sid, "--by", "bob", "--comment", "agreed", "--store", store_url,
            "--json")
    answer = json.loads(r.stdout)
    assert answer["id"] == sid and answer["state"] == "approved"
    assert [(h["action"], h["who"], h["comment"], h["state"]) for h in answer["history"]] == [
        ("save", "ann", "", "draft"), ("run", "ann", "", "draft"),
        ("submit", "ann", "the cheapest plan", "submitted"),
        ("comment", "fin", "severance checked", "submitted"),
        ("approve", "bob", "agreed", "approved")]
    assert all(h["when"] and h["authenticated"] is False and h["face"] == "cli"
               for h in answer["history"])
    r = cli("store", "history", sid, "--store", store_url)
    assert r.exit_code == 0 and "bob (not authenticated)" in r.stdout
    r = cli("store", "delete", sid, "--store", store_url)
    assert r.exit_code == 1 and "approved and cannot be deleted" in r.output
    shown = json.loads(cli("store", "show", sid, "--store", store_url).stdout)
    assert shown["approval"]["figures"]["status"] == "optimal"


def test_save_json_by_author_and_roles(store_url: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_USER", "carol")
    r = cli("store", "save", WILLIAMS, "--store", store_url, "--json")
    assert r.exit_code == 0, r.output
    first = json.loads(r.stdout)
    assert first["state"] == "draft" and first["version"] == 1
    r = cli("store", "save", WILLIAMS, "--store", store_url, "--json", "--author", "dan")
    second = json.loads(r.stdout)["id"]
    listing = json.loads(cli("store", "list", "--store", store_url, "--json").stdout)
    assert {s["id"]: s["author"] for s in listing["scenarios"]} == {first["id"]: "carol",
                                                                    second: "dan"}
    r = cli("store", "role", "list", "--store", store_url)
    assert "everyone holds every role" in r.stdout
    r = cli("store", "role", "grant", "dan", "approver", "--store", store_url)
    assert r.exit_code == 1 and "the first role given must be admin" in words(r.output)
    assert cli("store", "role", "grant", "carol", "admin", "--store",
               store_url).exit_code == 0
    r = cli("store", "role", "grant", "dan", "admin", "--by", "dan", "--store", store_url)
    assert r.exit_code == 1 and "needs the admin role" in r.output
    r = cli("store", "chain", "hr", "finance:cost>100,000", "--store", store_url)
    assert r.exit_code == 0, r.output
    assert "hr then finance above a one-off cost of 100,000" in r.stdout
    r = cli("store", "chain", "finance:cost=5", "--store", store_url)
    assert r.exit_code == 1 and "expected ROLE, ROLE:cost>AMOUNT" in r.output
    r = cli("store", "submit", second, "--by", "dan", "--store", store_url)
    assert r.exit_code == 1 and "submitting needs the planner role" in r.output


def test_the_commands_in_a_real_process(tmp_path: Path) -> None:
    """The console's own process: the JSON answer alone on standard output, a refusal's
    reason on standard error with exit code 1."""
    db = f"sqlite:///{tmp_path / 'planner.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_USER": "ann"}

    def planner(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "planner.cli", *args, "--store", db],
                              capture_output=True, text=True, env=env, timeout=120)

    from planner.store import Store

    st = Store(db)
    sid = str(st.save_scenario({"name": "Plan A"}, by="ann").id)
    st.submit(int(sid), by="ann")
    refused = planner("store", "approve", sid, "--json")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "ann submitted this version and cannot approve" in words(refused.stderr)
    done = planner("store", "approve", sid, "--by", "bob", "--comment", "fine", "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["state"] == "approved" and answer["history"][-1]["comment"] == "fine"
