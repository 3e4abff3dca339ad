"""Writes and reads of the practices library: one transaction per write, checked by
thidua.practices.access, audited (who, when, why) in the history rows.

Every write locks the practice's row and checks the version the writer saw: a stale
writer is told who saved in between, and nothing of its change is kept. Files go through
the checks of reporting's evidence (extension, size, first bytes) before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thidua.core.files import delete_on_commit
from thidua.core.writes import delete_audited, lock_version, now_or, save_audited, touch
from thidua.engine.text import fold
from thidua.org.models import Cluster, Membership, Unit
from thidua.practices import access
from thidua.practices.models import (
    PERSON_KINDS,
    Practice,
    PracticeFile,
    PracticeKind,
    Visibility,
)
from thidua.reporting.domain.evidence import CONTENT_TYPES, check_upload, upload_display_name

LIMITS = {"title": 255, "person_name": 150, "person_rank": 60, "person_position": 150}
TEXT_LIMIT = 20_000


class Upload(NamedTuple):
    """An uploaded file and the name it came with."""

    file: IO[bytes] | Any
    name: str


@dataclass(frozen=True)
class PracticeInput:
    """What the form or the API gives for a practice; texts are stripped before saving."""

    kind: str
    title: str
    description: str
    unit: Unit
    cluster: Cluster
    results: str = ""
    person_name: str = ""
    person_rank: str = ""
    person_position: str = ""
    is_sample: bool = False


# ---------------------------------------------------------------------------------------
# Helpers


def _locked(practice: Practice, expected_version: int) -> Practice:
    """The practice's row, locked for this transaction, if nobody saved it since."""
    return lock_version(
        Practice.objects.select_related("unit", "cluster", "updated_by"),
        practice.pk,
        expected_version,
        message=_(
            "“%(title)s” vừa được %(who)s lưu lúc %(when)s (phiên bản %(current)s; bạn "
            "đang sửa phiên bản %(yours)s). Thay đổi của bạn chưa được lưu: hãy tải lại "
            "trang, xem thay đổi rồi làm lại."
        ),
        names=lambda current: {"title": current.title},
    )


