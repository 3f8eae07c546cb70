"""A role for every position: its title first, then the context the export gives.

Each position's title is matched to the library (:func:`planner.work.titles.match_titles`).
A grade title ("SEO - Factories", "Grade 7 London"), a generic title ("Lead Adviser",
"Team Leader") or a title that matched no role with confidence is then matched in context
(:mod:`planner.work.context`), with evidence in this order of strength:

1. the rest of the title (``factories`` -> Inspector; ``mechanical engineer`` -> Engineer);
2. the unit (team) (``Land Management`` -> Land Management Adviser; a unit naming a
   profession, ``Finance``);
3. the profession (``Finance`` at a senior grade -> Finance Manager);
4. the reporting post's role, which only breaks ties between roles of the evidence.

The strongest evidence names the role; weaker evidence that agrees raises the confidence,
evidence that names another role lowers it, and the reason says both in words. A managerial
generic title ("Manager", "Team Leader") takes the manager role of the work's function. A
title with no evidence keeps its title match, or stays unmatched: a grade's words never name
a job ("Executive Officer" is not a Chief Executive).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from planner.work.context import (
    Context,
    ParsedTitle,
    band_of,
    clean_text,
    leadership_post,
    load_context,
    parse_title,
)
from planner.work.library import Library
from planner.work.overrides import as_aliases
from planner.work.titles import (
    HIGH_CONFIDENCE,
    LOW_CONFIDENCE,
    TitleOverrides,
    match_titles,
    normalise_title,
)

TIER_CONFIDENCE = {"title": 0.95, "unit": 0.9, "profession": 0.9, "grade group": 0.9}
"""Confidence of a role named by one tier of evidence alone [0-1]."""
AGREES = 0.03
"""Confidence added per weaker tier that names the same role."""
DISAGREES = 0.03
"""Confidence taken per tier that names another role."""

ORDINARY_TITLE_CAP = 0.8
"""Most confidence the context gives a title that names a job (not a grade or a kind of
post) when the title itself matched no role [0-1]: the role is a suggestion, and the
position stays unmatched until the planner maps its title."""

_CONTEXT_COLUMNS = ("job_title", "grade", "team", "profession", "manager_role")


@dataclass(frozen=True)
class _Evidence:
    tier: str
    role_id: str
    says: str
    """What the evidence is, in words: "'factories' in the title"."""


@dataclass(frozen=True, eq=False)
class _Roles:
    """What the matcher asks of the library, looked up once per roster."""

    library: Library
    known: frozenset[str]
    names: dict[str, str]
    leads: frozenset[str]
    """Manager roles."""
    function: dict[str, str]
    rest: dict[str, tuple[str, float, str] | None]
    """The confident role of a grade title's work words (``mechanical engineer``)."""

    @classmethod
    def of(cls, library: Library, rests: list[str]) -> _Roles:
        roles = library.roles
        rest: dict[str, tuple[str, float, str] | None] = {}
        if rests:
            found = match_titles(pd.Series(rests), library)
            for rec in found.itertuples(index=False):
                ok = rec.role_id is not None and rec.confidence >= HIGH_CONFIDENCE
                rest[rec.job_title] = ((str(rec.role_id), float(rec.confidence), rec.reason)
                                       if ok else None)
        return cls(library, frozenset(roles["role_id"]), library.role_names(),
                   frozenset(roles.loc[roles["is_manager"], "role_id"]),
                   dict(zip(roles["role_id"], roles["function"], strict=True)), rest)


