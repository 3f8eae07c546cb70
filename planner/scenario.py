"""Scenario model files: what-if settings as YAML, loaded into a validated pydantic model.

A scenario names its inputs (a roster and the role/task library, or pools of staff with
their demand), the horizon, the AI capabilities, the levers and constraints, the
objective and the solver. Every error names its key path (``levers.span.max``), what was
expected and what was found. Rates are annual unless a key says otherwise; costs are in
the roster's currency.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planner.errors import ScenarioError

Share = Annotated[float, Field(ge=0, le=1)]
NonNeg = Annotated[float, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PeriodKind(StrEnum):
    """Length of one planning period."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def years(self) -> float:
        """Length in years."""
        return {"month": 1 / 12, "quarter": 0.25, "year": 1.0}[self.value]


class ObjectiveKind(StrEnum):
    """What the optimiser pursues."""

    MIN_COST = "min_cost"
    MIN_REDUNDANCIES = "min_redundancies"
    MAX_CAPACITY = "max_capacity"
    WEIGHTED = "weighted"


class CapabilityKind(StrEnum):
    """``execute``: the AI layer does the hours; ``assist``: people work faster with it."""

    EXECUTE = "execute"
    ASSIST = "assist"


class RedeploymentScope(StrEnum):
    """Where a person can be redeployed to: the same team only, function, location, anywhere."""

    TEAM = "team"
    FUNCTION = "function"
    LOCATION = "location"
    ORGANISATION = "organisation"


class TagOverride(_Model):
    """A planner's change to one task's automatability tag."""

    task: str
    automatable_share: Share | None = None
    mode: Literal["automate", "augment", "human"] | None = None
    oversight_hours_per_ai_hour: Annotated[float, Field(ge=0, le=2)] | None = None


class Inputs(_Model):
    """Where the organisation comes from. Paths are relative to the scenario file."""

    roster: list[str] | str | None = None
    preset: str | None = None
    mapping: str | None = None
    library: str | None = None
    title_overrides: str | None = None
    tag_overrides: list[TagOverride] = []
    team_by: str = "team"
    on_cost_rate: NonNeg | None = None
    impute_cost: Literal["grade", "role"] | None = None

    @property
    def roster_files(self) -> list[str]:
        """The roster path(s) as a list."""
        if self.roster is None:
            return []
        return [self.roster] if isinstance(self.roster, str) else list(self.roster)


class Pool(_Model):
    """A pool of interchangeable staff, for scenarios whose demand is given per role."""

    role: str
    initial: NonNeg
    demand: list[NonNeg]
    """Staff required in each period [FTE]."""
    annual_cost_per_fte: NonNeg = 0.0
    attrition_new: Share | None = None
    attrition_long: Share | None = None
    hire_limit: NonNeg | None = None
    redundancy_cost: NonNeg | None = None
    overstaffing_cost: NonNeg | None = None
    short_time_cost: NonNeg | None = None
    short_time_limit: NonNeg | None = None


class Horizon(_Model):
    """Planning periods."""

    periods: Annotated[int, Field(ge=1, le=120)] = 4
    period: PeriodKind = PeriodKind.QUARTER
    start: str = "2027-01"
    rates_per_period: bool = False
    """When true, attrition rates are per period as given (the Williams convention)."""


