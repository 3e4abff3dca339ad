"""Issue "Periodic reporting": a month entered in the grid, submitted, returned, approved,
locked; the results of Cụm 10 in 2024 as the seeds report them."""

from __future__ import annotations

from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from thidua.covenants.models import Covenant
from thidua.reporting.models import Figure, Period, Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo-password-2026"


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", stdout=StringIO())


def _log_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def _accept_dialogs(page: Any) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def test_it_takes_months_from_the_grid_to_approved_and_locked(
    demo: None, page: Any, screenshot: Any, tmp_path: Path
) -> None:
    _tay_ninh_enters_october_and_the_office_locks_it(page, screenshot)
    _the_cluster_officer_returns_then_approves_dong_nais_september(page)
    _tay_ninh_uploads_november_from_the_workbook(page, screenshot, tmp_path)


def _tay_ninh_enters_october_and_the_office_locks_it(page: Any, screenshot: Any) -> None:
    cluster_2025 = Covenant.objects.get(cluster__year=2025, cluster__number=10)
    october = Period.objects.get(covenant=cluster_2025, kind="month", index=10)
    _accept_dialogs(page)
    _log_in(page, "tayninh.canbo")

    # Tây Ninh's officer opens October from the board and types the month in the grid.
    page.goto(f"/reports/period/{october.pk}/")
    page.get_by_test_id("board-row-TNH").get_by_test_id("start-report").click()
    grid = page.get_by_test_id("entry-grid")
    expect(grid).to_be_visible()
    # The grid's keys come from a deferred script: type once the page has loaded, as the
    # click that opened the report does not wait for it.
    page.wait_for_load_state("load")
    first = grid.locator("input[data-col='1']").first
    first.click()
    first.fill("0")
    # Enter goes down the column, like a spreadsheet.
    first.press("Enter")
    second = grid.locator("input[data-col='1']").nth(1)
    expect(second).to_be_focused()

    # A numerator above its denominator is flagged as the cursor leaves the row.
    rate = grid.get_by_label("Tử số 5.1")
    rate.fill("95")
    grid.get_by_label("Mẫu số 5.1").fill("90")
    grid.get_by_label("Mẫu số 5.1").press("Tab")
    expect(grid.locator("[data-row]").filter(has=page.get_by_label("Tử số 5.1"))).to_contain_text(
        "không được lớn hơn mẫu số"
    )
    grid.get_by_label("Mẫu số 5.1").fill("120")
    for field in grid.locator("input[data-col='1'], input[data-col='2']").all():
        if not field.input_value():
            field.fill("1234" if field.get_attribute("data-col") == "2" else "12")
    count = grid.get_by_label("Số liệu 9")
    count.fill("1234,5")
    count.press("Tab")
    expect(count).to_have_value("1.234,5")
    count.fill("1.234")
    screenshot("grid-typed")
    page.get_by_test_id("save-figures").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    report = Report.objects.get(period=october, unit__code="TNH")
    criterion_9 = cluster_2025.criteria.get(code="9")
    assert Figure.objects.get(report=report, criterion=criterion_9).value == 1234
    screenshot("grid-saved")

    page.reload()
    page.get_by_test_id("submit-report").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã nộp báo cáo")

    # Tây Ninh heads the cluster: the office reviews its own report. It returns it first.
    _log_in(page, "cuc.ctct")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_label("Lý do trả lại").fill("Số hồ sơ cai nghiện chưa khớp báo cáo ngành")
    page.get_by_test_id("return-report").click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("chưa khớp")

    _log_in(page, "tayninh.canbo")
    page.goto(f"/reports/{report.pk}/")
    expect(page.get_by_test_id("return-reason")).to_contain_text("chưa khớp")
    page.get_by_test_id("entry-grid").get_by_label("Số liệu 9").fill("1.230")
    page.get_by_test_id("save-figures").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    page.reload()
    page.get_by_test_id("submit-report").click()

    _log_in(page, "cuc.ctct")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_test_id("approve-report").click()
    page.get_by_test_id("lock-report").click()
    expect(page.get_by_test_id("report-title")).to_contain_text("Đã khóa")
    screenshot("locked")
    report.refresh_from_db()
    assert report.status == ReportStatus.LOCKED


