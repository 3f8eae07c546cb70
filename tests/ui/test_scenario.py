"""The Scenario page: the form's levers, versions saved and loaded, problems in words."""

from __future__ import annotations

import os

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")

from tests.conftest import ROOT  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    app,
    page,
    upload,
)


def test_scenario_form_applies_a_lever_and_reports_bad_ones() -> None:
    at = page(app().run(), "scenario")
    at.number_input(key="sc0_levers.attrition.new").set_value(30)  # % a year
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception
    assert at.session_state["scenario_doc"]["levers"]["attrition"]["new"] == 0.3
    at.number_input(key="sc0_levers.span.min").set_value(20)
    next(b for b in at.button if b.label == "Apply").click().run()
    errors = at.dataframe[-1].value
    assert "levers.span" in errors["setting"].iloc[0]
    assert at.session_state["scenario_doc"]["levers"]["span"]["min"] == 3


def test_scenario_saves_a_version_and_loads_it_back() -> None:
    at = page(app().run(), "scenario")
    at.text_input(key="save_note").set_value("first cut")
    next(b for b in at.button if b.label == "Save as a new version").click().run()
    assert "version 1" in at.success[0].value
    at.selectbox(key="load_model").set_value("attrition_only.yaml")
    next(b for b in at.button if b.key == "load_model_btn").click().run()
    assert at.session_state["scenario_doc"]["levers"]["no_redundancy"] is True
    next(b for b in at.button if b.key == "load_saved_btn").click().run()
    assert not at.exception
    assert at.session_state["scenario_doc"]["levers"]["no_redundancy"] is False


def test_save_stores_what_the_form_shows_without_pressing_apply() -> None:
    from planner.store import Store

    at = page(app().run(), "scenario")
    at.text_input(key="sc0_name").set_value("Pledge, narrower spans")
    at.toggle(key="sc0_levers.no_redundancy").set_value(True)
    at.number_input(key="sc0_levers.span.max").set_value(9)
    at.text_input(key="save_note").set_value("pledge and span 9")
    next(b for b in at.button if b.label == "Save as a new version").click().run()
    assert not at.exception
    assert "Pledge, narrower spans version 1" in at.success[-1].value

    store = Store(os.environ["PLANNER_STORE_URL"])
    row = store.scenarios().iloc[0]
    body = store.scenario(int(row["id"]))["body"]
    assert body["name"] == "Pledge, narrower spans"
    assert body["levers"]["no_redundancy"] is True and body["levers"]["span"]["max"] == 9
    # the one scenario document every face writes (the CLI's, the runs'), not the form's dict
    from planner.scenario.model import scenario_document, scenario_from_dict

    assert body == scenario_document(scenario_from_dict(body))
    assert row["note"] == "pledge and span 9"
    # what was saved is now the working scenario too, and the page says so at its top
    assert at.session_state["scenario_doc"]["levers"]["span"]["max"] == 9
    assert any(c.value.startswith("Working scenario: **Pledge, narrower spans**")
               for c in at.caption)


def test_save_refuses_an_invalid_form_and_says_why() -> None:
    at = page(app().run(), "scenario")
    at.number_input(key="sc0_levers.span.min").set_value(20)
    next(b for b in at.button if b.label == "Save as a new version").click().run()
    assert not at.exception
    assert any("Not saved" in e.value for e in at.error)
    errors = at.dataframe[-1].value
    assert "levers.span" in errors["setting"].iloc[0]
    assert at.session_state["scenario_doc"]["levers"]["span"]["min"] == 3

    from planner.store import Store

    assert Store(os.environ["PLANNER_STORE_URL"]).scenarios().empty


def test_a_problem_says_where_the_app_sets_its_setting(tmp_path) -> None:


    frame = pd.read_csv(ROOT / "data" / "sample_org.csv").head(40)
    frame.loc[3, "annual_cost"] = None
    at = upload(app().run(), frame, "gaps.csv")
    problems = next(d.value for d in at.dataframe if "hint" in d.value.columns)
    hint = problems.loc[problems["code"] == "missing_cost", "hint"].iloc[0]
    assert "'Positions without a cost' on the Scenario page" in hint
    assert "--" not in " ".join(problems["hint"].astype(str))
    page(at, "scenario")
    assert at.selectbox(key="sc0_impute_cost").label == "Positions without a cost"


def test_suggested_reskilling_is_set_on_the_form_and_off_sets_none() -> None:
    at = page(app().run(), "scenario")
    assert at.session_state["scenario_doc"]["levers"].get("reskilling_auto") is None
    at.selectbox(key="load_model").set_value("attrition_only_reskilling_auto.yaml")
    next(b for b in at.button if b.key == "load_model_btn").click().run()
    assert not at.exception
    ver = next(t.key for t in at.toggle if t.key.endswith("_reskilling_auto_on"))
    ver = ver.removesuffix("_reskilling_auto_on")
    assert at.toggle(key=f"{ver}_reskilling_auto_on").value is True
    at.number_input(key=f"{ver}_levers.reskilling_auto.min_similarity").set_value(0.5)
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception
    auto = at.session_state["scenario_doc"]["levers"]["reskilling_auto"]
    assert auto["min_similarity"] == 0.5 and auto["top_k"] == 2
    at.toggle(key=f"{ver}_reskilling_auto_on").set_value(False)
    next(b for b in at.button if b.label == "Apply").click().run()
    assert at.session_state["scenario_doc"]["levers"]["reskilling_auto"] is None


def test_the_adoption_gates_show_on_the_form_in_percent_and_apply_as_shares() -> None:
    at = page(app().run(), "scenario")
    doc = at.session_state["scenario_doc"]
    cap = doc["capabilities"][0]["id"]
    gate = {"capability": cap, "adoption": 0.5, "holds": "reductions"}
    at.session_state["scenario_doc"] = {**doc, "levers": {**doc["levers"], "gates": [gate]}}
    at.session_state["form_version"] = 1  # a fresh form shows the document
    at.run()
    shown = next(d for d in at.dataframe if "holds" in d.value.columns).value
    assert shown.to_dict("records") == [{"capability": cap, "adoption": 50.0,
                                         "holds": "reductions"}]
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception
    assert at.session_state["scenario_doc"]["levers"]["gates"] == [gate]
