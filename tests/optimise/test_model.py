"""The model builder (``optimise/model.py``, ``variables.py``, ``families.py``, ``costs.py``)
without a solver: variable blocks and rows counted per family from the problem data alone,
the families in the order of docs/formulation.md, each family's kinds as documented there."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from planner.errors import ScenarioError
from planner.optimise import families
from planner.optimise.costs import cost_terms
from planner.optimise.data import build_data
from planner.optimise.lp import LinearModel
from planner.optimise.model import (
    BUDGET_FAMILIES,
    ROW_FAMILIES,
    VACANCY_TIE_BREAK,
    Built,
    build_model,
)
from planner.optimise.variables import add_variables
from planner.plan.run import problem_data
from planner.roster.synth import synthesise
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import ObjectiveKind, Scenario, scenario_from_dict
from tests.conftest import ROOT

FORMULATION = (ROOT / "docs" / "formulation.md").read_text(encoding="utf-8")
SHIPPED = sorted((ROOT / "models").glob("*.yaml"))
CAPABILITIES = [
    {"id": "docs", "kind": "execute", "categories": ["data_processing", "data_collection"],
     "cost_per_hour": 15, "fixed_cost_per_team": 1000, "implementation_cost": 5000,
     "adoption": [0.4, 0.8]},
    {"id": "docs2", "kind": "execute", "categories": ["data_processing"], "cost_per_hour": 12},
    {"id": "assist", "kind": "assist", "categories": ["applying_expertise"], "uplift": 0.2,
     "cost_per_assisted_fte": 500, "adoption": [0.5, 1.0]},
]
BLOCKS = ["staff", "hire", "redundancy", "overstaffing", "short_time", "redeploy_out",
          "redeploy_in", "reskill_in", "reskill", "ai", "deployed", "vacancy_open",
          "vacancy_close", "vacancy_fill"]
"""The variable blocks in the order of docs/formulation.md §3."""
ORDER = ["balance", "hire_split", "backfill", "requirement", "ai_share", "deployment", "hub",
         "reskill_arrival",
         "reskill", "span_max", "span_min", "team_fte", "max_reduction",
         "max_reduction_overall", "protected", "lock", "hire_cap", "hire_cap_role",
         "redundancy_cap", "overstaffing_total", "short_time_total", "vacancy", "vacancy_fill",
         "one_off_budget", "savings_target",
         "capacity_budget"]
"""Row kinds in the order of docs/formulation.md §4 (the two reskilling capacities of one
move alternate, so they share a place)."""


def synthetic(tmp: Path, levers: dict, objective: dict | None = None, periods: int = 3,
              positions: int = 150, seed: int = 7) -> Scenario:
    roster = tmp / f"org{positions}_{seed}.csv"
    synthesise(positions, seed).to_csv(roster, index=False)
    return scenario_from_dict({
        "name": "synthetic", "inputs": {"roster": str(roster), "team_by": "department"},
        "horizon": {"periods": periods, "period": "quarter"}, "capabilities": CAPABILITIES,
        "levers": levers, "objective": objective or {"kind": "min_cost"}}, base_dir=tmp)


def every_lever(tmp: Path) -> dict:
    """Levers that make every family add rows, on the org of :func:`synthetic`."""
    pools = problem_data(synthetic(tmp, {})).pools
    teams = sorted(pools["team"].unique())
    roles = pools["role"].value_counts().index.tolist()
    first, fourth = pools.iloc[0], pools.iloc[3]
    return {
        "span": {"min": 2, "max": 9},
        "team_fte": {"min": 1, "max": 500, "min_share": 0.5, "max_share": 1.5,
                     "teams": {teams[0]: {"min": 2, "max": 40}}},
        "max_reduction_per_period": 0.2, "max_reduction_overall": 0.3,
        "max_redundancies": 12.5, "protected_teams": [teams[-1]], "protected_roles": [roles[-1]],
        "locks": [{"team": first["team"], "role": first["role"], "fte": 1.0},
                  {"team": fourth["team"], "role": fourth["role"], "fte": 2.0, "period": 2}],
        "hiring": {"cap_per_period": 5, "role_caps": {roles[0]: 2, roles[1]: 1},
                   "cost_per_hire": 5000},
        "reskilling": [{"from": roles[0], "to": roles[1], "capacity_per_period": 3,
                        "capacity_share_of_target": 0.1, "cost_per_fte": 3000,
                        "lead_time_periods": 1},
                       {"from": roles[2], "to": roles[0], "retention": 0.9}],
        "redeployment": {"scope": "function", "cost_per_fte": 2000},
        "one_off_budget": 1e6, "savings_target": 0.05,
        "overstaffing": {"per_pool": 3, "total": 10, "cost_per_fte": 100},
        "short_time": {"per_pool": 2, "total": 4, "cost_per_fte": 50, "factor": 0.6},
    }


def scenarios(tmp: Path) -> dict[str, Scenario]:
    full = every_lever(tmp)
    out = {path.name: load_scenario(path) for path in SHIPPED}
    out["williams:max_capacity"] = with_values(
        out["williams_manpower.yaml"], {"objective.kind": "max_capacity", "objective.budget": 1e7})
    out["synthetic:defaults"] = synthetic(tmp, {}, positions=60, seed=1)
    out["synthetic:every lever"] = synthetic(tmp, full)
    whole = synthetic(tmp, full)
    out["synthetic:every lever, whole people"] = whole.model_copy(update={
        "solver": whole.solver.model_copy(update={"whole_people": True})})
    out["synthetic:every lever, max_capacity"] = synthetic(
        tmp, full, {"kind": "max_capacity", "budget": 5e6})
    out["synthetic:organisation scope, one period"] = synthetic(
        tmp, {**full, "redeployment": {"scope": "organisation"}, "locks": [],
              "hiring": {"freeze": True}}, periods=1, positions=300, seed=3)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    tmp = tmp_path_factory.mktemp("model")
    return {name: build_model(problem_data(sc)) for name, sc in scenarios(tmp).items()}


def paths_of(data, move) -> int:  # noqa: ANN001
    """Scope values with a hub of both the move's roles: its reskilling paths."""
    hubs = set(data.pools["hub"])
    scopes = data.pools.loc[data.pools["role"] == move.from_role, "hub_scope"].unique()
    return sum(f"{s}|{move.to_role}" in hubs for s in scopes)


