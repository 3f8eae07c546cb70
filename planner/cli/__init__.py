"""The command line: a thin layer over the public functions.

Exit codes: 0 success, 1 invalid input (validation errors, or warnings under
``--strict``), 2 usage errors (Typer's own).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import inspect
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

# Only light modules at start-up (`planner --help` answers in a fraction of a second): each
# command imports pandas, the optimiser, the batch package and the rest when it runs.
from planner.errors import InputError, PlannerError, Problem, ScenarioError, Severity
from planner.io.plan_folder import SUMMARY_FILE
from planner.roster.flags import DEEP_LAYER, NARROW_SPAN, WIDE_SPAN
from planner.roster.presets import PRESET_NAMES
from planner.settings import PSEUDONYM_KEY, STORE_URL

if TYPE_CHECKING:
    from planner.roster.org import Org

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Workforce restructuring scenario planner.")
console = Console()
err_console = Console(stderr=True)

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
OverridesOpt = Annotated[Path | None, typer.Option(
    "--overrides", help="CSV (job_title,role_id) or YAML of title -> role decisions.")]


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


def _print_json(payload: dict[str, Any]) -> None:
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
    error, and `_print_json` writes to the original standard output.
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


def _guard_json_commands(typer_app: typer.Typer) -> None:
    """Every command with ``--json`` runs with standard output kept for its answer."""
    for info in typer_app.registered_commands:
        if info.callback and "as_json" in inspect.signature(info.callback).parameters:
            info.callback = _json_answers_only(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _guard_json_commands(group.typer_instance)


SETTING_FLAGS = {"preset": "--preset NAME", "mapping": "--mapping FILE",
                 "on_cost_rate": "--on-cost-rate RATE", "impute_cost": "--impute-cost grade|role",
                 "title_overrides": "--overrides FILE"}
"""How the CLI sets each setting a problem names (:data:`planner.errors.SETTINGS`)."""


def _fix(p: Any) -> str:
    """A problem's hint, and how to set the setting it names on the command line."""
    from planner.errors import fix_text

    return fix_text(p, _how_to_set)


def _how_to_set(setting: str) -> str:
    """How the CLI sets a setting: its flag, or the scenario key."""
    return f"set it with {SETTING_FLAGS[setting]}, or inputs.{setting} in a scenario"


def _fail_scenario(scenario: Path, exc: ScenarioError) -> None:
    """Exit 1 on a scenario error, naming the file and the key path (the message is text,
    not markup: a value like ``[10`` is shown as typed)."""
    err_console.print(f"[bold red]error[/] {escape(f'{scenario}: {exc}')}", highlight=False)
    raise typer.Exit(1) from exc


def _fail_input(exc: InputError, as_json: bool) -> None:
    if as_json:
        _print_json({"valid": False, "errors": [_problem_json(p) for p in exc.problems],
                     "warnings": [], "summary": None})
    else:
        for p in exc.problems:
            err_console.print(f"[bold red]error[/] {escape(_problem_line(p))}", highlight=False)
            if p.hint:
                err_console.print(f"  fix: {_fix(p)}", highlight=False)
    raise typer.Exit(1)


def _problem_line(p: Problem) -> str:
    """A problem as one line of text (escape it before printing through rich)."""
    return f"{p.where()}: [{p.code}] {p.message}"


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "row": p.row, "column": p.column, "code": p.code,
            "message": p.message, "hint": p.hint, "value": p.value, "setting": p.setting}


def _load(files: list[Path], *, preset: str | None, mapping: Path | None, team_by: str,
          on_cost_rate: float | None, impute_cost: str | None, overrides: Path | None,
          as_json: bool) -> Org:
    from planner.roster.org import load_org

    try:
        return load_org(files, preset=preset, mapping=mapping, on_cost_rate=on_cost_rate,
                        impute_cost=impute_cost, team_by=team_by, title_overrides=overrides)
    except InputError as exc:
        _fail_input(exc, as_json)
        raise  # unreachable: _fail_input exits
    except (KeyError, ValueError) as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2) from exc


def validation_summary(org: Org) -> dict[str, Any]:
    """The ``summary`` block of ``planner validate --json``."""
    s = org.graph.summary()
    return {"positions": s.positions, "people": s.people, "vacancies": s.vacancies,
            "holders_unknown": s.holders_unknown, "pools": s.pools, "managers": s.managers,
            "teams": s.teams, "layers": s.layers, "fte": s.fte, "annual_cost": s.annual_cost}


def org_report(org: Org, *, wide: int = WIDE_SPAN, narrow: int = NARROW_SPAN,
               deep: int = DEEP_LAYER) -> dict[str, Any]:
    """The payload of ``planner org --json``."""
    g = org.graph
    s = g.summary()
    flags = g.flags(wide=wide, narrow=narrow, deep=deep)
    counts = flags.counts()
    return {
        "positions": s.positions, "fte": s.fte, "annual_cost": s.annual_cost,
        "managers": s.managers, "teams": s.teams, "layers": s.layers,
        "span": {"mean": s.span.mean, "median": s.span.median, "p90": s.span.p90,
                 "max": s.span.max},
        "by_layer": [{"layer": int(r.layer), "positions": int(r.positions),
                      "fte": round(float(r.fte), 4)} for r in g.by_layer().itertuples()],
        "flags": {"single_report_managers": counts["single_report_managers"],
                  "wide_spans": counts["wide_spans"], "deep_chains": counts["deep_chains"],
                  "narrow_spans": counts["narrow_spans"]},
        "flag_thresholds": {"wide_span_above": wide, "narrow_span_below": narrow,
                            "deep_layer_above": deep},
        "flagged_positions": {"single_report_managers": list(flags.single_report_managers[:50]),
                              "wide_spans": list(flags.wide_spans[:50]),
                              "deep_chains": list(flags.deep_chains[:50])},
        "people": s.people, "vacancies": s.vacancies, "holders_unknown": s.holders_unknown,
        "pools": s.pools, "roots": s.roots,
        "management_ratio": s.management_ratio,
        "positions_without_cost": s.positions_without_cost,
    }


