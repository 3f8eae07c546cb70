"""The finance export's files beside the workbook: the pseudonym key file."""

from __future__ import annotations

import stat
from pathlib import Path

from planner.io.workbook import pseudonym_key


def test_a_key_file_is_made_once_owner_only_and_then_read(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "finance.key"
    key, made = pseudonym_key(path)
    assert made and len(key) == 64 and path.read_text(encoding="utf-8") == key.decode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again, made_again = pseudonym_key(path)
    assert again == key and not made_again


def test_a_key_file_written_by_hand_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_text("my-secret\n", encoding="utf-8")
    assert pseudonym_key(path) == (b"my-secret", False)


def test_the_workbook_has_a_structure_sheet_before_and_after(tmp_path: Path) -> None:
    import io

    import openpyxl

    from planner.io.plan_folder import read_plan_folder
    from planner.io.workbook import workbook_bytes
    from planner.plan.finance import finance_tables
    from tests.optimise.conftest import run_checked, scenario

    sc = scenario(tmp_path, lead=True, capabilities=[], levers__span={"max": 8})
    run_checked(sc, tmp_path / "plan")
    f = read_plan_folder(tmp_path / "plan")
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(
        finance_tables(f.summary, f.tables, f.scenario))))
    assert wb.sheetnames[-2:] == ["Structure", "Technical"]
    rows = [[c.value for c in r][:3] for r in wb["Structure"].iter_rows(max_row=6)]
    before, after = f.summary["structure"]["before"], f.summary["structure"]["after"]
    assert rows[0] == ["measure", "before", "after"]
    assert rows[2] == ["Managers", before["managers"], after["managers"]]
    assert rows[5] == ["Layers", before["layers"], after["layers"]]
