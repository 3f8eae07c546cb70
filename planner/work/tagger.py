"""A small offline text tagger: task statement -> LLM exposure (E0, E1, E2), with a
probability and the three most similar labelled statements as its explanation.

The model is TF-IDF features (word 1-2-grams and character 2-5-grams within words) and a
multinomial logistic regression, trained on O*NET statements with their human exposure labels
(:mod:`planner.work.onet`), whose probabilities are mixed with a vote of the 20 most similar
labelled statements. ``benchmarks/tagging.md`` records what else was tried and how it scored.

Storage format (no pickle)
--------------------------
A model folder holds ``model.json`` (settings, classes, versions, the labels file's checksum,
the attribution), ``vocabulary.json`` (the two vocabularies), ``weights.npz`` (IDF weights,
coefficients, intercepts; loaded with ``allow_pickle=False``) and ``examples.csv`` (the
labelled statements the explanations quote and the vote counts). Loading rebuilds the
vectorisers from the vocabularies, so no code is executed from the folder and a model survives
scikit-learn upgrades; ``model.json`` records the version that trained it, and a format version
the loader checks. A folder written before the vote was added (no ``neighbours`` in its
settings) is read with the vote's default settings: its examples are the statements to vote.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from planner.errors import InputError, PlannerError, Problem, Severity
from planner.work.download import file_sha256
from planner.work.onet.exposure import (
    EXPOSURE_WORDS,
    LABELS_CITATION,
    Exposure,
    LabelSource,
    read_onet_labels,
    similar_text,
)
from planner.work.onet.importer import ONET_ATTRIBUTION
from planner.work.onet.tag_mapping import ExposureMapping

FORMAT_VERSION = 1
"""Version of the model folder layout; the loader refuses others."""
CLASSES: tuple[str, ...] = tuple(e.value for e in Exposure)


class ModelError(PlannerError):
    """A tagger model folder is missing, incomplete or of another format."""


@dataclass(frozen=True)
class TaggerConfig:
    """Settings of the text tagger.

    Attributes
    ----------
    word_ngrams, char_ngrams : tuple of int
        N-gram ranges of the word and the character (within-word) features.
    word_min_df, char_min_df : int
        Minimum number of statements a feature must occur in.
    char_max_features : int
        Cap on character n-grams kept (the most frequent).
    c : float
        Inverse regularisation strength of the logistic regression.
    neighbours : int
        Labelled statements in the nearest-statement vote (0: no vote, the logistic
        regression alone).
    neighbour_power : float
        Each neighbour's vote is its cosine similarity (word + char TF-IDF) to this power.
    neighbour_share : float
        Share of the vote in the probabilities [0-1]; the logistic regression has the rest.
    label : LabelSource
        Which label to learn (the human one by default).
    seed : int
        Random seed (the solver is deterministic; kept for the record).
    """

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    word_min_df: int = 2
    char_min_df: int = 3
    char_max_features: int = 100_000
    c: float = 2.0
    neighbours: int = 20
    neighbour_power: float = 3.0
    neighbour_share: float = 0.4
    label: LabelSource = LabelSource.HUMAN
    seed: int = 0


def _vectorisers(cfg: TaggerConfig, vocab: tuple[dict[str, int], dict[str, int]] | None = None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(ngram_range=tuple(cfg.word_ngrams), min_df=cfg.word_min_df,
                           sublinear_tf=True, dtype=np.float64,
                           vocabulary=vocab[0] if vocab else None)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(cfg.char_ngrams),
                           min_df=cfg.char_min_df, sublinear_tf=True,
                           max_features=None if vocab else cfg.char_max_features,
                           dtype=np.float64, vocabulary=vocab[1] if vocab else None)
    return word, char


@dataclass(frozen=True, eq=False)
class Tagger:
    """A trained tagger: vectorisers, a linear model and the labelled examples.

    Attributes
    ----------
    config : TaggerConfig
    coef : ndarray
        (classes x features) coefficients of the logistic regression.
    intercept : ndarray
        (classes,) intercepts.
    examples : DataFrame
        The labelled statements (``statement``, ``occupation``, ``soc_code``, ``label``,
        ``gpt4_label``) the explanations quote.
    info : dict
        What ``model.json`` records (versions, training file, sizes, time).
    """

    config: TaggerConfig
    word: Any
    char: Any
    coef: np.ndarray
    intercept: np.ndarray
    examples: pd.DataFrame
    info: dict[str, Any]

    def _features(self, statements: pd.Series) -> sparse.csr_matrix:
        text = statements.astype(str)
        return sparse.hstack([self.word.transform(text), self.char.transform(text)]).tocsr()

    def predict_proba(self, statements: pd.Series) -> np.ndarray:
        """Probability of E0, E1, E2 for each statement [0-1], rows summing to 1: the logistic
        regression's, mixed with the vote of the nearest labelled statements
        (:meth:`neighbour_vote`) at ``config.neighbour_share``."""
        x = self._features(statements)
        z = np.asarray(x @ self.coef.T + self.intercept)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        proba = e / e.sum(axis=1, keepdims=True)
        m = self.config.neighbour_share
        if self.config.neighbours <= 0 or m <= 0:
            return proba
        return (1 - m) * proba + m * self._vote(x)

    def neighbour_vote(self, statements: pd.Series) -> np.ndarray:
        """Share of E0, E1, E2 among the ``config.neighbours`` labelled statements nearest to
        each statement (cosine of the word + char TF-IDF rows), each counted with its
        similarity to the power ``config.neighbour_power`` [0-1], rows summing to 1."""
        return self._vote(self._features(statements))

    def _vote(self, x: sparse.csr_matrix, chunk: int = 2_000) -> np.ndarray:
        from sklearn.preprocessing import normalize

        ex_t, y = self._neighbour_matrix, self._example_labels
        k = min(self.config.neighbours, ex_t.shape[1])
        q = normalize(x).astype(np.float32)
        out = np.empty((x.shape[0], len(CLASSES)))
        for lo in range(0, x.shape[0], chunk):  # a dense block of chunk x examples at a time
            sims = (q[lo:lo + chunk] @ ex_t).toarray()
            idx = (np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < sims.shape[1]
                   else np.tile(np.arange(sims.shape[1]), (sims.shape[0], 1)))
            w = (np.take_along_axis(sims, idx, axis=1).clip(0).astype(np.float64)
                 ** self.config.neighbour_power)
            votes = np.stack([(w * (y[idx] == j)).sum(axis=1) for j in range(len(CLASSES))],
                             axis=1) + 1e-9
            out[lo:lo + chunk] = votes / votes.sum(axis=1, keepdims=True)
        return out

    @cached_property
    def _neighbour_matrix(self) -> sparse.csr_matrix:
        """The labelled statements' word + char rows, L2-normalised, as (features x
        statements) in float32: what the vote compares with (transposed and single precision
        the product takes 40% less time; similarities differ by about 1e-6)."""
        return _neighbour_columns(self._features(self.examples["statement"]))

    @cached_property
    def _example_labels(self) -> np.ndarray:
        return np.searchsorted(np.array(CLASSES), self.examples["label"].to_numpy(str))

    def predict(self, statements: pd.Series) -> np.ndarray:
        """The most probable label of each statement (``E0``, ``E1``, ``E2``)."""
        return np.array(CLASSES)[self.predict_proba(statements).argmax(axis=1)]

    def similar(self, statements: pd.Series, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` labelled statements nearest to each statement (cosine of word TF-IDF).

        Returns (indices into ``examples`` [n x k], similarities [0-1] [n x k]).
        """
        ex = self._example_matrix
        q = self.word.transform(statements.astype(str))
        sims = (q @ ex.T).toarray()
        k = min(k, sims.shape[1])
        idx = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        return idx, np.take_along_axis(sims, idx, axis=1)

    @cached_property
    def _example_matrix(self) -> sparse.csr_matrix:
        return self.word.transform(self.examples["statement"].astype(str)).tocsr()

    def tag(self, statements: pd.Series, mapping: ExposureMapping | None = None,
            k: int = 3) -> pd.DataFrame:
        """Tag statements: label, probability, tag and explanation.

        Parameters
        ----------
        statements : Series of str
        mapping : ExposureMapping, optional
            Label -> tag (default :class:`planner.work.onet.tag_mapping.ExposureMapping` ()).
        k : int
            Similar labelled statements to quote.

        Returns
        -------
        DataFrame
            One row per statement, in order: ``statement``, ``label``, ``probability`` (of
            that label) [0-1], ``p_E0``, ``p_E1``, ``p_E2`` [0-1], ``automatable_share``
            (expected share under the probabilities) [0-1], ``mode`` and
            ``oversight_hours_per_ai_hour`` (of the label) [h/h], ``similar_1`` ...
            ``similar_k`` (:func:`planner.work.onet.exposure.similar_text`: ``statement
            (occupation; what the label means; 62% similar)``) and ``explanation``.
        """
        mapping = mapping or ExposureMapping()
        statements = pd.Series(statements, dtype="string").fillna("").reset_index(drop=True)
        proba = self.predict_proba(statements)
        best = proba.argmax(axis=1)
        labels = np.array(CLASSES)[best]
        tags = [mapping.tag(lab) for lab in labels]
        out = pd.DataFrame({"statement": statements, "label": labels,
                            "probability": proba[np.arange(len(best)), best].round(3)})
        for j, c in enumerate(CLASSES):
            out[f"p_{c}"] = proba[:, j].round(3)
        out["automatable_share"] = (proba @ mapping.shares()).round(3)
        out["mode"] = [t.mode.value for t in tags]
        out["oversight_hours_per_ai_hour"] = [t.oversight_hours_per_ai_hour for t in tags]
        idx, sims = self.similar(statements, k)
        ex = self.examples
        quotes = []
        for j in range(idx.shape[1]):
            rows = ex.iloc[idx[:, j]]
            col = [similar_text(lab, sim, text, occ) for lab, sim, text, occ in zip(
                rows["label"], sims[:, j], rows["statement"], rows["occupation"], strict=True)]
            out[f"similar_{j + 1}"] = col
            quotes.append(col)
        agree = np.zeros(len(out), dtype=int)
        for j in range(idx.shape[1]):
            agree += ex["label"].to_numpy()[idx[:, j]] == labels
        out["explanation"] = [
            f"tagger: {EXPOSURE_WORDS[lab]} ({p:.0%} likely) -> {t.mode.value}, {s:.0%} "
            f"automatable; {a} of the {idx.shape[1]} most similar labelled statements agree"
            for lab, p, t, s, a in zip(labels, out["probability"], tags,
                                       out["automatable_share"], agree, strict=True)]
        return out