@app.command()
def validate(files: Files, preset: PresetOpt = None, mapping: MappingOpt = None,
             strict: Annotated[bool, typer.Option(
                 "--strict", help="Treat warnings as errors.")] = False,
             as_json: JsonOpt = False, team_by: TeamByOpt = "manager",
             on_cost_rate: OnCostOpt = None, impute_cost: ImputeOpt = None,
             overrides: OverridesOpt = None,
             show: Annotated[int, typer.Option(help="Problems to list per severity.")] = 50,
             ) -> None:
    """Check roster files and report every problem at once (exit 1 when invalid)."""
    org = _load(files, preset=preset, mapping=mapping, team_by=team_by,
                on_cost_rate=on_cost_rate, impute_cost=impute_cost, overrides=overrides,
                as_json=as_json)
    rep = org.report
    valid = rep.is_valid(strict)
    if as_json:
        _print_json({"valid": valid, "strict": strict,
                     "errors": [_problem_json(p) for p in rep.errors],
                     "warnings": [_problem_json(p) for p in rep.warnings],
                     "info": [_problem_json(p) for p in rep.infos],
                     "files": [{"file": f.file, "preset": f.preset, "encoding": f.encoding,
                                "delimiter": f.delimiter, "records": f.records,
                                "columns": f.columns, "unused_columns": list(f.unused_columns)}
                               for f in org.files],
                     "summary": validation_summary(org)})
    else:
        for f in org.files:
            console.print(f"[bold]{f.file}[/]: {f.records} records, layout {f.preset}, "
                          f"{f.encoding}", highlight=False)
        for label, items, style in (("error", rep.errors, "red"),
                                    ("warning", rep.warnings, "yellow"),
                                    ("info", rep.infos, "cyan")):
            # A hint is said once per (code, hint), after its first problem, with how many
            # problems it fixes (--json keeps every problem with its hint).
            alike = Counter((p.code, _fix(p)) for p in items if p.hint)
            told: set[tuple[str, str]] = set()
            for p in items[:show]:
                console.print(f"[{style}]{label}[/] {escape(_problem_line(p))}",
                              highlight=False)
                key = (p.code, _fix(p))
                if p.hint and label != "info" and key not in told:
                    told.add(key)
                    n = alike[key]
                    which = (f" (this and {n - 1} more [{p.code}] {label}"
                             f"{'s' if n > 2 else ''})" if n > 1 else "")
                    console.print(f"    fix{escape(which)}: {escape(key[1])}", highlight=False,
                                  style="dim")
            if len(items) > show:
                console.print(f"[{style}]... {len(items) - show} more {label}s[/] "
                              "(use --json for all)")
        from planner.labels import format_money, roster_currency

        s = validation_summary(org)
        cur = roster_currency(org.roster)
        console.print(
            f"\n{'[green]valid[/]' if valid else '[red]not valid[/]'}: {len(rep.errors)} "
            f"errors, {len(rep.warnings)} warnings; {s['positions']} positions "
            f"({org.graph.summary().people_text()}, {s['pools']} pools), "
            f"{s['fte']:,.1f} FTE, cost {format_money(s['annual_cost'], cur)} a year, "
            f"{s['layers']} layers",
            highlight=False)
    raise typer.Exit(0 if valid else 1)


@app.command()
def org(files: Files, preset: PresetOpt = None, mapping: MappingOpt = None,
        as_json: JsonOpt = False, team_by: TeamByOpt = "manager",
        on_cost_rate: OnCostOpt = None,
        wide: Annotated[int, typer.Option(help="Flag spans above this.")] = WIDE_SPAN,
        narrow: Annotated[int, typer.Option(help="Flag spans below this.")] = NARROW_SPAN,
        deep: Annotated[int, typer.Option(help="Flag positions below this layer.")] = DEEP_LAYER,
        ) -> None:
    """Spans and layers, roll-ups and org-design flags."""
    o = _load(files, preset=preset, mapping=mapping, team_by=team_by, on_cost_rate=on_cost_rate,
              impute_cost=None, overrides=None, as_json=as_json)
    rep = org_report(o, wide=wide, narrow=narrow, deep=deep)
    if as_json:
        _print_json(rep)
        return
    _print_org(o, rep)


def _print_org(o: Org, rep: dict[str, Any]) -> None:
    console.print(
        f"[bold]{rep['positions']:,} positions[/], {rep['fte']:,.1f} FTE, annual cost "
        f"{rep['annual_cost']:,.0f}; {rep['managers']:,} managers, {rep['teams']:,} teams, "
        f"{rep['layers']} layers; {o.graph.summary().people_text()}, "
        f"{rep['pools']:,} pools", highlight=False)
    sp = rep["span"]
    console.print(f"span of control: mean {sp['mean']:.1f}, median {sp['median']:g}, "
                  f"p90 {sp['p90']:g}, max {sp['max']}; {rep['management_ratio']:.1f} individual "
                  "contributors per manager", highlight=False)
    t = Table("layer", "positions", "FTE", title="By layer")
    for r in rep["by_layer"]:
        t.add_row(str(r["layer"]), f"{r['positions']:,}", f"{r['fte']:,.1f}")
    console.print(t)
    th = rep["flag_thresholds"]
    f = rep["flags"]
    console.print(f"flags: {f['single_report_managers']} single-report managers, "
                  f"{f['narrow_spans']} spans below {th['narrow_span_below']}, "
                  f"{f['wide_spans']} spans above {th['wide_span_above']}, "
                  f"{f['deep_chains']} positions below layer {th['deep_layer_above']}",
                  highlight=False)
    teams = o.graph.teams().sort_values("fte", ascending=False).head(10)
    tt = Table("team", "lead", "positions", "FTE", "annual cost", title="Largest teams")
    for r in teams.itertuples():
        tt.add_row(str(r.team), str(getattr(r, "lead_title", "")), f"{r.positions:,}",
                   f"{r.fte:,.1f}", f"{r.annual_cost:,.0f}")
    console.print(tt)


