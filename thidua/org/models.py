"""Units, their lineage, clusters per year, memberships and the head/deputy roles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.engine.text import fold, sort_key


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ Công an")
    MINISTRY_DEPARTMENT = "ministry_department", _("Đơn vị trực thuộc Bộ (Cục, Bộ Tư lệnh…)")
    PROVINCIAL_POLICE = "provincial_police", _("Công an tỉnh, thành phố")
    PROVINCIAL_SECTION = "provincial_section", _("Phòng thuộc Công an tỉnh")
    DISTRICT_POLICE = "district_police", _("Công an huyện, quận, thị xã")
    COMMUNE_POLICE = "commune_police", _("Công an xã, phường, đặc khu")
    OTHER = "other", _("Khác")


class Unit(models.Model):
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    kind = models.CharField(_("loại"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    is_emulation_office = models.BooleanField(
        _("là cơ quan thường trực thi đua"),
        default=False,
        help_text=_(
            "Cơ quan cấu hình và quản lý các cụm thi đua (ví dụ Cục Công tác chính trị, PX03)."
        ),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # Kept in step with the names on save: diacritic-free search and Vietnamese order that
    # behave the same on SQLite and PostgreSQL.
    search_text = models.CharField(max_length=600, editable=False, db_index=True)
    sort_name = models.CharField(max_length=400, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_text", "sort_name"])

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")
        self.sort_name = sort_key(self.short_name or self.name)[:400]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class LineageKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    DISSOLVE = "dissolve", _("Giải thể")


class LineageEvent(models.Model):
    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=LineageKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("căn cứ (quyết định, nghị quyết)"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    sources = models.ManyToManyField(
        Unit, related_name="lineage_as_source", verbose_name=_("đơn vị trước")
    )
    targets = models.ManyToManyField(
        Unit, related_name="lineage_as_target", verbose_name=_("đơn vị sau"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sự kiện thay đổi tổ chức")
        verbose_name_plural = _("sự kiện thay đổi tổ chức")
        ordering = ["effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class ClusterLevel(models.TextChoices):
    MINISTRY = "ministry", _("Cấp Bộ")
    PROVINCIAL = "provincial", _("Cấp tỉnh")


class Cluster(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("cấp"), max_length=20, choices=ClusterLevel.choices)
    province = models.ForeignKey(
        Unit,
        verbose_name=_("Công an tỉnh (cụm cấp tỉnh)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provincial_clusters",
    )
    number = models.PositiveSmallIntegerField(_("số"))
    name = models.CharField(_("tên cụm"), max_length=255, blank=True)
    managing_office = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan thường trực"),
        on_delete=models.PROTECT,
        related_name="managed_clusters",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cụm thi đua")
        verbose_name_plural = _("cụm thi đua")
        ordering = ["-year", "level", "province_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "level", "province", "number"],
                condition=Q(province__isnull=False),
                name="cluster_unique_number_in_province",
            ),
            models.UniqueConstraint(
                fields=["year", "level", "number"],
                condition=Q(province__isnull=True),
                name="cluster_unique_number_at_ministry",
            ),
            models.CheckConstraint(
                condition=Q(level="ministry", province__isnull=True)
                | Q(level="provincial", province__isnull=False),
                name="cluster_province_matches_level",
            ),
        ]

    def __str__(self) -> str:
        label = _("Cụm thi đua số %(number)s") % {"number": self.number}
        return f"{label} ({self.year})"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class Membership(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("thành viên cụm")
        verbose_name_plural = _("thành viên cụm")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="membership_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.cluster}"


class RoleKind(models.TextChoices):
    HEAD = "head", _("Cụm trưởng")
    DEPUTY = "deputy", _("Cụm phó")


class RoleSource(models.TextChoices):
    HANDOVER = "handover", _("Bàn giao tại hội nghị tổng kết")
    ASSIGNMENT = "assignment", _("Cơ quan thường trực phân công")
    SUCCESSION = "succession", _("Đơn vị kế thừa sau hợp nhất")


class ClusterRole(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_roles")
    role = models.CharField(_("vai trò"), max_length=10, choices=RoleKind.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    source = models.CharField(_("căn cứ"), max_length=20, choices=RoleSource.choices)
    handover = models.ForeignKey(
        "Handover", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("cụm trưởng, cụm phó")
        verbose_name_plural = _("cụm trưởng, cụm phó")
        ordering = ["role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="role_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.unit} ({self.cluster})"


class Handover(models.Model):
    """At a year-end summary, cluster X hands the head and deputy roles for the next year."""

    from_cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="handovers_out", verbose_name=_("cụm")
    )
    to_cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        related_name="handovers_in",
        verbose_name=_("cụm năm sau"),
    )
    head = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cụm trưởng năm sau")
    )
    deputy = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cụm phó năm sau")
    )
    conference_date = models.DateField(_("ngày hội nghị"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bàn giao cụm trưởng, cụm phó")
        verbose_name_plural = _("bàn giao cụm trưởng, cụm phó")
        ordering = ["-conference_date"]
        constraints = [
            models.UniqueConstraint(fields=["from_cluster"], name="one_handover_per_cluster_year")
        ]

    def __str__(self) -> str:
        return f"{self.from_cluster} → {self.head} / {self.deputy}"


class ReassignmentNeeded(models.Model):
    """A head or deputy merged away whose successor is not a member: the office must act."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="reassignments")
    role = models.CharField(max_length=10, choices=RoleKind.choices)
    from_date = models.DateField()
    former_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["from_date"]

    def __str__(self) -> str:
        return f"{self.cluster}: {self.get_role_display()} {self.from_date:%d/%m/%Y}"
