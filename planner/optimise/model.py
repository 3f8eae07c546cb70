"""Build the restructuring programme from problem data (no solving here).

The variable blocks come from :mod:`planner.optimise.variables`, the constraint families
from :mod:`planner.optimise.families` (one function each, added in the order of
``docs/formulation.md`` §4), the cost terms from :mod:`planner.optimise.costs`; this module
puts them together with the objective (§6). The row metadata (kind, team, role, period,
value) is what :mod:`planner.optimise.explain` turns into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.optimise import families
from planner.optimise.costs import CostTerm, cost_terms
from planner.optimise.data import ProblemData
from planner.optimise.gates import GatePrice, HeldColumns, hold_exits
from planner.optimise.lp import LinearModel, VarBlock
from planner.optimise.variables import Variables, add_variables
from planner.scenario.model import ObjectiveKind

ROW_FAMILIES = (
    families.pool_balance, families.backfill, families.requirement, families.ai_share,
    families.deployment,
    families.redeployment_hubs, families.reskilling_capacities, families.span_of_control,
    families.team_fte, families.max_reduction, families.max_reduction_overall,
    families.protected_pools, families.locks, families.hiring_caps, families.redundancy_cap,
    families.allowance_totals,
    families.vacancies, families.delayering,
)
"""The families over the variables alone (§4.1-4.15 and §4.19-4.21), in the order they
are added."""
VACANCY_TIE_BREAK = 0.01
"""Objective weight of an unfunded vacancy kept open [currency/FTE/period]: a penny, in no
reported cost, so that a vacancy the work does not need is closed rather than kept."""
BUDGET_FAMILIES = (families.one_off_budget, families.savings_target)
"""The families over the cost terms (§4.16-4.17), added after them."""


@dataclass
class Built:
    """A built model with what reading its answer needs."""

    model: LinearModel
    data: ProblemData
    costs: list[CostTerm] = field(default_factory=list)
    capacity_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    capacity_coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    notes: list[str] = field(default_factory=list)
    whole: Any = None
    """What :func:`planner.optimise.whole.make_whole` did (a ``Whole``), when the plan's
    decisions were made whole."""
    gated: tuple[HeldColumns, ...] = ()
    """The columns each adoption gate holds at 0 (§4.22)."""
    gate_prices: tuple[GatePrice, ...] = ()
    """What each adoption gate costs the plan (:func:`planner.optimise.gates.price`), once
    priced."""

    def block(self, name: str) -> VarBlock:
        """A variable block by name."""
        return self.model.blocks[name]


def build_model(data: ProblemData) -> Built:
    """Build the linear model of a scenario's problem data."""
    v = add_variables(LinearModel(), data)
    gated = hold_exits(v)
    for family in ROW_FAMILIES:
        family(v)
    terms = cost_terms(v)
    for family in BUDGET_FAMILIES:
        family(v, terms)
    built = Built(v.model, data, costs=terms, capacity_cols=v.ai.cols,
                  capacity_coef=v.freed * data.hours,  # human hours freed per AI hour
                  notes=v.notes, gated=gated)
    v.model.col_cost = [objective(v, built)]
    return built


def objective(v: Variables, built: Built) -> np.ndarray:
    """The cost vector of the scenario's objective (§6); under max_capacity, first the
    capacity budget row (§4.18) over the min_cost vector."""
    obj, m = v.data.scenario.objective, v.model
    cost = np.zeros(m.n_cols)
    if obj.kind in (ObjectiveKind.MIN_COST, ObjectiveKind.WEIGHTED, ObjectiveKind.MAX_CAPACITY):
        for t in built.costs:
            np.add.at(cost, t.cols, t.coef)
    if obj.kind is ObjectiveKind.MAX_CAPACITY:
        families.capacity_budget(v, cost)
        cost = np.zeros(m.n_cols)
        cost[built.capacity_cols] = -built.capacity_coef
    if obj.kind is ObjectiveKind.MIN_REDUNDANCIES:
        cost[v.redundancy.cols] = 1.0
    if obj.kind is ObjectiveKind.WEIGHTED:
        cost[v.redundancy.cols] += obj.price_per_redundancy
    if obj.kind in (ObjectiveKind.MIN_COST, ObjectiveKind.WEIGHTED) and not (
            v.data.scenario.levers.vacancies.funded):
        # An unfunded vacancy costs nothing, so keeping one its pool does not need (beside
        # staff kept above the work) ties with closing it: the tie goes to closing. (Not
        # where hires cost nothing in the objective: closing would buy a new post.)
        cost[v.vacancy_open.cols] += VACANCY_TIE_BREAK
        m.tie_break = np.zeros(m.n_cols)
        m.tie_break[v.vacancy_open.cols] = VACANCY_TIE_BREAK
    return cost
