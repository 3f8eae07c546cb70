"""Column-mapping presets for common HRIS exports, and user mapping files.

A preset says, for each canonical input field, which headers an export may use for it.
Headers match case-insensitively and ignoring spaces, underscores and punctuation, so
``Cost Center``, ``cost_center`` and ``COST-CENTER`` are the same header.

The HRIS presets follow the default column names of the standard people reports of each
system; real exports are often customised, so a user mapping file (YAML) covers any
other layout::

    preset: generic          # optional: start from a preset
    columns:                 # canonical field: header in the file
      position_id: Req ID
      manager_position_id: Parent Req
      job_title: Role Name
      annual_cost: Total Comp (Loaded)
    defaults:                # values for fields the file does not have
      currency: EUR
    on_cost_rate: 0.3        # base_salary x (1 + rate) when no loaded cost is exported
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from planner.errors import InputError, Problem, Severity

INPUT_FIELDS: tuple[str, ...] = (
    "position_id", "employee_id", "name", "first_name", "last_name",
    "manager_position_id", "manager_employee_id", "job_title", "team", "department",
    "cost_center", "location", "grade", "profession", "fte", "fte_percent", "annual_cost",
    "base_salary", "pay_floor", "pay_ceiling", "pay_period", "currency", "employment_type",
    "start_date", "tags", "is_pool",
)
"""Fields a mapping may fill. Beyond the canonical roster columns: ``first_name`` and
``last_name`` (joined into ``name``), ``manager_employee_id`` (resolved to the manager's
position), ``fte_percent`` (0-100), ``pay_floor``/``pay_ceiling`` (a pay band whose
midpoint is the base salary) and ``pay_period`` (``year``, ``month``, ``week``, ``hour``)."""


def header_key(header: str) -> str:
    """Normalise a header for matching: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9#£$€%]", "", str(header).lower())


@dataclass(frozen=True)
class Preset:
    """A known export layout.

    Attributes
    ----------
    name : str
        Preset name used on the command line (``--preset``).
    description : str
        One line for ``--help`` and the docs.
    columns : Mapping[str, tuple[str, ...]]
        Canonical field -> headers the export may use, in order of preference.
    signature : tuple of str
        Headers that, together, identify this export; detection scores a file by the
        share of them present.
    defaults : Mapping[str, str]
        Values for fields the export never has (e.g. ``currency: GBP``).
    family : str
        Presets of one family (the two UK organogram files) may be read together.
    """

    name: str
    description: str
    columns: Mapping[str, tuple[str, ...]]
    signature: tuple[str, ...]
    defaults: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    family: str = ""

    def resolve(self, headers: Iterable[str]) -> dict[str, str]:
        """Map canonical fields to the headers present in a file (first candidate wins)."""
        by_key = {}
        for h in headers:
            by_key.setdefault(header_key(h), h)
        out: dict[str, str] = {}
        for canon, candidates in self.columns.items():
            for cand in candidates:
                if header_key(cand) in by_key:
                    out[canon] = by_key[header_key(cand)]
                    break
        return out

    def score(self, headers: Iterable[str]) -> float:
        """Share of the signature headers present in ``headers`` [0-1]."""
        keys = {header_key(h) for h in headers}
        if not self.signature:
            return 0.0
        return sum(header_key(s) in keys for s in self.signature) / len(self.signature)


def _cols(**kw: tuple[str, ...] | str) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({k: (v,) if isinstance(v, str) else tuple(v) for k, v in kw.items()})


GENERIC = Preset(
    name="generic",
    description="The canonical column names (position_id, manager_position_id, job_title, ...)",
    columns=_cols(
        position_id=("position_id", "position id", "position", "post id"),
        employee_id=("employee_id", "employee id", "employee number", "staff id", "person id"),
        name=("name", "full name", "employee name"),
        first_name=("first_name", "first name", "given name"),
        last_name=("last_name", "last name", "surname", "family name"),
        manager_position_id=("manager_position_id", "manager position id", "reports to position",
                             "parent position id"),
        manager_employee_id=("manager_employee_id", "manager employee id", "manager id",
                             "supervisor id", "line manager id"),
        job_title=("job_title", "job title", "title", "position title"),
        team=("team", "team name"),
        department=("department", "dept", "division"),
        cost_center=("cost_center", "cost centre", "cost center", "cost code"),
        location=("location", "site", "office", "work location"),
        grade=("grade", "band", "level", "job level", "pay grade"),
        profession=("profession", "job family", "professional/occupational group",
                    "occupational group", "profession group"),
        fte=("fte", "full time equivalent"),
        fte_percent=("fte_percent", "fte %", "fte percent"),
        annual_cost=("annual_cost", "annual cost", "fully loaded cost", "loaded cost",
                     "total cost"),
        base_salary=("base_salary", "base salary", "salary", "annual salary"),
        pay_floor=("pay_floor",),
        pay_ceiling=("pay_ceiling",),
        pay_period=("pay_period", "pay period"),
        currency=("currency", "currency code"),
        employment_type=("employment_type", "employment type", "contract type", "worker type"),
        start_date=("start_date", "start date", "hire date", "date of joining"),
        tags=("tags", "flags"),
        is_pool=("is_pool", "pool"),
    ),
    signature=("position_id", "manager_position_id", "job_title", "fte", "annual_cost"),
)

