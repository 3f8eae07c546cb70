"""Run and plan page: solve the working scenario and read the plan and its reasons."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from planner.errors import PlannerError, ScenarioError
from planner.finance import run_rate_bridge
from planner.optimise.explain import team_sentences
from planner.ui import state

OBJECTIVES = ["min_cost", "min_redundancies", "weighted", "max_capacity"]
SECTIONS = ["Why", "Teams and roles", "Costs", "People", "To-be org", "AI layer",
            "Lock and re-optimise"]
"""Sections of a plan; only the one chosen is drawn, so the page stays quick."""
PEOPLE = {"attrition": "Attrition", "redeploy_out": "Redeployed out",
          "redeploy_in": "Redeployed in", "reskilled_in": "Reskilled in",
          "redundancies": "Redundancies", "hires": "Hires"}


# Figures -------------------------------------------------------------------------------------
def waterfall(summary: dict[str, Any], costs: pd.DataFrame) -> go.Figure:
    """Run-rate before -> AI layer cost -> people cost change -> after [currency/year]."""
    b = run_rate_bridge(summary, costs)
    fig = go.Figure(go.Waterfall(x=b["step"], y=b["amount"], measure=b["measure"],
                                 texttemplate="%{y:,.0f}", textposition="outside"))
    fig.update_layout(title="Run-rate cost a year", margin=dict(t=40, l=0, r=0, b=0),
                      height=380, showlegend=False)
    return fig


def by_team(staffing: pd.DataFrame) -> pd.DataFrame:
    """FTE at the start and the end of the horizon per team."""
    first, last = staffing["period"].iloc[0], staffing["period"].iloc[-1]
    start = staffing[staffing["period"] == first].groupby("team")["fte_start"].sum()
    end = staffing[staffing["period"] == last].groupby("team")["fte_end"].sum()
    out = pd.DataFrame({"before": start, "after": end}).fillna(0.0)
    out["change"] = out["after"] - out["before"]
    out["change_pct"] = out["change"] / out["before"].where(out["before"] > 0)
    return out.rename_axis("team").reset_index().sort_values("change")


def by_role(staffing: pd.DataFrame) -> pd.DataFrame:
    """FTE before and after, and the people moves, per role over the horizon."""
    first, last = staffing["period"].iloc[0], staffing["period"].iloc[-1]
    start = staffing[staffing["period"] == first].groupby("role")["fte_start"].sum()
    end = staffing[staffing["period"] == last].groupby("role")["fte_end"].sum()
    moves = staffing.groupby("role")[list(PEOPLE)].sum()
    out = pd.concat([start.rename("before"), end.rename("after"), moves], axis=1).fillna(0.0)
    out.insert(2, "change", out["after"] - out["before"])
    return out.rename_axis("role").reset_index().sort_values("change")


def people_impact(staffing: pd.DataFrame) -> pd.DataFrame:
    """People moves per period (tidy: period, measure, fte)."""
    g = staffing.groupby("period", sort=False)[list(PEOPLE)].sum().reset_index()
    return g.melt(id_vars="period", var_name="measure", value_name="fte").assign(
        measure=lambda f: f["measure"].map(PEOPLE))


def to_be_figure(staffing: pd.DataFrame) -> go.Figure:
    """The organisation at the end: function -> team -> role sized by FTE, coloured by the
    change since the start."""
    first, last = staffing["period"].iloc[0], staffing["period"].iloc[-1]
    keys = ["function", "team", "role"]
    start = staffing[staffing["period"] == first].groupby(keys)["fte_start"].sum()
    end = staffing[staffing["period"] == last].groupby(keys)["fte_end"].sum()
    f = pd.concat([start.rename("before"), end.rename("after")], axis=1).fillna(0.0)
    f = f.reset_index()
    f["change_pct"] = (f["after"] / f["before"].where(f["before"] > 0) - 1).fillna(0.0) * 100
    for k in keys:
        f[k] = f[k].astype(str).map(state.label)
    f = f[f["after"] > 1e-6]
    fig = px.treemap(f, path=[px.Constant("Organisation"), *keys], values="after",
                     color="change_pct", color_continuous_scale="RdBu",
                     color_continuous_midpoint=0, range_color=(-50, 50), maxdepth=3,
                     hover_data={"before": ":.1f", "after": ":.1f", "change_pct": ":.0f"})
    fig.update_layout(margin=dict(t=10, l=0, r=0, b=0), height=480,
                      coloraxis_colorbar=dict(title="% change"))
    return fig


# A run's figures and sentences, kept as objects per run (its scenario, which fixes the plan):
# not rebuilt when the planner comes back to a section.
@st.cache_resource(show_spinner=False, max_entries=8)
def _to_be(doc_json: str, _result: state.RunResult) -> go.Figure:
    return to_be_figure(_result.tables["staffing"])


@st.cache_resource(show_spinner=False, max_entries=8)
def _stories(doc_json: str, _result: state.RunResult) -> list[str]:
    return team_sentences(_result.tables, limit=200)


# Actions -------------------------------------------------------------------------------------
def run_working(label: str | None = None) -> state.RunResult | None:
    """Solve the working scenario with progress, record the run and return it."""
    doc = state.scenario_doc()
    errors = state.validate_doc(doc)
    if errors:
        st.error("The working scenario is not valid: " + "; ".join(
            f"{k}: {m}" for k, m in errors[:3]))
        return None
    with st.status("Solving...", expanded=False) as status:
        status.write("Reading the roster, matching titles, building the model...")
        try:
            result = state.solve(state.doc_key(doc))
        except (ScenarioError, PlannerError) as exc:
            status.update(label="Stopped", state="error")
            st.error(state.md(str(exc)))
            return None
        s = result.summary
        status.update(label=f"{s['status']}: solved in {s.get('solve_seconds', 0):.2f} s "
                      f"({result.seconds:.2f} s in all)",
                      state="complete" if result.has_plan else "error")
    n = len(st.session_state.get("runs", [])) + 1
    state.record_run(result, label or f"Run {n}: {doc.get('name', '')}")
    return result


def lock_teams(result: state.RunResult, teams: list[str]) -> dict[str, Any]:
    """This run's scenario with the chosen teams' FTE fixed at this plan's values."""
    doc = copy.deepcopy(result.doc)
    staffing = result.tables["staffing"]
    periods = list(dict.fromkeys(staffing["period"]))
    locks = [lk for lk in doc["levers"].get("locks", []) if lk["team"] not in teams]
    for r in staffing[staffing["team"].isin(teams)].itertuples(index=False):
        locks.append({"team": r.team, "role": r.role, "fte": round(float(r.fte_end), 6),
                      "period": periods.index(r.period) + 1})
    doc["levers"]["locks"] = locks
    return doc


