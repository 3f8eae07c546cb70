"""``planner store ...``: the scenario and run store."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli import render
from planner.cli.common import JsonOpt, ScenarioArg, StoreOpt, exit_codes, print_json

if TYPE_CHECKING:
    from planner.scenario.model import Scenario
    from planner.store import SavedScenario, Store

app = typer.Typer(help="The scenario and run store.", no_args_is_help=True)


def save_scenario(st: Store, sc: Scenario, *, author: str = "", note: str = "",
                  ) -> SavedScenario:
    """Save a scenario as the next version of its name, with its roster files (their hashes)
    and its author (default: the user logged in)."""
    return st.save_scenario(sc, author=author or os.environ.get("USER", ""), note=note)


@app.command("list")
def store_list(store_url: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """List saved scenario versions and runs."""
    from planner.store import Store

    st = Store(store_url)
    scen, runs = st.scenarios(), st.runs()
    if as_json:
        print_json({"scenarios": json.loads(scen.to_json(orient="records", date_format="iso")),
                    "runs": json.loads(runs.to_json(orient="records", date_format="iso"))})
        return
    render.print_frames(
        ("Scenario versions", scen,
         ("id", "name", "version", "parent", "author", "created", "note")),
        ("Runs", runs, ("run", "scenario", "version", "status", "objective", "seconds",
                        "created")))


@app.command("save")
def store_save(scenario: ScenarioArg,
               note: Annotated[str, typer.Option(help="What changed.")] = "",
               author: Annotated[str, typer.Option(help="Who saves it.")] = "",
               store_url: StoreOpt = None) -> None:
    """Save a scenario file as the next version of its name."""
    from planner.scenario.load import load_scenario
    from planner.store import Store

    with exit_codes(scenario=scenario):
        sc = load_scenario(scenario)
    saved = save_scenario(Store(store_url), sc, author=author, note=note)
    render.say(f"saved {saved.name!r} version {saved.version} (id {saved.id})")


@app.command("show")
def store_show(scenario_id: Annotated[int, typer.Argument(help="Scenario version id.")],
               store_url: StoreOpt = None) -> None:
    """Show a scenario version (JSON)."""
    from planner.store import Store

    with exit_codes():
        print_json(Store(store_url).scenario(scenario_id))


@app.command("delete")
def store_delete(scenario_id: Annotated[int, typer.Argument(help="Scenario version id.")],
                 store_url: StoreOpt = None) -> None:
    """Delete a scenario version and its runs."""
    from planner.store import Store

    with exit_codes():
        Store(store_url).delete_scenario(scenario_id)
    render.say(f"deleted scenario version {scenario_id} and its runs")


@app.command("export-run")
def store_export_run(run_id: Annotated[int, typer.Argument(help="Run id.")],
                     out: Annotated[Path, typer.Option("--out", help="Plan folder to write.")],
                     store_url: StoreOpt = None) -> None:
    """Write a stored run as a plan folder (then export, compare or check it)."""
    from planner.store import Store

    with exit_codes():
        Store(store_url).export_run(run_id, out)
    render.say(f"wrote run {run_id} to {out}")
