"""The roster stage: read HRIS exports (readers, presets, parse, load), check them (validate),
resolve the reporting lines (tree, graph) and hand back the organisation as loaded (org)."""

from planner._lazy import lazy_exports

_NAMES = {
    'Org': 'planner.roster.org',
    'load_org': 'planner.roster.org',
    'FileInfo': 'planner.roster.load',
    'LoadResult': 'planner.roster.load',
    'load_roster': 'planner.roster.load',
    'PRESET_NAMES': 'planner.roster.presets',
    'Preset': 'planner.roster.presets',
    'detect_preset': 'planner.roster.presets',
    'load_mapping': 'planner.roster.presets',
    'RawTable': 'planner.roster.readers',
    'read_table': 'planner.roster.readers',
    'OrgGraph': 'planner.roster.graph',
    'synthesise': 'planner.roster.synth',
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
