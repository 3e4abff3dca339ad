"""Writes and reads of the conferences of a cluster-year.

Every write is one transaction: it checks who acts (thidua.conferences.access), locks the
conference row and checks the version the writer saw (a stale writer is told who saved in
between), validates everything before saving anything, and saves with the actor, the time
and a reason in the history rows (django-simple-history), so that each change keeps who,
when, before and after. Guests, files and outcomes are written through their conference
and bump its version.

Rules of DOMAIN.md §1 kept here:
- a conference of cluster-year Y is held in Y; a year-end summary may slip to the first
  quarter of Y + 1;
- only a conference that has been held decided anything; a covenant is signed at a signing
  conference, a vote and the head/deputy handover happen at the year-end summary;
- what is linked belongs to the conference's own cluster-year and to one conference only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.conferences import access
from thidua.conferences.models import (
    ALLOWED_ATTACHMENT_EXTENSIONS,
    PHOTO_EXTENSIONS,
    Attachment,
    AttachmentKind,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Guest,
    Outcome,
    OutcomeKind,
)
from thidua.core.files import delete_on_commit
from thidua.core.writes import delete_audited, lock_version, now_or, save_audited, touch
from thidua.covenants.models import Covenant, CovenantStatus
from thidua.org.models import Cluster, Handover, Membership, Unit
from thidua.reporting.domain.evidence import CONTENT_TYPES, check_upload, upload_display_name
from thidua.voting.models import Vote, VoteStatus

# The kinds of conference that belong to the cluster itself: a member (or the office) hosts.
CLUSTER_KINDS = frozenset(
    {ConferenceKind.SIGNING, ConferenceKind.MID_YEAR, ConferenceKind.YEAR_END}
)
# What each kind of conference may decide.
OUTCOMES_BY_KIND: dict[str, frozenset[str]] = {
    ConferenceKind.SIGNING: frozenset({OutcomeKind.COVENANT_SIGNED}),
    ConferenceKind.YEAR_END: frozenset({OutcomeKind.VOTE_HELD, OutcomeKind.HANDOVER_MADE}),
    ConferenceKind.MID_YEAR: frozenset(),
    ConferenceKind.EXCHANGE: frozenset(),
    ConferenceKind.STUDY_VISIT: frozenset(),
}
# A year-end summary may be held until this day of the next year.
YEAR_END_LATEST = (3, 31)
# A conference lasts a few days at most; a longer span is a typing mistake.
MAX_DAYS = 31
MAX_GUESTS = 200
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "date",
        "end_date",
        "start_time",
        "place",
        "host_unit",
        "chair_rank",
        "chair_name",
        "chair_position",
        "chair_user",
        "agenda",
        "minutes",
        "note",
        "status",
    }
)
_LENGTHS = {
    "title": 255,
    "place": 255,
    "chair_rank": 60,
    "chair_name": 150,
    "chair_position": 255,
    "agenda": 20_000,
    "minutes": 50_000,
    "note": 5_000,
}
_GUEST_LENGTHS = {"rank": 60, "name": 150, "position": 255, "organisation": 255}

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class GuestInput:
    """A guest as typed: `id` names a stored guest of the same conference to keep."""

    name: str
    rank: str = ""
    position: str = ""
    organisation: str = ""
    id: int | None = None


# ---------------------------------------------------------------------------------------
# Helpers


def _day(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _check_can_record(by: Any, cluster: Cluster) -> None:
    if by is None or not access.can_record_conferences(by, cluster):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ đơn vị Cụm trưởng, Cụm phó của %(cluster)s, cơ quan thường trực thi "
                "đua và quản trị viên mới ghi hội nghị của cụm."
            )
            % {"cluster": cluster}
        )


def _locked(conference: Conference, expected_version: int) -> Conference:
    """The conference row, locked for this transaction, if nobody saved it since then."""
    return lock_version(
        Conference.objects.select_related("cluster", "host_unit", "updated_by"),
        conference.pk,
        expected_version,
        gone=_("Hội nghị này vừa bị xóa: thay đổi của bạn chưa được lưu."),
        message=_(
            "Hội nghị “%(conference)s” vừa được %(who)s lưu lúc %(when)s (phiên bản "
            "%(current)s; bạn đang sửa phiên bản %(yours)s). Thay đổi của bạn chưa được lưu: "
            "hãy tải lại trang, xem thay đổi rồi làm lại."
        ),
        names=lambda current: {"conference": current},
    )


# Conference.updated_at is auto_now: the save stamps it, whatever touch sets.


def allowed_dates(*, cluster: Cluster, kind: str) -> tuple[dt.date, dt.date]:
    """The first and last day a conference of this kind of the cluster-year may be held."""
    if kind == ConferenceKind.YEAR_END:
        month, day = YEAR_END_LATEST
        return cluster.start, dt.date(cluster.year + 1, month, day)
    return cluster.start, cluster.end


def default_title(*, kind: str, year: int) -> str:
    """The usual name of the conference, in the language of the documents (Vietnamese)."""
    movement = "phong trào thi đua “Vì an ninh Tổ quốc”"
    titles: dict[str, str] = {
        ConferenceKind.SIGNING: f"Hội nghị ký giao ước thi đua “Vì an ninh Tổ quốc” năm {year}",
        ConferenceKind.MID_YEAR: f"Hội nghị sơ kết {movement} 6 tháng đầu năm {year}",
        ConferenceKind.YEAR_END: f"Hội nghị tổng kết {movement} năm {year}",
        ConferenceKind.EXCHANGE: f"Giao lưu giữa các đơn vị trong cụm năm {year}",
        ConferenceKind.STUDY_VISIT: f"Học tập kinh nghiệm năm {year}",
    }
    return titles.get(kind, f"Hội nghị năm {year}")


def _length(errors: Errors, key: str, value: str, limit: int) -> None:
    """Text the database keeps as typed: within its length, and no NUL (PostgreSQL refuses it)."""
    if "\x00" in value:
        errors.setdefault(key, []).append(_("Không được chứa ký tự NUL."))
    if len(value) > limit:
        errors.setdefault(key, []).append(
            _("Không được dài quá %(limit)s ký tự (đang có %(length)s).")
            % {"limit": limit, "length": len(value)}
        )


def _is_host_allowed(conference: Conference, host: Unit) -> bool:
    cluster = conference.cluster
    if host.pk == cluster.managing_office_id:
        return True
    return Membership.objects.filter(cluster=cluster, unit=host).exists()


def _conference_errors(conference: Conference, today: dt.date) -> Errors:
    """Every problem with the conference's own fields, keyed by field."""
    errors: Errors = {}
    if conference.kind not in ConferenceKind.values:
        errors["kind"] = [_("Hãy chọn loại hội nghị trong danh sách.")]
        return errors
    if conference.status not in ConferenceStatus.values:
        errors["status"] = [_("Trạng thái hội nghị không hợp lệ.")]
    for name, limit in _LENGTHS.items():
        _length(errors, name, getattr(conference, name), limit)
    first, last = allowed_dates(cluster=conference.cluster, kind=conference.kind)
    if not first <= conference.date <= last:
        if conference.kind == ConferenceKind.YEAR_END:
            message = _(
                "Hội nghị tổng kết của %(cluster)s phải diễn ra trong năm %(year)s hoặc đến "
                "hết ngày %(last)s."
            )
        else:
            message = _(
                "Ngày hội nghị %(date)s không thuộc năm %(year)s của %(cluster)s: hội nghị "
                "của cụm năm nào diễn ra trong năm đó."
            )
        errors["date"] = [
            message
            % {
                "cluster": conference.cluster,
                "year": conference.cluster.year,
                "last": _day(last),
                "date": _day(conference.date),
            }
        ]
    elif conference.end_date is not None:
        if conference.end_date < conference.date:
            errors["end_date"] = [
                _("Ngày kết thúc không được trước ngày bắt đầu (%(date)s).")
                % {"date": _day(conference.date)}
            ]
        elif (conference.end_date - conference.date).days >= MAX_DAYS or conference.end_date > last:
            errors["end_date"] = [
                _("Ngày kết thúc %(end)s quá xa ngày bắt đầu %(date)s: hãy kiểm tra lại.")
                % {"end": _day(conference.end_date), "date": _day(conference.date)}
            ]
    if conference.status == ConferenceStatus.HELD and conference.date > today:
        errors.setdefault("status", []).append(
            _("Hội nghị ngày %(date)s chưa diễn ra nên chưa thể ghi là đã tổ chức.")
            % {"date": _day(conference.date)}
        )
    host = conference.host_unit
    if host is not None:
        if not host.is_active_on(conference.date):
            errors["host_unit"] = [
                _("%(unit)s không hoạt động vào ngày %(date)s.")
                % {"unit": host, "date": _day(conference.date)}
            ]
        elif conference.kind in CLUSTER_KINDS and not _is_host_allowed(conference, host):
            errors["host_unit"] = [
                _(
                    "%(unit)s không phải thành viên của %(cluster)s: hội nghị của cụm do một "
                    "đơn vị thành viên hoặc cơ quan thường trực đăng cai."
                )
                % {"unit": host, "cluster": conference.cluster}
            ]
    chair = conference.chair_user
    if chair is not None and not chair.is_active:
        errors["chair_user"] = [_("Tài khoản người chủ trì đã bị khóa.")]
    return errors


