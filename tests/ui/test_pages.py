"""Every page of the app, driven headless with streamlit's AppTest."""

from __future__ import annotations

import logging
import os

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.conftest import ROOT  # noqa: E402

SAMPLE = ROOT / "data" / "sample_org.csv"


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)


def page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"planner/ui/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Metric label -> value (the first metric of each label: the page's headline)."""
    out: dict[str, str] = {}
    for m in at.metric:
        out.setdefault(m.label, m.value)
    return out


def people_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "position_id" in d.value.columns)


def texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def run_plan(at: AppTest) -> AppTest:
    page(at, "plan")
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# Data ----------------------------------------------------------------------------------------
def test_data_page_shows_the_sample_org() -> None:
    at = app().run()
    assert not at.exception
    m = metrics(at)
    assert m["Positions"] == "1,500"
    assert m["FTE"] == "1,423.4"
    assert m["Annual cost"] == "hidden"
    assert "Validation: 0 errors" in at.subheader[0].value


def test_cost_toggle_shows_costs() -> None:
    at = app().run()
    at.toggle(key="show_costs").set_value(True).run()
    annual = next(m for m in at.metric if m.label == "Annual cost [GBP]")
    assert annual.value == "87.4m" and annual.help == "GBP 87,444,530"


def test_upload_of_a_good_file_replaces_the_sample(tmp_path) -> None:
    frame = pd.read_csv(SAMPLE).head(200)
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("small.csv", frame.to_csv(index=False).encode(),
                                   "text/csv")).run()
    assert not at.exception
    assert metrics(at)["Positions"] == "200"
    assert "small.csv" in at.success[0].value
    page(at, "overview")
    assert metrics(at)["Positions"] == "200"


def test_upload_of_a_bad_file_reports_rows_and_fixes() -> None:
    bad = ROOT / "tests" / "data" / "bad" / "duplicate_id.csv"
    data = bad.read_bytes()
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("bad.csv", data, "text/csv")).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "code" in d.value.columns)
    assert {"row", "code", "message", "hint"} <= set(table.columns)
    assert (table["severity"] == "error").any()
    assert table["hint"].str.len().gt(0).all()
    dup = table[table["code"] == "duplicate_id"]
    assert len(dup) and dup["row"].notna().all()


def test_unknown_layout_gets_a_mapping_step() -> None:
    csv = (b"Req ID,Parent Req,Role Name,Total Comp,Business Unit\n"
           b"R1,,Chief Executive,200000,Exec\nR2,R1,Data Analyst,50000,Data\n"
           b"R3,R1,Data Analyst,52000,Data\n")
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("odd.csv", csv, "text/csv")).run()
    assert not at.exception
    assert any(s.value == "Map the columns" for s in at.subheader)
    edit = {"edited_rows": {0: {"header": "Req ID"}, 5: {"header": "Parent Req"},
                            7: {"header": "Role Name"}, 15: {"header": "Total Comp"}},
            "added_rows": [], "deleted_rows": []}
    from planner.ui.state import digest, save_upload

    at.session_state["mapping_editor_" + digest(save_upload("odd.csv", csv))] = edit
    at.run()
    next(b for b in at.button if b.label == "Load with this mapping").click().run()
    assert not at.exception
    assert metrics(at)["Positions"] == "3"


# Organisation --------------------------------------------------------------------------------
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


