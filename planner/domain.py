"""The domain's kinds: the enumerations the tables' schemas, the scenario model and the
faces share.

Apart from :mod:`planner.schema` (pandera) and :mod:`planner.scenario.model` (pydantic) so
that naming a kind imports neither: the app's pages and the CLI use them at start-up.
"""

from __future__ import annotations

from enum import StrEnum


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


class MoveKind(StrEnum):
    """How people move between pools."""

    REDEPLOY = "redeploy"
    """To another pool of the same role, in the same period."""
    RESKILL = "reskill"
    """Along a reskilling path to another role, arriving after its lead time."""


class CapabilityKind(StrEnum):
    """``execute``: the AI layer does the hours; ``assist``: people work faster with it."""

    EXECUTE = "execute"
    ASSIST = "assist"


class CostCategory(StrEnum):
    """The cost lines of a plan (the ``costs`` table's ``category``)."""

    SALARIES = "salaries"
    SHORT_TIME = "short_time"
    OVERSTAFFING = "overstaffing"
    HIRING = "hiring"
    SEVERANCE = "severance"
    REDEPLOYMENT = "redeployment"
    RESKILLING = "reskilling"
    AI_RUN = "ai_run"
    AI_FIXED = "ai_fixed"
    AI_IMPLEMENTATION = "ai_implementation"
    VACANCIES = "vacancies"
    """The budget of vacancies kept open, when ``levers.vacancies.funded``."""


ONE_OFF_COSTS: tuple[CostCategory, ...] = (
    CostCategory.SEVERANCE, CostCategory.HIRING, CostCategory.RESKILLING,
    CostCategory.REDEPLOYMENT, CostCategory.AI_IMPLEMENTATION)
"""The one-off cost lines, in the order a plan's summary lists them (``one_off_cost``); the
others recur every period."""