@app.command()
def roles(files: Files, preset: PresetOpt = None, mapping: MappingOpt = None,
          as_json: JsonOpt = False, overrides: OverridesOpt = None,
          only_problems: Annotated[bool, typer.Option(
              "--problems", help="List only unmatched and low-confidence titles.")] = False,
          ) -> None:
    """Each distinct job title, the library role it matched and the confidence."""
    o = _load(files, preset=preset, mapping=mapping, team_by="manager", on_cost_rate=None,
              impute_cost=None, overrides=overrides, as_json=as_json)
    from planner.work.library import title_coverage

    m = o.matches
    coverage = title_coverage(o.roster, m)
    if only_problems:
        m = m[m["status"] != "ok"]
    if as_json:
        _print_json({"titles": [
            {"job_title": r.job_title, "positions": int(r.positions), "role_id": r.role_id,
             "role_name": r.role_name, "confidence": float(r.confidence), "method": r.method,
             "status": r.status, "alternatives": r.alternatives}
            for r in m.itertuples()],
            "summary": {k: int(v) for k, v in o.matches["status"].value_counts().items()},
            "coverage": coverage.to_dict()})
        return
    t = Table("job title", "positions", "role", "confidence", "status", "alternatives")
    style = {"ok": "green", "low_confidence": "yellow", "unmatched": "red"}
    for r in m.itertuples():
        t.add_row(str(r.job_title), str(r.positions), str(r.role_id or "-"),
                  f"{r.confidence:.2f}", f"[{style[r.status]}]{r.status}[/]",
                  str(r.alternatives))
    console.print(t)
    counts = o.matches["status"].value_counts().to_dict()
    console.print(f"{len(o.matches)} titles: {counts.get('ok', 0)} ok, "
                  f"{counts.get('low_confidence', 0)} low confidence, "
                  f"{counts.get('unmatched', 0)} unmatched", highlight=False)
    if coverage.statement():
        console.print(escape(coverage.statement()), highlight=False)
        console.print("fix: list titles and their roles in a CSV (job_title,role_id); "
                      f"{_how_to_set('title_overrides')}", highlight=False, style="dim")


@app.command()
def synth(positions: Annotated[int, typer.Option("--positions", help="Number of positions.")],
          out: Annotated[Path, typer.Option("--out", help="CSV (or .xlsx) file to write.")],
          seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0) -> None:
    """Generate a synthetic org (seeded; 10 to 10,000,000 positions)."""
    from planner.roster.synth import synthesise

    try:
        frame = synthesise(positions, seed)
    except ValueError as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        frame.to_excel(out, index=False)
    else:
        frame.to_csv(out, index=False)
    console.print(f"wrote {len(frame):,} positions to {out}", highlight=False)


@app.command()
def run(scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML).")],
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
        ) -> None:
    """Solve a scenario and write its plan (exit 1 when there is no plan)."""
    from planner.plan.run import run as run_scenario
    from planner.plan.tables import write_plan
    from planner.scenario.model import (
        load_scenario,
        parse_assignment,
        scenario_document,
        with_values,
    )

    try:
        sc = load_scenario(scenario)
        values = dict(parse_assignment(item) for item in set_ or [])
        if objective:
            values["objective.kind"] = objective
        if values:
            sc = with_values(sc, values)
        plan, built = run_scenario(sc, backend=backend, export_model=export_model)
    except ScenarioError as exc:
        _fail_scenario(scenario, exc)
    except InputError as exc:
        _fail_input(exc, as_json)
    if out is not None:
        write_plan(plan, out, scenario_document(sc))
    if save:
        from planner.store import Store

        st = Store(store_url)
        saved = st.save_scenario(sc, author=os.environ.get("USER", ""),
                                 input_files=[str(sc.resolve(f)) for f in
                                              sc.inputs.roster_files])
        run_id = st.save_run(saved.id, {**plan.summary,
                                        "explanations": list(plan.explanations)}, plan.tables)
        plan.summary["store"] = {"scenario_id": saved.id, "version": saved.version,
                                 "run_id": run_id}
    if as_json:
        _print_json({**plan.summary, "explanations": list(plan.explanations)})
    else:
        _print_plan(plan, out, built.data.labels)
    raise typer.Exit(0 if plan.has_plan else 1)


def _print_caveats(summary: dict[str, Any]) -> None:
    """What the plan skipped of its roster (``inputs.skip_error_rows``), when anything, and
    its other caveats (positions with no cost or no role), each with how to set the setting
    that addresses it."""
    from planner.errors import note_text, plan_notes

    statement = (summary.get("skipped_rows") or {}).get("statement")
    if statement:
        console.print(f"[yellow]planned without part of the roster[/]: {escape(statement)}",
                      highlight=False)
    for note in plan_notes(summary):
        console.print(f"[yellow]note[/]: {escape(note_text(note, _how_to_set))}",
                      highlight=False)


def _objective_text(s: dict[str, Any], cur: str | None) -> str:
    """What a plan's objective value is, in a planner's words with its unit ("total cost
    over the horizon GBP 83.2m", "12.0 redundancies")."""
    from planner.labels import format_money

    kind, v = s.get("objective_kind"), float(s["objective"])
    if kind == "min_redundancies":
        return f"{v:,.1f} redundancies over the horizon (the fewest)"
    if kind == "max_capacity":
        return f"{abs(v):,.0f} hours of capacity over the horizon (the most)"
    if kind == "weighted":
        return (f"total cost over the horizon plus the price put on each redundancy "
                f"{format_money(v, cur, compact=True)}")
    return f"total cost over the horizon {format_money(v, cur, compact=True)}"


