"""Delayering (``levers.delayering``): a hand-made three-layer roster with known answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.plan.structure import Structure
from planner.scenario.model import Scenario, scenario_from_dict
from tests.optimise.conftest import one_role_library, run_checked


def three_layers(path: Path) -> Path:
    """Operations' head over two regional leads, each with two analysts: 7 posts, 3 layers.

    At the start Operations' manager has 2 direct reports (the two leads), North's and
    South's 2 each (their analysts): every span is 2.
    """
    rows = [("D", "", "Team Lead", "Operations", 90000)]
    for region in ("North", "South"):
        lead = region[0] + "L"
        rows.append((lead, "D", "Team Lead", region, 70000))
        rows += [(f"{region[0]}{i}", lead, "Analyst", region, 50000) for i in range(2)]
    frame = pd.DataFrame(rows, columns=["position_id", "manager_position_id", "job_title",
                                        "team", "annual_cost"])
    frame.assign(employee_id="E" + frame["position_id"], department="Ops", fte=1).to_csv(
        path, index=False)
    return path


def scenario(tmp: Path, **levers: object) -> Scenario:
    return scenario_from_dict({
        "name": "delayering",
        "inputs": {"roster": str(three_layers(tmp / "roster.csv")),
                   "library": str(one_role_library(tmp / "lib")), "team_by": "team"},
        "horizon": {"periods": 2, "period": "year"}, "capabilities": [],
        # No moves between teams: a lead leaves only by redundancy, so the answer is unique.
        "levers": {"attrition": {"new": 0.0, "long": 0.0}, "redeployment": {"scope": "team"},
                   **levers}}, base_dir=tmp)


def test_the_middle_layer_goes_and_its_posts_are_affected(tmp_path, capsys) -> None:
    """min_span 4: North and South (2 reports each) fold into Operations, whose head then
    has the 4 analysts; layers 3 -> 2; each lead's post is affected, the count in
    pool_changes.csv. Operations, judged after taking their reports, is not narrow."""
    sc = scenario(tmp_path, delayering={"min_span": 4})
    plan = run_checked(sc, tmp_path / "plan")
    s = Structure.from_dict(plan.summary["structure"])
    assert (s.before.layers, s.after.layers) == (3, 2)
    assert (s.before.managers, s.after.managers) == (3, 1)
    assert s.after.span_max == 4
    done = {f.team: f for f in s.delayering if f.done}
    assert {t: f.into for t, f in done.items()} == {"North": "Operations",
                                                    "South": "Operations"}
    assert done["North"].reason == (
        "North: 1 manager (1 FTE) for 2 FTE of direct reports, below the minimum span of 4; "
        "its reports move to the managers of Operations, and its 1 manager post goes by "
        "2028.")
    assert len(s.delayering) == 2  # Operations, with their 4 analysts, is not narrow
    assert s.delayering_sentences()[0] == (
        "Delayering removes 2 manager posts in 2 teams; the posts are a pool for selection, "
        "not named managers.")
    changes = plan.tables["pool_changes"]
    leads = changes[(changes["role"] == "lead") & changes["team"].isin(["North", "South"])]
    assert leads.groupby("team")[["filled_posts"]].first()["filled_posts"].tolist() == [1, 1]
    assert leads.groupby("team")["redundancies"].sum().tolist() == [1, 1]
    pos = plan.tables["positions"].set_index("position_id")
    assert pos.loc[["NL", "SL"], "action"].tolist() == ["affected", "affected"]
    assert pos.loc["D", "action"] == "keep"
    staffing = plan.tables["staffing"]
    end = staffing[staffing["period"] == "2028"].set_index(["team", "role"])["fte_end"]
    assert end[("North", "lead")] == pytest.approx(0.0, abs=1e-9)
    assert end[("Operations", "lead")] == pytest.approx(1.0)
    from planner.cli import render  # the run summary says what was delayered

    render.console.width = 200
    render.print_structure(plan.summary)
    out = capsys.readouterr().out
    assert "Delayering removes 2 manager posts in 2 teams" in out
    assert done["South"].reason in out


def test_a_fold_that_breaks_the_span_cap_is_refused_with_the_reason(tmp_path) -> None:
    """Span cap 3: North folds (Operations' head then has North's 2 analysts and South's
    lead), South cannot (4 > 3) and keeps its lead; layers stay 3."""
    sc = scenario(tmp_path, delayering={"min_span": 4}, span={"max": 3})
    plan = run_checked(sc, tmp_path / "plan")
    s = Structure.from_dict(plan.summary["structure"])
    by = {f.team: f for f in s.delayering}
    assert by["North"].into == "Operations"
    assert by["South"].into is None
    assert by["South"].reason.endswith(
        "not delayered: its reports would give the managers of Operations 4.0 direct reports "
        "per manager FTE, over the span cap of 3.")
    assert s.after.layers == 3
    pos = plan.tables["positions"].set_index("position_id")
    assert pos.loc[["NL", "SL"], "action"].tolist() == ["affected", "keep"]


def test_delayering_that_no_lever_can_carry_out_is_named_as_the_conflict(tmp_path) -> None:
    """No redundancy, no attrition and no moves: the leads cannot go, and the explanation
    names the delayering with the FTE it must give per team."""
    from planner.plan.run import run

    plan, _ = run(scenario(tmp_path, delayering={"min_span": 4}, no_redundancy=True))
    assert plan.status.value == "infeasible"
    assert ("the delayering (manager posts removed) must give by 2.0 FTE (North 1.0, "
            "South 1.0)") in plan.explanations[0]


def test_two_narrow_layers_in_a_chain_both_go_to_the_team_above(tmp_path) -> None:
    """Operations > Region (1 analyst) > Area (2 analysts): Area folds into Region, which
    with Area's reports still has 3 < 4 and folds into Operations; Operations' head then
    has the 3 analysts (teams.csv: 1 head in, net 2 from the delayered teams); 4 -> 2
    layers. The checker recomputes the chain."""
    rows = [("D", "", "Team Lead", "Operations"), ("R", "D", "Team Lead", "Region"),
            ("A", "R", "Team Lead", "Area"), ("A0", "A", "Analyst", "Area"),
            ("A1", "A", "Analyst", "Area"), ("R0", "R", "Analyst", "Region")]
    f = pd.DataFrame(rows, columns=["position_id", "manager_position_id", "job_title", "team"])
    f.assign(employee_id="E" + f["position_id"], department="Ops", fte=1,
             annual_cost=60000).to_csv(tmp_path / "chain.csv", index=False)
    sc = scenario(tmp_path, delayering={"min_span": 4}, span={"max": 6})
    sc = sc.model_copy(update={"inputs": sc.inputs.model_copy(
        update={"roster": str(tmp_path / "chain.csv")})})
    plan = run_checked(sc, tmp_path / "plan")
    s = Structure.from_dict(plan.summary["structure"])
    assert [(x.team, x.into) for x in s.delayering] == [
        ("Area", "Operations"), ("Region", "Operations"), ("Operations", None)]
    assert "(Region is delayered too)" in s.delayering[0].reason
    assert "(with those of Area, delayered into it)" in s.delayering[1].reason
    assert (s.before.layers, s.after.layers, s.after.span_max) == (4, 2, 3)
    teams = plan.tables["teams"].set_index(["team", "period"])
    assert teams.loc[("Operations", "2028"), ["heads_reporting_in", "reports_from_delayered",
                                              "span"]].tolist() == [1.0, 2.0, 3.0]


def test_a_delayering_period_after_the_horizon_names_its_key(tmp_path) -> None:
    from planner.errors import ScenarioError
    from planner.plan.run import run

    with pytest.raises(ScenarioError, match="expected 1 to 2") as info:
        run(scenario(tmp_path, delayering={"min_span": 4, "period": 3}))
    assert info.value.key_path == "levers.delayering.period"


@pytest.mark.parametrize(("done", "more"), [
    (6, "1 more team is delayered"), (7, "2 more teams are delayered")])
def test_the_sentences_name_the_first_teams_and_count_the_rest(done, more) -> None:
    from planner.optimise.delayering import Fold, sentences

    def fold(team: str, into: str | None) -> Fold:
        return Fold(team, into, "P", "2027", 0, 1.0, 1.0, 2.0, 0.0, 1.0, f"{team}: why.")

    said = sentences(tuple(fold(f"T{i}", "P") for i in range(done)) + (fold("X", None),))
    assert said[0] == (f"Delayering removes {done} manager posts in {done} teams; the posts "
                       "are a pool for selection, not named managers.")
    assert said[1:6] == [f"T{i}: why." for i in range(5)]
    assert said[6].startswith(more) and said[7] == "X: why."
