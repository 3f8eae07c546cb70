"""Role adjacency: similarity of every pair of roles from the work they share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.schema import RoleSchema, RoleTaskSchema, TaskSchema
from planner.work.adjacency import TEXT_WEIGHT, similarity_matrix
from planner.work.library import Library


@pytest.fixture(scope="module")
def adjacency(lib: Library):  # noqa: ANN201
    return similarity_matrix(lib)


def test_every_role_of_the_library_is_in_the_matrix(lib: Library, adjacency) -> None:  # noqa: ANN001
    assert set(adjacency.role_ids) == set(lib.roles["role_id"])
    assert adjacency.similarity.shape == (len(lib.roles), len(lib.roles))


def test_similarity_is_symmetric_in_0_1_and_1_on_the_diagonal(adjacency) -> None:  # noqa: ANN001
    s = adjacency.similarity
    assert np.allclose(s, s.T)
    assert (s >= 0).all() and (s <= 1).all()
    assert np.allclose(np.diag(s), 1.0)


def test_a_role_is_not_its_own_neighbour_and_nearest_come_first(adjacency) -> None:  # noqa: ANN001
    for role in adjacency.role_ids:
        near = adjacency.nearest(role, 5)
        assert len(near) == 5
        assert role not in [n.role_id for n in near]
        sims = [n.similarity for n in near]
        assert sims == sorted(sims, reverse=True)
        others = np.delete(adjacency.similarity[adjacency.role_ids.index(role)],
                           adjacency.role_ids.index(role))
        assert sims[0] == pytest.approx(others.max())


def test_related_roles_are_nearer_than_unrelated_ones(adjacency) -> None:  # noqa: ANN001
    assert adjacency.of("customer_support_agent", "technical_support_specialist") > \
        adjacency.of("customer_support_agent", "software_engineer")
    near = [n.role_id for n in adjacency.nearest("customer_support_agent", 5)]
    assert "customer_support_team_lead" in near


def test_shared_and_missing_tasks_split_the_targets_tasks(lib: Library, adjacency) -> None:  # noqa: ANN001
    n = adjacency.nearest("customer_support_agent", 1)[0]
    target = lib.task_mix(n.role_id)["statement"].tolist()
    assert sorted(n.shared_tasks + n.missing_tasks) == sorted(target)
    own = set(lib.task_mix("customer_support_agent")["statement"])
    assert own & set(target) <= set(n.shared_tasks)  # the same task is always shared
    assert 0 < n.shared_share < 1
    assert n.to_dict().keys() == {"role_id", "similarity", "shared_tasks", "missing_tasks"}


def _library(mixes: list[list[tuple[int, float]]], statements: list[str],
             categories: list[str]) -> Library:
    roles = pd.DataFrame({"role_id": [f"r{i}" for i in range(len(mixes))],
                          "name": [f"Role {i}" for i in range(len(mixes))],
                          "function": "f", "is_manager": False, "aliases": "",
                          "typical_annual_cost": 1.0})
    tasks = pd.DataFrame({"task_id": [f"T{j}" for j in range(len(statements))],
                          "statement": statements, "activity_category": categories,
                          "automatable_share": 0.5, "mode": "augment",
                          "oversight_hours_per_ai_hour": 0.1, "source": "s",
                          "rationale": pd.NA})
    rows = [(f"r{i}", f"T{j}", w) for i, mix in enumerate(mixes) for j, w in mix]
    rt = pd.DataFrame(rows, columns=["role_id", "task_id", "share"])
    rt["share"] = rt["share"] / rt.groupby("role_id")["share"].transform("sum")
    rt = rt.groupby(["role_id", "task_id"], as_index=False)["share"].sum()
    rt["share"] = rt["share"].clip(upper=1.0)  # a sum of shares may round above 1
    return Library(RoleSchema.validate(roles), TaskSchema.validate(tasks),
                   RoleTaskSchema.validate(rt), pd.DataFrame({"source_id": ["s"]}))


WORDS = ["invoice", "ledger", "customer", "call", "code", "review", "team", "plan", "report"]
CATS = ["data_processing", "stakeholder_interaction", "applying_expertise", "managing_others"]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_property_similarity_is_a_symmetric_share(data: st.DataObject) -> None:
    n_tasks = data.draw(st.integers(2, 8))
    statements = [" ".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=1,
                                              max_size=4))) + f" item{j}"
                  for j in range(n_tasks)]
    categories = [data.draw(st.sampled_from(CATS)) for _ in range(n_tasks)]
    mixes = data.draw(st.lists(st.lists(st.tuples(st.integers(0, n_tasks - 1),
                                                  st.floats(0.05, 1.0)),
                                        min_size=1, max_size=4), min_size=2, max_size=6))
    adj = similarity_matrix(_library(mixes, statements, categories))
    s = adj.similarity
    assert np.allclose(s, s.T) and (s >= 0).all() and (s <= 1 + 1e-12).all()
    for role in adj.role_ids:
        assert role not in [n.role_id for n in adj.nearest(role, 10)]
    # two roles with the same task mix are as alike as a role and itself
    same = [i for i in range(len(mixes)) for j in range(i) if
            sorted(mixes[i]) == sorted(mixes[j])]
    for i in same:
        assert s[i][[j for j in range(i) if sorted(mixes[i]) == sorted(mixes[j])][0]] == \
            pytest.approx(1.0)


def test_roles_sharing_nothing_are_0_and_categories_alone_give_their_weight() -> None:
    lib = _library([[(0, 1.0)], [(1, 1.0)], [(2, 1.0)]],
                   ["approve invoices", "write code", "chair meetings"],
                   ["data_processing", "data_processing", "managing_others"])
    adj = similarity_matrix(lib)
    assert adj.of("r0", "r2") == pytest.approx(0.0)
    assert adj.of("r0", "r1") == pytest.approx(1 - TEXT_WEIGHT)