def _print_plan(plan: Any, out: Path | None, labels: Any = None) -> None:
    s = plan.summary
    console.rule(f"[bold]{s['scenario']}")
    if not plan.has_plan:
        # The answer in words first; the pool-level and solver detail after it.
        console.print(f"[red]{s['status']}[/]: no plan.", highlight=False)
        _print_caveats(s)
        first, *rest = s.get("conflicts") or list(plan.explanations) or [""]
        console.print(escape(first), highlight=False)
        for line in rest:
            console.print(f"  - {escape(line)}", highlight=False)
        detail = s.get("conflict_detail") or []
        if detail:
            console.print("detail for experts:", highlight=False)
        for line in detail[:15]:
            console.print(f"  - {escape(line)}", highlight=False)
        if len(detail) > 15:
            console.print(f"  ({len(detail) - 15} more lines in `planner run --json`)",
                          highlight=False)
        return
    from planner.labels import format_money

    cur = s.get("currency")
    console.print(
        f"[green]{s['status']}[/] ({s['backend']}, {s['solve_seconds']:.2f} s): "
        f"{escape(_objective_text(s, cur))}; FTE {s['fte_before']:,.1f} -> "
        f"{s['fte_after']:,.1f}; run-rate "
        f"{format_money(s['run_rate_cost_before'], cur)} -> "
        f"{format_money(s['run_rate_cost_after'], cur)} a year", highlight=False)
    _print_caveats(s)
    one = s["one_off_cost"]
    console.print(
        f"people: {s['attrition']:,.1f} attrition, {s['redeployments']:,.1f} redeployed, "
        f"{s['reskilled']:,.1f} reskilled, {s['hires']:,.1f} hired, {s['redundancies']:,.1f} "
        f"redundancies; AI {s['ai_hours']:,.0f} executed and {s['assisted_hours']:,.0f} "
        f"assisted hours; one-off {format_money(sum(one.values()), cur)}", highlight=False)
    from planner.optimise.explain import lever_lines, team_sentences

    stories = team_sentences(plan.tables, limit=5, labels=labels)
    if stories:
        console.print("what changes most, and why:", highlight=False)
        for line in stories:
            console.print(f"  - {escape(line)}", highlight=False)
    levers, notes = lever_lines(list(plan.explanations), plan.tables.get("constraints"),
                                s.get("objective_kind"))
    for heading, lines in (("levers that bind, and what relaxing them is worth:", levers),
                           ("notes:", notes)):
        if lines:
            console.print(heading, highlight=False)
        for line in lines[:12]:
            console.print(f"  - {escape(line)}", highlight=False)
        if len(lines) > 12:
            console.print(f"  ({len(lines) - 12} more in the plan folder's {SUMMARY_FILE})",
                          highlight=False)
    if out is not None:
        console.print(f"plan written to {out}/ (check it with `planner check {out}`)",
                      highlight=False)


@app.command()
def check(folder: Annotated[Path, typer.Argument(help="A plan folder from `planner run --out`.")],
          as_json: JsonOpt = False) -> None:
    """Re-verify a written plan against its scenario (exit 1 when a check fails)."""
    from planner.plan.check import check_plan

    try:
        report = check_plan(folder)
    except InputError as exc:  # a table of the folder fails its schema
        _fail_input(exc, as_json)
    if as_json:
        _print_json({"ok": report.ok, "checks": [
            {"check": f.check, "ok": f.ok, "detail": f.detail} for f in report.findings]})
    else:
        for f in report.findings:
            mark = "[green]ok[/]  " if f.ok else "[red]FAIL[/]"
            console.print(f"{mark} {escape(f.check)} {escape(f.detail)}", highlight=False)
        console.print(f"{'[green]plan holds[/]' if report.ok else '[red]plan fails[/]'}: "
                      f"{sum(f.ok for f in report.findings)}/{len(report.findings)} checks",
                      highlight=False)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def export(folder: Annotated[Path, typer.Argument(help="A plan folder from `planner run --out`.")],
           out: Annotated[Path, typer.Option("--out", help="Workbook (.xlsx), folder or .zip.")],
           fmt: Annotated[str, typer.Option("--format", help="xlsx or csv.")] = "xlsx",
           version: Annotated[str, typer.Option(help="Version label in the tidy sheet.")] = "1",
           with_roster: Annotated[bool, typer.Option(
               "--with-roster", help="Add the baseline roster (positions, FTE, cost).")] = False,
           include_names: Annotated[bool, typer.Option(
               "--include-names", help="Keep people's names in the roster sheet.")] = False,
           pseudonymise: Annotated[bool, typer.Option(
               "--pseudonymise", help="Replace employee ids and names with stable pseudonyms "
               "(key: $PLANNER_PSEUDONYM_KEY or .planner_pseudonym_key here).")] = False,
           ) -> None:
    """Export a plan for finance: a workbook with formula totals, or CSV files."""
    import dataclasses
    import secrets

    from planner.io.workbook import workbook_bytes, write_csv
    from planner.plan.finance import finance_tables, read_plan, roster_sheet

    if fmt not in ("xlsx", "csv"):
        err_console.print(f"[bold red]error[/] --format: expected xlsx or csv, found {fmt!r}")
        raise typer.Exit(2)
    summary, plan_tables, scenario_doc = read_plan(folder)
    tables = finance_tables(summary, plan_tables, scenario_doc, version=version)
    if with_roster or include_names or pseudonymise:
        roster_files = (scenario_doc.get("inputs") or {}).get("roster")
        if not roster_files:
            err_console.print("[bold red]error[/] --with-roster: the scenario has no roster "
                              "(pool-based scenario)")
            raise typer.Exit(2)
        key = b""
        if pseudonymise:
            env = PSEUDONYM_KEY.value()
            key_file = Path(".planner_pseudonym_key")
            if env:
                key = env.encode("utf-8")
            else:
                if not key_file.exists():
                    key_file.write_text(secrets.token_hex(32), encoding="utf-8")
                key = key_file.read_text(encoding="utf-8").strip().encode("utf-8")
        org = _load([Path(f) for f in ([roster_files] if isinstance(roster_files, str)
                                       else roster_files)],
                    preset=(scenario_doc.get("inputs") or {}).get("preset"), mapping=None,
                    team_by="manager", on_cost_rate=None, impute_cost=None, overrides=None,
                    as_json=False)
        tables = dataclasses.replace(tables, roster=roster_sheet(
            org.roster, include_names=include_names, pseudonymise=pseudonymise, key=key))
    if fmt == "xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(workbook_bytes(tables, how=_how_to_set))
    else:
        write_csv(tables, out)
    console.print(f"wrote {out}", highlight=False)


