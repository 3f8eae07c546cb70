"""Work and tags page: the job titles to map to roles, each role's task mix and each task's
automatability, editable.

A planner's title mappings go into a title overrides file that the working scenario names
(``inputs.title_overrides``); tag edits become its ``inputs.tag_overrides``, and the table
marks every task whose tag differs from the library's default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from planner.domain import TaskMode
from planner.labels import activity_label, library_labels
from planner.roster.org import Org
from planner.scenario.keypaths import with_tag_overrides
from planner.ui import state
from planner.work.adjacency import Adjacency, similarity_matrix
from planner.work.library import PRODUCTIVE_HOURS_PER_FTE
from planner.work.overrides import TitleOverride
from planner.work.title_review import SUGGESTIONS, titles_to_cover, titles_to_map
from planner.work.titles import title_coverage

TAG_COLUMNS = ("automatable_share", "mode", "oversight_hours_per_ai_hour")
MODES = [m.value for m in TaskMode]
"""The task modes as the tags grid holds them (text)."""
MIX_COLUMNS = {"task_id": "task id", "share": "share of time", "statement": "task",
               "activity_category": "activity", "automatable_share": "automatable share",
               "oversight_hours_per_ai_hour": "oversight h per AI h"}
"""Headers of the role task mix."""
TITLES_SHOWN = 25
"""Titles in the mapping table (most FTE first)."""
MAP_COLUMNS = {
    "accept": st.column_config.CheckboxColumn("accept", help="Tick, then 'Accept selected'."),
    "job_title": st.column_config.TextColumn("job title"),
    "fte": st.column_config.NumberColumn("FTE", format="%.1f"),
    "positions": st.column_config.NumberColumn("positions", format="%d"),
    "guess": st.column_config.TextColumn(
        "planned as now", help="The role the matcher guessed with low confidence (none: no "
        "role, so no AI scope)."),
    "role": None,  # the selectbox: its options are the library's roles (set when drawn)
    **{f"suggestion_{k}": st.column_config.TextColumn(
        f"suggestion {k}", help="A role, its confidence [0-1] and why.", width="medium")
       for k in range(1, SUGGESTIONS + 1)},
}
"""Headers of the title mapping table."""


def overrides_of(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Task id -> the tag values a scenario overrides."""
    out: dict[str, dict[str, Any]] = {}
    for o in doc.get("inputs", {}).get("tag_overrides", []) or []:
        out[o["task"]] = {k: o.get(k) for k in TAG_COLUMNS if o.get(k) is not None}
    return out


def _suggestion(name: str, confidence: float | None, reason: str | None) -> str:
    """"Inspector (95%): grade title 'SEO'; 'factories' in the title -> Inspector"."""
    sure = f" ({confidence:.0%})" if isinstance(confidence, float) and confidence == confidence \
        else ""
    return f"{name}{sure}" + (f": {reason}" if reason else "")


