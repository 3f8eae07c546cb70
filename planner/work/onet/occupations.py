"""O*NET occupations as library roles (ids, aliases, functions), the occupations a user
selects, and job titles matched to occupations by the role matcher of
:mod:`planner.work.titles`."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Problem, Severity
from planner.schema import ONET_SOC_PATTERN
from planner.work.library import Library
from planner.work.overrides import TitleOverride, TitleOverrides, read_title_pairs
from planner.work.titles import match_titles

SOC_MAJOR_GROUPS: dict[str, str] = {
    "11": "management", "13": "business_and_financial_operations",
    "15": "computer_and_mathematical", "17": "architecture_and_engineering",
    "19": "life_physical_and_social_science", "21": "community_and_social_service",
    "23": "legal", "25": "educational_instruction_and_library",
    "27": "arts_design_entertainment_sports_and_media", "29": "healthcare_practitioners",
    "31": "healthcare_support", "33": "protective_service",
    "35": "food_preparation_and_serving", "37": "building_and_grounds_maintenance",
    "39": "personal_care_and_service", "41": "sales", "43": "office_and_administrative_support",
    "45": "farming_fishing_and_forestry", "47": "construction_and_extraction",
    "49": "installation_maintenance_and_repair", "51": "production",
    "53": "transportation_and_material_moving", "55": "military_specific",
}
"""SOC 2018 major groups (the first two digits of a code) as library functions."""


def onet_role_id(soc_code: str) -> str:
    """The library role id of an O*NET-SOC code: ``11-1011.03`` -> ``onet_11_1011_03``."""
    return "onet_" + re.sub(r"[^0-9]", "_", soc_code)


def onet_task_id(onet_id: int) -> str:
    """The library task id of an O*NET task id: ``8823`` -> ``onet_8823``."""
    return f"onet_{int(onet_id)}"


def _singular(word: str) -> str:
    if re.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    if re.search(r"(ss|us|is|ics|sales|news|series)$", word, flags=re.IGNORECASE):
        return word
    if re.search(r"(ches|shes|sses|xes)$", word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def occupation_aliases(title: str) -> list[str]:
    """Job titles that name an O*NET occupation: its title, singular, before any comma, and
    each job of a list ("Payroll and Timekeeping Clerks": payroll clerk, timekeeping clerk).

    >>> occupation_aliases("Sales Representatives, Wholesale and Manufacturing")
    ['Sales Representatives, Wholesale and Manufacturing', 'Sales Representative']
    """
    out = [title]

    def add(alias: str) -> None:
        if alias and alias not in out:
            out.append(alias)

    def singular(phrase: str) -> str:
        words = phrase.split()
        return " ".join([*words[:-1], _singular(words[-1])]) if words else ""

    head = title.split(", Except")[0].strip()
    parts = [p for p in re.split(r",\s*and\s+|,\s*|\s+and\s+", head) if p]
    if len(parts) > 1 and all(len(p.split()) == 1 for p in parts[:-1]):
        noun = _singular(parts[-1].split()[-1])
        for part in parts:
            if part is parts[-1] or part.endswith("s"):
                add(singular(part))  # a job of its own: "Secretaries", "Auditors"
            else:
                add(f"{part} {noun}")  # a modifier of the last noun: "Payroll" clerk
    else:
        first = head.split(",")[0].strip()
        add(singular(first if len(first.split()) > 1 else head))
    return out


def _is_manager(title: pd.Series, soc: pd.Series) -> pd.Series:
    pattern = r"(?i)\b(?:managers?|supervisors?|chief executives?|directors?)\b"
    return (title.str.contains(pattern, regex=True).fillna(False) | soc.str.startswith("11-1")
            .fillna(False)).astype(bool)


def occupations_of(labels: pd.DataFrame) -> pd.DataFrame:
    """The distinct occupations of ``labels`` (``soc_code``, ``occupation``), in file order."""
    return (labels.drop_duplicates("soc_code")[["soc_code", "occupation"]]
            .reset_index(drop=True))


def occupation_roles(occupations: pd.DataFrame,
                     annual_cost: pd.Series | float) -> pd.DataFrame:
    """One library role per occupation (the columns of :class:`planner.schema.RoleSchema`).

    Parameters
    ----------
    occupations : DataFrame
        ``soc_code`` and ``occupation``, one row per occupation (:func:`occupations_of`).
    annual_cost : Series or float
        ``typical_annual_cost`` of each role, aligned with ``occupations`` [currency/FTE/year].
    """
    return pd.DataFrame({
        "role_id": occupations["soc_code"].map(onet_role_id),
        "name": occupations["occupation"],
        "function": occupations["soc_code"].str[:2].map(SOC_MAJOR_GROUPS).fillna("other"),
        "is_manager": _is_manager(occupations["occupation"], occupations["soc_code"]),
        "aliases": occupations["occupation"].map(lambda t: "|".join(occupation_aliases(t))),
        "typical_annual_cost": annual_cost,
        "onet_soc": occupations["soc_code"].where(
            occupations["soc_code"].str.fullmatch(ONET_SOC_PATTERN)),
    })


def select_occupations(labels: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """The labels of the given occupations; a six-digit SOC code (``13-2011``) selects every
    O*NET occupation below it (``13-2011.00``, ``13-2011.01`` ...).

    Raises
    ------
    InputError
        For codes that select nothing.
    """
    wanted = [str(c).strip() for c in codes if str(c).strip()]
    keep = pd.Series(False, index=labels.index)
    unknown = []
    for code in wanted:
        hit = labels["soc_code"] == code if len(code) > 7 else labels["soc_code"].str[:7] == code
        if not hit.any():
            unknown.append(code)
        keep |= hit
    if unknown:
        raise InputError(Problem("unknown_occupation", Severity.ERROR,
                                 f"expected O*NET-SOC codes of the labels file, found "
                                 f"{', '.join(unknown[:10])}",
                                 "use codes like 13-2011.00 or 13-2011 (see `planner tasks "
                                 "match-occupations`)", column="soc_code"))
    return labels[keep].reset_index(drop=True)


def read_occupation_list(path: str | os.PathLike[str]) -> list[str]:
    """SOC codes from a file: a CSV with a ``soc_code`` (or ``O*NET-SOC Code``) column, such as
    the output of ``planner tasks match-occupations``, or one code per line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(Problem("bad_occupations", Severity.ERROR, f"expected a readable "
                                 f"file: {exc}", "pass a CSV with a soc_code column",
                                 file=p.name)) from exc
    first = text.splitlines()[0] if text.strip() else ""
    if "," in first or "soc_code" in first or "O*NET-SOC Code" in first:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        col = next((c for c in ("soc_code", "O*NET-SOC Code") if c in frame.columns), None)
        if col is None:
            raise InputError(Problem("bad_occupations", Severity.ERROR, f"expected a soc_code "
                                     f"column, found {', '.join(frame.columns)}",
                                     "name the column of SOC codes soc_code", file=p.name))
        return [c for c in frame[col].str.strip() if c]
    return [line.strip() for line in text.splitlines() if line.strip()]


