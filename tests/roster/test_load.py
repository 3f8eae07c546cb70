"""`load_roster` on small files built in each test: the mapping, the derivations, the rows
in error, and what it says of each file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError, Severity
from planner.roster.load import load_roster
from planner.schema import ROSTER_COLUMNS


def _csv(path: Path, text: str) -> Path:
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


def _by_id(result) -> pd.DataFrame:  # noqa: ANN001
    return result.roster.set_index("position_id")


def test_a_mapping_file_names_the_columns_and_problems_name_the_files_headers(
        tmp_path: Path) -> None:
    data = _csv(tmp_path / "reqs.csv", """
Req ID,Parent Req,Role Name,Hours %,Total Comp (Loaded),Desk
R1,,Director,100,120000,A1
R2,R1,Analyst,60,forty,A2
R3,R1,Analyst,100,50000,A3
""")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  position_id: Req ID\n  manager_position_id: Parent Req\n"
                       "  job_title: Role Name\n  fte_percent: Hours %\n"
                       "  annual_cost: Total Comp (Loaded)\ndefaults:\n  currency: EUR\n",
                       encoding="utf-8")
    result = load_roster(data, mapping=mapping)
    info = result.files[0]
    assert info.columns["position_id"] == "Req ID"
    assert info.columns["annual_cost"] == "Total Comp (Loaded)"
    assert info.unused_columns == ("Desk",)
    roster = _by_id(result)
    assert list(result.roster.columns) == list(ROSTER_COLUMNS)
    assert roster.loc["R2", "fte"] == pytest.approx(0.6)  # a percentage read as a share
    assert roster.loc["R2", "manager_position_id"] == "R1"
    assert set(roster["currency"]) == {"EUR"}  # the mapping's default
    [bad] = result.report.by_code("bad_number")
    assert (bad.file, bad.row, bad.column, bad.value) == (
        "reqs.csv", 3, "Total Comp (Loaded)", "forty")
    assert pd.isna(roster.loc["R2", "annual_cost"])  # left blank, the row kept


def test_costs_derive_from_salary_fte_pay_period_and_on_costs_tags_split(
        tmp_path: Path) -> None:
    data = _csv(tmp_path / "pay.csv", """
position_id,manager_position_id,job_title,fte,base_salary,pay_period,annual_cost,tags
P1,,Head,1,100000,year,,Critical; Protected
P2,P1,Clerk,0.5,2000,month,,
P3,P1,Clerk,1,40000,year,55000,shift work
""")
    result = load_roster(data, on_cost_rate=0.25)
    roster = _by_id(result)
    assert roster.loc["P1", "annual_cost"] == pytest.approx(100000 * 1.25)
    assert roster.loc["P2", "base_salary"] == pytest.approx(24000)  # 12 months
    assert roster.loc["P2", "annual_cost"] == pytest.approx(24000 * 0.5 * 1.25)
    assert roster.loc["P3", "annual_cost"] == pytest.approx(55000)  # a loaded cost wins
    assert not result.report.by_code("cost_from_salary")  # the rate was given
    assert list(roster["tags"]) == ["critical|protected", "", "shift_work"]

    without = load_roster(data)
    assert _by_id(without).loc["P1", "annual_cost"] == pytest.approx(100000)
    [note] = without.report.by_code("cost_from_salary")
    assert note.severity is Severity.INFO and note.setting == "on_cost_rate"
    assert note.message.startswith("2 row(s)")


def test_managers_by_employee_id_names_holders_and_vacancies(tmp_path: Path) -> None:
    data = _csv(tmp_path / "people.csv", """
