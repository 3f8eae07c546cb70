"""The Compare page against the CLI: the same setting differences, labels not ids, plans
kept in memory."""

from __future__ import annotations

import pytest

st = pytest.importorskip("streamlit")
from typer.testing import CliRunner  # noqa: E402

from planner.cli import app as cli  # noqa: E402
from planner.plan.compare import compare  # noqa: E402
from planner.ui import state  # noqa: E402
from tests.ui.helpers import (  # noqa: E402
    MODEL,
    app,
    page,
    run_plan,
)


def test_compare_two_runs_and_export() -> None:
    at = run_plan(app().run())
    at.toggle(key="q_pledge").set_value(True)
    next(b for b in at.button if b.label == "Run").click().run()
    assert len(at.session_state["runs"]) == 2
    at = page(at, "compare")
    head = at.dataframe[0].value
    assert head.shape[1] == 3
    red = head[head["measure"] == "Redundancies [FTE]"].iloc[0]
    assert red.iloc[1] != red.iloc[2]
    assert any(d.label == "Download the comparison workbook" for d in at.download_button)
    at = page(at, "export")
    labels = [d.label for d in at.download_button]
    assert "Download the finance workbook (.xlsx)" in labels
    assert "Download the plan folder (zip)" in labels


def test_saved_runs_appear_in_compare() -> None:
    at = run_plan(app().run())
    next(b for b in at.button if b.label == "Save the scenario and its run").click().run()
    assert "Saved as run 1" in at.success[0].value
    at = page(at, "compare")
    assert at.multiselect(key="cmp_stored").options


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
