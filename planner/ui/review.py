"""Review page: what waits for the user's approval, each with its plan's headline and a
comparison with the scenario's current approved plan, approve or reject with a comment; and
the user's own versions to submit or withdraw."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.errors import PlannerError
from planner.plan.finance import measure_label
from planner.review import Actor, ReviewRefused
from planner.ui import state
from planner.ui.compare import COST_MEASURES, highlight_differences

HEADLINE = ("fte_before", "fte_after", "redundancies", "hires", "one_off_cost",
            "run_rate_cost_after", "total_cost")
"""The measures of a submission's headline, in this order."""


def headline(summary: dict[str, object]) -> None:
    """A submitted plan's headline: FTE before and after, redundancies, its one-off cost."""
    c = st.columns(4)
    c[0].metric("FTE now", f"{float(summary.get('fte_before') or 0):,.1f}")
    c[1].metric("FTE at the end", f"{float(summary.get('fte_after') or 0):,.1f}")
    c[2].metric("Redundancies (FTE)", f"{float(summary.get('redundancies') or 0):,.1f}")
    one_off = summary.get("one_off_cost")
    total = sum(v for v in one_off.values() if v) if isinstance(one_off, dict) else one_off
    state.money_metric(c[3], "One-off cost", total, code=summary.get("currency") or None,
                       what="Severance, hiring, reskilling, redeployment and AI set-up: ")


def comparison(name: str, run_id: int | None) -> None:
    """The submitted plan beside the scenario's current approved plan, cells that differ
    highlighted."""
    from planner.plan.compare import compare

    st_ = state.store()
    approved = st_.current_approved(name)
    record = st_.approval(approved) if approved is not None else None
    if record is None or record["run_id"] is None:
        st.caption(f"No version of {state.md(name)} is approved yet: nothing to compare with.")
        return
    if run_id is None:
        st.caption("This submission has no run to compare with the approved plan.")
        return
    if run_id == record["run_id"]:
        return
    approved_version = st_.scenario(approved)["version"]
    try:
        comp = compare({f"Approved (version {approved_version})": st_.run_plan(record["run_id"]),
                        "Submitted": st_.run_plan(run_id)})
    except (PlannerError, ValueError) as exc:
        st.caption(f"Cannot be compared with the approved plan: {exc}")
        return
    head = comp.headline[comp.headline["measure"].isin(HEADLINE)]
    if not state.show_costs():
        head = head[~head["measure"].isin(COST_MEASURES)]
    head = head.assign(measure=head["measure"].map(lambda k: measure_label(k, comp.currency)))
    st.caption("Against the current approved plan (cells that differ are highlighted):")
    st.dataframe(highlight_differences(head, comp.runs[0]), hide_index=True, width="stretch")


def _act(what: str, scenario_id: int, who: Actor, comment_key: str | None) -> None:
    comment = str(st.session_state.get(comment_key, "")) if comment_key else ""
    try:
        getattr(state.store(), what)(scenario_id, by=who, comment=comment)
    except (ReviewRefused, PlannerError) as exc:
        st.session_state["review_message"] = ("error", str(exc))
        return
    st.session_state["review_message"] = (
        "success", f"Version id {scenario_id}: {what} recorded as "
        f"{state.who_label(who.name, who.authenticated)}.")


def waiting(who: Actor) -> None:
    """The submissions whose next step the user may approve."""
    st.subheader("Waiting for you")
    todo = state.store().waiting(who.name)
    if todo.empty:
        st.info("Nothing waits for your approval.")
        return
    for r in todo.itertuples():
        with st.container(border=True):
            st.markdown(f"**{state.md(r.name)}**, version {r.version} (id {r.id}), submitted "
                        f"by {state.md(r.submitted_by)}; the next approval is "
                        f"{state.md(r.next_step)}.")
            if r.run_id is not None and not pd.isna(r.run_id):
                summary, _, _ = state.store().run_plan(int(r.run_id))
                headline(summary)
                comparison(r.name, int(r.run_id))
            else:
                st.caption("Submitted without a run: save a run of it to see its plan.")
            key = f"review_comment_{r.id}"
            st.text_input("Comment", key=key)
            c = st.columns(2)
            c[0].button("Approve", key=f"approve_{r.id}", on_click=_act,
                        args=("approve", int(r.id), who, key), type="primary")
            c[1].button("Reject", key=f"reject_{r.id}", on_click=_act,
                        args=("reject", int(r.id), who, key))


def own(who: Actor) -> None:
    """The versions the user may submit (drafts, rejected, withdrawn) or withdraw."""
    st.subheader("Submit a version")
    versions = state.store().scenarios()
    ready = versions[versions["state"].isin(["draft", "rejected", "withdrawn"])]
    if ready.empty:
        st.caption("No draft to submit: save a scenario or a run first.")
    else:
        labels = {int(r.id): f"{r.name} version {r.version} ({r.state}, id {r.id})"
                  for r in ready.itertuples()}
        sid = st.selectbox("Version", list(labels), format_func=labels.get, key="submit_id")
        st.text_input("Comment", key="submit_comment")
        st.button("Submit for approval", key="submit", on_click=_act,
                  args=("submit", int(sid), who, "submit_comment"))
    mine = versions[(versions["state"] == "submitted")]
    mine = [int(i) for i in mine["id"]
            if state.store().scenario(int(i))["submitted_by"] == who.name]
    if mine:
        sid = st.selectbox("Your submissions", mine, key="withdraw_id",
                           format_func=lambda i: f"id {i}")
        st.button("Withdraw", key="withdraw", on_click=_act, args=("withdraw", sid, who, None))


def render() -> None:
    """Draw the page."""
    st.title("Review")
    who = state.actor()
    if who is None:
        st.info("Sign in (sidebar) to review plans." if state.sign_in_configured() else
                "Type your name in the sidebar to review plans: it is recorded with what you "
                "submit, approve or reject, marked 'not authenticated'.")
        return
    st.caption(f"You are {state.md(state.who_label(who.name, who.authenticated))}. "
               + ("No roles are defined in the store: everyone holds every role, and nobody "
                  "approves their own submission." if not state.roles() else
                  f"Your roles: {', '.join(sorted(state.roles().get(who.name, []))) or 'none'}."))
    message = st.session_state.pop("review_message", None)
    if message:
        (st.success if message[0] == "success" else st.error)(state.md(message[1]))
    try:
        waiting(who)
        own(who)
    except PlannerError as exc:
        st.error(f"Store unavailable: {state.md(exc)}")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/review.py")
