"""What the command line prints: problems, summaries, plans and tables, in a planner's words.

Every text that comes from the user or from an error (a file name, a title, an exception)
is escaped before it reaches rich, so a ``[`` in it is shown as typed, not read as markup.
Only light modules at import (the commands import pandas and the rest when they run).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from planner.errors import Problem
from planner.io.plan_folder import SUMMARY_FILE, PlanTable
from planner.labels import backfill_clause, count_of, people_fte

if TYPE_CHECKING:
    import pandas as pd

    from planner.plan.check import CheckReport
    from planner.plan.compare import Comparison
    from planner.plan.frontier import Frontier
    from planner.plan.tables import Plan
    from planner.roster.org import Org
    from planner.work.adjacency import Neighbour
    from planner.work.tagger import Evaluation, SplitEvaluation
    from planner.work.titles import TitleCoverage

console = Console()
err_console = Console(stderr=True)

SETTING_FLAGS = {"preset": "--preset NAME", "mapping": "--mapping FILE",
                 "on_cost_rate": "--on-cost-rate RATE", "impute_cost": "--impute-cost grade|role",
                 "title_overrides": "--overrides FILE"}
"""How the CLI sets each setting a problem names (:data:`planner.errors.SETTINGS`)."""

STATUS_STYLE = {"ok": "green", "low_confidence": "yellow", "unmatched": "red"}
"""The colour of a title match's status."""


def how_to_set(setting: str) -> str:
    """How the CLI sets a setting: its flag, or the scenario key."""
    return f"set it with {SETTING_FLAGS[setting]}, or inputs.{setting} in a scenario"


def fix(p: Problem) -> str:
    """A problem's hint, and how to set the setting it names on the command line."""
    from planner.errors import fix_text

    return fix_text(p, how_to_set)


def error(text: str) -> None:
    """Print an error on standard error: ``text`` is shown as typed (escaped), never read
    as markup."""
    err_console.print(f"[bold red]error[/] {escape(text)}", highlight=False)


def say(text: str, style: str | None = None) -> None:
    """Print plain text (a file name, a count) on standard output as typed."""
    console.print(escape(text), highlight=False, style=style)


def problem_line(p: Problem) -> str:
    """A problem as one line of text."""
    return f"{p.where()}: [{p.code}] {p.message}"


def problem_json(p: Problem) -> dict[str, Any]:
    """A problem as ``--json`` gives it."""
    return {"file": p.file, "row": p.row, "column": p.column, "code": p.code,
            "message": p.message, "hint": p.hint, "value": p.value, "setting": p.setting}


def print_errors(problems: tuple[Problem, ...]) -> None:
    """The problems that stopped a command, each with its fix, on standard error."""
    for p in problems:
        error(problem_line(p))
        if p.hint:
            err_console.print(f"  fix: {escape(fix(p))}", highlight=False)


def print_validation(org: Org, valid: bool, summary: dict[str, Any], show: int) -> None:
    """``planner validate``: the files read, each problem (a hint once per code and hint,
    with how many problems it fixes) and the roster in one sentence."""
    rep = org.report
    for f in org.files:
        console.print(f"[bold]{escape(f.file)}[/]: {f.records} records, layout {f.preset}, "
                      f"{f.encoding}", highlight=False)
    for label, items, style in (("error", rep.errors, "red"),
                                ("warning", rep.warnings, "yellow"),
                                ("info", rep.infos, "cyan")):
        # --json keeps every problem with its hint.
        alike = Counter((p.code, fix(p)) for p in items if p.hint)
        told: set[tuple[str, str]] = set()
        for p in items[:show]:
            console.print(f"[{style}]{label}[/] {escape(problem_line(p))}", highlight=False)
            key = (p.code, fix(p))
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

    s = summary
    cur = roster_currency(org.roster)
    console.print(
        f"\n{'[green]valid[/]' if valid else '[red]not valid[/]'}: "
        f"{count_of(len(rep.errors), 'error')}, {count_of(len(rep.warnings), 'warning')}; "
        f"{s['positions']} positions "
        f"({org.graph.summary().people_text()}, {s['pools']} pools), "
        f"{s['fte']:,.1f} FTE, cost {format_money(s['annual_cost'], cur)} a year, "
        f"{s['layers']} layers",
        highlight=False)


def print_org(o: Org, rep: dict[str, Any]) -> None:
    """``planner org``: the roster's shape, its layers, flags and largest teams."""
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
        tt.add_row(escape(str(r.team)), escape(str(getattr(r, "lead_title", ""))),
                   f"{r.positions:,}", f"{r.fte:,.1f}", f"{r.annual_cost:,.0f}")
    console.print(tt)


