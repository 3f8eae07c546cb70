"""The work stage: the role/task library and title matching (library), O*NET labels (onet),
the text tagger (tagger), task tags from evidence (tags) and public datasets (download).

The names below are the library's, kept here so that ``from planner.work import ...`` of
the earlier flat layout still works."""

from planner._lazy import lazy_exports

_NAMES = {
    'PRODUCTIVE_HOURS_PER_FTE': 'planner.work.library',
    'HIGH_CONFIDENCE': 'planner.work.library',
    'LOW_CONFIDENCE': 'planner.work.library',
    'data_dir': 'planner.work.library',
    'Library': 'planner.work.library',
    'load_library': 'planner.work.library',
    'normalise_title': 'planner.work.library',
    'TitleOverrides': 'planner.work.library',
    'read_title_pairs': 'planner.work.library',
    'load_overrides': 'planner.work.library',
    'score_titles': 'planner.work.library',
    'match_titles': 'planner.work.library',
    'assign_roles': 'planner.work.library',
    'task_hours': 'planner.work.library',
    'TitleCoverage': 'planner.work.library',
    'title_coverage': 'planner.work.library',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
