"""Rule sets of collective-redundancy law, read from data files with their sources.

A rule set is one YAML file (``data/rules/uk.yaml`` ...; a user adds one in the same format
and names its folder in ``levers.compliance.rule_files``). Its keys:

``id``, ``name``, ``jurisdiction``, ``sources`` (at least one: the law's text, where to read it)
``counts``
    ``proposed``: the redundancies proposed together count, whenever each takes effect (UK:
    the proposal counts, so spreading exits over time does not remove the duty);
    ``effective``: exits count by the date they take effect, in every window of
    ``window_days`` (WARN, EU).
``window_days`` [days], ``aggregate_days`` [days, optional]
    The window; with ``aggregate_days`` the losses of any such longer period are added up
    too (WARN's 90-day aggregation).
``employer_min_employees``, ``part_time_below_hours`` [h/week] (optional)
    The employer is covered only with at least this many employees, not counting those who
    work under ``part_time_below_hours`` a week; part-timers count in no threshold either.
``tiers``
    What triggers what: ``min_count`` (and ``max_count``), ``min_share`` of the
    establishment's workforce, a size band (``workforce_min``, ``workforce_max``),
    ``requires_closing`` (a site or a unit within it shuts), ``lead_days`` and
    ``obligation``. A window triggers every tier it meets; its lead time is their longest.
``individual_notice`` (optional)
    The statutory minimum notice of each employee by length of service (ERA s.86 style):
    none under ``min_service_months``, ``weeks_under_two_years`` under two years, then
    ``weeks_per_complete_year`` per complete year up to ``max_weeks``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from planner.errors import PlannerError

Days = Annotated[int, Field(ge=0, le=3650)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Counting(StrEnum):
    """What a rule counts: redundancies proposed together, or exits by effective date."""

    PROPOSED = "proposed"
    EFFECTIVE = "effective"


class Tier(_Model):
    """One way a window triggers an obligation."""

    name: str
    min_count: Annotated[int, Field(ge=1)] = 1
    """Fewest redundancies in the window [people]."""
    max_count: Annotated[int, Field(ge=1)] | None = None
    """Most redundancies for this tier [people]."""
    min_share: Annotated[float, Field(gt=0, le=1)] | None = None
    """Fewest redundancies as a share of the establishment's workforce [0-1]."""
    workforce_min: Annotated[int, Field(ge=0)] | None = None
    """Smallest workforce the tier applies to [people]."""
    workforce_max: Annotated[int, Field(ge=0)] | None = None
    """Largest workforce the tier applies to [people]."""
    requires_closing: bool = False
    """Only where a site, or a facility or operating unit within it, shuts."""
    lead_days: Days
    """Days from the announcement before the first exit may take effect [days]."""
    obligation: str

    def applies_to(self, workforce: int) -> bool:
        """True when an establishment of ``workforce`` people is in the tier's size band."""
        return ((self.workforce_min is None or workforce >= self.workforce_min)
                and (self.workforce_max is None or workforce <= self.workforce_max))

    def threshold(self, workforce: int) -> int:
        """Fewest redundancies that trigger the tier at an establishment of ``workforce``
        [people]: ``min_count``, or the share of the workforce rounded up if larger."""
        share = math.ceil(self.min_share * workforce - 1e-9) if self.min_share else 0
        return max(self.min_count, share)

    def met(self, count: int, workforce: int, closing: int = 0) -> bool:
        """True when ``count`` redundancies at an establishment of ``workforce`` people, of
        whom ``closing`` leave with a site or unit that shuts, trigger the tier (a tier that
        ``requires_closing`` counts those only)."""
        n = closing if self.requires_closing else count
        return (self.applies_to(workforce) and n >= self.threshold(workforce)
                and (self.max_count is None or n <= self.max_count))


