"""Reading scenarios: files, the capability catalogue, tag overrides files, and every
problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import ScenarioError
from planner.scenario.load import load_scenario, load_scenario_dict

POOLS = [{"role": "a", "initial": 1, "demand": [1, 1, 1, 1]}]


def _errors(doc: dict, base_dir: Path | str = ".") -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_dict(doc, base_dir=base_dir)
    assert info.value.key_path == info.value.errors[0][0]
    return info.value.errors


# The capability catalogue --------------------------------------------------------------------

def test_from_catalogue_merges_the_scenario_keys_on_top() -> None:
    sc = load_scenario_dict({"name": "x", "pools": POOLS, "capabilities": [
        {"from_catalogue": "document_ai", "cost_per_hour": 30}]})
    (cap,) = sc.capabilities
    assert cap.id == "document_ai" and cap.cost_per_hour == 30
    assert "data_processing" in cap.categories


def test_own_catalogue_file(tmp_path: Path) -> None:
    (tmp_path / "cat.yaml").write_text(
        "- {id: bot, kind: execute, tasks: [T1], cost_per_hour: 5}\n", encoding="utf-8")
    sc = load_scenario_dict({"name": "x", "pools": POOLS,
                             "inputs": {"capability_catalogue": "cat.yaml"},
                             "capabilities": [{"from_catalogue": "bot"}]}, base_dir=tmp_path)
    assert sc.capabilities[0].cost_per_hour == 5


def test_unknown_catalogue_id_names_its_key() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario_dict({"name": "x", "pools": POOLS,
                            "capabilities": [{"from_catalogue": "teleporter"}]})
    assert info.value.key_path == "capabilities.0.from_catalogue"
    assert "document_ai" in str(info.value) and "'teleporter'" in str(info.value)
    # the keys the catalogue would have given (id, tasks) are not reported missing
    assert len(info.value.errors) == 1, info.value.errors


def test_a_bad_catalogue_id_and_a_bad_lever_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("name: Two defects\n"
                    "pools: [{role: a, initial: 1, demand: [1, 1, 1, 1]}]\n"
                    "capabilities:\n  - from_catalogue: teleporter\n    cost_per_hour: -4\n"
                    "  - from_catalogue: document_ai\n"
                    "levers: {span: {max: -3}, attrition: {new: 20}}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    paths = [p for p, _ in info.value.errors]
    assert paths == ["capabilities.0.from_catalogue", "capabilities.0.cost_per_hour",
                     "levers.span.max", "levers.attrition.new"]
    assert str(info.value).startswith("capabilities.0.from_catalogue: expected an id of the "
                                      "catalogue")
    assert str(info.value).endswith("found 'teleporter' (and 3 more problem(s))")


def test_an_unreadable_catalogue_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    (tmp_path / "cat.yaml").write_text("id: bot\n", encoding="utf-8")  # not a list
    doc = {"name": "x", "pools": POOLS, "levers": {"span": {"max": -3}},
           "capabilities": [{"from_catalogue": "bot"}]}
    errors = _errors({**doc, "inputs": {"capability_catalogue": "missing.yaml"}}, tmp_path)
    assert [p for p, _ in errors] == ["inputs.capability_catalogue", "levers.span.max"]
    assert "missing.yaml" in errors[0][1]
    errors = _errors({**doc, "inputs": {"capability_catalogue": "cat.yaml"}}, tmp_path)
    assert errors[0] == ("inputs.capability_catalogue", f"expected a readable YAML list of "
                         f"capabilities at {str(tmp_path / 'cat.yaml')!r}: found dict")


# Tag overrides files ---------------------------------------------------------------------------

def test_a_scenario_reads_tag_overrides_from_files(tmp_path: Path) -> None:
    (tmp_path / "ev.csv").write_text("task,automatable_share,mode,source\n"
                                     "T0001,0.4,automate,O*NET label\nT0002,0.3,augment,\n")
    sc = load_scenario_dict({"name": "x", "inputs": {
        "roster": "r.csv", "tag_overrides": ["ev.csv", {"task": "T0001", "mode": "human"}]}},
        base_dir=tmp_path)
    got = [(o.task, o.automatable_share, o.mode) for o in sc.inputs.tag_overrides]
    assert got == [("T0001", 0.4, "automate"), ("T0002", 0.3, "augment"),
                   ("T0001", None, "human")]
    sc = load_scenario_dict({"name": "x", "inputs": {"roster": "r.csv",
                                                     "tag_overrides": "ev.csv"}},
                            base_dir=tmp_path)
    assert len(sc.inputs.tag_overrides) == 2
    with pytest.raises(ScenarioError, match=r"inputs\.tag_overrides\.0: .*missing\.csv"):
        load_scenario_dict({"name": "x", "inputs": {"roster": "r.csv",
                                                    "tag_overrides": "missing.csv"}},
                           base_dir=tmp_path)


def test_a_missing_tag_overrides_file_and_a_bad_lever_are_reported_together(
        tmp_path: Path) -> None:
    errors = _errors({"name": "x", "inputs": {"roster": "r.csv", "tag_overrides": [
        {"task": "T0001", "mode": "human"}, "missing.csv"]},
        "levers": {"span": {"max": -3}}}, tmp_path)
    assert [p for p, _ in errors] == ["inputs.tag_overrides.1", "levers.span.max"]


def test_an_entry_after_a_file_is_named_by_its_place_in_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "ev.csv").write_text("task,automatable_share,mode\nT0001,0.4,automate\n"
                                     "T0002,0.3,augment\nT0003,0.2,augment\n")
    errors = _errors({"name": "x", "inputs": {"roster": "r.csv", "tag_overrides": [
        "ev.csv", {"task": "T0004", "mode": "robot"}]}}, tmp_path)
    assert [p for p, _ in errors] == ["inputs.tag_overrides.1.mode"]


# Files -----------------------------------------------------------------------------------------

def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="expected a readable file at .*nope.yaml") as info:
        load_scenario(tmp_path / "nope.yaml")
    assert info.value.key_path == "(file)"


def test_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "s.yaml"
    path.write_text("name: x\ninputs: {roster: ../org.csv}\n", encoding="utf-8")
    sc = load_scenario(path)
    assert sc.resolve(sc.inputs.roster_files[0]).resolve() == (tmp_path / "org.csv").resolve()


def test_tag_override_sources_read_the_files_a_scenario_names(tmp_path: Path) -> None:
    from planner.scenario.load import tag_override_sources
    from tests.conftest import ROOT

    shipped = tag_override_sources(ROOT / "models" / "evidence_tags.yaml")
    assert shipped["T0002"]["source"] == "O*NET label"
    assert shipped["T0002"]["confidence"] == pytest.approx(0.428)
    header = "task,automatable_share,source,confidence,explanation\n"
    (tmp_path / "a.csv").write_text(header + "T1,0.5,O*NET label,0.4,first\n"
                                    "T2,0.1,O*NET label,0.9,kept\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header + "T1,0.6,review,0.7,second\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "name: x\ninputs: {tag_overrides: [a.csv, {task: T3, mode: human}, b.csv]}\n",
        encoding="utf-8")
    got = tag_override_sources(tmp_path / "s.yaml")
    assert got == {"T1": {"source": "review", "confidence": 0.7, "explanation": "second"},
                   "T2": {"source": "O*NET label", "confidence": 0.9, "explanation": "kept"}}
    (tmp_path / "bad.yaml").write_text("name: [x\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"expected valid YAML at line"):
        tag_override_sources(tmp_path / "bad.yaml")
