from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from thidua import settings as production

ROOT = Path(__file__).resolve().parents[2]


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    full.update({"DJANGO_SETTINGS_MODULE": "thidua.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number, not 'smtp'"),
        ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE 'Mars/Olympus' is not a known time zone"),
        ({"LANGUAGE_CODE": "fr"}, "LANGUAGE_CODE must be one of vi, en, not 'fr'"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters long"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must start with redis://"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a valid database URL"),
    ],
)
def test_it_refuses_to_start_with_a_bad_value(env: dict[str, str], message: str) -> None:
    result = _start(env)

    assert result.returncode != 0
    assert message in result.stderr


def test_it_starts_with_no_environment_at_all() -> None:
    result = _start({})

    assert result.returncode == 0, result.stderr


def test_it_reads_booleans_and_numbers_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUMBER", "-1")

    assert production.envbool("X_FLAG", False) is True
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER must be at least 0, not -1"):
        production.envint("X_NUMBER", 3)


def test_it_defaults_to_vietnamese_and_the_vietnam_time_zone() -> None:
    assert (production.LANGUAGE_CODE, production.TIME_ZONE) == ("vi", "Asia/Ho_Chi_Minh")


def test_it_hashes_passwords_with_argon2_in_production() -> None:
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_keeps_sqlite_under_var_by_default() -> None:
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "thidua.settings"

    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip() == str(ROOT / "var" / "thidua.sqlite3")


def test_it_passes_the_deployment_checks_with_production_settings() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            "SECRET_KEY": "a-long-and-random-production-secret-key-0123456789",
            "ALLOWED_HOSTS": "thidua.bocongan.test",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
