"""The English catalog is complete, compiled, and covers every string in the code."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "thidua" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry; plural entries use the singular forms."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue

        def join(text: str) -> str:
            return "".join(ast.literal_eval(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', text))

        entries.append((join(msgid.group(1)), join(msgstr.group(1)), "#, fuzzy" in block))
    return [e for e in entries if e[0]]


def test_it_translates_every_string_into_english() -> None:
    untranslated = [msgid for msgid, msgstr, fuzzy in _entries(PO) if not msgstr or fuzzy]

    assert untranslated == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_it_has_extracted_every_translatable_string(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(
        ROOT / "thidua", copy / "thidua", ignore=shutil.ignore_patterns("static", "__pycache__")
    )
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DATABASE_URL", None)

    subprocess.run(
        [
            sys.executable,
            "../manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy / "thidua",
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    extracted = {
        msgid
        for msgid, _, _ in _entries(copy / "thidua" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    }
    committed = {msgid for msgid, _, _ in _entries(PO)}
    assert sorted(extracted - committed) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_it_commits_the_compiled_catalog(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"

    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True, timeout=60
    )

    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes()
