"""Role adjacency: how much work two roles of a library share, and what one lacks of the other.

For roles ``a`` and ``b`` of a library (the bundled roles, or imported O*NET occupations: an
imported library is an ordinary :class:`~planner.work.library.Library`), the similarity is

.. math::

    s(a, b) = w \\cdot \\cos(r_a, r_b) + (1 - w) \\sum_k \\min(c_{ak}, c_{bk})

- ``r_a = sum_j share_aj * t_j``: the role's task statements as TF-IDF vectors ``t_j``
  (words and word pairs, sublinear term frequency, English stop words left out, each
  statement's vector of unit length), weighted by the task's share of the role's hours;
  the cosine of two such vectors is in [0, 1] because no weight is negative.
- ``c_ak``: the share of the role's hours in activity category ``k`` (``data_processing``,
  ``managing_others`` ...); the sum of minima is the share of hours both spend on the same
  kinds of activity, in [0, 1] because each role's shares sum to 1.
- ``w`` = :data:`TEXT_WEIGHT` = 0.7: the wording of the tasks counts most; the categories
  keep roles with the same kind of work close when their statements use other words.

``s`` is symmetric (``s(a, b) = s(b, a)``) and in [0, 1]; a role is not its own neighbour.
For each role's nearest roles, the target's tasks are split into the ones the source
already does (the same task, or a statement whose TF-IDF cosine with one of the source's
is at least :data:`SAME_TASK_COSINE`) and the ones it lacks, largest share first: what a
reskilling path would have to teach. The matrix is computed on arrays (one sparse product
for all pairs): 923 O*NET occupations take about 2 s (``benchmarks/bench_adjacency.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner.work.library import Library

TEXT_WEIGHT = 0.7
"""Weight ``w`` of the task-text cosine against the activity-category overlap [-]."""
SAME_TASK_COSINE = 0.35
"""Statements at least this alike (TF-IDF cosine) count as the same task [-]."""


@dataclass(frozen=True)
class Neighbour:
    """A role near another one.

    Attributes
    ----------
    role_id : str
        The nearby (target) role.
    similarity : float
        :func:`similarity_matrix` of the two roles [0-1].
    shared_tasks : tuple of str
        Statements of the target's tasks that the source role already does, largest share
        of the target's hours first.
    missing_tasks : tuple of str
        Statements of the target's tasks the source lacks, largest share first.
    shared_share : float
        Share of the target's hours in its shared tasks [0-1].
    """

    role_id: str
    similarity: float
    shared_tasks: tuple[str, ...]
    missing_tasks: tuple[str, ...]
    shared_share: float

    def to_dict(self) -> dict[str, object]:
        """``role_id``, ``similarity``, ``shared_tasks``, ``missing_tasks`` (the JSON of
        ``planner adjacency``)."""
        return {"role_id": self.role_id, "similarity": round(self.similarity, 4),
                "shared_tasks": list(self.shared_tasks),
                "missing_tasks": list(self.missing_tasks)}


@dataclass(frozen=True, eq=False)
class Adjacency:
    """Pairwise similarity of a library's roles.

    Attributes
    ----------
    role_ids : tuple of str
        The roles, in the order of the matrix.
    similarity : ndarray (roles x roles)
        :func:`similarity_matrix`; the diagonal is 1.
    """

    role_ids: tuple[str, ...]
    similarity: np.ndarray
    _task_vectors: Any  # the statements' TF-IDF rows (scipy sparse CSR), in task order
    _statements: np.ndarray  # task statements, in task order
    _tasks_of: tuple[np.ndarray, ...]  # per role: its task rows, largest share first
    _shares_of: tuple[np.ndarray, ...]  # per role: those tasks' shares of its hours
    _index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index.update({r: i for i, r in enumerate(self.role_ids)})

    def of(self, a: str, b: str) -> float:
        """The similarity of roles ``a`` and ``b`` [0-1]."""
        return float(self.similarity[self._index[a], self._index[b]])

    def nearest(self, role_id: str, top: int = 5, *,
                among: set[str] | None = None) -> list[Neighbour]:
        """The ``top`` roles nearest ``role_id`` (itself excluded), most similar first (ties:
        by id), each with the tasks it shares with ``role_id`` and those ``role_id`` lacks.
        ``among`` restricts the candidates."""
        i = self._index[role_id]
        sims = self.similarity[i].copy()
        sims[i] = -1.0
        if among is not None:
            sims[[j for r, j in self._index.items() if r not in among]] = -1.0
        order = np.lexsort((np.asarray(self.role_ids), -sims))
        picked = [j for j in order[:max(top, 0) + 1] if sims[j] >= 0.0][:max(top, 0)]
        return [self._neighbour(i, j) for j in picked]

    def _neighbour(self, i: int, j: int) -> Neighbour:
        own, theirs = self._tasks_of[i], self._tasks_of[j]
        if len(own) and len(theirs):
            vec = self._task_vectors
            best = np.asarray((vec[theirs] @ vec[own].T).max(axis=1).todense()).ravel()
        else:
            best = np.zeros(len(theirs))
        shared = np.isin(theirs, own) | (best >= SAME_TASK_COSINE)
        names = self._statements[theirs]
        return Neighbour(self.role_ids[j], float(self.similarity[i, j]),
                         tuple(names[shared]), tuple(names[~shared]),
                         float(self._shares_of[j][shared].sum()))


def similarity_matrix(library: Library) -> Adjacency:
    """The similarity of every pair of the library's roles (formula in the module's
    docstring).

    Returns
    -------
    Adjacency
        The roles in the library's order and their similarity matrix [0-1], symmetric,
        with 1 on the diagonal.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    tasks = library.tasks.reset_index(drop=True)
    roles = tuple(library.roles["role_id"].astype(str))
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    t = vec.fit_transform(tasks["statement"].astype(str)).tocsr()
    task_row = {tid: i for i, tid in enumerate(tasks["task_id"])}
    role_row = {r: i for i, r in enumerate(roles)}
    mix = library.role_tasks[library.role_tasks["role_id"].isin(role_row)]
    rows = mix["role_id"].map(role_row).to_numpy(int)
    cols = mix["task_id"].map(task_row).to_numpy(int)
    share = sparse.csr_matrix((mix["share"].to_numpy(float), (rows, cols)),
                              shape=(len(roles), len(tasks)))
    text = _cosine(share @ t)
    categories, cat_of = np.unique(tasks["activity_category"].astype(str), return_inverse=True)
    cat_share = (share @ sparse.csr_matrix(
        (np.ones(len(tasks)), (np.arange(len(tasks)), cat_of)),
        shape=(len(tasks), len(categories)))).toarray()
    total = cat_share.sum(axis=1, keepdims=True)
    cat_share = np.divide(cat_share, total, out=np.zeros_like(cat_share), where=total > 0)
    overlap = np.minimum(cat_share[:, None, :], cat_share[None, :, :]).sum(axis=2)
    sim = np.clip(TEXT_WEIGHT * text + (1.0 - TEXT_WEIGHT) * overlap, 0.0, 1.0)
    sim = (sim + sim.T) / 2.0  # exact symmetry, whatever the rounding of the products
    np.fill_diagonal(sim, 1.0)
    order = mix.assign(row=rows, col=cols).sort_values(["row", "share", "task_id"],
                                                       ascending=[True, False, True])
    bounds = np.searchsorted(order["row"].to_numpy(int), np.arange(len(roles) + 1))
    col, sh = order["col"].to_numpy(int), order["share"].to_numpy(float)
    return Adjacency(roles, sim, t, tasks["statement"].astype(str).to_numpy(object),
                     tuple(col[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)),
                     tuple(sh[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)))


