"""The bundled library and the O*NET labels file, read once for the work stage's tests."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.work.library import Library, load_library
from planner.work.onet.exposure import read_onet_labels
from tests.conftest import SHARED

LABELS = SHARED / "gpts-are-gpts" / "full_labelset.tsv"
WAGES = SHARED / "bls-oes-2021" / "national_May2021_dl.csv"
FEW = ["11-1011.00", "13-2011.00", "43-4051.00", "15-1252.00", "47-2031.00"]
"""Chief executives, accountants, customer service, software developers, carpenters."""


@pytest.fixture(scope="session")
def labels() -> pd.DataFrame:
    """Every statement of ``full_labelset.tsv`` (:class:`OnetLabelSchema`); tests must not
    change it."""
    if not LABELS.exists():
        pytest.skip("../shared/datasets/gpts-are-gpts/full_labelset.tsv is not beside the project")
    return read_onet_labels(LABELS)


@pytest.fixture(scope="session")
def lib() -> Library:
    """The bundled role/task library."""
    return load_library()
