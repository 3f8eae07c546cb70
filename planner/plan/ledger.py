"""The position ledger: a plan's decisions on the organisation's posts, in whole counts.

The optimiser answers per pool (team x role) in FTE; an HR process works on posts. This
module turns the plan's staffing and moves into four tables (pure: frames in, frames out):

``pool_changes``
    team, role, period: ``filled_posts`` (the pool's posts held in the roster: the pool for
    selection), ``redundancies``, ``moves_out`` (redeployments to other pools),
    ``reskill_out`` (reskilling starts), ``vacancies_closed``, ``vacancies_filled``,
    ``new_posts`` [posts or people, whole]. Expected flows (attrition, losses during
    reskilling) are fractional and stay in the staffing table, never here.
``positions``
    One row per as-is position and per new post: ``position_id``, ``team``, ``role``,
    ``vacant``, ``posts``, ``fte`` [FTE], ``action``, ``period`` (the user's label; empty
    where nothing changes). ``action`` is ``keep``, ``close`` (a vacancy closed), ``fill`` (a
    vacancy filled: a hire), ``new`` (a new post: a requisition) or ``affected``.
``requisitions``
    team, role, period: ``posts``, ``fte`` [FTE], ``annual_cost`` [currency/year],
    ``one_off_cost`` (the hiring cost) [currency] of the new posts, and ``kind``: ``pool``
    (a pool's new posts) or ``ai_operations`` (the posts that run the AI execution layer,
    :func:`ai_operations`).
``alternatives``
    Suitable alternative employment: for each affected pool, every post its people could
    be offered instead of redundancy (see :func:`alternatives`).

Two rules, stated to the user:

* **The planner never picks which filled post or person goes.** The counts belong to the
  pool; every filled post of a pool from which the plan removes anyone (redundancy, move or
  reskilling, in any period) is ``affected``, with the period of the pool's first removal:
  the pool for selection a fair, legal process then works through. Manager posts too, and
  every filled post of a manager pool that delayering removes (``levers.delayering``).
* **A vacancy is a post, not a person**, so which vacant posts close and which fill may be
  chosen: the ledger takes a pool's vacant posts in the roster's order (its files as given,
  row by row), the closures first (earliest period first), then the fills; the rest stay
  open (``keep``).

Hires reconcile: ``new_posts + vacancies_filled`` is the staffing table's hires in people,
per pool and period, and the requisitions' posts are the new posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.domain import MoveKind
from planner.optimise.data import UNMATCHED_ROLE, team_names

POOL = ["team", "role"]
POOL_PERIOD = ["team", "role", "period"]
POSITION_COLUMNS = ["position_id", "team", "role", "vacant", "posts", "fte", "action",
                    "period"]
POOL_CHANGE_COLUMNS = ["team", "role", "period", "filled_posts", "redundancies", "moves_out",
                       "reskill_out", "vacancies_closed", "vacancies_filled", "new_posts"]
REQUISITION_COLUMNS = ["team", "role", "period", "posts", "fte", "annual_cost",
                       "one_off_cost", "kind"]
AI_OPERATIONS_TEAM = "AI operations"
"""The team the AI execution layer's operations posts join (one for the organisation)."""
AI_OPERATIONS_ROLE = "ai_operations"
"""Their role."""
ALTERNATIVE_COLUMNS = ["team", "role", "period", "position_id", "to_team", "to_role",
                       "post", "to_period", "fte", "why"]
REMOVALS = ("redundancies", "moves_out", "reskill_out")
"""The pool_changes columns that take people out of a pool (and so make its posts
affected)."""
NEW_POST_PREFIX = "new-"
"""Position ids of new posts: ``new-0001`` ... in period, team and role order."""


class Action:
    """The ledger's actions on a post (the ``positions`` table's ``action``)."""

    KEEP = "keep"
    CLOSE = "close"
    FILL = "fill"
    NEW = "new"
    AFFECTED = "affected"
    ALL = (KEEP, CLOSE, FILL, NEW, AFFECTED)


