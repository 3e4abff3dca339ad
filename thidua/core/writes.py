"""The mechanics every audited, versioned write of the apps' domains shares.

- save_audited / delete_audited: the write, with who, when and why kept in the history row
  (django-simple-history; the reason shortened by thidua.core.history.history_reason);
- lock_version: the row, locked for the transaction, if nobody saved it since the version
  the user edits; otherwise the app's "saved by X at Y" message (code "conflict");
- now_or: the moment of the write (the caller's, for imports and tests; otherwise now);
- touch: a new version of the object, saved with who and when.

The user-facing messages stay in the apps (each names its own object): they pass them in,
already translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thidua.core.history import history_reason

M = TypeVar("M", bound=models.Model)


def now_or(at: dt.datetime | None) -> dt.datetime:
    """The moment a write is made: `at` when the caller gives it, otherwise now."""
    return at or timezone.now()


def save_audited(obj: Any, *, by: Any, at: dt.datetime, reason: str = "") -> None:
    """Save with who, when and why kept in the history row."""
    obj._history_user = by
    obj._history_date = at
    obj._change_reason = history_reason(reason)
    obj.save()


def delete_audited(obj: Any, *, by: Any, at: dt.datetime, reason: str = "") -> None:
    """Delete with who, when and why kept in the history row."""
    obj._history_user = by
    obj._history_date = at
    obj._change_reason = history_reason(reason)
    obj.delete()


def touch(obj: Any, *, by: Any, at: dt.datetime, reason: str = "") -> None:
    """Save the object as a new version, by `by` at `at`."""
    obj.version += 1
    obj.updated_at = at
    obj.updated_by = by
    save_audited(obj, by=by, at=at, reason=reason)


def saved_at(moment: dt.datetime) -> str:
    """When a version was saved, as the conflict messages say it."""
    return date_format(timezone.localtime(moment), "d/m/Y H:i")


def lock_version(
    queryset: models.QuerySet[M],
    pk: Any,
    expected_version: int,
    *,
    message: str,
    names: Callable[[M], Mapping[str, Any]] = lambda current: {},
    gone: str | None = None,
) -> M:
    """The row `pk` of `queryset`, locked for this transaction, if still `expected_version`.

    `message` (translated, by the app) says who saved it when: it is formatted with
    %(who)s, %(when)s, %(current)s and %(yours)s, and with what `names(current)` gives
    (which may replace those).
    The row's update is raised as a ValidationError with code "conflict"; so is its
    deletion when the app says it with `gone` (without, the model's DoesNotExist).
    Only the queryset's own table is locked: PostgreSQL cannot lock the nullable side of
    a join.
    """
    rows = queryset.select_for_update(of=("self",))
    if gone is None:
        current = rows.get(pk=pk)
    else:
        found = rows.filter(pk=pk).first()
        if found is None:
            raise ValidationError(gone, code="conflict")
        current = found
    row: Any = current
    if row.version != expected_version:
        raise ValidationError(
            message
            % {
                "who": row.updated_by.display_name if row.updated_by else _("người khác"),
                "when": saved_at(row.updated_at),
                "current": row.version,
                "yours": expected_version,
                **names(current),
            },
            code="conflict",
        )
    return current
