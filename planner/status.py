"""Statuses: how a solve ended and how a sweep's run ended, and which of them carry a plan.

Every module that reads or writes a status uses these enums; a status read back as text (a
plan folder's summary, a store row, a sweep results table) is asked :func:`has_plan` or
:func:`has_plan_mask`, never compared with quoted strings. The values are the text written in
plan folders, the store and results files, so they never change.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class SolveStatus(StrEnum):
    """What a solver's answer means. A time-limited answer is FEASIBLE, never OPTIMAL."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    NOT_SOLVED = "not_solved"

    @property
    def has_plan(self) -> bool:
        """True when the answer carries a plan."""
        return has_plan(self)


class RunStatus(StrEnum):
    """How a sweep's run ended: the solver's status, or why there is no solver status."""

    OPTIMAL = SolveStatus.OPTIMAL.value
    FEASIBLE = SolveStatus.FEASIBLE.value
    INFEASIBLE = SolveStatus.INFEASIBLE.value
    UNBOUNDED = SolveStatus.UNBOUNDED.value
    NOT_SOLVED = SolveStatus.NOT_SOLVED.value
    INVALID = "invalid"
    """The run's values make an invalid scenario (the message names the key)."""
    ERROR = "error"
    """The run raised an error or its worker died."""
    TIMEOUT = "timeout"
    """The run ignored its time limit and its worker was killed."""

    @property
    def has_plan(self) -> bool:
        """True when the run produced a plan."""
        return has_plan(self)


PLAN_STATUSES: frozenset[str] = frozenset({SolveStatus.OPTIMAL, SolveStatus.FEASIBLE})
"""The statuses that carry a plan: the one definition of "has a plan"."""


def has_plan(status: object) -> bool:
    """True when a status carries a plan.

    Parameters
    ----------
    status : SolveStatus, RunStatus, str or None
        An enum member or its text as written in a plan summary, the store or a results
        table; anything else (``None``, a missing value) has no plan.
    """
    return isinstance(status, str) and status in PLAN_STATUSES


def has_plan_mask(statuses: pd.Series) -> pd.Series:
    """Which rows of a status column (a results table, the store's runs) carry a plan."""
    return statuses.isin(PLAN_STATUSES)
