"""O*NET task statements with their exposure labels: the rubric, the file's schema and its
reader.

The labels file is ``full_labelset.tsv`` of openai/GPTs-are-GPTs (Eloundou, Manning, Mishkin
and Rock, 2023; MIT licence): 19,265 O*NET task statements of 923 occupations, each with a
human and a GPT-4 exposure label (``E0`` none, ``E1`` an LLM alone at least halves the time,
``E2`` software built on an LLM would). The project never ships the file: the user points the
planner at their copy (``planner data download onet-labels`` fetches it).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from planner.errors import InputError, Problem, Severity

LABELS_CITATION = (
    "Eloundou, T., Manning, S., Mishkin, P. and Rock, D. (2023). GPTs are GPTs: An early look "
    "at the labor market impact potential of large language models. Exposure labels from "
    "github.com/openai/GPTs-are-GPTs, data/full_labelset.tsv (MIT licence, Copyright (c) 2023 "
    "OpenAI).")
"""Citation of the exposure labels."""


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
