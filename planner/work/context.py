"""What a position's context says about its role: grades, professions and work-family terms.

Many real titles name a grade, not a job: in the UK civil service "Executive Officer",
"SEO - Factories", "Grade 7 London"; in the NHS "Band 6"; in companies "L4". Others are
generic ("Lead Adviser", "Specialist", "Manager"). The job is in the context an export
carries: the rest of the title ("Factories"), the unit ("Land Management"), the profession
("Finance"), the reporting post's role. Three small tables of the library folder hold that
knowledge, each row in words a planner can check and extend:

``grades.csv``
    ``scheme, grade, aliases, level, band, source``: a grade title and its level (1 the most
    junior) and band (``junior``, ``middle``, ``senior``, ``executive``).
``professions.csv``
    ``profession, aliases, junior_role, middle_role, senior_role, executive_role``: the role a
    profession's post most likely holds at each band (blank: the profession says nothing,
    e.g. "Operational Delivery").
``context_terms.csv``
    ``term, where, strength, junior_role, middle_role, senior_role, executive_role, note``: a
    work-family word of a grade title's remainder (``where`` = ``title``), of a unit
    (``unit``) or of either (``any``), and the role it means at each band. A ``weak`` term
    names a grade group more than a job ("EO - Administration" in a finance unit is finance
    work): the unit and the profession come before it.

:func:`load_context` reads them; :func:`parse_title` splits a title into its grade, its
generic words and the rest.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from planner.schema import ContextTermSchema, GradeSchema, ProfessionSchema

BANDS: tuple[str, ...] = ("junior", "middle", "senior", "executive")
"""Grade bands, most junior first; each names a column ``<band>_role`` of the tables."""

CONTEXT_FILES: tuple[str, ...] = ("grades", "professions", "context_terms")

GENERIC_WORDS = frozenset({
    "adviser", "advisor", "specialist", "officer", "coordinator", "co", "ordinator",
    "assistant", "associate", "consultant", "practitioner", "professional", "worker", "staff",
    "member", "team", "group", "manager", "leader", "lead", "head", "supervisor", "deputy",
    "support", "senior", "principal", "junior", "chief", "of", "and", "the", "spec", "higher",
    "grade", "band", "post", "role", "general",
})
"""Words that say what kind of post a title is, but not what work it does."""

LOCATION_WORDS = frozenset({
    "london", "national", "regional", "region", "hq", "headquarters", "england", "scotland",
    "wales", "northern", "ireland", "north", "south", "east", "west", "central", "midlands",
    "outstation", "provincial", "higher", "intermediate",
})
"""Words of a grade title that place or pay a post (``Grade 7 London``), not its work."""

_SENIORITY_LEVEL = {"support": 2, "assistant": 2, "junior": 2, "senior": 4, "lead": 5,
                    "principal": 6, "head": 7, "chief": 8}
_MANAGER_WORDS = {"manager": "manager", "head": "manager", "director": "manager",
                  "leader": "team_lead", "supervisor": "team_lead", "coordinator": "team_lead"}


def clean_text(text: object) -> str:
    """Lower case, ``&`` as ``and``, punctuation as spaces, single spaces."""
    t = str(text).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", t).split())


def band_of(level: int) -> str:
    """The band of a grade level: 1-3 junior, 4-5 middle, 6-7 senior, 8 and above executive."""
    return "junior" if level <= 3 else "middle" if level <= 5 else (
        "senior" if level <= 7 else "executive")


@dataclass(frozen=True)
class Grade:
    """A grade found in a title or a grade column."""

    scheme: str
    grade: str
    level: int
    band: str
    alias: str
    """The words that named it, as found."""


@dataclass(frozen=True)
class ParsedTitle:
    """A title split into its grade, its kind and the rest.

    Attributes
    ----------
    grade : Grade or None
        The grade the title names, when it names one.
    rest : str
        The cleaned words that are neither the grade nor a place (``factories``).
    generic : bool
        True when ``rest`` has only generic words (``lead adviser``): the title says what
        kind of post it is, not its work.
    manager_kind : str or None
        ``team_lead`` or ``manager`` when the generic words name a managerial post.
    level : int or None
        The level the title implies: its grade's, else its seniority words' (``Senior``
        4, ``Lead`` 5, ``Principal`` 6).
    """

    grade: Grade | None
    rest: str
    generic: bool
    manager_kind: str | None
    level: int | None

    @property
    def needs_context(self) -> bool:
        """A grade title or a generic title: its role comes from the context."""
        return self.grade is not None or self.generic


@dataclass(frozen=True, eq=False)
class Context:
    """The three context tables, prepared for lookups (see the module docstring)."""

    grades: pd.DataFrame
    professions: pd.DataFrame
    terms: pd.DataFrame
    grade_aliases: tuple[tuple[str, int], ...]
    """(cleaned alias, row of ``grades``), longest first."""
    profession_aliases: tuple[tuple[str, int], ...]
    term_list: tuple[tuple[str, str, int], ...]
    """(cleaned term, where, row of ``terms``), longest first."""

    def find_grade(self, text: object, *, anywhere: bool = False) -> tuple[Grade | None, str]:
        """The grade a text names, and the text without it.

        A grade is recognised at the start of the text or as the whole of one of its
        `` - `` parts (``EO - Administration``, ``Administration - EO``); with ``anywhere``
        (a grade column) at any word boundary.
        """
        if text is None or (isinstance(text, float) and pd.isna(text)):
            return None, ""
        return _find_grade(self, str(text), anywhere)

    def _find_grade(self, raw: str, anywhere: bool) -> tuple[Grade | None, str]:
        parts = [clean_text(p) for p in re.split(r"\s+[-/|:]\s+|\s*[(),]\s*", raw) if p.strip()]
        whole = clean_text(raw)
        if not anywhere:  # the first alias, longest first, that is the text, a part or a start
            first = _grade_alias_order(self)
            seen = [whole, *parts, *(whole[:i] for i, ch in enumerate(whole) if ch == " ")]
            at = min((first[c] for c in seen if c in first), default=None)
            if at is None:
                return None, whole
            aliases: tuple[tuple[str, int], ...] = self.grade_aliases[at:at + 1]
        else:
            aliases = self.grade_aliases
        for alias, row in aliases:
            hit = None
            if whole == alias or whole.startswith(alias + " ") or alias in parts:
                hit = alias
            elif anywhere and re.search(rf"\b{re.escape(alias)}\b", whole):
                hit = alias
            if hit:
                rec = self.grades.iloc[row]
                rest = " ".join(re.sub(rf"\b{re.escape(alias)}\b", " ", whole, count=1).split())
                return Grade(rec["scheme"], rec["grade"], int(rec["level"]), rec["band"],
                             alias), rest
        return None, whole

    def role_at(self, table: pd.DataFrame, row: int, band: str) -> str | None:
        """The role of a table row at a band, falling back to the nearest band below, then
        above."""
        order = BANDS.index(band)
        for b in [*BANDS[order::-1], *BANDS[order + 1:]]:
            role = table.iat[row, table.columns.get_loc(f"{b}_role")]
            if role:
                return str(role)
        return None

    def profession_row(self, text: object) -> int | None:
        """The row of ``professions`` a profession (or a unit naming one) matches."""
        return _profession_row(self, text) if isinstance(text, str) else None

    def _profession_row(self, text: str) -> int | None:
        t = clean_text(text)
        if not t:
            return None
        for alias, row in self.profession_aliases:
            if t == alias:
                return row
        for alias, row in self.profession_aliases:
            if len(alias) > 3 and re.search(rf"\b{re.escape(alias)}\b", t):
                return row
        return None

    def terms_in(self, text: str, where: str) -> list[tuple[str, int]]:
        """Work-family terms found in ``text`` (cleaned), for ``title`` or ``unit`` text;
        a longer term hides the shorter ones inside it."""
        found: list[tuple[str, int]] = []
        rest = f" {text} "
        for term, at, row in self.term_list:
            if at not in (where, "any"):
                continue
            if f" {term} " in rest:
                found.append((term, row))
                rest = rest.replace(f" {term} ", " | ")
        return found


_LEADERSHIP = re.compile(
    r"^(?:acting |interim |temporary )?(?P<post>director general|executive director|"
    r"deputy director general|deputy director|assistant director|divisional director|"
    r"director|head)\b(?: of\b)?(?P<rest>.*)$")


def leadership_post(title: object) -> tuple[str, str] | None:
    """A leadership title's post and the area it leads: ``("director", "marine")`` for
    "Director, Marine"; ``("head", "financial accounting")`` for "Head of Financial
    Accounting"; None for any other title."""
    m = _LEADERSHIP.match(clean_text(title))
    if not m:
        return None
    post = m.group("post")
    post = ("deputy_director" if post in ("deputy director", "assistant director") else
            "head" if post == "head" else "director")
    return post, " ".join(m.group("rest").split())


