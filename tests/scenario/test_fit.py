"""Fitting a scenario to a roster: its inputs read that roster, and levers naming teams or
roles the roster lacks are left out."""

from __future__ import annotations

import pandas as pd

from planner.scenario.fit import fit_to_roster
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_document, scenario_from_dict
from tests.conftest import ROOT

DOC = {"name": "x", "inputs": {"roster": "a.csv", "team_by": "team", "on_cost_rate": 0.2},
       "levers": {
           "protected_teams": ["Sales", "Treasury"], "protected_roles": ["clerk", "pilot"],
           "locks": [{"team": "Sales", "role": "clerk", "fte": 2},
                     {"team": "Sales", "role": "pilot", "fte": 1}],
           "reskilling": [{"from": "clerk", "to": "analyst"}, {"from": "pilot", "to": "clerk"}],
           "hiring": {"role_caps": {"clerk": 1, "pilot": 2}},
           "attrition": {"roles": {"pilot": {"new": 0.1, "long": 0.1}}},
           "team_fte": {"teams": {"Sales": {"min": 1}, "Treasury": {"max": 3}}},
           "demand_growth": {"teams": {"Treasury": 0.1}}}}


def test_fit_points_the_inputs_at_the_roster_and_drops_unknown_names() -> None:
    out = fit_to_roster(DOC, {"roster": ["b.csv", "c.csv"], "preset": "workday",
                              "on_cost_rate": None},
                        teams=["Sales", "Support"], roles={"clerk", "analyst"})
    assert out["inputs"] == {"roster": ["b.csv", "c.csv"], "team_by": "team",
                             "on_cost_rate": None, "preset": "workday"}
    lev = out["levers"]
    assert lev["protected_teams"] == ["Sales"] and lev["protected_roles"] == ["clerk"]
    assert lev["locks"] == [{"team": "Sales", "role": "clerk", "fte": 2}]
    assert lev["reskilling"] == [{"from": "clerk", "to": "analyst"}]
    assert lev["hiring"] == {"role_caps": {"clerk": 1}}
    assert lev["attrition"] == {"roles": {}}
    assert lev["team_fte"] == {"teams": {"Sales": {"min": 1}}}
    assert lev["demand_growth"] == {"teams": {}}
    assert DOC["levers"]["protected_teams"] == ["Sales", "Treasury"]  # a copy


def test_fit_without_the_roster_names_keeps_the_levers() -> None:
    out = fit_to_roster(DOC, {"roster": "b.csv"})
    assert out["inputs"]["roster"] == "b.csv" and out["levers"] == DOC["levers"]


def test_a_shipped_scenario_fitted_to_its_own_roster_is_unchanged() -> None:
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    doc = scenario_document(sc)
    roster = pd.read_csv(sc.resolve(sc.inputs.roster_files[0]))
    out = fit_to_roster(doc, {"roster": doc["inputs"]["roster"]},
                        teams=roster["team"].astype(str), roles=roster["role_id"].dropna())
    assert out == doc
    assert scenario_from_dict(out) == scenario_from_dict(doc)