def _evidence(parsed: ParsedTitle, team: str, profession: str, band: str,
              context: Context, roles: _Roles) -> list[_Evidence]:
    out: list[_Evidence] = []
    # An ordinary title's own match is its title evidence (match_in_context); a grade
    # title's is the rest of it.
    if parsed.grade is not None and parsed.rest and not parsed.generic:
        terms = context.terms_in(parsed.rest, "title")
        for term, row in terms:
            role = context.role_at(context.terms, row, band)
            # A grade group is the work itself at the most junior grades (an AO in
            # "Administration" does administration), and yields to the unit above them.
            weak = context.terms["strength"].iat[row] == "weak" and (parsed.level or 3) > 2
            if role in roles.known:
                out.append(_Evidence("grade group" if weak else "title", role,
                                     f"'{term}' in the title"))
        if not terms:
            found = roles.rest.get(normalise_title(parsed.rest))
            if found:
                out.append(_Evidence("title", found[0], f"'{parsed.rest}': {found[2]}"))
    unit = clean_text(team) if team else ""
    if unit:
        named = [context.role_at(context.terms, row, band)
                 for _term, row in context.terms_in(unit, "unit")]
        row = context.profession_row(team)
        named.append(context.role_at(context.professions, row, band) if row is not None
                     else None)
        named = list(dict.fromkeys(r for r in named if r in roles.known))
        # A unit that names two kinds of work ("Finance & Customer Services") says neither.
        if len(named) == 1:
            out.append(_Evidence("unit", named[0], f"unit '{team}'"))
    if profession:
        row = context.profession_row(profession)
        role = context.role_at(context.professions, row, band) if row is not None else None
        if role in roles.known:
            out.append(_Evidence("profession", role, f"profession '{profession}'"))
    return out


def _leadership_role(lead: tuple[str, str], grade: str, context: Context,
                     leads: set[str]) -> tuple[str, float, str]:
    """The role of a leadership title. A deputy director is a Deputy Director; a head of an
    area at a senior civil service grade is a Deputy Director (SCS1) or a Director (SCS2 and
    above); otherwise the manager role of the profession the area names ("Director of
    Finance" -> Finance Director), else Director (a head: Deputy Director, with low
    confidence)."""
    post, area = lead
    if post == "deputy_director":
        return post, 0.9, "leadership title 'Deputy Director'"
    g, _ = context.find_grade(grade, anywhere=True) if grade else (None, "")
    if post == "head" and g is not None and g.band == "executive":
        role = "director" if g.level >= 9 else "deputy_director"
        return role, 0.9, f"a head of an area at grade {g.grade}"
    row = context.profession_row(area) if area else None
    role = context.role_at(context.professions, row, "executive") if row is not None else None
    word = "director" if post == "director" else "head"
    if role in leads:
        return role, 0.9, f"a {word} of '{area}'"
    if post == "head":
        return "deputy_director", 0.75, "a head of an area, at a grade that is not senior"
    return "director", 0.9, "leadership title 'Director'"


@lru_cache(maxsize=512)
def _manager_role(role: str, kind: str, library: Library) -> str:
    """The manager role of a role's function: a team lead or a manager."""
    roles = library.roles
    function = roles.loc[roles["role_id"] == role, "function"]
    managers = roles[roles["is_manager"] & roles["function"].isin(function)]
    if (roles.loc[roles["role_id"] == role, "is_manager"]).any():
        return role
    lead = managers["name"].str.contains(r"lead|supervisor", case=False, regex=True)
    pick = managers[lead] if kind == "team_lead" else managers[~lead]
    if pick.empty:
        return "operations_team_leader" if kind == "team_lead" else "operations_manager"
    # The manager whose name shares most words with the role's ("Communications Officer":
    # Head of Communications, not Marketing Manager); the library's order breaks ties.
    words = set(str(roles.loc[roles["role_id"] == role, "name"].iloc[0]).lower().split())
    shared = pick["name"].map(lambda n: len(words & set(str(n).lower().split())))
    return str(pick["role_id"].iloc[int(np.argmax(shared.to_numpy()))])


@dataclass(frozen=True)
class RoleMatch:
    """The role of one position (or of every position sharing a title and a context)."""

    role_id: str | None
    confidence: float
    status: str
    reason: str
    suggestions: str
    """The other roles the evidence named, best first: ``role_id: reason; ...``."""


def _status(role: str | None, confidence: float) -> str:
    return ("unmatched" if role is None or confidence < LOW_CONFIDENCE else
            "low_confidence" if confidence < HIGH_CONFIDENCE else "ok")


