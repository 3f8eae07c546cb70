"""The role/task library: its size and integrity, defaults anchored on published shares,
task mixes, and task hours."""

from __future__ import annotations

import pytest

from planner import load_org
from planner.domain import ActivityCategory
from planner.work.library import task_hours

MGI_2016 = {"data_processing": 0.69, "data_collection": 0.64, "predictable_physical": 0.78,
            "unpredictable_physical": 0.25, "stakeholder_interaction": 0.20,
            "applying_expertise": 0.18, "managing_others": 0.09}


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


def test_task_hours_add_up_to_fte_times_hours(small_roster) -> None:
    org = load_org(small_roster)
    hours = task_hours(org.roster, org.library, by="department", hours_per_fte=1000)
    matched_fte = org.roster.dropna(subset=["role_id"])["fte"].sum()
    assert hours["hours"].sum() == pytest.approx(matched_fte * 1000)


def test_an_edited_library_is_read_again_and_an_unchanged_one_is_not(tmp_path) -> None:
    import shutil

    import pandas as pd

    from planner.work.library import data_dir, load_library

    folder = tmp_path / "library"
    shutil.copytree(data_dir() / "library", folder)
    first = load_library(folder)
    assert load_library(folder) is first  # unchanged files: the library already read
    tasks = folder / "tasks.csv"
    frame = pd.read_csv(tasks, dtype=str, keep_default_na=False)
    task = frame.at[0, "task_id"]
    frame.at[0, "automatable_share"] = "0.123"
    frame.to_csv(tasks, index=False)
    again = load_library(folder)
    assert again is not first
    assert again.tasks.set_index("task_id").at[task, "automatable_share"] == 0.123


PUBLIC_SECTOR_ROLES = (
    "prosecutor", "tax_officer", "border_officer", "benefits_adviser", "security_officer",
    "economist", "statistician", "environmental_specialist", "land_management_adviser",
    "engineer", "project_support_officer", "finance_officer", "internal_auditor",
    "information_officer", "estates_officer", "occupational_health_nurse",
    "laboratory_technician", "social_researcher")


def test_every_role_names_its_onet_occupation(lib) -> None:
    assert lib.roles["onet_soc"].str.fullmatch(r"\d{2}-\d{4}\.\d{2}").all()
    assert "onet28" in set(lib.sources["source_id"])


@pytest.mark.parametrize("role", PUBLIC_SECTOR_ROLES)
def test_public_sector_roles_are_drawn_from_their_onet_tasks(lib, role: str) -> None:
    mix = lib.task_mix(role)
    soc = lib.roles.set_index("role_id").at[role, "onet_soc"]
    assert 4 <= len(mix) <= 7
    assert mix["share"].sum() == pytest.approx(1)
    assert set(mix["source"]) <= set(lib.sources["source_id"])
    assert mix["rationale"].str.startswith(f"Adapted from O*NET {soc} task ").all()
    # The share's source says whether it sits on its category's anchor.
    off = (mix["automatable_share"] - mix["activity_category"].map(MGI_2016)).abs() > 0.05
    assert (mix["source"] == off.map({True: "mgi2016_adjusted", False: "mgi2016"})).all()


def test_no_title_means_two_roles(lib) -> None:
    from planner.work.titles import normalise_title

    owners: dict[str, set[str]] = {}
    for rec in lib.roles.itertuples(index=False):
        for alias in [rec.name, *rec.aliases.split("|")]:
            owners.setdefault(normalise_title(alias), set()).add(rec.role_id)
    assert {t: r for t, r in owners.items() if len(r) > 1} == {}


def test_a_library_without_onet_codes_still_loads(tmp_path) -> None:
    import shutil

    import pandas as pd

    from planner.work.library import data_dir, load_library

    folder = tmp_path / "library"
    shutil.copytree(data_dir() / "library", folder)
    roles = pd.read_csv(folder / "roles.csv", dtype=str, keep_default_na=False)
    roles.drop(columns="onet_soc").to_csv(folder / "roles.csv", index=False)
    assert load_library(folder).roles["onet_soc"].isna().all()
    roles.assign(onet_soc=["" if i else "2311" for i in range(len(roles))]).to_csv(
        folder / "roles.csv", index=False)
    from planner.errors import InputError

    with pytest.raises(InputError, match="onet_soc"):
        load_library(folder)
