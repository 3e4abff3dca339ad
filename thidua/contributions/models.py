"""Shared funds and charity of a cluster-year (DOMAIN.md §1.4): e.g. Cụm 2 in 2024, 150
million VND from its five units to build a house for an officer in hardship.

A fund has a purpose, a beneficiary, an optional target and an optional default pledge per
unit; each member unit's pledge records what it promised and what it paid, with the
receipt. Amounts are whole đồng (VND has no smaller unit), Decimal with no places. A
fund and a pledge each carry a `version` checked on every write.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.files import stored_name
from thidua.org.models import Cluster, Unit
from thidua.reporting.models import ALLOWED_EVIDENCE_EXTENSIONS

# 15 digits: up to 999.999.999.999.999 đ, far beyond any cluster's fund.
MONEY_DIGITS = 15


def money(label: Any, **kwargs: Any) -> Any:
    return models.DecimalField(label, max_digits=MONEY_DIGITS, decimal_places=0, **kwargs)


def _user(label: Any) -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class FundStatus(models.TextChoices):
    OPEN = "open", _("Đang đóng góp")
    CLOSED = "closed", _("Đã kết thúc")


class Fund(models.Model):
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm thi đua"), on_delete=models.PROTECT, related_name="funds"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("mục đích"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    beneficiary_name = models.CharField(_("người, nơi thụ hưởng"), max_length=255, blank=True)
    beneficiary_rank = models.CharField(_("cấp bậc"), max_length=60, blank=True)
    beneficiary_position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    beneficiary_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị của người thụ hưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_amount = money(_("tổng số cần đóng góp (đồng)"), null=True, blank=True)
    default_pledge = money(_("mức đóng góp mỗi đơn vị (đồng)"), null=True, blank=True)
    opened_on = models.DateField(_("ngày phát động"))
    due_on = models.DateField(_("hạn nộp"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FundStatus.choices, default=FundStatus.OPEN
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = _user(_("người tạo"))
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = _user(_("người sửa sau cùng"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khoản đóng góp")
        verbose_name_plural = _("khoản đóng góp")
        ordering = ["-year", "cluster__number", "opened_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_amount__isnull=True) | Q(target_amount__gte=0),
                name="fund_target_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(default_pledge__isnull=True) | Q(default_pledge__gte=0),
                name="fund_default_pledge_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("opened_on")),
                name="fund_due_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="fund_closed_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == FundStatus.OPEN


def receipt_upload_to(instance: Pledge, filename: str) -> str:
    return stored_name(f"contributions/{instance.fund_id}", filename, ALLOWED_EVIDENCE_EXTENSIONS)


class Pledge(models.Model):
    """A member unit's part of a fund: what it promised, what it paid, the receipt."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("khoản đóng góp"), on_delete=models.CASCADE, related_name="pledges"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="pledges"
    )
    pledged = money(_("số cam kết (đồng)"), default=0)
    paid = money(_("số đã nộp (đồng)"), default=0)
    paid_on = models.DateField(_("ngày nộp"), null=True, blank=True)
    receipt = models.FileField(
        _("chứng từ"), upload_to=receipt_upload_to, max_length=255, blank=True
    )
    receipt_name = models.CharField(_("tên tệp chứng từ"), max_length=255, blank=True)
    receipt_type = models.CharField(_("kiểu nội dung"), max_length=100, blank=True)
    receipt_size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    updated_by = _user(_("người sửa sau cùng"))

    history = HistoricalRecords()
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("phần đóng góp của đơn vị")
        verbose_name_plural = _("phần đóng góp của đơn vị")
        ordering = ["fund_id", "unit__sort_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "unit"], name="one_pledge_per_unit_and_fund"),
            models.CheckConstraint(condition=Q(pledged__gte=0), name="pledge_not_negative"),
            models.CheckConstraint(condition=Q(paid__gte=0), name="payment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.fund}"

    @property
    def outstanding(self) -> Any:
        """What the unit still owes (never negative: an overpayment covers nobody else)."""
        return max(self.pledged - self.paid, 0)

    @property
    def has_payment(self) -> bool:
        """Something was paid or a receipt kept: the row is then part of the record."""
        return bool(self.paid > 0 or self.receipt)

    @property
    def overpaid(self) -> Any:
        return max(self.paid - self.pledged, 0)
