"""What the app's pages share: the roster in use, the working scenario, and the runs made.

Everything here goes through the public functions the CLI uses (``load_org``,
``scenario_from_dict``, ``run_scenario``, ``finance_tables``, the store); the pages only draw.
Nothing here logs: rosters hold personal data.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from planner.api import Org, load_org
from planner.errors import InputError, PlannerError, ScenarioError
from planner.exports import workbook_bytes
from planner.finance import finance_tables
from planner.optimise.lp import SolveStatus
from planner.optimise.run import inputs_key, load_inputs, problem_data, run
from planner.plan import Plan, write_plan
from planner.scenario import load_scenario, scenario_from_dict, scenario_to_dict
from planner.store import Store
from planner.work import data_dir

ROOT = Path(__file__).resolve().parent.parent.parent
MODELS = ROOT / "models"
SAMPLE = data_dir() / "sample_org.csv"
DEFAULT_MODEL = "automation_push.yaml"
UPLOADS = Path(tempfile.gettempdir()) / "planner-app" / "uploads"


# Roster --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RosterSource:
    """The roster file(s) the app works on, and how to read them."""

    label: str
    """What the planner sees: the file name."""
    paths: tuple[str, ...]
    preset: str | None = None
    mapping: str | None = None
    """Path of a YAML mapping file (written by the mapping step)."""
    sample: bool = False


SAMPLE_SOURCE = RosterSource("Bundled sample org (Northwind Mutual, 1,500 positions)",
                             (str(SAMPLE),), sample=True)


def roster_source() -> RosterSource:
    """The roster in use (the sample org until the planner loads another)."""
    return st.session_state.setdefault("roster_source", SAMPLE_SOURCE)


def save_upload(name: str, data: bytes) -> str:
    """Keep uploaded bytes in a file named by their hash (so reloading is cached); its path."""
    UPLOADS.mkdir(parents=True, exist_ok=True)
    suffix = Path(name).suffix.lower() or ".csv"
    path = UPLOADS / f"{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
    if not path.exists():
        path.write_bytes(data)
    return str(path)


@dataclass(frozen=True)
class Loaded:
    """A roster load: the org, or the problems that stopped it."""

    org: Org | None
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)


PROBLEM_COLUMNS = ["severity", "code", "file", "row", "column", "message", "hint", "value"]


def problems_frame(problems: list[Any]) -> pd.DataFrame:
    """Problems as a table a planner can filter."""
    return pd.DataFrame([p.to_dict() for p in problems], columns=PROBLEM_COLUMNS).astype(
        {"row": "Int64"})


@st.cache_resource(max_entries=6, show_spinner=False)
def load(source: RosterSource, team_by: str = "team") -> Loaded:
    """Load a roster source (cached per source: the same file is not read twice)."""
    try:
        org = load_org(list(source.paths), preset=source.preset, mapping=source.mapping,
                       team_by=team_by)
    except InputError as exc:
        return Loaded(None, problems_frame(list(exc.problems)))
    return Loaded(org, problems_frame(list(org.report.problems)))


def team_column(org: Org) -> str:
    """The roster column that defines teams: ``team`` when the export has one."""
    col = org.roster.get("team")
    return "team" if col is not None and col.notna().any() else "manager"


def current_org() -> Org | None:
    """The org in use, or None when its file cannot be used."""
    source = roster_source()
    loaded = load(source)
    if loaded.org is None:
        return None
    if team_column(loaded.org) != "team":
        loaded = load(source, "manager")
    return loaded.org


# Scenario ------------------------------------------------------------------------------------
def model_names() -> list[str]:
    """Scenario files shipped in ``models/`` that plan on a roster."""
    out = []
    for p in sorted(MODELS.glob("*.yaml")):
        try:
            if load_scenario(p).inputs.roster:
                out.append(p.name)
        except PlannerError:
            continue
    return out


def model_doc(name: str) -> dict[str, Any]:
    """A shipped scenario as a plain dict with absolute paths."""
    return scenario_to_dict(load_scenario(MODELS / name), absolute_paths=True)


def starter_doc(source: RosterSource) -> dict[str, Any]:
    """A first scenario for a roster: the shipped automation push, pointed at this roster
    (reskilling paths and locks only where their roles exist)."""
    doc = model_doc(DEFAULT_MODEL)
    if source.sample:
        return doc
    doc["name"] = f"Automation push: {source.label}"
    doc["inputs"].update({"roster": list(source.paths) if len(source.paths) > 1
                          else source.paths[0], "preset": source.preset,
                          "mapping": source.mapping})
    org = current_org()
    roles = set(org.roster["role_id"].dropna()) if org is not None else set()
    doc["levers"]["reskilling"] = [r for r in doc["levers"]["reskilling"]
                                   if r["from"] in roles and r["to"] in roles]
    if org is not None:
        doc["inputs"]["team_by"] = team_column(org) if team_column(org) == "team" else "team"
    return doc


def scenario_doc() -> dict[str, Any]:
    """The working scenario (a deep copy: change it with :func:`set_scenario_doc`)."""
    if "scenario_doc" not in st.session_state:
        st.session_state["scenario_doc"] = starter_doc(roster_source())
        st.session_state["scenario_origin"] = f"models/{DEFAULT_MODEL}"
    return copy.deepcopy(st.session_state["scenario_doc"])


def set_scenario_doc(doc: dict[str, Any], origin: str | None = None) -> None:
    """Replace the working scenario (validated by the caller)."""
    st.session_state["scenario_doc"] = copy.deepcopy(doc)
    if origin is not None:
        st.session_state["scenario_origin"] = origin


def validate_doc(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems of a scenario dict as (key path, message); empty when it is valid."""
    try:
        scenario_from_dict(doc, base_dir=MODELS)
    except ScenarioError as exc:
        return list(exc.errors) or [(exc.key_path, str(exc))]
    return []


