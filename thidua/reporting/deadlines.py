"""Report deadlines: reminders before them, overdue lists after them, the home page's to-dos.

`deadline_reminders_send` runs once a day (Celery beat at 07:00, or cron with
`manage.py send_deadline_reminders`):

- before a period's deadline, the officers of each member unit that has not submitted
  (no report, a draft, or a returned one) are reminded REMINDER_DAYS days before (default
  7 and 1); a run that missed the exact day still sends the stage it is within;
- from the day after the deadline, the officers of the cluster head and of the managing
  office get the list of the late units, then again every OVERDUE_REPEAT_DAYS days while
  some unit is late.

Only periods of covenants in force count, of this year's clusters or with a deadline in this
year (December's and the year's reports fall due in January). Every notification carries a
key made of the period, the unit and the stage: running twice, or a cron job beside the
worker, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.accounts.models import UserRole
from thidua.core.pending import PendingItem
from thidua.covenants.models import CovenantStatus
from thidua.notifications.domain import notification_send
from thidua.org.models import Cluster, ClusterRole, Membership, RoleKind, Unit
from thidua.reporting.access import review_day
from thidua.reporting.models import DONE_STATUSES, Period, Report, ReportStatus

KIND_DUE = "report_due"
KIND_OVERDUE = "report_overdue"
# The home page lists a unit's reports due within this many days, urgent within URGENT_DAYS.
PENDING_HORIZON_DAYS = 14
URGENT_DAYS = 3


@dataclass(frozen=True, slots=True)
class SendSummary:
    """What one run sent: new in-app notifications of each kind, and e-mails queued."""

    day: dt.date
    periods: int
    reminders: int
    overdue: int
    emails: int


def _current(today: dt.date) -> Q:
    """Periods of this year's clusters, and last year's whose deadline falls this year."""
    return Q(covenant__cluster__year=today.year) | Q(deadline__year=today.year)


def _in_force_periods(today: dt.date) -> Q:
    return Q(covenant__status=CovenantStatus.IN_FORCE) & _current(today)


def _expected_units(periods: Sequence[Period]) -> dict[int, list[Unit]]:
    """Period id → the units that must report for it (members in its last month); one query."""
    by_cluster: dict[int, list[Membership]] = defaultdict(list)
    memberships = Membership.objects.filter(
        cluster_id__in={p.covenant.cluster_id for p in periods}
    ).select_related("unit")
    for membership in memberships:
        by_cluster[membership.cluster_id].append(membership)
    expected: dict[int, list[Unit]] = {}
    for period in periods:
        units = {
            m.unit_id: m.unit
            for m in by_cluster[period.covenant.cluster_id]
            if period.expects(m.start_date, m.end_date)
        }
        expected[period.pk] = sorted(units.values(), key=lambda u: (u.sort_name, u.code))
    return expected


def _reports(periods: Sequence[Period]) -> dict[tuple[int, int], Report]:
    """(period id, unit id) → report, for those periods; one query."""
    return {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__in=[p.pk for p in periods])
    }


def _officers(unit_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Unit id → its active emulation officers; one query."""
    by_unit: dict[int, list[Any]] = defaultdict(list)
    users = get_user_model().objects.filter(
        unit_id__in=set(unit_ids), role=UserRole.OFFICER, is_active=True
    )
    for user in users.order_by("username"):
        if user.unit_id is not None:
            by_unit[user.unit_id].append(user)
    return by_unit


def _heads(clusters: Iterable[Cluster], today: dt.date) -> dict[int, int]:
    """Cluster id → the unit heading it on its review day (today, within its year)."""
    by_id = {c.pk: c for c in clusters}
    heads = {}
    for role in ClusterRole.objects.filter(cluster_id__in=by_id, role=RoleKind.HEAD):
        day = review_day(by_id[role.cluster_id], today)
        if role.start_date <= day <= role.end_date:
            heads[role.cluster_id] = role.unit_id
    return heads


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _report_state(report: Report | None) -> str:
    if report is None:
        return _("Chưa có báo cáo")
    return str(report.get_status_display())


