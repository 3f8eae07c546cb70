"""``planner frontier``: the best plan as one lever moves over a range."""

from __future__ import annotations

from typing import Annotated

import typer

from planner.cli import render
from planner.cli.common import JsonOpt, ScenarioArg, exit_codes, print_json


def frontier(scenario: ScenarioArg,
             lever: Annotated[str, typer.Option(
                 "--lever", help="The key path that moves and its range: "
                 "levers.max_redundancies=0..40.")],
             points: Annotated[int, typer.Option(
                 "--points", help="Values evenly spaced over the range, both ends included.")]
             = 6,
             backend: Annotated[str | None, typer.Option(
                 "--backend", help="highs (default), cbc or another PuLP solver.")] = None,
             set_: Annotated[list[str] | None, typer.Option(
                 "--set", help="Override a setting at every point: levers.span.max=10 "
                 "(repeatable).")] = None,
             as_json: JsonOpt = False) -> None:
    """Solve a scenario at each value of one lever, as `planner run --set` would, and print
    the objective, the run-rate saving, redundancies, hires and FTE of each (exit 1 when no
    point has a plan)."""
    from planner.plan.frontier import frontier as solve_frontier
    from planner.plan.frontier import frontier_values, parse_range
    from planner.scenario.keypaths import parse_assignment, with_values
    from planner.scenario.load import load_scenario

    with exit_codes(as_json=as_json, scenario=scenario):
        key, low, high = parse_range(lever)
        values = frontier_values(low, high, points)
        sc = load_scenario(scenario)
        fixed = dict(parse_assignment(item) for item in set_ or [])
        if fixed:
            sc = with_values(sc, fixed)
        result = solve_frontier(sc, key, values, backend=backend)
    if as_json:
        print_json(result.to_dict())
    else:
        render.print_frontier(result, low, high)
    raise typer.Exit(0 if any(p.has_plan for p in result.points) else 1)
