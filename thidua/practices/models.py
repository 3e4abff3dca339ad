"""Exemplary collectives and people, good models and new ways of working (DOMAIN.md §1.4).

A practice belongs to one unit and one cluster-year. It starts as a draft, internal to the
unit and the cluster's officers; the cluster officers publish it to the cluster's members;
the emulation office promotes it to every cluster. `search_text` keeps its words folded
(no diacritics, lower case) so that "mo hinh dan van" finds "Mô hình dân vận khéo" on any
database collation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.files import stored_name
from thidua.engine.text import fold, sort_key
from thidua.org.models import Cluster, Unit
from thidua.reporting.models import ALLOWED_EVIDENCE_EXTENSIONS


class PracticeKind(models.TextChoices):
    EXEMPLARY_COLLECTIVE = "exemplary_collective", _("Tập thể điển hình tiên tiến")
    EXEMPLARY_PERSON = "exemplary_person", _("Cá nhân điển hình tiên tiến")
    GOOD_MODEL = "good_model", _("Mô hình hay")
    NEW_WAY = "new_way", _("Cách làm mới")


PERSON_KINDS = frozenset({PracticeKind.EXEMPLARY_PERSON})


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Bản nháp (nội bộ)")
    PUBLISHED = "published", _("Đã phổ biến trong cụm")
    PROMOTED = "promoted", _("Nhân rộng đến mọi cụm")


def _user(label: Any) -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Practice(models.Model):
    kind = models.CharField(_("loại"), max_length=30, choices=PracticeKind.choices)
    title = models.CharField(_("tên"), max_length=255)
    description = models.TextField(_("nội dung, cách làm"))
    results = models.TextField(_("kết quả, hiệu quả"), blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="practices"
    )
    person_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    person_rank = models.CharField(_("cấp bậc"), max_length=60, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm thi đua"), on_delete=models.PROTECT, related_name="practices"
    )
    visibility = models.CharField(
        _("phạm vi"), max_length=20, choices=Visibility.choices, default=Visibility.DRAFT
    )
    published_at = models.DateTimeField(_("phổ biến lúc"), null=True, blank=True)
    published_by = _user(_("người phổ biến"))
    promoted_at = models.DateTimeField(_("nhân rộng lúc"), null=True, blank=True)
    promoted_by = _user(_("người nhân rộng"))
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # Bumped by every write; a write that names an older version is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = _user(_("người tạo"))
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = _user(_("người sửa sau cùng"))
    # Kept in step with the texts on save (see the module's docstring).
    search_text = models.TextField(editable=False, default="")
    sort_title = models.CharField(max_length=600, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["search_text", "sort_title"])
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("điển hình, mô hình hay")
        verbose_name_plural = _("điển hình, mô hình hay")
        ordering = ["-year", "sort_title", "id"]
        indexes = [models.Index(fields=["visibility", "year"], name="practice_by_visibility")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        with translation.override("vi"):
            kind = str(PracticeKind(self.kind).label) if self.kind in PracticeKind.values else ""
        unit = self.unit
        words = [
            self.title, kind, self.description, self.results, unit.code, unit.name,
            unit.short_name, self.person_name, self.person_rank, self.person_position,
        ]  # fmt: skip
        self.search_text = fold(" ".join(words))
        self.sort_title = sort_key(self.title)[:600]
        super().save(*args, **kwargs)

    @property
    def is_person(self) -> bool:
        return self.kind in PERSON_KINDS


def practice_file_upload_to(instance: PracticeFile, filename: str) -> str:
    return stored_name(f"practices/{instance.practice_id}", filename, ALLOWED_EVIDENCE_EXTENSIONS)


class PracticeFile(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("điển hình, mô hình"), on_delete=models.CASCADE,
        related_name="files",
    )  # fmt: skip
    file = models.FileField(_("tệp"), upload_to=practice_file_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = _user(_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    history = HistoricalRecords()
    audit_unit_fields = ["practice__unit_id"]

    class Meta:
        verbose_name = _("tệp kèm theo")
        verbose_name_plural = _("tệp kèm theo")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
