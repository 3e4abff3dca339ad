from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

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


def test_the_menu_keeps_to_one_line_on_screens_from_1200_px(page: Any) -> None:
    # A superuser sees every entry (the audit log too) and has a long name: the widest menu.
    UserFactory(
        username="quantri",
        full_name="Quản trị hệ thống Cục Công tác đảng, công tác chính trị",
        is_superuser=True,
        is_staff=True,
    )
    _log_in(page, "quantri", PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    for language, audit in (("vi", "Nhật ký thay đổi"), ("en", "Audit log")):
        if language == "en":
            page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
        for width in (1200, 1280, 1366, 1440, 1920):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto("/")
            expect(page.locator("nav.app-navbar").get_by_role("link", name=audit)).to_be_visible()
            links = page.locator("nav.app-navbar .nav-link")
            tops = links.evaluate_all(
                "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
            )
            heights = links.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
            overflow = page.locator("nav.app-navbar .container-fluid").evaluate(
                "el => el.scrollWidth - el.clientWidth"
            )
            where = f"{language} at {width} px"
            assert overflow <= 0, f"the menu overflows by {overflow} px ({where})"
            assert max(heights) < 48, f"a menu label wraps: {max(heights)} px high ({where})"
            assert max(tops) - min(tops) <= 4, f"the menu takes more than one row ({where})"
