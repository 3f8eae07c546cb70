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
