"""The demo's Cụm 10 of 2024 (shared/seeds, PLO 23/11/2024): its year-end report says what
the seed's year-end conference reported, and the Word file is the same report."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from docx import Document

from thidua.org.models import Cluster, ClusterLevel
from thidua.yearend.documents import render_docx
from thidua.yearend.domain import YearEndReport, year_end_report

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report(django_db_setup: None, django_db_blocker: Any) -> Iterator[YearEndReport]:
    """The full demo, loaded once for the module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        cluster = Cluster.objects.get(year=2024, number=10, level=ClusterLevel.MINISTRY)
        yield year_end_report(cluster=cluster)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def cum2(report: YearEndReport) -> YearEndReport:
    """Cụm 2 of 2024 (seed: signed on 18/3/2024 in Sơn La, 150 million đồng for a house)."""
    cluster = Cluster.objects.get(year=2024, number=2, level=ClusterLevel.MINISTRY)
    return year_end_report(cluster=cluster)


@pytest.fixture(scope="module")
def word_text(report: YearEndReport) -> str:
    doc = Document(io.BytesIO(render_docx(report)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_it_reports_the_clearance_of_very_serious_cases_as_the_seed(report: YearEndReport) -> None:
    result = next(r for r in report.targets.results if r.code == "5.2")

    assert result.sentence.startswith(
        "Chỉ tiêu “Tỷ lệ điều tra, khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng đạt "
        "trên 90%”: 03/05 đơn vị vượt chỉ tiêu: Long An (95,57%), Tây Ninh (93,1%), Bình "
        "Phước (90,2%); 02/05 đơn vị chưa đạt:"
    )


def test_it_totals_the_rehabilitation_files_of_the_cluster_as_the_seed(
    report: YearEndReport,
) -> None:
    result = next(r for r in report.targets.results if r.code == "9")

    assert result.cluster_total == "2.662/1.438 hồ sơ (185,12%)"
    assert "cả Cụm đạt 2.662/1.438 hồ sơ (185,12%), vượt chỉ tiêu" in result.sentence


def test_it_ranks_long_an_first_and_reports_the_vote_and_the_handover(
    report: YearEndReport,
) -> None:
    assert report.ranking.published
    assert report.ranking.standings[0].unit == "Công an tỉnh Long An"
    government = next(t for t in report.vote.titles if t.title == "Cờ thi đua của Chính phủ")
    assert [(e.unit, e.votes) for e in government.elected] == [("Công an tỉnh Long An", 4)]
    ministry = next(t for t in report.vote.titles if t.title == "Cờ thi đua của Bộ Công an")
    assert {e.unit for e in ministry.elected} == {
        "Công an tỉnh Bình Phước",
        "Công an tỉnh Long An",
        "Công an tỉnh Tây Ninh",
    }
    assert (report.handover.head, report.handover.deputy) == (
        "Công an tỉnh Long An",
        "Công an tỉnh Đồng Nai",
    )


def test_it_dates_the_report_at_the_conference_of_23_november_2024(
    report: YearEndReport,
) -> None:
    assert report.place_date == "Tây Ninh, ngày 23 tháng 11 năm 2024"
    assert report.signer.unit == "CÔNG AN TỈNH TÂY NINH"
    assert report.conferences is not None
    summit = [c for c in report.conferences.conferences if c.kind == "Hội nghị tổng kết"]
    assert [c.day.isoformat() for c in summit] == ["2024-11-23"]
    assert "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng" in summit[0].sentence


def test_it_lists_the_awards_for_2024(report: YearEndReport) -> None:
    assert report.awards is not None
    flags = [(a.title, a.recipient) for a in report.awards.awards if a.title.startswith("Cờ")]
    assert ("Cờ thi đua của Chính phủ", "Công an tỉnh Long An") in flags


def test_it_writes_the_same_report_to_word(report: YearEndReport, word_text: str) -> None:
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2024" in word_text
    assert "Long An (95,57%), Tây Ninh (93,1%), Bình Phước (90,2%)" in word_text
    assert "Cờ thi đua của Chính phủ: suy tôn Công an tỉnh Long An (4/5 phiếu, 80%)." in word_text
    assert "TM. CỤM THI ĐUA" in word_text
    assert "CÔNG AN TỈNH TÂY NINH" in word_text


def test_it_reports_cum_2s_house_contribution_and_signing(cum2: YearEndReport) -> None:
    assert cum2.overview.covenant_signed_on is not None
    assert cum2.overview.covenant_signed_on.isoformat() == "2024-03-18"
    assert cum2.contributions is not None
    house = next(f for f in cum2.contributions.funds if f.pledged == "150.000.000 đồng")
    assert "05 đơn vị cam kết đóng góp 150.000.000 đồng" in house.sentence
    assert cum2.signer.unit == "CÔNG AN TỈNH SƠN LA"
