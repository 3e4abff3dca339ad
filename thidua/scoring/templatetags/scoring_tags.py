"""Points and percentages as the score documents write them: two decimals, 1.000,00."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from thidua.engine.numbers import format_number_vi, format_percent_vi

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def pts(value: Any) -> str:
    number = _decimal(value)
    return "—" if number is None else format_number_vi(number, 2)


@register.filter
def pct(value: Any) -> str:
    number = _decimal(value)
    return "—" if number is None else format_percent_vi(number, 2)