@lru_cache(maxsize=8)
def _grade_alias_order(context: Context) -> dict[str, int]:
    """Each grade alias's first place in ``context.grade_aliases`` (longest first)."""
    first: dict[str, int] = {}
    for i, (alias, _) in enumerate(context.grade_aliases):
        first.setdefault(alias, i)
    return first


@lru_cache(maxsize=8192)
def _find_grade(context: Context, raw: str, anywhere: bool) -> tuple[Grade | None, str]:
    return context._find_grade(raw, anywhere)


@lru_cache(maxsize=8192)
def _profession_row(context: Context, text: str) -> int | None:
    return context._profession_row(text)


def parse_title(title: object, context: Context) -> ParsedTitle:
    """Split a title into its grade, its kind and the rest (see :class:`ParsedTitle`).

    >>> ctx = load_context()
    >>> p = parse_title("SEO - Factories", ctx)
    >>> (p.grade.grade, p.rest, p.generic)
    ('SEO', 'factories', False)
    >>> parse_title("Lead Adviser", ctx).generic
    True
    """
    grade, rest = context.find_grade(title)
    words = rest.split()
    if grade is not None:
        words = [w for w in words if w not in LOCATION_WORDS]
    generic = bool(words) and all(w in GENERIC_WORDS for w in words)
    manager_kind = None
    if generic or grade is not None:
        for w in words:
            if w in _MANAGER_WORDS:
                manager_kind = _MANAGER_WORDS[w]
                if manager_kind == "manager":
                    break
    level = grade.level if grade else None
    if level is None and generic:
        levels = [_SENIORITY_LEVEL[w] for w in words if w in _SENIORITY_LEVEL]
        level = max(levels) if levels else 3
    rest_words = [w for w in words if w not in GENERIC_WORDS] if grade is not None else words
    return ParsedTitle(grade=grade, rest=" ".join(rest_words),
                       generic=generic or (grade is not None and not rest_words),
                       manager_kind=manager_kind, level=level)


