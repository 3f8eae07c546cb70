"""Dates and the law in a plan: establishments, effective dates, collective-redundancy
obligations (docs/compliance.md).

Every ledger action takes effect on the first day of its period (``effective_date``): the
optimiser's flows of a period are in place for the whole period, so that is when its costs
stop or start. From the announce date (``levers.compliance.announce_on``, default the
plan's first day) no redundancy may take effect before the lead time of an obligation its
establishment triggers, nor before the longest individual notice owed in its pool.

The lead time depends on the plan's own counts (45 days once an establishment reaches 100
proposed redundancies under the UK rule), so the plan is solved, its counts per
establishment are read from the ledger's ``pool_changes`` (whole people), the lead times
derived from them, and each pool's redundancies in the periods that start too early are
bounded to zero; then the plan is solved again, until no bound changes. Bounds only ever
tighten, so this ends after at most as many re-solves as there are periods; the last plan
honours every date its own counts require (and perhaps a little more, where an earlier
count triggered a duty the final one does not).

Establishments: each position's ``levers.compliance.establishment_by`` column (the
roster's ``location``), or one establishment for the whole organisation. A pool (team and
role) may hold posts at several establishments; the planner does not choose who goes, so
its redundancies count, at each establishment where it holds posts, up to its posts there:
the most that may fall there. The sum over establishments can exceed the plan's
redundancies; no duty is missed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from planner.compliance.rules import Counting, RuleSet, load_rules
from planner.compliance.windows import COLUMNS, evaluate, required_lead
from planner.errors import ScenarioError
from planner.io.plan_folder import check_plan_columns
from planner.labels import Labels, format_money
from planner.optimise.data import UNMATCHED_ROLE, team_names
from planner.scenario.model import Scenario

ORGANISATION = "Organisation"
"""The one establishment of a roster without an establishment column (or a pool scenario)."""
NO_ESTABLISHMENT = "(no establishment)"
"""The establishment of a position whose establishment cell is empty."""
POOL = ["team", "role"]


# --- dates --------------------------------------------------------------------------------
def period_starts(scenario: Scenario) -> list[date]:
    """The first day of each period: the horizon's start month, then one period length on
    (1, 3 or 12 months) each."""
    h = scenario.horizon
    first = pd.Period(h.start, freq="M")
    step = {"month": 1, "quarter": 3, "year": 12}[h.period.value]
    return [(first + i * step).to_timestamp().date() for i in range(h.periods)]


def announce_date(scenario: Scenario) -> date:
    """When the redundancies are proposed: ``levers.compliance.announce_on``, else the
    plan's first day."""
    on = scenario.levers.compliance.announce_on
    return on if on is not None else period_starts(scenario)[0]


def effective_dates(scenario: Scenario, periods: Sequence[str]) -> dict[str, str]:
    """Period label -> the effective date of the actions in it (``YYYY-MM-DD``)."""
    return {p: d.isoformat() for p, d in zip(periods, period_starts(scenario), strict=True)}


def _rules_dirs(scenario: Scenario) -> list[Any]:
    from planner.work.library import data_dir

    dirs: list[Any] = [data_dir() / "rules"]
    own = scenario.levers.compliance.rule_files
    if own:
        dirs.append(scenario.resolve(own))
    return dirs


def scenario_rules(scenario: Scenario) -> dict[str, RuleSet]:
    """The rule sets a scenario names (``levers.compliance.rules`` and those of
    ``jurisdictions``), read from ``data/rules`` and ``rule_files``.

    Raises
    ------
    ScenarioError
        At the key that names a rule set with no file.
    """
    c = scenario.levers.compliance
    named = [(f"levers.compliance.rules.{i}", r) for i, r in enumerate(c.rules)]
    named += [(f"levers.compliance.jurisdictions.{e}.{i}", r)
              for e, rs in c.jurisdictions.items() for i, r in enumerate(rs)]
    dirs = _rules_dirs(scenario)
    try:
        return load_rules(dict.fromkeys(r for _, r in named), dirs)
    except KeyError as exc:
        from planner.compliance.rules import rule_files

        key = next(k for k, r in named if r == exc.args[0])
        known = ", ".join(sorted(rule_files(dirs))) or "none"
        raise ScenarioError(key, f"expected a rule set ({known}), found {exc.args[0]!r}; "
                            "add its file to levers.compliance.rule_files") from None