def expected_rows(b: Built) -> dict[str, int]:
    """Rows per kind, counted from the problem data and the scenario alone (formulation §4);
    ``span_max`` counts its ``_unused`` rows too."""
    data = b.data
    sc, lev = data.scenario, data.scenario.levers
    n_p, pools = len(data.periods), data.pools
    n_pools, n_teams, n_hubs = len(pools), pools["team"].nunique(), pools["hub"].nunique()
    out = {"balance": n_pools * n_p, "requirement": n_pools * n_p, "hub": n_hubs * n_p,
           "reskill_arrival": n_hubs * n_p}
    g = data.groups
    if len(g):
        out["ai_share"] = int((g.groupby(["pool", "group"]).size() > 1).sum()) * n_p
        dear = {c.id for c in sc.capabilities if c.fixed_cost_per_team or c.implementation_cost}
        out["deployment"] = int(g["capability"].isin(dear).sum()) * n_p
    for q in data.paths:  # the hand-written moves, then those reskilling_auto suggests
        if paths_of(data, q):
            out["reskill_capacity"] = out.get("reskill_capacity", 0) + n_p * (
                q.capacity_per_period is not None)
            out["reskill_share"] = out.get("reskill_share", 0) + n_p * paths_of(data, q) * (
                q.capacity_share_of_target is not None)
    for side in ("max", "min"):
        if getattr(lev.span, side) is not None:
            out[f"span_{side}"] = n_teams * n_p
    tf = lev.team_fte
    if any(x is not None for x in (tf.min, tf.max, tf.min_share, tf.max_share)) or tf.teams:
        out["team_fte"] = n_teams * n_p
    if lev.max_reduction_per_period is not None:
        out["max_reduction"] = n_teams * n_p
    if lev.max_reduction_overall is not None:
        out["max_reduction_overall"] = 1
    out["protected"] = int(pools["protected"].sum()) * n_p
    if sc.whole_people:  # §4.20: every pool-period splits its hires; backfill after period 0
        out["hire_split"] = n_pools * n_p
        out["backfill"] = n_pools * (n_p - 1)
    out["vacancy"] = out["vacancy_fill"] = int((pools["vacant_fte"] > 0).sum()) * n_p
    out["lock"] = sum(n_p if lk.period is None else 1 for lk in lev.locks)
    if lev.hiring.cap_per_period is not None:
        out["hire_cap"] = n_p
    out["hire_cap_role"] = n_p * sum(r in set(pools["role"]) for r in lev.hiring.role_caps)
    if lev.max_redundancies is not None:
        out["redundancy_cap"] = 1
    for name, allowance in (("overstaffing_total", lev.overstaffing),
                            ("short_time_total", lev.short_time)):
        if allowance.total is not None:
            out[name] = n_p
    if lev.one_off_budget is not None and any(not t.recurring for t in b.costs):
        out["one_off_budget"] = 1
    if lev.savings_target is not None:
        out["savings_target"] = 1
    if sc.objective.kind is ObjectiveKind.MAX_CAPACITY:
        out["capacity_budget"] = 1
    return {k: n for k, n in out.items() if n}


