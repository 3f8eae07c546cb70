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
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from planner.errors import InputError, PlannerError, ScenarioError, fix_text
from planner.labels import Labels, format_money, roster_currency
from planner.roster.org import Org, load_org
from planner.scenario import fit
from planner.scenario.load import load_scenario, tag_override_sources
from planner.scenario.model import Scenario, scenario_document, scenario_from_dict
from planner.work.library import data_dir
from planner.work.overrides import TitleOverride, TitleOverrides, load_overrides, write_overrides

if TYPE_CHECKING:
    from planner.plan.tables import Plan
    from planner.review import Actor
    from planner.store import Store

# The optimiser, the plan folder, the finance workbook and the store are imported where they
# are used: the first page of a fresh server needs none of them (issue 11).

ROOT = Path(__file__).resolve().parent.parent.parent
MODELS = ROOT / "models"
SAMPLE = data_dir() / "sample_org.csv"
DEFAULT_MODEL = "automation_push.yaml"
UPLOADS = Path(tempfile.gettempdir()) / "planner-app" / "uploads"
TITLE_OVERRIDES = Path(tempfile.gettempdir()) / "planner-app" / "title-overrides"
"""The app's working folder for title overrides files, when the scenario names none."""


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


def digest(text: str) -> str:
    """A short stable digest of a text (for widget keys)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def save_upload(name: str, data: bytes) -> str:
    """Keep uploaded bytes under the name the planner uploaded, in a folder named by their
    hash (so reloading is cached, and problems name the file as the planner knows it); its
    path."""
    folder = UPLOADS / hashlib.sha256(data).hexdigest()[:20]
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # rosters hold personal data
    shown = Path(name.replace("\\", "/")).name.strip() or "upload"
    if not Path(shown).suffix:
        shown += ".csv"
    path = folder / shown
    if not path.exists():
        path.write_bytes(data)
    return str(path)


def skips_error_rows() -> bool:
    """True when the working scenario plans on the roster without the rows its errors leave
    out (``inputs.skip_error_rows``): the planner's choice on the Data page, or a loaded
    scenario's. Read from the session, not through :func:`scenario_doc`, which builds the
    first scenario with this."""
    doc = st.session_state.get("scenario_doc") or {}
    return bool((doc.get("inputs") or {}).get("skip_error_rows"))


def set_skip_error_rows(skip: bool) -> None:
    """Record the planner's choice for a roster with errors in the working scenario."""
    doc = scenario_doc()
    doc.setdefault("inputs", {})["skip_error_rows"] = skip
    set_scenario_doc(doc)


@dataclass(frozen=True)
class Loaded:
    """A roster load: the org, or the problems that stopped it."""

    org: Org | None
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)


PROBLEM_COLUMNS = ["severity", "code", "file", "row", "column", "message", "hint", "value"]
SETTING_LABELS = {"preset": "Layout", "mapping": "Map the columns by hand",
                  "on_cost_rate": "On-cost rate on base pay (0.3 = 30%)",
                  "impute_cost": "Positions without a cost",
                  "title_overrides": "Map job titles to roles"}
"""The app's label of each setting a problem names (:data:`planner.errors.SETTINGS`)."""
SETTING_PLACES = {"preset": "on the Data page",
                  "mapping": "on the Data page",
                  "on_cost_rate": "on the Scenario page (Finance and solver) for the plan, "
                                  "or in 'Map the columns by hand' on the Data page",
                  "impute_cost": "on the Scenario page (Finance and solver)",
                  "title_overrides": "on the Work and tags page"}
"""Where the app sets each of them."""


def how_to_set(setting: str) -> str:
    """Where a planner sets a setting in the app: "set 'Layout' on the Data page"."""
    place = SETTING_PLACES[setting]
    if place.startswith("is not"):
        return f"'{SETTING_LABELS[setting]}' {place}"
    return f"set '{SETTING_LABELS[setting]}' {place}"


