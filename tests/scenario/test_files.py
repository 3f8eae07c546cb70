"""Scenario files with one defect each: every one fails with the right key path and message.

``tests/data/bad_scenarios/`` holds small scenarios, each with exactly one defect and named
after it. Most are caught when the file is loaded (:func:`planner.scenario.load.load_scenario`);
a few only when the inputs are read with the data (:func:`planner.plan.run.run`). The
table below says, for each file, the key path the error must name and a regex its message
must match (what was expected and what was found). Cases where the code fell short of that
were found by this corpus and fixed; the table keeps them as regression tests.

The shipped scenarios in ``models/`` load, and mean what their files say: every setting a
file gives reaches the scenario's document as given.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.errors import ScenarioError
from planner.plan.run import problem_data, run
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_document
from planner.work.library import data_dir
from planner.work.tags import read_tag_overrides, scenario_overrides

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


PATH_KEYS = ("roster", "mapping", "library", "title_overrides")
"""Inputs that name a file: absolute in the document, and the file exists."""


def _same(raw: Any, doc: Any, where: str) -> None:
    """Every key the file sets is in the document with the value the file gives."""
    if isinstance(raw, dict):
        assert isinstance(doc, dict), where
        for key, value in raw.items():
            assert key in doc, f"{where}.{key} is not in the document"
            _same(value, doc[key], f"{where}.{key}")
    elif isinstance(raw, list) and raw and all(isinstance(x, dict) for x in raw):
        assert isinstance(doc, list) and len(doc) == len(raw), where
        for i, (r, d) in enumerate(zip(raw, doc, strict=True)):
            _same(r, d, f"{where}.{i}")
    else:
        assert doc == raw, f"{where}: the file has {raw!r}, the document {doc!r}"


@pytest.mark.parametrize("path", sorted(MODELS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_model_means_what_its_file_says(path: Path) -> None:
    """Each setting the file gives reaches the document as given; catalogue capabilities
    arrive under their id with the catalogue's keys below the file's; tag overrides files
    are read in their place; input paths resolve to files that exist."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = scenario_document(load_scenario(path))
    raw_inputs = dict(raw.pop("inputs", {}) or {})
    raw_caps = raw.pop("capabilities", []) or []
    assert raw["name"] and doc["name"] == raw["name"]
    _same(raw, doc, "(top)")

    for key in PATH_KEYS:
        files = raw_inputs.pop(key, None)
        if files is None:
            continue
        files = [files] if isinstance(files, str) else files
        got = doc["inputs"][key]
        got = [got] if isinstance(got, str) else got
        assert got == [str((path.parent / f).resolve()) for f in files], key
        assert all(Path(f).is_file() for f in got), got
    tags = raw_inputs.pop("tag_overrides", [])
    expected: list[dict[str, Any]] = []
    for entry in [tags] if isinstance(tags, str) else tags:
        expected += (scenario_overrides(read_tag_overrides(path.parent / entry))
                     if isinstance(entry, str) else [entry])
    assert [{k: v for k, v in o.items() if v is not None}
            for o in doc["inputs"]["tag_overrides"]] == expected
    _same(raw_inputs, doc["inputs"], "inputs")

    catalogue = {c["id"]: c for c in yaml.safe_load(
        (data_dir() / "capabilities.yaml").read_text(encoding="utf-8"))}
    assert len(doc["capabilities"]) == len(raw_caps)
    for i, (cap, got) in enumerate(zip(raw_caps, doc["capabilities"], strict=True)):
        own = {k: v for k, v in cap.items() if k != "from_catalogue"}
        if "from_catalogue" in cap:
            assert got["id"] == cap["from_catalogue"]
            own = {**catalogue[cap["from_catalogue"]], **own}
        _same(own, got, f"capabilities.{i}")


def test_models_folder_has_models() -> None:
    assert sorted(MODELS.glob("*.yaml"))


# Found while writing the cases above ---------------------------------------------------------

def test_roster_scenario_without_capabilities_loads_its_data(tmp_path: Path) -> None:
    roster = tmp_path / "org.csv"
    shutil.copy(ROOT / "data" / "sample_org.csv", roster)
    path = tmp_path / "no_ai.yaml"
    path.write_text("name: No AI\ninputs: {roster: org.csv}\n"
                    "horizon: {periods: 4, period: quarter}\n", encoding="utf-8")
    data = problem_data(load_scenario(path))
    assert len(data.periods) == 4
