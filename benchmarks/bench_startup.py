"""Command-line start-up: what a user waits for before the first line of an answer.

Each figure is a whole process, timed from the outside (wall clock), median of --repeat runs:

    import planner             python -c "import planner"
    planner --help             the console script's help
    planner org ROSTER         load, validate, match titles, build the graph and print the
                               spans-and-layers report of a synthetic org (generated first,
                               not timed)

Reproduce:  .venv/bin/python benchmarks/bench_startup.py --positions 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _wall(cmd: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--positions", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    script = Path(sys.executable).with_name("planner")
    planner = [str(script)] if script.exists() else [sys.executable, "-m", "planner"]
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        subprocess.run([*planner, "synth", "--positions", str(args.positions), "--seed", "1",
                        "--out", str(roster)], check=True, stdout=subprocess.DEVNULL)
        cases = {
            "import planner": [sys.executable, "-c", "import planner"],
            "planner --help": [*planner, "--help"],
            f"planner org ({args.positions:,} positions)": [*planner, "org", str(roster)],
        }
        for name, cmd in cases.items():
            times = _wall(cmd, args.repeat)
            print(json.dumps({"case": name, "median_s": round(statistics.median(times), 2),
                              "min_s": round(min(times), 2), "max_s": round(max(times), 2),
                              "runs": len(times), "load_average": round(os.getloadavg()[0], 1)}),
                  flush=True)


if __name__ == "__main__":
    main()
