"""Task tags from evidence: library defaults, O*NET exposure labels, the text tagger, and a
planner's overrides, with a source, a confidence and an explanation per task.

A library's tasks have their own statements (the bundled library's are original wording), so
evidence reaches them in one of two ways:

- **O*NET labels** (:func:`evidence_tags`): each statement's nearest O*NET statements by
  TF-IDF cosine vote with their labels, weighted by similarity;
- **the tagger** (:func:`tagger_tags`): the trained text model's probabilities.

Either gives a suggested tag per task; :func:`to_overrides` turns suggestions into tag
overrides (``task,automatable_share,mode,oversight_hours_per_ai_hour,source,confidence,
explanation``) that a scenario reads with ``inputs.tag_overrides: FILE``, and
:func:`task_tags` is the table the app's tagging page shows: each task's tag in force, where it
comes from, and the suggestion beside it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.domain import TaskMode
from planner.errors import InputError, Problem, Severity
from planner.work.library import Library
from planner.work.onet.exposure import EXPOSURE_WORDS, Exposure, similar_text
from planner.work.onet.tag_mapping import ExposureMapping

CLASSES: tuple[str, ...] = tuple(e.value for e in Exposure)
OVERRIDE_COLUMNS: tuple[str, ...] = ("task", "automatable_share", "mode",
                                     "oversight_hours_per_ai_hour", "source", "confidence",
                                     "explanation")
"""Columns of a tag overrides file; only ``task`` is required."""
TAG_FIELDS: tuple[str, ...] = ("automatable_share", "mode", "oversight_hours_per_ai_hour")
SIMILARITY_SCALE = 0.5
"""Cosine similarity at which the nearest O*NET statement counts as a full match [0-1]."""


class TagSource(StrEnum):
    """Where a task's tag comes from."""

    LIBRARY = "library default"
    """The library's own tag (``tasks.csv``)."""
    ONET = "O*NET label"
    """Derived from the exposure labels of the nearest O*NET statements."""
    TAGGER = "tagger"
    """Predicted by the text tagger."""
    OVERRIDE = "planner override"
    """Set by the planner."""


SUGGESTION_COLUMNS: tuple[str, ...] = (
    "task_id", "label", "p_E0", "p_E1", "p_E2", "automatable_share", "mode",
    "oversight_hours_per_ai_hour", "source", "confidence", "explanation", "similar_1",
    "similar_2", "similar_3")
"""Columns of :func:`evidence_tags` and :func:`tagger_tags`."""


def _statements(tasks: pd.DataFrame | Library) -> pd.DataFrame:
    frame = tasks.tasks if isinstance(tasks, Library) else tasks
    missing = {"task_id", "statement"} - set(frame.columns)
    if missing:
        raise InputError(Problem("bad_tasks", Severity.ERROR, f"expected columns task_id and "
                                 f"statement, missing: {', '.join(sorted(missing))}",
                                 "name the columns task_id and statement"))
    return frame[["task_id", "statement"]].astype(str).reset_index(drop=True)


