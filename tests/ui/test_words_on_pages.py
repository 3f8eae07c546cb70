"""Pages speak a planner's words: titles and names for ids, the sidebar's page names, shares
entered as percentages (issue 11, item 14)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")

from tests.ui.helpers import (  # noqa: E402
    SAMPLE,
    app,
    named_roster,
    page,
    run_plan,
    tags_grid,
    upload,
)


def headers(element) -> list[str]:
    """The column headers a table shows (its column config's labels, else the names)."""
    config = json.loads(element.proto.columns or "{}")
    return [config.get(c, {}).get("label") or c for c in element.value.columns]


def column(element, header: str) -> pd.Series:
    """The values of the column shown under ``header``."""
    names = dict(zip(headers(element), element.value.columns, strict=True))
    return element.value[names[header]]


def ids_in(values: pd.Series) -> set[str]:
    """The values that read as ids (snake_case words)."""
    return {str(v) for v in values.explode().dropna() if "_" in str(v)}


def test_the_tags_grid_and_the_role_task_mix_read_in_words() -> None:
    at = page(app().run(), "work")
    titles = next(d for d in at.data_editor if d.key.startswith("title_map_"))
    assert not [h for h in headers(titles) if "_" in h]
    assert {"job title", "FTE", "map to role", "suggestion 1"} <= set(headers(titles))
    for name in ("guess", "role", "suggestion_1", "suggestion_2", "suggestion_3"):
        assert not ids_in(titles.value[name])
    grid = tags_grid(at)
    assert not [h for h in headers(grid) if "_" in h]
    assert {"task id", "task", "activity", "roles", "automatable share"} <= set(headers(grid))
    assert not ids_in(column(grid, "activity")) and not ids_in(column(grid, "roles"))
    assert "Managing others" in set(column(grid, "activity"))
    assert any("Chief Executive" in r for r in column(grid, "roles"))
    # the frame the edit code reads keeps its columns and rows
    assert list(grid.value.columns[:5]) == ["task_id", "statement", "automatable_share",
                                            "mode", "oversight_hours_per_ai_hour"]
    filter_ = at.multiselect(key="w_cat")
    assert "managing_others" in filter_.options or "Managing others" in filter_.options
    assert not ids_in(pd.Series(filter_.options))
    mix = next(d for d in at.dataframe if "share_of_time" in d.value.columns
               or "share of time" in headers(d))
    assert not [h for h in headers(mix) if "_" in h]
    assert not ids_in(column(mix, "activity"))


def test_the_scenario_capabilities_show_names_and_categories_in_words() -> None:
    at = page(app().run(), "scenario")
    caps = next(d for d in at.data_editor if "categories" in d.value.columns)
    assert caps.value["name"].tolist() == ["Document AI", "Service agent", "Copilot"]
    assert not [h for h in headers(caps) if "_" in h]
    config = json.loads(caps.proto.columns)["categories"]["type_config"]
    shown = {o["label"] for o in config["options"]}
    assert "Processing data" in shown and not ids_in(pd.Series(sorted(shown)))
    # roles are offered by title
    roles = at.multiselect(key="sc0_prot_roles").options
    assert "Chief Executive" in roles and not ids_in(pd.Series(roles))
    # applying the form keeps the categories as ids
    next(b for b in at.button if b.label == "Apply").click().run()
    doc = at.session_state["scenario_doc"]
    assert doc["capabilities"][0]["categories"] == ["data_processing", "data_collection"]


def test_a_capability_from_the_catalogue_is_shown_by_its_name() -> None:
    from planner.ui.scenario import capabilities_table

    frame = capabilities_table([{"id": "copilot", "kind": "assist"}])
    assert frame["name"].tolist() == ["Copilot"]


def test_the_evidence_table_names_activities_in_words() -> None:
    at = page(app().run(), "tagging")
    table = at.dataframe[0]
    assert not ids_in(column(table, "activity"))
    assert not ids_in(pd.Series(at.multiselect(key="ev_cat").options))


def test_compare_names_settings_and_booleans_in_words() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    at = page(at, "compare")
    diff = next(d.value for d in at.dataframe if "setting" in d.value.columns)
    row = diff[diff["setting"].str.startswith("No-redundancy pledge")].iloc[0]
    assert row["setting"] == "No-redundancy pledge"
    assert row.iloc[1:].tolist() == ["off", "on"]
    assert "levers.no_redundancy" not in " ".join(diff["setting"])
    labels = [r["label"] for r in at.session_state["runs"]]
    assert len(set(labels)) == 2 and all(len(lab) <= 60 for lab in labels)
    assert labels[1] == "Run 2: run 1 with No-redundancy pledge on"


def test_compare_without_cost_centres_says_so_and_shows_teams() -> None:
    at = upload(app().run(), named_roster().drop(columns=["cost_center"]))
    at = run_plan(at)
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    at = page(at, "compare")
    assert "(none)" not in " ".join(d.value.to_string() for d in at.dataframe)
    assert "FTE at the end by cost centre" not in [s.value for s in at.subheader]
    assert any("no cost centre" in c.value for c in at.caption)
    assert "FTE at the end by team" in [s.value for s in at.subheader]
    teams = next(d for d in at.dataframe if "team" in d.value.columns)
    assert headers(teams)[:3] == ["team", "Run 1: FTE", "Run 2: FTE"]


def test_page_names_in_text_are_the_sidebars() -> None:
    at = page(app().run(), "scenario")
    next(b for b in at.button if b.label == "Apply").click().run()
    said = " ".join([s.value for s in at.success] + [c.value for c in at.caption])
    assert "&" not in said
    assert "Run and plan" in said and "Work and tags" in said


def test_the_coverage_banner_starts_a_sentence() -> None:
    frame = pd.read_csv(SAMPLE)
    frame.loc[frame.index[:1], "job_title"] = "Zorblax Wrangler"
    at = page(upload(app().run(), frame, "odd titles.csv"), "work")
    said = next(w.value for w in at.warning if "match no role" in w.value)
    assert said.startswith("Under 1% of FTE"), said


def test_a_generated_scenario_name_does_not_repeat_the_file() -> None:
    at = upload(app().run(), named_roster(), "bad14.csv")
    name = at.session_state["scenario_doc"]["name"]
    assert "bad14.csv" not in name
    at = run_plan(at)
    said = next(c.value for c in at.caption if c.value.startswith("Scenario "))
    assert said.count("bad14.csv") == 1, said


def test_shares_are_entered_as_percentages_on_both_pages() -> None:
    at = page(app().run(), "scenario")
    field = at.number_input(key="sc0_levers.max_reduction_per_period")
    assert "%" in field.label and field.value == 15
    target = at.number_input(key="sc0_levers.savings_target")
    assert "%" in target.label
    target.set_value(40)
    next(b for b in at.button if b.label == "Apply").click().run()
    lev = at.session_state["scenario_doc"]["levers"]
    assert lev["savings_target"] == 0.4 and lev["max_reduction_per_period"] == 0.15
    at = page(at, "plan")
    quick = at.number_input(key="q_reduction")
    assert quick.label == field.label and quick.value == 15


def test_shares_in_the_scenario_tables_are_percentages_and_stay_shares() -> None:
    at = page(app().run(), "scenario")
    doc = at.session_state["scenario_doc"]
    lev = doc["levers"]
    team = sorted(pd.read_csv(SAMPLE)["team"].dropna())[0]
    lev["attrition"]["roles"] = {"accountant": {"new": 0.2}}
    lev["reskilling"][0]["retention"] = 0.9
    lev["demand_growth"] = {**lev.get("demand_growth", {}), "teams": {team: 0.05}}
    at.session_state["scenario_doc"] = doc
    at.session_state["form_version"] = 1
    at.run()
    editors = {e.key: e.value for e in at.data_editor}
    assert editors["sc1_att_roles"]["new"].tolist() == [20.0]
    assert editors["sc1_reskilling"]["retention"].iloc[0] == 90.0
    assert editors["sc1_growth"]["growth"].tolist() == [5.0]
    next(b for b in at.button if b.label == "Apply").click().run()
    after = at.session_state["scenario_doc"]["levers"]
    assert after["attrition"]["roles"] == {"accountant": {"new": 0.2}}
    assert after["reskilling"][0]["retention"] == 0.9
    assert after["reskilling"][1].get("retention") is None
    assert after["demand_growth"]["teams"] == {team: 0.05}


def test_capability_categories_read_back_from_lists_or_arrays() -> None:
    import numpy as np

    from planner.ui.scenario import capabilities_from, capabilities_table

    frame = capabilities_table([{"id": "a", "kind": "execute", "categories": ["data_processing"]},
                                {"id": "b", "kind": "assist"}])
    frame.at[1, "categories"] = np.array(["managing_others", "applying_expertise"])
    caps = capabilities_from(frame)
    assert [c["categories"] for c in caps] == [["data_processing"],
                                               ["managing_others", "applying_expertise"]]