def print_demo(o: Org, rep: dict[str, Any]) -> None:
    """``planner demo``: the bundled sample org's summary (``rep``: its ``org`` report)."""
    console.rule("[bold]planner demo: the bundled sample org (fictional)")
    print_org(o, rep)
    m = o.matches["status"].value_counts().to_dict()
    console.print(f"job titles matched to {o.roster['role_id'].nunique()} library roles: "
                  f"{m.get('ok', 0)} titles ok, {m.get('low_confidence', 0)} low confidence, "
                  f"{m.get('unmatched', 0)} unmatched", highlight=False)
    console.print(f"validation: {count_of(len(o.report.errors), 'error')}, "
                  f"{count_of(len(o.report.warnings), 'warning')}", highlight=False)


def print_matches(shown: pd.DataFrame, counts: dict[str, int], *, what: str,
                  occupations: bool = False, coverage: TitleCoverage | None = None,
                  wrote: Path | None = None, names: dict[str, str] | None = None) -> None:
    """``planner roles`` and ``planner tasks match-occupations``: each title, what it
    matched (a library role, or an O*NET occupation) and the counts."""
    t = Table("job title", "positions", what, "confidence", "status",
              "alternatives" if occupations else "why")
    for r in shown.itertuples():
        if occupations:
            matched = f"{r.soc_code} {r.occupation}" if isinstance(r.soc_code, str) else "-"
            why = str(r.alternatives)
        else:
            matched = r.role_name if isinstance(r.role_name, str) else "-"
            why = str(r.reason)
            others = [s.partition(": ")[0] for s in str(r.suggestions or "").split(" | ") if s]
            others = [(names or {}).get(o, o) for o in others if o != r.role_id]
            if r.status != "ok" and others:
                why += "; perhaps " + " or ".join(others)
        t.add_row(escape(str(r.job_title)), str(r.positions), escape(matched),
                  f"{r.confidence:.2f}", f"[{STATUS_STYLE[r.status]}]{r.status}[/]",
                  escape(why))
    console.print(t)
    say(f"{sum(counts.values())} titles: {counts.get('ok', 0)} ok, "
        f"{counts.get('low_confidence', 0)} low confidence, "
        f"{counts.get('unmatched', 0)} unmatched" + (f"; wrote {wrote}" if wrote else ""))
    if coverage is not None and coverage.statement():
        say(coverage.statement())
        console.print("fix: list titles and their roles in a CSV (job_title,role_id); "
                      f"{how_to_set('title_overrides')}", highlight=False, style="dim")


def print_adjacency(role: str, nearest: list[tuple[str, Neighbour]], shown: int = 2) -> None:
    """``planner adjacency``: a role's nearest roles (by name) with their similarity, the
    tasks of each that the role already does and the ones it would learn (the first
    ``shown``)."""
    t = Table("nearest role", "similarity", "work they share", "work to learn",
              title=f"Nearest to {escape(role)}")

    def tasks(items: tuple[str, ...]) -> str:
        more = f" (+{len(items) - shown} more)" if len(items) > shown else ""
        return escape("; ".join(items[:shown]) + more) if items else "-"

    for name, n in nearest:
        t.add_row(escape(name), f"{n.similarity:.0%}", tasks(n.shared_tasks),
                  tasks(n.missing_tasks))
    console.print(t)


def print_caveats(summary: dict[str, Any]) -> None:
    """What the plan skipped of its roster (``inputs.skip_error_rows``), when anything, and
    its other caveats (positions with no cost or no role), each with how to set the setting
    that addresses it."""
    from planner.errors import note_text, plan_notes

    statement = (summary.get("skipped_rows") or {}).get("statement")
    if statement:
        console.print(f"[yellow]planned without part of the roster[/]: {escape(statement)}",
                      highlight=False)
    for note in plan_notes(summary):
        console.print(f"[yellow]note[/]: {escape(note_text(note, how_to_set))}",
                      highlight=False)


def objective_text(s: dict[str, Any], cur: str | None) -> str:
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


def _bullets(lines: list[str], limit: int, more: str) -> None:
    for line in lines[:limit]:
        console.print(f"  - {escape(line)}", highlight=False)
    if len(lines) > limit:
        console.print(f"  ({len(lines) - limit} more {more})", highlight=False)


