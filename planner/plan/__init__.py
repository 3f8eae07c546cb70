"""The answer: the one pipeline (run), the plan and its tables (tables), the independent
checker (check), finance views (finance) and comparison (compare).

The names below are the plan tables', kept here so that ``from planner.plan import ...``
of the earlier flat layout still works."""

from planner._lazy import lazy_exports

_NAMES = {
    'ONE_OFF': 'planner.plan.tables',
    'Plan': 'planner.plan.tables',
    'cost_table': 'planner.plan.tables',
    'make_plan': 'planner.plan.tables',
    'write_plan': 'planner.plan.tables',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
