"""Sweep throughput: N Monte Carlo runs of the sample org on local worker processes and on
a Dask LocalCluster with the same number of workers, and the executor's overhead.

The scenario is ``models/automation_push_uncertain.yaml`` (1,500 positions, 3
capabilities, 8 uncertain inputs) without its grid: N samples. For each route:

- wall: from the first worker starting to the last row (worker start-up and the roster
  load in each worker included);
- per run: the mean time a worker spent on one run (set values, problem data, build,
  solve, summary), and the HiGHS solve alone;
- overhead: workers x wall - the sum of the runs' times, as a share of that sum: the time
  the executor adds (process start, inputs loaded per worker, messages, idle ends).

Both routes must give the same figures for every run (checked).

Reproduce:  .venv/bin/python benchmarks/bench_sweep.py --runs 1000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMING = ["seconds", "solve_seconds", "worker"]


def measure(route: str, runs: int, workers: int, seed: int) -> tuple[dict[str, object], object]:
    import planner
    from planner.scenario.keypaths import with_values
    from planner.scenario.load import load_scenario

    sc = load_scenario(ROOT / "models" / "automation_push_uncertain.yaml")
    sc = with_values(sc, {"sweep.grid": {}})
    t0 = time.perf_counter()
    if route == "local":
        df = planner.sweep(sc, samples=runs, seed=seed, workers=workers)
    else:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            df = planner.sweep(sc, samples=runs, seed=seed, executor=client)
    wall = time.perf_counter() - t0
    busy = float(df["seconds"].sum())
    return {
        "route": route, "runs": len(df), "workers": workers,
        "statuses": df["status"].value_counts().to_dict(),
        "wall_s": round(wall, 1),
        "per_run_s": round(busy / len(df), 3),
        "per_run_median_s": round(float(df["seconds"].median()), 3),
        "solve_per_run_s": round(float(df["solve_seconds"].mean()), 3),
        "runs_per_s": round(len(df) / wall, 2),
        "overhead_pct": round(100 * (workers * wall - busy) / busy, 1),
        "projected_1000_runs_s": round(wall / len(df) * 1000, 0),
    }, df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--routes", nargs="+", default=["local", "dask"])
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    frames = {}
    for route in args.routes:
        figures, frames[route] = measure(route, args.runs, args.workers, args.seed)
        print(json.dumps(figures), flush=True)
    if len(frames) == 2:
        import pandas as pd

        a, b = (f.drop(columns=TIMING) for f in frames.values())
        pd.testing.assert_frame_equal(a, b)
        print(json.dumps({"same_results": True}), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
