"""The scenario model: every what-if setting as a validated pydantic model, and its document.

A scenario names its inputs (a roster and the role/task library, or pools of staff with
their demand), the horizon, the AI capabilities, the levers and constraints, the
objective, the solver and the ``sweep:`` section. Every error names its key path
(``levers.span.max``), what was expected and what was found
(:mod:`planner.scenario.translate`). Rates are annual unless a key says otherwise; costs are
in the roster's currency.

Nothing here reads a file: :mod:`planner.scenario.load` reads scenario files and expands
what a document names in other files (``from_catalogue``, tag overrides files) before
:func:`scenario_from_dict` validates it.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planner.domain import CapabilityKind  # noqa: F401  (named here as before)
from planner.errors import ScenarioError
from planner.scenario.translate import at, key_errors, scenario_error

Share = Annotated[float, Field(ge=0, le=1)]
NonNeg = Annotated[float, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


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

    @property
    def label(self) -> str:
        """What a planner reads: "Lowest total cost", "Fewest redundancies" ..."""
        return OBJECTIVE_LABELS[self.value]


OBJECTIVE_LABELS = {"min_cost": "Lowest total cost", "min_redundancies": "Fewest redundancies",
                    "max_capacity": "Most capacity within a budget",
                    "weighted": "Lowest cost with a price on each redundancy"}
"""Objective kind -> the words a planner reads (:attr:`ObjectiveKind.label`)."""


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
    capability_catalogue: str | None = None
    """YAML list of capabilities that ``capabilities`` entries can take ``from_catalogue``
    (default: the bundled ``data/capabilities.yaml``)."""
    preset: str | None = None
    mapping: str | None = None
    library: str | None = None
    title_overrides: str | None = None
    tag_overrides: list[TagOverride] = []
    """Changes to task tags; an entry may also be a file (CSV or YAML, as written by
    ``planner tasks retag``) whose overrides are read in its place, in order."""
    team_by: str = "team"
    """Roster column that defines teams."""
    on_cost_rate: NonNeg | None = None
    """Employer on-costs added to base pay when no loaded cost is exported (0.3 = 30%)."""
    impute_cost: Literal["grade", "role"] | None = None
    skip_error_rows: bool = False
    """Plan on a roster whose files have errors, knowingly: the rows that cannot be
    positions (no id, a repeated id, no usable FTE, a malformed record) are left out and
    the other errors are worked around as each problem says (a missing manager makes a
    top position, a negative cost is left blank). The plan's summary states what was
    skipped (``skipped_rows``). Off by default: a run refuses a roster with errors."""

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
    """Number of planning periods."""
    period: PeriodKind = PeriodKind.QUARTER
    """Length of a period."""
    start: str = "2027-01"
    """First month of the plan (YYYY-MM)."""
    rates_per_period: bool = False
    """When true, attrition rates are per period as given (the Williams convention)."""


class Capability(_Model):
    """An AI capability that executes or assists a set of tasks."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")]
    name: str = ""
    """What a planner calls it ("Document AI"); default: the catalogue's name of the id."""
    kind: CapabilityKind = CapabilityKind.EXECUTE
    description: str = ""
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

    @field_validator("adoption", mode="before")
    @classmethod
    def _adoption(cls, v: Any) -> Any:
        values = v if isinstance(v, list) else [v]
        for i, x in enumerate(values):
            if isinstance(x, bool) or not isinstance(x, int | float):
                raise (at(str(i), f"expected a share between 0 and 1, found {x!r}")
                       if isinstance(v, list) else
                       ValueError(f"expected a share between 0 and 1 or a list of them, found "
                                  f"{x!r}"))
            if not 0 <= x <= 1:
                msg = f"expected a share between 0 and 1, found {x!r}"
                raise at(str(i), msg) if isinstance(v, list) else ValueError(msg)
        return v

    @model_validator(mode="after")
    def _scope(self) -> Capability:
        if not self.tasks and not self.categories:
            raise ValueError("expected tasks or categories that the capability covers, "
                             "found neither")
        if self.kind is CapabilityKind.ASSIST and self.uplift <= 0:
            raise at("uplift", f"expected uplift > 0 for an assist capability (0.2 = 20% "
                      f"more output), found {self.uplift:g}")
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
    min_viable: NonNeg | None = None
    """Minimum viable team size [FTE]: a team the plan leaves smaller (but not empty) is
    merged into a sibling team under the same manager in the to-be structure (else into
    the team it reports to); the plan says which and why."""


