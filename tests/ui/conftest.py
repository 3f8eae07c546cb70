"""Shared by the app's tests: each test gets a store of its own and empty caches."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """A store of its own and empty streamlit caches for each test."""
    st = pytest.importorskip("streamlit")
    monkeypatch.setenv("PLANNER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
