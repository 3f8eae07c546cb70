"""The scenario and run store: versions, runs, concurrent writers, interrupted saves."""

from __future__ import annotations

import multiprocessing as mp
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


def test_versions_are_immutable_and_chained(tmp_path: Path) -> None:
    st = Store(url(tmp_path))
    body = {"name": "Plan A", "x": 1}
    a = st.save_scenario(body, author="hr", note="first")
    b = st.save_scenario({**body, "x": 2}, note="second")
    assert (a.version, b.version) == (1, 2)
    assert st.scenario(a.id)["body"]["x"] == 1
    assert st.scenario(b.id)["parent_version"] == 1
    assert list(st.scenarios()["version"]) == [2, 1]
    with pytest.raises(StoreError, match="scenario id"):
        st.scenario(999)


def test_runs_round_trip_to_a_checked_plan(tmp_path: Path) -> None:
    sc = load_scenario(WILLIAMS)
    st = Store(url(tmp_path))
    saved = st.save_scenario(sc)
    assert st.scenario(saved.id)["body"] == scenario_document(sc)
    plan, _ = run(sc)
    run_ids = [st.save_run(saved.id, plan.summary, plan.tables) for _ in range(2)]
    runs = st.runs()
    assert len(runs) == 2 and runs["objective"].iloc[0] == pytest.approx(498_677.29, rel=1e-6)
    folders = [st.export_run(r, tmp_path / f"run{r}") for r in run_ids]
    assert check_plan(folders[0]).ok
    comp = compare(folders)
    assert comp.headline.set_index("measure").loc["total_cost"].nunique() == 1
    st.delete_scenario(saved.id)
    assert st.runs().empty and st.scenarios().empty


def _writer(args: tuple[str, int]) -> list[int]:
    db, k = args
    st = Store(db)
    return [st.save_scenario({"name": "shared", "writer": k, "i": i}).version for i in range(8)]


def test_concurrent_writers_do_not_corrupt_the_store(tmp_path: Path) -> None:
    db = url(tmp_path)
    Store(db)  # create the tables first
    with mp.get_context("spawn").Pool(4) as pool:
        results = pool.map(_writer, [(db, k) for k in range(4)])
    versions = sorted(v for r in results for v in r)
    assert versions == list(range(1, 33))
    scen = Store(db).scenarios()
    assert len(scen) == 32 and scen["version"].is_unique


def test_an_interrupted_save_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    st = Store(url(tmp_path))
    saved = st.save_scenario({"name": "A"})

    class Boom(pd.DataFrame):
        def to_csv(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        st.save_run(saved.id, {"status": "optimal"}, {"staffing": pd.DataFrame({"a": [1]}),
                                                       "costs": Boom({"a": [1]})})
    assert st.runs().empty
    assert len(st.scenarios()) == 1


def test_store_cli(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from planner.cli import app

    runner = CliRunner()
    db = url(tmp_path)
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
