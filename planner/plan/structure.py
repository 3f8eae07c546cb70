"""The structure before and after the plan: managers, spans, layers and their flags.

Before is the roster's reporting lines (:class:`planner.roster.graph.OrgGraph`). The plan
changes pools (team x role), not who reports to whom, and never picks which post goes, so
the structure after is derived from each pool's change in posts (:func:`pool_posts`):

- a pool's manager posts (positions with direct reports) scale with its posts, rounded, and
  a pool that keeps any post keeps at least one of its manager posts;
- a manager's direct reports scale with their own pools, and the reports of the manager
  posts a pool loses are spread over the manager posts it keeps, or, where it keeps none,
  move up to the manager above;
- a layer disappears only where the plan leaves it with no manager post: every pool that
  holds a manager post in that layer ends with none. The layers below then move up one.

Counts after (flags included) are whole numbers of posts; they are what the plan's pool
counts imply, not a chart of named posts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.optimise.data import UNMATCHED_ROLE, team_names
from planner.optimise.delayering import Fold, sentences
from planner.optimise.explain import start_end_fte
from planner.optimise.families import SpanException
from planner.roster.flags import DEEP_LAYER, NARROW_SPAN, WIDE_SPAN
from planner.roster.graph import OrgGraph

DERIVATION = (
    "After the plan, each pool's manager posts scale with its posts (a pool that keeps any "
    "post keeps one), direct reports scale with their pools, and a layer disappears only "
    "where every pool holding a manager post in it ends with none.")
"""How the structure after is derived, in a planner's words (stated beside it)."""


