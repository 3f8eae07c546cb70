"""The optimiser's problem data: period labels, tag overrides, a roster grouped into pools
and teams with nothing invented, the notes it leaves, and lever names checked against the
org."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.errors import ScenarioError
from planner.optimise.data import (
    UNMATCHED_ROLE,
    apply_tag_overrides,
    build_data,
    group_roster,
    period_labels,
)
from planner.plan.run import run
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_from_dict
from planner.work.library import load_library
from tests.conftest import ROOT


def horizon(**h) -> object:
    return scenario_from_dict({"name": "h", "horizon": h,
                               "pools": [{"role": "A", "initial": 1, "demand": [1] * h.get(
                                   "periods", 4)}]})


@pytest.mark.parametrize(("h", "labels"), [
    ({"periods": 3, "period": "quarter", "start": "2027-01"}, ("2027-Q1", "2027-Q2", "2027-Q3")),
    ({"periods": 3, "period": "quarter", "start": "2027-11"}, ("2027-Q4", "2028-Q1", "2028-Q2")),
    ({"periods": 3, "period": "month", "start": "2027-11"}, ("2027-11", "2027-12", "2028-01")),
    ({"periods": 2, "period": "year", "start": "2030-06"}, ("2030", "2031")),
])
def test_periods_are_labelled_from_the_horizons_start(h, labels):
    assert period_labels(horizon(**h)) == labels


def test_tag_overrides_change_only_what_they_set_and_mark_it():
    library = load_library(None)
    first, second = library.tasks["task_id"].iloc[:2]
    sc = scenario_from_dict({"name": "t", "inputs": {"tag_overrides": [
        {"task": first, "automatable_share": 0.05}, {"task": second, "mode": "human"}]},
        "pools": [{"role": "A", "initial": 1, "demand": [1] * 4}]})
    tasks = apply_tag_overrides(library, sc).set_index("task_id")
    before = library.tasks.set_index("task_id")
    assert tasks.loc[first, "automatable_share"] == 0.05
    assert tasks.loc[first, "mode"] == before.loc[first, "mode"]
    assert tasks.loc[second, "mode"] == "human"
    assert tasks.loc[second, "automatable_share"] == before.loc[second, "automatable_share"]
    assert set(tasks.index[tasks["changed"]]) == {first, second}
    assert library.tasks.equals(before.reset_index()[library.tasks.columns])  # not changed


def test_an_override_of_an_unknown_task_names_its_key_path():
    sc = scenario_from_dict({"name": "t", "inputs": {"tag_overrides": [
        {"task": "T_NOPE", "automatable_share": 0.5}]},
        "pools": [{"role": "A", "initial": 1, "demand": [1] * 4}]})
    with pytest.raises(ScenarioError, match="expected a task id of the library, found 'T_NOPE'"
                       ) as info:
        apply_tag_overrides(load_library(None), sc)
    assert info.value.key_path == "inputs.tag_overrides.0.task"


def roster() -> pd.DataFrame:
    return pd.DataFrame({
        "team": ["Claims", "Claims", "Claims", "Sales"],
        "role_id": ["handler", "handler", None, "rep"],
        "fte": [1.0, 0.5, 1.0, 2.0], "annual_cost": [40_000.0, 20_000.0, 30_000.0, None],
        "department": ["Ops", "Ops", "Finance", "Sales"], "location": ["Leeds"] * 4,
        "cost_center": ["C1", "C1", "C2", "C3"], "currency": ["GBP"] * 4})


def test_a_roster_is_grouped_into_pools_and_teams():
    grouped = group_roster(roster(), "team")
    pools = grouped.pools.set_index(["team", "role"])
    assert pools.loc[("Claims", "handler"), "initial"] == 1.5
    assert pools.loc[("Claims", "handler"), "cost_per_fte"] == pytest.approx(40_000)
    assert pools.loc[("Claims", UNMATCHED_ROLE), "initial"] == 1.0
    assert pools.loc[("Sales", "rep"), "cost_per_fte"] == 0.0  # no cost invented
    teams = grouped.teams.set_index("team")
    assert teams.loc["Claims", "initial"] == 2.5
    assert teams.loc["Claims", "function"] == "Ops"  # the most common department
    assert teams.loc["Claims", "cost_center"] == "C1"
    assert grouped.currency == "GBP"
    assert [n.code for n in grouped.notes] == ["plan_no_role", "plan_no_cost"]
    assert grouped.notes[1].message.startswith("1 position (2.0 FTE) has no cost")


def test_teams_may_come_from_another_column_but_not_an_absent_one():
    assert set(group_roster(roster(), "department").teams["team"]) == {"Ops", "Finance",
                                                                        "Sales"}
    with pytest.raises(ScenarioError, match="expected a roster column .* found 'squad'"
                       ) as info:
        group_roster(roster(), "squad")
    assert info.value.key_path == "inputs.team_by"


def test_positions_without_a_cost_are_not_costed_unless_asked() -> None:
    from planner.roster.org import load_org
    from planner.work.library import load_library

    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    lib = load_library(None)
    roster = load_org(sc.resolve(sc.inputs.roster), library=lib).roster.copy()
    blank = roster.index[:5]
    roster.loc[blank, "annual_cost"] = float("nan")
    data = build_data(sc, roster, lib)
    # The posts held and vacant, at the pool's cost per FTE, cost what the roster says.
    pay = float(((data.pools["initial"] + data.pools["vacant_fte"])
                 * data.pools["cost_per_fte"]).sum())
    assert pay == pytest.approx(roster["annual_cost"].sum())  # nothing invented
    fte = roster.loc[blank, "fte"].sum()
    note = next(n for n in data.notes if n.code == "plan_no_cost")
    assert note.message.startswith(f"5 positions ({fte:.1f} FTE) have no cost in the roster")
    assert note.setting == "impute_cost" and "--" not in note.message + note.hint
    assert data.currency == "GBP"


@pytest.mark.parametrize(("levers", "key"), [
    ({"protected_teams": ["Ledger", "Ledgr"]}, "levers.protected_teams.1"),
    ({"team_fte": {"teams": {"Ledgr": {"max": 5}}}}, "levers.team_fte.teams.Ledgr"),
    ({"hiring": {"role_caps": {"analyts": 2}}}, "levers.hiring.role_caps.analyts"),
    ({"delayering": {"teams": ["Ledgr"]}}, "levers.delayering.teams.0"),
])
def test_a_misspelt_team_or_role_names_its_key_path(hand, levers, key) -> None:
    sc = hand(levers={"attrition": {"new": 0.0, "long": 0.0}, **levers})
    with pytest.raises(ScenarioError, match="expected a (team|role) of the org") as info:
        run(sc)
    assert info.value.key_path == key


@pytest.mark.parametrize(("n", "fte", "words"), [
    (1, 1.0, "1 position (1.0 FTE) has no matched role, so the plan gives it no AI scope."),
    (222, 1377.5, "222 positions (1,377.5 FTE) have no matched role, so the plan gives them no "
                  "AI scope."),
])
def test_plan_notes_count_in_words_with_separators(n, fte, words) -> None:
    from planner.errors import note_text

    roster = pd.DataFrame({"team": ["A"] * n, "role_id": [None] * n, "fte": [fte / n] * n,
                           "annual_cost": [1.0] * n, "department": "D", "location": "L",
                           "cost_center": "C", "currency": "GBP"})
    note, = group_roster(roster, "team").notes
    assert note.message == words
    assert note.setting == "title_overrides"
    assert note_text(note).endswith("(setting title_overrides).")
