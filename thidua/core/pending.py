"""What is waiting for a user: each app registers a provider, the home page lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Provider = Callable[[Any], list["PendingItem"]]

_providers: list[Provider] = []


@dataclass(frozen=True, slots=True)
class PendingItem:
    title: str
    url: str
    due: dt.date | None = None
    detail: str = ""
    urgent: bool = False


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def pending_for(user: Any) -> list[PendingItem]:
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda i: (not i.urgent, i.due or dt.date.max, i.title))
