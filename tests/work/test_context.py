"""Grades, professions and work-family terms: what a title's context says about its role."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.work.context import BANDS, band_of, leadership_post, load_context, parse_title
from planner.work.library import load_library


@pytest.fixture(scope="module")
def ctx():
    return load_context()


@pytest.mark.parametrize(("title", "grade", "rest", "generic"), [
    ("SEO - Factories", "SEO", "factories", False),
    ("EO - Administration", "EO", "administration", False),
    ("Grade 7 London", "Grade 7", "", True),
    ("Higher Executive Officer National", "HEO", "", True),
    ("Executive Officer", "EO", "", True),
    ("SEO - Spec Mechanical Engineer", "SEO", "mechanical engineer", False),
    ("Band 6 Nurse", "Band 6", "nurse", False),
    ("Administration - EO", "EO", "administration", False),
])
def test_a_grade_title_is_split_into_its_grade_and_its_work(ctx, title, grade, rest, generic):
    p = parse_title(title, ctx)
    assert p.grade is not None and p.grade.grade == grade
    assert (p.rest, p.generic, p.needs_context) == (rest, generic, True)


@pytest.mark.parametrize("title", ["Policy Officer", "Senior Crown Prosecutor",
                                   "Customer Service Agent", "Chief Executive Officer",
                                   "Payroll Officer", "Seoul Office Manager"])
def test_a_job_title_is_not_a_grade_title(ctx, title):
    p = parse_title(title, ctx)
    assert p.grade is None and not p.needs_context


@pytest.mark.parametrize(("title", "level", "kind"), [
    ("Support Adviser", 2, None), ("Adviser", 3, None), ("Senior Adviser", 4, None),
    ("Lead Adviser", 5, None), ("Principal Specialist", 6, None),
    ("Team Leader", 3, "team_lead"), ("Manager", 3, "manager"), ("Group Coordinator", 3,
                                                                  "team_lead")])
def test_a_generic_title_has_a_level_and_a_kind(ctx, title, level, kind):
    p = parse_title(title, ctx)
    assert p.generic and p.grade is None
    assert (p.level, p.manager_kind) == (level, kind)


def test_professions_and_units_that_name_them_are_found(ctx):
    kim = ctx.profession_row("Knowledge and Information Management (KIM)")
    assert ctx.professions["profession"].iat[kim] == "Knowledge and Information Management"
    fin = ctx.profession_row("Finance & Customer Services")
    assert ctx.professions["profession"].iat[fin] == "Finance"
    assert ctx.profession_row("Zoology") is None
    # A profession that says nothing about the work names no role at any band.
    od = ctx.profession_row("Operational Delivery")
    assert all(ctx.role_at(ctx.professions, od, b) is None for b in BANDS)


def test_a_longer_term_hides_the_shorter_ones_inside_it(ctx):
    found = [t for t, _ in ctx.terms_in("offshore occ health", "title")]
    assert found == ["occ health", "offshore"]
    assert [t for t, _ in ctx.terms_in("land management", "title")] == []  # a unit term


@pytest.mark.parametrize(("title", "post", "area"), [
    ("Director, Marine", "director", "marine"),
    ("Acting Director General, Consumers & Households", "director", "consumers and households"),
    ("Deputy Director - Geological Disposal Facility", "deputy_director",
     "geological disposal facility"),
    ("Head of Financial Accounting", "head", "financial accounting"),
])
def test_a_leadership_title_names_its_post_and_area(title, post, area):
    assert leadership_post(title) == (post, area)


def test_a_title_that_only_mentions_a_director_is_not_a_leadership_title():
    assert leadership_post("Senior Management Support to Director") is None
    assert leadership_post("Headteacher") is None


@given(st.integers(min_value=1, max_value=12))
def test_bands_grow_with_levels(level):
    assert BANDS.index(band_of(level)) <= BANDS.index(band_of(level + 1))


def test_every_role_the_context_tables_name_is_a_library_role(ctx):
    known = set(load_library().roles["role_id"])
    named = set()
    for table in (ctx.professions, ctx.terms):
        for band in BANDS:
            named |= {r for r in table[f"{band}_role"] if r}
    assert named - known == set()
