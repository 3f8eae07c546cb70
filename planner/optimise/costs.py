"""The cost terms of the restructuring model (``docs/formulation.md`` §5).

One definition serves the objective, the budget rows (one-off budget, savings target,
capacity budget) and the reported costs of a plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.domain import ONE_OFF_COSTS, CapabilityKind, CostCategory
from planner.optimise.variables import Variables
from planner.scenario.model import Capability


@dataclass(frozen=True)
class CostTerm:
    """One cost: ``category`` in ``period`` (an index), as coefficients on columns.

    ``recurring`` terms make up the run rate; the others are one-off costs.
    """

    category: str
    period: np.ndarray
    cols: np.ndarray
    coef: np.ndarray
    recurring: bool


def cost_terms(v: Variables) -> list[CostTerm]:
    """Every cost of the model as terms [currency per unit of each column]; coefficients
    that are exactly 0 are dropped."""
    terms: list[CostTerm] = []

    def term(category: CostCategory, period: np.ndarray, cols: np.ndarray,
             coef: np.ndarray) -> None:
        keep = coef != 0
        if keep.any():  # the one-off lines are the domain's ONE_OFF_COSTS; the rest recur
            terms.append(CostTerm(category.value, np.asarray(period)[keep],
                                  np.asarray(cols)[keep], np.asarray(coef, float)[keep],
                                  category not in ONE_OFF_COSTS))

    data, n_p, per_of = v.data, v.n_periods, v.period_of
    y, hours, lev = data.years, data.hours, data.scenario.levers
    cost_fte = data.pools["cost_per_fte"].to_numpy(float)
    short_gap = 1.0 - v.per_pool("short_factor")
    cf = np.repeat(cost_fte, n_p)
    term(CostCategory.SALARIES, per_of, v.staff.cols, cf * y)
    term(CostCategory.SALARIES, per_of, v.short_time.cols, -short_gap * cf * y)
    term(CostCategory.SHORT_TIME, per_of, v.short_time.cols, v.per_pool("short_cost") * y)
    term(CostCategory.OVERSTAFFING, per_of, v.overstaffing.cols, v.per_pool("over_cost") * y)
    term(CostCategory.HIRING, per_of, v.hire.cols, v.per_pool("hire_cost"))
    term(CostCategory.SEVERANCE, per_of, v.redundancy.cols, v.per_pool("red_cost"))
    if lev.vacancies.funded:
        # A funded vacancy holds its post's budget for every period it stays open.
        term(CostCategory.VACANCIES, per_of, v.vacancy_open.cols, cf * y)
    term(CostCategory.REDEPLOYMENT, per_of, v.redeploy_in.cols,
         np.full(len(per_of), lev.redeployment.cost_per_fte))
    paths = v.paths
    if len(paths):
        # Staff on a path are in no pool during the lead time: their salary is charged
        # with the course, at the source hub's mean cost per FTE.
        src_cost = pd.Series(cost_fte).groupby(v.hub_of_pool).mean()
        qcost = np.array([v.data.paths[q].cost_per_fte for q in paths["move"]])
        transit = v.path_lead * y * paths["src"].map(src_cost).to_numpy(float)
        term(CostCategory.RESKILLING, paths["period"].to_numpy(), v.reskill.cols, qcost + transit)
    caps = v.capabilities
    if len(v.groups):
        per_cap = {cc: hourly_rate(c, hours / y) for cc, c in caps.items()}
        rate = v.groups["capability"].map(per_cap).to_numpy(float)
        term(CostCategory.AI_RUN, v.group_period, v.ai.cols, rate)
    if v.deploy_keys:
        dep = [cc for _, cc in v.deploy_keys]
        fixed = np.array([caps[cc].fixed_cost_per_team for cc in dep])
        impl = np.array([caps[cc].implementation_cost for cc in dep])
        for p in range(n_p):
            term(CostCategory.AI_FIXED, np.full(len(dep), p), v.deployed.cols, fixed * y)
        term(CostCategory.AI_IMPLEMENTATION, np.zeros(len(dep), int), v.deployed.cols, impl)
    return terms


def hourly_rate(capability: Capability, hours_per_fte_year: float) -> float:
    """Run cost of one AI hour [currency/h]: an executed hour at its price plus its share of
    AI-operations staff; an assisted hour at the licence per FTE spread over a working year."""
    if capability.kind is CapabilityKind.EXECUTE:
        ops = (capability.ops_cost_per_fte / capability.ops_hours_per_fte
               if capability.ops_hours_per_fte else 0.0)
        return capability.cost_per_hour + ops
    return capability.cost_per_assisted_fte / hours_per_fte_year