Employee #,First Name,Last Name,Supervisor EID,Job Title,Employment Status,Division
E1,Ada,Lovell,,Chief Executive,Permanent,Exec
E2,Ben,Ortiz,E1,Finance Lead,contract,Finance
E3,Cy,Nakamura,E2,Accountant,Intern,Finance
""")
    result = load_roster(data)
    assert result.files[0].preset == "bamboohr"
    roster = _by_id(result)
    # employee-centric: one position per employee, managers found through employee ids
    assert list(roster.index) == ["E1", "E2", "E3"]
    assert roster.loc["E3", "manager_position_id"] == "E2"
    assert pd.isna(roster.loc["E1", "manager_position_id"])
    assert roster.loc["E1", "name"] == "Ada Lovell"
    assert list(roster["employment_type"]) == ["permanent", "contractor", "intern"]
    [fte] = result.report.by_code("fte_assumed")
    assert fte.severity is Severity.INFO
    assert result.files[0].holders_known


def test_rows_in_error_are_left_out_or_repaired_and_each_is_named(tmp_path: Path) -> None:
    data = _csv(tmp_path / "roster.csv", """
position_id,manager_position_id,job_title,fte,annual_cost,name
P1,,Head,1,90000,Ann
P2,P1,Clerk,full,30000,Bob
P3,P9,Clerk,1,-5,Cal
P1,P1,Clerk,1,30000,Dee
,P1,Clerk,1,30000,Eve
P6,P1,Clerk,,30000,Vacant
""")
    result = load_roster(data)
    roster = _by_id(result)
    assert sorted(roster.index) == ["P1", "P3", "P6"]
    assert roster.loc["P1", "name"] == "Ann"  # the first of a duplicate id is kept
    assert pd.isna(roster.loc["P3", "annual_cost"])  # a negative cost is left blank
    assert roster.loc["P6", "fte"] == 1.0 and pd.isna(roster.loc["P6", "employee_id"])
    [unknown] = result.report.by_code("manager_not_found")
    assert (unknown.row, unknown.value) == (4, "P9")
    found = {(p.code, p.row) for p in result.report.problems if p.row is not None}
    assert {("fte_unusable", 3), ("manager_not_found", 4), ("negative_cost", 4),
            ("duplicate_id", 5), ("missing_id", 6), ("fte_missing", 7)} <= found
    left = result.left_out
    assert left.rows_read == 6 and left.rows_used == 3
    assert sorted((p.code, p.row) for p in left.left_out) == [
        ("duplicate_id", 5), ("fte_unusable", 3), ("missing_id", 6)]
    assert {p.code for p in left.worked_around} == {"manager_not_found", "negative_cost"}
    assert not result.is_valid()


def test_a_file_that_cannot_be_used_raises_with_its_problem(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        load_roster(tmp_path / "nowhere.csv")
    assert missing.value.problems[0].code == "file_not_found"

    data = _csv(tmp_path / "no_manager.csv", """
