"""Problem data: a scenario and an org turned into the arrays the model is built from.

Everything the model builder needs is computed here, once, as frozen tables: the staff
pools (team x role) with their costs and rates, the demand per pool and period, and the
*work groups*: within each role, the tasks that the same set of AI capabilities can take
(or assist), with the hours they hold. The builder never looks at the roster or the
library again. See ``docs/formulation.md`` for the symbols.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.domain import CapabilityKind
from planner.errors import Problem, ScenarioError, Severity
from planner.labels import Labels, count_of, roster_currency
from planner.optimise.delayering import Fold, delayered_pools, folds
from planner.optimise.gates import GateHold, gate_holds
from planner.roster.validate import RowsLeftOut
from planner.scenario.keypaths import names_at
from planner.scenario.model import Reskilling, Scenario, scenario_to_dict
from planner.scenario.reskilling import ReskillingPath, reskilling_paths
from planner.work.library import PRODUCTIVE_HOURS_PER_FTE, Library

ORGANISATION = "organisation"
"""Team name of pool-based scenarios (one team holds every pool)."""
UNMATCHED_ROLE = "(unmatched)"
"""Role of positions whose title matched no library role: kept, with no AI scope."""


@dataclass(frozen=True, eq=False)
class ProblemData:
    """Arrays of one scenario on one organisation.

    Attributes
    ----------
    periods : tuple of str
        Period labels (``2027-Q1`` ...).
    years : float
        Length of one period [years].
    hours : float
        Working hours of one FTE in one period [h/FTE/period].
    pools : DataFrame
        One row per (team, role): ``team``, ``role``, ``function``, ``location``,
        ``initial`` (FTE held: the staff) [FTE], ``vacant_fte`` [FTE] and ``vacant_posts``
        [posts] (the pool's vacancies; 0 in pool mode), ``people`` (posts held) [people],
        ``cost_per_fte`` [currency/year], ``a_new``, ``a_long`` [per
        period], ``hire_ub``, ``hire_cost``, ``red_ub``, ``red_cost``, ``over_ub``,
        ``over_cost`` [currency/FTE-year], ``short_ub``, ``short_cost``, ``is_manager``,
        ``protected``, ``hub`` (redeployment hub id), ``title`` (the role's name in the
        library; the role itself for pool-based scenarios).
    demand : ndarray (pools x periods)
        Posts the work needs before AI [FTE]: in roster mode the establishment (held and
        vacant) grown by the team's demand growth.
    groups : DataFrame
        One row per (pool, work group, capability): ``pool``, ``group``, ``capability``,
        ``kind``, ``share`` (of the pool's hours in the group's tasks, times the
        automatable share for execute groups), ``oversight`` [h/h], ``rate`` [currency/h],
        ``uplift``.
    group_tasks : DataFrame
        Tasks of each (role, group): ``role``, ``group``, ``task_id``, ``weight`` (share
        of the group's hours), ``share`` (of the role's hours), ``automatable_share``.
    capabilities : DataFrame
        ``capability``, ``kind``, ``fixed_cost_per_team``, ``implementation_cost``,
        ``adoption_p`` columns per period.
    teams : DataFrame
        ``team``, ``function``, ``location``, ``initial`` [FTE], ``growth`` [per year];
        with ``levers.delayering``, ``parent_team`` and ``reports_up`` [FTE]
        (:func:`parent_teams`).
    """

    scenario: Scenario
    periods: tuple[str, ...]
    years: float
    hours: float
    pools: pd.DataFrame
    demand: np.ndarray
    groups: pd.DataFrame
    group_tasks: pd.DataFrame
    capabilities: pd.DataFrame
    teams: pd.DataFrame
    tasks: pd.DataFrame
    role_mix: pd.DataFrame
    """Every task of every role: ``role``, ``task_id``, ``share`` of the role's hours."""
    notes: tuple[Problem, ...] = ()
    """The plan's caveats about its roster (:attr:`GroupedRoster.notes`)."""
    left_out: RowsLeftOut | None = None
    """Roster rows left out of the plan and errors worked around (roster-based scenarios)."""
    currency: str | None = None
    """The roster's currency code (None for pool-based scenarios, whose costs have none)."""
    role_names: dict[str, str] = field(default_factory=dict)
    """Role id -> the library's title (empty for pool-based scenarios: a pool is named)."""
    reskilling: tuple[ReskillingPath, ...] = ()
    """Every reskilling path the model may use: ``levers.reskilling`` in its order, then the
    paths ``levers.reskilling_auto`` suggests (:func:`planner.scenario.reskilling.
    reskilling_paths`)."""
    delayering: tuple[Fold, ...] = ()
    """The narrow teams ``levers.delayering`` folds into the team above, and those it
    leaves, with why (:func:`planner.optimise.delayering.folds`). A folded team's manager
    pools need no work from its period on (their ``demand`` is 0) and end empty."""
    gates: tuple[GateHold, ...] = ()
    """The adoption gates (``levers.gates``) with the pools they hold exits in and the
    period each opens (:func:`planner.optimise.gates.gate_holds`)."""

    @property
    def paths(self) -> list[Reskilling]:
        """The reskilling paths (:attr:`reskilling`) as the model reads them."""
        return [p.path for p in self.reskilling]

    @property
    def labels(self) -> Labels:
        """The words for this problem's ids (:class:`planner.labels.Labels`)."""
        return Labels(roles=self.role_names,
                      capabilities={c.id: c.name for c in self.scenario.capabilities
                                    if c.name},
                      periods=self.periods, currency=self.currency)


def period_labels(scenario: Scenario) -> tuple[str, ...]:
    """Labels of the periods: ``2027-Q1``, ``2027-02`` or ``2027``."""
    h = scenario.horizon
    start = pd.Period(h.start, freq="M")
    out = []
    for i in range(h.periods):
        if h.period == "month":
            out.append(str(start + i))
        elif h.period == "quarter":
            q = pd.Period(start.to_timestamp(), freq="Q") + i
            out.append(f"{q.year}-Q{q.quarter}")
        else:
            out.append(str(start.year + i))
    return tuple(out)


def _per_period(rate: float, years: float, as_given: bool) -> float:
    return rate if as_given else 1.0 - (1.0 - rate) ** years


def apply_tag_overrides(library: Library, scenario: Scenario) -> pd.DataFrame:
    """The library's tasks with the scenario's tag overrides applied (``changed`` marks)."""
    tasks = library.tasks.copy()
    tasks["changed"] = False
    known = set(tasks["task_id"])
    for i, o in enumerate(scenario.inputs.tag_overrides):
        if o.task not in known:
            raise ScenarioError(f"inputs.tag_overrides.{i}.task",
                                f"expected a task id of the library, found {o.task!r}")
        at = tasks["task_id"] == o.task
        for col in ("automatable_share", "mode", "oversight_hours_per_ai_hour"):
            val = getattr(o, col)
            if val is not None:
                tasks.loc[at, col] = val
                tasks.loc[at, "changed"] = True
    return tasks


NO_TEAM = "(none)"
"""Team name of positions whose ``inputs.team_by`` column is blank."""


def team_names(values: pd.Series) -> pd.Series:
    """Teams as the plan names them: the roster's ``inputs.team_by`` value, :data:`NO_TEAM`
    where it is blank."""
    return values.fillna(NO_TEAM).astype(str)


def _most_common(keys: pd.Series, values: pd.Series) -> pd.Series:
    """The most common value per key (ties: the first in sort order), vectorised."""
    pairs = pd.DataFrame({"k": keys.to_numpy(), "v": team_names(values).to_numpy()})
    counts = pairs.value_counts().reset_index(name="n")
    counts = counts.sort_values(["k", "n", "v"], ascending=[True, False, True])
    return counts.drop_duplicates("k").set_index("k")["v"]


@dataclass(frozen=True, eq=False)
class GroupedRoster:
    """What problem data takes from a roster: pools and teams before any scenario lever.

    Batch runs compute it once per worker (:func:`group_roster`) and pass it to every
    :func:`build_data`, since no lever outside ``inputs`` changes it.

    Attributes
    ----------
    team_by : str
        The roster column that defines teams.
    pools : DataFrame
        ``team``, ``role``, ``initial`` (held) [FTE], ``vacant_fte`` [FTE],
        ``vacant_posts`` [posts], ``people`` (posts held) [people], ``cost_per_fte``
        (over held and vacant posts) [currency/year], ``function``, ``location``.
    teams : DataFrame
        ``team``, ``initial`` (held) [FTE], ``reports_in`` (:func:`reports_from_other_teams`)
        [FTE], ``function``, ``location``, ``cost_center``.
    notes : tuple of Problem
        Positions with no matched role and with no cost, each naming the setting that
        addresses it (``Problem.setting``).
    currency : str or None
        The roster's currency code (:func:`planner.labels.roster_currency`).
    """

    team_by: str
    pools: pd.DataFrame
    teams: pd.DataFrame
    notes: tuple[Problem, ...]
    currency: str | None = None


def _positions(n: int, fte: float) -> str:
    """``1 position (1.0 FTE) has`` or ``222 positions (1,377.5 FTE) have``."""
    return (f"{count_of(n, 'position')} ({fte:,.1f} FTE) "
            f"{'has' if n == 1 else 'have'}")


def reports_from_other_teams(r: pd.DataFrame) -> pd.Series:
    """Per team, the FTE of the positions of other teams that report directly to one of its
    positions (the heads of the teams below it) [FTE]: direct reports of its managers that
    the team's own pools do not hold, counted in its span of control (formulation §4.7).
    ``r`` is a roster with the plan's ``team`` column."""
    if not {"position_id", "manager_position_id"} <= set(r.columns):  # no reporting lines
        return pd.Series(dtype=float)
    team_of = pd.Series(r["team"].to_numpy(), index=r["position_id"].to_numpy())
    boss_team = r["manager_position_id"].map(team_of)
    cross = boss_team.notna() & (boss_team != r["team"])
    return r.loc[cross, "fte"].groupby(boss_team[cross]).sum()


def parent_teams(r: pd.DataFrame) -> pd.DataFrame:
    """Per team, the team it reports to (:meth:`planner.roster.graph.OrgGraph.team_tree`:
    the team of its head's manager; None at the top) and ``reports_up``, the FTE of its
    positions whose manager is a position of that team [FTE] (part of that team's
    ``reports_in``). ``r`` is a roster with the plan's ``team`` column; without reporting
    lines, every team is at the top."""
    teams = pd.Index(pd.unique(r["team"]), name="team")
    if not {"position_id", "manager_position_id"} <= set(r.columns):
        return pd.DataFrame({"parent_team": None, "reports_up": 0.0}, index=teams)
    from planner.roster.graph import OrgGraph

    rr = r if "job_title" in r else r.assign(job_title="")
    tree_ = OrgGraph.from_roster(rr).team_tree(r["team"].to_numpy()).set_index("team")
    parent = tree_["parent_team"].reindex(teams)
    team_of = pd.Series(r["team"].to_numpy(), index=r["position_id"].to_numpy())
    boss_team = r["manager_position_id"].map(team_of).to_numpy(object)
    up = (boss_team == r["team"].map(parent).to_numpy(object)) & pd.notna(boss_team)
    reports_up = r.loc[up, "fte"].groupby(r.loc[up, "team"]).sum()
    return pd.DataFrame({"parent_team": parent.astype(object).where(parent.notna(), None),
                         "reports_up": reports_up.reindex(teams).fillna(0.0)}, index=teams)


def group_roster(roster: pd.DataFrame, team_by: str) -> GroupedRoster:
    """Group a roster into pools (team x role) and teams.

    No cost is invented: a position the roster gives no cost (and that ``inputs.impute_cost``
    did not fill from its peers) counts no pay, and a note says how many and how to cost
    them. A library's typical cost per role is a guess that may not even be in the roster's
    currency (an O*NET library's are US wages), so it never stands in for a missing cost.
    """
    notes: list[Problem] = []
    if team_by not in roster.columns:
        raise ScenarioError("inputs.team_by", f"expected a roster column (team, "
                            f"department, cost_center ...), found {team_by!r}")
    r = roster.assign(team=team_names(roster[team_by]),
                      role=roster["role_id"].fillna(UNMATCHED_ROLE).astype(str))
    unmatched = r["role"] == UNMATCHED_ROLE
    if unmatched.any():
        n = int(unmatched.sum())
        them = "it" if n == 1 else "them"
        notes.append(Problem(
            code="plan_no_role", severity=Severity.INFO,
            message=f"{_positions(n, float(r.loc[unmatched, 'fte'].sum()))} no matched role, "
                    f"so the plan gives {them} no AI scope.",
            hint=f"To give {them} AI scope, map {'its' if n == 1 else 'their'} job "
                 "titles to the library's roles",
            setting="title_overrides"))
    no_cost = r["annual_cost"].isna()
    if no_cost.any():
        r.loc[no_cost, "annual_cost"] = 0.0
        n = int(no_cost.sum())
        them = "it" if n == 1 else "them"
        notes.append(Problem(
            code="plan_no_cost", severity=Severity.INFO,
            message=f"{_positions(n, float(r.loc[no_cost, 'fte'].sum()))} no cost in the "
                    f"roster: the plan counts no pay for {them}, so it neither saves nor "
                    f"spends anything on {them}.",
            hint=f"To cost {them} at the median cost per FTE of peers of the same grade or "
                 "role",
            setting="impute_cost"))
    # Vacancies are budget, not staff: a pool's staff are the posts held; its vacant
    # posts are kept apart (closed, filled or kept by the plan).
    vacant = (r["vacant"].to_numpy(bool) if "vacant" in r
              else np.zeros(len(r), bool))
    posts = r["posts"].to_numpy(float) if "posts" in r else np.ones(len(r))
    fte = r["fte"].to_numpy(float)
    r = r.assign(held_fte=np.where(vacant, 0.0, fte), vacant_fte=np.where(vacant, fte, 0.0),
                 held_posts=np.where(vacant, 0.0, posts),
                 vacant_posts=np.where(vacant, posts, 0.0))
    team_attr = r.groupby("team").agg(initial=("held_fte", "sum")).reset_index()
    team_attr["reports_in"] = team_attr["team"].map(reports_from_other_teams(r)).fillna(0.0)
    for attr, col in (("function", "department"), ("location", "location"),
                      ("cost_center", "cost_center")):
        team_attr[attr] = team_attr["team"].map(_most_common(r["team"], r[col]))
    pools = r.groupby(["team", "role"], sort=True).agg(
        initial=("held_fte", "sum"), vacant_fte=("vacant_fte", "sum"),
        vacant_posts=("vacant_posts", "sum"), people=("held_posts", "sum"),
        fte=("fte", "sum"), cost=("annual_cost", "sum")).reset_index()
    # One cost per FTE for the pool's posts, held or vacant (what a hire or a funded
    # vacancy costs; a pool of vacancies only still has one).
    pools["cost_per_fte"] = pools["cost"] / pools["fte"]
    pools = pools.drop(columns=["cost", "fte"]).merge(team_attr[["team", "function", "location"]],
                                             on="team")
    return GroupedRoster(team_by, pools, team_attr, tuple(notes), roster_currency(roster))


def build_data(scenario: Scenario, roster: pd.DataFrame | None = None,
               library: Library | None = None, *, tasks: pd.DataFrame | None = None,
               grouped: GroupedRoster | None = None,
               left_out: RowsLeftOut | None = None) -> ProblemData:
    """Prepare the arrays of a scenario (roster and library for roster-based scenarios).

    Batch runs pass what they computed once: ``tasks``, the library's tasks with the
    scenario's tag overrides applied (:func:`apply_tag_overrides`) and sampled
    automatable shares, and ``grouped``, the roster grouped by :func:`group_roster`.
    ``left_out`` (from loading the roster) is carried into the plan's summary.
    """
    periods = period_labels(scenario)
    years = scenario.horizon.period.years
    hours = PRODUCTIVE_HOURS_PER_FTE * years
    lev = scenario.levers
    as_given = scenario.horizon.rates_per_period
    notes: list[Problem] = []
    n_p = len(periods)

    if scenario.pool_based:
        pools = pd.DataFrame([{
            "team": ORGANISATION, "role": p.role, "function": ORGANISATION,
            "location": ORGANISATION, "initial": p.initial,
            "cost_per_fte": p.annual_cost_per_fte,
            "a_new": p.attrition_new if p.attrition_new is not None else lev.attrition.new,
            "a_long": p.attrition_long if p.attrition_long is not None else lev.attrition.long,
            "hire_ub": p.hire_limit, "red_cost": p.redundancy_cost,
            "over_cost": p.overstaffing_cost, "short_cost": p.short_time_cost,
            "short_ub": p.short_time_limit, "is_manager": False, "title": p.role,
        } for p in scenario.pools])
        # Pool mode has no posts: no vacancies, and one person per FTE.
        pools["vacant_fte"] = 0.0
        pools["vacant_posts"] = 0.0
        pools["people"] = pools["initial"]
        demand = np.array([p.demand for p in scenario.pools], dtype=float)
        teams = pd.DataFrame({"team": [ORGANISATION], "function": [ORGANISATION],
                              "location": [ORGANISATION], "cost_center": [ORGANISATION],
                              "initial": [pools["initial"].sum()], "growth": [0.0]})
        tasks = pd.DataFrame(columns=["task_id", "activity_category", "automatable_share",
                                      "mode", "oversight_hours_per_ai_hour", "changed"])
        group_tasks = pd.DataFrame(columns=["role", "group", "task_id", "weight", "share",
                                            "automatable_share"])
        groups = pd.DataFrame(columns=["pool", "group", "capability", "kind", "share",
                                       "oversight", "rate", "uplift"])
        role_mix = pd.DataFrame(columns=["role", "task_id", "share"])
    else:
        if roster is None or library is None:
            raise ValueError("a roster-based scenario needs the roster and the library")
        grouped = grouped if grouped is not None and grouped.team_by == (
            scenario.inputs.team_by) else group_roster(roster, scenario.inputs.team_by)
        notes += grouped.notes
        team_attr = grouped.teams.copy()
        if lev.delayering is not None:  # the team tree, only where a lever reads it
            up = parent_teams(roster.assign(team=team_names(roster[scenario.inputs.team_by])))
            team_attr["parent_team"] = team_attr["team"].map(up["parent_team"]).astype(object)
            team_attr["parent_team"] = team_attr["parent_team"].where(
                team_attr["parent_team"].notna(), None)
            team_attr["reports_up"] = team_attr["team"].map(up["reports_up"]).fillna(0.0)
        growth = lev.demand_growth
        team_attr["growth"] = team_attr["team"].map(growth.teams).fillna(growth.default)
        pools = grouped.pools.copy()
        rates = lev.attrition.roles
        pools["a_new"] = pools["role"].map({k: v.new for k, v in rates.items()}).fillna(
            lev.attrition.new)
        pools["a_long"] = pools["role"].map({k: v.long for k, v in rates.items()}).fillna(
            lev.attrition.long)
        pools["hire_ub"] = None
        pools["red_cost"] = pools["cost_per_fte"] * lev.redundancy_months_of_pay / 12.0
        pools["over_cost"] = None
        pools["short_cost"] = None
        pools["short_ub"] = None
        mgr = library.roles.set_index("role_id")["is_manager"]
        pools["is_manager"] = pools["role"].map(mgr).fillna(False).astype(bool)
        pools["title"] = pools["role"].map(library.role_names()).fillna(pools["role"])
        teams = team_attr
        g = pools["team"].map(teams.set_index("team")["growth"]).to_numpy(float)
        steps = np.arange(1, n_p + 1) * years
        # The work is the establishment's: posts held and vacant, grown.
        establishment = (pools["initial"] + pools["vacant_fte"]).to_numpy(float)
        demand = establishment[:, None] * (1.0 + g[:, None]) ** steps
        if tasks is None:
            tasks = apply_tag_overrides(library, scenario)
        group_tasks, role_groups = _work_groups(scenario, library, tasks)
        groups = _pool_groups(pools, role_groups)
        role_mix = library.role_tasks.rename(columns={"role_id": "role"})[
            ["role", "task_id", "share"]]

    # Common per-pool levers --------------------------------------------------------------
    pools = pools.reset_index(drop=True)
    pools["a_new"] = [_per_period(a, years, as_given) for a in pools["a_new"]]
    pools["a_long"] = [_per_period(a, years, as_given) for a in pools["a_long"]]
    hire_ub = pd.to_numeric(pools["hire_ub"], errors="coerce")
    if lev.hiring.freeze:
        hire_ub = pd.Series(0.0, index=pools.index)
    pools["hire_ub"] = hire_ub.fillna(np.inf).astype(float)
    pools["hire_cost"] = lev.hiring.cost_per_hire
    pools["red_cost"] = pd.to_numeric(pools["red_cost"], errors="coerce").fillna(0.0)
    pools["over_cost"] = pd.to_numeric(pools["over_cost"], errors="coerce").fillna(
        lev.overstaffing.cost_per_fte)
    pools["over_ub"] = np.inf if lev.overstaffing.per_pool is None else lev.overstaffing.per_pool
    pools["short_cost"] = pd.to_numeric(pools["short_cost"], errors="coerce").fillna(
        lev.short_time.cost_per_fte)
    pools["short_ub"] = pd.to_numeric(pools["short_ub"], errors="coerce").fillna(
        lev.short_time.per_pool or 0.0)
    pools["short_factor"] = lev.short_time.factor
    pools["protected"] = pools["team"].isin(lev.protected_teams) | pools["role"].isin(
        lev.protected_roles)
    pools["red_ub"] = np.where(lev.no_redundancy | pools["protected"], 0.0, np.inf)
    _check_names(scenario, pools)
    scope = lev.redeployment.scope.value
    key = {"team": pools["team"], "function": pools["function"],
           "location": pools["location"], "organisation": pd.Series(ORGANISATION,
                                                                    index=pools.index)}[scope]
    pools["hub_scope"] = key.astype(str)
    pools["hub"] = pools["hub_scope"] + "|" + pools["role"]

    caps = pd.DataFrame([{
        "capability": c.id, "kind": c.kind.value, "fixed_cost_per_team": c.fixed_cost_per_team,
        "implementation_cost": c.implementation_cost,
        **{f"adoption_{i}": c.adoption_at(i) for i in range(n_p)}}
        for c in scenario.capabilities],
        columns=["capability", "kind", "fixed_cost_per_team", "implementation_cost",
                 *[f"adoption_{i}" for i in range(n_p)]])
    roles = set(pools["role"]) - {UNMATCHED_ROLE}
    paths = reskilling_paths(scenario, roles, library)
    found = folds(scenario, pools, teams, periods)
    gone = delayered_pools(found, pools)
    if (gone >= 0).any():  # a removed layer's management work goes with it (§4.19)
        demand = np.where((gone[:, None] >= 0) & (np.arange(n_p)[None, :] >= gone[:, None]),
                          0.0, demand)
    held, gate_notes = gate_holds(scenario, groups, pools, periods)
    notes += gate_notes
    return ProblemData(scenario=scenario, periods=periods, years=years, hours=hours,
                       pools=pools, demand=demand, groups=groups, group_tasks=group_tasks,
                       capabilities=caps, teams=teams, tasks=tasks, role_mix=role_mix,
                       notes=tuple(notes), left_out=left_out,
                       currency=None if scenario.pool_based else grouped.currency,
                       role_names={} if library is None else library.role_names(),
                       reskilling=paths, delayering=found, gates=held)


def _work_groups(scenario: Scenario, library: Library,
                 tasks: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tasks of each role grouped by the capabilities that can take them.

    Execute capabilities take tasks tagged ``automate`` (up to the automatable share);
    assist capabilities take tasks tagged ``augment``. Within a role, tasks covered by the
    same set of capabilities of one kind form a group, so the model needs one variable per
    (team, role, group, capability) instead of one per task.
    """
    mix = library.role_tasks.merge(tasks, on="task_id")
    cover: dict[str, list[str]] = {}
    executed: set[str] = set()
    # Execute first: a capability takes the tasks it names (unless tagged human) and, by
    # category, the tasks tagged automate. Assist then takes the augment-tagged tasks in its
    # scope that no execute capability takes: one task is executed or assisted, not both.
    ordered = sorted(scenario.capabilities, key=lambda c: c.kind is not CapabilityKind.EXECUTE)
    for c in ordered:
        named = mix["task_id"].isin(c.tasks)
        by_cat = mix["activity_category"].isin(c.categories)
        if c.kind is CapabilityKind.EXECUTE:
            scope = (named & (mix["mode"] != "human")) | (by_cat & (mix["mode"] == "automate"))
        else:
            scope = (named | by_cat) & (mix["mode"] == "augment") & ~mix["task_id"].isin(
                executed)
        for tid in mix.loc[scope, "task_id"].unique():
            cover.setdefault(tid, []).append(c.id)
            if c.kind is CapabilityKind.EXECUTE:
                executed.add(tid)
    mix["caps"] = mix["task_id"].map(lambda t: "+".join(sorted(cover.get(t, [])))).astype(str)
    mix = mix[mix["caps"] != ""].copy()
    if mix.empty:  # no capability covers any task: a plan without AI
        return (pd.DataFrame(columns=["role", "group", "task_id", "weight", "share",
                                      "automatable_share", "oversight_hours_per_ai_hour",
                                      "kind", "caps"]),
                pd.DataFrame(columns=["role", "group", "caps", "kind", "share", "oversight"]))
    kinds = {c.id: c.kind.value for c in scenario.capabilities}
    mix["kind"] = mix["caps"].str.split("+").str[0].map(kinds)
    mix["group"] = mix["kind"] + ":" + mix["caps"]
    execute = mix["kind"] == "execute"
    mix["hours_share"] = np.where(execute, mix["share"] * mix["automatable_share"], mix["share"])
    mix = mix[mix["hours_share"] > 0]
    tot = mix.groupby(["role_id", "group"])["hours_share"].transform("sum")
    mix["weight"] = mix["hours_share"] / tot
    group_tasks = mix.rename(columns={"role_id": "role"})[
        ["role", "group", "task_id", "weight", "share", "automatable_share",
         "oversight_hours_per_ai_hour", "kind", "caps"]].reset_index(drop=True)
    mix["ov_w"] = mix["weight"] * mix["oversight_hours_per_ai_hour"]
    role_groups = mix.groupby(["role_id", "group", "caps", "kind"]).agg(
        share=("hours_share", "sum"), oversight=("ov_w", "sum")).reset_index().rename(
        columns={"role_id": "role"})
    return group_tasks, role_groups


def _pool_groups(pools: pd.DataFrame, role_groups: pd.DataFrame) -> pd.DataFrame:
    """One row per (pool, group, capability), with the capability's own settings."""
    if role_groups.empty:
        return pd.DataFrame(columns=["pool", "group", "capability", "kind", "share",
                                     "oversight", "rate", "uplift"])
    rg = role_groups.assign(capability=role_groups["caps"].str.split("+")).explode("capability")
    p = pools.reset_index().rename(columns={"index": "pool"})[["pool", "role"]]
    out = p.merge(rg, on="role")
    return out[["pool", "group", "capability", "kind", "share", "oversight"]].reset_index(
        drop=True)


def _check_names(scenario: Scenario, pools: pd.DataFrame) -> None:
    """Team and role names in the levers must exist: a misspelt name would be ignored."""
    teams, roles = set(pools["team"]), set(pools["role"])
    named = [("levers.protected_teams", teams, "team"), ("levers.protected_roles", roles, "role"),
             ("levers.team_fte.teams", teams, "team"),
             ("levers.demand_growth.teams", teams, "team"),
             ("levers.hiring.role_caps", roles, "role"), ("levers.attrition.roles", roles, "role")]
    named += [(f"levers.reskilling.{i}.{end}", roles, "role")
              for i in range(len(scenario.levers.reskilling)) for end in ("from", "to")]
    if scenario.levers.delayering is not None:
        named.append(("levers.delayering.teams", teams, "team"))
    doc = scenario_to_dict(scenario)
    for path, known, what in named:
        for key, name in names_at(doc, path):
            if name not in known:
                shown = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
                raise ScenarioError(key, f"expected a {what} of the org ({shown}), found "
                                    f"{name!r}")
