"""Fixtures of the year-end report tests (built in tests/yearend/world.py)."""

from tests.yearend.world import bare, year

__all__ = ["bare", "year"]