def match_in_context(parsed: ParsedTitle, title_match: pd.Series, *, grade: str, team: str,
                     profession: str, manager_role: str | None, context: Context,
                     roles: _Roles) -> RoleMatch:
    """The role of a grade or generic title (or an unconfident one) from its context."""
    # The level: the title's grade, else its seniority words ("Lead Adviser"), else the
    # grade column's grade, else the middle of the junior band.
    column = context.find_grade(grade, anywhere=True)[0] if grade else None
    if parsed.grade is not None:
        level = parsed.grade.level
    elif parsed.level not in (None, 3) or column is None:
        level = parsed.level or 3
    else:
        level = column.level
    band = band_of(level)
    evidence = _evidence(parsed, team, profession, band, context, roles)
    names, leads = roles.names, roles.leads
    kind = ("grade title" if parsed.grade is not None else
            "generic title" if parsed.generic else "title")
    opener = (f"grade title '{parsed.grade.grade}'" if parsed.grade is not None else kind)
    title_role = title_match.get("role_id")
    title_role = str(title_role) if isinstance(title_role, str) and title_role else None
    ordinary = parsed.grade is None and not parsed.generic
    title_conf = float(title_match["confidence"]) if title_role else 0.0
    lead = leadership_post(title_match.name) if ordinary and title_conf < HIGH_CONFIDENCE \
        else None
    if lead is not None:
        title_role, title_conf, says = _leadership_role(lead, grade, context, leads)
        evidence.insert(0, _Evidence("title", title_role, says))
    elif ordinary and title_role:
        evidence.insert(0, _Evidence("title", title_role, str(title_match["reason"])))
    if not evidence:
        if title_role and (ordinary or title_match.get("method") == "exact"):
            conf = float(title_match["confidence"])
            return RoleMatch(title_role, conf, _status(title_role, conf),
                             str(title_match["reason"]), "")
        return RoleMatch(None, 0.0, "unmatched",
                         f"{opener}: the title, unit and profession name no work the library "
                         "knows", "")
    # The strongest tier names the role; ties inside a tier go to the reporting post's
    # function, then to the first found (the longest term).
    tiers = list(TIER_CONFIDENCE)
    first = min(tiers.index(e.tier) for e in evidence)
    top = [e for e in evidence if tiers.index(e.tier) == first]
    chosen = top[0]
    if manager_role is not None and len({e.role_id for e in top}) > 1:
        fn = roles.function
        same = [e for e in top if fn.get(e.role_id) == fn.get(manager_role)]
        chosen = same[0] if same else chosen
    role = chosen.role_id
    conf = title_conf if ordinary and chosen.tier == "title" else TIER_CONFIDENCE[chosen.tier]
    agree = [e for e in evidence if e is not chosen and e.role_id == role]
    # Work a manager's people do does not contradict the manager's role, nor does the
    # manager role of the area a leadership title leads.
    leading = lead is not None and chosen.tier == "title"
    other = [e for e in evidence if e.role_id != role
             and not (role in leads and (e.role_id not in leads or leading))
             and e.tier != "grade group"]  # a fallback, not a contradiction
    conf = min(0.99, conf + AGREES * len({e.tier for e in agree})
               - DISAGREES * len({e.tier for e in other}))
    if ordinary and chosen.tier != "title":
        # A title that names a job the library does not know: its unit or profession is a
        # suggestion for the planner to confirm, never the role it is planned as.
        said = [f"{str(title_match['reason'])}; {e.says} suggests {names.get(e.role_id)}"
                for e in [chosen]]
        others = [f"{e.role_id}: {e.says}" for e in evidence]
        return RoleMatch(None, round(min(conf, ORDINARY_TITLE_CAP), 3), "unmatched", said[0],
                         "; ".join(dict.fromkeys(others)))
    if parsed.manager_kind:
        managed = _manager_role(role, parsed.manager_kind, roles.library)
        if managed != role:
            role = managed
    parts = ([chosen.says] if ordinary and chosen.tier == "title" and role == chosen.role_id
             else [f"{opener}; {chosen.says} -> {names.get(role, role)}"])
    if agree:
        parts.append(" and ".join(e.says for e in agree) + (" agree" if len(agree) > 1
                                                             else " agrees"))
    for e in other:
        parts.append(f"{e.says} suggests {names.get(e.role_id, e.role_id)}")
    seen = {role}
    suggestions = []
    for e in other:
        if e.role_id not in seen:
            seen.add(e.role_id)
            suggestions.append(f"{e.role_id}: {e.says}")
    return RoleMatch(role, round(conf, 3), _status(role, conf), "; ".join(parts),
                     "; ".join(suggestions))


