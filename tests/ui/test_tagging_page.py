"""The evidence page: tags from O*NET labels or the tagger, accepted or overridden in bulk."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.conftest import ROOT  # noqa: E402

LABELS = ROOT.parent / "shared" / "datasets" / "gpts-are-gpts" / "full_labelset.tsv"


def evidence_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    at.switch_page("planner/ui/tagging.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def counts(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value.replace(",", "")) for m in at.metric}


def button(at: AppTest, start: str):
    return next(b for b in at.button if b.label.startswith(start))


def overrides(at: AppTest) -> list[dict]:
    return at.session_state["scenario_doc"]["inputs"]["tag_overrides"]


def test_accept_the_shipped_evidence_then_revert() -> None:
    at = evidence_page()
    before = counts(at)
    assert before["O*NET label"] == 0 and before["Library default"] > 300
    button(at, "Accept the").click().run()
    after = counts(at)
    assert after["O*NET label"] == len(overrides(at)) > 150
    table = at.dataframe[0].value
    row = table[table["source"] == "O*NET label"].iloc[0]
    assert "O*NET evidence:" in row["explanation"] and 0 < row["confidence"] <= 1
    assert "p=" not in row["explanation"] and "sim=" not in row["explanation"]
    button(at, "Revert the tasks shown").click().run()
    assert overrides(at) == [] and counts(at)["O*NET label"] == 0


def test_override_a_category_in_bulk_and_the_plan_changes() -> None:
    at = evidence_page()
    at.multiselect(key="ev_cat").set_value(["data_processing"]).run()
    n = len(at.dataframe[0].value)
    at.number_input(key="ov_share").set_value(0.0)
    at.selectbox(key="ov_mode").set_value("human").run()
    at.button(key="ov_go").click().run()
    assert not at.exception
    assert counts(at)["Planner override"] == n == len(overrides(at))
    assert {o["mode"] for o in overrides(at)} == {"human"}
    at.switch_page("planner/ui/plan.py").run()
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    ai_hours = next(m.value for m in at.metric if m.label == "Hours AI executes")
    assert ai_hours != "71,280"  # the default tags give 71,280 h; no data processing by AI now


@pytest.mark.skipif(not LABELS.exists(), reason="the shared O*NET labels file is not beside "
                    "the project (../shared/datasets)")
def test_labels_file_gives_explained_suggestions() -> None:
    at = evidence_page()
    at.radio(key="evidence_kind").set_value("An O*NET labels file").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["suggested_source"].eq("O*NET label").all()
    assert table["similar_1"].str.len().gt(0).mean() > 0.9
    at.toggle(key="ev_differs").set_value(True).run()
    assert 0 < len(at.dataframe[0].value) < len(table)


def test_accepting_evidence_keeps_the_planners_own_values_unless_asked() -> None:
    at = evidence_page()
    at.multiselect(key="ev_cat").set_value(["data_processing"]).run()
    own = set(at.dataframe[0].value["task_id"])
    at.number_input(key="ov_share").set_value(0.45).run()
    at.button(key="ov_go").click().run()
    at.multiselect(key="ev_cat").set_value([]).run()
    shown = at.dataframe[0].value
    with_suggestion = shown[shown["suggested_share"].notna()]
    mine = own & set(with_suggestion["task_id"])
    assert mine, "the shipped evidence suggests tags for data processing tasks"
    note = next(i.value for i in at.info if "carry your own value" in i.value)
    assert note.startswith(f"{len(mine):,} of the {len(with_suggestion):,} tasks")
    button(at, f"Accept the {len(with_suggestion) - len(mine):,} suggestions").click().run()
    assert not at.exception
    shares = {o["task"]: o.get("automatable_share") for o in overrides(at)}
    assert all(shares[t] == 0.45 for t in own)
    table = at.dataframe[0].value.set_index("task_id")
    assert set(table.loc[list(own), "source"]) == {"planner override"}
    at.checkbox(key="ev_replace_own").check().run()
    button(at, f"Accept the {len(with_suggestion):,} suggestions").click().run()
    shares = {o["task"]: o.get("automatable_share") for o in overrides(at)}
    assert all(shares[t] != 0.45 for t in mine)
