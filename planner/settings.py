"""The planner's settings that come from the environment, in one list.

Each setting has a name, its environment variable, a default and a help text (datasette's
``SETTINGS`` is the model). The command line's options and the app read them here, and a
docs test fails when one is not in the README's settings table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One setting: ``name``, environment variable ``env``, ``default`` (None: none) and
    ``help`` (a sentence for the README and the CLI's help)."""

    name: str
    env: str
    default: str | None
    help: str

    def value(self, given: str | None = None) -> str | None:
        """The value in force: ``given`` (a CLI option, an argument) when it is set, else the
        environment variable when it is set and not empty, else the default."""
        return given or os.environ.get(self.env) or self.default


STORE_URL = Setting(
    "store_url", "PLANNER_STORE_URL", "sqlite:///planner.db",
    "Database URL of the scenario and run store: a SQLite file (planner.db in the working "
    "folder by default) or any SQLAlchemy URL, such as postgresql://host/db.")
DATA_DIR = Setting(
    "data_dir", "PLANNER_DATA_DIR", None,
    "Folder of the bundled data (the sample org, the role and task library, the capability "
    "catalogue); by default the project's data/ folder.")
PSEUDONYM_KEY = Setting(
    "pseudonym_key", "PLANNER_PSEUDONYM_KEY", None,
    "Secret key of the pseudonyms a finance export writes in place of employee ids; "
    "without it a key is made once and kept in .planner_pseudonym_key next to the export "
    "(or in the key file the export is given), and the export says where.")

USER = Setting(
    "user", "PLANNER_USER", None,
    "Who acts on the store from the command line when a command is given no name (else the user "
    "logged in to the computer); recorded as not authenticated.")

SETTINGS: tuple[Setting, ...] = (STORE_URL, DATA_DIR, PSEUDONYM_KEY, USER)
"""Every setting, in the order the README lists them."""