class Capability(_Model):
    """An AI capability that executes or assists a set of tasks."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")]
    kind: CapabilityKind = CapabilityKind.EXECUTE
    tasks: list[str] = []
    categories: list[str] = []
    cost_per_hour: NonNeg = 0.0
    """Run cost per AI-executed hour [currency/h] (execute)."""
    fixed_cost_per_team: NonNeg = 0.0
    """Run cost per team that deploys it [currency/year]."""
    implementation_cost: NonNeg = 0.0
    """One-off cost per team that deploys it [currency]."""
    adoption: list[Share] | Share = 1.0
    """Share of the automatable hours it can reach, per period (a list) or throughout."""
    oversight_hours_per_ai_hour: Annotated[float, Field(ge=0, le=2)] | None = None
    """Human review time per executed hour; default: each task's tag."""
    ops_hours_per_fte: Annotated[float, Field(gt=0)] | None = None
    """AI-operations staff: one FTE per this many executed hours a year."""
    ops_cost_per_fte: NonNeg = 0.0
    uplift: NonNeg = 0.0
    """Productivity uplift on assisted human hours (assist): 0.25 = a quarter more output."""
    cost_per_assisted_fte: NonNeg = 0.0
    """Licence cost per FTE of assisted work [currency/year] (assist)."""

    @model_validator(mode="after")
    def _scope(self) -> Capability:
        if not self.tasks and not self.categories:
            raise ValueError("expected tasks or categories that the capability covers, "
                             "found neither")
        if self.kind is CapabilityKind.ASSIST and self.uplift <= 0:
            raise ValueError("an assist capability needs uplift > 0 (0.2 = 20% more output)")
        return self

    def adoption_at(self, period: int) -> float:
        """Adoption share in a period (the last value holds after a list ends)."""
        if isinstance(self.adoption, list):
            if not self.adoption:
                return 0.0
            return float(self.adoption[min(period, len(self.adoption) - 1)])
        return float(self.adoption)


class Span(_Model):
    """Span of control limits per team: individual contributors per manager."""

    min: NonNeg | None = None
    max: NonNeg | None = None

    @model_validator(mode="after")
    def _order(self) -> Span:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"expected min <= max, found min {self.min} > max {self.max}")
        return self


class TeamFte(_Model):
    """Bounds on each team's FTE: absolute, or as a share of its starting FTE."""

    min: NonNeg | None = None
    max: NonNeg | None = None
    min_share: NonNeg | None = None
    max_share: NonNeg | None = None
    teams: dict[str, TeamFteBounds] = {}


class TeamFteBounds(_Model):
    """Bounds for one named team [FTE]."""

    min: NonNeg | None = None
    max: NonNeg | None = None


class Lock(_Model):
    """A value a planner has fixed: a team's role FTE in a period (all periods if omitted)."""

    team: str
    role: str
    fte: NonNeg
    period: Annotated[int, Field(ge=1)] | None = None


class Hiring(_Model):
    """Hiring levers."""

    freeze: bool = False
    cap_per_period: NonNeg | None = None
    role_caps: dict[str, NonNeg] = {}
    cost_per_hire: NonNeg = 0.0


class Reskilling(_Model):
    """A reskilling (or downgrading) path between roles."""

    from_role: str = Field(alias="from")
    to_role: str = Field(alias="to")
    capacity_per_period: NonNeg | None = None
    capacity_share_of_target: NonNeg | None = None
    cost_per_fte: NonNeg = 0.0
    lead_time_periods: Annotated[int, Field(ge=0, le=24)] = 0
    retention: Share | None = None
    """Share of the moved staff who arrive; default 1 - the target role's attrition."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Redeployment(_Model):
    """Moving people between teams in the same role."""

    scope: RedeploymentScope = RedeploymentScope.FUNCTION
    cost_per_fte: NonNeg = 0.0


class Attrition(_Model):
    """Natural attrition: annual rates for staff hired in the period (new) and the others."""

    new: Share = 0.15
    long: Share = 0.08
    roles: dict[str, AttritionRates] = {}


class AttritionRates(_Model):
    """Attrition rates of one role."""

    new: Share
    long: Share


class Allowance(_Model):
    """Overstaffing (staff above requirement) or short-time working allowance."""

    per_pool: NonNeg | None = None
    total: NonNeg | None = None
    cost_per_fte: NonNeg = 0.0
    """Extra cost per FTE-year beyond salary [currency/year]."""
    factor: Share = 0.5
    """Short time: share of a full worker a short-time worker counts as."""


class Growth(_Model):
    """Annual demand growth: a default and per team."""

    default: float = 0.0
    teams: dict[str, float] = {}


class Levers(_Model):
    """Levers and constraints."""

    span: Span = Span()
    team_fte: TeamFte = TeamFte()
    max_reduction_per_period: Share | None = None
    max_reduction_overall: Share | None = None
    protected_teams: list[str] = []
    protected_roles: list[str] = []
    locks: list[Lock] = []
    hiring: Hiring = Hiring()
    reskilling: list[Reskilling] = []
    redeployment: Redeployment = Redeployment()
    attrition: Attrition = Attrition()
    no_redundancy: bool = False
    redundancy_months_of_pay: NonNeg = 6.0
    """Severance per redundancy, in months of the role's cost per FTE."""
    one_off_budget: NonNeg | None = None
    savings_target: Share | None = None
    """Run-rate cost at the end at most (1 - target) x the start."""
    overstaffing: Allowance = Allowance()
    short_time: Allowance = Allowance(per_pool=0.0)
    demand_growth: Growth = Growth()


