"""Evidence page: ground each task's tag in public evidence (O*NET exposure labels, the text
tagger), see where every tag comes from and how sure it is, and accept or override in bulk.

The tags in force are the working scenario's ``inputs.tag_overrides``; where each came from
(and its confidence and explanation) is kept beside them in the session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from planner.domain import TaskMode
from planner.errors import PlannerError
from planner.labels import activity_label
from planner.scenario.keypaths import with_tag_overrides
from planner.ui import state
from planner.work.tags import (
    TagSource,
    evidence_tags,
    override_tags,
    planner_owned,
    read_tag_overrides,
    scenario_overrides,
    suggestions_from_overrides,
    tagger_tags,
    task_tags,
    to_overrides,
)

SHIPPED = state.MODELS / "evidence_tags.csv"
SHARED_LABELS = state.ROOT.parent / "shared" / "datasets" / "gpts-are-gpts" / "full_labelset.tsv"
EVIDENCE = ["Shipped O*NET-derived tags (models/evidence_tags.csv)", "An O*NET labels file",
            "A trained tagger"]
SHOWN = ["task_id", "statement", "activity_category", "automatable_share", "mode", "source",
         "confidence", "suggested_share", "suggested_mode", "suggested_source",
         "suggested_confidence", "differs", "suggested_explanation", "similar_1", "similar_2",
         "similar_3", "explanation", "default_share", "default_mode"]


COLUMN_LABELS = {"task_id": "task id", "activity_category": "activity",
                 "automatable_share": "automatable share", "mode": "mode",
                 "source": "tag from", "suggested_share": "suggested share",
                 "suggested_mode": "suggested mode", "suggested_source": "suggestion from",
                 "differs": "suggestion differs", "suggested_explanation": "why (suggestion)",
                 "similar_1": "most similar O*NET statement", "similar_2": "second most similar",
                 "similar_3": "third most similar", "explanation": "why (tag in force)",
                 "default_share": "library share", "default_mode": "library mode"}
"""Column headers of the evidence table a planner reads."""


@st.cache_data(show_spinner=False, max_entries=4)
def _from_labels(path: str, _library: Any, key: str) -> pd.DataFrame:
    from planner.work.onet.exposure import read_onet_labels

    return evidence_tags(_library, read_onet_labels(path))


@st.cache_data(show_spinner=False, max_entries=4)
def _from_tagger(folder: str, _library: Any, key: str) -> pd.DataFrame:
    from planner.work import tagger

    return tagger_tags(_library, tagger.load(folder))


def _sources() -> dict[str, dict[str, Any]]:
    """Task -> source, confidence and explanation of the overrides this session accepted."""
    return st.session_state.setdefault("tag_sources", {})


def in_force(doc: dict[str, Any]) -> pd.DataFrame:
    """The scenario's overrides as an overrides frame, with the sources the session knows."""
    rows = []
    known = _sources()
    for o in doc.get("inputs", {}).get("tag_overrides", []) or []:
        meta = known.get(o["task"], {})
        rows.append({**o, "source": meta.get("source", TagSource.OVERRIDE.value),
                     "confidence": meta.get("confidence", 1.0),
                     "explanation": meta.get("explanation", "set by the planner")})
    return pd.DataFrame(rows)


def apply(frame: pd.DataFrame, *, remove: list[str] | None = None) -> None:
    """Put overrides into the working scenario (later wins), or remove some tasks'."""
    for t in remove or []:
        _sources().pop(t, None)
    for r in frame.itertuples(index=False):
        _sources()[str(r.task)] = {"source": r.source, "confidence": float(r.confidence),
                                   "explanation": str(r.explanation)}
    state.set_scenario_doc(with_tag_overrides(
        state.scenario_doc(), scenario_overrides(frame) if len(frame) else [],
        replace=remove or []))
    st.session_state["tags_version"] = st.session_state.get("tags_version", 0) + 1