position_id,job_title,fte
P1,Head,1
""")
    with pytest.raises(InputError) as info:
        load_roster(data, preset="generic")
    [problem] = info.value.problems
    assert (problem.code, problem.file) == ("missing_column", "no_manager.csv")
    assert "manager" in problem.message


# Text that pandas would take for a missing value -----------------------------------------
NA_WORDS_ROSTER = """
position_id,manager_position_id,job_title,team,department,cost_center,location,grade,fte,annual_cost
None,,Finance Director,NA,NULL,nan,None,NA,1,120000
NA,None,Accountant,NA,NULL,nan,None,NA,1,60000
NULL,None,Accountant,NA,NULL,nan,None,NA,1,60000
nan,None,Accountant,NA,NULL,nan,None,NA,1,60000
P5,,Customer Service Advisor,Support,Ops,CC1,Leeds,G2,1,30000
P6,P5,Customer Service Advisor,Support,Ops,CC1,Leeds,G2,1,30000
"""


def test_a_team_role_or_id_spelled_like_a_missing_value_stays_text(tmp_path: Path) -> None:
    """``NA`` (North America), ``NULL``, ``None`` and ``nan`` are pandas' default missing
    values; in a roster they are names. A manager reference ``None`` is the position of
    that id when there is one (a root marker only when no position has it)."""
    from planner.roster.org import load_org

    org = load_org(_csv(tmp_path / "na.csv", NA_WORDS_ROSTER), team_by="team")
    assert org.report.errors == ()
    roster = org.roster.set_index("position_id")
    assert list(roster.index) == ["None", "NA", "NULL", "nan", "P5", "P6"]
    words = roster.loc[["None", "NA", "NULL", "nan"]]
    assert set(words["team"]) == {"NA"} and set(words["department"]) == {"NULL"}
    assert set(words["cost_center"]) == {"nan"} and set(words["location"]) == {"None"}
    assert set(words["grade"]) == {"NA"}
    assert roster.loc["NA", "manager_position_id"] == "None"
    assert roster.loc["P6", "manager_position_id"] == "P5"
    assert pd.isna(roster.loc["P5", "manager_position_id"])
    assert set(roster["role_id"].dropna()) >= {"accountant"}
    assert set(org.graph.team) == {"NA", "Support"}


def test_a_scenario_names_a_team_called_na_and_plans_on_it(tmp_path: Path) -> None:
    from planner.plan.run import run
    from planner.scenario.load import load_scenario_dict

    roster = _csv(tmp_path / "na.csv", NA_WORDS_ROSTER)
    sc = load_scenario_dict({
        "name": "NA", "inputs": {"roster": str(roster), "team_by": "team"},
        "horizon": {"periods": 2, "period": "quarter"},
        "levers": {"protected_teams": ["NA"],
                   "team_fte": {"teams": {"Support": {"min": 1}}}}}, base_dir=tmp_path)
    plan, _ = run(sc)
    assert plan.status.has_plan, plan.summary
    staffing = plan.tables["staffing"]
    assert set(staffing["team"]) == {"NA", "Support"}
    na = staffing[staffing["team"] == "NA"]
    assert na["fte_end"].sum() == pytest.approx(na["fte_start"].sum())  # protected
    from planner.io.plan_folder import read_plan_folder, write_plan_folder
    from planner.scenario.model import scenario_document

    folder = write_plan_folder(tmp_path / "plan", plan.summary, plan.tables,
                               scenario_document(sc))
    back = read_plan_folder(folder)
    assert set(back.tables["staffing"]["team"]) == {"NA", "Support"}  # and back from disk


def test_a_post_with_no_holder_is_vacant_where_the_file_says_who_holds_posts(
        tmp_path: Path) -> None:
    held = _csv(tmp_path / "held.csv", """
position_id,employee_id,manager_position_id,job_title,fte
P1,E1,,Head,1
P2,,P1,Analyst,0.6
P3,E3,P1,Analyst,1
""")
    roster = _by_id(load_roster(held))
    assert roster["vacant"].tolist() == [False, True, False]
    assert roster["posts"].tolist() == [1, 1, 1]
    # A file with no employee id or name column does not say: none of its posts is vacant.
    unknown = _csv(tmp_path / "unknown.csv", """
position_id,manager_position_id,job_title,fte
P1,,Head,1
P2,P1,Analyst,1
""")
    result = load_roster(unknown)
    assert not result.files[0].holders_known
    assert not result.roster["vacant"].any()


def test_a_pool_is_never_vacant_and_counts_its_fte_rounded_up_in_posts(tmp_path: Path) -> None:
    data = _csv(tmp_path / "pools.csv", """
position_id,employee_id,manager_position_id,job_title,fte,is_pool
P1,E1,,Head,1,false
P2,,P1,Clerks,12.5,true
P3,,P1,Typists,3,true
P4,Vacant,P1,Analyst,1,false
""")
    roster = _by_id(load_roster(data))
    assert roster["posts"].tolist() == [1, 13, 3, 1]
    assert roster["vacant"].tolist() == [False, False, False, True]


def test_the_sample_org_has_53_vacancies_of_51_2_fte() -> None:
    roster = load_roster(Path(__file__).resolve().parents[2] / "data" / "sample_org.csv").roster
    vacant = roster[roster["vacant"]]
    assert len(vacant) == 53 and vacant["fte"].sum() == pytest.approx(51.2)
    assert vacant["annual_cost"].sum() == pytest.approx(2_631_210.0)  # 2.6m a year
    assert vacant["employee_id"].isna().all()
