"""The command line: one module per command group over the planner's core functions.

``planner.cli`` makes the Typer app and registers the commands of each stage:
:mod:`~planner.cli.roster` (validate, org, roles, synth, demo), :mod:`~planner.cli.plan`
(run, check), :mod:`~planner.cli.finance` (export, compare), :mod:`~planner.cli.batch`
(sweep), :mod:`~planner.cli.frontier` (frontier), :mod:`~planner.cli.work` (tasks,
tagger, tag), :mod:`~planner.cli.adjacency` (adjacency), :mod:`~planner.cli.store` and
:mod:`~planner.cli.data`. What they share
(options, errors turned into exit codes, the ``--json`` answer alone on standard output) is
:mod:`~planner.cli.common`; what they print is :mod:`~planner.cli.render`.

Exit codes: 0 success, 1 invalid input (validation errors, or warnings under
``--strict``), 2 usage errors (Typer's own). Only light modules at start-up (`planner
--help` answers in a fraction of a second): each command imports pandas, the optimiser, the
batch package and the rest when it runs.
"""

from __future__ import annotations

import sys

import typer

from planner.cli import adjacency, batch, data, finance, frontier, plan, roster, store, work
from planner.cli.common import guard_json_commands
from planner.cli.render import SETTING_FLAGS, error
from planner.errors import PlannerError

__all__ = ["SETTING_FLAGS", "app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Workforce restructuring scenario planner.")

for command in (roster.validate, roster.org, roster.roles, roster.synth, plan.run, plan.check,
                finance.export, finance.compare, batch.sweep, frontier.frontier, roster.demo,
                work.tag, adjacency.adjacency):
    app.command()(command)
app.add_typer(store.app, name="store")
app.add_typer(work.tasks_app, name="tasks")
app.add_typer(work.tagger_app, name="tagger")
app.add_typer(data.app, name="data")
guard_json_commands(app)


def main() -> None:
    """Console-script entry point (also `python -m planner` and `python -m planner.cli`)."""
    try:
        app()
    except PlannerError as exc:  # a last resort: commands handle their own errors
        error(str(exc))
        sys.exit(1)


if __name__ == "__main__":
    main()