def _aliases(frame: pd.DataFrame, column: str, also: str | None = None) -> list[tuple[str, int]]:
    out = []
    for row, value in enumerate(frame[column]):
        names = str(value).split("|") + ([str(frame[also].iat[row])] if also else [])
        out.extend((clean_text(a), row) for a in names if clean_text(a))
    return sorted(set(out), key=lambda ar: (-len(ar[0]), ar[1]))


def context_folder() -> Path:
    """The bundled library folder, where the context tables live."""
    from planner.work.library import data_dir

    return data_dir() / "library"


def load_context(folder: str | os.PathLike[str] | None = None) -> Context:
    """Read and validate the context tables of a library folder (default: the bundled one).

    A folder without them (a user's own library) gets the bundled ones.
    """
    p = Path(folder) if folder is not None else context_folder()
    if not all((p / f"{n}.csv").exists() for n in CONTEXT_FILES):
        p = context_folder()
    from planner.work.download import file_sha256

    return _load_context(str(p), tuple(file_sha256(p / f"{n}.csv") for n in CONTEXT_FILES))


@lru_cache(maxsize=4)
def _load_context(folder: str, content: tuple[str, ...]) -> Context:
    from planner.work.library import validate_table

    p = Path(folder)
    read = {n: pd.read_csv(p / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in CONTEXT_FILES}
    grades = validate_table(GradeSchema, read["grades"].astype({"level": int}), "grades.csv")
    professions = validate_table(ProfessionSchema, read["professions"], "professions.csv")
    terms = validate_table(ContextTermSchema, read["context_terms"], "context_terms.csv")
    term_list = sorted({(clean_text(t), w, i) for i, (t, w) in
                        enumerate(zip(terms["term"], terms["where"], strict=True))},
                       key=lambda x: (-len(x[0]), x[2]))
    return Context(grades=grades, professions=professions, terms=terms,
                   grade_aliases=tuple(_aliases(grades, "aliases", "grade")),
                   profession_aliases=tuple(_aliases(professions, "aliases", "profession")),
                   term_list=tuple(term_list))
