"""The navigation: each app registers its entries with the test that shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True, slots=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if all(e.url_name != entry.url_name for e in _entries):
        _entries.append(entry)


def entries_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    result = []
    for entry in sorted(_entries, key=lambda e: e.order):
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        result.append({"label": entry.label, "url": url, "active": active})
    return result