def problems_frame(problems: list[Any]) -> pd.DataFrame:
    """Problems as a table a planner can filter; a hint that names a setting says where the
    app sets it."""
    rows = []
    for p in problems:
        rows.append({**p.to_dict(), "hint": fix_text(p, how_to_set)})
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype({"row": "Int64"})


@st.cache_resource(max_entries=6, show_spinner=False)
def load(source: RosterSource, team_by: str = "team", title_overrides: str | None = None,
         stamp: str = "") -> Loaded:
    """Load a roster source (cached per source, overrides file and the file's ``stamp``: the
    same file is not read twice, and a changed overrides file is read anew)."""
    try:
        org = load_org(list(source.paths), preset=source.preset, mapping=source.mapping,
                       team_by=team_by, title_overrides=title_overrides)
    except InputError as exc:
        return Loaded(None, problems_frame(list(exc.problems)))
    return Loaded(org, problems_frame(list(org.report.problems)))


TEAM_COLUMNS = ("team", "department", "cost_center")
"""Roster columns that may define teams, in order of preference."""


def team_column(org: Org) -> str:
    """The roster column that defines teams: the first of :data:`TEAM_COLUMNS` the export
    fills, or ``manager`` (each manager's direct reports) when it fills none. The org pages
    and the optimiser use the same one."""
    for name in TEAM_COLUMNS:
        col = org.roster.get(name)
        if col is not None and col.notna().any():
            return name
    return "manager"


def title_overrides_path() -> Path | None:
    """The title overrides file the working scenario names (``inputs.title_overrides``;
    relative to ``models/``, as the scenario reads it), or None. Read from the session, not
    through :func:`scenario_doc`, which builds the first scenario with the org."""
    doc = st.session_state.get("scenario_doc") or {}
    name = (doc.get("inputs") or {}).get("title_overrides")
    return (MODELS / name).resolve() if name else None


def _file_stamp(path: Path | None) -> str:
    """When and how big a file is: a changed file loads anew."""
    if path is None or not path.exists():
        return ""
    info = path.stat()
    return f"{info.st_mtime_ns}-{info.st_size}"


def load_in_use(team_by: str = "team") -> Loaded:
    """The roster in use, read with the working scenario's title overrides."""
    path = title_overrides_path()
    return load(roster_source(), team_by, str(path) if path else None, _file_stamp(path))


def org_key() -> str:
    """A text key of the org in use, for the pages' caches: the roster source (every field),
    the title overrides file and when it changed."""
    path = title_overrides_path()
    return repr((roster_source(), str(path) if path else None, _file_stamp(path)))


def current_org() -> Org | None:
    """The org in use (with the scenario's title overrides), or None when its file cannot be
    used."""
    loaded = load_in_use()
    if loaded.org is None:
        return None
    col = team_column(loaded.org)
    return loaded.org if col == "team" else load_in_use(col).org


def overrides_file() -> Path:
    """Where the app writes the planner's title mappings: the scenario's title overrides file,
    else one per roster in the app's working folder (:data:`TITLE_OVERRIDES`)."""
    return title_overrides_path() or TITLE_OVERRIDES / (
        f"title_overrides_{digest(repr(roster_source().paths))}.csv")


def accept_titles(org: Org, entries: list[TitleOverride]) -> Path:
    """Add a planner's title mappings to the overrides file (:func:`overrides_file`; an entry
    replaces the file's one of the same title, unit and profession) and make it the working
    scenario's ``inputs.title_overrides``: the pages reload the org with it. Its path."""
    path = overrides_file()
    old = load_overrides(path, org.library) if path.exists() else TitleOverrides()
    written = write_overrides(path, old.merged(TitleOverrides(tuple(entries))))
    doc = scenario_doc()
    doc.setdefault("inputs", {})["title_overrides"] = str(written)
    set_scenario_doc(doc)
    return written


