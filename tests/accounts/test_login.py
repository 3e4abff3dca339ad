from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, AdminFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_logs_a_user_in_and_out(client: Client, user: Any) -> None:
    response = _login(client, user.username, PASSWORD)
    assert (response.status_code, response.url) == (302, "/")

    client.post("/accounts/logout/")

    assert client.get("/").status_code == 302


def test_it_explains_a_wrong_password_in_vietnamese(client: Client, user: Any) -> None:
    response = _login(client, user.username, "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_it_locks_the_account_after_five_failures(client: Client, user: Any) -> None:
    for _ in range(5):
        _login(client, user.username, "sai-mat-khau")

    response = _login(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa vì đăng nhập sai quá 5 lần." in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_does_not_lock_other_users_out(client: Client, user: Any) -> None:
    for _ in range(5):
        _login(client, "someone-else", "sai-mat-khau")

    assert _login(client, user.username, PASSWORD).status_code == 302


def test_it_changes_a_password(user_client: Client, user: Any) -> None:
    response = user_client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "mat-khau-moi-2026",
            "new_password2": "mat-khau-moi-2026",
        },
    )

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.check_password("mat-khau-moi-2026")


def test_it_resets_a_forgotten_password_by_email(client: Client, user: Any) -> None:
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"http://[^/]+(/accounts/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None

    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "mat-khau-moi-2026", "new_password2": "mat-khau-moi-2026"},
    )

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.check_password("mat-khau-moi-2026")


def _device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_asks_for_the_second_factor_before_opening_a_session(client: Client, user: Any) -> None:
    device = _device(user)

    response = _login(client, user.username, PASSWORD)
    assert response.url == "/accounts/2fa/verify/"
    assert client.get("/").status_code == 302

    response = client.post("/accounts/2fa/verify/", {"token": _token(device)})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_second_factor(client: Client, user: Any) -> None:
    _device(user)
    _login(client, user.username, PASSWORD)

    response = client.post("/accounts/2fa/verify/", {"token": "000000"})

    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    assert client.get("/").status_code == 302


def test_it_enrols_a_second_factor(user_client: Client, user: Any) -> None:
    assert user_client.get("/accounts/2fa/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    user_client.post("/accounts/2fa/setup/", {"token": _token(device)})

    device.refresh_from_db()
    assert device.confirmed


def test_it_makes_administrators_enrol_when_required(settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    client = Client()
    client.force_login(AdminFactory())

    response = client.get("/")

    assert response["Location"] == "/accounts/2fa/setup/"


def test_it_lets_administrators_in_without_a_device_when_not_required(admin_client: Client) -> None:
    assert admin_client.get("/").status_code == 200