def _with_mapped_titles(library: Library, overrides: TitleOverrides | None) -> Library:
    """The library with the titles a planner mapped as aliases of their roles, so that titles
    sharing their words find that role first (:func:`planner.work.overrides.as_aliases`)."""
    extra = as_aliases(overrides) if overrides is not None else {}
    if not extra:
        return library
    roles = library.roles.copy()
    roles["aliases"] = [("|".join([a, *extra[r]]) if a else "|".join(extra[r]))
                        if r in extra else a for r, a in zip(roles["role_id"], roles["aliases"],
                                                             strict=True)]
    return replace(library, roles=roles)


def _apply_mappings_in_context(roster: pd.DataFrame, overrides: TitleOverrides) -> pd.DataFrame:
    """A planner's mappings that name a unit or a profession, position by position: they win
    over everything else."""
    out = roster.copy()
    keys = ["job_title", "team", "department", "profession"]
    frame = out[keys].astype(object).where(out[keys].notna(), None)
    for key, idx in frame.groupby(keys, dropna=False, sort=False).indices.items():
        title, team, department, profession = (None if isinstance(v, float) else v
                                               for v in key)
        entry = overrides.role_for(title, team, department, profession) if title else None
        if entry is None or not entry.specificity:
            continue
        where = " and ".join(
            ([f"unit '{entry.unit}'"] if entry.unit else [])
            + ([f"profession '{entry.profession}'"] if entry.profession else []))
        rows = out.index[idx]
        out.loc[rows, "role_id"] = entry.role_id
        out.loc[rows, "role_confidence"] = 1.0
        out.loc[rows, "role_status"] = "ok"
        out.loc[rows, "role_reason"] = (f"your mapping of '{entry.job_title}' in {where}"
                                        + (f" ({overrides.source})" if overrides.source else ""))
    return out


def _suggest(into: dict[str, dict[str, list]], title: str, role: str, reason: str,
             fte: float) -> None:
    """Add ``fte`` of evidence for ``role`` to a title's suggestions (the first reason stays)."""
    entry = into.setdefault(title, {}).setdefault(role, [0.0, reason])
    entry[0] += fte


def _suggestions(found: dict[str, list], alternatives: str, names: dict[str, str],
                 top: int = 3) -> str:
    """A title's best roles, most FTE first, then its title match's alternatives:
    ``role_id: reason`` joined by `` | ``."""
    ranked = sorted(found.items(), key=lambda kv: -kv[1][0])
    out = [f"{r}: {why}" for r, (_, why) in ranked]
    for item in [s for s in str(alternatives).split("; ") if s]:
        r, _, score = item.rpartition(" (")
        if r and r not in found:
            out.append(f"{r}: title like '{names.get(r, r)}' ({float(score.rstrip(')')):.0%})")
    return " | ".join(out[:top])