def org_or_error() -> Org | None:
    """The org in use; when its file cannot be read, say so on the page and return None."""
    org = current_org()
    if org is None:
        st.error("The roster in use cannot be read: see the Data page.")
    elif org.left_out.left_out:
        lo = org.left_out
        st.warning(f"This page shows {lo.rows_used:,} of the roster's {lo.rows_read:,} rows: "
                   "the others could not be read as positions (see the Data page).")
    return org


def bullets(lines: list[str], shown: int, more: str) -> None:
    """Sentences as a list (escaped): the first ``shown``, the rest in an expander titled
    ``more`` (``{n}`` is replaced by how many it holds)."""
    for line in lines[:shown]:
        st.markdown("- " + md(line))
    if len(lines) > shown:
        with st.expander(more.format(n=len(lines) - shown)):
            for line in lines[shown:]:
                st.markdown("- " + md(line))


# Scenario ------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, ttl=60)
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
    return scenario_document(load_scenario(MODELS / name))


def model_tag_sources(name: str) -> dict[str, dict[str, Any]]:
    """Task -> source, confidence and explanation of the tag overrides files a shipped
    scenario reads (``inputs.tag_overrides: evidence_tags.csv``), for the Evidence page."""
    return tag_override_sources(MODELS / name)


def starter_doc(source: RosterSource) -> dict[str, Any]:
    """A first scenario for a roster: the shipped automation push, fitted to this roster
    (under its own name: the pages and the store name the roster beside it)."""
    doc = model_doc(DEFAULT_MODEL)
    return doc if source.sample else fit_to_roster(doc, source)


def fit_to_roster(doc: dict[str, Any], source: RosterSource) -> dict[str, Any]:
    """A scenario pointed at a roster (:func:`planner.scenario.fit.fit_to_roster`): its
    inputs read that roster, teams come from the same column as on the org pages, and levers
    that name teams or roles the roster does not have are left out."""
    inputs = {"roster": list(source.paths) if len(source.paths) > 1 else source.paths[0],
              "preset": source.preset, "mapping": source.mapping,
              "skip_error_rows": skips_error_rows()}
    if not source.sample:  # the mapping's own on-cost rate applies (the org pages use it too)
        inputs["on_cost_rate"] = None
    org = current_org()
    if org is None:
        return fit.fit_to_roster(doc, inputs)
    col = team_column(org)
    inputs["team_by"] = col if col != "manager" else "team"
    return fit.fit_to_roster(doc, inputs, teams=org.graph.team.astype(str),
                             roles=org.roster["role_id"].dropna().astype(str))


def scenario_doc() -> dict[str, Any]:
    """The working scenario (a deep copy: change it with :func:`set_scenario_doc`)."""
    if "scenario_doc" not in st.session_state:
        st.session_state["scenario_doc"] = starter_doc(roster_source())
        st.session_state["scenario_origin"] = f"models/{DEFAULT_MODEL}"
        st.session_state["tag_sources"] = {}
    return copy.deepcopy(st.session_state["scenario_doc"])


def set_scenario_doc(doc: dict[str, Any], origin: str | None = None) -> None:
    """Replace the working scenario (validated by the caller)."""
    st.session_state["scenario_doc"] = copy.deepcopy(doc)
    if origin is not None:
        st.session_state["scenario_origin"] = origin


def checked(doc: dict[str, Any]) -> tuple[Scenario | None, list[tuple[str, str]]]:
    """A scenario dict validated once: the Scenario, or None and its problems as (key
    path, message). Validating reads the files the scenario names (the capability
    catalogue, tag overrides), so a run validates once and keeps the Scenario."""
    try:
        return scenario_from_dict(doc, base_dir=MODELS), []
    except ScenarioError as exc:
        return None, list(exc.errors) or [(exc.key_path, str(exc))]


