"""Finance exports: the workbook and CSVs reconcile to the plan and are safe to open."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from planner.cli import app
from planner.io.plan_folder import read_plan_folder
from planner.io.workbook import safe_text, workbook_bytes, write_csv
from planner.plan.coverage import plan_coverage
from planner.plan.finance import PlanParts, finance_tables, format_money, run_rate_bridge
from planner.plan.run import run
from planner.plan.tables import Plan, write_plan
from planner.scenario.keypaths import with_values
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_to_dict
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def planned() -> tuple[Plan, dict]:
    """The automation push's plan in memory, and its scenario document."""
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    return run(sc)[0], scenario_to_dict(sc, absolute_paths=True)


@pytest.fixture(scope="module")
def parts(planned) -> PlanParts:
    """The plan as finance takes it: summary, tables and scenario document."""
    plan, doc = planned
    return plan.summary, plan.tables, doc


@pytest.fixture(scope="module")
def plan_dir(planned, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same plan as a plan folder (what ``planner export`` reads)."""
    plan, doc = planned
    return write_plan(plan, tmp_path_factory.mktemp("plan"), doc)


@pytest.fixture(scope="module")
def tables(parts: PlanParts):
    return finance_tables(*parts)


def test_a_plan_read_back_from_its_folder_gives_the_same_tables(tables, plan_dir) -> None:
    f = read_plan_folder(plan_dir)
    again = finance_tables(f.summary, f.tables, f.scenario)
    for name, frame in tables.sheets().items():
        assert_frame_equal(again.sheets()[name], frame, check_dtype=False, obj=name)


def test_tables_reconcile_to_the_plan_summary(tables, parts: PlanParts) -> None:
    summary, plan_tables, _ = parts
    last, first = summary["periods"][-1], summary["periods"][0]
    cc = tables.cost_centres
    assert cc.loc[cc["period"] == last, "fte_end"].sum() == pytest.approx(summary["fte_after"])
    assert cc.loc[cc["period"] == first, "run_rate_cost_start"].sum() == pytest.approx(
        summary["run_rate_cost_before"])
    assert cc.loc[cc["period"] == last, "run_rate_cost_end"].sum() == pytest.approx(
        summary["run_rate_cost_after"], rel=1e-9)
    costs = plan_tables["costs"]
    assert cc["salaries"].sum() == pytest.approx(
        costs.loc[costs["category"] == "salaries", "amount"].sum())
    for category, amount in summary["one_off_cost"].items():
        assert tables.one_off[category].sum() == pytest.approx(amount, abs=0.01)
    tc = tables.team_changes
    for key in ("redundancies", "hires", "attrition"):
        assert tc[key].sum() == pytest.approx(summary[key])
    ai = costs.loc[costs["category"].isin(["ai_run", "ai_fixed"]), "amount"].sum()
    assert tables.ai_layer["cost"].sum() == pytest.approx(ai)
    by_measure = tables.tidy.groupby("measure")["value"].sum()
    assert by_measure["redundancies"] == pytest.approx(summary["redundancies"])
    assert set(tables.tidy.columns) == {"scenario", "version", "cost_center", "team", "role",
                                        "period", "measure", "value"}


def test_quarterly_phasing_adds_up_to_the_horizon(tables) -> None:
    one = tables.one_off.set_index("period")
    assert len(one) == 4
    assert one.sum().sum() == pytest.approx(sum(tables.summary["one_off_cost"].values()),
                                            abs=0.05)


def test_workbook_totals_are_formulas_over_the_data_cells(tables) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables)))
    assert wb.sheetnames == ["Summary", "Assumptions", "Cost centres", "One-off costs",
                             "Team changes", "AI layer", "Tidy", "Moves", "Payback",
                             "Positions", "Pool changes", "Requisitions", "Alternatives",
                             "Structure",
                             "Technical"]
    ws = wb["Team changes"]
    n = len(tables.team_changes)
    assert ws.freeze_panes == "A2"
    total_row = [c.value for c in ws[n + 2]]
    assert total_row[0] == "Total"
    header = [c.value for c in ws[1]]
    col = header.index("redundancies")
    letter = openpyxl.utils.get_column_letter(col + 1)
    assert total_row[col] == f"=SUM({letter}2:{letter}{n + 1})"
    values = [ws.cell(row=i, column=col + 1).value for i in range(2, n + 2)]
    assert sum(values) == pytest.approx(tables.summary["redundancies"])
    assert ws.cell(row=2, column=col + 1).number_format == "#,##0.00"


def test_the_ledger_sheets_count_whole_posts_and_people(tables, parts: PlanParts) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables)))
    pc = parts[1]["pool_changes"]
    ws = wb["Pool changes"]
    assert [c.value for c in ws[1]] == list(pc.columns)
    header = [c.value for c in ws[1]]
    col = header.index("redundancies") + 1
    assert ws.cell(row=2, column=col).number_format == "#,##0"
    letter = openpyxl.utils.get_column_letter(col)
    assert ws.cell(row=len(pc) + 2, column=col).value == f"=SUM({letter}2:{letter}{len(pc) + 1})"
    assert wb["Positions"].max_row == len(parts[1]["positions"]) + 1
    moves = [c.value for c in wb["Moves"][1]]
    assert moves.index("people") == moves.index("fte") - 1


def test_workbook_summary_first_in_the_rosters_currency_with_solver_details_apart(
        tables) -> None:
    assert tables.currency == "GBP"
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables)))
    summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(values_only=True)}
    # How much of the FTE has no confident role comes first, before the figures.
    assert list(summary)[:5] == ["measure", "Without a confident role",
                                 "FTE without a confident role", "Scenario", "Version"]
    assert summary["Without a confident role"][0] == plan_coverage(
        tables.summary).statement()
    assert summary["FTE without a confident role"][0] == pytest.approx(1.0)
    assert summary["Currency"][0] == "GBP"
    assert summary["Objective"][0] == "Lowest total cost"
    assert summary["Run-rate cost after"][1] == "GBP/year"
    labels = [str(k) for k in summary]
    assert [k.lower() for k in labels].count("scenario") == 1
    assert not {"backend", "solve_seconds", "model_size.variables", "objective"} & set(labels)
    technical = {r[0] for r in wb["Technical"].iter_rows(values_only=True)}
    assert {"backend", "solve_seconds", "model_size.variables", "objective"} <= technical
    ws = wb["Summary"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Run-rate cost after")
    assert row[1].data_type == "n" and "GBP" in row[1].number_format
    cc = wb["Cost centres"]
    header = [c.value for c in cc[1]]
    assert "GBP" in cc.cell(row=2, column=header.index("salaries") + 1).number_format
    assert "GBP" not in cc.cell(row=2, column=header.index("fte_end") + 1).number_format


def test_assumptions_keep_numbers_as_numbers(tables) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables)))
    rows = {r[0].value: r for r in wb["Assumptions"].iter_rows(min_row=2)}
    assert rows["horizon.periods"][1].value == 4 and rows["horizon.periods"][1].data_type == "n"
    assert rows["finance.discount_rate"][1].data_type == "n"
    assert rows["name"][1].data_type == "s"
    cost = next(r for k, r in rows.items() if k.endswith("cost_per_hour"))
    assert cost[1].data_type == "n" and cost[2].value == "GBP/h"
    text_numbers = [r[1].value for r in rows.values() if isinstance(r[1].value, str)
                    and r[1].value.replace(".", "", 1).isdigit()]
    assert text_numbers == []


def test_money_reads_with_its_currency() -> None:
    assert format_money(1210.4, "GBP") == "GBP 1,210"
    assert format_money(80_342_983, "GBP", compact=True) == "GBP 80.3m"
    assert format_money(45_200, "EUR", compact=True) == "EUR 45k"
    assert format_money(None, "GBP") == "-" and format_money(12.0) == "12"


def test_run_rate_bridge_steps_add_up(parts: PlanParts) -> None:
    summary, plan_tables, _ = parts
    b = run_rate_bridge(summary, plan_tables["costs"])
    assert b["amount"].iloc[0] + b["amount"].iloc[1:3].sum() == pytest.approx(
        b["amount"].iloc[-1])
    assert b["amount"].iloc[1] > 0 > b["amount"].iloc[2]  # the AI layer costs, people save


def test_text_that_looks_like_a_formula_stays_text(parts: PlanParts, tmp_path: Path) -> None:
    summary, plan_tables, scenario = parts
    scenario = {**scenario, "name": "=HYPERLINK(\"http://x\",\"click\")",
                "description": "+cmd|' /C calc'!A0"}
    summary = {**summary, "scenario": scenario["name"]}
    t = finance_tables(summary, plan_tables, scenario)
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(t)))
    cells = [c for row in wb["Assumptions"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(("=", "+"))]
    assert cells and all(c.data_type == "s" for c in cells)
    tidy = wb["Tidy"]
    assert tidy.cell(row=2, column=1).data_type == "s"
    write_csv(t, tmp_path / "csv")
    text = (tmp_path / "csv" / "assumptions.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'+cmd" in text
    assert safe_text("-2+3") == "'-2+3" and safe_text("plain") == "plain"


def test_csv_zip_and_cli(plan_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(plan_dir), "--format", "csv", "--out",
                                 str(tmp_path / "f.zip")])
    assert result.exit_code == 0
    names = set(zipfile.ZipFile(tmp_path / "f.zip").namelist())
    assert {"assumptions.csv", "cost_centres.csv", "one_off_costs.csv", "team_changes.csv",
            "ai_layer.csv", "tidy.csv"} <= names
    result = runner.invoke(app, ["export", str(plan_dir), "--out", str(tmp_path / "w.xlsx")])
    assert result.exit_code == 0 and (tmp_path / "w.xlsx").stat().st_size > 5000
    assert runner.invoke(app, ["export", str(plan_dir), "--format", "pdf", "--out",
                               str(tmp_path / "x")]).exit_code == 2


@pytest.mark.parametrize("change", [{}, {"objective.kind": "min_redundancies"}])
def test_williams_plans_reconcile(tmp_path: Path, change: dict) -> None:
    sc = with_values(load_scenario(ROOT / "models" / "williams_manpower.yaml"), change)
    plan, _ = run(sc)
    t = finance_tables(plan.summary, plan.tables, scenario_to_dict(sc, absolute_paths=True))
    assert t.team_changes["redundancies"].sum() == pytest.approx(plan.summary["redundancies"])
    assert t.one_off["severance"].sum() == pytest.approx(plan.summary["one_off_cost"]["severance"],
                                                         abs=0.01)


def test_payback_and_npv(tables, parts: PlanParts) -> None:
    summary, plan_tables, scenario = parts
    pay = tables.payback
    flows = pay.cash_flows
    assert pay.discount_rate == pytest.approx(0.08)
    # Savings are the run rate before less each quarter's recurring costs.
    costs = plan_tables["costs"]
    recurring = costs[~costs["category"].isin(
        ["severance", "hiring", "reskilling", "redeployment", "ai_implementation"])]
    assert flows["savings"].sum() == pytest.approx(
        4 * 0.25 * summary["run_rate_cost_before"] - recurring["amount"].sum())
    assert flows["one_off_costs"].sum() == pytest.approx(sum(summary["one_off_cost"].values()),
                                                         abs=0.05)
    assert pay.npv == pytest.approx(sum(n * (1.08) ** -(0.25 * (i + 1))
                                        for i, n in enumerate(flows["net"])))
    if pay.payback_period is not None:
        k = list(flows["period"]).index(pay.payback_period)
        assert flows["cumulative_net"].iat[k] >= 0
        assert (flows["cumulative_net"].iloc[:k] < 0).all()
    assert tables.summary["npv"] == pytest.approx(pay.npv, abs=0.01)


def test_discount_rate_is_a_scenario_setting(parts: PlanParts) -> None:
    summary, plan_tables, scenario = parts
    low = finance_tables(summary, plan_tables, {**scenario, "finance": {"discount_rate": 0.0}})
    high = finance_tables(summary, plan_tables, {**scenario, "finance": {"discount_rate": 0.5}})
    net = low.payback.cash_flows["net"].sum()
    assert low.payback.npv == pytest.approx(net)
    assert high.payback.npv != pytest.approx(low.payback.npv)


def test_roster_sheet_leaves_names_out_unless_asked(tmp_path: Path) -> None:
    import pandas as pd

    from planner.plan.finance import roster_sheet

    roster = pd.DataFrame({"position_id": ["P1", "P2"], "employee_id": ["E1", ""],
                           "name": ["Ann Example", ""], "fte": [1.0, 0.5]})
    assert "name" not in roster_sheet(roster).columns
    assert roster_sheet(roster, include_names=True)["name"].tolist() == ["Ann Example", ""]
    a = roster_sheet(roster, include_names=True, pseudonymise=True, key=b"k1")
    b = roster_sheet(roster, include_names=True, pseudonymise=True, key=b"k1")
    c = roster_sheet(roster, include_names=True, pseudonymise=True, key=b"k2")
    assert a.equals(b) and not a.equals(c)
    assert a.at[0, "employee_id"].startswith("EMP-") and a.at[0, "name"].startswith("PERSON-")
    assert "Ann" not in a.to_csv()
    assert a.at[1, "employee_id"] == ""


def test_export_with_roster_cli(plan_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_PSEUDONYM_KEY", "test-key")
    runner = CliRunner()
    out = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["export", str(plan_dir), "--out", str(out), "--with-roster",
                                 "--pseudonymise"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Roster"]
    header = [c.value for c in ws[1]]
    assert "name" not in header and ws.max_row == 1501
    emp = [ws.cell(row=i, column=header.index("employee_id") + 1).value for i in range(2, 6)]
    assert all(v is None or str(v).startswith("EMP-") for v in emp)


def test_run_rate_bridge_adds_up_to_the_plan(parts: PlanParts) -> None:
    from planner.plan.finance import run_rate_bridge

    summary, plan_tables, _ = parts
    b = run_rate_bridge(summary, plan_tables["costs"]).set_index("step")["amount"]
    assert b["Run-rate before"] == pytest.approx(summary["run_rate_cost_before"])
    assert b["Run-rate after"] == pytest.approx(summary["run_rate_cost_after"])
    assert b["Run-rate before"] + b["AI layer cost"] + b["People cost change"] == pytest.approx(
        b["Run-rate after"])
    costs = plan_tables["costs"]
    last = costs[(costs["period"] == summary["periods"][-1])
                 & costs["category"].isin(["ai_run", "ai_fixed"])]["amount"].sum()
    assert b["AI layer cost"] == pytest.approx(last * 4, rel=1e-6)  # quarters -> a year
    assert b["People cost change"] < 0


def test_ai_layer_sheet_tells_executed_from_assisted_hours(tables, parts: PlanParts,
                                                          plan_dir: Path) -> None:
    summary, _, scenario = parts
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables)))
    rows = list(wb["AI layer"].iter_rows(values_only=True))
    header, data = list(rows[0]), [r for r in rows[1:] if r[0] != "Total"]
    col = {c: header.index(c) for c in ("kind", "executed_hours", "assisted_hours")}
    assist = [r for r in data if r[col["kind"]] == "assist"]
    assert assist and all(not r[col["executed_hours"]] for r in assist)
    assert sum(r[col["executed_hours"]] or 0 for r in data) == pytest.approx(
        summary["ai_hours"], rel=1e-6)
    assert sum(r[col["assisted_hours"]] or 0 for r in data) == pytest.approx(
        summary["assisted_hours"], rel=1e-6)
    labels = {r[0] for r in wb["Summary"].iter_rows(values_only=True)}
    assert {"Hours of work AI executes", "Hours of human work AI assists"} <= labels
    # a plan folder written before the split reads with the same split, from the scenario
    f = read_plan_folder(plan_dir)
    caps = f.tables["capabilities"]
    old = caps.assign(executed_hours=caps["executed_hours"] + caps["assisted_hours"]).drop(
        columns=["kind", "assisted_hours"])
    legacy = finance_tables(f.summary, {**f.tables, "capabilities": old}, scenario).ai_layer
    assert legacy["executed_hours"].sum() == pytest.approx(summary["ai_hours"], rel=1e-6)
    assert legacy["assisted_hours"].sum() == pytest.approx(summary["assisted_hours"], rel=1e-6)
