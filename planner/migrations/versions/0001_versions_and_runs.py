"""The store as it was before migrations: scenario versions and their runs.

Revision ID: 0001
Revises:
A ``planner.db`` made before migrations already has these tables: they are kept as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the two tables where they are missing."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "scenario_versions" not in existing:
        op.create_table(
            "scenario_versions",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(200), nullable=False),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("parent_version", sa.Integer, nullable=True),
            sa.Column("author", sa.String(200), nullable=False),
            sa.Column("created", sa.DateTime(timezone=True), nullable=False),
            sa.Column("note", sa.Text, nullable=False),
            sa.Column("body", sa.JSON, nullable=False),
            sa.Column("input_hashes", sa.JSON, nullable=False),
            sa.UniqueConstraint("name", "version"),
        )
        op.create_index("ix_scenario_versions_name", "scenario_versions", ["name"])
    if "runs" not in existing:
        op.create_table(
            "runs",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("scenario_id", sa.Integer,
                      sa.ForeignKey("scenario_versions.id", ondelete="CASCADE"),
                      nullable=False),
            sa.Column("created", sa.DateTime(timezone=True), nullable=False),
            sa.Column("status", sa.String(40), nullable=False),
            sa.Column("objective", sa.Float, nullable=True),
            sa.Column("solve_seconds", sa.Float, nullable=False),
            sa.Column("summary", sa.JSON, nullable=False),
            sa.Column("tables", sa.JSON, nullable=False),
        )
        op.create_index("ix_runs_scenario_id", "runs", ["scenario_id"])


def downgrade() -> None:
    """Drop the two tables (and every scenario in them)."""
    op.drop_table("runs")
    op.drop_table("scenario_versions")
