"""The canonical tables (pandera models) that cross module boundaries.

Every table the core passes between modules is validated against one of these schemas,
lazily, so that every failure is reported at once.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class EmploymentType(StrEnum):
    """Normalised employment types."""

    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    TEMPORARY = "temporary"
    CONTRACTOR = "contractor"
    INTERN = "intern"
    OTHER = "other"


class ActivityCategory(StrEnum):
    """Activity categories of the McKinsey Global Institute (2016) automation study."""

    PREDICTABLE_PHYSICAL = "predictable_physical"
    UNPREDICTABLE_PHYSICAL = "unpredictable_physical"
    DATA_COLLECTION = "data_collection"
    DATA_PROCESSING = "data_processing"
    APPLYING_EXPERTISE = "applying_expertise"
    STAKEHOLDER_INTERACTION = "stakeholder_interaction"
    MANAGING_OTHERS = "managing_others"


class TaskMode(StrEnum):
    """How an AI execution layer takes part in a task."""

    AUTOMATE = "automate"
    """AI executes the hours; people oversee them."""
    AUGMENT = "augment"
    """AI assists; people still do the work, faster."""
    HUMAN = "human"
    """No AI part."""


ROSTER_COLUMNS: tuple[str, ...] = (
    "position_id",
    "employee_id",
    "name",
    "manager_position_id",
    "job_title",
    "role_id",
    "team",
    "department",
    "cost_center",
    "location",
    "grade",
    "fte",
    "annual_cost",
    "base_salary",
    "currency",
    "employment_type",
    "start_date",
    "tags",
    "is_pool",
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
        Library role, filled by title matching.
    team, department, cost_center, location, grade : str, nullable
        Organisational attributes as exported.
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
    team: Series[str] = pa.Field(nullable=True)
    department: Series[str] = pa.Field(nullable=True)
    cost_center: Series[str] = pa.Field(nullable=True)
    location: Series[str] = pa.Field(nullable=True)
    grade: Series[str] = pa.Field(nullable=True)
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
    source_file: Series[str]
    source_row: Series[int] = pa.Field(ge=1)

    class Config:
        strict = True
        ordered = True


class RoleSchema(pa.DataFrameModel):
    """The role library: one row per role.

    ``typical_annual_cost`` is the fully loaded cost of one FTE [GBP/year].
    ``aliases`` is a pipe-separated list of job titles that mean this role.
    """

    role_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    name: Series[str]
    function: Series[str]
    is_manager: Series[bool]
    aliases: Series[str]
    typical_annual_cost: Series[float] = pa.Field(gt=0)


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


class MoveKind(StrEnum):
    """How people move between pools."""

    REDEPLOY = "redeploy"
    """To another pool of the same role, in the same period."""
    RESKILL = "reskill"
    """Along a reskilling path to another role, arriving after its lead time."""


class MoveSchema(pa.DataFrameModel):
    """The plan's moves: one row per (from pool, to pool, kind, departure period).

    ``fte`` leave the from-pool in ``period`` [FTE]; ``fte_arriving`` reach the to-pool in
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
