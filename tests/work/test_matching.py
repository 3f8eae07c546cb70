"""A role for every position: the title first, then its context."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.work.library import load_library
from planner.work.matching import match_roles
from planner.work.overrides import TitleOverride, TitleOverrides


@pytest.fixture(scope="module")
def lib():
    return load_library()


def roster(*rows: dict) -> pd.DataFrame:
    base = {"job_title": None, "grade": None, "team": None, "department": None,
            "profession": None,
            "manager_position_id": None, "fte": 1.0}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame.insert(0, "position_id", [f"P{i}" for i in range(len(frame))])
    return frame


def one(lib, **row) -> pd.Series:
    out, _ = match_roles(roster(row), lib)
    return out.iloc[0]


def test_a_grade_title_takes_its_role_from_the_rest_of_the_title(lib):
    got = one(lib, job_title="SEO - Factories", grade="SEO - Factories",
              team="FOD - 150 FOD CENTRAL DIVISION", profession="Operational Delivery")
    assert (got["role_id"], got["role_status"]) == ("inspector_regulator", "ok")
    assert got["role_reason"].startswith("grade title 'SEO'; 'factories' in the title -> ")


def test_a_grade_never_names_a_job(lib):
    got = one(lib, job_title="Executive Officer")
    assert got["role_status"] == "unmatched" and pd.isna(got["role_id"])
    assert "grade title 'EO'" in got["role_reason"]


def test_a_grade_title_with_a_profession_takes_the_professions_role_at_its_band(lib):
    junior = one(lib, job_title="Executive Officer", profession="Human Resources")
    senior = one(lib, job_title="Grade 7", profession="Human Resources")
    assert (junior["role_id"], senior["role_id"]) == ("hr_administrator", "hr_manager")
    assert junior["role_reason"] == ("grade title 'EO'; profession 'Human Resources' -> "
                                     "HR Administrator")


def test_a_managerial_generic_title_takes_the_manager_role_of_its_work(lib):
    got = one(lib, job_title="Team Leader", team="Customer Services")
    assert got["role_id"] == "customer_support_team_lead" and got["role_status"] == "ok"


def test_the_unit_never_makes_a_confident_role_of_a_job_title_the_library_lacks(lib):
    got = one(lib, job_title="Astronomer", team="Finance & Customer Services")
    assert got["role_status"] != "ok"


def test_weaker_evidence_that_disagrees_lowers_the_confidence_and_is_said(lib):
    agrees = one(lib, job_title="HEO", team="Human Resources", profession="Human Resources")
    disagrees = one(lib, job_title="HEO", team="Human Resources", profession="Finance")
    assert agrees["role_confidence"] > disagrees["role_confidence"]
    assert "agrees" in agrees["role_reason"]
    assert "profession 'Finance' suggests Accountant" in disagrees["role_reason"]


def test_a_planners_mapping_wins_over_the_context(lib):
    overrides = TitleOverrides((TitleOverride("SEO - Factories", "scientist_specialist"),),
                               source="mine.csv")
    out, matches = match_roles(roster({"job_title": "SEO - Factories"}), lib, overrides)
    assert out["role_reason"].iat[0].startswith("your mapping of 'SEO - Factories'")
    assert out["role_status"].iat[0] == "ok"
    assert matches["method"].iat[0] == "override"


def test_a_position_with_no_title_is_unmatched(lib):
    out, _ = match_roles(roster({"job_title": None}, {"job_title": "Payroll Officer"}), lib)
    assert out["role_status"].tolist() == ["unmatched", "ok"]
    assert out["role_reason"].iat[0] == "no job title"


def test_matches_say_what_share_of_a_titles_fte_has_a_confident_role(lib):
    out, matches = match_roles(roster(
        {"job_title": "Lead Adviser", "team": "Customer Services", "fte": 3.0},
        {"job_title": "Lead Adviser", "team": "Nowhere", "fte": 1.0}), lib)
    assert out["role_status"].tolist() == ["ok", "unmatched"]
    assert matches.set_index("job_title")["share_ok"]["Lead Adviser"] == pytest.approx(0.75)


TITLES = ["SEO - Factories", "Lead Adviser", "Manager", "Executive Officer", "Payroll Officer",
          "Director, Marine", "Head of Finance", "Grade 7 London", "Xyz", None]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TITLES),
                          st.sampled_from([None, "Land Management", "Finance", "HR"]),
                          st.sampled_from([None, "Policy", "Law", "Operational Delivery"])),
                min_size=1, max_size=8))
def test_every_position_gets_a_status_a_confidence_and_a_reason(rows):
    lib = load_library()
    out, _ = match_roles(roster(*[{"job_title": t, "team": u, "profession": p}
                                  for t, u, p in rows]), lib)
    assert set(out["role_status"]) <= {"ok", "low_confidence", "unmatched"}
    assert out["role_confidence"].between(0, 1).all()
    assert out["role_reason"].str.len().gt(0).all()
    assert (out["role_id"].isna() == out["role_status"].eq("unmatched")).all()


def test_a_mapping_in_a_unit_decides_only_that_units_positions(lib) -> None:
    overrides = TitleOverrides((
        TitleOverride("Lead Adviser", "caseworker", unit="Customer Services"),
        TitleOverride("Lead Adviser", "policy_adviser")), source="mine.csv")
    out, _ = match_roles(roster({"job_title": "Lead Adviser", "team": "Customer Services"},
                                {"job_title": "Lead Adviser", "team": "Marine"}), lib, overrides)
    assert out["role_id"].tolist() == ["caseworker", "policy_adviser"]
    assert out["role_reason"].iat[0] == ("your mapping of 'Lead Adviser' in unit "
                                         "'Customer Services' (mine.csv)")


def test_a_mapped_title_guides_titles_that_share_its_words(lib) -> None:
    before, _ = match_roles(roster({"job_title": "Senior Zorblax Quibbler"}), lib)
    overrides = TitleOverrides((TitleOverride("Zorblax Quibbler", "facilities_officer"),))
    after, _ = match_roles(roster({"job_title": "Senior Zorblax Quibbler"}), lib, overrides)
    assert before["role_status"].iat[0] == "unmatched"
    assert after["role_id"].iat[0] == "facilities_officer"
    assert "Zorblax Quibbler" in after["role_reason"].iat[0]


BODIES = {"DECC": "300913-DECC-organogram", "HSE": "300913-HSE-Organogram-ver1",
          "Natural England": "300913-Natural-England-Organogram"}


@pytest.fixture(scope="module")
def organograms(organogram_dir) -> dict[str, pd.DataFrame]:
    from planner import load_org

    return {body: load_org([organogram_dir / f"{stem}-senior.csv",
                            organogram_dir / f"{stem}-junior.csv"]).roster
            for body, stem in BODIES.items()}


def test_confident_roles_are_right_on_the_labelled_sample(organograms) -> None:
    """A matcher that gives everything a confident role is worse than one that says it does
    not know: precision is measured on posts labelled by hand (tests/data/README.md)."""
    sample = pd.read_csv(Path(__file__).resolve().parents[1] / "data"
                         / "role_matching_sample.csv", dtype={"source_row": int})
    right, confident = 0, 0
    for rec in sample.itertuples(index=False):
        r = organograms[rec.body]
        pos = r[(r["source_file"] == rec.file) & (r["source_row"] == rec.source_row)].iloc[0]
        if pos["role_status"] == "ok":
            confident += 1
            right += str(pos["role_id"]) in rec.acceptable_roles.split("|")
    assert confident >= 0.7 * len(sample)
    assert right / confident >= 0.9


@pytest.mark.parametrize("body", list(BODIES))
def test_nine_tenths_of_each_organograms_fte_has_a_confident_role(organograms, body) -> None:
    r = organograms[body]
    fte = r["fte"].astype(float)
    assert fte[r["role_status"].eq("ok")].sum() / fte.sum() >= 0.9
