import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated() -> None:
    """The engine needs no Django: this replaces the project-wide settings fixture."""
