"""O*NET labels as a library: reading, the mapping, task mixes, wages, attribution, and job
titles matched to occupations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.work.library import load_library
from planner.work.onet import (
    ONET_ATTRIBUTION,
    ExposureMapping,
    LabelSource,
    import_onet,
    load_mapping,
    load_occupation_overrides,
    match_occupations,
    occupation_aliases,
    occupation_library,
    read_oes_wages,
    read_onet_labels,
    select_occupations,
    wages_for,
    write_library,
)
from tests.conftest import SHARED

LABELS = SHARED / "gpts-are-gpts" / "full_labelset.tsv"
WAGES = SHARED / "bls-oes-2021" / "national_May2021_dl.csv"
FEW = ["11-1011.00", "13-2011.00", "43-4051.00", "15-1252.00", "47-2031.00"]


@pytest.fixture(scope="module")
def labels() -> pd.DataFrame:
    if not LABELS.exists():
        pytest.skip("../shared/datasets/gpts-are-gpts/full_labelset.tsv is not beside the project")
    return read_onet_labels(LABELS)


def test_reads_every_statement_with_its_labels(labels: pd.DataFrame) -> None:
    assert len(labels) == 19265
    assert labels["soc_code"].nunique() == 923
    assert set(labels["human_exposure"]) == {"E0", "E1", "E2"}
    assert labels["task_type"].isna().sum() == 1312


def test_imports_roles_tasks_and_a_weighted_mix(labels: pd.DataFrame) -> None:
    result = import_onet(labels, occupations=FEW)
    lib = result.library
    sub = labels[labels["soc_code"].isin(FEW)]
    assert len(lib.roles) == 5
    assert len(lib.tasks) == len(sub)
    mix = lib.role_tasks.groupby("role_id")["share"].sum()
    assert (mix - 1).abs().max() < 1e-9
    # Core statements weigh twice a supplemental one of the same occupation.
    ceo = sub[sub["soc_code"] == "11-1011.00"]
    shares = lib.role_tasks[lib.role_tasks["role_id"] == "onet_11_1011_00"].set_index(
        "task_id")["share"]
    core = shares[[f"onet_{i}" for i in ceo.loc[ceo["task_type"] == "Core", "onet_task_id"]]]
    supp = shares[[f"onet_{i}" for i in ceo.loc[ceo["task_type"] == "Supplemental",
                                                  "onet_task_id"]]]
    assert len(core) and len(supp)
    assert core.iloc[0] == pytest.approx(2 * supp.iloc[0])
    assert lib.roles.set_index("role_id").loc["onet_11_1011_00", "is_manager"]
    assert lib.roles.set_index("role_id").loc["onet_13_2011_00", "function"] == (
        "business_and_financial_operations")


def test_labels_map_to_tags_through_the_mapping(labels: pd.DataFrame) -> None:
    lib = import_onet(labels, occupations=FEW).library
    sub = labels[labels["soc_code"].isin(FEW)].set_index("onet_task_id")
    tasks = lib.tasks.assign(label=lib.tasks["task_id"].str[5:].astype(int).map(
        sub["human_exposure"]))
    assert set(tasks.loc[tasks["label"] == "E0", "mode"]) == {"human"}
    assert set(tasks.loc[tasks["label"] == "E1", "mode"]) == {"automate"}
    assert set(tasks.loc[tasks["label"] == "E2", "mode"]) == {"augment"}
    assert set(tasks.loc[tasks["label"] == "E1", "automatable_share"]) == {0.5}


def test_mapping_from_yaml_follows_the_gpt4_label(labels: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("label: gpt4\nsupplemental_weight: 0.5\nexposure:\n"
                    "  E0: {automatable_share: 0.05, mode: human}\n"
                    "  E1: {automatable_share: 0.8, mode: automate, "
                    "oversight_hours_per_ai_hour: 0.1}\n"
                    "  E2: {automatable_share: 0.3, mode: augment}\n")
    mapping = load_mapping(path)
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
        load_mapping(path)
    path.write_text("exposure:\n  E1: {automatable_share: 0.5, mode: automate}\n")
    with pytest.raises(InputError, match="missing E0, E2"):
        load_mapping(path)


def test_attribution_is_in_the_metadata_and_the_sources(labels: pd.DataFrame,
                                                        tmp_path: Path) -> None:
    result = import_onet(labels, occupations=FEW)
    assert "O*NET 27.x Database by the U.S. Department of Labor" in result.metadata.attribution
    assert "modified" in result.metadata.attribution
    assert "USDOL/ETA" in result.library.sources["citation"].iloc[0]
    folder = write_library(result, tmp_path / "lib")
    meta = (folder / "metadata.yaml").read_text()
    assert "CC BY 4.0" in meta and "GPTs are GPTs" in meta
    # The folder is an ordinary library.
    back = load_library(folder)
    assert len(back.roles) == 5 and len(back.tasks) == len(result.library.tasks)


def test_wages_join_from_oes_with_group_fallback(labels: pd.DataFrame) -> None:
    if not WAGES.exists():
        pytest.skip("../shared/datasets/bls-oes-2021 is not beside the project")
    wages = read_oes_wages(WAGES)
    w = wages_for(pd.Series(["13-2011.00", "13-1021.00", "11-1011.03"]), wages)
    assert w["wage_level"].tolist() == ["detailed", "broad", "detailed"]
    accountants = wages.set_index("occ_code").loc["13-2011", "annual_wage"]
    assert w["annual_wage"].iloc[0] == accountants
    lib = import_onet(labels, occupations=FEW, wages=wages, on_cost_rate=0.25).library
    cost = lib.roles.set_index("role_id")["typical_annual_cost"]
    assert cost["onet_13_2011_00"] == pytest.approx(round(accountants * 1.25), abs=1)
    assert cost["onet_11_1011_00"] > cost["onet_43_4051_00"]


def test_without_wages_every_role_costs_the_default(labels: pd.DataFrame) -> None:
    result = import_onet(labels, occupations=FEW, default_annual_cost=55000)
    assert set(result.library.roles["typical_annual_cost"]) == {55000.0}
    assert any("no wages" in n for n in result.metadata.notes)


def test_unknown_occupations_are_reported(labels: pd.DataFrame) -> None:
    assert select_occupations(labels, ["13-2011"])["soc_code"].nunique() == 1
    with pytest.raises(InputError, match="99-9999"):
        select_occupations(labels, ["13-2011.00", "99-9999.00"])


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


@pytest.mark.parametrize(("title", "expected"), [
    ("Chief Executives", ["Chief Executives", "Chief Executive"]),
    ("Accountants and Auditors", ["Accountants and Auditors", "Accountant", "Auditor"]),
    ("Payroll and Timekeeping Clerks", ["Payroll and Timekeeping Clerks", "Payroll Clerk",
                                        "Timekeeping Clerk"]),
    ("Customer Service Representatives", ["Customer Service Representatives",
                                          "Customer Service Representative"]),
    ("Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
     ["Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
      "Secretary", "Administrative Assistant"]),
    ("Sales Representatives, Wholesale and Manufacturing, Except Technical",
     ["Sales Representatives, Wholesale and Manufacturing, Except Technical",
      "Sales Representative"]),
])
def test_occupation_aliases(title: str, expected: list[str]) -> None:
    assert occupation_aliases(title) == expected


def test_titles_match_occupations_with_confidence_and_alternatives(
        labels: pd.DataFrame) -> None:
    titles = pd.Series(["Accountant", "Accountant", "Customer Service Representative",
                        "Senior Payroll Clerk", "Xyzzy Wrangler"])
    m = match_occupations(titles, labels).set_index("job_title")
    assert m.loc["Accountant", "soc_code"] == "13-2011.00"
    assert m.loc["Accountant", "positions"] == 2
    assert (m.loc["Accountant", "method"], m.loc["Accountant", "confidence"]) == ("exact", 1.0)
    assert m.loc["Customer Service Representative", "soc_code"] == "43-4051.00"
    payroll = m.loc["Senior Payroll Clerk"]
    assert payroll["soc_code"] == "43-3051.00" and payroll["method"] == "fuzzy"
    assert 0.72 <= payroll["confidence"] < 1
    assert payroll["alternatives"].count(";") == 2  # three alternatives, code and title
    assert m.loc["Xyzzy Wrangler", "status"] == "unmatched"
    assert pd.isna(m.loc["Xyzzy Wrangler", "soc_code"])


def test_occupation_overrides_win_and_bad_codes_are_reported(labels: pd.DataFrame,
                                                             tmp_path: Path) -> None:
    lib = occupation_library(labels)
    path = tmp_path / "overrides.csv"
    path.write_text("job_title,soc_code\nData Engineer,15-1252.00\n")
    ov = load_occupation_overrides(path, lib)
    m = match_occupations(pd.Series(["Data Engineer"]), lib, ov)
    assert m.loc[0, ["soc_code", "method", "status"]].tolist() == ["15-1252.00", "override",
                                                                   "ok"]
    path.write_text("job_title,soc_code\nData Engineer,15-9999.00\n")
    with pytest.raises(InputError) as info:
        load_occupation_overrides(path, lib)
    assert (info.value.problems[0].row, info.value.problems[0].column) == (2, "soc_code")


def test_default_mapping_is_documented() -> None:
    m = ExposureMapping()
    assert (m.core_weight, m.supplemental_weight, m.unrated_weight) == (2.0, 1.0, 2.0)
    assert ONET_ATTRIBUTION.startswith("This library includes information from the O*NET 27.x")
