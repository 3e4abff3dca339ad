"""Notification routes: every signed-in user has a list of their own; a notification is its
recipient's alone, so marking another user's answers 404 (administrators included)."""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.notifications.domain import notification_send

RECIPIENT = frozenset({"unit_officer"})


def _unit_officers_notification(world: Any) -> dict[str, Any]:
    """A notification of the unit officer (Bình Phước), made once for the module's world."""
    user = world.users["unit_officer"]
    notification = user.notifications.filter(key="permission-matrix").first()
    if notification is None:
        (notification,) = notification_send(
            recipients=[user], kind="test", title="Ma trận quyền", key="permission-matrix",
            email=False,
        )  # fmt: skip
    return {"pk": notification.pk}


ROUTES = table(
    Route("notifications:list", SIGNED_IN),
    Route("notifications:mark_all_read", SIGNED_IN, method="POST"),
    Route("notifications:mark_read", RECIPIENT, kwargs=_unit_officers_notification, method="POST"),
)
