"""The app's shared state: markdown escaping, one validation per run."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")

from planner.ui import state  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    app,
    page,
)


def test_markdown_escaping() -> None:
    from planner.ui.state import md

    assert md("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;".replace(
        "&lt;", "&lt;")
    assert "[" not in md("[click](http://x)").replace("\\[", "")


def test_a_run_validates_its_scenario_once(monkeypatch) -> None:
    at = page(app().run(), "plan")
    calls = []
    real = state.scenario_from_dict

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(state, "scenario_from_dict", counted)
    next(b for b in at.button if b.label == "Run").click().run()
    assert at.session_state["runs"] and len(calls) == 1
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()  # a re-run: once again
    assert len(at.session_state["runs"]) == 2 and len(calls) == 2