@app.command()
def compare(runs: Annotated[list[str], typer.Argument(
                help="Two or more plan folders, or run ids of the store (run:7 or 7).")],
            as_json: JsonOpt = False,
            out: Annotated[Path | None, typer.Option(
                "--out", help="Also write the comparison as a workbook (.xlsx).")] = None,
            store_url: StoreOpt = None,
            ) -> None:
    """Compare any number of plans side by side, with the scenario settings that differ."""
    import tempfile

    from planner.plan.compare import compare as compare_plans
    from planner.plan.compare import comparison_workbook

    tmp = tempfile.TemporaryDirectory()
    folders: list[Path] = []
    for ref in runs:
        run_id = ref.removeprefix("run:")
        if not Path(ref).exists() and run_id.isdigit():
            from planner.store import Store, StoreError

            try:
                folders.append(Store(store_url).export_run(int(run_id),
                                                           Path(tmp.name) / f"run {run_id}"))
            except StoreError as exc:
                err_console.print(f"[bold red]error[/] {exc}")
                raise typer.Exit(2) from exc
        else:
            folders.append(Path(ref))
    try:
        comp = compare_plans(folders)
    except (ValueError, FileNotFoundError) as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2) from exc
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(comparison_workbook(comp))
    if as_json:
        _print_json({name: frame.to_dict(orient="records")
                     for name, frame in comp.sheets().items()})
        return
    t = Table("measure", *comp.runs, title="Plans side by side")
    for r in comp.headline.itertuples(index=False):
        cells = [f"{v:,.2f}" if isinstance(v, float) else str(v) for v in r[1:]]
        t.add_row(str(r[0]), *cells)
    console.print(t)
    if len(comp.scenario_diff):
        d = Table("setting", *comp.runs, title="Scenario differences")
        for r in comp.scenario_diff.itertuples(index=False):
            d.add_row(*[escape(str(v)) for v in r])
        console.print(d)


store_app = typer.Typer(help="The scenario and run store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("list")
def store_list(store_url: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """List saved scenario versions and runs."""
    from planner.store import Store

    st = Store(store_url)
    scen, runs = st.scenarios(), st.runs()
    if as_json:
        _print_json({"scenarios": json.loads(scen.to_json(orient="records", date_format="iso")),
                     "runs": json.loads(runs.to_json(orient="records", date_format="iso"))})
        return
    t = Table("id", "name", "version", "parent", "author", "created", "note",
              title="Scenario versions")
    for r in scen.itertuples(index=False):
        t.add_row(*[escape(str(x)) for x in r])
    console.print(t)
    t = Table("run", "scenario", "version", "status", "objective", "seconds", "created",
              title="Runs")
    for r in runs.itertuples(index=False):
        t.add_row(*[escape(str(x)) for x in r])
    console.print(t)


@store_app.command("save")
def store_save(scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML).")],
               note: Annotated[str, typer.Option(help="What changed.")] = "",
               author: Annotated[str, typer.Option(help="Who saves it.")] = "",
               store_url: StoreOpt = None) -> None:
    """Save a scenario file as the next version of its name."""
    from planner.scenario.model import load_scenario
    from planner.store import Store

    try:
        sc = load_scenario(scenario)
    except ScenarioError as exc:
        _fail_scenario(scenario, exc)
    saved = Store(store_url).save_scenario(
        sc, author=author or os.environ.get("USER", ""),
        note=note, input_files=[str(sc.resolve(f)) for f in sc.inputs.roster_files])
    console.print(f"saved {saved.name!r} version {saved.version} (id {saved.id})",
                  highlight=False)


@store_app.command("show")
def store_show(scenario_id: Annotated[int, typer.Argument(help="Scenario version id.")],
               store_url: StoreOpt = None) -> None:
    """Show a scenario version (JSON)."""
    from planner.store import Store, StoreError

    try:
        _print_json(Store(store_url).scenario(scenario_id))
    except StoreError as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(1) from exc


@store_app.command("delete")
def store_delete(scenario_id: Annotated[int, typer.Argument(help="Scenario version id.")],
                 store_url: StoreOpt = None) -> None:
    """Delete a scenario version and its runs."""
    from planner.store import Store, StoreError

    try:
        Store(store_url).delete_scenario(scenario_id)
    except StoreError as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"deleted scenario version {scenario_id} and its runs", highlight=False)


@store_app.command("export-run")
def store_export_run(run_id: Annotated[int, typer.Argument(help="Run id.")],
                     out: Annotated[Path, typer.Option("--out", help="Plan folder to write.")],
                     store_url: StoreOpt = None) -> None:
    """Write a stored run as a plan folder (then export, compare or check it)."""
    from planner.store import Store, StoreError

    try:
        Store(store_url).export_run(run_id, out)
    except StoreError as exc:
        err_console.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"wrote run {run_id} to {out}", highlight=False)


