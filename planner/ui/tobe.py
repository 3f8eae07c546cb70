"""The to-be org chart of the plan page: the reporting lines between teams after the plan.

Each team is a box inside the team it reports to (:meth:`planner.roster.graph.OrgGraph.team_tree`
on the roster the plan was made on), sized by its FTE at the end of the horizon and coloured
by its change. Two levels show at first; a click on a team opens its subtree (plotly's
treemap), so 10,000 positions stay quick. Each box says what the plan does there in whole
posts: filled posts at risk (the pool a fair process selects from, never named people),
vacancies closed, new posts, people received from other teams.

A planner sets a team's to-be FTE per role here and re-optimises the rest: the numbers become
locks (``levers.locks``) at the last period, the same lever as "Lock and re-optimise".
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from planner.labels import count_of
from planner.optimise.explain import start_end_fte
from planner.plan.ledger import AI_OPERATIONS_TEAM
from planner.work.library import PRODUCTIVE_HOURS_PER_FTE

MARKS: tuple[tuple[str, str, str], ...] = (
    ("affected", "post", "at risk"),
    ("vacancies_closed", "vacancy", "closed"),
    ("new_posts", "new post", ""),
    ("received", "person", "received"),
)
"""The marks on a team's box: column of :func:`tree_frame`, its noun and what happens."""


def tree_frame(team_tree: pd.DataFrame, staffing: pd.DataFrame,
               pool_changes: pd.DataFrame | None = None,
               moves: pd.DataFrame | None = None,
               positions: pd.DataFrame | None = None,
               requisitions: pd.DataFrame | None = None,
               oversight_fte: pd.Series | None = None) -> pd.DataFrame:
    """One row per team of the plan: where it reports, its FTE before and after, its marks.

    Parameters
    ----------
    team_tree : DataFrame
        :meth:`~planner.roster.graph.OrgGraph.team_tree` of the plan's roster, with the
        plan's team names.
    staffing : DataFrame
        The plan's staffing table.
    pool_changes : DataFrame, optional
        The plan's pool changes (whole posts per pool and period): gives
        ``vacancies_closed`` and ``new_posts``.
    moves : DataFrame, optional
        The plan's moves: gives ``received`` (people arriving from other teams, its
        ``people`` column when it has one).
    positions : DataFrame, optional
        The plan's position ledger: gives ``affected`` (the posts of its ``affected``
        rows). A mark whose table is not given is 0.
    requisitions : DataFrame, optional
        The plan's requisitions: their ``ai_operations`` posts make a box of their own,
        :data:`~planner.plan.ledger.AI_OPERATIONS_TEAM`, under the top team.
    oversight_fte : Series, optional
        Team -> FTE of its people's time spent overseeing the AI at the end [FTE]
        (``oversight_fte``; 0 where not given).

    Returns
    -------
    DataFrame
        ``team``, ``parent_team`` ("" at the top), ``head_title``, ``before``, ``after``
        [FTE], ``change_pct`` [%], ``oversight_fte`` [FTE], ``affected``,
        ``vacancies_closed``, ``new_posts``,
        ``received`` [posts or people], and the same four with ``_below`` (the team and
        every team inside it).
    """
    fte = start_end_fte(staffing, "team").set_axis(["before", "after"], axis=1)
    tree = team_tree.set_index("team")
    out = fte.join(tree[["parent_team", "head_title"]], how="left")
    known = set(out.index)
    # a team the plan does not have (none of its positions in a pool) reports past it
    parent = out["parent_team"].where(out["parent_team"].isin(known), None)
    out["parent_team"] = parent.fillna("").astype(str)
    out["head_title"] = out["head_title"].fillna("").astype(str)
    out["change_pct"] = ((out["after"] / out["before"].where(out["before"] > 0) - 1)
                         .fillna(0.0) * 100)
    for col, *_ in MARKS:
        out[col] = 0
    if pool_changes is not None and len(pool_changes):
        for col in ("vacancies_closed", "new_posts"):
            out[col] = pool_changes.groupby("team")[col].sum().reindex(out.index).fillna(0)
    if positions is not None and len(positions):
        hit = positions[positions["action"] == "affected"]
        out["affected"] = hit.groupby("team")["posts"].sum().reindex(out.index).fillna(0)
    if moves is not None and len(moves):
        between = moves[moves["from_team"] != moves["to_team"]]
        people = between["people"] if "people" in between else between["fte_arriving"]
        out["received"] = people.groupby(between["to_team"]).sum().reindex(
            out.index).fillna(0)
    out["oversight_fte"] = (oversight_fte.reindex(out.index).fillna(0.0)
                            if oversight_fte is not None else 0.0)
    if requisitions is not None and "kind" in requisitions:
        ai = requisitions[requisitions["kind"] == "ai_operations"]
        if len(ai) and AI_OPERATIONS_TEAM not in out.index:
            tops = out.index[out["parent_team"] == ""]
            n = float(ai["posts"].sum())
            out.loc[AI_OPERATIONS_TEAM] = {
                **{c: 0 for c in out.columns}, "before": 0.0, "after": n,
                "change_pct": 100.0, "new_posts": n, "oversight_fte": 0.0,
                "parent_team": tops[0] if len(tops) == 1 else "",
                "head_title": ""}
    for col, *_ in MARKS:
        out[col] = np.rint(out[col].astype(float)).astype("int64")
    out = out.rename_axis("team").reset_index()
    return _rolled_up(out)


