"""The labelled sample of organogram posts that measures role-matching precision is well formed.

The sample (``tests/data/role_matching_sample.csv``, described in ``tests/data/README.md``) is
read here as a fixture only: this file checks its shape and its labels, never the matcher.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "role_matching_sample.csv"
COLUMNS = ["body", "file", "source_row", "job_title", "grade", "unit", "profession",
           "manager_title", "fte", "stratum", "fte_draws", "acceptable_roles", "note"]
BODIES = {"DECC", "HSE", "Natural England"}
# Roles being added to the library for issue 13 while the sample was labelled; once they are
# all in data/library/roles.csv this constant can go and the library alone be the reference.
ROLES_BEING_ADDED = frozenset({
    "prosecutor", "tax_officer", "border_officer", "benefits_adviser", "security_officer",
    "economist", "statistician", "environmental_specialist", "land_management_adviser",
    "engineer", "project_support_officer", "finance_officer", "internal_auditor",
    "information_officer", "estates_officer", "occupational_health_nurse",
    "laboratory_technician", "social_researcher"})


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


def test_columns_and_bodies(sample) -> None:
    assert list(sample.columns) == COLUMNS
    assert set(sample["body"]) == BODIES
    per_body = sample["body"].value_counts()
    assert (per_body >= 80).all() and (per_body <= 120).all()
    assert set(sample["stratum"]) == {"fte", "senior"}


def test_rows_are_distinct_posts_with_fte(sample) -> None:
    assert not sample.duplicated(["file", "source_row"]).any()
    assert (sample["source_row"].astype(int) >= 2).all()
    assert (sample["fte"].astype(float) > 0).all()
    draws = sample["fte_draws"].astype(int)
    assert ((draws > 0) == (sample["stratum"] == "fte")).all()
    assert sample.loc[sample["stratum"] == "senior", "file"].str.contains("senior").all()
    assert (sample["job_title"].str.strip() != "").all()


def test_every_row_is_labelled_with_known_roles(lib, sample) -> None:
    known = set(lib.roles["role_id"]) | ROLES_BEING_ADDED
    labels = sample["acceptable_roles"].str.split("|")
    assert (labels.str.len().between(1, 3)).all()
    for roles in labels:
        assert roles == ["none"] or set(roles) <= known, roles
    assert (sample["note"].str.strip() != "").all()
