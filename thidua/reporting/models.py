"""Periodic reporting (DOMAIN.md §6): periods of a covenant, a unit's report per period,
its figures per quantitative criterion, and evidence files.

A report is the unit of the workflow (draft → submitted → returned / approved → locked) and
of concurrency (`version`); figures belong to a report and change only while it is a draft
or returned. Every figure names the indicator of its part, so that a later year finds it
as a baseline whatever the covenant, the criterion or the cluster (DOMAIN.md §3).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.files import stored_name
from thidua.covenants.models import Covenant, Criterion, Indicator
from thidua.org.models import Membership, Unit

# Figures are counts and numerators/denominators: 14 digits before the point hold any
# realistic count (or an amount in đồng), 4 after it any share of a whole one.
FIGURE_DIGITS = 18
FIGURE_PLACES = 4


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng (sơ kết)")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm (tổng kết)")


# (kind, index) → first and last month covered; the cumulative periods start in January.
def months_of(kind: str, index: int) -> tuple[int, int]:
    if kind == PeriodKind.MONTH and 1 <= index <= 12:
        return index, index
    if kind == PeriodKind.QUARTER and 1 <= index <= 4:
        return 3 * index - 2, 3 * index
    if index == 1 and kind == PeriodKind.HALF_YEAR:
        return 1, 6
    if index == 1 and kind == PeriodKind.NINE_MONTHS:
        return 1, 9
    if index == 1 and kind == PeriodKind.YEAR:
        return 1, 12
    raise ValueError(f"No period {kind!r} number {index}.")


# Every (kind, index) of a year, in the order periods are listed.
PERIOD_SHAPES: tuple[tuple[str, int], ...] = (
    *((PeriodKind.MONTH.value, m) for m in range(1, 13)),
    *((PeriodKind.QUARTER.value, q) for q in range(1, 5)),
    (PeriodKind.HALF_YEAR.value, 1),
    (PeriodKind.NINE_MONTHS.value, 1),
    (PeriodKind.YEAR.value, 1),
)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Period(models.Model):
    covenant = models.ForeignKey(
        Covenant, verbose_name=_("giao ước"), on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodKind.choices)
    index = models.PositiveSmallIntegerField(_("số thứ tự trong năm"))
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn nộp báo cáo"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        # Month 3, then quarter I, then (for June) the 6 months: shortest first per end.
        ordering = ["covenant_id", "end", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "kind", "index"], name="one_period_per_kind_and_index"
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def first_month(self) -> int:
        return months_of(self.kind, self.index)[0]

    @property
    def last_month(self) -> int:
        return months_of(self.kind, self.index)[1]

    @property
    def final_month_start(self) -> dt.date:
        """The first day of the period's last month: who is a member then must report."""
        return dt.date(self.end.year, self.end.month, 1)

    def expects(self, start: dt.date, end: dt.date) -> bool:
        """A membership from `start` to `end` covers the last month: the unit must report."""
        return start <= self.end and end >= self.final_month_start

    def expected_memberships(self) -> models.QuerySet[Membership]:
        """The memberships of the units that must report for the period (see `expects`)."""
        return Membership.objects.filter(
            cluster_id=self.covenant.cluster_id,
            start_date__lte=self.end,
            end_date__gte=self.final_month_start,
        )

    @property
    def label(self) -> str:
        return period_label(self.kind, self.index, self.year)


def period_label(kind: str, index: int, year: int) -> str:
    if kind == PeriodKind.MONTH:
        return gettext("Tháng %(month)s/%(year)s") % {"month": index, "year": year}
    if kind == PeriodKind.QUARTER:
        return gettext("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[index], "year": year}
    if kind == PeriodKind.HALF_YEAR:
        return gettext("6 tháng đầu năm %(year)s") % {"year": year}
    if kind == PeriodKind.NINE_MONTHS:
        return gettext("9 tháng năm %(year)s") % {"year": year}
    return gettext("Năm %(year)s") % {"year": year}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")
    LOCKED = "locked", _("Đã khóa")


EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
# What counts as the unit's official figures: baselines and evaluations read only these.
OFFICIAL_STATUSES = frozenset({ReportStatus.APPROVED, ReportStatus.LOCKED})
DONE_STATUSES = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.LOCKED})


class Report(models.Model):
    """A unit's report for a period."""

    period = models.ForeignKey(
        Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="period_reports"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Bumped by every write; a write that names an older version is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    return_reason = models.TextField(_("lý do trả lại, mở lại"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt hoặc trả lại lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa sau cùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["period__end", "-period__start", "unit__sort_name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_report_per_unit_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


def _figure_field(label: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        label, max_digits=FIGURE_DIGITS, decimal_places=FIGURE_PLACES, null=True, blank=True
    )


def _figure_constraints(prefix: str) -> list[models.BaseConstraint]:
    """A count, or a numerator with its denominator, never both; no negatives; n ≤ d."""
    value, numerator, denominator = f"{prefix}value", f"{prefix}numerator", f"{prefix}denominator"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{value}__isnull": True}) | Q(**{f"{value}__gte": 0}),
            name=f"figure_{prefix}value_not_negative",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{numerator}__isnull": True, f"{denominator}__isnull": True})
            | Q(
                **{
                    f"{numerator}__isnull": False,
                    f"{denominator}__isnull": False,
                    f"{numerator}__gte": 0,
                    f"{numerator}__lte": F(denominator),
                }
            ),
            name=f"figure_{prefix}rate_complete_and_in_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{value}__isnull": True}) | Q(**{f"{numerator}__isnull": True}),
            name=f"figure_{prefix}count_or_rate",
        ),
    ]


class Figure(models.Model):
    """The actual value of one measure (part) of a quantitative criterion in a report.

    A count has `value`; a rate has `numerator` and `denominator`. The `baseline_*` fields
    hold a baseline typed in by the unit, used only when the baseline year has no figures
    in the system.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="figures"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí"),
        on_delete=models.PROTECT,
        related_name="report_figures",
    )
    part = models.PositiveSmallIntegerField(_("chỉ số thứ"), default=0)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_figures",
    )
    value = _figure_field(_("số lượng"))
    numerator = _figure_field(_("tử số"))
    denominator = _figure_field(_("mẫu số"))
    baseline_value = _figure_field(_("số lượng kỳ so sánh (nhập tay)"))
    baseline_numerator = _figure_field(_("tử số kỳ so sánh (nhập tay)"))
    baseline_denominator = _figure_field(_("mẫu số kỳ so sánh (nhập tay)"))
    comment = models.TextField(_("ghi chú, giải trình"), blank=True)

    history = HistoricalRecords()
    audit_unit_fields = ["report__unit_id"]

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        ordering = ["report_id", "criterion_id", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criterion", "part"], name="one_figure_per_report_measure"
            ),
            *_figure_constraints(""),
            *_figure_constraints("baseline_"),
        ]
        indexes = [models.Index(fields=["indicator", "report"], name="figure_by_indicator")]

    def __str__(self) -> str:
        return f"{self.report} / {self.criterion.code}#{self.part}"


ALLOWED_EVIDENCE_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "zip"}
)


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return stored_name(
        f"reporting/evidence/{instance.report_id}", filename, ALLOWED_EVIDENCE_EXTENSIONS
    )


class Evidence(models.Model):
    """A file backing a report (or one criterion in it). Upload pages come later."""

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_evidence",
    )
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
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
    audit_unit_fields = ["report__unit_id"]

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