def _clean(data: PracticeInput) -> dict[str, Any]:
    """The input's fields, stripped and checked; every problem named at once."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "kind": data.kind,
        "title": " ".join(data.title.split()),
        "description": data.description.strip(),
        "results": data.results.strip(),
        "person_name": " ".join(data.person_name.split()),
        "person_rank": " ".join(data.person_rank.split()),
        "person_position": " ".join(data.person_position.split()),
    }
    if data.kind not in PracticeKind.values:
        errors["kind"] = [
            _("Hãy chọn loại: điển hình tập thể, cá nhân, mô hình hay hoặc cách làm mới.")
        ]
    if not values["title"]:
        errors["title"] = [_("Hãy nhập tên của điển hình, mô hình.")]
    if not values["description"]:
        errors["description"] = [_("Hãy mô tả nội dung, cách làm.")]
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors.setdefault(name, []).append(
                _("Không được dài quá %(limit)s ký tự.") % {"limit": limit}
            )
    for name in ("description", "results"):
        if len(values[name]) > TEXT_LIMIT:
            errors.setdefault(name, []).append(
                _("Không được dài quá %(limit)s ký tự.") % {"limit": TEXT_LIMIT}
            )
    if data.kind in PERSON_KINDS:
        if not values["person_name"]:
            errors["person_name"] = [_("Điển hình cá nhân cần họ và tên của người đó.")]
    else:
        values.update(person_name="", person_rank="", person_position="")
    if not Membership.objects.filter(cluster=data.cluster, unit=data.unit).exists():
        errors.setdefault("unit", []).append(
            _("%(unit)s không phải thành viên của %(cluster)s.")
            % {"unit": data.unit, "cluster": data.cluster}
        )
    if errors:
        raise ValidationError(errors)
    return values


def _check_uploads(uploads: Sequence[Upload]) -> list[tuple[Upload, str, int]]:
    return [(upload, *check_upload(upload.file, upload.name)) for upload in uploads]


def _store(
    practice: Practice, checked: tuple[Upload, str, int], *, by: Any, at: dt.datetime
) -> PracticeFile:
    upload, extension, size = checked
    stored = PracticeFile(
        practice=practice,
        original_name=upload_display_name(upload.name),
        content_type=CONTENT_TYPES[extension],
        size=size,
        uploaded_by=by,
        uploaded_at=at,
    )
    stored.file.save(f"upload.{extension}", File(upload.file), save=False)
    save_audited(stored, by=by, at=at, reason=_("Gửi tệp %(name)s") % {"name": stored})
    return stored


# ---------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def practice_create(
    *,
    data: PracticeInput,
    by: Any,
    files: Sequence[Upload] = (),
    at: dt.datetime | None = None,
) -> Practice:
    """A new draft of the unit in the cluster-year, with its files (all or nothing)."""
    if not access.can_create_practice(by, data.cluster, data.unit):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ thi đua của %(unit)s, cán bộ Cụm trưởng, Cụm phó hoặc cơ quan thường trực mới ghi nhận được."
            )
            % {"unit": data.unit}
        )
    values = _clean(data)
    checked = _check_uploads(files)
    now = now_or(at)
    practice = Practice(
        **values,
        unit=data.unit,
        cluster=data.cluster,
        year=data.cluster.year,
        is_sample=data.is_sample,
        created_at=now,
        created_by=by,
        updated_at=now,
        updated_by=by,
    )
    save_audited(practice, by=by, at=now, reason=_("Ghi nhận mới"))
    for item in checked:
        _store(practice, item, by=by, at=now)
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: Practice,
    data: PracticeInput,
    by: Any,
    expected_version: int,
    at: dt.datetime | None = None,
) -> Practice:
    """Change the texts; the unit and the cluster change only while it is a draft."""
    if not access.can_edit_practice(by, practice):
        raise PermissionDenied(_("Bạn không sửa được điển hình, mô hình này."))
    practice = _locked(practice, expected_version)
    moved = data.unit.pk != practice.unit_id or data.cluster.pk != practice.cluster_id
    if moved:
        if practice.visibility != Visibility.DRAFT:
            raise ValidationError(
                {
                    "unit": [
                        _("Đã phổ biến thì không đổi đơn vị, cụm được: hãy đưa về bản nháp trước.")
                    ]
                }
            )
        if not access.can_create_practice(by, data.cluster, data.unit):
            raise PermissionDenied(
                _("Bạn không ghi nhận được điển hình, mô hình cho đơn vị, cụm này.")
            )
    values = _clean(data)
    for name, value in values.items():
        setattr(practice, name, value)
    practice.unit = data.unit
    practice.cluster = data.cluster
    practice.year = data.cluster.year
    touch(practice, by=by, at=now_or(at), reason=_("Sửa nội dung"))
    return practice


@transaction.atomic
def practice_delete(
    *, practice: Practice, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    """Remove a draft and its files (the history keeps what was removed)."""
    if not access.can_edit_practice(by, practice):
        raise PermissionDenied(_("Bạn không xóa được điển hình, mô hình này."))
    practice = _locked(practice, expected_version)
    if practice.visibility != Visibility.DRAFT:
        raise ValidationError(
            _("“%(title)s” đã phổ biến: hãy đưa về bản nháp trước khi xóa.")
            % {"title": practice.title},
            code="status",
        )
    now = now_or(at)
    stored = []
    for item in practice.files.all():
        stored.append((item.file.storage, item.file.name))
        delete_audited(
            item, by=by, at=now, reason=_("Xóa cùng “%(title)s”") % {"title": practice.title}
        )
    delete_audited(practice, by=by, at=now, reason=pgettext("history", "Xóa bản nháp"))
    for storage, name in stored:
        delete_on_commit(storage, name)


def _status_error(practice: Practice, wanted: str) -> ValidationError:
    return ValidationError(
        _("%(wanted)s “%(title)s” đang ở phạm vi “%(visibility)s”.")
        % {
            "wanted": wanted,
            "title": practice.title,
            "visibility": practice.get_visibility_display(),
        },
        code="status",
    )


@transaction.atomic
def practice_publish(
    *, practice: Practice, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Practice:
    """Draft → published to the members of its cluster-year (the cluster officers, the office)."""
    if not access.can_publish_practice(by, practice):
        raise PermissionDenied(
            _("Chỉ cán bộ Cụm trưởng, Cụm phó hoặc cơ quan thường trực mới phổ biến được.")
        )
    practice = _locked(practice, expected_version)
    if practice.visibility != Visibility.DRAFT:
        raise _status_error(practice, _("Chỉ phổ biến được bản nháp."))
    now = now_or(at)
    practice.visibility = Visibility.PUBLISHED
    practice.published_at = now
    practice.published_by = by
    touch(practice, by=by, at=now, reason=pgettext("history", "Phổ biến trong cụm"))
    return practice


@transaction.atomic
def practice_promote(
    *, practice: Practice, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Practice:
    """Published → promoted to every cluster (the office managing the cluster)."""
    if not access.can_promote_practice(by, practice):
        raise PermissionDenied(_("Chỉ cơ quan thường trực thi đua mới nhân rộng đến mọi cụm được."))
    practice = _locked(practice, expected_version)
    if practice.visibility != Visibility.PUBLISHED:
        raise _status_error(practice, _("Chỉ nhân rộng được điển hình đã phổ biến trong cụm."))
    now = now_or(at)
    practice.visibility = Visibility.PROMOTED
    practice.promoted_at = now
    practice.promoted_by = by
    touch(practice, by=by, at=now, reason=_("Nhân rộng đến mọi cụm"))
    return practice


@transaction.atomic
def practice_unpublish(
    *, practice: Practice, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Practice:
    """One step back: promoted → published (the office), published → draft (the cluster)."""
    if not access.can_unpublish_practice(by, practice):
        raise PermissionDenied(_("Bạn không thu hồi được điển hình, mô hình này."))
    practice = _locked(practice, expected_version)
    now = now_or(at)
    if practice.visibility == Visibility.PROMOTED:
        # Re-checked on the locked row: it may have been promoted since the page was read.
        if not access.can_promote_practice(by, practice):
            raise PermissionDenied(_("Chỉ cơ quan thường trực thi đua mới thu hồi việc nhân rộng."))
        practice.visibility = Visibility.PUBLISHED
        practice.promoted_at = None
        practice.promoted_by = None
        reason = _("Thu hồi nhân rộng, chỉ phổ biến trong cụm")
    elif practice.visibility == Visibility.PUBLISHED:
        practice.visibility = Visibility.DRAFT
        practice.published_at = None
        practice.published_by = None
        reason = _("Thu hồi, đưa về bản nháp")
    else:
        raise _status_error(practice, _("Bản nháp không có gì để thu hồi."))
    touch(practice, by=by, at=now, reason=reason)
    return practice


@transaction.atomic
def practice_file_add(
    *,
    practice: Practice,
    upload: Upload,
    by: Any,
    expected_version: int,
    at: dt.datetime | None = None,
) -> PracticeFile:
    if not access.can_edit_practice(by, practice):
        raise PermissionDenied(_("Bạn không gửi được tệp cho điển hình, mô hình này."))
    practice = _locked(practice, expected_version)
    checked = _check_uploads([upload])
    now = now_or(at)
    stored = _store(practice, checked[0], by=by, at=now)
    touch(practice, by=by, at=now, reason=_("Gửi tệp %(name)s") % {"name": stored})
    return stored


@transaction.atomic
def practice_file_delete(
    *, item: PracticeFile, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    practice = item.practice
    if not access.can_edit_practice(by, practice):
        raise PermissionDenied(_("Bạn không gỡ được tệp của điển hình, mô hình này."))
    practice = _locked(practice, expected_version)
    now = now_or(at)
    name = str(item)
    stored = item.file.name or ""
    storage = item.file.storage
    delete_audited(item, by=by, at=now, reason=_("Gỡ tệp %(name)s") % {"name": name})
    touch(practice, by=by, at=now, reason=_("Gỡ tệp %(name)s") % {"name": name})
    delete_on_commit(storage, stored)


# ---------------------------------------------------------------------------------------
# Reads


def practice_search(
    *,
    user: Any,
    query: str = "",
    kind: str = "",
    year: int | None = None,
    cluster_id: int | None = None,
    unit_id: int | None = None,
    visibility: str = "",
) -> QuerySet[Practice]:
    """What the user may see, matching every word of `query` without regard to diacritics."""
    practices = access.practices_visible_to(user)
    for word in fold(query).split():
        practices = practices.filter(search_text__contains=word)
    if kind:
        practices = practices.filter(kind=kind)
    if year is not None:
        practices = practices.filter(year=year)
    if cluster_id is not None:
        practices = practices.filter(cluster_id=cluster_id)
    if unit_id is not None:
        practices = practices.filter(unit_id=unit_id)
    if visibility:
        practices = practices.filter(visibility=visibility)
    return practices.select_related("unit", "cluster").order_by("-year", "sort_title", "pk")


def practices_of_year(*, cluster: Cluster, year: int) -> list[Practice]:
    """The cluster-year's published and promoted practices, for the year-end report.

    Drafts are left out: the report says what the cluster has made known. Files come
    prefetched, units and clusters joined.
    """
    return list(
        Practice.objects.filter(cluster=cluster, year=year)
        .exclude(visibility=Visibility.DRAFT)
        .select_related("unit", "cluster")
        .prefetch_related("files")
        .order_by("kind", "unit__sort_name", "sort_title", "pk")
    )


# ---------------------------------------------------------------------------------------
# Highlighting the words searched for


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The text folded one character at a time, and where each folded character came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = " " if char.isspace() else fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def highlight(text: str, query: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, matched) where the folded words of `query` occur."""
    words = [w for w in fold(query).split() if w]
    if not text or not words:
        return [(text, False)] if text else []
    folded, origin = _folded_with_positions(text)
    marked = [False] * len(text)
    for word in words:
        start = folded.find(word)
        while start != -1:
            for position in range(start, start + len(word)):
                marked[origin[position]] = True
            start = folded.find(word, start + len(word))
    pieces: list[tuple[str, bool]] = []
    for char, flag in zip(text, marked, strict=True):
        if pieces and pieces[-1][1] == flag:
            pieces[-1] = (pieces[-1][0] + char, flag)
        else:
            pieces.append((char, flag))
    return pieces


def excerpt(text: str, query: str, *, width: int = 220) -> list[tuple[str, bool]]:
    """About `width` characters of the text around the first word found, highlighted."""
    words = [w for w in fold(query).split() if w]
    text = " ".join(text.split())
    start = 0
    if words:
        folded, origin = _folded_with_positions(text)
        found = [folded.find(w) for w in words if folded.find(w) != -1]
        if found:
            start = max(0, origin[min(found)] - width // 3)
    piece = text[start : start + width]
    if start > 0:
        piece = "…" + piece
    if start + width < len(text):
        piece = piece + "…"
    return highlight(piece, query)
