"""The Data page (and the Run page after it) on rosters a new user brings: a file that does not say
who is in post, a file with faults, an organogram with a file that is not a roster."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")

from tests.conftest import ROOT  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    SAMPLE,
    app,
    banners,
    metrics,
    named_roster,
    page,
    run_plan,
)

HSE = "300913-HSE-Organogram-ver1"


def upload(at, files):
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(files).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def said(element) -> str:
    return html.unescape(element.value.replace("\\", ""))


def heading(at) -> str:
    return next(s.value for s in at.subheader if s.value.startswith("Validation"))


def problem_table(at):
    return next((d.value for d in at.dataframe if "code" in d.value.columns), None)


def test_a_file_without_holders_and_with_five_faults(tmp_path: Path) -> None:
    from tests.roster.test_validate import roster_with_five_faults

    data = roster_with_five_faults(tmp_path).read_bytes()
    at = upload(app().run(), [("bad14.csv", data, "text/csv")])
    assert metrics(at)["People"] == "not in the file"
    first = said(at.error[0])
    assert first.startswith("bad14.csv has 5 errors, so it is not used for planning yet.")
    assert "3 of the roster's 14 rows were left out" in first
    assert "2 other errors were worked around" in first
    assert heading(at).startswith("Validation: 5 errors, 1 warning, ")
    table = problem_table(at)
    assert not (table == "None").any().any() and not table["column"].isna().any()


def test_the_run_page_after_a_refused_roster_says_what_to_do(tmp_path: Path) -> None:
    from tests.roster.test_validate import roster_with_five_faults

    data = roster_with_five_faults(tmp_path).read_bytes()
    at = page(upload(app().run(), [("bad14.csv", data, "text/csv")]), "plan")
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    (err,) = at.error
    text = said(err)
    assert text.startswith("The roster has 5 errors") and "Go to the Data page" in text
    assert "press Run" not in " ".join(i.value for i in at.info)
    assert "Reading the roster" not in " ".join(m.value for m in at.markdown)


def test_an_organogram_with_a_file_that_is_not_a_roster(organogram_dir: Path) -> None:
    files = [(f"{HSE}-{k}.csv", (organogram_dir / f"{HSE}-{k}.csv").read_bytes(), "text/csv")
             for k in ("senior", "junior")]
    files.append(("evidence_tags.csv", (ROOT / "models" / "evidence_tags.csv").read_bytes(),
                  "text/csv"))
    at = upload(app().run(), files)
    text = said(at.error[0])
    assert text.startswith("evidence_tags.csv cannot be used as it is")
    assert "evidence_tags.csv is not a roster" in text and "remove evidence_tags.csv" in text
    assert f"{HSE}-senior.csv (UK government organogram, senior staff file)" in text
    assert "name the columns in a mapping" not in text
    assert not any(s.value == "Map the columns" for s in at.subheader)
    assert not [b for b in at.button if b.label == "Load with this mapping"]
    # no "map by hand" offer either: a mapping cannot read these files together
    assert not [t for t in at.toggle if t.label == "Map the columns by hand"]


def test_the_organogram_shows_its_cost_basis_and_counts_notes(organogram_dir: Path) -> None:
    files = [(f"{HSE}-{k}.csv", (organogram_dir / f"{HSE}-{k}.csv").read_bytes(), "text/csv")
             for k in ("senior", "junior")]
    at = upload(app().run(), files)
    assert metrics(at)["People"] == "38"  # 45 senior posts: 2 "Vacant", 5 "Eliminated"
    assert heading(at).startswith("Validation: 0 errors, ") and "notes" in heading(at)
    assert any("572 row(s) have no fully loaded cost" in said(i) for i in at.info), [
        i.value for i in at.info]
    table = problem_table(at)
    assert f"{HSE}-senior.csv" in set(table["file"])  # the name in full, blanks blank
    assert "None" not in set(table["file"]) and "" in set(table["file"])
    assert "info" in set(table["severity"])
    # wide enough for a whole file name (senior and junior differ at the end), code, header
    config = json.loads(next(d for d in at.dataframe if "code" in d.value.columns)
                        .proto.columns)
    assert (config["file"]["width"], config["code"]["width"],
            config["column"]["width"]) == ("large", "medium", "medium")


def test_the_sample_org_says_no_problems_found() -> None:
    at = app().run()
    assert metrics(at)["People"] == "1,447"
    assert any(s.value.startswith("No problems found") for s in at.success), banners(at)
    table = problem_table(at)
    assert table is None or len(table) > 0


def test_the_run_page_ends_each_sentence_for_a_file_that_is_not_a_roster(
        organogram_dir: Path) -> None:
    files = [(f"{HSE}-{k}.csv", (organogram_dir / f"{HSE}-{k}.csv").read_bytes(), "text/csv")
             for k in ("senior", "junior")]
    files.append(("evidence_tags.csv", (ROOT / "models" / "evidence_tags.csv").read_bytes(),
                  "text/csv"))
    at = page(upload(app().run(), files), "plan")
    next(b for b in at.button if b.label == "Run").click().run()
    text = said(at.error[-1])
    assert text.startswith("evidence_tags.csv is not a roster")  # a file keeps its name
    assert "confidence, explanation. Go to the Data page" in text


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