# --- establishments -----------------------------------------------------------------------
@dataclass(frozen=True)
class Sites:
    """What the roster says of each pool at each establishment.

    ``pools``: team, role, establishment, ``posts`` (held posts there), ``full_time``
    (held posts whose hours a week reach the part-time line) [posts]; ``starts``: team,
    role, ``start`` (the earliest start date of the pool's held posts, or None when one
    is not known); ``teams_of``: establishment -> the teams with held posts there.
    """

    pools: pd.DataFrame
    starts: pd.DataFrame
    part_time_below: float | None


def sites_of(scenario: Scenario, roster: pd.DataFrame | None,
             pool_changes: pd.DataFrame, rules: Mapping[str, RuleSet]) -> Sites:
    """Each pool's held posts per establishment (:class:`Sites`), from the roster (each
    position its own establishment), or, without a roster, the pools' filled posts at one
    establishment."""
    c = scenario.levers.compliance
    lines = [r.part_time_below_hours for r in rules.values() if r.part_time_below_hours]
    below = max(lines) if lines else None
    if roster is None:
        first = pool_changes.groupby(POOL, sort=False)["filled_posts"].first().reset_index()
        pools = first.rename(columns={"filled_posts": "posts"}).assign(
            establishment=ORGANISATION, full_time=first["filled_posts"].to_numpy(int))
        starts = first[POOL].assign(start=None)
        return Sites(pools[["team", "role", "establishment", "posts", "full_time"]], starts,
                     below)
    r = roster
    held = ~(r["vacant"].astype(bool) if "vacant" in r else pd.Series(False, index=r.index))
    posts = r["posts"].astype(int) if "posts" in r else pd.Series(1, index=r.index)
    col = c.establishment_by
    site = (r[col].astype(object).where(r[col].notna() & (r[col].astype(str).str.strip() != ""),
                                        NO_ESTABLISHMENT).astype(str)
            if col in r else pd.Series(ORGANISATION, index=r.index))
    hours = r["fte"].astype(float) / posts.clip(lower=1) * c.full_time_hours_per_week
    full = hours >= below if below is not None else pd.Series(True, index=r.index)
    frame = pd.DataFrame({
        "team": team_names(r[scenario.inputs.team_by]).to_numpy(),
        "role": r["role_id"].fillna(UNMATCHED_ROLE).astype(str).to_numpy(),
        "establishment": site.to_numpy(), "posts": posts.to_numpy(int),
        "full_time": np.where(full.to_numpy(bool), posts.to_numpy(int), 0)})[held.to_numpy()]
    pools = frame.groupby(["team", "role", "establishment"], as_index=False)[
        ["posts", "full_time"]].sum()
    start = (pd.to_datetime(r["start_date"]) if "start_date" in r
             else pd.Series(pd.NaT, index=r.index))
    s = pd.DataFrame({"team": frame["team"], "role": frame["role"],
                      "start": start[held.to_numpy()].to_numpy()})
    known = s.groupby(POOL)["start"].agg(lambda x: None if x.isna().any() else x.min().date())
    return Sites(pools, known.rename("start").reset_index(), below)


