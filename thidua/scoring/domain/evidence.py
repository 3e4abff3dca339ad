"""Evidence files of a score, added and removed by the unit while it holds its sheet
(self-scoring, or explaining after the verification).

The same checks as reporting's evidence: a known extension, within
settings.UPLOAD_MAX_BYTES, first bytes matching the extension; stored under a name of our
making (models.evidence_upload_to).
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.writes import delete_audited, now_or, save_audited, touch
from thidua.covenants.models import Criterion
from thidua.reporting.domain.evidence import CONTENT_TYPES, check_upload, upload_display_name
from thidua.scoring import access
from thidua.scoring.domain.sheets import (
    UNIT_STEPS,
    _locked,
    _require,
)
from thidua.scoring.models import Score, ScoreEvidence, ScoreSheet


def _denied(sheet: ScoreSheet) -> PermissionDenied:
    return PermissionDenied(
        _("Chỉ cán bộ thi đua của %(unit)s mới gửi, gỡ minh chứng chấm điểm của đơn vị.")
        % {"unit": sheet.unit}
    )


@transaction.atomic
def score_evidence_add(
    *,
    sheet: ScoreSheet,
    criterion: Criterion,
    by: Any,
    expected_version: int,
    file: IO[bytes] | Any,
    name: str,
    at: dt.datetime | None = None,
) -> ScoreEvidence:
    """Attach a file to the unit's score on a criterion."""
    if not access.can_score_unit(by, sheet.unit):
        raise _denied(sheet)
    sheet = _locked(sheet, expected_version)
    _require(sheet, UNIT_STEPS, _("Chỉ gửi minh chứng khi đang tự chấm hoặc giải trình."))
    score = Score.objects.filter(sheet=sheet, criterion=criterion).first()
    if score is None:
        raise ValidationError(
            {
                "criterion": [
                    _("Tiêu chí %(code)s không có trong bảng điểm này.") % {"code": criterion.code}
                ]
            }
        )
    extension, size = check_upload(file, name)
    now = now_or(at)
    evidence = ScoreEvidence(
        score=score,
        original_name=upload_display_name(name),
        content_type=CONTENT_TYPES[extension],
        size=size,
        uploaded_by=by,
        uploaded_at=now,
    )
    evidence.file.save(f"upload.{extension}", File(file), save=False)
    reason = _("Gửi minh chứng %(name)s") % {"name": evidence}
    save_audited(evidence, by=by, at=now, reason=reason)
    touch(sheet, by=by, at=now, reason=reason)
    return evidence


@transaction.atomic
def score_evidence_delete(
    *, evidence: ScoreEvidence, by: Any, expected_version: int, at: dt.datetime | None = None
) -> None:
    """Remove an evidence file; its history row keeps who removed what and when."""
    sheet = evidence.score.sheet
    if not access.can_score_unit(by, sheet.unit):
        raise _denied(sheet)
    sheet = _locked(sheet, expected_version)
    _require(sheet, UNIT_STEPS, _("Chỉ gỡ minh chứng khi đang tự chấm hoặc giải trình."))
    now = now_or(at)
    name = str(evidence)
    stored = evidence.file.name or ""
    reason = _("Gỡ minh chứng %(name)s") % {"name": name}
    delete_audited(evidence, by=by, at=now, reason=reason)
    touch(sheet, by=by, at=now, reason=reason)
    # The file goes only once the removal is committed; a rolled-back removal keeps it.
    if stored:
        transaction.on_commit(lambda: evidence.file.storage.delete(stored))
