"""The role/task library, title matching and task hours."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner import load_org
from planner.errors import InputError
from planner.roster.synth import synthesise
from planner.schema import ActivityCategory
from planner.work.library import (
    load_library,
    load_overrides,
    match_titles,
    normalise_title,
    task_hours,
)

MGI_2016 = {"data_processing": 0.69, "data_collection": 0.64, "predictable_physical": 0.78,
            "unpredictable_physical": 0.25, "stakeholder_interaction": 0.20,
            "applying_expertise": 0.18, "managing_others": 0.09}


@pytest.fixture(scope="module")
def lib():
    return load_library()


def test_library_size_and_integrity(lib) -> None:
    assert len(lib.roles) >= 40
    assert len(lib.tasks) >= 250
    totals = lib.role_tasks.groupby("role_id")["share"].sum()
    assert ((totals - 1).abs() < 1e-6).all()
    assert set(lib.role_tasks["task_id"]) <= set(lib.tasks["task_id"])
    assert set(lib.tasks["activity_category"]) == {c.value for c in ActivityCategory}
    assert set(lib.tasks["source"]) <= set(lib.sources["source_id"])
    functions = set(lib.roles["function"])
    assert {"customer_support", "sales", "marketing", "finance", "hr", "engineering", "legal",
            "procurement", "operations", "data"} <= functions


def test_defaults_are_anchored_on_the_published_activity_shares(lib) -> None:
    means = lib.tasks.groupby("activity_category")["automatable_share"].mean()
    for category, share in MGI_2016.items():
        assert means[category] == pytest.approx(share, abs=0.08)


def test_managers_manage(lib) -> None:
    mix = lib.role_tasks.merge(lib.tasks, on="task_id").merge(lib.roles, on="role_id")
    managing = (mix[mix["activity_category"] == "managing_others"]
                .groupby("role_id")["share"].sum())
    for role in lib.roles.loc[lib.roles["is_manager"], "role_id"]:
        assert managing.get(role, 0) >= 0.2, role


def test_task_mix(lib) -> None:
    mix = lib.task_mix("accountant")
    assert mix["share"].sum() == pytest.approx(1)
    assert {"statement", "automatable_share", "mode"} <= set(mix.columns)
    with pytest.raises(KeyError, match="role_id"):
        lib.task_mix("astronaut")


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


def test_task_hours_add_up_to_fte_times_hours(small_roster) -> None:
    org = load_org(small_roster)
    hours = task_hours(org.roster, org.library, by="department", hours_per_fte=1000)
    matched_fte = org.roster.dropna(subset=["role_id"])["fte"].sum()
    assert hours["hours"].sum() == pytest.approx(matched_fte * 1000)


def test_title_coverage_says_the_share_of_fte_with_no_ai_scope(tmp_path: Path) -> None:
    from planner.work.library import title_coverage

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
    from planner.work.library import title_coverage

    stem = organogram_dir / "300913-HSE-Organogram-ver1"
    org = load_org([f"{stem}-senior.csv", f"{stem}-junior.csv"])
    cov = title_coverage(org.roster, org.matches)
    no_role = org.roster.loc[org.roster["role_id"].isna(), "fte"].sum()
    assert cov.fte_no_role == pytest.approx(no_role)
    assert cov.statement().startswith(
        f"{no_role / org.roster['fte'].sum():.0%} of FTE ({no_role:,.0f} of "
        f"{org.roster['fte'].sum():,.0f}) have job titles that match no role")
