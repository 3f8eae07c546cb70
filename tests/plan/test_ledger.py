"""The position ledger: hand-made rosters with exact answers, and synthetic orgs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies

from planner.io.plan_folder import PlanTable, read_plan_folder
from planner.plan.check import check_plan
from planner.plan.ledger import (
    AI_OPERATIONS_TEAM,
    Action,
    ai_operations,
    build_ledger,
    per_person,
    running_whole,
    whole_split,
    with_people,
)
from planner.schema import (
    AlternativeSchema,
    MoveSchema,
    PoolChangeSchema,
    PositionSchema,
    RequisitionSchema,
)
from tests.optimise.conftest import orgs, random_scenario, run_checked


def roster(rows: list[tuple]) -> pd.DataFrame:
    """Positions as (position_id, team, role, fte, vacant[, is_pool]) in file order."""
    out = pd.DataFrame([{"position_id": r[0], "team": r[1], "role_id": r[2], "fte": r[3],
                         "vacant": r[4], "is_pool": r[5] if len(r) > 5 else False}
                        for r in rows])
    return out.assign(source_file="org.csv", source_row=np.arange(len(out)) + 2)


def staffing(rows: list[dict]) -> pd.DataFrame:
    """Staffing rows: every flow 0 unless given."""
    base = {"fte_start": 0.0, "hires": 0.0, "redundancies": 0.0, "redeploy_out": 0.0,
            "annual_cost_per_fte": 50_000.0, "hire_cost_per_fte": 5_000.0}
    return pd.DataFrame([{**base, **r} for r in rows]).fillna(0.0)


def validated(ledger) -> None:  # noqa: ANN001
    for frame, schema in ((ledger.positions, PositionSchema),
                          (ledger.pool_changes, PoolChangeSchema),
                          (ledger.requisitions, RequisitionSchema),
                          (ledger.alternatives, AlternativeSchema)):
        schema.validate(frame, lazy=True)


def test_a_pool_with_no_vacancy_shows_its_filled_posts_as_affected() -> None:
    r = roster([("A1", "Ledger", "analyst", 1.0, False), ("A2", "Ledger", "analyst", 1.0, False),
                ("A3", "Ledger", "analyst", 1.0, False), ("L1", "Ledger", "lead", 1.0, False)])
    st = staffing([{"team": "Ledger", "role": "analyst", "period": "2027", "fte_start": 3.0,
                    "redundancies": 2.0},
                   {"team": "Ledger", "role": "lead", "period": "2027", "fte_start": 1.0}])
    led = build_ledger(r, st, None)
    validated(led)
    pc = led.pool_changes.set_index("role")
    assert pc.loc["analyst", ["filled_posts", "redundancies", "new_posts"]].tolist() == [3, 2, 0]
    pos = led.positions.set_index("position_id")
    # the planner never picks who goes: all three analysts are the pool for selection
    assert pos.loc[["A1", "A2", "A3"], "action"].eq(Action.AFFECTED).all()
    assert pos.loc[["A1", "A2", "A3"], "period"].eq("2027").all()
    assert pos.loc["L1", "action"] == Action.KEEP and pd.isna(pos.loc["L1", "period"])
    assert led.requisitions.empty


def test_vacancies_close_in_the_rosters_order_and_the_rest_stay_open() -> None:
    r = roster([("A1", "Ops", "clerk", 1.0, False), ("V3", "Ops", "clerk", 1.0, True),
                ("V1", "Ops", "clerk", 1.0, True), ("V2", "Ops", "clerk", 1.0, True)])
    st = staffing([{"team": "Ops", "role": "clerk", "period": p, "fte_start": 1.0,
                    "vacancies_closed": c} for p, c in (("Q1", 1.0), ("Q2", 1.0))])
    led = build_ledger(r, st, None, periods=["Q1", "Q2"])
    pos = led.positions.set_index("position_id")
    assert pos.loc["V3", ["action", "period"]].tolist() == ["close", "Q1"]
    assert pos.loc["V1", ["action", "period"]].tolist() == ["close", "Q2"]
    assert pos.loc["V2", "action"] == Action.KEEP
    assert pos.loc["A1", "action"] == Action.KEEP  # closing vacancies removes no one
    assert led.pool_changes["vacancies_closed"].tolist() == [1, 1]


def test_hires_are_new_posts_and_vacancies_filled_and_reconcile() -> None:
    r = roster([("S1", "Sales", "rep", 1.0, False), ("V1", "Sales", "rep", 1.0, True),
                ("X1", "Support", "rep", 1.0, False), ("X2", "Support", "rep", 1.0, False)])
    st = staffing([
        {"team": "Sales", "role": "rep", "period": "2027", "fte_start": 1.0, "hires": 3.0,
         "vacancies_filled": 1.0},
        {"team": "Support", "role": "rep", "period": "2027", "fte_start": 2.0,
         "redundancies": 1.0}])
    led = build_ledger(r, st, None, scope_of={"Sales": "org", "Support": "org"})
    validated(led)
    pc = led.pool_changes.set_index("team")
    assert pc.loc["Sales", ["vacancies_filled", "new_posts"]].tolist() == [1, 2]
    req = led.requisitions
    assert req[["team", "posts", "fte", "annual_cost", "one_off_cost"]].values.tolist() == [
        ["Sales", 2, 2.0, 100_000.0, 10_000.0]]
    pos = led.positions
    new = pos[pos["action"] == Action.NEW]
    assert len(new) == 2 and new["position_id"].tolist() == ["new-0001", "new-0002"]
    assert pos.set_index("position_id").loc["V1", "action"] == Action.FILL
    # the Support reps at risk could be offered the vacancy and the two new Sales posts
    alt = led.alternatives
    assert set(alt["position_id"]) == {"V1", "new-0001", "new-0002"}
    assert set(alt["team"]) == {"Support"} and set(alt["why"]) == {"same role"}


def test_alternatives_stay_within_the_redeployment_scope_and_reskilling_paths() -> None:
    r = roster([("A1", "Tax", "clerk", 1.0, False), ("V1", "Audit", "clerk", 1.0, True),
                ("V2", "Far", "clerk", 1.0, True), ("V3", "Audit", "analyst", 1.0, True),
                ("V4", "Audit", "designer", 1.0, True)])
    st = staffing([{"team": t, "role": ro, "period": "2027", "fte_start": f, **extra}
                   for t, ro, f, extra in (
                       ("Tax", "clerk", 1.0, {"redundancies": 1.0}), ("Audit", "clerk", 0.0, {}),
                       ("Far", "clerk", 0.0, {}), ("Audit", "analyst", 0.0, {}),
                       ("Audit", "designer", 0.0, {}))])
    led = build_ledger(r, st, None, scope_of={"Tax": "Finance", "Audit": "Finance",
                                              "Far": "Elsewhere"},
                       paths=[("clerk", "analyst")])
    alt = led.alternatives.set_index("position_id")
    assert alt.index.tolist() == ["V1", "V3"]  # same role first, then the reskilling path
    assert alt["why"].tolist() == ["same role", "reskilling path"]


def test_a_part_time_pool_is_counted_in_people_and_fte() -> None:
    # a UK junior row: 3 posts of 0.5 FTE held as one pool row of 1.5 FTE, plus two part-timers
    r = roster([("J", "Desk", "clerk", 1.5, False, True), ("P1", "Desk", "clerk", 0.5, False),
                ("P2", "Desk", "clerk", 0.5, False)])
    st = staffing([{"team": "Desk", "role": "clerk", "period": "2027", "fte_start": 2.5,
                    "redundancies": 1.0}])
    led = build_ledger(r, st, None)
    assert led.positions.set_index("position_id").loc["J", "posts"] == 2  # ceil(1.5)
    pc = led.pool_changes.iloc[0]
    assert pc["filled_posts"] == 4
    # 2.5 FTE over 4 posts is 0.625 FTE a person: 1.0 FTE of redundancy is 2 people
    assert pc["redundancies"] == 2
    assert per_person(st, r).iloc[0] == pytest.approx(0.625)


def test_moves_gain_whole_people_that_add_up_per_pool() -> None:
    moves = pd.DataFrame({
        "from_team": ["A", "A", "A"], "from_role": ["r", "r", "r"], "to_team": ["B", "C", "D"],
        "to_role": ["r", "r", "s"], "period": ["Q1"] * 3, "fte": [0.6, 0.7, 0.7],
        "kind": ["redeploy", "redeploy", "reskill"], "cost": [0.0] * 3,
        "arrival_period": ["Q1", "Q1", "Q2"], "fte_arriving": [0.6, 0.7, 0.56]})
    out = with_people(moves, pd.Series({("A", "r"): 1.0}))
    MoveSchema.validate(out, lazy=True)
    assert list(out.columns).index("people") == list(out.columns).index("fte") + 1
    assert out["people"].sum() == 2 and out["people"].tolist() == [0, 1, 1]


def test_a_vacancy_closed_over_two_periods_is_one_post() -> None:
    # One vacant post closed 0.53 in the first quarter and 0.46 in the second: one post,
    # closed in the first (rounded per period it was one in each, two of one post).
    assert running_whole(np.array([0.53, 0.46]), np.array([0, 0])).tolist() == [1, 0]
    assert running_whole(np.array([0.4, 0.4, 0.4]), np.array([0, 0, 0])).tolist() == [0, 1, 0]
    assert running_whole(np.array([0.8, 0.9]), np.array([0, 0]), np.array([1, 1])).tolist() \
        == [1, 0]


@given(strategies.lists(strategies.tuples(strategies.integers(0, 3), strategies.floats(0, 3)),
                        min_size=1, max_size=12),
       strategies.integers(0, 4))
def test_running_counts_are_whole_never_negative_and_within_the_cap(
        rows: list, cap: int) -> None:
    groups = np.array(sorted(g for g, _ in rows))
    values = np.array([v for _, v in rows])
    got = running_whole(values, groups, np.full(len(values), float(cap)))
    assert (got >= 0).all()
    totals = pd.Series(values).groupby(groups).sum()
    assert (pd.Series(got).groupby(groups).sum() == np.minimum(np.rint(totals + 1e-9), cap)
            ).all()


@pytest.mark.parametrize("values, groups", [
    ([0.5, 0.5, 0.5, 0.5], [0, 0, 1, 1]), ([2.4, 0.3, 0.3], [0, 0, 0]), ([0.0], [7]),
    ([1.0 - 1e-12, 2.0], ["a", "b"])])
def test_whole_split_adds_up_to_each_groups_rounded_total(values: list, groups: list) -> None:
    got = whole_split(np.array(values), np.array(groups))
    totals = pd.Series(values).groupby(groups).sum()
    assert (pd.Series(got).groupby(groups).sum() == np.rint(totals + 1e-9)).all()
    assert (np.abs(got - np.array(values)) < 1.0).all()


def test_a_hand_plan_writes_a_ledger_the_checker_reconciles(hand, tmp_path: Path) -> None:
    plan = run_checked(hand(), tmp_path / "out")
    folder = read_plan_folder(tmp_path / "out")
    for table in (PlanTable.POSITIONS, PlanTable.POOL_CHANGES, PlanTable.REQUISITIONS,
                  PlanTable.ALTERNATIVES):
        assert (tmp_path / "out" / table.file).exists()
    pc = folder.tables["pool_changes"].iloc[0]
    assert pc["filled_posts"] == 10
    assert pc["redundancies"] == round(plan.summary["redundancies"])
    pos = folder.tables["positions"]
    assert len(pos) == 10 and pos["action"].eq(
        Action.AFFECTED if pc["redundancies"] else Action.KEEP).all()


def test_the_checker_finds_a_ledger_that_does_not_reconcile(hand, tmp_path: Path) -> None:
    run_checked(hand(), tmp_path / "out")
    file = tmp_path / "out" / PlanTable.POSITIONS.file
    pos = pd.read_csv(file)
    pd.concat([pos, pos.iloc[:1]]).to_csv(file, index=False)  # one position twice
    failed = {f.check for f in check_plan(tmp_path / "out").failures()}
    assert {"positions_appear_once", "positions_are_the_pools_fte"} <= failed
    pos.assign(action="keep").to_csv(file, index=False)
    failed = {f.check for f in check_plan(tmp_path / "out").failures()}
    assert failed == {"positions_affected_are_the_pool"}
    changes = tmp_path / "out" / PlanTable.POOL_CHANGES.file
    pos.to_csv(file, index=False)
    pc = pd.read_csv(changes)
    pc.assign(redundancies=pc["redundancies"] + 1).to_csv(changes, index=False)
    failed = {f.check for f in check_plan(tmp_path / "out").failures()}
    assert "ledger_matches_staffing[redundancies]" in failed


CAPS = [{"id": "bot", "kind": "execute", "categories": ["data_processing"],
         "cost_per_hour": 5, "adoption": 1.0}]


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=orgs())
def test_synthetic_ledgers_reconcile_and_list_every_position_once(spec: dict,
                                                                   tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("ledger")
    sc = random_scenario(spec, folder, CAPS)
    plan = run_checked(sc, folder / "out")  # the checker's ledger checks pass
    if not plan.has_plan:
        return
    t = plan.tables
    roster_ids = pd.read_csv(folder / "org.csv", dtype=str)["position_id"]
    as_is = t["positions"][t["positions"]["action"] != Action.NEW]
    assert sorted(as_is["position_id"]) == sorted(roster_ids)  # each exactly once
    pc, st = t["pool_changes"], t["staffing"]
    assert len(pc) == len(st)
    for col in ("filled_posts", "redundancies", "moves_out", "reskill_out", "new_posts"):
        assert pc[col].dtype.kind == "i"
    assert int(pc["moves_out"].sum() + pc["reskill_out"].sum()) == int(t["moves"][
        "people"].sum())
    assert int(t["requisitions"]["posts"].sum()) == int(pc["new_posts"].sum()) == int(
        (t["positions"]["action"] == Action.NEW).sum())


def test_the_contracts_columns_are_read_as_the_staffing_table_gives_them() -> None:
    """Once the staffing table has its people and vacancy columns, the ledger takes its
    counts from them (nothing recomputed), and the moves' people by kind."""
    r = roster([("A1", "Ops", "clerk", 0.5, False), ("A2", "Ops", "clerk", 0.5, False),
                ("A3", "Ops", "clerk", 0.5, False), ("V1", "Ops", "clerk", 0.5, True)])
    st = staffing([{"team": "Ops", "role": "clerk", "period": "Q1", "fte_start": 1.5,
                    "redundancies": 0.5, "redeploy_out": 1.0, "hires": 0.0,
                    "fte_per_person": 0.5, "vacancies_closed": 0.5, "vacancies_filled": 0.0,
                    "hires_people": 0, "redundancies_people": 1, "redeploy_out_people": 2,
                    "vacancies_closed_posts": 1, "vacancies_filled_posts": 0}])
    moves = with_people(pd.DataFrame({
        "from_team": ["Ops", "Ops"], "from_role": ["clerk", "clerk"],
        "to_team": ["Tax", "Ops"], "to_role": ["clerk", "analyst"], "period": ["Q1", "Q1"],
        "fte": [0.5, 0.5], "kind": ["redeploy", "reskill"], "cost": [0.0, 0.0],
        "arrival_period": ["Q1", "Q2"], "fte_arriving": [0.5, 0.4]}), per_person(st, r))
    led = build_ledger(r, st, moves, periods=["Q1", "Q2"])
    pc = led.pool_changes.iloc[0]
    assert pc[["filled_posts", "redundancies", "moves_out", "reskill_out",
               "vacancies_closed"]].tolist() == [3, 1, 1, 1, 1]
    pos = led.positions.set_index("position_id")["action"]
    assert pos.to_dict() == {"A1": "affected", "A2": "affected", "A3": "affected",
                             "V1": "close"}


