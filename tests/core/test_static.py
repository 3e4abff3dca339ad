from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command


def test_it_collects_every_static_file_with_its_references_resolved(
    settings: Any, tmp_path: Path
) -> None:
    # The manifest storage fails on a reference to a missing file (a stray source map,
    # a font the CSS names); production's compression step adds nothing to check here.
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    call_command("collectstatic", "--noinput", verbosity=0, stdout=StringIO())

    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"vendor/htmx/htmx.min.js"' in manifest
    assert '"vendor/inter/inter-vietnamese-400-normal.woff2"' in manifest
