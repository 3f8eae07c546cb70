"""How much of a plan's FTE has no confident role (plan.coverage): the figures from the
roster's role_status, the sentence, the plan.json block and plans without it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from planner.io.plan_folder import read_plan_folder
from planner.plan.coverage import (
    TOP_TEAMS,
    RoleCoverage,
    TeamCoverage,
    plan_coverage,
    role_coverage,
)
from planner.plan.run import run
from planner.plan.tables import write_plan
from planner.scenario.load import load_scenario
from planner.scenario.model import scenario_to_dict
from tests.conftest import ROOT

STATUSES = ("ok", "low_confidence", "unmatched", None)


def _roster(rows: list[tuple[str | None, str | None, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["team", "role_status", "fte"]).astype(
        {"team": "object", "role_status": "object", "fte": float})


def test_the_figures_and_the_sentence_of_a_small_roster() -> None:
    roster = _roster([("Finance", "unmatched", 2.0), ("Finance", "ok", 2.0),
                      ("Legal", "low_confidence", 1.0), ("Legal", "ok", 4.0),
                      (None, "unmatched", 0.5), ("Sales", "ok", 10.5)])
    cov = role_coverage(roster)
    assert cov is not None
    assert (cov.fte, cov.fte_unmatched, cov.fte_low_confidence) == (20.0, 2.5, 1.0)
    assert cov.share_no_confident_role == pytest.approx(3.5 / 20)
    # Teams as the plan names them: a blank team is "(none)"; Sales has no one to name.
    assert cov.teams == (TeamCoverage("Finance", 2.0, 0.5), TeamCoverage("Legal", 1.0, 0.2),
                         TeamCoverage("(none)", 0.5, 1.0))
    assert cov.statement() == (
        "18% of FTE (3.5 of 20) have no confident role: 2.5 FTE match no role and are "
        "planned with no AI scope, 1.0 FTE match one with low confidence. Most affected: "
        "Finance (2.0 FTE, 50% of the team); Legal (1.0 FTE, 20% of the team); (none) "
        "(0.5 FTE, 100% of the team).")
    assert RoleCoverage.from_dict(json.loads(json.dumps(cov.to_dict()))) == RoleCoverage(
        20.0, 2.5, 1.0, cov.teams)


@pytest.mark.parametrize(("unmatched", "said"), [(0.001, "Under 1% of FTE"),
                                                  (99.9, "Over 99% of FTE"),
                                                  (100.0, "100% of FTE")])
def test_a_share_is_never_rounded_to_none_or_to_all(unmatched: float, said: str) -> None:
    assert RoleCoverage(100.0, unmatched, 0.0).statement().startswith(said)


def test_every_position_confident_says_nothing_and_no_library_gives_no_coverage() -> None:
    assert role_coverage(_roster([("A", "ok", 3.0)])).statement() == ""
    assert role_coverage(_roster([("A", None, 3.0), ("B", None, 1.0)])) is None
    assert plan_coverage({"status": "optimal"}) is None


@settings(max_examples=60, deadline=None)
@given(hst.lists(hst.tuples(hst.sampled_from(["A", "B", "C", "D", "E", "F", "G", None]),
                            hst.sampled_from(STATUSES),
                            hst.floats(0.01, 50, allow_nan=False)), min_size=1, max_size=40))
def test_shares_are_shares_teams_sorted_and_sums_consistent(rows) -> None:
    roster = _roster(rows)
    cov = role_coverage(roster)
    if cov is None:
        assert roster["role_status"].isna().all()
        return
    assert cov.fte == pytest.approx(roster["fte"].sum())
    off = roster["role_status"].isin(["unmatched", "low_confidence"]) | roster[
        "role_status"].isna()
    assert cov.fte_no_confident_role == pytest.approx(roster.loc[off, "fte"].sum())
    assert 0 <= cov.share_no_confident_role <= 1
    assert len(cov.teams) <= TOP_TEAMS
    fte = [t.fte_no_confident_role for t in cov.teams]
    assert fte == sorted(fte, reverse=True) and all(f > 0 for f in fte)
    assert all(0 < t.share <= 1 for t in cov.teams)
    assert sum(fte) <= cov.fte_no_confident_role + 1e-9
    teams_off = roster.loc[off].assign(team=roster["team"].fillna("(none)")).groupby("team")
    if teams_off.ngroups <= TOP_TEAMS:  # every affected team named: they add up
        assert sum(fte) == pytest.approx(cov.fte_no_confident_role)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    sc = load_scenario(ROOT / "models" / "automation_push.yaml")
    plan = run(sc)[0]
    return plan.summary, write_plan(plan, tmp_path_factory.mktemp("plan"),
                                    scenario_to_dict(sc, absolute_paths=True))


def test_a_roster_plan_states_its_coverage_and_plan_json_keeps_it(planned) -> None:
    summary, folder = planned
    block = summary["role_coverage"]
    assert set(block) == {"fte", "fte_no_confident_role", "share_no_confident_role",
                          "fte_unmatched", "fte_low_confidence", "teams"}
    # Coverage counts every position, held (fte_before) or vacant (closed, filled or kept).
    vacant = sum(summary["vacancies"][f"{k}_fte"] for k in ("closed", "filled", "kept"))
    assert vacant == pytest.approx(51.2)
    assert block["fte"] == pytest.approx(summary["fte_before"] + vacant)
    assert block["fte_no_confident_role"] == pytest.approx(
        block["fte_unmatched"] + block["fte_low_confidence"])
    assert {t["team"] for t in block["teams"]} <= set(
        pd.read_csv(folder / "staffing.csv")["team"])  # the plan's own team names
    read = read_plan_folder(folder).summary
    assert read["role_coverage"] == json.loads(json.dumps(block))
    assert plan_coverage(read) == plan_coverage(summary)


def test_a_pool_plan_states_no_coverage() -> None:
    plan = run(load_scenario(ROOT / "models" / "williams_manpower.yaml"))[0]
    assert "role_coverage" not in plan.summary and plan_coverage(plan.summary) is None


def test_the_checker_finds_a_coverage_block_that_counts_other_fte(planned, tmp_path) -> None:
    import shutil

    from planner.io.plan_folder import SUMMARY_FILE
    from planner.plan.check import check_plan

    _, folder = planned
    assert check_plan(folder).ok
    bad = shutil.copytree(folder, tmp_path / "bad")
    summary = json.loads((bad / SUMMARY_FILE).read_text(encoding="utf-8"))
    summary["role_coverage"]["fte"] += 10
    (bad / SUMMARY_FILE).write_text(json.dumps(summary), encoding="utf-8")
    assert [f.check for f in check_plan(bad).failures()] == ["summary_role_coverage_fte"]
