"""Job titles matched to library roles: normalisation, fuzzy matching with a confidence, and
how much of a roster's FTE has a role (``title_coverage``).

A title is matched exactly after normalisation, from a planner's overrides file
(:mod:`planner.work.overrides`, whose names are importable from here too), or fuzzily
with a confidence; low-confidence and unmatched titles are reported. The O*NET occupation
matcher (:mod:`planner.work.onet.occupations`) is this matcher on occupation titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from planner.labels import count_of
from planner.labels import format_fte as _fte
from planner.labels import format_share as _share
from planner.work.library import Library
from planner.work.overrides import (  # noqa: F401  (moved there; importable from here)
    TitleOverride,
    TitleOverrides,
    _role_hint,
    load_overrides,
    read_title_pairs,
)

HIGH_CONFIDENCE = 0.88
"""Fuzzy matches at or above this confidence are accepted without comment."""
LOW_CONFIDENCE = 0.72
"""Fuzzy matches below this confidence are left unmatched; between the two, reported."""

_ABBREVIATIONS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior", "mgr": "manager",
    "mngr": "manager", "eng": "engineer", "engr": "engineer", "dev": "developer",
    "asst": "assistant", "assoc": "associate", "exec": "executive", "dir": "director",
    "admin": "administrator", "acct": "accountant", "rep": "representative",
    "spec": "specialist", "coord": "coordinator", "vp": "vice president",
    "svp": "senior vice president", "evp": "executive vice president", "hr": "human resources",
    "it": "information technology", "ops": "operations", "mktg": "marketing",
    "qa": "quality assurance", "csr": "customer service representative", "ceo":
    "chief executive officer", "cfo": "chief financial officer", "cto": "chief technology officer",
    "coo": "chief operating officer", "cio": "chief information officer", "cmo":
    "chief marketing officer", "chro": "chief human resources officer", "pa": "personal assistant",
    "dept": "department", "tech": "technician", "sw": "software", "eo": "executive officer",
    "heo": "higher executive officer", "seo": "senior executive officer",
    "ao": "administrative officer", "aa": "administrative assistant", "dd": "deputy director",
}
_SENIORITY = re.compile(r"\b(i{1,3}|iv|v|[1-5]|l[1-9]|grade [0-9a-z]+|band [0-9a-z]+|acting|"
                        r"interim|temporary|temp|trainee|graduate|apprentice)\b")


_VARIANTS = {"advisor": "adviser", "center": "centre", "program": "programme",
             "programs": "programmes", "organization": "organisation", "analyze": "analyse",
             "labor": "labour", "defense": "defence", "license": "licence",
             "catalog": "catalogue", "services": "service"}
"""Spelling variants written one way (UK spelling; ``services`` as ``service``)."""
_SYNONYMS = (("customer service", "customer support"),
             ("call centre", "contact centre"), ("helpdesk", "help desk"))
"""Phrases that mean the same job, written as the second."""


def normalise_title(title: str) -> str:
    """Lower-case a title, expand abbreviations, write spelling variants and synonyms one way,
    and drop level markers (``II``, ``L3``, ``acting``).

    >>> normalise_title("Sr. Software Eng II (Backend)")
    'senior software engineer backend'
    >>> normalise_title("Customer Services Advisor") == normalise_title("Customer Support Adviser")
    True
    """
    t = str(title).lower().replace("&", " and ")
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    t = " ".join(_ABBREVIATIONS.get(w, w) for w in t.split())
    t = " ".join(_VARIANTS.get(w, w) for w in t.replace("co ordinator", "coordinator").split())
    t = _SENIORITY.sub(" ", t)
    t = " ".join(t.split())
    for phrase, same in _SYNONYMS:
        t = re.sub(rf"\b{phrase}\b", same, t)
    return t


_STOPWORDS = frozenset({"of", "and", "the", "for", "to", "in", "a", "an", "at", "on", "with"})


@dataclass(frozen=True, eq=False)
class _Index:
    """Alias vocabulary of a library, prepared for vectorised title scoring."""

    aliases: list[str]
    originals: list[str]
    """Each alias as the library writes it (for reasons a planner reads)."""
    roles: np.ndarray
    vocab: list[str]
    idf: np.ndarray
    alias_tokens: np.ndarray
    """(aliases x vocab) 0/1 matrix."""


def _tokens(text: str) -> list[str]:
    return [w for w in text.split() if w not in _STOPWORDS]


@lru_cache(maxsize=4)
def _index(library: Library) -> _Index:
    aliases, originals, roles = [], [], []
    for rec in library.roles.itertuples(index=False):
        for alias in [rec.name, *str(rec.aliases).split("|")]:
            norm = normalise_title(alias)
            if norm and norm not in aliases:
                aliases.append(norm)
                originals.append(alias.strip())
                roles.append(rec.role_id)
    vocab = sorted({w for a in aliases for w in _tokens(a)})
    pos = {w: i for i, w in enumerate(vocab)}
    mat = np.zeros((len(aliases), len(vocab)))
    for i, a in enumerate(aliases):
        for w in _tokens(a):
            mat[i, pos[w]] = 1.0
    # Inverse document frequency over roles: a word shared by many roles ("manager",
    # "senior") says less about which role a title means than a rare one ("payroll").
    role_codes = pd.factorize(pd.Series(roles))[0]
    per_role = np.zeros((role_codes.max() + 1, len(vocab)))
    np.maximum.at(per_role, role_codes, mat)
    df = per_role.sum(axis=0)
    idf = np.log((1 + per_role.shape[0]) / (1 + df)) + 1.0
    return _Index(aliases, originals, np.array(roles), vocab, idf, mat)


def _token_similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Similarity of every token pair [0-1]: exact 1, shared 5-letter stem 0.9, else fuzzy."""
    sim = process.cdist(a, b, scorer=fuzz.ratio, workers=1) / 100.0 if a and b else np.zeros(
        (len(a), len(b)))
    sim = np.where(sim >= 0.8, sim, 0.0)
    stem_a = np.array([w[:5] if len(w) >= 5 else "\0" + w for w in a])
    stem_b = np.array([w[:5] if len(w) >= 5 else "\1" + w for w in b])
    same_stem = stem_a[:, None] == stem_b[None, :]
    return np.maximum(sim, np.where(same_stem, 0.9, 0.0))


