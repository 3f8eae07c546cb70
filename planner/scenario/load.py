"""Reading scenarios: the YAML file, and the files a scenario names for its settings.

A scenario file may take a capability ``from_catalogue`` (the bundled
``data/capabilities.yaml`` or ``inputs.capability_catalogue``) and read task tags from tag
overrides files (``inputs.tag_overrides: evidence_tags.csv``, as ``planner tasks retag``
writes them); paths are relative to the scenario file. This module reads those files, puts
what they hold in place of the references, and validates the whole document with
:func:`planner.scenario.model.scenario_from_dict`, which reads nothing.

Every problem is reported at once: a catalogue id that does not exist, a tag overrides file
that cannot be read and a lever out of range come back together in one
:class:`~planner.errors.ScenarioError` (its ``errors``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from planner.errors import ScenarioError
from planner.scenario.model import Scenario, scenario_from_dict
from planner.scenario.translate import scenario_error


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario YAML file (paths inside are relative to it).

    Raises
    ------
    ScenarioError
        At ``(file)`` when the file cannot be read or is not YAML; else every problem of
        its settings and of the files it names, each at its key path.
    """
    p = Path(path)
    return load_scenario_dict(_read_yaml(p) or {}, base_dir=p.parent, source=p.name)


def _read_yaml(p: Path) -> Any:
    """A scenario file's YAML document, or a ScenarioError at ``(file)`` that says why not."""
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError("(file)", f"expected a readable file at {str(p)!r}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError("(file)", f"expected valid YAML{where}: "
                            f"{getattr(exc, 'problem', exc)}") from exc