WORKDAY = Preset(
    name="workday",
    description="Workday 'Workers / Positions' report (Position ID, Business Title, Supervisory "
                "Organization, Job Profile, Total Base Pay Annualized)",
    columns=_cols(
        position_id=("Position ID", "Position"),
        employee_id=("Employee ID", "Worker ID"),
        name=("Worker", "Legal Name", "Preferred Name"),
        manager_position_id=("Manager Position ID", "Manager's Position ID"),
        manager_employee_id=("Manager Employee ID", "Manager ID", "Manager's Employee ID"),
        job_title=("Business Title", "Job Profile", "Position Title"),
        team=("Supervisory Organization",),
        department=("Department", "Company Hierarchy", "Division"),
        cost_center=("Cost Center", "Cost Center ID"),
        location=("Location", "Work Location"),
        grade=("Compensation Grade", "Job Level", "Management Level"),
        fte=("FTE", "Scheduled FTE"),
        annual_cost=("Fully Loaded Cost", "Total Cost"),
        base_salary=("Total Base Pay Annualized", "Annual Base Pay", "Base Pay"),
        currency=("Currency", "Total Base Pay Annualized - Currency"),
        employment_type=("Worker Type", "Employee Type", "Worker Sub-Type"),
        start_date=("Hire Date", "Original Hire Date", "Continuous Service Date"),
        tags=("Tags",),
    ),
    signature=("Position ID", "Worker", "Business Title", "Supervisory Organization",
               "Job Profile", "Worker Type"),
)

BAMBOOHR = Preset(
    name="bamboohr",
    description="BambooHR custom report (Employee #, First Name, Last Name, Job Title, "
                "Supervisor EID, Division, Pay rate)",
    columns=_cols(
        position_id=("Position ID",),
        employee_id=("Employee #", "Employee Number", "EEID"),
        first_name=("First Name",),
        last_name=("Last Name",),
        manager_employee_id=("Supervisor EID", "Supervisor ID", "Reporting to EID"),
        job_title=("Job Title",),
        team=("Team",),
        department=("Department",),
        cost_center=("Division", "Cost Center"),
        location=("Location",),
        grade=("Grade", "Pay Band"),
        fte=("FTE",),
        base_salary=("Pay rate", "Pay Rate", "Annual Salary"),
        pay_period=("Pay per", "Pay Per", "Pay type"),
        currency=("Currency",),
        employment_type=("Employment Status",),
        start_date=("Hire Date", "Original Hire Date"),
        tags=("Tags",),
    ),
    signature=("Employee #", "First Name", "Last Name", "Job Title", "Supervisor EID",
               "Employment Status", "Division"),
)

HIBOB = Preset(
    name="hibob",
    description="HiBob people data export (Employee ID, Display name, Reports to ID, Site, "
                "Base salary)",
    columns=_cols(
        position_id=("Position ID", "Position"),
        employee_id=("Employee ID",),
        name=("Display name", "Full name"),
        first_name=("First name",),
        last_name=("Last name",),
        manager_employee_id=("Reports to ID", "Reports to employee ID", "Manager ID"),
        job_title=("Job title", "Title"),
        team=("Team",),
        department=("Department",),
        cost_center=("Cost center", "Cost centre"),
        location=("Site", "Work site"),
        grade=("Grade", "Level"),
        fte_percent=("FTE %", "Work FTE %", "FTE percent"),
        fte=("FTE",),
        base_salary=("Base salary", "Salary"),
        pay_period=("Base salary pay period", "Salary pay period", "Pay period"),
        currency=("Base salary currency", "Currency"),
        employment_type=("Employment type", "Contract type"),
        start_date=("Start date",),
        tags=("Tags",),
    ),
    signature=("Employee ID", "Display name", "Reports to ID", "Site", "Start date",
               "Base salary"),
)

