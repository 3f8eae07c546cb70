"""Plan page: pick a scenario from models/, adjust the common levers, run, read the plan."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from planner.exports import workbook_bytes
from planner.finance import finance_tables
from planner.optimise.run import run
from planner.plan import write_plan
from planner.scenario import load_scenario, scenario_to_dict, with_values

MODELS = Path(__file__).resolve().parent.parent.parent / "models"
OBJECTIVES = ["min_cost", "min_redundancies", "weighted"]


@st.cache_data(show_spinner=False)
def _run(path: str, values: tuple[tuple[str, object], ...]) -> dict:
    sc = with_values(load_scenario(path), dict(values)) if values else load_scenario(path)
    plan, _ = run(sc)
    out: dict = {"summary": plan.summary, "explanations": list(plan.explanations),
                 "tables": plan.tables, "workbook": None}
    if plan.has_plan:
        with tempfile.TemporaryDirectory() as tmp:
            doc = scenario_to_dict(sc, absolute_paths=True)
            write_plan(plan, tmp, doc)
            ft = finance_tables(plan.summary, {k: v for k, v in plan.tables.items()}, doc)
            out["workbook"] = workbook_bytes(ft)
    return out


def render() -> None:
    """Draw the page."""
    st.title("Plan a restructuring")
    files = sorted(p.name for p in MODELS.glob("*.yaml"))
    choice = st.selectbox("Scenario", files,
                          index=files.index("automation_push.yaml")
                          if "automation_push.yaml" in files else 0)
    sc = load_scenario(MODELS / choice)
    st.caption(sc.description or sc.name)
    with st.form("levers"):
        c = st.columns(3)
        objective = c[0].selectbox("Objective", OBJECTIVES,
                                   index=OBJECTIVES.index(sc.objective.kind.value)
                                   if sc.objective.kind.value in OBJECTIVES else 0)
        pledge = c[1].toggle("No-redundancy pledge", value=sc.levers.no_redundancy)
        span = c[2].number_input("Span of control cap (0 = none)", min_value=0, max_value=50,
                                 value=int(sc.levers.span.max or 0))
        submitted = st.form_submit_button("Run")
    values: dict[str, object] = {}
    if objective != sc.objective.kind.value:
        values["objective.kind"] = objective
        if objective == "weighted" and sc.objective.price_per_redundancy is None:
            values["objective.price_per_redundancy"] = 50_000
    if pledge != sc.levers.no_redundancy:
        values["levers.no_redundancy"] = pledge
    if span != int(sc.levers.span.max or 0):
        values["levers.span.max"] = span or None
    if not submitted and "plan_key" not in st.session_state:
        st.info("Set the levers and run the scenario.")
        return
    key = (str(MODELS / choice), tuple(sorted(values.items())))
    st.session_state["plan_key"] = key
    with st.status("Solving...", expanded=False) as status:
        result = _run(*key)
        status.update(label=f"{result['summary']['status']} in "
                      f"{result['summary'].get('solve_seconds', 0):.2f} s", state="complete")
    s = result["summary"]
    if s["status"] not in ("optimal", "feasible"):
        st.error(f"No plan: {s['status']}")
        for line in result["explanations"]:
            st.write("- " + line)
        return
    m = st.columns(5)
    m[0].metric("Objective", f"{s['objective']:,.0f}")
    m[1].metric("FTE", f"{s['fte_after']:,.1f}", f"{s['fte_after'] - s['fte_before']:,.1f}")
    m[2].metric("Run-rate cost", f"{s['run_rate_cost_after']:,.0f}",
                f"{s['run_rate_cost_after'] - s['run_rate_cost_before']:,.0f}")
    m[3].metric("Redundancies", f"{s['redundancies']:,.1f}")
    m[4].metric("One-off cost", f"{sum(s['one_off_cost'].values()):,.0f}")
    st.subheader("Why")
    for line in result["explanations"][:15] or ["No lever binds at a price."]:
        st.write("- " + line)
    st.subheader("Staffing by team and role")
    staffing = pd.DataFrame(result["tables"]["staffing"])
    st.dataframe(staffing[["team", "role", "period", "fte_start", "attrition", "hires",
                           "redeploy_in", "redeploy_out", "redundancies", "fte_end"]],
                 hide_index=True)
    if result["workbook"] is not None:
        st.download_button("Download the finance workbook", result["workbook"],
                           file_name="plan.xlsx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet")
