"""The O*NET labels file: every statement with its labels, and the problems of a bad file
reported with their row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.work.onet.exposure import read_onet_labels


def test_reads_every_statement_with_its_labels(labels: pd.DataFrame) -> None:
    assert len(labels) == 19265
    assert labels["soc_code"].nunique() == 923
    assert set(labels["human_exposure"]) == {"E0", "E1", "E2"}
    assert labels["task_type"].isna().sum() == 1312


def test_a_labels_file_without_a_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.tsv"
    path.write_text("O*NET-SOC Code\tTask\n11-1011.00\tDo things well enough\n")
    with pytest.raises(InputError, match="missing: Task ID"):
        read_onet_labels(path)


def test_a_bad_label_is_reported_with_its_row(tmp_path: Path) -> None:
    head = ("\tO*NET-SOC Code\tTask ID\tTask\tTask Type\tTitle\thuman_exposure_agg\t"
            "gpt4_exposure\tgpt4_automation\n")
    rows = ["0\t11-1011.00\t1\tDirect the financial activities.\tCore\tChief Executives\tE1\tE1"
            "\tT2\n",
            "1\t11-1011.00\t2\tAppoint department heads.\tCore\tChief Executives\tE9\tE1\tT1\n"]
    path = tmp_path / "labels.tsv"
    path.write_text(head + "".join(rows))
    with pytest.raises(InputError) as info:
        read_onet_labels(path)
    p = info.value.problems[0]
    assert (p.row, p.column) == (3, "human_exposure_agg")