def test_rows_per_family_are_counted_from_the_problem_data(built: dict[str, Built]) -> None:
    for name, b in built.items():
        kinds = b.model.row_meta()["kind"].str.replace("_unused", "", regex=False)
        assert kinds.value_counts().to_dict() == expected_rows(b), name
        assert b.model.n_rows == len(kinds), name


def test_the_scenarios_reach_every_family(built: dict[str, Built]) -> None:
    kinds = set().union(*(set(b.model.row_meta()["kind"]) for b in built.values()))
    assert {k for k in ORDER if k != "reskill"} | {"reskill_capacity", "reskill_share",
                                                   "span_max_unused", "span_min_unused"} == kinds


def test_families_are_added_in_the_documented_order(built: dict[str, Built]) -> None:
    rank = {k: i for i, k in enumerate(ORDER)} | {"reskill_capacity": ORDER.index("reskill"),
                                                  "reskill_share": ORDER.index("reskill")}
    for name, b in built.items():
        ranks = [rank[k.removesuffix("_unused")] for block in b.model.rows
                 for k in block["kind"].unique()]
        assert ranks == sorted(ranks), name
        # Each row block is one family, its rows numbered on from the block before.
        starts = [int(block["row"].iloc[0]) for block in b.model.rows]
        sizes = [len(block) for block in b.model.rows]
        assert starts == list(np.cumsum([0, *sizes[:-1]])), name


def test_variable_blocks_in_the_documented_order_and_sizes(built: dict[str, Built]) -> None:
    for name, b in built.items():
        data, blocks = b.data, b.model.blocks
        n_p, n_pools = len(data.periods), len(data.pools)
        whole = ["backfill", "new_hire"] if data.scenario.whole_people else []
        assert list(blocks) == BLOCKS + whole, name
        assert [blocks[k].start for k in BLOCKS + whole] == list(
            np.cumsum([0, *[len(blocks[k]) for k in (BLOCKS + whole)[:-1]]])), name
        assert all(len(blocks[k]) == n_pools * n_p for k in BLOCKS[:8]), name
        assert len(blocks["reskill"]) == n_p * sum(
            paths_of(data, q) for q in data.paths), name
        assert len(blocks["ai"]) == len(data.groups) * n_p, name
        assert all(len(blocks[k]) == n_pools * n_p for k in BLOCKS[-3:] + whole), name
        assert list(blocks["ai"].index.columns) == ["pool", "group", "capability", "period"]
        assert b.model.n_cols == sum(len(x) for x in blocks.values()), name


def test_each_family_adds_the_kinds_its_formulation_section_names(
        tmp_path: Path) -> None:
    """Every family function is numbered as its section of docs/formulation.md §4, adds
    exactly the row kinds that section's heading names, and gives its unit in brackets."""
    sc = synthetic(tmp_path, every_lever(tmp_path), {"kind": "max_capacity", "budget": 5e6})
    v = add_variables(LinearModel(), problem_data(sc))
    terms = cost_terms(v)
    # Delayering folds a team only where the team above stays within the span cap: a
    # looser cap than every_lever's lets Customer Support fold into the Executive Office.
    folding = synthetic(tmp_path, {**every_lever(tmp_path), "span": {"min": 2, "max": 40},
                                   "delayering": {"min_span": 8}})
    v_fold = add_variables(LinearModel(), problem_data(folding))
    # The backfill rows are the whole-people model's alone (solver.whole_people).
    whole = synthetic(tmp_path, every_lever(tmp_path))
    whole = whole.model_copy(update={"solver": whole.solver.model_copy(
        update={"whole_people": True})})
    v_whole = add_variables(LinearModel(), problem_data(whole))
    own = {families.delayering: v_fold, families.backfill: v_whole}
    calls = [(f, (own.get(f, v),)) for f in ROW_FAMILIES]
    calls += [(f, (v, terms)) for f in BUDGET_FAMILIES]
    calls.append((families.capacity_budget, (v, np.ones(v.model.n_cols))))
    headings = {k: v for k, v in re.findall(r"^### (4\.\d+) (.+)$", FORMULATION, flags=re.M)
                if "no rows" not in v}  # a lever set by column bounds (gates) adds no family
    assert len(calls) == len(headings) == 21
    for family, args in calls:
        number = family.__doc__.split()[0]
        model = args[0].model
        before = len(model.rows)
        family(*args)
        added = {k.removesuffix("_unused") for block in model.rows[before:]
                 for k in block["kind"]}
        assert added == set(re.findall(r"`(\w+)`", headings[number])), family.__name__
        summary = family.__doc__.split("\n\n")[0]
        assert re.search(r"\[[^\]]+\]", summary), family.__name__


def test_a_default_scenario_has_only_the_structural_rows(built: dict[str, Built]) -> None:
    kinds = set(built["synthetic:defaults"].model.row_meta()["kind"])
    assert kinds == {"balance", "requirement", "hub", "reskill_arrival", "ai_share",
                     "deployment", "vacancy", "vacancy_fill"}


