"""Streamlit entry: `streamlit run streamlit_app.py` (or `make run`). Pages live in planner/ui/."""

import streamlit as st

from planner.ui import state

st.set_page_config(page_title="planner: workforce scenarios", layout="wide")
sections: dict[str, list] = {}
for step in state.STEPS:
    sections.setdefault(step.section, []).append(
        st.Page(step.file, title=step.title, url_path=step.url_path,
                default=step is state.STEPS[0]))
page = st.navigation(sections)
with st.sidebar:
    st.caption(f"Roster: {state.md(state.roster_source().label)}")
    st.caption(f"Scenario: {state.md(state.scenario_doc().get('name', ''))}")
    state.identity_sidebar()
    st.toggle("Show salaries and costs", key="show_costs", disabled=not state.may_see_costs(),
              help="Salaries and costs stay hidden until you turn this on."
              if state.may_see_costs() else "Your role in the store does not show salaries "
              "and costs: a planner or an admin sees them.")
page.run()