def score_titles(titles: list[str], library: Library) -> tuple[np.ndarray, np.ndarray]:
    """Score normalised titles against every alias of the library.

    The score of a title against an alias weighs, by inverse document frequency, how much
    of the alias the title contains (70%) and how much of the title the alias explains
    (30%), with typo-tolerant token matching. Returns (scores [titles x aliases] in
    [0-1], role of each alias).
    """
    ix = _index(library)
    t_tokens = [_tokens(t) for t in titles]
    t_vocab = sorted({w for ts in t_tokens for w in ts})
    if not t_vocab or not ix.vocab:
        return np.zeros((len(titles), len(ix.aliases))), ix.roles
    sim = _token_similarity(t_vocab, ix.vocab)  # title-vocab x alias-vocab
    tpos = {w: i for i, w in enumerate(t_vocab)}
    title_mat = np.zeros((len(titles), len(t_vocab)))
    for i, ts in enumerate(t_tokens):
        for w in ts:
            title_mat[i, tpos[w]] = 1.0
    # How much of each alias is present: best match of each alias word among title words
    # (the maximum over each title's words at once: its (title, word) pairs, title-major).
    present = np.zeros((len(titles), len(ix.vocab)))
    t_of, w_of = np.nonzero(title_mat)
    if len(t_of):
        has, first = np.unique(t_of, return_index=True)
        present[has] = np.maximum.reduceat(sim[w_of], first, axis=0)
    w_alias = ix.alias_tokens * ix.idf
    cov_alias = (present @ w_alias.T) / w_alias.sum(axis=1)
    # How much of each title is explained: best match of each title word among alias words.
    at = {w: k for k, w in enumerate(ix.vocab)}
    t_idf = np.array([ix.idf[at[w]] if w in at else ix.idf.max() for w in t_vocab])
    explained = np.zeros((len(t_vocab), len(ix.aliases)))
    a_of, k_of = np.nonzero(ix.alias_tokens)  # (alias, word) pairs, alias-major
    if len(a_of):
        has, first = np.unique(a_of, return_index=True)
        explained[:, has] = np.maximum.reduceat(sim[:, k_of], first, axis=1)
    w_title = title_mat * t_idf
    cov_title = (w_title @ explained) / np.maximum(w_title.sum(axis=1, keepdims=True), 1e-9)
    return 0.7 * cov_alias + 0.3 * cov_title, ix.roles


TASK_MATCH_SIMILARITY = 0.2
"""Least similarity [0-1] between a title and a role's task statements for the role to be
suggested through its work (:func:`match_by_tasks`)."""
TASK_MATCH_CONFIDENCE = (LOW_CONFIDENCE, 0.85)
"""Confidence of a role found through its task statements, from the least similarity to a
similarity of 0.5 [0-1]: always below ``HIGH_CONFIDENCE``, a suggestion a planner confirms."""


def _stems(text: str) -> list[str]:
    """Words of three letters or more, cut to six (``prosecutor``, ``prosecute``: ``prosec``)."""
    return [w[:6] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOPWORDS]


