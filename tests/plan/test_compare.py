"""Comparing any number of plans side by side."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.plan.compare import compare, comparison_workbook
from planner.plan.run import run
from planner.plan.tables import write_plan
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_to_dict
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = load_scenario(ROOT / "models" / "williams_manpower.yaml")
    variants = {"cost": base, "redundancies": with_values(base, {"objective.kind":
                                                                  "min_redundancies"}),
                "tight_hiring": with_values(base, {"pools.2.hire_limit": 400})}
    out = []
    for name, sc in variants.items():
        plan, _ = run(sc)
        d = tmp_path_factory.mktemp("runs") / name
        write_plan(plan, d, scenario_to_dict(sc, absolute_paths=True))
        out.append(d)
    return out


def test_three_runs_side_by_side(three_runs: list[Path]) -> None:
    comp = compare(three_runs)
    assert comp.runs == ("cost", "redundancies", "tight_hiring")
    head = comp.headline.set_index("measure")
    assert list(head.columns) == list(comp.runs)
    assert head.at["redundancies", "redundancies"] == pytest.approx(841.797, rel=1e-6)
    assert head.at["total_cost", "cost"] == pytest.approx(498_677.29, rel=1e-6)
    assert head.at["total_cost", "tight_hiring"] > head.at["total_cost", "cost"]
    diff = comp.scenario_diff.set_index("setting")
    assert set(diff.index) == {"objective.kind", "pools.2.hire_limit"}
    assert diff.at["pools.2.hire_limit", "tight_hiring"] == 400
    assert len(comp.cost_centres) == 1 and len(comp.teams) == 1


def test_comparison_workbook_highlights_differences(three_runs: list[Path]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(comparison_workbook(compare(three_runs))))
    ws = wb["Headline"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    same, other = rows["fte_before"], rows["total_cost"]
    assert same[2].fill.fgColor.rgb in (None, "00000000")
    assert other[3].fill.fgColor.rgb.endswith("FFF2CC")


def test_compare_cli(three_runs: list[Path], tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["compare", *map(str, three_runs), "--json",
                                 "--out", str(tmp_path / "c.xlsx")])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert set(out) == {"Headline", "Cost centres", "Teams", "Scenario differences"}
    assert (tmp_path / "c.xlsx").exists()
    assert runner.invoke(app, ["compare", str(three_runs[0])]).exit_code == 2


def test_a_null_setting_and_an_absent_one_do_not_differ(three_runs: list[Path],
                                                        tmp_path: Path) -> None:
    import shutil

    import yaml

    copy = tmp_path / "cost_without_nulls"
    shutil.copytree(three_runs[0], copy)
    doc = yaml.safe_load((copy / "scenario.yaml").read_text(encoding="utf-8"))
    def drop_nulls(node):
        if isinstance(node, dict):
            return {k: drop_nulls(v) for k, v in node.items() if v is not None}
        return [drop_nulls(v) for v in node] if isinstance(node, list) else node

    assert drop_nulls(doc) != doc
    doc = drop_nulls(doc)
    (copy / "scenario.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert compare([three_runs[0], copy]).scenario_diff.empty
