"""The store's schema migrations (Alembic): ``planner.store.Store`` brings a database to
:data:`HEAD` when it opens it, so a fresh database gets the schema on first use and an existing
``planner.db`` upgrades in place.

A new migration goes in ``versions/`` as the next number, with ``down_revision`` the previous
one, and :data:`HEAD` moves to it (``tests/test_store.py`` checks that the models and the
migrations agree on both databases).
"""

HEAD = "0002"
"""The newest revision: the store skips Alembic when a database is already at it."""
