"""Audit page: every action on the store, newest first, a typed name marked "not
authenticated", a signed-in one not; filtered by scenario."""

from __future__ import annotations

import os

from tests.ui.helpers import app, page


def test_the_trail_newest_first_with_who_and_from_where() -> None:
    from planner.review import Actor, Face
    from planner.store import Store

    store = Store(os.environ["PLANNER_STORE_URL"])
    a = store.save_scenario({"name": "Plan A"}, by=Actor("ann@example.org", True, Face.APP))
    store.save_scenario({"name": "Plan B"}, by=Actor("bob", False, Face.CLI))
    store.submit(a.id, by=Actor("ann@example.org", True, Face.APP), comment="ready")
    at = page(app().run(), "audit")
    table = at.dataframe[0].value
    assert table["action"].tolist() == ["submit", "save", "save"]
    assert table["who"].tolist() == ["ann@example.org", "bob (not authenticated)",
                                     "ann@example.org"]
    assert table["from"].tolist() == ["app", "command line", "app"]
    assert table.loc[0, "comment"] == "ready" and table.loc[0, "state after"] == "submitted"
    at.selectbox(key="audit_scenario").set_value("Plan B").run()
    assert at.dataframe[0].value["scenario"].tolist() == ["Plan B"]


def test_an_empty_store_says_so() -> None:
    at = page(app().run(), "audit")
    assert "Nothing has been done in the store yet" in at.info[0].value