class Delayering(_Model):
    """Remove a management layer where spans are narrow (roster mode).

    A team whose direct reports per FTE of its manager roles are fewer than ``min_span``
    at the start, and that reports to another team, is folded into it: its individual
    contributors and the heads of the teams below it report to that team's managers, and
    its manager posts are removed by ``period`` through the plan's own levers (vacancies
    closed first, then attrition, moves, reskilling, and redundancy as the costed last
    resort). The posts removed are a pool, never a named manager: the ledger marks every
    filled post of it ``affected``. A fold that would break the span cap of the team taking
    the reports, or remove protected or locked manager posts, is not made, and the plan
    says which team and why.
    """

    min_span: Annotated[float, Field(gt=0)] = 4.0
    """A team with fewer direct reports per manager FTE than this is delayered [direct
    reports per manager FTE]."""
    period: Annotated[int, Field(ge=1)] | None = None
    """The period (1 = the first) by whose end the manager posts are gone; default: the
    last period of the horizon."""
    teams: list[str] = []
    """Only these teams may be delayered; default (empty): every team."""


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
    """No hiring at all."""
    cap_per_period: NonNeg | None = None
    """Most hires in one period across the organisation [FTE]."""
    role_caps: dict[str, NonNeg] = {}
    """Most hires per period of a role [FTE]."""
    cost_per_hire: NonNeg = 0.0
    """Recruiting cost per FTE hired [currency]."""


class Reskilling(_Model):
    """A reskilling (or downgrading) path between roles."""

    from_role: str = Field(alias="from")
    to_role: str = Field(alias="to")
    capacity_per_period: NonNeg | None = None
    """Most FTE who may start the path per period [FTE]."""
    capacity_share_of_target: NonNeg | None = None
    """Most starting per period as a share of the target role's FTE."""
    cost_per_fte: NonNeg = 0.0
    lead_time_periods: Annotated[int, Field(ge=0, le=24)] = 0
    """Periods spent training before arriving in the new role."""
    retention: Share | None = None
    """Share of the moved staff who arrive; default 1 - the target role's attrition."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ReskillingAuto(_Model):
    """Reskilling paths suggested from role adjacency (:mod:`planner.work.adjacency`):
    from each role of the org to its ``top_k`` nearest roles of the org whose similarity
    is at least ``min_similarity``, beside the hand-written ``reskilling`` paths (a
    hand-written path for the same two roles wins). A suggested path costs more and takes
    longer the less alike the roles are: cost per FTE = ``cost_per_fte`` +
    (``cost_per_fte_at_zero_similarity`` - ``cost_per_fte``) x (1 - similarity), and lead
    time = ``lead_time_periods`` + round(``extra_lead_time_at_zero_similarity`` x (1 -
    similarity))."""

    min_similarity: Share = 0.5
    """Least similarity of two roles for a suggested path [0-1]."""
    top_k: Annotated[int, Field(ge=1, le=50)] = 3
    """Most suggested paths from one role (its nearest roles first)."""
    cost_per_fte: NonNeg = 0.0
    """Cost of reskilling one FTE between identical roles [currency]."""
    cost_per_fte_at_zero_similarity: NonNeg | None = None
    """Cost of reskilling one FTE between roles with nothing in common; default
    ``cost_per_fte`` (no growth with distance) [currency]."""
    lead_time_periods: Annotated[int, Field(ge=0, le=24)] = 0
    """Periods spent training before arriving in the new role."""
    extra_lead_time_at_zero_similarity: Annotated[int, Field(ge=0, le=24)] = 0
    """Periods added to the lead time between roles with nothing in common."""
    capacity_per_period: NonNeg | None = None
    """Most FTE who may start each suggested path per period [FTE]."""


class Redeployment(_Model):
    """Moving people between teams in the same role."""

    scope: RedeploymentScope = RedeploymentScope.FUNCTION
    """Where people may move: within their function, anywhere, or nowhere."""
    cost_per_fte: NonNeg = 0.0


class Attrition(_Model):
    """Natural attrition: annual rates for staff hired in the period (new) and the others."""

    new: Share = 0.15
    """Annual attrition of staff hired during the plan [share/year]."""
    long: Share = 0.08
    """Annual attrition of the other staff [share/year]."""
    roles: dict[str, AttritionRates] = {}


class AttritionRates(_Model):
    """Attrition rates of one role."""

    new: Share
    long: Share


class Allowance(_Model):
    """Overstaffing (staff above requirement) or short-time working allowance."""

    per_pool: NonNeg | None = None
    """Most FTE allowed per team and role [FTE]."""
    total: NonNeg | None = None
    """Most FTE allowed across the organisation [FTE]."""
    cost_per_fte: NonNeg = 0.0
    """Extra cost per FTE-year beyond salary [currency/year]."""
    factor: Share = 0.5
    """Short time: share of a full worker a short-time worker counts as."""


class Growth(_Model):
    """Annual demand growth: a default and per team (-0.1 = a tenth less work a year)."""

    default: Annotated[float, Field(gt=-1)] = 0.0
    """Annual growth of every team's work [share/year]."""
    teams: dict[str, Annotated[float, Field(gt=-1)]] = {}
    """Annual growth per named team [share/year]."""


