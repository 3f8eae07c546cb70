"""Issue 13: the tagger's logistic regression mixed with a vote of its nearest labelled
statements (see tagging.md, "nearest-statement vote").

Usage:
  .venv/bin/python benchmarks/bench_tagging_neighbours.py [LABELS.tsv] --mode inner --seeds 1 2
  .venv/bin/python benchmarks/bench_tagging_neighbours.py [LABELS.tsv] --mode outer \
      --seeds 1 2 3 4 5

``--mode inner`` scores on a grouped 3-fold cross-validation inside the training occupations of
each seed's split (the held-out occupations are never read): the figures settings are chosen
by. ``--mode outer`` scores on the held-out occupations of each seed (the figures of
``planner tagger evaluate --splits 5``). Variants: ``LR`` (today's tagger), ``LR+occ`` (the
L2-normalised mean feature vector of the statement's occupation appended with weight 0.5),
and each mixed with the k-nearest-neighbour vote (cosine of the word + char TF-IDF rows; the
labels of the ``k`` = 20 nearest training statements weighted by similarity cubed) at share
``m``, with the E1 probability multiplied by ``e1`` before the arg-max.
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
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import normalize

from planner.work.onet.exposure import read_onet_labels
from planner.work.tagger import CLASSES, TaggerConfig, _vectorisers, grouped_split

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / \
    "gpts-are-gpts" / "full_labelset.tsv"
CLS = np.array(CLASSES)


def _folds(lab, mode: str, seeds: list[int]):  # noqa: ANN001, ANN202
    for s in seeds:
        tr, te = grouped_split(lab, 0.2, s)
        if mode == "outer":
            yield f"seed {s}", tr, te
            continue
        codes = lab["soc_code"].to_numpy()[tr]
        inner = GroupKFold(3, shuffle=True, random_state=s).split(tr, groups=codes)
        for k, (a, b) in enumerate(inner):
            yield f"seed {s} inner fold {k}", tr[a], tr[b]


def occupation_average(x: sparse.csr_matrix, codes: np.ndarray) -> sparse.csr_matrix:
    """Each row: the L2-normalised mean feature vector of its occupation's statements."""
    uniq, inv = np.unique(codes, return_inverse=True)
    g = sparse.csr_matrix((np.ones(len(inv)), (inv, np.arange(len(inv)))),
                          shape=(len(uniq), len(inv)))
    return normalize(g @ x)[inv]


def neighbour_vote(xa: sparse.csr_matrix, ya: np.ndarray, xb: sparse.csr_matrix,
                   k: int = 20, power: float = 3.0) -> np.ndarray:
    """Share of each label among the ``k`` nearest training statements (cosine ** power)."""
    sims = (normalize(xb) @ normalize(xa).T).toarray()
    idx = np.argpartition(-sims, k, axis=1)[:, :k]
    w = np.take_along_axis(sims, idx, axis=1) ** power
    onehot = (ya[:, None] == CLS[None, :]).astype(float)
    vote = np.einsum("nk,nkc->nc", w, onehot[idx]) + 1e-9
    return vote / vote.sum(axis=1, keepdims=True)


def tfidf_features(a, b) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:  # noqa: ANN001
    """The tagger's word + char TF-IDF rows of training statements ``a`` (fitted there) and
    held-out statements ``b``."""
    word, char = _vectorisers(TaggerConfig())
    xa = sparse.hstack([word.fit_transform(a["statement"]),
                        char.fit_transform(a["statement"])]).tocsr()
    xb = sparse.hstack([word.transform(b["statement"]), char.transform(b["statement"])]).tocsr()
    return xa, xb


def one_fold(lab, tr: np.ndarray, te: np.ndarray) -> dict[str, np.ndarray]:  # noqa: ANN001
    a, b = lab.iloc[tr], lab.iloc[te]
    ya = a["human_exposure"].to_numpy(str)
    xa, xb = tfidf_features(a, b)

    def fit(fa: sparse.csr_matrix, fb: sparse.csr_matrix) -> np.ndarray:
        lr = LogisticRegression(C=2.0, solver="newton-cg", tol=1e-3, max_iter=200).fit(fa, ya)
        assert list(lr.classes_) == list(CLASSES)
        return lr.predict_proba(fb)

    p = {"LR": fit(xa, xb)}
    oa = occupation_average(xa, a["soc_code"].to_numpy())
    ob = occupation_average(xb, b["soc_code"].to_numpy())
    p["LR+occ"] = fit(sparse.hstack([xa, 0.5 * oa]).tocsr(), sparse.hstack([xb, 0.5 * ob]).tocsr())
    vote = neighbour_vote(xa, ya, xb)
    out = {"kNN vote alone": vote}
    for name, q in p.items():
        out[name] = q
        for m in (0.3, 0.4, 0.5):
            for e1 in (1.0, 1.1, 1.2):
                out[f"{name} + kNN m={m} e1={e1}"] = ((1 - m) * q + m * vote) * [1, e1, 1]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("labels", nargs="?", default=str(DEFAULT))
    ap.add_argument("--mode", choices=("inner", "outer"), default="inner")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    lab = read_onet_labels(args.labels).reset_index(drop=True)
    rows = collections.defaultdict(list)
    for name, tr, te in _folds(lab, args.mode, args.seeds):
        t = time.perf_counter()
        truth = lab["human_exposure"].to_numpy(str)[te]
        for variant, v in one_fold(lab, tr, te).items():
            pred = CLS[v.argmax(axis=1)]
            rows[variant].append((accuracy_score(truth, pred),
                                  f1_score(truth, pred, average="macro")))
        print(f"{name}: {time.perf_counter() - t:.0f} s", flush=True)
    from _scores import mean_sd_table

    print(mean_sd_table(rows, f"variant ({args.mode})"))

if __name__ == "__main__":
    main()
