"""The Work page: tag edits become scenario overrides, bulk changes, coverage, and the job
titles mapped to roles into the title overrides file."""

from __future__ import annotations

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")

from planner import load_org  # noqa: E402
from planner.ui import state  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    SAMPLE,
    app,
    metrics,
    page,
    tags_grid,
    upload,
)


def test_a_tag_edit_becomes_a_scenario_override() -> None:
    at = page(app().run(), "work")
    editor = tags_grid(at)
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
    assert tags_grid(at).key == editor.key
    shown = tags_grid(at).value
    assert bool(shown.loc[shown["task_id"] == first["task_id"], "changed"].iloc[0])
    at.run()  # an unrelated re-run keeps the override, once
    assert at.session_state["scenario_doc"]["inputs"]["tag_overrides"] == overrides


def test_a_tag_edit_is_not_applied_again_to_a_scenario_loaded_later() -> None:
    at = page(app().run(), "work")
    editor = tags_grid(at)
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
    assert 0.99 not in set(tags_grid(at).value["automatable_share"])


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
    assert said.endswith("Map their titles to roles below.")


def _odd_titles() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE).head(200)
    frame.loc[frame.index[100:150], "job_title"] = "Zorblax Wrangler"
    frame.loc[frame.index[150:160], "job_title"] = "Payroll Wranglers"
    return frame


def _grid(at):
    return next(d for d in at.data_editor if "accept" in d.value.columns)


def _said(at) -> str:
    return next(s.value for s in at.success if "Mapped " in s.value)


def test_the_mapping_table_lists_the_titles_without_a_confident_role_by_fte() -> None:
    frame = _odd_titles()
    at = page(upload(app().run(), frame, "odd titles.csv"), "work")
    grid = _grid(at).value
    assert list(grid["job_title"][:2]) == ["Zorblax Wrangler", "Payroll Wranglers"]
    assert list(grid["fte"]) == sorted(grid["fte"], reverse=True)
    assert grid["fte"].iloc[0] == pytest.approx(frame["fte"].iloc[100:150].sum())
    payroll = grid.set_index("job_title").loc["Payroll Wranglers"]
    assert payroll["role"] == "Payroll Officer"  # the first suggestion, by name
    assert payroll["suggestion_1"].startswith("Payroll Officer (")
    assert "%): " in payroll["suggestion_1"]  # its confidence, then why
    assert not grid.astype(str).apply(lambda c: c.str.contains("_officer")).any().any()
    headline = next(m.value for m in at.markdown if m.value.startswith("**Map"))
    assert headline.startswith("**Map this title to cover 90% of the workforce: ")


def test_accepting_a_picked_role_writes_the_file_and_the_title_is_confident(
        tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(state, "TITLE_OVERRIDES", tmp_path / "work")
    frame = _odd_titles()
    at = page(upload(app().run(), frame, "odd titles.csv"), "work")
    hours = float(metrics(at)["Hours a year"].replace(",", ""))
    grid = _grid(at)
    row = list(grid.value["job_title"]).index("Zorblax Wrangler")
    at.session_state[grid.key] = {"edited_rows": {row: {"accept": True,
                                                        "role": "Operations Analyst"}},
                                  "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.key == "title_map_accept").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (written,) = (tmp_path / "work").glob("*.csv")
    assert written.read_text(encoding="utf-8").splitlines() == [
        "job_title,role_id", "Zorblax Wrangler,operations_analyst"]
    assert at.session_state["scenario_doc"]["inputs"]["title_overrides"] == str(written)
    said = _said(at)
    assert "in a title overrides file in the app's working folder" in said
    assert "Next:" in said
    assert "Zorblax Wrangler" not in set(_grid(at).value["job_title"])
    roster = load_org(at.session_state["roster_source"].paths[0], title_overrides=written).roster
    assert set(roster.loc[roster["job_title"] == "Zorblax Wrangler", "role_status"]) == {"ok"}
    # their work is in the tags grid's hours now (the page's caches know the mapping)
    assert float(metrics(at)["Hours a year"].replace(",", "")) > hours
    # the figures count the mapping: what is left is "Payroll Wranglers", found through the
    # payroll officers' work with low confidence
    left = frame["fte"].iloc[150:160].sum()
    said = next(w.value for w in at.warning if "low confidence" in w.value)
    assert "match no role" not in said
    assert f"({left:,.0f} FTE, 1 title) matched a role with low confidence" in said


def test_accept_all_top_suggestions_merges_into_the_scenario_file(tmp_path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("job_title,role_id\nZorblax Wrangler,operations_analyst\n",
                    encoding="utf-8")
    frame = _odd_titles()
    frame.loc[frame.index[160:165], "job_title"] = "Quibble Wrangler"
    at = page(upload(app().run(), frame, "odd titles.csv"), "work")
    doc = at.session_state["scenario_doc"]
    doc["inputs"]["title_overrides"] = str(mine)
    at.session_state["scenario_doc"] = doc
    at.run()
    shown = _grid(at).value
    assert "Zorblax Wrangler" not in set(shown["job_title"])  # the scenario's file is read
    top = shown[shown["role"].notna()]
    assert len(top) >= 1
    button = next(b for b in at.button if b.key == "title_map_all")
    assert button.label == f"Accept all top suggestions ({len(top)} title{'s' * (len(top) > 1)})"
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    lines = mine.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "job_title,role_id" and "Zorblax Wrangler,operations_analyst" in lines
    assert len(lines) == 2 + len(top)
    assert "Payroll Wranglers,payroll_officer" in lines
    assert "in the scenario's title overrides file" in _said(at)
    left = _grid(at).value if any("accept" in d.value.columns for d in at.data_editor) else None
    assert left is None or not set(top["job_title"]) & set(left["job_title"])


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