def _neighbour_columns(rows: sparse.csr_matrix) -> sparse.csr_matrix:
    from sklearn.preprocessing import normalize

    return normalize(rows).astype(np.float32).T.tocsr()


def _training_frame(labels: pd.DataFrame, cfg: TaggerConfig) -> pd.DataFrame:
    return pd.DataFrame({"statement": labels["statement"].astype(str),
                         "occupation": labels["occupation"].astype(str),
                         "soc_code": labels["soc_code"].astype(str),
                         "label": labels[cfg.label.column].astype(str),
                         "gpt4_label": labels["gpt4_exposure"].astype(str)}).reset_index(drop=True)


def train(labels: pd.DataFrame | str | os.PathLike[str],
          config: TaggerConfig | None = None) -> Tagger:
    """Train the tagger on labelled statements.

    Parameters
    ----------
    labels : DataFrame or path
        :class:`planner.work.onet.exposure.OnetLabelSchema` rows, or the labels file.
    config : TaggerConfig, optional

    Returns
    -------
    Tagger
    """
    import sklearn
    from sklearn.linear_model import LogisticRegression

    cfg = config or TaggerConfig()
    path = None if isinstance(labels, pd.DataFrame) else Path(labels)
    frame = labels if isinstance(labels, pd.DataFrame) else read_onet_labels(labels)
    ex = _training_frame(frame, cfg)
    missing = set(CLASSES) - set(ex["label"])
    if missing:
        raise InputError(Problem("bad_labels", Severity.ERROR, f"expected statements of every "
                                 f"label E0, E1, E2 to train on; none of "
                                 f"{', '.join(sorted(missing))}",
                                 "train on more statements", column=cfg.label.column))
    start = time.perf_counter()
    word, char = _vectorisers(cfg)
    x = sparse.hstack([word.fit_transform(ex["statement"]),
                       char.fit_transform(ex["statement"])]).tocsr()
    clf = LogisticRegression(C=cfg.c, solver="newton-cg", tol=1e-3, max_iter=200,
                             random_state=cfg.seed)
    clf.fit(x, ex["label"])
    order = [list(clf.classes_).index(c) for c in CLASSES]
    info = {"format_version": FORMAT_VERSION, "sklearn_version": sklearn.__version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "training_file": path.name if path else "(table)",
            "training_sha256": file_sha256(path) if path else "",
            "statements": len(ex), "occupations": int(ex["soc_code"].nunique()),
            "train_seconds": round(time.perf_counter() - start, 2),
            "attribution": ONET_ATTRIBUTION, "labels_citation": LABELS_CITATION}
    tagger = Tagger(cfg, word, char, clf.coef_[order], clf.intercept_[order], ex, info)
    # The vote compares with the training rows: kept rather than computed again on first use.
    tagger.__dict__["_neighbour_matrix"] = _neighbour_columns(x)
    return tagger


