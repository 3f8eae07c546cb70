"""The canonical tables (pandera models) that cross module boundaries.

Every table the core passes between modules is validated against one of these schemas,
lazily, so that every failure is reported at once.

The plan's tables (:class:`StaffingSchema`, :class:`WorkSchema`, :class:`CapabilitySchema`,
:class:`TeamSchema`, :class:`CostSchema`, :class:`ConstraintSchema`, :class:`MoveSchema`,
and the summary's :class:`SkippedRowSchema`) gate a plan as it is built (its columns) and
validate a plan folder read back, in full (:mod:`planner.io.plan_folder`). They state the
tables' structure: the columns, their types, which may be empty, the values a category
takes. Whether the numbers hold (flows conserve FTE, costs recompute) is the independent
checker's question (:mod:`planner.plan.check`), which reports it rather than refusing the
folder. Text columns are coerced to text (a team called ``2024`` is the text ``"2024"``),
number columns to floats; the columns a plan writes are all declared, in the order it
writes them.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from planner.domain import (  # noqa: F401  (the kinds, named here as before)
    ONE_OFF_COSTS,
    ActivityCategory,
    CapabilityKind,
    CostCategory,
    EmploymentType,
    MoveKind,
    TaskMode,
)

ROSTER_COLUMNS: tuple[str, ...] = (
    "position_id",
    "employee_id",
    "name",
    "manager_position_id",
    "job_title",
    "role_id",
    "role_confidence",
    "role_status",
    "role_reason",
    "team",
    "department",
    "cost_center",
    "location",
    "grade",
    "profession",
    "fte",
    "annual_cost",
    "base_salary",
    "currency",
    "employment_type",
    "start_date",
    "tags",
    "is_pool",
    "vacant",
    "posts",
    "source_file",
    "source_row",
)
"""Column order of the canonical roster."""


class RosterSchema(pa.DataFrameModel):
    """The canonical roster: one row per position or pool of positions.

    Columns
    -------
    position_id : str
        Unique id of the position (or pool).
    employee_id : str, nullable
        The holder's id in the HRIS; missing for a vacancy or a pool.
    name : str, nullable
        The holder's name; optional, never used by the optimiser.
    manager_position_id : str, nullable
        Position this one reports to; missing for a root.
    job_title : str, nullable
        Title as exported.
    role_id : str, nullable
        Library role, filled by role matching (:mod:`planner.work.matching`).
    role_confidence : float, nullable
        How sure the match is [0-1]; missing when no library was used.
    role_status : str, nullable
        ``ok``, ``low_confidence`` or ``unmatched``; missing when no library was used.
    role_reason : str, nullable
        Why the position has that role, in words ("alias 'Customer Service Agent'").
    team, department, cost_center, location, grade : str, nullable
        Organisational attributes as exported.
    profession : str, nullable
        Profession or job family as exported (the UK organograms' "Professional/Occupational
        Group"): context for matching a grade title to a role.
    fte : float
        Full-time equivalents of the row [FTE]; above 1 only for a pool.
    annual_cost : float, nullable
        Fully loaded annual cost of the whole row at its FTE [currency/year].
    base_salary : float, nullable
        Full-time base salary when exported [currency/year].
    currency : str, nullable
        ISO 4217 code.
    employment_type : str, nullable
        One of :class:`EmploymentType`.
    start_date : datetime, nullable
        Start date of the holder.
    tags : str
        Pipe-separated lower-case tags (``protected|critical``); empty when none.
    is_pool : bool
        True when the row aggregates several posts of one job under one manager.
    vacant : bool
        True for a post held by no one: its file says who holds posts and this one has no
        holder, or a UK organogram marks it vacant ("Vacant", "Vacancy", "Not in post",
        "Eliminated" in the name, or "Vacant" in the title). Pools are never vacant; a post
        whose file does not say who holds posts is not vacant.
    posts : int
        Posts the row stands for [posts]: 1 for a position; for a pool, its FTE rounded up
        (a UK junior row of 12.5 FTE is 13 posts).
    source_file : str
        File the row was read from.
    source_row : int
        Spreadsheet row number in that file (header = 1).
    """

    position_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    employee_id: Series[str] = pa.Field(nullable=True)
    name: Series[str] = pa.Field(nullable=True)
    manager_position_id: Series[str] = pa.Field(nullable=True)
    job_title: Series[str] = pa.Field(nullable=True)
    role_id: Series[str] = pa.Field(nullable=True)
    role_confidence: Series[float] = pa.Field(ge=0, le=1, nullable=True)
    role_status: Series[str] = pa.Field(nullable=True, isin=["ok", "low_confidence", "unmatched"])
    role_reason: Series[str] = pa.Field(nullable=True)
    team: Series[str] = pa.Field(nullable=True)
    department: Series[str] = pa.Field(nullable=True)
    cost_center: Series[str] = pa.Field(nullable=True)
    location: Series[str] = pa.Field(nullable=True)
    grade: Series[str] = pa.Field(nullable=True)
    profession: Series[str] = pa.Field(nullable=True)
    fte: Series[float] = pa.Field(gt=0)
    annual_cost: Series[float] = pa.Field(ge=0, nullable=True)
    base_salary: Series[float] = pa.Field(ge=0, nullable=True)
    currency: Series[str] = pa.Field(nullable=True)
    employment_type: Series[str] = pa.Field(
        nullable=True, isin=[e.value for e in EmploymentType]
    )
    start_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    tags: Series[str] = pa.Field(nullable=False)
    is_pool: Series[bool]
    vacant: Series[bool]
    posts: Series[int] = pa.Field(ge=1)
    source_file: Series[str]
    source_row: Series[int] = pa.Field(ge=1)

    class Config:
        strict = True
        ordered = True


ONET_SOC_PATTERN = r"^\d{2}-\d{4}\.\d{2}$"
"""An O*NET-SOC occupation code: ``NN-NNNN.NN``."""


class RoleSchema(pa.DataFrameModel):
    """The role library: one row per role.

    ``typical_annual_cost`` is the fully loaded cost of one FTE [GBP/year].
    ``aliases`` is a pipe-separated list of job titles that mean this role.
    ``onet_soc`` is the O*NET-SOC occupation the role draws from (``23-1011.00``); a library
    without the column, or a role without a code, still loads.
    """

    role_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    name: Series[str]
    function: Series[str]
    is_manager: Series[bool]
    aliases: Series[str]
    typical_annual_cost: Series[float] = pa.Field(gt=0)
    onet_soc: Optional[Series[str]] = pa.Field(  # noqa: UP045 (pandera reads Optional)
        nullable=True, str_matches=ONET_SOC_PATTERN)


class TaskSchema(pa.DataFrameModel):
    """The task library: one row per task statement.

    ``automatable_share`` is the default share of the task's hours an AI execution layer
    can take [0-1]; ``oversight_hours_per_ai_hour`` is human review time per AI-executed
    hour [h/h].
    """

    task_id: Series[str] = pa.Field(unique=True)
    statement: Series[str] = pa.Field(str_length={"min_value": 10})
    activity_category: Series[str] = pa.Field(isin=[c.value for c in ActivityCategory])
    automatable_share: Series[float] = pa.Field(ge=0, le=1)
    mode: Series[str] = pa.Field(isin=[m.value for m in TaskMode])
    oversight_hours_per_ai_hour: Series[float] = pa.Field(ge=0, le=2)
    source: Series[str]
    rationale: Series[str] = pa.Field(nullable=True)


_ROLE_OR_BLANK = r"^([a-z][a-z0-9_]*)?$"


class GradeSchema(pa.DataFrameModel):
    """Grade titles (``grades.csv`` of the library): ``aliases`` pipe-separated, ``level`` 1
    the most junior, ``band`` one of junior, middle, senior, executive."""

    scheme: Series[str]
    grade: Series[str] = pa.Field(str_length={"min_value": 1})
    aliases: Series[str]
    level: Series[int] = pa.Field(ge=1, le=12)
    band: Series[str] = pa.Field(isin=["junior", "middle", "senior", "executive"])
    source: Series[str]


class ProfessionSchema(pa.DataFrameModel):
    """Professions (``professions.csv``) and the role a post most likely holds at each band
    (blank: the profession says nothing about the work)."""

    profession: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    aliases: Series[str]
    junior_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    middle_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    senior_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    executive_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)


class ContextTermSchema(pa.DataFrameModel):
    """Work-family terms (``context_terms.csv``): a word of a grade title's remainder
    (``where`` title), of a unit (unit) or of either (any), and the role it means per band;
    a ``weak`` term (a grade group such as "Administration") yields to the unit and the
    profession."""

    term: Series[str] = pa.Field(str_length={"min_value": 1})
    where: Series[str] = pa.Field(isin=["title", "unit", "any"])
    strength: Series[str] = pa.Field(isin=["strong", "weak"])
    junior_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    middle_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    senior_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    executive_role: Series[str] = pa.Field(str_matches=_ROLE_OR_BLANK)
    note: Series[str]


class RoleTaskSchema(pa.DataFrameModel):
    """The task mix: share of each role's working hours per task [0-1]."""

    role_id: Series[str]
    task_id: Series[str]
    share: Series[float] = pa.Field(gt=0, le=1)

    @pa.dataframe_check
    @classmethod
    def shares_sum_to_one(cls, df: pd.DataFrame) -> Series[bool]:
        """Each role's task shares sum to 1 (within 1e-6)."""
        totals = df.groupby("role_id")["share"].transform("sum")
        return (totals - 1.0).abs() <= 1e-6

    @pa.dataframe_check
    @classmethod
    def one_row_per_pair(cls, df: pd.DataFrame) -> Series[bool]:
        """A (role, task) pair appears once."""
        return ~df.duplicated(["role_id", "task_id"], keep=False)


class MoveSchema(pa.DataFrameModel):
    """The plan's moves: one row per (from pool, to pool, kind, departure period).

    ``fte`` leave the from-pool in ``period`` [FTE], ``people`` of them (whole; absent from
    folders written before the position ledger); ``fte_arriving`` reach the to-pool in
    ``arrival_period`` (the same for a redeployment; after the lead time and times the
    retention for reskilling) [FTE]; ``cost`` is the row's one-off redeployment or
    reskilling cost [currency]. Periods are the user's labels.
    """

    from_team: Series[str]
    from_role: Series[str]
    to_team: Series[str]
    to_role: Series[str]
    period: Series[str]
    fte: Series[float] = pa.Field(ge=0)
    people: Optional[Series[int]] = pa.Field(ge=0)  # noqa: UP045 (pandera reads Optional)
    kind: Series[str] = pa.Field(isin=[k.value for k in MoveKind])
    cost: Series[float] = pa.Field(ge=0)
    arrival_period: Series[str]
    fte_arriving: Series[float] = pa.Field(ge=0)

    class Config:
        strict = True
        ordered = True
        coerce = True

    @pa.dataframe_check
    @classmethod
    def no_more_arrive_than_leave(cls, df: pd.DataFrame) -> Series[bool]:
        """A move delivers at most the people who left (reskilling loses some)."""
        return df["fte_arriving"] <= df["fte"] * (1 + 1e-9) + 1e-9

    @pa.dataframe_check
    @classmethod
    def redeployment_keeps_role_and_period(cls, df: pd.DataFrame) -> Series[bool]:
        """A redeployment moves people to the same role in the same period."""
        re = df["kind"] == MoveKind.REDEPLOY.value
        return ~re | ((df["from_role"] == df["to_role"])
                      & (df["period"] == df["arrival_period"])
                      & ((df["fte"] - df["fte_arriving"]).abs() <= 1e-9))


def _coerced(**kwargs: Any) -> Any:
    """A text or number column of a plan table: cells are cast to the column's type (a
    number cell that does not read as a number fails)."""
    return pa.Field(coerce=True, **kwargs)


BOOL_TEXT = {"true": True, "false": False}
"""How a true/false column is written in a CSV file (any case)."""


def parse_bool(series: pd.Series) -> pd.Series:
    """A true/false column as booleans: ``True``/``False`` text (any case) and booleans are
    read; in a column holding anything else those cells are left as they are, so that its
    schema reports them (pandas' own cast would read any text as true)."""
    if pd.api.types.is_bool_dtype(series):
        return series
    parsed = series.map(lambda v: BOOL_TEXT.get(v.lower()) if isinstance(v, str) else (
        bool(v) if isinstance(v, bool | np.bool_) else None))
    if parsed.notna().all():
        return parsed.astype(bool)
    return parsed.astype(object).where(parsed.notna(), series.astype(object))


class StaffingSchema(pa.DataFrameModel):
    """The plan's staffing: one row per pool (team and role) and period.

    Columns
    -------
    team, role, period : str
        The pool and the period (the user's period label).
    function, cost_center : str, nullable
        The team's function and cost centre, as the roster gives them.
    fte_start, attrition, hires, redeploy_in, redeploy_out, redundancies, fte_end : float
        The period's flows [FTE]: ``fte_end`` = ``fte_start`` - ``attrition`` + ``hires`` +
        ``redeploy_in`` - ``redeploy_out`` - ``redundancies``; ``redeploy_in`` includes
        ``reskilled_in``.
    annual_cost_per_fte : float
        Fully loaded cost of one FTE of the pool [currency/year].
    overstaffing, short_time : float
        FTE kept above the work, and FTE on short time [FTE].
    reskilled_in : float
        FTE arriving from a reskilling path [FTE].
    short_time_factor : float
        Share of a short-time FTE's hours worked and paid [0-1].
    demand_fte : float
        The work of the pool in the period, in FTE [FTE].
    is_manager : bool
        The role manages people.
    severance_per_fte, hire_cost_per_fte : float
        One-off cost of one redundancy and of one hire [currency/FTE].
    overstaffing_cost_per_fte, short_time_cost_per_fte : float
        Extra cost of one FTE overstaffed or on short time [currency/year].
    fte_per_person : float
        The pool's FTE per person [FTE/person]: its decisions in people are their FTE
        divided by it, rounded (absent in folders written before it).
    fte_per_vacant_post : float
        The pool's FTE per vacant post [FTE/post] (plans solved in whole people only).
    hires_people, redundancies_people, redeploy_out_people : int
        The decisions solved in whole people (``solver.whole_people``; absent otherwise):
        ``redundancies`` = ``redundancies_people`` x ``fte_per_person``, the same for
        ``redeploy_out``; ``hires`` = (``hires_people`` - ``vacancies_filled_posts``) x
        ``fte_per_person`` + ``vacancies_filled`` + ``backfill`` [people].
    backfill : float
        Hires that replace the pool's expected leavers as they go (plans solved in whole
        people only): an expected flow, like the attrition it replaces, at most
        ``attrition`` [FTE]; no post is new, so they are not in the ledger.
    vacancies_closed_posts, vacancies_filled_posts : int
        The vacancies closed and filled in whole posts: their FTE over
        ``fte_per_vacant_post`` [posts] (plans solved in whole people only).
    vacant_fte_start, vacancies_closed, vacancies_filled, vacant_fte_end : float
        The period's vacancies [FTE]: ``vacant_fte_end`` = ``vacant_fte_start`` -
        ``vacancies_closed`` - ``vacancies_filled``; ``vacancies_filled`` is part of
        ``hires`` (the rest of the hires are new posts). Absent from plans written before
        vacancies were modelled (read as 0).
    """

    team: Series[str] = _coerced()
    function: Series[str] = _coerced(nullable=True)
    cost_center: Series[str] = _coerced(nullable=True)
    role: Series[str] = _coerced()
    period: Series[str] = _coerced()
    fte_start: Series[float] = _coerced()
    attrition: Series[float] = _coerced()
    hires: Series[float] = _coerced()
    redeploy_in: Series[float] = _coerced()
    redeploy_out: Series[float] = _coerced()
    redundancies: Series[float] = _coerced()
    fte_end: Series[float] = _coerced()
    annual_cost_per_fte: Series[float] = _coerced()
    overstaffing: Series[float] = _coerced()
    short_time: Series[float] = _coerced()
    reskilled_in: Series[float] = _coerced()
    short_time_factor: Series[float] = _coerced()
    demand_fte: Series[float] = _coerced()
    is_manager: Series[bool]
    severance_per_fte: Series[float] = _coerced()
    hire_cost_per_fte: Series[float] = _coerced()
    overstaffing_cost_per_fte: Series[float] = _coerced()
    short_time_cost_per_fte: Series[float] = _coerced()
    vacant_fte_start: Optional[Series[float]] = _coerced()  # noqa: UP045
    vacancies_closed: Optional[Series[float]] = _coerced()  # noqa: UP045
    vacancies_filled: Optional[Series[float]] = _coerced()  # noqa: UP045
    vacant_fte_end: Optional[Series[float]] = _coerced()  # noqa: UP045
    fte_per_person: Optional[Series[float]] = _coerced(gt=0)  # noqa: UP045
    fte_per_vacant_post: Optional[Series[float]] = _coerced(gt=0)  # noqa: UP045
    backfill: Optional[Series[float]] = _coerced(ge=0)  # noqa: UP045
    hires_people: Optional[Series[int]] = pa.Field(ge=0, coerce=True)  # noqa: UP045
    redundancies_people: Optional[Series[int]] = pa.Field(ge=0, coerce=True)  # noqa: UP045
    redeploy_out_people: Optional[Series[int]] = pa.Field(ge=0, coerce=True)  # noqa: UP045
    vacancies_closed_posts: Optional[Series[int]] = pa.Field(ge=0, coerce=True)  # noqa: UP045
    vacancies_filled_posts: Optional[Series[int]] = pa.Field(ge=0, coerce=True)  # noqa: UP045

    @pa.parser("is_manager")
    @classmethod
    def _read_is_manager(cls, series: pd.Series) -> pd.Series:
        return parse_bool(series)


class WorkSchema(pa.DataFrameModel):
    """The plan's work: one row per pool, task and period (empty for a pool-based scenario).

    ``demand_hours`` is the task's work [h]; ``ai_hours`` the hours an execute capability
    does and ``assisted_hours`` the hours people do with an assist capability [h];
    ``human_hours`` the hours left to people and ``oversight_hours`` their review of the
    AI's hours [h]; ``capability`` names the capability (``a+b`` for two; empty when none).
    """

    team: Series[str] = _coerced()
    role: Series[str] = _coerced()
    task: Series[str] = _coerced()
    period: Series[str] = _coerced()
    demand_hours: Series[float] = _coerced()
    ai_hours: Series[float] = _coerced()
    capability: Series[str] = _coerced(nullable=True)
    assisted_hours: Series[float] = _coerced()
    human_hours: Series[float] = _coerced()
    oversight_hours: Series[float] = _coerced()


class CapabilitySchema(pa.DataFrameModel):
    """The plan's AI layer: one row per team, capability and period.

    ``deployed`` is the share of the team the capability is deployed to [0-1];
    ``executed_hours`` the hours of work it does (execute) and ``assisted_hours`` the hours
    of human work it assists (assist) [h]; ``cost`` its running and fixed cost [currency].
    """

    team: Series[str] = _coerced()
    capability: Series[str] = _coerced()
    period: Series[str] = _coerced()
    kind: Series[str] = _coerced(isin=[k.value for k in CapabilityKind])
    deployed: Series[float] = _coerced()
    executed_hours: Series[float] = _coerced()
    assisted_hours: Series[float] = _coerced()
    cost: Series[float] = _coerced()


class TeamSchema(pa.DataFrameModel):
    """The plan's teams: one row per team and period, at the period's end.

    ``managers`` and ``individual_contributors`` [FTE]; ``heads_reporting_in`` the FTE of
    other teams' posts reporting directly to the team (the heads of the teams below it;
    absent in folders written before it) [FTE]; ``reports_from_delayered`` the net FTE that
    reports to its managers from the teams delayered into it (``levers.delayering``: their
    individual contributors and the heads of the teams below them, less their posts that
    reported up; 0 before the delayering period, absent in older folders) [FTE]; ``span``
    direct reports (individual contributors, those heads and the reports from delayered
    teams) per manager, empty for a team without managers; ``fte``
    [FTE]; ``run_rate_cost`` the team's pay and AI cost at the period's rate
    [currency/year].
    """

    team: Series[str] = _coerced()
    period: Series[str] = _coerced()
    managers: Series[float] = _coerced()
    individual_contributors: Series[float] = _coerced()
    span: Series[float] = _coerced(nullable=True)
    fte: Series[float] = _coerced()
    run_rate_cost: Series[float] = _coerced()
    heads_reporting_in: Optional[Series[float]] = _coerced(ge=0)  # noqa: UP045
    reports_from_delayered: Optional[Series[float]] = _coerced()  # noqa: UP045


class CostSchema(pa.DataFrameModel):
    """The plan's costs: one row per period and cost line (``amount`` [currency])."""

    period: Series[str] = _coerced()
    category: Series[str] = _coerced(isin=[c.value for c in CostCategory])
    amount: Series[float] = _coerced()


class ConstraintSchema(pa.DataFrameModel):
    """The plan's constraints: one row per constraint of the model.

    ``constraint`` says what the row holds in a planner's words and ``period`` its period
    (empty for the whole horizon; both absent from folders written before they were
    added); ``binding`` whether it binds; ``slack`` its slack and ``shadow_price`` its dual
    (empty when the solver gave none); ``explanation`` the sentence of a priced lever (empty
    for the model's structure); ``kind`` the constraint family and ``name`` the solver's
    row name.
    """

    constraint: Optional[Series[str]] = _coerced(nullable=True)  # noqa: UP045 (pandera reads Optional)
    period: Optional[Series[str]] = _coerced(nullable=True)  # noqa: UP045 (pandera reads Optional)
    binding: Series[bool]
    slack: Series[float] = _coerced(nullable=True)
    shadow_price: Series[float] = _coerced(nullable=True)
    explanation: Series[str] = _coerced(nullable=True)
    kind: Series[str] = _coerced()
    name: Series[str] = _coerced()

    @pa.parser("binding")
    @classmethod
    def _read_binding(cls, series: pd.Series) -> pd.Series:
        return parse_bool(series)


class SkippedRowSchema(pa.DataFrameModel):
    """The roster records a plan was made without (the summary's ``skipped_rows.rows``):
    the file and spreadsheet row of each, the problem's code and its message."""

    file: Series[str] = _coerced(nullable=True)
    row: Series[float] = _coerced(nullable=True)
    code: Series[str] = _coerced()
    message: Series[str] = _coerced()


# The position ledger (:mod:`planner.plan.ledger`) --------------------------------------------

POSITION_ACTIONS: tuple[str, ...] = ("keep", "close", "fill", "new", "affected")
"""What the plan does to a post (the ledger's ``action``)."""


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
"""A date as a plan table writes it: ``YYYY-MM-DD``."""


def _count(**kwargs: Any) -> Any:
    """A whole count of posts or people (0 or more)."""
    return pa.Field(coerce=True, ge=0, **kwargs)


class PositionSchema(pa.DataFrameModel):
    """The position ledger: one row per as-is position and per new post.

    ``position_id`` (the roster's; ``new-0001`` ... for new posts), ``team``, ``role``;
    ``vacant`` (held by no one: a vacancy, or a new post not yet filled); ``posts`` (a pool
    row holds several) [posts]; ``fte`` [FTE]; ``action`` one of :data:`POSITION_ACTIONS`;
    ``period`` the user's label of the period it happens in (empty for ``keep``). That each
    position appears once is the checker's question (:mod:`planner.plan.check`).
    """

    position_id: Series[str] = _coerced()
    team: Series[str] = _coerced()
    role: Series[str] = _coerced()
    vacant: Series[bool]
    posts: Series[int] = _count()
    fte: Series[float] = _coerced(ge=0)
    action: Series[str] = _coerced(isin=list(POSITION_ACTIONS))
    period: Series[str] = _coerced(nullable=True)
    effective_date: Series[str] = _coerced(nullable=True, required=False,
                                           str_matches=DATE_PATTERN)
    """When the action takes effect: the first day of its period (``YYYY-MM-DD``; empty for
    ``keep``; absent from folders written before issue 15)."""

    class Config:
        strict = True
        ordered = True

    @pa.parser("vacant")
    @classmethod
    def _read_vacant(cls, series: pd.Series) -> pd.Series:
        return parse_bool(series)


class PoolChangeSchema(pa.DataFrameModel):
    """The ledger's pool changes: one row per pool (team and role) and period, in whole
    posts and people: ``filled_posts`` (held in the roster: the pool for selection),
    ``redundancies``, ``moves_out`` (redeployed), ``reskill_out`` (reskilling starts),
    ``vacancies_closed``, ``vacancies_filled``, ``new_posts``."""

    team: Series[str] = _coerced()
    role: Series[str] = _coerced()
    period: Series[str] = _coerced()
    filled_posts: Series[int] = _count()
    redundancies: Series[int] = _count()
    moves_out: Series[int] = _count()
    reskill_out: Series[int] = _count()
    vacancies_closed: Series[int] = _count()
    vacancies_filled: Series[int] = _count()
    new_posts: Series[int] = _count()
    effective_date: Series[str] = _coerced(nullable=True, required=False,
                                           str_matches=DATE_PATTERN)
    """When the period's changes take effect (``YYYY-MM-DD``; empty where the pool changes
    nothing; absent from folders written before issue 15)."""

    class Config:
        strict = True
        ordered = True


class RequisitionSchema(pa.DataFrameModel):
    """The requisitions: one row per pool and period with new posts: ``posts`` [posts],
    ``fte`` [FTE], ``annual_cost`` their pay [currency/year], ``one_off_cost`` their hiring
    cost [currency]; ``kind`` ``pool`` (a pool's new posts) or ``ai_operations`` (the posts
    that run the AI execution layer: :func:`planner.plan.ledger.ai_operations`)."""

    team: Series[str] = _coerced()
    role: Series[str] = _coerced()
    period: Series[str] = _coerced()
    posts: Series[int] = _count()
    fte: Series[float] = _coerced(ge=0)
    annual_cost: Series[float] = _coerced(ge=0)
    one_off_cost: Series[float] = _coerced(ge=0)
    kind: Series[str] = _coerced(isin=["pool", "ai_operations"])

    class Config:
        strict = True
        ordered = True


class AlternativeSchema(pa.DataFrameModel):
    """Suitable alternative employment: one row per affected pool (``team``, ``role``, the
    ``period`` of its first removal) and post its people could be offered: ``position_id``,
    ``to_team``, ``to_role``, ``post`` (``vacancy`` or ``new post``), ``to_period`` (when it
    is filled or created; empty for a vacancy kept open), ``fte`` [FTE], ``why`` (``same
    role`` or ``reskilling path``)."""

    team: Series[str] = _coerced()
    role: Series[str] = _coerced()
    period: Series[str] = _coerced()
    position_id: Series[str] = _coerced()
    to_team: Series[str] = _coerced()
    to_role: Series[str] = _coerced()
    post: Series[str] = _coerced(isin=["vacancy", "new post"])
    to_period: Series[str] = _coerced(nullable=True)
    fte: Series[float] = _coerced(ge=0)
    why: Series[str] = _coerced(isin=["same role", "reskilling path"])

    class Config:
        strict = True
        ordered = True


class ComplianceSchema(pa.DataFrameModel):
    """The law's windows (:mod:`planner.compliance.windows`): one row per establishment,
    rule and window. ``window_start``, ``window_end`` (the first day after it), ``count``
    (the redundancies that count there) [people], ``threshold`` (the fewest that would
    trigger the rule; empty where no tier applies to the establishment's size) [people],
    ``triggered``, ``obligation``, ``lead_days`` [days], ``announce_date``,
    ``first_effective_date`` (empty without exits) and ``latest_start`` (the last day to
    start consultation or notice for the first exit; empty where nothing triggers); dates
    ``YYYY-MM-DD``."""

    establishment: Series[str] = _coerced()
    rule: Series[str] = _coerced()
    window_start: Series[str] = _coerced(str_matches=DATE_PATTERN)
    window_end: Series[str] = _coerced(str_matches=DATE_PATTERN)
    count: Series[int] = _count()
    threshold: Series[pd.Int64Dtype] = pa.Field(coerce=True, nullable=True, ge=0)
    triggered: Series[bool]
    obligation: Series[str] = _coerced()
    lead_days: Series[int] = _count()
    announce_date: Series[str] = _coerced(str_matches=DATE_PATTERN)
    first_effective_date: Series[str] = _coerced(nullable=True, str_matches=DATE_PATTERN)
    latest_start: Series[str] = _coerced(nullable=True, str_matches=DATE_PATTERN)

    class Config:
        strict = True
        ordered = True

    @pa.parser("triggered")
    @classmethod
    def _read_triggered(cls, series: pd.Series) -> pd.Series:
        return parse_bool(series)
