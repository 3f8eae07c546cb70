"""The plan folder: roster text a spreadsheet would run is neutralised and reads back
losslessly, and folders written before the format was versioned still read."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError, PlannerError
from planner.io import plan_folder
from planner.io.plan_folder import (
    FORMULA_START,
    LEDGER_TABLES,
    PlanTable,
    check_plan_columns,
    escape_text,
    read_plan_folder,
    read_table,
    unescape_text,
)
from planner.plan.check import check_plan
from planner.plan.compare import compare
from planner.plan.finance import finance_tables, read_plan
from planner.plan.run import run
from planner.plan.tables import Plan, write_plan
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_from_dict, scenario_to_dict
from planner.store import Store
from tests.optimise.conftest import one_role_library

TEAMS = ['=HYPERLINK("http://x.example","click")', "'already quoted", "-5", "+x", "@x",
         "Plain"]
NAMED_COLUMNS = ("team", "from_team", "to_team")


@pytest.fixture(scope="module")
def weird(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, dict, Path]:
    """A plan of six teams with formula-like names; ``-5`` grows, the others automate, so
    people are redeployed into ``-5`` from the others."""
    tmp = tmp_path_factory.mktemp("weird")
    lib = one_role_library(tmp / "lib")
    rows = [{"position_id": f"{i}-{j}", "employee_id": f"E{i}-{j}", "manager_position_id": "",
             "job_title": "Analyst", "team": team, "department": "Finance", "fte": 1,
             "annual_cost": 50000} for i, team in enumerate(TEAMS) for j in range(4)]
    roster = tmp / "roster.csv"
    pd.DataFrame(rows).to_csv(roster, index=False)
    doc = {"name": "weird names",
           "inputs": {"roster": str(roster), "library": str(lib), "team_by": "team"},
           "horizon": {"periods": 2, "period": "quarter"},
           "capabilities": [{"id": "bot", "kind": "execute", "categories": ["data_processing"],
                             "cost_per_hour": 5, "adoption": 1.0}],
           "levers": {"attrition": {"new": 0.0, "long": 0.0}, "redundancy_months_of_pay": 24,
                      "hiring": {"cost_per_hire": 40000},
                      "redeployment": {"scope": "organisation", "cost_per_fte": 500},
                      "demand_growth": {"teams": {"-5": 3.0}}},
           "objective": {"kind": "min_cost"}}
    sc = scenario_from_dict(doc, base_dir=tmp)
    plan, _ = run(sc)
    assert plan.has_plan
    return plan, scenario_to_dict(sc, absolute_paths=True), tmp


PACKAGE = Path(plan_folder.__file__).parents[1]


def test_the_plan_folders_file_names_are_spelled_in_plan_folder_only() -> None:
    """Code, messages, docstrings and comments name the folder's files through
    :mod:`planner.io.plan_folder`."""
    spelled = re.compile("|".join(rf"(?<![\w.]){re.escape(f)}(?!\w)"
                                  for f in plan_folder.FILES))
    here = Path(plan_folder.__file__)
    found = [f"{p.relative_to(PACKAGE.parent)}:{i}: {line.strip()}"
             for p in sorted(PACKAGE.rglob("*.py")) if p != here
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if spelled.search(line)]
    assert "staffing.csv" in plan_folder.FILES and "plan.json" in plan_folder.FILES
    assert not found, "\n".join(found)


def _cells(path: Path, columns: tuple[str, ...]) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row[c] for row in csv.DictReader(f) for c in columns if c in row]


@pytest.mark.parametrize("text", [*TEAMS, "", "'", "''x", "\tx", "\rx", "a=b"])
def test_escape_reads_back_losslessly(text: str) -> None:
    escaped = escape_text(text)
    assert not escaped.startswith(FORMULA_START)
    assert unescape_text(escaped) == text


def test_plan_folder_neutralises_names_and_reads_them_back(weird, tmp_path: Path) -> None:
    plan, doc, _ = weird
    out = write_plan(plan, tmp_path / "plan", doc)
    assert json.loads((out / "plan.json").read_text())["plan_format"] == 2
    for name in ("staffing", "teams", "work", "capabilities", "moves"):
        cells = _cells(out / f"{name}.csv", NAMED_COLUMNS)
        assert cells, name
        assert not [c for c in cells if c.startswith(FORMULA_START)], name
    assert '\'=HYPERLINK("http://x.example","click")' in _cells(out / "teams.csv", ("team",))
    assert "''already quoted" in _cells(out / "teams.csv", ("team",))
    summary, tables, _ = read_plan(out)
    assert "plan_format" not in summary
    assert set(tables["teams"]["team"]) == set(TEAMS)
    moves = tables["moves"]
    assert set(moves["to_team"]) == {"-5"} and set(moves["from_team"]) <= set(TEAMS) - {"-5"}
    for name in ("staffing", "teams", "moves"):
        pd.testing.assert_frame_equal(tables[name], plan.tables[name], check_dtype=False)
    assert check_plan(out).ok, check_plan(out).failures()


def _as_old_format(new: Path, old: Path) -> Path:
    """The folder the code before plan_format wrote: raw text, no moves.csv, no version."""
    old.mkdir()
    summary = json.loads((new / "plan.json").read_text())
    summary.pop("plan_format")
    (old / "plan.json").write_text(json.dumps(summary), encoding="utf-8")
    for f in new.glob("*.csv"):
        if f.stem != "moves":
            read_table(f, f.stem, 2).to_csv(old / f.name, index=False)
    (old / "scenario.yaml").write_bytes((new / "scenario.yaml").read_bytes())
    return old


def test_a_folder_written_before_plan_format_still_reads(weird, tmp_path: Path) -> None:
    plan, doc, _ = weird
    new = write_plan(plan, tmp_path / "new", doc)
    assert json.loads((new / "plan.json").read_text())["plan_format"] == 2
    old = _as_old_format(new, tmp_path / "old")
    assert "'already quoted" in _cells(old / "teams.csv", ("team",))  # raw, as it was
    report = check_plan(old)
    assert report.ok, report.failures()
    assert "no moves.csv" in next(f.detail for f in report.findings
                                  if f.check == "moves_reconcile")
    _, tables, _ = read_plan(old)
    assert set(tables["teams"]["team"]) == set(TEAMS)  # no apostrophe stripped
    comp = compare({"old": read_plan(old), "new": read_plan(new)})
    assert comp.headline.set_index("measure").loc["total_cost"].nunique() == 1


def test_store_exports_old_and_new_runs_as_readable_folders(weird, tmp_path: Path) -> None:
    plan, doc, _ = weird
    store = Store(f"sqlite:///{tmp_path / 'planner.db'}")
    saved = store.save_scenario(doc)
    before = {k: v for k, v in plan.tables.items() if k != "moves"}  # a run stored earlier
    ids = [store.save_run(saved.id, plan.summary, t) for t in (before, plan.tables)]
    for run_id in ids:
        out = store.export_run(run_id, tmp_path / f"run{run_id}")
        assert not [c for c in _cells(out / "teams.csv", ("team",))
                    if c.startswith(FORMULA_START)]
        _, tables, _ = read_plan(out)
        assert set(tables["teams"]["team"]) == set(TEAMS)
        assert check_plan(out).ok, check_plan(out).failures()


OLD_FOLDERS = Path(__file__).parents[1] / "data" / "plan_folders"
WILLIAMS = PACKAGE.parent / "models" / "williams_manpower.yaml"


@pytest.mark.parametrize("name", ["v2_roster", "v2_pools"])
def test_a_folder_written_before_the_schemas_still_reads(name: str) -> None:
    """Folders ``planner run --out`` wrote before the plan tables had schemas (kept as test
    data) read, validate, check and make finance tables."""
    folder = read_plan_folder(OLD_FOLDERS / name)
    assert set(folder.tables) == set(PlanTable) - set(LEDGER_TABLES) - {PlanTable.COMPLIANCE}
    for table, frame in folder.tables.items():
        columns = PlanTable(table).schema.to_schema().columns
        assert list(frame.columns) == [c for c, col in columns.items()
                                       if col.required or c in frame.columns]
    assert "vacant_fte_start" not in folder.tables["staffing"]  # vacancies came later
    assert folder.tables["staffing"]["is_manager"].dtype == bool
    if name == "v2_roster":
        assert set(folder.tables["teams"]["team"]) == {"+Ops", "2024"}  # text, unescaped
    report = check_plan(OLD_FOLDERS / name)
    assert report.ok, report.failures()
    assert finance_tables(folder.summary, folder.tables, folder.scenario).tidy.shape[0] > 0


@pytest.mark.parametrize("case", ["roster", "pools"])
def test_every_table_of_a_built_plan_is_its_schemas(weird, case: str) -> None:
    """The schemas describe what the planner builds: every column, in order, every type."""
    plan = weird[0] if case == "roster" else run(load_scenario(WILLIAMS))[0]
    assert set(plan.tables) == set(PlanTable) - {PlanTable.COMPLIANCE}  # no rules: no law
    for table, frame in plan.tables.items():
        schema = PlanTable(table).schema
        columns = schema.to_schema().columns  # optional ones only where the plan has them
        assert list(frame.columns) == [c for c, col in columns.items()
                                       if col.required or c in frame.columns], table
        schema.validate(frame, lazy=True)


def _corrupt(src: Path, out: Path, table: PlanTable, change) -> Path:  # noqa: ANN001
    out.mkdir()
    for f in src.iterdir():
        (out / f.name).write_bytes(f.read_bytes())
    frame = pd.read_csv(out / table.file, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(out / table.file, index=False)
    return out


def test_a_corrupted_table_says_where_what_was_expected_found_and_the_fix(
        tmp_path: Path) -> None:
    def spoil(frame: pd.DataFrame) -> None:
        frame.loc[2, "fte_end"] = "lots"
        frame.loc[4, "is_manager"] = "maybe"
        frame.loc[1, "team"] = ""
        del frame["hires"]

    out = _corrupt(OLD_FOLDERS / "v2_roster", tmp_path / "bad", PlanTable.STAFFING, spoil)
    with pytest.raises(InputError) as info:
        read_plan_folder(out)
    found = {(p.row, p.column): p for p in info.value.problems}
    assert set(found) == {(None, "hires"), (4, "fte_end"), (3, "team"), (6, "is_manager")}
    assert found[4, "fte_end"].message == "expected a number, found 'lots'"
    assert found[6, "is_manager"].message == "expected True or False, found 'maybe'"
    assert found[3, "team"].message == "expected a value, found an empty cell"
    assert found[None, "hires"].message.startswith("expected a column 'hires', found none")
    for p in info.value.problems:
        assert p.code == "bad_plan_table" and p.file == str(out / "staffing.csv")
        assert f"run its scenario again into this folder (the scenario is {out}/" in p.hint
    assert "staffing.csv, row 4, column 'fte_end'" in str(info.value)


def test_a_corrupted_moves_table_names_the_rule_it_breaks(tmp_path: Path) -> None:
    def spoil(frame: pd.DataFrame) -> None:
        frame.loc[0, "kind"] = "teleport"
        frame.loc[1, "fte_arriving"] = "5"

    out = _corrupt(OLD_FOLDERS / "v2_roster", tmp_path / "bad", PlanTable.MOVES, spoil)
    with pytest.raises(InputError) as info:
        check_plan(out)
    messages = {(p.row, p.column): p.message for p in info.value.problems}
    assert messages == {
        (2, "kind"): "expected one of redeploy, reskill, found 'teleport'",
        (3, None): "expected that a move delivers at most the people who left (reskilling "
                   "loses some), found a row where it does not"}


def test_a_plan_built_with_a_column_its_schema_lacks_is_refused(weird) -> None:
    plan, _, _ = weird
    tables = {**plan.tables, "teams": plan.tables["teams"].assign(headcount=1)}
    with pytest.raises(PlannerError, match="plan table teams: expected the columns team, "
                       "period, .*run_rate_cost.*, found .*run_rate_cost.*, headcount; this is a "
                       "planner bug"):
        check_plan_columns(plan.summary, tables)
