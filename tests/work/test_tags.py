"""Task tags from evidence: suggestions from O*NET labels, overrides files, the table behind
the app's tagging page, scenarios that read overrides from files, and a plan on evidence-based
tags that differs from the default one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_from_dict
from planner.work.library import load_library
from planner.work.onet.exposure import read_onet_labels
from planner.work.tags import (
    OVERRIDE_COLUMNS,
    TagSource,
    combine_overrides,
    evidence_tags,
    override_tags,
    planner_owned,
    read_tag_overrides,
    scenario_overrides,
    task_tags,
    to_overrides,
    write_tag_overrides,
)
from tests.conftest import ROOT, SHARED

LABELS = SHARED / "gpts-are-gpts" / "full_labelset.tsv"


def tiny_labels() -> pd.DataFrame:
    """Six labelled statements, built here so the test shows what it depends on."""
    rows = [("Enter invoice data into the accounting ledger.", "E1"),
            ("Reconcile ledger accounts and invoice payments.", "E1"),
            ("Draft routine letters replying to customer complaints.", "E2"),
            ("Answer customer complaints by telephone.", "E2"),
            ("Repair roofs using hand tools.", "E0"),
            ("Lift heavy boxes onto delivery trucks.", "E0")]
    return pd.DataFrame({"soc_code": "43-3031.00", "onet_task_id": range(len(rows)),
                         "statement": [r[0] for r in rows], "task_type": "Core",
                         "occupation": "Clerks", "human_exposure": [r[1] for r in rows],
                         "gpt4_exposure": [r[1] for r in rows], "gpt4_automation": "T1"})


def test_evidence_tags_follow_the_nearest_statements() -> None:
    tasks = pd.DataFrame({"task_id": ["A", "B", "C"],
                          "statement": ["Enter supplier invoice data into the ledger.",
                                        "Repair roofs and gutters.",
                                        "Quantum chromodynamics lattice simulation."]})
    ev = evidence_tags(tasks, tiny_labels())
    assert ev["label"].tolist()[:2] == ["E1", "E0"]
    assert ev["mode"].tolist()[:2] == ["automate", "human"]
    assert ev.loc[0, "automatable_share"] == pytest.approx(0.5)
    assert ev.loc[0, "confidence"] > 0.5
    assert ev.loc[2, "confidence"] == 0  # nothing similar: no evidence
    nearest = ev.loc[0, "similar_1"]
    assert "; AI alone can halve the time; " in nearest and nearest.endswith("% similar)")
    assert "p=" not in ev.loc[0, "explanation"] and "sim=" not in ev.loc[0, "explanation"]
    assert "invoice" in ev.loc[0, "explanation"]
    assert set(ev["source"]) == {TagSource.ONET.value}


def test_overrides_keep_the_default_below_the_confidence(tmp_path: Path) -> None:
    tasks = pd.DataFrame({"task_id": ["A", "B", "C"],
                          "statement": ["Enter supplier invoice data into the ledger.",
                                        "Repair roofs and gutters.", "Unrelated words here."]})
    ov = to_overrides(evidence_tags(tasks, tiny_labels()), min_confidence=0.3)
    assert ov["task"].tolist() == ["A", "B"]
    assert list(ov.columns) == list(OVERRIDE_COLUMNS)
    for name in ("o.csv", "o.yaml"):
        path = write_tag_overrides(ov, tmp_path / name, header="credit line")
        back = read_tag_overrides(path)
        assert back["task"].tolist() == ["A", "B"]
        assert back["mode"].tolist() == ov["mode"].tolist()
        assert back["automatable_share"].astype(float).tolist() == pytest.approx(
            ov["automatable_share"].tolist())
    assert (tmp_path / "o.yaml").read_text().startswith("# credit line")
    assert scenario_overrides(back)[0] == {"task": "A", "automatable_share": 0.5,
                                           "mode": "automate",
                                           "oversight_hours_per_ai_hour": 0.2}


def test_bad_override_values_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("task,automatable_share,mode\nT0001,1.5,automate\nT0002,0.2,robot\n,0.1,\n")
    with pytest.raises(InputError) as info:
        read_tag_overrides(path)
    where = [(p.row, p.column) for p in info.value.problems]
    assert where == [(2, "automatable_share"), (3, "mode"), (4, "task")]


def test_task_tags_show_source_confidence_and_suggestion() -> None:
    lib = load_library()
    tasks = lib.tasks[["task_id", "statement"]]
    evidence = to_overrides(pd.DataFrame({
        "task_id": ["T0001"], "label": ["E1"], "automatable_share": [0.5],
        "mode": ["automate"], "oversight_hours_per_ai_hour": [0.2], "source": ["O*NET label"],
        "confidence": [0.8], "explanation": ["O*NET labels: E1 ..."]}))
    planner = override_tags(["T0002", "T0003"], mode="human", automatable_share=0.0,
                            note="works council agreement")
    sug = evidence_tags(tasks.head(5), tiny_labels())
    tt = task_tags(lib, overrides=combine_overrides(evidence, planner), suggestions=sug)
    assert len(tt) == len(lib.tasks)
    row = tt.set_index("task_id")
    assert row.loc["T0001", ["source", "mode", "automatable_share"]].tolist() == [
        "O*NET label", "automate", 0.5]
    assert row.loc["T0001", "default_mode"] == lib.tasks.set_index("task_id").loc["T0001",
                                                                                   "mode"]
    assert row.loc["T0002", "source"] == "planner override"
    assert row.loc["T0002", "explanation"] == "works council agreement"
    assert row.loc["T0010", "source"] == "library default"
    assert row.loc["T0010", "explanation"].startswith("library default (mgi2016")
    assert row["suggested_source"].notna().sum() == 5
    assert row.loc["T0001", "suggested_source"] == "O*NET label"
    # Scenario overrides (TagOverride) count as the planner's.
    sc = scenario_from_dict({"name": "x", "inputs": {"roster": "r.csv", "tag_overrides": [
        {"task": "T0005", "mode": "human"}]}})
    tt2 = task_tags(lib, overrides=sc.inputs.tag_overrides)
    assert tt2.set_index("task_id").loc["T0005", ["source", "mode"]].tolist() == [
        "planner override", "human"]
    with pytest.raises(InputError, match="T9999"):
        task_tags(lib, overrides=override_tags(["T9999"], mode="human"))


def test_the_plan_on_evidence_tags_differs_where_the_tags_do() -> None:
    from planner.plan.run import run

    default, _ = run(load_scenario(ROOT / "models" / "automation_push.yaml"))
    evidence_sc = load_scenario(ROOT / "models" / "evidence_tags.yaml")
    evidence, _ = run(evidence_sc)
    assert default.status == evidence.status == "optimal"
    d_work, e_work = default.tables["work"], evidence.tables["work"]
    lib = load_library()
    ov = read_tag_overrides(ROOT / "models" / "evidence_tags.csv")
    assert len(evidence_sc.inputs.tag_overrides) == len(ov) > 150
    tags = task_tags(lib, overrides=ov).set_index("task_id")
    # AI hours per task move mostly on tasks whose tag the evidence changed (the rest move
    # with them: a role's covered tasks share its AI variables, and pools re-balance), and
    # the tasks the evidence took out of automation lose all their executed hours.
    hours = pd.DataFrame({"default": d_work.groupby("task")["ai_hours"].sum(),
                          "evidence": e_work.groupby("task")["ai_hours"].sum()}
                         ).fillna(0.0)
    delta = (hours["default"] - hours["evidence"]).abs()
    assert (delta > 1.0).sum() > 10
    changed = (tags["mode"] != tags["default_mode"]) | (
        tags["automatable_share"] != tags["default_share"])
    assert delta[delta.index.map(changed)].sum() > 0.6 * delta.sum()
    to_human = tags.index[(tags["default_mode"] == "automate") & (tags["mode"] == "human")]
    assert hours.loc[hours.index.intersection(to_human), "evidence"].sum() == 0
    assert hours.loc[hours.index.intersection(to_human), "default"].sum() > 1000
    by_cat = lambda w: w.assign(cat=w["task"].map(tags["activity_category"])).groupby(  # noqa: E731
        "cat")["ai_hours"].sum()
    assert not by_cat(d_work).round(0).equals(by_cat(e_work).round(0))
    assert evidence.summary["ai_hours"] < default.summary["ai_hours"]


def test_shipped_evidence_overrides_are_what_the_command_makes() -> None:
    if not LABELS.exists():
        pytest.skip("../shared/datasets/gpts-are-gpts/full_labelset.tsv is not beside the project")
    ev = evidence_tags(load_library(), read_onet_labels(LABELS))
    made = to_overrides(ev, min_confidence=0.3)
    shipped = read_tag_overrides(ROOT / "models" / "evidence_tags.csv")
    assert made["task"].tolist() == shipped["task"].tolist()
    assert made["mode"].tolist() == shipped["mode"].tolist()
    assert made["automatable_share"].tolist() == pytest.approx(
        shipped["automatable_share"].astype(float).tolist(), abs=1e-3)


def test_accepting_suggestions_keeps_a_planner_override_unless_asked() -> None:
    suggestions = pd.DataFrame({"task_id": ["T1", "T2"], "automatable_share": [0.5, 0.6],
                                "mode": ["augment", "automate"],
                                "oversight_hours_per_ai_hour": [0.1, 0.1],
                                "source": "O*NET label", "confidence": [0.9, 0.9],
                                "explanation": ["", ""]})
    in_force = combine_overrides(
        override_tags(["T1"], automatable_share=0.45),
        to_overrides(suggestions.assign(automatable_share=0.2), task_ids=["T2"]))
    assert planner_owned(in_force) == {"T1"}
    kept = to_overrides(suggestions, in_force=in_force)
    assert kept["task"].tolist() == ["T2"]
    replaced = to_overrides(suggestions, in_force=in_force, replace_own=True)
    assert replaced["task"].tolist() == ["T1", "T2"]


def test_retag_summary_counts_what_the_overrides_change() -> None:
    from planner.work.tags import retag_summary

    lib = load_library()
    first = lib.tasks.iloc[:3]
    flipped = {"automate": "augment", "augment": "automate", "human": "automate"}
    ov = pd.DataFrame({"task": first["task_id"],
                       "mode": [first["mode"].iloc[0], *(flipped.get(m, "automate")
                                                         for m in first["mode"].iloc[1:])],
                       "source": ["onet", "tagger", "onet"]})
    s = retag_summary(lib, ov)
    assert s == {"tasks": len(lib.tasks), "overridden": 3, "mode_changed": 2,
                 "kept_default": len(lib.tasks) - 3, "by_source": {"onet": 2, "tagger": 1},
                 "by_mode": ov["mode"].value_counts().to_dict()}
