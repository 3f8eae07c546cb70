"""The importer: O*NET occupations and their exposure labels as a role/task library folder,
with the attribution the O*NET licence asks for.

The task statements are O*NET's (CC BY 4.0), so a library built from them carries the
attribution the licence asks for, and says it was modified (statements are regrouped,
weighted and tagged). An imported library is an ordinary
:class:`planner.work.library.Library` (same schemas, same folder layout, plus
``metadata.yaml``), so scenarios and title matching use it unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from planner.schema import RoleSchema, RoleTaskSchema, TaskSchema
from planner.work.download import file_sha256
from planner.work.library import Library, load_library, validate_table
from planner.work.onet.exposure import LABELS_CITATION, read_onet_labels
from planner.work.onet.occupations import (
    occupation_roles,
    occupations_of,
    onet_role_id,
    onet_task_id,
    select_occupations,
)
from planner.work.onet.tag_mapping import ExposureMapping
from planner.work.onet.wages import OES_CITATION, read_oes_wages, wages_for

ONET_ATTRIBUTION = (
    "This library includes information from the O*NET 27.x Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA. The planner modified the information: "
    "task statements are grouped into roles, weighted by task type and tagged with an "
    "automatability share and mode derived from exposure labels. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications.")
"""Credit and modification notice that the O*NET licence (CC BY 4.0) asks for."""


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


def _categorise(statements: pd.Series, reference: Library) -> tuple[np.ndarray, np.ndarray]:
    """Activity category of each statement from the wording of the reference library's tasks.

    O*NET statements carry no MGI activity category; a logistic regression on TF-IDF of the
    reference tasks' statements (421 in the bundled library) estimates one. Returns the
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
    mapping = mapping or ExposureMapping()
    path = None if isinstance(labels, pd.DataFrame) else Path(labels)
    frame = labels if isinstance(labels, pd.DataFrame) else read_onet_labels(labels)
    if occupations:
        frame = select_occupations(frame, occupations)
    notes = ["activity_category of each task is estimated from its wording (nearest tasks of "
             "the reference library), not taken from O*NET"]

    occ = occupations_of(frame)
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
    roles = occupation_roles(occ, cost.astype(float).round(0))

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
    library = Library(roles=validate_table(RoleSchema, roles, "roles.csv"),
                      tasks=validate_table(TaskSchema, tasks, "tasks.csv"),
                      role_tasks=validate_table(RoleTaskSchema, mix, "role_tasks.csv"),
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

