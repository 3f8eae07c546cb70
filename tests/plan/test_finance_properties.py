"""Finance tables reconcile to the plan on random synthetic scenarios."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings

from planner.plan.finance import finance_tables
from planner.plan.run import run
from planner.scenario.model import scenario_to_dict
from tests.optimise.test_properties import make, scenarios


@given(scenarios())
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_plans_reconcile(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        sc = make(Path(tmp), spec)
        plan, _ = run(sc)
        if not plan.has_plan:
            return
        summary = plan.summary
        t = finance_tables(summary, plan.tables, scenario_to_dict(sc, absolute_paths=True))
        last = summary["periods"][-1]
        cc = t.cost_centres
        assert cc.loc[cc["period"] == last, "fte_end"].sum() == pytest.approx(
            summary["fte_after"], abs=1e-6)
        assert cc.loc[cc["period"] == last, "run_rate_cost_end"].sum() == pytest.approx(
            summary["run_rate_cost_after"], rel=1e-9, abs=0.01)
        for category, amount in summary["one_off_cost"].items():
            assert t.one_off[category].sum() == pytest.approx(amount, abs=0.01)
        assert t.team_changes["redundancies"].sum() == pytest.approx(summary["redundancies"],
                                                                     abs=1e-6)
        flows = t.payback.cash_flows
        assert flows["cumulative_net"].iat[-1] == pytest.approx(
            flows["savings"].sum() - flows["one_off_costs"].sum())
