"""The plan folder, written and read in one place: ``plan.json``, the plan's tables as CSV
and ``scenario.yaml``.

Text cells carry roster text (team, role and capability names), so a cell a spreadsheet would
run as a formula is neutralised the way the finance exports neutralise it
(:func:`escape_text`, the OWASP recommendation against formula injection), and reads back
losslessly (:func:`unescape_text`).

Format versions, stated in ``plan.json`` as ``plan_format``:

1 (no ``plan_format`` key)
    Text cells as pandas writes them, raw. Read as they are.
2
    Text cells escaped with :func:`escape_text`; reading strips the escape again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.errors import PlannerError

PLAN_FORMAT = 2
"""Format version this code writes (see the module docstring)."""
TABLES = ("staffing", "work", "capabilities", "teams", "costs", "constraints", "moves")
"""Plan tables, one CSV each (``moves`` since format 2)."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""
ESCAPE = "'"
TEXT_COLUMNS = ("team", "function", "cost_center", "role", "task", "capability", "period",
                "arrival_period", "from_team", "from_role", "to_team", "to_role", "kind",
                "category", "name", "explanation")
"""Columns read as text whatever they hold (a team called ``2024`` stays ``"2024"``)."""


def escape_text(value: str) -> str:
    """A text cell no spreadsheet will run: an apostrophe before a text that begins with a
    formula character or with an apostrophe (so that :func:`unescape_text` can undo it)."""
    return ESCAPE + value if value.startswith((*FORMULA_START, ESCAPE)) else value


def unescape_text(value: str) -> str:
    """Undo :func:`escape_text`: strip exactly one leading apostrophe."""
    return value[1:] if value.startswith(ESCAPE) else value


def _map_text(frame: pd.DataFrame, fn: Any) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: fn(v) if isinstance(v, str) else v)
    return out


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell escaped (:func:`escape_text`)."""
    return _map_text(frame, escape_text)


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell unescaped (:func:`unescape_text`)."""
    return _map_text(frame, unescape_text)


@dataclass(frozen=True)
class PlanFolder:
    """What a plan folder holds: the summary, the tables present and the scenario."""

    summary: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    scenario: dict[str, Any]
    plan_format: int


def plan_files(summary: dict[str, Any], tables: dict[str, pd.DataFrame],
               scenario_doc: dict[str, Any] | None = None) -> dict[str, str]:
    """The files of a plan folder as texts, by file name: ``plan.json`` (marked with
    ``plan_format``), each plan table present in ``tables`` as escaped CSV, and
    ``scenario.yaml`` when given (the app zips them without writing a folder)."""
    import yaml

    files = {"plan.json": json.dumps({**summary, "plan_format": PLAN_FORMAT}, indent=2,
                                     default=_json_default)}
    for name in TABLES:
        frame = tables.get(name)
        if frame is not None:
            files[f"{name}.csv"] = escape_frame(frame).to_csv(index=False)
    if scenario_doc is not None:
        files["scenario.yaml"] = yaml.safe_dump(scenario_doc, sort_keys=False)
    return files


def write_plan_folder(folder: str | os.PathLike[str], summary: dict[str, Any],
                      tables: dict[str, pd.DataFrame],
                      scenario_doc: dict[str, Any] | None = None) -> Path:
    """Write the plan folder's files (:func:`plan_files`) into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in plan_files(summary, tables, scenario_doc).items():
        (out / name).write_text(text, encoding="utf-8", newline="")
    return out


def read_table(path: str | os.PathLike[str], plan_format: int) -> pd.DataFrame:
    """One plan table: identifiers as text, only empty cells missing (a team called ``NA``
    stays ``"NA"``), unescaped when the folder's format escapes."""
    header = pd.read_csv(path, nrows=0).columns
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""],
                        dtype={c: str for c in TEXT_COLUMNS if c in header})
    return unescape_frame(frame) if plan_format >= 2 else frame


def read_plan_folder(folder: str | os.PathLike[str]) -> PlanFolder:
    """Read a plan folder of any format version."""
    import yaml

    d = Path(folder)
    summary = json.loads((d / "plan.json").read_text(encoding="utf-8"))
    version = int(summary.pop("plan_format", 1))
    if version > PLAN_FORMAT:
        raise PlannerError(f"{d / 'plan.json'}: expected plan_format {PLAN_FORMAT} or lower, "
                           f"found {version}; update planner to read this folder")
    tables = {name: read_table(d / f"{name}.csv", version) for name in TABLES
              if (d / f"{name}.csv").exists()}
    scenario = yaml.safe_load((d / "scenario.yaml").read_text(encoding="utf-8"))
    return PlanFolder(summary, tables, scenario, version)


def _json_default(obj: object) -> object:
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
