"""draft → submitted → returned / approved → locked, and who may take each step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.reporting.world import FULL, World, entries, file_report
from thidua.reporting import domain
from thidua.reporting.models import Figure, Report, ReportStatus

pytestmark = pytest.mark.django_db

OTHERS_THAN_LAN_OFFICER = ["officer:TNH", "officer:BDG", "leader:LAN", "office", "outsider"]
NOT_REVIEWERS = ["officer:LAN", "officer:BDG", "leader:TNH", "leader:LAN", "outsider"]
NOT_OFFICE = ["officer:TNH", "officer:LAN", "leader:TNH", "outsider"]


def _submitted(world: World, code: str = "LAN") -> Report:
    return file_report(world, world.month(1), code, FULL, until=ReportStatus.SUBMITTED)


def _figure_count(report: Report) -> int:
    return Figure.objects.filter(report=report).count()


# ---------------------------------------------------------------------------------------
# Opening and submitting: the unit's own officers


@pytest.mark.parametrize("who", ["officer:LAN", "admin"])
def test_it_opens_a_draft_for_the_units_officer_or_an_administrator(world: World, who: str) -> None:
    report = domain.report_open(period=world.month(1), unit=world.units["LAN"], by=world.users[who])

    assert (report.status, report.version, report.unit) == (
        ReportStatus.DRAFT,
        1,
        world.units["LAN"],
    )


def test_it_opens_the_same_report_again_without_a_change(world: World) -> None:
    first = domain.report_open(
        period=world.month(1), unit=world.units["LAN"], by=world.officer("LAN")
    )

    again = domain.report_open(
        period=world.month(1), unit=world.units["LAN"], by=world.officer("LAN")
    )

    assert (again.pk, again.version) == (first.pk, 1)


@pytest.mark.parametrize("who", OTHERS_THAN_LAN_OFFICER)
def test_it_refuses_to_open_a_report_for_anybody_else(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied) as caught:
        domain.report_open(period=world.month(1), unit=world.units["LAN"], by=world.users[who])

    assert str(caught.value) == (
        "Chỉ cán bộ thi đua của Long An mới mở, nhập và nộp báo cáo của đơn vị."
    )
    assert Report.objects.count() == 0


def test_it_submits_a_complete_report(world: World) -> None:
    officer = world.officer("LAN")
    draft = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.DRAFT)

    report = domain.report_submit(report=draft, by=officer, expected_version=draft.version)

    report.refresh_from_db()
    assert (report.status, report.submitted_by, report.version) == (
        ReportStatus.SUBMITTED,
        officer,
        draft.version + 1,
    )


def test_it_refuses_to_submit_while_figures_are_missing(world: World) -> None:
    draft = file_report(world, world.month(1), "LAN", {"1": (8, 10)}, until=ReportStatus.DRAFT)

    with pytest.raises(ValidationError) as caught:
        domain.report_submit(report=draft, by=world.officer("LAN"), expected_version=draft.version)

    assert caught.value.messages == [
        "Chưa đủ số liệu để nộp báo cáo Long An – Tháng 1/2024: tiêu chí 2; tiêu chí 3; "
        "tiêu chí 4 (số vụ tai nạn giao thông); tiêu chí 4 (số người chết do tai nạn giao "
        "thông)."
    ]
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


@pytest.mark.parametrize("who", OTHERS_THAN_LAN_OFFICER)
def test_it_refuses_a_submission_by_anybody_else(world: World, who: str) -> None:
    draft = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.DRAFT)

    with pytest.raises(PermissionDenied):
        domain.report_submit(report=draft, by=world.users[who], expected_version=draft.version)

    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_it_refuses_to_submit_twice(world: World) -> None:
    report = _submitted(world)

    with pytest.raises(ValidationError) as caught:
        domain.report_submit(
            report=report, by=world.officer("LAN"), expected_version=report.version
        )

    assert caught.value.messages == [
        "Chỉ báo cáo đang nhập hoặc bị trả lại mới nộp được. Báo cáo Long An – Tháng 1/2024 "
        "đang ở trạng thái “Đã nộp, chờ duyệt”."
    ]


# ---------------------------------------------------------------------------------------
# Reviewing: the cluster head's officers and the office


@pytest.mark.parametrize("who", ["officer:TNH", "office", "admin"])
def test_it_lets_the_cluster_heads_officer_or_the_office_approve(world: World, who: str) -> None:
    report = _submitted(world)

    approved = domain.report_approve(
        report=report, by=world.users[who], expected_version=report.version
    )

    approved.refresh_from_db()
    assert (approved.status, approved.reviewed_by) == (ReportStatus.APPROVED, world.users[who])


@pytest.mark.parametrize("who", NOT_REVIEWERS)
def test_it_refuses_an_approval_by_anybody_else(world: World, who: str) -> None:
    report = _submitted(world)

    with pytest.raises(PermissionDenied) as caught:
        domain.report_approve(report=report, by=world.users[who], expected_version=report.version)

    assert str(caught.value) == (
        "Chỉ cán bộ đơn vị Cụm trưởng hoặc cơ quan thường trực thi đua mới duyệt, trả lại báo cáo."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_leaves_the_heads_own_report_to_the_office(world: World) -> None:
    report = _submitted(world, "TNH")

    with pytest.raises(PermissionDenied) as caught:
        domain.report_approve(
            report=report, by=world.officer("TNH"), expected_version=report.version
        )
    approved = domain.report_approve(
        report=report, by=world.users["office"], expected_version=report.version
    )

    assert str(caught.value) == (
        "Cán bộ đơn vị Cụm trưởng không tự duyệt báo cáo của đơn vị mình; cơ quan thường trực "
        "thi đua duyệt báo cáo này."
    )
    assert approved.status == ReportStatus.APPROVED


def test_it_returns_a_report_with_its_reason(world: World) -> None:
    report = _submitted(world)

    returned = domain.report_return(
        report=report,
        by=world.officer("TNH"),
        expected_version=report.version,
        reason="Số vụ án khởi tố chưa khớp với báo cáo thống kê.",
    )

    returned.refresh_from_db()
    assert (returned.status, returned.return_reason) == (
        ReportStatus.RETURNED,
        "Số vụ án khởi tố chưa khớp với báo cáo thống kê.",
    )


def test_it_refuses_a_return_without_a_reason(world: World) -> None:
    report = _submitted(world)

    with pytest.raises(ValidationError) as caught:
        domain.report_return(
            report=report, by=world.officer("TNH"), expected_version=report.version, reason="  "
        )

    assert caught.value.message_dict == {"reason": ["Hãy ghi lý do trả lại báo cáo."]}


@pytest.mark.parametrize("who", NOT_REVIEWERS)
def test_it_refuses_a_return_by_anybody_else(world: World, who: str) -> None:
    report = _submitted(world)

    with pytest.raises(PermissionDenied):
        domain.report_return(
            report=report, by=world.users[who], expected_version=report.version, reason="Sai"
        )


def test_it_lets_the_unit_correct_a_returned_report_and_submit_it_again(world: World) -> None:
    officer = world.officer("LAN")
    report = _submitted(world)
    report = domain.report_return(
        report=report, by=world.officer("TNH"), expected_version=report.version, reason="Sai"
    )

    report = domain.report_figures_save(
        report=report, by=officer, expected_version=report.version,
        entries=entries(world, {"1": (9, 10)}),
    )  # fmt: skip
    report = domain.report_submit(report=report, by=officer, expected_version=report.version)

    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.SUBMITTED, "")
    assert Figure.objects.get(report=report, criterion=world.criteria["1"]).numerator == 9


@pytest.mark.parametrize("until", [ReportStatus.DRAFT, ReportStatus.APPROVED])
def test_it_approves_only_submitted_reports(world: World, until: str) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=until)

    with pytest.raises(ValidationError) as caught:
        domain.report_approve(
            report=report, by=world.users["office"], expected_version=report.version
        )

    assert caught.value.code == "status"


def test_it_returns_only_submitted_reports(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.DRAFT)

    with pytest.raises(ValidationError) as caught:
        domain.report_return(
            report=report, by=world.users["office"], expected_version=report.version, reason="x"
        )

    assert caught.value.messages == [
        "Chỉ báo cáo đã nộp mới trả lại được. Báo cáo Long An – Tháng 1/2024 đang ở trạng thái "
        "“Đang nhập”."
    ]


# ---------------------------------------------------------------------------------------
# Locking and reopening: the office


def test_it_lets_the_office_lock_an_approved_report(world: World) -> None:
    office = world.users["office"]
    report = file_report(world, world.month(1), "LAN", FULL)

    locked = domain.report_lock(report=report, by=office, expected_version=report.version)

    locked.refresh_from_db()
    assert (locked.status, locked.locked_by) == (ReportStatus.LOCKED, office)


@pytest.mark.parametrize("who", NOT_OFFICE)
def test_it_refuses_a_lock_by_anybody_but_the_office(world: World, who: str) -> None:
    report = file_report(world, world.month(1), "LAN", FULL)

    with pytest.raises(PermissionDenied) as caught:
        domain.report_lock(report=report, by=world.users[who], expected_version=report.version)

    assert str(caught.value) == "Chỉ cơ quan thường trực thi đua quản lý cụm mới khóa báo cáo."


def test_it_locks_only_approved_reports(world: World) -> None:
    report = _submitted(world)

    with pytest.raises(ValidationError) as caught:
        domain.report_lock(report=report, by=world.users["office"], expected_version=report.version)

    assert caught.value.messages == [
        "Chỉ báo cáo đã duyệt mới khóa được. Báo cáo Long An – Tháng 1/2024 đang ở trạng thái "
        "“Đã nộp, chờ duyệt”."
    ]


def test_it_reopens_a_locked_report_for_the_unit_with_a_reason(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.LOCKED)

    reopened = domain.report_reopen(
        report=report,
        by=world.users["office"],
        expected_version=report.version,
        reason="Cục C06 điều chỉnh số liệu thống kê tháng 1.",
    )

    reopened.refresh_from_db()
    assert (reopened.status, reopened.return_reason, reopened.locked_at) == (
        ReportStatus.RETURNED,
        "Cục C06 điều chỉnh số liệu thống kê tháng 1.",
        None,
    )
    assert reopened.is_editable


def test_it_refuses_to_reopen_without_a_reason(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.LOCKED)

    with pytest.raises(ValidationError) as caught:
        domain.report_reopen(
            report=report, by=world.users["office"], expected_version=report.version, reason=""
        )

    assert caught.value.message_dict == {"reason": ["Hãy ghi lý do mở lại báo cáo."]}
    report.refresh_from_db()
    assert report.status == ReportStatus.LOCKED


@pytest.mark.parametrize("who", NOT_OFFICE)
def test_it_refuses_a_reopening_by_anybody_but_the_office(world: World, who: str) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.LOCKED)

    with pytest.raises(PermissionDenied) as caught:
        domain.report_reopen(
            report=report, by=world.users[who], expected_version=report.version, reason="Sai"
        )

    assert str(caught.value) == (
        "Chỉ cơ quan thường trực thi đua quản lý cụm mới mở lại báo cáo đã duyệt, đã khóa."
    )


def test_it_has_nothing_to_reopen_in_a_draft(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.DRAFT)

    with pytest.raises(ValidationError) as caught:
        domain.report_reopen(
            report=report, by=world.users["office"], expected_version=report.version, reason="x"
        )

    assert caught.value.code == "status"


# ---------------------------------------------------------------------------------------
# Figures are frozen once submitted


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (
            ReportStatus.SUBMITTED,
            "Báo cáo Long An – Tháng 1/2024 đã nộp, đang chờ duyệt: không sửa được số liệu. "
            "Nếu cần sửa, hãy đề nghị Cụm trưởng trả lại báo cáo.",
        ),
        (
            ReportStatus.APPROVED,
            "Báo cáo Long An – Tháng 1/2024 đã được duyệt: không sửa được số liệu. Nếu cần sửa, "
            "hãy đề nghị cơ quan thường trực mở lại báo cáo.",
        ),
        (
            ReportStatus.LOCKED,
            "Báo cáo Long An – Tháng 1/2024 đã khóa: không sửa được số liệu. Chỉ cơ quan thường "
            "trực mở lại được, kèm lý do.",
        ),
    ],
)
def test_it_refuses_changes_to_a_report_under_review_or_done(
    world: World, until: str, message: str
) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=until)
    before = list(Figure.objects.filter(report=report).values_list("numerator", "value"))

    with pytest.raises(ValidationError) as caught:
        domain.report_figures_save(
            report=report, by=world.officer("LAN"), expected_version=report.version,
            entries=entries(world, {"1": (1, 10)}),
        )  # fmt: skip

    assert caught.value.messages == [message]
    assert list(Figure.objects.filter(report=report).values_list("numerator", "value")) == before


def test_it_refuses_figures_from_somebody_else(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", {}, until=ReportStatus.DRAFT)
    intruder: Any = world.officer("TNH")

    with pytest.raises(PermissionDenied):
        domain.report_figures_save(
            report=report, by=intruder, expected_version=report.version,
            entries=entries(world, {"1": (1, 10)}),
        )  # fmt: skip

    assert _figure_count(report) == 0
