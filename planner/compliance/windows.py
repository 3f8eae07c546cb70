"""What a rule set requires of a plan's exits: per establishment and window, the count that
counts, whether the rule triggers, the obligation, its lead time and the dates (pure: frames
in, frames out).

The exits come per establishment and effective date, in people: ``count`` (everyone who may
leave there) and ``full_time`` (those of them who may work full time: the rules that leave
part-timers out count these); optionally ``closing`` and ``closing_full_time``, those of
them who leave with a site, or a facility or operating unit within it, that shuts (a plant
closing counts only these); optionally ``pool`` and its ``cap`` (``cap_full_time``): the
most of that pool's exits that can fall there, whatever the window (a window counts each
pool's exits in it up to its cap). The establishments come with their workforce
(``workforce`` and ``full_time`` [people]).

Windows, per rule (:class:`planner.compliance.rules.Counting`):

``proposed``
    One window per establishment from the announcement, ``[announce, announce +
    window_days)``: every redundancy of the plan is proposed on the announce date, so all of
    them count, whenever each takes effect. Spreading exits over time removes no duty.
``effective``
    A window ``[d, d + window_days)`` from each date ``d`` on which exits take effect there
    (the window from an exit date holds every exit that any window starting between two exit
    dates would), and with ``aggregate_days`` a window ``[d, d + aggregate_days)`` from each
    as well: the losses of any such period are added up.

An establishment without exits has one row, from the announce date, with a count of 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd

from planner.compliance.rules import Counting, RuleSet

COLUMNS = ["establishment", "rule", "window_start", "window_end", "count", "threshold",
           "triggered", "obligation", "lead_days", "announce_date", "first_effective_date",
           "latest_start"]
"""The compliance table's columns (the plan's ``compliance`` table): dates as ``YYYY-MM-DD`` text;
``window_end`` is the first day after the window; ``threshold`` the fewest redundancies that
would trigger the rule there (empty where no tier applies to the establishment's size);
``latest_start`` the last day on which consultation or notice may start for the window's
first exit (empty where nothing triggers)."""
EXIT_COLUMNS = ["establishment", "effective_date", "count", "full_time"]
"""The exits' columns (``closing`` and ``closing_full_time`` optional, default 0; ``pool``
default each row its own, ``cap`` and ``cap_full_time`` default no cap)."""
SITE_COLUMNS = ["establishment", "workforce", "full_time"]
NONE = "none"
"""The obligation of a window that triggers nothing."""


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def evaluate(rule: RuleSet, exits: pd.DataFrame, sites: pd.DataFrame, announce: date, *,
             employer: int | None = None) -> pd.DataFrame:
    """The compliance rows of one rule (:data:`COLUMNS`), one per establishment and window.

    Parameters
    ----------
    rule : RuleSet
        The rule.
    exits : DataFrame
        :data:`EXIT_COLUMNS`: ``effective_date`` a :class:`datetime.date`, the counts
        [people].
    sites : DataFrame
        :data:`SITE_COLUMNS`: every establishment the rule applies to, with its workforce
        [people].
    announce : date
        When the plan's redundancies are proposed (consultation and notice start).
    employer : int, optional
        The employer's employees (full-time ones where the rule leaves part-timers out)
        [people]; a rule with ``employer_min_employees`` triggers nothing below it.
    """
    col, shut, cap = (("full_time", "closing_full_time", "cap_full_time")
                      if rule.excludes_part_time else ("count", "closing", "cap"))
    exits = exits.assign(**{c: exits[c] if c in exits else 0
                            for c in ("closing", "closing_full_time")})
    exits = exits.assign(**{c: exits[c] if c in exits else float("inf")
                            for c in ("cap", "cap_full_time")})
    if "pool" not in exits:
        exits = exits.assign(pool=range(len(exits)))
    covered = (rule.employer_min_employees is None or employer is None
               or employer >= rule.employer_min_employees)
    rows = []
    for site in sites.itertuples(index=False):
        workforce = int(site.full_time if rule.excludes_part_time else site.workforce)
        mine = exits[(exits["establishment"] == site.establishment) & (exits[col] > 0)]
        mine = pd.DataFrame({"date": mine["effective_date"], "pool": mine["pool"],
                             "count": mine[col], "closing": mine[shut], "cap": mine[cap]})
        mine = mine.sort_values("date", kind="stable")
        tiers = [t for t in rule.tiers if t.applies_to(workforce)
                 and (not t.requires_closing or mine["closing"].sum() > 0)]
        threshold = min((t.threshold(workforce) for t in tiers), default=None)
        for start, end, count, closing, first in _windows(rule, mine, announce):
            met = ([t for t in tiers if t.met(count, workforce, closing)] if covered else [])
            lead = max((t.lead_days for t in met), default=0)
            rows.append({
                "establishment": site.establishment, "rule": rule.id,
                "window_start": _iso(start), "window_end": _iso(end), "count": int(count),
                "threshold": threshold, "triggered": bool(met),
                "obligation": "; ".join(dict.fromkeys(t.obligation for t in met)) or NONE,
                "lead_days": int(lead), "announce_date": _iso(announce),
                "first_effective_date": _iso(first),
                "latest_start": _iso(first - timedelta(days=lead)) if met and first else None})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"threshold": "Int64", "count": int, "lead_days": int,
                       "triggered": bool})


def _counted(rows: pd.DataFrame) -> tuple[int, int]:
    """(count, closing count) of a window's exits: each pool's up to its cap."""
    if rows.empty:
        return 0, 0
    by = rows.groupby("pool").agg(count=("count", "sum"), closing=("closing", "sum"),
                                  cap=("cap", "first"))
    return (int(by["count"].clip(upper=by["cap"]).sum()),
            int(by["closing"].clip(upper=by["cap"]).sum()))


def _windows(rule: RuleSet, exits: pd.DataFrame, announce: date,
             ) -> list[tuple[date, date, int, int, date | None]]:
    """(start, end, count, closing count, first effective date) of each window of one
    establishment; ``exits`` holds ``date``, ``pool``, ``count``, ``closing`` and ``cap``,
    in date order."""
    if exits.empty:
        return [(announce, announce + timedelta(days=rule.window_days), 0, 0, None)]
    if rule.counts is Counting.PROPOSED:
        return [(announce, announce + timedelta(days=rule.window_days), *_counted(exits),
                 exits["date"].iloc[0])]
    out = []
    for days in (rule.window_days, rule.aggregate_days):
        if days is None:
            continue
        for d in dict.fromkeys(exits["date"]):
            end = d + timedelta(days=days)
            inside = exits[(exits["date"] >= d) & (exits["date"] < end)]
            out.append((d, end, *_counted(inside), d))
    return out


def required_lead(rows: pd.DataFrame) -> Mapping[str, int]:
    """Establishment -> the longest lead time any triggered window there requires [days]
    (0 where nothing triggers)."""
    lead = rows.assign(lead=rows["lead_days"].where(rows["triggered"], 0))
    return {str(k): int(v) for k, v in lead.groupby("establishment")["lead"].max().items()}
