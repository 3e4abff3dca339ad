"""Movements, the indicator library, covenants with their criteria tree, targets, signatures.

A target is stored as the engine's versioned dict (thidua.engine.targets.target_to_dict),
measure included: a signed covenant keeps the wording it was signed with even if the
indicator library is edited later.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.org.models import Cluster, Unit


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên (hằng năm)")
    THEMATIC = "thematic", _("Chuyên đề")
    PEAK = "peak", _("Đợt thi đua cao điểm")


class Movement(models.Model):
    name = models.CharField(_("tên phong trào"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=MovementKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định phát động"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_file = models.FileField(
        _("tệp quyết định"), upload_to="movements/%Y/", blank=True, max_length=255
    )
    launched_by = models.ForeignKey(
        Unit, verbose_name=_("đơn vị phát động"), null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.TextField(_("nội dung"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="movement_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Indicator(models.Model):
    """A reusable measure: "tỷ lệ điều tra, khám phá án" means the same in every cluster."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255)
    unit_vi = models.CharField(_("đơn vị tính"), max_length=30)
    unit_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=30)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    numerator_vi = models.CharField(_("tử số"), max_length=255, blank=True)
    numerator_en = models.CharField(_("tử số (tiếng Anh)"), max_length=255, blank=True)
    denominator_vi = models.CharField(_("mẫu số"), max_length=255, blank=True)
    denominator_en = models.CharField(_("mẫu số (tiếng Anh)"), max_length=255, blank=True)
    short_vi = models.CharField(_("tên ngắn trong nhóm"), max_length=120, blank=True)
    short_en = models.CharField(_("tên ngắn (tiếng Anh)"), max_length=120, blank=True)
    coverage_vi = models.CharField(_("cụm từ “100% …”"), max_length=255, blank=True)
    coverage_en = models.CharField(_("cụm từ “100% …” (tiếng Anh)"), max_length=255, blank=True)
    event_vi = models.CharField(_("cụm từ “Không để xảy ra …”"), max_length=255, blank=True)
    event_en = models.CharField(
        _("cụm từ “Không để xảy ra …” (tiếng Anh)"), max_length=255, blank=True
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("thư viện chỉ số")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_vi

    @property
    def is_rate(self) -> bool:
        return bool(self.numerator_vi)


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang ký")
    SIGNED = "signed", _("Đã ký đủ")
    IN_FORCE = "in_force", _("Có hiệu lực")


class Covenant(models.Model):
    cluster = models.OneToOneField(
        Cluster, verbose_name=_("cụm thi đua"), on_delete=models.PROTECT, related_name="covenant"
    )
    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="covenants"
    )
    theme = models.TextField(_("chủ đề, khẩu hiệu"), blank=True)
    signing_date = models.DateField(_("ngày ký"), null=True, blank=True)
    signing_place = models.CharField(_("địa điểm ký"), max_length=255, blank=True)
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đăng cai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_covenants",
    )
    scale = models.DecimalField(
        _("thang điểm"), max_digits=8, decimal_places=2, default=Decimal(1000)
    )
    tie_break = models.CharField(
        _("quy tắc xếp hạng khi bằng điểm"), max_length=120, default="default"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    created_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # Bumped on every change of the covenant or its tree; a stale form is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-cluster__year", "cluster__number"]

    def __str__(self) -> str:
        return _("Giao ước %(cluster)s") % {"cluster": self.cluster}

    @property
    def year(self) -> int:
        return self.cluster.year


class CriterionKind(models.TextChoices):
    GROUP = "group", _("Nhóm tiêu chí")
    QUANTITATIVE = "quantitative", _("Định lượng")
    QUALITATIVE = "qualitative", _("Định tính")
    DIRECT = "direct", _("Chấm thẳng")
    BONUS_PENALTY = "bonus_penalty", _("Cộng, trừ điểm")
    RANK_POINTS = "rank_points", _("Điểm theo thứ hạng")


class Criterion(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    title = models.TextField(_("nội dung"))
    kind = models.CharField(_("loại"), max_length=20, choices=CriterionKind.choices)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    # Kind-specific settings: points per occurrence; bonus/penalty items; the rank table.
    settings = models.JSONField(_("thiết lập"), default=dict, blank=True)
    # The target assigned to every unit unless a UnitTarget says otherwise (engine dict).
    target = models.JSONField(_("chỉ tiêu chung"), null=True, blank=True)
    indicators = models.ManyToManyField(
        Indicator, through="CriterionIndicator", related_name="criteria", blank=True
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["covenant_id", "parent_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_points_positive")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}"


class CriterionIndicator(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    part = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["part"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "part"], name="one_indicator_per_part")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}/{self.part}: {self.indicator_id}"


class UnitTarget(models.Model):
    """A unit's own target on a criterion, or the record that it has none (target = null)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="unit_targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="targets")
    target = models.JSONField(_("chỉ tiêu"), null=True, blank=True)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("chỉ tiêu của đơn vị")
        verbose_name_plural = _("chỉ tiêu của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "unit"], name="one_target_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} – {self.unit}"


class Signature(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="signatures")
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    signed_on = models.DateField(_("ngày ký"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        ordering = ["unit__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "unit"], name="one_signature_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.signer_name}"
