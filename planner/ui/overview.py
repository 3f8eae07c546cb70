"""Org overview page: load the sample org or an upload, see its shape and its problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

from planner.api import Org, load_org
from planner.errors import InputError
from planner.work import data_dir


@st.cache_data(show_spinner=False)
def _load(name: str, data: bytes | None) -> Org | list[dict[str, object]]:
    """Load the sample org (data is None) or uploaded bytes; problems if unusable."""
    try:
        if data is None:
            return load_org(data_dir() / "sample_org.csv")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(name).name
            path.write_bytes(data)
            return load_org(path)
    except InputError as exc:
        return [p.to_dict() for p in exc.problems]


def _problems_frame(org: Org) -> pd.DataFrame:
    rows = [p.to_dict() for p in org.report.problems]
    cols = ["severity", "code", "file", "row", "column", "message", "hint", "value"]
    return pd.DataFrame(rows, columns=cols)


def render() -> None:
    """Draw the page."""
    st.title("Organisation overview")
    source = st.radio("Roster", ["Bundled sample org", "Upload an export"], horizontal=True)
    name, data = "sample_org.csv", None
    if source == "Upload an export":
        up = st.file_uploader("CSV or XLSX export (Workday, BambooHR, HiBob, UK organogram, "
                              "or the generic layout)", type=["csv", "xlsx"])
        if up is None:
            st.info("Choose a file to load it.")
            return
        name, data = up.name, up.getvalue()
    with st.spinner("Loading and validating..."):
        result = _load(name, data)
    if isinstance(result, list):
        st.error("This file cannot be used as it is.")
        st.dataframe(pd.DataFrame(result), hide_index=True)
        return
    org = result
    s = org.graph.summary()
    c = st.columns(6)
    c[0].metric("Positions", f"{s.positions:,}")
    c[1].metric("FTE", f"{s.fte:,.1f}")
    c[2].metric("Managers", f"{s.managers:,}")
    c[3].metric("Layers", s.layers)
    c[4].metric("Mean span", f"{s.span.mean:.1f}")
    show_cost = st.toggle("Show costs", value=False)
    c[5].metric("Annual cost", f"{s.annual_cost:,.0f}" if show_cost else "hidden")

    left, right = st.columns(2)
    by_layer = org.graph.by_layer()
    left.plotly_chart(px.bar(by_layer, x="layer", y="positions", title="Positions by layer"),
                      use_container_width=True)
    spans = org.graph.span_distribution()
    right.plotly_chart(px.bar(spans, x="span", y="managers",
                              title="Managers by span of control"), use_container_width=True)

    errors, warnings = len(org.report.errors), len(org.report.warnings)
    st.subheader(f"Validation: {errors} errors, {warnings} warnings")
    problems = _problems_frame(org)
    severities = st.multiselect("Severity", ["error", "warning", "info"],
                                default=["error", "warning"])
    st.dataframe(problems[problems["severity"].isin(severities)], hide_index=True)

    st.subheader("Job titles and roles")
    st.dataframe(org.matches, hide_index=True)
