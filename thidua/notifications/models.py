"""In-app notifications, one row per recipient (the e-mail, if any, is sent alongside).

`key` names what the notification is about (e.g. a report's deadline at one stage): a
recipient has at most one notification per key, so a sender may run as often as it likes
and nobody is told the same thing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_LENGTH = 255
KEY_LENGTH = 200


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Defined by the sending app (e.g. "report_due"); the notifications app never interprets it.
    kind = models.CharField(_("loại"), max_length=50)
    title = models.CharField(_("tiêu đề"), max_length=TITLE_LENGTH)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(_("khóa chống gửi trùng"), max_length=KEY_LENGTH)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="one_notification_per_recipient_and_key"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
