"""Evidence files of a report: added and removed by the unit while it may edit its figures.

A file is accepted only if its extension is on the list, its size is within
settings.UPLOAD_MAX_BYTES, and its first bytes look like what the extension claims (a
"báo cáo.pdf" that is really an executable is refused). It is stored under a name of our
making (models.evidence_upload_to) and only streamed by a view that checks who asks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from thidua.core.files import delete_on_commit
from thidua.core.writes import delete_audited, now_or, save_audited, touch
from thidua.covenants.models import Criterion
from thidua.reporting import access
from thidua.reporting.domain.reports import _locked, _not_editable
from thidua.reporting.models import ALLOWED_EVIDENCE_EXTENSIONS, Evidence, Report

# What each accepted kind of file starts with. Office documents and .zip are zip archives;
# the old .doc/.xls are OLE2 compound files.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "zip": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}
assert set(SIGNATURES) == set(ALLOWED_EVIDENCE_EXTENSIONS) == set(CONTENT_TYPES)


def _extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower().lstrip(".")


def _display_name(name: str) -> str:
    """The uploaded name without any folder, for display only."""
    return PurePosixPath(name.replace("\\", "/")).name[:255] or "tep"


def _check_file(
    file: IO[bytes] | Any, name: str, *, allowed: frozenset[str] = ALLOWED_EVIDENCE_EXTENSIONS
) -> tuple[str, int]:
    extension = _extension(name)
    if extension not in allowed:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Tệp “%(name)s” không thuộc loại được nhận. Hãy gửi một trong các "
                        "loại: %(kinds)s."
                    )
                    % {"name": name, "kinds": ", ".join(sorted(allowed))}
                ]
            }
        )
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size == 0:
        raise ValidationError({"file": [_("Tệp “%(name)s” rỗng.") % {"name": name}]})
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("Tệp “%(name)s” nặng %(size)s, quá giới hạn %(limit)s.")
                    % {
                        "name": name,
                        "size": filesizeformat(size),
                        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                    }
                ]
            }
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            {
                "file": [
                    _(
                        "Nội dung tệp “%(name)s” không phải là tệp .%(extension)s như tên của "
                        "nó: hãy kiểm tra lại tệp."
                    )
                    % {"name": name, "extension": extension}
                ]
            }
        )
    return extension, int(size)


# Public for the other apps that take files (practices, contributions …): the same checks,
# the same messages, one place to change them.
def check_upload(
    file: IO[bytes] | Any, name: str, *, allowed: frozenset[str] = ALLOWED_EVIDENCE_EXTENSIONS
) -> tuple[str, int]:
    """(extension, size) of an acceptable upload; a ValidationError keyed "file" otherwise.

    `allowed` narrows the accepted extensions (each must be one of SIGNATURES)."""
    assert allowed <= set(SIGNATURES)
    return _check_file(file, name, allowed=allowed)


def upload_display_name(name: str) -> str:
    """The uploaded name without any folder, for display only."""
    return _display_name(name)


@transaction.atomic
def evidence_add(
    *,
    report: Report,
    by: Any,
    expected_version: int,
    file: IO[bytes] | Any,
    name: str,
    criterion: Criterion | None = None,
    at: dt.datetime | None = None,
) -> Evidence:
    """Attach a file to the report (or to one criterion in it) while the unit may edit it."""
    if not access.can_edit_report(by, report):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua của %(unit)s mới gửi tài liệu minh chứng của đơn vị.")
            % {"unit": report.unit}
        )
    report = _locked(report, expected_version)
    if not report.is_editable:
        raise _not_editable(report)
    if criterion is not None and criterion.covenant_id != report.period.covenant_id:
        raise ValidationError(
            {
                "criterion": [
                    _("Tiêu chí %(code)s không thuộc giao ước của báo cáo.")
                    % {"code": criterion.code}
                ]
            }
        )
    extension, size = _check_file(file, name)
    now = now_or(at)
    evidence = Evidence(
        report=report,
        criterion=criterion,
        original_name=_display_name(name),
        content_type=CONTENT_TYPES[extension],
        size=size,
        uploaded_by=by,
    )
    evidence.file.save(f"upload.{extension}", File(file), save=False)
    save_audited(evidence, by=by, at=now, reason=_("Gửi minh chứng %(name)s") % {"name": evidence})
    touch(report, by=by, at=now, reason=_("Gửi minh chứng %(name)s") % {"name": evidence})
    return evidence


@transaction.atomic
def evidence_delete(
    *, evidence: Evidence, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    """Remove an evidence file; its history row keeps who removed what and when."""
    report = evidence.report
    if not access.can_edit_report(by, report):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua của %(unit)s mới gỡ tài liệu minh chứng của đơn vị.")
            % {"unit": report.unit}
        )
    report = _locked(report, expected_version)
    if not report.is_editable:
        raise _not_editable(report)
    now = now_or(at)
    name = str(evidence)
    stored = evidence.file.name or ""
    delete_audited(evidence, by=by, at=now, reason=_("Gỡ minh chứng %(name)s") % {"name": name})
    touch(report, by=by, at=now, reason=_("Gỡ minh chứng %(name)s") % {"name": name})
    delete_on_commit(evidence.file.storage, stored)