def _outcome_errors(conference: Conference, errors: Errors) -> None:
    """A change of kind or status must not orphan what the conference decided."""
    outcomes = list(conference.outcomes.all()) if conference.pk else []
    if not outcomes:
        return
    if conference.status != ConferenceStatus.HELD:
        errors.setdefault("status", []).append(
            _(
                "Hội nghị đã ghi %(count)s kết quả nên phải ở trạng thái “Đã tổ chức”; hãy gỡ "
                "các kết quả trước."
            )
            % {"count": len(outcomes)}
        )
    allowed = OUTCOMES_BY_KIND.get(conference.kind, frozenset())
    wrong = [o for o in outcomes if o.kind not in allowed]
    if wrong:
        errors.setdefault("kind", []).append(
            _(
                "Loại hội nghị này không ghi được kết quả “%(outcome)s” đã có; hãy gỡ kết quả đó trước."
            )
            % {"outcome": wrong[0].get_kind_display()}
        )


def _clean_guests(guests: Sequence[GuestInput], errors: Errors) -> list[GuestInput]:
    """The guests stripped and checked; errors keyed "guests.<index>.<field>"."""
    if len(guests) > MAX_GUESTS:
        errors.setdefault("guests", []).append(
            _("Tối đa %(limit)s đại biểu, khách mời.") % {"limit": MAX_GUESTS}
        )
        return []
    cleaned = []
    for index, guest in enumerate(guests):
        item = GuestInput(
            name=str(guest.name or "").strip(),
            rank=str(guest.rank or "").strip(),
            position=str(guest.position or "").strip(),
            organisation=str(guest.organisation or "").strip(),
            id=guest.id,
        )
        if not item.name:
            errors.setdefault(f"guests.{index}.name", []).append(
                _("Hãy nhập họ tên của đại biểu thứ %(number)s.") % {"number": index + 1}
            )
        for name, limit in _GUEST_LENGTHS.items():
            _length(errors, f"guests.{index}.{name}", getattr(item, name), limit)
        cleaned.append(item)
    return cleaned


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# ---------------------------------------------------------------------------------------
# Conferences


