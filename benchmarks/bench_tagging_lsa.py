"""Issue 13, third round: latent semantic features (a truncated SVD of the word TF-IDF of
every statement, no labels read) and the occupation's title as extra features, on top of the
best variant so far (LR + occupation average + nearest-statement vote). See tagging.md.

Usage (inner cross-validation inside the training occupations of seeds 1 and 2):
  .venv/bin/python benchmarks/bench_tagging_lsa.py inner 1 2
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tagging_neighbours import (  # noqa: E402
    CLS,
    _folds,
    neighbour_vote,
    occupation_average,
    tfidf_features,
)

from planner.work.onet.exposure import read_onet_labels  # noqa: E402

LABELS = (Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gpts-are-gpts"
          / "full_labelset.tsv")


def fit(fa: sparse.csr_matrix, fb: sparse.csr_matrix, ya: np.ndarray) -> np.ndarray:
    lr = LogisticRegression(C=2.0, solver="newton-cg", tol=1e-3, max_iter=200).fit(fa, ya)
    return lr.predict_proba(fb)


def one_fold(lab, tr, te, lsa, titles) -> dict[str, np.ndarray]:  # noqa: ANN001
    a, b = lab.iloc[tr], lab.iloc[te]
    ya = a["human_exposure"].to_numpy(str)
    xa, xb = tfidf_features(a, b)
    oa = occupation_average(xa, a["soc_code"].to_numpy())
    ob = occupation_average(xb, b["soc_code"].to_numpy())
    vote = neighbour_vote(xa, ya, xb)
    base = fit(sparse.hstack([xa, 0.5 * oa]).tocsr(), sparse.hstack([xb, 0.5 * ob]).tocsr(), ya)
    out = {"LR+occ+kNN": 0.6 * base + 0.4 * vote}
    for wz in (0.5, 1.0):
        za, zb = sparse.csr_matrix(lsa[tr] * wz), sparse.csr_matrix(lsa[te] * wz)
        zoa = occupation_average(za, a["soc_code"].to_numpy())
        zob = occupation_average(zb, b["soc_code"].to_numpy())
        p = fit(sparse.hstack([xa, 0.5 * oa, za, zoa]).tocsr(),
                sparse.hstack([xb, 0.5 * ob, zb, zob]).tocsr(), ya)
        out[f"LR+occ+lsa{wz}+kNN"] = 0.6 * p + 0.4 * vote
        vz = neighbour_vote(sparse.csr_matrix(lsa[tr]), ya, sparse.csr_matrix(lsa[te]))
        out[f"LR+occ+lsa{wz}+kNNlsa"] = 0.6 * p + 0.2 * vote + 0.2 * vz
    for wt in (0.3, 0.6):
        p = fit(sparse.hstack([xa, 0.5 * oa, titles[tr] * wt]).tocsr(),
                sparse.hstack([xb, 0.5 * ob, titles[te] * wt]).tocsr(), ya)
        out[f"LR+occ+title{wt}+kNN"] = 0.6 * p + 0.4 * vote
    return out


def main() -> None:
    mode, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
    lab = read_onet_labels(str(LABELS)).reset_index(drop=True)
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    lsa = normalize(TruncatedSVD(256, random_state=0).fit_transform(
        words.fit_transform(lab["statement"])))
    titles = TfidfVectorizer(sublinear_tf=True).fit_transform(lab["occupation"]).tocsr()
    rows = collections.defaultdict(list)
    for name, tr, te in _folds(lab, mode, seeds):
        t = time.perf_counter()
        truth = lab["human_exposure"].to_numpy(str)[te]
        for variant, v in one_fold(lab, tr, te, lsa, titles).items():
            for e1 in (1.0, 1.2):
                pred = CLS[(v * [1, e1, 1]).argmax(axis=1)]
                rows[f"{variant} e1={e1}"].append(
                    (accuracy_score(truth, pred), f1_score(truth, pred, average="macro")))
        print(f"{name}: {time.perf_counter() - t:.0f} s", flush=True)
    from _scores import mean_sd_table

    print(mean_sd_table(rows, f"variant ({mode})"))


if __name__ == "__main__":
    main()
