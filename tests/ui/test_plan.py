"""The Run and plan page: an explained plan, an infeasible choice in words, locks, saving a run."""

from __future__ import annotations

import os

import pytest

st = pytest.importorskip("streamlit")
from typer.testing import CliRunner  # noqa: E402

from planner.cli import app as cli  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    MODEL,
    app,
    metrics,
    page,
    run_plan,
    texts,
)


def test_run_shows_an_explained_plan_with_costs_hidden_then_shown() -> None:
    at = run_plan(app().run())
    m = metrics(at)
    # The 53 vacancies are posts, not people to let go, and nobody is moved in to be let go.
    assert m["Redundancies [FTE]"] == "4.1"
    assert m["Cost a year"] == "hidden"
    assert "Why this plan" in texts(at)
    assert "Vacancies: 0 posts closed (0.0 FTE), 0 filled, 53 kept" in texts(at)
    at.toggle(key="show_costs").set_value(True).run()
    assert metrics(at)["Cost a year [GBP]"] == "78.3m"  # vacancies unfunded: no pay
    from planner.ui.plan import SECTIONS

    for section in SECTIONS[1:]:
        at.segmented_control(key="plan_section").set_value(section).run()
        assert not at.exception, (section, [e.value for e in at.exception])
    at.segmented_control(key="plan_section").set_value("Costs").run()
    assert len(at.get("plotly_chart")) == 2  # the run-rate waterfall and the one-off costs


def test_an_infeasible_choice_says_what_conflicts() -> None:
    at = page(app().run(), "plan")
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception
    assert "infeasible" in at.error[0].value
    # The answer in words first: the best attainable saving against the target.
    first = at.markdown[[m.value for m in at.markdown].index(next(
        m.value for m in at.markdown if "the most this plan can save is" in m.value))]
    assert first.value.startswith("**With ") and "target 50%" in first.value
    assert first.value == next(m.value for m in at.markdown if m.value.startswith("**"))
    # The solver detail sits in an expander, the relaxations as a table.
    detail = next(e for e in at.expander if e.label == "Solver detail, for experts")
    table = detail.dataframe[0].value
    savings = table[table["setting"] == "levers.savings_target"].iloc[0]
    assert savings["as set"] == "0.5" and savings["gives a plan alone"]
    assert float(savings["nearest value with a plan"]) < 0.5
    assert "must move by" not in texts(at) and "could not isolate" not in texts(at)


def test_lock_a_team_and_reoptimise_after_several_runs() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()  # a second run: the picker
    assert len(at.session_state["runs"]) == 2
    at.segmented_control(key="plan_section").set_value("Lock and re-optimise").run()
    at.multiselect(key="lock_teams").set_value(["Customer Support 2"]).run()
    next(b for b in at.button if b.label == "Lock and re-optimise").click().run()
    assert not at.exception, [e.value for e in at.exception]
    runs = at.session_state["runs"]
    assert len(runs) == 3
    locks = at.session_state["scenario_doc"]["levers"]["locks"]
    assert locks and {lk["team"] for lk in locks} == {"Customer Support 2"}
    before, after = (r["result"].plan.tables["staffing"] for r in runs[1:])
    team = "Customer Support 2"
    assert (after[after["team"] == team]["fte_end"].to_numpy() == pytest.approx(
        before[before["team"] == team]["fte_end"].to_numpy(), abs=1e-5))
    assert "locked" in runs[2]["label"]


def test_a_run_saved_from_the_app_is_stored_as_the_cli_stores_it() -> None:

    from planner.store import Store

    at = run_plan(app().run())
    next(b for b in at.button if b.label == "Save the scenario and its run").click().run()
    assert "Saved as run 1" in at.success[0].value
    url = os.environ["PLANNER_STORE_URL"]
    result = CliRunner().invoke(cli, ["run", str(MODEL), "--save", "--store", url])
    assert result.exit_code == 0, result.output
    store = Store(url)
    by_app, by_cli = store.run_plan(1), store.run_plan(2)
    run = at.session_state["runs"][0]["result"]
    assert by_app[0]["explanations"] == list(run.plan.explanations) != []
    assert by_app[0]["explanations"] == by_cli[0]["explanations"]
    assert by_app[2] == by_cli[2] == run.doc
    app_version, cli_version = store.scenario(1), store.scenario(2)
    assert app_version["input_hashes"] == cli_version["input_hashes"] != {}


def test_costs_read_in_the_rosters_currency_and_a_saving_is_green() -> None:
    import json

    from planner.ui.plan import COST_UP, SAVING

    at = run_plan(app().run())
    at.toggle(key="show_costs").set_value(True).run()
    shown = {m.label: m for m in at.metric}
    rate = shown["Cost a year [GBP]"]  # the currency in the label: the figure fits
    assert rate.value == "78.3m" and rate.help.endswith("a year: GBP 78,276,727")
    assert rate.proto.delta.startswith("-")  # a saving: the arrow points down, in green
    assert shown["One-off cost [GBP]"].value == "360k"  # compact: GBP 359,659
    at.segmented_control(key="plan_section").set_value("Costs").run()
    bridge = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bridge["type"] == "waterfall"
    assert bridge["increasing"]["marker"]["color"] == COST_UP  # the AI layer's cost: red
    assert bridge["decreasing"]["marker"]["color"] == SAVING  # the people saving: green
    assert all(t.startswith("GBP ") for t in bridge["text"])


