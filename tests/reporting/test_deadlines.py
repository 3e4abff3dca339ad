"""Reminders before report deadlines, overdue lists after them, and the home page's to-dos.

The world: Cụm 10 of 2024, Tây Ninh (head), Long An and Bình Dương; month 1 runs to
31/01/2024 and falls due on 05/02/2024 (day 5 of the next month, like every period).
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from tests.reporting.world import FULL, World, file_report
from thidua.covenants.models import Covenant, CovenantStatus
from thidua.notifications.models import Notification
from thidua.reporting import deadlines, domain
from thidua.reporting.deadlines import deadline_reminders_send, pending_items
from thidua.reporting.models import Period, ReportStatus
from thidua.reporting.tasks import send_deadline_reminders

SEVEN_DAYS_BEFORE = dt.date(2024, 1, 29)
ONE_DAY_BEFORE = dt.date(2024, 2, 4)
DAY_AFTER = dt.date(2024, 2, 6)


def _in_force(world: World) -> World:
    Covenant.objects.filter(pk=world.covenant.pk).update(status=CovenantStatus.IN_FORCE)
    return world


@pytest.fixture
def live(world: World) -> World:
    """The world with its covenant in force."""
    return _in_force(world)


def _send(day: dt.date, capture: Any) -> deadlines.SendSummary:
    with capture(execute=True):
        return deadline_reminders_send(today=day)


def _received(user: Any, kind: str | None = None) -> list[Notification]:
    found = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    return list(found.filter(kind=kind) if kind else found)


def _mailed_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _return(world: World, code: str, reason: str, month: int = 1) -> None:
    report = file_report(world, world.month(month), code, FULL, until=ReportStatus.SUBMITTED)
    domain.report_return(
        report=report, by=world.users["office"], expected_version=report.version, reason=reason
    )


# ---------------------------------------------------------------------------------------
# Before the deadline


def test_it_reminds_the_officers_of_units_that_have_not_submitted_seven_days_before(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    file_report(live, live.month(1), "TNH", FULL, until=ReportStatus.SUBMITTED)
    draft = file_report(live, live.month(1), "LAN", {"2": 5}, until=ReportStatus.DRAFT)

    summary = _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    assert (summary.reminders, summary.overdue, summary.emails) == (2, 0, 2)
    assert _received(live.officer("TNH")) == []
    assert _received(live.users["leader:LAN"]) == []
    (lan,) = _received(live.officer("LAN"), deadlines.KIND_DUE)
    (bdg,) = _received(live.officer("BDG"), deadlines.KIND_DUE)
    assert lan.title == "Nhắc hạn nộp báo cáo Tháng 1/2024"
    assert "Còn 7 ngày nữa (05/02/2024) là hạn nộp báo cáo Tháng 1/2024 của Long An" in lan.body
    assert "Báo cáo đang nhập, chưa nộp." in lan.body
    assert "Đơn vị chưa mở báo cáo kỳ này." in bdg.body
    assert lan.url == f"/reports/{draft.pk}/"
    assert bdg.url == f"/reports/period/{live.month(1).pk}/unit/{live.units['BDG'].pk}/"
    assert _mailed_to() == ["canbo.bdg@example.test", "canbo.lan@example.test"]


def test_it_reminds_again_one_day_before(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    summary = _send(ONE_DAY_BEFORE, django_capture_on_commit_callbacks)

    assert summary.reminders == 3
    bodies = [n.body for n in _received(live.officer("LAN"))]
    assert len(bodies) == 2
    assert bodies[1].startswith("Còn 1 ngày nữa (05/02/2024)")
    assert len(mail.outbox) == 6


def test_it_sends_nothing_between_the_stages(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    for day in (dt.date(2024, 1, 30), dt.date(2024, 2, 1), dt.date(2024, 2, 3)):
        assert _send(day, django_capture_on_commit_callbacks).reminders == 0

    assert len(mail.outbox) == 3


def test_it_catches_up_on_a_stage_whose_day_it_missed(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    first = _send(dt.date(2024, 2, 1), django_capture_on_commit_callbacks)
    next_day = _send(dt.date(2024, 2, 2), django_capture_on_commit_callbacks)
    last = _send(dt.date(2024, 2, 5), django_capture_on_commit_callbacks)

    assert (first.reminders, next_day.reminders, last.reminders) == (3, 0, 3)
    assert "Hôm nay (05/02/2024) là hạn cuối" in _received(live.officer("BDG"))[1].body


def test_it_uses_the_configured_days(
    live: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.REMINDER_DAYS = (3,)

    assert _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks).reminders == 0
    assert _send(dt.date(2024, 2, 2), django_capture_on_commit_callbacks).reminders == 3


def test_it_reminds_nobody_whose_report_is_submitted_or_approved(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    file_report(live, live.month(1), "TNH", FULL, until=ReportStatus.SUBMITTED)
    file_report(live, live.month(1), "LAN", FULL, until=ReportStatus.APPROVED)
    file_report(live, live.month(1), "BDG", FULL, until=ReportStatus.LOCKED)

    summary = _send(ONE_DAY_BEFORE, django_capture_on_commit_callbacks)

    assert (summary.reminders, summary.emails) == (0, 0)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_it_reminds_a_unit_whose_report_was_returned_with_the_reason(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    _return(live, "LAN", "Thiếu số liệu tiêu chí 2")

    _send(ONE_DAY_BEFORE, django_capture_on_commit_callbacks)

    (notification,) = _received(live.officer("LAN"))
    assert "Lý do: Thiếu số liệu tiêu chí 2" in notification.body


def test_it_reminds_nobody_of_a_covenant_not_in_force(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    summary = _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    assert (summary.periods, summary.reminders) == (0, 0)
    assert Notification.objects.count() == 0


def test_it_reminds_a_unit_only_for_periods_it_is_a_member_of(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.org.models import Membership

    Membership.objects.filter(unit=live.units["BDG"]).update(start_date=dt.date(2024, 3, 1))

    _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    assert _received(live.officer("BDG")) == []
    assert len(_received(live.officer("LAN"))) == 1


def test_it_leaves_last_years_periods_alone_unless_they_fall_due_this_year(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    # 03/01/2025: December, quarter IV and the year of 2024 fall due on 05/01/2025;
    # November's deadline (05/12/2024) is last year's business.
    _send(dt.date(2025, 1, 3), django_capture_on_commit_callbacks)

    periods = {
        Period.objects.get(pk=int(n.key.split(":")[2])).label
        for n in Notification.objects.filter(kind=deadlines.KIND_DUE)
    }
    assert periods == {"Tháng 12/2024", "Quý IV/2024", "Năm 2024"}
    assert not Notification.objects.filter(kind=deadlines.KIND_OVERDUE).exists()


# ---------------------------------------------------------------------------------------
# After the deadline


def test_it_sends_the_overdue_list_to_the_head_and_the_office(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    file_report(live, live.month(1), "TNH", FULL, until=ReportStatus.SUBMITTED)
    file_report(live, live.month(1), "LAN", {"2": 5}, until=ReportStatus.DRAFT)

    summary = _send(DAY_AFTER, django_capture_on_commit_callbacks)

    assert (summary.reminders, summary.overdue, summary.emails) == (0, 2, 2)
    (head,) = _received(live.officer("TNH"), deadlines.KIND_OVERDUE)
    (office,) = _received(live.users["office"], deadlines.KIND_OVERDUE)
    assert (
        head.title
        == office.title
        == "Đơn vị chậm nộp báo cáo Tháng 1/2024 – Cụm thi đua số 10 (2024)"
    )
    assert head.body.splitlines() == [
        "Đã quá hạn nộp báo cáo Tháng 1/2024 (05/02/2024) 1 ngày. Các đơn vị chưa nộp:",
        "- Bình Dương (Chưa có báo cáo)",
        "- Long An (Đang nhập)",
    ]
    assert head.url == f"/reports/period/{live.month(1).pk}/"
    for late in ("LAN", "BDG"):
        assert _received(live.officer(late)) == []
    assert _received(live.users["leader:TNH"]) == []
    assert _received(live.users["outsider"]) == []
    assert _mailed_to() == ["canbo.tnh@example.test", "cuc.ctct@example.test"]


def test_it_follows_the_head_role_to_whoever_holds_it(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    from thidua.org import domain as org
    from thidua.org.models import RoleKind

    org.role_assign(
        cluster=live.cluster, unit=live.units["LAN"], role=RoleKind.HEAD,
        start_date=dt.date(2024, 2, 1),
    )  # fmt: skip

    _send(DAY_AFTER, django_capture_on_commit_callbacks)

    assert len(_received(live.officer("LAN"), deadlines.KIND_OVERDUE)) == 1
    assert _received(live.officer("TNH"), deadlines.KIND_OVERDUE) == []


def test_it_repeats_the_overdue_list_weekly_while_units_are_late(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    sent = [
        _send(DAY_AFTER + dt.timedelta(days=n), django_capture_on_commit_callbacks).overdue
        for n in range(15)
    ]

    assert sent == [2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2]


def test_it_sends_no_overdue_list_when_everybody_submitted(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    for code in ("TNH", "LAN", "BDG"):
        file_report(live, live.month(1), code, FULL, until=ReportStatus.SUBMITTED)

    assert _send(DAY_AFTER, django_capture_on_commit_callbacks).overdue == 0


def test_it_sends_nothing_new_when_run_twice(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    first = _send(DAY_AFTER, django_capture_on_commit_callbacks)
    mails = len(mail.outbox)
    rows = Notification.objects.count()

    again = _send(DAY_AFTER, django_capture_on_commit_callbacks)

    assert (first.overdue, first.emails) == (2, 2)
    assert (again.reminders, again.overdue, again.emails) == (0, 0, 0)
    assert len(mail.outbox) == mails
    assert Notification.objects.count() == rows


# ---------------------------------------------------------------------------------------
# Language, command, task


def test_it_writes_in_the_sites_language(
    live: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LANGUAGE_CODE = "en"

    _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    message = next(m for m in mail.outbox if m.to == ["canbo.lan@example.test"])
    assert "Month 1/2024" in message.subject
    assert "Tháng 1/2024" not in f"{message.subject} {message.body}"
    assert "Emulation cluster No. 10 (2024)" in message.body


def test_it_writes_in_vietnamese_by_default(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    _send(SEVEN_DAYS_BEFORE, django_capture_on_commit_callbacks)

    message = next(m for m in mail.outbox if m.to == ["canbo.lan@example.test"])
    assert message.subject == "[Thi Đua] Nhắc hạn nộp báo cáo Tháng 1/2024"
    assert "Cụm thi đua số 10 (2024)" in message.body
    assert "http://localhost:8000/reports/period/" in message.body


def test_the_command_sends_for_the_given_day_and_prints_a_summary(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--date", "2024-01-29", stdout=out)

    assert out.getvalue().strip() == (
        "Deadline reminders for 2024-01-29: 1 period(s) checked, 3 reminder(s), "
        "0 overdue list(s), 3 e-mail(s)."
    )
    assert len(mail.outbox) == 3


def test_the_command_refuses_a_bad_date(live: World) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_deadline_reminders", "--date", "29/01/2024", stdout=StringIO())


def test_the_task_sends_todays_reminders(
    live: World, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    Period.objects.filter(pk=live.month(1).pk).update(deadline=today)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_deadline_reminders.delay().get()

    assert result["day"] == today.isoformat()
    assert result["reminders"] == 3
    assert len(_received(live.officer("LAN"))) == 1
    assert len(mail.outbox) == 3


# ---------------------------------------------------------------------------------------
# The home page


def _titles(items: list[Any]) -> list[str]:
    return [item.title for item in items]


def _fresh(user: Any) -> Any:
    return get_user_model().objects.get(pk=user.pk)


def test_it_lists_a_units_reports_due_soon(live: World) -> None:
    draft = file_report(live, live.month(1), "LAN", {"2": 5}, until=ReportStatus.DRAFT)

    (lan,) = pending_items(live.officer("LAN"), today=SEVEN_DAYS_BEFORE)
    (bdg,) = pending_items(live.officer("BDG"), today=SEVEN_DAYS_BEFORE)

    assert lan.title == "Nộp báo cáo Tháng 1/2024 – Cụm thi đua số 10 (2024)"
    assert lan.detail == "Hạn nộp 05/02/2024, còn 7 ngày. Đang nhập."
    assert lan.url == f"/reports/{draft.pk}/"
    assert (lan.due, lan.urgent) == (dt.date(2024, 2, 5), False)
    assert bdg.detail == "Hạn nộp 05/02/2024, còn 7 ngày. Chưa mở báo cáo."
    assert bdg.url == f"/reports/period/{live.month(1).pk}/unit/{live.units['BDG'].pk}/"


@pytest.mark.parametrize(
    ("day", "urgent", "detail"),
    [
        (dt.date(2024, 1, 22), False, "Hạn nộp 05/02/2024, còn 14 ngày."),
        (dt.date(2024, 2, 1), False, "Hạn nộp 05/02/2024, còn 4 ngày."),
        (dt.date(2024, 2, 2), True, "Hạn nộp 05/02/2024, còn 3 ngày."),
        (dt.date(2024, 2, 5), True, "Hạn nộp hôm nay (05/02/2024)."),
        (dt.date(2024, 2, 8), True, "Hạn nộp 05/02/2024, đã quá hạn 3 ngày."),
    ],
)
def test_it_marks_reports_urgent_when_overdue_or_due_within_three_days(
    live: World, day: dt.date, urgent: bool, detail: str
) -> None:
    items = [i for i in pending_items(live.officer("BDG"), today=day) if "Tháng 1/" in i.title]

    assert [(i.urgent, i.detail) for i in items] == [(urgent, f"{detail} Chưa mở báo cáo.")]


def test_it_lists_nothing_due_beyond_two_weeks(live: World) -> None:
    assert pending_items(live.officer("BDG"), today=dt.date(2024, 1, 21)) == []


def test_it_lists_no_submitted_report_to_its_unit(live: World) -> None:
    file_report(live, live.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    assert pending_items(live.officer("LAN"), today=ONE_DAY_BEFORE) == []


def test_it_lists_a_returned_report_with_the_reason(live: World) -> None:
    _return(live, "LAN", "Thiếu số liệu tiêu chí 2")

    # 19/02: the return is overdue; February's report is not due within two weeks yet.
    (item,) = pending_items(live.officer("LAN"), today=dt.date(2024, 2, 19))

    assert item.title == "Sửa, nộp lại báo cáo bị trả lại: Tháng 1/2024 – Cụm thi đua số 10 (2024)"
    assert item.detail == "Lý do: Thiếu số liệu tiêu chí 2"
    assert item.urgent is True


def test_it_lists_reports_waiting_for_the_heads_review_but_not_its_own(live: World) -> None:
    lan = file_report(live, live.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    tnh = file_report(live, live.month(1), "TNH", FULL, until=ReportStatus.SUBMITTED)

    head = pending_items(live.officer("TNH"), today=ONE_DAY_BEFORE)
    office = pending_items(live.users["office"], today=ONE_DAY_BEFORE)

    assert _titles(head) == ["Duyệt báo cáo Tháng 1/2024 của Long An"]
    assert head[0].url == f"/reports/{lan.pk}/"
    assert _titles(office) == [
        "Duyệt báo cáo Tháng 1/2024 của Long An",
        "Duyệt báo cáo Tháng 1/2024 của Tây Ninh",
    ]
    assert office[1].url == f"/reports/{tnh.pk}/"


def test_it_counts_the_late_units_of_each_period_for_the_head_and_the_office(
    live: World,
) -> None:
    file_report(live, live.month(1), "LAN", FULL, until=ReportStatus.APPROVED)
    file_report(live, live.month(2), "LAN", FULL, until=ReportStatus.DRAFT)

    head = pending_items(live.officer("TNH"), today=dt.date(2024, 3, 10))
    office = pending_items(live.users["office"], today=dt.date(2024, 3, 10))

    late = [i for i in head if "chậm nộp" in i.title]
    assert [(i.title, i.detail, i.urgent) for i in late] == [
        ("2 đơn vị chậm nộp báo cáo Tháng 1/2024 – Cụm thi đua số 10 (2024)",
         "Bình Dương, Tây Ninh", True),
        ("3 đơn vị chậm nộp báo cáo Tháng 2/2024 – Cụm thi đua số 10 (2024)",
         "Bình Dương, Long An, Tây Ninh", True),
    ]  # fmt: skip
    assert late[0].url == f"/reports/period/{live.month(1).pk}/"
    assert _titles(office) == _titles(late)


def test_it_lists_nothing_to_leaders_outsiders_and_visitors(live: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    file_report(live, live.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    for user in (live.users["leader:TNH"], live.users["outsider"], AnonymousUser()):
        assert pending_items(user, today=DAY_AFTER) == []


def test_it_shows_the_items_on_the_home_page(live: World) -> None:
    Period.objects.filter(pk=live.month(1).pk).update(deadline=timezone.localdate())
    client = Client()
    client.force_login(live.officer("BDG"))

    html = client.get("/").content.decode()

    assert "Nộp báo cáo Tháng 1/2024 – Cụm thi đua số 10 (2024)" in html


def _pending_queries(user: Any, day: dt.date) -> tuple[int, int]:
    fresh = _fresh(user)
    with CaptureQueriesContext(connection) as queries:
        items = pending_items(fresh, today=day)
    return len(queries), len(items)


def test_it_lists_pending_items_in_a_fixed_number_of_queries(live: World) -> None:
    day = dt.date(2024, 4, 10)
    file_report(live, live.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    _return(live, "BDG", "Sai số liệu")
    small = {
        role: _pending_queries(user, day)
        for role, user in (
            ("head", live.officer("TNH")),
            ("office", live.users["office"]),
            ("unit", live.officer("BDG")),
        )
    }
    for month in (2, 3):
        file_report(live, live.month(month), "LAN", FULL, until=ReportStatus.SUBMITTED)
        _return(live, "BDG", "Sai số liệu", month=month)
    file_report(live, live.period("quarter", 1), "TNH", {"2": 5}, until=ReportStatus.DRAFT)
    for n in range(3):
        UserFactory(username=f"canbo.bdg{n}", unit=live.units["BDG"], role="officer")

    large = {
        role: _pending_queries(user, day)
        for role, user in (
            ("head", live.officer("TNH")),
            ("office", live.users["office"]),
            ("unit", live.officer("BDG")),
        )
    }

    assert {role: queries for role, (queries, _items) in large.items()} == {
        role: queries for role, (queries, _items) in small.items()
    }
    # More to review for the head and the office; for the unit, returns replace reports due.
    assert large["head"][1] > small["head"][1]
    assert large["office"][1] > small["office"][1]
