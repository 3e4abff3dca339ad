"""Amounts in the pages the Vietnamese way: 150000000 → "150.000.000 đ"."""

from __future__ import annotations

from decimal import Decimal

from django import template

from thidua.contributions.domain import format_vnd
from thidua.engine.numbers import format_percent_vi

register = template.Library()


@register.filter
def vnd(amount: Decimal | int | None) -> str:
    return format_vnd(amount)


@register.filter
def percent(value: Decimal | None) -> str:
    return "—" if value is None else format_percent_vi(value, 2, trim=True)
