"""The structure before and after the plan: a hand-made roster with known answers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from planner.optimise.families import SpanException
from planner.plan.structure import Structure, pool_posts, structure
from planner.roster.graph import OrgGraph


def roster() -> pd.DataFrame:
    """A chief (Exec) over two team leads; lead A has 4 analysts, lead B has 2.

    Before: 9 posts, 3 managers (spans 2, 4, 2), 3 layers, two narrow spans (2).
    """
    rows = [("C", None, "Exec", "lead")]
    rows += [("LA", "C", "A", "lead"), ("LB", "C", "B", "lead")]
    rows += [(f"A{i}", "LA", "A", "analyst") for i in range(4)]
    rows += [(f"B{i}", "LB", "B", "analyst") for i in range(2)]
    return pd.DataFrame(rows, columns=["position_id", "manager_position_id", "team",
                                       "role_id"]).assign(fte=1.0)


def staffing(end: dict[tuple[str, str], float], per: float | None = None) -> pd.DataFrame:
    """One period; every pool starts at its roster FTE and ends at ``end`` (FTE)."""
    start = {("Exec", "lead"): 1.0, ("A", "lead"): 1.0, ("A", "analyst"): 4.0,
             ("B", "lead"): 1.0, ("B", "analyst"): 2.0}
    rows = [{"team": t, "role": r, "period": "Y1", "is_manager": r == "lead",
             "fte_start": f, "fte_end": end.get((t, r), f)} for (t, r), f in start.items()]
    out = pd.DataFrame(rows)
    if per is not None:  # part-time posts: the same people at half the FTE
        out = out.assign(fte_start=out["fte_start"] * per, fte_end=out["fte_end"] * per,
                         fte_per_person=per)
    return out


@pytest.fixture
def graph() -> OrgGraph:
    return OrgGraph.from_roster(roster())


def test_before_is_the_reporting_lines(graph) -> None:
    s = structure(graph, staffing({}), "team")
    b = s.before
    assert (b.positions, b.managers, b.span_max, b.layers) == (9, 3, 4, 3)
    assert b.span_mean == pytest.approx(8 / 3, abs=1e-3)
    assert b.span_mean == pytest.approx(graph.span_stats().mean)
    flags = graph.flags().counts()
    assert (b.narrow_spans, b.single_report_managers, b.wide_spans) == (
        flags["narrow_spans"], flags["single_report_managers"], flags["wide_spans"]) == (2, 0, 0)
    assert s.after == b  # a plan that changes nothing leaves the structure as it was


def test_a_team_losing_its_manager_moves_its_reports_up(graph) -> None:
    """A loses 2 analysts, B loses its lead: B's analysts report to the chief."""
    s = structure(graph, staffing({("A", "analyst"): 2.0, ("B", "lead"): 0.0}), "team")
    a = s.after
    assert (a.positions, a.managers, a.layers) == (6, 2, 3)  # layer 2 keeps lead A
    assert a.span_mean == pytest.approx(2.5)  # 5 reports over 2 managers
    assert a.span_max == 3  # the chief: lead A and B's two analysts
    assert (a.narrow_spans, a.single_report_managers) == (1, 0)  # lead A with 2
    teams = {t.team: t for t in s.teams}
    assert (teams["A"].managers_before, teams["A"].managers_after) == (1, 1)
    assert (teams["A"].span_before, teams["A"].span_after) == (4.0, 2.0)
    assert teams["A"].contributors_per_manager_after == 2.0
    assert (teams["B"].managers_after, teams["B"].span_after,
            teams["B"].contributors_per_manager_after) == (0, None, None)


def test_a_layer_disappears_only_with_no_manager_post_left(graph) -> None:
    s = structure(graph, staffing({("A", "lead"): 0.0, ("B", "lead"): 0.0}), "team")
    a = s.after
    assert (a.positions, a.managers, a.layers, a.span_max) == (7, 1, 2, 6)
    assert a.span_mean == pytest.approx(6.0)


