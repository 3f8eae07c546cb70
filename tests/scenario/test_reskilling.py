"""The reskilling paths a scenario allows: hand-written ones and those reskilling_auto
suggests from role adjacency."""

from __future__ import annotations

import pytest

from planner.errors import ScenarioError
from planner.scenario.model import scenario_from_dict
from planner.scenario.reskilling import reskilling_paths, suggested_paths
from planner.work.adjacency import similarity_matrix
from planner.work.library import load_library

ROLES = {"customer_support_agent", "technical_support_specialist", "complaints_handler",
         "customer_support_team_lead", "software_engineer", "(unmatched)"}


def _scenario(auto: dict | None, written: list[dict] | None = None):  # noqa: ANN202
    levers: dict = {"reskilling": written or []}
    if auto is not None:
        levers["reskilling_auto"] = auto
    return scenario_from_dict({"name": "x", "inputs": {"roster": "r.csv"}, "levers": levers})


def test_suggested_paths_follow_the_nearest_roles_above_the_threshold() -> None:
    lib = load_library()
    adj = similarity_matrix(lib)
    sc = _scenario({"min_similarity": 0.25, "top_k": 2, "cost_per_fte": 1000,
                    "capacity_per_period": 4, "lead_time_periods": 1})
    paths = suggested_paths(sc.levers, lib, ROLES)
    assert paths and all(p.suggested for p in paths)
    present = sorted(ROLES - {"(unmatched)"})
    for source in present:
        mine = [p for p in paths if p.path.from_role == source]
        assert len(mine) <= 2
        near = [n.role_id for n in adj.nearest(source, 2, among=set(present))]
        for p in mine:
            assert p.path.to_role in near and p.path.to_role != source
            assert p.similarity == pytest.approx(adj.of(source, p.path.to_role))
            assert p.similarity >= 0.25
            assert p.path.capacity_per_period == 4 and p.path.lead_time_periods == 1
            assert p.path.cost_per_fte == 1000  # no growth with distance unless asked


def test_cost_and_lead_time_grow_with_distance() -> None:
    sc = _scenario({"min_similarity": 0.0, "top_k": 5, "cost_per_fte": 1000,
                    "cost_per_fte_at_zero_similarity": 5000, "lead_time_periods": 1,
                    "extra_lead_time_at_zero_similarity": 4})
    paths = suggested_paths(sc.levers, load_library(), ROLES)
    for p in paths:
        d = 1 - p.similarity
        assert p.path.cost_per_fte == pytest.approx(1000 + 4000 * d, abs=0.01)
        assert p.path.lead_time_periods == 1 + round(4 * d)
    near, far = max(paths, key=lambda p: p.similarity), min(paths, key=lambda p: p.similarity)
    assert near.path.cost_per_fte < far.path.cost_per_fte


def test_a_hand_written_path_wins_and_keeps_its_index() -> None:
    written = [{"from": "customer_support_agent", "to": "technical_support_specialist",
                "cost_per_fte": 99, "capacity_per_period": 1}]
    sc = _scenario({"min_similarity": 0.0, "top_k": 5}, written)
    paths = reskilling_paths(sc, ROLES)
    assert paths[0].path == sc.levers.reskilling[0] and not paths[0].suggested
    pairs = [(p.path.from_role, p.path.to_role) for p in paths]
    assert len(pairs) == len(set(pairs))
    assert [p for p in paths[1:] if not p.suggested] == []


def test_without_the_lever_only_the_hand_written_paths() -> None:
    sc = _scenario(None, [{"from": "a", "to": "b"}])
    assert [p.path for p in reskilling_paths(sc, ROLES)] == list(sc.levers.reskilling)
    assert suggested_paths(sc.levers, load_library(), ROLES) == ()


def test_roles_outside_the_library_get_no_path() -> None:
    sc = _scenario({"min_similarity": 0.0, "top_k": 5})
    assert suggested_paths(sc.levers, load_library(), {"(unmatched)", "nobody"}) == ()