def _report_url(period: Period, unit: Unit, report: Report | None) -> str:
    if report is not None:
        return reverse("reporting:report_detail", args=[report.pk])
    return reverse("reporting:report_start", args=[period.pk, unit.pk])


# ---------------------------------------------------------------------------------------
# The daily run


def _reminder_stage(days_left: int) -> int | None:
    """The reminder due `days_left` days before the deadline: the nearest configured one."""
    stages = [d for d in settings.REMINDER_DAYS if d >= days_left]
    return min(stages) if stages else None


def _due_texts(
    period: Period, unit: Unit, report: Report | None, days_left: int
) -> tuple[Callable[[], str], Callable[[], str]]:
    """Title and body, to be written in each recipient's language."""

    def title() -> str:
        return _("Nhắc hạn nộp báo cáo %(period)s") % {"period": period.label}

    def body() -> str:
        values = {
            "period": period.label,
            "unit": unit,
            "cluster": period.covenant.cluster,
            "deadline": _day(period.deadline),
            "days": days_left,
        }
        if days_left == 0:
            when = (
                _(
                    "Hôm nay (%(deadline)s) là hạn cuối nộp báo cáo %(period)s của %(unit)s "
                    "(%(cluster)s)."
                )
                % values
            )
        else:
            when = (
                ngettext(
                    "Còn %(days)s ngày nữa (%(deadline)s) là hạn nộp báo cáo %(period)s của "
                    "%(unit)s (%(cluster)s).",
                    "Còn %(days)s ngày nữa (%(deadline)s) là hạn nộp báo cáo %(period)s của "
                    "%(unit)s (%(cluster)s).",
                    days_left,
                )
                % values
            )
        if report is None:
            state = _("Đơn vị chưa mở báo cáo kỳ này.")
        elif report.status == ReportStatus.RETURNED:
            state = _("Báo cáo bị trả lại, cần sửa và nộp lại. Lý do: %(reason)s") % {
                "reason": report.return_reason
            }
        else:
            state = _("Báo cáo đang nhập, chưa nộp.")
        return f"{when}\n{state}"

    return title, body


def _overdue_texts(
    period: Period, late: Sequence[tuple[Unit, Report | None]], days_late: int
) -> tuple[Callable[[], str], Callable[[], str]]:
    def title() -> str:
        return _("Đơn vị chậm nộp báo cáo %(period)s – %(cluster)s") % {
            "period": period.label,
            "cluster": period.covenant.cluster,
        }

    def body() -> str:
        head = ngettext(
            "Đã quá hạn nộp báo cáo %(period)s (%(deadline)s) %(days)s ngày. Các đơn vị chưa nộp:",
            "Đã quá hạn nộp báo cáo %(period)s (%(deadline)s) %(days)s ngày. Các đơn vị chưa nộp:",
            days_late,
        ) % {"period": period.label, "deadline": _day(period.deadline), "days": days_late}
        lines = [f"- {unit} ({_report_state(report)})" for unit, report in late]
        return "\n".join([head, *lines])

    return title, body


