from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thidua.core.navigation import entries_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": entries_for(user, request.path)}
