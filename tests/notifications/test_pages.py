"""The notifications page, marking read (htmx and plain forms), and the navigation badge."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from thidua.notifications import domain
from thidua.notifications.models import Notification

pytestmark = pytest.mark.django_db

HTMX: dict[str, Any] = {"HTTP_HX_REQUEST": "true"}


def _notify(user: Any, key: str, title: str = "", url: str = "/") -> Notification:
    sent = domain.notification_send(
        recipients=[user], kind="test", title=title or f"Thông báo {key}", body="Nội dung",
        url=url, key=key, email=False,
    )  # fmt: skip
    return sent[0]


@pytest.fixture
def officer() -> Any:
    return UserFactory(username="canbo.lan")


@pytest.fixture
def client_of(officer: Any) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def _badge(html: str) -> str:
    match = re.search(r'<span id="notification-badge"[^>]*>(.*?)</span>\s*</a>', html, re.S)
    assert match is not None, "no badge"
    return match.group(1)


def test_it_lists_only_ones_own_notifications_unread_first(officer: Any, client_of: Client) -> None:
    _notify(officer, "old", "Cũ đã đọc")
    read = Notification.objects.get(key="old")
    domain.notification_mark_read(notification=read, by=officer)
    _notify(officer, "new", "Mới chưa đọc")
    _notify(UserFactory(username="other"), "theirs", "Của người khác")

    html = client_of.get("/notifications/").content.decode()

    assert "Của người khác" not in html
    assert html.index("Mới chưa đọc") < html.index("Cũ đã đọc")
    assert html.count('data-testid="mark-read"') == 1


def test_it_says_so_when_there_is_nothing(client_of: Client) -> None:
    html = client_of.get("/notifications/").content.decode()

    assert 'data-testid="notification-empty"' in html


def test_it_sends_anonymous_visitors_to_log_in() -> None:
    response = Client().get("/notifications/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_marks_one_read_with_htmx_and_updates_the_badge(officer: Any, client_of: Client) -> None:
    first = _notify(officer, "a")
    _notify(officer, "b")

    response = client_of.post(f"/notifications/{first.pk}/read/", **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{first.pk}"' in html
    assert 'data-testid="mark-read"' not in html
    assert 'hx-swap-oob="true"' in html
    assert ">1<" in html
    assert Notification.objects.get(pk=first.pk).read_at is not None


def test_it_marks_one_read_without_javascript(officer: Any, client_of: Client) -> None:
    notification = _notify(officer, "a")

    response = client_of.post(f"/notifications/{notification.pk}/read/")

    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_it_opens_a_notification_where_it_points_and_marks_it_read(
    officer: Any, client_of: Client
) -> None:
    notification = _notify(officer, "a", url="/reports/7/")

    response = client_of.post(f"/notifications/{notification.pk}/read/", {"open": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/reports/7/"
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_it_never_opens_a_link_to_another_site(officer: Any, client_of: Client) -> None:
    notification = _notify(officer, "a", url="https://evil.example/")

    response = client_of.post(f"/notifications/{notification.pk}/read/", {"open": "1"})

    assert response["Location"] == "/notifications/"


def test_it_answers_404_for_someone_elses_notification(client_of: Client) -> None:
    theirs = _notify(UserFactory(username="other"), "a")

    response = client_of.post(f"/notifications/{theirs.pk}/read/", {"open": "1"})

    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_it_refuses_to_mark_read_by_get(officer: Any, client_of: Client) -> None:
    notification = _notify(officer, "a")

    response = client_of.get(f"/notifications/{notification.pk}/read/")

    assert response.status_code == 405
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_it_marks_all_read_with_htmx(officer: Any, client_of: Client) -> None:
    for key in ("a", "b", "c"):
        _notify(officer, key)
    theirs = _notify(UserFactory(username="other"), "a")

    response = client_of.post("/notifications/read-all/", **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.count('data-testid="notification"') == 3
    assert 'data-testid="mark-read"' not in html
    assert 'hx-swap-oob="true"' in html
    assert domain.unread_count(officer) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_it_marks_all_read_without_javascript(officer: Any, client_of: Client) -> None:
    _notify(officer, "a")

    response = client_of.post("/notifications/read-all/", follow=True)

    assert response.redirect_chain == [("/notifications/", 302)]
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()


def test_it_shows_the_unread_count_in_the_navigation(officer: Any, client_of: Client) -> None:
    for key in ("a", "b", "c"):
        _notify(officer, key)
    domain.notification_mark_read(notification=Notification.objects.get(key="a"), by=officer)

    html = client_of.get("/").content.decode()

    assert 'href="/notifications/"' in html
    assert ">2<" in _badge(html)


def test_it_shows_no_badge_without_unread_notifications(client_of: Client) -> None:
    html = client_of.get("/").content.decode()

    assert 'href="/notifications/"' in html
    assert _badge(html) == ""


def test_it_counts_the_badge_in_one_query(officer: Any, client_of: Client) -> None:
    _notify(officer, "a")

    with CaptureQueriesContext(connection) as queries:
        client_of.get("/")

    touching = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(touching) == 1


def test_it_does_not_count_for_partial_responses(officer: Any, client_of: Client) -> None:
    _notify(officer, "a")

    with CaptureQueriesContext(connection) as queries:
        client_of.get("/notifications/", **HTMX)

    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    # The paginator's count only: the badge is not on a partial.
    assert len(counts) == 1


def _list_queries(client: Client, user: Any, count: int) -> int:
    for n in range(count):
        _notify(user, f"{count}-{n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/notifications/")
    assert response.content.decode().count('data-testid="notification"') >= count
    return len(queries)


def test_it_lists_notifications_in_a_fixed_number_of_queries(
    officer: Any, client_of: Client
) -> None:
    assert _list_queries(client_of, officer, 2) == _list_queries(client_of, officer, 12)
