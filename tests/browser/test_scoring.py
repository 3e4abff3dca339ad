"""Issue "Scoring and ranking": a sheet from self-score to a locked, published ranking in the
browser; the demo's heat-map and table of Cụm 10 in 2024."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.scoring.world import build_world, take_to
from thidua.scoring.models import CovenantScoring, Score, ScoringStatus, SheetStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def test_it_takes_the_cycle_from_self_score_to_a_published_ranking(
    page: Any, screenshot: Any
) -> None:
    world = build_world()
    page.on("dialog", lambda dialog: dialog.accept())
    c = world.criteria
    table_url = f"/scores/covenant/{world.covenant.pk}/"

    # Long An's officer opens its sheet and self-scores the criteria that are not automatic.
    _log_in(page, "canbo.lan")
    page.goto(table_url)
    page.get_by_test_id("rank-LAN").get_by_test_id("open-sheet").click()
    sheet_table = page.get_by_test_id("sheet")
    sheet_table.get_by_label("Kết quả 3").select_option("1")
    sheet_table.get_by_label("Điểm 4").fill("40")
    sheet_table.get_by_label("Số lần 5").fill("3")
    sheet_table.get_by_label("Thứ hạng 6").fill("1, 2")
    screenshot("self-score")
    page.get_by_test_id("save-sheet").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã nộp, chờ thẩm định")

    # The head's officer (Tây Ninh) lowers criterion 4 and must say why.
    _log_in(page, "canbo.tnh")
    page.goto(table_url)
    page.get_by_test_id("sheet-LAN").click()
    page.get_by_test_id("sheet").get_by_label("Điểm 4").fill("30")
    page.get_by_test_id("save-sheet").click()
    expect(page.get_by_test_id("row-4").get_by_test_id("row-error")).to_contain_text("lý do")
    page.get_by_test_id("sheet").get_by_label("Lý do thẩm định 4").fill(
        "Chỉ có 3 chuyên án được xác lập"
    )
    page.get_by_test_id("save-sheet").click()
    page.get_by_test_id("action-verify_done").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã thẩm định, chờ đơn vị giải trình")

    # Long An explains; the office decides and keeps the verified score.
    _log_in(page, "canbo.lan")
    sheet = world.sheet("LAN")
    page.goto(f"/scores/sheet/{sheet.pk}/")
    page.get_by_test_id("sheet").get_by_label("Giải trình 4").fill(
        "Chuyên án thứ 4 được phê duyệt ngày 28/12"
    )
    page.get_by_test_id("save-sheet").click()
    page.get_by_test_id("action-explain_done").click()

    _log_in(page, "cuc.ctct")
    page.goto(f"/scores/sheet/{sheet.pk}/")
    page.get_by_test_id("sheet").get_by_label("Điểm 4").fill("35")
    page.get_by_test_id("sheet").get_by_label("Lý do quyết định 4").fill(
        "Chấp nhận một phần giải trình"
    )
    page.get_by_test_id("save-sheet").click()
    page.get_by_test_id("action-finalize_done").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã có điểm chính thức")
    # Self, verified and final side by side, with the reasons.
    row = page.get_by_test_id("row-4")
    expect(row).to_contain_text("40,00")
    expect(row).to_contain_text("30,00")
    expect(row).to_contain_text("Chỉ có 3 chuyên án")
    expect(row).to_contain_text("Chuyên án thứ 4")
    expect(row).to_contain_text("Chấp nhận một phần")
    screenshot("final")

    # The other two units' sheets reach their final scores; the office publishes.
    take_to(world, "TNH", SheetStatus.FINAL)
    take_to(world, "BDG", SheetStatus.FINAL)
    page.goto(table_url)
    page.get_by_test_id("lock-scoring").click()
    expect(page.get_by_test_id("scoring-status")).to_have_text("Đã khóa, công bố")
    screenshot("published")
    scoring = CovenantScoring.objects.get(covenant=world.covenant)
    assert scoring.status == ScoringStatus.PUBLISHED
    assert Score.objects.get(sheet=sheet, criterion=c["4"]).final_input == {"points": "35.00"}

    page.goto(f"/scores/covenant/{world.covenant.pk}/heatmap/")
    expect(page.get_by_test_id("heat-LAN-1")).to_have_attribute("data-class", "exceeded")
    screenshot("heatmap")
