"""``planner tasks ...``, ``planner tagger ...`` and ``planner tag``: task libraries and tags
from O*NET evidence and the text tagger."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planner.cli import render
from planner.cli.common import (
    ExposureMappingOpt,
    Files,
    JsonOpt,
    LabelsOpt,
    MappingOpt,
    ModelOpt,
    PresetOpt,
    exit_codes,
    fail,
    load,
    print_json,
)

if TYPE_CHECKING:
    from planner.work.onet.tag_mapping import ExposureMapping

tasks_app = typer.Typer(help="Task libraries and tags from O*NET evidence.", no_args_is_help=True)
tagger_app = typer.Typer(help="The text tagger: train and evaluate.", no_args_is_help=True)

LabelsArg = Annotated[Path, typer.Argument(help="full_labelset.tsv of openai/GPTs-are-GPTs.")]


def _exposure_mapping(path: Path | None, as_json: bool) -> ExposureMapping:
    from planner.work.onet.tag_mapping import ExposureMapping, load_tag_mapping

    with exit_codes(as_json=as_json):
        return load_tag_mapping(path) if path else ExposureMapping()


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
    from planner.work.onet.importer import import_onet, write_library
    from planner.work.onet.occupations import read_occupation_list

    mp = _exposure_mapping(mapping, as_json)
    with exit_codes(as_json=as_json):
        codes = read_occupation_list(occupations) if occupations else None
        result = import_onet(labels, mapping=mp, occupations=codes, wages=wages,
                             on_cost_rate=on_cost_rate)
    folder = write_library(result, out)
    meta = result.metadata
    if as_json:
        print_json({"library": str(folder), **meta.to_dict()})
        return
    render.say(f"wrote {meta.occupations} roles and {meta.tasks} tasks to {folder}")
    modes = result.library.tasks["mode"].value_counts().to_dict()
    render.say("tags: " + ", ".join(f"{k} {v}" for k, v in sorted(modes.items())) +
               f" (from the {mp.label.value} label)")
    for note in meta.notes:
        render.say(f"note: {note}")
    render.say(meta.attribution, style="dim")


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
    from planner.work.onet.exposure import read_onet_labels
    from planner.work.onet.occupations import (
        load_occupation_overrides,
        match_occupations,
        occupation_library,
    )

    if labels is None:
        fail("--labels: expected the labels file (full_labelset.tsv), found none. Fix: "
             "`planner data download onet-labels`", 2)
    o = load(files, preset=preset, mapping=mapping, as_json=as_json)
    with exit_codes(as_json=as_json):
        lib = occupation_library(read_onet_labels(labels))
        ov = load_occupation_overrides(overrides, lib) if overrides else None
    m = match_occupations(o.roster["job_title"], lib, ov)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        m.to_csv(out, index=False)
    counts = {k: int(v) for k, v in m["status"].value_counts().items()}
    shown = m[m["status"] != "ok"] if only_problems else m
    if as_json:
        print_json({"titles": shown.astype(object).where(shown.notna(), None)
                    .to_dict("records"), "summary": counts})
    else:
        render.print_matches(shown, counts, what="occupation", occupations=True, wrote=out)


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
    from planner.work.onet.exposure import read_onet_labels
    from planner.work.onet.importer import ONET_ATTRIBUTION
    from planner.work.tagger import load as load_model
    from planner.work.tags import (
        best_suggestions,
        evidence_tags,
        retag_summary,
        tagger_tags,
        to_overrides,
        write_tag_overrides,
    )

    if labels is None and model is None:
        fail("expected --labels FILE, --model DIR or both, found neither", 2)
    mp = _exposure_mapping(mapping, as_json)
    with exit_codes(as_json=as_json):
        lib = load_library(library)
        found = []
        if labels is not None:
            found.append(evidence_tags(lib, read_onet_labels(labels), mp))
        if model is not None:
            found.append(tagger_tags(lib, load_model(model), mp))
    ov = to_overrides(best_suggestions(*found), min_confidence=min_confidence)
    write_tag_overrides(ov, out, header=(
        f"Tag overrides from `planner tasks retag` (min confidence {min_confidence:g}). "
        f"{ONET_ATTRIBUTION}"))
    summary = {**retag_summary(lib, ov), "out": str(out)}
    if as_json:
        print_json(summary)
        return
    render.say(f"wrote {len(ov)} tag overrides of {len(lib.tasks)} tasks to {out} "
               f"({summary['mode_changed']} change mode; {summary['kept_default']} below "
               f"confidence {min_confidence:g} keep the library default)")
    render.say("use it in a scenario: inputs: {tag_overrides: " + out.name + "}")


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
    from planner.work.onet.exposure import LabelSource
    from planner.work.tagger import TaggerConfig, save, train

    if labels is None:
        fail("--labels: expected the labels file, found none. Fix: `planner data download "
             "onet-labels`", 2)
    with exit_codes(usage=(ValueError,)):
        model = train(labels, TaggerConfig(label=LabelSource(label), c=c))
    folder = save(model, out)
    render.say(f"trained on {model.info['statements']:,} statements of "
               f"{model.info['occupations']} occupations in {model.info['train_seconds']:.1f}"
               f" s; wrote {folder}")


@tagger_app.command("evaluate")
def tagger_evaluate(
        labels: LabelsOpt = None,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the grouped split.")] = 0,
        splits: Annotated[int | None, typer.Option(
            "--splits", help="Evaluate on the splits of seeds 1..N and give their mean and "
                             "spread (instead of the one split of --seed).")] = None,
        test_size: Annotated[float, typer.Option(
            "--test-size", help="Share of occupations held out.")] = 0.2,
        as_json: JsonOpt = False) -> None:
    """Hold out whole occupations, train, and score the tagger and GPT-4 against the human
    labels on the same held-out tasks (one split, or the mean and spread of --splits N)."""
    from planner.work.tagger import evaluate, evaluate_splits

    if labels is None:
        fail("--labels: expected the labels file, found none", 2)
    with exit_codes(as_json=as_json):
        ev = (evaluate(labels, test_size=test_size, seed=seed) if splits is None
              else evaluate_splits(labels, splits=splits, test_size=test_size))
    if as_json:
        print_json(ev.to_dict())
    elif splits is None:
        render.print_evaluation(ev)
    else:
        render.print_split_evaluation(ev)


def tag(tasks_file: Annotated[Path, typer.Argument(
            help="CSV of task statements (a statement column; task_id optional).")],
        model: ModelOpt = None,
        out: Annotated[Path | None, typer.Option("--out", help="CSV to write.")] = None,
        mapping: ExposureMappingOpt = None, as_json: JsonOpt = False) -> None:
    """Tag your own task statements with the trained tagger: label, probability, tag and the
    three most similar labelled statements."""
    from planner.work.tagger import load as load_model
    from planner.work.tagger import read_statements

    if model is None:
        fail("--model: expected a model folder from `planner tagger train`, found none", 2)
    mp = _exposure_mapping(mapping, as_json)
    with exit_codes(as_json=as_json):
        frame, column = read_statements(tasks_file)
        tagger = load_model(model)
    tagged = tagger.tag(frame[column], mp)
    if "task_id" in frame.columns:
        tagged.insert(0, "task_id", frame["task_id"].to_numpy())
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        tagged.to_csv(out, index=False)
    if as_json:
        print_json({"tasks": tagged.to_dict("records")})
    else:
        render.print_tagged(tagged, out)
