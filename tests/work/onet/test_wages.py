"""OES wages joined to O*NET occupations, with the fallback to a coarser SOC group."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.work.onet.importer import import_onet
from planner.work.onet.wages import read_oes_wages, wages_for
from tests.work.conftest import FEW, WAGES


def test_wages_join_from_oes_with_group_fallback(labels: pd.DataFrame) -> None:
    if not WAGES.exists():
        pytest.skip("../shared/datasets/bls-oes-2021 is not beside the project")
    wages = read_oes_wages(WAGES)
    w = wages_for(pd.Series(["13-2011.00", "13-1021.00", "11-1011.03"]), wages)
    assert w["wage_level"].tolist() == ["detailed", "broad", "detailed"]
    accountants = wages.set_index("occ_code").loc["13-2011", "annual_wage"]
    assert w["annual_wage"].iloc[0] == accountants
    lib = import_onet(labels, occupations=FEW, wages=wages, on_cost_rate=0.25).library
    cost = lib.roles.set_index("role_id")["typical_annual_cost"]
    assert cost["onet_13_2011_00"] == pytest.approx(round(accountants * 1.25), abs=1)
    assert cost["onet_11_1011_00"] > cost["onet_43_4051_00"]