def test_the_plan_speaks_in_titles_period_labels_and_money_with_its_unit() -> None:
    at = app().run()
    at.toggle(key="show_costs").set_value(True).run()
    at = page(at, "plan")
    assert at.selectbox(key="q_objective").format_func("min_cost") == "Lowest total cost"
    from planner.scenario.model import ObjectiveKind  # the form offers every objective

    assert sorted(at.selectbox(key="q_objective").options) == sorted(
        k.label for k in ObjectiveKind)
    at.number_input(key="q_reduction").set_value(3.0)  # binds in 2027-Q1
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    words = " ".join(m.value for m in at.markdown)
    assert "in 2027-Q1: letting it shed one FTE more would save GBP" in words
    assert "over the horizon" in words and "further FTE of reduction" not in words
    levers, experts = (d.value for d in at.dataframe[:2])
    assert set(levers.columns) == {"constraint", "period", "worth", "explanation"}
    assert levers["period"].str.match(r"^\d{4}-Q\d$").all()
    assert levers["explanation"].str.len().gt(0).all()
    assert not levers["constraint"].str.contains(r"\[|_").any()
    assert experts["name"].str.startswith("balance[").any()  # solver names kept for experts
    expanders = [e.label for e in at.expander]
    assert any(x.startswith("For experts") for x in expanders)
    at.segmented_control(key="plan_section").set_value("Teams and roles").run()
    roles = next(d.value for d in at.dataframe if "role" in d.value.columns)
    assert "Customer Support Team Lead" in set(roles["role"])
    assert not roles["role"].str.contains("_").any()
    at.segmented_control(key="plan_section").set_value("AI layer").run()
    layer = next(d.value for d in at.dataframe if "capability" in d.value.columns)
    assert "Document AI" in set(layer["capability"])


def test_the_headline_states_the_fte_without_a_confident_role_above_the_figures() -> None:
    at = run_plan(app().run())
    from planner.ui.plan import coverage_line

    def walk(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    ordered = [(e.type, getattr(e, "value", None)) for e in walk(at.main)
               if e.type in ("warning", "metric")]
    first_metric = next(i for i, (kind, _) in enumerate(ordered) if kind == "metric")
    said = [v for kind, v in ordered[:first_metric] if kind == "warning"]
    assert said and "have no confident role" in said[0]
    from planner.ui.state import md

    assert said[0] == md("Under 1% of FTE (1.0 of 1,423) have no confident role: 1.0 FTE "
                         "match one with low confidence. Most affected: Data & Analytics 1 "
                         "(1.0 FTE, 100% of the team).")  # the roster's team name, escaped
    assert coverage_line({"status": "optimal"}) == ""  # a plan that states none says none


def test_the_structure_tables_side_by_side() -> None:
    from planner.ui.plan import structure_tables

    fig = {"positions": 9, "managers": 3, "span_mean": 2.667, "span_max": 4, "layers": 3,
           "single_report_managers": 0, "narrow_spans": 2, "wide_spans": 0, "deep_chains": 0}
    team = {"team": "B", "managers_before": 1, "managers_after": 0, "span_before": 2.0,
            "span_after": None, "contributors_per_manager_before": 2.0,
            "contributors_per_manager_after": None, "span_note": None}
    overall, teams, merged = structure_tables({"structure": {"before": fig, "after": fig,
                                                             "teams": [team]}})
    assert overall.set_index("measure").loc["Layers"].tolist() == ["3", "3"]
    assert overall.set_index("measure").loc["Span (mean)"].tolist() == ["2.67", "2.67"]
    assert teams["team"].tolist() == ["B"] and merged is None
    assert "manager posts before" in teams.columns  # headed in words, not field names
    assert structure_tables({}) is None


def test_the_structure_section_says_what_was_delayered() -> None:
    from planner.optimise.delayering import Fold
    from planner.ui.plan import structure_tables

    fig = {"positions": 7, "managers": 3, "span_mean": 2.0, "span_max": 2, "layers": 3,
           "single_report_managers": 0, "narrow_spans": 3, "wide_spans": 0, "deep_chains": 0}
    fold = Fold("North", "Operations", "Operations", "2028", 1, 1.0, 1.0, 2.0, 0.0, 1.0,
                "North: 1 manager (1 FTE) for 2 FTE of direct reports, below the minimum "
                "span of 4; its reports move to the managers of Operations, and its 1 "
                "manager post goes by 2028.")
    *_, said = structure_tables({"structure": {"before": fig, "after": fig, "teams": [],
                                               "delayering": [fold.to_dict()]}})
    assert said == ("Delayering removes 1 manager post in 1 team; the posts are a pool for "
                    "selection, not named managers.\n\n" + fold.reason)
