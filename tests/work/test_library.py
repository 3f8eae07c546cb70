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
