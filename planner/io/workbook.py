"""Write finance tables as an Excel workbook or CSV files, safely.

Text that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written as text: in a workbook as a string cell, in CSV with
a leading apostrophe (the OWASP recommendation against formula injection), by the rule the
plan folder uses (:func:`planner.io.plan_folder.escape_text`, which also doubles a leading
apostrophe so that the escape reads back losslessly).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from planner.io.plan_folder import escape_frame, escape_text
from planner.plan.finance import (
    ONE_OFF_CATEGORIES,
    SALARIES,
    FinanceTables,
    summary_rows,
    technical_rows,
)

safe_text = escape_text
"""A CSV cell that no spreadsheet will run as a formula (the plan folder's rule)."""
TOTALS: dict[str, tuple[str, ...]] = {
    "Cost centres": ("fte_change", "run_rate_change", SALARIES, "one_off_people_costs"),
    "One-off costs": ONE_OFF_CATEGORIES,
    "Team changes": ("attrition", "hires", "redeploy_in", "redeploy_out", "redundancies"),
    "AI layer": ("executed_hours", "assisted_hours", "oversight_hours", "cost"),
    "Moves": ("people", "fte", "fte_arriving", "cost"),
    "Pool changes": ("redundancies", "moves_out", "reskill_out", "vacancies_closed",
                     "vacancies_filled", "new_posts"),
    "Requisitions": ("posts", "fte", "annual_cost", "one_off_cost"),
    "Payback": ("savings", "one_off_costs", "net", "discounted_net"),
}
"""Columns whose totals mean something (flows, not stocks), per sheet."""
MONEY = ("cost", SALARIES, *ONE_OFF_CATEGORIES, "run_rate", "savings", "net")
HOURS = ("hours",)


def _fmt_key(column: str) -> str:
    if any(k in column for k in HOURS):
        return "hours"
    if any(k in column for k in MONEY):
        return "money"
    return "fte"


def _money_format(currency: str | None) -> str:
    """The number format of money cells: the amount with the roster's currency code."""
    return f'"{currency}" #,##0' if currency else "#,##0"


def _cell(ws: Any, i: int, j: int, v: Any, fmt: Any = None) -> None:
    """One cell as what it is: a number as a number, a flag as a boolean, text as text."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return
    if isinstance(v, bool | np.bool_):
        ws.write_boolean(i, j, bool(v))
    elif isinstance(v, int | float | np.integer | np.floating):
        ws.write_number(i, j, float(v), fmt)
    else:
        ws.write_string(i, j, str(v))


def workbook_bytes(tables: FinanceTables, how: Callable[[str], str] | None = None) -> bytes:
    """The finance workbook: the Summary first (the plan's business measures with units in
    the roster's currency, then its caveats, their hints saying how to set a setting when
    ``how``, the face's way to set one, is given: :func:`planner.plan.finance.summary_rows`), one
    sheet per table (frozen headers, number formats with the currency on money columns,
    column widths, totals rows that are SUM formulas over the data cells), and the solver's
    details last (Technical)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    bold = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    money = _money_format(tables.currency)
    formats = {"money": wb.add_format({"num_format": money}),
               "hours": wb.add_format({"num_format": "#,##0"}),
               "fte": wb.add_format({"num_format": "#,##0.00"}),
               "count": wb.add_format({"num_format": "#,##0"})}
    total_formats = {k: wb.add_format({"num_format": f.num_format, "bold": True, "top": 1})
                     for k, f in formats.items()}
    label = wb.add_format({"bold": True, "top": 1})
    extra = len(tables.currency or "") + 1  # room for the currency code in money cells

    summary = wb.add_worksheet("Summary")
    summary.write_row(0, 0, ["measure", "value", "unit"], bold)
    for i, (k, v, unit) in enumerate(summary_rows(tables, how), start=1):
        summary.write_string(i, 0, k)
        fmt = formats["money"] if (tables.currency or "currency") in unit else (
            formats["fte"] if unit in ("FTE", "years") else formats["hours"]
            if unit == "h" else None)
        _cell(summary, i, 1, v, fmt)
        summary.write_string(i, 2, unit)
    summary.set_column(0, 0, 32)
    summary.set_column(1, 1, 24 + extra)
    summary.set_column(2, 2, 16)

    for sheet_name, frame in tables.sheets().items():
        ws = wb.add_worksheet(sheet_name)
        ws.freeze_panes(1, 0)
        for j, col in enumerate(frame.columns):
            ws.write_string(0, j, str(col), bold)
            values = frame[col]
            numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(
                values)
            # whole counts (posts, people) as whole numbers
            kind = "count" if pd.api.types.is_integer_dtype(values) else _fmt_key(str(col))
            width = max([len(str(col))] + [len(f"{v:,.2f}" if isinstance(v, float) else str(v))
                                           for v in values.head(200)]) + 2
            width += extra if numeric and kind == "money" else 0
            ws.set_column(j, j, min(max(width, 8), 60), formats[kind] if numeric else None)
            for i, v in enumerate(values.tolist(), start=1):
                _cell(ws, i, j, v)
        totals = [c for c in TOTALS.get(sheet_name, ()) if c in frame.columns]
        if totals and len(frame):
            last = len(frame)
            ws.write_string(last + 1, 0, "Total", label)
            for col in totals:
                j = list(frame.columns).index(col)
                ref = xlsxwriter.utility.xl_range(1, j, last, j)
                kind = "count" if pd.api.types.is_integer_dtype(frame[col]) else _fmt_key(col)
                ws.write_formula(last + 1, j, f"=SUM({ref})", total_formats[kind],
                                 float(frame[col].sum()))

    _structure_sheet(wb, tables.summary, bold)
    _notification_sheet(wb, tables.summary, bold)
    tech = wb.add_worksheet("Technical")
    tech.write_row(0, 0, ["solver detail", "value"], bold)
    for i, (k, v) in enumerate(technical_rows(tables.summary), start=1):
        tech.write_string(i, 0, k)
        _cell(tech, i, 1, v)
    tech.set_column(0, 0, 28)
    tech.set_column(1, 1, 22)
    wb.close()
    return buf.getvalue()


def _structure_sheet(wb: Any, summary: dict[str, Any], bold: Any) -> None:
    """The Structure sheet: managers, spans and layers before and after the plan, how they
    are derived, the teams delayered and left (each with why), then one row per team
    (:class:`planner.plan.structure.Structure`); none for a plan without one."""
    if not summary.get("structure"):
        return
    from planner.plan.structure import TEAM_HEADERS, Structure

    st = Structure.from_dict(summary["structure"])
    ws = wb.add_worksheet("Structure")
    ws.write_row(0, 0, ["measure", "before", "after"], bold)
    overall = st.table()
    for i, r in enumerate(overall.itertuples(index=False), start=1):
        ws.write_string(i, 0, str(r.measure))
        _cell(ws, i, 1, r.before)
        _cell(ws, i, 2, r.after)
    top = len(overall) + 1
    ws.write_string(top, 0, st.derivation)
    for line in st.delayering_sentences(shown=len(st.delayering)):  # every team, with why
        top += 1
        ws.write_string(top, 0, line)
    teams = pd.DataFrame([t.to_dict() for t in st.teams])
    if len(teams):
        ws.write_row(top + 2, 0, [TEAM_HEADERS.get(c, c) for c in teams.columns], bold)
        for i, row in enumerate(teams.itertuples(index=False), start=top + 3):
            for j, v in enumerate(row):
                _cell(ws, i, j, v)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 6, 14)
    ws.set_column(7, 7, 60)


def _notification_sheet(wb: Any, summary: dict[str, Any], bold: Any) -> None:
    """The HR1 and WARN sheet: the compliance lines, then per establishment the figures an
    HR1 or WARN notice asks (redundancies by occupational group, the proposed dates,
    the duty); the reasons are the user's to give. None for a plan without rules."""
    from planner.plan.compliance import compliance_lines

    lines = compliance_lines(summary)
    if not lines:
        return
    ws = wb.add_worksheet("HR1 and WARN")
    ws.write_string(0, 0, "Dates and the law (not legal advice: have them checked)", bold)
    for i, line in enumerate(lines, start=1):
        ws.write_string(i, 0, line)
    row = len(lines) + 2
    ws.write_row(row, 0, ["establishment", "duty", "occupational group", "redundancies",
                          "consultation or notice starts by", "first exit", "last exit",
                          "reasons"], bold)
    for e in summary["compliance"]["establishments"]:
        for group, n in (e["by_occupational_group"] or {"(none)": 0}).items():
            row += 1
            for j, v in enumerate([e["establishment"], "; ".join(e["obligations"]) or "none",
                                   group, n, e["latest_start"] or "",
                                   e["first_effective_date"] or "",
                                   e["last_effective_date"] or "", "(yours to give)"]):
                _cell(ws, row, j, v)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 2, 40)
    ws.set_column(3, 7, 16)


