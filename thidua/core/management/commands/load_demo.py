"""Load the demo data built from the seeds. Idempotent: running it again changes nothing."""

from __future__ import annotations

import importlib
import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

# Each feature adds its loader here, in dependency order. A loader is `load(stdout) -> list[Login]`.
DEMO_MODULES: list[str] = [
    "thidua.org.demo",
    "thidua.covenants.demo",
    "thidua.voting.demo",
    "thidua.reporting.demo",
    "thidua.scoring.demo",
    "thidua.awards.demo",
    "thidua.practices.demo",
    "thidua.contributions.demo",
    "thidua.conferences.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (clusters of the seeds) and print how to log in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://localhost:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        password = _demo_password()
        with transaction.atomic():
            _ensure_admin(password)
            logins: list[tuple[str, str]] = [("admin", "Quản trị hệ thống / System administrator")]
            for name in DEMO_MODULES:
                module = importlib.import_module(name)
                logins.extend(module.load(password=password, stdout=self.stdout))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Thi Đua is ready at {options['url']}"))
        self.stdout.write(f"Log in with one of these users, password: {password}")
        for username, role in logins:
            self.stdout.write(f"  {username:<22} {role}")
        if not os.environ.get("DEMO_PASSWORD"):
            self.stdout.write("(Set DEMO_PASSWORD to choose the password; it is kept in var/.)")
        self.stdout.write("")


def _demo_password() -> str:
    if value := os.environ.get("DEMO_PASSWORD", "").strip():
        return value
    path = Path(settings.VAR_DIR) / "demo_password"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(9)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


def _ensure_admin(password: str) -> None:
    user_model = get_user_model()
    admin, _created = user_model.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "full_name": "Quản trị hệ thống"},
    )
    changed = not (admin.is_staff and admin.is_superuser and admin.is_active)
    if not admin.check_password(password):
        admin.set_password(password)
        changed = True
    if changed:
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.save()
