"""Input of the score sheet page: one set of fields per criterion, for the step at hand.

Fields are named `<criterion id>.<field>`: `met` ("1" / "0" / ""), `points` (Vietnamese
number), `occurrences`, `count.<item code>` for bonus and penalty items, `ranks` (the
assessors' ranks, "1, 3"), `note` (the unit's note, or the verifier's / office's reason),
`explanation`. A criterion the form did not post is left out, so a partial post changes
only what it shows. Text the domain must judge (points, ranks) is passed on as typed, so
that its messages name the criterion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.covenants.models import Criterion, CriterionKind
from thidua.scoring.domain import Explanation, ScoreInput, adjustment_items
from thidua.scoring.domain.inputs import per_occurrence


def posted_fields(data: Mapping[str, Any], criterion: Criterion) -> dict[str, str]:
    """The fields posted for one criterion, without their `<criterion id>.` prefix."""
    prefix = f"{criterion.pk}."
    return {
        key.removeprefix(prefix): str(value)
        for key, value in data.items()
        if key.startswith(prefix)
    }


def _whole(criterion: Criterion, raw: str, what: str) -> int:
    text = raw.strip().replace(".", "")
    if not re.fullmatch(r"\d{1,4}", text):
        raise ValidationError(
            {
                str(criterion.pk): [
                    _(
                        "%(what)s của tiêu chí %(code)s phải là số nguyên không âm (đã nhập “%(raw)s”)."
                    )
                    % {"what": what, "code": criterion.code, "raw": raw.strip()}
                ]
            }
        )
    return int(text)


def score_entry(criterion: Criterion, fields: Mapping[str, str]) -> ScoreInput:
    """One criterion's input from its posted fields (text checked for shape only)."""
    note = fields.get("note", "")
    kind = criterion.kind
    if kind == CriterionKind.QUALITATIVE:
        met = {"1": True, "0": False}.get(fields.get("met", ""))
        return ScoreInput(criterion=criterion, met=met, note=note)
    if kind == CriterionKind.DIRECT:
        if per_occurrence(criterion) is not None:
            raw = fields.get("occurrences", "").strip()
            occurrences = _whole(criterion, raw, _("Số lần")) if raw else None
            return ScoreInput(criterion=criterion, occurrences=occurrences, note=note)
        raw = fields.get("points", "").strip()
        return ScoreInput(criterion=criterion, points=raw or None, note=note)
    if kind == CriterionKind.BONUS_PENALTY:
        counts: dict[int | str, int] = {}
        for item in adjustment_items(criterion):
            raw = fields.get(f"count.{item.code}", "").strip()
            if raw:
                counts[item.code] = _whole(criterion, raw, _("Số lần"))
        return ScoreInput(criterion=criterion, counts=counts or None, note=note)
    if kind == CriterionKind.RANK_POINTS:
        raw = fields.get("ranks", "").strip()
        ranks = [
            _whole(criterion, part, _("Thứ hạng")) for part in re.split(r"[,;\s]+", raw) if part
        ]
        return ScoreInput(criterion=criterion, ranks=ranks or None, note=note)
    return ScoreInput(criterion=criterion, note=note)


def score_entries(criteria: Iterable[Criterion], data: Mapping[str, Any]) -> list[ScoreInput]:
    """The entries of every criterion the form posted; shape errors of all rows at once."""
    entries = []
    errors: dict[str, list[str]] = {}
    for criterion in criteria:
        fields = posted_fields(data, criterion)
        if not fields:
            continue
        try:
            entries.append(score_entry(criterion, fields))
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return entries


def explanation_entries(
    criteria: Iterable[Criterion], data: Mapping[str, Any]
) -> list[Explanation]:
    return [
        Explanation(criterion=c, text=str(data[f"{c.pk}.explanation"]))
        for c in criteria
        if f"{c.pk}.explanation" in data
    ]


def stored_fields(criterion: Criterion, stored: Mapping[str, Any] | None) -> dict[str, str]:
    """A stored input as the form shows it."""
    stored = stored or {}
    fields: dict[str, str] = {}
    if "met" in stored:
        fields["met"] = "1" if stored["met"] else "0"
    if "points" in stored:
        from decimal import Decimal

        from thidua.engine.numbers import format_number_vi

        fields["points"] = format_number_vi(Decimal(str(stored["points"])), 2, trim=True)
    if "occurrences" in stored:
        fields["occurrences"] = str(stored["occurrences"])
    for code, count in (stored.get("counts") or {}).items():
        fields[f"count.{code}"] = str(count)
    if stored.get("ranks"):
        fields["ranks"] = ", ".join(str(r) for r in stored["ranks"])
    return fields


def version_of(data: Mapping[str, Any]) -> int | None:
    try:
        return int(str(data.get("version", "")))
    except ValueError:
        return None
