"""Files of different layouts are not read as one roster: each file keeps its own layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import InputError
from planner.roster import load_roster
from tests.conftest import ROOT

HSE = "300913-HSE-Organogram-ver1"


def test_an_organogram_with_another_layout_is_refused_naming_each_file(
        organogram_dir: Path) -> None:
    files = [organogram_dir / f"{HSE}-senior.csv", organogram_dir / f"{HSE}-junior.csv",
             ROOT / "data" / "sample_org.csv"]
    with pytest.raises(InputError) as info:
        load_roster(files)
    (p,) = info.value.problems
    assert p.code == "mixed_layouts"
    text = p.message + " " + p.hint
    assert f"{HSE}-senior.csv (UK government organogram, senior staff file)" in text
    assert f"{HSE}-junior.csv (UK government organogram, junior staff file)" in text
    assert "sample_org.csv (generic)" in text
    assert "separately" in p.hint and "mapping" in p.hint


def test_the_senior_and_junior_files_still_read_together(organogram_dir: Path) -> None:
    res = load_roster([organogram_dir / f"{HSE}-senior.csv", organogram_dir / f"{HSE}-junior.csv"])
    assert res.report.is_valid()
    assert {f.preset for f in res.files} == {"uk_organogram"}


def test_a_file_that_is_not_a_roster_is_named_alone_with_the_files_that_read(
        organogram_dir: Path) -> None:
    files = [organogram_dir / f"{HSE}-senior.csv", organogram_dir / f"{HSE}-junior.csv",
             ROOT / "models" / "evidence_tags.csv"]
    with pytest.raises(InputError) as info:
        load_roster(files)
    (p,) = info.value.problems
    assert (p.code, p.file) == ("not_a_roster", "evidence_tags.csv")
    assert p.message.startswith("evidence_tags.csv is not a roster")
    assert "task, automatable_share" in p.message
    assert "remove evidence_tags.csv" in p.hint and "mapping" not in p.hint
    assert (f"{HSE}-senior.csv (UK government organogram, senior staff file), "
            f"{HSE}-junior.csv (UK government organogram, junior staff file)") in p.hint
