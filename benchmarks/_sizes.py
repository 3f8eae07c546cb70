"""Run a benchmark once per size, each in a fresh process so its peak memory is its own."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable


def main(script: str, doc: str, one: Callable[[int, int], dict[str, object]],
         sizes: list[int], seed: int) -> None:
    """Parse ``--positions`` and ``--seed``; print one JSON line per size."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--positions", type=int, nargs="+", default=sizes)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one(args.positions[0], args.seed)))
        return
    for n in args.positions:
        out = subprocess.run([sys.executable, script, "--child", "--positions", str(n),
                              "--seed", str(args.seed)], capture_output=True, text=True)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            raise SystemExit(out.returncode)
        print(out.stdout.strip().splitlines()[-1], flush=True)