@transaction.atomic
def conference_create(
    *,
    cluster: Cluster,
    kind: str,
    date: dt.date,
    by: Any,
    title: str = "",
    end_date: dt.date | None = None,
    start_time: dt.time | None = None,
    place: str = "",
    host_unit: Unit | None = None,
    chair_rank: str = "",
    chair_name: str = "",
    chair_position: str = "",
    chair_user: Any = None,
    agenda: str = "",
    minutes: str = "",
    note: str = "",
    status: str = ConferenceStatus.PLANNED,
    guests: Sequence[GuestInput] = (),
    is_sample: bool = False,
    at: dt.datetime | None = None,
) -> Conference:
    """Record a conference of the cluster-year, with its guests in the order given."""
    _check_can_record(by, cluster)
    now = now_or(at)
    conference = Conference(
        cluster=cluster,
        kind=kind,
        title=title.strip(),
        date=date,
        end_date=end_date,
        start_time=start_time,
        place=place.strip(),
        host_unit=host_unit,
        chair_rank=chair_rank.strip(),
        chair_name=chair_name.strip(),
        chair_position=chair_position.strip(),
        chair_user=chair_user,
        agenda=agenda.strip(),
        minutes=minutes.strip(),
        note=note.strip(),
        status=status,
        is_sample=is_sample,
        created_by=by,
        updated_by=by,
    )
    errors = _conference_errors(conference, timezone.localdate(now))
    cleaned = _clean_guests(guests, errors)
    _raise(errors)
    conference.title = conference.title or default_title(kind=kind, year=cluster.year)
    save_audited(conference, by=by, at=now, reason=pgettext("history", "Ghi hội nghị"))
    for order, guest in enumerate(cleaned):
        save_audited(_new_guest(conference, guest, order), by=by, at=now, reason=_("Thêm đại biểu"))
    return conference


