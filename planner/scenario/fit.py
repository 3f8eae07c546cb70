"""Fitting a scenario to a roster: a shipped or saved scenario pointed at the roster in use.

A scenario written for one roster names that roster's teams and roles in its levers
(protected teams, locks, reskilling paths, per-team bounds ...). Run on another roster, a
name it lacks makes the run fail (:mod:`planner.optimise.data` refuses misspelt names), so
fitting leaves those entries out; the app does this when a planner loads a shipped scenario
or a saved version on their own roster.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any


def fit_to_roster(doc: Mapping[str, Any], inputs: Mapping[str, Any], *,
                  teams: Iterable[str] | None = None,
                  roles: Iterable[str] | None = None) -> dict[str, Any]:
    """A copy of a scenario document pointed at a roster.

    Parameters
    ----------
    doc : mapping
        The scenario document.
    inputs : mapping
        The ``inputs`` keys that say how to read the roster (``roster``, ``preset``,
        ``mapping``, ``team_by``, ``on_cost_rate``, ``skip_error_rows`` ...); they replace the
        document's own.
    teams, roles : iterables of str, optional
        The teams (by the ``team_by`` column) and role ids the roster has; the levers'
        entries that name any other are left out. Not given (the roster cannot be read
        yet): the levers are kept as they are.
    """
    out = copy.deepcopy(dict(doc))
    out["inputs"] = {**(out.get("inputs") or {}), **inputs}
    if teams is None or roles is None:
        return out
    teams, roles = set(teams), set(roles)
    lev = out.setdefault("levers", {})
    lev["reskilling"] = [r for r in lev.get("reskilling", [])
                         if r["from"] in roles and r["to"] in roles]
    lev["locks"] = [lk for lk in lev.get("locks", [])
                    if lk["team"] in teams and lk["role"] in roles]
    lev["protected_teams"] = [t for t in lev.get("protected_teams", []) if t in teams]
    lev["protected_roles"] = [r for r in lev.get("protected_roles", []) if r in roles]
    for key, field, names in (("hiring", "role_caps", roles), ("attrition", "roles", roles),
                              ("team_fte", "teams", teams), ("demand_growth", "teams", teams)):
        sub = lev.get(key) or {}
        if sub.get(field):
            sub[field] = {k: v for k, v in sub[field].items() if k in names}
    return out