UK_ORGANOGRAM_SENIOR = Preset(
    name="uk_organogram",
    description="UK government organogram, senior staff file (Post Unique Reference, Reports to "
                "Senior Post; XX marks the top)",
    columns=_cols(
        position_id=("Post Unique Reference",),
        name=("Name",),
        manager_position_id=("Reports to Senior Post",),
        job_title=("Job Title",),
        team=("Unit",),
        department=("Organisation",),
        grade=("Grade",),
        profession=("Professional/Occupational Group",),
        fte=("FTE",),
        pay_floor=("Actual Pay Floor (£)",),
        pay_ceiling=("Actual Pay Ceiling (£)",),
    ),
    signature=("Post Unique Reference", "Reports to Senior Post", "Actual Pay Floor (£)",
               "Actual Pay Ceiling (£)", "Job Title"),
    defaults=MappingProxyType({"currency": "GBP", "employment_type": "permanent"}),
    family="uk_organogram",
)

UK_ORGANOGRAM_JUNIOR = Preset(
    name="uk_organogram",
    description="UK government organogram, junior staff file (FTE pools per Reporting Senior "
                "Post, grade and generic job title)",
    columns=_cols(
        manager_position_id=("Reporting Senior Post",),
        job_title=("Generic Job Title",),
        team=("Unit",),
        department=("Organisation",),
        grade=("Grade",),
        profession=("Professional/Occupational Group",),
        fte=("Number of Posts in FTE",),
        pay_floor=("Payscale Minimum (£)",),
        pay_ceiling=("Payscale Maximum (£)",),
    ),
    signature=("Reporting Senior Post", "Generic Job Title", "Number of Posts in FTE",
               "Payscale Minimum (£)", "Payscale Maximum (£)"),
    defaults=MappingProxyType({"currency": "GBP", "employment_type": "permanent",
                               "is_pool": "true"}),
    family="uk_organogram",
)

PRESETS: tuple[Preset, ...] = (
    WORKDAY, BAMBOOHR, HIBOB, UK_ORGANOGRAM_SENIOR, UK_ORGANOGRAM_JUNIOR, GENERIC,
)
PRESET_NAMES: tuple[str, ...] = ("workday", "bamboohr", "hibob", "uk_organogram", "generic")

DETECT_THRESHOLD = 0.6
"""A preset is detected when at least this share of its signature headers is present."""
AMBIGUITY_MARGIN = 0.15
"""Two presets closer than this in score make detection ambiguous."""


def presets_named(name: str) -> tuple[Preset, ...]:
    """Presets with a given name (``uk_organogram`` has two: senior and junior files)."""
    found = tuple(p for p in PRESETS if p.name == name)
    if not found:
        raise InputError(Problem(
            "unknown_preset", Severity.ERROR,
            f"expected one of {', '.join(PRESET_NAMES)}, found preset {name!r}",
            "pick a listed preset, or describe the export in a mapping (setting mapping)",
            setting="preset"))
    return found


def detect_preset(headers: list[str], file: str,
                  candidates: Iterable[Preset] = PRESETS) -> Preset:
    """Pick the preset whose signature best matches a file's headers.

    Raises
    ------
    InputError
        ``unknown_layout`` when no preset matches well enough, ``ambiguous_preset`` when
        two different presets match about equally well.
    """
    scored = sorted(((p.score(headers), p) for p in candidates), key=lambda t: -t[0])
    best_score, best = scored[0]
    if best_score < DETECT_THRESHOLD:
        shown = ", ".join(headers[:12]) + (" ..." if len(headers) > 12 else "")
        raise InputError(Problem(
            "unknown_layout", Severity.ERROR,
            f"expected the headers of a known export ({', '.join(PRESET_NAMES)}), found: "
            f"{shown}",
            "name the columns in a mapping (setting mapping; see docs/ingest.md)", file=file,
            setting="mapping"))
    rivals = [p for s, p in scored[1:] if p.name != best.name and best_score - s < AMBIGUITY_MARGIN
              and s >= DETECT_THRESHOLD]
    if rivals:
        names = ", ".join([best.name] + [p.name for p in rivals])
        raise InputError(Problem(
            "ambiguous_preset", Severity.ERROR,
            f"expected the headers of one known export, found headers that fit several: {names}",
            f"choose the layout (setting preset: one of {names}) or name the columns in a "
            "mapping (setting mapping)", file=file, setting="preset"))
    return best


@dataclass(frozen=True)
class UserMapping:
    """A mapping file: explicit column names, defaults and pay settings."""

    preset: Preset
    on_cost_rate: float | None = None
    source: str = ""