# --- one assessment of a plan's counts -----------------------------------------------------
@dataclass(frozen=True)
class Assessment:
    """What the law says of one plan's counts."""

    rows: pd.DataFrame
    """The compliance table (:data:`planner.compliance.windows.COLUMNS`)."""
    lead: dict[str, int]
    """Establishment -> the longest lead time a triggered window there requires [days]."""
    notice: pd.Series
    """Pool (team, role) -> the longest individual notice owed in it [days]."""
    earliest: pd.Series
    """Pool (team, role) -> the first date its redundancies may take effect."""
    exits: pd.DataFrame
    """The counted exits: team, role, establishment, period, effective_date, count,
    full_time, and each pool's cap there [people] (a window counts a pool's exits in it up
    to its cap)."""
    closing: dict[str, bool]
    """Establishment -> a unit there (a team's every held post there) shuts."""


def _rules_at(scenario: Scenario, rules: Mapping[str, RuleSet], site: str) -> list[str]:
    c = scenario.levers.compliance
    return list(c.jurisdictions.get(site, c.rules))


def assess(scenario: Scenario, rules: Mapping[str, RuleSet], sites: Sites,
           pool_changes: pd.DataFrame, periods: Sequence[str]) -> Assessment:
    """The compliance rows, lead times, notices and earliest dates of a plan's counts
    (``pool_changes``: the ledger's, in whole people)."""
    starts = dict(zip(periods, period_starts(scenario), strict=True))
    announce = announce_date(scenario)
    c = scenario.levers.compliance
    unknown = set(c.jurisdictions) - set(sites.pools["establishment"])
    if unknown:
        raise ScenarioError(f"levers.compliance.jurisdictions.{sorted(unknown)[0]}",
                            f"expected an establishment of the roster "
                            f"({', '.join(sorted(set(sites.pools['establishment'])))}), found "
                            f"{sorted(unknown)[0]!r}")
    ch = pool_changes.astype({"team": str, "role": str, "period": str})
    # A unit shuts at a site where every held post of a team there leaves the team.
    removed = ch.groupby(POOL)[["redundancies", "moves_out", "reskill_out"]].sum().sum(axis=1)
    filled = ch.groupby(POOL)["filled_posts"].first()
    emptied = (removed >= filled) & (filled > 0)
    at = sites.pools.assign(emptied=pd.MultiIndex.from_frame(sites.pools[POOL]).map(
        emptied).fillna(False).to_numpy(bool))
    gone = at.groupby(["establishment", "team"])["emptied"].all().rename("gone").reset_index()
    closing = {str(k): bool(v) for k, v in gone.groupby("establishment")["gone"].any().items()}
    # A pool's redundancies count at each of its establishments, up to its posts there and
    # the people it takes in beyond its own posts (moved in, then made redundant).
    red = ch[ch["redundancies"] > 0][["team", "role", "period", "redundancies"]]
    total = ch.groupby(POOL)["redundancies"].sum()
    beyond = (total - filled.reindex(total.index).fillna(0)).clip(lower=0).rename("beyond")
    ex = red.merge(sites.pools, on=POOL).merge(beyond.reset_index(), on=POOL).merge(
        gone, on=["establishment", "team"])
    ex = ex.assign(cap=ex["posts"] + ex["beyond"], cap_full_time=ex["full_time"] + ex["beyond"],
                   pool=ex["team"] + "\0" + ex["role"], effective_date=ex["period"].map(starts))
    ex = ex.assign(count=np.minimum(ex["redundancies"], ex["cap"]),
                   full_time=np.minimum(ex["redundancies"], ex["cap_full_time"]))
    ex = ex.assign(closing=ex["count"].where(ex["gone"], 0),
                   closing_full_time=ex["full_time"].where(ex["gone"], 0))
    workforce = sites.pools.groupby("establishment")[["posts", "full_time"]].sum()
    frames = []
    for rule_id, rule in rules.items():
        here = [e for e in workforce.index if rule_id in _rules_at(scenario, rules, e)]
        if not here:
            continue
        site_table = pd.DataFrame({"establishment": here,
                                   "workforce": workforce.loc[here, "posts"].to_numpy(int),
                                   "full_time": workforce.loc[here, "full_time"].to_numpy(int)})
        employer = int(workforce["full_time" if rule.excludes_part_time else "posts"].sum())
        frames.append(evaluate(rule, ex, site_table, announce, employer=employer))
    rows = (pd.concat(frames, ignore_index=True) if frames
            else pd.DataFrame(columns=COLUMNS))
    lead = dict(required_lead(rows)) if len(rows) else {}
    # Individual notice: the longest owed in the pool, where a rule that sets it applies.
    notice_rules = {e: [rules[r].individual_notice for r in _rules_at(scenario, rules, e)
                        if r in rules and rules[r].individual_notice is not None]
                    for e in workforce.index}
    pool_start = sites.starts.set_index(POOL)["start"] if len(sites.starts) else pd.Series(
        dtype=object)
    notice: dict[tuple[str, str], int] = {}
    earliest: dict[tuple[str, str], date] = {}
    for (team, role), group in sites.pools.groupby(POOL):
        key = (str(team), str(role))
        start = pool_start.get(key)
        days = 0
        first = announce
        for e in group["establishment"]:
            lead_e = lead.get(e, 0)
            served = announce + timedelta(days=lead_e) if c.notice_after_consultation \
                else announce
            weeks = max((n.weeks(start, served) for n in notice_rules.get(e, [])), default=0)
            days = max(days, 7 * weeks)
            first = max(first, announce + timedelta(days=lead_e),
                        served + timedelta(days=7 * weeks))
        notice[key], earliest[key] = days, first
    idx = pd.MultiIndex.from_tuples(list(notice), names=POOL)
    return Assessment(rows, lead, pd.Series(list(notice.values()), index=idx, dtype=int),
                      pd.Series(list(earliest.values()), index=idx, dtype=object), ex, closing)