@app.command()
def sweep(scenario: Annotated[Path, typer.Argument(help="Scenario file (YAML).")],
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

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from planner.batch import sweep as run_sweep
    from planner.scenario.model import load_scenario, parse_assignment

    if workers is not None and scheduler is not None:
        err_console.print("[bold red]error[/] give --workers (local processes) or "
                          "--scheduler (a Dask cluster), not both")
        raise typer.Exit(2)
    t0 = time.perf_counter()
    progress = Progress(TextColumn("[bold]sweep"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} runs/s"), TextColumn("ETA"),
                        TimeRemainingColumn(), TimeElapsedColumn(),
                        console=err_console, disable=as_json)
    task = progress.add_task("sweep", total=None, rate="-")
    started: list[tuple[float, int]] = []

    def on_progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if not started:
            started.append((now, done))
        t_start, first = started[0]
        rate = (done - first) / (now - t_start) if now > t_start and done > first else 0.0
        progress.update(task, completed=done, total=total,
                        rate=f"{rate:.2f}" if rate else "-")

    try:
        sc = load_scenario(scenario)
        grid = dict(parse_assignment(item, many=True) for item in set_ or [])
        with progress:
            results = run_sweep(sc, grid=grid, samples=samples, seed=seed,
                                time_limit=time_limit,
                                executor=scheduler or "local", workers=workers, out=out,
                                overwrite=overwrite, progress=on_progress)
    except ScenarioError as exc:
        _fail_scenario(scenario, exc)
    except InputError as exc:
        _fail_input(exc, as_json)
    except PlannerError as exc:
        err_console.print(f"[bold red]error[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    _print_sweep(results, list(grid) or list(sc.sweep.grid), out,
                 time.perf_counter() - t0, as_json)


def _print_sweep(results: Any, grid: list[str], out: Path, seconds: float,
                 as_json: bool) -> None:
    from planner.batch import percentiles, team_cuts, tornado
    from planner.status import has_plan_mask

    pct = percentiles(results, by=grid)
    cuts = team_cuts(results)
    torn = tornado(results)
    statuses = results["status"].value_counts().to_dict()
    skipped = results.attrs.get("skipped_rows", "")
    if as_json:
        _print_json({"runs": len(results), "statuses": statuses, "out": str(out),
                     "skipped_rows": skipped or None,
                     "seconds": round(seconds, 2),
                     "percentiles": pct.to_dict(orient="records"),
                     "team_cuts": cuts.head(20).to_dict(orient="records"),
                     "tornado": torn.to_dict(orient="records")})
        return
    console.rule(f"[bold]sweep: {len(results):,} runs in {seconds:,.1f} s")
    if skipped:
        _print_caveats({"skipped_rows": {"statement": skipped}})
    console.print("status: " + ", ".join(f"{k} {v:,}" for k, v in statuses.items()),
                  highlight=False)
    failed = results[~has_plan_mask(results["status"])]
    for _, r in failed.head(5).iterrows():
        console.print(f"  run {r['run_id']}: {r['status']}: {escape(str(r['message']))}",
                      highlight=False)
    table = Table(title="P10 / P50 / P90 over the runs with a plan")
    for c in [*grid, "figure", "with plan", "p10", "p50", "p90"]:
        table.add_column(c, justify="left" if c in (*grid, "figure") else "right")
    for _, r in pct.iterrows():
        table.add_row(*[str(r[c]) for c in grid], r["figure"], f"{r['with_plan']:,}",
                      *(f"{r[q]:,.1f}" if r[q] == r[q] else "-" for q in ("p10", "p50", "p90")))
    console.print(table)
    if len(cuts):
        n_ok = int(has_plan_mask(results["status"]).sum())
        robust = int((cuts["share"] >= 0.999).sum())
        console.print(f"teams cut: {len(cuts)} teams in at least one run, {robust} in every "
                      f"run with a plan ({n_ok:,}); least certain:", highlight=False)
        for _, r in cuts[cuts["share"] < 0.999].head(8).iterrows():
            console.print(f"  {escape(r['team'])}: {r['share']:.0%} of runs", highlight=False)
    if len(torn):
        console.print("what moves total cost most (median at the low / high fifth of each "
                      "input):", highlight=False)
        for _, r in torn.head(8).iterrows():
            console.print(f"  {r['input']}: {r['total_cost_at_low']:,.0f} -> "
                          f"{r['total_cost_at_high']:,.0f} (swing {r['swing']:+,.0f}, rank "
                          f"correlation {r['rank_correlation']:+.2f})", highlight=False)
    console.print(f"results written to {out}", highlight=False)


@app.command()
def demo() -> None:
    """Load the bundled sample org and print its summary."""
    from planner.work.library import data_dir

    sample = data_dir() / "sample_org.csv"
    o = _load([sample], preset=None, mapping=None, team_by="manager", on_cost_rate=None,
              impute_cost=None, overrides=None, as_json=False)
    console.rule("[bold]planner demo: the bundled sample org (fictional)")
    _print_org(o, org_report(o))
    m = o.matches["status"].value_counts().to_dict()
    console.print(f"job titles matched to {o.roster['role_id'].nunique()} library roles: "
                  f"{m.get('ok', 0)} titles ok, {m.get('low_confidence', 0)} low confidence, "
                  f"{m.get('unmatched', 0)} unmatched", highlight=False)
    console.print(f"validation: {len(o.report.errors)} errors, {len(o.report.warnings)} "
                  "warnings", highlight=False)



# Task tags from evidence (issue 7): O*NET labels, the text tagger, downloads ---------------

tasks_app = typer.Typer(help="Task libraries and tags from O*NET evidence.", no_args_is_help=True)
app.add_typer(tasks_app, name="tasks")
tagger_app = typer.Typer(help="The text tagger: train and evaluate.", no_args_is_help=True)
app.add_typer(tagger_app, name="tagger")
data_app = typer.Typer(help="Public reference data.", no_args_is_help=True)
app.add_typer(data_app, name="data")

LabelsArg = Annotated[Path, typer.Argument(help="full_labelset.tsv of openai/GPTs-are-GPTs.")]
LabelsOpt = Annotated[Path | None, typer.Option(
    "--labels", help="full_labelset.tsv of openai/GPTs-are-GPTs "
    "(`planner data download onet-labels`).")]
ModelOpt = Annotated[Path | None, typer.Option(
    "--model", help="Tagger model folder from `planner tagger train`.")]
ExposureMappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", help="YAML of the label -> tag mapping (see docs/tagging.md).")]


def _fail(exc: Exception, code: int = 1) -> None:
    err_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False)
    raise typer.Exit(code)


def _exposure_mapping(path: Path | None, as_json: bool) -> Any:
    from planner.work.onet import ExposureMapping, load_mapping

    try:
        return load_mapping(path) if path else ExposureMapping()
    except InputError as exc:
        _fail_input(exc, as_json)


@tasks_app.command("import-onet")
def tasks_import_onet(
        labels: LabelsArg,
        out: Annotated[Path, typer.Option("--out", help="Library folder to write.")],
        occupations: Annotated[Path | None, typer.Option(
            "--occupations", help="Only these occupations: a CSV with a soc_code column "
            "(e.g. from match-occupations) or one O*NET-SOC code per line.")] = None,
        wages: Annotated[Path | None, typer.Option(
            "--wages", help="BLS OES national file (national_M2021_dl.csv) for role "
            "costs.")] = None,
        on_cost_rate: Annotated[float, typer.Option(
            "--on-cost-rate", help="Employer on-costs on top of OES wages (0.3 = 30%).")] = 0.0,
        mapping: ExposureMappingOpt = None, as_json: JsonOpt = False) -> None:
    """Build a role/task library from O*NET occupations and their exposure labels."""
    from planner.work.onet import import_onet, read_occupation_list, write_library

    mp = _exposure_mapping(mapping, as_json)
    try:
        codes = read_occupation_list(occupations) if occupations else None
        result = import_onet(labels, mapping=mp, occupations=codes, wages=wages,
                             on_cost_rate=on_cost_rate)
    except InputError as exc:
        _fail_input(exc, as_json)
        return
    folder = write_library(result, out)
    meta = result.metadata
    if as_json:
        _print_json({"library": str(folder), **meta.to_dict()})
        return
    console.print(f"wrote {meta.occupations} roles and {meta.tasks} tasks to {folder}",
                  highlight=False)
    modes = result.library.tasks["mode"].value_counts().to_dict()
    console.print("tags: " + ", ".join(f"{k} {v}" for k, v in sorted(modes.items())) +
                  f" (from the {mp.label.value} label)", highlight=False)
    for note in meta.notes:
        console.print(f"note: {note}", highlight=False)
    console.print(f"[dim]{meta.attribution}[/]", highlight=False)


