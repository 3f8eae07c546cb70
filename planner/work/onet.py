"""O*NET occupations and their exposure labels as a role/task library, and job titles matched
to O*NET occupations.

The labels file is ``full_labelset.tsv`` of openai/GPTs-are-GPTs (Eloundou, Manning, Mishkin
and Rock, 2023; MIT licence): 19,265 O*NET task statements of 923 occupations, each with a
human and a GPT-4 exposure label (``E0`` none, ``E1`` an LLM alone at least halves the time,
``E2`` software built on an LLM would). The task statements are O*NET's (CC BY 4.0), so a
library built from them carries the attribution the licence asks for, and says it was
modified (statements are regrouped, weighted and tagged). The project never ships the file:
the user points the importer at their copy (``planner data download onet-labels`` fetches it).

An imported library is an ordinary :class:`planner.work.library.Library` (same schemas, same
folder layout, plus ``metadata.yaml``), so scenarios and title matching use it unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml
from pandera.typing import Series
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.errors import InputError, Problem, Severity
from planner.schema import RoleSchema, RoleTaskSchema, TaskMode, TaskSchema
from planner.work.download import file_sha256
from planner.work.library import (
    Library,
    TitleOverrides,
    _check,
    match_titles,
    normalise_title,
    read_title_pairs,
)

ONET_ATTRIBUTION = (
    "This library includes information from the O*NET 27.x Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA. The planner modified the information: "
    "task statements are grouped into roles, weighted by task type and tagged with an "
    "automatability share and mode derived from exposure labels. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications.")
"""Credit and modification notice that the O*NET licence (CC BY 4.0) asks for."""
LABELS_CITATION = (
    "Eloundou, T., Manning, S., Mishkin, P. and Rock, D. (2023). GPTs are GPTs: An early look "
    "at the labor market impact potential of large language models. Exposure labels from "
    "github.com/openai/GPTs-are-GPTs, data/full_labelset.tsv (MIT licence, Copyright (c) 2023 "
    "OpenAI).")
"""Citation of the exposure labels."""
OES_CITATION = ("U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
                "May 2021, national cross-industry estimates (public domain).")

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


class Exposure(StrEnum):
    """Exposure of a task to large language models (the rubric of Eloundou et al. 2023)."""

    E0 = "E0"
    """No or minimal exposure: an LLM does not cut the time by half at equal quality."""
    E1 = "E1"
    """Direct exposure: an LLM alone (e.g. a chat interface) cuts the time by half or more."""
    E2 = "E2"
    """Exposure through software built on an LLM (tools, retrieval, images) that would."""

    @property
    def label(self) -> str:
        """The label in a planner's words ("AI alone can halve the time")."""
        return EXPOSURE_WORDS[self.value]


EXPOSURE_WORDS = {"E0": "AI cannot halve the time",
                  "E1": "AI alone can halve the time",
                  "E2": "AI tools built on it can halve the time"}
"""Exposure label -> the words a planner reads (the rubric of Eloundou et al. 2023)."""


def similar_text(label: str, similarity: float, statement: str, occupation: str) -> str:
    """A labelled O*NET statement quoted as evidence: "Reconcile accounts. (Bookkeeping
    Clerks; AI alone can halve the time; 45% similar)"."""
    words = EXPOSURE_WORDS.get(label, label)
    return f"{statement} ({occupation}; {words}; {similarity:.0%} similar)"


class LabelSource(StrEnum):
    """Which label of the file a library or an evaluation follows."""

    HUMAN = "human"
    """``human_exposure_agg``: the annotators' label."""
    GPT4 = "gpt4"
    """``gpt4_exposure``: GPT-4's label under the same rubric."""

    @property
    def column(self) -> str:
        """The column of :class:`OnetLabelSchema` that holds this label."""
        return {"human": "human_exposure", "gpt4": "gpt4_exposure"}[self.value]