class IndividualNotice(_Model):
    """Statutory minimum notice by length of service."""

    min_service_months: Annotated[int, Field(ge=0)] = 1
    weeks_under_two_years: Annotated[int, Field(ge=0)] = 1
    weeks_per_complete_year: Annotated[int, Field(ge=0)] = 1
    max_weeks: Annotated[int, Field(ge=0)] = 12

    def weeks(self, start: date | None, on: date) -> int:
        """Weeks of notice owed on ``on`` to someone who started on ``start`` [weeks]; the
        most the rule gives (``max_weeks``) when the start is not known."""
        if start is None:
            return self.max_weeks
        months = (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)
        if months < self.min_service_months:
            return 0
        years = months // 12
        if years < 2:
            return self.weeks_under_two_years
        return min(self.max_weeks, years * self.weeks_per_complete_year)


class RuleSet(_Model):
    """One jurisdiction's collective-redundancy rule (module docstring)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: str
    jurisdiction: str
    sources: Annotated[list[str], Field(min_length=1)]
    counts: Counting
    window_days: Annotated[int, Field(ge=1, le=3650)]
    aggregate_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    employer_min_employees: Annotated[int, Field(ge=0)] | None = None
    part_time_below_hours: Annotated[float, Field(gt=0)] | None = None
    tiers: Annotated[list[Tier], Field(min_length=1)]
    individual_notice: IndividualNotice | None = None

    @model_validator(mode="after")
    def _aggregate(self) -> RuleSet:
        if self.aggregate_days is not None and self.aggregate_days <= self.window_days:
            raise ValueError(f"expected aggregate_days above window_days "
                             f"({self.window_days}), found {self.aggregate_days}")
        if self.counts is Counting.PROPOSED and self.aggregate_days is not None:
            raise ValueError("expected no aggregate_days for a rule that counts proposals "
                             "(they count together already), found one")
        return self

    @property
    def excludes_part_time(self) -> bool:
        """True when part-time employees count in no threshold of the rule."""
        return self.part_time_below_hours is not None


BUNDLED = ("uk", "us_warn", "eu_30", "eu_20_90")
"""The rule sets shipped in ``data/rules``."""


def read_rule_file(path: str | os.PathLike[str]) -> RuleSet:
    """One rule set from its YAML file.

    Raises
    ------
    PlannerError
        When the file does not read or a key is wrong: the file, the key, what was
        expected and what was found.
    """
    import yaml

    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlannerError(f"{p}: expected a rule set as YAML, found {exc}") from None
    try:
        return RuleSet.model_validate(doc)
    except ValidationError as exc:
        said = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}"
                         f" (found {e.get('input')!r})" for e in exc.errors())
        raise PlannerError(f"{p}: the rule set does not read: {said}; write it as the bundled "
                           "files in data/rules are written (docs/compliance.md)") from None


def rule_files(folders: Iterable[str | os.PathLike[str]]) -> dict[str, Path]:
    """Rule id -> its file, over ``folders`` in order (a later folder's file of the same
    name wins: a user's own ``uk.yaml`` replaces the bundled one)."""
    out: dict[str, Path] = {}
    for folder in folders:
        for f in sorted(Path(folder).glob("*.yaml")):
            out[f.stem] = f
    return out


def load_rules(ids: Iterable[str], folders: Iterable[str | os.PathLike[str]],
               ) -> dict[str, RuleSet]:
    """The rule sets named by ``ids``, read from ``folders`` (:func:`rule_files`).

    Raises
    ------
    KeyError
        With the id that has no file (the caller says where it was named).
    PlannerError
        When a file's id is not its name, or the file does not read.
    """
    files = rule_files(folders)
    out: dict[str, RuleSet] = {}
    for rule_id in ids:
        if rule_id not in files:
            raise KeyError(rule_id)
        rule = read_rule_file(files[rule_id])
        if rule.id != rule_id:
            raise PlannerError(f"{files[rule_id]}: expected id {rule_id!r} (the file's name), "
                               f"found {rule.id!r}; make them the same")
        out[rule_id] = rule
    return out