def _rolled_up(frame: pd.DataFrame) -> pd.DataFrame:
    """The marks of each team and the teams inside it (``affected_below`` ...): what a
    closed box holds. Teams are summed into their parent, deepest first."""
    parent = dict(zip(frame["team"], frame["parent_team"], strict=True))
    depth: dict[str, int] = {}
    for team in frame["team"]:
        chain, t = [], team
        while t and t not in depth:
            chain.append(t)
            t = parent.get(t, "")
        d = depth.get(t, -1) if t else -1
        for c in reversed(chain):
            d += 1
            depth[c] = d
    cols = [c for c, *_ in MARKS]
    total = frame.set_index("team")[cols].astype("int64").copy()
    for team in sorted(depth, key=depth.get, reverse=True):
        up = parent.get(team, "")
        if up:
            total.loc[up] += total.loc[team]
    below = total.add_suffix("_below").reset_index()
    return frame.merge(below, on="team", how="left")


def marks_text(row: pd.Series, suffix: str = "") -> str:
    """The marks of one team in words: ``3 posts at risk · 2 vacancies closed``; empty when
    the plan changes no post there. ``suffix="_below"`` counts the teams inside it too."""
    words = []
    for col, noun, what in MARKS:
        n = int(row[col + suffix])
        if n:
            plural = count_of(n, noun).replace("persons", "people").replace("vacancys",
                                                                           "vacancies")
            words.append(f"{plural} {what}".strip())
    return " · ".join(words)


def to_be_chart(frame: pd.DataFrame, *, label: Any = str, height: int = 560) -> go.Figure:
    """The to-be chart of :func:`tree_frame`: teams inside the team they report to, sized by
    FTE after the plan, coloured by the change; two levels open, a click opens a subtree.

    ``label`` puts a team's name in the planner's words (the app escapes roster text)."""
    f = frame.copy()
    names = f["team"].map(label)
    own = f.apply(marks_text, axis=1)
    below = f.apply(marks_text, axis=1, suffix="_below")
    inside = f["parent_team"].isin(f["team"])  # a team with teams reporting to it
    has_below = f["team"].isin(f.loc[inside, "parent_team"])
    # on the box one mark a line (boxes are narrow); the hover says what they count
    f["text"] = np.where(below != "", "<br>" + below.str.replace(" · ", "<br>"), "")
    hover_marks = np.where(below != "", "<br>" + np.where(
        has_below, "with the teams inside: ", "") + below, "")
    own_text = np.where(own != "", "<br>this team alone: " + own, "")
    heads = f["head_title"].map(label)
    hover = ("<b>" + names + "</b><br>" + np.where(heads != "", "head: " + heads + "<br>", "")
             + "FTE " + f["before"].map("{:,.1f}".format) + " → " + f["after"].map(
                 "{:,.1f}".format) + " (" + f["change_pct"].map("{:+.0f}%".format) + ")"
             + hover_marks + np.where(has_below, own_text, "")
             + np.where(f["oversight_fte"] > 0.05, "<br>AI oversight: " + f[
                 "oversight_fte"].map("{:,.1f}".format) + " FTE of its people's time", ""))
    fig = go.Figure(go.Treemap(
        ids=f["team"], parents=f["parent_team"], labels=names,
        # a team's own FTE; the teams reporting to it add theirs (remainder)
        values=np.maximum(f["after"].to_numpy(float), 1e-3), branchvalues="remainder",
        text=f["text"], texttemplate="%{label}%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", maxdepth=2,
        marker=dict(colors=f["change_pct"].clip(-50, 50), colorscale="RdBu", cmid=0,
                    cmin=-50, cmax=50, colorbar=dict(title="% change in FTE"))))
    fig.update_layout(margin=dict(t=10, l=0, r=0, b=0), height=height)
    return fig


def team_pools(staffing: pd.DataFrame, team: str) -> pd.DataFrame:
    """A team's pools at the end of the horizon: ``role``, ``fte_before``, ``fte_after``
    [FTE], the table a planner edits to set the team's to-be numbers."""
    f = start_end_fte(staffing[staffing["team"] == team], "role")
    return f.set_axis(["fte_before", "fte_after"], axis=1).rename_axis("role").reset_index()