def _quick_levers() -> bool:
    """The common levers, changed here and re-run at once; True when a valid scenario is
    submitted. Only the levers changed in the form are written back."""
    doc = state.scenario_doc()
    lev = doc.get("levers", {})
    kind = doc.get("objective", {}).get("kind", "min_cost")
    cap = lev.get("max_reduction_per_period")
    cap_pct = None if cap is None else round(float(cap) * 100, 4)
    span = (lev.get("span") or {}).get("max")
    span = None if span is None else float(span)
    with st.form("quick_levers"):
        c = st.columns(4)
        objective = c[0].selectbox("Objective", OBJECTIVES, index=OBJECTIVES.index(kind)
                                   if kind in OBJECTIVES else 0, key="q_objective")
        pledge = c[1].toggle("No-redundancy pledge", value=bool(lev.get("no_redundancy")),
                             key="q_pledge")
        reduction = c[2].number_input("Most fewer per team per period (%)", min_value=0.0,
                                      max_value=100.0, value=cap_pct, step=1.0,
                                      key="q_reduction", placeholder="no cap", format="%.4g")
        span_max = c[3].number_input("Span of control cap", min_value=0.0, value=span,
                                     step=1.0, key="q_span", placeholder="no cap",
                                     format="%.4g")
        submitted = st.form_submit_button("Run", type="primary")
    if not submitted:
        return False
    if objective != kind:
        doc.setdefault("objective", {})["kind"] = objective
        if objective == "weighted" and doc["objective"].get("price_per_redundancy") is None:
            doc["objective"]["price_per_redundancy"] = 50_000
    if pledge != bool(lev.get("no_redundancy")):
        lev["no_redundancy"] = pledge
    if reduction != cap_pct:
        lev["max_reduction_per_period"] = None if reduction is None else reduction / 100
    if span_max != span:
        span_d = dict(lev.get("span") or {})
        span_d["max"] = span_max
        if span_d.get("min") is not None and span_max is not None and span_d["min"] > span_max:
            span_d["min"] = span_max
        lev["span"] = span_d
    doc["levers"] = lev
    errors = state.validate_doc(doc)
    if errors:
        st.error("Not run: " + "; ".join(f"{k}: {m}" for k, m in errors[:3])
                 + (" (set it on the Scenario page)" if objective == "max_capacity" else ""))
        return False
    state.set_scenario_doc(doc)
    return True


