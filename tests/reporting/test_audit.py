"""Every change keeps who, when, before and after, and why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.reporting.world import FULL, World, entries, file_report
from thidua.core.audit import audit_entries
from thidua.reporting import domain
from thidua.reporting.models import Figure, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _changes(entry: object) -> dict[str, tuple[object, object]]:
    return {c.field: (c.before, c.after) for c in entry.changes}  # type: ignore[attr-defined]


def test_it_keeps_who_changed_a_figure_when_from_what_to_what_and_why(world: World) -> None:
    officer = world.officer("LAN")
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    report = domain.report_return(
        report=report,
        by=world.officer("TNH"),
        expected_version=report.version,
        reason="Thiếu hồ sơ",
    )

    domain.report_figures_save(
        report=report, by=officer, expected_version=report.version,
        entries=entries(world, {"2": 15}), reason="Bổ sung 3 hồ sơ",
    )  # fmt: skip

    figure = Figure.objects.get(report=report, criterion=world.criteria["2"])
    latest, created = audit_entries(model=Figure, object_id=str(figure.pk))[0]
    assert (latest.user_id, latest.reason, latest.change_type) == (
        officer.pk,
        "Bổ sung 3 hồ sơ",
        "changed",
    )
    assert latest.when > created.when
    assert _changes(latest) == {"value": (Decimal("12.0000"), Decimal("15.0000"))}
    assert (created.change_type, created.user_id) == ("created", officer.pk)


def test_it_keeps_each_step_of_the_workflow_with_its_actor_and_reason(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.LOCKED)
    office = world.users["office"]

    domain.report_reopen(
        report=report, by=office, expected_version=report.version, reason="Số liệu C06 điều chỉnh"
    )

    rows = list(Report.history.filter(id=report.pk).order_by("history_date", "history_id"))
    assert [(r.status, r.history_user, r.history_change_reason) for r in rows] == [
        (ReportStatus.DRAFT, world.officer("LAN"), "Mở báo cáo"),
        (ReportStatus.DRAFT, world.officer("LAN"), None),
        (ReportStatus.SUBMITTED, world.officer("LAN"), "Nộp báo cáo"),
        (ReportStatus.APPROVED, office, "Duyệt báo cáo"),
        (ReportStatus.LOCKED, office, "Khóa báo cáo"),
        (ReportStatus.RETURNED, office, "Số liệu C06 điều chỉnh"),
    ]
    assert [r.version for r in rows] == [1, 2, 3, 4, 5, 6]


def test_it_shows_a_units_figures_in_the_audit_by_unit(world: World) -> None:
    file_report(world, world.month(1), "LAN", {"2": 12}, until=ReportStatus.DRAFT)
    file_report(world, world.month(1), "TNH", {"2": 30}, until=ReportStatus.DRAFT)

    found, _more = audit_entries(model=Figure, unit_id=world.units["LAN"].pk)

    assert [e.object_repr for e in found] == ["Long An – Tháng 1/2024 / 2#0"]
