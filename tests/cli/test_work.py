"""The CLI of issue 7: tasks import-onet / match-occupations / retag, tagger train / evaluate,
tag."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.work.library import load_library
from tests.conftest import SHARED

LABELS = SHARED / "gpts-are-gpts" / "full_labelset.tsv"
WAGES = SHARED / "bls-oes-2021" / "national_May2021_dl.csv"
runner = CliRunner()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def small_labels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The labels of every ninth occupation, as a file (fast to train on)."""
    if not LABELS.exists():
        pytest.skip("../shared/datasets/gpts-are-gpts/full_labelset.tsv is not beside the project")
    frame = pd.read_csv(LABELS, sep="\t", dtype=str, keep_default_na=False)
    codes = sorted(frame["O*NET-SOC Code"].unique())[::9]
    path = tmp_path_factory.mktemp("labels") / "small.tsv"
    frame[frame["O*NET-SOC Code"].isin(codes)].to_csv(path, sep="\t", index=False)
    return path


def test_import_onet_writes_a_library(small_labels: Path, tmp_path: Path) -> None:
    occ = tmp_path / "occ.txt"
    occ.write_text("11-1011.00\n13-2011\n")
    out = tmp_path / "lib"
    args = ["tasks", "import-onet", str(LABELS), "--out", str(out), "--occupations", str(occ),
            "--on-cost-rate", "0.3", "--json"]
    if WAGES.exists():
        args += ["--wages", str(WAGES)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["occupations"], doc["currency"]) == (2, "USD")
    assert "USDOL/ETA" in doc["attribution"]
    lib = load_library(out)
    assert set(lib.roles["role_id"]) == {"onet_11_1011_00", "onet_13_2011_00"}
    bad = runner.invoke(app, ["tasks", "import-onet", str(LABELS), "--out", str(out),
                              "--occupations", str(tmp_path / "none.txt")])
    assert bad.exit_code == 1


def test_match_occupations_reports_and_writes(small_labels: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("position_id,manager_position_id,job_title,team,fte\n"
                      "P1,,Chief Executive,Exec,1\nP2,P1,Accountant,Finance,1\n"
                      "P3,P1,Accountant,Finance,1\nP4,P1,Data Engineer,IT,1\n")
    ov = tmp_path / "ov.csv"
    ov.write_text("job_title,soc_code\nData Engineer,15-1252.00\n")
    out = tmp_path / "matches.csv"
    result = runner.invoke(app, ["tasks", "match-occupations", str(roster), "--labels",
                                 str(LABELS), "--overrides", str(ov), "--out", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    by_title = {t["job_title"]: t for t in doc["titles"]}
    assert by_title["Accountant"]["soc_code"] == "13-2011.00"
    assert by_title["Accountant"]["positions"] == 2
    assert by_title["Data Engineer"]["method"] == "override"
    assert doc["summary"] == {"ok": 3}
    assert pd.read_csv(out)["soc_code"].notna().all()
    # The matches feed the importer.
    lib_dir = tmp_path / "lib"
    result = runner.invoke(app, ["tasks", "import-onet", str(LABELS), "--out", str(lib_dir),
                                 "--occupations", str(out)])
    assert result.exit_code == 0, result.output
    assert len(load_library(lib_dir).roles) == 3
    text = runner.invoke(app, ["tasks", "match-occupations", str(roster), "--labels",
                               str(LABELS)])
    assert "3 titles: 2 ok" in flat(text.output)


def test_tagger_train_tag_and_retag(small_labels: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    result = runner.invoke(app, ["tagger", "train", "--labels", str(small_labels), "--out",
                                 str(model)])
    assert result.exit_code == 0, result.output
    assert (model / "weights.npz").exists()
    tasks = tmp_path / "tasks.csv"
    tasks.write_text("task_id,statement\nA,Key supplier invoices into the finance system.\n"
                     "B,Repair and repaint damaged fences.\n")
    out = tmp_path / "tagged.csv"
    result = runner.invoke(app, ["tag", str(tasks), "--model", str(model), "--out", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["tasks"]
    assert [r["task_id"] for r in rows] == ["A", "B"]
    assert {"label", "probability", "similar_1", "similar_3", "explanation"} <= set(rows[0])
    assert pd.read_csv(out).shape[0] == 2
    bad = runner.invoke(app, ["tag", str(tasks), "--model", str(tmp_path / "none")])
    assert bad.exit_code == 1 and "planner tagger train" in flat(bad.output)
    overrides = tmp_path / "ov.yaml"
    result = runner.invoke(app, ["tasks", "retag", "--model", str(model), "--labels",
                                 str(small_labels), "--out", str(overrides), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    tasks_of_library = len(load_library().tasks)
    assert summary["tasks"] == tasks_of_library
    assert summary["overridden"] + summary["kept_default"] == tasks_of_library
    assert set(summary["by_source"]) <= {"tagger", "O*NET label"}
    assert overrides.read_text().startswith("# Tag overrides from `planner tasks retag`")
    none = runner.invoke(app, ["tasks", "retag", "--out", str(overrides)])
    assert none.exit_code == 2


def test_tagger_evaluate_prints_gpt4_beside(small_labels: Path) -> None:
    result = runner.invoke(app, ["tagger", "evaluate", "--labels", str(small_labels)])
    assert result.exit_code == 0, result.output
    assert "GPT-4" in result.output and "tagger" in result.output
    doc = json.loads(runner.invoke(app, ["tagger", "evaluate", "--labels", str(small_labels),
                                         "--json"]).stdout)
    assert 0 < doc["gpt4_accuracy"] < 1 and 0 < doc["accuracy"] < 1



def test_tagger_evaluate_over_splits(small_labels: Path) -> None:
    result = runner.invoke(app, ["tagger", "evaluate", "--labels", str(small_labels),
                                 "--splits", "2"])
    assert result.exit_code == 0, result.output
    assert "mean ± sd" in result.output and "GPT-4" in result.output
    doc = json.loads(runner.invoke(app, ["tagger", "evaluate", "--labels", str(small_labels),
                                         "--splits", "2", "--json"]).stdout)
    assert [d["seed"] for d in doc["splits"]] == [1, 2]
    assert {"accuracy", "macro_f1", "gpt4_accuracy"} <= set(doc["splits"][0])
    assert 0 < doc["mean"]["accuracy"] < 1 and doc["std"]["accuracy"] >= 0
    one = json.loads(runner.invoke(app, ["tagger", "evaluate", "--labels", str(small_labels),
                                         "--seed", "2", "--json"]).stdout)
    assert one["seed"] == 2 and "splits" not in one
    assert one["accuracy"] == doc["splits"][1]["accuracy"]
    bad = runner.invoke(app, ["tagger", "evaluate", "--labels", str(small_labels),
                              "--splits", "1"])
    assert bad.exit_code != 0 and "at least 2 splits" in flat(bad.output)
