"""Write finance tables as an Excel workbook or CSV files, safely.

Text that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written as text: in a workbook as a string cell, in CSV with
a leading apostrophe (the OWASP recommendation against formula injection), by the rule the
plan folder uses (:func:`planner.planfolder.escape_text`, which also doubles a leading
apostrophe so that the escape reads back losslessly).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from planner.finance import FinanceTables
from planner.planfolder import escape_frame, escape_text

safe_text = escape_text
"""A CSV cell that no spreadsheet will run as a formula (the plan folder's rule)."""
TOTALS: dict[str, tuple[str, ...]] = {
    "Cost centres": ("fte_change", "run_rate_change", "salaries", "one_off_people_costs"),
    "One-off costs": ("severance", "hiring", "reskilling", "redeployment", "ai_implementation"),
    "Team changes": ("attrition", "hires", "redeploy_in", "redeploy_out", "redundancies"),
    "AI layer": ("executed_hours", "oversight_hours", "cost"),
    "Moves": ("fte", "fte_arriving", "cost"),
    "Payback": ("savings", "one_off_costs", "net", "discounted_net"),
}
"""Columns whose totals mean something (flows, not stocks), per sheet."""
MONEY = ("cost", "salaries", "severance", "hiring", "reskilling", "redeployment",
         "ai_implementation", "run_rate", "savings", "net")
HOURS = ("hours",)


def _fmt_key(column: str) -> str:
    if any(k in column for k in HOURS):
        return "hours"
    if any(k in column for k in MONEY):
        return "money"
    return "fte"


def workbook_bytes(tables: FinanceTables) -> bytes:
    """The finance workbook: one sheet per table, frozen headers, number formats, column
    widths, and totals rows that are SUM formulas over the data cells."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    bold = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    formats = {"money": wb.add_format({"num_format": "#,##0"}),
               "hours": wb.add_format({"num_format": "#,##0"}),
               "fte": wb.add_format({"num_format": "#,##0.00"})}
    total_formats = {k: wb.add_format({"num_format": f.num_format, "bold": True, "top": 1})
                     for k, f in formats.items()}
    label = wb.add_format({"bold": True, "top": 1})
    for sheet_name, frame in tables.sheets().items():
        ws = wb.add_worksheet(sheet_name)
        ws.freeze_panes(1, 0)
        for j, col in enumerate(frame.columns):
            ws.write_string(0, j, str(col), bold)
            values = frame[col]
            numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(
                values)
            width = max([len(str(col))] + [len(str(v)) for v in values.head(200)]) + 2
            ws.set_column(j, j, min(max(width, 8), 60),
                          formats[_fmt_key(str(col))] if numeric else None)
            for i, v in enumerate(values.tolist(), start=1):
                if v is None or (isinstance(v, float) and np.isnan(v)):
                    continue
                if numeric:
                    ws.write_number(i, j, float(v))
                elif isinstance(v, bool | np.bool_):
                    ws.write_boolean(i, j, bool(v))
                else:
                    ws.write_string(i, j, str(v))
        totals = [c for c in TOTALS.get(sheet_name, ()) if c in frame.columns]
        if totals and len(frame):
            last = len(frame)
            ws.write_string(last + 1, 0, "Total", label)
            for col in totals:
                j = list(frame.columns).index(col)
                ref = xlsxwriter.utility.xl_range(1, j, last, j)
                ws.write_formula(last + 1, j, f"=SUM({ref})", total_formats[_fmt_key(col)],
                                 float(frame[col].sum()))
    summary = wb.add_worksheet("Summary")
    rows = [("scenario", tables.scenario), ("version", tables.version)]
    rows += [(k, v) for k, v in tables.summary.items()
             if isinstance(v, int | float | str) and not isinstance(v, bool)]
    rows += [(f"one_off_cost.{k}", v) for k, v in tables.summary.get("one_off_cost", {}).items()]
    summary.write_row(0, 0, ["measure", "value"], bold)
    for i, (k, v) in enumerate(rows, start=1):
        summary.write_string(i, 0, str(k))
        if isinstance(v, int | float):
            summary.write_number(i, 1, float(v), formats["money"] if abs(v) >= 1000
                                 else formats["fte"])
        else:
            summary.write_string(i, 1, str(v))
    summary.set_column(0, 0, 28)
    summary.set_column(1, 1, 22)
    wb.close()
    return buf.getvalue()


def write_csv(tables: FinanceTables, out: str | os.PathLike[str]) -> Path:
    """The tables as CSV files in a folder, or in a zip when ``out`` ends with ``.zip``."""
    target = Path(out)
    files = {f"{name.lower().replace(' ', '_').replace('-', '_')}.csv":
             escape_frame(frame).to_csv(index=False) for name, frame in tables.sheets().items()}
    if target.suffix.lower() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(name, text)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (target / name).write_text(text, encoding="utf-8")
    return target