# The page ------------------------------------------------------------------------------------
def _explain(result: state.RunResult) -> None:
    st.markdown("**What changes, and why**")
    stories = _stories(state.doc_key(result.doc), result)
    state.bullets(stories or ["No team's FTE changes."], 8,
                  "Every other team that changes ({n})")
    st.markdown("**Why this plan: the levers that bind, and what relaxing them is worth**")
    cons = result.tables.get("constraints")
    priced = set(cons["explanation"].dropna()) if cons is not None and len(cons) else set()
    lines = list(result.explanations)
    if not state.show_costs():  # a lever's price per FTE can reveal a team's pay
        hidden = [x for x in lines if x in priced]
        lines = [x for x in lines if x not in priced]
        if hidden:
            st.caption(f"{len(hidden)} binding lever(s) with a price: hidden with the costs "
                       "(turn on 'Show salaries and costs').")
    state.bullets(lines or ["No lever binds at a price."], 20, "{n} more")
    if cons is not None and len(cons) and state.show_costs():
        binding = cons[cons["binding"].astype(bool) & cons["shadow_price"].abs().gt(1e-9)]
        with st.expander(f"Binding constraints and their prices ({len(binding):,})"):
            st.caption("The shadow price is what one unit more of the constraint's limit is "
                       "worth to the objective. The 300 largest are shown; the plan folder "
                       "(Export page) has them all.")
            st.dataframe(binding.sort_values("shadow_price", key=abs, ascending=False)
                         .head(300), hide_index=True, width="stretch")


def _show(result: state.RunResult) -> None:
    s = result.summary
    if not result.has_plan:
        st.error(f"No plan: the scenario is {s['status']}.")
        st.markdown("**What conflicts, and what to relax**")
        state.bullets(list(s.get("conflicts") or result.explanations), 6,
                      "Every constraint that must move ({n} more)")
        st.caption("Change the levers on this page or the Scenario page, and run again.")
        return
    one_off = sum(s["one_off_cost"].values())
    m = st.columns(6)
    m[0].metric("FTE after", f"{s['fte_after']:,.1f}", f"{s['fte_after'] - s['fte_before']:,.1f}")
    m[1].metric("Run-rate cost a year", state.money(s["run_rate_cost_after"], True),
                None if not state.show_costs() else state.money(
                    s["run_rate_cost_after"] - s["run_rate_cost_before"], True),
                delta_color="inverse")
    m[2].metric("One-off cost", state.money(one_off, True))
    m[3].metric("Redundancies", f"{s['redundancies']:,.1f}")
    m[4].metric("Moved or reskilled",
                f"{s['redeployments'] + s['reskilled_arrivals']:,.1f}")
    m[5].metric("AI hours", f"{s['ai_hours']:,.0f}")
    _section(result)


