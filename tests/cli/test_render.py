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
    # The terminal may wrap anywhere (a longer temporary path under pytest-xdist), so the
    # text is compared without its whitespace.
    squeeze = "".join
    assert squeeze(f"error {missing}: expected a plan folder".split()) in squeeze(
        result.output.split())


def test_the_run_summary_shows_the_structure_before_and_after(capsys) -> None:
    from planner.cli import render

    fig = {"positions": 9, "managers": 3, "span_mean": 2.667, "span_max": 4, "layers": 3,
           "single_report_managers": 0, "narrow_spans": 2, "wide_spans": 0, "deep_chains": 0}
    after = {**fig, "positions": 6, "managers": 2, "span_mean": 2.5, "span_max": 3}
    team = {"team": "B", "managers_before": 1, "managers_after": 0, "span_before": 2.0,
            "span_after": None, "contributors_per_manager_before": 2.0,
            "contributors_per_manager_after": None, "span_note": "B cannot meet ..."}
    render.console.width = 100
    render.print_structure({"structure": {"before": fig, "after": after, "teams": [team]}})
    out = capsys.readouterr().out
    assert "Managers" in out and "│ 3      │ 2" in out
    assert "Span (mean) │ 2.67   │ 2.50" in out
    assert "1 team cannot meet the span of control limits" in out
    render.print_structure({})
    assert capsys.readouterr().out == ""
