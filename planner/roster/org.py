"""The public entry points that the CLI, the app and scripts share."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from planner.errors import ValidationReport
from planner.roster.graph import OrgGraph
from planner.roster.load import FileInfo, load_roster
from planner.roster.validate import RowsLeftOut
from planner.work.library import Library, load_library
from planner.work.titles import load_overrides

Paths = Sequence[str | os.PathLike[str]] | str | os.PathLike[str]


@dataclass(frozen=True, eq=False)
class Org:
    """An organisation as loaded: roster, problems, graph and title matches.

    Attributes
    ----------
    roster : DataFrame
        Canonical roster with ``role_id`` filled where a title matched.
    report : ValidationReport
        Every problem found while loading.
    graph : OrgGraph
        Hierarchy, teams, spans, layers and roll-ups.
    matches : DataFrame
        One row per distinct title: role, confidence, status, alternatives.
    library : Library
        The role/task library used.
    files : tuple of FileInfo
        How each file was read.
    left_out : RowsLeftOut
        Records read but not in the roster (and why), and errors worked around.
    """

    roster: pd.DataFrame
    report: ValidationReport
    graph: OrgGraph
    matches: pd.DataFrame
    library: Library
    files: tuple[FileInfo, ...]
    left_out: RowsLeftOut

    def is_valid(self, strict: bool = False) -> bool:
        """True when loading found no errors (and, if ``strict``, no warnings)."""
        return self.report.is_valid(strict)


def load_org(paths: Paths, *, preset: str | None = None,
             mapping: str | os.PathLike[str] | None = None, on_cost_rate: float | None = None,
             impute_cost: str | None = None, team_by: str = "manager",
             library: Library | str | os.PathLike[str] | None = None,
             title_overrides: str | os.PathLike[str] | None = None, dayfirst: bool = True,
             sheet: str | int | None = None) -> Org:
    """Load exports into a validated roster, match titles to roles and build the org graph.

    Parameters
    ----------
    paths : path or sequence of paths
        CSV or XLSX exports, read together.
    preset, mapping, on_cost_rate, impute_cost, dayfirst, sheet
        See :func:`planner.roster.load_roster`.
    team_by : str
        ``manager`` or a roster column that defines teams.
    library : Library or path, optional
        Role/task library (default: the bundled one).
    title_overrides : path, optional
        CSV (``job_title,role_id``) or YAML of a planner's title -> role decisions.

    Returns
    -------
    Org
    """
    lib = library if isinstance(library, Library) else load_library(library)
    overrides = load_overrides(title_overrides, lib) if title_overrides else None
    result = load_roster(paths, preset=preset, mapping=mapping, on_cost_rate=on_cost_rate,
                         impute_cost=impute_cost, dayfirst=dayfirst, sheet=sheet, library=lib,
                         overrides=overrides)
    graph = OrgGraph.from_roster(
        result.roster, team_by=team_by,
        holders_unknown_in=[f.file for f in result.files if not f.holders_known])
    assert result.matches is not None and result.left_out is not None
    return Org(roster=graph.roster, report=result.report, graph=graph, matches=result.matches,
               library=lib, files=result.files, left_out=result.left_out)
