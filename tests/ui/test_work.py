"""The Work page: tag edits become scenario overrides, bulk changes, coverage."""

from __future__ import annotations

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")

from tests.ui.helpers import (  # noqa: E402
    SAMPLE,
    app,
    metrics,
    page,
    upload,
)


def test_a_tag_edit_becomes_a_scenario_override() -> None:
    at = page(app().run(), "work")
    editor = at.data_editor[0]
    table = editor.value
    # the columns a planner edits come first, after the task they belong to
    assert list(table.columns[:5]) == ["task_id", "statement", "automatable_share", "mode",
                                       "oversight_hours_per_ai_hour"]
    first = table.iloc[0]
    new = 0.95 if first["automatable_share"] != 0.95 else 0.9
    at.session_state[editor.key] = {"edited_rows": {0: {"automatable_share": new}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    overrides = at.session_state["scenario_doc"]["inputs"]["tag_overrides"]
    assert overrides == [{"task": first["task_id"], "automatable_share": new}]
    assert metrics(at)["Tasks changed from default"] == "1"
    # the same grid (its key, so the browser keeps it and its scroll position), showing it
    assert at.data_editor[0].key == editor.key
    shown = at.data_editor[0].value
    assert bool(shown.loc[shown["task_id"] == first["task_id"], "changed"].iloc[0])
    at.run()  # an unrelated re-run keeps the override, once
    assert at.session_state["scenario_doc"]["inputs"]["tag_overrides"] == overrides


def test_a_tag_edit_is_not_applied_again_to_a_scenario_loaded_later() -> None:
    at = page(app().run(), "work")
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"automatable_share": 0.99}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.session_state["scenario_doc"]["inputs"]["tag_overrides"]
    page(at, "scenario")
    at.selectbox(key="load_model").set_value("attrition_only.yaml")
    next(b for b in at.button if b.key == "load_model_btn").click().run()
    loaded = at.session_state["scenario_doc"]["inputs"].get("tag_overrides") or []
    page(at, "work")  # the grid's old edit is gone with the grid: the loaded tags stay
    assert (at.session_state["scenario_doc"]["inputs"].get("tag_overrides") or []) == loaded
    assert 0.99 not in set(at.data_editor[0].value["automatable_share"])


def test_bulk_change_and_reset_of_a_category() -> None:
    at = page(app().run(), "work")
    at.multiselect(key="w_cat").set_value(["data_processing"]).run()
    n = int(metrics(at)["Tasks in view"])
    at.number_input(key="bulk_factor").set_value(0.5)
    next(b for b in at.button if "Apply to the tasks" in b.label).click().run()
    assert not at.exception
    overrides = at.session_state["scenario_doc"]["inputs"]["tag_overrides"]
    assert 0 < len(overrides) <= n
    at.checkbox(key="bulk_reset").check()
    next(b for b in at.button if "Apply to the tasks" in b.label).click().run()
    assert at.session_state["scenario_doc"]["inputs"]["tag_overrides"] == []


def test_work_page_says_the_share_of_fte_whose_titles_match_no_role() -> None:
    frame = pd.read_csv(SAMPLE).head(200)
    frame.loc[frame.index[100:150], "job_title"] = "Zorblax Wrangler"
    no_role_fte = frame.loc[frame.index[100:150], "fte"].sum()
    at = page(upload(app().run(), frame, "odd titles.csv"), "work")
    said = next(w.value for w in at.warning if "match no role" in w.value)
    assert said.startswith(f"{no_role_fte / frame['fte'].sum():.0%} of FTE "
                           f"({no_role_fte:,.0f} of {frame['fte'].sum():,.0f}) have job "
                           "titles that match no role")
    assert "planned with no AI scope" in said
    assert "next release" in said and "`inputs.title_overrides`" in said


def test_the_chosen_roles_nearest_roles_in_role_names() -> None:
    from planner.labels import library_labels
    from planner.ui.work import nearest_in_words
    from planner.work.adjacency import similarity_matrix
    from planner.work.library import load_library

    lib = load_library()
    title = library_labels(lib).role
    table = nearest_in_words(similarity_matrix(lib), "customer_support_agent", title, top=3)
    assert list(table.columns) == ["role", "similarity", "shared", "missing"]
    assert len(table) == 3 and "Customer Support Team Lead" in set(table["role"])
    assert "Customer Support Agent" not in set(table["role"])
    assert table["similarity"].between(0, 1).all()

    at = page(app().run(), "work")
    role = at.selectbox(key="w_role").value
    nearest = next(d.value for d in at.dataframe
                   if list(d.value.columns) == ["role", "similarity", "shared", "missing"])
    assert not at.exception
    assert len(nearest) == 5
    shown = nearest_in_words(similarity_matrix(lib), role, title)
    assert list(nearest["role"]) == list(shown["role"])
    assert nearest["similarity"].tolist() == pytest.approx((shown["similarity"] * 100).tolist())