def render() -> None:
    """Draw the page."""
    st.title("Evidence for the tags")
    org = state.org_or_error()
    if org is None:
        return
    st.write("How much of a task AI can do is the plan's most consequential input. Ground it "
             "in evidence: the GPT-4 and human exposure labels of 19,265 O*NET task "
             "statements (Eloundou et al., 2023), or a tagger trained on them. Each suggestion "
             "comes with its confidence and the most similar labelled statements.")
    kind = st.radio("Evidence", EVIDENCE, key="evidence_kind")
    library = org.library
    lib_key = repr(state.roster_source())
    suggestions = None
    try:
        if kind == EVIDENCE[0]:
            suggestions = suggestions_from_overrides(read_tag_overrides(SHIPPED))
            st.caption("Derived from the MIT-licensed GPTs-are-GPTs labels and O*NET 27.2 task "
                       "statements (CC BY 4.0, USDOL/ETA; modified): see docs/tagging.md.")
        elif kind == EVIDENCE[1]:
            path = st.text_input("Path of full_labelset.tsv", key="labels_path",
                                 value=str(SHARED_LABELS) if SHARED_LABELS.exists() else "",
                                 help="`planner data download onet-labels` fetches it.")
            if path and Path(path).exists():
                with st.spinner("Matching each task to its nearest O*NET statements..."):
                    suggestions = _from_labels(path, library, lib_key)
            elif path:
                st.error(f"No file at {state.md(path)}.")
        else:
            folder = st.text_input("Tagger model folder", key="tagger_path",
                                   help="`planner tagger train --labels FILE --out DIR` "
                                        "makes one.")
            if folder and Path(folder).exists():
                with st.spinner("Tagging the task statements..."):
                    suggestions = _from_tagger(folder, library, lib_key)
            elif folder:
                st.error(f"No model folder at {state.md(folder)}.")
    except (PlannerError, ValueError, OSError) as exc:
        st.error(f"The evidence cannot be used: {exc}")
    doc = state.scenario_doc()
    table = task_tags(library, overrides=in_force(doc), suggestions=suggestions)
    used = set(org.roster["role_id"].dropna())
    roles_of = org.library.role_tasks.groupby("task_id")["role_id"].apply(set)
    table = table[table["task_id"].map(lambda t: bool(roles_of.get(t, set()) & used))]

    c = st.columns(3)
    cats = c[0].multiselect("Activity category", sorted(table["activity_category"].unique()),
                            key="ev_cat", format_func=activity_label)
    only = c[1].toggle("Only where the evidence differs", key="ev_differs",
                       disabled=suggestions is None)
    floor = c[2].slider("Least confidence", 0.0, 1.0, 0.0, 0.05, key="ev_conf")
    view = table
    if cats:
        view = view[view["activity_category"].isin(cats)]
    if suggestions is not None:
        if only:
            view = view[view["differs"].fillna(False).astype(bool)]
        view = view[view["suggested_confidence"].fillna(0).astype(float) >= floor]
    counts = table["source"].value_counts()
    m = st.columns(4)
    for i, src in enumerate(TagSource):
        m[i].metric(src.value[0].upper() + src.value[1:],
                    f"{int(counts.get(src.value, 0)):,}")
    shown = view[[c for c in SHOWN if c in view]].assign(
        activity_category=view["activity_category"].map(activity_label))
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={
                     "confidence": st.column_config.ProgressColumn(
                         "confidence", min_value=0.0, max_value=1.0, format="%.2f"),
                     "suggested_confidence": st.column_config.ProgressColumn(
                         "suggestion's confidence", min_value=0.0, max_value=1.0,
                         format="%.2f"),
                     "statement": st.column_config.TextColumn("task", width="large"),
                     **{c: st.column_config.Column(label) for c, label in COLUMN_LABELS.items()}})
    st.caption(f"{len(view):,} of {len(table):,} tasks of this organisation's roles shown.")

    ids = view["task_id"].tolist()
    suggested = view.loc[view["suggested_share"].notna(), "task_id"].tolist()
    own = planner_owned(in_force(doc)) & set(suggested)
    replace_own = False
    if own:
        st.info(f"{len(own):,} of the {len(suggested):,} tasks with a suggestion shown carry "
                "your own value; accepting the suggestions keeps them.")
        replace_own = st.checkbox("Also replace my own values with the suggestions",
                                  key="ev_replace_own")
    accepted = len(suggested) - (0 if replace_own else len(own))
    a, b, r = st.columns(3)
    if a.button(f"Accept the {accepted:,} suggestions shown", disabled=suggestions is None
                or not accepted, type="primary"):
        apply(to_overrides(suggestions, min_confidence=floor, task_ids=suggested,
                           in_force=in_force(doc), replace_own=replace_own))
        st.rerun()
    with b.popover("Override the tasks shown", disabled=not ids):
        share = st.number_input("Automatable share", 0.0, 1.0, value=None, step=0.05,
                                key="ov_share", placeholder="keep")
        mode = st.selectbox("Mode", [None, *(m.value for m in TaskMode)], key="ov_mode",
                            format_func=lambda v: "keep" if v is None else v)
        note = st.text_input("Why (kept with the tag)", key="ov_note")
        if st.button("Override", key="ov_go", disabled=share is None and mode is None):
            apply(override_tags(ids, automatable_share=share, mode=mode, note=note))
            st.rerun()
    if r.button("Revert the tasks shown to the library default", disabled=not ids):
        apply(pd.DataFrame(columns=["task", "source", "confidence", "explanation"]),
              remove=ids)
        st.rerun()
    st.caption("Accepted tags go into the working scenario (Scenario page) and the next run; "
               "the Work and tags page shows them as changed.")


if __name__ == "__main__":  # run as a page by st.navigation (streamlit_app.py)
    render()
    state.next_step("planner/ui/tagging.py")
