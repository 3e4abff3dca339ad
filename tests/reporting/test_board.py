"""The cluster's board for a period: who submitted what, who is late; constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.world import FULL, World, at, build_world, entries, file_report
from thidua.reporting import domain
from thidua.reporting.models import ReportStatus

pytestmark = pytest.mark.django_db

FEB_10 = dt.date(2024, 2, 10)


def _file(world: World, code: str, *, submitted: dt.datetime | None) -> None:
    officer = world.officer(code)
    report = domain.report_open(period=world.month(1), unit=world.units[code], by=officer)
    report = domain.report_figures_save(
        report=report, by=officer, expected_version=report.version, entries=entries(world, FULL)
    )
    if submitted is not None:
        domain.report_submit(
            report=report, by=officer, expected_version=report.version, at=submitted
        )


def test_it_shows_who_submitted_on_time_late_or_not_at_all(world: World) -> None:
    _file(world, "TNH", submitted=at(2024, 2, 3))
    _file(world, "LAN", submitted=at(2024, 2, 8))
    _file(world, "BDG", submitted=None)

    board = domain.cluster_status_board(
        covenant=world.covenant, period=world.month(1), today=FEB_10
    )

    assert [
        (r.unit.code, r.status, r.late, r.submitted_late, r.figures_entered, r.figures_expected)
        for r in board.rows
    ] == [
        ("BDG", ReportStatus.DRAFT, True, False, 5, 5),
        ("LAN", ReportStatus.SUBMITTED, False, True, 5, 5),
        ("TNH", ReportStatus.SUBMITTED, False, False, 5, 5),
    ]
    assert [r.unit.code for r in board.late] == ["BDG"]
    assert [r.unit.code for r in board.submitted] == ["LAN", "TNH"]
    assert board.deadline_passed


def test_it_lists_a_member_without_a_report_and_is_late_only_after_the_deadline(
    world: World,
) -> None:
    before = domain.cluster_status_board(
        covenant=world.covenant, period=world.month(1), today=dt.date(2024, 2, 5)
    )
    after = domain.cluster_status_board(
        covenant=world.covenant, period=world.month(1), today=dt.date(2024, 2, 6)
    )

    assert [(r.status, r.status_label, r.late) for r in before.rows] == [
        (domain.MISSING, "Chưa có báo cáo", False)
    ] * 3
    assert [r.late for r in after.rows] == [True, True, True]


def _queries_for_board(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        board = domain.cluster_status_board(
            covenant=world.covenant, period=world.month(1), today=FEB_10
        )
        [(r.unit.short_name, r.status_label, r.figures_expected) for r in board.rows]
    return len(captured.captured_queries)


def test_it_reads_the_board_in_a_constant_number_of_queries(db: None) -> None:
    small = build_world(number=10, members=[("TNH", "Tây Ninh"), ("LAN", "Long An")])
    large = build_world(
        number=11,
        members=[
            ("BDG", "Bình Dương"), ("BPC", "Bình Phước"), ("DNI", "Đồng Nai"),
            ("BVT", "Bà Rịa – Vũng Tàu"), ("LDG", "Lâm Đồng"), ("KHA", "Khánh Hòa"),
        ],
        head="BDG",
    )  # fmt: skip
    for world in (small, large):
        for index, code in enumerate(world.units):
            until = [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.LOCKED][index % 3]
            file_report(world, world.month(1), code, FULL, until=until)

    small_count = _queries_for_board(small)
    large_count = _queries_for_board(large)

    assert small_count == large_count == 5
