"""Fixtures of the scoring tests (built in tests/scoring/world.py)."""

from tests.scoring.world import world

__all__ = ["world"]