def csv_files(tables: FinanceTables) -> dict[str, str]:
    """The tables as CSV texts, by file name (``cost_centres.csv`` ...), formula-safe."""
    return {f"{name.lower().replace(' ', '_').replace('-', '_')}.csv":
            escape_frame(frame).to_csv(index=False) for name, frame in tables.sheets().items()}


def zip_bytes(files: dict[str, str | bytes], folder: str = "") -> bytes:
    """Files (name -> text or bytes) as a zip archive, under ``folder`` when given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(f"{folder}/{name}" if folder else name, data)
    return buf.getvalue()


def write_csv(tables: FinanceTables, out: str | os.PathLike[str]) -> Path:
    """The tables as CSV files in a folder, or in a zip when ``out`` ends with ``.zip``."""
    target = Path(out)
    files = csv_files(tables)
    if target.suffix.lower() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(zip_bytes(files))
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (target / name).write_text(text, encoding="utf-8")
    return target


PSEUDONYM_KEY_FILE = ".planner_pseudonym_key"
"""The file a finance export keeps its pseudonym key in, next to the export, unless the user
names one (``planner export --key-file``) or sets the key itself (``PLANNER_PSEUDONYM_KEY``)."""


def pseudonym_key(key_file: str | os.PathLike[str]) -> tuple[bytes, bool]:
    """The pseudonym key kept in ``key_file``, and whether it was made now.

    A file that does not exist yet gets a new random key (32 bytes, as hex), readable by its
    owner only: exports keyed by the same file give the same pseudonyms.
    """
    import secrets

    path = Path(key_file)
    made = not path.exists()
    if made:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8"), made