def _summarise(matches: pd.DataFrame, roster: pd.DataFrame,
               names: dict[str, str]) -> pd.DataFrame:
    """Each title's match as its positions have it: the role, status and reason that hold the
    most of its FTE, the FTE-weighted confidence, and ``method`` ``context`` where the context
    decided (a title's positions may differ: "Lead Adviser" in two units)."""
    frame = pd.DataFrame({"job_title": roster["job_title"], "role_id": roster["role_id"],
                          "status": roster["role_status"], "reason": roster["role_reason"],
                          "confidence": roster["role_confidence"],
                          "fte": roster["fte"].astype(float)}).dropna(subset=["job_title"])
    frame["weighted"] = frame["confidence"] * frame["fte"]
    keys = ["job_title", "role_id", "status", "reason"]
    top = (frame.groupby(keys, dropna=False, sort=False)["fte"].sum().reset_index()
           .sort_values("fte", ascending=False, kind="stable").drop_duplicates("job_title")
           .set_index("job_title"))
    by = frame.groupby("job_title")
    conf = (by["weighted"].sum() / by["fte"].sum().where(lambda x: x > 0)).fillna(
        by["confidence"].mean())
    out = matches.copy()
    t = out["job_title"]
    changed = t.map(top["reason"]).ne(out["reason"]) & t.isin(top.index)
    out.loc[changed, "method"] = "context"
    out["reason"] = t.map(top["reason"]).fillna(out["reason"])
    out["role_id"] = [r if isinstance(r, str) else None for r in t.map(top["role_id"])]
    out["role_name"] = [names.get(r) if isinstance(r, str) else None for r in out["role_id"]]
    out["status"] = t.map(top["status"]).fillna(out["status"])
    out["confidence"] = t.map(conf).round(3).fillna(out["confidence"])
    out["fte"] = t.map(by["fte"].sum()).fillna(0.0)
    not_ok = frame[frame["status"] != "ok"].groupby("job_title")["fte"].sum()
    out["fte_no_confident_role"] = t.map(not_ok).fillna(0.0)
    return out


