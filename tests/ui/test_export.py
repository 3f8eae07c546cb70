"""The Export page: the runs with a plan offered, which run has none, the caveats in words."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")

from planner.ui import state  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    app,
    page,
    run_plan,
)


def test_export_after_an_infeasible_run_offers_the_runs_with_a_plan() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    runs = at.session_state["runs"]
    assert [r["result"].plan.has_plan for r in runs] == [True, True, False]
    at = page(at, "export")
    pick = at.selectbox[0]
    assert pick.label == "Run to export" and pick.options == [runs[0]["label"],
                                                              runs[1]["label"]]
    assert pick.value == 1  # the latest run with a plan
    assert "Download the finance workbook (.xlsx)" in [d.label for d in at.download_button]
    pick.set_value(0).run()
    assert state.md(runs[0]["label"]) in " ".join(m.value for m in at.markdown)


def _run_infeasible(at):
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    return at


def test_compare_and_export_say_which_run_has_no_plan() -> None:
    at = run_plan(app().run())
    _run_infeasible(at)
    runs = at.session_state["runs"]
    assert [r["result"].plan.has_plan for r in runs] == [True, False]
    name = runs[1]["label"].split(": ", 1)[1]
    at = page(at, "compare")
    said = " ".join(i.value for i in at.info)
    assert (state.md(f"Run 2 ({name})") + " has no plan (infeasible), so there is nothing "
            "to compare it with.") in said
    assert "Pick at least two runs" not in said

    at = page(app().run(), "plan")
    _run_infeasible(at)
    assert [r["result"].plan.has_plan for r in at.session_state["runs"]] == [False]
    name = at.session_state["runs"][0]["label"].split(": ", 1)[1]  # a first run: its own name
    at = page(at, "export")
    said = " ".join(i.value for i in at.info)
    assert "None of the 1 runs" not in said
    assert (state.md(f"Run 1 ({name})") + " has no plan (infeasible), so there is nothing "
            "to export") in said
    assert "change the levers" in said and "run again" in said
    assert "Download the finance workbook (.xlsx)" not in [d.label for d in at.download_button]


def test_the_plan_and_export_state_its_caveats_in_the_apps_words(tmp_path) -> None:
    import io

    import openpyxl

    from tests.roster.test_roster_errors import roster_with_errors

    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("team roster.csv", roster_with_errors(tmp_path).read_bytes(),
                                   "text/csv")).run()
    next(b for b in at.button if b.key == "skip_error_rows").click().run()
    at = run_plan(at)
    result = at.session_state["runs"][-1]["result"]
    assert result.plan.has_plan
    warned = [w.value for w in at.warning]
    assert warned[0].startswith("Planned without part of the roster: 3 of the roster's 14 "
                                "rows were left out")
    no_cost = next(w for w in warned if "have no cost in the roster" in w)
    assert no_cost.startswith("2 positions \\(2.0 FTE\\) have no cost")
    assert state.md("peers of the same grade or role (set 'Positions without a cost' on the "
                    "Scenario page (Finance and solver)).") in no_cost
    assert "--" not in " ".join(warned) and "impute_cost (grade" not in no_cost
    assert not any("have no cost" in x for x in result.plan.explanations)  # a caveat, said once

    at = page(at, "export")
    warned = [w.value for w in at.warning]
    assert warned[0].startswith("Planned without part of the roster: 3 of the roster's 14")
    assert any(state.md("'Positions without a cost' on the Scenario page") in w for w in warned)
    book = openpyxl.load_workbook(io.BytesIO(state.workbook(state.doc_key(result.doc), result)))
    rows = list(book["Summary"].iter_rows(values_only=True))
    assert dict((r[0], r[1]) for r in rows)["Planned without part of the roster"].startswith(
        "3 of the roster's 14 rows were left out")
    assert any(r[0] == "Note" and "'Positions without a cost' on the Scenario page" in r[1]
               for r in rows)
