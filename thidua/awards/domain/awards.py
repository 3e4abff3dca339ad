"""Writes of awards: recording a decision, correcting it (with a reason), removing it.

Every refusal a user can cause is a ValidationError naming the field, raised before
anything is saved (the decision file too is checked before it is stored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.awards import access
from thidua.awards.domain.common import (
    Errors,
    actor,
    add,
    check_decision_file,
    check_recipient,
    check_text,
    check_unit_in_year,
    check_year,
    content_type,
    day,
    locked,
    raise_if,
)
from thidua.awards.models import Award, Recipient, Title, TitleKind
from thidua.core.files import delete_on_commit
from thidua.core.writes import delete_audited, now_or, save_audited
from thidua.engine.text import fold
from thidua.org import access as org_access
from thidua.org.models import Cluster, Membership, Unit
from thidua.reporting.domain.evidence import upload_display_name

AWARD_FIELDS = (
    "title", "recipient", "unit", "person_name", "person_rank", "person_position", "year",
    "decision_number", "decision_date", "granting_authority", "cluster", "note",
)  # fmt: skip
TEXT_FIELDS = (
    "person_name", "person_rank", "person_position", "decision_number", "granting_authority",
)  # fmt: skip


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in TEXT_FIELDS:
        value = values.get(name)
        values[name] = " ".join(value.split()) if isinstance(value, str) else (value or "")
    values["note"] = (values.get("note") or "").strip()
    return values


def _same_person(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def award_errors(
    values: Mapping[str, Any], *, instance: Award | None = None, today: dt.date | None = None
) -> Errors:
    """Everything wrong with an award's values, by field (empty when it may be saved)."""
    today = today or timezone.localdate()
    errors: Errors = {}
    title: Title = values["title"]
    unit: Unit = values["unit"]
    year = values["year"]
    check_text(errors, Award, {name: values[name] for name in TEXT_FIELDS})
    check_recipient(
        errors,
        title=title,
        recipient=values["recipient"],
        person_name=values["person_name"],
        person_rank=values["person_rank"],
        person_position=values["person_position"],
        new=instance is None or instance.title_id != title.pk,
    )
    year_ok = check_year(errors, year, today=today)
    if year_ok:
        check_unit_in_year(errors, unit, year)
    if not values["decision_number"]:
        add(errors, "decision_number", _("Hãy nhập số quyết định, ví dụ “123/QĐ-BCA”."))
    decision_date = values["decision_date"]
    if not isinstance(decision_date, dt.date):
        add(errors, "decision_date", _("Hãy nhập ngày quyết định (dd/mm/yyyy)."))
    else:
        if decision_date > today:
            add(
                errors,
                "decision_date",
                _("Ngày quyết định %(date)s chưa đến.") % {"date": day(decision_date)},
            )
        if year_ok and decision_date < dt.date(year, 1, 1):
            add(
                errors,
                "decision_date",
                _("Ngày quyết định %(date)s trước năm thành tích %(year)s.")
                % {"date": day(decision_date), "year": year},
            )
    cluster: Cluster | None = values["cluster"]
    if cluster is not None and year_ok:
        if cluster.year != year:
            add(
                errors,
                "cluster",
                _("%(cluster)s là cụm của năm %(cluster_year)s, khác năm thành tích %(year)s.")
                % {"cluster": cluster, "cluster_year": cluster.year, "year": year},
            )
        elif not Membership.objects.filter(cluster=cluster, unit=unit).exists():
            add(
                errors,
                "cluster",
                _("%(unit)s không phải thành viên của %(cluster)s.")
                % {"unit": unit, "cluster": cluster},
            )
    if not errors:
        duplicate = _duplicate(values, instance)
        if duplicate is not None:
            add(errors, "title", _duplicate_message(duplicate))
    return errors


def _duplicate(values: Mapping[str, Any], instance: Award | None) -> Award | None:
    """The same emulation title to the same recipient for the same year; for a form of
    commendation (several a year are normal) only under the same decision number."""
    same = Award.objects.filter(
        title=values["title"],
        unit=values["unit"],
        year=values["year"],
        recipient=values["recipient"],
    )
    if instance is not None:
        same = same.exclude(pk=instance.pk)
    if values["title"].kind == TitleKind.COMMENDATION:
        same = same.filter(decision_number__iexact=values["decision_number"])
    for award in same:
        if values["recipient"] == Recipient.UNIT or _same_person(
            award.person_name, values["person_name"]
        ):
            return award
    return None


