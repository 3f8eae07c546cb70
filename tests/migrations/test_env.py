"""The store's migrations (Alembic's environment runs every revision): the models and the
migrations agree on both databases, and a store made before migrations upgrades in place."""

from __future__ import annotations

from pathlib import Path

from planner.store import Store


def test_the_models_and_the_migrations_agree(store_url: str) -> None:
    """A fresh database migrated to HEAD has exactly the tables and columns of the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from planner.migrations import HEAD
    from planner.store import Base

    st = Store(store_url)
    with st.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        assert ctx.get_current_revision() == HEAD
        diff = [d for d in compare_metadata(ctx, Base.metadata)
                if not (isinstance(d, tuple) and d[0] in ("remove_table",)
                        and d[1].name == "alembic_version")]
    assert diff == []


def test_a_store_made_before_migrations_upgrades_in_place(tmp_path: Path) -> None:
    """A planner.db of the store before sign-off (two tables, no alembic_version) keeps its
    versions and runs, and they start as drafts."""
    import sqlite3

    db = tmp_path / "planner.db"
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE scenario_versions (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL,
          version INTEGER NOT NULL, parent_version INTEGER, author VARCHAR(200) NOT NULL,
          created DATETIME NOT NULL, note TEXT NOT NULL, body JSON NOT NULL,
          input_hashes JSON NOT NULL, UNIQUE (name, version));
        CREATE INDEX ix_scenario_versions_name ON scenario_versions (name);
        CREATE TABLE runs (id INTEGER PRIMARY KEY, scenario_id INTEGER NOT NULL
          REFERENCES scenario_versions (id) ON DELETE CASCADE, created DATETIME NOT NULL,
          status VARCHAR(40) NOT NULL, objective FLOAT, solve_seconds FLOAT NOT NULL,
          summary JSON NOT NULL, tables JSON NOT NULL);
        CREATE INDEX ix_runs_scenario_id ON runs (scenario_id);
        INSERT INTO scenario_versions VALUES (1, 'Old', 1, NULL, 'hr', '2026-01-01 00:00:00',
          '', '{"name": "Old"}', '{}');
        INSERT INTO runs VALUES (1, 1, '2026-01-01 00:00:00', 'optimal', 1.5, 0.1,
          '{"status": "optimal"}', '{}');
    """)
    con.commit()
    con.close()
    st = Store(f"sqlite:///{db}")
    assert st.scenario(1)["state"] == "draft" and st.scenario(1)["author"] == "hr"
    assert st.runs()["objective"].tolist() == [1.5]
    assert st.submit(1, by="hr").state == "submitted"
    assert st.approve(1, by="finance").state == "approved"


def test_the_migration_scripts_are_installed_with_the_package() -> None:
    """``versions/`` is no package: pyproject.toml's package-data must carry its files."""
    import tomllib

    from tests.conftest import ROOT

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["planner.migrations"]
    folder = ROOT / "planner" / "migrations"
    shipped = {p for pattern in patterns for p in folder.glob(pattern)}
    assert sorted(folder.glob("versions/*.py")) and set(folder.glob("versions/*.py")) <= shipped
