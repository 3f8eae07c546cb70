"""A sweep's results table: its columns and dtypes, its schema, the file written as runs
finish and read back to resume, and the summaries (percentiles, team cuts, tornado). Tables
are built in code; the shared Williams sweep (tests/batch/conftest.py) checks the
summaries on real runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from planner.batch.results import (
    COLUMNS,
    ResultsFile,
    parameter_columns,
    percentiles,
    read_results,
    team_cuts,
    tidy,
    tornado,
    validate,
)
from planner.errors import PlannerError
from tests.batch.conftest import GRID, UNCERTAIN

COST = "levers.attrition.long"


def runs(n: int = 10) -> list[dict]:
    """``n`` runs of a sweep over one input: the cost rises with it; the last run has no
    plan."""
    rows = []
    for i in range(n):
        plan = i < n - 1
        rows.append({"run_id": i, "grid_point": 0, "sample": i, COST: 0.01 * i,
                     "levers.seed_text": "x", "status": "optimal" if plan else "infeasible",
                     "message": None if plan else "no plan (infeasible)",
                     "total_cost": 1000.0 + 100 * i if plan else None,
                     "fte_after": 50.0 - i if plan else None,
                     "teams_cut": ("Claims|Sales" if i % 2 else "Claims") if plan else "",
                     "worker": f"w{i % 2}"})
    return rows


def test_tidy_orders_the_columns_and_gives_each_one_dtype():
    df = tidy(list(reversed(runs())), "abc")
    assert df["run_id"].tolist() == list(range(10))  # sorted by run
    assert list(df.columns) == [*COLUMNS[:4], COST, "levers.seed_text", *COLUMNS[4:]]
    assert (df["spec_hash"] == "abc").all()
    assert df["run_id"].dtype == "int64" and df["total_cost"].dtype == "float64"
    assert df["status"].dtype == "string" and df["hires"].isna().all()  # absent: missing
    assert df.loc[9, "teams_cut"] is pd.NA  # an empty text is missing, as a CSV reads it
    assert parameter_columns(df) == [COST, "levers.seed_text"]


def test_a_results_table_must_carry_figures_for_a_plan_and_a_message_without_one():
    df = tidy(runs(), "abc")
    validate(df)
    no_message = df.copy()
    no_message.loc[9, "message"] = pd.NA
    with pytest.raises(pa.errors.SchemaErrors, match="plan_figures"):
        validate(no_message)
    negative = df.copy()
    negative.loc[0, "seconds"] = -1.0
    with pytest.raises(pa.errors.SchemaErrors, match="seconds"):
        validate(negative)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_results_file_is_written_as_runs_finish_and_read_back(tmp_path, suffix):
    path = tmp_path / f"results{suffix}"
    store = ResultsFile(path, "abc", flush_rows=4)
    for row in runs()[:6]:
        store.add(row)
    assert len(list(store.parts.glob("*.parquet"))) == 1  # four rows flushed, two buffered
    assert not path.exists()
    written = store.close()
    assert not store.parts.exists() and written["run_id"].tolist() == list(range(6))
    pd.testing.assert_frame_equal(read_results(path), written)
    again = ResultsFile(path, "abc")
    assert again.done == set(range(6))
    for row in runs()[5:]:  # run 5 again: the last record of a run is kept
        again.add({**row, "worker": "again"} if row["run_id"] == 5 else row)
    df = again.close()
    assert df["run_id"].tolist() == list(range(10))
    assert df.set_index("run_id").loc[5, "worker"] == "again"


def test_a_results_file_of_another_sweep_is_refused_unless_overwritten(tmp_path):
    path = tmp_path / "results.csv"
    store = ResultsFile(path, "abc")
    store.add(runs()[0])
    store.close()
    with pytest.raises(PlannerError, match="expected results of this sweep .*found results "
                                           "of another \\(abc\\)"):
        ResultsFile(path, "xyz")
    assert ResultsFile(path, "xyz", overwrite=True).done == set()
    with pytest.raises(PlannerError, match="out: expected a .parquet or .csv file"):
        ResultsFile(tmp_path / "results.xlsx", "abc")


def test_percentiles_are_over_the_runs_with_a_plan():
    pct = percentiles(tidy(runs(), "abc")).set_index("figure")
    cost = pct.loc["total_cost"]
    assert (cost["runs"], cost["with_plan"]) == (10, 9)
    costs = [1000.0 + 100 * i for i in range(9)]
    assert [cost["p10"], cost["p50"], cost["p90"]] == pytest.approx(
        np.percentile(costs, [10, 50, 90]).tolist())
    assert cost["mean"] == pytest.approx(1400.0)
    assert np.isnan(pct.loc["savings", "p50"])  # a figure no run has


def test_team_cuts_count_each_team_over_the_runs_with_a_plan():
    cuts = team_cuts(tidy(runs(), "abc"))
    assert cuts.to_dict("list") == {"team": ["Claims", "Sales"], "runs_cut": [9, 4],
                                    "share": [1.0, pytest.approx(4 / 9)]}


def test_the_tornado_ranks_the_inputs_that_move_a_figure():
    df = tidy(runs(), "abc")
    df["levers.flat"] = 1.0  # an input that does not vary is left out
    df["levers.noise"] = [0.3, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2, 0.0]
    torn = tornado(df)
    assert torn["input"].tolist()[0] == COST
    assert "levers.flat" not in set(torn["input"])
    top = torn.iloc[0]
    assert top["total_cost_at_high"] > top["total_cost_at_low"]
    assert top["swing"] == top["total_cost_at_high"] - top["total_cost_at_low"]
    assert top["rank_correlation"] == pytest.approx(1.0)
    assert torn["swing"].abs().is_monotonic_decreasing


def test_summaries(williams_results):
    df = williams_results[0]
    pct = percentiles(df)
    cost = pct[pct["figure"] == "total_cost"].iloc[0]
    ok = df.loc[df["status"] == "optimal", "total_cost"]
    assert cost["p10"] <= cost["p50"] <= cost["p90"]
    assert cost["p50"] == pytest.approx(ok.median())
    assert cost["with_plan"] == 6
    torn = tornado(df)
    assert set(torn["input"]) <= {*GRID, *UNCERTAIN}
    assert torn["swing"].abs().is_monotonic_decreasing
    assert list(team_cuts(df).columns) == ["team", "runs_cut", "share"]


def test_schema_rejects_a_plan_without_figures(williams_results):
    df = williams_results[0].copy()
    df.loc[0, "total_cost"] = None
    with pytest.raises(pa.errors.SchemaErrors, match="plan_figures"):
        validate(df)
    df = williams_results[0].copy()
    df.loc[1, "status"] = "fine"
    with pytest.raises(pa.errors.SchemaErrors, match="isin"):
        validate(df)