class Vacancies(_Model):
    """How the plan treats vacant posts (roster mode: pool mode has none).

    A vacancy is budget, not staff: it takes no attrition and no redundancy. The plan
    closes it (free), fills it (a hire, with the hire's cost and caps) or keeps it open
    to the end; a team's role with a redundancy in the plan keeps and fills none.
    """

    funded: bool = False
    """Keeping a vacancy open costs its budget: its cost per FTE for every period it stays
    open. When false (the default), a vacancy costs nothing until it is filled."""


class Compliance(_Model):
    """Collective-redundancy law applied to the plan (docs/compliance.md): rule sets per
    establishment, and the dates no redundancy may precede."""

    rules: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = []
    """Rule sets that apply (``uk``, ``us_warn``, ``eu_30``, ``eu_20_90``, or a user's own
    file's name); none: the plan is dated but no law is applied."""
    rule_files: str | None = None
    """Folder of a user's own rule set files (same format as ``data/rules``; a file named
    like a bundled one replaces it)."""
    announce_on: date | None = None
    """When the redundancies are proposed and consultation and notice start (YYYY-MM-DD);
    default: the plan's first day."""
    establishment_by: str = "location"
    """Roster column that names each position's establishment; with no such column the
    organisation is one establishment."""
    jurisdictions: dict[str, list[str]] = {}
    """Establishment -> the rule sets that apply there (default: every listed rule applies
    to every establishment)."""
    notice_after_consultation: bool = False
    """Individual notice starts only once the collective lead time has run (else both run
    from the announce date, and the longer decides)."""
    full_time_hours_per_week: Annotated[float, Field(gt=0, le=80)] = 37.5
    """Weekly hours of one FTE, to tell part-timers (a rule's ``part_time_below_hours``)
    [h/week]."""


class GateHolds(StrEnum):
    """The exits an adoption gate holds back."""

    REDUNDANCIES = "redundancies"
    """Redundancies only."""
    REDUCTIONS = "reductions"
    """Every exit but attrition: redundancies, moves out (redeployment) and departures to
    reskilling."""


