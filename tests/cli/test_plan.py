"""`planner run` and `planner check` on the shipped scenarios."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.io.plan_folder import SUMMARY_FILE
from tests.conftest import ROOT

runner = CliRunner()
MODELS = ROOT / "models"
SUMMARY_KEYS = {"status", "objective", "fte_before", "fte_after", "run_rate_cost_before",
                "run_rate_cost_after", "one_off_cost", "redundancies", "redeployments", "hires",
                "attrition", "ai_hours", "solve_seconds", "model_size"}
TABLES = ("staffing", "work", "capabilities", "teams", "costs", "constraints")


@pytest.mark.parametrize("model", sorted(p.name for p in MODELS.glob("*.yaml")))
def test_every_shipped_model_runs_to_a_checked_plan(tmp_path: Path, model: str) -> None:
    out = tmp_path / "plan"
    result = runner.invoke(app, ["run", str(MODELS / model), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert SUMMARY_KEYS <= set(summary)
    assert summary["status"] == "optimal"
    assert set(summary["model_size"]) == {"variables", "constraints", "nonzeros"}
    for table in TABLES:
        assert (out / f"{table}.csv").exists()
    assert json.loads((out / "plan.json").read_text())["status"] == "optimal"
    check = runner.invoke(app, ["check", str(out), "--json"])
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["ok"] is True


def test_williams_objective_override_and_set(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"), "--json",
                                 "--objective", "min_redundancies", "--backend", "cbc"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["objective"] == pytest.approx(841.797, rel=1e-6)
    result = runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"), "--json",
                                 "--set", "pools.2.hire_limit=400"])
    assert json.loads(result.stdout)["objective"] > 498_677.29


def test_export_model(tmp_path: Path) -> None:
    mps = tmp_path / "w.mps"
    result = runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"),
                                 "--export-model", str(mps)])
    assert result.exit_code == 0
    assert mps.read_text().startswith(("NAME", "*"))


def test_bad_scenario_exits_1_with_key_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npools: [{role: a, initial: 1, demand: [1]}]\nlevers: {spna: 1}\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["run", str(bad)])
    assert result.exit_code == 1
    assert "levers.spna" in result.output and "span" in result.output


@pytest.mark.parametrize(("item", "shown"), [
    ("levers.span.max=[10", "levers.span.max: expected a YAML value (a number, true or false, "
     "text or a [list]), found '[10'"),
    ("levers.span.max", "levers.span.max: expected PATH=VALUE"),
    ("levers.spna.max=10", "levers.spna"),
])
def test_bad_set_exits_1_naming_the_key_path(item: str, shown: str) -> None:
    result = runner.invoke(app, ["run", str(MODELS / "attrition_only.yaml"), "--set", item])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # not a traceback
    assert shown in " ".join(result.output.split())


def test_infeasible_run_exits_1_and_explains(tmp_path: Path) -> None:
    sc = tmp_path / "inf.yaml"
    sc.write_text("name: impossible\nhorizon: {periods: 1, period: year}\n"
                  "pools: [{role: a, initial: 10, demand: [50], hire_limit: 0}]\n",
                  encoding="utf-8")
    result = runner.invoke(app, ["run", str(sc), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["status"] == "infeasible"
    assert summary["conflicts"][0] == ("No plan as set: the hire limit of a must rise from 0 "
                                       "to at least 48 a period.")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def pledge_40_json() -> tuple[int, dict]:
    done = _cli("run", str(MODELS / "attrition_only.yaml"), "--set",
                "levers.savings_target=0.4", "--json")
    return done.returncode, json.loads(done.stdout)


def test_infeasible_run_carries_the_relaxations_as_json(pledge_40_json) -> None:
    """A real process: the relaxations are data, and the run exits 1."""
    code, summary = pledge_40_json
    assert code == 1 and summary["status"] == "infeasible"
    by_key = {r["key"]: r for r in summary["relax"]}
    savings = by_key["levers.savings_target"]
    assert savings["value"] == 0.4 and savings["resolves"]
    assert 0 < savings["nearest_feasible"] < 0.4
    assert savings["unit"] == "share of the run-rate cost" and savings["sentence"]
    pledge = by_key["levers.no_redundancy"]
    assert pledge["value"] is True and pledge["reaches"] > savings["nearest_feasible"]
    assert {"team", "function", "amount", "roles"} <= set(pledge["teams"][0])
    assert summary["conflicts"][0].startswith("With the no-redundancy pledge, the most this "
                                              "plan can save is ")
    assert summary["conflict_detail"]
    assert summary["explanations"][:len(summary["conflicts"])] == summary["conflicts"]


def test_infeasible_run_leads_with_the_plain_sentence(pledge_40_json) -> None:
    done = _cli("run", str(MODELS / "attrition_only.yaml"), "--set",
                "levers.savings_target=0.4")
    assert done.returncode == 1
    lines = [x for x in done.stdout.splitlines() if x.strip() and "───" not in x]
    assert lines[0] == "infeasible: no plan."
    text = " ".join(done.stdout.split())
    assert text.split("infeasible: no plan. ", 1)[1].startswith(
        pledge_40_json[1]["conflicts"][0])
    assert "detail for experts:" in text and "Data Analyst" in text


def test_check_finds_a_tampered_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"), "--out", str(out)])
    staffing = (out / "staffing.csv").read_text().splitlines()
    cells = staffing[1].split(",")
    cells[8] = str(float(cells[8]) + 5)  # five more redundancies than the flows allow
    staffing[1] = ",".join(cells)
    (out / "staffing.csv").write_text("\n".join(staffing) + "\n")
    result = runner.invoke(app, ["check", str(out), "--json"])
    assert result.exit_code == 1
    failed = {c["check"] for c in json.loads(result.stdout)["checks"] if not c["ok"]}
    assert "flows_conserve_fte" in failed


def test_the_need_said_next_to_a_value_is_what_that_value_needs(pledge_40_json) -> None:
    """"Without it the most is 13%, with about N redundancies": N is what a run at 13% takes
    (the fewest redundancies that reach it), not what the unrounded best (13.8%) takes."""
    summary = pledge_40_json[1]
    pledge = {r["key"]: r for r in summary["relax"]}["levers.no_redundancy"]
    reaches, needs = pledge["reaches"], pledge["needs"]
    done = _cli("run", str(MODELS / "attrition_only.yaml"), "--set",
                f"levers.savings_target={reaches}", "--set", "levers.no_redundancy=false",
                "--set", "objective.kind=min_redundancies", "--json")
    again = json.loads(done.stdout)
    assert done.returncode == 0 and again["status"] == "optimal"
    # "About": the relaxation is solved once, without the rule loop (no one moved into a
    # pool to be made redundant there) that the run then applies, which may cost one more.
    assert needs == pytest.approx(again["redundancies"], abs=1.5)
    assert f"the most is {reaches:.0%}, with about {needs:,.0f} redundancies" in " ".join(
        summary["conflicts"][0].split())


def test_saving_a_run_leaves_the_plan_as_the_pipeline_returned_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.plan.run as pipeline

    returned = []
    solve = pipeline.run

    def keep(*args, **kwargs):
        plan, built = solve(*args, **kwargs)
        returned.append((plan, dict(plan.summary)))
        return plan, built

    monkeypatch.setattr(pipeline, "run", keep)
    result = runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"), "--json",
                                 "--save", "--store", f"sqlite:///{tmp_path / 's.db'}"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)["store"]) == {"scenario_id", "version", "run_id"}
    ((plan, summary_then),) = returned
    assert plan.summary == summary_then and "store" not in plan.summary  # not mutated


def test_a_saved_run_says_its_run_id_to_compare_it_by(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 's.db'}"
    args = ["run", str(MODELS / "williams_manpower.yaml"), "--save", "--store", store]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    text = second.output.replace("\n", " ")
    assert "saved in the store as version 2 of the scenario, run 2" in text
    assert "planner compare run:2" in text


def test_a_plan_folder_written_before_coverage_still_checks_and_compares(
        tmp_path: Path) -> None:
    folder = tmp_path / "new"
    done = runner.invoke(app, ["run", str(MODELS / "automation_push.yaml"), "--out",
                               str(folder)])
    assert done.exit_code == 0, done.output
    old = shutil.copytree(folder, tmp_path / "old")
    summary = json.loads((old / SUMMARY_FILE).read_text(encoding="utf-8"))
    del summary["role_coverage"]
    (old / SUMMARY_FILE).write_text(json.dumps(summary), encoding="utf-8")
    check = runner.invoke(app, ["check", str(old), "--json"])
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["ok"] is True
    compared = runner.invoke(app, ["compare", str(old), str(folder)])
    assert compared.exit_code == 0, compared.output


def test_planner_run_states_the_coverage_before_the_figures() -> None:
    result = runner.invoke(app, ["run", str(MODELS / "automation_push.yaml")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    sentence = ("Under 1% of FTE (1.0 of 1,423) have no confident role: 1.0 FTE match one "
                "with low confidence. Most affected: Data & Analytics 1 (1.0 FTE, 100% of "
                "the team).")
    assert sentence in text
    assert text.index(sentence) < text.index("optimal (highs") < text.index("people:")
    # The sample org's 53 vacant posts (51.2 FTE): unfunded, the plan keeps them all.
    assert text.index("people:") < text.index(
        "Vacancies: 0 posts closed (0.0 FTE), 0 filled, 53 kept")


def test_run_with_the_laws_dates_set_on_the_command_line(tmp_path: Path) -> None:
    """``--set 'levers.compliance.rules=[uk]'`` dates the plan: announced early enough, the
    run says what the law requires and writes the compliance table; announced on the plan's
    first day, a yearly plan cannot make its first year's exits, and says so first."""
    out = tmp_path / "plan"
    rules = ["--set", "levers.compliance.rules=[uk]"]
    result = runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"), *rules,
                                 "--set", "levers.compliance.announce_on=2026-09-01",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "dates and the law" in said and "announced 2026-09-01" in said
    assert (out / "compliance.csv").exists()
    late = runner.invoke(app, ["run", str(MODELS / "williams_manpower.yaml"), *rules])
    assert late.exit_code == 1
    assert "No plan as set once its redundancies are dated as the law requires" in " ".join(
        late.output.split())
