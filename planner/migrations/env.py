"""Alembic's environment: migrations run on the connection the store hands over, inside its
transaction (see :meth:`planner.store.Store._migrate`)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