def print_coverage(summary: dict[str, Any]) -> None:
    """How much of the plan's FTE has no confident role, and the teams most affected
    (:func:`planner.plan.coverage.plan_coverage`), when any; nothing for a plan without
    roles (pool scenarios) or written before coverage was stated."""
    from planner.plan.coverage import plan_coverage

    coverage = plan_coverage(summary)
    if coverage is not None and coverage.statement():
        say(coverage.statement(), style="yellow")


def print_plan(plan: Plan, out: Path | None, labels: Any = None) -> None:
    """``planner run``: how much of the workforce has a confident role (first), then the
    answer in words (or why there is none), the people and AI figures, the teams that
    change most and the levers that bind."""
    s = plan.summary
    console.rule(f"[bold]{escape(str(s['scenario']))}")
    if plan.has_plan:
        print_coverage(s)
    else:
        # The answer in words first; the pool-level and solver detail after it.
        console.print(f"[red]{s['status']}[/]: no plan.", highlight=False)
        print_caveats(s)
        first, *rest = s.get("conflicts") or list(plan.explanations) or [""]
        say(first)
        _bullets(rest, len(rest), "")
        print_coverage(s)
        detail = s.get("conflict_detail") or []
        if detail:
            console.print("detail for experts:", highlight=False)
        _bullets(detail, 15, "lines in `planner run --json`")
        return
    from planner.labels import format_money

    cur = s.get("currency")
    console.print(
        f"[green]{s['status']}[/] ({s['backend']}, {s['solve_seconds']:.2f} s): "
        f"{escape(objective_text(s, cur))}; FTE {s['fte_before']:,.1f} -> "
        f"{s['fte_after']:,.1f}; run-rate "
        f"{format_money(s['run_rate_cost_before'], cur)} -> "
        f"{format_money(s['run_rate_cost_after'], cur)} a year", highlight=False)
    print_caveats(s)
    one = s["one_off_cost"]
    console.print(
        f"people: {s['attrition']:,.1f} FTE attrition expected{backfill_clause(s)}; "
        f"{people_fte(s, 'moves_out')} moved out (redeployed or reskilling), "
        f"{people_fte(s, 'hires')} hired, {people_fte(s, 'redundancies')} redundancies; "
        f"AI {s['ai_hours']:,.0f} executed and {s['assisted_hours']:,.0f} assisted hours; "
        f"one-off {format_money(sum(one.values()), cur)}", highlight=False)
    from planner.plan.tables import vacancy_line

    vacancies = vacancy_line(s)
    if vacancies:
        console.print(escape(vacancies), highlight=False)
    print_structure(s)
    from planner.plan.compliance import compliance_lines

    law = compliance_lines(s)
    if law:
        console.print(f"dates and the law ({PlanTable.COMPLIANCE.file}; not legal advice):",
                      highlight=False)
        _bullets(law, len(law), "")
    from planner.optimise.explain import lever_lines, team_sentences

    stories = team_sentences(plan.tables, limit=5, labels=labels)
    if stories:
        console.print("what changes most, and why:", highlight=False)
        _bullets(stories, len(stories), "")
    levers, notes = lever_lines(list(plan.explanations), plan.tables.get("constraints"),
                                s.get("objective_kind"))
    for heading, lines in (("levers that bind, and what relaxing them is worth:", levers),
                           ("notes:", notes)):
        if lines:
            console.print(heading, highlight=False)
        _bullets(lines, 12, f"in the plan folder's {SUMMARY_FILE}")
    if out is not None:
        say(f"plan written to {out}/ (check it with `planner check {out}`)")
    stored = plan.summary.get("store")
    if stored:
        say(f"saved in the store as version {stored['version']} of the scenario, run "
            f"{stored['run_id']} (compare it with `planner compare run:{stored['run_id']} ...`)")


def print_structure(summary: dict[str, Any]) -> None:
    """The structure before and after the plan (managers, spans, layers) in a small table,
    how many teams the span lever cannot hold in, the merges and the delayering (the teams
    delayered and those left, with why); nothing for a plan without one (pool scenarios,
    older folders)."""
    if not summary.get("structure"):
        return
    from planner.plan.structure import Structure

    st = Structure.from_dict(summary["structure"])
    t = Table("structure", "before", "after", title=None)
    rows = st.table()
    for r in rows.head(5).itertuples(index=False):
        t.add_row(escape(str(r.measure)), *(f"{v:,.2f}" if isinstance(v, float) else f"{v:,}"
                                            for v in (r.before, r.after)))
    console.print(t)
    barred = sum(1 for x in st.teams if x.span_note)
    if barred:
        say(f"{count_of(barred, 'team')} cannot meet the span of control limits (see the "
            f"notes and structure.teams in {SUMMARY_FILE})")
    merged = st.merges_sentence()
    if merged:
        say(merged)
    for line in st.delayering_sentences():
        say(line)


