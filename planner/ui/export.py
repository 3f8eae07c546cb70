"""Export page: the finance workbook, its tables as CSV, and the plan folder."""

from __future__ import annotations

import json

import streamlit as st

from planner.io.plan_folder import SCENARIO_FILE, SUMMARY_FILE, plan_files
from planner.io.workbook import csv_files, zip_bytes
from planner.plan.finance import finance_tables
from planner.ui import state

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(max_entries=8, show_spinner=False)
def csv_zip(key: str, _result: state.SessionRun) -> bytes:
    """The finance tables as CSV files in a zip (cached by the scenario's key)."""
    plan = _result.plan
    return zip_bytes(csv_files(finance_tables(plan.summary, plan.tables, _result.doc)))


@st.cache_data(max_entries=8, show_spinner=False)
def plan_zip(key: str, _result: state.SessionRun) -> bytes:
    """The plan folder (:data:`planner.io.plan_folder.FILES`) in a zip, which
    ``planner check`` and ``planner compare`` read once unpacked."""
    plan = _result.plan
    return zip_bytes(dict(sorted(plan_files(plan.saved_summary(), plan.tables,
                                            _result.doc).items())), folder="plan")


def render() -> None:
    """Draw the page."""
    st.title("Export")
    runs = st.session_state.get("runs", [])
    planned = [i for i, r in enumerate(runs) if r["result"].plan.has_plan]
    if not planned:
        st.info("No run of this session has a plan yet: run a scenario to a plan on the Run "
                "and plan page." if not runs else "; ".join(state.without_plan(runs))
                + ", so there is nothing to export yet. On the Run and plan page, read what "
                "stands in the way, change the levers it names and run again: every run "
                "with a plan can be exported here.")
        return
    now = st.session_state.get("current_run")
    default = now if now in planned else planned[-1]
    pick = st.selectbox("Run to export", planned, index=planned.index(default),
                        format_func=lambda i: runs[i]["label"], key=f"export_run_{len(runs)}",
                        help="Runs of this session that have a plan.")
    result = runs[pick]["result"]
    s = result.plan.summary
    st.write(f"Plan: **{state.md(runs[pick]['label'])}**, "
             f"{s['status']}, {s['fte_before']:,.1f} -> {s['fte_after']:,.1f} FTE.")
    for line in state.caveats(s):  # the workbook's Summary states them too
        st.warning(line)
    st.markdown("**Finance workbook**: assumptions, cost centres by period, one-off costs, "
                "team changes, the AI layer, a tidy long table and payback, with totals as "
                "formulas.")
    key = state.doc_key(result.doc)
    st.download_button("Download the finance workbook (.xlsx)",
                       lambda: state.workbook(key, result), file_name="plan.xlsx",
                       mime=XLSX, type="primary")
    st.download_button("Download the finance tables (CSV, zip)", lambda: csv_zip(key, result),
                       file_name="plan_tables.zip", mime="application/zip")
    st.download_button("Download the plan folder (zip)", lambda: plan_zip(key, result),
                       file_name="plan.zip", mime="application/zip",
                       help=f"{SUMMARY_FILE}, the plan tables and {SCENARIO_FILE}: "
                            "`planner check` re-verifies it.")
    with st.expander("Plan summary (JSON)"):
        money = {"objective", "run_rate_cost_before", "run_rate_cost_after", "one_off_cost",
                 "total_cost", "npv", "lp_bound"}
        shown = {k: v for k, v in s.items() if k != "explanations"
                 and (state.show_costs() or k not in money)}
        st.code(json.dumps(shown, indent=2, default=str), language="json")
        if not state.show_costs():
            st.caption("Cost figures are hidden with the costs.")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
