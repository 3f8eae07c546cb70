"""What the commands share: option declarations, errors turned into exit codes at the edge,
the ``--json`` answer alone on standard output, and the roster loader.

Exit codes: 0 success, 1 invalid input (validation errors, or warnings under
``--strict``), 2 usage errors (Typer's own, and the ones named as such here).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

from planner.cli import render
from planner.errors import InputError, PlannerError, ScenarioError
from planner.roster.presets import PRESET_NAMES
from planner.settings import STORE_URL, USER

if TYPE_CHECKING:
    from planner.roster.org import Org

Files = Annotated[list[Path], typer.Argument(help="Roster exports (CSV or XLSX), read together.",
                                             show_default=False)]
PresetOpt = Annotated[str | None, typer.Option(
    "--preset", help=f"Export layout: {', '.join(PRESET_NAMES)} (detected when omitted).")]
MappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", help="YAML file mapping your columns to the canonical ones.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
TeamByOpt = Annotated[str, typer.Option(
    "--team-by", help="'manager' (a manager and their reports) or a column: department, ...")]
OnCostOpt = Annotated[float | None, typer.Option(
    "--on-cost-rate", help="Employer on-costs as a share of base pay (0.28 = 28%), for exports "
    "without a fully loaded cost.")]
ImputeOpt = Annotated[str | None, typer.Option(
    "--impute-cost", help="Fill missing costs from the median per FTE of the same 'grade' or "
    "'role' (every imputed row is reported).")]
StoreOpt = Annotated[str | None, typer.Option(
    "--store", help=f"{STORE_URL.help} Default: ${STORE_URL.env}, else planner.db here.")]
ByOpt = Annotated[str | None, typer.Option(
    "--by", "--author", help=f"Who acts (recorded as not authenticated). Default: "
    f"${USER.env}, else the user logged in.")]
OverridesOpt = Annotated[Path | None, typer.Option(
    "--overrides", help="CSV (job_title,role_id) or YAML of title -> role decisions.")]
ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (YAML).")]
PlanFolderArg = Annotated[Path, typer.Argument(help="A plan folder from `planner run --out`.")]
LabelsOpt = Annotated[Path | None, typer.Option(
    "--labels", help="full_labelset.tsv of openai/GPTs-are-GPTs "
    "(`planner data download onet-labels`).")]
ModelOpt = Annotated[Path | None, typer.Option(
    "--model", help="Tagger model folder from `planner tagger train`.")]
ExposureMappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", help="YAML of the label -> tag mapping (see docs/tagging.md).")]


# Errors -> messages and exit codes --------------------------------------------------------

def fail(text: str, code: int = 1) -> NoReturn:
    """Say what went wrong (as typed, never markup) and exit with ``code``."""
    render.error(text)
    raise typer.Exit(code)


def fail_input(exc: InputError, as_json: bool) -> NoReturn:
    """Exit 1 on input that cannot be used, listing every problem (as JSON under
    ``--json``, in ``planner validate --json``'s shape)."""
    if as_json:
        print_json({"valid": False, "errors": [render.problem_json(p) for p in exc.problems],
                    "warnings": [], "summary": None})
    else:
        render.print_errors(exc.problems)
    raise typer.Exit(1) from exc


@contextlib.contextmanager
def exit_codes(*, as_json: bool = False, scenario: Path | None = None,
               usage: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Turn the errors a command's core raises into a message and an exit code.

    ``usage`` errors exit 2; input that cannot be used (:class:`InputError`, listed in full,
    as JSON under ``as_json``), a scenario error (named with its ``scenario`` file and key
    path) and any other :class:`PlannerError` exit 1.
    """
    try:
        yield
    except usage as exc:
        fail(str(exc), 2)
    except InputError as exc:
        fail_input(exc, as_json)
    except ScenarioError as exc:
        fail(f"{scenario}: {exc}" if scenario is not None else str(exc))
    except PlannerError as exc:
        fail(str(exc))


def load(files: list[Path], *, preset: str | None = None, mapping: Path | None = None,
         team_by: str = "manager", on_cost_rate: float | None = None,
         impute_cost: str | None = None, overrides: Path | None = None,
         as_json: bool = False) -> Org:
    """Load roster files as the roster commands do (an unusable file exits 1, a bad
    setting 2)."""
    from planner.roster.org import load_org

    with exit_codes(as_json=as_json, usage=(KeyError, ValueError)):
        return load_org(files, preset=preset, mapping=mapping, on_cost_rate=on_cost_rate,
                        impute_cost=impute_cost, team_by=team_by, title_overrides=overrides)


# --json: the answer alone on standard output ----------------------------------------------

def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if type(obj).__module__ == "numpy" and hasattr(obj, "item"):  # a numpy scalar
        obj = obj.item()
    if isinstance(obj, float) and obj != obj:
        return None
    return obj


# Where a --json answer goes while its command runs (see `_stdout_for_the_answer`).
_answer_streams: list[TextIO] = []


def print_json(payload: dict[str, Any]) -> None:
    """Print a command's ``--json`` answer (NaN as null, numpy scalars as numbers)."""
    out = _answer_streams[-1] if _answer_streams else sys.stdout
    out.write(json.dumps(_jsonable(payload), indent=2, ensure_ascii=False) + "\n")
    out.flush()


def _flush_c_stdio() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def _stdout_for_the_answer() -> Iterator[None]:
    """Keep standard output for the JSON answer alone while a ``--json`` command runs.

    Solvers and libraries write to the process's standard output on their own: highspy 1.16
    prints a banner inside ``Highs()``, before any option can be set, and worker processes
    inherit the descriptor. Meanwhile file descriptor 1 and ``sys.stdout`` point at standard
    error, and `print_json` writes to the original standard output.
    """
    sys.stdout.flush()
    try:
        real = sys.stdout.fileno() == 1
    except (AttributeError, OSError, ValueError):  # a captured stream (CliRunner, pytest)
        real = False
    saved = None
    if real:
        _flush_c_stdio()
        saved = os.dup(1)
        os.dup2(2, 1)
        answer: TextIO = open(saved, "w", encoding="utf-8", closefd=False)
    else:
        answer = sys.stdout
    _answer_streams.append(answer)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        _answer_streams.pop()
        sys.stderr.flush()
        if saved is not None:
            answer.close()
            _flush_c_stdio()
            os.dup2(saved, 1)
            os.close(saved)


def _json_answers_only(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("as_json"):
            return command(*args, **kwargs)
        with _stdout_for_the_answer():
            return command(*args, **kwargs)

    return wrapper


def guard_json_commands(typer_app: typer.Typer) -> None:
    """Every command with ``--json`` runs with standard output kept for its answer."""
    for info in typer_app.registered_commands:
        if info.callback and "as_json" in inspect.signature(info.callback).parameters:
            info.callback = _json_answers_only(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            guard_json_commands(group.typer_instance)
