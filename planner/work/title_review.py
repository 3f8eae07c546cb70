"""The job titles a planner should map first: those without a confident role, by FTE, each
with its best suggestions, and how many of them take the workforce to a confident role.

The app's mapping table is drawn from :func:`titles_to_map`; its headline ("Map these 4
titles to cover 90% of the workforce") is :func:`titles_to_cover`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from planner.labels import count_of
from planner.work.library import Library

SUGGESTIONS = 3
"""Suggestions per title."""
KEYS = ("job_title", "unit", "profession")
"""What a row of the table stands for: a title, and (when grouped by them) a unit and a
profession; the same keys as a title overrides entry."""
_ALTERNATIVE = re.compile(r"([A-Za-z0-9_\-]+) \(([0-9.]+)\)")


def _parse_alternatives(text: object) -> list[tuple[str, float]]:
    """``"hr_manager (0.81); lawyer (0.70)"`` -> [("hr_manager", 0.81), ("lawyer", 0.7)]."""
    if not isinstance(text, str):
        return []
    return [(m.group(1), float(m.group(2))) for m in _ALTERNATIVE.finditer(text)]


def _role_titles(library: Library) -> dict[str, list[str]]:
    """role_id -> its name and aliases."""
    return {r.role_id: list(dict.fromkeys([str(r.name), *[a for a in str(r.aliases).split("|")
                                                          if a and a != "nan"]]))
            for r in library.roles.itertuples(index=False)}


def _nearest_title(title: str, titles: list[str]) -> str | None:
    """The one of ``titles`` closest to ``title`` in words."""
    from planner.work.titles import normalise_title

    if not titles:
        return None
    best = process.extractOne(normalise_title(title), [normalise_title(t) for t in titles],
                              scorer=fuzz.token_set_ratio)
    return titles[best[2]] if best else None


def titles_to_map(roster: pd.DataFrame, matches: pd.DataFrame, library: Library,
                  by: tuple[str, ...] = ("job_title",)) -> pd.DataFrame:
    """The roster's job titles without a confident role, most FTE first.

    Parameters
    ----------
    roster : DataFrame
        Canonical roster with ``job_title``, ``fte``, ``role_id``, ``role_confidence`` and
        ``role_status`` (``ok`` is confident); ``team``, ``department`` and ``profession``
        when grouping by unit or profession.
    matches : DataFrame
        Per distinct title (:func:`planner.work.matching.match_roles`): ``job_title``,
        ``alternatives`` ("role_id (0.81); ...") and, when present, ``suggestions`` (the
        roles its context names, with reasons), which come first.
    library : Library
    by : tuple of str
        ``job_title`` and optionally ``unit`` (the team, else the department) and
        ``profession``: one row per distinct combination.

    Returns
    -------
    DataFrame
        ``job_title``, ``unit``, ``profession`` (None unless grouped by them), ``fte``
        [FTE], ``positions``, ``role_id`` (the current guess, None when unmatched),
        ``confidence`` [0-1], and for k in 1..3 ``suggestion_k`` (role_id),
        ``suggestion_k_confidence`` [0-1] and ``suggestion_k_reason`` (in words).
        Positions with no title are not in it: no title to map.
    """
    unknown = set(by) - set(KEYS)
    if "job_title" not in by or unknown:
        raise ValueError(f"by: expected job_title and any of unit, profession, found {by}")
    todo = roster[(roster["role_status"] != "ok") & roster["job_title"].notna()]
    frame = pd.DataFrame({
        "job_title": todo["job_title"].astype(str),
        "unit": (todo["team"].fillna(todo["department"]) if "unit" in by else None),
        "profession": todo["profession"] if "profession" in by else None,
        "fte": todo["fte"].astype(float), "role_id": todo["role_id"],
        "confidence": todo["role_confidence"].astype(float)}, index=todo.index)
    keys = list(KEYS)
    frame[["unit", "profession"]] = frame[["unit", "profession"]].astype(object)
    per_guess = frame.groupby([*keys, "role_id"], dropna=False, sort=False).agg(
        fte=("fte", "sum"), confidence=("confidence", "max")).reset_index()
    # the current guess of a row: the role most of its FTE is planned as
    guess = per_guess.sort_values("fte", ascending=False, kind="stable").drop_duplicates(keys)
    sizes = frame.groupby(keys, dropna=False, sort=False).agg(
        fte=("fte", "sum"), positions=("fte", "size")).reset_index()
    out = sizes.merge(guess[[*keys, "role_id", "confidence"]], on=keys, how="left")
    out = out.sort_values(["fte", "job_title"], ascending=[False, True],
                          kind="stable").reset_index(drop=True)
    alternatives = matches.set_index("job_title")["alternatives"].to_dict()
    # The matcher's own suggestions, with their reasons in context ("grade title 'SEO';
    # 'factories' in the title -> Inspector"), come first (planner.work.matching).
    context = (matches.set_index("job_title")["suggestions"].to_dict()
               if "suggestions" in matches else {})
    titles = _role_titles(library)
    columns: dict[str, list[object]] = {
        f"suggestion_{k}{s}": [] for k in range(1, SUGGESTIONS + 1)
        for s in ("", "_confidence", "_reason")}
    for title, role, conf in zip(out["job_title"], out["role_id"], out["confidence"],
                                 strict=True):
        ranked: dict[str, float | None] = {}
        reasons: dict[str, str] = {}
        guessed = [(str(role), float(conf))] if isinstance(role, str) and role else []
        scores = dict(_parse_alternatives(alternatives.get(title)))
        for item in [x for x in str(context.get(title) or "").split(" | ") if x]:
            r, _, why = item.partition(": ")
            if r in titles and r not in ranked:
                ranked[r] = dict(guessed).get(r, scores.get(r))
                reasons[r] = why
        for r, c in sorted(guessed + list(scores.items()), key=lambda rc: -rc[1]):
            if r in titles and c > 0:
                ranked.setdefault(r, c)
        best = list(ranked.items())[:SUGGESTIONS]
        for k in range(SUGGESTIONS):
            r, c = best[k] if k < len(best) else (None, None)
            near = _nearest_title(title, titles[r]) if r and r not in reasons else None
            columns[f"suggestion_{k + 1}"].append(r)
            columns[f"suggestion_{k + 1}_confidence"].append(c)
            columns[f"suggestion_{k + 1}_reason"].append(
                reasons.get(r) if r in reasons else
                f"nearest of its titles: '{near}'" if near else None)
    out = out.assign(**columns)
    out["role_id"] = out["role_id"].astype(object).where(out["role_id"].notna(), None)
    out["positions"] = out["positions"].astype(int)
    return out


def _down(share: float) -> str:
    """A share rounded down (a target not reached is never shown as reached): 89.6% -> 89%."""
    return f"{math.floor(share * 100 + 1e-9):.0f}%"


def _now(share: float, target: float) -> str:
    """The share now, rounded as elsewhere, but never to the target it is short of."""
    return f"{share:.0%}" if round(share, 2) < target else _down(share)


@dataclass(frozen=True)
class Cover:
    """How many of the titles to map (most FTE first) take the workforce with a confident
    role to a target share.

    Attributes
    ----------
    fte : float
        FTE of the roster [FTE].
    fte_confident : float
        FTE with a confident role now [FTE].
    target : float
        The share to reach [0-1].
    titles : int or None
        The fewest titles that reach it; None when mapping all of the first ``limit``
        does not.
    reached : float
        The share with a confident role after mapping those titles (or the first
        ``limit``) [0-1].
    limit : int
        How many titles a planner is asked to map at most.
    """

    fte: float
    fte_confident: float
    target: float
    titles: int | None
    reached: float
    limit: int

    @property
    def share(self) -> float:
        """The share of FTE with a confident role now [0-1]."""
        return self.fte_confident / self.fte if self.fte else 1.0

    def statement(self) -> str:
        """The headline in a planner's words."""
        if self.share >= self.target:
            return (f"{_down(self.share)} of the workforce (by FTE) has a confident role"
                    + ("; the titles below are the rest." if self.share < 1 else "."))
        if self.titles is not None:
            what = "this title" if self.titles == 1 else f"these {self.titles} titles"
            return (f"Map {what} to cover {_down(self.target)} of the workforce: "
                    f"{_now(self.share, self.target)} of FTE has a confident role now, "
                    f"{_down(self.reached)} after.")
        if not self.limit:
            return (f"{_down(self.share)} of the workforce (by FTE) has a confident role; "
                    "the rest have no job title to map.")
        return (f"Mapping the {count_of(self.limit, 'title')} with the most FTE takes the "
                f"workforce with a confident role from {_now(self.share, self.target)} to "
                f"{_down(self.reached)}, short of {_down(self.target)}: start with them.")


def titles_to_cover(table: pd.DataFrame, fte: float, fte_confident: float,
                    target: float = 0.9, limit: int = 10) -> Cover:
    """The fewest titles of ``table`` (:func:`titles_to_map`, most FTE first) whose mapping
    takes the confident share of ``fte`` to ``target``.

    Parameters
    ----------
    table : DataFrame
        With ``fte`` [FTE] per row, most first.
    fte, fte_confident : float
        FTE of the roster, and with a confident role now [FTE].
    target : float
        Share to reach [0-1].
    limit : int
        The most titles counted.
    """
    gained = table["fte"].astype(float).head(limit).cumsum().to_numpy()
    shares = (fte_confident + gained) / fte if fte else gained * 0 + 1.0
    now = fte_confident / fte if fte else 1.0
    if now >= target:
        return Cover(float(fte), float(fte_confident), target, 0, now, limit)
    hit = [i for i, s in enumerate(shares) if s >= target - 1e-12]
    if hit:
        return Cover(float(fte), float(fte_confident), target, hit[0] + 1, float(shares[hit[0]]),
                     limit)
    return Cover(float(fte), float(fte_confident), target, None,
                 float(shares[-1]) if len(shares) else now, min(limit, len(shares)))
