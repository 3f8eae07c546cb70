"""The scenario: the pydantic model of every setting, loading from files, key paths.

The names below are the model's, kept here so that ``from planner.scenario import ...``
of the earlier flat layout still works."""

from planner._lazy import lazy_exports

_NAMES = {
    'Share': 'planner.scenario.model',
    'NonNeg': 'planner.scenario.model',
    'PeriodKind': 'planner.scenario.model',
    'ObjectiveKind': 'planner.scenario.model',
    'OBJECTIVE_LABELS': 'planner.scenario.model',
    'CapabilityKind': 'planner.scenario.model',
    'RedeploymentScope': 'planner.scenario.model',
    'TagOverride': 'planner.scenario.model',
    'Inputs': 'planner.scenario.model',
    'Pool': 'planner.scenario.model',
    'Horizon': 'planner.scenario.model',
    'Capability': 'planner.scenario.model',
    'Span': 'planner.scenario.model',
    'TeamFte': 'planner.scenario.model',
    'TeamFteBounds': 'planner.scenario.model',
    'Lock': 'planner.scenario.model',
    'Hiring': 'planner.scenario.model',
    'Reskilling': 'planner.scenario.model',
    'Redeployment': 'planner.scenario.model',
    'Attrition': 'planner.scenario.model',
    'AttritionRates': 'planner.scenario.model',
    'Allowance': 'planner.scenario.model',
    'Growth': 'planner.scenario.model',
    'Levers': 'planner.scenario.model',
    'Objective': 'planner.scenario.model',
    'Finance': 'planner.scenario.model',
    'Solver': 'planner.scenario.model',
    'DistributionKind': 'planner.scenario.model',
    'Distribution': 'planner.scenario.model',
    'Sweep': 'planner.scenario.model',
    'Scenario': 'planner.scenario.model',
    'scenario_from_dict': 'planner.scenario.model',
    'load_scenario': 'planner.scenario.model',
    'scenario_to_dict': 'planner.scenario.model',
    'scenario_document': 'planner.scenario.model',
    'ID_KEYS': 'planner.scenario.model',
    'with_values': 'planner.scenario.model',
    'value_at': 'planner.scenario.model',
    'parse_assignment': 'planner.scenario.model',
    'key_bounds': 'planner.scenario.model',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
