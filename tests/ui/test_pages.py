"""The overview and plan pages (streamlit AppTest)."""

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


def plan_page() -> None:
    from planner.ui import plan

    plan.render()


def test_plan_page_runs_the_reference_scenario() -> None:
    at = AppTest.from_function(plan_page, default_timeout=120).run()
    assert not at.exception
    assert "Set the levers" in at.info[0].value
    at.selectbox[0].set_value("williams_manpower.yaml").run()
    at.button[0].click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Objective"] == "498,677"
    assert metrics["Redundancies"] == "1,423.7"
    assert at.dataframe[0].value["role"].nunique() == 3


def test_plan_page_explains_an_infeasible_choice() -> None:
    at = AppTest.from_function(plan_page, default_timeout=120).run()
    at.selectbox[0].set_value("williams_manpower.yaml").run()
    at.toggle[0].set_value(True)  # the no-redundancy pledge, submitted with the form
    at.button[0].click().run()
    assert not at.exception
    assert at.error and "infeasible" in at.error[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "no-redundancy pledge" in text