@dataclass(frozen=True)
class StructureFigures:
    """An organisation's structure at one point.

    Attributes
    ----------
    positions : int
        Posts [positions; a pool row counts once, as in spans].
    managers : int
        Manager posts: positions with at least one direct report.
    span_mean, span_max : float, int
        Direct reports per manager post [positions].
    layers : int
        Layers of the hierarchy (the top is layer 1).
    single_report_managers, narrow_spans, wide_spans, deep_chains : int
        The spans-and-layers flags of :meth:`planner.roster.graph.OrgGraph.flags`, counted.
    """

    positions: int
    managers: int
    span_mean: float
    span_max: int
    layers: int
    single_report_managers: int
    narrow_spans: int
    wide_spans: int
    deep_chains: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StructureFigures:
        """Read back :meth:`to_dict`."""
        return cls(**{k: d[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class TeamStructure:
    """One team of the plan, before and after.

    ``managers_*`` and ``span_*`` are manager posts and their mean direct reports
    [positions]; ``contributors_per_manager_*`` is FTE of the team's own other roles per FTE
    of its manager roles (None with no manager FTE): the span lever counts, besides, the
    heads of the teams below (the teams table's ``heads_reporting_in``).
    ``span_note`` says why the lever cannot hold in the team (None where it can).
    """

    team: str
    managers_before: int
    managers_after: int
    span_before: float | None
    span_after: float | None
    contributors_per_manager_before: float | None
    contributors_per_manager_after: float | None
    span_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TeamStructure:
        """Read back :meth:`to_dict`."""
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


TEAM_HEADERS = {
    "team": "team", "managers_before": "manager posts before",
    "managers_after": "manager posts after", "span_before": "span before",
    "span_after": "span after",
    "contributors_per_manager_before": "own contributors per manager FTE before",
    "contributors_per_manager_after": "own contributors per manager FTE after",
    "span_note": "why the span limit cannot hold there",
}
"""The words for :class:`TeamStructure`'s fields, as the app and the workbook head them."""


@dataclass(frozen=True)
class TeamMerge:
    """A team the plan leaves below the minimum viable size, merged into another:
    ``into`` (a sibling under the same manager, else the team it reports to; None when it
    has neither), its ``fte`` at the end [FTE] and ``reason`` in words."""

    team: str
    into: str | None
    fte: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class Structure:
    """The structure before and after the plan, side by side, and per team."""

    before: StructureFigures
    after: StructureFigures
    teams: tuple[TeamStructure, ...]
    derivation: str = DERIVATION
    merges: tuple[TeamMerge, ...] = ()
    """Teams merged for being below ``levers.team_fte.min_viable`` (:func:`team_merges`)."""
    delayering: tuple[Fold, ...] = ()
    """The narrow teams ``levers.delayering`` folded into the team above (``into``) and
    those it left (``into`` None), each with why (:mod:`planner.optimise.delayering`)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the plan summary's ``structure``)."""
        return {"before": self.before.to_dict(), "after": self.after.to_dict(),
                "teams": [t.to_dict() for t in self.teams], "derivation": self.derivation,
                "merges": [m.to_dict() for m in self.merges],
                "delayering": [f.to_dict() for f in self.delayering]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Structure:
        """Read back :meth:`to_dict`."""
        return cls(StructureFigures.from_dict(d["before"]),
                   StructureFigures.from_dict(d["after"]),
                   tuple(TeamStructure.from_dict(t) for t in d.get("teams", [])),
                   d.get("derivation", DERIVATION),
                   tuple(TeamMerge(**m) for m in d.get("merges", [])),
                   tuple(Fold.from_dict(f) for f in d.get("delayering", [])))

    def delayering_sentences(self, shown: int = 5) -> list[str]:
        """What delayering did and did not do, in words (empty without the lever)."""
        return sentences(self.delayering, shown)

    def merges_sentence(self, shown: int = 5) -> str | None:
        """The merges in words, the first ``shown`` named; None when there are none."""
        if not self.merges:
            return None
        done = [m for m in self.merges if m.into is not None]
        said = "; ".join(f"{m.team} ({m.fte:,.1f} FTE) into {m.into}" for m in done[:shown])
        more = f" and {len(done) - shown} more" if len(done) > shown else ""
        out = (f"{len(done)} team{'' if len(done) == 1 else 's'} end below the minimum "
               f"viable size and merge: {said}{more}." if done else "")
        alone = [m.team for m in self.merges if m.into is None]
        if alone:
            one = len(alone) == 1
            out += (f" {len(alone)} more {'ends' if one else 'end'} below it with no team "
                    f"to merge into ({'it reports' if one else 'they report'} to no other "
                    f"team): {', '.join(alone[:shown])}.")
        return out.strip()

    def table(self) -> pd.DataFrame:
        """Rows ``measure``, ``before``, ``after``: the figures a face shows side by side."""
        names = {"positions": "Posts", "managers": "Managers", "span_mean": "Span (mean)",
                 "span_max": "Span (max)", "layers": "Layers",
                 "single_report_managers": "Managers with one report",
                 "narrow_spans": "Narrow spans", "wide_spans": "Wide spans",
                 "deep_chains": "Posts in deep chains"}
        b, a = self.before.to_dict(), self.after.to_dict()
        return pd.DataFrame({"measure": list(names.values()), "before": [b[k] for k in names],
                             "after": [a[k] for k in names]}, dtype=object)


def _people(fte: pd.Series, staffing: pd.DataFrame, column: str) -> np.ndarray:
    """Whole people of an FTE column: FTE / ``fte_per_person`` rounded where the staffing
    table has it (FTE rounded in a folder written before it); ``*_people`` columns, where
    present, as they are."""
    if f"{column}_people" in staffing.columns:
        return staffing[f"{column}_people"].to_numpy(float)
    per = (staffing["fte_per_person"].to_numpy(float) if "fte_per_person" in staffing.columns
           else np.ones(len(staffing)))
    return np.round(fte.to_numpy(float) / np.where(per > 0, per, 1.0))


def pool_posts(staffing: pd.DataFrame) -> pd.DataFrame:
    """Posts per pool at the start and the end of the horizon.

    People held (:func:`_people`) plus the open vacant posts where the staffing table has
    ``vacant_fte_start`` / ``vacant_fte_end``.

    Returns
    -------
    DataFrame
        ``team``, ``role``, ``is_manager``, ``fte_start``, ``fte_end`` [FTE] and
        ``posts_start``, ``posts_end`` [posts].
    """
    periods = pd.unique(staffing["period"])
    first = staffing[staffing["period"] == periods[0]]
    last = staffing[staffing["period"] == periods[-1]]
    out = first[["team", "role", "is_manager", "fte_start"]].reset_index(drop=True)
    out["fte_end"] = last["fte_end"].to_numpy(float)
    start = _people(first["fte_start"], first, "fte_start")
    end = _people(last["fte_end"], last, "fte_end")
    for col, frame, posts in (("vacant_fte_start", first, start), ("vacant_fte_end", last, end)):
        if col in frame.columns:
            posts += _people(frame[col], frame, col)
    out["posts_start"], out["posts_end"] = start, end
    return out


def _figures(n: float, managers: float, roots: int, spans: np.ndarray, weight: np.ndarray,
             layers: int, deep: float, *, wide: int, narrow: int) -> StructureFigures:
    """Figures from spans per manager post, each counted ``weight`` times."""
    s = np.round(spans)
    alive = weight > 0
    count = (lambda m: int(round(float(weight[m & alive].sum()))))  # noqa: E731
    m = int(round(managers))
    return StructureFigures(
        positions=int(round(n)), managers=m,
        span_mean=round((n - roots) / m, 3) if m else 0.0,
        span_max=int(s[alive].max()) if alive.any() else 0, layers=layers,
        single_report_managers=count(s == 1), narrow_spans=count((s >= 2) & (s < narrow)),
        wide_spans=count(s > wide), deep_chains=int(round(deep)))


def team_merges(tree: pd.DataFrame, fte_end: pd.Series,
                min_viable: float | None) -> tuple[TeamMerge, ...]:
    """The teams the plan leaves with some FTE but less than ``min_viable`` [FTE], each
    merged into the largest sibling under the same manager that stays viable, else into
    the team it reports to. A team the plan empties is closed, not merged; a team other
    teams report to is not merged (it leads them).

    Parameters
    ----------
    tree : DataFrame
        :meth:`~planner.roster.graph.OrgGraph.team_tree` in the plan's team names.
    fte_end : Series
        Team -> FTE at the end of the horizon [FTE].
    min_viable : float or None
        ``levers.team_fte.min_viable`` [FTE]; None: no merges.
    """
    if min_viable is None:
        return ()
    parent = dict(zip(tree["team"], tree["parent_team"], strict=True))
    end = fte_end.astype(float)
    heads = set(tree["parent_team"].dropna())  # a team over other teams stays: it leads them
    small = end[(end > 1e-6) & (end < min_viable - 1e-9) & ~end.index.isin(list(heads))]
    viable = end[end >= min_viable - 1e-9]
    out = []
    for team, fte in small.sort_index().items():
        up = parent.get(team)
        siblings = viable[[parent.get(t) == up and t != team for t in viable.index]] if (
            up is not None) else viable.iloc[:0]
        if len(siblings):
            into = str(siblings.sort_values(ascending=False, kind="stable").index[0])
            why = f"the largest team beside it under {up}"
        elif up is not None and up in end.index:
            into, why = str(up), "no viable team beside it: into the team it reports to"
        else:
            into, why = None, "it reports to no other team"
        out.append(TeamMerge(str(team), into, round(float(fte), 6),
                             f"{fte:,.1f} FTE, below the minimum of {min_viable:g}; {why}"))
    return tuple(out)


def structure(graph: OrgGraph, staffing: pd.DataFrame, team_by: str, *,
              exceptions: tuple[SpanException, ...] = (), wide: int = WIDE_SPAN,
              narrow: int = NARROW_SPAN, deep: int = DEEP_LAYER,
              min_viable: float | None = None,
              delayering: tuple[Fold, ...] = ()) -> Structure:
    """The structure before (the roster's reporting lines) and after the plan.

    Parameters
    ----------
    graph : OrgGraph
        The roster's graph (teams by any grouping: only reporting lines are used).
    staffing : DataFrame
        The plan's staffing table (:class:`planner.schema.StaffingSchema`).
    team_by : str
        The roster column the plan's teams come from (``inputs.team_by``).
    exceptions : tuple of SpanException
        The teams the span lever cannot hold in
        (:func:`planner.optimise.families.span_exceptions`).
    wide, narrow, deep : int
        Flag thresholds, as :meth:`OrgGraph.flags`.
    min_viable : float, optional
        ``levers.team_fte.min_viable`` [FTE]: the teams below it merge (:func:`team_merges`).
    delayering : tuple of Fold
        The plan's delayering (``ProblemData.delayering``), stated beside the structure:
        a delayered team's manager pools end empty, so its reports move up to the
        managers above and its layer goes where no other manager post is left in it.
    """
    r = graph.roster
    key = pd.MultiIndex.from_arrays([team_names(r[team_by]),
                                     r["role_id"].fillna(UNMATCHED_ROLE).astype(str)])
    posts = pool_posts(staffing)
    pkey = pd.MultiIndex.from_arrays([posts["team"].astype(str), posts["role"].astype(str)])
    pool = pkey.get_indexer(key)
    start, end = posts["posts_start"].to_numpy(float), posts["posts_end"].to_numpy(float)
    fte0, fte1 = posts["fte_start"].to_numpy(float), posts["fte_end"].to_numpy(float)
    # A pool's change in posts; by FTE where its start rounds to no whole post.
    ratio = np.where(start > 0, end / np.maximum(start, 1e-9),
                     np.where(fte0 > 0, fte1 / np.maximum(fte0, 1e-9), 0.0))
    f = np.where(pool >= 0, ratio[np.maximum(pool, 0)], 1.0)  # positions outside the plan

    parent = graph.hierarchy.parent
    layer = graph.layer
    span0 = graph.direct_reports
    is_mgr = graph.is_manager
    n_pools = len(posts)
    pidx = np.where(pool >= 0, pool, n_pools)  # one bucket for positions outside the plan
    mgr0 = np.bincount(pidx, weights=is_mgr, minlength=n_pools + 1)
    pos0 = np.bincount(pidx, minlength=n_pools + 1).astype(float)
    f_b = np.append(ratio, 1.0)
    mgr1 = np.round(mgr0 * f_b)
    mgr1 = np.where((mgr0 > 0) & (np.round(pos0 * f_b) >= 1), np.maximum(mgr1, 1), mgr1)
    keep = np.divide(mgr1, mgr0, out=np.zeros_like(mgr1), where=mgr0 > 0)  # per post
    has = parent >= 0
    reports1 = np.bincount(parent[has], weights=f[has], minlength=len(parent))
    gone = is_mgr & (np.where(is_mgr, keep[pidx], 1.0) == 0) & has
    for k in range(int(layer.max(initial=0)), 1, -1):  # bottom up: reports move up a layer
        sel = gone & (layer == k)
        np.add.at(reports1, parent[sel], reports1[sel])
    spread = np.divide(1.0, keep, out=np.zeros_like(keep), where=keep > 0)[pidx]
    span1 = reports1 * spread
    w1 = np.where(is_mgr, keep[pidx], 0.0)

    layers0 = graph.hierarchy.layers
    mgr_layers = np.unique(layer[is_mgr])
    kept = np.array([bool((w1[is_mgr & (layer == k)] > 0).any()) for k in mgr_layers],
                    dtype=bool)
    removed_above = np.array([int((~kept & (mgr_layers < k)).sum()) for k in
                              range(layers0 + 2)])
    new_layer = layer - removed_above[layer]
    n1 = float(np.round(pos0 * f_b).sum())
    managers1 = float(mgr1.sum())
    layers1 = int(kept.sum()) + (1 if n1 > managers1 else 0) if n1 > 0 else 0

    before = _figures(len(r), float(is_mgr.sum()), len(graph.hierarchy.roots),
                      span0[is_mgr].astype(float), np.ones(int(is_mgr.sum())), layers0,
                      float((layer > deep).sum()), wide=wide, narrow=narrow)
    after = _figures(n1, managers1, len(graph.hierarchy.roots), span1[is_mgr], w1[is_mgr],
                     layers1, float(f[new_layer > deep].sum()), wide=wide, narrow=narrow)
    merges = ()
    if min_viable is not None:
        tree = graph.team_tree(team_names(r[team_by]).to_numpy())
        merges = team_merges(tree, start_end_fte(staffing, "team")["fte_end"], min_viable)
    return Structure(before, after, _teams(posts, pool, is_mgr, span0, span1, w1,
                                           exceptions), merges=merges,
                     delayering=tuple(delayering))


def _teams(posts: pd.DataFrame, pool: np.ndarray, is_mgr: np.ndarray, span0: np.ndarray,
           span1: np.ndarray, w1: np.ndarray,
           exceptions: tuple[SpanException, ...]) -> tuple[TeamStructure, ...]:
    team_of = np.where(pool >= 0, posts["team"].astype(str).to_numpy()[np.maximum(pool, 0)],
                       None)
    m = is_mgr & (pool >= 0)
    frame = pd.DataFrame({"team": team_of[m], "m0": 1.0, "r0": span0[m].astype(float),
                          "m1": w1[m], "r1": w1[m] * span1[m]})
    g = frame.groupby("team").sum()
    mgr_role = posts["is_manager"].to_numpy(bool)
    lever = pd.DataFrame({"team": posts["team"].astype(str),
                          "mf0": posts["fte_start"] * mgr_role,
                          "cf0": posts["fte_start"] * ~mgr_role,
                          "mf1": posts["fte_end"] * mgr_role,
                          "cf1": posts["fte_end"] * ~mgr_role}).groupby("team").sum()
    notes: dict[str, list[str]] = {}
    for e in exceptions:
        notes.setdefault(e.team, []).append(e.sentence())

    def ratio(a: float, b: float) -> float | None:
        return round(float(a / b), 3) if b > 1e-9 else None

    out = []
    for team, t in lever.iterrows():
        s = g.loc[team] if team in g.index else pd.Series({"m0": 0, "r0": 0, "m1": 0, "r1": 0})
        out.append(TeamStructure(
            team=str(team), managers_before=int(s["m0"]), managers_after=int(round(s["m1"])),
            span_before=ratio(s["r0"], s["m0"]), span_after=ratio(s["r1"], s["m1"]),
            contributors_per_manager_before=ratio(t["cf0"], t["mf0"]),
            contributors_per_manager_after=ratio(t["cf1"], t["mf1"]),
            span_note=" ".join(notes[team]) if team in notes else None))
    return tuple(out)
