"""The overview page renders the sample org (streamlit AppTest)."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.conftest import ROOT  # noqa: E402


@pytest.fixture(autouse=True)
def clear_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)


def test_sample_org_renders_with_its_figures() -> None:
    at = app().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Positions"] == "1,500"
    assert metrics["Layers"] == "6"
    assert metrics["Annual cost"] == "hidden"
    assert "Validation: 0 errors" in at.subheader[0].value


def test_cost_toggle_shows_cost() -> None:
    at = app().run()
    at.toggle[0].set_value(True).run()
    assert {m.label: m.value for m in at.metric}["Annual cost"] != "hidden"
