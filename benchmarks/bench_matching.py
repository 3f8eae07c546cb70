"""Role matching on the UK organograms: coverage, precision on the labelled sample, and what
mapping the top titles by hand would reach (see README.md, "Role matching").

Usage: .venv/bin/python benchmarks/bench_matching.py [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from planner import load_org

ROOT = Path(__file__).resolve().parent.parent
ORGANOGRAMS = ROOT.parent / "shared" / "datasets" / "uk-organograms"
SAMPLE = ROOT / "tests" / "data" / "role_matching_sample.csv"
BODIES = {"DECC": "300913-DECC-organogram", "HSE": "300913-HSE-Organogram-ver1",
          "Natural England": "300913-Natural-England-Organogram"}


def after_mapping(roster: pd.DataFrame, titles: int) -> tuple[float, list[str]]:
    """Share of FTE with a confident role once a planner maps the ``titles`` job titles with
    the most FTE without one (every position of a mapped title is then confident)."""
    fte = roster["fte"].astype(float)
    not_ok = roster["role_status"].ne("ok")
    top = (fte[not_ok].groupby(roster.loc[not_ok, "job_title"]).sum()
           .sort_values(ascending=False).head(titles))
    return float((fte[~not_ok].sum() + top.sum()) / fte.sum()), top.index.to_list()


def precision(sample: pd.DataFrame, rosters: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Of the sample's positions with a confident role, the share whose role a labeller
    accepted; and the sample's share with a confident role (rows labelled ``none`` count as
    wrong when the matcher is confident)."""
    found = []
    for rec in sample.itertuples(index=False):
        r = rosters[rec.body]
        hit = r[(r["source_file"] == rec.file) & (r["source_row"] == int(rec.source_row))]
        if hit.empty:
            continue
        pos = hit.iloc[0]
        ok = pos["role_status"] == "ok"
        right = ok and str(pos["role_id"]) in str(rec.acceptable_roles).split("|")
        found.append((rec.body, ok, right, float(rec.fte)))
    frame = pd.DataFrame(found, columns=["body", "ok", "right", "fte"])
    confident = frame[frame["ok"]]
    return {"rows": len(frame), "confident_rows": len(confident),
            "precision": round(float(confident["right"].mean()), 4) if len(confident) else None,
            "coverage_rows": round(float(frame["ok"].mean()), 4),
            "wrong": int((~confident["right"]).sum()),
            "by_body": {b: round(float(g["right"].mean()), 4)
                        for b, g in confident.groupby("body")}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out, rosters = {}, {}
    for body, stem in BODIES.items():
        files = [ORGANOGRAMS / f"{stem}-senior.csv", ORGANOGRAMS / f"{stem}-junior.csv"]
        t = time.perf_counter()
        org = load_org(files)
        seconds = time.perf_counter() - t
        r = org.roster
        rosters[body] = r
        fte = r["fte"].astype(float)
        ten, titles = after_mapping(r, 10)
        out[body] = {"fte": round(float(fte.sum()), 1),
                     "confident": round(float(fte[r["role_status"].eq("ok")].sum() / fte.sum()),
                                        4),
                     "after_mapping_10_titles": round(ten, 4), "titles_to_map": titles,
                     "load_s": round(seconds, 2)}
    if SAMPLE.exists():
        out["sample"] = precision(pd.read_csv(SAMPLE, dtype={"source_row": int}), rosters)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for body in BODIES:
        b = out[body]
        print(f"{body}: {b['fte']:,.0f} FTE, {b['confident']:.1%} with a confident role, "
              f"{b['after_mapping_10_titles']:.1%} after mapping 10 titles "
              f"({', '.join(b['titles_to_map'][:5])}, ...); loaded in {b['load_s']} s")
    if "sample" in out:
        s = out["sample"]
        print(f"labelled sample: {s['rows']} positions, {s['confident_rows']} with a confident "
              f"role, of which {s['precision']:.1%} right ({s['wrong']} wrong); by body "
              f"{s['by_body']}")


if __name__ == "__main__":
    main()
