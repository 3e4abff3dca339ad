"""Every URL pattern and API route, with every role: allowed or refused, as the table says.

Each app lists its routes in tests/permissions/routes_<app>.py. A route that is in the
URLconf and not in a table fails `test_it_has_an_entry_for_every_route`.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.permissions import routes as routes_package
from tests.permissions.routes import Route
from tests.permissions.world import ROLES, World, build_world

IGNORED_NAMESPACES = {"admin"}


def _table() -> dict[str, tuple[Route, ...]]:
    table: dict[str, tuple[Route, ...]] = {}
    for info in pkgutil.iter_modules(routes_package.__path__):
        module = importlib.import_module(f"{routes_package.__name__}.{info.name}")
        for name, routes in module.ROUTES.items():
            assert name not in table, f"{name} is listed twice"
            table[name] = routes
    return table


TABLE = _table()


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in IGNORED_NAMESPACES:
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_it_has_an_entry_for_every_route() -> None:
    routes = _names(get_resolver().url_patterns)

    assert sorted(routes - TABLE.keys()) == []
    assert sorted(TABLE.keys() - routes) == []


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        from django.db import transaction

        # Built once for the module inside a transaction rolled back at the end.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _allowed(response: Any, route: Route) -> bool:
    if response.status_code in (401, 403, 404):
        return False
    location = response.headers.get("Location", "")
    to_login = response.status_code == 302 and "/accounts/login/" in location
    return route.login_redirect_is_success or not to_login


CASES = [(route, role) for name in sorted(TABLE) for route in TABLE[name] for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "role"), CASES, ids=[f"{r.method}-{r.name}-{role}" for r, role in CASES]
)
def test_it_allows_exactly_the_roles_in_the_table(world: World, route: Route, role: str) -> None:
    url = route.url(world)

    client = _client(world, role)
    response = getattr(client, route.method.lower())(url, **route.payload(world))

    expected = role in route.allowed
    assert _allowed(response, route) == expected, (
        f"{route.method} {url} as {role}: status {response.status_code}, "
        f"expected {'allowed' if expected else 'refused'}"
    )
