"""``load_org``, the entry point the CLI, the app and scripts share: one call reads the
exports, matches titles to the library's roles (a planner's overrides first), builds the
graph with the teams asked for, and keeps every problem and how each file was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import Severity
from planner.roster.org import Org, load_org
from planner.work.library import load_library

ROSTER = """\
position_id,manager_position_id,job_title,department,fte,annual_cost
P1,,Managing Director,Exec,1,200000
P2,P1,Customer Support Manager,Support,1,80000
P3,P2,Chief Widget Wrangler,Support,1,40000
P4,P2,Customer Support Manager,Support,0.5,40000
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "org.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def roles(org: Org) -> dict[str, object]:
    return dict(zip(org.roster["position_id"], org.roster["role_id"], strict=True))


def test_titles_are_matched_and_the_graph_is_built(export):
    org = load_org(export)
    found = roles(org)
    assert found["P1"] == "chief_executive"
    assert found["P2"] == found["P4"] == "customer_support_manager"
    assert found["P3"] != found["P3"]  # no role for an unknown title: missing, not guessed
    matches = org.matches.set_index("job_title")
    assert len(matches) == 3  # one row per distinct title
    assert matches.loc["Customer Support Manager", "positions"] == 2
    teams = org.graph.teams().set_index("team")  # teams by manager: each manager's reports
    assert teams.loc["P2", "fte"] == 1.5 and teams.loc["P1", "positions"] == 2
    assert [f.file for f in org.files] == ["org.csv"] and org.files[0].records == 4
    assert org.left_out.rows_read == 4 and org.left_out.left_out == ()
    assert org.is_valid() and org.is_valid(strict=True)
    assert {p.severity for p in org.report.by_code("title_matching")} == {Severity.INFO}


def test_a_planners_title_decision_comes_before_the_match(export, tmp_path):
    overrides = tmp_path / "titles.csv"
    overrides.write_text("job_title,role_id\nChief Widget Wrangler,complaints_handler\n"
                         "Managing Director,customer_support_manager\n", encoding="utf-8")
    found = roles(load_org(export, title_overrides=overrides))
    assert found["P3"] == "complaints_handler"
    assert found["P1"] == "customer_support_manager"


def test_the_library_given_is_the_one_used_and_teams_may_come_from_a_column(export):
    library = load_library(None)
    org = load_org(export, library=library, team_by="department")
    assert org.library is library
    assert org.graph.team_by == "department"
    assert org.graph.team.tolist() == ["Exec", "Support", "Support", "Support"]


def test_faults_are_kept_in_the_report_and_make_the_org_invalid(tmp_path):
    path = tmp_path / "faulty.csv"
    path.write_text(ROSTER.replace("P4,P2,", "P4,P9,") + "P5,P1,Customer Support Manager,"
                    "Support,1.5,40000\n", encoding="utf-8")
    org = load_org(path)
    assert not org.is_valid()
    assert "manager_not_found" in org.report.codes()
    [problem] = org.report.by_code("manager_not_found")
    assert (problem.file, problem.row) == ("faulty.csv", 5)
