"""O*NET labels imported as a library: roles, a weighted task mix, tags through the mapping,
role costs, and the attribution the licence asks for."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.work.library import load_library
from planner.work.onet.importer import ONET_ATTRIBUTION, import_onet, write_library
from tests.work.conftest import FEW


def test_imports_roles_tasks_and_a_weighted_mix(labels: pd.DataFrame) -> None:
    result = import_onet(labels, occupations=FEW)
    lib = result.library
    sub = labels[labels["soc_code"].isin(FEW)]
    assert len(lib.roles) == 5
    assert len(lib.tasks) == len(sub)
    mix = lib.role_tasks.groupby("role_id")["share"].sum()
    assert (mix - 1).abs().max() < 1e-9
    # Core statements weigh twice a supplemental one of the same occupation.
    ceo = sub[sub["soc_code"] == "11-1011.00"]
    shares = lib.role_tasks[lib.role_tasks["role_id"] == "onet_11_1011_00"].set_index(
        "task_id")["share"]
    core = shares[[f"onet_{i}" for i in ceo.loc[ceo["task_type"] == "Core", "onet_task_id"]]]
    supp = shares[[f"onet_{i}" for i in ceo.loc[ceo["task_type"] == "Supplemental",
                                                  "onet_task_id"]]]
    assert len(core) and len(supp)
    assert core.iloc[0] == pytest.approx(2 * supp.iloc[0])
    assert lib.roles.set_index("role_id").loc["onet_11_1011_00", "is_manager"]
    assert lib.roles.set_index("role_id").loc["onet_13_2011_00", "function"] == (
        "business_and_financial_operations")


def test_labels_map_to_tags_through_the_mapping(labels: pd.DataFrame) -> None:
    lib = import_onet(labels, occupations=FEW).library
    sub = labels[labels["soc_code"].isin(FEW)].set_index("onet_task_id")
    tasks = lib.tasks.assign(label=lib.tasks["task_id"].str[5:].astype(int).map(
        sub["human_exposure"]))
    assert set(tasks.loc[tasks["label"] == "E0", "mode"]) == {"human"}
    assert set(tasks.loc[tasks["label"] == "E1", "mode"]) == {"automate"}
    assert set(tasks.loc[tasks["label"] == "E2", "mode"]) == {"augment"}
    assert set(tasks.loc[tasks["label"] == "E1", "automatable_share"]) == {0.5}


def test_attribution_is_in_the_metadata_and_the_sources(labels: pd.DataFrame,
                                                        tmp_path: Path) -> None:
    assert ONET_ATTRIBUTION.startswith("This library includes information from the O*NET 27.x")
    result = import_onet(labels, occupations=FEW)
    assert "O*NET 27.x Database by the U.S. Department of Labor" in result.metadata.attribution
    assert "modified" in result.metadata.attribution
    assert "USDOL/ETA" in result.library.sources["citation"].iloc[0]
    folder = write_library(result, tmp_path / "lib")
    meta = (folder / "metadata.yaml").read_text()
    assert "CC BY 4.0" in meta and "GPTs are GPTs" in meta
    # The folder is an ordinary library.
    back = load_library(folder)
    assert len(back.roles) == 5 and len(back.tasks) == len(result.library.tasks)


def test_without_wages_every_role_costs_the_default(labels: pd.DataFrame) -> None:
    result = import_onet(labels, occupations=FEW, default_annual_cost=55000)
    assert set(result.library.roles["typical_annual_cost"]) == {55000.0}
    assert any("no wages" in n for n in result.metadata.notes)
