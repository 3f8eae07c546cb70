"""Readers and column-mapping presets that turn HRIS exports into the canonical roster."""

from planner._lazy import lazy_exports

_NAMES = {
    "FileInfo": "planner.ingest.load", "LoadResult": "planner.ingest.load",
    "load_roster": "planner.ingest.load",
    "PRESET_NAMES": "planner.ingest.presets", "Preset": "planner.ingest.presets",
    "detect_preset": "planner.ingest.presets", "load_mapping": "planner.ingest.presets",
    "RawTable": "planner.ingest.readers", "read_table": "planner.ingest.readers",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
