"""Titles and commendations (DOMAIN.md §8): the catalogue, awards, proposals.

- `Title`: the catalogue of emulation titles and forms of commendation, with the level
  that grants each. Seeded by a data migration; editable by administrators and the
  Ministry's emulation office.
- `Award`: a title granted to a unit, or to a person of a unit, by a decision (number,
  date, authority) for a given year, with the decision's file.
- `Proposal` (hồ sơ đề nghị): proposed → submitted to the council → granted (its Award)
  or not granted (a reason). The vote's results arrive here as proposals
  (`vote_proposal`, docs/awards.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.files import stored_name
from thidua.org.models import Cluster, Unit

# Kinds of decision files accepted: documents and scans.
DECISION_FILE_EXTENSIONS = frozenset({"pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"})


class TitleKind(models.TextChoices):
    COLLECTIVE = "collective", _("Danh hiệu thi đua tập thể")
    INDIVIDUAL = "individual", _("Danh hiệu thi đua cá nhân")
    COMMENDATION = "commendation", _("Hình thức khen thưởng")


class TitleRecipient(models.TextChoices):
    UNIT = "unit", _("Tập thể (đơn vị)")
    PERSON = "person", _("Cá nhân")
    ANY = "any", _("Tập thể hoặc cá nhân")


class GrantingLevel(models.TextChoices):
    STATE = "state", _("Chủ tịch nước")
    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    MINISTER = "minister", _("Bộ trưởng Bộ Công an")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị (Cục trưởng, Giám đốc Công an tỉnh)")
    OTHER = "other", _("Cấp khác")


class Recipient(models.TextChoices):
    UNIT = "unit", _("Tập thể")
    PERSON = "person", _("Cá nhân")


class RecipientLabels:
    """How an award or a proposal names who it is for (a unit, or a person of a unit)."""

    recipient: str
    person_name: str
    person_rank: str
    person_position: str
    unit: Unit

    @property
    def is_personal(self) -> bool:
        return self.recipient == Recipient.PERSON

    @property
    def person_label(self) -> str:
        """The person as documents write one: "Thượng tá Nguyễn Văn An, Trưởng phòng"."""
        name = " ".join(part for part in (self.person_rank, self.person_name) if part)
        return f"{name}, {self.person_position}" if self.person_position else name

    @property
    def recipient_label(self) -> str:
        if self.is_personal:
            return f"{self.person_label} ({self.unit})"
        return str(self.unit)


class Title(models.Model):
    """A title or form of commendation of the catalogue."""

    # Stable key: the vote's title codes ("gov", "min") name catalogue entries.
    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên danh hiệu, hình thức"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=TitleKind.choices)
    recipient = models.CharField(_("tặng cho"), max_length=10, choices=TitleRecipient.choices)
    level = models.CharField(_("cấp quyết định"), max_length=20, choices=GrantingLevel.choices)
    authority = models.CharField(
        _("người, cơ quan quyết định"),
        max_length=255,
        blank=True,
        help_text=_("Ghi trên quyết định, ví dụ “Thủ tướng Chính phủ”; để trống: theo cấp."),
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def granting_authority(self) -> str:
        return self.authority or str(self.get_level_display())

    def accepts(self, recipient: str) -> bool:
        return self.recipient in (TitleRecipient.ANY, recipient)


def decision_upload_to(instance: Award, filename: str) -> str:
    return stored_name("awards/decisions", filename, DECISION_FILE_EXTENSIONS)


class Award(RecipientLabels, models.Model):
    """A title granted by a decision, to a unit or to a person of a unit, for a year."""

    title = models.ForeignKey(
        Title,
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    recipient = models.CharField(_("khen thưởng cho"), max_length=10, choices=Recipient.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="awards",
        help_text=_("Đơn vị được khen, hoặc đơn vị công tác của cá nhân."),
    )
    person_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    person_rank = models.CharField(_("cấp bậc"), max_length=60, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    granting_authority = models.CharField(_("cấp quyết định"), max_length=255)
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cụm thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    decision_file = models.FileField(
        _("tệp quyết định"), upload_to=decision_upload_to, max_length=255, blank=True
    )
    file_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    file_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(_("dung lượng tệp (byte)"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept in step on save: diacritic-free search on the person and the decision.
    search_text = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "title__order", "unit__sort_name", "person_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient="unit", person_name="")
                | (Q(recipient="person") & ~Q(person_name="")),
                name="award_person_named_only_for_a_person",
            ),
        ]
        indexes = [models.Index(fields=["year", "cluster"], name="award_by_year_cluster")]

    def __str__(self) -> str:
        return f"{self.title}: {self.recipient_label} ({self.year})"

    def save(self, *args: object, **kwargs: object) -> None:
        from thidua.engine.text import fold

        self.search_text = fold(
            f"{self.person_name} {self.person_rank} {self.person_position} {self.decision_number}"
        )[:600]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    SUBMITTED = "submitted", _("Đã trình Hội đồng")
    GRANTED = "granted", _("Được khen thưởng")
    NOT_GRANTED = "not_granted", _("Không được khen thưởng")


OPEN_PROPOSAL_STATUSES = frozenset({ProposalStatus.PROPOSED, ProposalStatus.SUBMITTED})


class ProposalSource(models.TextChoices):
    MANUAL = "manual", _("Hồ sơ do cụm, đơn vị lập")
    VOTE = "vote", _("Kết quả bỏ phiếu bình xét")


class Proposal(RecipientLabels, models.Model):
    """A cluster's proposal of a title for a unit or one of its people, for a year."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm thi đua"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.ForeignKey(
        Title,
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    recipient = models.CharField(_("đề nghị cho"), max_length=10, choices=Recipient.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="proposals"
    )
    person_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    person_rank = models.CharField(_("cấp bậc"), max_length=60, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    proposed_at = models.DateField(_("ngày đề nghị"))
    achievements = models.TextField(_("tóm tắt thành tích"), blank=True)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ProposalSource.choices, default=ProposalSource.MANUAL
    )
    # The vote's result this proposal carries (thidua.voting keeps the count; not copied).
    vote_proposal = models.OneToOneField(
        "voting.AwardProposal",
        verbose_name=_("kết quả bỏ phiếu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_proposal",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    submitted_at = models.DateField(_("ngày trình Hội đồng"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("ghi nhận kết quả lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    award = models.OneToOneField(
        Award,
        verbose_name=_("khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal",
    )
    refusal_reason = models.TextField(_("lý do không được khen thưởng"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-year", "title__order", "unit__sort_name", "person_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient="unit", person_name="")
                | (Q(recipient="person") & ~Q(person_name="")),
                name="proposal_person_named_only_for_a_person",
            ),
            models.CheckConstraint(
                condition=Q(status="granted", award__isnull=False)
                | (~Q(status="granted") & Q(award__isnull=True)),
                name="proposal_award_iff_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.recipient_label} ({self.year})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROPOSAL_STATUSES
