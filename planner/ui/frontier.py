"""The trade-off frontier on the Run and plan page: choose a lever, a range and a number of
points; the working scenario is solved at each value (:func:`planner.plan.frontier.frontier`,
each point as a run of the scenario with that value) and drawn: the cost over the horizon
and the run-rate saving a year against the lever, in the roster's currency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from planner.errors import PlannerError
from planner.labels import objective_label
from planner.plan.frontier import Frontier, frontier, frontier_values
from planner.ui import state

MAX_POINTS = 12
"""Most points the page solves at once (each is a full run)."""
OBJECTIVE_WORDS = {"min_cost": "Cost over the horizon",
                   "weighted": "Cost and the price on redundancies over the horizon"}
"""What a money objective is, as the chart and the points name it."""


@dataclass(frozen=True)
class FrontierLever:
    """A lever the page can move: its key path, its name, whether it is entered in %, and
    the range offered first (in what the planner enters)."""

    key: str
    label: str
    percent: bool
    low: float
    high: float


def frontier_levers(doc: dict[str, Any]) -> list[FrontierLever]:
    """The levers offered for a scenario document: the redundancy cap, the span of control
    cap, the run-rate savings target, and each capability's adoption."""
    out = [FrontierLever("levers.max_redundancies", "Most redundancies over the horizon [FTE]",
                         False, 0.0, 20.0),
           FrontierLever("levers.span.max", "Span of control cap", False, 6.0, 14.0),
           FrontierLever("levers.savings_target", "Run-rate savings target (%)", True, 0.0,
                         10.0)]
    for cap in doc.get("capabilities") or []:
        cid = cap.get("id") or cap.get("from_catalogue")
        if cid:
            name = cap.get("name") or state.label(cid)
            out.append(FrontierLever(f"capabilities.{cid}.adoption",
                                     f"Adoption of {name}, throughout (%)", True, 25.0, 100.0))
    return out


def frontier_figure(f: Frontier, lever: FrontierLever, costs: bool) -> go.Figure:
    """The frontier against the lever (in what the planner enters: % for a share): the
    cost over the horizon and the run-rate saving a year (with ``costs``), else the
    redundancies and the FTE at the end; points without a plan marked on the axis."""
    table = f.table()
    x = table["value"] * (100 if lever.percent else 1)
    ok = table["objective"].notna()
    code = f.currency or "currency"
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    if costs and f.objective_kind in ("min_cost", "weighted"):
        first = (OBJECTIVE_WORDS[f.objective_kind], table["objective"],
                 f"{code} over the horizon")
        second = ("Run-rate saving a year", table["savings"], f"{code} a year")
    else:
        first = ("Redundancies", table["redundancies"], "FTE made redundant")
        second = ("FTE at the end", table["fte_after"], "FTE at the end")
    for (name, y, unit), on_right in ((first, False), (second, True)):
        fig.add_trace(go.Scatter(x=x[ok], y=y[ok], name=name, mode="lines+markers",
                                 hovertemplate=f"%{{y:,.1f}} {unit}<extra>{name}</extra>"),
                      secondary_y=on_right)
        fig.update_yaxes(title_text=f"{name} [{unit}]", secondary_y=on_right)
    if (~ok).any():
        fig.add_trace(go.Scatter(x=x[~ok], y=[0] * int((~ok).sum()), mode="markers",
                                 name="No plan", marker={"symbol": "x", "size": 12}))
    fig.update_xaxes(title_text=lever.label)
    fig.update_layout(title=f"Trade-off frontier: {lever.label}", hovermode="x unified")
    return fig


def frontier_rows(f: Frontier, lever: FrontierLever, costs: bool) -> pd.DataFrame:
    """The points as the page lists them, in the planner's words and units."""
    scale = 100 if lever.percent else 1
    rows = []
    for p in f.points:
        row: dict[str, Any] = {lever.label: p.value * scale, "status": p.status.replace(
            "_", " ")}
        if costs and f.objective_kind in OBJECTIVE_WORDS:
            row[OBJECTIVE_WORDS[f.objective_kind].lower()] = state.money(p.objective)
        elif f.objective_kind not in OBJECTIVE_WORDS:
            row[objective_label(f.objective_kind)] = p.objective
        if costs:
            row["saving a year"] = state.money(p.savings)
        row |= {"redundancies [FTE]": _fte(p.redundancies), "hires [FTE]": _fte(p.hires),
                "FTE at the end": _fte(p.fte_after),
                "note": (f"the plan at {p.cheaper_at * scale:g} is better and keeps within "
                         "this cap too" if p.cheaper_at is not None else p.message)}
        rows.append(row)
    return pd.DataFrame(rows)


def _fte(value: float | None) -> float | None:
    """FTE as the page shows them: to a tenth."""
    return None if value is None else round(float(value), 1)


@st.cache_resource(max_entries=8, show_spinner=False)
def _solved(doc_json: str, key: str, values: tuple[float, ...], _scenario: Any) -> Frontier:
    return frontier(_scenario, key, list(values))


@st.fragment
def render_frontier() -> None:
    """The page's frontier: the form, then the chart and the points of the last one drawn
    (a fragment: choosing and drawing redraws only it)."""
    doc = state.scenario_doc()
    levers = frontier_levers(doc)
    by_key = {lv.key: lv for lv in levers}
    with st.expander("Trade-off frontier: the best plan as one lever moves",
                     expanded="frontier" in st.session_state):
        st.caption("Each point is the working scenario run with the lever at that value, "
                   "with every other setting as it is (a run each: a few seconds a point on "
                   "the sample org).")
        with st.form("frontier_form"):
            c = st.columns([3, 1, 1, 1])
            key = c[0].selectbox("Lever", list(by_key), format_func=lambda k: by_key[k].label,
                                 key="frontier_lever")
            lever = by_key[key]
            low = c[1].number_input("From", value=lever.low, step=1.0, key="frontier_from")
            high = c[2].number_input("To", value=lever.high, step=1.0, key="frontier_to")
            points = c[3].number_input("Points", min_value=2, max_value=MAX_POINTS, value=5,
                                       step=1, key="frontier_points")
            drawn = st.form_submit_button("Draw the frontier")
        if drawn:
            scale = 100 if lever.percent else 1
            scenario, errors = state.checked(doc)
            if scenario is None:
                st.error("The working scenario is not valid: " + "; ".join(
                    f"{k}: {m}" for k, m in errors[:3]))
                return
            try:
                values = frontier_values(low / scale, high / scale, int(points))
                with st.spinner(f"Solving {int(points)} runs..."):
                    st.session_state["frontier"] = (key, _solved(
                        state.doc_key(doc), key, tuple(values), scenario))
            except PlannerError as exc:  # a value the lever does not take, a bad roster
                st.error(state.md(str(exc)))
                return
        held = st.session_state.get("frontier")
        if held is None:
            return
        key, f = held
        lever = by_key.get(key) or FrontierLever(key, key, False, 0.0, 0.0)
        costs = state.show_costs()
        st.plotly_chart(frontier_figure(f, lever, costs), width="stretch")
        st.dataframe(frontier_rows(f, lever, costs), hide_index=True, width="stretch")
        if not costs:
            st.caption("Costs are hidden: turn on 'Show salaries and costs' in the sidebar to "
                       "see the cost and the saving at each point.")
        if any(p.cheaper_at is not None for p in f.points):
            st.caption("Where a point names a better plan at a tighter cap, the rules applied "
                       "after each solve (no vacancy kept and nobody moved in beside a "
                       "redundancy, whole people, the law's dates) led that run to a costlier "
                       "plan than the tighter cap's, which keeps within it too.")
