"""Key paths: naming one setting of a scenario (``levers.span.max``,
``capabilities.document_ai.cost_per_hour``) to read it, set it or parse it from
``PATH=VALUE``.

The one implementation every face and the core use: ``planner run --set`` and ``planner
sweep --set`` parse with :func:`parse_assignment`, the sweep and the optimiser's relaxations
set with :func:`with_values`, and the sweep expansion and the optimiser's name checks read
with :func:`value_at`. :func:`with_tag_overrides` puts task tags into a scenario document
(the tag overrides list, whose items a key path names by task).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, get_args, get_origin

import yaml
from pydantic import BaseModel

from planner.errors import ScenarioError
from planner.scenario.model import Scenario, scenario_from_dict, scenario_to_dict

ID_KEYS = {"capabilities": "id", "pools": "role", "tag_overrides": "task"}
"""Lists whose items a key path can name by id: ``capabilities.document_ai.cost_per_hour``,
``pools.skilled.initial``, ``inputs.tag_overrides.T0017.automatable_share``."""


def with_values(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """A copy of a scenario with values set by key path, validated again.

    A list item is named by its index (``capabilities.0.cost_per_hour``) or by its id
    (``capabilities.document_ai.cost_per_hour``; pools by ``role``, tag overrides by
    ``task``). A tag override named by a task it does not hold yet is added.

    Raises
    ------
    ScenarioError
        When a path does not exist (with the valid names and the closest one) or a value is
        not valid there.
    """
    doc = scenario_to_dict(scenario)
    for path, value in values.items():
        node: Any = doc
        keys = path.split(".")
        for depth, key in enumerate(keys[:-1]):
            nxt = _step(node, key, path, keys[:depth])
            if nxt is None:
                nxt = {}
                node[key] = nxt
            node = nxt
        last = keys[-1]
        if isinstance(node, list):
            node[_item(node, last, path, keys[:-1])] = value
        elif isinstance(node, dict):
            node[last] = value
        else:
            raise ScenarioError(path, f"expected a mapping or a list at "
                                f"{'.'.join(keys[:-1])} to set {last!r} in, found "
                                f"{type(node).__name__} {node!r}")
    return scenario_from_dict(doc, base_dir=scenario.base_dir)


def _item(node: list[Any], key: str, path: str, parents: list[str]) -> int:
    """Index of the list item a key names: an index, or an item's id."""
    where = ".".join(parents)
    if key.isdigit():
        if int(key) < len(node):
            return int(key)
        raise ScenarioError(path, f"expected an index below {len(node)} at {where}, found "
                            f"{key!r}")
    id_key = ID_KEYS.get(parents[-1] if parents else "")
    if id_key is None:
        raise ScenarioError(path, f"expected an index (0 to {len(node) - 1}) at {where}, "
                            f"found {key!r}")
    ids = [str(x.get(id_key)) for x in node if isinstance(x, dict)]
    if key in ids:
        return ids.index(key)
    if id_key == "task":  # a new tag override
        node.append({"task": key})
        return len(node) - 1
    near = difflib.get_close_matches(key, ids, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    listed = ", ".join(ids) if ids else "none"
    raise ScenarioError(path, f"expected the {id_key} of an item of {where} ({listed}) or "
                        f"an index, found {key!r}{hint}")


def _step(node: Any, key: str, path: str, parents: list[str]) -> Any:
    if isinstance(node, list):
        return node[_item(node, key, path, parents)]
    if isinstance(node, dict):
        if key in node:
            return node[key]
        return None
    raise ScenarioError(path, f"expected a mapping or a list at {'.'.join(parents)}, found "
                        f"{type(node).__name__} {node!r}")


def value_at(scenario: Scenario | Mapping[str, Any], path: str) -> Any:
    """The value at a key path (list items by index or id, as in :func:`with_values`) of a
    scenario or of its document (:func:`~planner.scenario.model.scenario_to_dict`: read
    several paths of one scenario from one document).

    Raises
    ------
    ScenarioError
        When the path does not exist.
    """
    node: Any = scenario_to_dict(scenario) if isinstance(scenario, Scenario) else scenario
    keys = path.split(".")
    for depth, key in enumerate(keys):
        if isinstance(node, dict) and key not in node:
            known = list(node)
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            where = ".".join(keys[:depth]) or "(top)"
            raise ScenarioError(path, f"expected one of {', '.join(known)} at {where}, found "
                                f"unknown key {key!r}{hint}")
        if isinstance(node, list) and not key.isdigit() and ID_KEYS.get(
                keys[depth - 1] if depth else "") == "task":
            ids = [str(x.get("task")) for x in node if isinstance(x, dict)]
            if key not in ids:
                raise ScenarioError(path, f"expected a task with a tag override "
                                    f"({', '.join(ids) or 'none'}), found {key!r}")
        node = _step(node, key, path, keys[:depth])
    return node


def names_at(scenario: Scenario | Mapping[str, Any], path: str) -> list[tuple[str, Any]]:
    """The names a setting holds, each with its own key path: a list's items
    (``levers.protected_teams.0``), a mapping's keys (``levers.team_fte.teams.Sales``), or
    the one value (``levers.reskilling.0.from``).

    Raises
    ------
    ScenarioError
        When the path does not exist.
    """
    value = value_at(scenario, path)
    if isinstance(value, list):
        return [(f"{path}.{i}", v) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return [(f"{path}.{k}", k) for k in value]
    return [(path, value)]


def parse_assignment(item: str, *, many: bool = False) -> tuple[str, Any]:
    """A key path and its value from ``PATH=VALUE`` (``planner run --set``), or its values
    from ``PATH=V1,V2,...`` with ``many`` (``planner sweep --set``).

    Values are YAML: ``10`` is a number, ``true`` a boolean, ``[0.2, 0.4]`` a list, other
    text a string. With ``many`` the values are YAML flow values separated by commas, so
    ``[0.2,0.4],[0.5,1]`` are two adoption curves.

    Raises
    ------
    ScenarioError
        Naming the key path (the whole item when it has no ``=``): no ``=``, nothing before
        it, a value YAML cannot read, or (``many``) no value.
    """
    example = "levers.span.max=8,10,12" if many else "levers.span.max=10"
    if "=" not in item:
        form = "PATH=V1,V2,..." if many else "PATH=VALUE"
        raise ScenarioError(item.strip(), f"expected {form}, e.g. {example}, found {item!r}")
    path, text = (x.strip() for x in item.split("=", 1))
    if not path:
        raise ScenarioError(item, f"expected a key path before '=', e.g. {example}")
    try:
        value = yaml.safe_load(f"[{text}]" if many else text)
    except yaml.YAMLError as exc:
        expected = ("values separated by commas" if many else
                    "a YAML value (a number, true or false, text or a [list])")
        raise ScenarioError(path, f"expected {expected}, found {text!r}") from exc
    if many and not value:
        raise ScenarioError(path, f"expected at least one value after '=', e.g. "
                            f"{path}=8,10,12")
    return path, value


def key_bounds(path: str) -> tuple[float | None, float | None]:
    """The range a numeric key accepts, from the model's own limits (a share: 0 to 1)."""
    import annotated_types as at

    cls: Any = Scenario
    ann: Any = None
    parts = path.split(".")
    i = 0
    while i < len(parts):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return None, None
        field = cls.model_fields.get(parts[i])
        if field is None:
            return None, None
        ann, meta = field.annotation, list(field.metadata)
        i += 1
        # Unwrap Optional and unions; a list or dict consumes the next part (index or id).
        stack, inner = [ann], None
        while stack:
            a = stack.pop()
            if get_origin(a) is Annotated:
                meta += [m for x in get_args(a)[1:] for m in getattr(x, "metadata", [x])]
                stack.append(get_args(a)[0])
            elif get_origin(a) in (list, dict):
                stack.append(get_args(a)[-1])
                if inner is None and i < len(parts):
                    inner = "skip"
            elif get_args(a):
                stack.extend(get_args(a))
            elif isinstance(a, type) and issubclass(a, BaseModel):
                cls = a
        if inner == "skip":
            i += 1
    lo = hi = None
    for m in meta:
        if isinstance(m, at.Ge | at.Gt):
            lo = float(getattr(m, "ge", getattr(m, "gt", 0.0)))
        if isinstance(m, at.Le | at.Lt):
            hi = float(getattr(m, "le", getattr(m, "lt", 0.0)))
    return lo, hi


def with_tag_overrides(doc: Mapping[str, Any], overrides: Iterable[Mapping[str, Any]], *,
                       replace: Iterable[str] = ()) -> dict[str, Any]:
    """A copy of a scenario document with task tags put into its ``inputs.tag_overrides``.

    The document's own overrides stay, less those of the tasks in ``replace``; each of
    ``overrides`` goes on top (later ones win per task and tag, as a scenario applies them).
    The result holds one entry per task, in task order, with only the tags that are set.

    Parameters
    ----------
    doc : mapping
        A scenario document whose overrides are entries, not file names
        (:func:`~planner.scenario.model.scenario_document`).
    overrides : iterable of mappings
        ``{"task": "T0017", "automatable_share": 0.4, ...}``; a tag that is None is not set.
    replace : iterable of str, optional
        Tasks whose overrides in ``doc`` are dropped first (a table of tasks edited anew:
        a task back at the library's tag has no entry in ``overrides``).
    """
    out = dict(doc)
    inputs = dict(out.get("inputs") or {})
    dropped = set(replace)
    by_task: dict[str, dict[str, Any]] = {}
    kept = [o for o in inputs.get("tag_overrides") or [] if o["task"] not in dropped]
    for o in [*kept, *overrides]:
        entry = by_task.setdefault(str(o["task"]), {"task": str(o["task"])})
        entry.update({k: v for k, v in o.items() if k != "task" and v is not None})
    inputs["tag_overrides"] = [by_task[t] for t in sorted(by_task)]
    out["inputs"] = inputs
    return out
