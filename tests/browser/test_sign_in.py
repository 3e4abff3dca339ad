from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import log_out
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_test_id("login-submit").click()


def test_it_logs_in_in_vietnamese_switches_to_english_and_logs_out(
    page: Any, screenshot: Any
) -> None:
    UserFactory(username="tayninh", full_name="Trần Thị Thu")
    page.goto("/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    screenshot("login-vi")

    _log_in(page, "tayninh", PASSWORD)
    assert page.locator("h1").inner_text() == "Xin chào, Trần Thị Thu"
    screenshot("home-vi")

    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    assert page.locator("h1").inner_text() == "Hello, Trần Thị Thu"
    assert page.get_by_text("Nothing is waiting for you.").is_visible()
    screenshot("home-en")

    log_out(page)
    assert page.locator("h1").inner_text() == "Log in"


def test_it_explains_failed_logins_and_the_lockout(page: Any, screenshot: Any) -> None:
    UserFactory(username="dongnai")

    _log_in(page, "dongnai", "sai-mat-khau")
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").is_visible()
    screenshot("wrong-password")
    for _ in range(4):
        _log_in(page, "dongnai", "sai-mat-khau")
    _log_in(page, "dongnai", PASSWORD)

    assert (
        "Tài khoản tạm thời bị khóa vì đăng nhập sai quá 5 lần."
        in page.get_by_test_id("locked-out").inner_text()
    )
    screenshot("locked-out")