def validate_doc(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems of a scenario dict as (key path, message); empty when it is valid."""
    return checked(doc)[1]


def doc_key(doc: dict[str, Any]) -> str:
    """A stable text key of a scenario dict (for caches)."""
    return json.dumps(doc, sort_keys=True, default=str)


# Runs ----------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SessionRun:
    """A run of this session: the :class:`~planner.plan.tables.Plan`, and what the pages
    need beside it that a Plan does not hold."""

    plan: Plan
    scenario: Scenario
    """The validated scenario the plan answers (what the store saves)."""
    doc: dict[str, Any]
    """Its one document (:func:`scenario_document`, as the CLI writes it beside a plan):
    what Compare diffs, Export writes and the caches are keyed by."""
    seconds: float
    """Server time of the run, validation excluded [s]."""
    labels: Labels = field(default_factory=Labels)
    """The words for the plan's ids: role titles, capability names, period labels, currency."""


@st.cache_resource(max_entries=24, show_spinner=False)
def solve(doc_json: str, _scenario: Scenario) -> SessionRun:
    """Solve a validated scenario (cached by its dict's text, ``doc_json``; a Plan is
    frozen, so the pages share the cached one; its roster is read once for as long as its
    files do not change, in the pipeline's one inputs cache)."""
    from planner.plan.run import run

    t0 = time.perf_counter()
    sc = _scenario  # the underscore keeps streamlit from hashing it
    plan, built = run(sc)
    return SessionRun(plan, sc, scenario_document(sc), round(time.perf_counter() - t0, 3),
                      built.data.labels)


def record_run(result: SessionRun, label: str) -> None:
    """Keep a run of this session (for the plan, compare and export pages). A label that
    only names the scenario ("Run 2: Automation push"), when the run before planned the same
    scenario, says instead what differs from it ("Run 2: run 1 with No-redundancy pledge
    on"): the runs' labels stay short and tell them apart."""
    runs: list[dict[str, Any]] = st.session_state.setdefault("runs", [])
    head, _, name = label.partition(": ")
    if runs and name == result.doc.get("name") == runs[-1]["result"].doc.get("name"):
        label = f"{head}: run {len(runs)} with {changes(runs[-1]['result'].doc, result.doc)}"
    runs.append({"label": label, "result": result})
    st.session_state["current_run"] = len(runs) - 1


def caveats(summary: dict[str, Any]) -> list[str]:
    """A plan's caveats in the app's words, as markdown: the roster rows it was planned
    without, then its notes (positions with no cost, titles with no role), each with where
    the app sets the setting that addresses it."""
    from planner.errors import note_text, plan_notes

    # the statement holds counts and fixed words only: no roster text to escape
    skipped = (summary.get("skipped_rows") or {}).get("statement")
    out = ["Planned without part of the roster: " + skipped] if skipped else []
    return out + [md(note_text(n, how_to_set)) for n in plan_notes(summary)]


def without_plan(runs: list[dict[str, Any]]) -> list[str]:
    """Each run of this session that has no plan, in words: "Run 2 (Attrition-only pledge)
    has no plan (infeasible)"."""
    out = []
    for r in runs:
        if r["result"].plan.has_plan:
            continue
        short, _, name = r["label"].partition(": ")
        what = f"{short} ({name})" if name else short
        out.append(f"{md(what)} has no plan ({r['result'].plan.status})")
    return out


def changes(before: dict[str, Any], after: dict[str, Any], shown: int = 2) -> str:
    """The settings that differ between two scenarios, in the Scenario page's words:
    "No-redundancy pledge on, Span of control cap 9" ("the same settings" when none)."""
    from planner.plan.finance import flatten
    from planner.ui.scenario import setting_label, value_in_words

    old, new = dict(flatten(before)), dict(flatten(after))
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    words = [f"{setting_label(k)} {value_in_words(k, new.get(k))}" for k in keys[:shown]]
    more = f" and {len(keys) - shown} more" if len(keys) > shown else ""
    return ", ".join(words) + more if words else "the same settings"


def current_run() -> SessionRun | None:
    """The run the plan and export pages show."""
    runs = st.session_state.get("runs", [])
    i = st.session_state.get("current_run")
    return runs[i]["result"] if i is not None and i < len(runs) else None


@st.cache_data(max_entries=8, show_spinner=False)
def workbook(doc_json: str, _result: SessionRun) -> bytes:
    """The finance workbook of a run (cached by its scenario)."""
    from planner.io.workbook import workbook_bytes
    from planner.plan.finance import finance_tables

    plan = _result.plan
    return workbook_bytes(finance_tables(plan.summary, plan.tables, _result.doc), how=how_to_set)


def store() -> Store:
    """The scenario and run store (the ``store_url`` setting)."""
    from planner.settings import STORE_URL

    return _store(STORE_URL.value() or "")


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(url: str) -> Store:
    from planner.store import Store

    return Store(url or None)


# Safety --------------------------------------------------------------------------------------
_MD = re.compile(r"([\\`*_{}\[\]()!|~$])")


def md(text: object) -> str:
    """Text from a roster, safe inside markdown: HTML escaped and markdown syntax quoted."""
    return _MD.sub(r"\\\1", html.escape(str(text), quote=True))


def label(text: object) -> str:
    """Text from a roster, safe as a plotly label (plotly renders a subset of HTML)."""
    return html.escape(str(text), quote=True)


def show_costs() -> bool:
    """True when the planner has chosen to show salaries and costs and their role lets them
    (:func:`may_see_costs`)."""
    return bool(st.session_state.get("show_costs", False)) and may_see_costs()


# Who the user is -----------------------------------------------------------------------------
def sign_in_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures Streamlit's sign-in (an ``[auth]``
    section for OIDC): then the app asks for it and records users as authenticated."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or one that cannot be read
        return False


