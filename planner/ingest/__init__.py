"""Readers and column-mapping presets that turn HRIS exports into the canonical roster."""

from planner.ingest.load import FileInfo, LoadResult, load_roster
from planner.ingest.presets import PRESET_NAMES, Preset, detect_preset, load_mapping
from planner.ingest.readers import RawTable, read_table

__all__ = ["FileInfo", "LoadResult", "load_roster", "PRESET_NAMES", "Preset", "detect_preset",
           "load_mapping", "RawTable", "read_table"]