def test_one_cost_definition_drives_the_min_cost_objective(built: dict[str, Built]) -> None:
    b = built["synthetic:every lever"]
    cost = np.zeros(b.model.n_cols)
    for t in b.costs:
        np.add.at(cost, t.cols, t.coef)
    cost[b.block("vacancy_open").cols] += VACANCY_TIE_BREAK  # unfunded: a penny, unreported
    np.testing.assert_array_equal(b.model.arrays()["col_cost"], cost)
    one_off = b.model.row_meta().query("kind == 'one_off_budget'")["row"].item()
    r, c, vals = b.model.coo()
    row = r == one_off
    expected = np.zeros(b.model.n_cols)
    for t in b.costs:
        if not t.recurring:
            np.add.at(expected, t.cols, t.coef)
    np.testing.assert_allclose(np.bincount(c[row], weights=vals[row],
                                           minlength=b.model.n_cols), expected)


def test_max_capacity_prices_the_freed_hours_and_budgets_the_costs(
        built: dict[str, Built]) -> None:
    b = built["synthetic:every lever, max_capacity"]
    cost = b.model.arrays()["col_cost"]
    assert (cost[b.capacity_cols] == -b.capacity_coef).all()
    assert np.count_nonzero(cost) == np.count_nonzero(b.capacity_coef)
    row = b.model.row_meta().query("kind == 'capacity_budget'")
    assert row["upper"].item() == 5e6


def test_a_lock_on_a_pool_the_org_lacks_names_its_key_path(hand) -> None:
    sc = hand(levers__locks=[{"team": "Ledger", "role": "nobody", "fte": 1}])
    lib_roster = _inputs(sc)
    with pytest.raises(ScenarioError, match="found team 'Ledger' with role 'nobody'") as info:
        build_model(build_data(sc, *lib_roster))
    assert info.value.key_path == "levers.locks.0"


def _inputs(sc: Scenario):  # noqa: ANN202
    from planner.roster.org import load_org
    from planner.work.library import load_library

    lib = load_library(sc.resolve(sc.inputs.library))
    return load_org(sc.resolve(sc.inputs.roster), library=lib).roster, lib


def test_build_without_solving(hand) -> None:
    built = build_model(build_data(hand(), *_inputs(hand())))
    size = built.model.size()
    assert size["variables"] > 0 and size["constraints"] > 0
    kinds = set(built.model.row_meta()["kind"])
    assert {"balance", "requirement", "hub"} <= kinds


def test_the_span_cap_holds_in_a_team_over_it_at_the_start(hand) -> None:
    """Ten analysts under one lead, cap 8, no AI: the work keeps the ten analysts, so the
    plan adds a quarter of a lead (10 / 8 = 1.25 FTE) instead of waiving the cap."""
    from planner.plan.run import run

    plan, built = run(hand(lead=True, capabilities=[], levers__span={"max": 8}))
    assert plan.has_plan
    end = plan.tables["staffing"].set_index("role")["fte_end"]
    assert end["analyst"] == pytest.approx(10.0)
    assert end["lead"] == pytest.approx(1.25)
    assert set(built.model.row_meta()["kind"]) >= {"span_max"}
    assert not any("span" in n for n in built.notes)


def test_a_team_without_managers_is_named_not_waived_silently(hand) -> None:
    sc = hand(levers__span={"max": 8, "min": 2})
    data = problem_data(sc)
    exc = families.span_exceptions(data)
    assert [(e.team, e.kind, e.code) for e in exc] == [("Ledger", "span_max", "no_managers")]
    b = build_model(data)
    kinds = set(b.model.row_meta()["kind"])
    assert {"span_max_unused", "span_min_unused"} <= kinds and "span_max" not in kinds
    assert b.notes == ["Ledger cannot meet the span of control cap of 8 direct reports per "
                       "manager: it has no post in a manager role, and the plan creates no "
                       "manager post in a team without one."]


def test_protected_contributors_and_no_manager_growth_are_named(hand) -> None:
    sc = hand(lead=True, levers__span={"max": 8}, levers__protected_roles=["analyst"],
              levers__hiring={"freeze": True})
    (e,) = families.span_exceptions(problem_data(sc))
    assert (e.team, e.code) == ("Ledger", "levers_forbid")
    assert "starts at 10.0, its individual contributors are protected" in e.sentence()


def test_span_notes_group_teams_by_reason() -> None:
    exc = tuple(families.SpanException(f"T{i}", "span_max", 12.0, "it has no post in a "
                                       "manager role", "no_managers") for i in range(7))
    (note,) = families.span_notes(exc)
    assert note.startswith("7 teams cannot meet the span of control cap of 12 direct "
                           "reports per manager: they have no post in a manager role")
    assert note.endswith("(T0, T1, T2, T3, T4 and 2 more).")