def test_people_by_fte_per_person(graph) -> None:
    """Half-time posts: posts are FTE / fte_per_person, so the answer is the same."""
    end = {("A", "analyst"): 2.0, ("B", "lead"): 0.0}
    posts = pool_posts(staffing(end, per=0.5)).set_index(["team", "role"])
    assert posts.loc[("A", "analyst"), ["posts_start", "posts_end"]].tolist() == [4, 2]
    assert structure(graph, staffing(end, per=0.5), "team").after == structure(
        graph, staffing(end), "team").after


def test_round_trip_and_span_notes(graph) -> None:
    exc = (SpanException("B", "span_max", 12.0, "it has no manager posts", "no_managers"),)
    s = structure(graph, staffing({("B", "lead"): 0.0}), "team", exceptions=exc)
    back = Structure.from_dict(json.loads(json.dumps(s.to_dict())))
    assert back == s
    note = {t.team: t.span_note for t in back.teams}
    assert note["A"] is None
    assert note["B"] == ("B cannot meet the span of control cap of 12 direct reports per "
                         "manager: it has no manager posts.")
    assert back.table()["measure"].iloc[1] == "Managers"


def test_plan_json_states_the_structure(tmp_path) -> None:
    """A run writes ``structure`` to plan.json and reads it back unchanged."""
    from planner.io.plan_folder import SUMMARY_FILE
    from tests.optimise.conftest import run_checked, scenario

    sc = scenario(tmp_path, lead=True, capabilities=[], levers__span={"max": 8})
    plan = run_checked(sc, tmp_path / "plan")
    saved = json.loads((tmp_path / "plan" / SUMMARY_FILE).read_text())
    s = Structure.from_dict(saved["structure"])
    assert s == Structure.from_dict(plan.summary["structure"])
    assert (s.before.managers, s.before.span_max, s.before.layers) == (1, 10, 2)
    (team,) = s.teams
    assert (team.contributors_per_manager_before, team.contributors_per_manager_after) == (
        10.0, 8.0)


def test_a_flat_org_has_one_layer_and_no_managers() -> None:
    flat = roster().assign(manager_position_id=None)
    s = structure(OrgGraph.from_roster(flat), staffing({("A", "analyst"): 2.0}), "team")
    assert (s.before.managers, s.before.layers, s.before.span_max) == (0, 1, 0)
    assert (s.after.positions, s.after.managers, s.after.layers) == (7, 0, 1)


def test_teams_below_the_minimum_viable_size_merge_beside_them_or_upward() -> None:
    import pandas as pd

    from planner.plan.structure import Structure, team_merges

    tree = pd.DataFrame({"team": ["Exec", "Ops", "Ops A", "Ops B", "Ops C", "Fin", "Fin A"],
                         "parent_team": [None, "Exec", "Ops", "Ops", "Ops", "Exec", "Fin"]})
    end = pd.Series({"Exec": 1.0, "Ops": 2.0, "Ops A": 12.0, "Ops B": 2.5, "Ops C": 0.0,
                     "Fin": 6.0, "Fin A": 1.5})
    merges = {m.team: m for m in team_merges(tree, end, 3.0)}
    # Exec and Ops lead other teams; Ops C is emptied (closed, not merged)
    assert set(merges) == {"Ops B", "Fin A"}
    assert merges["Ops B"].into == "Ops A" and "largest team beside it under Ops" in merges[
        "Ops B"].reason
    assert merges["Fin A"].into == "Fin"  # no viable sibling: into the team it reports to
    assert team_merges(tree, end, None) == ()
    st = Structure.from_dict({"before": _figs(), "after": _figs(), "merges": [
        m.to_dict() for m in merges.values()]})
    assert st.merges_sentence() == ("2 teams end below the minimum viable size and merge: "
                                    "Fin A (1.5 FTE) into Fin; Ops B (2.5 FTE) into Ops A.")
    assert Structure.from_dict(st.to_dict()) == st


def _figs() -> dict:
    from planner.plan.structure import StructureFigures

    return {k: 0 for k in StructureFigures.__dataclass_fields__}
