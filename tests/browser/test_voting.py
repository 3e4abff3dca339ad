"""Issue "The vote": a simulated Cụm 10 year-end conference, in the browser."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import log_out
from thidua.org.models import Cluster
from thidua.voting import domain

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-password-2026"
# Who each delegate chooses: Long An for the Government flag; three for the Ministry flag.
DELEGATES = {
    "tayninh.lanhdao": ("Long An", ["Long An", "Tây Ninh", "Bình Phước"]),
    "longan.lanhdao": ("Tây Ninh", ["Long An", "Tây Ninh", "Bình Phước"]),
    "binhphuoc.lanhdao": ("Long An", ["Long An", "Tây Ninh", "Bình Phước"]),
    "binhduong.lanhdao": ("Long An", ["Long An", "Đồng Nai"]),
    "dongnai.lanhdao": (None, ["Tây Ninh", "Bình Phước"]),  # abstains on the first title
}


@pytest.fixture
def vote(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", stdout=StringIO())
    officer = get_user_model().objects.get(username="tayninh.canbo")
    cluster = Cluster.objects.get(year=2024, number=10)
    vote = domain.vote_create(
        cluster=cluster,
        conference_date=dt.date(2024, 11, 23),
        conference_place="Hội trường Công an tỉnh Tây Ninh (mô phỏng)",
        by=officer,
    )
    return domain.vote_open(vote=vote, by=officer)


def _log_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()


def _log_out(page: Any) -> None:
    log_out(page)


def test_five_delegates_vote_the_screen_shows_turnout_only_and_receipts_verify(
    vote: Any, page: Any, screenshot: Any
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    receipts: dict[str, str] = {}
    for username, (government, ministry) in DELEGATES.items():
        _log_in(page, username)
        page.goto(f"/votes/{vote.pk}/ballot/")
        if government:
            page.get_by_test_id("ballot-title-gov").get_by_text(government, exact=True).click()
        for unit in ministry:
            page.get_by_test_id("ballot-title-min").get_by_text(unit, exact=True).click()
        if username == "tayninh.lanhdao":
            screenshot("ballot")
        page.get_by_test_id("cast").click()
        receipts[username] = page.get_by_test_id("receipt").inner_text().strip()
        assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", receipts[username])
        _log_out(page)

    _log_in(page, "tayninh.canbo")
    page.goto(f"/votes/{vote.pk}/screen/")
    expect(page.get_by_test_id("screen-turnout")).to_contain_text("5")
    screen = page.locator("body").inner_text()
    assert "Long An" not in screen  # no candidate, no count before the close
    screenshot("projector-open")
    assert page.request.get(f"/votes/{vote.pk}/result/").status in (403, 404, 409)
    page.goto(f"/votes/{vote.pk}/")
    page.get_by_test_id("close-vote").click()
    page.goto(f"/votes/{vote.pk}/result/")
    government = page.get_by_test_id("outcome-gov").inner_text()
    ministry = page.get_by_test_id("outcome-min").inner_text()
    # Long An 3 of 5 (more than half) on the first title; three units with 4 on the second.
    assert re.search(r"Long An\s+3\s+60,00%", government)
    assert re.search(r"Tây Ninh\s+1\s+20,00%", government)
    assert len(re.findall(r"\s4\s+80,00%", ministry)) == 3
    assert re.search(r"Đồng Nai\s+1\s+20,00%", ministry)
    screenshot("result")
    _log_out(page)

    _log_in(page, "dongnai.lanhdao")
    page.goto(f"/votes/{vote.pk}/receipts/")
    assert receipts["dongnai.lanhdao"] in page.get_by_test_id("receipt-list").inner_text()
    page.get_by_test_id("receipt-check").locator("input[name=code]").fill(
        receipts["dongnai.lanhdao"]
    )
    page.get_by_test_id("receipt-check").get_by_role("button").click()
    expect(page.get_by_test_id("receipt-result")).to_be_visible()
    screenshot("receipt-verified")
    minutes = page.request.get(f"/votes/{vote.pk}/minutes.pdf")
    assert (minutes.status, minutes.body()[:5]) == (200, b"%PDF-")