def _duplicate_message(award: Award) -> str:
    return _(
        "%(recipient)s đã được tặng “%(title)s” cho năm %(year)s (quyết định số %(number)s "
        "ngày %(date)s)."
    ) % {
        "recipient": award.recipient_label,
        "title": award.title.name,
        "year": award.year,
        "number": award.decision_number,
        "date": day(award.decision_date),
    }


def default_cluster(unit: Unit, year: int, by: Any) -> Cluster | None:
    """The unit's cluster of that year when there is exactly one the recorder manages."""
    clusters = org_access.clusters_managed_by(by) if by is not None else Cluster.objects.all()
    found = list(
        clusters.filter(year=year, memberships__unit=unit).distinct().values_list("pk", flat=True)
    )
    if len(found) != 1:
        return None
    return Cluster.objects.get(pk=found[0])


def _attach(award: Award, file: IO[bytes] | Any, name: str, extension: str, size: int) -> None:
    award.decision_file.save(f"decision.{extension}", File(file), save=False)
    award.file_name = upload_display_name(name)
    award.file_type = content_type(extension)
    award.file_size = size


def _save_with_file(award: Award, *, by: Any, at: dt.datetime, reason: str) -> None:
    """Save; a file stored for this save goes if the row cannot be written."""
    stored = (award.decision_file.name or "") if award.decision_file else ""
    try:
        save_audited(award, by=actor(by), at=at, reason=reason)
    except Exception:
        if stored:
            award.decision_file.storage.delete(stored)
        raise


def create_award(
    values: dict[str, Any],
    *,
    file: IO[bytes] | Any | None,
    file_name: str,
    is_sample: bool,
    by: Any,
    at: dt.datetime,
    reason: str,
    extra_errors: Errors | None = None,
) -> Award:
    """Validate and save a new award (the caller has authorised and opened the transaction)."""
    values = _clean(dict(values))
    if not values["granting_authority"]:
        values["granting_authority"] = values["title"].granting_authority
    if values["cluster"] is None and isinstance(values["year"], int):
        values["cluster"] = default_cluster(values["unit"], values["year"], actor(by))
    errors = award_errors(values)
    for field, messages in (extra_errors or {}).items():
        errors.setdefault(field, []).extend(messages)
    checked = check_decision_file(errors, file, file_name) if file is not None else None
    raise_if(errors)
    award = Award(
        **values, is_sample=is_sample, created_at=at, created_by=actor(by), updated_at=at,
        updated_by=actor(by),
    )  # fmt: skip
    if file is not None and checked is not None:
        _attach(award, file, file_name, *checked)
    _save_with_file(award, by=by, at=at, reason=reason)
    return award


@transaction.atomic
def award_create(
    *,
    title: Title,
    unit: Unit,
    year: int,
    decision_number: str,
    decision_date: dt.date,
    recipient: str = Recipient.UNIT,
    person_name: str = "",
    person_rank: str = "",
    person_position: str = "",
    granting_authority: str = "",
    cluster: Cluster | None = None,
    note: str = "",
    file: IO[bytes] | Any | None = None,
    file_name: str = "",
    is_sample: bool = False,
    by: Any,
    at: dt.datetime | None = None,
) -> Award:
    """Record a decision granting a title (the cluster is the unit's of that year when the
    recorder manages exactly one; give it to choose)."""
    if not access.can_record_for(by, cluster):
        raise PermissionDenied(
            _(
                "Chỉ cơ quan thường trực thi đua (quản lý cụm) và quản trị viên ghi nhận khen thưởng."
            )
        )
    values = {
        "title": title, "recipient": recipient, "unit": unit, "person_name": person_name,
        "person_rank": person_rank, "person_position": person_position, "year": year,
        "decision_number": decision_number, "decision_date": decision_date,
        "granting_authority": granting_authority, "cluster": cluster, "note": note,
    }  # fmt: skip
    return create_award(
        values,
        file=file,
        file_name=file_name,
        is_sample=is_sample,
        by=by,
        at=now_or(at),
        reason=pgettext("history", "Ghi nhận khen thưởng"),
    )


