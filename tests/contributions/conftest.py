"""Fixtures of the contributions tests (built in tests/contributions/world.py)."""

from tests.contributions.world import world

__all__ = ["world"]
