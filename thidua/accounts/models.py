"""People who sign in. Their unit and role come with the organisation registry."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserRole(models.TextChoices):
    OFFICER = "officer", _("Cán bộ thi đua, khen thưởng")
    LEADER = "leader", _("Lãnh đạo đơn vị")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    rank = models.CharField(_("cấp bậc"), max_length=60, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    # What the user may do follows from the unit: its clusters, whether it heads one this
    # year, whether it is an emulation office. Administrators need no unit.
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(
        _("vai trò"), max_length=20, choices=UserRole.choices, default=UserRole.OFFICER
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    audit_unit_fields = ["unit_id"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
