"""What the plan does to each team, in sentences from the plan's own tables."""

from __future__ import annotations

import pandas as pd

from planner.optimise.explain import team_sentences


def tables() -> dict[str, pd.DataFrame]:
    staffing = pd.DataFrame({
        "team": ["Claims", "Claims", "Sales", "Sales", "Legal", "Legal"],
        "role": ["handler"] * 2 + ["rep"] * 2 + ["counsel"] * 2,
        "period": ["Q1", "Q2"] * 3,
        "fte_start": [10.0, 9.0, 5.0, 6.0, 2.0, 2.0],
        "fte_end": [9.0, 7.0, 6.0, 7.0, 2.0, 2.0],
        "attrition": [0.5, 0.5, 0.2, 0.2, 0.1, 0.1],
        "redeploy_out": [0.5, 1.0, 0.0, 0.0, 0.0, 0.0],
        "redundancies": [0.0, 0.5, 0.0, 0.0, 0.0, 0.0],
        "hires": [0.0, 0.0, 1.2, 0.2, 0.1, 0.1],
        "redeploy_in": [0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        "reskilled_in": [0.0] * 6,
    })
    work = pd.DataFrame({"team": ["Claims", "Claims", "Sales"],
                         "capability": ["document_ai", "copilot", "copilot"],
                         "ai_hours": [1200.0, 0.0, 0.0], "assisted_hours": [0.0, 300.0, 80.0]})
    return {"staffing": staffing, "work": work}


def test_sentences_say_what_changes_what_carries_it_and_how() -> None:
    lines = team_sentences(tables())
    assert len(lines) == 2  # Legal does not change
    claims, sales = lines
    assert claims.startswith("Claims goes from 10.0 to 7.0 FTE (-30%)")
    assert "AI executes 1,200 h" in claims and "Document AI 1,200 h" in claims
    assert "assists 300 h more" in claims
    assert "attrition 1.0, redeployment to other teams 1.5 and redundancy 0.5" in claims
    assert sales.startswith("Sales goes from 5.0 to 7.0 FTE (+40%)")
    assert "AI assists 80 h" in sales
    assert "hires 1.4 and redeployment in 1.0" in sales


def test_largest_changes_come_first_and_the_limit_holds() -> None:
    assert team_sentences(tables(), limit=1)[0].startswith("Claims")
    assert team_sentences({"staffing": tables()["staffing"].iloc[:0]}) == []


def with_moves() -> dict[str, pd.DataFrame]:
    """Procurement sends 2.8 FTE to Finance and IT; Finance, which shrinks on the whole,
    receives 1.8 of them; a move of 0.03 FTE to Legal is too small to tell."""
    staffing = pd.DataFrame({
        "team": ["Procurement", "Finance", "IT", "Legal"], "role": ["buyer"] * 4,
        "period": ["2027"] * 4, "fte_start": [10.0, 10.0, 4.0, 2.0],
        "fte_end": [7.17, 8.8, 5.0, 2.03], "attrition": [0.0, 0.5, 0.0, 0.0],
        "redeploy_out": [2.83, 0.0, 0.0, 0.0], "redundancies": [0.0, 2.5, 0.0, 0.0],
        "hires": [0.0, 0.0, 0.0, 0.0], "redeploy_in": [0.0, 1.8, 1.0, 0.03],
        "reskilled_in": [0.0] * 4})
    moves = pd.DataFrame({
        "from_team": ["Procurement"] * 3, "from_role": ["buyer"] * 3,
        "to_team": ["Finance", "IT", "Legal"], "to_role": ["buyer"] * 3,
        "period": ["2027"] * 3, "fte": [1.8, 1.0, 0.03], "kind": ["redeploy"] * 3,
        "cost": [900.0, 500.0, 15.0], "arrival_period": ["2027"] * 3,
        "fte_arriving": [1.8, 1.0, 0.03]})
    return {"staffing": staffing, "moves": moves}


def test_sentences_say_where_people_go_and_what_teams_receive() -> None:
    lines = {line.split(" goes ")[0]: line for line in team_sentences(with_moves())}
    assert "2.8 FTE redeployed to Finance (1.8) and IT (1.0)" in lines["Procurement"]
    assert "Legal" not in lines["Procurement"]  # below 0.05 FTE
    assert "redeployment to other teams" not in lines["Procurement"]
    finance = lines["Finance"]
    assert "the reduction comes from attrition 0.5 and redundancy 2.5" in finance
    assert finance.endswith("; it receives 1.8 FTE from Procurement.")
    assert lines["IT"].endswith("the growth comes from 1.0 FTE received from Procurement.")


def test_many_destinations_are_counted_after_the_largest_three() -> None:
    t = with_moves()
    m = t["moves"]
    more = m.assign(to_team=["Tax", "Audit", "Pay"], fte=[0.5, 0.3, 0.2],
                    fte_arriving=[0.5, 0.3, 0.2])
    t["moves"] = pd.concat([m, more], ignore_index=True)
    line = next(x for x in team_sentences(t) if x.startswith("Procurement"))
    assert "3.8 FTE redeployed to Finance (1.8), IT (1.0), Tax (0.5) and 2 other teams (0.5)" \
        in line
    t["moves"] = pd.concat([m, more.iloc[:1]], ignore_index=True)
    line = next(x for x in team_sentences(t) if x.startswith("Procurement"))
    assert "3.3 FTE redeployed to Finance (1.8), IT (1.0) and Tax (0.5)" in line
