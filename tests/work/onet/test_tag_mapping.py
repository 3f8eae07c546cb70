"""The label -> tag mapping: its defaults, read from YAML, and a bad key named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.work.onet.exposure import LabelSource
from planner.work.onet.importer import import_onet
from planner.work.onet.tag_mapping import ExposureMapping, load_tag_mapping


def test_mapping_from_yaml_follows_the_gpt4_label(labels: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("label: gpt4\nsupplemental_weight: 0.5\nexposure:\n"
                    "  E0: {automatable_share: 0.05, mode: human}\n"
                    "  E1: {automatable_share: 0.8, mode: automate, "
                    "oversight_hours_per_ai_hour: 0.1}\n"
                    "  E2: {automatable_share: 0.3, mode: augment}\n")
    mapping = load_tag_mapping(path)
    assert mapping.label is LabelSource.GPT4
    lib = import_onet(labels, occupations=["43-4051.00"], mapping=mapping).library
    sub = labels[labels["soc_code"] == "43-4051.00"].set_index("onet_task_id")
    gpt4 = lib.tasks["task_id"].str[5:].astype(int).map(sub["gpt4_exposure"])
    assert (lib.tasks.loc[gpt4 == "E1", "automatable_share"] == 0.8).all()
    assert (lib.tasks.loc[gpt4 == "E0", "automatable_share"] == 0.05).all()
    assert set(lib.tasks["source"]) == {"onet_gpt4_labels"}


def test_a_bad_mapping_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("exposure:\n  E1: {automatable_share: 1.5, mode: automate}\n")
    with pytest.raises(InputError, match=r"exposure\.E1\.automatable_share"):
        load_tag_mapping(path)
    path.write_text("exposure:\n  E1: {automatable_share: 0.5, mode: automate}\n")
    with pytest.raises(InputError, match="missing E0, E2"):
        load_tag_mapping(path)


def test_default_mapping_is_documented() -> None:
    m = ExposureMapping()
    assert (m.core_weight, m.supplemental_weight, m.unrated_weight) == (2.0, 1.0, 2.0)
