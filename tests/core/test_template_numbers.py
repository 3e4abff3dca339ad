"""Identifiers in templates are written as plain digits.

USE_THOUSAND_SEPARATOR makes Django write 2908 as "2.908" wherever a number is rendered
localised. A primary key in an attribute (an option's value, an element id, a test id) must
never be grouped: the page works on a small database and breaks on a real one. Every key
output must be inside `{% localize off %}` or carry `|unlocalize`.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2] / "thidua"
OUTPUT = re.compile(r"{{\s*([\w.]*(?:\.pk|\.id|_id|\.version))\s*(\|[^}]*)?}}")
LOCALIZE_OFF = re.compile(r"{%\s*localize off\s*%}")


def _unguarded(text: str) -> list[str]:
    regions = []
    for match in LOCALIZE_OFF.finditer(text):
        end = text.find("{% endlocalize %}", match.end())
        regions.append((match.start(), end if end != -1 else len(text)))
    found = []
    for match in OUTPUT.finditer(text):
        variable, filters = match.group(1), match.group(2) or ""
        if "unlocalize" in filters or "stringformat" in filters:
            continue
        if variable.endswith(".version") and "form" in variable.split(".")[0]:
            continue  # a form field: its widget renders the value unlocalised
        if any(start <= match.start() <= end for start, end in regions):
            continue
        found.append(match.group(0))
    return found


def test_it_never_groups_the_digits_of_an_identifier() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in sorted(ROOT.rglob("templates/**/*.html"))
        if (found := _unguarded(path.read_text(encoding="utf-8")))
    }

    assert offenders == {}


def test_the_check_catches_a_grouped_identifier() -> None:
    rendered = Template("{{ obj.pk }}").render(Context({"obj": type("O", (), {"pk": 2908})()}))

    assert rendered == "2.908"  # what an unguarded key would become
    assert _unguarded('<option value="{{ unit.pk }}">') == ["{{ unit.pk }}"]
    assert _unguarded('<option value="{{ unit.pk|unlocalize }}">') == []
