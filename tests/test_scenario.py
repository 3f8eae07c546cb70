"""The capability catalogue and scenario round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.errors import ScenarioError
from planner.scenario import (
    Capability,
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from planner.work import data_dir
from tests.conftest import ROOT

POOLS = [{"role": "a", "initial": 1, "demand": [1, 1, 1, 1]}]


def test_every_catalogue_entry_is_a_valid_capability() -> None:
    entries = yaml.safe_load((data_dir() / "capabilities.yaml").read_text(encoding="utf-8"))
    assert len(entries) >= 4
    for entry in entries:
        Capability.model_validate(entry)


def test_from_catalogue_merges_the_scenario_keys_on_top() -> None:
    sc = scenario_from_dict({"name": "x", "pools": POOLS, "capabilities": [
        {"from_catalogue": "document_ai", "cost_per_hour": 30}]})
    (cap,) = sc.capabilities
    assert cap.id == "document_ai" and cap.cost_per_hour == 30
    assert "data_processing" in cap.categories


def test_own_catalogue_file(tmp_path: Path) -> None:
    (tmp_path / "cat.yaml").write_text(
        "- {id: bot, kind: execute, tasks: [T1], cost_per_hour: 5}\n", encoding="utf-8")
    sc = scenario_from_dict({"name": "x", "pools": POOLS,
                             "inputs": {"capability_catalogue": "cat.yaml"},
                             "capabilities": [{"from_catalogue": "bot"}]}, base_dir=tmp_path)
    assert sc.capabilities[0].cost_per_hour == 5


def test_unknown_catalogue_id_names_its_key() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"name": "x", "pools": POOLS,
                            "capabilities": [{"from_catalogue": "teleporter"}]})
    assert info.value.key_path == "capabilities.0.from_catalogue"
    assert "document_ai" in str(info.value) and "'teleporter'" in str(info.value)


@pytest.mark.parametrize("model", sorted(p.name for p in (ROOT / "models").glob("*.yaml")))
def test_scenario_round_trips_through_a_dict(model: str) -> None:
    sc = load_scenario(ROOT / "models" / model)
    again = scenario_from_dict(scenario_to_dict(sc), base_dir=sc.base_dir)
    assert again == sc
