"""Sign-in, two-factor and the user's own account page."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from rest_framework.authtoken.models import Token

from thidua.accounts import domain
from thidua.accounts.forms import LoginForm, TokenForm
from thidua.accounts.models import User

PENDING_USER = "twofactor_pending_user"
PENDING_BACKEND = "twofactor_pending_backend"
PENDING_NEXT = "twofactor_pending_next"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if domain.user_has_two_factor(user=user):
            # The password was right; the session is only created after the second factor.
            self.request.session.cycle_key()
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_BACKEND] = user.backend
            self.request.session[PENDING_NEXT] = self.get_success_url()
            return redirect("accounts:two_factor_verify")
        return super().form_valid(form)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_USER)
    user = get_user_model().objects.filter(pk=user_id or 0, is_active=True).first()
    if user is None:
        messages.warning(request, _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."))
        return redirect(settings.LOGIN_URL)
    device = domain.confirmed_device(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and device is not None:
        if device.verify_token(form.cleaned_data["token"]):
            next_url = request.session.get(PENDING_NEXT) or reverse(settings.LOGIN_REDIRECT_URL)
            user.backend = request.session[PENDING_BACKEND]
            for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT):
                request.session.pop(key, None)
            login(request, user)
            otp_login(request, device)
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = reverse(settings.LOGIN_REDIRECT_URL)
            return HttpResponseRedirect(next_url)
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = domain.two_factor_pending_device(user=user)
    if device is None or (request.method == "GET" and "new" in request.GET):
        device = domain.two_factor_start_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if domain.two_factor_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect("accounts:profile")
        form.add_error("token", _("Mã xác thực không đúng. Hãy thử mã mới trên ứng dụng."))
    context = {
        "form": form,
        "qr": domain.qr_code_data_uri(device=device),
        "secret": _base32(device.bin_key),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and (user.is_superuser or user.is_staff):
        messages.error(request, _("Quản trị viên bắt buộc phải dùng xác thực hai lớp."))
        return redirect("accounts:profile")
    device = domain.confirmed_device(user=user)
    form = TokenForm(request.POST)
    if device is None or not form.is_valid() or not device.verify_token(form.cleaned_data["token"]):
        messages.error(request, _("Mã xác thực không đúng; xác thực hai lớp vẫn được bật."))
        return redirect("accounts:profile")
    domain.two_factor_disable(user=user)
    messages.success(request, _("Đã tắt xác thực hai lớp."))
    return redirect("accounts:profile")


def _profile(request: HttpRequest, *, new_token: Token | None = None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = new_token or Token.objects.filter(user=user).first()
    context = {
        "has_two_factor": domain.user_has_two_factor(user=user),
        "token_created": token.created if token else None,
        # Shown once: only the response that issued it carries the key.
        "new_token": new_token.key if new_token else None,
        "disable_form": TokenForm(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request)


@login_required
@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return _profile(request, new_token=domain.api_token_regenerate(user=user))


def lockout(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"error": {"code": "locked_out", "message": _locked_message(minutes)}}, status=429
        )
    return render(
        request,
        "registration/locked_out.html",
        {"message": _locked_message(minutes), "minutes": minutes},
        status=429,
    )


def _locked_message(minutes: int | None) -> str:
    if minutes:
        return _(
            "Tài khoản tạm thời bị khóa vì đăng nhập sai quá %(limit)s lần. "
            "Vui lòng thử lại sau %(minutes)s phút hoặc liên hệ quản trị viên."
        ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return _(
        "Tài khoản tạm thời bị khóa vì đăng nhập sai quá nhiều lần. Vui lòng liên hệ quản trị viên."
    )


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


password_change = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change_form.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="registration/password_reset_form.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)
logout = auth_views.LogoutView.as_view()