def _require_reason(reason: str, what: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError({"reason": [what]})
    return text


@transaction.atomic
def award_update(
    *,
    award: Award,
    by: Any,
    expected_version: int | None,
    reason: str,
    file: IO[bytes] | Any | None = None,
    file_name: str = "",
    remove_file: bool = False,
    at: dt.datetime | None = None,
    **changes: Any,
) -> Award:
    """Correct an award, with the reason kept in its history; a new file replaces the old."""
    if not access.can_edit_award(by, award):
        raise PermissionDenied(_("Bạn không sửa được khen thưởng này."))
    unknown = set(changes) - set(AWARD_FIELDS)
    if unknown:
        raise ValidationError(
            _("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    award = locked(award, expected_version)
    text = _require_reason(reason, _("Hãy nêu lý do sửa khen thưởng (được lưu trong lịch sử)."))
    values = _clean({name: changes.get(name, getattr(award, name)) for name in AWARD_FIELDS})
    if not values["granting_authority"]:
        values["granting_authority"] = values["title"].granting_authority
    errors = award_errors(values, instance=award)
    if values["cluster"] is not None and not access.can_record_for(by, values["cluster"]):
        add(errors, "cluster", _("Bạn không quản lý cụm thi đua này."))
    proposal = getattr(award, "proposal", None)
    if proposal is not None:
        for name in ("title", "recipient", "unit", "year", "cluster"):
            if values[name] != getattr(award, name):
                add(
                    errors,
                    name,
                    _(
                        "Khen thưởng theo hồ sơ đề nghị: không đổi được danh hiệu, đối tượng, "
                        "đơn vị, năm và cụm."
                    ),
                )
                break
    if (
        proposal is not None
        and isinstance(values["decision_date"], dt.date)
        and values["decision_date"] < proposal.proposed_at
    ):
        add(errors, "decision_date", _date_before_proposal(values["decision_date"], proposal))
    checked = check_decision_file(errors, file, file_name) if file is not None else None
    raise_if(errors)
    old_file = (award.decision_file.name or "") if award.decision_file else ""
    for name, value in values.items():
        setattr(award, name, value)
    if file is not None and checked is not None:
        _attach(award, file, file_name, *checked)
        delete_on_commit(award.decision_file.storage, old_file)
    elif remove_file and old_file:
        award.decision_file = None
        award.file_name = award.file_type = ""
        award.file_size = None
        delete_on_commit(award.decision_file.storage, old_file)
    moment = now_or(at)
    award.version += 1
    award.updated_at = moment
    award.updated_by = actor(by)
    _save_with_file(award, by=by, at=moment, reason=text)
    return award


def _date_before_proposal(decision_date: dt.date, proposal: Any) -> str:
    return _("Ngày quyết định %(date)s trước ngày đề nghị %(proposed)s.") % {
        "date": day(decision_date),
        "proposed": day(proposal.proposed_at),
    }


@transaction.atomic
def award_delete(
    *,
    award: Award,
    by: Any,
    expected_version: int | None,
    reason: str,
    at: dt.datetime | None = None,
) -> None:
    """Remove an award recorded by mistake; its history keeps who, when and why."""
    if not access.can_edit_award(by, award):
        raise PermissionDenied(_("Bạn không xóa được khen thưởng này."))
    award = locked(award, expected_version)
    text = _require_reason(reason, _("Hãy nêu lý do xóa khen thưởng (được lưu trong lịch sử)."))
    if getattr(award, "proposal", None) is not None:
        raise ValidationError(
            _(
                "Khen thưởng này là kết quả của một hồ sơ đề nghị: không xóa được. Nếu ghi sai, "
                "hãy sửa lại số, ngày quyết định."
            ),
            code="linked",
        )
    stored = (award.decision_file.name or "") if award.decision_file else ""
    delete_audited(award, by=actor(by), at=now_or(at), reason=text)
    delete_on_commit(award.decision_file.storage, stored)


__all__ = [
    "award_create",
    "award_delete",
    "award_errors",
    "award_update",
    "create_award",
    "default_cluster",
]