def mapping_grid(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The mapping table as the planner edits it: titles, FTE, the role they are planned as
    now, the suggestions by role name ("Customer Support Agent (81%): nearest of its titles:
    'Contact Centre Agent'"), an ``accept`` box and the ``role`` to map to (the first
    suggestion until the planner picks another). The same rows as ``table``."""
    def said(k: int) -> pd.Series:
        role, conf, why = (table[f"suggestion_{k}{c}"] for c in ("", "_confidence", "_reason"))
        return pd.Series([_suggestion(names[r], c, w) if isinstance(r, str) else ""
                          for r, c, w in zip(role, conf, why, strict=True)], index=table.index,
                         dtype=object)

    guess = [_suggestion(names[r], c, None) if isinstance(r, str) and r in names else "none"
             for r, c in zip(table["role_id"], table["confidence"], strict=True)]
    return pd.DataFrame({
        "accept": False, "job_title": table["job_title"], "fte": table["fte"],
        "positions": table["positions"], "guess": guess,
        "role": [names.get(r) if isinstance(r, str) else None for r in table["suggestion_1"]],
        **{f"suggestion_{k}": said(k) for k in range(1, SUGGESTIONS + 1)}}, index=table.index)


def accepted(table: pd.DataFrame, grid: pd.DataFrame, ids: dict[str, str], *,
             every_top: bool = False) -> list[TitleOverride]:
    """The title mappings to write: the ticked rows of ``grid`` (the edited
    :func:`mapping_grid`) with the role picked, or (``every_top``) every row's first
    suggestion. ``ids``: role name -> role_id."""
    out = []
    for (_, row), (_, shown) in zip(table.iterrows(), grid.iterrows(), strict=True):
        role = row["suggestion_1"] if every_top else (
            ids.get(shown["role"]) if bool(shown["accept"]) else None)
        if isinstance(role, str) and role:
            out.append(TitleOverride(
                row["job_title"], role,
                row["unit"] if isinstance(row["unit"], str) else None,
                row["profession"] if isinstance(row["profession"], str) else None))
    return out


def _with_grid_edits(grid: pd.DataFrame, key: str) -> pd.DataFrame:
    """``grid`` with the data editor's edits of its ``accept`` and ``role`` columns."""
    out = grid.copy()
    edits = (st.session_state.get(key) or {}).get("edited_rows") or {}
    for row, values in edits.items():
        for col, value in values.items():
            if col in ("accept", "role"):
                out.at[out.index[int(row)], col] = value
    return out


def _map_titles(org: Org) -> None:
    """The job titles without a confident role, most FTE first, to map to roles."""
    st.subheader("Map job titles to roles")
    said = st.session_state.pop("title_map_said", None)
    if said:
        st.success(said)
    table = titles_to_map(org.roster, org.matches, org.library)
    fte = float(org.roster["fte"].sum())
    confident = float(org.roster.loc[org.roster["role_status"] == "ok", "fte"].sum())
    if table.empty:
        st.write("Every position with a job title is planned as a role matched with "
                 "confidence: no title is left to map.")
        return
    cover = titles_to_cover(table, fte, confident, 0.9)
    if cover.share >= 0.9:
        cover = titles_to_cover(table, fte, confident, 0.99)
    # figures and fixed words only: no roster text in the markdown
    st.markdown(f"**{cover.statement()}**")
    st.write("These job titles have no role matched with confidence: their positions are "
             "planned with no AI scope, or as a role the matcher only guessed. Pick the role "
             "each title is (the first suggestion is filled in), tick the rows and accept "
             "them, or accept every title's first suggestion. The mappings are saved in a "
             "title overrides file that the working scenario names, so the plans made here and "
             "with `planner run` on the saved scenario use them.")
    shown = table.head(TITLES_SHOWN)
    names = org.library.role_names()
    ids = {v: k for k, v in names.items()}
    grid = mapping_grid(shown, names)
    key = f"title_map_{st.session_state.get('title_map_version', 0)}_" + state.digest(
        state.org_key())
    config = {**MAP_COLUMNS, "role": st.column_config.SelectboxColumn(
        "map to role", options=sorted(names.values()), help="Any role of the library.")}
    st.data_editor(grid, hide_index=True, width="stretch", key=key, column_config=config,
                   disabled=[c for c in grid.columns if c not in ("accept", "role")])
    if len(table) > len(shown):
        rest = table["fte"].iloc[len(shown):].sum()
        st.caption(f"The {len(shown)} titles with the most FTE of {len(table):,}; the other "
                   f"{len(table) - len(shown):,} hold {rest:,.1f} FTE.")
    b = st.columns(2)
    chosen = None
    if b[0].button("Accept selected", key="title_map_accept"):
        chosen = accepted(shown, _with_grid_edits(grid, key), ids)
        if not chosen:
            st.info("No row is ticked with a role: tick the titles to accept first.")
    n_top = int(shown["suggestion_1"].notna().sum())
    if b[1].button(f"Accept all top suggestions ({n_top} title{'s' if n_top != 1 else ''})",
                   key="title_map_all", disabled=not n_top,
                   help="Map every title listed that has a suggestion to its first one."):
        chosen = accepted(shown, grid, ids, every_top=True)
    if chosen:
        where = ("the scenario's title overrides file" if state.title_overrides_path()
                 else "a title overrides file in the app's working folder")
        path = state.accept_titles(org, chosen)
        st.session_state["title_map_said"] = (
            f"Mapped {len(chosen)} title{'s' if len(chosen) != 1 else ''} to roles and saved "
            f"them in {where}: {state.md(path)}. The working scenario now reads this file "
            "(its title overrides), and the figures on every page count these mappings. "
            "Next: map the next titles here, or set the levers on the Scenario page.")
        st.session_state["title_map_version"] = st.session_state.get(
            "title_map_version", 0) + 1
        st.rerun()


def tag_table(org: Org, overrides: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """One row per task of the library: its defaults, the tags in force, and a marker."""
    tasks = org.library.tasks.set_index("task_id")
    out = tasks[["statement", "activity_category", *TAG_COLUMNS]].copy()
    for col in TAG_COLUMNS:
        out[f"default_{col}"] = out[col]
    for task, values in overrides.items():
        if task in out.index:
            for col, v in values.items():
                out.at[task, col] = v
    out["changed"] = pd.Series(False, index=out.index)
    for col in TAG_COLUMNS:
        out["changed"] |= (out[col] != out[f"default_{col}"]).fillna(False)
    return out.reset_index()


def overrides_from(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Tag overrides (scenario form) for the rows whose tags differ from the defaults."""
    rows = []
    for r in table.itertuples(index=False):
        row: dict[str, Any] = {"task": r.task_id}
        for col in TAG_COLUMNS:
            v, d = getattr(r, col), getattr(r, f"default_{col}")
            if pd.notna(v) and v != d:
                row[col] = float(v) if col != "mode" else str(v)
        if len(row) > 1:
            rows.append(row)
    return rows


@st.cache_data(show_spinner=False, max_entries=6)
def _scope_hours(_org: Org, key: str) -> pd.DataFrame:
    """Hours a year per function, team, role and task [h/year]."""
    r = _org.roster.dropna(subset=["role_id"])
    team = _org.graph.team[r.index] if len(_org.graph.team) == len(_org.roster) else r["team"]
    frame = pd.DataFrame({"function": r["department"].fillna("(no function)").astype(str),
                          "team": pd.Series(team).astype(str).to_numpy(),
                          "role_id": r["role_id"].astype(str), "fte": r["fte"]})
    grouped = frame.groupby(["function", "team", "role_id"], as_index=False)["fte"].sum()
    merged = grouped.merge(_org.library.role_tasks, on="role_id")
    merged["hours"] = merged["fte"] * merged["share"] * PRODUCTIVE_HOURS_PER_FTE
    return merged


def _in_view(org: Org, overrides: dict[str, dict[str, Any]], scope: pd.DataFrame,
             categories: list[str]) -> pd.DataFrame:
    """The tag table of the tasks in view (the scope's roles and the chosen categories), with
    their hours and roles (by title), most hours first (a stable order: the grid's edits are
    by row)."""
    table = tag_table(org, overrides)
    title = library_labels(org.library).role
    per_task = scope.groupby("task_id").agg(
        hours=("hours", "sum"), roles=("role_id", lambda s: ", ".join(sorted(map(title, set(s))))))
    table = table.merge(per_task.reset_index(), on="task_id", how="inner")
    if categories:
        table = table[table["activity_category"].isin(categories)]
    return table.sort_values("hours", ascending=False, kind="stable").reset_index(drop=True)


def with_edits(table: pd.DataFrame, edited_rows: dict[int, dict[str, Any]]) -> pd.DataFrame:
    """``table`` with a data editor's cell edits (row position -> column -> value) applied
    to its tag columns."""
    out = table.copy()
    for row, values in edited_rows.items():
        for col, value in values.items():
            if col in TAG_COLUMNS:
                out.at[out.index[int(row)], col] = value
    return out


def _merge(doc: dict[str, Any], in_view: set[str],
           new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scenario's overrides outside the view, plus ``new``, in task order."""
    return with_tag_overrides(doc, new, replace=in_view)["inputs"]["tag_overrides"]


def _set_overrides(rows: list[dict[str, Any]], new_grid: bool = True) -> None:
    """Make ``rows`` the scenario's tag overrides; ``new_grid`` draws the tags grid anew (its
    own edits are then dropped: after a change made elsewhere on the page)."""
    doc = state.scenario_doc()
    before = {o["task"]: o for o in doc.get("inputs", {}).get("tag_overrides", []) or []}
    sources = st.session_state.get("tag_sources", {})
    for row in rows:  # a tag edited here is the planner's, whatever suggested it before
        if before.get(row["task"]) != row:
            sources.pop(row["task"], None)
    doc.setdefault("inputs", {})["tag_overrides"] = rows
    state.set_scenario_doc(doc)
    if new_grid:
        st.session_state["tags_version"] = st.session_state.get("tags_version", 0) + 1


def nearest_in_words(adjacency: Adjacency, role: str, title: Callable[[str], str],
                     top: int = 5) -> pd.DataFrame:
    """A role's nearest roles as a planner reads them: ``role`` (title), ``similarity``
    [0-1, shown as %], ``shared`` and ``missing`` (the nearest role's tasks the chosen role
    does already, and the ones it lacks, as statements)."""
    rows = [{"role": title(n.role_id), "similarity": n.similarity,
             "shared": "; ".join(n.shared_tasks) or "-",
             "missing": "; ".join(n.missing_tasks) or "-"}
            for n in adjacency.nearest(role, top)]
    return pd.DataFrame(rows, columns=["role", "similarity", "shared", "missing"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _adjacency(_org: Org, key: str) -> Adjacency:
    """The library's role adjacency, once per roster source (``key``)."""
    return similarity_matrix(_org.library)


def _nearest_roles(org: Org, role: str, title: Callable[[str], str]) -> None:
    """The roles nearest the chosen one by the work they share (reskilling candidates)."""
    st.caption("Roles nearest this one by the work they share (task wording weighted by time, "
               "and kinds of activity): candidates for reskilling paths "
               "(\"Also suggest reskilling paths between roles that share work\" in the "
               "Scenario page's people levers offers them to the optimiser).")
    table = nearest_in_words(_adjacency(org, repr(state.roster_source())), role, title)
    st.dataframe(table.assign(similarity=table["similarity"] * 100), hide_index=True,
                 width="stretch", column_config={
                     "role": "nearest role",
                     "similarity": st.column_config.NumberColumn("similarity", format="%.0f%%"),
                     "shared": st.column_config.TextColumn("work they share", width="large"),
                     "missing": st.column_config.TextColumn(
                         "work to learn", width="large",
                         help="The nearest role's tasks that this role does not do yet")})


def render() -> None:
    """Draw the page."""
    st.title("Work and tags")
    org = state.org_or_error()
    if org is None:
        return
    st.write("Each role is a mix of tasks; each task has an automatable share (how much of "
             "it an AI layer could execute), a mode (automate, augment or keep human) and the "
             "human oversight an AI hour needs. Edit the tags to match what you know: your "
             "edits go into the working scenario.")
    coverage = title_coverage(org.roster, org.matches)
    if coverage.statement():
        # counts and fixed words only (no roster text), so the markdown is ours
        st.warning(coverage.statement() + " Map their titles to roles below.")
    _map_titles(org)
    hours = _scope_hours(org, state.org_key())
    c = st.columns(3)
    functions = c[0].multiselect("Function", sorted(hours["function"].unique()), key="w_fn")
    in_fn = hours[hours["function"].isin(functions)] if functions else hours
    teams = c[1].multiselect("Team", sorted(in_fn["team"].unique()), key="w_team")
    scope = in_fn[in_fn["team"].isin(teams)] if teams else in_fn
    cats = sorted(org.library.tasks["activity_category"].unique())
    categories = c[2].multiselect("Activity category", cats, key="w_cat",
                                  format_func=activity_label)

    key = f"tags_editor_{st.session_state.get('tags_version', 0)}_" + state.digest(
        repr((functions, teams, categories)))
    doc = state.scenario_doc()
    table = _in_view(org, overrides_of(doc), scope, categories)
    # The grid's cell edits since it was drawn (the same rows as ``table``): into the scenario
    # before anything is drawn, so one run shows them everywhere and the grid is not drawn
    # anew (it keeps its key and its scroll position).
    edits = (st.session_state.get(key) or {}).get("edited_rows") or {}
    in_view = set(table["task_id"])
    if edits:
        rows = _merge(doc, in_view, overrides_from(with_edits(table, edits)))
        if rows != _merge(doc, set(), []):
            _set_overrides(rows, new_grid=False)
            doc = state.scenario_doc()
            table = _in_view(org, overrides_of(doc), scope, categories)

    total = float(table["hours"].sum())
    automatable = float((table["hours"] * table["automatable_share"]).sum())
    m = st.columns(4)
    m[0].metric("Tasks in view", f"{len(table):,}")
    m[1].metric("Hours a year", f"{total:,.0f}")
    m[2].metric("Automatable share (hours-weighted)",
                f"{automatable / total:.0%}" if total else "-")
    m[3].metric("Tasks changed from default", f"{int(table['changed'].sum()):,}")

    # the same rows and column names as ``table`` (the edits are read by them); headers are
    # the column config's labels, and the activity is shown in words
    shown = table[["task_id", "statement", *TAG_COLUMNS, "default_automatable_share",
                   "default_mode", "changed", "activity_category", "roles", "hours"]].assign(
        activity_category=table["activity_category"].map(activity_label))
    st.data_editor(
        shown, hide_index=True, width="stretch", key=key,
        disabled=[c for c in shown.columns if c not in TAG_COLUMNS],
        column_config={
            "changed": st.column_config.CheckboxColumn(
                "changed", help="The tag differs from the library's default."),
            "task_id": st.column_config.TextColumn("task id"),
            "statement": st.column_config.TextColumn("task", width="large"),
            "activity_category": st.column_config.TextColumn("activity"),
            "roles": st.column_config.TextColumn(
                "roles", help="The roles in view whose work includes the task."),
            "hours": st.column_config.NumberColumn("hours/year", format="%.0f"),
            "automatable_share": st.column_config.NumberColumn(
                "automatable share", min_value=0.0, max_value=1.0, step=0.05, format="%.2f",
                help="Share of the task's hours an AI layer could execute [0-1]."),
            "mode": st.column_config.SelectboxColumn("mode", options=MODES, required=True),
            "oversight_hours_per_ai_hour": st.column_config.NumberColumn(
                "oversight h per AI h", min_value=0.0, max_value=2.0, step=0.05,
                format="%.2f", help="Human review time per AI-executed hour."),
            "default_automatable_share": st.column_config.NumberColumn("default share",
                                                                       format="%.2f"),
            "default_mode": st.column_config.TextColumn("default mode"),
        })

    with st.expander("Change the tasks in view together"):
        with st.form("bulk"):
            b = st.columns(3)
            factor = b[0].number_input("Multiply automatable shares by", min_value=0.0,
                                       max_value=5.0, value=1.0, step=0.1, key="bulk_factor")
            mode = b[1].selectbox("Set the mode", ["(keep)", *MODES], key="bulk_mode")
            reset = b[2].checkbox("Reset them to the library defaults", key="bulk_reset")
            if st.form_submit_button("Apply to the tasks in view"):
                merged = table.copy()
                if reset:
                    for col in TAG_COLUMNS:
                        merged[col] = merged[f"default_{col}"]
                else:
                    merged["automatable_share"] = (merged["automatable_share"] * factor).clip(
                        0, 1).round(4)
                    if mode != "(keep)":
                        merged["mode"] = mode
                _set_overrides(_merge(doc, in_view, overrides_from(merged)))
                st.rerun()

    st.subheader("Role task mix")
    title = library_labels(org.library).role
    roles = sorted(scope["role_id"].unique(), key=title)
    if roles:
        role = st.selectbox("Role", roles, key="w_role", format_func=title)
        mix = org.library.role_tasks[org.library.role_tasks["role_id"] == role].merge(
            tag_table(org, overrides_of(doc))[
                ["task_id", "statement", "activity_category", *TAG_COLUMNS, "changed"]],
            on="task_id")
        mix = mix.drop(columns="role_id").assign(
            activity_category=mix["activity_category"].map(activity_label))
        st.dataframe(mix, hide_index=True, width="stretch", column_config=MIX_COLUMNS)
        _nearest_roles(org, role, title)


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/work.py")
