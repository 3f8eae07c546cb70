"""An infeasible scenario explained in the planner's own levers: each lever relaxed on its
own with the others as set, its nearest feasible value rounded towards feasible, and the
best attainable value of a target found by solving for it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.optimise.relax import TARGETS
from planner.plan.run import run
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_from_dict
from tests.conftest import ROOT


def relax(plan) -> dict[str, dict]:
    assert plan.status.value == "infeasible"
    return {r["key"]: r for r in plan.summary["relax"]}


def test_savings_target_gives_its_best_attainable_value(hand) -> None:
    """Ten analysts at 50,000; half their hours can go to a bot at 10/h with 0.1 h of
    oversight per hour. At x FTE the AI must free 10 - x FTE (1,833.33 h each, at most
    8,250 h), so x >= 5.5 and the run rate is 31,666.67 x + 183,333.33: at best 357,500,
    a saving of 28.5% of 500,000."""
    sc = hand(levers__savings_target=0.35)
    plan, _ = run(sc)
    r = relax(plan)["levers.savings_target"]
    assert r["value"] == 0.35 and r["resolves"]
    assert r["best"] == pytest.approx(0.285, abs=1e-6)
    assert r["nearest_feasible"] == 0.28  # rounded down, towards feasible
    assert plan.summary["conflicts"][0] == (
        "With the levers as set, the most this plan can save is 28% of the run-rate cost "
        "(target 35%).")
    assert run(with_values(sc, {"levers.savings_target": 0.28}))[0].has_plan
    assert not run(with_values(sc, {"levers.savings_target": 0.29}))[0].has_plan


def test_pledge_says_how_many_redundancies_the_target_needs(hand) -> None:
    """With the pledge nobody leaves (no attrition): the best saving is 0%. Without it,
    25% needs x <= (375,000 - 183,333.33) / 31,666.67 = 6.0526 FTE: 3.947 redundancies."""
    plan, _ = run(hand(levers__no_redundancy=True, levers__savings_target=0.25))
    r = relax(plan)
    assert r["levers.savings_target"]["nearest_feasible"] == 0.0
    pledge = r["levers.no_redundancy"]
    assert pledge["resolves"] and pledge["value"] is True and pledge["nearest_feasible"] is False
    assert pledge["needs"] == pytest.approx(10 - 191_666.667 / 31_666.667, abs=1e-3)
    assert pledge["unit"] == "redundancies"
    assert pledge["teams"] == [{"team": "Ledger", "function": "Finance",
                                "amount": pytest.approx(3.947, abs=1e-3),
                                "roles": {"Analyst": pytest.approx(3.947, abs=1e-3)}}]
    assert plan.summary["conflicts"][0] == (
        "With the no-redundancy pledge, the most this plan can save is 0% of the run-rate "
        "cost (target 25%); reaching 25% needs about 4 redundancies, mostly in Finance.")


def test_a_redundancy_cap_is_named_with_the_smallest_cap_that_gives_a_plan(hand) -> None:
    """25% needs 3.947 FTE of redundancies (above): a cap of 2 must rise to at least 4."""
    plan, _ = run(hand(levers__max_redundancies=2, levers__savings_target=0.25))
    cap = relax(plan)["levers.max_redundancies"]
    assert cap["resolves"] and cap["value"] == 2 and cap["unit"] == "FTE of redundancies"
    assert cap["best"] == pytest.approx(10 - 191_666.667 / 31_666.667, abs=1e-3)
    assert cap["nearest_feasible"] == 4
    assert plan.summary["conflicts"][0].endswith(
        "reaching 25% needs the redundancy cap of at least 4.")
    assert run(hand(levers__max_redundancies=4, levers__savings_target=0.25))[0].has_plan


def test_a_cap_is_rounded_up_and_a_pool_limit_named_by_its_key() -> None:
    """10 x (1 - 0.08) + 0.85 h = 50 needs h = 48 hires in the year."""
    doc = {"name": "impossible", "horizon": {"periods": 1, "period": "year"},
           "pools": [{"role": "a", "initial": 10, "demand": [50], "hire_limit": 0}],
           "levers": {"hiring": {"cap_per_period": 60}}}
    plan, _ = run(scenario_from_dict(doc))
    r = relax(plan)
    assert not r["levers.hiring.cap_per_period"]["resolves"]  # the pool limit still holds
    limit = r["pools.a.hire_limit"]
    assert limit["resolves"] and limit["best"] == pytest.approx(48)
    assert limit["nearest_feasible"] == 48
    assert plan.summary["conflicts"][0].startswith("No plan as set: the hire limit of a "
                                                   "must rise from 0 to at least 48")
    doc["levers"] = {}
    r = relax(run(scenario_from_dict({**doc, "pools": [{**doc["pools"][0],
                                                        "hire_limit": 47.9}]}))[0])
    assert r["pools.a.hire_limit"]["nearest_feasible"] == 48  # 47.9 + 0.1, rounded up


def test_levers_that_resolve_it_are_named_and_the_iis_is_skipped(hand) -> None:
    plan, _ = run(hand(levers__no_redundancy=True, levers__team_fte={"max": 6}))
    r = relax(plan)
    assert r["levers.no_redundancy"]["needs"] == pytest.approx(4)
    assert r["levers.team_fte"]["resolves"]
    assert r["levers.team_fte"]["teams"][0]["team"] == "Ledger"
    assert r["levers.team_fte"]["needs"] == pytest.approx(4)
    assert not any("cannot all hold together" in e for e in plan.explanations)
    assert not any("could not isolate" in e for e in plan.explanations)


@pytest.fixture(scope="module")
def pledge_40() -> tuple:
    sc = with_values(load_scenario(ROOT / "models" / "attrition_only.yaml"),
                     {"levers.savings_target": 0.4})
    return sc, run(sc)[0]


def test_sample_org_pledge_and_40_percent(pledge_40) -> None:
    """40% is out of reach with the pledge, and without it too: the answer leads with the
    best attainable saving, then how far dropping the pledge gets, at what cost, where."""
    sc, plan = pledge_40
    r = relax(plan)
    savings = r["levers.savings_target"]
    nearest = savings["nearest_feasible"]
    assert savings["resolves"] and 0 < nearest < 0.4 and nearest == round(nearest, 2)
    assert nearest <= savings["best"] < nearest + 0.01
    assert run(with_values(sc, {"levers.savings_target": nearest}))[0].has_plan
    assert not run(with_values(sc, {"levers.savings_target": round(nearest + 0.01, 2)}))[
        0].has_plan
    pledge = r["levers.no_redundancy"]
    assert not pledge["resolves"] and pledge["reaches"] > nearest
    assert pledge["needs"] > 10 and pledge["unit"] == "redundancies"
    assert run(with_values(sc, {"levers.savings_target": pledge["reaches"],
                                "levers.no_redundancy": False}))[0].has_plan
    assert pledge["teams"] and all(t["amount"] >= 0.05 for t in pledge["teams"])
    assert all(v >= 0.05 for t in pledge["teams"] for v in t["roles"].values())
    assert sum(t["amount"] for t in pledge["teams"]) == pytest.approx(pledge["needs"], abs=1)
    headline = plan.summary["conflicts"][0]
    assert headline.startswith(
        f"With the no-redundancy pledge, the most this plan can save is {nearest:.0%} of the "
        f"run-rate cost (target 40%); without it the most is {pledge['reaches']:.0%}, with "
        f"about {pledge['needs']:,.0f} redundancies, mostly in ")
    # Only levers the scenario sets are relaxed; no internal rows or sub-visible moves.
    assert set(r) == {"levers.savings_target", "levers.no_redundancy", "levers.span.max",
                      "levers.hiring.cap_per_period", "levers.protected_roles",
                      *(f"levers.reskilling.{i}.capacity_per_period" for i in range(3))}
    text = " ".join(plan.explanations)
    assert "span of control floor" not in text and "0.0 " not in text
    assert "must move by" not in text and "52,466,718" not in text
    assert "procurement_officer" not in text and "Procurement Officer" in text


@st.composite
def conflicting(draw: st.DrawFn) -> dict:
    """Two pools with random demand and levers that often conflict."""
    pools = [{"role": r, "initial": draw(st.integers(5, 30)),
              "demand": [draw(st.integers(0, 25)) for _ in range(2)],
              "annual_cost_per_fte": draw(st.sampled_from([30_000, 60_000])),
              "redundancy_cost": 10_000,
              **({"hire_limit": draw(st.integers(0, 15))} if draw(st.booleans()) else {})}
             for r in ("clerk", "analyst")]
    levers: dict = {"attrition": {"new": 0.1, "long": 0.05},
                    "no_redundancy": draw(st.booleans())}
    for key, values in (("savings_target", [0.1, 0.3, 0.5]), ("max_reduction_overall", [0.1]),
                        ("one_off_budget", [20_000, 100_000])):
        if draw(st.booleans()):
            levers[key] = draw(st.sampled_from(values))
    if draw(st.booleans()):
        levers["hiring"] = {"cap_per_period": draw(st.integers(0, 10))}
    return {"name": "random conflict", "horizon": {"periods": 2, "period": "year"},
            "pools": pools, "levers": levers}


@given(conflicting())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_nearest_feasible_value_gives_a_plan(doc: dict) -> None:
    sc = scenario_from_dict(doc)
    plan, _ = run(sc)
    if plan.status.value != "infeasible":
        return
    assert plan.summary["conflicts"][0]
    for r in plan.summary["relax"]:
        if r["resolves"] and r["nearest_feasible"] is not None:
            again, _ = run(with_values(sc, {r["key"]: r["nearest_feasible"]}))
            assert again.has_plan, (r["key"], r["nearest_feasible"], r["best"])
        if r["reaches"] is not None:  # how far the target gets with this lever relaxed
            target = next(t for t in plan.summary["relax"] if t["key"] in TARGETS)
            off = False if isinstance(r["value"], bool) else None
            again, _ = run(with_values(sc, {r["key"]: off, target["key"]: r["reaches"]}))
            assert again.has_plan, (r["key"], target["key"], r["reaches"])


def test_an_integer_only_conflict_is_said_so() -> None:
    """10.5 FTE of work, no overstaffing, whole hires only: half a hire is needed."""
    plan, _ = run(scenario_from_dict({
        "name": "half a hire", "horizon": {"periods": 1, "period": "year"},
        "pools": [{"role": "a", "initial": 10, "demand": [10.5]}],
        "levers": {"attrition": {"new": 0, "long": 0}, "overstaffing": {"per_pool": 0}},
        "solver": {"integer": True}}))
    assert plan.status.value == "infeasible"
    assert plan.summary["conflicts"][0].startswith("There is no plan in whole numbers")
    assert plan.summary["relax"] == []


def test_a_span_floor_is_searched_by_re_running(hand) -> None:
    """A lead (70,000) and ten analysts: 25% savings need x <= 5.71 analysts
    (70,000 + 31,666.67 x + 183,333.33 <= 427,500), but a span floor of 10 needs x >= 10.
    Floors of 5 and below work (x >= 5.5 with AI at its cap); 6 does not."""
    sc = hand(lead=True, levers__savings_target=0.25, levers__span={"min": 10})
    plan, _ = run(sc)
    r = relax(plan)
    assert r["levers.savings_target"]["nearest_feasible"] == 0.0
    floor = r["levers.span.min"]
    assert floor["resolves"] and floor["nearest_feasible"] == 5
    assert run(with_values(sc, {"levers.span.min": 5}))[0].has_plan
    assert not run(with_values(sc, {"levers.span.min": 6}))[0].has_plan
    assert plan.summary["conflicts"][0] == (
        "With the span of control floor, the most this plan can save is 0% of the run-rate "
        "cost (target 25%); reaching 25% needs the span of control floor of at most 5.")
    assert "The span of control floor must fall from 10 to at most 5." in plan.summary[
        "conflicts"]


@pytest.mark.parametrize(("amount", "unit", "text"), [
    (0.3, "redundancies", "less than one redundancy"), (1.2, "redundancies", "about 1 redundancy"),
    (129.6, "redundancies", "about 130 redundancies"), (0.04, "FTE", "less than 0.1 FTE"),
    (2.04, "FTE", "2.0 FTE"), (0.49, "hires", "less than one hire")])
def test_amounts_are_never_said_as_zero(amount: float, unit: str, text: str) -> None:
    from planner.optimise.relax import _amount

    assert _amount(amount, unit) == text


def test_a_money_lever_is_said_in_the_rosters_currency() -> None:
    """A one-off budget far below the severance a savings target needs: the answer names
    the smallest budget in the roster's currency, and the JSON's unit is the currency."""
    sc = with_values(load_scenario(ROOT / "models" / "automation_push.yaml"),
                     {"levers.one_off_budget": 1000, "levers.savings_target": 0.08})
    plan, _ = run(sc)
    assert plan.status.value == "infeasible"
    budget = next(r for r in plan.summary["relax"] if r["key"] == "levers.one_off_budget")
    assert budget["unit"] == "GBP"
    assert "budget GBP 1,000" in " ".join(plan.summary["conflicts"])


def test_infeasible_scenario_names_the_conflict(hand) -> None:
    sc = hand(levers__no_redundancy=True, levers__team_fte={"max": 6})
    plan, _ = run(sc)
    assert plan.status.value == "infeasible"
    # Either lever resolves it alone: the pledge with 4 redundancies, the bound by 4 FTE.
    assert plan.explanations[0] == (
        "No plan as set: dropping the no-redundancy pledge needs about 4 redundancies, "
        "mostly in Finance; or the team FTE bounds must give by 4.0 FTE (Ledger 4.0).")


def test_no_lever_alone_relaxes_them_together_and_gives_the_irreducible_conflict() -> None:
    """A needs 10 hires (limit 0); B must lose 8 FTE (pledge, no overstaffing allowed): no
    lever resolves both, so they are relaxed together and HiGHS isolates the conflict."""
    doc = {"name": "two conflicts", "horizon": {"periods": 1, "period": "year"},
           "pools": [{"role": "A", "initial": 10, "demand": [20], "hire_limit": 0},
                     {"role": "B", "initial": 10, "demand": [2]}],
           "levers": {"attrition": {"new": 0, "long": 0}, "no_redundancy": True,
                      "overstaffing": {"per_pool": 0}}}
    plan, _ = run(scenario_from_dict(doc))
    assert plan.status.value == "infeasible"
    assert not any(r["resolves"] for r in plan.summary["relax"])
    assert plan.explanations[0] == (
        "No single lever gives a plan on its own. Relaxed together: dropping the "
        "no-redundancy pledge needs about 8 redundancies; the hire limit of A must rise from "
        "0 to at least 10 a period.")
    assert any(e.startswith("These constraints cannot all hold together")
               for e in plan.summary["conflict_detail"])


def test_the_capacity_of_suggested_paths_is_a_lever_of_its_own() -> None:
    """levers.reskilling_auto.capacity_per_period is relaxed as one lever over the capacity
    rows of every suggested path (the hand-written paths keep their own)."""
    from planner.scenario.model import scenario_document

    doc = scenario_document(load_scenario(ROOT / "models" /
                                          "attrition_only_reskilling_auto.yaml"))
    doc["levers"]["savings_target"] = 0.4
    plan, _ = run(scenario_from_dict(doc, base_dir=ROOT / "models"))
    assert plan.status == "infeasible"
    by_key = {r["key"]: r for r in plan.summary["relax"]}
    auto = by_key["levers.reskilling_auto.capacity_per_period"]
    assert auto["label"] == "the capacity of each suggested reskilling path"
    assert auto["value"] == 5.0 and auto["resolves"] is False
    assert "levers.reskilling.0.capacity_per_period" in by_key


def test_a_gate_that_leaves_no_plan_is_named(hand) -> None:
    sc = hand(horizon={"periods": 2, "period": "year"},
              capabilities=[{"id": "bot", "kind": "execute", "categories": ["data_processing"],
                             "cost_per_hour": 10, "adoption": [0.4, 1.0]}],
              levers__gates=[{"capability": "bot", "adoption": 0.5}],
              levers__team_fte={"max": 9})  # a team of 10 must shed one in 2027
    plan, _ = run(sc)
    assert plan.status == "infeasible"
    gate = next(r for r in plan.summary["relax"] if r["key"] == "levers.gates.0")
    assert gate["resolves"] and gate["needs"] == pytest.approx(1.0)
    assert gate["sentence"] == ("The adoption gate on Bot at 50% must give by 1.0 FTE of "
                                "redundancies before 2028 (Ledger 1.0).")
    assert plan.summary["conflicts"][0].startswith(
        "No plan as set: the adoption gate on Bot at 50% must give by 1.0 FTE")
