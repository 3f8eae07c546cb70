"""The plan page says who moves where."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")

from tests.ui.helpers import app, run_plan  # noqa: E402


def test_people_section_shows_who_moves_where() -> None:
    at = run_plan(app().run())
    at.segmented_control(key="plan_section").set_value("People").run()
    assert not at.exception, [e.value for e in at.exception]
    moves = next(d.value for d in at.dataframe if "to_team" in d.value.columns)
    assert {"period", "from_team", "from_role", "to_role", "kind", "fte"} <= set(moves.columns)
    assert "cost" not in moves.columns  # costs are hidden until the planner shows them
    assert len(moves) and (moves["fte"] > 0).all()
    assert any("One valid split" in c.value for c in at.caption)
