"""Issue "Covenants": the cluster officer edits the draft and downloads the documents."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from thidua.covenants.models import Covenant

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


def test_it_edits_the_tree_with_live_totals_and_downloads_the_documents(
    demo: None, page: Any, screenshot: Any
) -> None:
    draft = Covenant.objects.get(cluster__year=2025, cluster__number=10)
    in_force = Covenant.objects.get(cluster__year=2024, cluster__number=10)
    other_cluster = Covenant.objects.get(cluster__year=2025, cluster__number=8)
    _log_in(page, "tayninh.canbo")

    page.goto(f"/covenants/{draft.pk}/edit/")
    expect(page.get_by_test_id("points-total")).to_contain_text("1.000")
    form = page.get_by_test_id("criterion-add-form")
    form.get_by_label("Mã").fill("VI")
    form.get_by_label("Điểm tối đa").fill("10")
    form.get_by_label("Nội dung").fill("Công tác khác (thử)")
    form.get_by_role("button", name="Thêm vào giao ước").click()
    expect(page.get_by_text("vượt thang điểm 1.000")).to_be_visible()
    screenshot("overflow-refused")

    form.get_by_label("Điểm tối đa").fill("0")
    form.get_by_role("button", name="Thêm vào giao ước").click()
    expect(page.get_by_test_id("criteria-table")).to_contain_text("Công tác khác (thử)")
    expect(page.get_by_test_id("points-total")).to_contain_text("1.000")
    screenshot("added")

    page.goto(f"/covenants/{in_force.pk}/")
    expect(page.locator("main")).to_contain_text("Tỷ lệ điều tra, khám phá án đạt trên 75%")
    screenshot("cum-10-read-view")
    # Tây Ninh is not a member of Cụm 8: that covenant stays closed to it.
    assert page.request.get(f"/covenants/{other_cluster.pk}/").status == 404
    assert page.request.get(f"/covenants/{other_cluster.pk}/giao-uoc.pdf").status == 404
    pdf = page.request.get(f"/covenants/{draft.pk}/giao-uoc.pdf")
    docx = page.request.get(f"/covenants/{draft.pk}/giao-uoc.docx")
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.body()[:5] == b"%PDF-"
    assert docx.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