_FILE_COLUMNS = {
    "O*NET-SOC Code": "soc_code", "Task ID": "onet_task_id", "Task": "statement",
    "Task Type": "task_type", "Title": "occupation", "human_exposure_agg": "human_exposure",
    "gpt4_exposure": "gpt4_exposure", "gpt4_automation": "gpt4_automation",
}
"""Columns of ``full_labelset.tsv`` that the planner reads, and their names here."""


class OnetLabelSchema(pa.DataFrameModel):
    """O*NET task statements with their exposure labels, one row per statement.

    ``task_type`` is O*NET's ``Core`` or ``Supplemental`` (missing for statements O*NET has
    not rated); ``gpt4_automation`` is GPT-4's automation level (``T0`` none ... ``T4``
    full). ``row`` is the line of the file (header = 1).
    """

    soc_code: Series[str] = pa.Field(str_matches=r"^\d\d-\d{4}\.\d\d$")
    onet_task_id: Series[int] = pa.Field(unique=True, ge=0)
    statement: Series[str] = pa.Field(str_length={"min_value": 10})
    task_type: Series[str] = pa.Field(nullable=True, isin=["Core", "Supplemental"])
    occupation: Series[str] = pa.Field(str_length={"min_value": 1})
    human_exposure: Series[str] = pa.Field(isin=[e.value for e in Exposure])
    gpt4_exposure: Series[str] = pa.Field(isin=[e.value for e in Exposure])
    gpt4_automation: Series[str] = pa.Field(nullable=True, isin=["T0", "T1", "T2", "T3", "T4"])
    row: Series[int] = pa.Field(ge=2)