def save(tagger: Tagger, folder: str | os.PathLike[str]) -> Path:
    """Write a tagger to a folder (see the module's storage format)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    cfg = asdict(tagger.config)
    cfg["label"] = tagger.config.label.value
    meta = dict(tagger.info)
    meta.update({"config": cfg, "classes": list(CLASSES)})
    (out / "model.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    vocab = {"word": {k: int(v) for k, v in tagger.word.vocabulary_.items()},
             "char": {k: int(v) for k, v in tagger.char.vocabulary_.items()}}
    (out / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False),
                                         encoding="utf-8")
    np.savez_compressed(out / "weights.npz", idf_word=tagger.word.idf_,
                        idf_char=tagger.char.idf_, coef=tagger.coef, intercept=tagger.intercept)
    tagger.examples.to_csv(out / "examples.csv", index=False)
    return out


def load(folder: str | os.PathLike[str]) -> Tagger:
    """Read a tagger folder written by :func:`save`.

    Raises
    ------
    ModelError
        When a file is missing or the format version differs.
    """
    p = Path(folder)
    files = ("model.json", "vocabulary.json", "weights.npz", "examples.csv")
    missing = [f for f in files if not (p / f).exists()]
    if missing:
        raise ModelError(f"{p}: expected a tagger model folder with {', '.join(files)}; "
                         f"missing {', '.join(missing)}. Fix: train one on the O*NET labels "
                         "file with `planner tagger train` (see docs/tagging.md)")
    meta = json.loads((p / "model.json").read_text(encoding="utf-8"))
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{p / 'model.json'}: expected format_version {FORMAT_VERSION}, found "
                         f"{meta.get('format_version')!r} (trained with scikit-learn "
                         f"{meta.get('sklearn_version')}). Fix: train the model again with "
                         "this version of the planner")
    cfg_doc = dict(meta["config"])
    cfg = TaggerConfig(**{**cfg_doc, "label": LabelSource(cfg_doc["label"]),
                          "word_ngrams": tuple(cfg_doc["word_ngrams"]),
                          "char_ngrams": tuple(cfg_doc["char_ngrams"])})
    vocab = json.loads((p / "vocabulary.json").read_text(encoding="utf-8"))
    word, char = _vectorisers(cfg, (vocab["word"], vocab["char"]))
    with np.load(p / "weights.npz", allow_pickle=False) as w:
        word.idf_ = w["idf_word"]
        char.idf_ = w["idf_char"]
        coef, intercept = w["coef"], w["intercept"]
    if coef.shape != (len(CLASSES), len(vocab["word"]) + len(vocab["char"])):
        raise ModelError(f"{p / 'weights.npz'}: expected coefficients of shape "
                         f"({len(CLASSES)}, {len(vocab['word']) + len(vocab['char'])}), found "
                         f"{coef.shape}. Fix: train the model again")
    examples = pd.read_csv(p / "examples.csv", dtype=str, keep_default_na=False)
    info = {k: v for k, v in meta.items() if k not in ("config", "classes")}
    return Tagger(cfg, word, char, coef, intercept, examples, info)


# Evaluation ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evaluation:
    """Accuracy of the tagger and of GPT-4 against the human labels on held-out occupations.

    Attributes
    ----------
    accuracy, macro_f1 : float
        The tagger's [0-1].
    gpt4_accuracy, gpt4_macro_f1 : float
        GPT-4's label (``gpt4_exposure``) against the same human labels, same tasks [0-1].
    majority_accuracy : float
        Always predicting the most common training label [0-1].
    f1_by_label, gpt4_f1_by_label : dict
        F1 per label [0-1].
    confusion : list of list of int
        Rows: human label E0, E1, E2; columns: the tagger's.
    train_statements, test_statements, test_occupations : int
    seed : int
    test_size : float
        Share of occupations held out [0-1].
    train_seconds : float
        Time to train [s].
    """

    accuracy: float
    macro_f1: float
    gpt4_accuracy: float
    gpt4_macro_f1: float
    majority_accuracy: float
    f1_by_label: dict[str, float]
    gpt4_f1_by_label: dict[str, float]
    confusion: list[list[int]]
    train_statements: int
    test_statements: int
    test_occupations: int
    seed: int
    test_size: float
    train_seconds: float

    def to_dict(self) -> dict[str, Any]:
        """Plain values (for ``--json``)."""
        return asdict(self)


def grouped_split(labels: pd.DataFrame, test_size: float = 0.2,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train and test row positions with whole occupations held out (GroupShuffleSplit)."""
    from sklearn.model_selection import GroupShuffleSplit

    split = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    tr, te = next(split.split(labels, groups=labels["soc_code"].to_numpy()))
    return tr, te


