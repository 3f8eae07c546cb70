"""planner: workforce restructuring scenario planner.

Load an org chart, see its structure, tag the work by how far AI can take it, and plan
team redesigns with AI execution layers.

>>> import planner
>>> org = planner.load_org("data/sample_org.csv")      # doctest: +SKIP
>>> org.graph.summary().layers                          # doctest: +SKIP
"""

from planner.api import Org, load_org
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
from planner.org import OrgGraph
from planner.synth import synthesise
from planner.work import Library, load_library, match_titles

__version__ = "0.1.0"

__all__ = [
    "Org", "load_org", "load_roster", "OrgGraph", "Library", "load_library", "match_titles",
    "synthesise", "Problem", "Severity", "ValidationReport", "PlannerError", "InputError",
    "ScenarioError", "InfeasibleError", "SolverError", "__version__",
]
