"""The plan's sections read as a planner's tables: titles not ids, headers with units, FTE to
one decimal, money with its currency; the AI layer tells work AI executes from work it
assists."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("streamlit")

from tests.ui.helpers import app, page, run_plan, texts  # noqa: E402


def _config(frame) -> dict:
    """A shown table's column headers and formats (its column_config), by column."""
    return {k.removeprefix("col:"): v for k, v in
            json.loads(frame.proto.columns or "{}").items()}


def _table(at, column: str):
    return next(d for d in at.dataframe if column in d.value.columns)


def test_the_ai_layer_splits_executed_from_assisted_hours_and_counts_whole_teams() -> None:
    at = run_plan(app().run())
    s = at.session_state["runs"][0]["result"].plan.summary
    at.segmented_control(key="plan_section").set_value("AI layer").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _table(at, "capability")
    layer, config = shown.value, _config(shown)
    copilot = layer[layer["capability"] == "Copilot"]
    assert len(copilot) and copilot["executed_hours"].eq(0).all()  # it assists, it executes nothing
    assert copilot["assisted_hours"].gt(0).all()
    assert layer["executed_hours"].sum() == pytest.approx(s["ai_hours"], rel=1e-6)
    assert layer["assisted_hours"].sum() == pytest.approx(s["assisted_hours"], rel=1e-6)
    assert config["executed_hours"]["label"] == "hours AI executes [h]"
    assert config["assisted_hours"]["label"] == "hours of human work AI assists [h]"
    assert (layer["teams"] == layer["teams"].round()).all()  # whole teams
    assert config["teams"]["label"] == "teams using it"
    if "deployed" in layer:  # a continuous plan pays for parts of deployments: said in words
        assert config["deployed"]["label"] == "deployments paid for"
        assert any("pay for part of a deployment" in c.value for c in at.caption)
    words = " ".join(m.value for m in at.markdown)
    assert f"'Hours AI executes' counts the work AI does itself: {s['ai_hours']:,.0f} h" in words
    assert f"assists {s['assisted_hours']:,.0f} h of human work" in words


def test_plan_tables_show_titles_headers_with_units_and_one_decimal() -> None:
    at = run_plan(app().run())
    at.toggle(key="show_costs").set_value(True).run()
    at.segmented_control(key="plan_section").set_value("People").run()
    assert not at.exception, [e.value for e in at.exception]
    moves = _table(at, "to_team")
    config = _config(moves)
    assert not moves.value["from_role"].str.contains("_").any()  # titles, not role ids
    assert not moves.value["to_role"].str.contains("_").any()
    assert config["from_team"]["label"] == "from team"
    assert config["fte"]["label"] == "FTE leaving" and config["fte"]["type_config"][
        "format"] == "%,.1f"
    assert config["cost"]["label"] == "one-off cost [GBP]"
    assert config["cost"]["type_config"]["format"] == "%,.0f"
    people = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert people["layout"]["yaxis"]["title"]["text"] == "FTE"
    assert people["layout"]["legend"]["title"]["text"] == ""

    at.segmented_control(key="plan_section").set_value("Teams and roles").run()
    teams = _config(_table(at, "team"))
    labels = [teams[c]["label"] for c in ("before", "after", "change", "change_pct")]
    assert labels == ["FTE before", "FTE after", "change [FTE]", "change [%]"]
    assert teams["change"]["type_config"]["format"] == "%,.1f"
    roles = _config(_table(at, "role"))
    assert roles["redeploy_out"]["label"] == "Redeployed out [FTE]"
    assert roles["reskilled_in"]["label"] == "Reskilled in [FTE]"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["xaxis"]["title"]["text"] == "FTE"

    at.segmented_control(key="plan_section").set_value("Costs").run()
    one_off = json.loads(at.get("plotly_chart")[1].proto.spec)
    names = {t["name"] for t in one_off["data"]}
    assert "AI implementation" in names and not any("_" in n for n in names)


def test_dates_and_the_law_show_a_timeline_per_establishment() -> None:
    at = page(app().run(), "plan")
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "compliance": {"rules": ["uk"]}}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.segmented_control(key="plan_section").set_value("Dates and the law").run()
    assert not at.exception, [e.value for e in at.exception]
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["title"]["text"] == "Dates and the law by establishment"
    said = texts(at)
    assert "announced 2027-01-01; rules: UK collective redundancy consultation and HR1" in said
    assert "not legal advice" in said
    assert "establishment" in _table(at, "rule").value.columns