@tasks_app.command("match-occupations")
def tasks_match_occupations(
        files: Files,
        labels: LabelsOpt = None, preset: PresetOpt = None, mapping: MappingOpt = None,
        overrides: Annotated[Path | None, typer.Option(
            "--overrides", help="CSV (job_title,soc_code) or YAML of title -> occupation "
            "decisions.")] = None,
        out: Annotated[Path | None, typer.Option(
            "--out", help="CSV of the matches (its soc_code column feeds import-onet "
            "--occupations).")] = None,
        only_problems: Annotated[bool, typer.Option(
            "--problems", help="List only unmatched and low-confidence titles.")] = False,
        as_json: JsonOpt = False) -> None:
    """Match each job title of a roster to an O*NET occupation, with a confidence."""
    from planner.work.onet import (
        load_occupation_overrides,
        match_occupations,
        occupation_library,
        read_onet_labels,
    )

    if labels is None:
        _fail(ValueError("--labels: expected the labels file (full_labelset.tsv), found "
                         "none. Fix: `planner data download onet-labels`"), 2)
        return
    o = _load(files, preset=preset, mapping=mapping, team_by="manager", on_cost_rate=None,
              impute_cost=None, overrides=None, as_json=as_json)
    try:
        lib = occupation_library(read_onet_labels(labels))
        ov = load_occupation_overrides(overrides, lib) if overrides else None
    except InputError as exc:
        _fail_input(exc, as_json)
        return
    m = match_occupations(o.roster["job_title"], lib, ov)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        m.to_csv(out, index=False)
    counts = m["status"].value_counts().to_dict()
    shown = m[m["status"] != "ok"] if only_problems else m
    if as_json:
        _print_json({"titles": shown.astype(object).where(shown.notna(), None)
                     .to_dict("records"),
                     "summary": {k: int(v) for k, v in counts.items()}})
        return
    t = Table("job title", "positions", "occupation", "confidence", "status", "alternatives")
    style = {"ok": "green", "low_confidence": "yellow", "unmatched": "red"}
    for r in shown.itertuples():
        occ = f"{r.soc_code} {r.occupation}" if isinstance(r.soc_code, str) else "-"
        t.add_row(escape(str(r.job_title)), str(r.positions), escape(occ),
                  f"{r.confidence:.2f}", f"[{style[r.status]}]{r.status}[/]",
                  escape(str(r.alternatives)))
    console.print(t)
    console.print(f"{len(m)} titles: {counts.get('ok', 0)} ok, "
                  f"{counts.get('low_confidence', 0)} low confidence, "
                  f"{counts.get('unmatched', 0)} unmatched" + (f"; wrote {out}" if out else ""),
                  highlight=False)


@tasks_app.command("retag")
def tasks_retag(
        out: Annotated[Path, typer.Option(
            "--out", help="Tag overrides file to write (.csv or .yaml) for "
            "inputs.tag_overrides.")],
        labels: LabelsOpt = None, model: ModelOpt = None,
        library: Annotated[Path | None, typer.Option(
            "--library", help="Library folder (default: the bundled one).")] = None,
        min_confidence: Annotated[float, typer.Option(
            "--min-confidence", help="Keep the library default below this confidence "
            "(0-1).")] = 0.3,
        mapping: ExposureMappingOpt = None, as_json: JsonOpt = False) -> None:
    """Re-tag a library's tasks from O*NET labels (nearest statements) and/or the tagger."""
    from planner.work.library import load_library
    from planner.work.onet import ONET_ATTRIBUTION, read_onet_labels
    from planner.work.tagger import ModelError
    from planner.work.tagger import load as load_model
    from planner.work.tags import (
        best_suggestions,
        evidence_tags,
        tagger_tags,
        to_overrides,
        write_tag_overrides,
    )

    if labels is None and model is None:
        _fail(ValueError("expected --labels FILE, --model DIR or both, found neither"), 2)
    mp = _exposure_mapping(mapping, as_json)
    try:
        lib = load_library(library)
        found = []
        if labels is not None:
            found.append(evidence_tags(lib, read_onet_labels(labels), mp))
        if model is not None:
            found.append(tagger_tags(lib, load_model(model), mp))
    except InputError as exc:
        _fail_input(exc, as_json)
        return
    except ModelError as exc:
        _fail(exc)
        return
    suggestions = best_suggestions(*found)
    ov = to_overrides(suggestions, min_confidence=min_confidence)
    header = (f"Tag overrides from `planner tasks retag` (min confidence {min_confidence:g}). "
              f"{ONET_ATTRIBUTION}")
    write_tag_overrides(ov, out, header=header)
    changed = int((ov["mode"].to_numpy() != lib.tasks.set_index("task_id")
                   .loc[ov["task"], "mode"].to_numpy()).sum()) if len(ov) else 0
    summary = {"tasks": len(lib.tasks), "overridden": len(ov), "mode_changed": changed,
               "kept_default": len(lib.tasks) - len(ov),
               "by_source": {k: int(v) for k, v in ov["source"].value_counts().items()},
               "by_mode": {k: int(v) for k, v in ov["mode"].value_counts().items()},
               "out": str(out)}
    if as_json:
        _print_json(summary)
        return
    console.print(f"wrote {len(ov)} tag overrides of {len(lib.tasks)} tasks to {out} "
                  f"({changed} change mode; {summary['kept_default']} below confidence "
                  f"{min_confidence:g} keep the library default)", highlight=False)
    console.print("use it in a scenario: inputs: {tag_overrides: " + out.name + "}",
                  highlight=False)