@transaction.atomic
def conference_update(
    *,
    conference: Conference,
    by: Any,
    expected_version: int,
    guests: Sequence[GuestInput] | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
    **changes: Any,
) -> Conference:
    """Change the conference's fields (those named) and, if given, replace its guest list.

    Guests with the `id` of a stored guest of this conference are kept (and updated);
    stored guests left out are removed; the list's order is the new order.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    for name, value in changes.items():
        setattr(conference, name, _strip(value))
    errors = _conference_errors(conference, timezone.localdate(now))
    _outcome_errors(conference, errors)
    cleaned = _clean_guests(guests, errors) if guests is not None else None
    _raise(errors)
    conference.title = conference.title or default_title(
        kind=conference.kind, year=conference.cluster.year
    )
    if cleaned is not None:
        _replace_guests(conference, cleaned, by=by, at=now)
    touch(conference, by=by, at=now, reason=reason.strip() or _("Sửa thông tin hội nghị"))
    return conference


@transaction.atomic
def conference_delete(
    *,
    conference: Conference,
    by: Any,
    expected_version: int,
    reason: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Remove a conference recorded by mistake (with its guests and files); the history keeps
    it. One that has recorded outcomes keeps them: they are unlinked first, deliberately."""
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    count = conference.outcomes.count()
    if count:
        raise ValidationError(
            _(
                "Hội nghị “%(conference)s” đã ghi %(count)s kết quả (giao ước, bỏ phiếu, bàn "
                "giao): hãy gỡ các kết quả trước khi xóa hội nghị."
            )
            % {"conference": conference, "count": count},
            code="has_outcomes",
        )
    why = reason.strip() or _("Xóa hội nghị")
    stored = []
    for attachment in conference.attachments.all():
        stored.append((attachment.file.storage, attachment.file.name))
        delete_audited(attachment, by=by, at=now, reason=why)
    for guest in conference.guests.all():
        delete_audited(guest, by=by, at=now, reason=why)
    delete_audited(conference, by=by, at=now, reason=why)
    for storage, name in stored:
        delete_on_commit(storage, name)


# ---------------------------------------------------------------------------------------
# Guests


def _new_guest(conference: Conference, guest: GuestInput, order: int) -> Guest:
    return Guest(
        conference=conference,
        rank=guest.rank,
        name=guest.name,
        position=guest.position,
        organisation=guest.organisation,
        order=order,
    )


def _replace_guests(
    conference: Conference, guests: Sequence[GuestInput], *, by: Any, at: dt.datetime
) -> None:
    stored = {g.pk: g for g in Guest.objects.filter(conference=conference)}
    kept: set[int] = set()
    for order, item in enumerate(guests):
        guest = stored.get(item.id) if item.id is not None else None
        if guest is None or guest.pk in kept:
            save_audited(
                _new_guest(conference, item, order), by=by, at=at, reason=_("Thêm đại biểu")
            )
            continue
        kept.add(guest.pk)
        new = (item.rank, item.name, item.position, item.organisation, order)
        if new != (guest.rank, guest.name, guest.position, guest.organisation, guest.order):
            guest.rank, guest.name, guest.position, guest.organisation, guest.order = new
            save_audited(guest, by=by, at=at, reason=_("Sửa đại biểu"))
    for pk, guest in stored.items():
        if pk not in kept:
            delete_audited(
                guest, by=by, at=at, reason=_("Bỏ đại biểu %(name)s") % {"name": guest.name}
            )


@transaction.atomic
def guest_add(
    *,
    conference: Conference,
    by: Any,
    expected_version: int,
    guest: GuestInput,
    at: dt.datetime | None = None,
) -> Guest:
    """Add a guest after the others."""
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    errors: Errors = {}
    existing = Guest.objects.filter(conference=conference).count()
    if existing >= MAX_GUESTS:
        errors["guests"] = [_("Tối đa %(limit)s đại biểu, khách mời.") % {"limit": MAX_GUESTS}]
    cleaned = _clean_guests([guest], errors)
    _raise({key.replace("guests.0.", ""): value for key, value in errors.items()})
    last = Guest.objects.filter(conference=conference).aggregate(last=Max("order"))["last"]
    created = _new_guest(conference, cleaned[0], 0 if last is None else last + 1)
    save_audited(
        created, by=by, at=now, reason=_("Thêm đại biểu %(name)s") % {"name": created.name}
    )
    touch(conference, by=by, at=now, reason=_("Thêm đại biểu %(name)s") % {"name": created.name})
    return created


