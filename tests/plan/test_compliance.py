"""A plan dated by the law: no redundancy takes effect before its establishment's lead time
or its pool's longest individual notice, and the compliance table says what triggers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from planner.compliance.rules import IndividualNotice
from planner.errors import ScenarioError
from planner.io.plan_folder import read_plan_folder
from planner.plan.check import check_plan
from planner.plan.compliance import period_starts
from planner.plan.run import load_inputs, run
from planner.plan.tables import write_plan
from planner.roster.synth import synthesise
from planner.scenario.keypaths import parse_assignment, with_values
from planner.scenario.model import Scenario, scenario_document, scenario_from_dict
from planner.work.library import data_dir


def dated_scenario(folder: Path, **compliance: object) -> Scenario:
    """150 synthetic positions at seven locations, six months, no attrition nor hiring, a
    15% savings target: redundancies in several establishments."""
    synthesise(150, 7).to_csv(folder / "org.csv", index=False)
    # A stricter rule in the UK's format: 5 proposed redundancies, 30 days; 10, 45 days.
    uk = (data_dir() / "rules" / "uk.yaml").read_text()
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "rules" / "strict.yaml").write_text(
        uk.replace("id: uk", "id: strict").replace("min_count: 20", "min_count: 5")
        .replace("min_count: 100", "min_count: 10"))
    return scenario_from_dict({
        "name": "dated", "inputs": {"roster": "org.csv"},
        "horizon": {"periods": 6, "period": "month", "start": "2027-01"},
        "capabilities": [{"id": "doc", "categories": ["data_processing", "data_collection",
                                                      "applying_expertise"],
                          "cost_per_hour": 1}],
        "levers": {"attrition": {"new": 0.0, "long": 0.0}, "hiring": {"freeze": True},
                   "redeployment": {"scope": "team"}, "savings_target": 0.15,
                   "compliance": {"rules": ["strict", "us_warn"], "rule_files": "rules",
                                  **compliance}}}, base_dir=folder)


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("dated")
    sc = dated_scenario(folder)
    plan, _ = run(sc)
    assert plan.has_plan
    return sc, plan, folder


def test_no_redundancy_precedes_its_lead_time_or_its_pools_longest_notice(dated) -> None:
    sc, plan, _ = dated
    announce = date(2027, 1, 1)
    comp = plan.tables["compliance"]
    lead = comp[comp["triggered"]].groupby("establishment")["lead_days"].max()
    assert (lead > 0).any(), "the stricter rule triggers somewhere"
    roster = load_inputs(sc).roster
    held = roster[~roster["vacant"].astype(bool)].assign(
        team=roster["team"].astype(str), role=roster["role_id"].fillna("unmatched"))
    ch = plan.tables["pool_changes"]
    red = ch[ch["redundancies"] > 0]
    assert len(red)
    for row in red.itertuples():
        when = date.fromisoformat(row.effective_date)
        pool = held[(held["team"] == row.team) & (held["role"] == row.role)]
        for site in pool["location"].unique():
            assert when >= announce + timedelta(days=int(lead.get(site, 0))), (row, site)
        starts = pool["start_date"]
        weeks = max(IndividualNotice().weeks(None if pd.isna(s) else s.date(), announce)
                    for s in starts)
        assert when >= announce + timedelta(weeks=weeks), row


def test_every_action_has_the_first_day_of_its_period(dated) -> None:
    sc, plan, _ = dated
    first = dict(zip(plan.summary["periods"], map(str, period_starts(sc)), strict=True))
    pos = plan.tables["positions"]
    moved = pos[pos["action"] != "keep"]
    assert (moved["effective_date"] == moved["period"].map(first)).all()
    assert pos.loc[pos["action"] == "keep", "effective_date"].isna().all()


def test_the_plan_says_what_triggers_and_what_it_costs(dated) -> None:
    sc, plan, folder = dated
    block = plan.summary["compliance"]
    hit = [e for e in block["establishments"] if e["triggered"]]
    assert hit and all(e["lead_days"] in (30, 45) for e in hit)
    assert all(sum(e["by_occupational_group"].values()) == e["proposed_redundancies"]
               for e in block["establishments"])
    said = " ".join(plan.explanations)
    assert f"in {hit[0]['establishment']} (" in said
    assert "Spreading the exits of one proposal over time does not remove a duty" in said
    assert "not legal advice" in said
    assert block["cost_of_dates"] is not None and block["cost_of_dates"] >= -1
    written = read_plan_folder(write_plan(plan, folder / "plan", scenario_document(sc)))
    assert list(written.tables["compliance"].columns) == [
        "establishment", "rule", "window_start", "window_end", "count", "threshold",
        "triggered", "obligation", "lead_days", "announce_date", "first_effective_date",
        "latest_start"]
    assert Path(written.scenario["levers"]["compliance"]["rule_files"]).is_absolute()
    # Dated exits can leave a pool keeping a vacancy it needs before its first exit may take
    # effect; the vacancy rule then cannot settle it, and the plan says so (known interplay).
    kept = any("Redundancies are planned where vacancies are kept" in x
               for x in plan.explanations)
    allowed = {"no_vacancy_kept_beside_redundancy"} if kept else set()
    report = check_plan(folder / "plan")
    assert {f.check for f in report.failures()} <= allowed, report.failures()
    comp = pd.read_csv(folder / "plan" / "compliance.csv", dtype=str, keep_default_na=False)
    hit = comp.index[comp["triggered"] == "True"][0]
    comp.loc[hit, "first_effective_date"] = comp.loc[hit, "announce_date"]  # no lead time
    comp.to_csv(folder / "plan" / "compliance.csv", index=False)
    failed = {f.check for f in check_plan(folder / "plan").failures()}
    assert failed - allowed == {"redundancies_after_their_lead_times"}
    assert written.tables["compliance"]["triggered"].sum() == plan.tables["compliance"][
        "triggered"].sum()


def test_jurisdictions_map_establishments_to_rule_sets(tmp_path: Path) -> None:
    sc = dated_scenario(tmp_path, jurisdictions={"Leeds": ["us_warn"]})
    plan, _ = run(sc)
    comp = plan.tables["compliance"]
    assert set(comp.loc[comp["establishment"] == "Leeds", "rule"]) == {"us_warn"}
    assert set(comp.loc[comp["establishment"] == "Bristol", "rule"]) == {"strict", "us_warn"}
    with pytest.raises(ScenarioError, match=r"levers.compliance.jurisdictions.Leds"):
        run(dated_scenario(tmp_path, jurisdictions={"Leds": ["uk"]}))


def test_an_unknown_rule_is_named_at_its_key(tmp_path: Path) -> None:
    sc = with_values(dated_scenario(tmp_path), dict([parse_assignment(
        "levers.compliance.rules=[uk, uk_2030]")]))
    assert sc.levers.compliance.rules == ["uk", "uk_2030"]
    with pytest.raises(ScenarioError, match=r"levers.compliance.rules.1.*eu_20_90.*uk_2030"):
        run(sc)


def _pool_scenario(**compliance: object) -> Scenario:
    return scenario_from_dict({
        "name": "pools", "pools": [{"role": "clerk", "initial": 10, "demand": [10, 5, 5]}],
        "horizon": {"periods": 3, "period": "month", "start": "2027-01"},
        "levers": {"compliance": {"rules": ["uk"], **compliance}}})


def test_a_pools_redundancies_count_at_each_site_up_to_its_posts_there() -> None:
    from planner.compliance.rules import BUNDLED, load_rules
    from planner.plan.compliance import Sites, assess

    rules = {"uk": load_rules(BUNDLED, [data_dir() / "rules"])["uk"]}
    sites = Sites(pd.DataFrame({"team": ["Ops", "Ops", "Desk"], "role": ["clerk"] * 3,
                                "establishment": ["Leeds", "York", "York"],
                                "posts": [30, 5, 2], "full_time": [30, 5, 2]}),
                  pd.DataFrame({"team": ["Ops", "Desk"], "role": ["clerk", "clerk"],
                                "start": [date(2020, 1, 1), None]}), None)
    changes = pd.DataFrame({
        "team": ["Ops", "Ops", "Desk"], "role": ["clerk"] * 3,
        "period": ["2027-02", "2027-03", "2027-03"], "filled_posts": [35, 35, 2],
        "redundancies": [12, 10, 2], "moves_out": 0, "reskill_out": 0})
    a = assess(_pool_scenario(), rules, sites, changes, ["2027-01", "2027-02", "2027-03"])
    rows = a.rows.set_index("establishment")
    # Leeds: 12 + 10 (within its 30 posts); York: Ops's 5 posts there, and Desk's 2.
    assert rows.loc["Leeds", "count"] == 22 and rows.loc["York", "count"] == 7
    assert a.lead == {"Leeds": 30, "York": 0}
    assert a.closing == {"Leeds": False, "York": True}  # Desk's only posts go
    # Ops waits for Leeds's 30 days and its 7 years' notice; Desk (no start date) 12 weeks.
    assert a.notice[("Ops", "clerk")] == 49 and a.notice[("Desk", "clerk")] == 84
    assert a.earliest[("Ops", "clerk")] == date(2027, 2, 19)
    after = assess(_pool_scenario(notice_after_consultation=True), rules, sites, changes,
                   ["2027-01", "2027-02", "2027-03"])
    assert after.earliest[("Ops", "clerk")] == date(2027, 1, 1) + timedelta(days=30 + 49)
