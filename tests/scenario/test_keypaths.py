"""Key paths: parsing PATH=VALUE, reading and setting values by path (list items by index or
id), the names a setting holds, a key's range, and tag overrides put into a document."""

from __future__ import annotations

import re

import pytest

from planner.errors import ScenarioError
from planner.scenario.keypaths import (
    key_bounds,
    names_at,
    parse_assignment,
    value_at,
    with_tag_overrides,
    with_values,
)
from planner.scenario.load import load_scenario
from planner.scenario.model import ObjectiveKind, Scenario, scenario_to_dict
from tests.conftest import ROOT

MODELS = ROOT / "models"


@pytest.fixture(scope="module")
def williams() -> Scenario:
    return load_scenario(MODELS / "williams_manpower.yaml")


@pytest.fixture(scope="module")
def automation() -> Scenario:
    return load_scenario(MODELS / "automation_push.yaml")


# parse_assignment ------------------------------------------------------------------------------

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


# value_at --------------------------------------------------------------------------------------

def test_value_at_reads_list_items_by_index_or_id(automation: Scenario) -> None:
    sc = automation
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
def test_value_at_names_a_wrong_key_path(path: str, match: str, automation: Scenario) -> None:
    sc = automation
    with pytest.raises(ScenarioError, match=match) as info:
        value_at(sc, path)
    assert info.value.key_path == path

# with_values -------------------------------------------------------------------------------



def test_with_values_sets_objective_kind(williams: Scenario) -> None:
    sc = with_values(williams, {"objective.kind": "min_redundancies"})
    assert sc.objective.kind is ObjectiveKind.MIN_REDUNDANCIES
    assert williams.objective.kind is ObjectiveKind.MIN_COST  # the original is unchanged
    assert sc.pools == williams.pools
    assert sc.levers == williams.levers
    assert sc.base_dir == williams.base_dir


def test_with_values_revalidates_the_objective(williams: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        with_values(williams, {"objective.kind": "max_profit"})
    assert info.value.key_path == "objective.kind"
    assert re.search(r"found 'max_profit'", str(info.value))
    # max_capacity needs a budget: rejected alone, accepted with one.
    with pytest.raises(ScenarioError):
        with_values(williams, {"objective.kind": "max_capacity"})
    sc = with_values(williams, {"objective.kind": "max_capacity", "objective.budget": 1e6})
    assert sc.objective.kind is ObjectiveKind.MAX_CAPACITY
    assert sc.objective.budget == 1e6


def test_with_values_rejects_a_string_span(automation: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        with_values(automation, {"levers.span.max": "twelve"})
    assert info.value.key_path == "levers.span.max"
    assert re.search(r"valid number.*found 'twelve'", str(info.value))
    assert with_values(automation, {"levers.span.max": 15}).levers.span.max == 15


def test_with_values_sets_a_list_item(automation: Scenario) -> None:
    sc = with_values(automation, {"capabilities.2.cost_per_assisted_fte": 600})
    assert sc.capabilities[2].cost_per_assisted_fte == 600
    assert sc.capabilities[:2] == automation.capabilities[:2]


def test_with_values_index_out_of_range(automation: Scenario) -> None:
    assert len(automation.capabilities) == 3
    with pytest.raises(ScenarioError) as info:
        with_values(automation, {"capabilities.9.cost_per_hour": 10})
    assert info.value.key_path.startswith("capabilities.9")
    assert re.search(r"expected an index below 3.*found '9'", str(info.value))


# a setting's names, a key's range ----------------------------------------------------------------

def test_names_at_gives_each_name_its_key_path(automation: Scenario) -> None:
    sc = with_values(automation, {"levers.protected_teams": ["Sales", "Legal"],
                                  "levers.team_fte.teams": {"Sales": {"min": 2}}})
    doc = scenario_to_dict(sc)
    assert names_at(doc, "levers.protected_teams") == [("levers.protected_teams.0", "Sales"),
                                                       ("levers.protected_teams.1", "Legal")]
    assert names_at(sc, "levers.team_fte.teams") == [("levers.team_fte.teams.Sales", "Sales")]
    first = sc.levers.reskilling[0].from_role
    assert names_at(doc, "levers.reskilling.0.from") == [("levers.reskilling.0.from", first)]
    with pytest.raises(ScenarioError, match="unknown key 'protected'"):
        names_at(doc, "levers.protected")


@pytest.mark.parametrize(("path", "bounds"), [
    ("levers.attrition.new", (0.0, 1.0)),
    ("capabilities.document_ai.cost_per_hour", (0.0, None)),
    ("capabilities.0.adoption", (0.0, 1.0)),
    ("horizon.periods", (1.0, 120.0)),
    ("levers.demand_growth.teams.Sales", (-1.0, None)),
    ("name", (None, None)),
    ("levers.no_such_key", (None, None)),
])
def test_key_bounds_come_from_the_model(path: str, bounds: tuple) -> None:
    assert key_bounds(path) == bounds


# with_tag_overrides -----------------------------------------------------------------------------

def test_with_tag_overrides_later_wins_per_task_and_tag() -> None:
    doc = {"name": "x", "inputs": {"roster": "r.csv", "tag_overrides": [
        {"task": "T0003", "automatable_share": 0.5, "mode": "augment",
         "oversight_hours_per_ai_hour": None},
        {"task": "T0001", "mode": "human"}]}}
    out = with_tag_overrides(doc, [{"task": "T0003", "automatable_share": 0.2, "mode": None},
                                   {"task": "T0002", "mode": "automate"}])
    assert out["inputs"]["tag_overrides"] == [
        {"task": "T0001", "mode": "human"}, {"task": "T0002", "mode": "automate"},
        {"task": "T0003", "automatable_share": 0.2, "mode": "augment"}]
    assert out["inputs"]["roster"] == "r.csv"
    assert doc["inputs"]["tag_overrides"][0]["automatable_share"] == 0.5  # a copy


def test_with_tag_overrides_replaces_the_tasks_named() -> None:
    doc = {"name": "x", "inputs": {"tag_overrides": [
        {"task": "T0001", "mode": "human"}, {"task": "T0002", "automatable_share": 0.1}]}}
    out = with_tag_overrides(doc, [{"task": "T0002", "mode": "augment"}],
                             replace={"T0001", "T0002"})
    assert out["inputs"]["tag_overrides"] == [{"task": "T0002", "mode": "augment"}]
    assert with_tag_overrides({"name": "x"}, [])["inputs"] == {"tag_overrides": []}
