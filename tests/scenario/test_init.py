"""``from planner.scenario import X`` of the earlier flat module keeps working, each name
answering from the module that now defines it."""

from __future__ import annotations

import importlib

import pytest

import planner
import planner.scenario

FLAT_MODULE_NAMES = [
    "Share", "NonNeg", "PeriodKind", "ObjectiveKind", "OBJECTIVE_LABELS", "CapabilityKind",
    "RedeploymentScope", "TagOverride", "Inputs", "Pool", "Horizon", "Capability", "Span",
    "TeamFte", "TeamFteBounds", "Lock", "Hiring", "Reskilling", "Redeployment", "Attrition",
    "AttritionRates", "Allowance", "Growth", "Levers", "Objective", "Finance", "Solver",
    "DistributionKind", "Distribution", "Sweep", "Scenario", "scenario_from_dict",
    "load_scenario", "scenario_to_dict", "scenario_document", "ID_KEYS", "with_values",
    "value_at", "parse_assignment", "key_bounds"]
"""The public names of ``planner/scenario.py`` before the package was split."""


@pytest.mark.parametrize("name", sorted(set(FLAT_MODULE_NAMES) | set(planner.scenario.__all__)))
def test_each_name_answers_from_its_module(name: str) -> None:
    home = planner.scenario._NAMES[name]
    assert home.startswith("planner.scenario.") and home != "planner.scenario.__init__"
    assert getattr(planner.scenario, name) is getattr(importlib.import_module(home), name)


def test_the_public_api_loads_scenarios_through_load() -> None:
    from planner.scenario.load import load_scenario

    assert planner.load_scenario is load_scenario
