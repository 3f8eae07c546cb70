"""Audit page: every action on the store, newest first: who (marked when not
authenticated), when, from which face, what, on which version, with its comment."""

from __future__ import annotations

import streamlit as st

from planner.errors import PlannerError
from planner.ui import state

COLUMNS = {"when": "when (UTC)", "who": "who", "face": "from", "action": "action",
           "scenario": "scenario", "version": "version", "run_id": "run", "comment": "comment",
           "state": "state after"}
"""The trail's columns, headed in words."""

FACES = {"cli": "command line", "app": "app", "api": "Python"}


def trail(scenario: str | None = None):  # noqa: ANN201
    """The audit trail newest first, as the page shows it (of one scenario when named)."""
    frame = state.store().audit()
    if scenario:
        frame = frame[frame["scenario"] == scenario]
    frame = frame.iloc[::-1].reset_index(drop=True)
    frame = frame.assign(
        who=[state.who_label(w, a) for w, a in zip(frame["who"], frame["authenticated"],
                                                    strict=True)],
        face=frame["face"].map(lambda f: FACES.get(f, f)),
        when=frame["when"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S")))
    return frame[list(COLUMNS)].rename(columns=COLUMNS)


def render() -> None:
    """Draw the page."""
    st.title("Audit")
    st.caption("Every action on the store, newest first. Entries are only ever added: "
               "nothing in the planner changes or removes one.")
    try:
        names = sorted(state.store().scenarios()["name"].unique())
        scenario = st.selectbox("Scenario", [None, *names], key="audit_scenario",
                                format_func=lambda n: "every scenario" if n is None else n)
        frame = trail(scenario)
    except PlannerError as exc:
        st.error(f"Store unavailable: {state.md(exc)}")
        return
    if frame.empty:
        st.info("Nothing has been done in the store yet.")
        return
    st.dataframe(frame, hide_index=True, width="stretch")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
