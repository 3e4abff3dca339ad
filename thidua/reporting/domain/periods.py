"""The reporting periods of a covenant and their deadlines."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.covenants.models import Covenant
from thidua.reporting.models import PERIOD_SHAPES, Period, PeriodKind, month_end, months_of


def _deadline_after(year: int, last_month: int, day: int) -> dt.date:
    """Day `day` of the month after the period."""
    if last_month == 12:
        return dt.date(year + 1, 1, day)
    return dt.date(year, last_month + 1, day)


@transaction.atomic
def periods_generate(
    covenant: Covenant, *, deadline_day: int = 5, year_deadline: dt.date | None = None
) -> list[Period]:
    """Every period of the covenant's year, creating those missing; all of them, in order.

    A period's deadline is day `deadline_day` of the month after it ends; the year's may be
    set apart (`year_deadline`, e.g. 15/11, before the year-end conference). Existing periods
    are left as they are, deadline included, so running it again changes nothing.
    """
    year = covenant.year
    if isinstance(deadline_day, bool) or not isinstance(deadline_day, int):
        raise ValidationError({"deadline_day": [_("Ngày hạn nộp phải là một số nguyên.")]})
    if not 1 <= deadline_day <= 28:
        raise ValidationError(
            {"deadline_day": [_("Ngày hạn nộp phải từ 1 đến 28 để tháng nào cũng có ngày đó.")]}
        )
    if year_deadline is not None and not (
        dt.date(year, 10, 1) <= year_deadline <= dt.date(year + 1, 12, 31)
    ):
        raise ValidationError(
            {
                "year_deadline": [
                    _("Hạn nộp báo cáo năm %(year)s phải từ 01/10/%(year)s đến 31/12/%(next)s.")
                    % {"year": year, "next": year + 1}
                ]
            }
        )
    existing = {(p.kind, p.index): p for p in Period.objects.filter(covenant=covenant)}
    for kind, index in PERIOD_SHAPES:
        if (kind, index) in existing:
            continue
        first, last = months_of(kind, index)
        deadline = _deadline_after(year, last, deadline_day)
        if kind == PeriodKind.YEAR and year_deadline is not None:
            deadline = year_deadline
        period = Period(
            covenant=covenant,
            kind=kind,
            index=index,
            start=dt.date(year, first, 1),
            end=month_end(year, last),
            deadline=deadline,
        )
        period.save()
        existing[(kind, index)] = period
    return sorted(existing.values(), key=lambda p: (p.end, -p.start.toordinal()))


def covenant_periods(*, covenant: Covenant) -> list[Period]:
    return list(Period.objects.filter(covenant=covenant).order_by("end", "-start"))
