"""Load, validate, build the graph and compute spans and layers for large synthetic orgs.

Each size runs in a fresh process so that its peak memory (max RSS) is its own. The roster
CSV is generated first (not timed); the timed part is what a user waits for:

    load_org(csv)          read + parse + validate + title matching
    graph.summary()        spans, layers, teams, roll-ups
    graph.positions()      per-position layer, span and subtree roll-ups
    graph.graph            the networkx DiGraph (manager -> report)

Reproduce:  .venv/bin/python benchmarks/bench_load.py --positions 100000 1000000
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path


def one(positions: int, seed: int) -> dict[str, float]:
    from planner import load_org
    from planner.roster.synth import synthesise

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.csv"
        synthesise(positions, seed).to_csv(path, index=False)
        del_mem = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        org = load_org(path)
        t1 = time.perf_counter()
        summary = org.graph.summary()
        org.graph.positions()
        t2 = time.perf_counter()
        g = org.graph.graph
        t3 = time.perf_counter()
    return {
        "positions": positions,
        "load_validate_match_s": round(t1 - t0, 2),
        "spans_layers_rollups_s": round(t2 - t1, 2),
        "networkx_graph_s": round(t3 - t2, 2),
        "total_s": round(t3 - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "rss_before_load_mb": round(del_mem),
        "layers": summary.layers,
        "errors": len(org.report.errors),
        "edges": g.number_of_edges(),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _sizes import main

    main(__file__, __doc__, one, [100_000, 1_000_000], seed=1)