@dataclass(frozen=True)
class Ledger:
    """The four ledger tables of a plan (columns in the module docstring)."""

    positions: pd.DataFrame
    pool_changes: pd.DataFrame
    requisitions: pd.DataFrame
    alternatives: pd.DataFrame


# --- People from FTE ---------------------------------------------------------------------------
# A plan solved in whole people (``solver.whole_people``, planner/optimise/whole.py) gives
# its counts in the staffing table's ``*_people`` and ``*_posts`` columns, and the ledger uses
# them as they are. Without them (a plan in FTE: pool mode, or written before them) a
# pool's decisions in people are their FTE divided by its ``fte_per_person``, rounded (hires:
# the vacancies filled and the new posts, the FTE hired beyond them, so rounded); its
# vacancies closed and filled are counted in vacant posts (their FTE over the FTE per vacant
# post), rounded on the running total over the periods and never more than the pool's vacant
# posts, so that a vacancy closed over two periods is one post, not one in each.
def _contract_defaults(roster: pd.DataFrame | None, staffing: pd.DataFrame,
                       team_by: str = "team") -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The roster and staffing table with the issue-14 contract's columns, defaulted where
    absent: ``vacant`` False; ``posts`` 1 (a pool row: ``max(1, ceil(fte))``);
    ``fte_per_person`` the pool's held FTE per held post (the vacant posts' FTE per post
    when none is held; 1.0 without a roster); the vacancy FTE columns 0; each people column
    its FTE column divided by ``fte_per_person``, rounded; the vacancy counts and hires as
    the comment above says."""
    if roster is not None:
        roster = roster.copy()
        if "vacant" not in roster:
            roster["vacant"] = False
        if "posts" not in roster:
            pool = roster["is_pool"].astype(bool) if "is_pool" in roster else False
            roster["posts"] = np.where(pool, np.maximum(1, np.ceil(
                roster["fte"].to_numpy(float) - 1e-9)), 1).astype(int)
    st = staffing.copy()
    if "fte_per_person" not in st:
        if roster is None:
            st["fte_per_person"] = 1.0
        else:
            r = _pooled(roster, team_by)
            held = r[~r["vacant"]].groupby(POOL)[["fte", "posts"]].sum()
            empty = r[r["vacant"]].groupby(POOL)[["fte", "posts"]].sum()
            fpp = (held["fte"] / held["posts"]).combine_first(empty["fte"] / empty["posts"])
            key = pd.MultiIndex.from_frame(st[POOL].astype(str))
            st["fte_per_person"] = fpp.reindex(key).fillna(1.0).to_numpy(float)
    for col in ("vacancies_closed", "vacancies_filled"):
        if col not in st:
            st[col] = 0.0
    fpp = st["fte_per_person"].to_numpy(float)
    for col, fte in (("redundancies_people", "redundancies"),
                     ("redeploy_out_people", "redeploy_out")):
        if col not in st:
            st[col] = np.rint(st[fte].to_numpy(float) / fpp).astype(int)
    if "vacancies_closed_posts" not in st:
        posts = np.zeros(len(st))
        per_post = fpp
        if roster is not None:
            r = _pooled(roster, team_by)
            empty = r[r["vacant"]].groupby(POOL)[["fte", "posts"]].sum()
            key = pd.MultiIndex.from_frame(st[POOL].astype(str))
            posts = empty["posts"].reindex(key).fillna(0).to_numpy(float)
            per_post = (empty["fte"] / empty["posts"]).reindex(key).to_numpy(float)
            per_post = np.where(np.isfinite(per_post), per_post, fpp)
        groups = pd.MultiIndex.from_frame(st[POOL].astype(str)).factorize()[0]
        closed = running_whole(st["vacancies_closed"].to_numpy(float) / per_post, groups,
                               None if roster is None else posts)
        filled = running_whole(st["vacancies_filled"].to_numpy(float) / per_post, groups,
                               None if roster is None else posts - pd.Series(closed).groupby(
                                   groups).transform("sum").to_numpy())
        st["vacancies_closed_posts"], st["vacancies_filled_posts"] = closed, filled
    if "hires_people" not in st:  # the vacancies filled and the new posts (hires beyond them)
        new = (st["hires"].to_numpy(float) - st["vacancies_filled"].to_numpy(float)).clip(0.0)
        st["hires_people"] = st["vacancies_filled_posts"].to_numpy(int) + np.rint(
            new / fpp).astype(int)
    return roster, st


def running_whole(values: np.ndarray, groups: np.ndarray, cap: np.ndarray | None = None,
                  ) -> np.ndarray:
    """Whole counts for ``values`` (one row per period, in the periods' order, within each
    group of ``groups``) whose running total is the running total of ``values`` rounded,
    at most ``cap`` (the group's most, the same on each of its rows)."""
    v = pd.Series(np.clip(np.asarray(values, float), 0.0, None))
    run = np.rint(v.groupby(groups).cumsum().to_numpy() + 1e-9)
    if cap is not None:
        run = np.minimum(run, np.floor(np.asarray(cap, float) + 1e-9))
    prev = pd.Series(run).groupby(groups).shift(1).fillna(0.0).to_numpy()
    return (run - prev).astype(int)


# -----------------------------------------------------------------------------------------------


def _pooled(roster: pd.DataFrame, team_by: str) -> pd.DataFrame:
    """The roster's positions with the plan's pool: ``team`` (by ``team_by``, as the plan
    names teams: :func:`planner.optimise.data.team_names`) and ``role`` (the matched role,
    :data:`planner.optimise.data.UNMATCHED_ROLE` where none)."""
    return roster.assign(team=team_names(roster[team_by]).to_numpy(),
                         role=roster["role_id"].fillna(UNMATCHED_ROLE).astype(str).to_numpy(),
                         vacant=roster["vacant"].astype(bool).to_numpy(),
                         posts=roster["posts"].astype(int).to_numpy())


def whole_split(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Whole numbers for ``values`` that add up, within each group, to the group's total
    rounded: each value rounded down, the units left going to the largest remainders (ties:
    the first). Values are non-negative."""
    v = np.clip(np.asarray(values, float), 0.0, None)
    if len(v) == 0:
        return np.zeros(0, int)
    low = np.floor(v + 1e-9)
    f = pd.DataFrame({"g": pd.factorize(np.asarray(groups))[0], "v": v, "low": low,
                      "rest": v - low, "i": np.arange(len(v))})
    sums = f.groupby("g")[["v", "low"]].transform("sum")
    left = np.rint(sums["v"].to_numpy() + 1e-9) - sums["low"].to_numpy()
    rank = f.sort_values(["g", "rest", "i"], ascending=[True, False, True]).groupby(
        "g").cumcount().reindex(f.index).to_numpy()
    return (low + (rank < left)).astype(int)


def per_person(staffing: pd.DataFrame, roster: pd.DataFrame | None = None,
               team_by: str = "team") -> pd.Series:
    """Each pool's FTE per person [FTE/person], indexed by team and role (the staffing
    table's ``fte_per_person``)."""
    _, st = _contract_defaults(roster, staffing, team_by)
    st = st.astype({"team": str, "role": str})
    return st.groupby(POOL)["fte_per_person"].first()


def with_people(moves: pd.DataFrame, fte_per_person: pd.Series) -> pd.DataFrame:
    """The moves table with ``people`` beside ``fte``: whole people leaving the from-pool,
    each from-pool's moves in a period adding up to its leavers in people (the FTE divided
    by the pool's FTE per person, rounded), split among its rows by largest remainder."""
    if "people" in moves:
        return moves
    key = pd.MultiIndex.from_frame(moves[["from_team", "from_role"]].astype(str))
    fpp = fte_per_person.reindex(key).fillna(1.0).to_numpy(float)
    groups = (moves["from_team"].astype(str) + "\0" + moves["from_role"].astype(str) + "\0"
              + moves["period"].astype(str)).to_numpy()
    people = whole_split(moves["fte"].to_numpy(float) / fpp, groups)
    at = list(moves.columns).index("fte") + 1
    out = moves.copy()
    out.insert(at, "people", people)
    return out


def pool_changes(roster: pd.DataFrame | None, staffing: pd.DataFrame,
                 moves: pd.DataFrame | None) -> pd.DataFrame:
    """Each pool's decisions per period, in whole posts and people (``pool_changes`` in the
    module docstring). ``roster`` is pooled (:func:`_pooled`); without one (a pool
    scenario), the filled posts are the pool's starting FTE in people. Moves out count the
    moves table's ``people`` (:func:`with_people`) by kind; without a moves table, all of a
    pool's leavers are ``moves_out``."""
    st = staffing
    out = st[POOL_PERIOD].astype(str).copy()
    if roster is not None:
        held = roster[~roster["vacant"]].groupby(POOL)["posts"].sum()
        key = pd.MultiIndex.from_frame(out[POOL])
        out["filled_posts"] = held.reindex(key).fillna(0).to_numpy(int)
    else:
        first = st.groupby(POOL, sort=False)["fte_start"].transform("first")
        out["filled_posts"] = np.rint(first / st["fte_per_person"]).astype(int).to_numpy()
    out["redundancies"] = st["redundancies_people"].to_numpy(int)
    if moves is not None and len(moves):
        m = moves.astype({"from_team": str, "from_role": str, "period": str})
        by = m.groupby(["from_team", "from_role", "period", "kind"])["people"].sum()
        key = pd.MultiIndex.from_frame(out[POOL_PERIOD])
        for col, kind in (("moves_out", MoveKind.REDEPLOY), ("reskill_out", MoveKind.RESKILL)):
            part = by.xs(kind.value, level="kind") if kind.value in by.index.get_level_values(
                "kind") else pd.Series(dtype=int)
            out[col] = part.reindex(key).fillna(0).to_numpy(int)
    elif moves is not None:
        out["moves_out"], out["reskill_out"] = 0, 0
    else:
        out["moves_out"], out["reskill_out"] = st["redeploy_out_people"].to_numpy(int), 0
    out["vacancies_closed"] = st["vacancies_closed_posts"].to_numpy(int)
    out["vacancies_filled"] = st["vacancies_filled_posts"].to_numpy(int)
    out["new_posts"] = (st["hires_people"].to_numpy(int)
                        - st["vacancies_filled_posts"].to_numpy(int)).clip(0)
    return out[POOL_CHANGE_COLUMNS].reset_index(drop=True)


def _first_period(changes: pd.DataFrame, cols: Iterable[str]) -> pd.Series:
    """The first period (in the table's order) in which a pool has any of ``cols``."""
    any_ = changes[list(cols)].sum(axis=1) > 0
    return changes[any_].groupby(POOL, sort=False)["period"].first()


def positions(roster: pd.DataFrame, changes: pd.DataFrame, staffing: pd.DataFrame,
              delayered: Mapping[tuple[str, str], str] | None = None) -> pd.DataFrame:
    """The position ledger (``positions`` in the module docstring): every as-is position
    once, then every new post, from the pooled roster (:func:`_pooled`) and the pool
    changes (:func:`pool_changes`, whose periods are in the plan's order). ``delayered``
    maps the manager pools that delayering removes (team, role) to the period by which
    they go: their filled posts are affected whatever removes the people."""
    r = roster.reset_index(drop=True)
    key = pd.MultiIndex.from_frame(r[POOL])
    action = np.full(len(r), Action.KEEP, dtype=object)
    period = np.full(len(r), None, dtype=object)
    # Filled posts: the whole pool is affected from its first removal on (a delayered
    # pool, where no one is removed before, by its delayering period).
    first = _first_period(changes, REMOVALS)
    if delayered:
        gone = pd.Series(dict(delayered), dtype=object)
        gone.index = pd.MultiIndex.from_tuples(gone.index, names=POOL)
        first = first.combine_first(gone)
    hit = ~r["vacant"].to_numpy() & key.isin(first.index)
    action[hit] = Action.AFFECTED
    period[hit] = first.reindex(key[hit]).to_numpy()
    # Vacant posts: in the roster's order, the closures (by period), then the fills.
    vac = r.index[r["vacant"].to_numpy()]
    if len(vac):
        order = r.loc[vac]
        order = order.assign(_i=order.index, _slot=order.groupby(POOL, sort=False)[
            "posts"].cumsum() - order["posts"])
        slots = []
        for act, col in ((Action.CLOSE, "vacancies_closed"), (Action.FILL, "vacancies_filled")):
            c = changes[changes[col] > 0]
            slots.append(pd.DataFrame({"team": np.repeat(c["team"].to_numpy(), c[col]),
                                       "role": np.repeat(c["role"].to_numpy(), c[col]),
                                       "period": np.repeat(c["period"].to_numpy(), c[col]),
                                       "act": act}))
        slots_ = pd.concat(slots, ignore_index=True)
        slots_["_slot"] = slots_.groupby(POOL, sort=False).cumcount()
        got = order[[*POOL, "_slot", "_i"]].merge(slots_, on=[*POOL, "_slot"])
        action[got["_i"].to_numpy(int)] = got["act"].to_numpy()
        period[got["_i"].to_numpy(int)] = got["period"].to_numpy()
    as_is = pd.DataFrame({"position_id": r["position_id"].astype(str).to_numpy(),
                          "team": r["team"].to_numpy(), "role": r["role"].to_numpy(),
                          "vacant": r["vacant"].to_numpy(bool),
                          "posts": r["posts"].to_numpy(int),
                          "fte": r["fte"].to_numpy(float), "action": action,
                          "period": period})
    new = _new_posts(changes, staffing, set(as_is["position_id"]))
    out = pd.concat([as_is, new], ignore_index=True)[POSITION_COLUMNS]
    # Text, empty for a kept post, whether or not any position changes (as read back).
    return out.assign(period=out["period"].astype("str"))


def _new_fte(staffing: pd.DataFrame) -> np.ndarray:
    """The FTE of each pool-period's new posts: its hires less its vacancies filled and its
    backfill of leavers [FTE]."""
    backfill = staffing["backfill"].to_numpy(float) if "backfill" in staffing else 0.0
    return (staffing["hires"].to_numpy(float) - staffing["vacancies_filled"].to_numpy(float)
            - backfill).clip(0.0)


def _new_posts(changes: pd.DataFrame, staffing: pd.DataFrame, taken: set[str]) -> pd.DataFrame:
    """One row per new post, each holding its pool-period's new FTE shared equally."""
    n = changes["new_posts"].to_numpy(int)
    fte = _new_fte(staffing)
    each = np.divide(fte, n, out=np.zeros(len(n)), where=n > 0)
    rep = np.repeat(np.arange(len(changes)), n)
    width = max(4, len(str(len(rep))))
    prefix = NEW_POST_PREFIX
    ids = [f"{prefix}{k + 1:0{width}d}" for k in range(len(rep))]
    while taken.intersection(ids):  # a roster that already uses such ids
        prefix = "planner-" + prefix
        ids = [f"{prefix}{k + 1:0{width}d}" for k in range(len(rep))]
    c = changes.iloc[rep]
    new = pd.DataFrame({"position_id": ids, "team": c["team"].to_numpy(),
                        "role": c["role"].to_numpy(), "vacant": True, "posts": 1,
                        "fte": each[rep], "action": Action.NEW,
                        "period": c["period"].to_numpy()})
    return new.astype({"vacant": bool, "posts": int, "fte": float})


def requisitions(changes: pd.DataFrame, staffing: pd.DataFrame) -> pd.DataFrame:
    """The new posts per pool and period (``requisitions`` in the module docstring): the
    FTE hired into new posts, its pay a year at the pool's cost per FTE and its hiring
    cost."""
    fte = _new_fte(staffing)
    req = changes[POOL_PERIOD].assign(
        posts=changes["new_posts"].to_numpy(int), fte=fte,
        annual_cost=fte * staffing["annual_cost_per_fte"].to_numpy(float),
        one_off_cost=fte * staffing["hire_cost_per_fte"].to_numpy(float), kind="pool")
    return req[req["posts"] > 0][REQUISITION_COLUMNS].reset_index(drop=True)


def ai_operations(capabilities: pd.DataFrame | None, ops: Mapping[str, tuple[float, float]],
                  periods: Sequence[str], years: float, hire_cost: float) -> pd.DataFrame:
    """The posts that run the AI execution layer, as requisitions (``kind`` ``ai_operations``).

    A capability with ``ops_hours_per_fte`` needs one FTE of AI operations per that many
    hours it executes a year; the plan prices that work by the hour (its cost per executed
    hour includes ``ops_cost_per_fte / ops_hours_per_fte``). People come in whole posts, so
    the layer's posts in a period are the organisation's need rounded up (all capabilities
    together, one :data:`AI_OPERATIONS_TEAM`), and a period requisitions the posts above the
    most any earlier period had: posts are not cut when the need dips. ``annual_cost`` is
    the posts at the need-weighted ``ops_cost_per_fte`` of the period; it can exceed the
    plan's hourly figure by up to one post's cost.

    Parameters
    ----------
    capabilities : DataFrame or None
        The plan's capabilities table (``capability``, ``period``, ``executed_hours`` [h]).
    ops : mapping
        Capability id -> (``ops_hours_per_fte`` [h/FTE-year], ``ops_cost_per_fte``
        [currency/FTE-year]), for the capabilities that set the first.
    periods : sequence of str
        The period labels in order.
    years : float
        Length of one period [years].
    hire_cost : float
        Hiring cost per post [currency].
    """
    if capabilities is None or capabilities.empty or not ops:
        return pd.DataFrame(columns=REQUISITION_COLUMNS)
    caps = capabilities[capabilities["capability"].isin(list(ops))]
    hours = caps.groupby(["period", "capability"])["executed_hours"].sum()
    rows, most = [], 0
    for period in periods:
        need = cost = 0.0
        for cap, (per_fte, cost_fte) in ops.items():
            fte = float(hours.get((period, cap), 0.0)) / (per_fte * years)
            need += fte
            cost += fte * cost_fte
        posts = int(np.ceil(need - 1e-6))
        if posts > most:
            new = posts - most
            rows.append({"team": AI_OPERATIONS_TEAM, "role": AI_OPERATIONS_ROLE,
                         "period": period, "posts": new, "fte": float(new),
                         "annual_cost": new * cost / need, "one_off_cost": new * hire_cost,
                         "kind": "ai_operations"})
            most = posts
    return pd.DataFrame(rows, columns=REQUISITION_COLUMNS)


def alternatives(ledger: pd.DataFrame, scope_of: Mapping[str, str],
                 paths: Iterable[tuple[str, str]], periods: Sequence[str]) -> pd.DataFrame:
    """Suitable alternative employment: for each affected pool, the posts its people could
    be offered before any redundancy. A post qualifies when it is open to a person (a
    vacancy the plan keeps open, or one it fills or a new post it creates in or after the
    pool's first removal), lies within the pool's redeployment scope (``scope_of``: team ->
    its scope key, ``levers.redeployment.scope``) and is of the same role or of a role a
    reskilling path leads to from the pool's role (``paths``: from -> to roles). Columns
    :data:`ALTERNATIVE_COLUMNS`: the pool and its period, the post (``position_id``,
    ``to_team``, ``to_role``, ``post`` "vacancy" or "new post", ``to_period`` (empty for a
    vacancy kept open), ``fte``) and ``why`` ("same role" or "reskilling path")."""
    order = {p: i for i, p in enumerate(periods)}
    hit = ledger[ledger["action"] == Action.AFFECTED].groupby(POOL, sort=False)[
        "period"].first().reset_index()
    posts = ledger[ledger["action"].isin([Action.KEEP, Action.FILL, Action.NEW])
                   & ledger["vacant"]]
    if hit.empty or posts.empty:
        return pd.DataFrame(columns=ALTERNATIVE_COLUMNS)
    posts = posts.rename(columns={"team": "to_team", "role": "to_role",
                                  "period": "to_period"})
    posts = posts.assign(post=np.where(posts["action"] == Action.NEW, "new post", "vacancy"),
                         _scope=posts["to_team"].map(scope_of))
    # The roles a pool's people could take: their own, then the reskilling paths' targets.
    targets = pd.concat([pd.DataFrame({"role": hit["role"].unique(), "why": "same role"}),
                         pd.DataFrame(list(paths), columns=["role", "to_role"]).assign(
                             why="reskilling path")], ignore_index=True)
    targets["to_role"] = targets["to_role"].fillna(targets["role"])
    targets = targets.drop_duplicates(["role", "to_role"])
    reach = hit.assign(_scope=hit["team"].map(scope_of)).merge(targets, on="role")
    pairs = reach.merge(posts, on=["_scope", "to_role"])
    t0 = pairs["period"].map(order)
    t1 = pairs["to_period"].map(order)
    pairs = pairs[t1.isna() | (t1 >= t0)]
    pairs = pairs.assign(_same=pairs["why"] != "same role").sort_values(
        ["team", "role", "_same", "to_team", "to_role", "position_id"], kind="stable")
    return pairs[ALTERNATIVE_COLUMNS].reset_index(drop=True)


def build_ledger(roster: pd.DataFrame | None, staffing: pd.DataFrame,
                 moves: pd.DataFrame | None, *, team_by: str = "team",
                 periods: Sequence[str] = (), scope_of: Mapping[str, str] | None = None,
                 paths: Iterable[tuple[str, str]] = (),
                 delayered: Mapping[tuple[str, str], str] | None = None) -> Ledger:
    """The plan's ledger tables (module docstring) from its roster, staffing and moves.

    Parameters
    ----------
    roster : DataFrame or None
        The canonical roster the plan was made from (None for a pool scenario: no
        positions, the pools' filled posts are their starting FTE in people).
    staffing : DataFrame
        The plan's staffing table (:class:`planner.schema.StaffingSchema`).
    moves : DataFrame or None
        The plan's moves with their ``people`` (:func:`with_people`).
    team_by : str
        The roster column the plan's teams are (``inputs.team_by``).
    periods : sequence of str
        The period labels in order (default: the staffing table's order).
    scope_of : mapping, optional
        Team -> its redeployment scope key (default: each team its own scope).
    paths : iterable of (str, str)
        The reskilling paths' (from role, to role).
    delayered : mapping, optional
        (team, role) -> period label: the manager pools delayering removes
        (``levers.delayering``); all their filled posts are ``affected``.
    """
    periods = list(periods) or list(dict.fromkeys(staffing["period"].astype(str)))
    roster_, st = _contract_defaults(roster, staffing, team_by)
    pooled = None if roster_ is None else _pooled(roster_, team_by)
    st = st.assign(team=st["team"].astype(str), role=st["role"].astype(str),
                   period=st["period"].astype(str),
                   _k=st["period"].astype(str).map({p: i for i, p in enumerate(periods)}))
    st = st.sort_values(["team", "role", "_k"], kind="stable").reset_index(drop=True)
    changes = pool_changes(pooled, st, moves)
    if pooled is None:
        ledger = pd.DataFrame(columns=POSITION_COLUMNS).astype(
            {"vacant": bool, "posts": int, "fte": float})
    else:
        ledger = positions(pooled, changes, st, delayered)
    scope = dict(scope_of) if scope_of is not None else {}
    scope = {t: scope.get(t, t) for t in set(st["team"].astype(str))}
    return Ledger(ledger, changes, requisitions(changes, st),
                  alternatives(ledger, scope, paths, periods))

