"""Optimisation models: building (no solving), solving on a backend, explaining."""
