"""The Organisation page: the org drawn, a team's positions, the charts' labels."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")

from tests.ui.helpers import (  # noqa: E402
    SAMPLE,
    app,
    metrics,
    named_roster,
    page,
    people_table,
    run_plan,
    upload,
)


def test_org_page_draws_the_org_and_a_team() -> None:
    at = page(app().run(), "overview")
    assert metrics(at)["Layers"] == "6"
    assert len(at.get("plotly_chart")) == 3  # the org view, layers and spans
    # module constants' docstrings are not drawn (streamlit's magic is off)
    assert not [m.value for m in at.markdown if "Most boxes drawn" in m.value]
    team = at.selectbox(key="team_choice")
    team.set_value("Customer Support").run()
    assert not at.exception
    people = people_table(at)
    assert len(people) == 4
    assert "name" not in people.columns and "annual_cost" not in people.columns
    at.toggle(key="show_names").set_value(True).run()
    assert "name" in people_table(at).columns
    for view in ("Icicle", "Sunburst", "Reporting lines"):
        at.radio(key="org_view").set_value(view).run()
        assert not at.exception


def test_titles_are_escaped_in_org_charts() -> None:
    from planner.ui import overview

    leaves = pd.DataFrame({"function": ["<b>F</b>"], "team": ["<a href='x'>T</a>"],
                           "role": ["r"], "positions": [1], "fte": [1.0],
                           "annual_cost": [1.0]})
    fig = overview.structure_figure(leaves, "Treemap", False)
    labels = " ".join(map(str, fig.data[0].labels))
    assert "<a href" not in labels and "&lt;a href=" in labels


def test_an_uploaded_roster_without_teams_plans_by_department() -> None:
    at = upload(app().run(), named_roster())
    assert metrics(at)["Positions"] == "300"
    doc = at.session_state["scenario_doc"]
    assert doc["inputs"]["team_by"] == "department"
    assert doc["inputs"]["on_cost_rate"] is None
    at = page(at, "overview")
    departments = set(named_roster()["department"])
    assert at.selectbox(key="team_choice").value in departments
    at = run_plan(at)
    staffing = at.session_state["runs"][-1]["result"].plan.tables["staffing"]
    assert set(staffing["team"]) <= departments and len(set(staffing["team"])) > 1


def test_no_personal_data_in_logs_or_output(capfd) -> None:
    import io

    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    loggers = [logging.getLogger(), logging.getLogger("streamlit"), logging.getLogger("planner")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    try:
        at = upload(app().run(), named_roster())
        at = page(at, "overview")
        at.toggle(key="show_names").set_value(True).run()
        assert "name" in people_table(at).columns  # the names were on the page
        run_plan(at)
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
    out, err = capfd.readouterr()
    for text in (buf.getvalue(), out, err):
        assert "Zyxwo" not in text and "Person0" not in text


def test_fte_by_function_names_every_bar() -> None:
    from planner import load_org
    from planner.ui.data import BAR_HEIGHT, function_figure

    roster = load_org(SAMPLE).roster
    functions = roster["department"].nunique()
    fig = function_figure(roster)
    assert functions == 13
    assert len(fig.layout.yaxis.tickvals) == functions == len(fig.data[0].y)
    assert fig.layout.height >= BAR_HEIGHT * functions + 100


def test_reporting_lines_label_every_column_and_draw_every_layer(tmp_path) -> None:
    from planner import load_org
    from planner.ui.overview import ORG_ROOT, reporting_figure, reporting_frame

    sample = load_org(SAMPLE)
    boxes = reporting_frame(sample.graph.positions())
    (root,) = boxes.index[boxes["parent"] == ""]
    assert boxes.at[root, "label"] == "Managing Director"  # one top position: it is the root
    fig = reporting_figure(sample, "sample")
    assert fig.data[0].maxdepth == -1  # every layer, not the first three
    assert fig.data[0].root.color not in (None, "rgba(0,0,0,0)")  # the root box is drawn
    forest = tmp_path / "two.csv"
    forest.write_text("position_id,manager_position_id,job_title,fte\nA,,Chief Executive,1\n"
                      "B,A,Accountant,1\nC,,Chair of the Board,1\nD,C,Board Secretary,0.5\n",
                      encoding="utf-8")
    boxes = reporting_frame(load_org(forest).graph.positions())
    top = boxes[boxes["parent"] == ""]
    assert top["id"].tolist() == [ORG_ROOT]
    assert top["label"].iloc[0] == "Organisation: 2 top positions"
    assert top["fte"].iloc[0] == 3.5
    assert set(boxes.loc[boxes["parent"] == ORG_ROOT, "label"]) == {"Chief Executive",
                                                                     "Chair of the Board"}
