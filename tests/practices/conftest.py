"""Fixtures of the practices tests (built in tests/practices/world.py)."""

from tests.practices.world import world

__all__ = ["world"]