def test_pool_based_scenarios_refuse_the_lever() -> None:
    with pytest.raises(ScenarioError, match="expected a roster-based scenario") as info:
        scenario_from_dict({"name": "x", "pools": [{"role": "a", "initial": 1,
                                                     "annual_cost_per_fte": 1,
                                                     "demand": [1]}],
                            "horizon": {"periods": 1},
                            "levers": {"reskilling_auto": {"min_similarity": 0.5}}})
    assert [p for p, _ in info.value.errors] == ["levers.reskilling_auto"]


def test_bad_values_are_named_at_their_key_path() -> None:
    with pytest.raises(ScenarioError) as info:
        _scenario({"min_similarity": 1.5, "top_k": 0})
    assert {p for p, _ in info.value.errors} == {"levers.reskilling_auto.min_similarity",
                                                 "levers.reskilling_auto.top_k"}


def test_the_shipped_model_plans_on_suggested_paths_and_passes_the_checker(
        tmp_path) -> None:  # noqa: ANN001
    """models/attrition_only_reskilling_auto.yaml: the optimiser uses at least one path that
    reskilling_auto suggested, the explanations say so in role titles, and the independent
    checker (which re-derives the paths from the scenario and the library) passes."""
    import pandas as pd

    from planner.plan.check import check_plan
    from planner.plan.run import run
    from planner.plan.tables import write_plan
    from planner.scenario.load import load_scenario
    from planner.scenario.model import scenario_document
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "models" / "attrition_only_reskilling_auto.yaml")
    plan, built = run(sc)
    assert plan.status == "optimal"
    suggested = {(p.path.from_role, p.path.to_role): p for p in built.data.reskilling
                 if p.suggested}
    moves = plan.tables["moves"]
    used = moves[moves["kind"] == "reskill"]
    pairs = set(zip(used["from_role"], used["to_role"], strict=True))
    on_suggested = pairs & set(suggested)
    assert on_suggested, f"no suggested path used; used {pairs}"
    names = built.data.role_names
    said = [e for e in plan.explanations if "suggested by role adjacency" in e]
    for a, b in on_suggested:
        fte = used.loc[(used["from_role"] == a) & (used["to_role"] == b), "fte"].sum()
        if fte > 0.05:
            assert any(e.startswith(f"{fte:,.1f} FTE of {names[a]} reskill as {names[b]}: ")
                       and f"{suggested[(a, b)].similarity:.0%} of their work" in e
                       for e in said), said
    folder = write_plan(plan, tmp_path / "plan", scenario_document(sc))
    report = check_plan(folder)
    assert report.ok, report.failures()
    assert next(f for f in report.findings if f.check == "moves_follow_the_scenario").ok
    assert isinstance(moves, pd.DataFrame)


def test_the_checker_refuses_a_move_on_a_path_the_scenario_no_longer_suggests(
        tmp_path) -> None:  # noqa: ANN001
    """The checker re-derives the suggested paths: raise the threshold in the written
    scenario and the same moves are off every path."""
    import json

    from planner.plan.check import check_plan
    from planner.plan.run import run
    from planner.plan.tables import write_plan
    from planner.scenario.load import load_scenario
    from planner.scenario.model import scenario_document
    from tests.conftest import ROOT

    sc = load_scenario(ROOT / "models" / "attrition_only_reskilling_auto.yaml")
    plan, _ = run(sc)
    doc = scenario_document(sc)
    doc["levers"]["reskilling_auto"]["min_similarity"] = 0.99
    folder = write_plan(plan, tmp_path / "plan", doc)
    finding = next(f for f in check_plan(folder).findings
                   if f.check == "moves_follow_the_scenario")
    assert not finding.ok and "off a reskilling path" in finding.detail
    assert json.loads((folder / "plan.json").read_text())["status"] == "optimal"
