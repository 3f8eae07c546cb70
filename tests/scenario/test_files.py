"""Scenario files with one defect each: every one fails with the right key path and message.

``tests/data/bad_scenarios/`` holds small scenarios, each with exactly one defect and named
after it. Most are caught when the file is loaded (:func:`planner.scenario.model.load_scenario`);
a few only when the inputs are read with the data (:func:`planner.plan.run.run`). The
table below says, for each file, the key path the error must name and a regex its message
must match (what was expected and what was found). Cases where the code fell short of that
were found by this corpus and fixed; the table keeps them as regression tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from planner.errors import ScenarioError
from planner.plan.run import problem_data, run
from planner.scenario.model import ObjectiveKind, Scenario, load_scenario, with_values

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad_scenarios"
MODELS = ROOT / "models"

LOAD, RUN = "load", "run"


def case(file: str, key_path: str, pattern: str, when: str = LOAD) -> object:
    """One row of the table: the file, where it fails, the key path and message regex."""
    return pytest.param(file, when, key_path, pattern, id=file.removesuffix(".yaml"))


CASES = [
    # --- caught when the file is loaded -------------------------------------------------
    case("unknown_top_key.yaml", "solvr", r"(?s)expected.*\bsolver\b"),
    case("misspelt_lever.yaml", "levers.spna", r"(?s)expected.*\bspan\b"),
    case("span_min_above_max.yaml", "levers.span",
         r"expected min <= max, found min 12(\.0)? > max 3(\.0)?"),
    case("negative_cost_per_hour.yaml", "capabilities.0.cost_per_hour",
         r"greater than or equal to 0, found -12"),
    case("adoption_above_one.yaml", "capabilities.0.adoption",
         r"expected a share between 0 and 1.*found 1\.5"),
    case("adoption_list_above_one.yaml", "capabilities.0.adoption.1",
         r"expected a share between 0 and 1, found 60"),
    case("capability_without_scope.yaml", "capabilities.0",
         r"expected tasks or categories .*found neither"),
    case("assist_without_uplift.yaml", "capabilities.0.uplift", r"expected .*uplift.*found"),
    case("duplicate_capability_ids.yaml", "capabilities.1.id",
         r"expected a unique id, found .document_ai. again"),
    case("roster_and_pools.yaml", "(top)",
         r"expected exactly one of inputs\.roster .*pools.*found both"),
    case("neither_roster_nor_pools.yaml", "(top)",
         r"expected exactly one of inputs\.roster .*pools.*found neither"),
    case("pool_demand_wrong_length.yaml", "pools.1.demand",
         r"expected 3 values .*found 2"),
    case("unknown_objective.yaml", "objective.kind",
         r"'min_cost'.*'weighted', found 'max_profit'"),
    case("max_capacity_without_budget.yaml", "objective.budget", r"expected .*found none"),
    case("weighted_without_price.yaml", "objective.price_per_redundancy",
         r"expected .*found none"),
    case("unknown_backend.yaml", "solver.backend",
         r"expected highs, cbc or a PuLP solver .*found 'fastsolve'"),
    case("periods_zero.yaml", "horizon.periods", r"greater than or equal to 1, found 0"),
    case("bad_period_kind.yaml", "horizon.period",
         r"'month', 'quarter' or 'year', found 'week'"),
    case("attrition_above_one.yaml", "levers.attrition.new",
         r"less than or equal to 1, found 20"),
    case("missing_name.yaml", "name", r"expected a value, found none"),
    case("invalid_yaml.yaml", "(file)", r"expected valid YAML at line 7, column 1"),
    case("reskilling_bad_lead_time.yaml", "levers.reskilling.0.lead_time_periods",
         r"less than or equal to 24, found 36"),
    # --- caught only with the data ------------------------------------------------------
    case("roster_file_missing.yaml", "inputs.roster",
         r"expected a roster file, found nothing at .*no_such_org\.csv", when=RUN),
    case("unknown_tag_override_task.yaml", "inputs.tag_overrides.0.task",
         r"expected a task id of the library, found 'T9999'", when=RUN),
    case("lock_unknown_team.yaml", "levers.locks.0",
         r"expected a team and role of the org, found team 'Treasury' with role "
         r"'financial_analyst'", when=RUN),
    case("team_by_not_a_column.yaml", "inputs.team_by",
         r"expected a roster column .*found 'squad'", when=RUN),
]


def _raise(file: str, when: str) -> ScenarioError:
    path = BAD / file
    if when == LOAD:
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
    else:
        load_scenario(path)  # valid as a file: the defect shows only with the data
        with pytest.raises(ScenarioError) as info:
            run(path)
    return info.value


@pytest.mark.parametrize(("file", "when", "key_path", "pattern"), CASES)
def test_bad_scenario_names_key_and_problem(file: str, when: str, key_path: str,
                                            pattern: str) -> None:
    err = _raise(file, when)
    assert err.key_path == key_path
    assert str(err).startswith(f"{key_path}: ")
    assert re.search(pattern, str(err)), str(err)


# One defect, one problem: ``err.errors`` lists every (key path, message) and should hold
# exactly the one failure, under a real key path.
def _one_error_cases() -> list[object]:
    out = []
    for p in CASES:
        file, when, key_path, _ = p.values  # type: ignore[attr-defined]
        out.append(pytest.param(file, when, key_path, id=p.id))  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize(("file", "when", "key_path"), _one_error_cases())
def test_one_defect_gives_one_error(file: str, when: str, key_path: str) -> None:
    err = _raise(file, when)
    errors = err.errors  # type: ignore[attr-defined]
    assert len(errors) == 1, errors
    assert errors[0][0] == err.key_path


def test_every_bad_scenario_is_in_the_table() -> None:
    files = {p.name for p in BAD.iterdir()}
    listed = {p.values[0] for p in CASES}  # type: ignore[attr-defined]
    assert files == listed
    assert len(listed) == len(CASES), "a file is listed twice"
    assert len(files) >= 18


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_model_loads(path: Path) -> None:
    sc = load_scenario(path)
    assert isinstance(sc, Scenario)
    assert sc.name


def test_models_folder_has_models() -> None:
    assert sorted(MODELS.glob("*.yaml"))


# with_values -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def williams() -> Scenario:
    return load_scenario(MODELS / "williams_manpower.yaml")


@pytest.fixture(scope="module")
def automation() -> Scenario:
    return load_scenario(MODELS / "automation_push.yaml")


def test_with_values_sets_objective_kind(williams: Scenario) -> None:
    sc = with_values(williams, {"objective.kind": "min_redundancies"})
    assert sc.objective.kind is ObjectiveKind.MIN_REDUNDANCIES
    assert williams.objective.kind is ObjectiveKind.MIN_COST  # the original is unchanged
    assert sc.pools == williams.pools
    assert sc.levers == williams.levers
    assert sc.base_dir == williams.base_dir


def test_with_values_revalidates_the_objective(williams: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        with_values(williams, {"objective.kind": "max_profit"})
    assert info.value.key_path == "objective.kind"
    assert re.search(r"found 'max_profit'", str(info.value))
    # max_capacity needs a budget: rejected alone, accepted with one.
    with pytest.raises(ScenarioError):
        with_values(williams, {"objective.kind": "max_capacity"})
    sc = with_values(williams, {"objective.kind": "max_capacity", "objective.budget": 1e6})
    assert sc.objective.kind is ObjectiveKind.MAX_CAPACITY
    assert sc.objective.budget == 1e6


def test_with_values_rejects_a_string_span(automation: Scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        with_values(automation, {"levers.span.max": "twelve"})
    assert info.value.key_path == "levers.span.max"
    assert re.search(r"valid number.*found 'twelve'", str(info.value))
    assert with_values(automation, {"levers.span.max": 15}).levers.span.max == 15


def test_with_values_sets_a_list_item(automation: Scenario) -> None:
    sc = with_values(automation, {"capabilities.2.cost_per_assisted_fte": 600})
    assert sc.capabilities[2].cost_per_assisted_fte == 600
    assert sc.capabilities[:2] == automation.capabilities[:2]


def test_with_values_index_out_of_range(automation: Scenario) -> None:
    assert len(automation.capabilities) == 3
    with pytest.raises(ScenarioError) as info:
        with_values(automation, {"capabilities.9.cost_per_hour": 10})
    assert info.value.key_path.startswith("capabilities.9")
    assert re.search(r"expected an index below 3.*found '9'", str(info.value))


# Found while writing the cases above ---------------------------------------------------------

def test_roster_scenario_without_capabilities_loads_its_data(tmp_path: Path) -> None:
    roster = tmp_path / "org.csv"
    shutil.copy(ROOT / "data" / "sample_org.csv", roster)
    path = tmp_path / "no_ai.yaml"
    path.write_text("name: No AI\ninputs: {roster: org.csv}\n"
                    "horizon: {periods: 4, period: quarter}\n", encoding="utf-8")
    data = problem_data(load_scenario(path))
    assert len(data.periods) == 4
