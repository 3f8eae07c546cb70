"""Messages from the core fit every face: they name settings, never a CLI flag, and the CLI
and the app each say how to set the setting a problem names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from planner import errors
from planner.cli import SETTING_FLAGS, app
from planner.roster.org import load_org
from tests.conftest import ROOT, write_csv

CORE = sorted(p for p in (ROOT / "planner").rglob("*.py")
              if p.name != "__main__.py" and not {"ui", "cli"} & set(p.parts))
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module that is not a docstring (bare strings are the
    module's, classes', functions' and attributes' docstrings); f-strings' text parts too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_core_message_names_a_cli_flag() -> None:
    found = [f"{p.relative_to(ROOT)}:{line}: {text!r}" for p in CORE
             for line, text in _strings(p) if FLAG.search(text)]
    assert found == []


def test_every_setting_a_problem_names_is_set_by_the_cli_and_the_app() -> None:
    st = pytest.importorskip("streamlit")
    del st
    from planner.ui import state

    assert set(SETTING_FLAGS) == set(errors.SETTINGS) == set(state.SETTING_LABELS) == set(
        state.SETTING_PLACES)
    options = {o for c in get_command(app).commands.values() for p in c.params
               for o in getattr(p, "opts", [])}
    for flag in SETTING_FLAGS.values():
        assert flag.split()[0] in options


@pytest.fixture
def defective(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "roster.csv", [
        dict(position_id="P1", manager_position_id="", job_title="Chief Executive",
             department="Exec", fte=1, annual_cost=250000, currency="GBP"),
        dict(position_id="P2", manager_position_id="P1", job_title="Finance Manager",
             department="Finance", fte="full time", annual_cost=60000, currency="GBP"),
        dict(position_id="P3", manager_position_id="P1", job_title="Payroll Officer",
             department="Finance", fte=1, annual_cost="", currency="GBP")])


def test_problems_name_the_setting_and_an_fte_gets_an_fte_hint(defective: Path) -> None:
    bad = load_org([defective]).report.by_code("fte_unusable")[0]
    assert bad.column == "fte" and "45000" not in bad.hint and "0.6" in bad.hint
    defective.write_text(defective.read_text().replace("full time", "1"))
    missing = load_org([defective]).report.by_code("missing_cost")[0]
    assert missing.setting == "impute_cost" and "impute_cost" in missing.hint
    assert not FLAG.search(missing.hint)
    result = CliRunner().invoke(app, ["validate", str(defective)])
    assert "--impute-cost grade|role" in result.output.replace("\n", " ")
