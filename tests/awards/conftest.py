"""Fixtures of the awards tests (built in tests/awards/world.py)."""

from tests.awards.world import world

__all__ = ["world"]
