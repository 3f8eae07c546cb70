"""Delayering: which teams lose their management layer, where their reports go, and why.

``levers.delayering`` (:class:`planner.scenario.model.Delayering`) folds a team whose
managers have a narrow span into the team it reports to. Spans here are the span lever's
(formulation §4.7): a team's direct reports are its individual contributors (FTE of its
roles that are not manager roles) and the heads of the teams below it (``reports_in``), per
FTE of its manager roles, at the start of the plan.

The teams are taken bottom up (the deepest in the team tree first), so a team that takes
the reports of a folded team below it is judged on its span after taking them: a layer goes
only where it stays narrow. A fold is refused, with the reason, where the team reports to
no other team, its managers have no reports to move, its manager posts are protected or
locked, the team above has no manager post, or the team above would go over the span cap.

Pure: frames and the scenario in, frozen records out. The model turns a fold into rows
(:func:`planner.optimise.families.delayering`, :func:`~planner.optimise.families.
span_of_control`); :mod:`planner.plan.structure` and the ledger state it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.errors import ScenarioError
from planner.scenario.model import Scenario

TOL = 1e-9


def _num(x: float) -> str:
    """A figure as a planner reads it: ``2`` for a whole number, else ``2.5``."""
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-6 else f"{x:,.1f}"


@dataclass(frozen=True)
class Fold:
    """One team considered for delayering: folded into ``into``, or left (``into`` None)
    with the reason.

    Attributes
    ----------
    team : str
        The team, as the plan names it.
    into : str or None
        The team whose managers take its reports (the nearest team above it that is not
        delayered itself); None where the fold is refused.
    parent : str or None
        The team it reports to.
    period : str
        The period by whose end its manager posts are gone (the scenario's label).
    period_index : int
        The same period, 0-based.
    manager_posts : float
        Its posts in manager roles at the start [posts].
    manager_fte : float
        Its FTE in manager roles at the start [FTE].
    reports_fte : float
        Its managers' direct reports at the start, with those of folded teams below it
        [FTE].
    heads_in : float
        FTE of other teams' posts reporting to its posts (its ``reports_in``) [FTE].
    reports_up : float
        FTE of its posts reporting to a post of ``parent`` [FTE].
    reason : str
        Why, in words (a sentence).
    """

    team: str
    into: str | None
    parent: str | None
    period: str
    period_index: int
    manager_posts: float
    manager_fte: float
    reports_fte: float
    heads_in: float
    reports_up: float
    reason: str

    @property
    def done(self) -> bool:
        """The team is delayered."""
        return self.into is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Fold:
        """Read back :meth:`to_dict`."""
        return cls(**{k: d[k] for k in cls.__dataclass_fields__})


def delayering_period(scenario: Scenario, n_periods: int) -> int:
    """The 0-based period by whose end delayered manager posts are gone.

    Raises
    ------
    ScenarioError
        At ``levers.delayering.period`` for a period after the horizon.
    """
    lev = scenario.levers.delayering
    if lev is None or lev.period is None:
        return n_periods - 1
    if lev.period > n_periods:
        raise ScenarioError("levers.delayering.period", f"expected 1 to {n_periods} (the "
                            f"horizon's periods), found {lev.period}")
    return lev.period - 1


def _depth(parent: dict[str, str | None]) -> dict[str, int]:
    out: dict[str, int] = {}
    for team in parent:
        seen, t, d = set(), team, 0
        while parent.get(t) is not None and t not in seen:  # a forest; guard all the same
            seen.add(t)
            t, d = parent[t], d + 1  # type: ignore[assignment]
        out[team] = d
    return out


def folds(scenario: Scenario, pools: pd.DataFrame, teams: pd.DataFrame,
          periods: tuple[str, ...]) -> tuple[Fold, ...]:
    """The teams ``levers.delayering`` delayers and the narrow teams it leaves, with why.

    Parameters
    ----------
    scenario : Scenario
        The scenario (``levers.delayering``, ``levers.span.max``, ``levers.locks``).
    pools : DataFrame
        The problem's pools: ``team``, ``role``, ``initial`` [FTE], ``people`` [posts],
        ``is_manager``, ``protected``.
    teams : DataFrame
        The problem's teams: ``team``, ``reports_in``, ``parent_team``, ``reports_up``.
    periods : tuple of str
        The period labels.

    Returns
    -------
    tuple of Fold
        One per narrow team (folded or refused), deepest first.
    """
    lev = scenario.levers.delayering
    if lev is None or scenario.pool_based or "parent_team" not in teams:
        return ()
    t_d = delayering_period(scenario, len(periods))
    label = periods[t_d]
    is_mgr = pools["is_manager"].to_numpy(bool)
    initial = pools["initial"].to_numpy(float)
    people = pools["people"].to_numpy(float) if "people" in pools else initial
    frame = pd.DataFrame({"team": pools["team"].astype(str), "mgr": initial * is_mgr,
                          "posts": people * is_mgr, "ic": initial * ~is_mgr,
                          "prot": is_mgr & pools["protected"].to_numpy(bool)})
    g = frame.groupby("team").agg(mgr=("mgr", "sum"), posts=("posts", "sum"),
                                  ic=("ic", "sum"), prot=("prot", "any"))
    t = teams.set_index(teams["team"].astype(str))
    parent = {str(k): (None if v is None or v != v else str(v))
              for k, v in t["parent_team"].items()}
    heads = t["reports_in"].astype(float).to_dict()
    up = t["reports_up"].astype(float).to_dict()
    mgr_roles = pools.loc[is_mgr, ["team", "role"]].astype(str)
    mgr_pools = set(zip(mgr_roles["team"], mgr_roles["role"], strict=True))
    locked: dict[str, float] = {}
    for lk in scenario.levers.locks:
        if (lk.team, lk.role) in mgr_pools and lk.fte > TOL and (
                lk.period is None or lk.period - 1 >= t_d):
            locked[lk.team] = locked.get(lk.team, 0.0) + lk.fte
    ic = {k: float(g["ic"].get(k, 0.0)) for k in parent}
    b = {k: float(heads.get(k, 0.0)) for k in parent}
    mgr = {k: float(g["mgr"].get(k, 0.0)) for k in parent}
    depth = _depth(parent)
    only = set(lev.teams)
    cap = scenario.levers.span.max
    out: list[Fold] = []
    folded: dict[str, str] = {}
    for team in sorted(parent, key=lambda k: (-depth[k], k)):
        if mgr[team] <= TOL or (only and team not in only):
            continue
        reports = ic[team] + b[team]
        if reports >= lev.min_span * mgr[team] - TOL:
            continue
        posts = float(g["posts"].get(team, 0.0))
        n = max(int(round(posts)), 1)
        took = sorted(k for k, v in folded.items() if v == team)
        with_ = (f" (with those of {', '.join(took)}, delayered into it)" if took else "")
        head = (f"{team}: {_num(posts)} manager{'' if n == 1 else 's'} "
                f"({_num(mgr[team])} FTE) for {_num(reports)} FTE of direct reports{with_}, "
                f"below the minimum span of {lev.min_span:g}")
        up_team = parent[team]
        why = None
        if up_team is None:
            why = "it reports to no other team, so there is no layer above to take its reports"
        elif reports <= TOL:
            why = "its managers have no direct reports to move"
        elif bool(g["prot"].get(team, False)):
            why = "its manager posts are protected (levers.protected_teams or protected_roles)"
        elif team in locked:
            why = (f"levers.locks holds {_num(locked[team])} FTE of its manager posts in "
                   f"{label}")
        elif mgr[up_team] <= TOL:
            why = (f"{up_team}, the team it reports to, has no post in a manager role to take "
                   "its reports")
        else:
            after = ic[up_team] + ic[team] + b[up_team] + b[team] - up.get(team, 0.0)
            if cap is not None and after > cap * mgr[up_team] + TOL:
                why = (f"its reports would give the managers of {up_team} "
                       f"{after / mgr[up_team]:.1f} direct reports per manager FTE, over the "
                       f"span cap of {cap:g}")
        if why is not None:
            out.append(Fold(team, None, up_team, label, t_d, posts, mgr[team], reports,
                            float(heads.get(team, 0.0)), float(up.get(team, 0.0)),
                            f"{head}; not delayered: {why}."))
            continue
        assert up_team is not None
        ic[up_team] += ic[team]
        b[up_team] += b[team] - up.get(team, 0.0)
        folded[team] = up_team
        out.append(Fold(team, up_team, up_team, label, t_d, posts, mgr[team], reports,
                        float(heads.get(team, 0.0)), float(up.get(team, 0.0)), head))
    final = []
    for f in out:
        if not f.done:
            final.append(f)
            continue
        into = f.into
        while into in folded:  # the team above is delayered too: its reports go higher
            into = folded[into]
        via = "" if into == f.parent else f" ({f.parent} is delayered too)"
        s = "" if f.manager_posts == 1 else "s"
        final.append(Fold(f.team, into, f.parent, f.period, f.period_index, f.manager_posts,
                          f.manager_fte, f.reports_fte, f.heads_in, f.reports_up,
                          f"{f.reason}; its reports move to the managers of {into}{via}, "
                          f"and its {_num(f.manager_posts)} manager post{s} "
                          f"{'goes' if s == '' else 'go'} by {f.period}."))
    return tuple(final)


def delayered_pools(found: tuple[Fold, ...], pools: pd.DataFrame) -> np.ndarray:
    """Per pool, the 0-based period from which it is removed by delayering (its team is
    delayered and its role is a manager role), -1 for the others."""
    at = {f.team: f.period_index for f in found if f.done}
    out = pools["team"].astype(str).map(at).fillna(-1).to_numpy(int)
    return np.where(pools["is_manager"].to_numpy(bool), out, -1)


def delayered_periods(data: Any) -> dict[tuple[str, str], str]:
    """(team, role) -> period label of every manager pool a problem's delayering removes
    (``data``: a :class:`planner.optimise.data.ProblemData`)."""
    gone = delayered_pools(data.delayering, data.pools)
    at = np.flatnonzero(gone >= 0)
    return {(str(data.pools["team"].iat[i]), str(data.pools["role"].iat[i])):
            data.periods[gone[i]] for i in at}


def _more(n: int, what: str) -> str:
    """``1 more team is`` or ``3 more teams are``."""
    return f"{n} more {what}{'' if n == 1 else 's'} {'is' if n == 1 else 'are'}"


def sentences(found: tuple[Fold, ...], shown: int = 5) -> list[str]:
    """The delayering in words: the teams delayered (the first ``shown`` each said in
    full) and those left, each with why."""
    done = [f for f in found if f.done]
    left = [f for f in found if not f.done]
    out: list[str] = []
    if done:
        posts = sum(f.manager_posts for f in done)
        out.append(f"Delayering removes {_num(posts)} manager post"
                   f"{'' if posts == 1 else 's'} in {len(done)} "
                   f"team{'' if len(done) == 1 else 's'}; the posts are a pool for "
                   "selection, not named managers.")
        out += [f.reason for f in done[:shown]]
        if len(done) > shown:
            out.append(f"{_more(len(done) - shown, 'team')} delayered (all in the plan "
                       "summary's structure.delayering).")
    out += [f.reason for f in left[:shown]]
    if len(left) > shown:
        out.append(f"{_more(len(left) - shown, 'narrow team')} not delayered (all in the "
                   "plan summary's structure.delayering).")
    return out
