"""A planner's title overrides: the file (old two-column form, unit and profession
columns, YAML), the most specific entry winning, merging, and the aliases they give."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import InputError
from planner.work.overrides import (
    TitleOverride,
    TitleOverrides,
    as_aliases,
    load_overrides,
    write_overrides,
)

ROLES = ["customer_support_agent", "lawyer", "hr_manager", "operations_analyst",
         "policy_adviser", "accountant"]


def test_the_two_column_file_still_reads(lib, tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text("job_title,role_id\nZeppelin Navigator,operations_analyst\n"
                    "Sr. Crown Advocate ,lawyer\n", encoding="utf-8")
    ov = load_overrides(path, lib)
    assert ov.source == "overrides.csv"
    assert ov.entries == (TitleOverride("Zeppelin Navigator", "operations_analyst"),
                          TitleOverride("Sr. Crown Advocate", "lawyer"))
    assert ov.mapping == {"zeppelin navigator": "operations_analyst",
                          "senior crown advocate": "lawyer"}


def test_unit_and_profession_columns_read_and_only_titles_alone_are_in_the_mapping(
        lib, tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text("job_title,role_id,unit,profession\n"
                    "Executive Officer,policy_adviser,,\n"
                    "Executive Officer,accountant,Finance,\n"
                    "Executive Officer,operations_analyst,,Operational Delivery\n",
                    encoding="utf-8")
    ov = load_overrides(path, lib)
    assert [e.unit for e in ov.entries] == [None, "Finance", None]
    assert [e.profession for e in ov.entries] == [None, None, "Operational Delivery"]
    assert ov.mapping == {"executive officer": "policy_adviser"}


def test_yaml_reads(lib, tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text("Zeppelin Navigator: operations_analyst\n", encoding="utf-8")
    assert load_overrides(path, lib).mapping == {"zeppelin navigator": "operations_analyst"}


def test_an_unknown_role_names_its_row_and_the_closest_ids(lib, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("job_title,role_id,unit\nX,lawyer,\nY,lawyr,Legal\n", encoding="utf-8")
    with pytest.raises(InputError, match="found 'lawyr'") as err:
        load_overrides(path, lib)
    (problem,) = err.value.problems
    assert (problem.code, problem.row, problem.column, problem.file) == (
        "bad_overrides", 3, "role_id", "bad.csv")
    assert "the closest: lawyer" in problem.hint


def test_a_file_without_role_id_says_which_column_is_missing(lib, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("job_title,role\nX,lawyer\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing: role_id"):
        load_overrides(path, lib)


SPECIFIC = TitleOverrides((
    TitleOverride("Executive Officer", "policy_adviser"),
    TitleOverride("Executive Officer", "accountant", unit="Finance"),
    TitleOverride("Executive Officer", "operations_analyst", profession="Operational Delivery"),
    TitleOverride("Executive Officer", "lawyer", unit="Finance", profession="Legal"),
))


@pytest.mark.parametrize("context,role", [
    ({}, "policy_adviser"),
    ({"unit": "Finance"}, "accountant"),
    ({"department": " finance "}, "accountant"),  # the unit fits the department too
    ({"profession": "Operational delivery"}, "operations_analyst"),
    ({"unit": "Finance", "profession": "Operational Delivery"}, "accountant"),  # unit first
    ({"unit": "Finance", "profession": "Legal"}, "lawyer"),
    ({"unit": "Estates", "profession": "Legal"}, "policy_adviser"),
])
def test_the_most_specific_entry_wins(context: dict[str, str], role: str) -> None:
    hit = SPECIFIC.role_for("EXECUTIVE OFFICER", **context)
    assert hit is not None and hit.role_id == role


def test_no_entry_without_a_title_alone_for_another_unit() -> None:
    only_unit = TitleOverrides((TitleOverride("Officer", "accountant", unit="Finance"),))
    assert only_unit.role_for("Officer", unit="Estates") is None
    assert only_unit.role_for("Zeppelin Navigator") is None
    assert only_unit.mapping == {}


def test_merged_replaces_the_same_decision_and_keeps_the_others() -> None:
    old = TitleOverrides((TitleOverride("Officer", "accountant"),
                          TitleOverride("Officer", "lawyer", unit="Legal")), source="old.csv")
    new = TitleOverrides((TitleOverride("officer", "hr_manager"),))
    out = old.merged(new)
    assert out.entries == (TitleOverride("Officer", "lawyer", unit="Legal"),
                           TitleOverride("officer", "hr_manager"))
    assert out.role_for("Officer").role_id == "hr_manager"
    assert out.role_for("Officer", unit="legal").role_id == "lawyer"
    assert out.source == "old.csv"


def test_as_aliases_gives_titles_alone_once_per_title() -> None:
    ov = TitleOverrides((TitleOverride("Crown Advocate", "lawyer"),
                         TitleOverride("crown advocate", "lawyer"),
                         TitleOverride("Duty Prosecutor", "lawyer"),
                         TitleOverride("Officer", "accountant", unit="Finance")))
    assert as_aliases(ov) == {"lawyer": ["crown advocate", "Duty Prosecutor"]}


def test_the_unit_and_profession_columns_are_written_only_when_used(tmp_path: Path) -> None:
    path = write_overrides(tmp_path / "sub" / "o.csv", TitleOverrides((
        TitleOverride("Zeppelin Navigator", "operations_analyst"),
        TitleOverride("Crown Advocate", "lawyer"))))
    assert path.read_text(encoding="utf-8").splitlines() == [
        "job_title,role_id", "Crown Advocate,lawyer", "Zeppelin Navigator,operations_analyst"]
    write_overrides(path, TitleOverrides((TitleOverride("Officer", "lawyer", unit="Legal"),)))
    assert path.read_text(encoding="utf-8").splitlines() == ["job_title,role_id,unit",
                                                             "Officer,lawyer,Legal"]


TEXT = st.text(st.sampled_from("abcXYZ 019,\"'&-()/é"), min_size=1, max_size=12).map(
    str.strip).filter(bool)
ENTRY = st.builds(TitleOverride, TEXT, st.sampled_from(ROLES), st.none() | TEXT,
                  st.none() | TEXT)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ENTRY, max_size=8))
def test_a_written_file_reads_back_as_the_same_decisions(lib, tmp_path: Path,
                                                         entries: list[TitleOverride]) -> None:
    ov = TitleOverrides(tuple(entries))
    path = write_overrides(tmp_path / "o.csv", ov)
    back = load_overrides(path, lib)
    assert back.entries == ov.canonical().entries
    assert write_overrides(tmp_path / "again.csv", back).read_bytes() == path.read_bytes()
    assert back.mapping == ov.mapping  # the later of two entries of one key wins, both ways
    for e in entries:
        assert back.role_for(e.job_title, e.unit, None, e.profession) == ov.role_for(
            e.job_title, e.unit, None, e.profession)
