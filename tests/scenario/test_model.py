"""The scenario model: the catalogue's entries, round trips through a document, and
validation that reads no file and reports every problem at its key path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.errors import ScenarioError
from planner.scenario.load import load_scenario
from planner.scenario.model import (
    Capability,
    scenario_document,
    scenario_from_dict,
    scenario_to_dict,
)
from planner.work.library import data_dir
from tests.conftest import ROOT

POOLS = [{"role": "a", "initial": 1, "demand": [1, 1, 1, 1]}]


def test_every_catalogue_entry_is_a_valid_capability() -> None:
    entries = yaml.safe_load((data_dir() / "capabilities.yaml").read_text(encoding="utf-8"))
    assert len(entries) >= 4
    for entry in entries:
        Capability.model_validate(entry)


@pytest.mark.parametrize("model", sorted(p.name for p in (ROOT / "models").glob("*.yaml")))
def test_scenario_round_trips_through_a_dict(model: str) -> None:
    sc = load_scenario(ROOT / "models" / model)
    again = scenario_from_dict(scenario_to_dict(sc), base_dir=sc.base_dir)
    assert again == sc
    # the document (absolute paths) needs no base folder to mean the same
    elsewhere = scenario_from_dict(scenario_document(sc), base_dir="/")
    assert scenario_document(elsewhere) == scenario_document(sc)


def test_scenario_from_dict_reads_no_file(tmp_path: Path) -> None:
    """A catalogue reference or a tag overrides file is not read here, even when the file
    is there: it is an error naming the function that reads it."""
    (tmp_path / "cat.yaml").write_text("- {id: bot, tasks: [T1]}\n", encoding="utf-8")
    (tmp_path / "ev.csv").write_text("task,automatable_share\nT0001,0.4\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"name": "x", "inputs": {"roster": "r.csv",
                                                    "capability_catalogue": "cat.yaml",
                                                    "tag_overrides": ["ev.csv"]},
                            "capabilities": [{"from_catalogue": "bot"}]}, base_dir=tmp_path)
    assert [p for p, _ in info.value.errors] == ["capabilities.0.from_catalogue",
                                                 "inputs.tag_overrides.0"]
    assert all("load_scenario_dict" in m for _, m in info.value.errors)


def test_every_problem_is_reported_at_its_key_path() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({"name": "x", "pools": POOLS, "horizon": {"periods": 0},
                            "levers": {"spna": {}, "attrition": {"new": 2}}})
    assert dict(info.value.errors) == {
        "horizon.periods": "Input should be greater than or equal to 1, found 0",
        "levers.spna": "expected one of span, team_fte, delayering, max_reduction_per_period, "
                       "max_reduction_overall, protected_teams, protected_roles, locks, "
                       "hiring, vacancies, reskilling, reskilling_auto, redeployment, attrition, "
                       "no_redundancy, max_redundancies, "
                       "redundancy_months_of_pay, one_off_budget, savings_target, gates, "
                       "overstaffing, short_time, demand_growth, compliance, found unknown key "
                       "'spna' (did you mean 'span'?)",
        "levers.attrition.new": "Input should be less than or equal to 1, found 2"}
    assert str(info.value) == ("horizon.periods: Input should be greater than or equal to 1, "
                               "found 0 (and 2 more problem(s))")


@pytest.mark.parametrize(("doc", "key", "match"), [
    ([1, 2], "(top)", "expected a mapping of keys in scenario, found list"),
    ({"name": "x", "pools": POOLS, "base_dir": "/"}, "base_dir", "expected no base_dir key"),
])
def test_a_document_that_is_not_one(doc: object, key: str, match: str) -> None:
    with pytest.raises(ScenarioError, match=match) as info:
        scenario_from_dict(doc)  # type: ignore[arg-type]
    assert info.value.key_path == key


ROSTER_DOC = {"name": "x", "inputs": {"roster": "r.csv"},
              "capabilities": [{"id": "document_ai", "categories": ["data_processing"]}]}


@pytest.mark.parametrize(("gate", "key", "message"), [
    ({"capability": "documnet_ai", "adoption": 0.5}, "levers.gates.0.capability",
     "expected the id of one of the scenario's capabilities (document_ai), found "
     "'documnet_ai'; did you mean 'document_ai'?"),
    ({"capability": "chatbot", "adoption": 0.5}, "levers.gates.0.capability",
     "expected the id of one of the scenario's capabilities (document_ai), found 'chatbot'; "
     "name one of them, or add the capability to capabilities"),
    ({"capability": "document_ai", "adoption": 0}, "levers.gates.0.adoption",
     "Input should be greater than 0, found 0"),
    ({"capability": "document_ai", "adoption": 1.5}, "levers.gates.0.adoption",
     "Input should be less than or equal to 1, found 1.5"),
    ({"capability": "document_ai", "adoption": 0.5, "holds": "moves"}, "levers.gates.0.holds",
     "Input should be 'redundancies' or 'reductions', found 'moves'"),
])
def test_a_gate_is_checked_at_its_key_path(gate: dict, key: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict({**ROSTER_DOC, "levers": {"gates": [gate]}})
    assert info.value.errors == [(key, message)]


def test_a_gate_needs_a_roster() -> None:
    with pytest.raises(ScenarioError, match="expected a roster-based scenario") as info:
        scenario_from_dict({"name": "x", "pools": POOLS, "capabilities": ROSTER_DOC[
            "capabilities"], "levers": {"gates": [{"capability": "document_ai",
                                                   "adoption": 0.5}]}})
    assert info.value.key_path == "levers.gates"