class Gate(_Model):
    """An adoption gate: "cuts follow gains". In every pool (team and role) whose work the
    capability executes or assists, the exits it ``holds`` take effect in no period before
    the one in which the capability's adoption first reaches ``adoption``; the plan says what
    the gate costs."""

    capability: str
    """The capability's id (``capabilities[].id``)."""
    adoption: Annotated[float, Field(gt=0, le=1)]
    """The adoption share the capability must reach before the exits may take effect
    (0.5 = half its reachable hours) [share]."""
    holds: GateHolds = GateHolds.REDUNDANCIES
    """``redundancies``, or ``reductions`` (every exit but attrition)."""


class Levers(_Model):
    """Levers and constraints."""

    span: Span = Span()
    """Span of control limits per team."""
    team_fte: TeamFte = TeamFte()
    """Bounds on each team's FTE."""
    delayering: Delayering | None = None
    """Remove a management layer where spans are narrow (none when omitted)."""
    max_reduction_per_period: Share | None = None
    """Most a team's FTE may fall in one period, as a share of its FTE at the period's start."""
    max_reduction_overall: Share | None = None
    """Most the whole organisation's FTE may fall over the horizon, as a share of the start."""
    protected_teams: list[str] = []
    """Teams whose FTE may not fall (no redundancies, no moves out beyond attrition)."""
    protected_roles: list[str] = []
    """Roles whose FTE may not fall anywhere."""
    locks: list[Lock] = []
    """FTE a planner has fixed for a team's role (in one period or all)."""
    hiring: Hiring = Hiring()
    """Hiring freeze, caps and cost."""
    vacancies: Vacancies = Vacancies()
    """Whether open vacancies cost their budget (closing is free, filling is a hire)."""
    reskilling: list[Reskilling] = []
    """Reskilling paths between roles."""
    reskilling_auto: ReskillingAuto | None = None
    """Reskilling paths suggested from how much work roles share (none when omitted)."""
    redeployment: Redeployment = Redeployment()
    """Moving people between teams in the same role."""
    attrition: Attrition = Attrition()
    """Natural attrition rates."""
    no_redundancy: bool = False
    """The no-redundancy pledge: reductions come only from attrition, moves and reskilling."""
    max_redundancies: NonNeg | None = None
    """Most redundancies over the whole horizon across the organisation [FTE] (none when
    omitted; 0 allows none, as the pledge). In FTE as every other cap: under
    ``solver.whole_people`` each person made redundant counts at their FTE (a half-time
    post is 0.5), so a cap of 10 may allow more than 10 people."""
    redundancy_months_of_pay: NonNeg = 6.0
    """Severance per redundancy, in months of the role's cost per FTE."""
    one_off_budget: NonNeg | None = None
    """Most the one-off costs (severance, hiring, reskilling, moves, AI set-up) may total
    [currency]."""
    savings_target: Share | None = None
    """Run-rate cost at the end at most (1 - target) x the start."""
    gates: list[Gate] = []
    """Adoption gates: exits held in the pools a capability works in until its adoption
    reaches a level (none when empty)."""
    overstaffing: Allowance = Allowance()
    """Staff above the requirement, at a cost."""
    short_time: Allowance = Allowance(per_pool=0.0)
    """Short-time working, at a cost."""
    demand_growth: Growth = Growth()
    """Annual growth of the work each team must do."""
    compliance: Compliance = Compliance()
    """Collective-redundancy rules per establishment and the dates they impose."""


class Objective(_Model):
    """What to optimise."""

    kind: ObjectiveKind = ObjectiveKind.MIN_COST
    """min_cost, min_redundancies, max_capacity (within a budget) or weighted."""
    budget: NonNeg | None = None
    """max_capacity: the most the whole horizon may cost [currency]."""
    price_per_redundancy: NonNeg | None = None
    """weighted: the price put on each redundancy, on top of its cost [currency]."""

    @model_validator(mode="after")
    def _needs(self) -> Objective:
        if self.kind is ObjectiveKind.MAX_CAPACITY and self.budget is None:
            raise at("budget", "expected a value for objective max_capacity (the most the "
                      "horizon may cost), found none")
        if self.kind is ObjectiveKind.WEIGHTED and self.price_per_redundancy is None:
            raise at("price_per_redundancy", "expected a value for objective weighted (the "
                      "price put on each redundancy), found none")
        return self


