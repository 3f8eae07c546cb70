"""Role adjacency on every O*NET occupation: the similarity matrix and each role's nearest.

The library is imported from the O*NET labels file first (not timed); the timed parts are
:func:`planner.work.adjacency.similarity_matrix` (after one warm-up call that imports
scikit-learn and SciPy) and the five nearest roles of every role with their shared and
missing tasks (:func:`planner.work.adjacency.nearest_roles`).

Reproduce:  .venv/bin/python benchmarks/bench_adjacency.py
"""

from __future__ import annotations

import time
from pathlib import Path

from planner.work.adjacency import nearest_roles, similarity_matrix
from planner.work.onet.importer import import_onet

LABELS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "gpts-are-gpts" / (
    "full_labelset.tsv")


def main() -> None:
    """Print the sizes and the seconds of each timed part."""
    lib = import_onet(LABELS).library
    print(f"{len(lib.roles)} occupations, {len(lib.tasks):,} task statements")
    similarity_matrix(lib)
    t = time.perf_counter()
    adj = similarity_matrix(lib)
    print(f"similarity_matrix: {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    table = nearest_roles(adj, top=5)
    print(f"nearest 5 of every role ({len(table):,} rows): {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
