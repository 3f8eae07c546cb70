"""``planner export`` and ``planner compare``: plans for finance, and side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from planner.cli import render
from planner.cli.common import JsonOpt, PlanFolderArg, StoreOpt, exit_codes, fail, print_json
from planner.errors import PlannerError
from planner.io.plan_folder import SCENARIO_FILE
from planner.settings import PSEUDONYM_KEY

if TYPE_CHECKING:
    import pandas as pd


def export(folder: PlanFolderArg,
           out: Annotated[Path, typer.Option("--out", help="Workbook (.xlsx), folder or .zip.")],
           fmt: Annotated[str, typer.Option("--format", help="xlsx or csv.")] = "xlsx",
           version: Annotated[str, typer.Option(help="Version label in the tidy sheet.")] = "1",
           with_roster: Annotated[bool, typer.Option(
               "--with-roster", help="Add the baseline roster (positions, FTE, cost), read "
               "as the plan's run read it.")] = False,
           include_names: Annotated[bool, typer.Option(
               "--include-names", help="Keep people's names in the roster sheet.")] = False,
           pseudonymise: Annotated[bool, typer.Option(
               "--pseudonymise", help="Replace employee ids and names with stable pseudonyms "
               f"(key: --key-file, else ${PSEUDONYM_KEY.env}, else .planner_pseudonym_key "
               "next to --out).")] = False,
           key_file: Annotated[Path | None, typer.Option(
               "--key-file", help="File of the pseudonym key: read when it exists, else a "
               "new key is written there.")] = None,
           ) -> None:
    """Export a plan for finance: a workbook with formula totals, or CSV files."""
    import dataclasses

    from planner.io.plan_folder import read_plan_folder
    from planner.io.workbook import workbook_bytes, write_csv
    from planner.plan.finance import finance_tables, roster_sheet

    if fmt not in ("xlsx", "csv"):
        fail(f"--format: expected xlsx or csv, found {fmt!r}", 2)
    with exit_codes(usage=(PlannerError,)):
        plan = read_plan_folder(folder)
    scenario_doc = plan.scenario
    tables = finance_tables(plan.summary, plan.tables, scenario_doc, version=version)
    if with_roster or include_names or pseudonymise:
        if not (scenario_doc.get("inputs") or {}).get("roster"):
            fail("--with-roster: the scenario has no roster (pool-based scenario)", 2)
        key = _pseudonym_key(key_file, out) if pseudonymise else b""
        tables = dataclasses.replace(tables, roster=roster_sheet(
            _plan_roster(folder, scenario_doc), include_names=include_names,
            pseudonymise=pseudonymise, key=key))
    if fmt == "xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(workbook_bytes(tables, how=render.how_to_set))
    else:
        write_csv(tables, out)
    render.say(f"wrote {out}")


def _plan_roster(folder: Path, scenario_doc: dict[str, Any]) -> pd.DataFrame:
    """The roster a plan was made from, read by the pipeline's own loader from the plan's
    scenario: its preset, mapping, on-cost rate, imputation, title overrides and skipped
    rows, as the run read them."""
    from planner.plan.run import load_inputs
    from planner.scenario.model import scenario_from_dict

    where = folder / SCENARIO_FILE
    with exit_codes(scenario=where):
        sc = scenario_from_dict(scenario_doc, base_dir=folder, source=str(where))
        return load_inputs(sc).roster


def _pseudonym_key(key_file: Path | None, out: Path) -> bytes:
    """The pseudonym key: the file the user names, else the environment's, else the file
    next to the export; says which, and where a new key was written."""
    from planner.io.workbook import PSEUDONYM_KEY_FILE, pseudonym_key

    env = PSEUDONYM_KEY.value()
    if key_file is None and env:
        render.say(f"pseudonyms keyed by ${PSEUDONYM_KEY.env}")
        return env.encode("utf-8")
    path = key_file or out.parent / PSEUDONYM_KEY_FILE
    key, made = pseudonym_key(path)
    render.say(f"pseudonyms keyed by the new key written to {path}: keep it private, and "
               "keep it to give the same pseudonyms next time" if made
               else f"pseudonyms keyed by {path}")
    return key


def compare(runs: Annotated[list[str], typer.Argument(
                help="Two or more plan folders, or run ids of the store (run:7 or 7).")],
            as_json: JsonOpt = False,
            out: Annotated[Path | None, typer.Option(
                "--out", help="Also write the comparison as a workbook (.xlsx).")] = None,
            store_url: StoreOpt = None,
            ) -> None:
    """Compare any number of plans side by side, with the scenario settings that differ."""
    from planner.io.plan_folder import read_plan_folder
    from planner.plan.compare import compare as compare_plans
    from planner.plan.compare import comparison_workbook, folder_labels

    def stored(ref: str) -> int | None:  # a store's run id, not a folder
        run_id = ref.removeprefix("run:")
        return int(run_id) if not Path(ref).exists() and run_id.isdigit() else None

    ids = [stored(ref) for ref in runs]
    labels = folder_labels(ref if i is None else f"run {i}"
                           for ref, i in zip(runs, ids, strict=True))
    plans = {}
    with exit_codes(usage=(PlannerError, ValueError, FileNotFoundError)):
        for label, ref, run_id in zip(labels, runs, ids, strict=True):
            if run_id is None:
                f = read_plan_folder(ref)
                plans[label] = (f.summary, f.tables, f.scenario)
            else:
                from planner.store import Store

                plans[label] = Store(store_url).run_plan(run_id)
        comp = compare_plans(plans)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(comparison_workbook(comp))
    if as_json:
        print_json({name: frame.to_dict(orient="records")
                    for name, frame in comp.sheets().items()})
    else:
        render.print_comparison(comp)
