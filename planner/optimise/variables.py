"""The variable blocks of the restructuring model and the indexes its rows share.

:func:`add_variables` adds every block to a :class:`~planner.optimise.lp.LinearModel` in the
order of ``docs/formulation.md`` §3 and returns :class:`Variables`: the blocks, and the index
arrays (pool and period of each column, reskilling paths, hubs, AI columns, team sums) that
the constraint families of :mod:`planner.optimise.families` and the cost terms of
:mod:`planner.optimise.costs` are written over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.optimise.data import ProblemData
from planner.optimise.lp import INF, LinearModel, VarBlock
from planner.scenario.model import Capability, Reskilling


@dataclass
class Variables:
    """A model being built: its variable blocks and the indexes its rows are written over.

    Columns of the pool blocks are ordered pool-major (pool ``i``, period ``t`` is column
    ``start + i * n_periods + t``); ``pool_of`` and ``period_of`` give them for each column.
    """

    data: ProblemData
    model: LinearModel
    staff: VarBlock
    hire: VarBlock
    redundancy: VarBlock
    overstaffing: VarBlock
    short_time: VarBlock
    redeploy_out: VarBlock
    redeploy_in: VarBlock
    reskill_in: VarBlock
    reskill: VarBlock
    ai: VarBlock
    deployed: VarBlock
    vacancy_open: VarBlock
    """Vacancies still open at the end of each pool's period [FTE]."""
    vacancy_close: VarBlock
    """Vacancies closed in the period [FTE]."""
    vacancy_fill: VarBlock
    """Vacancies filled in the period, by hires [FTE]."""
    backfill: VarBlock | None
    """Hires that replace the pool's expected leavers as they go [FTE] (whole people only,
    ``solver.whole_people``; else None): an expected flow, like the attrition it replaces."""
    new_hire: VarBlock | None
    """Hires into new posts beyond the backfill [FTE] (whole people only): whole people."""
    pool_period: pd.DataFrame
    """One row per pool column: ``pool``, ``period``."""
    paths: pd.DataFrame
    """One row per reskilling column: ``move``, ``scope``, ``src``, ``dst`` (hub numbers),
    ``period``."""
    path_lead: np.ndarray
    """Lead time of each reskilling column [periods]."""
    hubs: pd.DataFrame
    """One row per redeployment hub: ``hub``, ``hub_scope``, ``role``."""
    groups: pd.DataFrame
    """One row per AI column: the rows of ``data.groups`` repeated per period."""
    group_hours: np.ndarray
    """Hours of each AI column's group in its period [h/period]."""
    ai_cap: np.ndarray
    """Upper bound of each AI column: adoption times group hours [h/period]."""
    freed: np.ndarray
    """FTE freed per AI hour of each AI column [FTE/h]."""
    deploy_keys: list[tuple[str, str]]
    """(team, capability) of each ``deployed`` column."""
    team_codes: np.ndarray
    """Team number of each pool (teams sorted by name)."""
    team_names: np.ndarray
    team_period: pd.DataFrame
    """One row per team and period: ``team_code``, ``period``, ``team``."""
    notes: list[str] = field(default_factory=list)
    """What the builder tells the planner (a lever not applied to some teams ...)."""

    @property
    def n_periods(self) -> int:
        """Number of periods."""
        return len(self.data.periods)

    @property
    def pool_of(self) -> np.ndarray:
        """Pool number of each pool column."""
        return self.pool_period["pool"].to_numpy()

    @property
    def period_of(self) -> np.ndarray:
        """Period number of each pool column."""
        return self.pool_period["period"].to_numpy()

    @property
    def capabilities(self) -> dict[str, Capability]:
        """The scenario's capabilities by id."""
        return {c.id: c for c in self.data.scenario.capabilities}

    @property
    def group_pool(self) -> np.ndarray:
        """Pool number of each AI column."""
        return self.groups["pool"].to_numpy(int)

    @property
    def group_period(self) -> np.ndarray:
        """Period number of each AI column."""
        return self.groups["period"].to_numpy(int)

    @property
    def hub_of_pool(self) -> np.ndarray:
        """Hub number of each pool."""
        hub_id = {h: i for i, h in enumerate(self.hubs["hub"])}
        return self.data.pools["hub"].map(hub_id).to_numpy()

    @property
    def team_row(self) -> np.ndarray:
        """Row of ``team_period`` that each pool column adds to."""
        return self.team_codes[self.pool_of] * self.n_periods + self.period_of

    @property
    def team_initial(self) -> np.ndarray:
        """Starting strength of each team [FTE]."""
        initial = self.data.pools["initial"].to_numpy(float)
        return np.bincount(self.team_codes, weights=initial, minlength=len(self.team_names))

    def per_pool(self, column: str) -> np.ndarray:
        """A column of ``data.pools`` repeated for each pool column."""
        return np.repeat(self.data.pools[column].to_numpy(float), self.n_periods)

    def col(self, block: VarBlock, pool: np.ndarray, period: np.ndarray) -> np.ndarray:
        """Column numbers of a pool block at (pool, period)."""
        return block.start + pool * self.n_periods + period


