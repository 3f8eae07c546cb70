"""The scenario: the pydantic model of every setting (:mod:`~planner.scenario.model`), reading
scenario files and the files they name (:mod:`~planner.scenario.load`), key paths
(:mod:`~planner.scenario.keypaths`), and fitting a scenario to a roster
(:mod:`~planner.scenario.fit`).

The names below point at the module that defines each, so that ``from planner.scenario
import ...`` of the earlier flat layout still works; code in the package imports from the
modules."""

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
    'GateHolds': 'planner.scenario.model',
    'Gate': 'planner.scenario.model',
    'Levers': 'planner.scenario.model',
    'Objective': 'planner.scenario.model',
    'Finance': 'planner.scenario.model',
    'Solver': 'planner.scenario.model',
    'DistributionKind': 'planner.scenario.model',
    'Distribution': 'planner.scenario.model',
    'Sweep': 'planner.scenario.model',
    'Scenario': 'planner.scenario.model',
    'scenario_from_dict': 'planner.scenario.model',
    'load_scenario': 'planner.scenario.load',
    'scenario_to_dict': 'planner.scenario.model',
    'scenario_document': 'planner.scenario.model',
    'ID_KEYS': 'planner.scenario.keypaths',
    'with_values': 'planner.scenario.keypaths',
    'value_at': 'planner.scenario.keypaths',
    'parse_assignment': 'planner.scenario.keypaths',
    'key_bounds': 'planner.scenario.keypaths',
    'with_tag_overrides': 'planner.scenario.keypaths',
    'load_scenario_dict': 'planner.scenario.load',
    'fit_to_roster': 'planner.scenario.fit',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
