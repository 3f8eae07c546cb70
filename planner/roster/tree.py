"""Array algorithms on reporting lines, fast enough for a million positions.

A roster's reporting lines form a *functional graph*: every position has at most one
manager. Stored as an integer ``parent`` array (``-1`` for a root), depths, cycles and
subtree roll-ups are computed with numpy in O(n log depth) instead of Python loops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ROOT = -1
"""Parent index of a root."""
MISSING = -2
"""Parent index of a position whose manager is not in the roster."""


def parent_index(position_ids: pd.Series, manager_ids: pd.Series) -> np.ndarray:
    """Index of each position's manager in ``position_ids``.

    Returns an int64 array: the manager's index, ``ROOT`` (-1) where the manager is blank,
    ``MISSING`` (-2) where the manager id is not a position in the roster.
    """
    ids = pd.Index(position_ids.astype(str))
    mgr = manager_ids.astype("string")
    blank = mgr.isna() | (mgr.fillna("").str.strip() == "")
    idx = ids.get_indexer(mgr.fillna("").astype(str))
    out = np.where(idx >= 0, idx, MISSING).astype(np.int64)
    out[blank.to_numpy(dtype=bool)] = ROOT
    return out


@dataclass(frozen=True)
class Hierarchy:
    """A resolved reporting hierarchy.

    Attributes
    ----------
    parent : ndarray of int64
        Manager's index per position; -1 for a root. Missing managers, self-reports and
        one member of each cycle are made roots here so the hierarchy is a forest.
    depth : ndarray of int64
        Layer of each position, 1 for a root.
    cycles : tuple of tuple of int
        Each reporting cycle as found in the input, as position indices in reporting
        order (a reports to b reports to ... reports to a).
    broken : ndarray of int64
        Indices whose reporting line was cut to make a forest (missing manager,
        self-report, or the member chosen to break a cycle).
    """

    parent: np.ndarray
    depth: np.ndarray
    cycles: tuple[tuple[int, ...], ...]
    broken: np.ndarray

    @property
    def roots(self) -> np.ndarray:
        """Indices of the roots."""
        return np.flatnonzero(self.parent < 0)

    @property
    def layers(self) -> int:
        """Number of layers (the deepest depth); 0 for an empty roster."""
        return int(self.depth.max()) if len(self.depth) else 0


def depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node (root = 1) by pointer jumping; -1 for nodes in or under a cycle.

    ``parent`` holds a node's parent index, or a negative number for a root.
    """
    n = len(parent)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.arange(n, dtype=np.int64)
    is_root = parent < 0
    anc = np.where(is_root, idx, parent).astype(np.int64)
    dist = np.where(is_root, 0, 1).astype(np.int64)
    for _ in range(int(np.ceil(np.log2(n + 1))) + 2):
        nxt = anc[anc]
        if np.array_equal(nxt, anc):
            break
        dist = dist + dist[anc]
        anc = nxt
    reached = is_root[anc]
    return np.where(reached, dist + 1, -1).astype(np.int64)


def find_cycles(parent: np.ndarray, unresolved: np.ndarray) -> list[list[int]]:
    """The distinct cycles among nodes that do not reach a root.

    Each cycle is returned starting from its member that comes first in the input, in
    reporting order.
    """
    state = np.zeros(len(parent), dtype=np.int64)  # 0 new, >0 walk id that visited it
    cycles: list[list[int]] = []
    for walk, start in enumerate(np.flatnonzero(unresolved), start=1):
        if state[start]:
            continue
        path: list[int] = []
        node = int(start)
        while node >= 0 and not state[node]:
            state[node] = walk
            path.append(node)
            node = int(parent[node])
        if node >= 0 and state[node] == walk:
            cyc = path[path.index(node):]
            first = cyc.index(min(cyc))
            cycles.append(cyc[first:] + cyc[:first])
    return cycles


def resolve(parent: np.ndarray) -> Hierarchy:
    """Turn raw parent indices (with MISSING, self-reports and cycles) into a forest."""
    p = parent.astype(np.int64).copy()
    idx = np.arange(len(p), dtype=np.int64)
    broken = (p == MISSING) | (p == idx)
    p[broken] = ROOT
    d = depths(p)
    cycles: list[list[int]] = []
    if (d < 0).any():
        cycles = find_cycles(p, d < 0)
        cut = np.array([c[0] for c in cycles], dtype=np.int64)
        p[cut] = ROOT
        broken[cut] = True
        d = depths(p)
    return Hierarchy(parent=p, depth=d, cycles=tuple(tuple(c) for c in cycles),
                     broken=np.flatnonzero(broken))


def rollup(parent: np.ndarray, depth: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Sum ``values`` over every node's subtree (the node included).

    Works level by level from the deepest layer up; ``parent`` must be a forest.
    """
    total = np.asarray(values, dtype=np.float64).copy()
    if len(total) == 0:
        return total
    order = np.argsort(-depth, kind="stable")
    d_sorted = depth[order]
    bounds = np.flatnonzero(np.diff(d_sorted)) + 1
    for level_nodes in np.split(order, bounds):
        par = parent[level_nodes]
        ok = par >= 0
        np.add.at(total, par[ok], total[level_nodes[ok]])
    return total


def count_children(parent: np.ndarray) -> np.ndarray:
    """Number of direct reports of each node."""
    has = parent >= 0
    return np.bincount(parent[has], minlength=len(parent)).astype(np.int64)
