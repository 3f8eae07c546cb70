"""The capability catalogue, scenario round trips, and key paths (get, PATH=VALUE)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.errors import ScenarioError
from planner.scenario.model import (
    Capability,
    load_scenario,
    parse_assignment,
    scenario_from_dict,
    scenario_to_dict,
    value_at,
)
from planner.work.library import data_dir
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


@pytest.mark.parametrize(("item", "many", "expected"), [
    ("levers.span.max=10", False, ("levers.span.max", 10)),
    (" levers.span.max = 10 ", False, ("levers.span.max", 10)),
    ("levers.no_redundancy=true", False, ("levers.no_redundancy", True)),
    ("objective.kind=min_cost", False, ("objective.kind", "min_cost")),
    ("capabilities.bot.adoption=[0.2, 0.4]", False, ("capabilities.bot.adoption", [0.2, 0.4])),
    ("levers.budget=", False, ("levers.budget", None)),
    ("levers.span.max=8,10,12", True, ("levers.span.max", [8, 10, 12])),
    ("levers.span.max=8", True, ("levers.span.max", [8])),
    ("capabilities.bot.adoption=[0.2,0.4],[0.5,1]", True,
     ("capabilities.bot.adoption", [[0.2, 0.4], [0.5, 1]])),
    ("inputs.team_by=team,department", True, ("inputs.team_by", ["team", "department"])),
])
def test_parse_assignment(item: str, many: bool, expected: tuple) -> None:
    assert parse_assignment(item, many=many) == expected


@pytest.mark.parametrize(("item", "many", "key", "match"), [
    ("levers.span.max", False, "levers.span.max", "expected PATH=VALUE, e.g. levers.span.max=10"),
    ("levers.span.max", True, "levers.span.max", "expected PATH=V1,V2,..., e.g. levers.span"),
    ("=10", False, "=10", "expected a key path before '='"),
    ("levers.span.max=[10", False, "levers.span.max",
     r"expected a YAML value \(a number, true or false, text or a \[list\]\), found '\[10'"),
    ("levers.span.max=8,[10", True, "levers.span.max",
     "expected values separated by commas, found '8,\\[10'"),
    ("levers.span.max=", True, "levers.span.max",
     "expected at least one value after '=', e.g. levers.span.max=8,10,12"),
])
def test_parse_assignment_errors_name_the_key_path(item: str, many: bool, key: str,
                                                   match: str) -> None:
    with pytest.raises(ScenarioError, match=match) as info:
        parse_assignment(item, many=many)
    assert info.value.key_path == key


def test_value_at_reads_list_items_by_index_or_id() -> None:
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    first = sc.capabilities[0]
    assert value_at(sc, f"capabilities.{first.id}.cost_per_hour") == first.cost_per_hour
    assert value_at(sc, "capabilities.0.cost_per_hour") == first.cost_per_hour
    assert value_at(sc, "levers.protected_teams") == list(sc.levers.protected_teams)
    assert value_at(sc, "levers.team_fte.teams") == {}


@pytest.mark.parametrize(("path", "match"), [
    ("levers.spna.max", r"expected one of .* at levers, found unknown key 'spna' \(did you mean "
     r"'span'\?\)"),
    ("capabilities.teleporter.cost_per_hour", "expected the id of an item of capabilities"),
])
def test_value_at_names_a_wrong_key_path(path: str, match: str) -> None:
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    with pytest.raises(ScenarioError, match=match) as info:
        value_at(sc, path)
    assert info.value.key_path == path
