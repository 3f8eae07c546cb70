"""The Data page and the Run page on rosters a new user brings: a file that does not say
who is in post, a file with faults, an organogram with a file that is not a roster."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

from tests.ui.test_pages import ROOT, app, banners, metrics, page  # noqa: E402

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
    assert metrics(at)["People"] == "43"
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
