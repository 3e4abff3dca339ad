"""The catalogue of titles and forms of commendation (DOMAIN.md §8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.awards import access
from thidua.awards.domain.common import Errors, actor, add, check_text, raise_if
from thidua.awards.models import GrantingLevel, Title, TitleKind, TitleRecipient
from thidua.core.writes import now_or, save_audited
from thidua.engine.text import fold

TITLE_FIELDS = ("code", "name", "kind", "recipient", "level", "authority", "active", "order")
# What a kind implies about who receives it.
KIND_RECIPIENTS = {
    TitleKind.COLLECTIVE: {TitleRecipient.UNIT},
    TitleKind.INDIVIDUAL: {TitleRecipient.PERSON},
    TitleKind.COMMENDATION: set(TitleRecipient),
}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("code", "name", "authority"):
        if isinstance(values.get(name), str):
            values[name] = " ".join(values[name].split())
    return values


def _locked(title: Title, expected_version: int | None) -> Title:
    """The title, locked for this transaction, if nobody saved it since `expected_version`
    (a title keeps no who and when of its last save)."""
    current = Title.objects.select_for_update(of=("self",)).get(pk=title.pk)
    if expected_version is None or current.version != expected_version:
        raise ValidationError(
            _(
                "%(what)s vừa được người khác sửa (phiên bản %(current)s; bạn đang sửa phiên "
                "bản %(yours)s). Thay đổi của bạn chưa được lưu: hãy tải lại trang rồi làm lại."
            )
            % {
                "what": current,
                "current": current.version,
                "yours": expected_version if expected_version is not None else "?",
            },
            code="conflict",
        )
    return current


def _validate(values: dict[str, Any], *, instance: Title | None) -> None:
    errors: Errors = {}
    check_text(errors, Title, {k: values[k] for k in ("code", "name", "authority")})
    if not values["name"]:
        add(errors, "name", _("Hãy nhập tên danh hiệu, hình thức khen thưởng."))
    code = values["code"]
    if not code or slugify(code) != code:
        add(
            errors,
            "code",
            _("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ “co-bo”."),
        )
    if values["kind"] not in TitleKind.values:
        add(
            errors,
            "kind",
            _("Hãy chọn loại: danh hiệu tập thể, danh hiệu cá nhân hay hình thức khen thưởng."),
        )
    elif values["recipient"] not in KIND_RECIPIENTS[TitleKind(values["kind"])]:
        add(
            errors,
            "recipient",
            _("Danh hiệu tập thể chỉ tặng cho tập thể, danh hiệu cá nhân chỉ tặng cho cá nhân."),
        )
    if values["level"] not in GrantingLevel.values:
        add(errors, "level", _("Hãy chọn cấp quyết định."))
    order = values["order"]
    if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= 32767:
        add(errors, "order", _("Thứ tự là một số nguyên từ 0 đến 32767."))
    others = Title.objects.exclude(pk=instance.pk) if instance else Title.objects.all()
    if code and others.filter(code=code).exists():
        add(errors, "code", _("Mã “%(code)s” đã có trong danh mục.") % {"code": code})
    folded = fold(values["name"])
    if folded and any(fold(name) == folded for name in others.values_list("name", flat=True)):
        add(errors, "name", _("“%(name)s” đã có trong danh mục.") % {"name": values["name"]})
    raise_if(errors)


@transaction.atomic
def title_create(
    *,
    code: str,
    name: str,
    kind: str,
    recipient: str,
    level: str,
    authority: str = "",
    active: bool = True,
    order: int = 0,
    by: Any,
    at: dt.datetime | None = None,
) -> Title:
    if not access.can_manage_titles(by):
        raise PermissionDenied(
            _("Chỉ Cục Công tác đảng, công tác chính trị và quản trị viên sửa danh mục danh hiệu.")
        )
    values = _clean(
        {
            "code": code, "name": name, "kind": kind, "recipient": recipient, "level": level,
            "authority": authority, "active": active, "order": order,
        }
    )  # fmt: skip
    _validate(values, instance=None)
    title = Title(**values)
    save_audited(
        title, by=actor(by), at=now_or(at), reason=pgettext("history", "Thêm vào danh mục")
    )
    return title


@transaction.atomic
def title_update(
    *,
    title: Title,
    by: Any,
    expected_version: int | None,
    at: dt.datetime | None = None,
    **changes: Any,
) -> Title:
    if not access.can_manage_titles(by):
        raise PermissionDenied(
            _("Chỉ Cục Công tác đảng, công tác chính trị và quản trị viên sửa danh mục danh hiệu.")
        )
    unknown = set(changes) - set(TITLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    title = _locked(title, expected_version)
    values = _clean({name: changes.get(name, getattr(title, name)) for name in TITLE_FIELDS})
    _validate(values, instance=title)
    if title.code != values["code"] and (title.awards.exists() or title.proposals.exists()):
        raise ValidationError(
            {
                "code": [
                    _("Danh hiệu đã được dùng: không đổi mã được (bỏ phiếu bình xét dùng mã này).")
                ]
            }
        )
    accepted = (
        {"unit", "person"} if values["recipient"] == TitleRecipient.ANY else {values["recipient"]}
    )
    if (
        title.awards.exclude(recipient__in=accepted).exists()
        or title.proposals.exclude(recipient__in=accepted).exists()
    ):
        raise ValidationError(
            {
                "recipient": [
                    _(
                        "Đã có khen thưởng hoặc hồ sơ đề nghị với danh hiệu này cho đối tượng "
                        "khác: không đổi “tặng cho” được."
                    )
                ]
            }
        )
    changed = [name for name in TITLE_FIELDS if getattr(title, name) != values[name]]
    if not changed:
        return title
    for name, value in values.items():
        setattr(title, name, value)
    title.version += 1
    save_audited(title, by=actor(by), at=now_or(at), reason=pgettext("history", "Sửa danh mục"))
    return title


def titles_for(*, recipient: str | None = None, include: Title | None = None) -> list[Title]:
    """Active titles (for a recipient), plus `include` (a record's current, maybe retired)."""
    titles = list(Title.objects.filter(active=True))
    if recipient:
        titles = [t for t in titles if t.accepts(recipient)]
    if include is not None and all(t.pk != include.pk for t in titles):
        titles.append(include)
    return titles
