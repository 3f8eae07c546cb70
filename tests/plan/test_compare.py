"""Comparing any number of plans side by side."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from planner.cli import app
from planner.plan.compare import compare, comparison_workbook
from planner.plan.finance import PlanParts
from planner.plan.run import run
from planner.plan.tables import Plan, write_plan
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_to_dict
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def three_plans() -> dict[str, tuple[Plan, dict]]:
    """Three runs of the Williams scenario in memory: label -> (plan, scenario document)."""
    base = load_scenario(ROOT / "models" / "williams_manpower.yaml")
    variants = {"cost": base, "redundancies": with_values(base, {"objective.kind":
                                                                  "min_redundancies"}),
                "tight_hiring": with_values(base, {"pools.2.hire_limit": 400})}
    return {name: (run(sc)[0], scenario_to_dict(sc, absolute_paths=True))
            for name, sc in variants.items()}


def parts(plans: dict[str, tuple[Plan, dict]]) -> dict[str, PlanParts]:
    return {k: (p.summary, p.tables, doc) for k, (p, doc) in plans.items()}


@pytest.fixture(scope="module")
def three_runs(three_plans, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same runs written as plan folders (what the CLI compares)."""
    out = []
    for name, (plan, doc) in three_plans.items():
        d = tmp_path_factory.mktemp("runs") / name
        write_plan(plan, d, doc)
        out.append(d)
    return out


def test_three_runs_side_by_side(three_plans) -> None:
    comp = compare(parts(three_plans))
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


def test_plans_in_memory_are_compared_without_a_folder(three_plans, monkeypatch) -> None:
    import pandas as pd

    import planner.io.plan_folder as plan_folder

    def no_disk(*args, **kwargs):
        raise AssertionError("compare read a file")

    monkeypatch.setattr(plan_folder, "read_plan_folder", no_disk)
    monkeypatch.setattr(pd, "read_csv", no_disk)
    two = dict(list(parts(three_plans).items())[:2])
    comp = compare(two)
    assert comp.runs == ("cost", "redundancies")
    assert comp.scenario_diff["setting"].tolist() == ["objective.kind"]


def test_plans_read_back_from_folders_compare_as_in_memory(three_plans, three_runs) -> None:
    from planner.io.plan_folder import read_plan_folder

    folders = {f.name: read_plan_folder(f) for f in three_runs}
    on_disk = compare({k: (f.summary, f.tables, f.scenario) for k, f in folders.items()})
    in_memory = compare(parts(three_plans))
    assert_frame_equal(on_disk.headline, in_memory.headline)
    assert_frame_equal(on_disk.scenario_diff, in_memory.scenario_diff)


def test_comparison_workbook_highlights_differences(three_plans) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(comparison_workbook(compare(parts(three_plans)))))
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


def test_a_null_setting_and_an_absent_one_do_not_differ(three_plans) -> None:
    plan, doc = three_plans["cost"]

    def drop_nulls(node):
        if isinstance(node, dict):
            return {k: drop_nulls(v) for k, v in node.items() if v is not None}
        return [drop_nulls(v) for v in node] if isinstance(node, list) else node

    assert drop_nulls(doc) != doc
    runs = {"cost": (plan.summary, plan.tables, doc),
            "cost_without_nulls": (plan.summary, plan.tables, drop_nulls(doc))}
    assert compare(runs).scenario_diff.empty
