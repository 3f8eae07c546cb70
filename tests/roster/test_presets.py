"""Presets for HRIS exports, detection, user mapping files, XLSX and encodings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.roster import load_roster
from planner.roster.presets import detect_preset
from tests.conftest import write_csv

WORKDAY = [
    {"Position ID": "POS-1", "Employee ID": "1001", "Worker": "A. Worker",
     "Manager Position ID": "", "Business Title": "Chief Executive Officer",
     "Job Profile": "Executive", "Supervisory Organization": "Executive Office",
     "Cost Center": "CC100", "Location": "London", "Compensation Grade": "E1", "FTE": "1",
     "Total Base Pay Annualized": "200,000", "Currency": "GBP", "Worker Type": "Regular",
     "Hire Date": "2016-02-01"},
    {"Position ID": "POS-2", "Employee ID": "1002", "Worker": "B. Worker",
     "Manager Position ID": "POS-1", "Business Title": "Payroll Specialist",
     "Job Profile": "Payroll", "Supervisory Organization": "Finance",
     "Cost Center": "CC200", "Location": "Leeds", "Compensation Grade": "P2", "FTE": "0.5",
     "Total Base Pay Annualized": "40,000", "Currency": "GBP", "Worker Type": "Contingent Worker",
     "Hire Date": "2020-05-04"},
]

BAMBOO = [
    {"Employee #": "7", "First Name": "Ann", "Last Name": "Example", "Job Title": "HR Manager",
     "Supervisor EID": "", "Department": "People", "Division": "Corporate",
     "Location": "Bristol", "Pay rate": "60000.00 GBP", "Pay per": "Year",
     "Employment Status": "Full-Time", "Hire Date": "2019-01-07"},
    {"Employee #": "8", "First Name": "Bo", "Last Name": "Sample", "Job Title": "Recruiter",
     "Supervisor EID": "7", "Department": "People", "Division": "Corporate",
     "Location": "Bristol", "Pay rate": "20.00 GBP", "Pay per": "Hour",
     "Employment Status": "Part-Time", "Hire Date": "2021-03-01"},
]

HIBOB = [
    {"Employee ID": "h1", "Display name": "C One", "Reports to ID": "", "Job title": "CFO",
     "Department": "Finance", "Site": "Dublin", "Start date": "12/03/2017",
     "Base salary": "150000", "Base salary currency": "EUR", "FTE %": "100",
     "Employment type": "Permanent"},
    {"Employee ID": "h2", "Display name": "C Two", "Reports to ID": "h1",
     "Job title": "Financial Analyst", "Department": "Finance", "Site": "Dublin",
     "Start date": "01/10/2022", "Base salary": "60000", "Base salary currency": "EUR",
     "FTE %": "80", "Employment type": "Permanent"},
]


def test_workday_export(tmp_path: Path) -> None:
    res = load_roster(write_csv(tmp_path / "wd.csv", WORKDAY), on_cost_rate=0.25)
    assert res.files[0].preset == "workday"
    r = res.roster.set_index("position_id")
    assert r.at["POS-2", "manager_position_id"] == "POS-1"
    assert r.at["POS-2", "team"] == "Finance"
    assert r.at["POS-2", "employment_type"] == "contractor"
    # Base pay is full-time: cost = 40,000 x 0.5 FTE x 1.25 on-costs.
    assert r.at["POS-2", "annual_cost"] == pytest.approx(25_000)
    assert res.is_valid()


def test_bamboohr_export_resolves_managers_by_employee_and_annualises_hourly_pay(
        tmp_path: Path) -> None:
    res = load_roster(write_csv(tmp_path / "bamboo.csv", BAMBOO))
    assert res.files[0].preset == "bamboohr"
    r = res.roster.set_index("position_id")
    assert r.at["8", "manager_position_id"] == "7"
    assert r.at["8", "name"] == "Bo Sample"
    assert r.at["8", "base_salary"] == pytest.approx(20 * 1950)
    assert r.at["7", "base_salary"] == pytest.approx(60_000)
    assert "cost_from_salary" in res.report.codes()


def test_hibob_export_reads_fte_percent_and_day_first_dates(tmp_path: Path) -> None:
    res = load_roster(write_csv(tmp_path / "bob.csv", HIBOB))
    assert res.files[0].preset == "hibob"
    r = res.roster.set_index("position_id")
    assert r.at["h2", "fte"] == pytest.approx(0.8)
    assert r.at["h2", "start_date"] == pd.Timestamp("2022-10-01")
    assert r.at["h2", "currency"] == "EUR"
    assert r.at["h2", "annual_cost"] == pytest.approx(48_000)


def test_xlsx_export(tmp_path: Path) -> None:
    path = tmp_path / "wd.xlsx"
    pd.DataFrame(WORKDAY).to_excel(path, index=False)
    res = load_roster(path)
    assert res.files[0].encoding == "xlsx"
    assert len(res.roster) == 2
    assert res.roster["source_row"].tolist() == [2, 3]


@pytest.mark.parametrize("encoding,bom,delimiter", [
    ("utf-8", False, ","), ("utf-8", True, ";"), ("utf-16", False, "\t"),
    ("latin-1", False, "|")])
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, bom: bool,
                                  delimiter: str) -> None:
    text = pd.DataFrame(WORKDAY).assign(Worker=["Zoë Café", "José £"]).to_csv(
        index=False, sep=delimiter)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    res = load_roster(path)
    assert res.roster["name"].tolist() == ["Zoë Café", "José £"]
    assert res.files[0].delimiter == delimiter
    assert ("encoding_fallback" in res.report.codes()) == (encoding == "latin-1")


def test_detection_is_clear_about_ambiguity() -> None:
    headers = ["Employee ID", "Display name", "Reports to ID", "Site", "Start date",
               "Base salary", "Position ID", "Worker", "Business Title",
               "Supervisory Organization", "Job Profile", "Worker Type"]
    with pytest.raises(InputError) as exc:
        detect_preset(headers, "both.csv")
    (p,) = exc.value.problems
    assert p.code == "ambiguous_preset"
    assert "workday" in p.message and "hibob" in p.message and p.setting == "preset"


def test_explicit_preset_settles_ambiguity(tmp_path: Path) -> None:
    rows = [dict(r, **{"Display name": "x", "Reports to ID": "", "Site": "s",
                       "Start date": "2020-01-01", "Base salary": "1"}) for r in WORKDAY]
    path = write_csv(tmp_path / "both.csv", rows)
    with pytest.raises(InputError, match="ambiguous_preset"):
        load_roster(path)
    assert load_roster(path, preset="workday").files[0].preset == "workday"


def test_unknown_layout_and_user_mapping(tmp_path: Path) -> None:
    rows = [{"Req": "R1", "Parent Req": "", "Role Name": "Chief Executive", "Loaded $": "300k",
             "Hours %": "100"},
            {"Req": "R2", "Parent Req": "R1", "Role Name": "Data Analyst", "Loaded $": "70k",
             "Hours %": "50"}]
    path = write_csv(tmp_path / "odd.csv", rows)
    with pytest.raises(InputError, match="unknown_layout"):
        load_roster(path)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  position_id: Req\n  manager_position_id: Parent Req\n"
                       "  job_title: Role Name\n  annual_cost: Loaded $\n  fte_percent: Hours %\n"
                       "defaults:\n  currency: USD\n", encoding="utf-8")
    res = load_roster(path, mapping=mapping)
    r = res.roster.set_index("position_id")
    assert r.at["R2", "annual_cost"] == pytest.approx(70_000)
    assert r.at["R2", "fte"] == pytest.approx(0.5)
    assert (res.roster["currency"] == "USD").all()


@pytest.mark.parametrize("text,key", [
    ("columns:\n  nonsense: X\n", "columns.nonsense"),
    ("on_cost_rate: lots\n", "on_cost_rate"),
    ("colums: {}\n", "colums"),
])
def test_bad_mapping_names_the_key(tmp_path: Path, small_roster: Path, text: str,
                                   key: str) -> None:
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_roster(small_roster, mapping=mapping)
    assert exc.value.problems[0].code == "bad_mapping"
    assert key in exc.value.problems[0].message


def test_unknown_preset_name(small_roster: Path) -> None:
    with pytest.raises(InputError, match="unknown_preset"):
        load_roster(small_roster, preset="sap")