def _cosine(vectors: object) -> np.ndarray:
    """Cosine of every pair of rows of a sparse matrix (a zero row is alike to none)."""
    from scipy import sparse

    m = sparse.csr_matrix(vectors)
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    inv = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
    unit = sparse.diags(inv) @ m
    return np.asarray((unit @ unit.T).todense())


def nearest_roles(adjacency: Adjacency, role_ids: list[str] | None = None,
                  top: int = 5) -> pd.DataFrame:
    """Each role's ``top`` nearest roles as a table.

    Returns
    -------
    DataFrame
        ``role_id``, ``rank`` (1 = nearest), ``nearest_id``, ``similarity`` [0-1],
        ``shared_share`` (of the nearest role's hours in tasks ``role_id`` does) [0-1],
        ``shared_tasks``, ``missing_tasks`` (tuples of statements).
    """
    rows = [{"role_id": r, "rank": k + 1, "nearest_id": n.role_id,
             "similarity": n.similarity, "shared_share": n.shared_share,
             "shared_tasks": n.shared_tasks, "missing_tasks": n.missing_tasks}
            for r in (role_ids if role_ids is not None else adjacency.role_ids)
            for k, n in enumerate(adjacency.nearest(r, top))]
    return pd.DataFrame(rows, columns=["role_id", "rank", "nearest_id", "similarity",
                                       "shared_share", "shared_tasks", "missing_tasks"])
