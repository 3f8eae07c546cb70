"""The synthetic org generator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.roster import tree
from planner.roster.synth import synthesise, target_layers
from planner.work.library import data_dir


def shape(roster: pd.DataFrame) -> tuple[np.ndarray, int]:
    h = tree.resolve(tree.parent_index(roster["position_id"], roster["manager_position_id"]))
    spans = tree.count_children(h.parent)
    return spans[spans > 0], h.layers


def test_same_seed_same_org() -> None:
    pd.testing.assert_frame_equal(synthesise(500, 3), synthesise(500, 3))
    assert not synthesise(500, 3).equals(synthesise(500, 4))


@pytest.mark.parametrize("n", [10, 11, 57, 250, 1500, 20_000])
def test_exact_size_single_root(n: int) -> None:
    r = synthesise(n, 1)
    assert len(r) == n
    assert r["position_id"].is_unique
    assert r["manager_position_id"].isna().sum() == 1


@pytest.mark.parametrize("n", [300, 1500, 20_000, 100_000])
def test_realistic_spans_and_layers(n: int) -> None:
    spans, layers = shape(synthesise(n, 2))
    assert 5 <= layers <= 9
    assert spans.min() >= 3 and spans.max() <= 15
    assert 5 <= spans.mean() <= 9


def test_layers_grow_with_size() -> None:
    assert [target_layers(n) for n in (100, 1_000, 100_000, 1_000_000)] == sorted(
        target_layers(n) for n in (100, 1_000, 100_000, 1_000_000))
    assert target_layers(1_000_000) <= 9


def test_pay_by_role_and_grade() -> None:
    r = synthesise(5000, 5)
    per_fte = r["annual_cost"] / r["fte"]
    by_role = per_fte.groupby(r["role_id"]).median()
    assert by_role["chief_executive"] > by_role["customer_support_agent"] * 5
    mgr = r["position_id"].isin(r["manager_position_id"])
    assert per_fte[mgr].median() > per_fte[~mgr].median()


def test_bounds() -> None:
    with pytest.raises(ValueError, match="positions"):
        synthesise(0)


def test_bundled_sample_is_what_the_command_makes() -> None:
    """data/sample_org.csv was made by `make sample` (planner synth ... --seed 20261123)."""
    bundled = pd.read_csv(data_dir() / "sample_org.csv", dtype=str, keep_default_na=False)
    fresh = synthesise(1500, 20261123)
    assert len(bundled) == 1500
    assert bundled["position_id"].tolist() == fresh["position_id"].tolist()
    assert bundled["job_title"].tolist() == fresh["job_title"].tolist()
    assert np.allclose(bundled["annual_cost"].astype(float), fresh["annual_cost"])


@pytest.mark.parametrize("name", ["org.csv", "sub/org.xlsx"])
def test_a_synthetic_roster_is_written_as_its_file_name_says(tmp_path, name: str) -> None:
    from planner.roster.synth import write_roster

    frame = synthesise(20, 3)
    path = write_roster(frame, tmp_path / name)
    back = pd.read_excel(path) if name.endswith(".xlsx") else pd.read_csv(path)
    assert back["position_id"].tolist() == frame["position_id"].tolist()


def test_the_company_catalogue_is_of_library_roles() -> None:
    """The sample org's job catalogue stays fixed while the library grows: every role in it
    is still a library role, of the same function and level."""
    from planner.roster.synth import company_roles
    from planner.work.library import load_library

    company = company_roles().set_index("role_id")
    library = load_library().roles.set_index("role_id")
    assert set(company.index) <= set(library.index)
    same = library.loc[company.index]
    assert (same["function"] == company["function"]).all()
    assert (same["is_manager"] == company["is_manager"]).all()