def assign_roles(roster: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """The roster with its role columns from its titles' matches alone (no context):
    ``role_id`` (empty when unmatched), ``role_confidence``, ``role_status``, ``role_reason``.
    """
    by_title = matches.set_index("job_title")
    out = roster.copy()
    titles = out["job_title"]
    out["role_id"] = titles.map(by_title["role_id"].dropna()).astype("str")
    out["role_confidence"] = titles.map(by_title["confidence"]).fillna(0.0).astype(float)
    out["role_status"] = titles.map(by_title["status"]).astype(object).fillna(
        "unmatched").astype("str")
    out["role_reason"] = titles.map(by_title["reason"]).astype(object).fillna(
        "no job title").astype("str")
    out.loc[titles.isna(), "role_id"] = pd.NA
    return out


def match_roles(roster: pd.DataFrame, library: Library,
                overrides: TitleOverrides | None = None,
                context: Context | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every position a role, a confidence, a status and a reason.

    Parameters
    ----------
    roster : DataFrame
        Canonical roster (``job_title``, ``grade``, ``team``, ``profession``,
        ``position_id``, ``manager_position_id``).
    library : Library
    overrides : TitleOverrides, optional
        A planner's title -> role decisions; they win over everything.
    context : Context, optional
        Grades, professions and work-family terms (default: the bundled ones).

    Returns
    -------
    (roster, matches)
        The roster with ``role_id``, ``role_confidence`` [0-1], ``role_status`` and
        ``role_reason`` filled; and one row per distinct title with the columns of
        :func:`planner.work.titles.match_titles`, as the most of its FTE has them
        (``method`` ``context`` where the context decided), its FTE (``fte``), the FTE of
        its positions without a confident role (``fte_no_confident_role``), the share of its
        FTE that has a confident role (``share_ok``) and its best three roles with
        their reasons, most FTE first (``suggestions``: ``role_id: reason`` joined by
        `` | ``).
    """
    ctx = context or load_context()
    library = _with_mapped_titles(library, overrides)
    matches = match_titles(roster["job_title"], library, overrides)
    by_title = matches.set_index("job_title")
    out = assign_roles(roster, matches)
    titles = out["job_title"]
    names = library.role_names()
    suggested: dict[str, dict[str, list]] = {}

    parsed = {t: parse_title(t, ctx) for t in matches["job_title"]}
    overridden = set(matches.loc[matches["method"] == "override", "job_title"])
    status_of = dict(zip(matches["job_title"], matches["status"], strict=True))
    title_needs = {t: t not in overridden and (p.needs_context or status_of[t] != "ok")
                   for t, p in parsed.items()}
    needs = titles.isin([t for t, need in title_needs.items() if need])
    if needs.any():
        confident = out["role_status"].eq("ok")
        role_of = pd.Series(out["role_id"].where(confident).to_numpy(),
                            index=out["position_id"].to_numpy())
        role_of = role_of[~role_of.index.duplicated()]  # duplicates are refused later
        frame = pd.DataFrame({
            "job_title": titles, "grade": out["grade"], "team": out["team"],
            "profession": out["profession"],
            "manager_role": out["manager_position_id"].map(role_of)})[needs]
        keys = frame[list(_CONTEXT_COLUMNS)].astype(object).where(frame.notna(), None)
        groups = keys.groupby(list(_CONTEXT_COLUMNS), dropna=False, sort=False).indices
        at = out.index.get_indexer(frame.index)
        role = out["role_id"].to_numpy(dtype=object, na_value=None)
        conf = out["role_confidence"].to_numpy(dtype=float, copy=True)
        status = out["role_status"].to_numpy(dtype=object)
        reason = out["role_reason"].to_numpy(dtype=object)
        rows = {t: by_title.loc[t] for t in frame["job_title"].unique()}
        fte_all = out["fte"].to_numpy(dtype=float)
        roles = _Roles.of(library, sorted({normalise_title(parsed[t].rest) for t in rows
                                           if parsed[t].grade is not None and parsed[t].rest}))
        for key, idx in groups.items():
            title, grade, team, profession, manager_role = (
                None if isinstance(v, float) and np.isnan(v) else v for v in key)
            m = match_in_context(
                parsed[title], rows[title], grade=grade or "", team=team or "",
                profession=profession or "", manager_role=manager_role, context=ctx,
                roles=roles)
            i = at[idx]
            role[i], conf[i], status[i], reason[i] = m.role_id, m.confidence, m.status, m.reason
            weight = float(fte_all[i].sum())
            for item in [s for s in m.suggestions.split("; ") if s]:
                r, _, why = item.partition(": ")
                _suggest(suggested, title, r, why, weight)
        out["role_id"] = pd.Series(role, index=out.index, dtype="str")
        out["role_confidence"] = conf
        out["role_status"] = pd.Series(status, index=out.index, dtype="str")
        out["role_reason"] = pd.Series(reason, index=out.index, dtype="str")
    out.loc[titles.isna(), "role_id"] = pd.NA
    if overrides is not None and any(e.specificity for e in overrides.entries):
        out = _apply_mappings_in_context(out, overrides)
    fte = out["fte"].astype(float)
    placed = pd.DataFrame({"t": titles, "r": out["role_id"], "why": out["role_reason"],
                           "fte": fte}).dropna(subset=["t", "r"])
    for (t, r, why), w in placed.groupby(["t", "r", "why"], sort=False)["fte"].sum().items():
        _suggest(suggested, t, r, why, float(w))
    # A grade or generic title's own alternatives are only its grade's words' ("Executive
    # Officer": Chief Executive): it has none, and its suggestions come from its context.
    matches["alternatives"] = ["" if parsed[t].needs_context else alts
                               for t, alts in zip(matches["job_title"],
                                                  matches["alternatives"], strict=True)]
    matches["suggestions"] = [_suggestions(suggested.get(t, {}), alts, names)
                              for t, alts in zip(matches["job_title"],
                                                 matches["alternatives"], strict=True)]
    ok_fte = fte.where(out["role_status"].eq("ok"), 0.0).groupby(titles).sum()
    share = (ok_fte / fte.groupby(titles).sum()).rename("share_ok")
    matches = _summarise(matches.join(share, on="job_title"), out, names)
    return out, matches
