"""``planner run`` and ``planner check``: solve a scenario, and verify the plan written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli import render
from planner.cli.common import (
    ByOpt,
    JsonOpt,
    PlanFolderArg,
    ScenarioArg,
    StoreOpt,
    exit_codes,
    print_json,
)
from planner.io.plan_folder import SUMMARY_FILE

if TYPE_CHECKING:
    from planner.plan.tables import Plan
    from planner.scenario.model import Scenario


def run(scenario: ScenarioArg,
        out: Annotated[Path | None, typer.Option(
            "--out", help=f"Folder for {SUMMARY_FILE} and the tables.")] = None,
        as_json: JsonOpt = False,
        export_model: Annotated[Path | None, typer.Option(
            "--export-model", help="Also write the model as an MPS file.")] = None,
        backend: Annotated[str | None, typer.Option(
            "--backend", help="highs (default), cbc or another PuLP solver.")] = None,
        objective: Annotated[str | None, typer.Option(
            "--objective", help="Override objective.kind (min_cost, min_redundancies, ...).")]
        = None,
        set_: Annotated[list[str] | None, typer.Option(
            "--set", help="Override a setting by key path: levers.span.max=10 (repeatable).")]
        = None,
        save: Annotated[bool, typer.Option(
            "--save", help="Save the scenario version and the run in the store.")] = False,
        store_url: StoreOpt = None,
        by: ByOpt = None,
        ) -> None:
    """Solve a scenario and write its plan (exit 1 when there is no plan)."""
    from planner.plan.run import run as run_scenario
    from planner.plan.tables import write_plan
    from planner.scenario.keypaths import parse_assignment, with_values
    from planner.scenario.load import load_scenario
    from planner.scenario.model import scenario_document

    with exit_codes(as_json=as_json, scenario=scenario):
        sc = load_scenario(scenario)
        values = dict(parse_assignment(item) for item in set_ or [])
        if objective:
            values["objective.kind"] = objective
        if values:
            sc = with_values(sc, values)
        plan, built = run_scenario(sc, backend=backend, export_model=export_model)
    if out is not None:
        write_plan(plan, out, scenario_document(sc))
    if save:
        plan = _saved(plan, sc, store_url, by)
    if as_json:
        print_json({**plan.summary, "explanations": list(plan.explanations)})
    else:
        render.print_plan(plan, out, built.data.labels)
    raise typer.Exit(0 if plan.has_plan else 1)


def _saved(plan: Plan, sc: Scenario, store_url: str | None, by: str | None) -> Plan:
    """Save the scenario version and the run in the store as every face saves them
    (:meth:`planner.store.Store.save_plan`): the plan with where it was saved in its summary
    (``store``), a new plan, the given one as it was; saved by who acts (``--by``)."""
    from planner.cli.store import cli_actor
    from planner.store import Store

    with exit_codes():
        saved = Store(store_url).save_plan(sc, plan, by=cli_actor(by))
    return plan.with_summary(store={"scenario_id": saved.scenario.id,
                                    "version": saved.version, "run_id": saved.run_id})


def check(folder: PlanFolderArg, as_json: JsonOpt = False) -> None:
    """Re-verify a written plan against its scenario (exit 1 when a check fails)."""
    from planner.plan.check import check_plan

    with exit_codes(as_json=as_json):  # a table of the folder that fails its schema: exit 1
        report = check_plan(folder)
    if as_json:
        print_json({"ok": report.ok, "checks": [
            {"check": f.check, "ok": f.ok, "detail": f.detail} for f in report.findings]})
    else:
        render.print_check(report)
    raise typer.Exit(0 if report.ok else 1)