@lru_cache(maxsize=4)
def _task_index(library: Library):  # noqa: ANN202 (scikit-learn types)
    """TF-IDF over word stems of each role's name and task statements, or None when the
    library has no task statements."""
    if library.role_tasks.empty or "statement" not in library.tasks:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    mix = library.role_tasks.merge(library.tasks[["task_id", "statement"]], on="task_id")
    if mix.empty:
        return None
    statements = mix.groupby("role_id", sort=True)["statement"].agg(list)
    names = library.role_names()
    text = [f"{names.get(r, r)} " + " ".join(st) for r, st in statements.items()]
    vec = TfidfVectorizer(tokenizer=_stems, lowercase=False, token_pattern=None,
                          sublinear_tf=True)
    return vec, vec.fit_transform(text), statements.index.to_numpy(), statements


def match_by_tasks(titles: list[str], library: Library) -> dict[str, tuple[str, float, str]]:
    """Roles whose work holds a title's words (an O*NET occupation's task statements):
    normalised title -> (role, confidence, the statement that shares most of its words).

    Only titles at least :data:`TASK_MATCH_SIMILARITY` similar to a role's work are returned,
    with a confidence in :data:`TASK_MATCH_CONFIDENCE` (a suggestion, never a confident role).
    """
    index = _task_index(library) if titles else None
    if index is None:
        return {}
    vec, matrix, roles, statements = index
    from planner.work.context import GENERIC_WORDS

    # Words that say what kind of post it is ("senior adviser") are in every role's work.
    work = {t: " ".join(w for w in t.split() if w not in GENERIC_WORDS) for t in titles}
    titles = [t for t in titles if work[t]]
    if not titles:
        return {}
    sims = (vec.transform([work[t] for t in titles]) @ matrix.T).toarray()
    lo, hi = TASK_MATCH_CONFIDENCE
    out = {}
    for i, title in enumerate(titles):
        j = int(np.argmax(sims[i]))
        sim = float(sims[i, j])
        if sim < TASK_MATCH_SIMILARITY:
            continue
        words = set(_stems(work[title]))
        best = max(statements[roles[j]], key=lambda t: len(words & set(_stems(t))))
        conf = lo + (hi - lo) * min(1.0, (sim - TASK_MATCH_SIMILARITY)
                                    / (0.5 - TASK_MATCH_SIMILARITY))
        out[title] = (str(roles[j]), round(conf, 3),
                      best if len(best) <= 80 else best[:77].rstrip() + "...")
    return out


def match_titles(titles: pd.Series, library: Library,
                 overrides: TitleOverrides | None = None) -> pd.DataFrame:
    """Match each distinct job title to a library role, with a confidence.

    Parameters
    ----------
    titles : Series of str
        Job titles, one per position (repeats and blanks allowed).
    library : Library
    overrides : TitleOverrides, optional

    Returns
    -------
    DataFrame
        One row per distinct title: ``job_title``, ``positions`` (how many positions hold
        it), ``role_id`` (empty when unmatched), ``role_name``, ``confidence`` [0-1],
        ``method`` (``override``, ``exact``, ``fuzzy``, ``unmatched``), ``status``
        (``ok``, ``low_confidence``, ``unmatched``), and ``alternatives`` (the next
        three roles with their scores).
    """
    counts = titles.dropna().astype(str).value_counts()
    distinct = counts.index.to_list()
    held = counts.to_numpy()
    norm = [normalise_title(t) for t in distinct]
    scores, alias_roles = score_titles(norm, library)
    ix = _index(library)
    exact_lookup = dict(zip(ix.aliases, alias_roles, strict=True))
    names = library.role_names()
    exact_alias = dict(zip(ix.aliases, ix.originals, strict=True))
    unmatched = [n for i, n in enumerate(norm)
                 if n not in exact_lookup and not (overrides and n in overrides.mapping)
                 and (scores[i].max(initial=0.0) < LOW_CONFIDENCE)]
    task_hits = match_by_tasks(unmatched, library)
    rows = []
    # Each title's 40 best aliases, sorted for all titles at once (ties in alias order).
    top = np.argsort(-scores, axis=1, kind="stable")[:, :40]
    top_scores = np.take_along_axis(scores, top, axis=1).tolist()
    role_of = [str(r) for r in alias_roles]
    for i, (title, n) in enumerate(zip(distinct, norm, strict=True)):
        best_by_role: dict[str, tuple[float, str]] = {}
        for j, sc in zip(top[i].tolist(), top_scores[i], strict=True):
            best_by_role.setdefault(role_of[j], (sc, ix.originals[j]))
        ranked = sorted(best_by_role.items(), key=lambda kv: -kv[1][0])
        if overrides and n in overrides.mapping:
            role, conf, method = overrides.mapping[n], 1.0, "override"
            reason = f"your mapping of '{title}'" + (f" ({overrides.source})"
                                                    if overrides.source else "")
        elif n in exact_lookup:
            role, conf, method = str(exact_lookup[n]), 1.0, "exact"
            reason = f"alias '{exact_alias[n]}'"
        elif ranked and ranked[0][1][0] >= LOW_CONFIDENCE:
            role, (conf, alias) = ranked[0]
            method, reason = "fuzzy", f"title like '{alias}' ({conf:.0%})"
        elif (by_task := task_hits.get(n)) is not None:
            role, conf, method = by_task[0], by_task[1], "tasks"
            reason = f"its words are in the work of {names.get(role, role)}: '{by_task[2]}'"
        else:
            role, conf, method = None, ranked[0][1][0] if ranked else 0.0, "unmatched"
            reason = "no role's titles are close"
        alts = "; ".join([f"{r} ({sc:.2f})" for r, (sc, _) in ranked if r != role][:3])
        status = ("unmatched" if role is None else
                  "low_confidence" if conf < HIGH_CONFIDENCE else "ok")
        rows.append((title, int(held[i]), role, names.get(role) if role else None,
                     round(conf, 3), method, status, alts, reason))
    return pd.DataFrame(rows, columns=["job_title", "positions", "role_id", "role_name",
                                       "confidence", "method", "status", "alternatives",
                                       "reason"])




