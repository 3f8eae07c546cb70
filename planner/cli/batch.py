"""``planner sweep``: a scenario run many times, summarised."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.cli import render
from planner.cli.common import JsonOpt, ScenarioArg, exit_codes, fail, print_json


def sweep(scenario: ScenarioArg,
          out: Annotated[Path, typer.Option(
              "--out", help="Results file: .parquet or .csv. Runs already in it for the same "
              "sweep are skipped (resume).")],
          set_: Annotated[list[str] | None, typer.Option(
              "--set", help="Grid over a key path: capabilities.document_ai.cost_per_hour="
              "6,12,24 (repeatable; added to the file's sweep: grid).")] = None,
          samples: Annotated[int | None, typer.Option(
              "--samples", help="Monte Carlo samples per grid point (of the uncertain inputs "
              "in the file's sweep: section).")] = None,
          seed: Annotated[int | None, typer.Option("--seed", help="Seed of the samples.")]
          = None,
          workers: Annotated[int | None, typer.Option(
              "--workers", help="Local worker processes (default: CPU count).")] = None,
          scheduler: Annotated[str | None, typer.Option(
              "--scheduler", help="Dask scheduler address (tcp://host:8786) instead of "
              "local processes.")] = None,
          time_limit: Annotated[float | None, typer.Option(
              "--time-limit", help="Per-run limit in seconds (a run that ignores it is "
              "killed).")] = None,
          overwrite: Annotated[bool, typer.Option(
              "--overwrite", help="Replace a results file holding another sweep.")] = False,
          as_json: JsonOpt = False) -> None:
    """Run a scenario many times (grid and Monte Carlo) and summarise P10/P50/P90."""
    import time

    from planner.batch import percentiles, team_cuts, tornado
    from planner.batch import sweep as run_sweep
    from planner.scenario.keypaths import parse_assignment
    from planner.scenario.load import load_scenario

    if workers is not None and scheduler is not None:
        fail("give --workers (local processes) or --scheduler (a Dask cluster), not both", 2)
    t0 = time.perf_counter()
    progress, on_progress = render.sweep_progress(as_json)
    with exit_codes(as_json=as_json, scenario=scenario):
        sc = load_scenario(scenario)
        grid = dict(parse_assignment(item, many=True) for item in set_ or [])
        with progress:
            results = run_sweep(sc, grid=grid, samples=samples, seed=seed,
                                time_limit=time_limit,
                                executor=scheduler or "local", workers=workers, out=out,
                                overwrite=overwrite, progress=on_progress)
    seconds = time.perf_counter() - t0
    by = list(grid) or list(sc.sweep.grid)
    pct, cuts, torn = percentiles(results, by=by), team_cuts(results), tornado(results)
    if as_json:
        skipped = results.attrs.get("skipped_rows", "")
        print_json({"runs": len(results),
                    "statuses": results["status"].value_counts().to_dict(), "out": str(out),
                    "skipped_rows": skipped or None, "seconds": round(seconds, 2),
                    "percentiles": pct.to_dict(orient="records"),
                    "team_cuts": cuts.head(20).to_dict(orient="records"),
                    "tornado": torn.to_dict(orient="records")})
    else:
        render.print_sweep(results, by, out, seconds, pct, cuts, torn)
