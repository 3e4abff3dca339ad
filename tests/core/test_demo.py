from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, int]:
    user_model: Any = get_user_model()
    return user_model.objects.count(), user_model.history.count()


def test_it_loads_the_demo_and_prints_how_to_log_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-2026")
    out = StringIO()

    call_command("load_demo", "--url", "http://localhost:8123/", stdout=out)

    text = out.getvalue()
    assert "http://localhost:8123/" in text
    assert "demo-password-2026" in text
    assert get_user_model().objects.get(username="admin").check_password("demo-password-2026")


def test_it_changes_nothing_when_loaded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-2026")
    call_command("load_demo", stdout=StringIO())
    before = _snapshot()

    call_command("load_demo", stdout=StringIO())

    assert _snapshot() == before
