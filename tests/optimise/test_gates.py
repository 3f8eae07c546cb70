"""Adoption gates: the exits a gate holds wait for the capability's adoption, the gate is
priced against the same plan without it, and a curve that never reaches it is said."""

from __future__ import annotations

import numpy as np
import pytest

from planner.optimise.data import build_data
from planner.optimise.model import build_model
from planner.plan.run import load_inputs
from tests.optimise.conftest import run_checked

BOT = {"id": "bot", "kind": "execute", "categories": ["data_processing"], "cost_per_hour": 10,
       "adoption": [0.4, 1.0]}
"""Adoption 40% in 2027, 100% in 2028: a gate at 50% opens in 2028."""


def two_years(hand, gates: list[dict], **more: object):
    more.setdefault("capabilities", [dict(BOT)])
    return hand(horizon={"periods": 2, "period": "year"}, levers__gates=gates, **more)


def test_the_gate_moves_the_redundancies_to_when_adoption_reaches_it(hand, tmp_path) -> None:
    # Ten analysts at 50,000 a year, half their work automatable, six months' severance.
    # 2027: the bot frees 40% x 5 x 0.9 = 1.8 FTE; 2028: 4.5 FTE in all.
    free = run_checked(two_years(hand, []), tmp_path / "free")
    st = free.tables["staffing"]
    assert st["redundancies"].round(6).tolist() == [1.8, 2.7]
    assert free.summary["total_cost"] == pytest.approx(913_000)
    gated = run_checked(two_years(hand, [{"capability": "bot", "adoption": 0.5}]),
                        tmp_path / "gated")
    st = gated.tables["staffing"]
    assert st["redundancies"].round(6).tolist() == [0.0, 4.5]
    # Salaries of 1.8 FTE for a year (90,000) less the bot's 3,300 h (33,000): 57,000.
    assert gated.summary["total_cost"] == pytest.approx(970_000)
    (g,) = gated.summary["gates"]
    assert g["opens"] == "2028" and g["pools"] == [["Ledger", "analyst"]]
    assert g["cost"] == pytest.approx(57_000)
    assert g["exits_without"] == pytest.approx(1.8)
    assert g["cost_per_fte"] == pytest.approx(57_000 / 1.8)
    assert gated.explanations[0] == (
        "The adoption gate on Bot at 50% holds redundancies in Ledger until 2028: it costs "
        "57,000 over the horizon against the same plan without it, which has 1.8 FTE of "
        "these exits before then (Ledger 1.8): 31,667 for each FTE held back.")
    row = gated.tables["constraints"].query("kind == 'gate'").iloc[0]
    assert bool(row["binding"]) and row["explanation"] == gated.explanations[0]


def test_a_gate_that_asks_nothing_is_said_to_cost_nothing(hand, tmp_path) -> None:
    sc = hand(horizon={"periods": 2, "period": "year"},
              capabilities=[{**BOT, "cost_per_hour": 100}],  # dearer than the analysts
              levers__gates=[{"capability": "bot", "adoption": 0.5}])
    plan = run_checked(sc, tmp_path / "p")
    assert plan.summary["gates"][0]["cost"] == 0.0
    assert ("The adoption gate on Bot at 50% holds redundancies in Ledger until 2028, and "
            "costs nothing: the plan without it is no better.") in plan.explanations


def test_a_gate_never_reached_holds_the_exits_throughout_and_says_so(hand, tmp_path) -> None:
    plan = run_checked(two_years(hand, [{"capability": "bot", "adoption": 1.0}],
                                 capabilities=[{**BOT, "adoption": [0.4, 0.8]}]),
                       tmp_path / "p")
    assert plan.tables["staffing"]["redundancies"].abs().max() < 1e-9
    note = next(n for n in plan.summary["notes"] if n["code"] == "gate_never_reached")
    assert note["severity"] == "warning"
    assert "at most 80% within the horizon (2027 to 2028)" in note["message"]
    assert "Lower levers.gates.0.adoption to 80% or less" in note["hint"]
    assert plan.summary["gates"][0]["opens"] is None


def test_reductions_hold_the_moves_out_too(hand) -> None:
    # A reskilling path makes the analysts movable: moves out are columns a gate can hold.
    path = [{"from": "analyst", "to": "lead", "cost_per_fte": 1000}]
    for holds, blocks in (("redundancies", ["redundancy"]),
                          ("reductions", ["redundancy", "redeploy_out"])):
        sc = two_years(hand, [{"capability": "bot", "adoption": 0.5, "holds": holds}],
                       lead=True, levers__reskilling=path)
        inputs = load_inputs(sc)
        built = build_model(build_data(sc, inputs.roster, inputs.library))
        (h,) = built.gated
        upper = np.concatenate(built.model.col_upper)
        analyst = int(np.flatnonzero(built.data.pools["role"] == "analyst")[0])
        expected = [built.block(b).start + analyst * 2 for b in blocks]  # 2027 only
        assert sorted(h.cols.tolist()) == sorted(expected)
        assert (upper[h.cols] == 0).all() and np.isinf(h.upper).all()
        assert np.isinf(upper[built.block("redundancy").start + analyst * 2 + 1])  # 2028
