from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def user(db: None) -> Any:
    from tests.factories import UserFactory

    return UserFactory(username="canbo")


@pytest.fixture
def admin_user(db: None) -> Any:
    from tests.factories import AdminFactory

    return AdminFactory(username="quantri")


@pytest.fixture
def user_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client
