"""``planner validate``, ``org``, ``roles``, ``synth`` and ``demo``: the roster stage."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from planner.cli import render
from planner.cli.common import (
    Files,
    ImputeOpt,
    JsonOpt,
    MappingOpt,
    OnCostOpt,
    OverridesOpt,
    PresetOpt,
    TeamByOpt,
    exit_codes,
    load,
    print_json,
)
from planner.roster.flags import DEEP_LAYER, NARROW_SPAN, WIDE_SPAN

if TYPE_CHECKING:
    from planner.roster.org import Org


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


def validate(files: Files, preset: PresetOpt = None, mapping: MappingOpt = None,
             strict: Annotated[bool, typer.Option(
                 "--strict", help="Treat warnings as errors.")] = False,
             as_json: JsonOpt = False, team_by: TeamByOpt = "manager",
             on_cost_rate: OnCostOpt = None, impute_cost: ImputeOpt = None,
             overrides: OverridesOpt = None,
             show: Annotated[int, typer.Option(help="Problems to list per severity.")] = 50,
             ) -> None:
    """Check roster files and report every problem at once (exit 1 when invalid)."""
    org = load(files, preset=preset, mapping=mapping, team_by=team_by,
               on_cost_rate=on_cost_rate, impute_cost=impute_cost, overrides=overrides,
               as_json=as_json)
    rep = org.report
    valid = rep.is_valid(strict)
    if as_json:
        print_json({"valid": valid, "strict": strict,
                    "errors": [render.problem_json(p) for p in rep.errors],
                    "warnings": [render.problem_json(p) for p in rep.warnings],
                    "info": [render.problem_json(p) for p in rep.infos],
                    "files": [{"file": f.file, "preset": f.preset, "encoding": f.encoding,
                               "delimiter": f.delimiter, "records": f.records,
                               "columns": f.columns, "unused_columns": list(f.unused_columns)}
                              for f in org.files],
                    "summary": validation_summary(org)})
    else:
        render.print_validation(org, valid, validation_summary(org), show)
    raise typer.Exit(0 if valid else 1)


def org(files: Files, preset: PresetOpt = None, mapping: MappingOpt = None,
        as_json: JsonOpt = False, team_by: TeamByOpt = "manager",
        on_cost_rate: OnCostOpt = None,
        wide: Annotated[int, typer.Option(help="Flag spans above this.")] = WIDE_SPAN,
        narrow: Annotated[int, typer.Option(help="Flag spans below this.")] = NARROW_SPAN,
        deep: Annotated[int, typer.Option(help="Flag positions below this layer.")] = DEEP_LAYER,
        ) -> None:
    """Spans and layers, roll-ups and org-design flags."""
    o = load(files, preset=preset, mapping=mapping, team_by=team_by,
             on_cost_rate=on_cost_rate, as_json=as_json)
    rep = org_report(o, wide=wide, narrow=narrow, deep=deep)
    if as_json:
        print_json(rep)
    else:
        render.print_org(o, rep)


def roles(files: Files, preset: PresetOpt = None, mapping: MappingOpt = None,
          as_json: JsonOpt = False, overrides: OverridesOpt = None,
          only_problems: Annotated[bool, typer.Option(
              "--problems", help="List only titles with positions that have no confident role, "
                                 "most such FTE first.")] = False,
          ) -> None:
    """Each distinct job title, the library role it matched and the confidence."""
    o = load(files, preset=preset, mapping=mapping, overrides=overrides, as_json=as_json)
    from planner.work.titles import title_coverage

    coverage = title_coverage(o.roster, o.matches)
    counts = {k: int(v) for k, v in o.matches["status"].value_counts().items()}
    m = o.matches
    if only_problems:
        m = (m[m["fte_no_confident_role"] > 0]
             .sort_values("fte_no_confident_role", ascending=False, kind="stable"))
    if as_json:
        print_json({"titles": [
            {"job_title": r.job_title, "positions": int(r.positions), "fte": float(r.fte),
             "role_id": r.role_id, "role_name": r.role_name, "confidence": float(r.confidence),
             "method": r.method, "status": r.status, "reason": r.reason,
             "share_ok": float(r.share_ok), "suggestions": r.suggestions,
             "alternatives": r.alternatives}
            for r in m.itertuples()], "summary": counts, "coverage": coverage.to_dict()})
    else:
        render.print_matches(m, counts, what="role", coverage=coverage,
                             names=o.library.role_names())


def synth(positions: Annotated[int, typer.Option("--positions", help="Number of positions.")],
          out: Annotated[Path, typer.Option("--out", help="CSV (or .xlsx) file to write.")],
          seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0) -> None:
    """Generate a synthetic org (seeded; 10 to 10,000,000 positions)."""
    from planner.roster.synth import synthesise, write_roster

    with exit_codes(usage=(ValueError,)):
        frame = synthesise(positions, seed)
    write_roster(frame, out)
    render.say(f"wrote {len(frame):,} positions to {out}")


def demo() -> None:
    """Load the bundled sample org and print its summary."""
    from planner.work.library import data_dir

    o = load([data_dir() / "sample_org.csv"])
    render.print_demo(o, org_report(o))