def deadline_reminders_send(*, today: dt.date | None = None) -> SendSummary:
    """Send the day's reminders and overdue lists; what was new (nothing, the second time)."""
    day = today or timezone.localdate()
    horizon = day + dt.timedelta(days=max(settings.REMINDER_DAYS, default=0))
    periods = list(
        Period.objects.filter(_in_force_periods(day), deadline__lte=horizon)
        .select_related("covenant__cluster")
        .order_by("deadline", "covenant__cluster__number", "end", "pk")
    )
    expected = _expected_units(periods)
    reports = _reports(periods)
    outstanding = {
        p.pk: [
            (unit, reports.get((p.pk, unit.pk)))
            for unit in expected[p.pk]
            if (r := reports.get((p.pk, unit.pk))) is None or r.status not in DONE_STATUSES
        ]
        for p in periods
    }
    clusters = {p.covenant.cluster_id: p.covenant.cluster for p in periods}
    heads = _heads(clusters.values(), day)
    officers = _officers(
        {u.pk for late in outstanding.values() for u, _r in late}
        | set(heads.values())
        | {c.managing_office_id for c in clusters.values()}
    )
    reminders = overdue = emails = 0
    for period in periods:
        late = outstanding[period.pk]
        if not late:
            continue
        days_left = (period.deadline - day).days
        if days_left >= 0:
            stage = _reminder_stage(days_left)
            if stage is None:
                continue
            for unit, report in late:
                title, body = _due_texts(period, unit, report, days_left)
                sent = notification_send(
                    recipients=officers[unit.pk],
                    kind=KIND_DUE,
                    title=title,
                    body=body,
                    url=_report_url(period, unit, report),
                    key=f"reporting:due:{period.pk}:{unit.pk}:{stage}",
                )
                reminders += len(sent)
                emails += sum(1 for n in sent if n.recipient.email)
            continue
        days_late = -days_left
        repeat = (days_late - 1) // settings.OVERDUE_REPEAT_DAYS
        cluster = period.covenant.cluster
        units = [u for u in (heads.get(cluster.pk), cluster.managing_office_id) if u is not None]
        recipients = {person.pk: person for unit_id in units for person in officers[unit_id]}
        title, body = _overdue_texts(period, late, days_late)
        sent = notification_send(
            recipients=recipients.values(),
            kind=KIND_OVERDUE,
            title=title,
            body=body,
            url=reverse("reporting:period_board", args=[period.pk]),
            key=f"reporting:overdue:{period.pk}:{repeat}",
        )
        overdue += len(sent)
        emails += sum(1 for n in sent if n.recipient.email)
    return SendSummary(
        day=day, periods=len(periods), reminders=reminders, overdue=overdue, emails=emails
    )


# ---------------------------------------------------------------------------------------
# The home page


def _due_detail(period: Period, today: dt.date) -> str:
    days_left = (period.deadline - today).days
    values = {"deadline": _day(period.deadline), "days": abs(days_left)}
    if days_left < 0:
        return (
            ngettext(
                "Hạn nộp %(deadline)s, đã quá hạn %(days)s ngày.",
                "Hạn nộp %(deadline)s, đã quá hạn %(days)s ngày.",
                -days_left,
            )
            % values
        )
    if days_left == 0:
        return _("Hạn nộp hôm nay (%(deadline)s).") % values
    return (
        ngettext(
            "Hạn nộp %(deadline)s, còn %(days)s ngày.",
            "Hạn nộp %(deadline)s, còn %(days)s ngày.",
            days_left,
        )
        % values
    )


def _is_urgent(period: Period, today: dt.date) -> bool:
    return (period.deadline - today).days <= URGENT_DAYS


def _unit_items(user: Any, today: dt.date) -> list[PendingItem]:
    """The officer's own unit: reports due soon or overdue, and reports returned to it."""
    memberships = list(Membership.objects.filter(unit_id=user.unit_id))
    periods = list(
        Period.objects.filter(
            _in_force_periods(today),
            covenant__cluster_id__in={m.cluster_id for m in memberships},
            deadline__lte=today + dt.timedelta(days=PENDING_HORIZON_DAYS),
        ).select_related("covenant__cluster")
    )
    expected = [
        p
        for p in periods
        if any(
            m.cluster_id == p.covenant.cluster_id and p.expects(m.start_date, m.end_date)
            for m in memberships
        )
    ]
    reports = {
        r.period_id: r
        for r in Report.objects.filter(unit_id=user.unit_id)
        .filter(Q(period__in=[p.pk for p in expected]) | Q(status=ReportStatus.RETURNED))
        .select_related("period__covenant__cluster")
    }
    items = []
    for report in reports.values():
        if report.status != ReportStatus.RETURNED:
            continue
        period = report.period
        items.append(
            PendingItem(
                title=_("Sửa, nộp lại báo cáo bị trả lại: %(period)s – %(cluster)s")
                % {"period": period.label, "cluster": period.covenant.cluster},
                url=reverse("reporting:report_detail", args=[report.pk]),
                due=period.deadline,
                detail=_("Lý do: %(reason)s") % {"reason": report.return_reason},
                urgent=_is_urgent(period, today),
            )
        )
    for period in expected:
        found = reports.get(period.pk)
        if found is not None and found.status != ReportStatus.DRAFT:
            continue
        state = _("Đang nhập.") if found else _("Chưa mở báo cáo.")
        items.append(
            PendingItem(
                title=_("Nộp báo cáo %(period)s – %(cluster)s")
                % {"period": period.label, "cluster": period.covenant.cluster},
                url=_report_url(period, user.unit, found),
                due=period.deadline,
                detail=f"{_due_detail(period, today)} {state}",
                urgent=_is_urgent(period, today),
            )
        )
    return items


