"""Administrators must enrol a second factor when TWO_FACTOR_REQUIRED_FOR_ADMINS is on."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/healthz", "/i18n/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_enrol(request):
            return redirect(reverse("accounts:two_factor_setup"))
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        if not settings.TWO_FACTOR_REQUIRED_FOR_ADMINS:
            return False
        user = request.user
        if not user.is_authenticated or not (user.is_superuser or user.is_staff):
            return False
        if getattr(user, "is_verified", lambda: False)():
            return False
        # Token-authenticated API calls never carry a session to verify.
        return not request.path.startswith(EXEMPT_PREFIXES) and not request.path.startswith("/api/")
