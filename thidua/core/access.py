"""Who may see the system-wide pages. Object-level accessors live in each app's access module."""

from __future__ import annotations

from typing import Any


def can_browse_audit(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_use_admin_site(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)
