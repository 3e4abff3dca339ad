"""The year-end report's content, read from a small year (tests/yearend/world.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scoring.world import World, take_to
from thidua.org import domain as org
from thidua.scoring.models import SheetStatus
from thidua.yearend import domain
from thidua.yearend.domain import Heading, Paragraph, Table, YearEndReport, year_end_report

OPTIONAL_APPS = ("thidua.conferences", "thidua.awards", "thidua.practices", "thidua.contributions")


def _text(report: YearEndReport) -> str:
    lines = [report.intro]
    for section in report.sections:
        lines.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Table):
                lines += [" | ".join(row) for row in block.rows]
            else:
                lines.append(block.text)
    return "\n".join(lines)


def _result(report: YearEndReport, code: str) -> domain.TargetResult:
    return next(r for r in report.targets.results if r.code == code)


# ---------------------------------------------------------------------------------------
# I. The cluster


def test_it_names_the_members_with_the_head_first_and_the_office(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    overview = report.overview
    assert [m.short_name for m in overview.members] == ["Tây Ninh", "Bình Dương", "Long An"]
    assert overview.heads == ("Công an tỉnh Tây Ninh",)
    assert overview.paragraphs[0] == (
        "Cụm thi đua số 10 năm 2024 gồm 03 đơn vị: Công an tỉnh Tây Ninh, Công an tỉnh Bình "
        "Dương và Công an tỉnh Long An; cơ quan thường trực: Cục Công tác đảng và công tác "
        "chính trị."
    )
    assert overview.paragraphs[1] == "Đơn vị Cụm trưởng: Công an tỉnh Tây Ninh."


def test_it_describes_the_covenant_with_its_date_place_and_theme(year: World) -> None:
    covenant = year.covenant
    covenant.signing_date = dt.date(2024, 3, 12)
    covenant.signing_place = "Công an tỉnh Tây Ninh"
    covenant.theme = "Kỷ cương, trách nhiệm, hành động, sáng tạo"
    covenant.save()

    report = year_end_report(cluster=year.cluster)

    assert report.overview.paragraphs[2] == (
        "Ngày 12 tháng 3 năm 2024, tại Công an tỉnh Tây Ninh, các đơn vị trong Cụm đã tổ chức "
        "Hội nghị ký kết giao ước thi đua thực hiện phong trào thi đua “Vì an ninh Tổ quốc” năm "
        "2024, với chủ đề “Kỷ cương, trách nhiệm, hành động, sáng tạo”."
    )
    assert report.overview.paragraphs[3].startswith(
        "Giao ước gồm 02 nhóm nội dung với 07 tiêu chí, thang điểm 500 điểm;"
    )


def test_it_dates_a_member_that_left_during_the_year(year: World) -> None:
    membership = year.cluster.memberships.get(unit=year.units["BDG"])
    org.membership_end(membership=membership, end_date=dt.date(2024, 6, 30))

    report = year_end_report(cluster=year.cluster)

    member = next(m for m in report.overview.members if m.short_name == "Bình Dương")
    assert member.note == "thành viên đến ngày 30/06/2024"
    assert "Công an tỉnh Bình Dương (thành viên đến ngày 30/06/2024)" in _text(report)
    # The year's results cover the members of December, as the year report and the scores do.
    assert "Bình Dương" not in _result(report, "1").sentence


# ---------------------------------------------------------------------------------------
# II. Targets and their results


def test_it_cites_each_units_rate_against_the_shared_target(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    result = _result(report, "1")
    assert result.target == "Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên"
    assert [(r.unit, r.value) for r in result.achieved] == [
        ("Long An", "95,57%"),
        ("Tây Ninh", "93,1%"),
        ("Bình Dương", "90,2%"),
    ]
    assert result.sentence == (
        "Chỉ tiêu “Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên”: 03/03 đơn vị vượt chỉ "
        "tiêu: Long An (95,57%), Tây Ninh (93,1%), Bình Dương (90,2%)."
    )


def test_it_totals_a_count_target_split_among_the_units(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    result = _result(report, "2")
    assert result.target == ""  # Tây Ninh 120, Long An 100: no target shared by all
    assert result.cluster_total == "270/220 hồ sơ (122,73%)"
    assert result.sentence == (
        "Tiêu chí 2: cả Cụm đạt 270/220 hồ sơ (122,73%), vượt chỉ tiêu; 02/02 đơn vị vượt "
        "chỉ tiêu được giao: Tây Ninh (150/120 hồ sơ), Long An (120/100 hồ sơ). Bình Dương "
        "không được giao chỉ tiêu này."
    )


def test_it_says_who_missed_a_target_and_who_has_no_figures(db: None) -> None:
    from tests.scoring.world import build_world

    world = build_world(
        figures={"TNH": ((931, 1000), 150), "LAN": ((850, 1000), 120)},
    )

    report = year_end_report(cluster=world.cluster)

    result = _result(report, "1")
    assert [r.unit for r in result.not_met] == ["Long An"]
    assert [r.unit for r in result.no_data] == ["Bình Dương"]
    assert result.sentence == (
        "Chỉ tiêu “Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên”: 01/03 đơn vị vượt chỉ "
        "tiêu: Tây Ninh (93,1%); 01/03 đơn vị chưa đạt: Long An (85%); 01/03 đơn vị chưa có "
        "số liệu: Bình Dương."
    )
    table = next(
        b
        for s in report.sections
        for b in s.blocks
        if isinstance(b, Table) and b.layout == "targets"
    )
    assert table.rows[0][2:] == ("1", "0", "1", "1")


def test_it_says_so_when_no_figures_are_approved(db: None) -> None:
    from tests.scoring.world import build_world

    world = build_world(figures={})

    report = year_end_report(cluster=world.cluster)

    assert not report.targets.has_figures
    assert report.targets.paragraphs == (
        "Các đơn vị chưa có số liệu báo cáo năm 2024 được phê duyệt; kết quả thực hiện các chỉ "
        "tiêu sẽ được tổng hợp khi số liệu được phê duyệt.",
    )


# ---------------------------------------------------------------------------------------
# III. Ranking


def test_it_prints_the_published_ranking(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    ranking = report.ranking
    assert ranking.published
    assert ranking.standings[0].unit == "Công an tỉnh Long An"
    assert [s.rank for s in ranking.standings] == [1, 2, 3]
    first = ranking.standings[0]
    assert ranking.paragraphs[-1] == (
        f"Công an tỉnh Long An dẫn đầu Cụm với {first.total} điểm, đạt {first.percent} số điểm "
        "tối đa có thể đạt."
    )
    assert first.percent.endswith("%")
    assert "," in first.percent


def test_it_calls_an_unpublished_ranking_provisional(bare: World) -> None:
    for code in bare.units:
        take_to(bare, code, SheetStatus.SUBMITTED)

    report = year_end_report(cluster=bare.cluster)

    assert not report.ranking.published
    assert "kết quả tạm tính" in report.ranking.paragraphs[0]
    assert len(report.ranking.standings) == 3


def test_it_says_so_when_nobody_has_scored(bare: World) -> None:
    report = year_end_report(cluster=bare.cluster)

    assert report.ranking.standings == ()
    assert report.ranking.paragraphs == (
        "Các đơn vị chưa tự chấm điểm thi đua năm 2024; kết quả chấm điểm, xếp hạng sẽ được bổ "
        "sung khi có.",
    )


# ---------------------------------------------------------------------------------------
# IV. The vote; V. the handover; the document's date and place


def test_it_reports_whom_the_vote_elected_with_their_votes(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    government, ministry = report.vote.titles
    assert government.title == "Cờ thi đua của Chính phủ"
    assert [(e.unit, e.votes, e.share) for e in government.elected] == [
        ("Công an tỉnh Long An", 2, "66,67%")
    ]
    assert [e.unit for e in ministry.elected] == ["Công an tỉnh Tây Ninh", "Công an tỉnh Long An"]
    assert (
        "Cờ thi đua của Chính phủ: suy tôn Công an tỉnh Long An (2/3 phiếu, 66,67%)."
        in report.vote.paragraphs
    )
    assert report.vote.paragraphs[0].startswith(
        "Ngày 23 tháng 11 năm 2024, tại Công an tỉnh Tây Ninh, Cụm đã tổ chức bỏ phiếu kín"
    )


def test_it_reports_the_handover_to_next_years_head_and_deputy(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    assert report.handover.head == "Công an tỉnh Long An"
    assert report.handover.paragraphs == (
        "Tại Hội nghị tổng kết ngày 23 tháng 11 năm 2024, các đơn vị trong Cụm đã thống nhất, "
        "ký kết bàn giao đơn vị Cụm trưởng năm 2025 cho Công an tỉnh Long An và đơn vị Cụm "
        "phó năm 2025 cho Công an tỉnh Bình Dương.",
    )
    assert "Đơn vị Cụm trưởng năm 2025 (Công an tỉnh Long An)" in report.outlook[2].text


def test_it_dates_and_places_the_report_at_the_year_end_conference(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    assert report.place_date == "Tây Ninh, ngày 23 tháng 11 năm 2024"
    assert report.dated == dt.date(2024, 11, 23)
    assert report.number == "Số:\xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0/BC-CTĐ"
    assert report.title == (
        "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2024",
        "CỦA CỤM THI ĐUA SỐ 10",
    )
    assert report.signer.unit == "CÔNG AN TỈNH TÂY NINH"
    assert report.recipients[0] == "- Cục Công tác đảng và công tác chính trị (để báo cáo);"


def test_it_leaves_the_date_blank_and_says_what_is_missing_before_the_conference(
    bare: World,
) -> None:
    report = year_end_report(cluster=bare.cluster)

    assert report.place_date == "Tây Ninh, ngày …… tháng …… năm 2024"
    assert report.dated == dt.date(2024, 12, 31)
    assert report.vote.titles == ()
    assert report.vote.paragraphs == (
        "Cụm chưa tổ chức bỏ phiếu bình xét, suy tôn danh hiệu thi đua năm 2024 trong hệ thống.",
    )
    assert report.handover.head == ""
    assert "chưa được ghi nhận" in report.handover.paragraphs[0]


def test_it_numbers_the_sections_and_leaves_the_outlook_to_edit(year: World) -> None:
    report = year_end_report(cluster=year.cluster)

    assert [s.heading for s in report.sections] == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA",
        "III. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG",
        "IV. KẾT QUẢ BÌNH XÉT, SUY TÔN VÀ KHEN THƯỞNG",
        "V. BÀN GIAO CỤM TRƯỞNG, CỤM PHÓ NĂM 2025",
        "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025",
    ]
    outlook = report.sections[-1].blocks
    assert all(isinstance(b, Paragraph) and b.text for b in outlook)
    assert [b.editable for b in outlook if isinstance(b, Paragraph)] == [
        False,
        False,
        False,
        True,
    ]


# ---------------------------------------------------------------------------------------
# Without the apps that provide some parts


def test_it_leaves_out_the_parts_of_apps_not_installed(
    year: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name not in OPTIONAL_APPS and installed(name)
    )

    report = year_end_report(cluster=year.cluster)

    assert report.missing == OPTIONAL_APPS
    assert (report.conferences, report.awards, report.practices, report.contributions) == (
        None,
        None,
        None,
        None,
    )
    headings = [b.text for s in report.sections for b in s.blocks if isinstance(b, Heading)]
    assert headings == ["1. Kết quả thực hiện các nội dung, chỉ tiêu thi đua"]
    assert report.sections[3].heading == "IV. KẾT QUẢ BÌNH XÉT, SUY TÔN"
    # What the other parts say stays whole.
    assert report.vote.titles[0].elected[0].unit == "Công an tỉnh Long An"


# ---------------------------------------------------------------------------------------
# Queries


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as context:
        year_end_report(cluster=world.cluster)
    return len(context.captured_queries)


def test_it_reads_the_year_in_the_same_number_of_queries_whatever_its_size(
    year: World, django_user_model: Any
) -> None:
    small = _queries(year)
    _grow(year)

    assert _queries(year) == small


def _grow(world: World) -> None:
    """More of what a year has: criteria, role changes, guests of the vote's candidates."""
    from decimal import Decimal

    from thidua.covenants.models import Criterion, CriterionKind

    for index in range(6):
        # Written straight: the covenant is in force, and only its size matters here.
        Criterion.objects.create(
            covenant=world.covenant, code=f"9.{index}", title=f"Thêm {index}",
            kind=CriterionKind.QUALITATIVE, max_points=Decimal(0), position=90 + index,
        )  # fmt: skip
    org.role_assign(
        cluster=world.cluster, unit=world.units["LAN"], role="deputy",
        start_date=dt.date(2024, 7, 1),
    )  # fmt: skip
