"""Scoring (DOMAIN.md §5): a unit's score sheet per covenant, its scores per leaf criterion,
evidence files, and the cluster's publication of the ranking.

A sheet is the unit of the workflow and of concurrency (`version`):

    draft → submitted → verified → explained → final → locked

Scores keep what each person gave at each step — the unit's self-score, the cluster
head's verified score with its reason, the unit's explanation, the emulation office's
final score with its reason — as the *inputs* of the criterion's kind (met or not, points,
occurrences, counts of bonus and penalty items, assessors' ranks). Points are the engine's
results on those inputs (thidua.engine.scoring), computed when read: a quantitative score
depends on the whole cluster (the leader scores M), so a stored number would go stale as
soon as another unit's figures change. What was published is frozen on CovenantScoring.
docs/scoring.md explains the workflow and every decision.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.files import stored_name
from thidua.covenants.models import Covenant, Criterion
from thidua.org.models import Unit
from thidua.reporting.models import ALLOWED_EVIDENCE_EXTENSIONS


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã nộp, chờ thẩm định")
    VERIFIED = "verified", _("Đã thẩm định, chờ đơn vị giải trình")
    EXPLAINED = "explained", _("Chờ cơ quan thường trực quyết định")
    FINAL = "final", _("Đã có điểm chính thức")
    LOCKED = "locked", _("Đã khóa, công bố")


def _user(label: Any) -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class ScoreSheet(models.Model):
    """A unit's scores on a covenant, and where they stand in the workflow."""

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("giao ước"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    # Bumped by every write to the sheet or its scores; a write naming an older one is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = _user(_("người nộp"))
    verified_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)
    verified_by = _user(_("người thẩm định"))
    explained_at = models.DateTimeField(_("giải trình xong lúc"), null=True, blank=True)
    explained_by = _user(_("người giải trình"))
    finalized_at = models.DateTimeField(_("quyết định điểm lúc"), null=True, blank=True)
    finalized_by = _user(_("người quyết định điểm"))
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = _user(_("người khóa"))
    # When the quantitative scores last read the approved year figures.
    figures_at = models.DateTimeField(_("lấy số liệu năm lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = _user(_("người sửa sau cùng"))
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("bảng điểm của đơn vị")
        verbose_name_plural = _("bảng điểm của đơn vị")
        ordering = ["covenant_id", "unit__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "unit"], name="one_sheet_per_unit")
        ]

    def __str__(self) -> str:
        return _("Bảng điểm %(unit)s – %(cluster)s") % {
            "unit": self.unit,
            "cluster": self.covenant.cluster,
        }


class Score(models.Model):
    """One leaf criterion of a sheet: each step's input, reason and the unit's explanation.

    `*_input` hold the input of the criterion's kind ({"met": true}, {"points": "7.5"},
    {"occurrences": 3}, {"counts": {"0": 1}}, {"ranks": [1, 2]}); None at the verified or
    final step means "as the step before". Quantitative criteria take no input: `figures`
    is the snapshot of the approved year figures they are scored on (target, ratio r,
    actual, outcome, and both as sentences), exact decimals kept as text.
    """

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("bảng điểm"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="scores"
    )
    self_input = models.JSONField(_("tự chấm"), null=True, blank=True)
    self_note = models.TextField(_("ghi chú tự chấm"), blank=True)
    verified_input = models.JSONField(_("thẩm định"), null=True, blank=True)
    verified_reason = models.TextField(_("lý do thẩm định"), blank=True)
    explanation = models.TextField(_("giải trình của đơn vị"), blank=True)
    final_input = models.JSONField(_("điểm chính thức"), null=True, blank=True)
    final_reason = models.TextField(_("lý do quyết định"), blank=True)
    figures = models.JSONField(_("số liệu năm"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()
    audit_unit_fields = ["sheet__unit_id"]

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["sheet_id", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} / {self.criterion_id}"


def evidence_upload_to(instance: ScoreEvidence, filename: str) -> str:
    return stored_name(
        f"scoring/evidence/{instance.score_id}", filename, ALLOWED_EVIDENCE_EXTENSIONS
    )


class ScoreEvidence(models.Model):
    """A file backing a score (a certificate, minutes, a photo of a training session)."""

    score = models.ForeignKey(
        Score, verbose_name=_("điểm tiêu chí"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = _user(_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    history = HistoricalRecords()
    audit_unit_fields = ["score__sheet__unit_id"]

    class Meta:
        verbose_name = _("minh chứng chấm điểm")
        verbose_name_plural = _("minh chứng chấm điểm")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ScoringStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm điểm")
    PUBLISHED = "published", _("Đã khóa, công bố")


class CovenantScoring(models.Model):
    """The cluster's scoring of a covenant as a whole: open, or locked and published.

    `ranking` is the ranking as published, frozen: [{"unit", "rank", "tied", "total",
    "attainable", "percent", "exceeded_count", "penalty_count"}], decimals as exact text. It
    stays what was announced even if the covenant is edited later; a reopening empties it.
    """

    covenant = models.OneToOneField(
        Covenant, verbose_name=_("giao ước"), on_delete=models.PROTECT, related_name="scoring"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ScoringStatus.choices, default=ScoringStatus.OPEN
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    ranking = models.JSONField(_("xếp hạng đã công bố"), default=list, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = _user(_("người công bố"))
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopened_by = _user(_("người mở lại"))
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = _user(_("người sửa sau cùng"))
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả chấm điểm của cụm")
        verbose_name_plural = _("kết quả chấm điểm của cụm")

    def __str__(self) -> str:
        return _("Chấm điểm %(covenant)s") % {"covenant": self.covenant}

    @property
    def is_published(self) -> bool:
        return self.status == ScoringStatus.PUBLISHED