class Objective(_Model):
    """What to optimise."""

    kind: ObjectiveKind = ObjectiveKind.MIN_COST
    budget: NonNeg | None = None
    """max_capacity: the most the whole horizon may cost [currency]."""
    price_per_redundancy: NonNeg | None = None
    """weighted: the price put on each redundancy, on top of its cost [currency]."""

    @model_validator(mode="after")
    def _needs(self) -> Objective:
        if self.kind is ObjectiveKind.MAX_CAPACITY and self.budget is None:
            raise ValueError("objective max_capacity needs a budget (the most the horizon "
                             "may cost)")
        if self.kind is ObjectiveKind.WEIGHTED and self.price_per_redundancy is None:
            raise ValueError("objective weighted needs price_per_redundancy")
        return self


class Solver(_Model):
    """Solver settings."""

    backend: str = "highs"
    time_limit: Annotated[float, Field(gt=0)] | None = None
    gap: Annotated[float, Field(ge=0, le=1)] = 1e-4
    integer: bool = False

    @field_validator("backend")
    @classmethod
    def _backend(cls, v: str) -> str:
        import pulp

        known = {"highs", "cbc", *(s.lower() for s in pulp.listSolvers())}
        if v.lower() not in known:
            raise ValueError(f"expected highs, cbc or a PuLP solver ({', '.join(sorted(known))})"
                             f", found {v!r}")
        return v.lower()


class Scenario(_Model):
    """A what-if scenario."""

    name: str
    description: str = ""
    inputs: Inputs = Inputs()
    pools: list[Pool] = []
    horizon: Horizon = Horizon()
    capabilities: list[Capability] = []
    levers: Levers = Levers()
    objective: Objective = Objective()
    solver: Solver = Solver()
    sweep: dict[str, Any] = {}
    base_dir: str = Field(default=".", exclude=True)

    @model_validator(mode="after")
    def _source(self) -> Scenario:
        if bool(self.inputs.roster) == bool(self.pools):
            raise ValueError("expected exactly one of inputs.roster (a roster) or pools (staff "
                             "pools with their demand)")
        for i, p in enumerate(self.pools):
            if len(p.demand) != self.horizon.periods:
                raise ValueError(f"pools.{i}.demand: expected {self.horizon.periods} values "
                                 f"(one per period), found {len(p.demand)}")
        ids = [c.id for c in self.capabilities]
        if len(ids) != len(set(ids)):
            raise ValueError(f"capabilities: expected unique ids, found {ids}")
        return self

    @property
    def pool_based(self) -> bool:
        """True when demand is given per role and period instead of from tasks."""
        return bool(self.pools)

    def resolve(self, path: str) -> Path:
        """A path from the scenario file, relative to the file's folder."""
        p = Path(path)
        return p if p.is_absolute() else Path(self.base_dir) / p


