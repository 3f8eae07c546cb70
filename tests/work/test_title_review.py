"""The titles to map first: without a confident role, by FTE, with suggestions and their
reasons; the fewest that reach a target share."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner import load_org
from planner.work.title_review import Cover, titles_to_cover, titles_to_map


@pytest.fixture()
def org(tmp_path: Path):
    rows = ["position_id,manager_position_id,job_title,fte,team",
            "P1,,Chief Executive,1,Board", "P2,P1,Zorblax Wrangler,1,Ops",
            "P3,P1,Zorblax Wrangler,0.5,Ops", "P4,P1,Contact Centre Helper,2,Ops",
            "P5,P1,Accountant,1,Finance", "P6,P1,,0.5,Ops", "P7,P1,Payroll Clerkess,3,Finance"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return load_org(path)


def test_titles_without_a_confident_role_most_fte_first(org) -> None:
    table = titles_to_map(org.roster, org.matches, org.library)
    not_ok = org.roster[(org.roster["role_status"] != "ok") & org.roster["job_title"].notna()]
    assert set(table["job_title"]) == set(not_ok["job_title"])
    assert list(table["fte"]) == sorted(table["fte"], reverse=True)
    assert table["fte"].sum() == pytest.approx(not_ok["fte"].sum())
    row = table.set_index("job_title").loc["Zorblax Wrangler"]
    assert (row["fte"], row["positions"]) == (1.5, 2)
    assert row[["unit", "profession"]].isna().all()


def test_suggestions_are_library_roles_each_with_a_reason(org) -> None:
    table = titles_to_map(org.roster, org.matches, org.library)
    roles = set(org.library.roles["role_id"])
    for r in table.itertuples(index=False):
        for k in (1, 2, 3):
            role = getattr(r, f"suggestion_{k}")
            if pd.notna(role):
                assert role in roles
                assert len(getattr(r, f"suggestion_{k}_reason")) > 10  # why, in words
        if r.role_id is not None:  # a low-confidence guess is among the suggestions
            assert r.role_id in {r.suggestion_1, r.suggestion_2, r.suggestion_3}


def test_grouping_by_unit_gives_a_row_per_title_and_team(org) -> None:
    table = titles_to_map(org.roster, org.matches, org.library, by=("job_title", "unit"))
    assert set(zip(table["job_title"], table["unit"], strict=True)) >= {
        ("Zorblax Wrangler", "Ops")}
    with pytest.raises(ValueError, match="by: expected"):
        titles_to_map(org.roster, org.matches, org.library, by=("grade",))


TABLE = pd.DataFrame({"fte": [30.0, 20.0, 5.0, 1.0]})


@pytest.mark.parametrize("target,titles,reached,said", [
    (0.9, 2, 0.94, "Map these 2 titles to cover 90% of the workforce: 44% of FTE has a "
                   "confident role now, 94% after."),
    (0.6, 1, 0.74, "Map this title to cover 60% of the workforce"),
    (0.4, 0, 0.44, "44% of the workforce (by FTE) has a confident role; the titles below are "
     "the rest."),
    (0.999, 4, 1.0, "Map these 4 titles to cover 99% of the workforce"),
])
def test_the_fewest_titles_that_reach_the_target(target, titles, reached, said) -> None:
    cover = titles_to_cover(TABLE, fte=100.0, fte_confident=44.0, target=target)
    assert (cover.titles, round(cover.reached, 4)) == (titles, reached)
    assert cover.statement().startswith(said)


def test_the_best_ten_are_said_when_they_do_not_reach() -> None:
    table = pd.DataFrame({"fte": [1.0] * 30})
    cover = titles_to_cover(table, fte=100.0, fte_confident=50.0, target=0.9)
    assert (cover.titles, cover.limit, cover.reached) == (None, 10, 0.6)
    assert "10 titles with the most FTE" in cover.statement()
    assert "from 50% to 60%, short of 90%" in cover.statement()


def test_a_share_just_short_of_the_target_is_not_shown_as_reached() -> None:
    cover = Cover(fte=1000.0, fte_confident=500.0, target=0.9, titles=None, reached=0.896,
                  limit=10)
    assert "to 89%, short of 90%" in cover.statement()
    near = titles_to_cover(pd.DataFrame({"fte": [1.0]}), fte=1000.0, fte_confident=897.0)
    assert "from 89% to 89%, short of 90%" in near.statement()  # 89.7% and 89.8%
    rounded = titles_to_cover(pd.DataFrame({"fte": [1.0] * 10}), fte=100.0,
                              fte_confident=51.99)
    assert "from 52% to 61%" in rounded.statement()
    nothing = titles_to_cover(TABLE.head(0), fte=100.0, fte_confident=80.0)
    assert nothing.statement() == ("80% of the workforce (by FTE) has a confident role; the "
                                   "rest have no job title to map.")