def print_check(report: CheckReport) -> None:
    """``planner check``: each check with its finding, then the verdict."""
    for f in report.findings:
        mark = "[green]ok[/]  " if f.ok else "[red]FAIL[/]"
        console.print(f"{mark} {escape(f.check)} {escape(f.detail)}", highlight=False)
    console.print(f"{'[green]plan holds[/]' if report.ok else '[red]plan fails[/]'}: "
                  f"{sum(f.ok for f in report.findings)}/{len(report.findings)} checks",
                  highlight=False)


def print_comparison(comp: Comparison) -> None:
    """``planner compare``: the headline figures side by side, then the settings that
    differ."""
    t = Table("measure", *map(escape, comp.runs), title="Plans side by side")
    for r in comp.headline.itertuples(index=False):
        cells = [f"{v:,.2f}" if isinstance(v, float) else escape(str(v)) for v in r[1:]]
        t.add_row(escape(str(r[0])), *cells)
    console.print(t)
    if len(comp.scenario_diff):
        d = Table("setting", *map(escape, comp.runs), title="Scenario differences")
        for r in comp.scenario_diff.itertuples(index=False):
            d.add_row(*[escape(str(v)) for v in r])
        console.print(d)


def print_frames(*titled: tuple[str, pd.DataFrame, tuple[str, ...]]) -> None:
    """Tables of frames (``planner store list``): a title, the frame and its headers."""
    for title, frame, headers in titled:
        t = Table(*headers, title=title)
        for r in frame.itertuples(index=False):
            t.add_row(*[escape(str(x)) for x in r])
        console.print(t)


def sweep_progress(as_json: bool) -> tuple[Any, Any]:
    """The progress bar of ``planner sweep`` on standard error (off under ``--json``), and
    the callback that moves it: ``(progress, on_progress(done, total))``."""
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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

    return progress, on_progress


