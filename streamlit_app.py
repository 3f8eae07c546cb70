"""Streamlit entry: `streamlit run streamlit_app.py` (or `make run`). Pages live in planner/ui/."""

import streamlit as st

from planner.ui import state

st.set_page_config(page_title="planner: workforce scenarios", layout="wide")
page = st.navigation({
    "Organisation": [st.Page("planner/ui/data.py", title="Data", url_path="data", default=True),
                     st.Page("planner/ui/overview.py", title="Organisation", url_path="org"),
                     st.Page("planner/ui/work.py", title="Work and tags", url_path="work"),
                     st.Page("planner/ui/tagging.py", title="Evidence", url_path="evidence")],
    "Plan": [st.Page("planner/ui/scenario.py", title="Scenario", url_path="scenario"),
             st.Page("planner/ui/plan.py", title="Run and plan", url_path="plan"),
             st.Page("planner/ui/compare.py", title="Compare", url_path="compare"),
             st.Page("planner/ui/export.py", title="Export", url_path="export")],
})
with st.sidebar:
    st.caption(f"Roster: {state.md(state.roster_source().label)}")
    st.caption(f"Scenario: {state.md(state.scenario_doc().get('name', ''))}")
    st.toggle("Show salaries and costs", key="show_costs",
              help="Salaries and costs stay hidden until you turn this on.")
page.run()
