"""Job titles matched to library roles: normalisation, matching with a confidence, a
planner's overrides, and the share of FTE whose title matches no role."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner import load_org
from planner.errors import InputError
from planner.roster.synth import synthesise
from planner.work.titles import (
    load_overrides,
    match_titles,
    normalise_title,
    title_coverage,
)


@pytest.mark.parametrize("title,normalised", [
    ("Sr. Software Eng II (Backend)", "senior software engineer backend"),
    ("HR Mgr", "human resources manager"), ("Acting Head of Sales", "head of sales"),
])
def test_normalise_title(title: str, normalised: str) -> None:
    assert normalise_title(title) == normalised


@pytest.mark.parametrize("title,role", [
    ("Customer Service Rep", "customer_support_agent"),
    ("Sr. Software Eng II", "software_engineer"),
    ("Payroll Specialist", "payroll_officer"), ("Accounts Payable Clerk", "accounts_payable_clerk"),
    ("HR Business Partner", "hr_business_partner"), ("Senior HR Manager", "hr_manager"),
    ("Policy Adviser", "policy_adviser"), ("Permanent Secretary", "chief_executive"),
])
def test_common_titles_match(lib, title: str, role: str) -> None:
    m = match_titles(pd.Series([title]), lib).iloc[0]
    assert m.role_id == role
    assert m.status == "ok"


@pytest.mark.parametrize("title,role", [
    ("Customer Service Agent", "customer_support_agent"),
    ("Senior Crown Prosecutor", "prosecutor"), ("Crown Advocate", "prosecutor"),
    ("Duty Prosecutor", "prosecutor"), ("Contact Centre Adviser", "customer_support_agent"),
    ("Programme Support Officer", "project_support_officer"), ("Economist", "economist"),
    ("Statistical Support Officer", "statistician"),
])
def test_the_plain_misses_of_the_uk_organograms_match(lib, title: str, role: str) -> None:
    """Titles of issue 13 that the library once missed or gave to the wrong role."""
    titles = ["Customer Service Agent", "Senior Crown Prosecutor", "Crown Advocate",
              "Duty Prosecutor", "Contact Centre Adviser", "Programme Support Officer",
              "Economist", "Statistical Support Officer"]
    m = match_titles(pd.Series(titles), lib).set_index("job_title").loc[title]
    assert (m.role_id, m.status) == (role, "ok")


def test_unmatched_titles_are_reported_with_alternatives(lib) -> None:
    m = match_titles(pd.Series(["Zeppelin Navigator", "Zeppelin Navigator", None]), lib)
    assert len(m) == 1
    row = m.iloc[0]
    assert row.status == "unmatched" and row.role_id is None and row.positions == 2
    assert row.alternatives.count("(") == 3


def test_synthetic_titles_match_their_generating_role(lib) -> None:
    roster = synthesise(3000, seed=7)
    m = match_titles(roster["job_title"], lib).set_index("job_title")
    got = roster["job_title"].map(m["role_id"])
    accuracy = (got == roster["role_id"]).mean()
    assert accuracy >= 0.9


def test_overrides_win(lib, tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text("job_title,role_id\nZeppelin Navigator,operations_analyst\n", encoding="utf-8")
    ov = load_overrides(path, lib)
    row = match_titles(pd.Series(["zeppelin navigator"]), lib, ov).iloc[0]
    assert (row.role_id, row.method, row.confidence) == ("operations_analyst", "override", 1.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("job_title,role_id\nX,astronaut\n", encoding="utf-8")
    with pytest.raises(InputError, match="astronaut"):
        load_overrides(bad, lib)


def test_title_coverage_says_the_share_of_fte_with_no_ai_scope(tmp_path: Path) -> None:
    rows = ["position_id,manager_position_id,job_title,fte",
            "P1,,Chief Executive,1", "P2,P1,Zorblax Wrangler,1", "P3,P1,Zorblax Wrangler,0.5",
            "P4,P1,Accountant,1", "P5,P1,,0.5"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    org = load_org(path)
    cov = title_coverage(org.roster, org.matches)
    assert cov.fte == 4.0 and cov.fte_no_role == 2.0 and cov.share_no_role == 0.5
    assert (cov.titles, cov.titles_unmatched, cov.positions_no_title) == (3, 1, 1)
    assert cov.statement() == (
        "50% of FTE (2.0 of 4.0) have no job title or one that matches no role (1 of 3 "
        "distinct titles, and 1 position with no title); their work is planned with no AI "
        "scope.")


def test_title_coverage_of_the_hse_organogram(organogram_dir: Path) -> None:
    stem = organogram_dir / "300913-HSE-Organogram-ver1"
    org = load_org([f"{stem}-senior.csv", f"{stem}-junior.csv"])
    cov = title_coverage(org.roster, org.matches)
    no_role = org.roster.loc[org.roster["role_id"].isna(), "fte"].sum()
    assert cov.fte_no_role == pytest.approx(no_role)
    assert cov.statement().startswith(
        f"{no_role / org.roster['fte'].sum():.0%} of FTE ({no_role:,.0f} of "
        f"{org.roster['fte'].sum():,.0f}) have job titles that match no role")


@pytest.mark.parametrize(("title", "same"), [
    ("Customer Services Advisor", "Customer Support Adviser"),
    ("Call Center Agent", "Contact Centre Agent"), ("Programme Manager", "Program Manager")])
def test_spelling_variants_and_synonyms_are_one_title(title: str, same: str) -> None:
    assert normalise_title(title) == normalise_title(same)


def test_a_title_in_a_roles_work_is_suggested_with_low_confidence(lib) -> None:
    from planner.work.titles import HIGH_CONFIDENCE, match_by_tasks

    hits = match_by_tasks(["payroll runs", "zeppelin navigator"], lib)
    assert set(hits) == {"payroll runs"}
    role, confidence, statement = hits["payroll runs"]
    assert role == "payroll_officer" and confidence < HIGH_CONFIDENCE
    assert "payroll" in statement.lower()
    m = match_titles(pd.Series(["Payroll Runs"]), lib).iloc[0]
    assert (m.method, m.status) == ("tasks", "low_confidence")
    assert m.reason.startswith("its words are in the work of Payroll Officer: '")
