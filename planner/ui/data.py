"""Data page: use the sample org or upload an export, map its columns, read its problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from planner.errors import InputError
from planner.labels import count_of
from planner.roster.org import Org
from planner.roster.presets import INPUT_FIELDS, PRESET_NAMES, guess_mapping, mapping_yaml
from planner.roster.readers import read_table
from planner.ui import state

AUTO = "Detect from the headers"
LAYOUT_CODES = {"unknown_layout", "ambiguous_preset", "missing_column"}


def _use(source: state.RosterSource) -> None:
    """Make a roster the one in use; the working scenario starts again from it."""
    if st.session_state.get("roster_source", state.SAMPLE_SOURCE) != source:
        st.session_state["roster_source"] = source
        for key in ("scenario_doc", "team_choice", "tag_sources"):
            st.session_state.pop(key, None)
        st.rerun()  # the sidebar and every page follow the new roster


def _rows_left_out(box: Any, source: state.RosterSource, org: Org) -> None:
    """Say, at the top of the page, what the roster leaves out, and let the planner decide
    whether to plan on it (fix and upload again, or go on knowingly)."""
    errors = len(org.report.errors)
    statement = org.left_out.statement()
    name = state.md(source.label)
    if not errors:
        box.success(f"In use: {name}")
        if statement:
            box.warning(statement)
        return
    if state.skips_error_rows():
        box.warning(f"In use without part of the file: {name}. {statement} You "
                    "chose to plan without these rows; every plan made on this roster says "
                    "so.")
        if box.button("Stop: I will fix the file first", key="stop_skipping"):
            state.set_skip_error_rows(False)
            st.rerun()
        return
    box.error(f"{name} has {errors:,} error{'' if errors == 1 else 's'}, so it is not used "
              f"for planning yet. {statement}")
    box.markdown("Fix the rows listed under **Validation** below and upload the file again "
                 "(best), or plan on what could be read and accept that the plans leave "
                 "these rows out.")
    if box.button(f"Plan without the {org.left_out.rows_read - org.left_out.rows_used:,} "
                  "rows left out, knowingly", key="skip_error_rows"):
        state.set_skip_error_rows(True)
        st.rerun()


def _cannot_use(box: Any, source: state.RosterSource, loaded: state.Loaded) -> None:
    """Say which files cannot be used and why, naming only those; offer the mapping step
    when it can work: a mapping reads every file the same way, so not when another file
    read as a known layout."""
    stops = loaded.problems[loaded.problems["severity"] == "error"].head(5)
    failing = [f for f in dict.fromkeys(stops["file"]) if isinstance(f, str) and f]
    names = {Path(p).name: p for p in source.paths}
    who = ", ".join(failing) if failing else source.label
    lines = []
    for p in stops.itertuples():
        lead = (f"**{state.md(p.file)}**: " if isinstance(p.file, str) and p.file
                and not p.message.startswith(p.file) and len(failing) > 1 else "")
        lines.append(f"- {lead}{state.md(p.message)}. **How to fix:** {state.md(p.hint)}")
    box.error(f"{state.md(who)} cannot be used as it is:\n\n" + "\n".join(lines))
    if source.sample:
        return
    some_read = bool(failing) and len(failing) < len(source.paths)
    if some_read and not source.mapping:
        return  # a mapping applies to every file: it cannot read these with the others
    if (set(loaded.problems["code"]) & LAYOUT_CODES
            or st.toggle("Map the columns by hand", key="force_mapping")):
        first = names.get(failing[0], source.paths[0]) if failing else source.paths[0]
        _mapping_step(source.paths, source.label, first)


def _mapping_step(paths: tuple[str, ...], label: str, sample: str | None = None) -> None:
    """Columns guessed from the headers of ``sample`` (default the first file), editable;
    loading again with the mapping, which reads every file."""
    try:
        headers = list(read_table(sample or paths[0]).frame.columns)
    except InputError as exc:
        st.error("The file cannot be read: " + exc.problems[0].message)
        return
    st.subheader("Map the columns")
    st.write("Pick the header that holds each field (at least a position id, a manager "
             "position id and a job title); the guesses come from the headers.")
    guess = guess_mapping(headers)
    table = pd.DataFrame({"field": list(INPUT_FIELDS),
                          "header": [guess[f] for f in INPUT_FIELDS]})
    edited = st.data_editor(
        table, hide_index=True, disabled=["field"],
        key="mapping_editor_" + state.digest(",".join(paths)),
        column_config={"header": st.column_config.SelectboxColumn(
            "Header in your file", options=headers, required=False)})
    c = st.columns(2)
    currency = c[0].text_input("Currency when the file has none", value="GBP", max_chars=3)
    on_cost = c[1].number_input("On-cost rate on base pay (0.3 = 30%)", min_value=0.0,
                                max_value=5.0, value=0.0, step=0.05)
    if st.button("Load with this mapping", type="primary"):
        columns = dict(zip(edited["field"], edited["header"], strict=True))
        text = mapping_yaml({k: (v if isinstance(v, str) and v else None)
                             for k, v in columns.items()},
                            {"currency": currency} if currency else None,
                            on_cost or None)
        path = state.save_upload("mapping.yaml", text.encode("utf-8"))
        _use(state.RosterSource(label, paths, mapping=path))
        st.rerun()


BAR_HEIGHT = 28
"""Height of one bar of a bar chart by category [px]: room for its label."""


def function_figure(roster: pd.DataFrame) -> go.Figure:
    """FTE by function, one labelled bar per function (plotly drops labels that do not fit,
    so each bar gets room and every tick is named)."""
    by_function = roster.groupby(roster["department"].fillna("(no function)"))[
        "fte"].sum().sort_values().rename_axis("function").reset_index()
    by_function["function"] = by_function["function"].astype(str).map(state.label)
    fig = px.bar(by_function, x="fte", y="function", orientation="h", title="FTE by function",
                 height=max(280, 120 + BAR_HEIGHT * len(by_function)), labels={"fte": "FTE"})
    fig.update_yaxes(tickmode="array", tickvals=by_function["function"],
                     ticktext=by_function["function"], title=None, automargin=True)
    return fig


BASIS_CODES = ("cost_from_salary", "fte_assumed")
"""Notes (info) on the basis of the figures: how cost and FTE were worked out. A finance
analyst needs them, so they are shown above the table, not only in it."""


def _report(loaded: state.Loaded) -> None:
    """The validation report: its counts, the notes on the figures' basis, and a filterable
    table of the problems (or that there are none)."""
    problems = loaded.problems
    by = problems["severity"].value_counts()
    errors, warnings, notes = (int(by.get(k, 0)) for k in ("error", "warning", "info"))
    st.subheader(f"Validation: {count_of(errors, 'error')}, {count_of(warnings, 'warning')}, "
                 f"{count_of(notes, 'note')}")
    if not errors and not warnings:
        st.success("No problems found." + (" The notes below say how the figures were "
                                           "worked out." if notes else ""))
    for p in problems[problems["code"].isin(BASIS_CODES)].itertuples():
        st.info(f"{state.md(p.message)}. **To change it:** {state.md(p.hint)}")
    if problems.empty:
        return
    c = st.columns(3)
    present = [s for s in ("error", "warning", "info") if s in set(problems["severity"])]
    severities = c[0].multiselect("Severity", ["error", "warning", "info"], default=present)
    codes = c[1].multiselect("Problem", sorted(problems["code"].unique()))
    text = c[2].text_input("Search messages")
    shown = problems[problems["severity"].isin(severities)]
    if codes:
        shown = shown[shown["code"].isin(codes)]
    if text:
        shown = shown[shown["message"].str.contains(text, case=False, regex=False)]
    if shown.empty:
        st.caption("Nothing matches these filters.")
        return
    # Blank cells stay blank (not "None"); columns wide enough for a code, a file name
    # (an organogram's senior and junior files differ only at the end) and a header.
    text_cols = ["code", "file", "column", "value"]
    shown = shown.astype({c: "object" for c in text_cols})
    shown[text_cols] = shown[text_cols].where(shown[text_cols].notna(), "")
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"row": st.column_config.NumberColumn("row", format="%d"),
                                "code": st.column_config.TextColumn("problem", width="medium"),
                                "file": st.column_config.TextColumn("file", width="large"),
                                "column": st.column_config.TextColumn("column",
                                                                      width="medium"),
                                "message": st.column_config.TextColumn("message", width="large"),
                                "hint": st.column_config.TextColumn("how to fix", width="large")})
    st.caption("Rows are the spreadsheet's row numbers (the header is row 1).")


def render() -> None:
    """Draw the page."""
    st.title("Data")
    top = st.container()  # what the roster leaves out comes first, once it is read
    st.write("Start from the bundled sample organisation, or load your own HR export. "
             "Nothing leaves this machine.")
    with st.expander("How this works", expanded=False):
        st.markdown("\n".join(f"{i}. **{step.title}**: {step.what}."
                               for i, step in enumerate(state.STEPS, start=1)))
        st.caption("Plans are in positions and FTE, never named people: the planner does "
                   "not choose who leaves. Salaries stay hidden until you turn on 'Show "
                   "salaries and costs' in the sidebar.")
    current = state.roster_source()
    choice = st.radio("Roster", ["Bundled sample org", "Upload an export"], horizontal=True,
                      index=0 if current.sample else 1, key="roster_choice")
    if choice == "Bundled sample org":
        _use(state.SAMPLE_SOURCE)
    else:
        ups = st.file_uploader(
            "CSV or XLSX export: Workday, BambooHR, HiBob, a UK organogram (senior and junior "
            "files together) or any other layout (you map its columns)",
            type=["csv", "xlsx"], accept_multiple_files=True, key="upload")
        preset = st.selectbox("Layout", [AUTO, *PRESET_NAMES], key="preset")
        if not ups:
            if current.sample:
                st.info("Choose a file to load it. Until then the sample org stays in use.")
        else:
            paths = tuple(state.save_upload(u.name, u.getvalue()) for u in ups)
            label = ", ".join(u.name for u in ups)
            chosen = None if preset == AUTO else preset
            if current.paths != paths or current.preset != chosen:
                _use(state.RosterSource(label, paths, chosen))
    source = state.roster_source()
    with st.spinner("Reading, validating and matching titles..."):
        loaded = state.load_in_use()
    if loaded.org is None:
        _cannot_use(top, source, loaded)
        _report(loaded)
        return
    org = state.current_org()
    assert org is not None
    s = org.graph.summary()
    _rows_left_out(top, source, org)
    if not source.sample:
        with st.expander("Map the columns by hand" + (" (a mapping is in use)"
                                                     if source.mapping else "")):
            _mapping_step(source.paths, source.label)
    c = st.columns(5)
    c[0].metric("Positions", f"{s.positions:,}")
    if s.people is None:
        c[1].metric("People", "not in the file", help="No employee id or name column: the "
                    "file does not say who is in post, so no position is counted as a "
                    "person or as a vacancy.")
    else:
        c[1].metric("People", f"{s.people:,}", help=s.people_text())
    c[2].metric("FTE", f"{s.fte:,.1f}")
    c[3].metric("Teams", f"{s.teams:,}")
    state.money_metric(c[4], "Annual cost", s.annual_cost)
    matched = org.matches
    low = int((matched["status"] != "ok").sum()) if "status" in matched else 0
    st.caption(f"{len(matched):,} distinct job titles; {low:,} matched to a role with low "
               f"confidence or not at all (see {state.page_name('planner/ui/work.py')}).")
    st.plotly_chart(function_figure(org.roster), width="stretch")
    _report(loaded)
    if source.mapping:
        with st.expander("The mapping in use"):
            st.code(open(source.mapping, encoding="utf-8").read(), language="yaml")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/data.py")
