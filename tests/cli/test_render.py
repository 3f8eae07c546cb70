"""Error text reaches the terminal as typed: a `[` in a file name is not rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()


@pytest.mark.parametrize("name", ["a[bold]b", "a[/x]b", "run [1]"])
def test_an_error_naming_a_file_shows_the_name_as_typed(tmp_path: Path, name: str) -> None:
    missing = tmp_path / name
    result = runner.invoke(app, ["compare", str(missing), str(tmp_path / "other")])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a traceback
    assert f"error {missing}: expected a plan folder" in result.output.replace("\n", "")