class Finance(_Model):
    """Finance settings."""

    discount_rate: Annotated[float, Field(ge=0, le=1)] = 0.08
    """Annual rate for the net present value of the plan's cash flows."""


class Solver(_Model):
    """Solver settings."""

    backend: str = "highs"
    """highs (default), cbc or any PuLP solver."""
    time_limit: Annotated[float, Field(gt=0)] | None = None
    """Most seconds the solver may take."""
    gap: Annotated[float, Field(ge=0, le=1)] = 1e-4
    """Relative optimality gap at which an integer solve stops."""
    integer: bool = False
    """Whole-number hires, redundancies and moves as an exact MIP (slower)."""
    whole_people: bool = False
    """Decisions in whole people (new posts, redundancies, moves out) and whole posts
    (vacancies closed and filled), beside the backfill of expected leavers, an expected
    flow: the LP, then every decision rounded and the broken teams repaired by small MIPs,
    else rounding in batches with the LP re-optimising the rest (docs/formulation.md §10).
    Off by default while it makes sweeps and Monte Carlo runs slower (each sample is made
    whole); never for ``pools:`` (whose published optima are fractional)."""

    @field_validator("backend")
    @classmethod
    def _backend(cls, v: str) -> str:
        import pulp

        known = {"highs", "cbc", *(s.lower() for s in pulp.listSolvers())}
        if v.lower() not in known:
            raise ValueError(f"expected highs, cbc or a PuLP solver ({', '.join(sorted(known))})"
                             f", found {v!r}")
        return v.lower()


class DistributionKind(StrEnum):
    """Shape of an uncertain input."""

    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    BETA = "beta"
    NORMAL = "normal"


class Distribution(_Model):
    """An uncertain input of a sweep: the distribution of a value, or of a factor on it.

    ``uniform`` needs ``low`` < ``high``; ``triangular`` ``low`` <= ``mode`` <= ``high``;
    ``beta`` ``alpha`` and ``beta`` (both >= 1), scaled to [``low``, ``high``] (default
    [0, 1]); ``normal`` ``mean`` and ``sd``, truncated to [``low``, ``high``] when given
    and always to the range the key accepts (a share stays in [0, 1]).
    """

    dist: DistributionKind
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    mean: float | None = None
    sd: Annotated[float, Field(gt=0)] | None = None
    alpha: Annotated[float, Field(ge=1)] | None = None
    beta: Annotated[float, Field(ge=1)] | None = None
    apply: Literal["set", "scale"] | None = None
    """``set``: the sample is the value; ``scale``: the value (every element of a list,
    such as an adoption curve) is multiplied by the sample. Default: ``set``, except for
    ``automatable_share.all`` and ``automatable_share.category.*`` (``scale``)."""
    per_task: bool = False
    """automatable_share: one draw per task instead of one for the whole scope."""
    correlation: Share = 0.0
    """automatable_share with ``per_task``: correlation of the draws of tasks in the same
    category (0 independent, 1 one draw per category)."""

    @model_validator(mode="after")
    def _parameters(self) -> Distribution:
        def need(*names: str) -> None:
            missing = [n for n in names if getattr(self, n) is None]
            if missing:
                raise at(missing[0], f"expected a value for a {self.dist.value} "
                          f"distribution (it needs {', '.join(names)}), found none")

        if self.dist is DistributionKind.UNIFORM:
            need("low", "high")
        elif self.dist is DistributionKind.TRIANGULAR:
            need("low", "mode", "high")
            assert self.low is not None and self.high is not None and self.mode is not None
            if not self.low <= self.mode <= self.high:
                raise at("mode", f"expected low <= mode <= high, found {self.low:g}, "
                          f"{self.mode:g}, {self.high:g}")
        elif self.dist is DistributionKind.BETA:
            need("alpha", "beta")
        else:
            need("mean", "sd")
        lo = self.low if self.low is not None else (0.0 if self.dist == "beta" else None)
        hi = self.high if self.high is not None else (1.0 if self.dist == "beta" else None)
        if lo is not None and hi is not None and not lo < hi:
            raise at("high", f"expected low < high, found low {lo:g}, high {hi:g}")
        return self