def test_the_ai_layer_is_run_by_whole_posts_requisitioned_as_the_need_peaks() -> None:
    caps = pd.DataFrame({
        "team": ["A", "B", "A", "A", "A"], "capability": ["doc", "doc", "doc", "doc", "bot"],
        "period": ["Q1", "Q1", "Q2", "Q3", "Q3"],
        # a year of 4 quarters: one ops FTE per 4,000 h a year is 1,000 h a quarter
        "executed_hours": [600.0, 300.0, 2_100.0, 500.0, 1_000.0]})
    req = ai_operations(caps, {"doc": (4_000.0, 80_000.0), "bot": (2_000.0, 100_000.0)},
                        ["Q1", "Q2", "Q3"], 0.25, 5_000.0)
    # need: Q1 0.9 FTE -> 1 post; Q2 2.1 -> 3 posts (2 more); Q3 0.5 + 2.0 = 2.5: none cut
    assert req[["team", "period", "posts"]].values.tolist() == [
        [AI_OPERATIONS_TEAM, "Q1", 1], [AI_OPERATIONS_TEAM, "Q2", 2]]
    assert req["kind"].eq("ai_operations").all()
    assert req["annual_cost"].tolist() == pytest.approx([80_000.0, 160_000.0])
    assert req["one_off_cost"].tolist() == [5_000.0, 10_000.0]
    assert ai_operations(caps, {}, ["Q1"], 0.25, 0.0).empty  # no capability sets ops staff
    RequisitionSchema.validate(req)


def test_the_checker_rederives_the_ai_operations_posts(tmp_path: Path) -> None:
    from planner.scenario.load import load_scenario
    from tests.conftest import ROOT

    plan = run_checked(load_scenario(ROOT / "models" / "automation_push.yaml"),
                       tmp_path / "out")
    req_file = tmp_path / "out" / PlanTable.REQUISITIONS.file
    req = pd.read_csv(req_file)
    ai = req["kind"] == "ai_operations"
    assert ai.any() and plan.summary["ai_operations"]["posts"] == req.loc[ai, "posts"].sum()
    assert any(n["code"] == "ai_operations_posts" for n in plan.summary["notes"])
    req.loc[ai.idxmax(), "posts"] += 1
    req.to_csv(req_file, index=False)
    failed = {f.check for f in check_plan(tmp_path / "out").failures()}
    assert failed == {"ai_operations_posts"}
