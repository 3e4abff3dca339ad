from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_records_who_changed_what_before_and_after(
    admin_client: Client, admin_user: Any
) -> None:
    person = UserFactory(username="tayninh", position="Cán bộ")
    person._history_user = admin_user
    person.position = "Đội trưởng"
    person.save()

    response = admin_client.get("/audit/", {"model": "accounts.User", "object": person.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Cán bộ" in html
    assert "Đội trưởng" in html
    assert admin_user.username in html


def test_it_filters_the_audit_trail_by_user(admin_client: Client, admin_user: Any) -> None:
    person = UserFactory(username="dongnai")
    person._history_user = admin_user
    person.rank = "Đại úy"
    person.save()

    mine = admin_client.get("/audit/", {"user": admin_user.pk}).content.decode()
    nobody = admin_client.get("/audit/", {"user": 999999}).content.decode()

    assert "Đại úy" in mine
    assert "Không có thay đổi nào khớp với bộ lọc." in nobody


def test_it_hides_the_audit_trail_from_non_administrators(user_client: Client) -> None:
    assert user_client.get("/audit/").status_code == 403


def test_it_never_keeps_password_hashes_in_the_audit_trail(admin_user: Any) -> None:
    admin_user.set_password("another-password-123")
    admin_user.save()

    assert not hasattr(admin_user.history.first(), "password")


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/audit/", {"model": "accounts.User"}).status_code == 200
    return len(ctx.captured_queries)


def test_it_lists_the_audit_trail_in_a_constant_number_of_queries(admin_client: Client) -> None:
    for i in range(3):
        UserFactory(username=f"a{i}")
    few = _queries(admin_client)
    for i in range(20):
        UserFactory(username=f"b{i}")

    assert _queries(admin_client) == few
