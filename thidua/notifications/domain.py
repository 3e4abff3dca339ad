"""Sending notifications (in the app and by e-mail), reading them, marking them read.

A notification is sent once per recipient and key: `notification_send` skips whoever
already has the key, so periodic senders are idempotent. Texts are given as callables
evaluated in each recipient's language, so the same call writes Vietnamese to one officer
and English to another. E-mails leave after the transaction commits; a mail server that
fails is logged and does not undo the in-app notifications.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from thidua.notifications.models import KEY_LENGTH, TITLE_LENGTH, Notification

logger = logging.getLogger(__name__)

# A text, or a callable giving it in the language active when it is called.
Text = str | Callable[[], str]


def recipient_language(user: Any) -> str:
    """The language to write to the user in: their own choice if the account keeps one,
    otherwise the site's (Vietnamese by default)."""
    supported = {code for code, _name in settings.LANGUAGES}
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def _render(text: Text) -> str:
    return text() if callable(text) else str(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@transaction.atomic
def notification_send(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: Text,
    body: Text = "",
    url: str = "",
    key: str,
    email: bool = True,
) -> list[Notification]:
    """Notify each active recipient who has not yet had `key`; the new notifications.

    With `email`, each new notification is also e-mailed (to recipients with an address),
    in the recipient's language, once the transaction commits.
    """
    key = key.strip()
    if not key or len(key) > KEY_LENGTH:
        raise ValueError(f"A notification key is 1 to {KEY_LENGTH} characters, not {key!r}.")
    people = {p.pk: p for p in recipients if p.is_active}
    already = set(
        Notification.objects.filter(recipient_id__in=people, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    texts: dict[str, tuple[str, str]] = {}
    created: list[tuple[Notification, str]] = []
    for person in people.values():
        if person.pk in already:
            continue
        language = recipient_language(person)
        if language not in texts:
            with translation.override(language):
                texts[language] = (
                    Truncator(_one_line(_render(title))).chars(TITLE_LENGTH),
                    _render(body).strip(),
                )
        subject, text = texts[language]
        # A concurrent run may create the same row: get_or_create settles it on the
        # unique (recipient, key) constraint inside its own savepoint.
        notification, made = Notification.objects.get_or_create(
            recipient=person,
            key=key,
            defaults={"kind": kind, "title": subject, "body": text, "url": url},
        )
        if made:
            created.append((notification, language))
    if email:
        messages = [_email(n, language) for n, language in created if n.recipient.email]
        if messages:
            transaction.on_commit(_delivery(messages))
    return [n for n, _language in created]


def _email(notification: Notification, language: str) -> EmailMessage:
    with translation.override(language):
        lines = [notification.body] if notification.body else []
        if notification.url:
            lines.append(_("Xem chi tiết: %(url)s") % {"url": settings.SITE_URL + notification.url})
        lines.append(_("Thư gửi tự động từ hệ thống Thi Đua, xin đừng trả lời thư này."))
    return EmailMessage(
        subject=f"[Thi Đua] {notification.title}",
        body="\n\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def _delivery(messages: list[EmailMessage]) -> Callable[[], None]:
    def deliver() -> None:
        # The notifications are committed: a mail server that fails must not undo them.
        try:
            get_connection().send_messages(messages)
        except Exception:
            logger.exception("notifications: %s e-mail(s) not sent", len(messages))
        else:
            logger.info("notifications: %s e-mail(s) sent", len(messages))

    return deliver


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: Any) -> Notification:
    if notification.recipient_id != by.pk:
        raise PermissionDenied(_("Bạn chỉ đánh dấu được thông báo gửi cho chính mình."))
    if notification.read_at is None:
        now = timezone.now()
        # Only an unread row changes: reading twice keeps the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by: Any) -> int:
    """Mark every unread notification of the user read; how many there were."""
    return Notification.objects.filter(recipient_id=by.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# ---------------------------------------------------------------------------------------
# Reads


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's notifications: unread first, then the newest."""
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .annotate(
            read_rank=Case(
                When(read_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("read_rank", "-created_at", "-id")
    )


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
