"""Benchmarks: `make bench` (or `python -m bench [name …]`) runs them; README.md has results.

Each benchmark is a module with a `run()` function that prints its own table. Django is
set up once, by `setup()`, on a throwaway SQLite database (or BENCH_DATABASE_URL).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_workdir: tempfile.TemporaryDirectory[str] | None = None


def setup() -> Path:
    """Django on a fresh, migrated database of our own; returns the scratch folder.

    The database is a SQLite file in a temporary folder, deleted at exit, unless
    BENCH_DATABASE_URL names another one (e.g. an empty PostgreSQL database).
    """
    global _workdir
    if _workdir is not None:
        return Path(_workdir.name)
    _workdir = tempfile.TemporaryDirectory(prefix="thidua-bench-")
    folder = Path(_workdir.name)
    os.environ["VAR_DIR"] = str(folder)
    os.environ["HTTPS"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)
    if url := os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)  # the default: SQLite under VAR_DIR
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return folder