def _reviewer_items(user: Any, today: dt.date) -> list[PendingItem]:
    """The cluster head's officers and the office: reports to review, late units per period."""
    managed: set[int] = set()
    if user.unit.is_emulation_office:
        managed = set(
            Cluster.objects.filter(managing_office_id=user.unit_id).values_list("pk", flat=True)
        )
    headed = {
        role.cluster_id
        for role in ClusterRole.objects.filter(
            unit_id=user.unit_id, role=RoleKind.HEAD
        ).select_related("cluster")
        if role.start_date <= review_day(role.cluster, today) <= role.end_date
    }
    clusters = managed | headed
    if not clusters:
        return []
    items = []
    waiting = (
        Report.objects.filter(
            status=ReportStatus.SUBMITTED, period__covenant__cluster_id__in=clusters
        )
        .select_related("period__covenant__cluster", "unit")
        .order_by("period__deadline", "unit__sort_name")
    )
    for report in waiting:
        period = report.period
        # The head's officers do not review their own unit's report: the office does.
        if report.unit_id == user.unit_id and period.covenant.cluster_id not in managed:
            continue
        submitted = timezone.localtime(report.submitted_at) if report.submitted_at else None
        items.append(
            PendingItem(
                title=_("Duyệt báo cáo %(period)s của %(unit)s")
                % {"period": period.label, "unit": report.unit},
                url=reverse("reporting:report_detail", args=[report.pk]),
                detail=_("%(cluster)s; nộp lúc %(when)s.")
                % {
                    "cluster": period.covenant.cluster,
                    "when": date_format(submitted, "SHORT_DATETIME_FORMAT") if submitted else "—",
                },
            )
        )
    overdue = list(
        Period.objects.filter(
            _in_force_periods(today), covenant__cluster_id__in=clusters, deadline__lt=today
        )
        .select_related("covenant__cluster")
        .order_by("deadline", "covenant__cluster__number", "end", "pk")
    )
    expected = _expected_units(overdue)
    done = {key for key, report in _reports(overdue).items() if report.status in DONE_STATUSES}
    for period in overdue:
        late = [u for u in expected[period.pk] if (period.pk, u.pk) not in done]
        if not late:
            continue
        items.append(
            PendingItem(
                title=ngettext(
                    "%(count)s đơn vị chậm nộp báo cáo %(period)s – %(cluster)s",
                    "%(count)s đơn vị chậm nộp báo cáo %(period)s – %(cluster)s",
                    len(late),
                )
                % {"count": len(late), "period": period.label, "cluster": period.covenant.cluster},
                url=reverse("reporting:period_board", args=[period.pk]),
                due=period.deadline,
                detail=", ".join(str(u) for u in late),
                urgent=True,
            )
        )
    return items


def pending_items(user: Any, *, today: dt.date | None = None) -> list[PendingItem]:
    """The home page's reporting to-dos; a fixed number of queries however many reports."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.unit_id is None or user.role != UserRole.OFFICER:
        return []
    day = today or timezone.localdate()
    return _unit_items(user, day) + _reviewer_items(user, day)
