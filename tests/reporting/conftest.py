"""Fixtures of the reporting tests (built in tests/reporting/world.py)."""

from tests.reporting.world import merger, world

__all__ = ["merger", "world"]
