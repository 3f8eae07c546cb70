"""Fixtures the plan tests share with the optimiser tests."""

from tests.optimise.conftest import hand  # noqa: F401
