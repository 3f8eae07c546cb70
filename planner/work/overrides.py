"""A planner's title -> role decisions: the title overrides file that the CLI reads
(``inputs.title_overrides``, ``--overrides FILE``) and the app writes.

A row maps a job title to a library role, optionally only in one unit (the position's team
or department) or one profession: a grade title ("Executive Officer") names a grade, not a
job, and the job is in its context. The most specific row that fits a position wins.

The file is a CSV with columns ``job_title,role_id`` and, optionally, ``unit`` and
``profession`` (an empty cell: any), or a YAML mapping ``title: role_id``.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Problem, Severity
from planner.work.library import Library

COLUMNS = ("job_title", "role_id", "unit", "profession")
"""The columns of a title overrides file; ``unit`` and ``profession`` are optional."""


def _title_key(title: str) -> str:
    # titles.py imports this module (its old names); normalise_title lives there
    from planner.work.titles import normalise_title

    return normalise_title(title)


def context_key(text: str | None) -> str | None:
    """A unit or profession as overrides compare it: lower case, punctuation and repeated
    spaces dropped (``"Local  Compliance,"`` -> ``"local compliance"``); None when blank."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    out = " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower().replace("&", " and ")).split())
    return out or None


@dataclass(frozen=True)
class TitleOverride:
    """One decision: positions titled ``job_title`` (in ``unit``, of ``profession``, when
    given) hold ``role_id``.

    Attributes
    ----------
    job_title : str
        The title as the planner wrote it; matched after :func:`normalise_title`.
    role_id : str
        A role of the library.
    unit : str, optional
        Matched against the position's team and department (normalised).
    profession : str, optional
        Matched against the position's profession (normalised).
    """

    job_title: str
    role_id: str
    unit: str | None = None
    profession: str | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """(normalised title, unit, profession): two entries of one key are one decision."""
        return _title_key(self.job_title), context_key(self.unit), context_key(self.profession)

    @property
    def specificity(self) -> int:
        """How many of unit and profession the entry names (0-2)."""
        return (context_key(self.unit) is not None) + (context_key(self.profession) is not None)


@dataclass(frozen=True)
class TitleOverrides:
    """A planner's title -> role decisions.

    Attributes
    ----------
    entries : tuple of TitleOverride
        In file order; of two entries with one key, the later wins.
    source : str
        The file's name (for messages).
    """

    entries: tuple[TitleOverride, ...] = ()
    source: str = ""

    @cached_property
    def mapping(self) -> dict[str, str]:
        """Normalised title -> role_id of the entries that name no unit nor profession."""
        return {e.key[0]: e.role_id for e in self.entries if e.specificity == 0}

    @cached_property
    def _by_title(self) -> dict[str, list[tuple[TitleOverride, str | None, str | None]]]:
        out: dict[str, list[tuple[TitleOverride, str | None, str | None]]] = {}
        for e in self.entries:
            title, unit, profession = e.key
            out.setdefault(title, []).append((e, unit, profession))
        return out

    def role_for(self, title: str, unit: str | None = None, department: str | None = None,
                 profession: str | None = None) -> TitleOverride | None:
        """The entry that decides a position's role, or None.

        The most specific entry that fits wins: title, unit and profession; then title and
        unit; then title and profession; then the title alone. Of two entries of one key the
        later wins.

        Parameters
        ----------
        title : str
            The position's job title.
        unit, department : str, optional
            The position's team and department: an entry's ``unit`` fits either.
        profession : str, optional
            The position's profession.
        """
        candidates = self._by_title.get(_title_key(title))
        if not candidates:
            return None
        units = {context_key(unit), context_key(department)} - {None}
        prof = context_key(profession)
        best, rank = None, (-1, False)
        for e, e_unit, e_prof in candidates:
            if (e_unit is not None and e_unit not in units) or (
                    e_prof is not None and e_prof != prof):
                continue
            # more context first; of one entry naming a unit and one a profession, the unit's
            # (it says where the work is done)
            r = ((e_unit is not None) + (e_prof is not None), e_unit is not None)
            if r >= rank:
                best, rank = e, r
        return best

    def merged(self, other: TitleOverrides) -> TitleOverrides:
        """These decisions with ``other``'s: an entry of ``other`` replaces the one of the same
        (title, unit, profession)."""
        new = {e.key for e in other.entries}
        return TitleOverrides(tuple(e for e in self.entries if e.key not in new)
                              + other.entries, source=other.source or self.source)

    def canonical(self) -> TitleOverrides:
        """One entry per key (the later), sorted by title, unit and profession: the order
        :func:`write_overrides` writes."""
        last = {e.key: e for e in self.entries}
        ordered = sorted(last.items(), key=lambda kv: (kv[0][0], kv[0][1] or "",
                                                       kv[0][2] or "", kv[1].job_title))
        return TitleOverrides(tuple(e for _, e in ordered), source=self.source)