def actor() -> Actor | None:
    """Who uses the app: the signed-in user (authenticated) when sign-in is configured, else
    the name typed in the sidebar (not authenticated); None when neither is there."""
    from planner.review import Actor, Face

    if sign_in_configured():
        if not st.user.get("is_logged_in", False):
            return None
        name = st.user.get("email") or st.user.get("name") or ""
        return Actor(str(name), authenticated=True, face=Face.APP) if name else None
    typed = str(st.session_state.get("user_name", "")).strip()
    return Actor(typed, authenticated=False, face=Face.APP) if typed else None


def acting(typed: str = "") -> Actor:
    """Who an action of the app is recorded as: the signed-in user; else ``typed`` (a name
    box of the page), the sidebar's name, or the server's user, not authenticated."""
    from planner.review import Actor, Face
    from planner.store import who

    signed = actor()
    if signed is not None and signed.authenticated:
        return signed
    if typed.strip():
        return Actor(typed.strip(), authenticated=False, face=Face.APP)
    return signed or who(None, Face.APP)


def who_label(name: str, authenticated: bool) -> str:
    """A user's name as every page shows it: "Ann (not authenticated)" for a typed name."""
    return name if authenticated else f"{name} (not authenticated)"


def roles() -> dict[str, frozenset[str]]:
    """The store's roles (empty: none defined, everyone holds every role)."""
    try:
        return store().roles()
    except PlannerError:
        return {}


def may_see_costs() -> bool:
    """Whether the user's role shows salaries, costs and names: a store with roles shows them
    to a planner (or an admin) only, a store without roles to everyone (read by
    :func:`identity_sidebar` at each script run)."""
    return bool(st.session_state.get("_may_see_costs", True))


def _permissions() -> bool:
    from planner.review import Role, has_role

    held, who = roles(), actor()
    return not held or (who is not None and has_role(held, who.name, Role.PLANNER.value))


