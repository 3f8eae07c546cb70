"""Shared fixtures: paths to the reference datasets and small rosters built in code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"
ORGANOGRAMS = SHARED / "uk-organograms"
BODIES = {
    "DECC": "300913-DECC-organogram",
    "HSE": "300913-HSE-Organogram-ver1",
    "NE": "300913-Natural-England-Organogram",
}


@pytest.fixture(scope="session")
def organogram_dir() -> Path:
    if not ORGANOGRAMS.exists():
        pytest.skip("../shared/datasets/uk-organograms is not beside the project")
    return ORGANOGRAMS


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    """Write rows as a CSV with the keys of the first row as headers."""
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def small_roster(tmp_path: Path) -> Path:
    """Seven positions, three layers, one vacancy, one part-timer, generic layout."""
    rows = [
        dict(position_id="P1", employee_id="E1", manager_position_id="",
             job_title="Chief Executive",
             department="Exec", fte=1, annual_cost="£250,000", currency="GBP",
             start_date="2015-04-01"),
        dict(position_id="P2", employee_id="E2", manager_position_id="P1",
             job_title="Finance Director", department="Finance", fte=1, annual_cost="140k",
             currency="GBP", start_date="01/02/2018"),
        dict(position_id="P3", employee_id="E3", manager_position_id="P1",
             job_title="Customer Support Manager", department="Support", fte=1,
             annual_cost="90000", currency="GBP", start_date="2019-09-30"),
        dict(position_id="P4", employee_id="E4", manager_position_id="P2", job_title="Accountant",
             department="Finance", fte=0.6, annual_cost="36,000", currency="GBP",
             start_date="2021-01-11"),
        dict(position_id="P5", employee_id="", manager_position_id="P2",
             job_title="Accounts Payable Clerk", department="Finance", fte=1,
             annual_cost="38000", currency="GBP", start_date=""),
        dict(position_id="P6", employee_id="E6", manager_position_id="P3",
             job_title="Customer Service Representative", department="Support", fte=1,
             annual_cost="34000", currency="GBP", start_date="2022-06-01"),
        dict(position_id="P7", employee_id="E7", manager_position_id="P3",
             job_title="Customer Service Representative", department="Support", fte=1,
             annual_cost="34000", currency="GBP", start_date="2023-03-15"),
    ]
    return write_csv(tmp_path / "small.csv", rows)


# The store on both databases --------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_cluster():
    """One throwaway PostgreSQL cluster for the session (:mod:`tests.postgres`), or the
    reason there is none (a string)."""
    from tests import postgres

    cluster = postgres.start()
    yield cluster
    if not isinstance(cluster, str):
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty store: a SQLite file, then a database on the session's
    PostgreSQL cluster (skipped, with the reason, where PostgreSQL cannot run)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'planner.db'}"
    cluster = request.getfixturevalue("postgres_cluster")
    if isinstance(cluster, str):
        pytest.skip(f"PostgreSQL: {cluster}")
    return cluster.new_database()
