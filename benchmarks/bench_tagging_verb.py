"""Issue 13, fourth round: the statement's leading verb (and verb + next word) as features of
their own, beside the word + char TF-IDF and the occupation average (see tagging.md).

Usage:
  .venv/bin/python benchmarks/bench_tagging_verb.py [LABELS.tsv] --seeds 1 2 3 4 5 --w 0.5 1

Writes, next to ``bench_tagging_stack.py``'s cache (same folds: 3 inner folds of each seed's
training occupations, then its outer split), the logistic regression's held-out probabilities
on the word + char + occupation-average features with the verb block appended at weight ``w``
(``seed{S}_{fold}_verb{w}.npz``); ``bench_tagging_stack.py score --extra verb{w}`` combines
them with the cached neighbour vote.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bench_tagging_stack import DEFAULT, folds, occupation_vectors
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from planner.work.onet.exposure import read_onet_labels
from planner.work.tagger import CLASSES, TaggerConfig, _vectorisers


def verb_text(statements: pd.Series, pairs: bool = False) -> pd.Series:
    """``v_<first word> vv_<first two words>`` of each statement, lower case; with ``pairs``
    also ``vx_<first word>_<word>`` for each later word of 4 letters or more (the verb with
    its objects, which word bigrams miss when they are not adjacent)."""
    words = statements.astype(str).str.lower().map(lambda s: re.findall(r"[a-z]+", s))

    def one(w: list[str]) -> str:
        if not w:
            return ""
        out = [f"v_{w[0]}"] + ([f"vv_{w[0]}_{w[1]}"] if len(w) > 1 else [])
        if pairs:
            out += sorted({f"vx_{w[0]}_{x}" for x in w[1:] if len(x) >= 4})
        return " ".join(out)

    return words.map(one)


def one_fold(lab, tr: np.ndarray, te: np.ndarray, w: float,  # noqa: ANN001
             pairs: bool = False, occ: bool = True) -> np.ndarray:
    a, b = lab.iloc[tr], lab.iloc[te]
    word, char = _vectorisers(TaggerConfig())
    verb = TfidfVectorizer(token_pattern=r"\S+", min_df=2, sublinear_tf=True)
    xa = sparse.hstack([word.fit_transform(a["statement"]),
                        char.fit_transform(a["statement"])]).tocsr()
    xb = sparse.hstack([word.transform(b["statement"]), char.transform(b["statement"])]).tocsr()
    oa, ia = occupation_vectors(xa, a["soc_code"].to_numpy())
    ob, ib = occupation_vectors(xb, b["soc_code"].to_numpy())
    va = verb.fit_transform(verb_text(a["statement"], pairs))
    vb = verb.transform(verb_text(b["statement"], pairs))
    fa = sparse.hstack([xa, 0.5 * occ * oa[ia], w * va]).tocsr()
    fb = sparse.hstack([xb, 0.5 * occ * ob[ib], w * vb]).tocsr()
    m = LogisticRegression(C=2.0, solver="newton-cg", tol=1e-3, max_iter=200)
    m.fit(fa, a["human_exposure"].to_numpy(str))
    assert list(m.classes_) == list(CLASSES)
    return m.predict_proba(fb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("labels", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--w", type=float, nargs="+", default=[0.5, 1.0])
    ap.add_argument("--cache", default="/tmp/tagging_stack")
    ap.add_argument("--pairs", action="store_true", help="also the verb x later-word pairs")
    ap.add_argument("--no-occ", action="store_true", help="without the occupation average")
    ap.add_argument("--outer-only", action="store_true", help="only the held-out splits")
    args = ap.parse_args()
    lab = read_onet_labels(args.labels).reset_index(drop=True)
    for s, name, tr, te in folds(lab, args.seeds):
        if args.outer_only and name != "outer":
            continue
        for w in args.w:
            f = Path(args.cache) / (f"seed{s}_{name}_{'noocc' if args.no_occ else ''}"
                                     f"verb{'x' if args.pairs else ''}{w}.npz")
            if f.exists():
                continue
            t = time.perf_counter()
            np.savez_compressed(f, proba=one_fold(lab, tr, te, w, args.pairs,
                                                      not args.no_occ))
            print(f"seed {s} {name} w {w}: {time.perf_counter() - t:.0f} s", flush=True)


if __name__ == "__main__":
    main()
