"""The domain's kinds: one enumeration each, the values the schemas and the scenario accept,
and light to import."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pandera.errors as pae
import pytest

from planner import domain, schema
from planner.domain import CapabilityKind, CostCategory, MoveKind, TaskMode
from planner.scenario.model import Capability
from tests.conftest import ROOT


def test_naming_a_kind_imports_neither_pandas_nor_pydantic() -> None:
    code = ("import sys, planner.domain; "
            "print(sorted(m for m in ('pandas', 'pandera', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"


def test_the_schema_and_the_scenario_name_the_same_kinds() -> None:
    # the earlier import paths answer with the same enumerations
    assert schema.TaskMode is TaskMode and schema.MoveKind is MoveKind
    from planner.scenario import model

    assert model.CapabilityKind is CapabilityKind


def test_one_off_costs_are_cost_categories() -> None:
    assert set(domain.ONE_OFF_COSTS) < set(CostCategory)
    assert CostCategory.SALARIES not in domain.ONE_OFF_COSTS


def test_a_move_of_an_unknown_kind_fails_its_schema() -> None:
    row = dict(from_team="A", from_role="r", to_team="B", to_role="r", period="P1", fte=1.0,
               kind=MoveKind.REDEPLOY.value, cost=0.0, arrival_period="P1", fte_arriving=1.0)
    schema.MoveSchema.validate(pd.DataFrame([row]))
    with pytest.raises(pae.SchemaError):
        schema.MoveSchema.validate(pd.DataFrame([{**row, "kind": "promote"}]))


@pytest.mark.parametrize("kind", list(CapabilityKind))
def test_every_capability_kind_is_a_scenario_value(kind: CapabilityKind) -> None:
    extra = {"uplift": 0.2} if kind is CapabilityKind.ASSIST else {}
    assert Capability.model_validate({"id": "c", "name": "C", "kind": kind.value,
                                      "tasks": ["T1"], "cost_per_hour": 1.0,
                                      **extra}).kind is kind


SPELLS_CATEGORIES = ("optimise/costs.py", "plan/finance.py", "io/workbook.py")
"""Modules that name cost categories: through CostCategory and ONE_OFF_COSTS only."""


@pytest.mark.parametrize("module", SPELLS_CATEGORIES)
def test_cost_categories_are_named_through_the_domain(module: str) -> None:
    """No cost category written out as a literal where a category is meant: an argument of
    a call (a cost term's category) or an item of a tuple or list of them."""
    import ast

    from planner.domain import CostCategory
    from tests.conftest import ROOT

    names = {c.value for c in CostCategory}
    tree = ast.parse((ROOT / "planner" / module).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        items = (node.args if isinstance(node, ast.Call) else node.elts
                 if isinstance(node, ast.Tuple | ast.List) else [])
        found += [f"line {i.lineno}: {i.value!r}" for i in items
                  if isinstance(i, ast.Constant) and i.value in names]
    assert found == []