@transaction.atomic
def guest_remove(
    *, guest: Guest, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    conference = guest.conference
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    reason = _("Bỏ đại biểu %(name)s") % {"name": guest.name}
    delete_audited(guest, by=by, at=now, reason=reason)
    touch(conference, by=by, at=now, reason=reason)


@transaction.atomic
def guest_reorder(
    *,
    conference: Conference,
    by: Any,
    expected_version: int,
    order: Sequence[int],
    at: dt.datetime | None = None,
) -> list[Guest]:
    """Put the guests in the order of their ids; every guest is named exactly once."""
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    guests = {g.pk: g for g in Guest.objects.filter(conference=conference)}
    if sorted(order) != sorted(guests):
        raise ValidationError(
            {
                "order": [
                    _(
                        "Thứ tự phải nêu mỗi đại biểu của hội nghị đúng một lần (%(count)s "
                        "đại biểu)."
                    )
                    % {"count": len(guests)}
                ]
            }
        )
    for position, pk in enumerate(order):
        guest = guests[pk]
        if guest.order != position:
            guest.order = position
            save_audited(guest, by=by, at=now, reason=_("Sắp xếp đại biểu"))
    touch(conference, by=by, at=now, reason=_("Sắp xếp đại biểu"))
    return [guests[pk] for pk in order]


# ---------------------------------------------------------------------------------------
# Files


@transaction.atomic
def attachment_add(
    *,
    conference: Conference,
    by: Any,
    expected_version: int,
    file: IO[bytes] | Any,
    name: str,
    kind: str,
    caption: str = "",
    at: dt.datetime | None = None,
) -> Attachment:
    """Attach minutes, a photo or another document; checked as evidence files are."""
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [_("Hãy chọn loại tệp: biên bản, ảnh hoặc tài liệu khác.")]})
    caption = caption.strip()
    if len(caption) > 255:
        raise ValidationError({"caption": [_("Chú thích không được dài quá 255 ký tự.")]})
    extension, size = check_upload(file, name, allowed=ALLOWED_ATTACHMENT_EXTENSIONS)
    if kind == AttachmentKind.PHOTO and extension not in PHOTO_EXTENSIONS:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Ảnh phải là tệp .jpg, .jpeg hoặc .png; tệp “%(name)s” hãy gửi với loại "
                        "“Biên bản” hoặc “Tài liệu khác”."
                    )
                    % {"name": upload_display_name(name)}
                ]
            }
        )
    attachment = Attachment(
        conference=conference,
        kind=kind,
        original_name=upload_display_name(name),
        content_type=CONTENT_TYPES[extension],
        size=size,
        caption=caption,
        uploaded_by=by,
    )
    attachment.file.save(f"upload.{extension}", File(file), save=False)
    reason = _("Gửi tệp %(name)s") % {"name": attachment.original_name}
    try:
        save_audited(attachment, by=by, at=now, reason=reason)
        touch(conference, by=by, at=now, reason=reason)
    except Exception:
        # Nothing half-saved: no row, so no file either.
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_delete(
    *, attachment: Attachment, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    conference = attachment.conference
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    reason = _("Gỡ tệp %(name)s") % {"name": attachment.original_name}
    storage, stored = attachment.file.storage, attachment.file.name
    delete_audited(attachment, by=by, at=now, reason=reason)
    touch(conference, by=by, at=now, reason=reason)
    delete_on_commit(storage, stored)


# ---------------------------------------------------------------------------------------
# Outcomes


def _outcome_kind(
    covenant: Covenant | None, vote: Vote | None, handover: Handover | None
) -> tuple[str, str, Any]:
    given = [
        (OutcomeKind.COVENANT_SIGNED.value, "covenant", covenant),
        (OutcomeKind.VOTE_HELD.value, "vote", vote),
        (OutcomeKind.HANDOVER_MADE.value, "handover", handover),
    ]
    chosen = [item for item in given if item[2] is not None]
    if len(chosen) != 1:
        raise ValidationError(
            {"record": [_("Hãy chọn đúng một việc: giao ước đã ký, cuộc bỏ phiếu hoặc bàn giao.")]}
        )
    return chosen[0]


def _record_cluster_id(record: Any) -> int:
    if isinstance(record, Handover):
        return record.from_cluster_id
    return int(record.cluster_id)


def record_label(record: Any) -> str:
    """How pages name a linked covenant, vote or handover."""
    if isinstance(record, Handover):
        return _("Bàn giao Cụm trưởng %(head)s, Cụm phó %(deputy)s cho năm %(year)s") % {
            "head": record.head,
            "deputy": record.deputy,
            "year": record.to_cluster.year,
        }
    return str(record)


def _check_record_state(field: str, record: Any) -> None:
    if isinstance(record, Vote) and record.status == VoteStatus.DRAFT:
        raise ValidationError(
            {
                field: [
                    _("Cuộc bỏ phiếu “%(vote)s” chưa mở nên chưa thể ghi là đã tổ chức.")
                    % {"vote": record}
                ]
            }
        )
    if isinstance(record, Covenant) and record.status == CovenantStatus.DRAFT:
        raise ValidationError(
            {
                field: [
                    _("%(covenant)s còn là dự thảo nên chưa thể ghi là đã ký tại hội nghị.")
                    % {"covenant": record}
                ]
            }
        )


@transaction.atomic
def outcome_link(
    *,
    conference: Conference,
    by: Any,
    expected_version: int,
    covenant: Covenant | None = None,
    vote: Vote | None = None,
    handover: Handover | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Outcome:
    """Record what the conference decided: exactly one of the covenant signed there, the
    vote held there or the handover made there, all of the conference's cluster-year."""
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    kind, field_name, record = _outcome_kind(covenant, vote, handover)
    label = OutcomeKind(kind).label
    if not conference.is_held:
        raise ValidationError(
            {
                field_name: [
                    _(
                        "Chỉ hội nghị đã tổ chức mới ghi được kết quả; hãy cập nhật trạng thái "
                        "“Đã tổ chức” trước."
                    )
                ]
            }
        )
    if kind not in OUTCOMES_BY_KIND.get(conference.kind, frozenset()):
        raise ValidationError(
            {
                field_name: [
                    _("%(kind)s không ghi được kết quả “%(outcome)s”.")
                    % {"kind": conference.get_kind_display(), "outcome": label}
                    + " "
                    + (
                        _("Giao ước được ký tại hội nghị ký giao ước thi đua.")
                        if kind == OutcomeKind.COVENANT_SIGNED
                        else _("Việc bỏ phiếu và bàn giao diễn ra tại hội nghị tổng kết.")
                    )
                ]
            }
        )
    if _record_cluster_id(record) != conference.cluster_id:
        raise ValidationError(
            {
                field_name: [
                    _(
                        "“%(record)s” không thuộc %(cluster)s của hội nghị này: chỉ ghi được việc "
                        "của chính cụm thi đua năm đó."
                    )
                    % {"record": record_label(record), "cluster": conference.cluster}
                ]
            }
        )
    _check_record_state(field_name, record)
    existing = Outcome.objects.filter(**{field_name: record}).select_related("conference").first()
    if existing is not None:
        raise ValidationError(
            {
                field_name: [
                    _("“%(record)s” đã được ghi là kết quả của “%(conference)s” (%(date)s).")
                    % {
                        "record": record_label(record),
                        "conference": existing.conference,
                        "date": _day(existing.conference.date),
                    }
                ]
            }
        )
    note = note.strip()
    if len(note) > 255:
        raise ValidationError({"note": [_("Ghi chú không được dài quá 255 ký tự.")]})
    outcome = Outcome(conference=conference, kind=kind, note=note, created_by=by)
    setattr(outcome, field_name, record)
    reason = _("Ghi kết quả: %(outcome)s") % {"outcome": label}
    save_audited(outcome, by=by, at=now, reason=reason)
    touch(conference, by=by, at=now, reason=reason)
    return outcome


@transaction.atomic
def outcome_unlink(
    *, outcome: Outcome, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    """Remove the link; the covenant, vote or handover itself is untouched."""
    conference = outcome.conference
    _check_can_record(by, conference.cluster)
    now = now_or(at)
    conference = _locked(conference, expected_version)
    reason = _("Gỡ kết quả: %(outcome)s") % {"outcome": outcome.get_kind_display()}
    delete_audited(outcome, by=by, at=now, reason=reason)
    touch(conference, by=by, at=now, reason=reason)


# ---------------------------------------------------------------------------------------
# Reads


def with_details(conferences: QuerySet[Conference]) -> QuerySet[Conference]:
    """Cluster, host, guests in order and outcomes with their records, in a fixed number of
    queries whatever the number of conferences."""
    return conferences.select_related("cluster", "host_unit").prefetch_related(
        Prefetch("guests", queryset=Guest.objects.order_by("order", "id")),
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.select_related(
                "covenant__cluster",
                "vote",
                "handover__head",
                "handover__deputy",
                "handover__to_cluster",
            ).order_by("kind", "id"),
        ),
    )


def conferences_of_year(*, cluster: Cluster) -> list[Conference]:
    """The cluster-year's conferences in date order, guests and outcomes prefetched (for the
    year-end report)."""
    return list(
        with_details(Conference.objects.filter(cluster=cluster)).order_by(
            "date", "start_time", "id"
        )
    )


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    conferences: tuple[Conference, ...] = field(default=())

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def calendar_months(conferences: Iterable[Conference], *, year: int) -> list[CalendarMonth]:
    """The twelve months of `year`, each with its conferences in order, then any later month
    that has one (a year-end summary held early next year)."""
    by_month: dict[tuple[int, int], list[Conference]] = {(year, m): [] for m in range(1, 13)}
    for conference in conferences:
        by_month.setdefault((conference.date.year, conference.date.month), []).append(conference)
    return [
        CalendarMonth(
            year=y,
            month=m,
            conferences=tuple(
                sorted(items, key=lambda c: (c.date, c.start_time or dt.time.min, c.pk))
            ),
        )
        for (y, m), items in sorted(by_month.items())
    ]


@dataclass(frozen=True)
class Candidates:
    covenants: tuple[Covenant, ...]
    votes: tuple[Vote, ...]
    handovers: tuple[Handover, ...]

    def __bool__(self) -> bool:
        return bool(self.covenants or self.votes or self.handovers)


def outcome_candidates(*, conference: Conference) -> Candidates:
    """What this conference could still be recorded as having decided."""
    allowed = OUTCOMES_BY_KIND.get(conference.kind, frozenset())
    if not conference.is_held:
        return Candidates((), (), ())
    covenants: tuple[Covenant, ...] = ()
    votes: tuple[Vote, ...] = ()
    handovers: tuple[Handover, ...] = ()
    if OutcomeKind.COVENANT_SIGNED in allowed:
        covenants = tuple(
            Covenant.objects.filter(cluster_id=conference.cluster_id, conference_outcomes=None)
            .exclude(status=CovenantStatus.DRAFT)
            .select_related("cluster")
        )
    if OutcomeKind.VOTE_HELD in allowed:
        votes = tuple(
            Vote.objects.filter(cluster_id=conference.cluster_id, conference_outcomes=None)
            .exclude(status=VoteStatus.DRAFT)
            .order_by("conference_date", "round", "pk")
        )
    if OutcomeKind.HANDOVER_MADE in allowed:
        handovers = tuple(
            Handover.objects.filter(
                from_cluster_id=conference.cluster_id, conference_outcomes=None
            ).select_related("head", "deputy", "to_cluster")
        )
    return Candidates(covenants, votes, handovers)


def outcome_day(outcome: Outcome) -> dt.date | None:
    """The day the linked record says it happened."""
    if outcome.covenant is not None:
        return outcome.covenant.signing_date
    if outcome.vote is not None:
        return outcome.vote.conference_date
    if outcome.handover is not None:
        return outcome.handover.conference_date
    return None


def outcome_notices(conference: Conference) -> list[str]:
    """Linked records whose own date differs from the conference's days: shown, not refused
    (an open vote's date can no longer be corrected)."""
    notices = []
    for outcome in conference.outcomes.all():
        day = outcome_day(outcome)
        if day is not None and not conference.date <= day <= conference.last_day:
            notices.append(
                _("%(record)s ghi ngày %(day)s, khác ngày hội nghị %(date)s.")
                % {
                    "record": record_label(outcome.record),
                    "day": _day(day),
                    "date": _day(conference.date),
                }
            )
    return notices
