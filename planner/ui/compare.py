"""Compare page: any runs of this session or of the store, side by side."""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd
import streamlit as st

from planner.errors import PlannerError
from planner.plan.compare import NO_COST_CENTRE, Comparison, compare, comparison_workbook
from planner.plan.finance import PlanParts, measure_label
from planner.status import has_plan_mask
from planner.ui import state
from planner.ui.scenario import setting_label, value_in_words

COST_MEASURES = {"run_rate_cost_before", "run_rate_cost_after", "one_off_cost", "total_cost",
                 "npv"}


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    return f"{v:,.1f}" if abs(v) < 1e6 else f"{v:,.0f}"


def highlight_differences(frame: pd.DataFrame, first: str) -> pd.io.formats.style.Styler:
    """Cells that differ from the first run's column, highlighted (values shown as text so
    that a column may mix names, statuses and figures)."""
    runs = [c for c in frame.columns if c != frame.columns[0]]
    frame = frame.astype(object).map(_text)

    def colour(row: pd.Series) -> list[str]:
        base = row[first]
        out = []
        for c in row.index:
            differs = c in runs and c != first and repr(row[c]) != repr(base)
            out.append("background-color: #FFF2CC" if differs else "")
        return out

    return frame.style.apply(colour, axis=1)


def settings_in_words(diff: pd.DataFrame) -> pd.DataFrame:
    """Settings that differ, named as on the Scenario page (the key path when it has no
    label), their values in words."""
    runs = [c for c in diff.columns if c != "setting"]
    out = pd.DataFrame({"setting": diff["setting"].map(setting_label)})
    for c in runs:
        out[c] = [value_in_words(k, v) for k, v in zip(diff["setting"], diff[c], strict=True)]
    return out


def team_header(column: str, currency: str | None) -> str:
    """A header of the by-team table: "Run 1: fte" -> "Run 1: FTE", "Run 1: run_rate_cost"
    -> "Run 1: run-rate cost [GBP]"."""
    run, _, measure = column.rpartition(": ")
    words = {"fte": "FTE", "run_rate_cost": "run-rate cost" + (f" [{currency}]" if currency
                                                               else "")}
    return f"{run}: {words.get(measure, measure)}"


def _column_label(label: str, i: int, taken: Collection[str] = ()) -> str:
    """A short column label: "Run 2" of "Run 2: Automation push", or "Stored run 5"
    (primed when another column has it)."""
    short = label.split(":")[0]
    name = re.sub(r"[^A-Za-z0-9 ._-]+", " ", short)[:40].strip() or f"Run {i + 1}"
    while name in taken:
        name += "'"
    return name


def build(session: list[int], stored: list[int]) -> Comparison:
    """Compare the chosen runs: this session's plans and the store's runs, in memory."""
    runs = st.session_state.get("runs", [])
    plans: dict[str, PlanParts] = {}
    for i in session:
        run = runs[i]["result"]
        plans[_column_label(runs[i]["label"], len(plans), plans)] = (
            run.plan.summary, run.plan.tables, run.doc)
    for run_id in stored:
        plans[_column_label(f"Stored run {run_id}", len(plans), plans)] = (
            state.store().run_plan(run_id))
    return compare(plans)


def render() -> None:
    """Draw the page."""
    st.title("Compare")
    runs = st.session_state.get("runs", [])
    ok = [i for i, r in enumerate(runs) if r["result"].plan.has_plan]
    c = st.columns(2)
    session = c[0].multiselect("Runs of this session", ok, default=ok[-3:],
                               format_func=lambda i: runs[i]["label"], key="cmp_session")
    try:
        saved = state.store().runs()
    except PlannerError as exc:
        saved = pd.DataFrame(columns=["run_id"])
        c[1].caption(f"Store unavailable: {exc}")
    saved = saved[has_plan_mask(saved["status"])] if len(saved) else saved
    labels = {int(r.run_id): f"run {r.run_id}: {r.scenario} v{r.version} ({r.status})"
              for r in saved.itertuples()}
    stored = c[1].multiselect("Saved runs (store)", list(labels), format_func=labels.get,
                              key="cmp_stored")
    missing = state.without_plan(runs)
    nothing = (f"{'; '.join(missing)}, so there is nothing to compare "
               f"{'it' if len(missing) == 1 else 'them'} with." if missing else "")
    if len(session) + len(stored) < 2:
        st.info(nothing + " Change the levers on the Run and plan page (its answer says what "
                "stands in the way) and run again, or save runs to the store."
                if missing else "Pick at least two runs: run the scenario with different "
                "levers on the Run and plan page, or save runs to the store.")
        return
    if missing:
        st.caption("Not comparable: " + nothing)
    try:
        comp = build(session, stored)
    except (PlannerError, ValueError, OSError) as exc:
        st.error(f"These runs cannot be compared: {exc}")
        return
    first = comp.runs[0]
    names = {r["label"].split(":")[0]: r["label"] for r in runs}
    st.caption(f"Cells that differ from the first run ({state.md(names.get(first, first))}) "
               "are highlighted. "
               + "; ".join(state.md(names[c]) for c in comp.runs if c in names))
    head = comp.headline
    if not state.show_costs():
        head = head[~head["measure"].isin(COST_MEASURES)]
    money_rows = head["measure"].isin(COST_MEASURES)
    head = head.astype(object)
    head.loc[money_rows, list(comp.runs)] = head.loc[money_rows, list(comp.runs)].map(
        lambda v: state.money(v, show_code=False))  # the currency is in the measure's label
    head = head.assign(measure=head["measure"].map(lambda k: measure_label(k, comp.currency)))
    st.subheader("Headline")
    st.dataframe(highlight_differences(head, first), hide_index=True, width="stretch")
    st.subheader("Settings that differ")
    if comp.scenario_diff.empty:
        st.write("The scenarios are the same.")
    else:
        st.dataframe(settings_in_words(comp.scenario_diff), hide_index=True, width="stretch")
        with st.expander("The same settings by key path (for experts)"):
            st.dataframe(comp.scenario_diff.astype(str), hide_index=True, width="stretch")
    teams = comp.teams
    if not state.show_costs():
        teams = teams[[c for c in teams.columns if not c.endswith("run_rate_cost")]]
    team_config = {c: st.column_config.NumberColumn(team_header(c, comp.currency),
                                                    format="%.1f" if c.endswith(": fte")
                                                    else "localized")
                   for c in teams.columns if c != "team"}
    if comp.has_cost_centres:
        st.subheader("FTE at the end by cost centre")
        centres = comp.cost_centres.replace({"cost_center": {NO_COST_CENTRE: "(no cost centre)"}})
        st.dataframe(highlight_differences(centres, first), hide_index=True, width="stretch",
                     column_config={"cost_center": "cost centre"})
        with st.expander("By team"):
            st.dataframe(teams, hide_index=True, width="stretch", column_config=team_config)
    else:
        st.subheader("FTE at the end by team")
        st.caption("The roster has no cost centre column, so the runs are compared by team.")
        st.dataframe(teams, hide_index=True, width="stretch", column_config=team_config)
    st.download_button("Download the comparison workbook", comparison_workbook(comp),
                       file_name="comparison.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/compare.py")
