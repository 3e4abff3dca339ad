"""Pieces every write of the awards registry uses (the saving itself is thidua.core.writes):
who a write is by, the version check, the checks shared by awards and proposals (the
recipient, the unit's years, the decision file)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import IO, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from thidua.awards.models import DECISION_FILE_EXTENSIONS, Recipient, Title, TitleRecipient
from thidua.core.writes import lock_version
from thidua.org.models import Unit
from thidua.reporting.domain.evidence import CONTENT_TYPES, check_upload

M = TypeVar("M", bound=models.Model)
Errors = dict[str, list[str]]

# The first year an award may be for; anything earlier is a typing error.
FIRST_YEAR = 1945


def actor(by: Any) -> Any:
    """The user a write is by: None when there is none or nobody is logged in (the vote's
    results may arrive so)."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def locked(obj: M, expected_version: int | None) -> M:
    """The row, locked for this transaction, if nobody saved it since `expected_version`
    (an award or a proposal: what keeps who saved it when)."""
    message = _(
        "%(what)s vừa được %(who)s lưu lúc %(when)s (phiên bản %(current)s; bạn đang "
        "sửa phiên bản %(yours)s). Thay đổi của bạn chưa được lưu: hãy tải lại trang, "
        "xem thay đổi rồi làm lại."
    )
    # No version sent: always a conflict, and the version being edited is unknown ("?").
    unknown = {"yours": "?"} if expected_version is None else {}
    return lock_version(
        type(obj)._default_manager.all(),
        obj.pk,
        -1 if expected_version is None else expected_version,
        message=message,
        names=lambda current: {"what": current, **unknown},
    )


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if(errors: Mapping[str, list[str]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def check_text(errors: Errors, model: type[models.Model], values: Mapping[str, Any]) -> None:
    """Lengths of the text fields against the model's columns."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            add(
                errors,
                name,
                _("“%(field)s” dài quá %(limit)s ký tự.")
                % {"field": getattr(field, "verbose_name", name), "limit": limit},
            )


def check_year(errors: Errors, year: Any, *, today: dt.date) -> bool:
    if not isinstance(year, int) or isinstance(year, bool):
        add(errors, "year", _("Năm phải là một số nguyên, ví dụ 2024."))
        return False
    if year < FIRST_YEAR or year > today.year:
        add(
            errors,
            "year",
            _("Năm thành tích %(year)s không hợp lệ: phải từ %(first)s đến %(last)s.")
            % {"year": year, "first": FIRST_YEAR, "last": today.year},
        )
        return False
    return True


def unit_existed_in(unit: Unit, year: int) -> bool:
    """The unit was active on at least one day of the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (unit.active_from is None or unit.active_from <= last) and (
        unit.active_to is None or unit.active_to >= first
    )


def check_unit_in_year(errors: Errors, unit: Unit, year: int) -> None:
    if unit_existed_in(unit, year):
        return
    if unit.active_to is not None and unit.active_to < dt.date(year, 1, 1):
        message = _(
            "%(unit)s không còn hoạt động trong năm %(year)s (hoạt động đến %(end)s, sau đó "
            "sáp nhập hoặc giải thể): không khen thưởng cho năm này được."
        ) % {"unit": unit.name, "year": year, "end": day(unit.active_to)}
    else:
        assert unit.active_from is not None
        message = _(
            "%(unit)s chưa được thành lập trong năm %(year)s (hoạt động từ %(start)s): không "
            "khen thưởng cho năm này được."
        ) % {"unit": unit.name, "year": year, "start": day(unit.active_from)}
    add(errors, "unit", message)


def check_recipient(
    errors: Errors,
    *,
    title: Title,
    recipient: str,
    person_name: str,
    person_rank: str,
    person_position: str,
    new: bool,
) -> None:
    """The title suits the recipient, the person is named only for a person."""
    if recipient not in Recipient.values:
        add(errors, "recipient", _("Hãy chọn khen thưởng cho tập thể hay cá nhân."))
        return
    if new and not title.active:
        add(
            errors,
            "title",
            _("“%(title)s” không còn dùng trong danh mục: hãy chọn danh hiệu khác.")
            % {"title": title.name},
        )
    if not title.accepts(recipient):
        if title.recipient == TitleRecipient.UNIT:
            message = _("“%(title)s” là danh hiệu tập thể: không tặng cho cá nhân.")
        else:
            message = _("“%(title)s” là danh hiệu cá nhân: không tặng cho tập thể.")
        add(errors, "title", message % {"title": title.name})
    if recipient == Recipient.PERSON and not person_name:
        add(errors, "person_name", _("Hãy nhập họ và tên cá nhân được khen thưởng."))
    if recipient == Recipient.UNIT and (person_name or person_rank or person_position):
        add(
            errors,
            "person_name",
            _("Khen thưởng tập thể không ghi họ tên, cấp bậc, chức vụ cá nhân."),
        )


def check_decision_file(errors: Errors, file: IO[bytes] | Any, name: str) -> tuple[str, int] | None:
    """(extension, size) of an acceptable decision file (reporting's checks: kind, size,
    first bytes), else its problem under "file"."""
    try:
        return check_upload(file, name, allowed=DECISION_FILE_EXTENSIONS)
    except ValidationError as error:
        for message in error.messages:
            add(errors, "file", message)
        return None


def content_type(extension: str) -> str:
    return CONTENT_TYPES.get(extension, "application/octet-stream")