def evidence_tags(tasks: pd.DataFrame | Library, labels: pd.DataFrame,
                  mapping: ExposureMapping | None = None, *, k: int = 10,
                  min_similarity: float = 0.15) -> pd.DataFrame:
    """Suggested tags from the labels of the nearest O*NET statements.

    Each statement is compared with every labelled O*NET statement by cosine similarity of
    TF-IDF word 1-2-grams (English stop words dropped). The ``k`` nearest with a similarity of
    at least ``min_similarity`` vote for their label (``mapping.label``), each with the square
    of its similarity, giving a probability per label. The suggested tag is the mapping's tag
    of the most probable label, with the expected automatable share under the probabilities.
    ``confidence`` is that probability, scaled down when even the nearest statement is not
    close: ``p_max x min(1, similarity_1 / 0.5)``.

    Parameters
    ----------
    tasks : DataFrame or Library
        ``task_id`` and ``statement`` columns (or a library's tasks).
    labels : DataFrame
        :class:`planner.work.onet.exposure.OnetLabelSchema`.
    mapping : ExposureMapping, optional
    k : int
        Neighbours that vote.
    min_similarity : float
        Neighbours less similar than this do not vote [0-1].

    Returns
    -------
    DataFrame
        :data:`SUGGESTION_COLUMNS`; tasks without any neighbour above ``min_similarity``
        get confidence 0 and the E0 tag.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    mapping = mapping or ExposureMapping()
    frame = _statements(tasks)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
                          min_df=1)
    onet = vec.fit_transform(labels["statement"].astype(str))
    query = vec.transform(frame["statement"])
    sims = (query @ onet.T).toarray()
    k = min(k, sims.shape[1])
    idx = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    top = np.take_along_axis(sims, idx, axis=1)
    lab = labels[mapping.label.column].to_numpy(str)[idx]
    weight = np.where(top >= min_similarity, top ** 2, 0.0)
    votes = np.stack([(weight * (lab == c)).sum(axis=1) for c in CLASSES], axis=1)
    total = votes.sum(axis=1, keepdims=True)
    proba = np.where(total > 0, votes / np.where(total > 0, total, 1.0),
                     np.array([1.0, 0.0, 0.0]))
    confidence = proba.max(axis=1) * np.minimum(1.0, top[:, 0] / SIMILARITY_SCALE)
    confidence = np.where(total[:, 0] > 0, confidence, 0.0)
    quotes = []
    occ = labels["occupation"].to_numpy(str)[idx]
    text = labels["statement"].to_numpy(str)[idx]
    for j in range(min(3, k)):
        quotes.append([similar_text(lab[i, j], top[i, j], text[i, j], occ[i, j])
                       for i in range(len(frame))])
    out = _suggestions(frame, proba, confidence, TagSource.ONET, mapping, quotes)
    voters = (weight > 0).sum(axis=1)
    out["explanation"] = [
        f"O*NET evidence: {EXPOSURE_WORDS[lab_]} ({p:.0%} of the votes of {n} similar "
        f"statements; the nearest is {s:.0%} similar) -> {m}, {sh:.0%} automatable; "
        f"nearest: {q}"
        for lab_, p, n, s, m, sh, q in zip(out["label"], proba.max(axis=1), voters, top[:, 0],
                                           out["mode"], out["automatable_share"], quotes[0],
                                           strict=True)]
    return out


def tagger_tags(tasks: pd.DataFrame | Library, tagger: Any,
                mapping: ExposureMapping | None = None) -> pd.DataFrame:
    """Suggested tags from the text tagger (:class:`planner.work.tagger.Tagger`).

    ``confidence`` is the probability of the predicted label; the explanation quotes the
    three most similar labelled statements. Returns :data:`SUGGESTION_COLUMNS`.
    """
    mapping = mapping or ExposureMapping()
    frame = _statements(tasks)
    tagged = tagger.tag(frame["statement"], mapping)
    proba = tagged[[f"p_{c}" for c in CLASSES]].to_numpy(float)
    quotes = [tagged[f"similar_{j}"].tolist() for j in (1, 2, 3) if f"similar_{j}" in tagged]
    out = _suggestions(frame, proba, tagged["probability"].to_numpy(float), TagSource.TAGGER,
                       mapping, quotes)
    out["explanation"] = tagged["explanation"] + "; nearest: " + tagged["similar_1"]
    return out


def _suggestions(frame: pd.DataFrame, proba: np.ndarray, confidence: np.ndarray,
                 source: TagSource, mapping: ExposureMapping,
                 quotes: list[list[str]]) -> pd.DataFrame:
    best = np.array(CLASSES)[proba.argmax(axis=1)]
    tags = [mapping.tag(b) for b in best]
    out = pd.DataFrame({"task_id": frame["task_id"], "label": best})
    for j, c in enumerate(CLASSES):
        out[f"p_{c}"] = proba[:, j].round(3)
    out["automatable_share"] = (proba @ mapping.shares()).round(3)
    out["mode"] = [t.mode.value for t in tags]
    out["oversight_hours_per_ai_hour"] = [t.oversight_hours_per_ai_hour for t in tags]
    out["source"] = source.value
    out["confidence"] = np.round(confidence, 3)
    out["explanation"] = ""
    for j in range(3):
        out[f"similar_{j + 1}"] = quotes[j] if j < len(quotes) else ""
    return out[list(SUGGESTION_COLUMNS)]


def suggestions_from_overrides(overrides: pd.DataFrame) -> pd.DataFrame:
    """A tag overrides file (for example the shipped ``models/evidence_tags.csv``) read as
    suggestions a planner may accept task by task (:data:`SUGGESTION_COLUMNS`)."""
    frame = overrides.reindex(columns=list(OVERRIDE_COLUMNS)).rename(columns={"task": "task_id"})
    out = frame.reindex(columns=list(SUGGESTION_COLUMNS))
    out["source"] = out["source"].where(out["source"].notna(), TagSource.OVERRIDE.value)
    out["confidence"] = pd.to_numeric(out["confidence"], errors="coerce").fillna(1.0)
    for col in ("label", "explanation", "similar_1", "similar_2", "similar_3"):
        out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out.reset_index(drop=True)


def best_suggestions(*suggestions: pd.DataFrame) -> pd.DataFrame:
    """Per task, the suggestion with the highest confidence among several sources."""
    frames = [s for s in suggestions if s is not None and not s.empty]
    if not frames:
        return pd.DataFrame(columns=list(SUGGESTION_COLUMNS))
    both = pd.concat(frames, ignore_index=True)
    both = both.sort_values(["task_id", "confidence"], ascending=[True, False], kind="stable")
    order = {t: i for i, t in enumerate(frames[0]["task_id"])}
    best = both.drop_duplicates("task_id")
    return best.sort_values("task_id", key=lambda s: s.map(order)).reset_index(drop=True)


def planner_owned(overrides: pd.DataFrame | None) -> set[str]:
    """Tasks whose tag in ``overrides`` the planner set (source ``planner override``)."""
    if overrides is None or overrides.empty:
        return set()
    frame = _as_override_frame(overrides)
    return set(frame.loc[frame["source"] == TagSource.OVERRIDE.value, "task"].astype(str))


def to_overrides(suggestions: pd.DataFrame, *, min_confidence: float = 0.0,
                 task_ids: Sequence[str] | None = None,
                 in_force: pd.DataFrame | None = None,
                 replace_own: bool = False) -> pd.DataFrame:
    """Tag overrides from suggestions (accepting them), with source, confidence and
    explanation; suggestions below ``min_confidence`` [0-1] (or not in ``task_ids``) are left
    out, so those tasks keep their tag in force.

    A planner's own value wins over evidence: tasks that ``in_force`` (the overrides in
    force) gives a planner override keep it, unless ``replace_own`` is set.

    Returns
    -------
    DataFrame
        :data:`OVERRIDE_COLUMNS`, one row per accepted task.
    """
    keep = suggestions["confidence"].astype(float) >= min_confidence
    if task_ids is not None:
        keep &= suggestions["task_id"].isin(list(task_ids))
    if not replace_own:
        keep &= ~suggestions["task_id"].astype(str).isin(planner_owned(in_force))
    out = suggestions[keep].rename(columns={"task_id": "task"})
    return out[list(OVERRIDE_COLUMNS)].reset_index(drop=True)


def override_tags(task_ids: Sequence[str], *, automatable_share: float | None = None,
                  mode: TaskMode | str | None = None,
                  oversight_hours_per_ai_hour: float | None = None,
                  note: str = "") -> pd.DataFrame:
    """Planner overrides setting the same values on many tasks (a bulk edit).

    Returns :data:`OVERRIDE_COLUMNS` with source ``planner override`` and confidence 1.
    """
    if automatable_share is not None and not 0 <= automatable_share <= 1:
        raise ValueError(f"automatable_share: expected a share between 0 and 1, found "
                         f"{automatable_share!r}")
    if mode is not None:
        mode = TaskMode(mode).value
    n = len(task_ids)
    return pd.DataFrame({"task": list(task_ids), "automatable_share": [automatable_share] * n,
                         "mode": [mode] * n,
                         "oversight_hours_per_ai_hour": [oversight_hours_per_ai_hour] * n,
                         "source": TagSource.OVERRIDE.value, "confidence": 1.0,
                         "explanation": note or "set by the planner"})


def combine_overrides(*overrides: pd.DataFrame) -> pd.DataFrame:
    """Overrides in order, later ones winning per task and field (as a scenario applies them)."""
    frames = [o for o in overrides if o is not None and not o.empty]
    if not frames:
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    both = pd.concat([f.reindex(columns=list(OVERRIDE_COLUMNS)) for f in frames],
                     ignore_index=True)
    return both.groupby("task", sort=False).last().reset_index()[list(OVERRIDE_COLUMNS)]


def write_tag_overrides(overrides: pd.DataFrame, path: str | os.PathLike[str],
                        header: str = "") -> Path:
    """Write overrides as CSV, or YAML (a list, with ``header`` as a comment) by suffix."""
    import yaml

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    frame = overrides.reindex(columns=list(OVERRIDE_COLUMNS))
    if p.suffix.lower() in (".yaml", ".yml"):
        rows = [{k: v for k, v in r.items() if not (v is None or v != v)}
                for r in frame.astype(object).to_dict("records")]
        comment = "".join(f"# {line}\n" for line in header.splitlines())
        p.write_text(comment + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True,
                                              width=100), encoding="utf-8")
    else:
        frame.to_csv(p, index=False)
    return p


def read_tag_overrides(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a tag overrides file (CSV or YAML list) into :data:`OVERRIDE_COLUMNS`.

    Values are checked as a scenario checks them: share in [0, 1], mode automate, augment or
    human, oversight in [0, 2]; a missing ``source`` is a planner override.

    Raises
    ------
    InputError
        Every bad cell, with its row and column.
    """
    import yaml

    p = Path(path)
    try:
        if p.suffix.lower() in (".yaml", ".yml"):
            doc = yaml.safe_load(p.read_text(encoding="utf-8")) or []
            if not isinstance(doc, list):
                raise InputError(Problem("bad_tag_overrides", Severity.ERROR, "expected a "
                                         f"list of overrides, found {type(doc).__name__}",
                                         "write a YAML list of {task: ..., mode: ...}",
                                         file=p.name))
            frame = pd.DataFrame(doc)
        else:
            frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    except (OSError, yaml.YAMLError, pd.errors.ParserError) as exc:
        raise InputError(Problem("bad_tag_overrides", Severity.ERROR, f"expected a readable "
                                 f"CSV or YAML file: {exc}", "check the path", file=p.name)
                         ) from exc
    unknown = [c for c in frame.columns if c not in OVERRIDE_COLUMNS]
    problems = []
    if "task" not in frame.columns or unknown:
        problems.append(Problem("bad_tag_overrides", Severity.ERROR,
                                f"expected columns among {', '.join(OVERRIDE_COLUMNS)} with "
                                f"task; found {', '.join(map(str, frame.columns))}",
                                "name the columns as `planner tasks retag` writes them",
                                file=p.name))
        raise InputError(problems)
    frame = frame.reindex(columns=list(OVERRIDE_COLUMNS)).astype(object)
    present = frame.map(lambda v: v is not None and v == v and str(v).strip() != "")
    frame = frame.where(present, None)
    limits = {"automatable_share": 1.0, "oversight_hours_per_ai_hour": 2.0, "confidence": 1.0}
    for col, hi in limits.items():
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = frame[col].notna() & (values.isna() | (values < 0) | (values > hi))
        problems += [Problem("bad_tag_overrides", Severity.ERROR, f"{col}: expected a number "
                             f"between 0 and {hi:g}, found {frame.at[i, col]!r}",
                             "fix the value or leave the cell empty", file=p.name, row=i + 2,
                             column=col, value=str(frame.at[i, col]))
                     for i in frame.index[bad]]
        frame[col] = values.where(frame[col].notna(), None)
    modes = [m.value for m in TaskMode]
    bad_mode = frame["mode"].notna() & ~frame["mode"].isin(modes)
    problems += [Problem("bad_tag_overrides", Severity.ERROR, f"mode: expected one of "
                         f"{', '.join(modes)}, found {frame.at[i, 'mode']!r}",
                         "fix the value or leave the cell empty", file=p.name, row=i + 2,
                         column="mode", value=str(frame.at[i, "mode"]))
                 for i in frame.index[bad_mode]]
    blank = frame["task"].isna()
    problems += [Problem("bad_tag_overrides", Severity.ERROR, "task: expected a task id, found "
                         "none", "fill in the task id", file=p.name, row=i + 2, column="task")
                 for i in frame.index[blank]]
    if problems:
        raise InputError(problems)
    frame["source"] = frame["source"].fillna(TagSource.OVERRIDE.value)
    frame["task"] = frame["task"].astype(str)
    return frame


