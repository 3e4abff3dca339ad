"""The navigation: each app registers its entries with the test that shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Menus that gather several entries, so the bar stays on one line.
ORGANISATION = _("Tổ chức")
CLUSTER_YEAR = _("Hoạt động của cụm")


@dataclass(frozen=True, slots=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    group: Any = None  # one of the menus above, or None for a link on the bar


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if all(e.url_name != entry.url_name for e in _entries):
        _entries.append(entry)


def entries_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    """The bar's items in order: links, and menus (label, children) at their first child."""
    result: list[dict[str, Any]] = []
    menus: dict[str, dict[str, Any]] = {}
    for entry in sorted(_entries, key=lambda e: e.order):
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        item = {"label": entry.label, "url": url, "active": active}
        if entry.group is None:
            result.append(item)
            continue
        key = str(entry.group)
        if key not in menus:
            menus[key] = {"label": entry.group, "children": [], "active": False}
            result.append(menus[key])
        menus[key]["children"].append(item)
        menus[key]["active"] = menus[key]["active"] or active
    return result
