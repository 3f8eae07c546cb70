"""The three real UK organograms load, with totals checked against an independent count.

The expected figures are computed here with the csv module straight from the files, not
with the loader: posts = senior records (less repeated post references) + junior records;
FTE = the sum of the FTE columns over the same records.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from planner import load_org
from planner.errors import Severity
from planner.roster import load_roster
from tests.conftest import BODIES


def independent_totals(folder: Path, stem: str) -> dict[str, float]:
    def rows(kind: str) -> list[dict[str, str]]:
        with open(folder / f"{stem}-{kind}.csv", encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    senior, junior = rows("senior"), rows("junior")
    seen: set[str] = set()
    kept, dup = [], 0
    for r in senior:
        ref = r["Post Unique Reference"].strip()
        if ref in seen:
            dup += 1
            continue
        seen.add(ref)
        kept.append(r)
    return {
        "senior_records": len(senior),
        "duplicates": dup,
        "positions": len(kept) + len(junior),
        "pools": len(junior),
        "fte": sum(float(r["FTE"]) for r in kept)
        + sum(float(r["Number of Posts in FTE"]) for r in junior),
        "tops": sum(r["Reports to Senior Post"].strip().upper() == "XX" for r in kept),
    }


@pytest.mark.parametrize("body", sorted(BODIES))
def test_organogram_totals_match_independent_count(organogram_dir: Path, body: str) -> None:
    stem = BODIES[body]
    expected = independent_totals(organogram_dir, stem)
    org = load_org([organogram_dir / f"{stem}-senior.csv", organogram_dir / f"{stem}-junior.csv"])
    assert len(org.roster) == expected["positions"]
    assert org.roster["fte"].sum() == pytest.approx(expected["fte"], rel=1e-9)
    summary = org.graph.summary()
    assert summary.pools == expected["pools"]
    assert summary.roots >= expected["tops"]
    assert len(org.report.by_code("duplicate_id")) == expected["duplicates"]
    # Quirks are reported, never crashed on: withheld pay is a missing cost, not a zero.
    assert (org.roster["annual_cost"].dropna() > 0).all()


def test_decc_duplicate_post_references_are_reported(organogram_dir: Path) -> None:
    stem = BODIES["DECC"]
    res = load_roster([organogram_dir / f"{stem}-{kind}.csv" for kind in ("senior", "junior")])
    dups = res.report.by_code("duplicate_id")
    assert {p.value for p in dups} == {"39", "59"}
    assert all(p.severity is Severity.ERROR and p.column == "Post Unique Reference" for p in dups)
    assert not res.is_valid()


def test_hse_is_a_forest_of_two_tops(organogram_dir: Path) -> None:
    stem = BODIES["HSE"]
    res = load_roster([organogram_dir / f"{stem}-{kind}.csv" for kind in ("senior", "junior")])
    (roots,) = res.report.by_code("multiple_roots")
    assert roots.severity is Severity.WARNING
    assert "2 top positions" in roots.message


def test_junior_rows_are_pools_reporting_to_senior_posts(organogram_dir: Path) -> None:
    stem = BODIES["NE"]
    org = load_org([organogram_dir / f"{stem}-senior.csv", organogram_dir / f"{stem}-junior.csv"])
    r = org.roster
    pools = r[r["is_pool"]]
    assert len(pools) > 0
    assert pools["employee_id"].isna().all()
    assert pools["manager_position_id"].isin(r.loc[~r["is_pool"], "position_id"]).all()
    # Pay: the midpoint of the band x FTE, in pounds.
    assert (r["currency"] == "GBP").all()
    ok = pools.dropna(subset=["annual_cost"])
    assert (ok["annual_cost"] / ok["fte"]).between(10_000, 200_000).all()


def test_vacant_and_withheld_names(organogram_dir: Path) -> None:
    stem = BODIES["DECC"]
    org = load_org([organogram_dir / f"{stem}-senior.csv"])
    r = org.roster
    senior = r[~r["is_pool"]]
    # The data.gov.uk schema: 'Vacant' is a post not filled, 'Eliminated' a post that no
    # longer exists (no holder either), 'N/D' a name not disclosed (a held post). DECC's
    # senior file writes 'Vacant ' (trailing space) twice, 'Eliminated' 19 times, 'N/D' 79
    # (78 in the roster: one shares its post reference with an earlier row).
    assert senior["vacant"].sum() == 21
    assert senior["employee_id"].isna().sum() == 21
    nd = senior["source_row"].isin(senior.loc[senior["name"].isna() & ~senior["vacant"],
                                              "source_row"])
    assert nd.sum() == 78 and not senior.loc[nd, "vacant"].any()
    assert (r.loc[r["is_pool"], "vacant"] == False).all()  # noqa: E712 (pools never vacant)


def test_several_bodies_read_together_get_namespaced_ids(organogram_dir: Path) -> None:
    files = [organogram_dir / f"{BODIES[b]}-{k}.csv" for b in ("DECC", "NE")
             for k in ("senior", "junior")]
    res = load_roster(files)
    assert not res.report.by_code("manager_not_found")
    ids = res.roster["position_id"]
    assert ids.str.startswith("Natural England/").any()
    assert ids.str.startswith("Department of Energy and Climate Change/").any()
    expected = (independent_totals(organogram_dir, BODIES["DECC"])["positions"]
                + independent_totals(organogram_dir, BODIES["NE"])["positions"])
    assert len(res.roster) == expected
