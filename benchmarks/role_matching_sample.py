"""Draw the labelled sample that measures role-matching precision (issue 13).

The sample is ``tests/data/role_matching_sample.csv``: rows of the three UK organograms in
``../shared/datasets/uk-organograms/`` (DECC, HSE, Natural England, 30 Sept 2013), each with the
roles a careful HR analyst would accept for the post (``acceptable_roles``), labelled by hand
without looking at what the matcher says.

How rows are drawn, per body (seed 13 by default):

- **FTE stratum** (``stratum = fte``): systematic sampling with probability proportional to
  FTE over the body's junior and senior rows together, ordered by file, unit and row (so units
  are spread through the sample), from a seeded random start. A row larger than the sampling
  step is hit more than once; it is kept once, and ``fte_draws`` says how many hits it had. The
  number of hits is the smallest that gives ``--per-body`` distinct rows. An FTE-weighted
  precision for a body is then ``sum(fte_draws * correct) / sum(fte_draws)`` over its
  ``fte`` rows (each hit stands for the same FTE).
- **Senior stratum** (``stratum = senior``): ``--senior`` senior posts drawn uniformly (seeded)
  among the body's senior posts not already in the FTE stratum, so that senior titles, which
  hold little FTE, are measured too (``fte_draws = 0``).

``source_row`` is the spreadsheet row (header = 1) as the planner's reader counts it
(:func:`planner.roster.readers.read_table`, which keeps multiline cells in one record), so a row
of the fixture joins the loaded roster on ``(file, source_row)``. ``manager_title`` is the Job
Title of the reporting senior post when the senior file holds it.

Reproduce (prints the drawn rows; with ``--out`` writes them, keeping the labels of rows that a
file already at that path holds, and leaving new rows unlabelled)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/role_matching_sample.py \
        --out tests/data/role_matching_sample.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets" / "uk-organograms"
BODIES = {
    "DECC": ("300913-DECC-organogram-junior.csv", "300913-DECC-organogram-senior.csv"),
    "HSE": ("300913-HSE-Organogram-ver1-junior.csv", "300913-HSE-Organogram-ver1-senior.csv"),
    "Natural England": ("300913-Natural-England-Organogram-junior.csv",
                        "300913-Natural-England-Organogram-senior.csv"),
}
COLUMNS = ["body", "file", "source_row", "job_title", "grade", "unit", "profession",
           "manager_title", "fte", "stratum", "fte_draws", "acceptable_roles", "note"]


def _clean(value: str) -> str:
    return " ".join(str(value).split())


def body_rows(body: str, folder: Path = DATASETS) -> pd.DataFrame:
    """Junior and senior rows of one body, one row per record, in the fixture's columns.

    Parameters
    ----------
    body : str
        ``DECC``, ``HSE`` or ``Natural England``.
    folder : Path
        Folder of the organogram CSV files.

    Returns
    -------
    DataFrame
        ``body, file, source_row, job_title, grade, unit, profession, manager_title, fte``
        (``fte`` in [FTE]), junior rows first.
    """
    from planner.roster.readers import read_table

    junior_name, senior_name = BODIES[body]
    senior = read_table(folder / senior_name)
    junior = read_table(folder / junior_name)
    s = senior.frame
    titles = dict(zip(s["Post Unique Reference"].map(_clean), s["Job Title"].map(_clean),
                      strict=True))
    parts = []
    for name, table, title, boss, fte in (
            (junior_name, junior, "Generic Job Title", "Reporting Senior Post",
             "Number of Posts in FTE"),
            (senior_name, senior, "Job Title", "Reports to Senior Post", "FTE")):
        frame = table.frame
        parts.append(pd.DataFrame({
            "body": body, "file": name, "source_row": table.rows,
            "job_title": frame[title].map(_clean), "grade": frame["Grade"].map(_clean),
            "unit": frame["Unit"].map(_clean),
            "profession": frame["Professional/Occupational Group"].map(_clean),
            "manager_title": frame[boss].map(_clean).map(titles).fillna(""),
            "fte": pd.to_numeric(frame[fte], errors="coerce")}))
    out = pd.concat(parts, ignore_index=True)
    return out[out["fte"] > 0].reset_index(drop=True)


def _systematic_pps(fte: np.ndarray, hits: int, start: float) -> np.ndarray:
    """Hits per row of a systematic PPS draw of ``hits`` points, ``start`` in [0, 1)."""
    step = fte.sum() / hits
    points = (start + np.arange(hits)) * step
    edges = np.cumsum(fte)
    idx = np.searchsorted(edges, points, side="right")
    return np.bincount(idx, minlength=len(fte))


def draw(rows: pd.DataFrame, per_body: int, senior: int, rng: np.random.Generator
         ) -> pd.DataFrame:
    """Draw one body's FTE stratum (``per_body`` distinct rows) and senior stratum."""
    rows = rows.sort_values(["file", "unit", "source_row"]).reset_index(drop=True)
    fte = rows["fte"].to_numpy(dtype=float)
    start = rng.random()
    hits = per_body
    counts = _systematic_pps(fte, hits, start)
    while (counts > 0).sum() < min(per_body, len(rows)):
        hits += 1
        counts = _systematic_pps(fte, hits, start)
    picked = rows[counts > 0].assign(stratum="fte", fte_draws=counts[counts > 0])
    senior_file = BODIES[rows["body"].iloc[0]][1]
    pool = rows[(rows["file"] == senior_file) & (counts == 0)]
    chosen = rng.choice(len(pool), size=min(senior, len(pool)), replace=False)
    extra = pool.iloc[np.sort(chosen)].assign(stratum="senior", fte_draws=0)
    return pd.concat([picked, extra], ignore_index=True)


def sample(seed: int = 13, per_body: int = 80, senior: int = 20,
           folder: Path = DATASETS) -> pd.DataFrame:
    """The whole sample, unlabelled (``acceptable_roles`` and ``note`` empty)."""
    rng = np.random.default_rng(seed)
    out = pd.concat([draw(body_rows(b, folder), per_body, senior, rng) for b in BODIES],
                    ignore_index=True)
    out["acceptable_roles"] = ""
    out["note"] = ""
    return out[COLUMNS]


def main(argv: list[str] | None = None) -> int:
    """Draw the sample; print a summary, or write it keeping labels already given."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-body", type=int, default=80)
    ap.add_argument("--senior", type=int, default=20)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    drawn = sample(args.seed, args.per_body, args.senior)
    if args.out is None:
        print(drawn.groupby(["body", "stratum"]).size().to_string())
        return 0
    if args.out.exists():
        old = pd.read_csv(args.out, dtype=str, keep_default_na=False)
        old = old.set_index(["file", old["source_row"].astype(int)])[["acceptable_roles", "note"]]
        key = pd.MultiIndex.from_arrays([drawn["file"], drawn["source_row"]])
        drawn["acceptable_roles"] = old["acceptable_roles"].reindex(key).fillna("").to_numpy()
        drawn["note"] = old["note"].reindex(key).fillna("").to_numpy()
    drawn.to_csv(args.out, index=False)
    print(f"{len(drawn)} rows written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
