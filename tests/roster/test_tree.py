"""Property tests of the array algorithms on reporting lines."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.roster import tree


@st.composite
def forests(draw: st.DrawFn, max_size: int = 60) -> np.ndarray:
    """Random forests: each node's parent is an earlier node or none."""
    n = draw(st.integers(1, max_size))
    parent = [-1]
    for i in range(1, n):
        parent.append(draw(st.integers(-1, i - 1)))
    perm = draw(st.permutations(range(n)))
    # Relabel so parents do not always come first.
    inv = np.empty(n, dtype=np.int64)
    inv[np.array(perm)] = np.arange(n)
    out = np.full(n, -1, dtype=np.int64)
    for i, p in enumerate(parent):
        out[inv[i]] = inv[p] if p >= 0 else -1
    return out


@st.composite
def functional_graphs(draw: st.DrawFn, max_size: int = 40) -> np.ndarray:
    """Any parent array: roots, self-loops, cycles and missing managers all allowed."""
    n = draw(st.integers(1, max_size))
    return np.array(draw(st.lists(st.integers(-2, n - 1), min_size=n, max_size=n)),
                    dtype=np.int64)


def nx_forest(parent: np.ndarray) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(len(parent)))
    g.add_edges_from((int(p), i) for i, p in enumerate(parent) if p >= 0)
    return g


@given(forests())
def test_depth_is_path_length_to_root(parent: np.ndarray) -> None:
    d = tree.depths(parent)
    g = nx_forest(parent)
    for i in range(len(parent)):
        assert d[i] == len(nx.ancestors(g, i)) + 1


@given(forests(), st.lists(st.floats(0, 1e6), min_size=60, max_size=60))
def test_rollup_sums_subtrees_and_roots_sum_to_total(parent: np.ndarray,
                                                     values: list[float]) -> None:
    v = np.array(values[: len(parent)])
    d = tree.depths(parent)
    total = tree.rollup(parent, d, v)
    g = nx_forest(parent)
    for i in range(len(parent)):
        assert np.isclose(total[i], v[i] + sum(v[j] for j in nx.descendants(g, i)))
    assert np.isclose(total[parent < 0].sum(), v.sum())


@given(functional_graphs())
@settings(max_examples=300)
def test_resolve_always_gives_a_forest(parent: np.ndarray) -> None:
    h = tree.resolve(parent)
    assert (h.depth >= 1).all()
    # Every non-root has exactly one manager and sits one layer below it.
    child = np.flatnonzero(h.parent >= 0)
    assert (h.depth[child] == h.depth[h.parent[child]] + 1).all()
    assert nx.is_forest(nx_forest(h.parent).to_undirected()) or len(parent) == 0
    # Only lines that could not hold were cut.
    kept = h.parent >= 0
    assert (h.parent[kept] == parent[kept]).all()


@given(functional_graphs())
def test_every_cycle_is_found_once(parent: np.ndarray) -> None:
    p = parent.copy()
    p[(p == tree.MISSING) | (p == np.arange(len(p)))] = tree.ROOT
    g = nx.DiGraph((i, int(q)) for i, q in enumerate(p) if q >= 0)
    expected = {frozenset(c) for c in nx.simple_cycles(g)}
    found = tree.resolve(parent).cycles
    assert {frozenset(c) for c in found} == expected
    for c in found:  # reporting order: each member reports to the next
        assert all(p[c[k]] == c[(k + 1) % len(c)] for k in range(len(c)))


def test_parent_index_marks_roots_and_missing_managers() -> None:
    import pandas as pd

    ids = pd.Series(["a", "b", "c", "d"])
    mgr = pd.Series([None, "a", "zz", ""])
    assert tree.parent_index(ids, mgr).tolist() == [tree.ROOT, 0, tree.MISSING, tree.ROOT]


def test_count_children() -> None:
    assert tree.count_children(np.array([-1, 0, 0, 1])).tolist() == [2, 1, 0, 0]
