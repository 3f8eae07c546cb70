"""Problems and the report that counts them: where a problem is, how it renders, how the
report counts and judges them, and the errors' texts."""

from __future__ import annotations

import json

import pytest

from planner.errors import (
    InfeasibleError,
    InputError,
    PlannerError,
    Problem,
    ScenarioError,
    Severity,
    SolverError,
    ValidationReport,
    fix_text,
    note_text,
    plan_notes,
)

ERROR = Problem("manager_not_found", Severity.ERROR, "expected a manager id, found 'P9'",
                hint="add P9 or blank the cell", file="roster.csv", row=14, column="Manager",
                value="P9")
WARNING = Problem("fte_over_one", Severity.WARNING, "FTE 1.2 is above 1")
INFO = Problem("pool_read", Severity.INFO, "3 pools read")


@pytest.mark.parametrize(("problem", "where"), [
    (ERROR, "roster.csv, row 14, column 'Manager'"),
    (Problem("x", Severity.ERROR, "m", file="a.xlsx"), "a.xlsx"),
    (Problem("x", Severity.ERROR, "m", row=2), "row 2"),
    (Problem("x", Severity.ERROR, "m", column="FTE"), "column 'FTE'"),
    (WARNING, "(whole input)"),
])
def test_a_problem_says_where_it_is(problem, where):
    assert problem.where() == where


def test_a_problem_renders_as_json_with_its_severity_in_words():
    d = ERROR.to_dict()
    assert d["severity"] == "error" and type(d["severity"]) is str
    assert json.loads(json.dumps(d)) == {
        "code": "manager_not_found", "severity": "error",
        "message": "expected a manager id, found 'P9'", "hint": "add P9 or blank the cell",
        "file": "roster.csv", "row": 14, "column": "Manager", "value": "P9", "setting": None}


def test_a_report_counts_by_severity_and_by_code():
    report = ValidationReport((ERROR, WARNING, INFO, WARNING))
    assert (len(report.errors), len(report.warnings), len(report.infos)) == (1, 2, 1)
    assert report.codes() == {"manager_not_found", "fte_over_one", "pool_read"}
    assert report.by_code("fte_over_one") == (WARNING, WARNING)
    assert report.by_code("absent") == ()


@pytest.mark.parametrize(("problems", "valid", "strict"), [
    ((), True, True),
    ((INFO,), True, True),
    ((WARNING, INFO), True, False),
    ((ERROR,), False, False),
])
def test_errors_make_a_report_invalid_and_warnings_too_when_strict(problems, valid, strict):
    report = ValidationReport(problems)
    assert report.is_valid() is valid
    assert report.is_valid(strict=True) is strict


def test_extend_returns_a_new_report():
    report = ValidationReport((WARNING,))
    more = report.extend([ERROR])
    assert more.problems == (WARNING, ERROR)
    assert report.problems == (WARNING,)


def test_an_input_error_lists_every_problem_with_where_and_fix():
    err = InputError([ERROR, WARNING])
    assert isinstance(err, PlannerError) and err.problems == (ERROR, WARNING)
    assert str(err).splitlines() == [
        "roster.csv, row 14, column 'Manager': [manager_not_found] expected a manager id, "
        "found 'P9' Fix: add P9 or blank the cell",
        "(whole input): [fte_over_one] FTE 1.2 is above 1"]
    assert InputError(WARNING).problems == (WARNING,)  # one problem alone


def test_a_scenario_error_names_its_key_path_first():
    err = ScenarioError("levers.span.max", "expected at least 3, found 1")
    assert str(err) == "levers.span.max: expected at least 3, found 1"
    assert err.errors == [("levers.span.max", "expected at least 3, found 1")]
    every = [("levers.span.max", "too small"), ("objective.kind", "unknown")]
    assert ScenarioError(*every[0], errors=every).errors == every


def test_the_other_errors_are_planner_errors():
    err = InfeasibleError("no plan", ["budget", "no_redundancy"])
    assert err.conflicts == ("budget", "no_redundancy") and str(err) == "no plan"
    assert issubclass(SolverError, PlannerError) and issubclass(ScenarioError, PlannerError)


def test_plan_notes_read_structured_notes_and_old_text_notes():
    summary = {"notes": [
        "an old plan's note",
        {"code": "no_cost", "severity": "warning", "message": "2 positions have no cost.",
         "hint": "fill the costs from peers", "setting": "impute_cost"},
        {"code": "no_role", "message": "1 title has no role."}]}
    old, cost, role = plan_notes(summary)
    assert old == Problem("note", Severity.INFO, "an old plan's note")
    assert cost.severity is Severity.WARNING and cost.setting == "impute_cost"
    assert role.severity is Severity.INFO
    assert plan_notes({}) == [] and plan_notes({"notes": None}) == []


def test_a_fix_says_how_to_set_the_setting_it_names():
    p = Problem("no_cost", Severity.WARNING, "2 positions have no cost.",
                hint="fill the costs from peers", setting="impute_cost")
    flag = lambda key: f"--{key.replace('_', '-')}"  # noqa: E731
    assert fix_text(p) == "fill the costs from peers"
    assert fix_text(p, flag) == "fill the costs from peers (--impute-cost)"
    assert fix_text(Problem("x", Severity.INFO, "m", setting="mapping"), flag) == "--mapping"
    assert note_text(p) == ("2 positions have no cost. fill the costs from peers "
                            "(setting impute_cost).")
    assert note_text(p, flag) == "2 positions have no cost. fill the costs from peers " \
                                 "(--impute-cost)."
    assert note_text(Problem("x", Severity.INFO, "Only a message.")) == "Only a message."
