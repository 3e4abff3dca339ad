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


@dataclass(frozen=True, slots=True)
class HomePanel:
    template: str
    context: dict[str, Any]


PanelProvider = Callable[[Any], "HomePanel | None"]
_panels: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> PanelProvider:
    """An app's card on the home page (e.g. the user's unit and clusters)."""
    if provider not in _panels:
        _panels.append(provider)
    return provider


def panels_for(user: Any) -> list[HomePanel]:
    return [panel for provider in _panels if (panel := provider(user)) is not None]
