"""The app's result pages (Run and plan, Compare, Export) against the CLI: the same scenario
document, the same differences, labels a planner reads."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")
from typer.testing import CliRunner  # noqa: E402

from planner.cli import app as cli  # noqa: E402
from planner.plan.compare import compare  # noqa: E402
from planner.ui import state  # noqa: E402
from tests.conftest import ROOT  # noqa: E402
from tests.ui.test_pages import app, page, run_plan  # noqa: E402

MODEL = ROOT / "models" / "automation_push.yaml"


def folder(path):
    """A plan folder read back as compare takes a plan: summary, tables, scenario."""
    from planner.io.plan_folder import read_plan_folder

    f = read_plan_folder(path)
    return f.summary, f.tables, f.scenario


def cli_run(out, *sets: str) -> None:
    args = ["run", str(MODEL), "--out", str(out)]
    for s in sets:
        args += ["--set", s]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_compare_reports_the_same_setting_differences_as_the_cli(tmp_path) -> None:
    cli_run(tmp_path / "a")
    cli_run(tmp_path / "b", "levers.no_redundancy=true")
    by_cli = compare({f.name: folder(f) for f in (tmp_path / "a", tmp_path / "b")}).scenario_diff
    assert by_cli["setting"].tolist() == ["levers.no_redundancy"]

    at = run_plan(app().run())
    page(at, "scenario")  # the form writes the scenario back as it shows it
    next(b for b in at.button if b.label == "Apply").click().run()
    page(at, "plan")
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    next(b for b in at.button if b.label == "Save the scenario and its run").click().run()
    at = page(at, "compare")
    table = next(d.value for d in at.dataframe if "setting" in d.value.columns)
    assert table["setting"].tolist() == ["No-redundancy pledge"]
    assert table.iloc[0, 1:].tolist() == ["off", "on"]
    # the app's run holds the CLI's document: nothing differs
    app_b = at.session_state["runs"][1]["result"]
    assert compare({"b": folder(tmp_path / "b"),
                    "app b": (app_b.plan.summary, app_b.plan.tables, app_b.doc)}
                   ).scenario_diff.empty
    saved = state.store().scenario(1)["body"]
    assert saved == at.session_state["runs"][1]["result"].doc


def test_the_apps_runs_are_plans_compared_and_exported_without_a_folder(tmp_path,
                                                                        monkeypatch) -> None:
    import io
    import zipfile

    import planner.io.plan_folder as plan_folder
    from planner.plan.tables import Plan, write_plan
    from planner.store import Store
    from planner.ui import export

    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    runs = at.session_state["runs"]
    assert all(isinstance(r["result"].plan, Plan) for r in runs)

    def no_folder(*args, **kwargs):
        raise AssertionError("the app wrote a plan folder")

    with monkeypatch.context() as m:  # Compare and Export work on the plans in memory
        m.setattr(plan_folder, "write_plan_folder", no_folder)
        m.setattr(Store, "export_run", no_folder)
        at = page(at, "compare")
        assert at.dataframe and not at.error
        zipped = export.plan_zip("key", runs[1]["result"])
    # the zip holds the plan folder the CLI writes for the same plan
    run = runs[1]["result"]
    written = write_plan(run.plan, tmp_path / "plan", run.doc)
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        assert z.namelist() == sorted(f"plan/{f.name}" for f in written.iterdir())
        for f in written.iterdir():
            assert z.read(f"plan/{f.name}") == f.read_bytes()


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


def test_a_run_saved_from_the_app_is_stored_as_the_cli_stores_it() -> None:
    import os

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


def test_export_after_an_infeasible_run_offers_the_runs_with_a_plan() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    runs = at.session_state["runs"]
    assert [r["result"].plan.has_plan for r in runs] == [True, True, False]
    at = page(at, "export")
    pick = at.selectbox[0]
    assert pick.label == "Run to export" and pick.options == [runs[0]["label"],
                                                              runs[1]["label"]]
    assert pick.value == 1  # the latest run with a plan
    assert "Download the finance workbook (.xlsx)" in [d.label for d in at.download_button]
    pick.set_value(0).run()
    assert state.md(runs[0]["label"]) in " ".join(m.value for m in at.markdown)


def test_costs_read_in_the_rosters_currency_and_a_saving_is_green() -> None:
    import json

    from planner.ui.plan import COST_UP, SAVING

    at = run_plan(app().run())
    at.toggle(key="show_costs").set_value(True).run()
    shown = {m.label: m for m in at.metric}
    rate = shown["Cost a year [GBP]"]  # the currency in the label: the figure fits
    assert rate.value == "80.3m" and rate.help.endswith("a year: GBP 80,342,983")
    assert rate.proto.delta.startswith("-")  # a saving: the arrow points down, in green
    assert shown["One-off cost [GBP]"].value.endswith("k")
    at.segmented_control(key="plan_section").set_value("Costs").run()
    bridge = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bridge["type"] == "waterfall"
    assert bridge["increasing"]["marker"]["color"] == COST_UP  # the AI layer's cost: red
    assert bridge["decreasing"]["marker"]["color"] == SAVING  # the people saving: green
    assert all(t.startswith("GBP ") for t in bridge["text"])


def test_a_problem_says_where_the_app_sets_its_setting(tmp_path) -> None:
    import pandas as pd

    from tests.ui.test_pages import upload

    frame = pd.read_csv(ROOT / "data" / "sample_org.csv").head(40)
    frame.loc[3, "annual_cost"] = None
    at = upload(app().run(), frame, "gaps.csv")
    problems = next(d.value for d in at.dataframe if "hint" in d.value.columns)
    hint = problems.loc[problems["code"] == "missing_cost", "hint"].iloc[0]
    assert "'Positions without a cost' on the Scenario page" in hint
    assert "--" not in " ".join(problems["hint"].astype(str))
    page(at, "scenario")
    assert at.selectbox(key="sc0_impute_cost").label == "Positions without a cost"


def test_the_plan_speaks_in_titles_period_labels_and_money_with_its_unit() -> None:
    at = app().run()
    at.toggle(key="show_costs").set_value(True).run()
    at = page(at, "plan")
    assert at.selectbox(key="q_objective").format_func("min_cost") == "Lowest total cost"
    from planner.scenario.model import ObjectiveKind  # the form offers every objective

    assert sorted(at.selectbox(key="q_objective").options) == sorted(
        k.label for k in ObjectiveKind)
    at.number_input(key="q_reduction").set_value(5.0)
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


def test_compare_and_scenario_pages_read_labels_not_ids() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    at.toggle(key="show_costs").set_value(True).run()
    at = page(at, "compare")
    head = at.dataframe[0].value.set_index("measure")
    assert "Run-rate cost after [GBP/year]" in head.index
    assert head.loc["Objective"].iloc[0] == "Lowest total cost"
    assert not any("_" in m for m in head.index)
    at = page(at, "scenario")
    objective = next(s for s in at.selectbox if s.label == "Objective")
    assert objective.format_func(objective.value) == "Lowest total cost"


def _run_infeasible(at):
    doc = dict(at.session_state["scenario_doc"])
    doc["levers"] = {**doc["levers"], "no_redundancy": True, "savings_target": 0.5}
    at.session_state["scenario_doc"] = doc
    next(b for b in at.button if b.label == "Run").click().run()
    return at


def test_compare_and_export_say_which_run_has_no_plan() -> None:
    at = run_plan(app().run())
    _run_infeasible(at)
    runs = at.session_state["runs"]
    assert [r["result"].plan.has_plan for r in runs] == [True, False]
    name = runs[1]["label"].split(": ", 1)[1]
    at = page(at, "compare")
    said = " ".join(i.value for i in at.info)
    assert (state.md(f"Run 2 ({name})") + " has no plan (infeasible), so there is nothing "
            "to compare it with.") in said
    assert "Pick at least two runs" not in said

    at = page(app().run(), "plan")
    _run_infeasible(at)
    assert [r["result"].plan.has_plan for r in at.session_state["runs"]] == [False]
    name = at.session_state["runs"][0]["label"].split(": ", 1)[1]  # a first run: its own name
    at = page(at, "export")
    said = " ".join(i.value for i in at.info)
    assert "None of the 1 runs" not in said
    assert (state.md(f"Run 1 ({name})") + " has no plan (infeasible), so there is nothing "
            "to export") in said
    assert "change the levers" in said and "run again" in said
    assert "Download the finance workbook (.xlsx)" not in [d.label for d in at.download_button]


def test_the_plan_and_export_state_its_caveats_in_the_apps_words(tmp_path) -> None:
    import io

    import openpyxl

    from tests.roster.test_roster_errors import roster_with_errors

    at = app().run()
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value(("team roster.csv", roster_with_errors(tmp_path).read_bytes(),
                                   "text/csv")).run()
    next(b for b in at.button if b.key == "skip_error_rows").click().run()
    at = run_plan(at)
    result = at.session_state["runs"][-1]["result"]
    assert result.plan.has_plan
    warned = [w.value for w in at.warning]
    assert warned[0].startswith("Planned without part of the roster: 3 of the roster's 14 "
                                "rows were left out")
    no_cost = next(w for w in warned if "have no cost in the roster" in w)
    assert no_cost.startswith("2 positions \\(2.0 FTE\\) have no cost")
    assert state.md("peers of the same grade or role (set 'Positions without a cost' on the "
                    "Scenario page (Finance and solver)).") in no_cost
    assert "--" not in " ".join(warned) and "impute_cost (grade" not in no_cost
    assert not any("have no cost" in x for x in result.plan.explanations)  # a caveat, said once

    at = page(at, "export")
    warned = [w.value for w in at.warning]
    assert warned[0].startswith("Planned without part of the roster: 3 of the roster's 14")
    assert any(state.md("'Positions without a cost' on the Scenario page") in w for w in warned)
    book = openpyxl.load_workbook(io.BytesIO(state.workbook(state.doc_key(result.doc), result)))
    rows = list(book["Summary"].iter_rows(values_only=True))
    assert dict((r[0], r[1]) for r in rows)["Planned without part of the roster"].startswith(
        "3 of the roster's 14 rows were left out")
    assert any(r[0] == "Note" and "'Positions without a cost' on the Scenario page" in r[1]
               for r in rows)