def as_aliases(overrides: TitleOverrides) -> dict[str, list[str]]:
    """role_id -> the job titles the planner mapped to it, as extra aliases for the matcher
    (so titles sharing their words find that role first). Only entries that name no unit
    nor profession: a grade title mapped in one unit is no alias of the role elsewhere."""
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    for e in overrides.canonical().entries:
        if e.specificity == 0 and e.key[0] and e.key[0] not in seen:
            seen.add(e.key[0])
            out.setdefault(e.role_id, []).append(e.job_title)
    return out


def _read_rows(path: Path, column: str, hint: str,
               optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows of a planner's overrides file: CSV with ``job_title``, ``column`` and any of
    ``optional`` (blank cells: empty text), or YAML ``title: value``; cells stripped."""
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        frame = pd.DataFrame([(str(k), str(v)) for k, v in dict(doc).items()],
                             columns=["job_title", column])
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"job_title", column} - set(frame.columns)
        if missing:
            raise InputError(Problem("bad_overrides", Severity.ERROR,
                                     f"expected columns job_title and {column}, missing: "
                                     f"{', '.join(sorted(missing))}", hint, file=path.name))
    for col in optional:
        if col not in frame:
            frame[col] = ""
    return frame[["job_title", column, *optional]].apply(lambda s: s.str.strip())


def read_title_pairs(path: str | os.PathLike[str], column: str,
                     hint: str) -> list[tuple[str, str]]:
    """(job title, value) pairs of a planner's overrides file: CSV with ``job_title`` and
    ``column``, or YAML ``title: value``. ``hint`` says how to write a good CSV.

    Raises
    ------
    InputError
        ``bad_overrides`` when a CSV lacks a column.
    """
    frame = _read_rows(Path(path), column, hint)
    return list(zip(frame["job_title"], frame[column], strict=True))


def _role_hint(role: str, known: set[str]) -> str:
    """How to fix an unknown role id: the closest ids of the library, and where they are."""
    import difflib

    close = difflib.get_close_matches(role, sorted(known), n=3, cutoff=0.5)
    return ("use a role_id from the library's roles.csv"
            + (f"; the closest: {', '.join(close)}" if close else ""))


def load_overrides(path: str | os.PathLike[str], library: Library) -> TitleOverrides:
    """Read a title overrides file: CSV ``job_title,role_id[,unit][,profession]`` (a blank
    unit or profession: any), or YAML ``title: role_id``.

    Raises
    ------
    InputError
        ``bad_overrides`` for a missing column, or for each role_id the library does not
        have (with its row and the closest ids).
    """
    p = Path(path)
    frame = _read_rows(p, "role_id", "write a CSV with a job_title and a role_id column "
                       "(and, optionally, unit and profession)", ("unit", "profession"))
    known = set(library.roles["role_id"])
    problems = [Problem("bad_overrides", Severity.ERROR,
                        f"role_id: expected a role of the library, found {role!r}",
                        _role_hint(str(role), known), file=p.name, row=i + 2,
                        column="role_id", value=role)
                for i, role in enumerate(frame["role_id"]) if role not in known]
    if problems:
        raise InputError(problems)
    return TitleOverrides(tuple(
        TitleOverride(t, r, u or None, f or None)
        for t, r, u, f in frame.itertuples(index=False, name=None)), source=p.name)


def write_overrides(path: str | os.PathLike[str], overrides: TitleOverrides) -> Path:
    """Write ``overrides`` as the CSV :func:`load_overrides` reads: one row per decision
    (:meth:`TitleOverrides.canonical`), columns ``job_title,role_id`` and ``unit`` and
    ``profession`` when any entry names one. The file is replaced whole (the caller merges
    with the old one: :meth:`TitleOverrides.merged`); its path."""
    p = Path(path)
    entries = overrides.canonical().entries
    cols = ["job_title", "role_id"] + [c for c in ("unit", "profession")
                                       if any(getattr(e, c) for e in entries)]
    frame = pd.DataFrame([[getattr(e, c) or "" for c in cols] for e in entries], columns=cols)
    p.parent.mkdir(parents=True, exist_ok=True)
    # written beside and renamed: a reader never sees half a file
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        frame.to_csv(fh, index=False)
    os.replace(tmp, p)
    return p
