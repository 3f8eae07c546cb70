"""Tagger variants on a grouped split of the O*NET labels, beside GPT-4 (see tagging.md).

Usage: .venv/bin/python benchmarks/bench_tagging.py [LABELS.tsv] [--seeds 0 1 2]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.svm import LinearSVC

from planner.work.onet.exposure import read_onet_labels
from planner.work.tagger import evaluate, grouped_split

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / \
    "gpts-are-gpts" / "full_labelset.tsv"


def word() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


def char() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                           max_features=100_000)


VARIANTS = {
    "word 1-2 + LR (baseline)": ([word], False, lambda: LogisticRegression(C=4, max_iter=2000)),
    "word 1-2 + LR balanced": ([word], False, lambda: LogisticRegression(
        C=4, max_iter=2000, class_weight="balanced")),
    "word + char + LinearSVC": ([word, char], False, lambda: LinearSVC(C=0.3)),
    "word + char + LinearSVC balanced": ([word, char], False, lambda: LinearSVC(
        C=0.3, class_weight="balanced")),
    "word + char + title + LinearSVC": ([word, char], True, lambda: LinearSVC(C=0.3)),
    "word + char + LR newton-cg C=2 (shipped)": ([word, char], False, lambda: LogisticRegression(
        C=2, solver="newton-cg", tol=1e-3, max_iter=200)),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("labels", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = ap.parse_args()
    labels = read_onet_labels(args.labels)
    y = labels["human_exposure"].to_numpy(str)
    print("| model | seed | accuracy | macro-F1 | fit [s] |\n|---|---:|---:|---:|---:|")
    for seed in args.seeds:
        tr, te = grouped_split(labels, 0.2, seed)
        g = labels["gpt4_exposure"].to_numpy(str)[te]
        print(f"| GPT-4 label | {seed} | {accuracy_score(y[te], g):.3f} | "
              f"{f1_score(y[te], g, average='macro'):.3f} | |")
        for name, (feats, title, make) in VARIANTS.items():
            start = time.perf_counter()
            xs_tr, xs_te = [], []
            for f in feats:
                v = f()
                xs_tr.append(v.fit_transform(labels["statement"].iloc[tr]))
                xs_te.append(v.transform(labels["statement"].iloc[te]))
            if title:
                v = TfidfVectorizer(sublinear_tf=True)
                xs_tr.append(v.fit_transform(labels["occupation"].iloc[tr]))
                xs_te.append(v.transform(labels["occupation"].iloc[te]))
            clf = make().fit(sparse.hstack(xs_tr).tocsr(), y[tr])
            pred = clf.predict(sparse.hstack(xs_te).tocsr())
            print(f"| {name} | {seed} | {accuracy_score(y[te], pred):.3f} | "
                  f"{f1_score(y[te], pred, average='macro'):.3f} | "
                  f"{time.perf_counter() - start:.1f} |", flush=True)
        ev = evaluate(labels, seed=seed)
        print(f"| planner.work.tagger.evaluate | {seed} | {ev.accuracy:.3f} | {ev.macro_f1:.3f} | "
              f"{ev.train_seconds:.1f} |", flush=True)


if __name__ == "__main__":
    main()
