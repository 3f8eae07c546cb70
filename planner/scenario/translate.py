"""Pydantic's validation errors in a planner's words: each at the key path of the setting
(``levers.span.max``), saying what was expected and what was found.

Apart from :mod:`planner.scenario.model` because it is a different idea: the model says
which settings exist and what each accepts; this module knows how pydantic reports a
failure (its location labels, error types and message prefixes) and turns that into one
``(key path, message)`` per problem. The model's validators use :func:`at` to put an error
below the model they check, and :func:`scenario_error` makes the one
:class:`~planner.errors.ScenarioError` that carries every problem, for the model and for
:mod:`planner.scenario.load` alike.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from planner.errors import ScenarioError

_MARK = "@@"
_INTERNAL_LOC = re.compile(r"^(list\[|dict\[|constrained-|function-|tagged-union|nullable|"
                           r"literal\[|float$|int$|str$|bool$|union\[)")


def at(path: str, message: str) -> ValueError:
    """An error for a key below the model being validated (``pools.1.demand``); raise it
    from a validator and :func:`key_errors` reports it at that key."""
    return ValueError(f"{_MARK}{path}{_MARK}{message}")


def key_errors(exc: ValidationError, root: type[BaseModel]) -> list[tuple[str, str]]:
    """Every failure of a validation of ``root`` as (key path, message), in order, once each."""
    errors: list[tuple[str, str]] = []
    for e in exc.errors():
        loc = _clean_loc(tuple(e["loc"]))
        msg = e["msg"].removeprefix("Value error, ")
        if msg.startswith(_MARK):
            rel, msg = msg[len(_MARK):].split(_MARK, 1)
            loc = loc + tuple(int(x) if x.isdigit() else x for x in rel.split("."))
        elif e["type"] == "extra_forbidden":
            msg = _unknown_key_message(root, loc)
        elif e["type"] == "missing":
            msg = "expected a value, found none"
        elif "input" in e and e["type"] not in ("value_error",):
            msg = f"{msg}, found {e['input']!r}"
        item = (key_path(loc), msg)
        if item not in errors:
            errors.append(item)
    return errors


def scenario_error(errors: Sequence[tuple[str, str]]) -> ScenarioError:
    """One error for every problem found: its text is the first (with how many more there
    are), its ``errors`` all of them."""
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return ScenarioError(errors[0][0], errors[0][1] + more, errors)


def key_path(loc: Sequence[int | str]) -> str:
    """``("levers", "span", "max")`` -> ``levers.span.max``; the empty location is ``(top)``."""
    return ".".join(str(x) for x in loc) or "(top)"


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop pydantic's internal labels (union branches, validator names) from a location."""
    return tuple(x for x in loc if not (isinstance(x, str) and _INTERNAL_LOC.match(x)))


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class whose fields sit at a location (for listing the known keys)."""
    cls: Any = root
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return None
        field = cls.model_fields.get(str(part))
        if field is None:
            return None
        ann = field.annotation
        # Unwrap Optional/Union, list[...] and dict[str, ...] down to a model class.
        while True:
            origin, args = get_origin(ann), get_args(ann)
            if origin in (list, tuple):
                if parts and isinstance(parts[0], int):
                    parts.pop(0)
                ann = args[0]
            elif origin is dict:
                if parts:
                    parts.pop(0)
                ann = args[1]
            elif args and origin is not None:
                models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
                lists = [a for a in args if get_origin(a) in (list, dict)]
                if models:
                    ann = models[0]
                elif lists:
                    ann = lists[0]
                else:
                    break
            else:
                break
        cls = ann
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


def _unknown_key_message(root: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    key = str(loc[-1]) if loc else ""
    model = _model_at(root, loc[:-1])
    if model is None:
        return f"unknown key {key!r}; check its spelling"
    known = [n for n, f in model.model_fields.items() if not f.exclude]
    known = [model.model_fields[n].alias or n for n in known]
    near = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"expected one of {', '.join(known)}, found unknown key {key!r}{hint}"