# --- solving with the dates ---------------------------------------------------------------
@dataclass(frozen=True)
class Dated:
    """The dates a plan was solved with."""

    first_period: np.ndarray
    """Per pool of the model: the first period its redundancies may fall in."""
    cost_without: float | None
    """The first solve's total cost, before any date bound [currency]."""
    first_exits_without: dict[str, str] = field(default_factory=dict)
    """Establishment -> the first period with exits there, before any date bound."""
    solves: int = 1
    """Solves made (the first, then one per change of the bounds)."""
    infeasible: bool = False
    """The dates left no plan (a solve before them had one)."""


def solve_with_dates(built: Any, solve_once: Callable[[], Any],
                     plan_of: Callable[[Any], Any], scenario: Scenario,
                     roster: pd.DataFrame | None) -> tuple[Any, Dated]:
    """Solve ``built`` so that no redundancy takes effect before the dates the law sets
    (module docstring): ``solve_once()`` solves the model as it stands (its bounds
    included), ``plan_of(solution)`` makes the plan whose ledger gives the counts.

    Returns the last solution and the dates; bounds stay in ``built.model``.
    """
    data = built.data
    rules = scenario_rules(scenario)
    n_p = len(data.periods)
    keys = pd.MultiIndex.from_frame(data.pools[POOL].astype(str))
    first = np.zeros(len(keys), int)
    starts = period_starts(scenario)
    sol = solve_once()
    solves, cost_without, before = 1, None, {}
    infeasible = False
    for _ in range(n_p + 1):
        if not sol.status.has_plan:
            infeasible = solves > 1
            break
        plan = plan_of(sol)
        if cost_without is None:
            cost_without = float(plan.summary["total_cost"])
        changes = plan.tables["pool_changes"]
        a = assess(scenario, rules, sites_of(scenario, roster, changes, rules), changes,
                   data.periods)
        if not before:
            before = _first_exits(a)
        when = a.earliest.reindex(keys)
        need = np.array([n_p if d is None or d != d else
                         next((k for k, s in enumerate(starts) if s >= d), n_p)
                         for d in when], int)
        new = np.maximum(first, need)
        if (new == first).all():
            break
        block = built.block("redundancy")
        upper = built.model.col_upper[list(built.model.blocks).index(block.name)]
        for p in np.flatnonzero(new > first):
            upper[p * n_p + np.arange(new[p])] = 0.0
        first = new
        sol = solve_once()
        solves += 1
    return sol, Dated(first, cost_without, before, solves, infeasible)


