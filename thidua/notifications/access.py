"""A notification is its recipient's alone: nobody else, administrators included, sees it."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from thidua.notifications.models import Notification


def get_notification_for_user(user: Any, notification_id: int) -> Notification:
    """The user's own notification; 404 for anybody else's (its existence is not revealed)."""
    if not user.is_authenticated:
        raise Http404
    notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise Http404
    return notification
