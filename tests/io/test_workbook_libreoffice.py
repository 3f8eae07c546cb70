"""The finance workbook opens in LibreOffice, and its recalculated totals reconcile.

LibreOffice converts the workbook headless (it recalculates every formula and saves the
values); the figures read back must equal the plan's summary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from planner.io.workbook import workbook_bytes
from planner.plan.finance import finance_tables, read_plan
from planner.plan.run import run
from planner.plan.tables import write_plan
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_to_dict
from tests.conftest import ROOT


def soffice() -> str:
    exe = shutil.which("soffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("soffice not found: `make test` installs libreoffice-calc-nogui")
        pytest.skip("soffice (Debian's libreoffice-calc-nogui) is not installed")
    return exe


@pytest.mark.parametrize("model", ["automation_push", "attrition_only", "reinvest_growth"])
def test_libreoffice_recalculates_the_totals_to_the_plan(tmp_path: Path, model: str) -> None:
    exe = soffice()
    sc = load_scenario(ROOT / "models" / f"{model}.yaml")
    plan, _ = run(sc)
    write_plan(plan, tmp_path / "plan", scenario_to_dict(sc, absolute_paths=True))
    tables = finance_tables(*read_plan(tmp_path / "plan"))
    book = tmp_path / "plan.xlsx"
    book.write_bytes(workbook_bytes(tables))
    out = tmp_path / "lo"
    profile = tmp_path / "profile"
    result = subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(book)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "error" not in (result.stderr or "").lower(), result.stderr
    wb = openpyxl.load_workbook(out / "plan.xlsx", data_only=True)
    s = plan.summary

    def total(sheet: str, column: str) -> float:
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        last = [c.value for c in ws[ws.max_row]]
        assert last[0] == "Total"
        return float(last[header.index(column)])

    # what a finance analyst opens: the Summary first, numbers as numbers, money in GBP
    assert wb.sheetnames[0] == "Summary" and wb.sheetnames[-1] == "Technical"
    assumptions = {r[0].value: r[1] for r in wb["Assumptions"].iter_rows(min_row=2)}
    assert assumptions["horizon.periods"].data_type == "n"
    assert assumptions["horizon.periods"].value == sc.horizon.periods
    summary = {r[0].value: r for r in wb["Summary"].iter_rows(min_row=2)}
    after = summary["Run-rate cost after"]
    assert after[1].data_type == "n" and "GBP" in after[1].number_format
    assert after[1].value == pytest.approx(s["run_rate_cost_after"])
    assert total("Team changes", "redundancies") == pytest.approx(s["redundancies"], abs=1e-6)
    assert total("Team changes", "hires") == pytest.approx(s["hires"], abs=1e-6)
    for category, amount in s["one_off_cost"].items():
        assert total("One-off costs", category) == pytest.approx(amount, abs=0.01)
    assert total("Payback", "net") == pytest.approx(
        float(tables.payback.cash_flows["net"].sum()), rel=1e-9)