def no_plan_sentence(dated: Dated, scenario: Scenario, periods: Sequence[str]) -> str:
    """Why a dated scenario has no plan, first: the dates bound its redundancies."""
    held = dated.first_period[dated.first_period > 0]
    first = periods[int(held.min())] if len(held) and held.min() < len(periods) else None
    when = (f"the first redundancies may take effect in {first}" if first is not None else
            "no redundancy may take effect within the horizon")
    return (f"No plan as set once its redundancies are dated as the law requires: announced "
            f"on {announce_date(scenario).isoformat()}, {when} (consultation, notification "
            "and individual notice), and the scenario's other settings need earlier exits. "
            "Announce earlier (levers.compliance.announce_on), plan in months "
            "(horizon.period: month: exits take effect on the first day of their period), "
            "lengthen the horizon or relax a target; what follows is for the dated plan.")


def _first_exits(a: Assessment) -> dict[str, str]:
    ex = a.exits[a.exits["count"] > 0]
    return {str(k): str(v) for k, v in ex.sort_values("effective_date").groupby(
        "establishment")["period"].first().items()}


# --- the dated plan -----------------------------------------------------------------------
def with_effective_dates(tables: Mapping[str, pd.DataFrame], scenario: Scenario,
                         periods: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The plan's tables with ``effective_date`` on the ledger's actions: a position's
    (empty for ``keep``) and each pool's period that changes anything."""
    when = effective_dates(scenario, periods)
    out = dict(tables)
    pos = tables.get("positions")
    if pos is not None:
        out["positions"] = pos.assign(effective_date=pos["period"].map(when).where(
            pos["period"].notna(), None))
    ch = tables.get("pool_changes")
    if ch is not None:
        acts = ch[["redundancies", "moves_out", "reskill_out", "vacancies_closed",
                   "vacancies_filled", "new_posts"]].sum(axis=1) > 0
        out["pool_changes"] = ch.assign(effective_date=ch["period"].astype(str).map(
            when).where(acts, None))
    return out


def dated_plan(plan: Any, built: Any, scenario: Scenario, roster: pd.DataFrame | None,
               dated: Dated | None) -> Any:
    """The plan with its effective dates, and, when rules apply, its compliance table
    (``compliance``), the summary's ``compliance`` block (the HR1/WARN figures per
    establishment) and the sentences that explain them."""
    if not plan.has_plan or "pool_changes" not in plan.tables:
        return plan
    periods = list(built.data.periods)
    tables = with_effective_dates(plan.tables, scenario, periods)
    if not scenario.levers.compliance.rules:
        check_plan_columns(plan.summary, tables)
        return replace(plan, tables=tables)
    rules = scenario_rules(scenario)
    changes = tables["pool_changes"]
    a = assess(scenario, rules, sites_of(scenario, roster, changes, rules), changes, periods)
    tables["compliance"] = a.rows.reset_index(drop=True)
    labels = built.data.labels
    block = summary_block(scenario, rules, a, labels, periods)
    said = explain(scenario, rules, a, dated, block, labels, plan.summary)
    block["cost_of_dates"] = (None if dated is None or dated.cost_without is None else
                              round(float(plan.summary["total_cost"]) - dated.cost_without, 2))
    block["solves"] = dated.solves if dated is not None else None
    out = replace(plan, tables=tables, explanations=(*plan.explanations, *said))
    out = out.with_summary(compliance=block)
    check_plan_columns(out.summary, out.tables)
    return out


def _capped(ex: pd.DataFrame) -> pd.DataFrame:
    """The exits of one establishment with ``capped``: each pool's exits in date order, up to
    its cap there over the whole plan (so that they add up to the most that may fall
    there)."""
    ex = ex.sort_values("effective_date", kind="stable")
    cum = ex.groupby("pool")["count"].cumsum().clip(upper=ex["cap"])
    return ex.assign(capped=(cum - cum.groupby(ex["pool"]).shift(fill_value=0)).astype(int))


def summary_block(scenario: Scenario, rules: Mapping[str, RuleSet], a: Assessment,
                  labels: Labels, periods: Sequence[str]) -> dict[str, Any]:
    """The summary's ``compliance``: the announce date, the rules with their sources, and per
    establishment the figures an HR1 or WARN notice asks (redundancies by occupational
    group, the proposed dates); the reasons are the user's to give."""
    rows = a.rows
    out = []
    for site, mine in rows.groupby("establishment", sort=True):
        ex = _capped(a.exits[a.exits["establishment"] == site])
        hit = mine[mine["triggered"]]
        by_role = ex.groupby("role")["capped"].sum()
        hit_pools = pd.MultiIndex.from_frame(ex[POOL]).unique()
        out.append({
            "establishment": str(site),
            "rules": sorted(set(mine["rule"])),
            "triggered": sorted(set(hit["rule"])),
            "obligations": list(dict.fromkeys(hit["obligation"])),
            "proposed_redundancies": int(ex["capped"].sum()),
            "lead_days": int(a.lead.get(str(site), 0)),
            "latest_start": (min(hit["latest_start"].dropna()) if hit["latest_start"].notna()
                             .any() else None),
            "first_effective_date": (min(ex["effective_date"]).isoformat() if len(ex)
                                     else None),
            "last_effective_date": (max(ex["effective_date"]).isoformat() if len(ex)
                                    else None),
            "closing": bool(a.closing.get(str(site), False)),
            "longest_notice_days": int(a.notice.reindex(hit_pools).max()) if len(hit_pools)
            else 0,
            "by_occupational_group": {labels.role(r): int(n) for r, n in
                                      by_role[by_role > 0].sort_values(
                                          ascending=False).items()},
            "by_period": {str(p): int(n) for p, n in ex.groupby("period")["capped"].sum()
                          .reindex(periods).dropna().items() if n > 0},
        })
    return {"announce_date": announce_date(scenario).isoformat(),
            "period_starts": [d.isoformat() for d in period_starts(scenario)],
            "rules": {k: {"name": r.name, "jurisdiction": r.jurisdiction,
                          "sources": list(r.sources)} for k, r in rules.items()},
            "longest_notice_days": max((e["longest_notice_days"] for e in out), default=0),
            "establishments": out}


def explain(scenario: Scenario, rules: Mapping[str, RuleSet], a: Assessment,
            dated: Dated | None, block: Mapping[str, Any], labels: Labels,
            summary: Mapping[str, Any]) -> list[str]:
    """The compliance sentences, in the user's words: per establishment that triggers a
    duty, the duty, its count and lead time and when the first exits take effect; what the
    dates cost; that spreading exits removes no duty; that this is not legal advice."""
    label_of = dict(zip(period_starts(scenario), scenario_periods(summary), strict=False))
    said = []
    before = dated.first_exits_without if dated is not None else {}
    for e in block["establishments"]:
        if not e["triggered"]:
            continue
        first = e["first_effective_date"]
        label = label_of.get(date.fromisoformat(first), first) if first else None
        mine = a.rows[a.rows["establishment"] == e["establishment"]]
        counted = "; ".join(
            f"{_counted(rules[r], int(mine[mine['rule'] == r]['count'].max()))} under "
            f"{rules[r].name}" for r in e["triggered"])
        was = before.get(e["establishment"])
        moved = (f"moves the first exits there from {was} to {label}" if was and was != label
                 else f"puts the first exits there in {label}")
        duty = "; ".join(e["obligations"])
        said.append(f"{duty[:1].upper()}{duty[1:]} in {e['establishment']} "
                    f"({counted}; {e['lead_days']} days from the announcement on "
                    f"{block['announce_date']}, to start by {e['latest_start']}) {moved} "
                    f"({first}).")
    if dated is not None and dated.cost_without is not None:
        cost = float(summary["total_cost"]) - dated.cost_without
        cur = summary.get("currency")
        if abs(cost) >= 0.5:
            said.append(f"Complying with these dates costs {format_money(cost, cur)} over "
                        f"the horizon (salaries paid during consultation and notice, savings "
                        f"that come later): the same scenario without them would cost "
                        f"{format_money(dated.cost_without, cur)} and dismiss people "
                        f"sooner than the law allows.")
        else:
            said.append("The dates the law sets cost this plan nothing: its exits already "
                        "fall after them.")
    if block["longest_notice_days"]:
        said.append(f"Individual notice: the longest owed in a pool that loses people is "
                    f"{block['longest_notice_days'] // 7} weeks (from each post's start "
                    "date; the most the rule gives where a start date is not known); no "
                    "pool's redundancies take effect before it has run.")
    spread = []
    for r in rules.values():
        if r.counts is Counting.PROPOSED:
            spread.append(f"under {r.name} every redundancy proposed together counts, "
                          "however far apart the exits take effect")
        elif r.aggregate_days:
            spread.append(f"under {r.name} the losses of any {r.aggregate_days} days are "
                          "added up")
    if spread:
        said.append("Spreading the exits of one proposal over time does not remove a duty: "
                    + "; ".join(spread) + ".")
    said.append("These dates and duties are planned from the rule sets as published "
                "(docs/compliance.md); they are not legal advice: have them checked before "
                "anyone is told.")
    return said


def _counted(rule: RuleSet, n: int) -> str:
    """``n`` of what a rule counts, in words: "51 proposed redundancies", "60 employment
    losses within 90 days"."""
    one = n == 1
    if rule.counts is Counting.PROPOSED:
        return f"{n:,} proposed {'redundancy' if one else 'redundancies'}"
    days = rule.aggregate_days or rule.window_days
    return f"{n:,} employment {'loss' if one else 'losses'} within {days} days"


def scenario_periods(summary: Mapping[str, Any]) -> list[str]:
    """The plan's period labels, as its summary states them."""
    return [str(p) for p in summary.get("periods", [])]


def compliance_lines(summary: Mapping[str, Any]) -> list[str]:
    """The summary's ``compliance`` in a few lines (the CLI's run output, the workbook, the
    app): the announcement and the rules, each establishment with a duty (the duty, its
    count and lead time, the latest start and the exits' dates), those without, and what the
    dates cost. Empty for a plan without rules."""
    c = summary.get("compliance")
    if not c:
        return []
    names = ", ".join(r["name"] for r in c["rules"].values())
    out = [f"announced {c['announce_date']}; rules: {names}"]
    quiet = []
    for e in c["establishments"]:
        if e["triggered"]:
            out.append(f"{e['establishment']}: {'; '.join(e['obligations'])} "
                       f"(up to {e['proposed_redundancies']:,} redundancies may fall there, "
                       f"{e['lead_days']} days): start by {e['latest_start']}; exits take "
                       f"effect {e['first_effective_date']} to {e['last_effective_date']}")
        else:
            quiet.append(f"{e['establishment']} ({e['proposed_redundancies']:,})")
    if quiet:
        out.append("no duty triggered in " + ", ".join(quiet))
    cost = c.get("cost_of_dates")
    if cost is not None:
        out.append(f"complying with the dates costs "
                   f"{format_money(cost, summary.get('currency'))} over the horizon")
    return out
