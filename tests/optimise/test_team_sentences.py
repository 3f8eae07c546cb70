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