class Sweep(_Model):
    """A batch of runs: a grid over key paths, Monte Carlo samples of uncertain inputs, or
    both (every grid point runs every sample)."""

    grid: dict[str, list[Any]] = {}
    """Key path -> the values to try (``capabilities.document_ai.cost_per_hour: [6, 12]``);
    the grid is every combination."""
    samples: Annotated[int, Field(ge=0, le=1_000_000)] = 0
    """Monte Carlo samples per grid point (0: no sampling)."""
    seed: int = 0
    uncertain: dict[str, Distribution] = {}
    """Key path (or ``automatable_share.all``, ``automatable_share.category.CATEGORY``,
    ``automatable_share.task.TASK``) -> its distribution."""
    time_limit: Annotated[float, Field(gt=0)] | None = None
    """Per run [s]: the solver's limit, and a run that ignores it is killed."""

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        # ``sweep: {capabilities.x.cost_per_hour: [1, 2]}``: dotted keys are grid entries.
        if isinstance(data, dict) and any("." in str(k) for k in data):
            grid = dict(data.get("grid") or {})
            grid.update({k: v for k, v in data.items() if "." in str(k)})
            data = {**{k: v for k, v in data.items() if "." not in str(k)}, "grid": grid}
        return data

    @field_validator("grid")
    @classmethod
    def _values(cls, v: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for path, values in v.items():
            if not values:
                raise at(path, "expected a list of at least one value, found an empty list")
        return v


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
    finance: Finance = Finance()
    solver: Solver = Solver()
    sweep: Sweep = Sweep()
    base_dir: str = Field(default=".", exclude=True)

    @model_validator(mode="after")
    def _source(self) -> Scenario:
        if bool(self.inputs.roster) == bool(self.pools):
            found = "both" if self.pools else "neither"
            raise ValueError("expected exactly one of inputs.roster (a roster) or pools (staff "
                             f"pools with their demand), found {found}")
        for i, p in enumerate(self.pools):
            if len(p.demand) != self.horizon.periods:
                raise at(f"pools.{i}.demand", f"expected {self.horizon.periods} values (one "
                          f"per period of the horizon), found {len(p.demand)}")
        roles: dict[str, int] = {}
        for i, p in enumerate(self.pools):
            if p.role in roles:
                raise at(f"pools.{i}.role", f"expected a role once, found {p.role!r} again "
                          f"(first at pools.{roles[p.role]})")
            roles[p.role] = i
        if self.pools and self.levers.reskilling_auto is not None:
            raise at("levers.reskilling_auto", "expected a roster-based scenario (suggested "
                      "paths come from the library's task mixes), found pools; name the "
                      "paths in levers.reskilling")
        seen: dict[str, int] = {}
        for i, c in enumerate(self.capabilities):
            if c.id in seen:
                raise at(f"capabilities.{i}.id", f"expected a unique id, found {c.id!r} "
                          f"again (first at capabilities.{seen[c.id]})")
            seen[c.id] = i
        self._check_gates(seen)
        return self

    def _check_gates(self, ids: dict[str, int]) -> None:
        """Each adoption gate names a capability of the scenario, in a roster scenario."""
        if self.levers.gates and self.pools:
            raise at("levers.gates", "expected a roster-based scenario (a gate follows the "
                      "work a capability takes from a team's tasks), found pools, which have "
                      "no AI work; remove levers.gates")
        for i, g in enumerate(self.levers.gates):
            if g.capability not in ids:
                known = ", ".join(ids) or "none"
                close = difflib.get_close_matches(g.capability, list(ids), n=1)
                hint = (f"; did you mean {close[0]!r}?" if close else
                        "; name one of them, or add the capability to capabilities")
                raise at(f"levers.gates.{i}.capability", f"expected the id of one of the "
                          f"scenario's capabilities ({known}), found {g.capability!r}{hint}")

    @property
    def pool_based(self) -> bool:
        """True when demand is given per role and period instead of from tasks."""
        return bool(self.pools)

    @property
    def whole_people(self) -> bool:
        """Decisions in whole people: ``solver.whole_people`` for a roster (never for
        ``pools:``); an exact MIP (``solver.integer``) is whole already."""
        return self.solver.whole_people and not self.solver.integer and not self.pool_based

    def resolve(self, path: str) -> Path:
        """A path from the scenario file, relative to the file's folder."""
        p = Path(path)
        return p if p.is_absolute() else Path(self.base_dir) / p


TeamFte.model_rebuild()
Attrition.model_rebuild()


def scenario_from_dict(doc: dict[str, Any], *, base_dir: str | os.PathLike[str] = ".",
                       source: str = "scenario") -> Scenario:
    """Validate a scenario document; no file is read.

    The document holds every setting itself, as :func:`scenario_document` writes it. Entries
    that name another file (a capability ``from_catalogue``, a tag overrides file) are
    expanded by :func:`planner.scenario.load.load_scenario_dict`, which reads them; here
    they are errors that say so.

    Parameters
    ----------
    doc : dict
        The scenario's keys (``name``, ``inputs``, ``levers`` ...).
    base_dir : path, optional
        The folder its relative input paths start from (the scenario file's folder).
    source : str, optional
        What the document is called in messages (the file's name).

    Raises
    ------
    ScenarioError
        For the first failing key, with its path; ``errors`` holds every failure.
    """
    if not isinstance(doc, dict):
        raise ScenarioError("(top)", f"expected a mapping of keys in {source}, found "
                            f"{type(doc).__name__}")
    if "base_dir" in doc:
        raise ScenarioError("base_dir", "expected no base_dir key (it is set from the file's "
                            "folder), found one")
    references = _file_references(doc)
    if references:  # not a document yet: what pydantic would say of these entries is noise
        raise scenario_error(references)
    try:
        scenario = Scenario.model_validate({**doc, "base_dir": str(base_dir)})
    except ValidationError as exc:
        raise scenario_error(key_errors(exc, Scenario)) from None
    return scenario


def _file_references(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Entries of a document that name another file, as (key path, what to do): the
    capabilities taken ``from_catalogue`` and the tag overrides files, which
    :func:`planner.scenario.load.load_scenario_dict` reads in their place."""
    out = []
    caps = doc.get("capabilities")
    for i, c in enumerate(caps if isinstance(caps, list) else []):
        if isinstance(c, dict) and "from_catalogue" in c:
            out.append((f"capabilities.{i}.from_catalogue", f"expected the capability's keys "
                        f"written out, found a catalogue reference {c['from_catalogue']!r}: "
                        f"load the scenario with planner.scenario.load.load_scenario_dict "
                        f"(or load_scenario for a file), which reads the catalogue"))
    inputs = doc.get("inputs")
    entries = inputs.get("tag_overrides") if isinstance(inputs, dict) else None
    for i, e in enumerate([entries] if isinstance(entries, str) else
                          entries if isinstance(entries, list) else []):
        if isinstance(e, str):
            out.append((f"inputs.tag_overrides.{i}", f"expected a tag override (a task and "
                        f"its tags), found a file name {e!r}: load the scenario with "
                        f"planner.scenario.load.load_scenario_dict (or load_scenario for a "
                        f"file), which reads the file"))
    return out


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
        rules = doc["levers"]["compliance"]
        if rules.get("rule_files"):
            rules["rule_files"] = str(scenario.resolve(rules["rule_files"]).resolve())
    return doc


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The one document of a scenario that every face saves, writes beside a plan and
    compares: every setting present (defaults and unset values included, so two documents
    differ only where the scenarios do) and the input paths absolute.

    The CLI (``planner run --out``/``--save``, ``planner store save``), the app (each run, the
    store) and the store (:meth:`planner.store.Store.save_scenario` given a
    :class:`Scenario`) all write this.
    """
    return scenario_to_dict(scenario, absolute_paths=True)
