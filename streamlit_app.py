"""Streamlit entry: `streamlit run streamlit_app.py`. Pages live in planner/ui/."""

import streamlit as st

from planner.ui import overview, plan

st.set_page_config(page_title="planner", layout="wide")
page = st.navigation([st.Page(overview.render, title="Organisation", url_path="org"),
                      st.Page(plan.render, title="Plan", url_path="plan")])
page.run()
