"""Every name that ``planner.work`` and ``planner.work.onet`` answered before they were split
into modules still answers, from the module that defines it."""

from __future__ import annotations

import importlib

import pytest

import planner.work
import planner.work.onet

WORK_0_1 = ["PRODUCTIVE_HOURS_PER_FTE", "HIGH_CONFIDENCE", "LOW_CONFIDENCE", "data_dir",
            "Library", "load_library", "normalise_title", "TitleOverrides", "read_title_pairs",
            "load_overrides", "score_titles", "match_titles", "assign_roles", "task_hours",
            "TitleCoverage", "title_coverage"]
ONET_0_1 = ["EXPOSURE_WORDS", "Exposure", "ExposureMapping", "ExposureTag", "LABELS_CITATION",
            "LabelSource", "LibraryMetadata", "OES_CITATION", "ONET_ATTRIBUTION",
            "OnetLabelSchema", "OnetLibrary", "SOC_MAJOR_GROUPS", "import_onet",
            "load_occupation_overrides", "match_occupations", "occupation_aliases",
            "occupation_library", "onet_role_id", "onet_task_id", "read_occupation_list",
            "read_oes_wages", "read_onet_labels", "select_occupations", "similar_text",
            "wages_for", "write_library"]
"""The public names of ``planner/work.py`` and ``planner/onet.py`` (``load_mapping`` of the
latter is ``load_tag_mapping`` now)."""


@pytest.mark.parametrize(("package", "names"), [(planner.work, WORK_0_1),
                                                (planner.work.onet, ONET_0_1)])
def test_the_names_of_the_single_modules_answer_from_the_package(package, names) -> None:  # noqa: ANN001
    assert set(names) <= set(package.__all__)
    for name in package.__all__:
        value = getattr(package, name)
        home = importlib.import_module(package._NAMES[name])
        assert getattr(home, name) is value
        if callable(value) and hasattr(value, "__module__"):
            assert value.__module__ == home.__name__, name


def test_the_tag_mapping_is_not_named_like_the_column_mapping() -> None:
    # planner.roster.presets.load_mapping reads a roster's column mapping.
    assert not hasattr(planner.work.onet, "load_mapping")
    assert callable(planner.work.onet.load_tag_mapping)
