"""The to-be org chart: teams inside the team they report to, sized by FTE after the plan,
marked in whole posts; a team's to-be numbers set by hand become locks at the last period."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("streamlit")

from planner.ui.tobe import lock_to_be, marks_text, team_pools, to_be_chart, tree_frame  # noqa: E402
from tests.ui.helpers import app, run_plan  # noqa: E402

TREE = pd.DataFrame({"team": ["Exec", "Finance", "Ops"],
                     "parent_team": [None, "Exec", "Exec"],
                     "head_title": ["CEO", "Finance Director", "Operations Director"]})


def _staffing() -> pd.DataFrame:
    rows = []
    for team, role, start, end in (("Exec", "ceo", 1, 1), ("Finance", "analyst", 4, 2),
                                   ("Finance", "fin_mgr", 1, 1), ("Ops", "clerk", 6, 7)):
        rows += [dict(team=team, role=role, period="2027-Q1", fte_start=start,
                      fte_end=(start + end) / 2),
                 dict(team=team, role=role, period="2027-Q2", fte_start=(start + end) / 2,
                      fte_end=end)]
    return pd.DataFrame(rows)


def test_tree_frame_says_where_each_team_reports_and_what_changes() -> None:
    pc = pd.DataFrame({
        "team": ["Finance", "Finance", "Ops"], "role": ["analyst", "analyst", "clerk"],
        "period": ["2027-Q1", "2027-Q2", "2027-Q2"], "filled_posts": [4, 3, 6],
        "redundancies": [1, 0, 0], "moves_out": [0, 1, 0], "reskill_out": [0, 0, 0],
        "vacancies_closed": [2, 0, 0], "vacancies_filled": [0, 0, 0], "new_posts": [0, 0, 1]})
    moves = pd.DataFrame({"from_team": ["Finance", "Ops"], "to_team": ["Ops", "Ops"],
                          "fte_arriving": [0.8, 2.0], "people": [1, 2]})
    positions = pd.DataFrame({
        "team": ["Finance", "Finance", "Finance", "Ops"],
        "action": ["affected", "affected", "close", "keep"], "posts": [1, 3, 1, 6]})
    f = tree_frame(TREE, _staffing(), pc, moves, positions).set_index("team")
    assert f.loc["Exec", "parent_team"] == "" and f.loc["Ops", "parent_team"] == "Exec"
    assert f.loc["Finance", ["before", "after"]].tolist() == [5.0, 3.0]
    assert f.loc["Finance", "change_pct"] == pytest.approx(-40.0)
    # the posts of the ledger's affected rows (a pool row holds several)
    assert f.loc["Finance", "affected"] == 4 and f.loc["Finance", "vacancies_closed"] == 2
    assert f.loc["Ops", "new_posts"] == 1
    assert f.loc["Ops", "received"] == 1  # a move within Ops is no arrival from another team
    assert marks_text(f.loc["Finance"]) == "4 posts at risk · 2 vacancies closed"
    assert marks_text(f.loc["Exec"]) == ""
    # a closed box holds the teams inside it: Exec's counts are its teams'
    assert marks_text(f.loc["Exec"], "_below") == (
        "4 posts at risk · 2 vacancies closed · 1 new post · 1 person received")
    assert f.loc["Ops", "new_posts_below"] == 1


def test_a_team_the_tree_lacks_sits_at_the_top_and_the_chart_opens_two_levels() -> None:
    st = _staffing()
    f = tree_frame(TREE, st[st["team"] != "Exec"])
    assert set(f["parent_team"]) == {""}  # no Exec in the plan: its teams report to no one
    f = tree_frame(TREE[TREE["team"] != "Ops"], st).set_index("team")
    assert f.loc["Ops", "parent_team"] == "" and f.loc["Ops", "head_title"] == ""
    fig = to_be_chart(tree_frame(TREE, _staffing()))
    tm = fig.data[0]
    assert tm.maxdepth == 2 and tm.branchvalues == "remainder"
    assert list(tm.parents) == ["", "Exec", "Exec"]


def test_lock_to_be_fixes_the_last_period_and_replaces_old_locks() -> None:
    doc = {"levers": {"locks": [
        {"team": "Finance", "role": "analyst", "fte": 4.0, "period": 2},
        {"team": "Finance", "role": "analyst", "fte": 4.0, "period": 1},
        {"team": "Ops", "role": "clerk", "fte": 6.0}]}}
    out = lock_to_be(doc, "Finance", {"analyst": 2.5}, 2)
    assert out["levers"]["locks"] == [
        {"team": "Finance", "role": "analyst", "fte": 4.0, "period": 1},
        {"team": "Ops", "role": "clerk", "fte": 6.0},
        {"team": "Finance", "role": "analyst", "fte": 2.5, "period": 2}]
    assert doc["levers"]["locks"][0]["fte"] == 4.0  # the document given is not changed
    pools = team_pools(_staffing(), "Finance")
    assert pools.to_dict("records") == [
        {"role": "analyst", "fte_before": 4.0, "fte_after": 2.0},
        {"role": "fin_mgr", "fte_before": 1.0, "fte_after": 1.0}]


def test_the_to_be_section_draws_the_chart_and_re_optimises_a_team_set_by_hand() -> None:
    at = run_plan(app().run())
    at.segmented_control(key="plan_section").set_value("To-be org").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("inside the team it reports to" in c.value for c in at.caption)
    team = at.selectbox(key="tobe_team")
    grid = next(d for d in at.data_editor if d.key.startswith("tobe_edit_"))
    assert "FTE at the end (set it)" in str(grid.proto.columns)
    runs = len(at.session_state["runs"])
    target = round(float(grid.value["fte_after"].iloc[0]) + 1.0, 1)
    at.session_state[grid.key] = {"edited_rows": {0: {"fte_after": target}},
                                  "added_rows": [], "deleted_rows": []}
    at.run()
    next(b for b in at.button if b.key == "tobe_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.session_state["runs"]) == runs + 1
    locks = at.session_state["runs"][-1]["result"].scenario.levers.locks
    assert any(lk.team == team.value and lk.fte == pytest.approx(target) for lk in locks)


def test_the_ai_layer_posts_have_a_box_under_the_top_team_and_oversight_shows() -> None:
    req = pd.DataFrame({"team": ["Ops", "AI operations"], "role": ["clerk", "ai_operations"],
                        "period": ["2027-Q2", "2027-Q1"], "posts": [1, 2],
                        "kind": ["pool", "ai_operations"]})
    f = tree_frame(TREE, _staffing(), requisitions=req,
                   oversight_fte=pd.Series({"Ops": 0.4})).set_index("team")
    assert f.loc["AI operations", "parent_team"] == "Exec"
    assert f.loc["AI operations", ["before", "after", "new_posts"]].tolist() == [0, 2, 2]
    assert f.loc["Exec", "new_posts_below"] == 2  # the pool's new post is not in the mark
    assert f.loc["Ops", "oversight_fte"] == pytest.approx(0.4)
    hover = to_be_chart(f.reset_index()).data[0].hovertext
    assert "AI oversight: 0.4 FTE of its people's time" in hover[list(f.index).index("Ops")]
