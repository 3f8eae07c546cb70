"""The tables' schemas: a valid table passes, and a table that breaks each rule is refused
with the column (and the check) named, every failure in one pass."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from planner.schema import (
    ROSTER_COLUMNS,
    CapabilitySchema,
    ConstraintSchema,
    CostSchema,
    MoveSchema,
    RoleSchema,
    RoleTaskSchema,
    RosterSchema,
    SkippedRowSchema,
    StaffingSchema,
    TaskSchema,
    TeamSchema,
    WorkSchema,
    parse_bool,
)


def roster(**changes) -> pd.DataFrame:
    """Two valid positions, a manager and her report, with ``changes`` to some columns."""
    frame = pd.DataFrame({
        "position_id": ["P1", "P2"], "employee_id": ["E1", None], "name": [None, None],
        "manager_position_id": [None, "P1"], "job_title": ["Head", "Clerk"],
        "role_id": [None, None], "role_confidence": [float("nan")] * 2,
        "role_status": [None, None], "role_reason": [None, None],
        "team": ["T", "T"], "department": ["D", "D"],
        "cost_center": ["C", "C"], "location": ["L", "L"], "grade": ["G7", "EO"],
        "profession": [None, "Policy"],
        "fte": [1.0, 0.5], "annual_cost": [90_000.0, None],
        "base_salary": [float("nan"), float("nan")],
        "currency": ["GBP", "GBP"], "employment_type": ["permanent", None],
        "start_date": pd.to_datetime(["2020-01-01", None]), "tags": ["", "protected"],
        "is_pool": [False, False], "vacant": [False, True], "posts": [1, 1],
        "source_file": ["r.csv", "r.csv"], "source_row": [2, 3]})
    for column, values in changes.items():
        frame[column] = values
    return frame[list(ROSTER_COLUMNS)]


def refused(schema, frame) -> set[tuple[str, str]]:
    """(column, check) of every failure, all found in one pass; a missing or unexpected
    column is named as the failing value of the table's check."""
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        schema.validate(frame, lazy=True)
    cases = caught.value.failure_cases
    return {(str(case if column == schema.__name__ else column), str(check))
            for column, check, case in zip(cases["column"], cases["check"],
                                           cases["failure_case"], strict=True)}


def test_a_valid_roster_passes():
    assert list(RosterSchema.validate(roster()).columns) == list(ROSTER_COLUMNS)


@pytest.mark.parametrize(("changes", "column", "check"), [
    ({"position_id": ["P1", "P1"]}, "position_id", "field_uniqueness"),
    ({"position_id": ["", "P2"]}, "position_id", "str_length"),
    ({"fte": [1.0, 0.0]}, "fte", "greater_than(0)"),
    ({"annual_cost": [-1.0, None]}, "annual_cost", "greater_than_or_equal_to(0)"),
    ({"base_salary": [-5.0, None]}, "base_salary", "greater_than_or_equal_to(0)"),
    ({"employment_type": ["freelance", None]}, "employment_type", "isin"),
    ({"source_row": [1, 0]}, "source_row", "greater_than_or_equal_to(1)"),
    ({"tags": ["", None]}, "tags", "not_nullable"),
    ({"posts": [1, 0]}, "posts", "greater_than_or_equal_to(1)"),
])
def test_a_roster_that_breaks_a_rule_is_refused_with_its_column(changes, column, check):
    found = refused(RosterSchema, roster(**changes))
    assert any(c == column and check in k for c, k in found), found


def test_every_failure_of_a_roster_is_reported_at_once():
    found = refused(RosterSchema, roster(fte=[0.0, 1.0], employment_type=["x", None],
                                         source_row=[0, 3]))
    assert {"fte", "employment_type", "source_row"} <= {c for c, _ in found}


def test_a_roster_with_an_extra_or_a_missing_or_a_misplaced_column_is_refused():
    extra = roster().assign(salary_band="B")
    assert ("salary_band", "column_in_schema") in refused(RosterSchema, extra)
    missing = roster().drop(columns=["grade"])
    assert ("grade", "column_in_dataframe") in refused(RosterSchema, missing)
    swapped = roster()[["employee_id", "position_id", *ROSTER_COLUMNS[2:]]]
    assert any(k == "column_ordered" for _, k in refused(RosterSchema, swapped))


def test_the_library_tables_refuse_bad_ids_costs_and_shares():
    roles = pd.DataFrame({"role_id": ["Clerk"], "name": ["Clerk"], "function": ["F"],
                          "is_manager": [False], "aliases": [""],
                          "typical_annual_cost": [0.0]})
    found = refused(RoleSchema, roles)
    assert {c for c, _ in found} >= {"role_id", "typical_annual_cost"}
    tasks = pd.DataFrame({"task_id": ["T1"], "statement": ["Too short"],
                          "activity_category": ["gardening"], "automatable_share": [1.5],
                          "mode": ["replace"], "oversight_hours_per_ai_hour": [3.0],
                          "source": ["x"], "rationale": [None]})
    assert {c for c, _ in refused(TaskSchema, tasks)} == {
        "statement", "activity_category", "automatable_share", "mode",
        "oversight_hours_per_ai_hour"}


