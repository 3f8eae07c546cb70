"""planner: workforce restructuring scenario planner.

Load an org chart, see its structure, tag the work by how far AI can take it, and plan
team redesigns with AI execution layers.

>>> import planner
>>> org = planner.load_org("data/sample_org.csv")      # doctest: +SKIP
>>> org.graph.summary().layers                          # doctest: +SKIP
>>> plan, _ = planner.run_scenario("models/automation_push.yaml")   # doctest: +SKIP
>>> plan.summary["fte_after"], plan.explanations[:3]                # doctest: +SKIP
>>> results = planner.sweep("models/automation_push.yaml", samples=100)  # doctest: +SKIP
"""

from planner._lazy import lazy_exports
from planner._moved import install as _install_moved

_NAMES = {
    "Org": "planner.roster.org", "load_org": "planner.roster.org",
    "load_roster": "planner.roster.load",
    "OrgGraph": "planner.roster.graph",
    "Scenario": "planner.scenario.model", "load_scenario": "planner.scenario.load",
    "run_scenario": "planner.plan.run:run",
    "Plan": "planner.plan.tables", "write_plan": "planner.plan.tables",
    "check_plan": "planner.plan.check",
    "Library": "planner.work.library", "load_library": "planner.work.library",
    "match_titles": "planner.work.titles",
    "synthesise": "planner.roster.synth",
    "Problem": "planner.errors", "Severity": "planner.errors",
    "ValidationReport": "planner.errors", "PlannerError": "planner.errors",
    "InputError": "planner.errors", "ScenarioError": "planner.errors",
    "InfeasibleError": "planner.errors", "SolverError": "planner.errors",
    "sweep": "planner.batch", "batch": "planner.batch",
    "frontier": "planner.plan.frontier",
}

__version__ = "0.1.0"

__all__ = [*_NAMES, "__version__"]
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
_install_moved()