def _key_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(x) for x in loc if not str(x).startswith("function-after")) or "(top)"


def scenario_from_dict(doc: dict[str, Any], *, base_dir: str | os.PathLike[str] = ".",
                       source: str = "scenario") -> Scenario:
    """Validate a scenario given as a dict.

    Raises
    ------
    ScenarioError
        For the first failing key, with its path; ``errors`` holds every failure.
    """
    if not isinstance(doc, dict):
        raise ScenarioError("(top)", f"expected a mapping of keys in {source}, found "
                            f"{type(doc).__name__}")
    try:
        return Scenario.model_validate({**doc, "base_dir": str(base_dir)})
    except ValidationError as exc:
        errors = []
        for e in exc.errors():
            loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and "[" in x))
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                msg = f"unknown key (found {e.get('input')!r}); check its spelling"
            elif e["type"] == "missing":
                msg = "expected a value, found none"
            elif "input" in e and e["type"] not in ("value_error",):
                msg = f"{msg}, found {e['input']!r}"
            errors.append((_key_path(loc), msg))
        err = ScenarioError(errors[0][0], errors[0][1] + (
            f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""))
        err.errors = errors  # type: ignore[attr-defined]
        raise err from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario YAML file (paths inside are relative to it)."""
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError("(file)", f"expected a readable file at {str(p)!r}: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError("(file)", f"expected valid YAML{where}: "
                            f"{getattr(exc, 'problem', exc)}") from exc
    return scenario_from_dict(doc or {}, base_dir=p.parent, source=p.name)


def scenario_to_dict(scenario: Scenario, *, absolute_paths: bool = False) -> dict[str, Any]:
    """The scenario as a plain dict; with ``absolute_paths`` its input paths are made
    absolute, so the copy written beside a plan still finds the roster."""
    doc = scenario.model_dump(mode="json", by_alias=True, exclude={"base_dir"})
    if absolute_paths:
        inp = doc["inputs"]
        for key in ("mapping", "library", "title_overrides"):
            if inp.get(key):
                inp[key] = str(scenario.resolve(inp[key]).resolve())
        if inp.get("roster"):
            files = [str(scenario.resolve(f).resolve()) for f in scenario.inputs.roster_files]
            inp["roster"] = files[0] if isinstance(scenario.inputs.roster, str) else files
    return doc


TeamFte.model_rebuild()
Attrition.model_rebuild()


def with_values(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """A copy of a scenario with values set by key path (``objective.kind``,
    ``levers.span.max``, ``capabilities.0.cost_per_hour``), validated again.

    Raises
    ------
    ScenarioError
        When a path does not exist or a value is not valid there.
    """
    doc = scenario_to_dict(scenario)
    for path, value in values.items():
        node: Any = doc
        keys = path.split(".")
        for depth, key in enumerate(keys[:-1]):
            nxt = _step(node, key, path, depth)
            if nxt is None:
                nxt = {}
                node[key] = nxt
            node = nxt
        last = keys[-1]
        if isinstance(node, list):
            if not last.isdigit() or int(last) >= len(node):
                raise ScenarioError(path, f"expected an index below {len(node)}, found {last!r}")
            node[int(last)] = value
        elif isinstance(node, dict):
            node[last] = value
        else:
            raise ScenarioError(path, "expected a mapping or a list to set a value in")
    return scenario_from_dict(doc, base_dir=scenario.base_dir)


def _step(node: Any, key: str, path: str, depth: int) -> Any:
    if isinstance(node, list):
        if not key.isdigit() or int(key) >= len(node):
            raise ScenarioError(path, f"expected an index below {len(node)} at "
                                f"{'.'.join(path.split('.')[:depth + 1])}, found {key!r}")
        return node[int(key)]
    if isinstance(node, dict):
        if key in node:
            return node[key]
        return None
    raise ScenarioError(path, "expected a mapping or a list along the path")
