"""The reskilling paths a scenario allows: its hand-written ``levers.reskilling`` list and the
paths ``levers.reskilling_auto`` suggests from role adjacency (:mod:`planner.work.adjacency`)
between the roles of the org. The optimiser plans on them and the independent checker
re-derives them from the scenario and the library, so both read the same list."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from planner.scenario.model import Levers, Reskilling, Scenario
from planner.work.adjacency import Adjacency
from planner.work.library import Library, load_library


@dataclass(frozen=True)
class ReskillingPath:
    """A reskilling path and where it comes from.

    Attributes
    ----------
    path : Reskilling
        The path (roles, capacity, cost, lead time, retention).
    suggested : bool
        True for a path of ``levers.reskilling_auto``, False for a hand-written one.
    similarity : float or None
        Similarity of the two roles (:func:`planner.work.adjacency.similarity_matrix`)
        for a suggested path [0-1].
    """

    path: Reskilling
    suggested: bool = False
    similarity: float | None = None


def suggested_paths(levers: Levers, library: Library,
                    roles: set[str]) -> tuple[ReskillingPath, ...]:
    """The paths ``levers.reskilling_auto`` suggests between ``roles`` (the org's roles of
    the library): from each role to its ``top_k`` nearest roles among them with a
    similarity of at least ``min_similarity``, leaving out the pairs ``levers.reskilling``
    names. Cost and lead time grow with distance as :class:`ReskillingAuto` says.

    Returns
    -------
    tuple of ReskillingPath
        By source role, nearest target first.
    """
    auto = levers.reskilling_auto
    known = set(library.roles["role_id"])
    present = sorted(roles & known)
    if auto is None or len(present) < 2:
        return ()
    adjacency = _adjacency(library)
    written = {(q.from_role, q.to_role) for q in levers.reskilling}
    far_cost = (auto.cost_per_fte if auto.cost_per_fte_at_zero_similarity is None
                else auto.cost_per_fte_at_zero_similarity)
    out = []
    idx = {r: i for i, r in enumerate(adjacency.role_ids)}
    for source in present:
        sims = adjacency.similarity[idx[source]]
        near = sorted((r for r in present if r != source), key=lambda r: (-sims[idx[r]], r))
        for target in near[:auto.top_k]:
            s = float(sims[idx[target]])
            if s < auto.min_similarity or (source, target) in written:
                continue
            distance = 1.0 - s
            path = Reskilling.model_validate({
                "from": source, "to": target,
                "capacity_per_period": auto.capacity_per_period,
                "cost_per_fte": round(auto.cost_per_fte
                                      + (far_cost - auto.cost_per_fte) * distance, 2),
                "lead_time_periods": min(24, auto.lead_time_periods + round(
                    auto.extra_lead_time_at_zero_similarity * distance))})
            out.append(ReskillingPath(path, suggested=True, similarity=s))
    return tuple(out)


@lru_cache(maxsize=4)
def _adjacency(library: Library) -> Adjacency:
    """The library's role adjacency, once per library (a loaded library is one object for as
    long as its files stay the same, so a sweep's runs compute it once)."""
    from planner.work.adjacency import similarity_matrix

    return similarity_matrix(library)


def reskilling_paths(scenario: Scenario, roles: set[str],
                     library: Library | None = None) -> tuple[ReskillingPath, ...]:
    """Every reskilling path of a scenario on an org with ``roles``: the hand-written ones
    first, in their order (so ``levers.reskilling.{i}`` is path ``i``), then the suggested
    ones. ``library`` defaults to the scenario's (``inputs.library``, else the bundled
    one); it is read only when ``levers.reskilling_auto`` is set."""
    lev = scenario.levers
    written = tuple(ReskillingPath(q) for q in lev.reskilling)
    if lev.reskilling_auto is None or scenario.pool_based:
        return written
    if library is None:
        inp = scenario.inputs.library
        library = load_library(scenario.resolve(inp) if inp else None)
    return written + suggested_paths(lev, library, roles)