def doc_key(doc: dict[str, Any]) -> str:
    """A stable text key of a scenario dict (for caches)."""
    return json.dumps(doc, sort_keys=True, default=str)


# Runs ----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RunResult:
    """A solved scenario as the pages need it."""

    doc: dict[str, Any]
    summary: dict[str, Any]
    explanations: tuple[str, ...]
    tables: dict[str, pd.DataFrame]
    seconds: float

    @property
    def has_plan(self) -> bool:
        """True when the solver returned a plan."""
        return self.summary.get("status") in ("optimal", "feasible")


@st.cache_resource(max_entries=4, show_spinner=False)
def _inputs(key: str, _doc_json: str) -> tuple[pd.DataFrame, Any]:
    """The roster and library a scenario reads (cached by :func:`inputs_key` only), so a
    re-run after a lever change does not read the files again."""
    return load_inputs(scenario_from_dict(json.loads(_doc_json), base_dir=MODELS))


@st.cache_data(max_entries=24, show_spinner=False)
def solve(doc_json: str) -> RunResult:
    """Solve a scenario dict (cached by its content)."""
    t0 = time.perf_counter()
    sc = scenario_from_dict(json.loads(doc_json), base_dir=MODELS)
    data = None if sc.pool_based else problem_data(sc, _inputs(inputs_key(sc), doc_json))
    plan, _ = run(sc, data=data)
    return RunResult(json.loads(doc_json), plan.summary, tuple(plan.explanations),
                     dict(plan.tables), round(time.perf_counter() - t0, 3))


def record_run(result: RunResult, label: str) -> None:
    """Keep a run of this session (for the plan, compare and export pages)."""
    runs: list[dict[str, Any]] = st.session_state.setdefault("runs", [])
    runs.append({"label": label, "result": result})
    st.session_state["current_run"] = len(runs) - 1
    st.session_state["show_run"] = len(runs) - 1  # the plan page's run picker follows


def current_run() -> RunResult | None:
    """The run the plan and export pages show."""
    runs = st.session_state.get("runs", [])
    i = st.session_state.get("current_run")
    return runs[i]["result"] if i is not None and i < len(runs) else None


@st.cache_data(max_entries=8, show_spinner=False)
def workbook(doc_json: str, _result: RunResult) -> bytes:
    """The finance workbook of a run (cached by its scenario)."""
    doc = json.loads(doc_json)
    return workbook_bytes(finance_tables(_result.summary, _result.tables, doc))


def plan_folder(result: RunResult, folder: str | Path) -> Path:
    """Write a run as a plan folder (plan.json, the CSVs, scenario.yaml)."""
    plan = Plan(SolveStatus(result.summary["status"]), dict(result.summary),
                dict(result.tables), result.explanations)
    write_plan(plan, folder, result.doc)
    return Path(folder)


def store() -> Store:
    """The scenario and run store (``PLANNER_STORE_URL`` or ``planner.db`` here)."""
    return Store()


# Safety --------------------------------------------------------------------------------------
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def md(text: object) -> str:
    """Text from a roster, safe inside markdown: HTML escaped and markdown syntax quoted."""
    return _MD.sub(r"\\\1", html.escape(str(text), quote=True))


def label(text: object) -> str:
    """Text from a roster, safe as a plotly label (plotly renders a subset of HTML)."""
    return html.escape(str(text), quote=True)


def show_costs() -> bool:
    """True when the planner has chosen to show salaries and costs."""
    return bool(st.session_state.get("show_costs", False))


def money(value: float | None, compact: bool = False) -> str:
    """A cost for display ("hidden" when costs are hidden); ``compact`` writes 80.3m, 452k."""
    if not show_costs():
        return "hidden"
    if value is None:
        return "-"
    if compact and abs(value) >= 1e6:
        return f"{value / 1e6:,.1f}m"
    if compact and abs(value) >= 1e4:
        return f"{value / 1e3:,.0f}k"
    return f"{value:,.0f}"
