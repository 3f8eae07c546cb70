"""Organisation page: the whole org at a glance, spans and layers, flags, and one team."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from planner.roster.org import Org
from planner.ui import state

MAX_TREE_NODES = 2_500
"""Most boxes drawn in the reporting-lines view; above it only managers are drawn (10,000
boxes took 10.4 s in Chromium, 1,429 manager boxes 2.4 to 3.0 s: benchmarks/README.md)."""


# Figures and tables are kept as objects (cache_resource, keyed by the roster source):
# nothing is hashed or copied on each run, and the pages do not change them.
@st.cache_resource(show_spinner=False, max_entries=6)
def _structure(_org: Org, key: str) -> pd.DataFrame:
    """Function -> team -> role boxes with FTE, positions and cost (one row per leaf)."""
    r = _org.roster
    team = _org.graph.team.to_numpy()
    frame = pd.DataFrame({
        "function": r["department"].fillna("(no function)").astype(str).to_numpy(),
        "team": team.astype(str),
        "role": r["role_id"].fillna("(unmatched)").astype(str).to_numpy(),
        "fte": r["fte"].to_numpy(float),
        "annual_cost": r["annual_cost"].fillna(0).to_numpy(float),
    })
    return frame.groupby(["function", "team", "role"], as_index=False).agg(
        positions=("fte", "size"), fte=("fte", "sum"), annual_cost=("annual_cost", "sum"))


@st.cache_resource(show_spinner=False, max_entries=24)
def _figure(_leaves: pd.DataFrame, key: str, kind: str, roles: bool, show_costs: bool
            ) -> go.Figure:
    return structure_figure(_leaves, kind, show_costs, roles)


def structure_figure(leaves: pd.DataFrame, kind: str, show_costs: bool,
                     roles: bool = True) -> go.Figure:
    """Treemap, icicle or sunburst of function -> team (-> role), sized by FTE."""
    if not roles:
        leaves = leaves.groupby(["function", "team"], as_index=False)[
            ["positions", "fte", "annual_cost"]].sum()
    levels = ["function", "team", "role"] if roles else ["function", "team"]
    leaves = leaves.assign(**{c: leaves[c].map(state.label) for c in levels})
    args = dict(path=[px.Constant("Organisation"), *levels], values="fte",
                hover_data={"positions": True, "fte": ":.1f",
                            **({"annual_cost": ":,.0f"} if show_costs else {})})
    fig = {"Treemap": px.treemap, "Icicle": px.icicle, "Sunburst": px.sunburst}[kind](
        leaves, maxdepth=3, **args)
    fig.update_layout(margin=dict(t=10, l=0, r=0, b=0), height=520)
    return fig


ORG_ROOT = "(organisation)"
"""Id of the box above several top positions in the reporting-lines view."""


def reporting_frame(positions: pd.DataFrame) -> pd.DataFrame:
    """Boxes of the reporting-lines view: ``id``, ``parent``, ``label``, ``fte`` (under
    each position). Managers only above :data:`MAX_TREE_NODES` positions. Several top
    positions (a forest) hang under one labelled box, so that no column is left blank."""
    keep = positions if len(positions) <= MAX_TREE_NODES else positions[
        positions["is_manager"]]
    ids = keep["position_id"].astype(str)
    tops = ~keep["manager_position_id"].astype(str).isin(set(ids)) | keep[
        "manager_position_id"].isna()
    frame = pd.DataFrame({"id": ids.to_numpy(),
                          "parent": keep["manager_position_id"].astype(str).where(~tops, "")
                          .to_numpy(),
                          "label": [state.label(t) for t in
                                    keep["job_title"].fillna("(no title)")],
                          "fte": keep["subtree_fte"].to_numpy(float)})
    if int(tops.sum()) > 1:
        frame.loc[tops.to_numpy(), "parent"] = ORG_ROOT
        root = pd.DataFrame({"id": [ORG_ROOT], "parent": [""],
                             "label": [f"Organisation: {int(tops.sum()):,} top positions"],
                             "fte": [float(frame.loc[tops.to_numpy(), "fte"].sum())]})
        frame = pd.concat([root, frame], ignore_index=True)
    return frame


@st.cache_resource(show_spinner=False, max_entries=6)
def reporting_figure(_org: Org, key: str) -> go.Figure:
    """Icicle of reporting lines, sized by FTE under each position, every layer drawn (a
    click on a box zooms into its branch)."""
    boxes = reporting_frame(_org.graph.positions())
    fig = go.Figure(go.Icicle(ids=boxes["id"], parents=boxes["parent"], labels=boxes["label"],
                              values=boxes["fte"], branchvalues="total", maxdepth=-1,
                              root_color="#3d4b5c", insidetextfont=dict(size=13),
                              hovertemplate="%{label}<br>FTE under: %{value:.1f}<extra></extra>"))
    fig.update_layout(margin=dict(t=10, l=0, r=0, b=0), height=640)
    return fig


@st.cache_resource(show_spinner=False, max_entries=6)
def _shape_figures(_org: Org, key: str) -> tuple[go.Figure, go.Figure]:
    """Positions by layer, and managers by span of control."""
    return (px.bar(_org.graph.by_layer(), x="layer", y="positions", title="Positions by layer"),
            px.bar(_org.graph.span_distribution(), x="span", y="managers",
                   title="Managers by span of control"))


def _flags(org: Org) -> pd.DataFrame:
    f = org.graph.flags()
    return pd.DataFrame([
        {"flag": "Managers with a single report", "positions": len(f.single_report_managers),
         "threshold": "span = 1"},
        {"flag": "Narrow spans", "positions": len(f.narrow_spans),
         "threshold": f"2 <= span < {f.narrow}"},
        {"flag": "Wide spans", "positions": len(f.wide_spans), "threshold": f"span > {f.wide}"},
        {"flag": "Deep chains", "positions": len(f.deep_chains),
         "threshold": f"layer > {f.deep}"},
    ])


def _team(org: Org, team: str) -> None:
    """One team's people (positions), roles and cost."""
    r = org.roster
    at = (org.graph.team == team).to_numpy()
    rows = r[at]
    p = org.graph.positions()[at]
    c = st.columns(4)
    c[0].metric("Positions", f"{len(rows):,}")
    c[1].metric("FTE", f"{rows['fte'].sum():,.1f}")
    c[2].metric("Managers", f"{int(p['is_manager'].sum()):,}")
    state.money_metric(c[3], "Annual cost", float(rows["annual_cost"].fillna(0).sum()))
    roles = rows.groupby(rows["role_id"].fillna("(unmatched)")).agg(
        positions=("fte", "size"), fte=("fte", "sum"), annual_cost=("annual_cost", "sum"))
    if not state.show_costs():
        roles = roles.drop(columns="annual_cost")
    left, right = st.columns([2, 3])
    left.dataframe(roles.reset_index().rename(columns={"role_id": "role"}), hide_index=True,
                   width="stretch")
    cols = ["position_id", "job_title", "role_id", "grade", "location", "fte",
            "employment_type", "start_date"]
    allowed = state.may_see_costs()  # names follow the role, as salaries do
    if st.toggle("Show names", value=False, key="show_names", disabled=not allowed,
                 help="Employee names are hidden unless you need them." if allowed else
                 "Your role in the store does not show names: a planner or an admin sees "
                 "them.") and allowed:
        cols.insert(1, "name")
    if state.show_costs():
        cols.append("annual_cost")
    people = rows[[c for c in cols if c in rows]].assign(span=p["span"].to_numpy(),
                                                         layer=p["layer"].to_numpy())
    right.dataframe(people, hide_index=True, width="stretch")