def _the_cluster_officer_returns_then_approves_dong_nais_september(page: Any) -> None:
    september = Report.objects.get(
        period__covenant__cluster__year=2025,
        period__kind="month",
        period__index=9,
        unit__code="DNI",
    )
    _log_in(page, "tayninh.canbo")
    page.goto(f"/reports/period/{september.period_id}/")
    expect(page.get_by_test_id("count-waiting")).to_have_text("1")
    page.get_by_test_id("board-row-DNI").get_by_role("link", name="Xem và duyệt").click()
    page.get_by_label("Lý do trả lại").fill("Bổ sung minh chứng tiêu chí 9")
    page.get_by_test_id("return-report").click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("minh chứng")

    _log_in(page, "dongnai.canbo")
    page.goto(f"/reports/{september.pk}/")
    page.get_by_test_id("submit-report").click()

    _log_in(page, "tayninh.canbo")
    page.goto(f"/reports/{september.pk}/")
    page.get_by_test_id("approve-report").click()
    expect(page.get_by_test_id("report-title")).to_contain_text("Đã duyệt")
    september.refresh_from_db()
    assert september.status == ReportStatus.APPROVED


def _tay_ninh_uploads_november_from_the_workbook(
    page: Any, screenshot: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from thidua.reporting.excel import FIRST_ROW, INDEX

    november = Period.objects.get(
        covenant__cluster__year=2025, covenant__cluster__number=10, kind="month", index=11
    )
    _log_in(page, "tayninh.canbo")
    page.goto(f"/reports/period/{november.pk}/")
    page.get_by_test_id("board-row-TNH").get_by_test_id("start-report").click()
    report = Report.objects.get(period=november, unit__code="TNH")
    page.get_by_test_id("report-import").click()

    download = page.request.get(f"/reports/{report.pk}/bao-cao.xlsx")
    assert download.ok
    book = load_workbook(BytesIO(download.body()))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        kind = row[INDEX["kind"]].value
        if not row[INDEX["key"]].value:
            continue
        if kind == "Tỷ lệ":
            row[INDEX["numerator"]].value = 9
            row[INDEX["denominator"]].value = 10
        else:
            row[INDEX["value"]].value = 7
    filled = tmp_path / "bao-cao-thang-11.xlsx"
    book.save(filled)

    page.locator("input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.get_by_test_id("report-title")).to_be_visible()
    screenshot("uploaded")
    assert Figure.objects.filter(report=report).count() >= 9
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("report-title")).to_contain_text("Đã nộp")


def test_it_shows_the_results_of_cum_10_as_the_seeds_report_them(
    demo: None, page: Any, screenshot: Any
) -> None:
    covenant = Covenant.objects.get(cluster__year=2024, cluster__number=10)
    _log_in(page, "binhphuoc.canbo")

    page.goto(f"/reports/covenant/{covenant.pk}/?view=results")
    table = page.get_by_test_id("results-table")
    # Very serious cases: above 90% in Tây Ninh, Long An, Bình Phước; below in the others.
    expect(table.get_by_test_id("result-5.2-TNH")).to_contain_text("93,1%")
    expect(table.get_by_test_id("result-5.2-LAN")).to_contain_text("95,57%")
    expect(table.get_by_test_id("result-5.2-BPC")).to_contain_text("90,2%")
    for code in ("TNH", "LAN", "BPC"):
        expect(table.get_by_test_id(f"result-5.2-{code}")).to_have_attribute(
            "data-outcome", "exceeded"
        )
    for code in ("BDG", "DNI"):
        expect(table.get_by_test_id(f"result-5.2-{code}")).to_have_attribute(
            "data-outcome", "not_met"
        )
    screenshot("results-2024")

    tay_ninh = covenant.cluster.memberships.get(unit__code="TNH").unit
    _log_in(page, "tayninh.canbo")
    criterion = covenant.criteria.get(code="5.2")
    page.goto(f"/reports/covenant/{covenant.pk}/unit/{tay_ninh.pk}/criterion/{criterion.pk}/")
    expect(page.get_by_test_id("indicator-outcome")).to_have_text("Vượt chỉ tiêu")
    expect(page.locator("canvas[data-rep-chart]")).to_be_visible()
    screenshot("indicator-chart")

    # 2025: merged Tây Ninh is compared with Tây Ninh + Long An of 2024.
    covenant_2025 = Covenant.objects.get(cluster__year=2025, cluster__number=10)
    criterion_9 = covenant_2025.criteria.get(code="9")
    page.goto(
        f"/reports/covenant/{covenant_2025.pk}/unit/{tay_ninh.pk}/criterion/{criterion_9.pk}/"
    )
    expect(page.locator("main")).to_contain_text("cùng kỳ năm 2024: Long An + Tây Ninh")
    screenshot("merged-baseline")