def test_markdown_escaping() -> None:
    from planner.ui.state import md

    assert md("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;".replace(
        "&lt;", "&lt;")
    assert "[" not in md("[click](http://x)").replace("\\[", "")


# Work and tags -------------------------------------------------------------------------------
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


# Scenario ------------------------------------------------------------------------------------
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


# Run, compare, export ------------------------------------------------------------------------
def test_run_shows_an_explained_plan_with_costs_hidden_then_shown() -> None:
    at = run_plan(app().run())
    m = metrics(at)
    assert m["Redundancies"] == "13.3"
    assert m["Cost a year"] == "hidden"
    assert "Why this plan" in texts(at)
    at.toggle(key="show_costs").set_value(True).run()
    assert metrics(at)["Cost a year [GBP]"] == "80.3m"
    from planner.ui.plan import SECTIONS

    for section in SECTIONS[1:]:
        at.segmented_control(key="plan_section").set_value(section).run()
        assert not at.exception, (section, [e.value for e in at.exception])
    at.segmented_control(key="plan_section").set_value("Costs").run()
    assert len(at.get("plotly_chart")) == 2  # the run-rate waterfall and the one-off costs


def test_an_infeasible_choice_says_what_conflicts() -> None:
    at = page(app().run(), "plan")
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    assert "infeasible" in at.error[0].value
    # The answer in words first: the best attainable saving against the target.
    first = at.markdown[[m.value for m in at.markdown].index(next(
        m.value for m in at.markdown if "the most this plan can save is" in m.value))]
    assert first.value.startswith("**With ") and "target 50%" in first.value
    assert first.value == next(m.value for m in at.markdown if m.value.startswith("**"))
    # The solver detail sits in an expander, the relaxations as a table.
    detail = next(e for e in at.expander if e.label == "Solver detail, for experts")
    table = detail.dataframe[0].value
    savings = table[table["setting"] == "levers.savings_target"].iloc[0]
    assert savings["as set"] == "0.5" and savings["gives a plan alone"]
    assert float(savings["nearest value with a plan"]) < 0.5
    assert "must move by" not in texts(at) and "could not isolate" not in texts(at)


def test_lock_a_team_and_reoptimise_after_several_runs() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()  # a second run: the picker
    assert len(at.session_state["runs"]) == 2
    at.segmented_control(key="plan_section").set_value("Lock and re-optimise").run()
    at.multiselect(key="lock_teams").set_value(["Customer Support 2"]).run()
    next(b for b in at.button if b.label == "Lock and re-optimise").click().run()
    assert not at.exception, [e.value for e in at.exception]
    runs = at.session_state["runs"]
    assert len(runs) == 3
    locks = at.session_state["scenario_doc"]["levers"]["locks"]
    assert locks and {lk["team"] for lk in locks} == {"Customer Support 2"}
    before, after = (r["result"].plan.tables["staffing"] for r in runs[1:])
    team = "Customer Support 2"
    assert (after[after["team"] == team]["fte_end"].to_numpy() == pytest.approx(
        before[before["team"] == team]["fte_end"].to_numpy(), abs=1e-5))
    assert "locked" in runs[2]["label"]


def test_compare_two_runs_and_export() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    assert len(at.session_state["runs"]) == 2
    at = page(at, "compare")
    head = at.dataframe[0].value
    assert head.shape[1] == 3
    red = head[head["measure"] == "Redundancies [FTE]"].iloc[0]
    assert red.iloc[1] != red.iloc[2]
    assert any(d.label == "Download the comparison workbook" for d in at.download_button)
    at = page(at, "export")
    labels = [d.label for d in at.download_button]
    assert "Download the finance workbook (.xlsx)" in labels
    assert "Download the plan folder (zip)" in labels


def test_saved_runs_appear_in_compare() -> None:
    at = run_plan(app().run())
    next(b for b in at.button if b.label == "Save the scenario and its run").click().run()
    assert "Saved as run 1" in at.success[0].value
    at = page(at, "compare")
    assert at.multiselect(key="cmp_stored").options


def named_roster(rows: int = 300) -> pd.DataFrame:
    """The sample's first rows with invented names and no team column (teams come from the
    department, as in many exports)."""
    frame = pd.read_csv(SAMPLE).head(rows).drop(columns=["team"])
    frame.insert(2, "name", [f"Zyxwo Person{i:04d}" for i in range(len(frame))])
    return frame


def upload(at: AppTest, frame: pd.DataFrame, name: str = "named.csv") -> AppTest:
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value((name, frame.to_csv(index=False).encode(), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


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


def test_an_xlsx_upload_loads() -> None:
    import io

    buf = io.BytesIO()
    named_roster(120).to_excel(buf, index=False)
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("roster.xlsx", buf.getvalue(),
                                   "application/vnd.openxmlformats-officedocument."
                                   "spreadsheetml.sheet")).run()
    assert not at.exception
    assert metrics(at)["Positions"] == "120"


def test_problems_name_the_file_as_uploaded() -> None:
    data = (ROOT / "tests" / "data" / "bad" / "duplicate_id.csv").read_bytes()
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("Team roster 2026.csv", data, "text/csv")).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "code" in d.value.columns)
    named = table["file"][table["file"] != ""]  # a problem of the whole input has none
    assert len(named) and (named == "Team roster 2026.csv").all(), set(named)
    dup = table[table["code"] == "duplicate_id"]
    assert dup["message"].str.contains("Team roster 2026.csv row").all()


