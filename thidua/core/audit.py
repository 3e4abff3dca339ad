"""Reads over the audit trail kept by django-simple-history for every audited model."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from simple_history.models import HistoricalChanges
from simple_history.utils import get_history_model_for_model

CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# The organisation app sets this to list the units the audit page can filter by.
unit_choices_provider: Callable[[], list[Any]] | None = None


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    model_label: str
    model_name: str
    object_id: Any
    object_repr: str
    when: dt.datetime
    user_id: int | None
    user_repr: str
    change_type: str
    reason: str
    changes: tuple[FieldChange, ...]


def audited_models() -> list[type[models.Model]]:
    """Models with a history, in a stable order; the audit page filters over these."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        try:
            get_history_model_for_model(model)
        except Exception:  # noqa: S112 - not every model is audited
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def audit_entries(
    *,
    model: type[models.Model] | None = None,
    object_id: str | None = None,
    user_id: int | None = None,
    unit_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AuditEntry], bool]:
    """Newest first; returns the page and whether there is more."""
    targets = [model] if model is not None else audited_models()
    rows: list[Any] = []
    wanted = offset + limit + 1
    for target in targets:
        history = get_history_model_for_model(target)
        qs = history.objects.all().select_related("history_user")
        if object_id:
            qs = qs.filter(**{target._meta.pk.attname: object_id})
        if user_id:
            qs = qs.filter(history_user_id=user_id)
        if unit_id:
            unit_fields = _unit_lookups(target)
            if not unit_fields:
                continue
            condition = models.Q()
            for lookup in unit_fields:
                condition |= models.Q(**{lookup: unit_id})
            qs = qs.filter(condition)
        rows.extend(qs.order_by("-history_date", "-history_id")[:wanted])
    rows.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    page = rows[offset : offset + limit]
    previous = _previous_records(page)
    entries = [_entry(row, previous.get((type(row), row.history_id))) for row in page]
    return entries, len(rows) > offset + limit


def _unit_lookups(model: type[models.Model]) -> list[str]:
    """Fields that tie a record to a unit, declared by the model as `audit_unit_fields`."""
    declared = getattr(model, "audit_unit_fields", None)
    if declared is not None:
        return list(declared)
    if model._meta.label == "org.Unit":
        return ["id"]
    names = {f.name for f in model._meta.get_fields()}
    return ["unit_id"] if "unit" in names else []


def _previous_records(page: list[Any]) -> dict[tuple[Any, int], Any]:
    """The record before each one on the page, fetched in one query per history model."""
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for row in page:
        wanted[type(row)].add(getattr(row, _pk(row)))
    result: dict[tuple[Any, int], Any] = {}
    for history, ids in wanted.items():
        pk_name = history.instance_type._meta.pk.attname
        by_object: dict[Any, list[Any]] = defaultdict(list)
        for rec in history.objects.filter(**{f"{pk_name}__in": ids}).order_by(
            "history_date", "history_id"
        ):
            by_object[getattr(rec, pk_name)].append(rec)
        for records in by_object.values():
            for before, after in itertools.pairwise(records):
                result[(history, after.history_id)] = before
    return result


def _pk(row: Any) -> str:
    return str(row.instance_type._meta.pk.attname)


def _entry(row: HistoricalChanges | Any, previous: Any) -> AuditEntry:
    model = row.instance_type
    changes: list[FieldChange] = []
    excluded = {"history_id", "history_date", "history_change_reason", "history_type"}
    fields = [
        f
        for f in row._meta.fields
        if f.attname not in excluded and not f.attname.startswith("history_")
    ]
    for field in fields:
        after = getattr(row, field.attname)
        before = getattr(previous, field.attname) if previous is not None else None
        if row.history_type == "~" and before == after:
            continue
        if row.history_type == "-":
            before, after = after, None
        changes.append(
            FieldChange(
                field=field.attname,
                label=str(getattr(field, "verbose_name", field.attname)),
                before=before,
                after=after,
            )
        )
    user = row.history_user
    return AuditEntry(
        model_label=model._meta.label,
        model_name=str(model._meta.verbose_name),
        object_id=getattr(row, _pk(row)),
        object_repr=_safe_str(row),
        when=row.history_date,
        user_id=row.history_user_id,
        user_repr=str(user) if user is not None else "",
        change_type=CHANGE_TYPES.get(row.history_type, row.history_type),
        reason=row.history_change_reason or "",
        changes=tuple(changes),
    )


def _safe_str(row: Any) -> str:
    # Built from the historical row itself: `row.instance` would query excluded fields.
    model = row.instance_type
    values = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if hasattr(row, f.attname)
    }
    try:
        return str(model(**values))
    except Exception:
        return f"#{getattr(row, _pk(row))}"
