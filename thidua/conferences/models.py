"""The conferences of a cluster-year (DOMAIN.md §1): covenant signing, mid-year review,
year-end summary, exchanges and study visits; who chaired and who attended; the minutes and
photos; and what was decided there (the covenant signed, the vote held, the handover made).

A conference is the unit of concurrency (`version`): its guests, files and outcomes change
only through it, so one stale page never overwrites another person's change.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.files import stored_name
from thidua.covenants.models import Covenant
from thidua.org.models import Cluster, Handover, Unit
from thidua.voting.models import Vote


class ConferenceKind(models.TextChoices):
    SIGNING = "signing", _("Hội nghị ký giao ước thi đua")
    MID_YEAR = "mid_year", _("Hội nghị sơ kết")
    YEAR_END = "year_end", _("Hội nghị tổng kết")
    EXCHANGE = "exchange", _("Giao lưu")
    STUDY_VISIT = "study_visit", _("Học tập kinh nghiệm")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    HELD = "held", _("Đã tổ chức")


def person_line(*, rank: str, name: str, position: str, organisation: str = "") -> str:
    """ "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng …": how a report names
    a person. Parts left blank are left out."""
    who = " ".join(part for part in (rank.strip(), name.strip()) if part)
    role = " ".join(part for part in (position.strip(), organisation.strip()) if part)
    if who and role:
        return f"{who}, {role}"
    return who or role


class Conference(models.Model):
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm thi đua"), on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=ConferenceKind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=255)
    date = models.DateField(_("ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đăng cai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
    )
    chair_rank = models.CharField(_("cấp hàm người chủ trì"), max_length=60, blank=True)
    chair_name = models.CharField(_("họ tên người chủ trì"), max_length=150, blank=True)
    chair_position = models.CharField(_("chức vụ người chủ trì"), max_length=255, blank=True)
    chair_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = models.TextField(_("chương trình"), blank=True)
    minutes = models.TextField(_("nội dung, kết luận"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    # Bumped by every write to the conference, its guests, files or outcomes.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    audit_unit_fields = ["host_unit_id"]

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="conference_dates_in_order",
            )
        ]
        indexes = [models.Index(fields=["cluster", "date"], name="conference_by_cluster_day")]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.cluster.year

    @property
    def is_held(self) -> bool:
        return self.status == ConferenceStatus.HELD

    @property
    def chair_line(self) -> str:
        return person_line(rank=self.chair_rank, name=self.chair_name, position=self.chair_position)

    @property
    def agenda_items(self) -> list[str]:
        """The agenda, one item a line."""
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.date


class Guest(models.Model):
    """A delegate or guest of honour, as the report names them (rank, name, position)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="guests")
    rank = models.CharField(_("cấp hàm"), max_length=60, blank=True)
    name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đại biểu, khách mời")
        verbose_name_plural = _("đại biểu, khách mời")
        ordering = ["conference_id", "order", "id"]

    def __str__(self) -> str:
        return self.line

    @property
    def line(self) -> str:
        return person_line(
            rank=self.rank, name=self.name, position=self.position, organisation=self.organisation
        )


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", _("Biên bản")
    PHOTO = "photo", _("Ảnh")
    OTHER = "other", _("Tài liệu khác")


ALLOWED_ATTACHMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "jpg", "jpeg", "png"})
PHOTO_EXTENSIONS = frozenset({"jpg", "jpeg", "png"})


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    return stored_name(
        f"conferences/{instance.conference_id}", filename, ALLOWED_ATTACHMENT_EXTENSIONS
    )


class Attachment(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tệp"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp của hội nghị")
        verbose_name_plural = _("tệp của hội nghị")
        ordering = ["conference_id", "kind", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class OutcomeKind(models.TextChoices):
    COVENANT_SIGNED = "covenant_signed", _("Ký giao ước thi đua")
    VOTE_HELD = "vote_held", _("Bỏ phiếu suy tôn, bình xét")
    HANDOVER_MADE = "handover_made", _("Bàn giao Cụm trưởng, Cụm phó")


class Outcome(models.Model):
    """What the conference decided, as a link to the record of it in its own app.

    A record is decided at one conference only; the link goes with the record if that is
    ever deleted (its history row remains).
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("loại kết quả"), max_length=20, choices=OutcomeKind.choices)
    covenant = models.ForeignKey(
        Covenant,
        verbose_name=_("giao ước"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conference_outcomes",
    )
    vote = models.ForeignKey(
        Vote,
        verbose_name=_("cuộc bỏ phiếu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conference_outcomes",
    )
    handover = models.ForeignKey(
        Handover,
        verbose_name=_("bàn giao"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conference_outcomes",
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả hội nghị")
        verbose_name_plural = _("kết quả hội nghị")
        ordering = ["conference_id", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind="covenant_signed",
                    covenant__isnull=False,
                    vote__isnull=True,
                    handover__isnull=True,
                )
                | Q(
                    kind="vote_held",
                    covenant__isnull=True,
                    vote__isnull=False,
                    handover__isnull=True,
                )
                | Q(
                    kind="handover_made",
                    covenant__isnull=True,
                    vote__isnull=True,
                    handover__isnull=False,
                ),
                name="outcome_links_one_record_of_its_kind",
            ),
            models.UniqueConstraint(
                fields=["covenant"],
                condition=Q(covenant__isnull=False),
                name="covenant_signed_at_one_conference",
            ),
            models.UniqueConstraint(
                fields=["vote"], condition=Q(vote__isnull=False), name="vote_held_at_one_conference"
            ),
            models.UniqueConstraint(
                fields=["handover"],
                condition=Q(handover__isnull=False),
                name="handover_made_at_one_conference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.record}"

    @property
    def record(self) -> Covenant | Vote | Handover | None:
        return self.covenant or self.vote or self.handover