def evaluate(labels: pd.DataFrame | str | os.PathLike[str], config: TaggerConfig | None = None,
             *, test_size: float = 0.2, seed: int = 0) -> Evaluation:
    """Train on some occupations, test on the others, and set GPT-4's labels beside it.

    The split holds out whole occupations (an occupation's statements share wording, so a
    random split would flatter the tagger). Both the tagger and GPT-4 are scored against the
    human labels (``human_exposure_agg``) of the same held-out statements.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    cfg = config or TaggerConfig()
    frame = labels if isinstance(labels, pd.DataFrame) else read_onet_labels(labels)
    tr, te = grouped_split(frame, test_size, seed)
    train_rows, test_rows = frame.iloc[tr], frame.iloc[te]
    model = train(train_rows, cfg)
    truth = test_rows["human_exposure"].to_numpy(str)
    pred = model.predict(test_rows["statement"])
    gpt4 = test_rows["gpt4_exposure"].to_numpy(str)
    majority = train_rows["human_exposure"].mode().iloc[0]
    cls = list(CLASSES)
    f1 = f1_score(truth, pred, labels=cls, average=None, zero_division=0)
    f1_g = f1_score(truth, gpt4, labels=cls, average=None, zero_division=0)
    return Evaluation(
        accuracy=round(float(accuracy_score(truth, pred)), 4),
        macro_f1=round(float(f1.mean()), 4),
        gpt4_accuracy=round(float(accuracy_score(truth, gpt4)), 4),
        gpt4_macro_f1=round(float(f1_g.mean()), 4),
        majority_accuracy=round(float((truth == majority).mean()), 4),
        f1_by_label={c: round(float(v), 4) for c, v in zip(cls, f1, strict=True)},
        gpt4_f1_by_label={c: round(float(v), 4) for c, v in zip(cls, f1_g, strict=True)},
        confusion=confusion_matrix(truth, pred, labels=cls).tolist(),
        train_statements=len(train_rows), test_statements=len(test_rows),
        test_occupations=int(test_rows["soc_code"].nunique()), seed=seed, test_size=test_size,
        train_seconds=float(model.info["train_seconds"]))



SPREAD_KEYS = ("accuracy", "macro_f1", "gpt4_accuracy", "gpt4_macro_f1", "majority_accuracy")
"""Figures of an :class:`Evaluation` that :class:`SplitEvaluation` averages over splits."""


@dataclass(frozen=True)
class SplitEvaluation:
    """The tagger and GPT-4 over several grouped splits (whole occupations held out).

    Attributes
    ----------
    splits : tuple of Evaluation
        One per split; split ``i`` is the split of ``--seed i`` (seeds 1, 2, ...).
    mean, std : dict
        Mean and sample standard deviation (n - 1) over the splits of each of
        :data:`SPREAD_KEYS` [0-1].
    """

    splits: tuple[Evaluation, ...]
    mean: dict[str, float]
    std: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain values (for ``--json``): ``splits`` (each with :class:`Evaluation`'s keys),
        ``mean`` and ``std``."""
        return {"splits": [e.to_dict() for e in self.splits], "mean": dict(self.mean),
                "std": dict(self.std)}


