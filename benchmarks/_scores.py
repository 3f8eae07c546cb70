"""The table the tagging benchmarks print: mean and spread of accuracy and macro-F1 over
splits, one row per variant (a script's sibling module, imported as ``_scores``)."""

from __future__ import annotations

import statistics


def mean_sd_table(rows: dict[str, list[tuple[float, float]]], head: str = "variant") -> str:
    """A markdown table: per variant, the mean ± standard deviation of (accuracy, macro-F1)
    over its splits (0 spread for a single split)."""
    out = [f"| {head} | accuracy mean ± sd | macro-F1 mean ± sd |", "|---|---:|---:|"]
    for name, v in rows.items():
        acc, f1 = [x[0] for x in v], [x[1] for x in v]
        sd = (statistics.stdev(acc), statistics.stdev(f1)) if len(v) > 1 else (0.0, 0.0)
        out.append(f"| {name} | {statistics.mean(acc):.3f} ± {sd[0]:.3f} | "
                   f"{statistics.mean(f1):.3f} ± {sd[1]:.3f} |")
    return "\n".join(out)
