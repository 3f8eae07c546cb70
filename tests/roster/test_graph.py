"""OrgGraph: spans, layers, teams, roll-ups and flags."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import load_org
from planner.roster.graph import OrgGraph
from planner.roster.synth import synthesise


@pytest.fixture
def small_org(small_roster):
    return load_org(small_roster)


def test_small_org_figures(small_org) -> None:
    s = small_org.graph.summary()
    assert (s.positions, s.people, s.vacancies, s.pools) == (7, 6, 1, 0)
    assert (s.managers, s.layers, s.roots) == (3, 3, 1)
    assert s.fte == pytest.approx(6.6)
    assert s.annual_cost == pytest.approx(250_000 + 140_000 + 90_000 + 36_000 + 38_000 + 68_000)
    assert s.span.mean == pytest.approx(2.0)
    assert s.span.max == 2
    assert s.management_ratio == pytest.approx(4 / 3, abs=1e-3)


def test_positions_table_rolls_up(small_org) -> None:
    pos = small_org.graph.positions().set_index("position_id")
    assert pos.at["P1", "subtree_positions"] == 7
    assert pos.at["P2", "subtree_fte"] == pytest.approx(2.6)
    assert pos.at["P3", "subtree_cost"] == pytest.approx(90_000 + 68_000)
    assert pos.at["P6", "layer"] == 3
    assert pos.at["P6", "team"] == "P3"


def test_teams_by_manager_and_by_column(small_org, small_roster) -> None:
    teams = small_org.graph.teams().set_index("team")
    assert teams.at["P3", "positions"] == 2
    assert teams.at["P3", "lead_title"] == "Customer Support Manager"
    by_dept = load_org(small_roster, team_by="department").graph.teams().set_index("team")
    assert by_dept.at["Finance", "positions"] == 3
    with pytest.raises(KeyError, match="team_by"):
        OrgGraph.from_roster(small_org.roster, team_by="nope")


def test_flags_thresholds(small_org) -> None:
    flags = small_org.graph.flags(wide=1, narrow=3, deep=2)
    assert set(flags.wide_spans) == {"P1", "P2", "P3"}
    assert set(flags.narrow_spans) == {"P1", "P2", "P3"}
    assert set(flags.deep_chains) == {"P4", "P5", "P6", "P7"}
    assert flags.single_report_managers == ()


def test_graph_subtree_and_chain(small_org) -> None:
    g = small_org.graph
    assert g.graph.number_of_edges() == 6
    assert set(g.subtree("P2")) == {"P2", "P4", "P5"}
    assert g.chain("P6") == ["P6", "P3", "P1"]
    with pytest.raises(KeyError, match="position_id"):
        g.subtree("nope")


@given(st.integers(10, 3000), st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_synthetic_org_invariants(n: int, seed: int) -> None:
    roster = synthesise(n, seed)
    roster = roster.assign(is_pool=False, annual_cost=roster["annual_cost"].astype(float))
    g = OrgGraph.from_roster(roster)
    pos = g.positions()
    roots = pos["manager_position_id"].isna()
    # Roll-ups of the roots add up to the totals.
    assert pos.loc[roots, "subtree_fte"].sum() == pytest.approx(roster["fte"].sum())
    assert pos.loc[roots, "subtree_cost"].sum() == pytest.approx(roster["annual_cost"].sum())
    assert pos.loc[roots, "subtree_positions"].sum() == n
    # Every non-root has one manager, one layer above it.
    layer = dict(zip(pos["position_id"], pos["layer"], strict=True))
    nonroot = pos[~roots]
    assert (nonroot["layer"] == nonroot["manager_position_id"].map(layer) + 1).all()
    # Spans add up to the number of reporting lines.
    assert pos["span"].sum() == len(nonroot)
    assert g.graph.number_of_edges() == len(nonroot)
    assert g.by_layer()["positions"].sum() == n
    assert np.isclose(g.teams()["fte"].sum(), roster["fte"].sum())


def test_team_tree_reports_team_to_team() -> None:
    import pandas as pd

    raw = pd.DataFrame({
        "position_id": ["ceo", "fin", "fin1", "fin2", "ops", "ops1", "ops2", "ops3"],
        "manager_position_id": [None, "ceo", "fin", "fin", "ceo", "ops", "ops", "ops1"],
        "job_title": ["CEO", "Finance Director", "Analyst", "Analyst", "Operations Director",
                      "Ops Lead", "Clerk", "Clerk"],
        "team": ["Exec", "Finance", "Finance", "Finance", "Ops", "Ops", "Ops", "Ops"],
        "fte": [1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0]})
    g = OrgGraph.from_roster(raw, team_by="team")
    t = g.team_tree().set_index("team")
    assert t.loc["Exec", "parent_team"] is None
    assert t.loc["Finance", "parent_team"] == "Exec"
    assert t.loc["Ops", "head_title"] == "Operations Director"
    assert t.loc["Ops", "positions"] == 4 and t.loc["Finance", "fte"] == pytest.approx(2.5)
    # Teams named apart from the roster (the plan's team names) follow the same lines.
    other = g.team_tree(np.array(["A", "B", "B", "C", "A", "A", "D", "D"], dtype=object))
    parents = dict(zip(other["team"], other["parent_team"], strict=True))
    assert parents == {"A": None, "B": "A", "C": "B", "D": "A"}


def test_the_summary_counts_the_rosters_vacant_column(small_org) -> None:
    roster = small_org.roster
    assert roster["vacant"].tolist() == (roster["employee_id"].isna() & ~roster["is_pool"]
                                         ).tolist()
    assert OrgGraph.from_roster(roster).summary().vacancies == 1  # P5 has no holder
    marked = roster.assign(vacant=roster["position_id"].isin(["P5", "P7"]))
    assert OrgGraph.from_roster(marked).summary().vacancies == 2
