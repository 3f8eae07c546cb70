"""The organisation as a graph: teams, spans and layers, roll-ups and design flags.

:class:`OrgGraph` wraps a canonical roster. Its metrics are computed on integer arrays
(:mod:`planner.roster.tree`), so a million positions take seconds; the networkx ``DiGraph``
(manager -> report) is built on first use for graph queries (subtrees, paths).

Glossary
--------
span of control
    Direct reports of a manager, counted in positions (a pool row counts once).
layer
    Depth in the hierarchy; the top position is layer 1.
manager
    A position with at least one direct report.
team
    By default a manager's direct reports (each position belongs to the team its manager
    leads; a top position leads and belongs to its own). Any roster column (``department``,
    ``team``, ``cost_center``) can define teams instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd

from planner.roster import tree
from planner.roster.flags import DEEP_LAYER, NARROW_SPAN, WIDE_SPAN


@dataclass(frozen=True)
class SpanStats:
    """Distribution of span of control over managers [direct reports]."""

    mean: float
    median: float
    p90: float
    max: int


@dataclass(frozen=True)
class OrgFlags:
    """Positions that org-design reviews look at, as position ids.

    Attributes
    ----------
    single_report_managers : tuple of str
        Managers with exactly one direct report.
    narrow_spans : tuple of str
        Managers with 2 to ``narrow`` - 1 direct reports.
    wide_spans : tuple of str
        Managers with more than ``wide`` direct reports.
    deep_chains : tuple of str
        Positions deeper than ``deep`` layers.
    """

    single_report_managers: tuple[str, ...]
    narrow_spans: tuple[str, ...]
    wide_spans: tuple[str, ...]
    deep_chains: tuple[str, ...]
    wide: int = WIDE_SPAN
    narrow: int = NARROW_SPAN
    deep: int = DEEP_LAYER

    def counts(self) -> dict[str, int]:
        """Number of flagged positions per flag."""
        return {"single_report_managers": len(self.single_report_managers),
                "narrow_spans": len(self.narrow_spans), "wide_spans": len(self.wide_spans),
                "deep_chains": len(self.deep_chains)}


@dataclass(frozen=True)
class OrgSummary:
    """Headline figures of an organisation.

    ``fte`` in FTE, ``annual_cost`` in the roster's currency per year (missing costs
    count as 0; ``positions_without_cost`` says how many).
    """

    positions: int
    people: int | None
    """Positions held by someone, among those whose file says who is in post; None when no
    file says (no employee id or name column)."""
    vacancies: int | None
    """Positions held by no one (not pools), among those whose file says; None likewise."""
    pools: int
    managers: int
    teams: int
    layers: int
    fte: float
    annual_cost: float
    positions_without_cost: int
    roots: int
    span: SpanStats
    management_ratio: float
    """Individual contributors per manager."""
    holders_unknown: int = 0
    """Positions (not pools) whose file does not say whether they are held: counted neither
    as people nor as vacancies."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return asdict(self)

    def people_text(self) -> str:
        """Who is in post, in words: people and vacancies, or that the file does not say."""
        if self.people is None:
            return "people not in the file: no employee id or name column"
        text = f"{self.people:,} people, {self.vacancies:,} vacancies"
        if self.holders_unknown:
            text += (f"; {self.holders_unknown:,} positions do not say who holds them (no "
                     "employee id or name column)")
        return text