def evaluate_splits(labels: pd.DataFrame | str | os.PathLike[str],
                    config: TaggerConfig | None = None, *, splits: int = 5,
                    test_size: float = 0.2) -> SplitEvaluation:
    """:func:`evaluate` on the grouped splits of seeds 1 .. ``splits``, with their mean and
    spread (the figure to compare taggers by: one split varies by about a point either way).

    Raises
    ------
    InputError
        ``bad_splits`` when ``splits`` is below 2 (a spread needs two).
    """
    if splits < 2:
        raise InputError(Problem("bad_splits", Severity.ERROR, f"expected at least 2 splits, "
                                 f"found {splits}",
                                 "evaluate on 5 splits (the usual spread), or on one split "
                                 "with its seed"))
    frame = labels if isinstance(labels, pd.DataFrame) else read_onet_labels(labels)
    runs = tuple(evaluate(frame, config, test_size=test_size, seed=s)
                 for s in range(1, splits + 1))
    values = {k: np.array([getattr(e, k) for e in runs], dtype=float) for k in SPREAD_KEYS}
    return SplitEvaluation(
        splits=runs,
        mean={k: round(float(v.mean()), 4) for k, v in values.items()},
        std={k: round(float(v.std(ddof=1)), 4) for k, v in values.items()})


STATEMENT_COLUMNS = ("statement", "task", "Task")
"""Columns a file of task statements may hold them in, in order of preference."""


def read_statements(path: str | os.PathLike[str]) -> tuple[pd.DataFrame, str]:
    """Read a CSV of task statements to tag: the frame (text cells) and its statement column.

    Raises
    ------
    PlannerError
        When the file is not a readable CSV.
    InputError
        ``bad_tasks`` when no column holds the statements.
    """
    p = Path(path)
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise PlannerError(f"{p}: expected a readable CSV: {exc}") from exc
    column = next((c for c in STATEMENT_COLUMNS if c in frame.columns), None)
    if column is None:
        raise InputError(Problem(
            "bad_tasks", Severity.ERROR, f"expected a statement column, found "
            f"{', '.join(frame.columns)}", "name the column of task statements 'statement'",
            file=p.name))
    return frame, column
