"""The scenario and run store: versions, runs, concurrent writers, interrupted saves, the
schema's migrations; each test on SQLite and on PostgreSQL (the ``store_url`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.plan.check import check_plan
from planner.plan.compare import compare
from planner.plan.run import run
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_document
from planner.store import Store, StoreError
from tests.conftest import ROOT

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"


def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'planner.db'}"


@pytest.fixture(scope="module")
def williams():
    """The Williams scenario and its plan, solved once for the module."""
    sc = load_scenario(WILLIAMS)
    return sc, run(sc)[0]


def test_versions_are_immutable_and_chained(store_url: str) -> None:
    st = Store(store_url)
    body = {"name": "Plan A", "x": 1}
    a = st.save_scenario(body, author="hr", note="first")
    b = st.save_scenario({**body, "x": 2}, note="second")
    assert (a.version, b.version) == (1, 2)
    assert st.scenario(a.id)["body"]["x"] == 1
    assert st.scenario(b.id)["parent_version"] == 1
    assert list(st.scenarios()["version"]) == [2, 1]
    with pytest.raises(StoreError, match="scenario id"):
        st.scenario(999)


def test_runs_round_trip_to_a_checked_plan(store_url: str, tmp_path: Path, williams) -> None:
    sc, plan = williams
    st = Store(store_url)
    saved = st.save_scenario(sc)
    assert st.scenario(saved.id)["body"] == scenario_document(sc)
    run_ids = [st.save_run(saved.id, plan.summary, plan.tables) for _ in range(2)]
    runs = st.runs()
    assert len(runs) == 2 and runs["objective"].iloc[0] == pytest.approx(498_677.29, rel=1e-6)
    assert check_plan(st.export_run(run_ids[0], tmp_path / "run")).ok
    comp = compare({f"run {r}": st.run_plan(r) for r in run_ids})
    assert comp.headline.set_index("measure").loc["total_cost"].nunique() == 1
    st.delete_scenario(saved.id)
    assert st.runs().empty and st.scenarios().empty


def test_save_plan_keeps_what_every_face_saves(store_url: str) -> None:
    """``planner run --save`` and the app's Save both call save_plan: the scenario's one
    document with its roster files' hashes, and the plan with its explanations."""
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    plan, _ = run(sc)
    st = Store(store_url)
    saved = st.save_plan(sc, plan, author="hr", note="first")
    version = st.scenario(saved.scenario.id)
    assert version["body"] == scenario_document(sc) and version["note"] == "first"
    assert list(version["input_hashes"]) == [Path(f).name for f in sc.inputs.roster_files]
    summary, tables, body = st.run_plan(saved.run_id)
    assert plan.explanations and summary["explanations"] == list(plan.explanations)
    assert body == scenario_document(sc) and set(tables) == set(plan.tables)
    assert st.runs()["approval"].tolist() == [""]  # a draft's run: no approval to compare with


def test_compare_cli_takes_stored_runs_and_folders_without_writing_a_folder(
        store_url: str, tmp_path: Path, monkeypatch, williams) -> None:
    import json

    from typer.testing import CliRunner

    from planner.cli import app
    from planner.plan.tables import write_plan

    sc, plan = williams
    st = Store(store_url)
    run_id = st.save_run(st.save_scenario(sc).id, plan.summary, plan.tables)
    folder = write_plan(plan, tmp_path / "run 1", scenario_document(sc))

    def no_folder(*args, **kwargs):
        raise AssertionError("compare wrote the stored run as a folder")

    monkeypatch.setattr(Store, "export_run", no_folder)
    result = CliRunner().invoke(app, ["compare", f"run:{run_id}", str(folder),
                                      "--json", "--store", store_url])
    assert result.exit_code == 0, result.output
    head = {r["measure"]: r for r in json.loads(result.stdout)["Headline"]}
    assert list(head["total_cost"])[1:] == ["run 1", "run 1'"]  # a column each, told apart
    assert head["total_cost"]["run 1"] == pytest.approx(head["total_cost"]["run 1'"])


def test_an_interrupted_save_leaves_the_store_as_it_was(store_url: str) -> None:
    st = Store(store_url)
    saved = st.save_scenario({"name": "A"})

    class Boom(pd.DataFrame):
        def to_csv(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        st.save_run(saved.id, {"status": "optimal"}, {"staffing": pd.DataFrame({"a": [1]}),
                                                       "costs": Boom({"a": [1]})})
    assert st.runs().empty
    assert len(st.scenarios()) == 1
    assert st.audit()["action"].tolist() == ["save"]  # the run's audit entry went with it


def test_store_cli(store_url: str, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from planner.cli import app

    runner = CliRunner()
    db = store_url
    r = runner.invoke(app, ["run", str(WILLIAMS), "--save", "--store", db, "--json"])
    assert r.exit_code == 0
    ids = json.loads(r.stdout)["store"]
    assert ids["version"] == 1
    r = runner.invoke(app, ["store", "save", str(WILLIAMS), "--store", db, "--note", "again"])
    assert r.exit_code == 0 and "version 2" in r.stdout
    listing = json.loads(runner.invoke(app, ["store", "list", "--store", db, "--json"]).stdout)
    assert len(listing["scenarios"]) == 2 and len(listing["runs"]) == 1
    out = tmp_path / "run"
    assert runner.invoke(app, ["store", "export-run", str(ids["run_id"]), "--out", str(out),
                               "--store", db]).exit_code == 0
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0
    assert runner.invoke(app, ["store", "show", "99", "--store", db]).exit_code == 1
    assert runner.invoke(app, ["store", "delete", str(ids["scenario_id"]), "--store",
                               db]).exit_code == 0


def test_compare_three_saved_runs_in_one_table(tmp_path: Path) -> None:
    """Compare's reading of three stored runs (SQLite only: the store's part of it is
    test_compare_cli_takes_stored_runs_and_folders_without_writing_a_folder's on both)."""
    import json

    from typer.testing import CliRunner

    from planner.cli import app

    runner = CliRunner()
    db = url(tmp_path)
    models = ["automation_push", "attrition_only", "reinvest_growth"]
    ids = []
    for m in models:
        r = runner.invoke(app, ["run", str(ROOT / "models" / f"{m}.yaml"), "--save", "--store",
                                db, "--json"])
        assert r.exit_code == 0
        ids.append(json.loads(r.stdout)["store"]["run_id"])
    r = runner.invoke(app, ["compare", *[f"run:{i}" for i in ids], "--store", db, "--json"])
    assert r.exit_code == 0, r.output
    head = json.loads(r.stdout)["Headline"]
    row = {x["measure"]: x for x in head}
    assert len(row["fte_after"]) == 4  # the measure and three runs
    assert row["redundancies"][f"run {ids[1]}"] == 0  # the attrition-only pledge