def pool_period_index(n_pools: int, n_periods: int) -> pd.DataFrame:
    """One row per (pool, period), pool-major."""
    return pd.DataFrame({"pool": np.repeat(np.arange(n_pools), n_periods),
                         "period": np.tile(np.arange(n_periods), n_pools)})


def add_variables(m: LinearModel, data: ProblemData) -> Variables:
    """Add every variable block of a scenario's model to ``m`` (formulation §3)."""
    sc = data.scenario
    pools = data.pools
    n, n_p = len(pools), len(data.periods)
    pp = pool_period_index(n, n_p)
    integer = sc.solver.integer

    def rep(col: str) -> np.ndarray:
        return np.repeat(pools[col].to_numpy(float), n_p)

    # In integer mode the decisions about people are whole (hires, redundancies, moves);
    # staffing levels stay continuous because attrition is an expected, fractional flow.
    staff = m.add_vars("staff", pp)
    hire = m.add_vars("hire", pp, upper=rep("hire_ub"), integer=integer)
    red = m.add_vars("redundancy", pp, upper=rep("red_ub"), integer=integer)
    over = m.add_vars("overstaffing", pp, upper=rep("over_ub"))
    short = m.add_vars("short_time", pp, upper=rep("short_ub"))
    hub_size = pools.groupby("hub")["hub"].transform("size").to_numpy()
    moves = data.paths
    path_roles = {r for q in moves for r in (q.from_role, q.to_role)}
    movable = (hub_size > 1) | pools["role"].isin(path_roles).to_numpy()
    move_ub = np.repeat(np.where(movable, INF, 0.0), n_p)
    out = m.add_vars("redeploy_out", pp, upper=move_ub, integer=integer)
    inn = m.add_vars("redeploy_in", pp, upper=move_ub, integer=integer)
    # Reskilled staff arrive through their own flow, not through redeploy_in, so the
    # redeployment charge falls on real redeployments only.
    targets = pools["role"].isin([q.to_role for q in moves]).to_numpy()
    arrive = m.add_vars("reskill_in", pp, upper=np.repeat(np.where(targets, INF, 0.0), n_p))

    hubs = pools.drop_duplicates("hub")[["hub", "hub_scope", "role"]].reset_index(drop=True)
    path_idx, path_lead = _paths(moves, hubs, n_p)
    # Reskilling must finish within the horizon: a start whose arrival falls after it would
    # shed staff without severance.
    path_ub = np.where(path_idx["period"].to_numpy(int) + path_lead < n_p, INF, 0.0) if len(
        path_idx) else np.zeros(0)
    path = m.add_vars("reskill", path_idx[["move", "scope", "period"]], upper=path_ub,
                      integer=integer)

    g_idx, group_hours, ai_ub, freed = _ai_columns(data)
    ai = m.add_vars("ai", g_idx[["pool", "group", "capability", "period"]], upper=ai_ub)
    deploy_keys = _deployments(data)
    dep_idx = pd.DataFrame(deploy_keys, columns=["team", "capability"])
    deployed = m.add_vars("deployed", dep_idx, upper=1.0, integer=integer)

    # Vacancies: columns for every pool, bounded to 0 where the pool has none (pool mode
    # has none at all), so that the rows index them like the other pool blocks.
    has_vac = np.repeat(pools["vacant_fte"].to_numpy(float) > 0, n_p)
    vac_ub = np.where(has_vac, INF, 0.0)
    vac_open = m.add_vars("vacancy_open", pp, upper=vac_ub)
    vac_close = m.add_vars("vacancy_close", pp, upper=vac_ub)
    vac_fill = m.add_vars("vacancy_fill", pp, upper=vac_ub)

    # Whole people: a pool's hires are its vacancies filled, the backfill of its expected
    # leavers (continuous, as attrition is) and the new posts beyond them (whole people).
    backfill = new_hire = None
    if sc.whole_people:
        backfill = m.add_vars("backfill", pp, upper=rep("hire_ub"))
        new_hire = m.add_vars("new_hire", pp, upper=rep("hire_ub"))

    team_codes, team_names = pd.factorize(pools["team"], sort=True)
    tp = pd.DataFrame({"team_code": np.repeat(np.arange(len(team_names)), n_p),
                       "period": np.tile(np.arange(n_p), len(team_names))})
    tp["team"] = np.asarray(team_names)[tp["team_code"]]
    return Variables(
        data=data, model=m, staff=staff, hire=hire, redundancy=red, overstaffing=over,
        short_time=short, redeploy_out=out, redeploy_in=inn, reskill_in=arrive, reskill=path,
        ai=ai, deployed=deployed, vacancy_open=vac_open, vacancy_close=vac_close,
        vacancy_fill=vac_fill, backfill=backfill, new_hire=new_hire, pool_period=pp,
        paths=path_idx, path_lead=path_lead,
        hubs=hubs, groups=g_idx, group_hours=group_hours, ai_cap=ai_ub, freed=freed,
        deploy_keys=deploy_keys, team_codes=team_codes, team_names=np.asarray(team_names),
        team_period=tp)