def load_mapping(path: str | Path) -> UserMapping:
    """Read a YAML mapping file (see the module docstring for its keys).

    Raises
    ------
    InputError
        With the key path and what was expected when the file is malformed.
    """
    p = Path(path)
    file = p.name

    def fail(key: str, expected: str, found: object) -> InputError:
        return InputError(Problem(
            "bad_mapping", Severity.ERROR, f"{key}: expected {expected}, found {found!r}",
            "see docs/ingest.md for the mapping file's keys", file=file, column=key))

    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(Problem("bad_mapping", Severity.ERROR,
                                 f"expected a readable YAML file, found: {exc}",
                                 "check the path and the YAML syntax", file=file)) from exc
    if not isinstance(doc, dict):
        raise fail("(top level)", "a mapping of keys", type(doc).__name__)
    unknown = set(doc) - {"preset", "columns", "defaults", "on_cost_rate"}
    if unknown:
        raise fail(sorted(unknown)[0], "one of preset, columns, defaults, on_cost_rate",
                   sorted(unknown)[0])
    base = GENERIC
    if "preset" in doc:
        base = presets_named(str(doc["preset"]))[0]
    columns = dict(base.columns)
    for canon, header in (doc.get("columns") or {}).items():
        if canon not in INPUT_FIELDS:
            raise fail(f"columns.{canon}", f"a field among {', '.join(INPUT_FIELDS)}", canon)
        if not isinstance(header, str | list):
            raise fail(f"columns.{canon}", "a header name or a list of them", header)
        columns[canon] = (header,) if isinstance(header, str) else tuple(map(str, header))
    defaults = dict(base.defaults)
    for canon, value in (doc.get("defaults") or {}).items():
        if canon not in INPUT_FIELDS:
            raise fail(f"defaults.{canon}", f"a field among {', '.join(INPUT_FIELDS)}", canon)
        defaults[canon] = str(value)
    rate = doc.get("on_cost_rate")
    if rate is not None and (not isinstance(rate, int | float) or not 0 <= rate <= 5):
        raise fail("on_cost_rate", "a number between 0 and 5 (0.25 = 25% on-costs)", rate)
    preset = Preset(name=f"mapping:{file}", description=f"user mapping {file}",
                    columns=MappingProxyType(columns), signature=(),
                    defaults=MappingProxyType(defaults), family=base.family)
    return UserMapping(preset=preset, on_cost_rate=rate, source=file)


def guess_mapping(headers: Iterable[str], *, threshold: float = 80.0) -> dict[str, str | None]:
    """Guess which header holds each input field, for a planner to check and correct.

    Every preset's known header names count as evidence: an exact match (ignoring case
    and punctuation) wins, then the closest fuzzy match (rapidfuzz ``token_set_ratio``
    at ``threshold`` or above [0-100]). Each header is used for one field at most.

    Returns
    -------
    dict
        Input field -> header, or None where nothing fits.
    """
    from rapidfuzz import fuzz

    headers = [str(h) for h in headers]
    keys = {header_key(h): h for h in headers}
    candidates: dict[str, list[str]] = {f: [f] for f in INPUT_FIELDS}
    for preset in PRESETS:
        for canon, names in preset.columns.items():
            candidates.setdefault(canon, []).extend(names)
    scored: list[tuple[float, str, str]] = []
    for canon in INPUT_FIELDS:
        for name in candidates.get(canon, []):
            if header_key(name) in keys:
                scored.append((200.0, canon, keys[header_key(name)]))
        for h in headers:
            best = max(fuzz.token_set_ratio(name.replace("_", " ").lower(), h.lower())
                       for name in candidates.get(canon, [canon]))
            if best >= threshold:
                scored.append((float(best), canon, h))
    out: dict[str, str | None] = dict.fromkeys(INPUT_FIELDS)
    used: set[str] = set()
    for _score, canon, h in sorted(scored, key=lambda t: (-t[0], INPUT_FIELDS.index(t[1]))):
        if out[canon] is None and h not in used:
            out[canon] = h
            used.add(h)
    return out


def mapping_yaml(columns: Mapping[str, str | None], defaults: Mapping[str, str] | None = None,
                 on_cost_rate: float | None = None) -> str:
    """A mapping file's text (see :func:`load_mapping`) from field -> header choices."""
    doc: dict[str, object] = {"columns": {k: v for k, v in columns.items() if v}}
    if defaults:
        doc["defaults"] = dict(defaults)
    if on_cost_rate is not None:
        doc["on_cost_rate"] = on_cost_rate
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
