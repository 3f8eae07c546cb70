"""Review page: a plan saved in the app goes from draft to approved, with the four-eyes
rule, the typed names marked "not authenticated", and the comparison with the approved
plan."""

from __future__ import annotations

import os

from tests.ui.helpers import app, page, run_plan
from tests.ui.helpers import texts as marked


def texts(at) -> str:  # noqa: ANN001
    """The page's words without markdown's escapes."""
    return marked(at).replace("\\", "")


def _as(at, name: str):  # noqa: ANN001, ANN202
    at.sidebar.text_input(key="user_name").set_value(name).run()
    return at


def _button(at, key: str):  # noqa: ANN001, ANN202
    return next(b for b in at.button if b.key == key)


def test_a_plan_from_draft_to_approved_on_the_review_page() -> None:
    from planner.store import Store

    at = app().run()
    _as(at, "Ann")
    run_plan(at)
    next(b for b in at.button if b.label == "Save the scenario and its run").click().run()
    store = Store(os.environ["PLANNER_STORE_URL"])
    assert store.scenarios()["author"].tolist() == ["Ann"]
    page(at, "review")
    assert "You are Ann (not authenticated)" in texts(at)
    assert "Nothing waits for your approval" in " ".join(i.value for i in at.info)
    at.text_input(key="submit_comment").set_value("the cheapest plan").run()
    _button(at, "submit").click().run()
    assert any("submit recorded as Ann \\(not authenticated\\)" in s.value for s in at.success)
    assert store.scenario(1)["state"] == "submitted"
    assert "Nothing waits for your approval" in " ".join(i.value for i in at.info)  # four eyes

    _as(at, "Bob")
    page(at, "review")
    assert "submitted by Ann" in texts(at)
    assert {m.label for m in at.metric} >= {"FTE now", "Redundancies (FTE)"}
    assert "No version of" in texts(at)  # nothing approved to compare with yet
    at.text_input(key="review_comment_1").set_value("agreed").run()
    _button(at, "approve_1").click().run()
    assert store.scenario(1)["state"] == "approved"
    history = store.history(1).as_json()["history"]
    assert [(h["action"], h["who"], h["face"], h["comment"]) for h in history[2:]] == [
        ("submit", "Ann", "app", "the cheapest plan"), ("approve", "Bob", "app", "agreed")]

    page(at, "audit")
    table = at.dataframe[0].value
    assert table["who"].tolist()[:2] == ["Bob (not authenticated)", "Ann (not authenticated)"]
    assert table["action"].tolist() == ["approve", "submit", "run", "save"]


def test_a_new_submission_is_compared_with_the_approved_plan() -> None:
    from planner.store import Store

    store = Store(os.environ["PLANNER_STORE_URL"])
    at = app().run()
    _as(at, "Ann")
    run_plan(at)
    save = next(b for b in at.button if b.label == "Save the scenario and its run")
    save.click().run()
    store.submit(1, by="Ann")
    store.approve(1, by="Bob")
    next(b for b in at.button if b.label == "Save the scenario and its run").click().run()
    store.submit(2, by="Ann")
    _as(at, "Bob")
    page(at, "review")
    assert "Against the current approved plan" in texts(at)
    assert list(at.dataframe[0].value.columns)[1:] == ["Approved (version 1)", "Submitted"]


def test_the_review_page_asks_for_a_name_first() -> None:
    at = page(app().run(), "review")
    assert "Type your name in the sidebar" in " ".join(i.value for i in at.info)
    _as(at, "Ann")
    assert "No roles are defined in the store: everyone holds every role" in texts(at)


def test_a_viewer_does_not_see_costs() -> None:
    from planner.store import Store

    store = Store(os.environ["PLANNER_STORE_URL"])
    store.grant("root", "admin", by="root")
    store.grant("vic", "viewer", by="root")
    at = _as(app().run(), "vic")
    at.sidebar.toggle(key="show_costs").set_value(True).run()
    assert at.sidebar.toggle(key="show_costs").disabled  # asked for: the role says no
    assert at.session_state["_may_see_costs"] is False  # state.show_costs() is off
    _as(at, "root")
    assert not at.sidebar.toggle(key="show_costs").disabled
    assert at.session_state["_may_see_costs"] is True


def test_with_sign_in_configured_the_sidebar_offers_it_instead_of_a_typed_name() -> None:
    """An ``[auth]`` section in the secrets turns the typed, unauthenticated name box into
    Streamlit's sign-in; nobody is signed in, so nothing is recorded as anyone yet."""
    at = app()
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "planner", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert [b.label for b in at.sidebar.button] == ["Sign in"]
    assert not [t for t in at.sidebar.text_input if t.key == "user_name"]
