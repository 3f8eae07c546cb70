"""One hierarchy of errors and the problem records that validation reports.

A :class:`Problem` is one finding about the input: where it is (file, row, column),
what it is (a stable ``code``), how bad it is (:class:`Severity`), a message that says
what was expected and what was found, and a hint that says how to fix it.

Row numbers are the row a spreadsheet shows for the record: the header is row 1 and the
first data row is row 2, whatever the file's line breaks inside quoted cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a problem is."""

    ERROR = "error"
    """The input is wrong: a roster with errors is not valid."""
    WARNING = "warning"
    """Legal but suspicious, or repaired by the loader; an error under ``--strict``."""
    INFO = "info"
    """Worth knowing (pools read, rows imputed on request); never makes a roster invalid."""


SETTINGS: dict[str, str] = {
    "preset": "the export's layout (Workday, BambooHR, HiBob, UK organogram ...)",
    "mapping": "a mapping that names the column of each field",
    "on_cost_rate": "employer on-costs as a share of base pay (0.28 = 28%)",
    "impute_cost": "missing costs filled from the median cost per FTE of peers of the same "
                   "grade or role",
    "title_overrides": "a file that maps job titles to the library's roles",
}
"""Settings a :class:`Problem` may name (``Problem.setting``): key -> what it sets. Keys are
those of a mapping file and of a scenario's ``inputs``; the CLI and the app each say how to
set every one (``tests/test_messages.py`` checks both)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about an input file.

    Parameters
    ----------
    code : str
        Stable identifier, e.g. ``manager_not_found``; see ``docs/validation.md``.
    severity : Severity
        Error, warning or info.
    message : str
        What was expected and what was found.
    hint : str
        How to fix it.
    file : str, optional
        The file's name as the user gave it.
    row : int, optional
        Spreadsheet row number (header = 1, first record = 2).
    column : str, optional
        The column's header as it is in the file (not the canonical name).
    value : str, optional
        The offending value, as read.
    setting : str, optional
        The setting that fixes it, by its key in a mapping file or a scenario's ``inputs``
        (one of :data:`SETTINGS`, e.g. ``impute_cost``). The hint names it in words; each face
        says how to set it (the CLI its flag, the app its control).
    """

    code: str
    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    setting: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict."""
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d

    def where(self) -> str:
        """Human-readable location, e.g. ``roster.csv row 14, column 'FTE'``."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts) if parts else "(whole input)"


def plan_notes(summary: Mapping[str, Any]) -> list[Problem]:
    """A plan summary's notes (its ``notes``: positions with no cost, titles with no role) as
    problems, each naming the setting that addresses it; a plan written before notes were
    structured holds text, read as a note of code ``note`` that names no setting."""
    out = []
    for n in summary.get("notes") or []:
        if isinstance(n, str):
            out.append(Problem("note", Severity.INFO, n))
        else:
            out.append(Problem(**{**n, "severity": Severity(n.get("severity", "info"))}))
    return out


def fix_text(p: Problem, how: Callable[[str], str] | None = None) -> str:
    """A problem's hint and, when ``how`` is given (a face's way to set a setting: the CLI's
    flag, the app's control), how to set the setting it names."""
    if not p.setting or how is None:
        return p.hint
    return f"{p.hint} ({how(p.setting)})" if p.hint else how(p.setting)


def note_text(p: Problem, how: Callable[[str], str] | None = None) -> str:
    """A plan's note as one paragraph: its message, then its hint with how to set the
    setting it names (``how``: a face's way, else the setting's key in words)."""
    hint = fix_text(p, how or (lambda key: f"setting {key}"))
    return f"{p.message} {hint}." if hint else p.message


@dataclass(frozen=True)
class ValidationReport:
    """Every problem found in one pass over the input."""

    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems of severity error."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems of severity warning."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Problem, ...]:
        """Problems of severity info."""
        return tuple(p for p in self.problems if p.severity is Severity.INFO)

    def is_valid(self, strict: bool = False) -> bool:
        """True when there are no errors (and, if ``strict``, no warnings)."""
        if strict:
            return not self.errors and not self.warnings
        return not self.errors

    def codes(self) -> set[str]:
        """The set of problem codes found."""
        return {p.code for p in self.problems}

    def by_code(self, code: str) -> tuple[Problem, ...]:
        """Problems with the given code."""
        return tuple(p for p in self.problems if p.code == code)

    def extend(self, more: Iterable[Problem]) -> ValidationReport:
        """Return a new report with ``more`` problems appended."""
        return ValidationReport(self.problems + tuple(more))


class PlannerError(Exception):
    """Base class of every error the planner raises on purpose."""


class InputError(PlannerError):
    """An input file cannot be used at all; carries the problems that say why."""

    def __init__(self, problems: Sequence[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = tuple(problems)
        lines = [f"{p.where()}: [{p.code}] {p.message}" + (f" Fix: {p.hint}" if p.hint else "")
                 for p in self.problems]
        super().__init__("\n".join(lines))


class ScenarioError(PlannerError):
    """A scenario setting is wrong; ``key_path`` says which (e.g. ``levers.span.max``)."""

    def __init__(self, key_path: str, message: str,
                 errors: Sequence[tuple[str, str]] | None = None):
        self.key_path = key_path
        self.message = message
        self.errors: list[tuple[str, str]] = list(errors) if errors else [(key_path, message)]
        """Every (key path, message) found; the first is the one in the exception's text."""
        super().__init__(f"{key_path}: {message}")


class InfeasibleError(PlannerError):
    """A scenario has no feasible plan; ``conflicts`` names the constraints that clash."""

    def __init__(self, message: str, conflicts: Sequence[str] = ()):
        self.conflicts = tuple(conflicts)
        super().__init__(message)


class SolverError(PlannerError):
    """The solver failed for reasons other than infeasibility."""