@st.fragment
def _view(org: Org, key: str, positions: int, managers: int) -> None:
    """The chosen view of the whole org (a fragment: changing the view redraws only it)."""
    c = st.columns([3, 1])
    view = c[0].radio("View", ["Treemap", "Icicle", "Sunburst", "Reporting lines"],
                      horizontal=True, key="org_view",
                      help="Function and team boxes sized by FTE (down to roles if you "
                           "choose); or the reporting lines from the top, sized by the FTE "
                           "under each position.")
    roles = c[1].toggle("Down to roles", key="org_roles", disabled=view == "Reporting lines")
    if view == "Reporting lines":
        if positions > MAX_TREE_NODES:
            st.caption(f"Managers only ({managers:,} of {positions:,} positions); each "
                       "box's size is the FTE under it.")
        st.plotly_chart(reporting_figure(org, key), width="stretch")
    else:
        st.plotly_chart(_figure(_structure(org, key), key, view, roles, state.show_costs()),
                        width="stretch")


def render() -> None:
    """Draw the page."""
    st.title("Organisation")
    org = state.org_or_error()
    if org is None:
        return
    key = state.org_key()  # every field of the source, and the title overrides in use
    s = org.graph.summary()
    c = st.columns(6)
    c[0].metric("Positions", f"{s.positions:,}")
    c[1].metric("FTE", f"{s.fte:,.1f}")
    c[2].metric("Managers", f"{s.managers:,}")
    c[3].metric("Layers", s.layers)
    c[4].metric("Mean span", f"{s.span.mean:.1f}")
    state.money_metric(c[5], "Annual cost", s.annual_cost)

    _view(org, key, s.positions, s.managers)
    left, right = st.columns(2)
    layers, spans = _shape_figures(org, key)
    left.plotly_chart(layers, width="stretch")
    right.plotly_chart(spans, width="stretch")
    st.subheader("Spans and layers flags")
    st.dataframe(_flags(org), hide_index=True)

    st.subheader("A team")
    teams = org.graph.teams().sort_values("fte", ascending=False)
    names = teams["team"].astype(str).tolist()
    fte = dict(zip(names, teams["fte"].astype(float), strict=True))
    team = st.selectbox("Team", names, key="team_choice",
                        format_func=lambda t: f"{t} ({fte[t]:,.1f} FTE)")
    if team:
        _team(org, team)
    spread = teams.assign(fte=np.round(teams["fte"], 1))
    with st.expander(f"All {len(teams):,} teams"):
        if not state.show_costs():
            spread = spread.drop(columns="annual_cost")
        st.dataframe(spread, hide_index=True, width="stretch")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/overview.py")
