"""`planner sweep`: CSV and Parquet results, the percentile summary, and errors that name
the key path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from planner.batch import read_results
from planner.cli import app
from tests.conftest import ROOT

runner = CliRunner()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    """The Williams problem with uncertain attrition in its sweep: section."""
    doc = yaml.safe_load((ROOT / "models" / "williams_manpower.yaml").read_text())
    doc["sweep"] = {"seed": 3, "samples": 4, "uncertain": {
        "pools.unskilled.attrition_long": {"dist": "uniform", "low": 0.05, "high": 0.2},
        "pools.skilled.attrition_new": {"dist": "beta", "alpha": 2, "beta": 4, "low": 0.05,
                                        "high": 0.3}}}
    path = tmp_path_factory.mktemp("cli") / "williams_sweep.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_sweep_writes_results_and_prints_percentiles(scenario, tmp_path, suffix):
    out = tmp_path / f"results{suffix}"
    result = runner.invoke(app, ["sweep", str(scenario), "--set",
                                 "levers.overstaffing.total=150,50", "--samples", "3",
                                 "--workers", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "sweep: 6 runs" in text and "status: optimal 6" in text
    assert "P10 / P50 / P90" in text and "total_cost" in text and "redundancies" in text
    assert "what moves total cost most" in text
    df = read_results(out)
    assert len(df) == 6 and set(df["levers.overstaffing.total"]) == {150, 50}
    assert {"pools.unskilled.attrition_long", "pools.skilled.attrition_new"} <= set(df.columns)


def test_sweep_json_summary(scenario, tmp_path):
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["sweep", str(scenario), "--workers", "1", "--out", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["runs"] == 4 and payload["statuses"] == {"optimal": 4}
    cost = next(r for r in payload["percentiles"] if r["figure"] == "total_cost")
    assert cost["p10"] <= cost["p50"] <= cost["p90"]
    assert {r["input"] for r in payload["tornado"]} == {"pools.unskilled.attrition_long",
                                                          "pools.skilled.attrition_new"}


@pytest.mark.parametrize(("args", "match"), [
    (["--set", "pools.skiled.hire_limit=1,2"],
     "sweep.grid.pools.skiled.hire_limit: pools.skiled.hire_limit: expected the role of an "
     "item of pools (unskilled, semi_skilled, skilled) or an index, found 'skiled' (did you "
     "mean 'skilled'?)"),
    (["--set", "levers.overstaffing.total"], "expected PATH=V1,V2,..."),
    (["--set", "levers.span.max=8,[10"], "levers.span.max: expected values separated by "
     "commas, found '8,[10'"),
    (["--samples", "-1"], "sweep.samples"),
])
def test_bad_sweeps_exit_1_naming_the_key_path(scenario, tmp_path, args, match):
    result = runner.invoke(app, ["sweep", str(scenario), *args, "--out",
                                 str(tmp_path / "r.csv")])
    assert result.exit_code == 1
    assert match in " ".join(result.output.split())


def test_workers_and_scheduler_together_are_a_usage_error(scenario, tmp_path):
    result = runner.invoke(app, ["sweep", str(scenario), "--workers", "2", "--scheduler",
                                 "tcp://127.0.0.1:8786", "--out", str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert "not both" in result.output