def scenario_overrides(overrides: pd.DataFrame) -> list[dict[str, Any]]:
    """Overrides as ``inputs.tag_overrides`` entries (task and the tag fields that are set)."""
    rows = []
    for r in overrides.itertuples(index=False):
        entry: dict[str, Any] = {"task": str(r.task)}
        for col in TAG_FIELDS:
            v = getattr(r, col)
            if v is not None and v == v:
                entry[col] = v if col == "mode" else float(v)
        rows.append(entry)
    return rows


def task_tags(library: Library, *, overrides: pd.DataFrame | Sequence[Any] | None = None,
              suggestions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every task's tag in force, where it comes from, and the suggestion beside it.

    The table behind the app's tagging page. Precedence: an override (from a file, keeping
    the file's ``source``: O*NET label, tagger or planner override), else the library default.

    Parameters
    ----------
    library : Library
    overrides : DataFrame or sequence, optional
        :func:`read_tag_overrides` / :func:`to_overrides` rows, or a scenario's
        ``inputs.tag_overrides`` (:class:`planner.scenario.model.TagOverride`; source planner
        override).
    suggestions : DataFrame, optional
        :func:`evidence_tags`, :func:`tagger_tags` or :func:`best_suggestions` output.

    Returns
    -------
    DataFrame
        One row per task: ``task_id``, ``statement``, ``activity_category``, ``roles`` (how
        many roles do it), ``automatable_share`` [0-1], ``mode``,
        ``oversight_hours_per_ai_hour`` [h/h], ``source`` (:class:`TagSource`),
        ``confidence`` [0-1] (1 for the library default and planner overrides),
        ``explanation``; the library's own ``default_share`` and ``default_mode``; and the
        suggestion: ``suggested_label``, ``suggested_share``, ``suggested_mode``,
        ``suggested_oversight``, ``suggested_source``, ``suggested_confidence``,
        ``suggested_explanation``, ``similar_1`` ... ``similar_3``, and ``differs`` (the
        suggestion changes the mode, or the share by more than 0.05).
    """
    tasks = library.tasks
    out = pd.DataFrame({
        "task_id": tasks["task_id"], "statement": tasks["statement"],
        "activity_category": tasks["activity_category"],
        "roles": tasks["task_id"].map(library.role_tasks["task_id"].value_counts())
        .fillna(0).astype(int),
        "automatable_share": tasks["automatable_share"].astype(float),
        "mode": tasks["mode"].astype(str),
        "oversight_hours_per_ai_hour": tasks["oversight_hours_per_ai_hour"].astype(float),
        "source": TagSource.LIBRARY.value, "confidence": 1.0,
        "explanation": tasks["rationale"].fillna("").astype(str)
        .radd("library default (" + tasks["source"].astype(str) + "): "),
        "default_share": tasks["automatable_share"].astype(float),
        "default_mode": tasks["mode"].astype(str)})
    ov = _as_override_frame(overrides)
    if not ov.empty:
        known = set(out["task_id"])
        unknown = sorted(set(ov["task"]) - known)
        if unknown:
            raise InputError(Problem("bad_tag_overrides", Severity.ERROR, f"task: expected "
                                     f"task ids of the library, found {', '.join(unknown[:10])}",
                                     "use the task ids of tasks.csv", column="task"))
        pos = out.reset_index().set_index("task_id")["index"]
        for r in ov.itertuples(index=False):
            i = pos[r.task]
            for col in TAG_FIELDS:
                v = getattr(r, col)
                if v is not None and v == v:
                    out.at[i, col] = v
            out.at[i, "source"] = r.source
            conf = r.confidence
            out.at[i, "confidence"] = float(conf) if conf is not None and conf == conf else 1.0
            out.at[i, "explanation"] = r.explanation if isinstance(r.explanation, str) and \
                r.explanation else "set by the planner"
    sug = suggestions if suggestions is not None else pd.DataFrame(
        columns=list(SUGGESTION_COLUMNS))
    s = sug.set_index("task_id").reindex(out["task_id"])
    out["suggested_label"] = s["label"].to_numpy()
    out["suggested_share"] = s["automatable_share"].astype(float).to_numpy()
    out["suggested_mode"] = s["mode"].to_numpy()
    out["suggested_oversight"] = s["oversight_hours_per_ai_hour"].astype(float).to_numpy()
    out["suggested_source"] = s["source"].to_numpy()
    out["suggested_confidence"] = s["confidence"].astype(float).to_numpy()
    out["suggested_explanation"] = s["explanation"].to_numpy()
    for j in (1, 2, 3):
        out[f"similar_{j}"] = s[f"similar_{j}"].to_numpy()
    has = out["suggested_share"].notna()
    out["differs"] = has & ((out["suggested_mode"].astype(object) != out["mode"])
                            | ((out["suggested_share"] - out["automatable_share"]).abs() > 0.05))
    return out


def _as_override_frame(overrides: pd.DataFrame | Sequence[Any] | None) -> pd.DataFrame:
    if overrides is None:
        return pd.DataFrame(columns=list(OVERRIDE_COLUMNS))
    if isinstance(overrides, pd.DataFrame):
        frame = overrides.reindex(columns=list(OVERRIDE_COLUMNS)).astype(object)
        frame["source"] = frame["source"].where(frame["source"].notna(),
                                                TagSource.OVERRIDE.value)
        return frame
    rows = []
    for o in overrides:
        d = o.model_dump() if hasattr(o, "model_dump") else dict(o)
        rows.append({**d, "source": d.get("source") or TagSource.OVERRIDE.value})
    return pd.DataFrame(rows).reindex(columns=list(OVERRIDE_COLUMNS)).astype(object)


def retag_summary(library: Library, overrides: pd.DataFrame) -> dict[str, Any]:
    """What a set of tag overrides does to a library: tasks, overridden, whose mode changes,
    kept at the library default, and the counts by source and by mode."""
    default_mode = library.tasks.set_index("task_id")["mode"]
    changed = int((overrides["mode"].to_numpy() != default_mode.loc[overrides["task"]]
                   .to_numpy()).sum()) if len(overrides) else 0
    return {"tasks": len(library.tasks), "overridden": len(overrides), "mode_changed": changed,
            "kept_default": len(library.tasks) - len(overrides),
            "by_source": {k: int(v) for k, v in overrides["source"].value_counts().items()},
            "by_mode": {k: int(v) for k, v in overrides["mode"].value_counts().items()}}
