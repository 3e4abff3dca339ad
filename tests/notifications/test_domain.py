"""Sending notifications once per key, in the recipient's language, and marking them read."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext as _

from tests.factories import UserFactory
from thidua.notifications import domain
from thidua.notifications.models import Notification

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("connection refused")


def _send(recipients: list[Any], key: str = "k1", **kwargs: Any) -> list[Notification]:
    return domain.notification_send(
        recipients=recipients,
        kind=kwargs.pop("kind", "test"),
        title=kwargs.pop("title", "Nhắc hạn nộp báo cáo"),
        body=kwargs.pop("body", "Còn 7 ngày."),
        url=kwargs.pop("url", "/reports/1/"),
        key=key,
        **kwargs,
    )


def test_it_notifies_each_recipient_in_the_app_and_by_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second = UserFactory(username="a"), UserFactory(username="b")

    with django_capture_on_commit_callbacks(execute=True):
        sent = _send([first, second])

    assert sorted(n.recipient.username for n in sent) == ["a", "b"]
    assert Notification.objects.filter(key="k1").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.test", "b@example.test"]
    message = mail.outbox[0]
    assert message.subject == "[Thi Đua] Nhắc hạn nộp báo cáo"
    assert "Còn 7 ngày." in message.body
    assert "http://localhost:8000/reports/1/" in message.body


def test_it_sends_nothing_twice_for_the_same_key(django_capture_on_commit_callbacks: Any) -> None:
    officer = UserFactory(username="a")
    with django_capture_on_commit_callbacks(execute=True):
        _send([officer])

    with django_capture_on_commit_callbacks(execute=True):
        again = _send([officer])
        other_key = _send([officer], key="k2")

    assert again == []
    assert len(other_key) == 1
    assert Notification.objects.filter(recipient=officer).count() == 2
    assert len(mail.outbox) == 2


def test_it_notifies_only_those_who_lack_the_key(django_capture_on_commit_callbacks: Any) -> None:
    first, second = UserFactory(username="a"), UserFactory(username="b")
    _send([first])

    with django_capture_on_commit_callbacks(execute=True):
        sent = _send([first, second])

    assert [n.recipient for n in sent] == [second]
    assert [m.to for m in mail.outbox] == [["b@example.test"]]


def test_it_skips_inactive_users_and_mails_only_those_with_an_address(
    django_capture_on_commit_callbacks: Any,
) -> None:
    gone = UserFactory(username="gone", is_active=False)
    silent = UserFactory(username="silent", email="")

    with django_capture_on_commit_callbacks(execute=True):
        sent = _send([gone, silent])

    assert [n.recipient for n in sent] == [silent]
    assert mail.outbox == []


def test_it_sends_no_email_when_told_not_to(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send([UserFactory(username="a")], email=False)

    assert len(sent) == 1
    assert mail.outbox == []


def test_it_mails_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send([UserFactory(username="a")])

        assert mail.outbox == []

    assert len(callbacks) == 1


def test_it_keeps_the_notification_when_the_mail_server_fails(
    settings: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_domain.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        sent = _send([UserFactory(username="a")])

    assert Notification.objects.filter(pk=sent[0].pk).exists()
    assert "connection refused" in caplog.text


def test_it_writes_in_each_recipients_language(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    vietnamese = UserFactory(username="vi")
    english = UserFactory(username="en")
    english.language = "en"  # an account that keeps its own choice

    def title() -> str:
        return _("Tháng %(month)s/%(year)s") % {"month": 3, "year": 2024}

    with django_capture_on_commit_callbacks(execute=True):
        _send([vietnamese, english], title=title, body=title)

    titles = dict(Notification.objects.values_list("recipient__username", "title"))
    assert titles == {"vi": "Tháng 3/2024", "en": "Month 3/2024"}
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "vi@example.test": "[Thi Đua] Tháng 3/2024",
        "en@example.test": "[Thi Đua] Month 3/2024",
    }
    english_mail = next(m for m in mail.outbox if m.to == ["en@example.test"])
    assert english_mail.body.startswith("Month 3/2024")


def test_it_writes_in_the_sites_language_by_default(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LANGUAGE_CODE = "en"

    def title() -> str:
        return _("Tháng %(month)s/%(year)s") % {"month": 3, "year": 2024}

    with django_capture_on_commit_callbacks(execute=True):
        _send([UserFactory(username="a")], title=title)

    assert mail.outbox[0].subject == "[Thi Đua] Month 3/2024"


@pytest.mark.parametrize("key", ["", "   ", "x" * 201])
def test_it_refuses_a_key_that_cannot_deduplicate(key: str) -> None:
    with pytest.raises(ValueError, match="notification key"):
        _send([UserFactory(username="a")], key=key)


def test_it_keeps_a_long_title_on_one_line_within_the_column() -> None:
    sent = _send([UserFactory(username="a")], title="Dòng một\nDòng hai " + "x" * 300)

    assert "\n" not in sent[0].title
    assert len(sent[0].title) == 255


def test_it_marks_a_notification_read_once() -> None:
    officer = UserFactory(username="a")
    notification = _send([officer])[0]

    first = domain.notification_mark_read(notification=notification, by=officer)
    read_at = first.read_at
    again = domain.notification_mark_read(
        notification=Notification.objects.get(pk=notification.pk), by=officer
    )

    assert read_at is not None
    assert again.read_at == read_at
    assert Notification.objects.get(pk=notification.pk).read_at == read_at


def test_it_refuses_to_mark_someone_elses_notification() -> None:
    notification = _send([UserFactory(username="a")])[0]

    with pytest.raises(PermissionDenied):
        domain.notification_mark_read(notification=notification, by=UserFactory(username="b"))

    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_it_marks_all_of_ones_own_notifications_read() -> None:
    officer, other = UserFactory(username="a"), UserFactory(username="b")
    for key in ("k1", "k2", "k3"):
        _send([officer, other], key=key)
    domain.notification_mark_read(
        notification=Notification.objects.get(recipient=officer, key="k1"), by=officer
    )

    count = domain.notifications_mark_all_read(by=officer)

    assert count == 2
    assert domain.unread_count(officer) == 0
    assert domain.unread_count(other) == 3


def test_it_lists_unread_first_then_the_newest() -> None:
    officer = UserFactory(username="a")
    for key in ("old", "middle", "new"):
        _send([officer], key=key)
    domain.notification_mark_read(
        notification=Notification.objects.get(recipient=officer, key="new"), by=officer
    )

    keys = [n.key for n in domain.notifications_for(officer)]

    assert keys == ["middle", "old", "new"]