@st.fragment
def _section(result: state.RunResult) -> None:
    """The plan section chosen (a fragment: changing the section redraws only it)."""
    s = result.summary
    staffing = result.tables["staffing"]
    section = st.segmented_control("Section", SECTIONS, default=SECTIONS[0],
                                   key="plan_section", label_visibility="collapsed")
    section = section or SECTIONS[0]
    if section == "Why":
        _explain(result)
    elif section == "Teams and roles":
        teams = by_team(staffing)
        fig = px.bar(teams.assign(team=teams["team"].astype(str).map(state.label)).melt(
                         id_vars="team", value_vars=["before", "after"],
                                var_name="when", value_name="fte"),
                     x="fte", y="team", color="when", barmode="group", orientation="h",
                     height=max(400, 22 * len(teams)), title="FTE before and after by team")
        st.plotly_chart(fig, width="stretch")
        st.dataframe(teams, hide_index=True, width="stretch",
                     column_config={"change_pct": st.column_config.NumberColumn(
                         "change", format="percent")})
        st.markdown("**By role**")
        st.dataframe(by_role(staffing), hide_index=True, width="stretch")
    elif section == "Costs":
        if state.show_costs():
            st.plotly_chart(waterfall(s, result.tables["costs"]), width="stretch")
            costs = result.tables["costs"]
            one = costs[costs["category"].isin(list(s["one_off_cost"]))]
            st.plotly_chart(px.bar(one, x="period", y="amount", color="category",
                                   title="One-off costs by period"), width="stretch")
        else:
            st.info("Costs are hidden: turn on 'Show salaries and costs' in the sidebar.")
    elif section == "People":
        st.plotly_chart(px.bar(people_impact(staffing), x="period", y="fte", color="measure",
                               barmode="group", title="People impact by period [FTE]"),
                        width="stretch")
        st.caption("Positions and FTE, never named people: the plan does not choose who "
                   "leaves.")
    elif section == "To-be org":
        st.plotly_chart(_to_be(state.doc_key(result.doc), result), width="stretch")
    elif section == "AI layer":
        caps = result.tables.get("capabilities")
        if caps is None or caps.empty:
            st.info("No AI capability is deployed in this plan.")
        else:
            st.dataframe(caps.groupby(["capability", "period"], sort=False)[
                ["deployed", "executed_hours", "cost"]].sum().reset_index()
                if state.show_costs() else caps.groupby(["capability", "period"], sort=False)[
                ["deployed", "executed_hours"]].sum().reset_index(),
                hide_index=True, width="stretch")
    elif section == "Lock and re-optimise":
        st.write("Keep some teams exactly as this plan has them, and let the optimiser "
                 "redesign the rest.")
        teams_all = sorted(staffing["team"].astype(str).unique())
        chosen = st.multiselect("Teams to lock", teams_all, key="lock_teams")
        if st.button("Lock and re-optimise", disabled=not chosen):
            state.set_scenario_doc(lock_teams(result, chosen))
            run_working(f"Run {len(st.session_state.get('runs', [])) + 1}: "
                        f"{len(chosen)} team(s) locked")
            st.rerun()


def render() -> None:
    """Draw the page."""
    st.title("Run and plan")
    doc = state.scenario_doc()
    tags = len(doc.get("inputs", {}).get("tag_overrides", []) or [])
    st.caption(f"Scenario **{state.md(doc.get('name', ''))}** on "
               f"{state.md(state.roster_source().label)}; {tags} task tag(s) changed. "
               "Every setting is on the Scenario page; the common ones are here.")
    if _quick_levers():
        run_working()
    result = state.current_run()
    if result is None:
        st.info("Set the levers and press Run.")
        return
    runs = st.session_state.get("runs", [])
    if len(runs) > 1:
        labels = [r["label"] for r in runs]
        now = st.session_state["current_run"]
        pick = st.selectbox(f"Showing run {now + 1} of {len(runs)}", range(len(runs)),
                            index=now, key=f"show_run_{len(runs)}",
                            format_func=lambda i: labels[i])
        if pick != st.session_state["current_run"]:
            st.session_state["current_run"] = pick
            st.rerun()
    _show(result)
    if result.has_plan:
        with st.expander("Save this run to the store"):
            note = st.text_input("Note", key="run_note")
            if st.button("Save the scenario and its run"):
                try:
                    store = state.store()
                    saved = store.save_scenario(result.doc, note=note, input_files=list(
                        state.roster_source().paths))
                    run_id = store.save_run(saved.id, result.summary, result.tables)
                    st.success(f"Saved as run {run_id} ({state.md(saved.name)} version "
                               f"{saved.version}).")
                except PlannerError as exc:
                    st.error(str(exc))


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/plan.py")
