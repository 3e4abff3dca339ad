from tests.conferences.world import world

__all__ = ["world"]
