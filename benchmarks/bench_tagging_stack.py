"""Issue 13, fourth round: base predictions cached per fold, then cheap combinations of them
(see tagging.md, "fourth round").

Usage:
  .venv/bin/python benchmarks/bench_tagging_stack.py cache [LABELS.tsv] --seeds 1 2 3 4 5
  .venv/bin/python benchmarks/bench_tagging_stack.py score --seeds 1 2 3 4 5

``cache`` fits the base models once per fold and writes their held-out predictions to
``--cache`` (default ``/tmp/tagging_stack``): for each seed, the 3 inner folds
(``GroupKFold(3, shuffle=True, random_state=seed)`` over the seed's *training* occupations;
the held-out occupations are not read) and the outer split (train on the training
occupations, predict the held-out ones). ``score`` then chooses each combination's settings on
the inner folds of each seed only and scores that choice on the seed's held-out split (nested:
a seed's test occupations never influence its settings), and also prints every setting's
inner and outer mean so the spread is visible.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from planner.work.onet.exposure import read_onet_labels
from planner.work.tagger import CLASSES, TaggerConfig, _vectorisers, grouped_split

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / \
    "gpts-are-gpts" / "full_labelset.tsv"
CLS = np.array(CLASSES)
TOP = 50


def folds(lab, seeds: list[int]):  # noqa: ANN001, ANN201
    """(seed, name, train rows, test rows): the 3 inner folds of each seed, then its outer."""
    for s in seeds:
        tr, te = grouped_split(lab, 0.2, s)
        codes = lab["soc_code"].to_numpy()[tr]
        inner = GroupKFold(3, shuffle=True, random_state=s).split(tr, groups=codes)
        for k, (a, b) in enumerate(inner):
            yield s, f"inner{k}", tr[a], tr[b]
        yield s, "outer", tr, te


def _groups(codes: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    uniq, inv = np.unique(codes, return_inverse=True)
    g = sparse.csr_matrix((np.ones(len(inv)), (inv, np.arange(len(inv)))),
                          shape=(len(uniq), len(inv)))
    return g, inv


def occupation_vectors(x: sparse.csr_matrix, codes: np.ndarray):  # noqa: ANN201
    """(L2-normalised mean row of each occupation, row -> occupation index)."""
    g, inv = _groups(codes)
    return normalize(g @ x), inv


def cache_fold(lab, tr: np.ndarray, te: np.ndarray) -> dict[str, np.ndarray]:  # noqa: ANN001
    a, b = lab.iloc[tr], lab.iloc[te]
    ya = a["human_exposure"].to_numpy(str)
    word, char = _vectorisers(TaggerConfig())
    wa, wb = word.fit_transform(a["statement"]), word.transform(b["statement"])
    xa = sparse.hstack([wa, char.fit_transform(a["statement"])]).tocsr()
    xb = sparse.hstack([wb, char.transform(b["statement"])]).tocsr()
    oa, ia = occupation_vectors(xa, a["soc_code"].to_numpy())
    ob, ib = occupation_vectors(xb, b["soc_code"].to_numpy())
    fa = sparse.hstack([xa, 0.5 * oa[ia]]).tocsr()
    fb = sparse.hstack([xb, 0.5 * ob[ib]]).tocsr()
    out: dict[str, np.ndarray] = {}

    def lr(c: float, f_a, f_b, **kw) -> np.ndarray:  # noqa: ANN001, ANN003
        m = LogisticRegression(C=c, solver="newton-cg", tol=1e-3, max_iter=200, **kw)
        m.fit(f_a, ya)
        assert list(m.classes_) == list(CLASSES)
        return m.predict_proba(f_b)

    t = time.perf_counter()
    out["lr"] = lr(2.0, xa, xb)
    out["lr_occ"] = lr(2.0, fa, fb)
    out["lr_occ_bal"] = lr(2.0, fa, fb, class_weight="balanced")
    svc = LinearSVC(C=0.3, class_weight="balanced").fit(fa, ya)
    out["svc_occ_bal"] = svc.decision_function(fb)
    out["fit_seconds"] = np.array(time.perf_counter() - t)
    # Nearest training statements (word + char), and the similarity of their occupations.
    sims = (normalize(xb) @ normalize(xa).T).toarray()
    idx = np.argpartition(-sims, TOP, axis=1)[:, :TOP]
    s = np.take_along_axis(sims, idx, axis=1)
    order = np.argsort(-s, axis=1)
    idx, s = np.take_along_axis(idx, order, axis=1), np.take_along_axis(s, order, axis=1)
    occ_sim = (ob @ oa.T).toarray()  # test occupation x training occupation
    out["nn_sim"] = s
    out["nn_label"] = np.searchsorted(CLS, ya[idx])
    out["nn_occ_sim"] = occ_sim[ib[:, None], ia[idx]]
    # Nearest training statements in the word space only.
    ws = (normalize(wb) @ normalize(wa).T).toarray()
    widx = np.argpartition(-ws, TOP, axis=1)[:, :TOP]
    out["wnn_sim"] = np.take_along_axis(ws, widx, axis=1)
    out["wnn_label"] = np.searchsorted(CLS, ya[widx])
    out["truth"] = np.searchsorted(CLS, b["human_exposure"].to_numpy(str))
    out["test_occ"] = ib
    return out


def cache_rare(lab, tr: np.ndarray, te: np.ndarray, cut: float) -> dict[str, np.ndarray]:  # noqa: ANN001
    """The nearest training statements on the word + char features that fewer than ``cut``
    of the training statements hold (cosine over those, re-normalised): a sparser, faster
    product than over every feature."""
    a, b = lab.iloc[tr], lab.iloc[te]
    word, char = _vectorisers(TaggerConfig())
    xa = normalize(sparse.hstack([word.fit_transform(a["statement"]),
                                  char.fit_transform(a["statement"])]).tocsr())
    xb = normalize(sparse.hstack([word.transform(b["statement"]),
                                  char.transform(b["statement"])]).tocsr())
    keep = np.flatnonzero(np.asarray((xa > 0).mean(axis=0)).ravel() < cut)
    t = time.perf_counter()
    sims = (normalize(xb[:, keep]) @ normalize(xa[:, keep]).T).toarray()
    seconds = time.perf_counter() - t
    idx = np.argpartition(-sims, TOP, axis=1)[:, :TOP]
    ya = a["human_exposure"].to_numpy(str)
    return {"sim": np.take_along_axis(sims, idx, axis=1), "label": np.searchsorted(CLS, ya[idx]),
            "seconds": np.array(seconds)}


def cache(args: argparse.Namespace) -> None:
    lab = read_onet_labels(args.labels).reset_index(drop=True)
    Path(args.cache).mkdir(parents=True, exist_ok=True)
    for s, name, tr, te in folds(lab, args.seeds):
        if args.outer_only and name != "outer":
            continue
        f = Path(args.cache) / (f"seed{s}_{name}.npz" if args.rare is None
                                else f"seed{s}_{name}_rare{args.rare}.npz")
        if f.exists():
            continue
        t = time.perf_counter()
        np.savez_compressed(f, **(cache_fold(lab, tr, te) if args.rare is None
                                  else cache_rare(lab, tr, te, args.rare)))
        print(f"seed {s} {name}: {time.perf_counter() - t:.0f} s", flush=True)


# Combinations ------------------------------------------------------------------------------

def vote(d, k: int, p: float, q: float = 0.0, prefix: str = "nn") -> np.ndarray:  # noqa: ANN001
    """Similarity-weighted label shares of the ``k`` nearest statements, each weighted by
    sim ** p x (similarity of its occupation to the statement's) ** q."""
    order = np.argsort(-d[f"{prefix}_sim"], axis=1, kind="stable")[:, :k]  # nearest first
    w = np.take_along_axis(d[f"{prefix}_sim"], order, axis=1).clip(1e-6) ** p
    if q:
        w = w * np.take_along_axis(d["nn_occ_sim"], order, axis=1).clip(1e-6) ** q
    onehot = np.eye(3)[np.take_along_axis(d[f"{prefix}_label"], order, axis=1)]
    v = np.einsum("nk,nkc->nc", w, onehot) + 1e-9
    return v / v.sum(axis=1, keepdims=True)


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def variants(d, short: bool = False) -> dict[str, np.ndarray]:  # noqa: ANN001
    """Every combination's scores (rows: statements, columns: E0, E1, E2; arg-max decides);
    ``short``: the probabilities in ``d["lr_occ"]`` alone and with the vote only."""
    out: dict[str, np.ndarray] = {"lr (today)": d["lr"], "lr_occ": d["lr_occ"]}
    v20 = vote(d, 20, 3.0)
    if short:
        for m in (0.3, 0.4, 0.5):
            out[f"lr_occ+knn m{m}"] = (1 - m) * d["lr_occ"] + m * v20
            out[f"lr_occ+knn m{m} e1x1.2"] = out[f"lr_occ+knn m{m}"] * [1, 1.2, 1]
        return out
    for m in (0.3, 0.4, 0.5):
        out[f"lr_occ+knn m{m}"] = (1 - m) * d["lr_occ"] + m * v20
    for q in (1.0, 2.0, 4.0):
        vq = vote(d, 20, 3.0, q)
        for m in (0.4, 0.5):
            out[f"lr_occ+knn(occ^{q}) m{m}"] = (1 - m) * d["lr_occ"] + m * vq
    svc = softmax(2 * d["svc_occ_bal"])
    for m in (0.3, 0.4):
        for s in (0.25, 0.5):
            out[f"lr_occ+svc{s}+knn m{m}"] = ((1 - m) * ((1 - s) * d["lr_occ"] + s * svc)
                                              + m * v20)
            out[f"lr_occ+bal{s}+knn m{m}"] = ((1 - m) * ((1 - s) * d["lr_occ"]
                                                         + s * d["lr_occ_bal"]) + m * v20)
    # Mixing share rising with the nearest neighbour's similarity.
    top = d["nn_sim"][:, :1]
    for m0, m1 in itertools.product((0.2, 0.3), (0.2, 0.4, 0.6)):
        m = np.clip(m0 + m1 * (top - 0.5), 0, 1)
        out[f"lr_occ+knn adaptive {m0}+{m1}(s-0.5)"] = (1 - m) * d["lr_occ"] + m * v20
    # Log-linear (product) combination.
    for m in (0.3, 0.5):
        out[f"lr_occ*knn^{m}"] = np.log(d["lr_occ"]) + m * np.log(v20 + 0.02)
    base = dict(out)
    for name, v in base.items():
        if name.startswith("lr (today)"):
            continue
        for b0 in (0.9, 1.1):
            out[f"{name} e0x{b0}"] = v * [b0, 1, 1] if "*" not in name else v + [
                np.log(b0), 0, 0]
        out[f"{name} e1x1.2"] = v * [1, 1.2, 1] if "*" not in name else v + [0, np.log(1.2), 0]
    return out


def score(args: argparse.Namespace) -> None:
    inner = collections.defaultdict(lambda: collections.defaultdict(list))
    outer = collections.defaultdict(dict)
    for s in args.seeds:
        for name in ("inner0", "inner1", "inner2", "outer"):
            if not (Path(args.cache) / f"seed{s}_{name}.npz").exists():
                continue  # seeds cached with --outer-only have no inner folds
            d = dict(np.load(Path(args.cache) / f"seed{s}_{name}.npz"))
            found = variants(d) if not args.extra else {
                "lr (today)": d["lr"],
                "lr+knn m0.4": 0.6 * d["lr"] + 0.4 * vote(d, 20, 3.0),
                "lr+knn m0.4 e1x1.2": (0.6 * d["lr"] + 0.4 * vote(d, 20, 3.0)) * [1, 1.2, 1],
                "lr_occ+knn m0.4": 0.6 * d["lr_occ"] + 0.4 * vote(d, 20, 3.0)}
            for x in args.extra:
                if not (Path(args.cache) / f"seed{s}_{name}_{x}.npz").exists():
                    continue  # cached for the held-out splits only
                e = np.load(Path(args.cache) / f"seed{s}_{name}_{x}.npz")
                if x.startswith("rare"):
                    d["rare_sim"], d["rare_label"] = e["sim"], e["label"]
                    for k, p, m in itertools.product((20,), (3.0,), (0.3, 0.4, 0.5)):
                        z = (1 - m) * d["lr"] + m * vote(d, k, p, prefix="rare")
                        found[f"[{x}] lr+knn k{k} p{p} m{m}"] = z
                        found[f"[{x}] lr+knn k{k} p{p} m{m} e1x1.2"] = z * [1, 1.2, 1]
                        z = (1 - m) * d["lr"] + m * vote(d, k, p)
                        found[f"lr+knn k{k} p{p} m{m}"] = z
                        found[f"lr+knn k{k} p{p} m{m} e1x1.2"] = z * [1, 1.2, 1]
                        z = (1 - m) * d["lr"] + m * vote(d, k, p, prefix="wnn")
                        found[f"lr+knn(word) k{k} p{p} m{m}"] = z
                    continue
                d["lr_occ"] = e["proba"]
                found.update({f"[{x}] {v}": z for v, z in variants(d, short=True).items()})
            for v, z in found.items():
                pred = z.argmax(axis=1)
                r = (accuracy_score(d["truth"], pred),
                     f1_score(d["truth"], pred, average="macro"))
                if name == "outer":
                    outer[v][s] = r
                else:
                    inner[v][s].append(r)
    names = list(outer)
    if args.extra:
        print("(an extra cached for the held-out splits only has no inner figures: nan)")
    print("| variant | inner acc | inner macro-F1 | outer acc | outer macro-F1 |")
    print("|---|---:|---:|---:|---:|")
    for v in names:
        ia = np.mean([x[0] for s in args.seeds for x in inner[v][s]])
        i_f = np.mean([x[1] for s in args.seeds for x in inner[v][s]])
        oa = np.array([outer[v][s][0] for s in args.seeds])
        of = np.array([outer[v][s][1] for s in args.seeds])
        print(f"| {v} | {ia:.3f} | {i_f:.3f} | {oa.mean():.3f} ± {oa.std(ddof=1):.3f} | "
              f"{of.mean():.3f} ± {of.std(ddof=1):.3f} |")
    # Nested choice: per seed, the variant best on that seed's inner folds (accuracy, then a
    # macro-F1 floor of the inner figure of today's tagger).
    chosen = []
    today = next(v for v in names if v.endswith("lr (today)"))
    for s in args.seeds:
        if not inner[today][s]:
            continue
        floor = np.mean([x[1] for x in inner[today][s]])
        ok = [v for v in names if np.mean([x[1] for x in inner[v][s]]) >= floor]
        best = max(ok, key=lambda v: np.mean([x[0] for x in inner[v][s]]))
        chosen.append((s, best, outer[best][s]))
    print("\nnested choice (per seed, best inner accuracy with inner macro-F1 >= today's):")
    for s, v, r in chosen:
        print(f"seed {s}: {v}: outer {r[0]:.3f} / {r[1]:.3f}")
    acc = np.array([r[0] for _, _, r in chosen])
    f1 = np.array([r[1] for _, _, r in chosen])
    print(f"mean: {acc.mean():.3f} ± {acc.std(ddof=1):.3f} / {f1.mean():.3f} ± "
          f"{f1.std(ddof=1):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mode", choices=("cache", "score"))
    ap.add_argument("labels", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--cache", default="/tmp/tagging_stack")
    ap.add_argument("--outer-only", action="store_true", help="cache only the held-out splits")
    ap.add_argument("--rare", type=float, default=None,
                    help="cache only the neighbours over features rarer than this share")
    ap.add_argument("--extra", nargs="*", default=[],
                    help="score only these cached probabilities (e.g. verb1.0) with the vote")
    args = ap.parse_args()
    cache(args) if args.mode == "cache" else score(args)


if __name__ == "__main__":
    main()