def print_sweep(results: pd.DataFrame, grid: list[str], out: Path, seconds: float,
                pct: pd.DataFrame, cuts: pd.DataFrame, torn: pd.DataFrame) -> None:
    """``planner sweep``: the statuses, the first failures, P10/P50/P90 per grid point, the
    teams cut and what moves total cost most."""
    from planner.status import has_plan_mask

    statuses = results["status"].value_counts().to_dict()
    console.rule(f"[bold]sweep: {len(results):,} runs in {seconds:,.1f} s")
    skipped = results.attrs.get("skipped_rows", "")
    if skipped:
        print_caveats({"skipped_rows": {"statement": skipped}})
    say("status: " + ", ".join(f"{k} {v:,}" for k, v in statuses.items()))
    failed = results[~has_plan_mask(results["status"])]
    for r in failed.head(5).itertuples():
        say(f"  run {r.run_id}: {r.status}: {r.message}")
    table = Table(title="P10 / P50 / P90 over the runs with a plan")
    for c in [*grid, "figure", "with plan", "p10", "p50", "p90"]:
        table.add_column(escape(c), justify="left" if c in (*grid, "figure") else "right")
    for _, r in pct.iterrows():
        table.add_row(*[escape(str(r[c])) for c in grid], r["figure"], f"{r['with_plan']:,}",
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
            say(f"  {r['input']}: {r['total_cost_at_low']:,.0f} -> "
                f"{r['total_cost_at_high']:,.0f} (swing {r['swing']:+,.0f}, rank "
                f"correlation {r['rank_correlation']:+.2f})")
    say(f"results written to {out}")


def print_evaluation(ev: Evaluation) -> None:
    """``planner tagger evaluate``: the tagger, GPT-4 and the majority label against the
    human labels on the same held-out statements."""
    t = Table("against the human labels", "accuracy", "macro-F1", "F1 E0", "F1 E1", "F1 E2",
              title=f"{ev.test_statements:,} held-out statements of {ev.test_occupations} "
                    f"occupations (seed {ev.seed})")
    t.add_row("tagger", f"{ev.accuracy:.3f}", f"{ev.macro_f1:.3f}",
              *[f"{ev.f1_by_label[c]:.3f}" for c in ("E0", "E1", "E2")])
    t.add_row("GPT-4 (gpt4_exposure)", f"{ev.gpt4_accuracy:.3f}", f"{ev.gpt4_macro_f1:.3f}",
              *[f"{ev.gpt4_f1_by_label[c]:.3f}" for c in ("E0", "E1", "E2")])
    t.add_row("majority label", f"{ev.majority_accuracy:.3f}", "", "", "", "")
    console.print(t)
    say(f"trained on {ev.train_statements:,} statements in {ev.train_seconds:.1f} s")


def print_split_evaluation(ev: SplitEvaluation) -> None:
    """``planner tagger evaluate --splits N``: the tagger and GPT-4 per split, then the mean
    and standard deviation over the splits."""
    t = Table("seed", "occupations held out", "accuracy", "macro-F1", "GPT-4 accuracy",
              "GPT-4 macro-F1",
              title=f"{len(ev.splits)} grouped splits, whole occupations held out")
    for e in ev.splits:
        t.add_row(str(e.seed), str(e.test_occupations), f"{e.accuracy:.3f}", f"{e.macro_f1:.3f}",
                  f"{e.gpt4_accuracy:.3f}", f"{e.gpt4_macro_f1:.3f}")
    m, sd = ev.mean, ev.std
    t.add_row("mean ± sd", "", *[f"{m[k]:.3f} ± {sd[k]:.3f}" for k in
                                 ("accuracy", "macro_f1", "gpt4_accuracy", "gpt4_macro_f1")])
    console.print(t)
    say(f"against the human labels; the majority label scores {m['majority_accuracy']:.3f} "
        "accuracy on average")


def print_tagged(tagged: pd.DataFrame, wrote: Path | None) -> None:
    """``planner tag``: the first 50 statements with their label, tag and nearest labelled
    statement."""
    t = Table("statement", "label", "p", "mode", "share", "most similar labelled statement")
    for r in tagged.head(50).itertuples():
        t.add_row(escape(str(r.statement)[:70]), r.label, f"{r.probability:.2f}", r.mode,
                  f"{r.automatable_share:.2f}", escape(str(r.similar_1)[:90]))
    console.print(t)
    say(f"{len(tagged)} statements tagged" + (f"; wrote {wrote}" if wrote else ""))


def print_frontier(f: Frontier, low: float, high: float) -> None:
    """``planner frontier``: one row per point, in the plan's currency; for the redundancy
    cap under a money objective, what each FTE of redundancies more allowed saves between
    neighbouring points with a plan; then why each point without a plan has none."""
    from planner.labels import format_money

    cur = f.currency
    console.rule(f"[bold]frontier of {escape(f.scenario)}")
    # The lever and its range on a line of their own: a rule's title is cut to one line.
    console.print(f"{escape(f.lever)} from {low:g} to {high:g}, {len(f.points)} points in "
                  f"{f.seconds:,.1f} s", highlight=False)
    money = f.objective_kind in ("min_cost", "weighted")
    per_unit = money and f.lever == "levers.max_redundancies"
    heads = [f.lever.rsplit(".", 1)[-1], "status",
             {"min_cost": "cost over the horizon", "weighted": "cost and the price on "
              "redundancies over the horizon"}.get(f.objective_kind, "objective"),
             "saving a year",
             "redundancies", "hires", "FTE after",
             *(["saved per redundancy more allowed"] if per_unit else [])]
    table = Table(caption="redundancies, hires and FTE in FTE; the saving is the run-rate "
                          "cost a year at the start less at the end")
    for c in heads:
        table.add_column(escape(c), justify="left" if c == "status" else "right")
    prev = None
    for p in f.points:
        if not p.has_plan:
            table.add_row(f"{p.value:g}", escape(p.status), *["-"] * (len(heads) - 2))
            continue
        per = "-"
        if per_unit and prev is not None and p.value != prev.value:
            per = format_money((prev.objective - p.objective) / (p.value - prev.value), cur)
        obj = format_money(p.objective, cur) if money else f"{p.objective:,.1f}"
        table.add_row(f"{p.value:g}", escape(p.status), obj,
                      format_money(p.savings, cur, compact=True), f"{p.redundancies:,.1f}",
                      f"{p.hires:,.1f}", f"{p.fte_after:,.1f}", *([per] if per_unit else []))
        prev = p
    console.print(table)
    for p in f.points:
        if p.cheaper_at is not None:
            say(f"at {p.value:g}: the plan at {p.cheaper_at:g} is better and keeps within "
                f"this cap too; the rules applied after the solve (no vacancy kept or "
                f"person moved in beside a redundancy, whole people, the law's dates) led "
                f"this run to a costlier plan")
        if not p.has_plan and p.message:
            say(f"at {p.value:g}: {p.status}: {p.message}")
