"""The sweep the batch tests share: the Williams scenario over a grid of four points times
three samples of an uncertain attrition rate (one run of it per session)."""

from __future__ import annotations

import pytest

import planner
from tests.conftest import ROOT

WILLIAMS = ROOT / "models" / "williams_manpower.yaml"
# The skilled pool without hiring cannot meet its demand: that run is infeasible.
GRID = {"pools.skilled.hire_limit": [500, 0], "levers.overstaffing.total": [150, 100]}
UNCERTAIN = {"pools.unskilled.attrition_long": {"dist": "triangular", "low": 0.05,
                                                "mode": 0.1, "high": 0.2}}


@pytest.fixture(scope="session")
def williams_results(tmp_path_factory):
    """The sweep's table, its results file and the progress calls it made."""
    out = tmp_path_factory.mktemp("sweep") / "results.csv"
    calls: list[tuple[int, int]] = []
    df = planner.sweep(WILLIAMS, grid=GRID, samples=3, seed=5, uncertain=UNCERTAIN,
                       workers=2, out=out, progress=lambda d, n: calls.append((d, n)))
    return df, out, calls
