"""Sweeps end to end: the results table, failed runs kept as rows, the hard kill of a run
that ignores its time limit, resuming, and local processes against a Dask LocalCluster."""

from __future__ import annotations

import pandas as pd
import pytest

import planner
from planner.batch import (
    COLUMNS,
    LocalExecutor,
    ResultsFile,
    percentiles,
    plan_sweep,
    read_results,
    tidy,
    validate,
)
from planner.errors import PlannerError
from planner.scenario.load import load_scenario
from planner.scenario.model import Sweep
from tests.batch.conftest import GRID, UNCERTAIN, WILLIAMS
from tests.conftest import ROOT

PUSH = ROOT / "models" / "automation_push.yaml"
TIMING = ["seconds", "solve_seconds", "worker"]


def test_results_table_has_one_row_per_run(williams_results):
    df, out, calls = williams_results
    assert len(df) == 12 and df["run_id"].tolist() == list(range(12))
    assert list(df.columns[:4]) == list(COLUMNS[:4])
    assert list(df.columns[4:7]) == [*GRID, *UNCERTAIN]
    assert list(df.columns[7:]) == list(COLUMNS[4:])
    validate(df)
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)
    written = read_results(out)
    pd.testing.assert_frame_equal(written, df, check_dtype=False)


def test_infeasible_runs_are_rows_with_a_message(williams_results):
    df = williams_results[0]
    bad = df[df["pools.skilled.hire_limit"] == 0]
    assert len(bad) == 6 and set(bad["status"]) == {"infeasible"}
    assert bad["message"].str.contains("no plan \\(infeasible\\)").all()
    assert bad["total_cost"].isna().all()
    good = df[df["pools.skilled.hire_limit"] == 500]
    assert set(good["status"]) == {"optimal"} and good["total_cost"].notna().all()
    pct = percentiles(df, by=list(GRID))
    row = pct[(pct["pools.skilled.hire_limit"] == 0) & (pct["figure"] == "total_cost")
              & (pct["levers.overstaffing.total"] == 150)]
    assert row["runs"].item() == 3 and row["with_plan"].item() == 0


def test_resume_runs_only_what_is_missing(williams_results, tmp_path):
    df, out, _ = williams_results
    spec = Sweep.model_validate({"grid": GRID, "samples": 3, "seed": 5,
                                 "uncertain": UNCERTAIN})
    plan = plan_sweep(load_scenario(WILLIAMS), spec)
    # An interrupted sweep: a finished file of 5 runs plus a part file of 2 more.
    partial = tmp_path / "partial.csv"
    df.iloc[:5].to_csv(partial, index=False)
    store = ResultsFile(partial, plan.spec_hash, flush_rows=100)
    for _, r in df.iloc[5:7].iterrows():
        store.add(r.to_dict())
    store.flush()
    assert store.parts.exists()
    calls: list[tuple[int, int]] = []
    again = planner.sweep(WILLIAMS, grid=GRID, samples=3, seed=5, uncertain=UNCERTAIN,
                          workers=2, out=partial, progress=lambda d, n: calls.append((d, n)))
    assert calls[0] == (7, 12) and len(calls) == 6  # five runs done, not twelve
    assert not store.parts.exists()
    pd.testing.assert_frame_equal(again.drop(columns=TIMING), df.drop(columns=TIMING),
                                  check_dtype=False)
    kept = again.set_index("run_id")["worker"]
    assert (kept.loc[:6] == df.set_index("run_id")["worker"].loc[:6]).all()


def test_a_file_of_another_sweep_is_not_mixed(williams_results):
    df, out, _ = williams_results
    with pytest.raises(PlannerError, match=r"expected results of this sweep .* found "
                       r"results of another .*start it afresh \(overwrite\)"):
        planner.sweep(WILLIAMS, grid=GRID, samples=3, seed=6, uncertain=UNCERTAIN,
                      workers=1, out=out)


def test_a_run_that_ignores_its_time_limit_is_killed(tmp_path):
    sc = load_scenario(WILLIAMS)
    # a limit a normal run (a fresh worker reading its inputs) meets even on a busy machine
    plan = plan_sweep(sc, Sweep(grid={"solver.gap": [0.001, 0.5, 0.002]}, time_limit=2.0))
    from planner.batch.worker import WorkerContext
    from planner.scenario.model import scenario_to_dict

    ctx = WorkerContext(scenario_to_dict(plan.scenario, absolute_paths=True),
                        plan.scenario.base_dir, plan.time_limit,
                        runner="tests.batch.sweep_helpers:slow_runner")
    rows = {r["run_id"]: r for r in LocalExecutor(workers=1, grace=1.0).run(ctx, plan.jobs)}
    assert rows[1]["status"] == "timeout"
    assert "ignored its time limit of 2 s" in rows[1]["message"]
    assert 2.9 < rows[1]["seconds"] < 20
    # The worker was replaced: the run after the killed one is solved by a new process.
    assert rows[0]["status"] == rows[2]["status"] == "optimal"
    assert rows[0]["worker"] != rows[2]["worker"]
    table = tidy(list(rows.values()), plan.spec_hash)
    validate(table)


def test_local_processes_and_a_dask_cluster_give_the_same_numbers(tmp_path):
    distributed = pytest.importorskip(
        "distributed", reason="the distributed extra (dask[distributed]) is not installed: "
        "pip install -e '.[distributed]'")
    uncertain = {"automatable_share.all": {"dist": "triangular", "low": 0.6, "mode": 1.0,
                                           "high": 1.1, "per_task": True,
                                           "correlation": 0.5},
                 "capabilities.document_ai.cost_per_hour": {"dist": "uniform", "low": 6,
                                                            "high": 36}}
    local = planner.sweep(PUSH, samples=4, seed=9, uncertain=uncertain, workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dask = planner.sweep(PUSH, samples=4, seed=9, uncertain=uncertain, executor=client)
    assert set(local["status"]) == {"optimal"}
    pd.testing.assert_frame_equal(local.drop(columns=TIMING), dask.drop(columns=TIMING))
    assert local["total_cost"].nunique() == 4