def tag_override_sources(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Task -> ``source``, ``confidence`` and ``explanation`` of the tag overrides files a
    scenario file names (``inputs.tag_overrides: evidence_tags.csv``, relative to it; later
    files win): what the scenario's expanded overrides no longer say.

    Raises
    ------
    ScenarioError
        At ``(file)`` when the scenario file cannot be read or is not YAML.
    InputError
        When a tag overrides file it names cannot be read.
    """
    from planner.work.tags import read_tag_overrides

    p = Path(path)
    doc = _read_yaml(p) or {}
    inputs = doc.get("inputs") if isinstance(doc, dict) else None
    refs = inputs.get("tag_overrides") if isinstance(inputs, dict) else None
    refs = [refs] if isinstance(refs, str) else refs if isinstance(refs, list) else []
    out: dict[str, dict[str, Any]] = {}
    for ref in refs:
        file = p.parent / ref if isinstance(ref, str) else None
        if file is not None and file.exists():
            for r in read_tag_overrides(file).itertuples(index=False):
                out[str(r.task)] = {"source": r.source, "confidence": float(r.confidence),
                                    "explanation": str(r.explanation)}
    return out


def load_scenario_dict(doc: dict[str, Any], *, base_dir: str | os.PathLike[str] = ".",
                       source: str = "scenario") -> Scenario:
    """Validate a scenario given as a dict, reading the files it names (relative to
    ``base_dir``): capabilities ``from_catalogue`` and tag overrides files.

    Raises
    ------
    ScenarioError
        For the first failing key, with its path; ``errors`` holds every failure, those
        of the files it names and those of its settings together.
    """
    if not isinstance(doc, dict) or "base_dir" in doc:
        return scenario_from_dict(doc, base_dir=base_dir, source=source)
    errors: list[tuple[str, str]] = []
    doc, unread = _expand_catalogue(doc, Path(base_dir), errors)
    doc, origin = _expand_tag_overrides(doc, Path(base_dir), errors)
    try:
        scenario = scenario_from_dict(doc, base_dir=base_dir, source=source)
    except ScenarioError as exc:
        errors += [(origin(path), message) for path, message in exc.errors if not unread(path)]
    if errors:
        raise scenario_error(errors)
    return scenario


def _expand_catalogue(doc: dict[str, Any], base_dir: Path, errors: list[tuple[str, str]]
                      ) -> tuple[dict[str, Any], Callable[[str], bool]]:
    """``doc`` with each ``{from_catalogue: ID, ...}`` capability replaced by the
    catalogue's entry with the given keys on top, and a test of the key paths that belong to
    an entry whose catalogue entry could not be had (what the scenario does not give itself
    there is unknown, so what validation says of it is not the planner's problem)."""
    caps = doc.get("capabilities")
    refs = [i for i, c in enumerate(caps) if isinstance(c, dict) and "from_catalogue" in c
            ] if isinstance(caps, list) else []
    if not refs:
        return doc, lambda path: False
    inputs = doc.get("inputs") or {}
    path = inputs.get("capability_catalogue") if isinstance(inputs, dict) else None
    by_id: dict[Any, Any] | None = None
    if path is None or isinstance(path, str):  # another type is the model's to report
        from planner.work.library import data_dir

        file = (Path(path) if Path(path).is_absolute() else base_dir / path) if path else (
            data_dir() / "capabilities.yaml")
        try:
            catalogue = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as exc:
            catalogue = exc
        if isinstance(catalogue, list):
            by_id = {c.get("id"): c for c in catalogue if isinstance(c, dict)}
        else:
            found = catalogue if isinstance(catalogue, Exception) else (
                f"found {type(catalogue).__name__}")
            errors.append(("inputs.capability_catalogue", f"expected a readable YAML list of "
                           f"capabilities at {str(file)!r}: {found}"))
    out = list(caps)
    given: dict[str, set[str]] = {}
    for i in refs:
        c = caps[i]
        own = {k: v for k, v in c.items() if k != "from_catalogue"}
        ref = c["from_catalogue"]
        if by_id is not None and ref in by_id:
            out[i] = {**by_id[ref], **own}
            continue
        if by_id is not None:
            errors.append((f"capabilities.{i}.from_catalogue", f"expected an id of the "
                           f"catalogue ({', '.join(map(str, by_id))}), found {ref!r}"))
        out[i] = own
        given[f"capabilities.{i}"] = set(own)

    def unread(key: str) -> bool:
        parts = key.split(".")
        own_keys = given.get(".".join(parts[:2]))
        return own_keys is not None and (len(parts) < 3 or parts[2] not in own_keys)

    return {**doc, "capabilities": out}, unread


def _expand_tag_overrides(doc: dict[str, Any], base_dir: Path, errors: list[tuple[str, str]]
                          ) -> tuple[dict[str, Any], Callable[[str], str]]:
    """``doc`` with the file names in ``inputs.tag_overrides`` (a file, or files among
    entries) replaced by the overrides they hold (later entries win), and a map from a key
    path of the expanded list back to the entry the scenario wrote
    (``inputs.tag_overrides.7.mode`` -> ``inputs.tag_overrides.1.mode``)."""
    inputs = doc.get("inputs")
    entries = inputs.get("tag_overrides") if isinstance(inputs, dict) else None
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list) or not any(isinstance(e, str) for e in entries):
        return doc, lambda path: path
    from planner.errors import InputError
    from planner.work.tags import read_tag_overrides, scenario_overrides

    out: list[Any] = []
    written: list[int] = []  # the scenario's entry of each expanded one
    for i, e in enumerate(entries):
        if not isinstance(e, str):
            out.append(e)
            written.append(i)
            continue
        file = Path(e) if Path(e).is_absolute() else base_dir / e
        try:
            read = scenario_overrides(read_tag_overrides(file))
        except InputError as exc:
            first = exc.problems[0]
            errors.append((f"inputs.tag_overrides.{i}", f"expected a readable tag overrides "
                           f"file at {str(file)!r}: {first.where()}: {first.message}"))
            continue
        out.extend(read)
        written.extend([i] * len(read))
    prefix = "inputs.tag_overrides."

    def origin(path: str) -> str:
        index, _, rest = path.removeprefix(prefix).partition(".")
        if not path.startswith(prefix) or not index.isdigit() or int(index) >= len(written):
            return path
        return f"{prefix}{written[int(index)]}" + (f".{rest}" if rest else "")

    return {**doc, "inputs": {**inputs, "tag_overrides": out}}, origin
