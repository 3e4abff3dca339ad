from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.template import Context, Template
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_it_answers_health_checks_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok\n")


def test_it_reports_503_when_the_database_does_not_answer(client: Client) -> None:
    with mock.patch("thidua.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_it_sends_anonymous_visitors_to_the_vietnamese_login_page(client: Client) -> None:
    response = client.get("/", follow=True)

    assert response.redirect_chain == [("/accounts/login/?next=/", 302)]
    assert "Đăng nhập" in response.content.decode()
    assert response.headers["Content-Language"] == "vi"


def test_it_shows_the_home_page_with_nothing_pending(user_client: Client) -> None:
    response = user_client.get("/")

    assert response.status_code == 200
    assert "Không có việc nào đang chờ bạn." in response.content.decode()


def test_it_answers_unknown_pages_with_a_vietnamese_404(user_client: Client) -> None:
    response = user_client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu." in response.content.decode()


def test_it_answers_unknown_api_routes_with_a_json_404(user_client: Client) -> None:
    response = user_client.get("/api/v1/khong-co/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_it_explains_a_csrf_failure_instead_of_failing(user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/accounts/profile/api-token/")

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_it_renders_server_errors_without_a_stack_trace(rf: Any) -> None:
    from thidua.core.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_it_sends_a_strict_content_security_policy(user_client: Client) -> None:
    policy = user_client.get("/").headers["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/profile/", "/audit/"])
def test_it_loads_nothing_from_another_origin(admin_client: Client, path: str) -> None:
    html = admin_client.get(path).content.decode()

    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []
    assert "<script>" not in html
    assert "style=" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "1.234.567,89 · 21/11/2026"), ("en", "1,234,567.89 · 21/11/2026")],
)
def test_it_formats_numbers_and_dates_the_vietnamese_way(language: str, expected: str) -> None:
    import datetime as dt
    from decimal import Decimal

    template = Template('{{ n|floatformat:"2g" }} · {{ d|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        text = template.render(Context({"n": Decimal("1234567.89"), "d": dt.date(2026, 11, 21)}))

    assert text == expected


def test_it_switches_the_interface_to_english(user_client: Client) -> None:
    response = user_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    assert "Nothing is waiting for you." in response.content.decode()


def test_it_speaks_vietnamese_to_an_english_browser_until_the_user_switches(
    user_client: Client,
) -> None:
    html = user_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert "Không có việc nào đang chờ bạn." in html
    assert "<title>Trang chủ · Thi Đua</title>" in html


def test_it_relaxes_the_style_policy_only_for_the_api_docs(user_client: Client) -> None:
    docs = user_client.get("/api/v1/docs/").headers["Content-Security-Policy"]
    home = user_client.get("/").headers["Content-Security-Policy"]

    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "unsafe-inline" not in home
