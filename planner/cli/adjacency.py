"""``planner adjacency``: each role's nearest roles by the work they share, with the tasks
they share and the tasks the role lacks of each (:mod:`planner.work.adjacency`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.cli import render
from planner.cli.common import JsonOpt, exit_codes, print_json


def adjacency(
        role: Annotated[str | None, typer.Option(
            "--role", help="Only this role (a role_id of the library).")] = None,
        top: Annotated[int, typer.Option(
            "--top", min=1, help="Nearest roles to list per role.")] = 5,
        library: Annotated[Path | None, typer.Option(
            "--library", help="Library folder (default: the bundled one; an imported O*NET "
            "library works too).")] = None,
        as_json: JsonOpt = False) -> None:
    """Each role's nearest roles by the work they share (similarity 0-1), the tasks they
    share and the tasks it lacks."""
    from planner.errors import InputError, Problem, Severity
    from planner.work.adjacency import similarity_matrix
    from planner.work.library import load_library
    from planner.work.titles import _role_hint

    with exit_codes(as_json=as_json):
        lib = load_library(library)
        known = set(lib.roles["role_id"])
        if role is not None and role not in known:
            raise InputError([Problem(
                "unknown_role", Severity.ERROR,
                f"--role: expected a role of the library, found {role!r}",
                _role_hint(role, known), value=role)])
    adj = similarity_matrix(lib)
    chosen = [role] if role is not None else list(adj.role_ids)
    answer = [(r, adj.nearest(r, top)) for r in chosen]
    if as_json:
        print_json({"roles": [{"role_id": r, "nearest": [n.to_dict() for n in near]}
                              for r, near in answer]})
        return
    names = lib.role_names()
    for r, near in answer:
        render.print_adjacency(names.get(r, r), [(names.get(n.role_id, n.role_id), n)
                                                 for n in near])