@tagger_app.command("train")
def tagger_train(
        labels: LabelsOpt = None,
        out: Annotated[Path, typer.Option("--out", help="Model folder to write.")] = Path(
            "tagger-model"),
        label: Annotated[str, typer.Option(
            "--label", help="Label to learn: human or gpt4.")] = "human",
        c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength.")]
        = 2.0) -> None:
    """Train the text tagger on labelled task statements."""
    from planner.work.onet import LabelSource
    from planner.work.tagger import TaggerConfig, save, train

    if labels is None:
        _fail(ValueError("--labels: expected the labels file, found none. Fix: `planner "
                         "data download onet-labels`"), 2)
    try:
        model = train(labels, TaggerConfig(label=LabelSource(label), c=c))
    except InputError as exc:
        _fail_input(exc, False)
        return
    except ValueError as exc:
        _fail(exc, 2)
        return
    folder = save(model, out)
    console.print(f"trained on {model.info['statements']:,} statements of "
                  f"{model.info['occupations']} occupations in {model.info['train_seconds']:.1f}"
                  f" s; wrote {folder}", highlight=False)


@tagger_app.command("evaluate")
def tagger_evaluate(
        labels: LabelsOpt = None,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the grouped split.")] = 0,
        test_size: Annotated[float, typer.Option(
            "--test-size", help="Share of occupations held out.")] = 0.2,
        as_json: JsonOpt = False) -> None:
    """Hold out whole occupations, train, and score the tagger and GPT-4 against the human
    labels on the same held-out tasks."""
    from planner.work.tagger import evaluate

    if labels is None:
        _fail(ValueError("--labels: expected the labels file, found none"), 2)
    try:
        ev = evaluate(labels, test_size=test_size, seed=seed)
    except InputError as exc:
        _fail_input(exc, as_json)
        return
    if as_json:
        _print_json(ev.to_dict())
        return
    t = Table("against the human labels", "accuracy", "macro-F1", "F1 E0", "F1 E1", "F1 E2",
              title=f"{ev.test_statements:,} held-out statements of {ev.test_occupations} "
                    f"occupations (seed {ev.seed})")
    t.add_row("tagger", f"{ev.accuracy:.3f}", f"{ev.macro_f1:.3f}",
              *[f"{ev.f1_by_label[c]:.3f}" for c in ("E0", "E1", "E2")])
    t.add_row("GPT-4 (gpt4_exposure)", f"{ev.gpt4_accuracy:.3f}", f"{ev.gpt4_macro_f1:.3f}",
              *[f"{ev.gpt4_f1_by_label[c]:.3f}" for c in ("E0", "E1", "E2")])
    t.add_row("majority label", f"{ev.majority_accuracy:.3f}", "", "", "", "")
    console.print(t)
    console.print(f"trained on {ev.train_statements:,} statements in {ev.train_seconds:.1f} s",
                  highlight=False)


@app.command()
def tag(tasks_file: Annotated[Path, typer.Argument(
            help="CSV of task statements (a statement column; task_id optional).")],
        model: ModelOpt = None,
        out: Annotated[Path | None, typer.Option("--out", help="CSV to write.")] = None,
        mapping: ExposureMappingOpt = None, as_json: JsonOpt = False) -> None:
    """Tag your own task statements with the trained tagger: label, probability, tag and the
    three most similar labelled statements."""
    import pandas as pd

    from planner.work.tagger import ModelError
    from planner.work.tagger import load as load_model

    if model is None:
        _fail(ValueError("--model: expected a model folder from `planner tagger train`, "
                         "found none"), 2)
    mp = _exposure_mapping(mapping, as_json)
    try:
        frame = pd.read_csv(tasks_file, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        _fail(ValueError(f"{tasks_file}: expected a readable CSV: {exc}"))
        return
    col = next((c for c in ("statement", "task", "Task") if c in frame.columns), None)
    if col is None:
        _fail_input(InputError(Problem(
            "bad_tasks", Severity.ERROR, f"expected a statement column, found "
            f"{', '.join(frame.columns)}", "name the column of task statements 'statement'",
            file=tasks_file.name)), as_json)
        return
    try:
        tagger = load_model(model)
    except ModelError as exc:
        _fail(exc)
        return
    tagged = tagger.tag(frame[col], mp)
    if "task_id" in frame.columns:
        tagged.insert(0, "task_id", frame["task_id"].to_numpy())
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        tagged.to_csv(out, index=False)
    if as_json:
        _print_json({"tasks": tagged.to_dict("records")})
        return
    t = Table("statement", "label", "p", "mode", "share", "most similar labelled statement")
    for r in tagged.head(50).itertuples():
        t.add_row(escape(str(r.statement)[:70]), r.label, f"{r.probability:.2f}", r.mode,
                  f"{r.automatable_share:.2f}", escape(str(r.similar_1)[:90]))
    console.print(t)
    console.print(f"{len(tagged)} statements tagged" + (f"; wrote {out}" if out else ""),
                  highlight=False)


@data_app.command("download")
def data_download(
        name: Annotated[str, typer.Argument(help="Dataset: onet-labels.")],
        url: Annotated[str | None, typer.Option("--url", help="Mirror URL.")] = None,
        dest: Annotated[Path, typer.Option("--dest", help="Folder to store it in.")] = Path(
            "."),
        force: Annotated[bool, typer.Option(
            "--force", help="Download even if a verified copy is there.")] = False) -> None:
    """Fetch a public dataset, verify its checksum and store it."""
    from planner.work.download import DATASETS, DownloadError, download

    try:
        path = download(name, dest, url=url, force=force)
    except DownloadError as exc:
        _fail(exc)
        return
    console.print(f"stored {path} (sha256 verified)", highlight=False)
    console.print(f"licence: {DATASETS[name].licence}", highlight=False)


_guard_json_commands(app)


def main() -> None:
    """Console-script entry point (also `python -m planner` and `python -m planner.cli`)."""
    try:
        app()
    except PlannerError as exc:  # a last resort: commands handle their own errors
        err_console.print(f"[bold red]error[/] {exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