@dataclass(frozen=True, eq=False)
class OrgGraph:
    """An organisation's reporting hierarchy with its metrics.

    Build it with :meth:`from_roster`. ``roster`` rows and every array are aligned.
    """

    roster: pd.DataFrame
    hierarchy: tree.Hierarchy
    team_by: str = "manager"
    holders_unknown_in: frozenset[str] = frozenset()
    """Source files that do not say who holds each post (no employee id or name column):
    their positions are neither people nor vacancies."""

    @classmethod
    def from_roster(cls, roster: pd.DataFrame, *, team_by: str = "manager",
                    holders_unknown_in: Iterable[str] = ()) -> OrgGraph:
        """Build the graph of a canonical roster.

        Reporting lines that cannot hold (missing manager, self-report, a cycle) are cut,
        making those positions top positions, as the validation report says.

        Parameters
        ----------
        roster : DataFrame
            Canonical roster (:class:`planner.schema.RosterSchema`).
        team_by : str
            ``manager`` (default: a manager and their direct reports) or a roster column.
        holders_unknown_in : iterable of str
            Source files whose rows do not say who holds the post
            (:attr:`planner.roster.load.FileInfo.holders_known` false).
        """
        if team_by != "manager" and team_by not in roster.columns:
            raise KeyError(f"team_by: expected 'manager' or a roster column, found {team_by!r}")
        r = roster.reset_index(drop=True)
        parent = tree.parent_index(r["position_id"], r["manager_position_id"])
        return cls(roster=r, hierarchy=tree.resolve(parent), team_by=team_by,
                   holders_unknown_in=frozenset(holders_unknown_in))

    # Arrays ---------------------------------------------------------------------------
    @cached_property
    def direct_reports(self) -> np.ndarray:
        """Number of direct reports per position."""
        return tree.count_children(self.hierarchy.parent)

    @property
    def layer(self) -> np.ndarray:
        """Layer of each position (top = 1)."""
        return self.hierarchy.depth

    @cached_property
    def is_manager(self) -> np.ndarray:
        """True for positions with at least one direct report."""
        return self.direct_reports > 0

    @cached_property
    def team(self) -> pd.Series:
        """Team of each position (see the module glossary)."""
        if self.team_by != "manager":
            return self.roster[self.team_by].fillna("(none)").astype(str)
        p = self.hierarchy.parent
        lead = np.where(p >= 0, p, np.arange(len(p)))
        return pd.Series(self.roster["position_id"].to_numpy()[lead], name="team")

    # Tables ---------------------------------------------------------------------------
    def positions(self) -> pd.DataFrame:
        """One row per position: its layer, span, team and subtree roll-ups.

        Columns: ``position_id``, ``manager_position_id`` (as resolved), ``job_title``,
        ``layer``, ``span``, ``is_manager``, ``team``, ``fte``, ``annual_cost``,
        ``subtree_positions``, ``subtree_fte`` [FTE], ``subtree_cost`` [currency/year]
        (each including the position itself).
        """
        r = self.roster
        p = self.hierarchy.parent
        ids = r["position_id"].to_numpy()
        d = self.hierarchy.depth
        cost = r["annual_cost"].fillna(0.0).to_numpy(dtype=float)
        fte = r["fte"].to_numpy(dtype=float)
        mgr = np.where(p >= 0, ids[np.maximum(p, 0)], None)
        return pd.DataFrame({
            "position_id": ids,
            "manager_position_id": mgr,
            "job_title": r["job_title"].to_numpy(),
            "layer": d,
            "span": self.direct_reports,
            "is_manager": self.is_manager,
            "team": self.team.to_numpy(),
            "fte": fte,
            "annual_cost": r["annual_cost"].to_numpy(dtype=float),
            "subtree_positions": tree.rollup(p, d, np.ones(len(p))).astype(np.int64),
            "subtree_fte": tree.rollup(p, d, fte),
            "subtree_cost": tree.rollup(p, d, cost),
        })

    def span_stats(self) -> SpanStats:
        """Span of control over managers."""
        spans = self.direct_reports[self.is_manager]
        if len(spans) == 0:
            return SpanStats(0.0, 0.0, 0.0, 0)
        return SpanStats(mean=round(float(spans.mean()), 3), median=float(np.median(spans)),
                         p90=float(np.percentile(spans, 90)), max=int(spans.max()))

    def span_distribution(self) -> pd.DataFrame:
        """How many managers have each span: columns ``span``, ``managers``."""
        spans = self.direct_reports[self.is_manager]
        counts = np.bincount(spans) if len(spans) else np.zeros(1, dtype=int)
        out = pd.DataFrame({"span": np.arange(len(counts)), "managers": counts})
        return out[out["managers"] > 0].reset_index(drop=True)

    def by_layer(self) -> pd.DataFrame:
        """Positions, FTE, managers and cost per layer."""
        d = self.hierarchy.depth
        frame = pd.DataFrame({"layer": d, "fte": self.roster["fte"].to_numpy(dtype=float),
                              "manager": self.is_manager,
                              "annual_cost": self.roster["annual_cost"].fillna(0).to_numpy()})
        out = frame.groupby("layer").agg(positions=("fte", "size"), fte=("fte", "sum"),
                                         managers=("manager", "sum"),
                                         annual_cost=("annual_cost", "sum")).reset_index()
        return out.astype({"positions": "int64", "managers": "int64"})

    def teams(self) -> pd.DataFrame:
        """One row per team: lead (when teams are by manager), positions, FTE and cost."""
        r = self.roster
        known = ~self.holder_unknown
        frame = pd.DataFrame({"team": self.team.to_numpy(), "fte": r["fte"].to_numpy(),
                              "annual_cost": r["annual_cost"].fillna(0).to_numpy(),
                              "people": r["employee_id"].notna().to_numpy(),
                              "known": known})
        out = frame.groupby("team", sort=False).agg(
            positions=("fte", "size"), people=("people", "sum"), known=("known", "any"),
            fte=("fte", "sum"), annual_cost=("annual_cost", "sum")).reset_index()
        # A team none of whose positions says who is in post has an unknown head count.
        out["people"] = out["people"].astype("Int64").where(out.pop("known"))
        if self.team_by == "manager":
            title = pd.Series(r["job_title"].to_numpy(), index=r["position_id"].to_numpy())
            out.insert(1, "lead_title", out["team"].map(title).to_numpy())
        return out

    def team_tree(self, teams: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
        """The reporting lines between teams: one row per team with the team it reports to.

        ``teams`` names each position's team (aligned with ``roster``; default
        :attr:`team`). A team's head is its most senior position (lowest layer; ties: the
        larger subtree, then roster order); the team reports to the team of its head's
        manager, or to none. Heads' layers fall strictly along the lines, so the result is
        a forest.

        Columns: ``team``, ``parent_team`` (None at the top), ``head_position_id``,
        ``head_title``, ``layer`` (the head's), ``positions``, ``fte`` [FTE].
        """
        team = np.asarray(self.team if teams is None else teams, dtype=object)
        p = self.hierarchy.parent
        d = self.hierarchy.depth
        r = self.roster
        subtree = tree.rollup(p, d, np.ones(len(p)))
        frame = pd.DataFrame({"team": team, "layer": d, "subtree": subtree,
                              "order": np.arange(len(p)), "fte": r["fte"].to_numpy(float)})
        heads = frame.sort_values(["team", "layer", "subtree", "order"],
                                  ascending=[True, True, False, True]).drop_duplicates("team")
        idx = heads["order"].to_numpy()
        mgr = p[idx]
        parent_team = np.where(mgr >= 0, team[np.maximum(mgr, 0)], None)
        sizes = frame.groupby("team").agg(positions=("fte", "size"), fte=("fte", "sum"))
        out = pd.DataFrame({
            "team": heads["team"].to_numpy(),
            "parent_team": parent_team,
            "head_position_id": r["position_id"].to_numpy()[idx],
            "head_title": r["job_title"].to_numpy()[idx],
            "layer": d[idx]})
        out = out.join(sizes, on="team").astype({"positions": "int64"})
        out["parent_team"] = out["parent_team"].astype(object).where(
            out["parent_team"].notna(), None)
        return out.reset_index(drop=True)

    def flags(self, *, wide: int = WIDE_SPAN, narrow: int = NARROW_SPAN,
              deep: int = DEEP_LAYER) -> OrgFlags:
        """Spans-and-layers flags with the given thresholds."""
        ids = self.roster["position_id"].to_numpy()
        span = self.direct_reports
        return OrgFlags(
            single_report_managers=tuple(ids[span == 1]),
            narrow_spans=tuple(ids[(span >= 2) & (span < narrow)]),
            wide_spans=tuple(ids[span > wide]),
            deep_chains=tuple(ids[self.hierarchy.depth > deep]),
            wide=wide, narrow=narrow, deep=deep)

    @property
    def holder_unknown(self) -> np.ndarray:
        """True for positions whose file does not say who holds them."""
        if not self.holders_unknown_in:
            return np.zeros(len(self.roster), dtype=bool)
        return self.roster["source_file"].isin(self.holders_unknown_in).to_numpy()

    def summary(self) -> OrgSummary:
        """Headline figures (computed once: every face asks for them more than once)."""
        return self._summary

    @cached_property
    def _summary(self) -> OrgSummary:
        r = self.roster
        pools = r["is_pool"].to_numpy(dtype=bool)
        held = r["employee_id"].notna().to_numpy()
        unknown = self.holder_unknown & ~pools
        told = ~pools & ~unknown
        managers = int(self.is_manager.sum())
        n = len(r)
        any_told = bool(told.any()) or not unknown.any()
        return OrgSummary(
            positions=n, people=int((held & ~unknown).sum()) if any_told else None,
            vacancies=(int(r["vacant"].to_numpy(bool).sum()) if "vacant" in r
                       else int((~held & told).sum())) if any_told else None,
            holders_unknown=int(unknown.sum()),
            pools=int(pools.sum()), managers=managers, teams=int(self.team.nunique()),
            layers=self.hierarchy.layers, fte=round(float(r["fte"].sum()), 4),
            annual_cost=round(float(r["annual_cost"].fillna(0).sum()), 2),
            positions_without_cost=int(r["annual_cost"].isna().sum()),
            roots=len(self.hierarchy.roots), span=self.span_stats(),
            management_ratio=round((n - managers) / managers, 3) if managers else 0.0)

    # Graph ----------------------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.DiGraph:
        """networkx ``DiGraph`` with an edge manager -> report; nodes are position ids."""
        g = nx.DiGraph()
        ids = self.roster["position_id"].to_numpy()
        g.add_nodes_from(ids)
        p = self.hierarchy.parent
        has = p >= 0
        g.add_edges_from(zip(ids[p[has]], ids[has], strict=True))
        return g

    def subtree(self, position_id: str) -> list[str]:
        """Position ids under ``position_id`` (itself included), in breadth-first order."""
        if position_id not in self.graph:
            raise KeyError(f"position_id: expected a position of the roster, found "
                           f"{position_id!r}")
        return [position_id, *(v for _, v in nx.bfs_edges(self.graph, position_id))]

    def chain(self, position_id: str) -> list[str]:
        """The reporting chain from ``position_id`` up to its top position."""
        ids = self.roster["position_id"].to_numpy()
        where = np.flatnonzero(ids == position_id)
        if len(where) == 0:
            raise KeyError(f"position_id: expected a position of the roster, found "
                           f"{position_id!r}")
        out, i = [], int(where[0])
        while i >= 0:
            out.append(str(ids[i]))
            i = int(self.hierarchy.parent[i])
        return out
