"""Issue 13: tagger variants on the grouped splits of seeds 1-5 (see tagging.md).

Usage: .venv/bin/python benchmarks/bench_tagging_splits.py [LABELS.tsv] [--seeds 1 2 3 4 5]

Prints one line per split and variant, then the mean ± sd (n - 1) of each variant. Variants:
``w`` = weight of the occupation-average feature vector appended to each statement's (0 =
today's tagger), ``alpha`` = share of the occupation's mean probabilities mixed into each
statement's, ``e1`` = factor on the E1 probability before the arg-max; then LinearSVC,
ComplementNB, other C of the logistic regression and averages of models on the ``w = 0.5``
features.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import ComplementNB
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from planner.work.onet.exposure import read_onet_labels
from planner.work.tagger import TaggerConfig, _vectorisers, grouped_split

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / \
    "gpts-are-gpts" / "full_labelset.tsv"


def _groups(codes: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    uniq, inv = np.unique(codes, return_inverse=True)
    g = sparse.csr_matrix((np.ones(len(inv)), (inv, np.arange(len(inv)))),
                          shape=(len(uniq), len(inv)))
    return g, inv


def occupation_average(x: sparse.csr_matrix, codes: np.ndarray) -> sparse.csr_matrix:
    """Each row: the L2-normalised mean feature vector of its occupation's statements."""
    g, inv = _groups(codes)
    return normalize(g @ x)[inv]


def occupation_mean(p: np.ndarray, codes: np.ndarray) -> np.ndarray:
    g, inv = _groups(codes)
    return (g @ p / np.asarray(g.sum(axis=1)))[inv]


def _soft(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def one_split(lab, seed: int) -> dict[str, tuple[float, float]]:  # noqa: ANN001
    tr, te = grouped_split(lab, 0.2, seed)
    a, b = lab.iloc[tr], lab.iloc[te]
    y, ya = b["human_exposure"].astype(str).to_numpy(), a["human_exposure"].astype(str)
    word, char = _vectorisers(TaggerConfig())
    xa = sparse.hstack([word.fit_transform(a["statement"]), char.fit_transform(a["statement"])])
    xb = sparse.hstack([word.transform(b["statement"]), char.transform(b["statement"])])
    xa, xb = xa.tocsr(), xb.tocsr()
    ga, gb = a["soc_code"].to_numpy(), b["soc_code"].to_numpy()
    oa, ob = occupation_average(xa, ga), occupation_average(xb, gb)
    out: dict[str, tuple[float, float]] = {}

    def score(name: str, cls: np.ndarray, v: np.ndarray) -> None:
        pred = cls[v.argmax(axis=1)]
        out[name] = (accuracy_score(y, pred), f1_score(y, pred, average="macro"))

    feats = {}
    for w in (0.0, 0.5, 1.0):
        fa = xa if w == 0 else sparse.hstack([xa, w * oa]).tocsr()
        fb = xb if w == 0 else sparse.hstack([xb, w * ob]).tocsr()
        feats[w] = (fa, fb)
        lr = LogisticRegression(C=2.0, solver="newton-cg", tol=1e-3, max_iter=200).fit(fa, ya)
        p, cls = lr.predict_proba(fb), np.array(lr.classes_)
        mp = occupation_mean(p, gb)
        for alpha in (0.0, 0.25, 0.5):
            for e1 in (1.0, 1.2):
                q = ((1 - alpha) * p + alpha * mp) * np.where(cls == "E1", e1, 1.0)
                score(f"LR w={w} alpha={alpha} e1={e1}", cls, q)
        if w == 0.5:
            p_lr = p
    fa, fb = feats[0.5]
    for c in (0.5, 1.0, 4.0):
        lr = LogisticRegression(C=c, solver="newton-cg", tol=1e-3, max_iter=200).fit(fa, ya)
        score(f"LR w=0.5 C={c}", cls, lr.predict_proba(fb))
    d = LinearSVC(C=0.3).fit(fa, ya).decision_function(fb)
    db = LinearSVC(C=0.3, class_weight="balanced").fit(fa, ya).decision_function(fb)
    p_nb = ComplementNB(alpha=0.3).fit(fa, ya).predict_proba(fb)
    for name, v in {"w=0.5 LinearSVC C=0.3": d, "w=0.5 LinearSVC balanced": db,
                    "w=0.5 ComplementNB": p_nb, "w=0.5 LR + LinearSVC": p_lr + _soft(2 * d),
                    "w=0.5 LR + LinearSVC balanced": p_lr + _soft(2 * db),
                    "w=0.5 LR + LinearSVC + NB": p_lr + _soft(2 * d) + p_nb}.items():
        score(name, cls, v)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("labels", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = ap.parse_args()
    lab = read_onet_labels(args.labels)
    rows = collections.defaultdict(list)
    for s in args.seeds:
        t = time.perf_counter()
        for name, (acc, f1) in one_split(lab, s).items():
            rows[name].append((acc, f1))
            print(f"seed {s} {name}: {acc:.4f} / {f1:.4f}", flush=True)
        print(f"seed {s}: {time.perf_counter() - t:.0f} s", flush=True)
    from _scores import mean_sd_table

    print(mean_sd_table(rows))

if __name__ == "__main__":
    main()
