"""The parts other apps provide: conferences, awards and proposals, exemplary models and
practices, contributions; each recorded through its own app's domain, as its users would."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from tests.scoring.world import World
from tests.yearend.world import CONFERENCE, full_year
from thidua.awards.domain.awards import award_create
from thidua.awards.models import Title
from thidua.conferences import domain as conferences
from thidua.conferences.domain import GuestInput
from thidua.contributions import domain as contributions
from thidua.contributions.domain import FundInput
from thidua.contributions.models import Pledge
from thidua.org.models import Handover
from thidua.practices import domain as practices
from thidua.practices.domain import PracticeInput
from thidua.voting.models import Vote
from thidua.yearend.documents import render_docx
from thidua.yearend.domain import Heading, Table, YearEndReport, year_end_report

pytestmark = pytest.mark.django_db


def summit(
    world: World, *, day: dt.date = CONFERENCE, guests: int = 1, kind: str = "year_end"
) -> Any:
    """The year-end conference at Tây Ninh with the vote and the handover decided there."""
    office = world.users["office"]
    conference = conferences.conference_create(
        cluster=world.cluster, kind=kind, date=day, by=office,
        place="Hội trường Công an tỉnh Tây Ninh", host_unit=world.units["TNH"],
        chair_rank="Đại tá", chair_name="Nguyễn Văn Tây",
        chair_position="Giám đốc Công an tỉnh Tây Ninh", status="held",
        guests=[
            GuestInput(
                name="Lê Hoàng Hiệp", rank="Thiếu tướng", position="Phó Cục trưởng",
                organisation="Cục Công tác đảng và công tác chính trị",
            ),
            *(GuestInput(name=f"Khách {n}", position="Đại biểu") for n in range(1, guests)),
        ],
    )  # fmt: skip
    for record in (
        {"vote": Vote.objects.filter(cluster=world.cluster).first()},
        {"handover": Handover.objects.filter(from_cluster=world.cluster).first()},
    ):
        if next(iter(record.values())) is None or kind != "year_end":
            continue
        conference.refresh_from_db()
        conferences.outcome_link(
            conference=conference, by=office, expected_version=conference.version, **record
        )
    return conference


def award(world: World, code: str = "gov", unit: str = "LAN", number: str = "612/QĐ-TTg") -> Any:
    return award_create(
        title=Title.objects.get(code=code), unit=world.units[unit], year=2024,
        decision_number=number, decision_date=dt.date(2025, 5, 5), cluster=world.cluster,
        by=world.users["office"],
    )  # fmt: skip


def practice(world: World, title: str = "Dân vận khéo trong tố giác tội phạm") -> Any:
    created = practices.practice_create(
        data=PracticeInput(
            kind="good_model", title=title, unit=world.units["LAN"], cluster=world.cluster,
            description="Công an xã gặp gỡ người dân tại khu dân cư. Hướng dẫn cách tố giác.",
            results="Tin báo tố giác tội phạm tăng 20% so với năm trước.",
        ),
        by=world.officer("LAN"),
    )  # fmt: skip
    return practices.practice_publish(
        practice=created, by=world.officer("TNH"), expected_version=created.version
    )


def fund(world: World, *, paid_by: tuple[str, ...] = ("TNH", "LAN")) -> Any:
    created = contributions.fund_create(
        data=FundInput(
            cluster=world.cluster, title="Xây dựng nhà tình nghĩa", opened_on=dt.date(2024, 3, 18),
            default_pledge="50.000.000", beneficiary_name="Gia đình đồng chí Lò Văn A",
            beneficiary_unit=world.units["TNH"],
        ),
        by=world.officer("TNH"),
    )  # fmt: skip
    for pledge in Pledge.objects.filter(fund=created, unit__code__in=paid_by):
        contributions.pledge_record_payment(
            pledge=pledge, by=world.users["office"], expected_version=pledge.version,
            paid="50.000.000", paid_on=dt.date(2024, 4, 1),
        )  # fmt: skip
    return created


@pytest.fixture
def year_with_all(db: None) -> World:
    world = full_year()
    summit(world)
    award(world)
    practice(world)
    fund(world)
    return world


def _blocks(report: YearEndReport) -> list[str]:
    texts = []
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Table):
                texts += [" | ".join(row) for row in block.rows]
            else:
                texts.append(block.text)
    return texts


def test_it_tells_the_conferences_held_with_chair_guests_and_decisions(
    year_with_all: World,
) -> None:
    report = year_end_report(cluster=year_with_all.cluster)

    assert report.conferences is not None
    assert report.conferences.paragraphs == (
        "Trong năm 2024, Cụm đã tổ chức 01 hội nghị, hoạt động chung (01 hội nghị tổng kết):",
    )
    (line,) = report.conferences.conferences
    assert line.sentence == (
        f"Ngày 23 tháng 11 năm 2024, tại Hội trường Công an tỉnh Tây Ninh: {line.title}, do Đại "
        "tá Nguyễn Văn Tây, Giám đốc Công an tỉnh Tây Ninh chủ trì; dự có Thiếu tướng Lê Hoàng "
        "Hiệp, Phó Cục trưởng Cục Công tác đảng và công tác chính trị. Tại hội nghị, các đơn vị "
        "đã bỏ phiếu kín bình xét, suy tôn danh hiệu thi đua và bàn giao Cụm trưởng năm 2025 "
        "cho Công an tỉnh Long An, Cụm phó cho Công an tỉnh Bình Dương."
    )
    assert report.place_date == "Tây Ninh, ngày 23 tháng 11 năm 2024"


def test_it_dates_the_report_at_the_year_end_conference_rather_than_the_vote(
    db: None,
) -> None:
    from tests.scoring.world import build_world

    world = build_world()
    summit(world, day=dt.date(2024, 12, 2))

    report = year_end_report(cluster=world.cluster)

    assert report.place_date == "Tây Ninh, ngày 02 tháng 12 năm 2024"
    assert report.dated == dt.date(2024, 12, 2)


def test_it_lists_the_awards_with_their_decisions_and_the_open_proposals(
    year_with_all: World,
) -> None:
    report = year_end_report(cluster=year_with_all.cluster)

    assert report.awards is not None
    assert [(a.title, a.recipient, a.decision) for a in report.awards.awards] == [
        (
            "Cờ thi đua của Chính phủ",
            "Công an tỉnh Long An",
            "Quyết định số 612/QĐ-TTg ngày 05/05/2025 của Thủ tướng Chính phủ",
        )
    ]
    assert report.awards.paragraphs[0] == (
        "Thành tích năm 2024, các tập thể, cá nhân thuộc các đơn vị trong Cụm đã được khen "
        "thưởng 01 lượt:"
    )
    # The vote's proposals arrive in the awards registry; those not decided are listed.
    waiting = {(p.title, p.recipient) for p in report.awards.proposals}
    assert ("Cờ thi đua của Bộ Công an", "Công an tỉnh Tây Ninh") in waiting


def test_it_tells_the_exemplary_models_of_the_year(year_with_all: World) -> None:
    report = year_end_report(cluster=year_with_all.cluster)

    assert report.practices is not None
    assert report.practices.paragraphs[0].endswith(
        "nhân rộng 01 điển hình tiên tiến, mô hình hay, cách làm mới, tiêu biểu:"
    )
    assert (
        "“Dân vận khéo trong tố giác tội phạm” (mô hình hay) của Công an tỉnh Long An: Công an "
        "xã gặp gỡ người dân tại khu dân cư. Hướng dẫn cách tố giác. Kết quả: Tin báo tố giác "
        "tội phạm tăng 20% so với năm trước."
    ) in _blocks(report)


def test_it_totals_the_contributions_and_what_is_outstanding(year_with_all: World) -> None:
    report = year_end_report(cluster=year_with_all.cluster)

    assert report.contributions is not None
    (line,) = report.contributions.funds
    assert (line.pledged, line.paid, line.outstanding) == (
        "150.000.000 đồng",
        "100.000.000 đồng",
        "50.000.000 đồng",
    )
    assert line.sentence == (
        "Xây dựng nhà tình nghĩa: 03 đơn vị cam kết đóng góp 150.000.000 đồng, đã nộp "
        "100.000.000 đồng; còn phải nộp 50.000.000 đồng (Công an tỉnh Bình Dương). Người, nơi "
        "thụ hưởng: Gia đình đồng chí Lò Văn A, Công an tỉnh Tây Ninh."
    )
    assert line.table.rows[-1] == ("Cộng", "150.000.000", "100.000.000", "50.000.000")


def test_it_numbers_the_parts_of_section_ii_in_order(year_with_all: World) -> None:
    report = year_end_report(cluster=year_with_all.cluster)

    headings = [b.text for b in report.sections[1].blocks if isinstance(b, Heading)]
    assert headings == [
        "1. Công tác tổ chức hội nghị, hoạt động chung của Cụm",
        "2. Kết quả thực hiện các nội dung, chỉ tiêu thi đua",
        "3. Công tác phát hiện, nhân rộng điển hình tiên tiến, mô hình hay, cách làm mới",
        "4. Công tác đóng góp, hỗ trợ, an sinh",
    ]


# ---------------------------------------------------------------------------------------
# Queries


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as context:
        year_end_report(cluster=world.cluster)
    return len(context.captured_queries)


def test_it_reads_the_parts_in_the_same_number_of_queries_whatever_their_size(
    year_with_all: World,
) -> None:
    world = year_with_all
    small = _queries(world)

    summit(world, day=dt.date(2024, 6, 20), guests=4, kind="mid_year")
    award(world, code="min", unit="TNH", number="1520/QĐ-BCA")
    award(world, code="bk-bo-truong", unit="BDG", number="7342/QĐ-BCA")
    practice(world, title="Cách làm mới thứ hai")
    practice(world, title="Cách làm mới thứ ba")
    fund(world, paid_by=("BDG",))

    report = year_end_report(cluster=world.cluster)
    assert report.conferences is not None
    assert len(report.conferences.conferences) == 2
    assert report.awards is not None
    assert len(report.awards.awards) == 3
    assert report.practices is not None
    assert len(report.practices.practices) == 3
    assert report.contributions is not None
    assert len(report.contributions.funds) == 2
    assert _queries(world) == small


def test_it_prints_the_contributions_table_with_its_total_in_bold(year_with_all: World) -> None:
    doc = Document(io.BytesIO(render_docx(year_end_report(cluster=year_with_all.cluster))))

    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Đơn vị")
    total = table.rows[-1]
    assert [c.text for c in total.cells] == ["Cộng", "150.000.000", "100.000.000", "50.000.000"]
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in table.rows[1].cells for run in cell.paragraphs[0].runs)
