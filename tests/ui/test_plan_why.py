"""The Run and plan page says why the plan is what it is, and how a run ended, in words."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")

from tests.ui.helpers import app, run_plan  # noqa: E402

HEADING = "**Why this plan: the levers that bind, and what relaxing them is worth**"


def test_when_no_lever_binds_the_why_says_so_and_notes_have_their_own_heading() -> None:
    at = app().run()
    at.toggle(key="show_costs").set_value(True).run()
    at = run_plan(at)  # the working scenario, then the same without its span limits
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "span": {"max": 100.0}}
    at.session_state["scenario_doc"] = doc
    at.number_input(key="q_span").set_value(100.0)
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown]
    after = texts[texts.index(HEADING) + 1].replace("\\", "")
    assert after.startswith("- None of the levers you set limits this plan: what shapes it "
                            "is the work to be covered, attrition and the objective (lowest "
                            "total cost)."), after
    notes = texts.index("**Notes on the plan and the data**")
    assert notes > texts.index(HEADING) + 1
    assert any("For experts" in e.label for e in at.expander)


def test_an_infeasible_run_says_there_is_no_plan_and_why() -> None:
    at = run_plan(app().run())
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [e.label for e in at.get("expandable")] + [s.label for s in at.status]
    assert any(x.startswith("No plan: the scenario is infeasible (found in ") for x in labels), \
        labels
    assert not any("solved in" in x for x in labels), labels
