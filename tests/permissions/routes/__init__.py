"""Route tables of the permission matrix: one module per app, each with a ROUTES dict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

EVERYONE = frozenset(
    {"anonymous", "admin", "office", "cluster_officer", "unit_officer", "leader", "outsider"}
)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN = frozenset({"admin"})
OFFICE = frozenset({"admin", "office"})


@dataclass(frozen=True)
class Route:
    """How to call a route and which roles it lets through."""

    name: str
    allowed: frozenset[str]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    method: str = "GET"
    query: str = ""
    data: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    # Logging out lands on the log-in page: there that redirect is the success.
    login_redirect_is_success: bool = False

    def url(self, world: Any) -> str:
        return reverse(self.name, kwargs=self.kwargs(world)) + self.query

    def payload(self, world: Any) -> dict[str, Any]:
        return {"data": self.data(world)} if self.method != "GET" else {}


def table(*routes: Route) -> dict[str, tuple[Route, ...]]:
    """Routes by URL name; a name may have several checks (e.g. GET and POST)."""
    result: dict[str, tuple[Route, ...]] = {}
    for route in routes:
        result[route.name] = (*result.get(route.name, ()), route)
    return result
