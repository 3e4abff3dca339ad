"""Issue "Organisation registry", as a new user tries it in the browser."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import log_out
from thidua.org.models import Cluster

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-password-2026"


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", stdout=StringIO())


def _log_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()


def test_it_finds_dong_nai_and_follows_cluster_10_through_the_merger(
    demo: None, page: Any, screenshot: Any
) -> None:
    _log_in(page, "binhphuoc.canbo")

    page.goto("/org/units/")
    page.locator("#unit-q").fill("dong nai")
    rows = page.get_by_test_id("unit-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    assert "Đồng Nai" in rows.inner_text()
    screenshot("search-dong-nai")

    cum10 = Cluster.objects.get(year=2024, number=10)
    page.goto(f"/org/clusters/{cum10.pk}/")
    assert "Tây Ninh" in page.get_by_test_id("heads").inner_text()
    assert "Long An" in page.get_by_test_id("handover-out").locator("..").inner_text()
    screenshot("cluster-10-2024")

    page.get_by_test_id("handover-out").locator("..").get_by_role("link").first.click()
    heads = page.get_by_test_id("heads").inner_text()
    assert "Long An" in heads
    assert "Tây Ninh" in heads
    screenshot("cluster-10-2025")

    page.goto("/org/units/")
    page.locator("#unit-q").fill("long an")
    page.get_by_test_id("unit-table").get_by_role("link", name="Long An").first.click()
    timeline = page.get_by_test_id("lineage-timeline").inner_text()
    assert "01/07/2025" in timeline
    assert "Tây Ninh" in timeline
    screenshot("long-an-lineage")


def test_it_shows_each_role_only_what_it_may_do(demo: None, page: Any) -> None:
    _log_in(page, "binhphuoc.canbo")
    page.goto("/org/units/")
    assert page.get_by_test_id("unit-create").count() == 0
    assert page.goto("/org/units/new/").status == 403

    log_out(page)
    _log_in(page, "cuc.ctct")
    page.goto("/org/units/")
    assert page.get_by_test_id("unit-create").count() == 1
    page.goto("/")
    # Bà Rịa – Vũng Tàu, head of Cụm 8, merged into TP.HCM, which is not a member.
    assert "Cụm thi đua số 8" in page.get_by_test_id("pending-list").inner_text()
