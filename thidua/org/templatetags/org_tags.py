"""Small display helpers for the organisation pages: date periods and lineage wording."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def period(start: dt.date | None, end: dt.date | None) -> str:
    """ "01/01–30/06/2025" within one year, else both dates in full; open ends say so."""
    if start is None and end is None:
        return "—"
    if start is None:
        assert end is not None
        return _("đến %(day)s") % {"day": f"{end:%d/%m/%Y}"}
    if end is None:
        return _("từ %(day)s") % {"day": f"{start:%d/%m/%Y}"}
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


@register.filter
def lineage_verb(kind: str) -> str:
    """The lower-case verb for a lineage event kind, as in "(sáp nhập 01/07/2025)"."""
    verbs = {
        "merge": _("sáp nhập"),
        "split": _("chia tách"),
        "rename": _("đổi tên"),
        "dissolve": _("giải thể"),
    }
    return verbs.get(kind, kind)


@register.filter
def lineage_title(kind: str) -> str:
    """The short heading of a lineage event kind, as in "Hợp nhất: …"."""
    titles = {
        "merge": _("Hợp nhất"),
        "split": _("Chia tách"),
        "rename": _("Đổi tên"),
        "dissolve": _("Giải thể"),
    }
    return titles.get(kind, kind)
