"""Sign-off: review states, approvals, the audit trail, roles and the approval chain.

Revision ID: 0002
Revises: 0001
Every version already saved starts as a draft.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the review columns and the four tables of sign-off."""
    with op.batch_alter_table("scenario_versions") as t:
        t.add_column(sa.Column("state", sa.String(20), nullable=False,
                               server_default="draft"))
        t.add_column(sa.Column("submission", sa.Integer, nullable=False, server_default="0"))
        t.add_column(sa.Column("submitted_by", sa.String(200), nullable=True))
        t.add_column(sa.Column("submitted_run_id", sa.Integer, nullable=True))
    with op.batch_alter_table("runs") as t:
        t.add_column(sa.Column("input_hashes", sa.JSON, nullable=True))
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("authenticated", sa.Boolean, nullable=False),
        sa.Column("face", sa.String(10), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("scenario_id", sa.Integer, nullable=True),
        sa.Column("scenario", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=True),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_scenario_id", "audit", ["scenario_id"])
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scenario_id", sa.Integer,
                  sa.ForeignKey("scenario_versions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("submission", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("figures", sa.JSON, nullable=False),
        sa.Column("input_hashes", sa.JSON, nullable=False),
        sa.UniqueConstraint("scenario_id", "submission", "step"),
    )
    op.create_index("ix_approvals_scenario_id", "approvals", ["scenario_id"])
    op.create_table(
        "roles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.UniqueConstraint("user", "role"),
    )
    op.create_table(
        "approval_chain",
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("above_one_off_cost", sa.Float, nullable=True),
        sa.Column("above_redundancies", sa.Float, nullable=True),
    )


def downgrade() -> None:
    """Remove sign-off (its states, approvals, audit, roles and chain are lost)."""
    for table in ("approval_chain", "roles", "approvals", "audit"):
        op.drop_table(table)
    with op.batch_alter_table("runs") as t:
        t.drop_column("input_hashes")
    with op.batch_alter_table("scenario_versions") as t:
        for col in ("submitted_run_id", "submitted_by", "submission", "state"):
            t.drop_column(col)
