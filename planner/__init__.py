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

from planner import batch
from planner.api import Org, load_org
from planner.batch import sweep
from planner.check import check_plan
from planner.errors import (
    InfeasibleError,
    InputError,
    PlannerError,
    Problem,
    ScenarioError,
    Severity,
    SolverError,
    ValidationReport,
)
from planner.ingest import load_roster
from planner.optimise.run import run as run_scenario
from planner.org import OrgGraph
from planner.plan import Plan, write_plan
from planner.scenario import Scenario, load_scenario
from planner.synth import synthesise
from planner.work import Library, load_library, match_titles

__version__ = "0.1.0"

__all__ = [
    "Org", "load_org", "load_roster", "OrgGraph", "Scenario", "load_scenario", "run_scenario",
    "Plan", "write_plan", "check_plan", "Library", "load_library", "match_titles",
    "synthesise", "Problem", "Severity", "ValidationReport", "PlannerError", "InputError",
    "ScenarioError", "InfeasibleError", "SolverError", "sweep", "batch", "__version__",
]