def occupation_library(labels: pd.DataFrame) -> Library:
    """A library of the occupations in ``labels`` for matching: their titles, and their task
    statements (``task_id``, ``statement``; equal shares), through which a title the
    occupation titles miss can still be suggested
    (:func:`planner.work.titles.match_by_tasks`)."""
    tasks = pd.DataFrame({"task_id": labels["onet_task_id"].map(onet_task_id),
                          "statement": labels["statement"]})
    role_tasks = pd.DataFrame({"role_id": labels["soc_code"].map(onet_role_id),
                               "task_id": tasks["task_id"]})
    role_tasks["share"] = 1.0 / role_tasks.groupby("role_id")["task_id"].transform("size")
    return Library(roles=occupation_roles(occupations_of(labels), 1.0), tasks=tasks,
                   role_tasks=role_tasks,
                   sources=pd.DataFrame(columns=["source_id", "citation", "notes"]))


def _soc_of(role_id: str | None) -> str | None:
    if not role_id or not str(role_id).startswith("onet_"):
        return None
    d = str(role_id)[5:].split("_")
    return f"{d[0]}-{d[1]}.{d[2]}" if len(d) == 3 else None


def load_occupation_overrides(path: str | os.PathLike[str],
                              library: Library) -> TitleOverrides:
    """A planner's title -> occupation decisions: CSV ``job_title,soc_code`` (or YAML
    ``title: soc_code``). Codes must be occupations of ``library``.

    Raises
    ------
    InputError
        For a missing column or an unknown code, with its row.
    """
    p = Path(path)
    pairs = read_title_pairs(p, "soc_code", "write a CSV with a job_title and a soc_code "
                             "column (e.g. 13-2011.00)")
    known = set(library.roles["role_id"])
    problems = [Problem("bad_overrides", Severity.ERROR,
                        f"soc_code: expected an O*NET-SOC code of the labels file, found "
                        f"{code!r}", "see `planner tasks match-occupations` for codes",
                        file=p.name, row=i + 2, column="soc_code", value=code)
                for i, (_, code) in enumerate(pairs) if onet_role_id(code.strip()) not in known]
    if problems:
        raise InputError(problems)
    return TitleOverrides(tuple(TitleOverride(t, onet_role_id(c.strip())) for t, c in pairs),
                          source=p.name)


def match_occupations(titles: pd.Series, labels: pd.DataFrame | Library,
                      overrides: TitleOverrides | None = None) -> pd.DataFrame:
    """Match each distinct job title to an O*NET occupation, with a confidence.

    The same matcher as role matching (:func:`planner.work.titles.match_titles`): exact after
    normalisation, the planner's overrides, else fuzzy with a confidence and the three next
    occupations.

    Parameters
    ----------
    titles : Series of str
        Job titles, one per position.
    labels : DataFrame or Library
        :class:`OnetLabelSchema` (or a library from :func:`occupation_library` or
        :func:`import_onet`).
    overrides : TitleOverrides, optional
        From :func:`load_occupation_overrides`.

    Returns
    -------
    DataFrame
        ``job_title``, ``positions``, ``soc_code``, ``occupation``, ``confidence`` [0-1],
        ``method``, ``status`` and ``alternatives`` (``code title (score)``, three).
    """
    lib = labels if isinstance(labels, Library) else occupation_library(labels)
    m = match_titles(titles, lib, overrides)
    names = lib.role_names()

    def alts(text: str) -> str:
        out = []
        for item in [s for s in str(text).split("; ") if s]:
            role, _, score = item.rpartition(" (")
            out.append(f"{_soc_of(role)} {names.get(role, role)} ({score}")
        return "; ".join(out)

    return pd.DataFrame({
        "job_title": m["job_title"], "positions": m["positions"],
        "soc_code": m["role_id"].map(_soc_of), "occupation": m["role_name"],
        "confidence": m["confidence"], "method": m["method"], "status": m["status"],
        "alternatives": m["alternatives"].map(alts)})