def read_onet_labels(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``full_labelset.tsv`` into :class:`OnetLabelSchema` (every problem at once).

    Raises
    ------
    InputError
        The file is unreadable, lacks a column, or has values outside the rubric.
    """
    return _read_onet_labels(str(Path(path).resolve()))


def _read_onet_labels(path: str) -> pd.DataFrame:
    p = Path(path)
    try:
        raw = pd.read_csv(p, sep="\t", dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(Problem("bad_labels", Severity.ERROR, f"expected a readable "
                                 f"tab-separated labels file, found: {exc}",
                                 "pass full_labelset.tsv of openai/GPTs-are-GPTs "
                                 "(`planner data download onet-labels`)", file=p.name)) from exc
    missing = [c for c in _FILE_COLUMNS if c not in raw.columns]
    if missing:
        raise InputError(Problem(
            "bad_labels", Severity.ERROR, f"expected the columns {', '.join(_FILE_COLUMNS)}; "
            f"missing: {', '.join(missing)} (found: {', '.join(raw.columns[:12])})",
            "pass full_labelset.tsv of openai/GPTs-are-GPTs", file=p.name))
    frame = raw[list(_FILE_COLUMNS)].rename(columns=_FILE_COLUMNS)
    for col in ("soc_code", "statement", "occupation", "human_exposure", "gpt4_exposure"):
        frame[col] = frame[col].str.strip()
    for col in ("task_type", "gpt4_automation"):
        frame[col] = frame[col].str.strip().replace("", pd.NA)
    ids = pd.to_numeric(frame["onet_task_id"], errors="coerce")
    frame["row"] = np.arange(2, len(frame) + 2)
    bad_ids = ids.isna() | (ids % 1 != 0)
    if bad_ids.any():
        problems = [Problem("bad_labels", Severity.ERROR, f"Task ID: expected a whole number, "
                            f"found {frame['onet_task_id'].iloc[i]!r}", "fix the labels file",
                            file=p.name, row=int(frame["row"].iloc[i]), column="Task ID")
                    for i in np.flatnonzero(bad_ids.to_numpy())[:50]]
        raise InputError(problems)
    frame["onet_task_id"] = ids.astype("int64")
    columns = {v: k for k, v in _FILE_COLUMNS.items()}
    try:
        return OnetLabelSchema.validate(frame, lazy=True).reset_index(drop=True)
    except pa.errors.SchemaErrors as exc:
        problems = [Problem("bad_labels", Severity.ERROR, f"{r.column}: failed {r.check}, "
                            f"found {r.failure_case!r}", "fix the labels file", file=p.name,
                            row=None if pd.isna(r.index) else int(r.index) + 2,
                            column=columns.get(str(r.column), r.column))
                    for r in exc.failure_cases.head(50).itertuples(index=False)]
        raise InputError(problems) from exc


# The mapping from labels to tags ------------------------------------------------------------

class ExposureTag(BaseModel):
    """The task tag that one exposure label stands for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    automatable_share: Annotated[float, Field(ge=0, le=1)]
    """Share of the task's hours an AI layer can take [0-1]."""
    mode: TaskMode
    oversight_hours_per_ai_hour: Annotated[float, Field(ge=0, le=2)] = 0.0
    """Human review time per AI-executed hour [h/h]."""


def _default_exposure() -> dict[Exposure, ExposureTag]:
    return {
        Exposure.E0: ExposureTag(automatable_share=0.0, mode=TaskMode.HUMAN),
        Exposure.E1: ExposureTag(automatable_share=0.5, mode=TaskMode.AUTOMATE,
                                 oversight_hours_per_ai_hour=0.2),
        Exposure.E2: ExposureTag(automatable_share=0.5, mode=TaskMode.AUGMENT,
                                 oversight_hours_per_ai_hour=0.25),
    }


class ExposureMapping(BaseModel):
    """How exposure labels become task tags, and how task types weigh in a role's task mix.

    The default reads the rubric literally: ``E1`` (an LLM alone halves the time) is work an
    execution layer can take, half of its hours; ``E2`` (halved with LLM-based tools) is work
    people keep doing with an assistant; ``E0`` stays human. O*NET marks a statement
    ``Core`` (critical and relevant to the occupation) or ``Supplemental``; without task
    ratings in the file, a core statement weighs twice a supplemental one, and an unrated
    statement counts as core. Load your own from YAML with :func:`load_mapping`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: LabelSource = LabelSource.HUMAN
    """Which label to follow: the annotators' (``human``) or GPT-4's (``gpt4``)."""
    exposure: dict[Exposure, ExposureTag] = Field(default_factory=_default_exposure)
    core_weight: Annotated[float, Field(gt=0)] = 2.0
    supplemental_weight: Annotated[float, Field(gt=0)] = 1.0
    unrated_weight: Annotated[float, Field(gt=0)] = 2.0

    def model_post_init(self, context: Any) -> None:  # noqa: D102
        missing = [e.value for e in Exposure if e not in self.exposure]
        if missing:
            raise ValueError(f"exposure: expected a tag for each of E0, E1, E2; missing "
                             f"{', '.join(missing)}")

    def tag(self, label: str) -> ExposureTag:
        """The tag of one label (``E0``, ``E1``, ``E2``)."""
        return self.exposure[Exposure(label)]

    def shares(self) -> np.ndarray:
        """Automatable share of E0, E1, E2 in that order [0-1]."""
        return np.array([self.exposure[e].automatable_share for e in Exposure])


def load_mapping(path: str | os.PathLike[str]) -> ExposureMapping:
    """Read an :class:`ExposureMapping` from YAML (keys as in ``docs/tagging.md``).

    Raises
    ------
    InputError
        With the key path of every invalid setting.
    """
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        return ExposureMapping.model_validate(doc)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(Problem("bad_exposure_mapping", Severity.ERROR,
                                 f"expected a readable YAML file: {exc}",
                                 "see docs/tagging.md for the format", file=p.name)) from exc
    except ValidationError as exc:
        raise InputError([Problem(
            "bad_exposure_mapping", Severity.ERROR,
            f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}, found {e.get('input')!r}",
            "see docs/tagging.md for the keys and their ranges", file=p.name)
            for e in exc.errors()]) from exc


# Wages --------------------------------------------------------------------------------------

def read_oes_wages(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Annual mean wages by SOC code from a BLS OES national file (``national_M*_dl``).

    Returns ``occ_code`` (``11-1011``), ``group`` (detailed, broad, minor, major),
    ``annual_wage`` [USD/year]. A wage BLS withholds (``*``) is dropped; a top-coded one
    (``#``, at or above 208,000) is taken as 208,000.
    """
    p = Path(path)
    try:
        raw = (pd.read_excel(p, dtype=str) if p.suffix.lower() in (".xlsx", ".xls") else
               pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(Problem("bad_wages", Severity.ERROR, f"expected a readable OES file: "
                                 f"{exc}", "pass national_M2021_dl.csv of BLS OES",
                                 file=p.name)) from exc
    raw.columns = [c.upper() for c in raw.columns]
    need = {"OCC_CODE", "O_GROUP", "A_MEAN"}
    if need - set(raw.columns):
        raise InputError(Problem("bad_wages", Severity.ERROR, f"expected columns OCC_CODE, "
                                 f"O_GROUP and A_MEAN, missing: "
                                 f"{', '.join(sorted(need - set(raw.columns)))}",
                                 "pass a BLS OES national file", file=p.name))
    if "I_GROUP" in raw.columns:
        raw = raw[raw["I_GROUP"].str.lower().isin(["cross-industry", ""])]
    text = raw["A_MEAN"].astype(str).str.replace(",", "").str.strip()
    wage = pd.to_numeric(text.replace("#", "208000"), errors="coerce")
    out = pd.DataFrame({"occ_code": raw["OCC_CODE"].astype(str).str.strip(),
                        "group": raw["O_GROUP"].astype(str).str.lower(),
                        "annual_wage": wage.astype(float)})
    return out.dropna(subset=["annual_wage"]).drop_duplicates("occ_code").reset_index(drop=True)


def wages_for(soc_codes: pd.Series, wages: pd.DataFrame) -> pd.DataFrame:
    """Annual wage per O*NET-SOC code, from the most detailed OES group that has one.

    O*NET codes (``13-1021.00``) follow the SOC of their release; where OES publishes no
    detailed figure the broad (``13-1020``), minor (``13-1000``) then major group
    (``13-0000``) stands in. Returns ``soc_code``, ``annual_wage`` [USD/year] and
    ``wage_level`` (the group used, or missing when none).
    """
    by_code = wages.set_index("occ_code")["annual_wage"]
    six = soc_codes.str[:7]
    candidates = {"detailed": six, "broad": six.str[:6] + "0", "minor": six.str[:5] + "00",
                  "major": six.str[:2] + "-0000"}
    wage = pd.Series(np.nan, index=soc_codes.index)
    level = pd.Series(pd.NA, index=soc_codes.index, dtype="string")
    for name, codes in candidates.items():
        found = codes.map(by_code).astype(float)
        take = wage.isna() & found.notna()
        wage[take] = found[take]
        level[take] = name
    return pd.DataFrame({"soc_code": soc_codes, "annual_wage": wage, "wage_level": level})


# The importer -------------------------------------------------------------------------------

@dataclass(frozen=True)
class LibraryMetadata:
    """Provenance of an imported library, written as ``metadata.yaml`` beside its tables.

    Attributes
    ----------
    attribution : str
        The credit and modification notice the O*NET licence asks for.
    citations : tuple of str
        The labels (and wages) cited.
    labels_file, labels_sha256 : str
        The labels file read and its checksum.
    mapping : dict
        The :class:`ExposureMapping` used, as plain values.
    occupations, tasks : int
        Counts imported.
    wages : str
        Where ``typical_annual_cost`` came from.
    currency : str
        Currency of ``typical_annual_cost``.
    created : str
        UTC time of the import (ISO 8601).
    notes : tuple of str
        Approximations a user should know about.
    """

    attribution: str
    citations: tuple[str, ...]
    labels_file: str
    labels_sha256: str
    mapping: dict[str, Any]
    occupations: int
    tasks: int
    wages: str
    currency: str
    created: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for YAML."""
        return {"attribution": self.attribution, "licence": "O*NET statements: CC BY 4.0; "
                "exposure labels: MIT (openai/GPTs-are-GPTs)", "citations": list(self.citations),
                "labels_file": self.labels_file, "labels_sha256": self.labels_sha256,
                "mapping": self.mapping, "occupations": self.occupations, "tasks": self.tasks,
                "wages": self.wages, "currency": self.currency, "created": self.created,
                "notes": list(self.notes)}


@dataclass(frozen=True, eq=False)
class OnetLibrary:
    """An imported O*NET library and its provenance."""

    library: Library
    metadata: LibraryMetadata


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


def _categorise(statements: pd.Series, reference: Library) -> tuple[np.ndarray, np.ndarray]:
    """Activity category of each statement from the wording of the reference library's tasks.

    O*NET statements carry no MGI activity category; a logistic regression on TF-IDF of the
    reference tasks' statements (313 in the bundled library) estimates one. Returns the
    categories and their probabilities [0-1].
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    x = vec.fit_transform(reference.tasks["statement"].astype(str))
    clf = LogisticRegression(C=10.0, max_iter=2000)
    clf.fit(x, reference.tasks["activity_category"].astype(str))
    proba = clf.predict_proba(vec.transform(statements.astype(str)))
    best = proba.argmax(axis=1)
    category = clf.classes_[best].astype(object)
    p = proba[np.arange(len(best)), best]
    # An office library has few physical tasks to learn from: a statement that opens with a
    # physical verb is physical work whatever its other words say.
    verb = statements.astype(str).str.extract(r"^\s*([A-Za-z]+)", expand=False).str.lower()
    for cat, verbs in _PHYSICAL_VERBS.items():
        hit = verb.isin(verbs).fillna(False).to_numpy(bool)
        category[hit] = cat
        p[hit] = 1.0
    return category.astype(str), p


_PHYSICAL_VERBS = {
    "predictable_physical": frozenset({
        "operate", "assemble", "load", "unload", "package", "pack", "sort", "stack", "weld",
        "cut", "feed", "tend", "mix", "pour", "trim", "sew", "press", "grind", "polish",
        "wrap", "fill", "label", "bake", "cook", "fry", "wash", "sand", "drill", "mold",
        "mould"}),
    "unpredictable_physical": frozenset({
        "repair", "install", "clean", "drive", "lift", "move", "maintain", "paint", "build",
        "construct", "dig", "plant", "harvest", "carry", "climb", "replace", "adjust",
        "dismantle", "remove", "transport", "patrol", "bathe", "groom", "serve",
        "position", "lay", "spray", "erect", "mow", "prune", "haul", "restrain"}),
}


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


def import_onet(labels: pd.DataFrame | str | os.PathLike[str], *,
                mapping: ExposureMapping | None = None, occupations: Sequence[str] | None = None,
                wages: pd.DataFrame | str | os.PathLike[str] | None = None,
                on_cost_rate: float = 0.0, default_annual_cost: float = 60000.0,
                reference: Library | None = None) -> OnetLibrary:
    """Build a role/task library from O*NET occupations and their exposure labels.

    Roles are occupations; tasks are their statements; a role's task mix weighs its
    statements by type (core, supplemental, unrated, per ``mapping``) and sums to 1; each
    task's ``automatable_share``, ``mode`` and ``oversight_hours_per_ai_hour`` come from its
    label through ``mapping``.

    Parameters
    ----------
    labels : DataFrame or path
        :class:`OnetLabelSchema` or the labels file.
    mapping : ExposureMapping, optional
        Default: :class:`ExposureMapping` ().
    occupations : sequence of str, optional
        O*NET-SOC codes to import (six digits select all below); default all.
    wages : DataFrame or path, optional
        :func:`read_oes_wages` or an OES file; without it every role costs
        ``default_annual_cost``.
    on_cost_rate : float
        Employer on-costs on top of OES wages (0.3 = 30%) for ``typical_annual_cost`` [-].
    default_annual_cost : float
        Cost of a role without a wage [USD/FTE/year].
    reference : Library, optional
        Library whose categorised statements estimate each task's activity category
        (default: the bundled one).

    Returns
    -------
    OnetLibrary
    """
    from planner.work.library import load_library

    mapping = mapping or ExposureMapping()
    path = None if isinstance(labels, pd.DataFrame) else Path(labels)
    frame = labels if isinstance(labels, pd.DataFrame) else read_onet_labels(labels)
    if occupations:
        frame = select_occupations(frame, occupations)
    notes = ["activity_category of each task is estimated from its wording (nearest tasks of "
             "the reference library), not taken from O*NET"]

    occ = frame.drop_duplicates("soc_code")[["soc_code", "occupation"]].reset_index(drop=True)
    if wages is not None:
        table = wages if isinstance(wages, pd.DataFrame) else read_oes_wages(wages)
        w = wages_for(occ["soc_code"], table)
        cost = w["annual_wage"] * (1.0 + on_cost_rate)
        no_wage = cost.isna()
        if no_wage.any():
            notes.append(f"{int(no_wage.sum())} occupations without an OES wage cost "
                         f"{default_annual_cost:,.0f} per FTE")
        coarse = w["wage_level"].isin(["broad", "minor", "major"]).fillna(False)
        if coarse.any():
            notes.append(f"{int(coarse.sum())} occupations take the wage of their broad, minor "
                         "or major SOC group (no detailed OES figure)")
        cost = cost.fillna(default_annual_cost)
        wage_note = (f"OES annual mean wage x (1 + {on_cost_rate:g}) on-costs"
                     + (f" ({Path(wages).name})" if not isinstance(wages, pd.DataFrame) else ""))
    else:
        cost = pd.Series(default_annual_cost, index=occ.index, dtype=float)
        wage_note = f"no wages given: every role costs {default_annual_cost:,.0f} per FTE"
        notes.append(wage_note)
    roles = pd.DataFrame({
        "role_id": occ["soc_code"].map(onet_role_id),
        "name": occ["occupation"],
        "function": occ["soc_code"].str[:2].map(SOC_MAJOR_GROUPS).fillna("other"),
        "is_manager": _is_manager(occ["occupation"], occ["soc_code"]),
        "aliases": occ["occupation"].map(lambda t: "|".join(occupation_aliases(t))),
        "typical_annual_cost": cost.astype(float).round(0),
    })

    label_col = mapping.label.column
    tags = frame[label_col].map(mapping.tag)
    categories, cat_p = _categorise(frame["statement"], reference or load_library())
    source = f"onet_{mapping.label.value}_labels"
    automation = frame["gpt4_automation"].fillna("-")
    tasks = pd.DataFrame({
        "task_id": frame["onet_task_id"].map(onet_task_id),
        "statement": frame["statement"],
        "activity_category": categories,
        "automatable_share": [t.automatable_share for t in tags],
        "mode": [t.mode.value for t in tags],
        "oversight_hours_per_ai_hour": [t.oversight_hours_per_ai_hour for t in tags],
        "source": source,
        "rationale": ("O*NET task " + frame["onet_task_id"].astype(str) + " of "
                      + frame["occupation"] + " (" + frame["task_type"].fillna("unrated")
                      + "); human label " + frame["human_exposure"] + ", GPT-4 "
                      + frame["gpt4_exposure"] + " / " + automation + "; mapped from the "
                      + mapping.label.value + " label; category estimated (p="
                      + pd.Series(cat_p, index=frame.index).round(2).astype(str) + ")"),
    })
    weight = frame["task_type"].map({"Core": mapping.core_weight,
                                     "Supplemental": mapping.supplemental_weight})
    weight = weight.astype(float).fillna(mapping.unrated_weight)
    mix = pd.DataFrame({"role_id": frame["soc_code"].map(onet_role_id),
                        "task_id": tasks["task_id"], "share": weight})
    mix["share"] = mix["share"] / mix.groupby("role_id")["share"].transform("sum")
    sources = pd.DataFrame({
        "source_id": [source],
        "citation": [f"{LABELS_CITATION} Task statements: {ONET_ATTRIBUTION}"],
        "notes": [f"Tags mapped from the {mapping.label.value} exposure label: "
                  + "; ".join(f"{e.value} -> share {t.automatable_share:g}, {t.mode.value}"
                              for e, t in mapping.exposure.items())],
    })
    library = Library(roles=_check(RoleSchema, roles, "roles.csv"),
                      tasks=_check(TaskSchema, tasks, "tasks.csv"),
                      role_tasks=_check(RoleTaskSchema, mix, "role_tasks.csv"),
                      sources=sources)
    citations = [LABELS_CITATION] + ([OES_CITATION] if wages is not None else [])
    meta = LibraryMetadata(
        attribution=ONET_ATTRIBUTION, citations=tuple(citations),
        labels_file=path.name if path else "(table)",
        labels_sha256=file_sha256(path) if path else "",
        mapping=mapping.model_dump(mode="json"), occupations=len(roles), tasks=len(tasks),
        wages=wage_note, currency="USD", created=datetime.now(UTC).isoformat(timespec="seconds"),
        notes=tuple(notes))
    return OnetLibrary(library=library, metadata=meta)


def write_library(result: OnetLibrary, folder: str | os.PathLike[str]) -> Path:
    """Write an imported library as a library folder (the four CSVs and ``metadata.yaml``)
    that ``inputs.library`` and :func:`planner.work.library.load_library` read."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    lib = result.library
    lib.roles.assign(is_manager=lib.roles["is_manager"].map({True: "true", False: "false"})
                     ).to_csv(out / "roles.csv", index=False)
    lib.tasks.to_csv(out / "tasks.csv", index=False)
    lib.role_tasks.to_csv(out / "role_tasks.csv", index=False, float_format="%.10g")
    lib.sources.to_csv(out / "sources.csv", index=False)
    (out / "metadata.yaml").write_text(
        yaml.safe_dump(result.metadata.to_dict(), sort_keys=False, allow_unicode=True,
                       width=100), encoding="utf-8")
    return out


# Job title -> occupation --------------------------------------------------------------------

def occupation_library(labels: pd.DataFrame) -> Library:
    """A roles-only library of the occupations in ``labels``, for title matching."""
    occ = labels.drop_duplicates("soc_code")[["soc_code", "occupation"]].reset_index(drop=True)
    roles = pd.DataFrame({
        "role_id": occ["soc_code"].map(onet_role_id), "name": occ["occupation"],
        "function": occ["soc_code"].str[:2].map(SOC_MAJOR_GROUPS).fillna("other"),
        "is_manager": _is_manager(occ["occupation"], occ["soc_code"]),
        "aliases": occ["occupation"].map(lambda t: "|".join(occupation_aliases(t))),
        "typical_annual_cost": 1.0})
    empty = pd.DataFrame(columns=["role_id", "task_id", "share"])
    return Library(roles=roles, tasks=pd.DataFrame(columns=["task_id"]), role_tasks=empty,
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
    return TitleOverrides({normalise_title(t): onet_role_id(c.strip()) for t, c in pairs},
                          source=p.name)


def match_occupations(titles: pd.Series, labels: pd.DataFrame | Library,
                      overrides: TitleOverrides | None = None) -> pd.DataFrame:
    """Match each distinct job title to an O*NET occupation, with a confidence.

    The same matcher as role matching (:func:`planner.work.library.match_titles`): exact after
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