def _paths(moves: list[Reskilling], hubs: pd.DataFrame,
           n_p: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Reskilling paths between hubs of the same scope, one row per path and period, and
    the lead time of each [periods]."""
    hub_id = {h: i for i, h in enumerate(hubs["hub"])}
    path_rows = []
    for qi, q in enumerate(moves):
        for s in hubs.loc[hubs["role"] == q.from_role, "hub_scope"]:
            if f"{s}|{q.to_role}" in hub_id:
                path_rows.append((qi, s, hub_id[f"{s}|{q.from_role}"], hub_id[f"{s}|{q.to_role}"]))
    paths = pd.DataFrame(path_rows, columns=["move", "scope", "src", "dst"])
    path_idx = paths.loc[paths.index.repeat(n_p)].reset_index(drop=True)
    path_idx["period"] = np.tile(np.arange(n_p), len(paths))
    path_lead = np.array([moves[q].lead_time_periods for q in path_idx["move"]], int)
    return path_idx, path_lead


def _ai_columns(data: ProblemData) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The AI columns (work groups repeated per period), their group hours [h/period],
    their caps [h/period] and the FTE each AI hour frees [FTE/h]."""
    n_p, hours = len(data.periods), data.hours
    caps = {c.id: c for c in data.scenario.capabilities}
    g = data.groups
    g_idx = g.loc[g.index.repeat(n_p)].reset_index(drop=True) if len(g) else pd.DataFrame(
        columns=[*g.columns, "period"])
    g_idx["period"] = np.tile(np.arange(n_p), len(g)) if len(g) else []
    gp_pool = g_idx["pool"].to_numpy(int)
    gp_per = g_idx["period"].to_numpy(int)
    work_fte = data.demand[gp_pool, gp_per] if len(g_idx) else np.zeros(0)
    adoption = np.array([caps[c].adoption_at(p) for c, p in
                         zip(g_idx["capability"], gp_per, strict=True)]) if len(g_idx) else (
        np.zeros(0))
    group_hours = g_idx["share"].to_numpy(float) * work_fte * hours if len(g_idx) else np.zeros(0)
    ai_ub = adoption * group_hours
    is_exec = (g_idx["kind"] == "execute").to_numpy() if len(g_idx) else np.zeros(0, bool)
    oversight = np.array([
        caps[c].oversight_hours_per_ai_hour if caps[c].oversight_hours_per_ai_hour is not None
        else o for c, o in zip(g_idx["capability"], g_idx["oversight"], strict=True)],
        dtype=float) if len(g_idx) else np.zeros(0)
    uplift = np.array([caps[c].uplift for c in g_idx["capability"]], float) if len(g_idx) else (
        np.zeros(0))
    # FTE freed per AI hour: an executed hour less its oversight; an assisted hour saves
    # uplift / (1 + uplift) of an hour.
    freed = np.where(is_exec, 1.0 - oversight, uplift / (1.0 + uplift)) / hours
    return g_idx, group_hours, ai_ub, freed


def _deployments(data: ProblemData) -> list[tuple[str, str]]:
    """(team, capability) of every deployment decision: capabilities with a fixed or an
    implementation cost, in each team that has AI columns of them."""
    pools, g = data.pools, data.groups
    deploy_keys = []
    for c in data.scenario.capabilities:
        if c.fixed_cost_per_team > 0 or c.implementation_cost > 0:
            teams_with = pools.loc[g.loc[g["capability"] == c.id, "pool"].unique(), "team"]
            deploy_keys += [(t, c.id) for t in sorted(set(teams_with))]
    return deploy_keys


def retention(move: Reskilling, pools: pd.DataFrame) -> float:
    """Share of reskilled staff who arrive: given, or 1 - the target role's attrition."""
    if move.retention is not None:
        return float(move.retention)
    target = pools.loc[pools["role"] == move.to_role, "a_long"]
    return float(1.0 - target.mean()) if len(target) else 1.0
