"""Display helpers for the covenant pages: Vietnamese numbers, dates and target texts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.covenants import domain
from thidua.engine.numbers import format_number_vi, format_percent_vi, places_of
from thidua.engine.render import render_vi
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    MeasureDirection,
    RateAtLeast,
    SimpleTarget,
    Target,
    TargetError,
)

register = template.Library()

STATUS_CLASSES = {
    "draft": "cov-status-draft",
    "open": "cov-status-open",
    "signed": "cov-status-signed",
    "in_force": "cov-status-in-force",
}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def points(value: Any) -> str:
    """Points as a Vietnamese number: 1.000; 12,5."""
    number = _decimal(value)
    return "—" if number is None else format_number_vi(number, 2, trim=True)


@register.filter
def vn_number(value: Any, places: int = 2) -> str:
    number = _decimal(value)
    return "—" if number is None else format_number_vi(number, int(places), trim=True)


@register.filter
def vn_percent(value: Any) -> str:
    """A value already in percent: 93.1 → "93,1%"."""
    number = _decimal(value)
    return "—" if number is None else format_percent_vi(number, 2, trim=True)


@register.filter
def admin_date(day: dt.date | None) -> str:
    """The date line of an administrative document: "ngày 05 tháng 3 năm 2025"."""
    if day is None:
        return _("ngày … tháng … năm …")
    # Nghị định 30/2020: days below 10 and months 1 and 2 are written with a leading zero.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "cov-status-draft")


@register.filter
def target_sentence(data: Any) -> str:
    """The stored target as its Vietnamese sentence."""
    if data is None:
        return ""
    try:
        return domain.target_sentence(data)
    except TargetError as error:
        return domain.target_error_message(error)


def _exact(value: Decimal) -> str:
    return format_number_vi(value, places_of(value))


def _amount(target: Change) -> str:
    if target.max_percent is None:
        return f"≥ {_exact(target.min_percent)}%"
    return f"{_exact(target.min_percent)}–{_exact(target.max_percent)}%"


def _short(target: SimpleTarget) -> str:
    if isinstance(target, AtLeast):
        return f"≥ {_exact(target.n)} {target.measure.unit_vi}"
    if isinstance(target, AtMost):
        if target.zero_tolerance:
            return _("không để xảy ra")
        return f"≤ {_exact(target.n)} {target.measure.unit_vi}"
    if isinstance(target, RateAtLeast):
        sign = ">" if target.strict else "≥"
        return f"{sign} {_exact(target.percent)}%"
    if isinstance(target, FullCoverage):
        return "100%"
    verb = _("giảm") if target.direction is ChangeDirection.REDUCE else _("tăng")
    return f"{verb} {_amount(target)}"


def short_text(target: Target) -> str:
    """A target in a few characters, for a grid cell: "> 75%", "≥ 1.438 hồ sơ", "giảm ≥ 5%"."""
    if isinstance(target, AllOf):
        first = target.parts[0]
        if all(isinstance(p, Change) for p in target.parts) and isinstance(first, Change):
            return _("%(short)s (%(count)s tiêu chí)") % {
                "short": _short(first),
                "count": len(target.parts),
            }
        return _("%(count)s chỉ tiêu") % {"count": len(target.parts)}
    return _short(target)


@register.filter
def target_short(data: Any) -> str:
    if data is None:
        return "—"
    try:
        target = domain.load_target(data)
    except TargetError:
        return "?"
    return "—" if target is None else short_text(target)


@register.filter
def indicator_examples(indicator: Any) -> list[str]:
    """Sample target sentences built from an indicator's phrases, so their wording shows."""
    try:
        measure = domain.indicator_measure(indicator)
    except ValidationError:
        return []
    year = timezone.localdate().year - 1
    samples: list[Target]
    if measure.is_rate:
        samples = [RateAtLeast(measure, Decimal(90), strict=True), FullCoverage(measure)]
    elif measure.direction is MeasureDirection.HIGHER_IS_BETTER:
        samples = [
            AtLeast(measure, Decimal(100)),
            Change(measure, ChangeDirection.INCREASE, Decimal(5), None, year),
        ]
    else:
        samples = [
            Change(measure, ChangeDirection.REDUCE, Decimal(5), None, year),
            AtMost(measure, Decimal(0)),
        ]
    return [render_vi(sample) for sample in samples]