@dataclass(frozen=True)
class TitleCoverage:
    """How much of a roster's FTE has a role, and so a task mix the plan can give to AI.

    Attributes
    ----------
    fte : float
        FTE of the roster [FTE].
    fte_no_role : float
        FTE whose job title matched no role, or who have no title: planned with no AI
        scope [FTE].
    fte_low_confidence : float
        FTE whose title matched a role with low confidence: planned as that role [FTE].
    titles, titles_unmatched, titles_low_confidence : int
        Distinct job titles, and how many matched no role or matched with low confidence.
    positions_no_title : int
        Positions with a blank job title.
    """

    fte: float
    fte_no_role: float
    fte_low_confidence: float
    titles: int
    titles_unmatched: int
    titles_low_confidence: int
    positions_no_title: int

    @property
    def share_no_role(self) -> float:
        """Share of the FTE planned with no AI scope [0-1]."""
        return self.fte_no_role / self.fte if self.fte else 0.0

    def statement(self) -> str:
        """The share in a planner's words; empty when every position has a confident role."""
        out = []
        if self.fte_no_role > 0:
            blank = (f", and {count_of(self.positions_no_title, 'position')} with no title"
                     if self.positions_no_title else "")
            out.append(f"{_share(self.share_no_role)} of FTE ({_fte(self.fte_no_role)} of "
                       f"{_fte(self.fte)}) have "
                       f"{'no job title or one' if blank else 'job titles'} that match"
                       f"{'es' if blank else ''} no role "
                       f"({self.titles_unmatched:,} of {count_of(self.titles, 'distinct title')}"
                       f"{blank}); their work is planned with no AI scope.")
        if self.fte_low_confidence > 0:
            out.append(f"{_share(self.fte_low_confidence / self.fte)} "
                       f"{'more ' if out else 'of FTE '}({_fte(self.fte_low_confidence)} FTE, "
                       f"{count_of(self.titles_low_confidence, 'title')}) matched a role with low "
                       "confidence and are planned as that role.")
        return " ".join(o[:1].upper() + o[1:] for o in out)  # "Under 1% of FTE ..."

    def to_dict(self) -> dict[str, float | int]:
        """JSON-ready figures."""
        return {"fte": round(self.fte, 4), "fte_no_role": round(self.fte_no_role, 4),
                "share_no_role": round(self.share_no_role, 4),
                "fte_low_confidence": round(self.fte_low_confidence, 4),
                "titles": self.titles, "titles_unmatched": self.titles_unmatched,
                "titles_low_confidence": self.titles_low_confidence,
                "positions_no_title": self.positions_no_title}


def title_coverage(roster: pd.DataFrame, matches: pd.DataFrame) -> TitleCoverage:
    """Share of a roster's FTE whose job title has no role (planned with no AI scope) or a
    low-confidence one.

    Parameters
    ----------
    roster : DataFrame
        Canonical roster with its roles matched (:func:`planner.work.matching.match_roles`).
    matches : DataFrame
        Output of :func:`match_titles`.
    """
    status = roster["role_status"]
    fte = roster["fte"].astype(float)
    # A title counts where any of its positions has that status ("Lead Adviser" may be
    # confident in one unit and unmatched in another).
    counts = roster.dropna(subset=["job_title"]).groupby("role_status")["job_title"].nunique()
    return TitleCoverage(
        fte=float(fte.sum()), fte_no_role=float(fte[roster["role_id"].isna().to_numpy()].sum()),
        fte_low_confidence=float(fte[(status == "low_confidence").to_numpy()].sum()),
        titles=len(matches), titles_unmatched=int(counts.get("unmatched", 0)),
        titles_low_confidence=int(counts.get("low_confidence", 0)),
        positions_no_title=int(roster["job_title"].isna().sum()))
