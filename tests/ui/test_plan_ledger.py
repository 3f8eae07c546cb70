"""The plan page's positions and pools: the ledger in whole posts, titles not ids."""

from __future__ import annotations

import json

import pandas as pd
import pytest

pytest.importorskip("streamlit")

from planner.ui.plan import ledger_sentence  # noqa: E402
from tests.ui.helpers import app, page  # noqa: E402


def test_the_ledger_sentence_counts_whole_posts_in_hr_words() -> None:
    positions = pd.DataFrame({
        "team": ["A", "A", "A", "B", "B", "B"], "role": ["r", "r", "r", "s", "s", "s"],
        "posts": [1, 3, 1, 1, 1, 1],
        "action": ["affected", "affected", "close", "keep", "fill", "new"]})
    changes = pd.DataFrame({"redundancies": [2, 0], "moves_out": [1, 0],
                            "reskill_out": [0, 0]})
    assert ledger_sentence(positions, changes) == (
        "1 post is kept, 4 filled posts in 1 pool are at risk, from which 3 people leave by "
        "redundancy, redeployment or reskilling, 1 vacancy is closed, 1 vacancy is filled and "
        "1 new post is requisitioned.")


def test_the_plan_page_shows_positions_and_pools_in_whole_counts() -> None:
    # A 12% saving, so that pools lose whole people (the automation push alone sheds 4.1 FTE
    # of redundancies spread thinly enough to round to none per pool).
    at = page(app().run(), "plan")
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "savings_target": 0.12}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    at.segmented_control(key="plan_section").set_value("People").run()
    assert not at.exception, [e.value for e in at.exception]
    plan = at.session_state["runs"][0]["result"].plan
    box = next(e for e in at.expander if e.label == "Positions and pools")
    words = " ".join(m.value for m in box.markdown)
    assert "never picks who goes" in words and "pool for selection" in words
    assert ledger_sentence(plan.tables["positions"], plan.tables["pool_changes"]) in words
    pools = next(d for d in box.dataframe if "filled_posts" in d.value.columns)
    assert not pools.value["role"].str.contains("_").any()  # titles, not role ids
    assert set(pools.value["period"]) <= set(plan.summary["periods"])  # the user's labels
    config = {k.removeprefix("col:"): v for k, v in
              json.loads(pools.proto.columns or "{}").items()}
    assert config["redundancies"]["type_config"]["format"] == "%d"
    assert config["filled_posts"]["label"] == "filled posts"
    changed = next(d for d in box.dataframe if "action" in d.value.columns)
    assert "at risk (pool for selection)" in set(changed.value["action"])
