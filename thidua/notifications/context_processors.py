"""The unread count of the navigation bar's badge."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from thidua.notifications.domain import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notification_count`, counted (one query) only if a template shows it.

    Templates call callables, so partial responses that never show the badge cost nothing,
    and a page that shows it twice counts once.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return unread_count(user)

    return {"unread_notification_count": count}