def banners(at: AppTest) -> list[str]:
    return [b.value for b in [*at.success, *at.info, *at.warning, *at.error]]


def test_a_roster_with_errors_is_not_planned_on_until_the_planner_decides(tmp_path) -> None:
    from tests.roster.test_roster_errors import roster_with_errors

    data = roster_with_errors(tmp_path).read_bytes()
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("team roster.csv", data, "text/csv")).run()
    assert not at.exception
    first = at.error[0].value
    assert "has 9 errors, so it is not used for planning yet" in first
    assert "3 of the roster's 14 rows were left out" in first
    assert not [b for b in banners(at) if b.startswith("In use")]
    at = page(at, "overview")
    assert at.warning[0].value.startswith("This page shows 11 of the roster's 14 rows")
    at = run_plan(page(at, "plan"))
    assert "not planned on" in at.error[0].value and "Data page" in at.error[0].value
    assert "runs" not in at.session_state or not at.session_state["runs"]  # no run recorded
    at = page(at, "data")
    next(b for b in at.button if b.key == "skip_error_rows").click().run()
    assert not at.exception
    assert at.session_state["scenario_doc"]["inputs"]["skip_error_rows"] is True
    assert at.warning[0].value.startswith("In use without part of the file")
    at = page(at, "scenario")  # another scenario on the same roster keeps the choice
    at.selectbox(key="load_model").set_value("attrition_only.yaml")
    next(b for b in at.button if b.key == "load_model_btn").click().run()
    assert at.session_state["scenario_doc"]["inputs"]["skip_error_rows"] is True
    at = run_plan(at)
    result = at.session_state["runs"][-1]["result"]
    assert result.plan.summary["skipped_rows"]["rows_skipped"] == 3
    assert at.warning[0].value.startswith(
        "Planned without part of the roster: 3 of the roster's 14 rows were left out")


def test_the_data_page_says_in_use_once() -> None:
    frame = pd.read_csv(SAMPLE).head(50)
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("small.csv", frame.to_csv(index=False).encode(),
                                   "text/csv")).run()
    at.file_uploader[0].set_value(None).run()  # the planner clears the uploader
    assert not at.exception
    assert metrics(at)["Positions"] == "50"
    assert len([b for b in banners(at) if "In use" in b]) == 1, banners(at)


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


def test_files_of_different_layouts_are_refused_in_words(organogram_dir) -> None:
    stem = "300913-HSE-Organogram-ver1"
    files = [(f"{stem}-{kind}.csv", (organogram_dir / f"{stem}-{kind}.csv").read_bytes(),
              "text/csv") for kind in ("senior", "junior")]
    files.append(("people.csv", pd.read_csv(SAMPLE).head(20).to_csv(index=False).encode(),
                  "text/csv"))
    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(files).run()
    assert not at.exception
    import html

    said = html.unescape(at.error[0].value.replace("\\", ""))  # as the page shows it
    assert "cannot be used as it is" in said
    assert "people.csv (generic)" in said and "junior staff file" in said
    assert "How to fix:** load each roster separately" in said