def lock_to_be(doc: dict[str, Any], team: str, values: dict[str, float],
               n_periods: int) -> dict[str, Any]:
    """The scenario document with ``team``'s to-be FTE per role fixed at the last period
    (``levers.locks``, replacing that team's locks of the last period); the rest is
    re-optimised around them."""
    out = copy.deepcopy(doc)
    levers = out.setdefault("levers", {})
    keep = [lk for lk in levers.get("locks", []) or []
            if not (lk["team"] == team and lk.get("period") in (n_periods, None)
                    and lk["role"] in values)]
    keep += [{"team": team, "role": role, "fte": round(float(v), 6), "period": n_periods}
             for role, v in values.items()]
    levers["locks"] = keep
    return out


# The section on the plan page ----------------------------------------------------------------
def plan_team_tree(result: Any) -> pd.DataFrame | None:
    """The team tree of the roster a run was made on, in the plan's team names; None for a
    scenario of pools (no roster, one team)."""
    from planner.optimise.data import team_names
    from planner.plan.run import load_inputs

    if result.scenario.pool_based:
        return None
    org = load_inputs(result.scenario).org
    teams = team_names(org.roster[result.scenario.inputs.team_by]).to_numpy()
    return org.graph.team_tree(teams)


def render_section(result: Any, rerun: Any) -> None:
    """Draw the to-be org chart of a session run and the form that sets a team's to-be FTE;
    ``rerun(label, doc)`` solves the changed scenario (the page's run action)."""
    import streamlit as st

    from planner.ui import state

    tables = result.plan.tables
    staffing = tables["staffing"]
    tree = plan_team_tree(result)
    if tree is None:
        tree = pd.DataFrame({"team": staffing["team"].unique(), "parent_team": None,
                             "head_title": ""})
    work = tables.get("work")
    oversight = None
    if work is not None and len(work) and "oversight_hours" in work:
        last = work[work["period"] == staffing["period"].iloc[-1]]
        per_fte = PRODUCTIVE_HOURS_PER_FTE * result.scenario.horizon.period.years
        oversight = last.groupby("team")["oversight_hours"].sum() / per_fte
    frame = tree_frame(tree, staffing, tables.get("pool_changes"), tables.get("moves"),
                       tables.get("positions"), tables.get("requisitions"), oversight)
    st.plotly_chart(to_be_chart(frame, label=state.label), width="stretch")
    st.caption("Each box is a team inside the team it reports to after the plan, sized by "
               "its FTE at the end and coloured by the change; its counts include the teams "
               "inside it. Click a team to open the teams that report to it; click the top "
               "bar to go back. Posts at risk are the filled posts of pools the plan removes "
               "people from: the pool a fair process selects from, never named people. "
               f"{AI_OPERATIONS_TEAM} holds the new posts that run the AI execution layer; "
               "pointing at a team shows how much of its people's time goes on overseeing "
               "the AI.")
    closed = frame[(frame["before"] > 0) & (frame["after"] <= 1e-6)]
    if len(closed):
        st.markdown(f"**Teams the plan closes** ({len(closed)}): " + ", ".join(
            state.md(t) for t in closed["team"]))
    with st.expander("Set a team's to-be numbers and re-optimise the rest"):
        teams = sorted(set(frame["team"]) & set(staffing["team"].astype(str)))
        team = st.selectbox("Team", teams, key="tobe_team", format_func=state.label)
        pools = team_pools(staffing, team)
        shown = pools.assign(title=pools["role"].map(result.labels.role))
        edited = st.data_editor(
            shown[["title", "fte_before", "fte_after"]], key=f"tobe_edit_{team}",
            hide_index=True, disabled=["title", "fte_before"], width="stretch",
            column_config={
                "title": st.column_config.TextColumn("role"),
                "fte_before": st.column_config.NumberColumn("FTE today", format="%.1f"),
                "fte_after": st.column_config.NumberColumn(
                    "FTE at the end (set it)", min_value=0.0, step=0.5, format="%.1f")})
        changed = {r: float(v) for r, v, old in zip(
            pools["role"], edited["fte_after"], pools["fte_after"], strict=True)
            if abs(float(v) - float(old)) > 1e-9}
        periods = list(dict.fromkeys(staffing["period"]))
        st.caption(f"The FTE you set are fixed for the end of {periods[-1]}; the optimiser "
                   "re-plans everything else around them.")
        if st.button("Fix these numbers and re-optimise", disabled=not changed,
                     key="tobe_run"):
            doc = lock_to_be(result.doc, team, changed, len(periods))
            rerun(f"Run {len(st.session_state.get('runs', [])) + 1}: {team} set by hand",
                  doc)