def identity_sidebar() -> None:
    """The sidebar's sign-in, or the name box marked "not authenticated"; then what the
    user's role lets them see (:func:`may_see_costs`)."""
    if sign_in_configured():
        if st.user.get("is_logged_in", False):
            st.caption(f"Signed in as {md(st.user.get('email') or st.user.get('name'))}")
            st.button("Sign out", on_click=st.logout, key="sign_out")
        else:
            st.button("Sign in", on_click=st.login, key="sign_in")
    else:
        st.text_input("Your name (not authenticated)", key="user_name",
                      help="Recorded with what you save, submit or approve, marked 'not "
                      "authenticated': this app has no sign-in configured (docs/store.md).")
    # The store is opened only once salaries or names are asked for: the first page of a
    # fresh server needs no database (issue 11), and with both toggles off nothing is shown
    # that a role could hide.
    asked = st.session_state.get("show_costs") or st.session_state.get("show_names")
    st.session_state["_may_see_costs"] = _permissions() if asked else True


def currency() -> str | None:
    """The currency code of the roster in use (None when its file names none)."""
    org = current_org()
    return roster_currency(org.roster) if org is not None else None


def money(value: float | None, compact: bool = False, code: str | None = None, *,
          show_code: bool = True) -> str:
    """A cost for display, the app's one money format (:func:`planner.labels.format_money`):
    with the currency code (``code``, else the roster's) unless ``show_code`` is off (a
    metric names it in its label: :func:`money_metric`), ``compact`` writes GBP 80.3m and
    GBP 452k; "hidden" when costs are hidden."""
    if not show_costs():
        return "hidden"
    return format_money(value, (code or currency()) if show_code else None, compact=compact)


def money_metric(box: Any, label: str, value: float | None, delta: float | None = None,
                 code: str | None = None, what: str = "", **kwargs: Any) -> None:
    """A money metric that fits its column: the currency in the label ("Annual cost [GBP]"),
    the figure compact (80.3m) with ``what`` it is and the exact sum on hover, the change
    signed so that its arrow points the right way."""
    code = code or currency()
    shown = show_costs()
    box.metric(f"{label} [{code}]" if code and shown else label,
               money(value, True, code, show_code=False),
               None if delta is None or not shown
               else money(delta, True, code, show_code=False),
               help=f"{what}{money(value, code=code)}" if shown else None, **kwargs)


# Guidance ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """A page of the app, in the order a planner goes through them."""

    file: str
    title: str
    url_path: str
    section: str
    what: str


STEPS = (Step("planner/ui/data.py", "Data", "data", "Organisation", "load the roster"),
         Step("planner/ui/overview.py", "Organisation", "org", "Organisation", "see its shape"),
         Step("planner/ui/work.py", "Work and tags", "work", "Organisation",
              "check how automatable the work is"),
         Step("planner/ui/tagging.py", "Evidence", "evidence", "Organisation",
              "ground the tags in evidence"),
         Step("planner/ui/scenario.py", "Scenario", "scenario", "Plan", "set the levers"),
         Step("planner/ui/plan.py", "Run and plan", "plan", "Plan", "run it and read the plan"),
         Step("planner/ui/compare.py", "Compare", "compare", "Plan", "compare runs"),
         Step("planner/ui/export.py", "Export", "export", "Plan", "download the workbook"),
         Step("planner/ui/review.py", "Review", "review", "Sign-off",
              "submit, approve or reject plans"),
         Step("planner/ui/audit.py", "Audit", "audit", "Sign-off", "see who did what"))
"""The app's pages: ``streamlit_app.py`` builds the navigation from this list."""


def page_name(file: str) -> str:
    """A page's name as the sidebar shows it: ``planner/ui/plan.py`` -> "Run and plan"."""
    return next(step.title for step in STEPS if step.file == file)


def next_step(page: str) -> None:
    """A link to the next page of the path, at the bottom of a page."""
    files = [step.file for step in STEPS]
    if page in files and files.index(page) + 1 < len(STEPS):
        step = STEPS[files.index(page) + 1]
        st.divider()
        st.page_link(step.file, label=f"Next: {step.title} ({step.what})",
                     icon=":material/arrow_forward:")
