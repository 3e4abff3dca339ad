"""Display helpers of the vote pages: percentages, rankings, status badges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import translation

from thidua.engine.numbers import format_percent_en, format_percent_vi
from thidua.engine.scoring import round_display

register = template.Library()


@register.filter
def pct(value: Decimal | int | None) -> str:
    """95.5714 → "95,57%" in Vietnamese, "95.57%" in English; None → "—"."""
    if value is None:
        return "—"
    rounded = round_display(Decimal(value))
    if translation.get_language() == "en":
        return format_percent_en(rounded)
    return format_percent_vi(rounded)


@register.filter
def standing(value: Any) -> str:
    """A ranking Standing as "1 · 95,57%", or "—" while scoring has none."""
    if value is None:
        return "—"
    return f"{value.rank} · {pct(value.percent)}"


@register.filter
def iso(value: dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


@register.filter
def status_class(status: str) -> str:
    return {"draft": "badge-draft", "open": "badge-open", "closed": "badge-closed"}.get(status, "")


@register.filter
def field_of(form: Any, name: str) -> Any:
    return form[name]
