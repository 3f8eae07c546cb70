"""The statuses (planner.status): their values, which carry a plan, and that no module
spells a status as a quoted string instead."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.status import PLAN_STATUSES, RunStatus, SolveStatus, has_plan, has_plan_mask

PLANNER = Path(__file__).resolve().parent.parent / "planner"


def test_values_are_the_text_written_in_plans_and_results():
    assert [s.value for s in SolveStatus] == ["optimal", "feasible", "infeasible", "unbounded",
                                              "not_solved"]
    assert [s.value for s in RunStatus] == [*(s.value for s in SolveStatus), "invalid",
                                            "error", "timeout"]


@pytest.mark.parametrize(("status", "expected"), [
    (SolveStatus.OPTIMAL, True), (SolveStatus.FEASIBLE, True),
    (SolveStatus.INFEASIBLE, False), (SolveStatus.UNBOUNDED, False),
    (SolveStatus.NOT_SOLVED, False),
    (RunStatus.OPTIMAL, True), (RunStatus.FEASIBLE, True), (RunStatus.INFEASIBLE, False),
    (RunStatus.UNBOUNDED, False), (RunStatus.NOT_SOLVED, False), (RunStatus.INVALID, False),
    (RunStatus.ERROR, False), (RunStatus.TIMEOUT, False),
])
def test_only_optimal_and_feasible_carry_a_plan(status, expected):
    assert status.has_plan is expected
    assert has_plan(status) is expected
    assert has_plan(status.value) is expected  # as read back from plan.json or a store row


@pytest.mark.parametrize("status", [None, np.nan, "", "Optimal", 1])
def test_a_missing_or_unknown_status_has_no_plan(status):
    assert has_plan(status) is False


def test_the_mask_of_a_status_column_agrees_with_has_plan():
    column = pd.Series([*RunStatus, None, np.nan], dtype=object)
    assert has_plan_mask(column).tolist() == [has_plan(s) for s in column]
    assert PLAN_STATUSES == {"optimal", "feasible"}


def test_old_import_paths_are_the_same_enums():
    from planner.batch import RunStatus as from_batch
    from planner.batch.worker import RunStatus as from_worker
    from planner.optimise.lp import SolveStatus as from_lp

    assert from_lp is SolveStatus and from_worker is RunStatus and from_batch is RunStatus


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (of modules, classes, functions and
    attributes), which may name a status in words."""
    out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    out.add(id(stmt.value))
    return out


def test_no_module_spells_a_status_as_a_quoted_string():
    """A status compared as text (``status in ("optimal", "feasible")``) drifts from the one
    definition in planner/status.py; every module must use the enums or ``has_plan``."""
    # "error" and "timeout" are also words for other things (a severity, a connect option)
    words = {s.value for s in RunStatus} - {"error", "timeout"}
    found = []
    for path in sorted(PLANNER.rglob("*.py")):
        if path == PLANNER / "status.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        found += [f"{path.relative_to(PLANNER.parent)}:{node.lineno}: {node.value!r}"
                  for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and node.value in words and id(node) not in docs]
    assert not found, "use planner.status instead of:\n" + "\n".join(found)
