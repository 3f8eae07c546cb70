"""The work stage: the role/task library (library), job titles matched to its roles
(titles), a planner's title overrides (overrides), each position's role in its context
(context, matching), O*NET labels and the importer (onet/), the text tagger (tagger), task
tags from evidence (tags) and public datasets (download).

The names below are those of the library and title matching, kept here so that
``from planner.work import ...`` of the earlier flat layout still works."""

from planner._lazy import lazy_exports

_NAMES = {
    'PRODUCTIVE_HOURS_PER_FTE': 'planner.work.library',
    'HIGH_CONFIDENCE': 'planner.work.titles',
    'LOW_CONFIDENCE': 'planner.work.titles',
    'data_dir': 'planner.work.library',
    'Library': 'planner.work.library',
    'load_library': 'planner.work.library',
    'task_hours': 'planner.work.library',
    'normalise_title': 'planner.work.titles',
    'TitleOverrides': 'planner.work.overrides',
    'read_title_pairs': 'planner.work.overrides',
    'load_overrides': 'planner.work.overrides',
    'score_titles': 'planner.work.titles',
    'match_titles': 'planner.work.titles',
    'assign_roles': 'planner.work.matching',
    'match_roles': 'planner.work.matching',
    'TitleCoverage': 'planner.work.titles',
    'title_coverage': 'planner.work.titles',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