def test_a_task_mix_sums_to_one_per_role_with_one_row_per_pair():
    good = pd.DataFrame({"role_id": ["r", "r"], "task_id": ["a", "b"], "share": [0.4, 0.6]})
    RoleTaskSchema.validate(good)
    short = good.assign(share=[0.4, 0.5])
    assert {k for _, k in refused(RoleTaskSchema, short)} == {"shares_sum_to_one"}
    twice = good.assign(task_id=["a", "a"])
    assert "one_row_per_pair" in {k for _, k in refused(RoleTaskSchema, twice)}


def moves(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({"from_team": ["A", "A"], "from_role": ["r", "r"],
                          "to_team": ["B", "B"], "to_role": ["r", "s"],
                          "period": ["2027-Q1", "2027-Q1"], "fte": [2.0, 1.0],
                          "kind": ["redeploy", "reskill"], "cost": [0.0, 500.0],
                          "arrival_period": ["2027-Q1", "2027-Q3"],
                          "fte_arriving": [2.0, 0.8]})
    for column, values in changes.items():
        frame[column] = values
    return frame


def test_moves_deliver_no_more_than_leave_and_redeployments_keep_role_and_period():
    MoveSchema.validate(moves())
    assert "no_more_arrive_than_leave" in {
        k for _, k in refused(MoveSchema, moves(fte_arriving=[2.0, 1.5]))}
    assert "redeployment_keeps_role_and_period" in {
        k for _, k in refused(MoveSchema, moves(to_role=["s", "s"]))}
    assert "redeployment_keeps_role_and_period" in {
        k for _, k in refused(MoveSchema, moves(arrival_period=["2027-Q2", "2027-Q3"]))}
    assert ("kind", "isin(['redeploy', 'reskill'])") in refused(
        MoveSchema, moves(kind=["promote", "reskill"]))


@pytest.mark.parametrize(("values", "expected"), [
    (["True", "false", "TRUE"], [True, False, True]),
    ([True, False], [True, False]),
])
def test_true_false_text_reads_as_booleans(values, expected):
    parsed = parse_bool(pd.Series(values, dtype=object))
    assert parsed.dtype == bool and parsed.tolist() == expected


def test_other_text_is_left_for_the_schema_to_report():
    parsed = parse_bool(pd.Series(["true", "yes"]))
    assert parsed.tolist() == [True, "yes"]  # pandas' cast would read "yes" as true
    constraints = pd.DataFrame({"binding": ["true", "yes"], "slack": [0.0, 1.0],
                                "shadow_price": [None, None], "explanation": [None, None],
                                "kind": ["budget", "span"], "name": ["b", "s"]})
    assert {c for c, _ in refused(ConstraintSchema, constraints)} == {"binding"}


def test_plan_tables_coerce_text_and_numbers():
    teams = pd.DataFrame({"team": [2024], "period": ["2027-Q1"], "managers": ["1"],
                          "individual_contributors": [4], "span": [None], "fte": [5],
                          "run_rate_cost": ["250000.5"]})
    out = TeamSchema.validate(teams)
    assert out["team"].tolist() == ["2024"]  # a team called 2024 is the text "2024"
    assert out["run_rate_cost"].tolist() == [250000.5] and out["managers"].dtype == float
    bad = teams.assign(fte=["five"])
    assert {c for c, _ in refused(TeamSchema, bad)} == {"fte"}


def test_plan_tables_refuse_unknown_categories_and_kinds():
    costs = pd.DataFrame({"period": ["2027-Q1"] * 2, "category": ["salaries", "parking"],
                          "amount": [1.0, 2.0]})
    assert {c for c, _ in refused(CostSchema, costs)} == {"category"}
    layer = pd.DataFrame({"team": ["T"], "capability": ["bot"], "period": ["2027-Q1"],
                          "kind": ["replace"], "deployed": [0.5], "executed_hours": [10],
                          "assisted_hours": [0], "cost": [100]})
    assert {c for c, _ in refused(CapabilitySchema, layer)} == {"kind"}


def test_optional_constraint_columns_may_be_absent_as_in_older_folders():
    old = pd.DataFrame({"binding": ["False"], "slack": [1.0], "shadow_price": [None],
                        "explanation": [None], "kind": ["span"], "name": ["span_T_0"]})
    assert ConstraintSchema.validate(old)["binding"].tolist() == [False]


def test_the_plan_tables_name_every_column_a_missing_one_is_refused():
    work = pd.DataFrame({"team": ["T"], "role": ["r"], "task": ["t"], "period": ["p"],
                         "demand_hours": [10], "ai_hours": [2], "capability": [None],
                         "assisted_hours": [0], "human_hours": [8], "oversight_hours": [1]})
    WorkSchema.validate(work)
    assert ("human_hours", "column_in_dataframe") in refused(
        WorkSchema, work.drop(columns=["human_hours"]))
    skipped = pd.DataFrame({"file": ["r.csv"], "row": ["7"], "code": ["bad_fte"],
                            "message": ["m"]})
    assert SkippedRowSchema.validate(skipped)["row"].tolist() == [7.0]
    staffing_columns = set(StaffingSchema.to_schema().columns)
    assert {"fte_start", "fte_end", "is_manager", "redundancies"} <= staffing_columns
