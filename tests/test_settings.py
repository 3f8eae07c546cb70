"""The one list of settings: what wins, and that every setting is documented and read there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.settings import DATA_DIR, PSEUDONYM_KEY, SETTINGS, STORE_URL, Setting

ROOT = Path(__file__).resolve().parent.parent


def test_a_given_value_wins_then_the_environment_then_the_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    s = Setting("x", "PLANNER_TEST_X", "fallback", "A test setting.")
    monkeypatch.delenv("PLANNER_TEST_X", raising=False)
    assert s.value() == "fallback"
    monkeypatch.setenv("PLANNER_TEST_X", "")
    assert s.value() == "fallback"  # an empty variable is not a value
    monkeypatch.setenv("PLANNER_TEST_X", "from-env")
    assert s.value() == "from-env"
    assert s.value("given") == "given"


def test_every_setting_is_in_the_readmes_settings_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else "-"
        row = f"| `{s.name}` | `{s.env}` | {default} | {s.help} |"
        assert row in readme, f"README.md's settings table lacks (or differs from): {row}"


def test_environment_variables_are_read_only_through_the_settings() -> None:
    # outside planner/settings.py no module reads a PLANNER_ variable itself
    readers = []
    for path in (ROOT / "planner").rglob("*.py"):
        if path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(environ(\.get)?|getenv)\(?\[?\s*['\"]PLANNER_", text):
            readers.append(str(path.relative_to(ROOT)))
    assert readers == []


def test_the_store_and_the_data_folder_follow_their_settings(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from planner.store import Store
    from planner.work.library import data_dir

    monkeypatch.chdir(tmp_path)  # the relative URL below creates its file here, not in the checkout
    url = f"sqlite:///{tmp_path / 'other.db'}"
    monkeypatch.setenv(STORE_URL.env, url)
    assert Store().url == url
    assert Store("sqlite:///given.db").url == "sqlite:///given.db"
    monkeypatch.setenv(DATA_DIR.env, str(tmp_path))
    assert data_dir() == tmp_path
    assert PSEUDONYM_KEY.env == "PLANNER_PSEUDONYM_KEY"  # the name users already set


def test_one_store_option_for_every_command() -> None:
    import typer

    from planner.cli import app

    root = typer.main.get_command(app)
    ctx = root.make_context("planner", ["--help"], resilient_parsing=True)

    def store_help(*path: str) -> str:
        command = root
        for name in path:
            command = command.get_command(ctx, name)
        return next(p.help for p in command.params if p.name == "store_url")

    helps = {store_help("run"), store_help("compare"), store_help("store", "list"),
             store_help("store", "export-run")}
    assert len(helps) == 1 and STORE_URL.help in helps.pop()
