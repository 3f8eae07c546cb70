"""The Run and plan page's trade-off frontier: a lever, a range and points; the chart in the
roster's currency and the points in words."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")

from planner.plan.frontier import Frontier, FrontierPoint  # noqa: E402
from planner.ui.frontier import (  # noqa: E402
    FrontierLever,
    frontier_figure,
    frontier_levers,
    frontier_rows,
)
from tests.ui.helpers import app, page  # noqa: E402

CAP = FrontierLever("levers.max_redundancies", "Most redundancies over the horizon [FTE]",
                    False, 0.0, 20.0)


def _frontier() -> Frontier:
    points = (FrontierPoint(0, "optimal", 1_000.0, 10.0, 0.0, 1.0, 9.0, 0.1),
              FrontierPoint(2, "optimal", 900.0, 30.0, 2.0, 1.0, 7.0, 0.1),
              FrontierPoint(4, "optimal", 950.0, 25.0, 3.0, 1.0, 6.5, 0.1, cheaper_at=2),
              FrontierPoint(6, "infeasible", None, None, None, None, None, 0.1,
                            message="No plan as set."))
    return Frontier("s", CAP.key, points, "min_cost", "GBP", 0.4)


def test_the_levers_offered_name_each_capability_by_its_name() -> None:
    doc = {"capabilities": [{"id": "document_ai", "name": "Document AI"},
                            {"from_catalogue": "copilot"}]}
    levers = {lv.key: lv for lv in frontier_levers(doc)}
    assert list(levers)[:3] == ["levers.max_redundancies", "levers.span.max",
                                "levers.savings_target"]
    assert levers["capabilities.document_ai.adoption"].label == (
        "Adoption of Document AI, throughout (%)")
    assert levers["levers.savings_target"].percent
    assert "capabilities.copilot.adoption" in levers


def test_the_chart_is_in_the_rosters_currency_or_in_fte_with_costs_hidden() -> None:
    fig = frontier_figure(_frontier(), CAP, costs=True)
    names = [t.name for t in fig.data]
    assert names == ["Cost over the horizon", "Run-rate saving a year", "No plan"]
    assert list(fig.data[0].x) == [0, 2, 4] and list(fig.data[0].y) == [1000, 900, 950]
    assert fig.layout.yaxis.title.text == "Cost over the horizon [GBP over the horizon]"
    assert fig.layout.xaxis.title.text == CAP.label
    hidden = frontier_figure(_frontier(), CAP, costs=False)
    assert [t.name for t in hidden.data][:2] == ["Redundancies", "FTE at the end"]


def test_the_points_say_which_plan_is_better_and_why_there_is_none() -> None:
    rows = frontier_rows(_frontier(), CAP, costs=False)
    assert list(rows.columns) == [CAP.label, "status", "redundancies [FTE]", "hires [FTE]",
                                  "FTE at the end", "note"]
    assert rows["note"].tolist() == [
        "", "", "the plan at 2 is better and keeps within this cap too", "No plan as set."]


def test_the_run_page_draws_a_frontier_of_the_working_scenario() -> None:
    """Before any run too: the frontier solves the working scenario itself."""
    at = page(app().run(), "plan")
    at.toggle(key="show_costs").set_value(True).run()
    at.selectbox(key="frontier_lever").set_value("levers.max_redundancies")
    at.number_input(key="frontier_from").set_value(0.0)
    at.number_input(key="frontier_to").set_value(8.0)
    at.number_input(key="frontier_points").set_value(2)
    next(b for b in at.button if b.label == "Draw the frontier").click().run()
    assert not at.exception, [e.value for e in at.exception]
    chart = next(c for c in at.get("plotly_chart") if "Trade-off frontier" in c.proto.spec)
    assert "Cost over the horizon [GBP over the horizon]" in chart.proto.spec
    table = at.dataframe[-1].value
    assert table[CAP.label].tolist() == [0, 8]
    assert table["status"].tolist() == ["optimal", "optimal"]
    assert table["redundancies [FTE]"].tolist()[0] == 0.0
    assert table["cost over the horizon"].str.startswith("GBP ").all()
