"""Home, health, error pages and the audit browser."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from thidua.core import access, audit
from thidua.core.pending import panels_for, pending_for

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {"pending": pending_for(request.user), "panels": panels_for(request.user)}
    return render(request, "core/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not access.can_browse_audit(request.user):
        raise PermissionDenied
    models = audit.audited_models()
    by_label = {m._meta.label: m for m in models}
    model = by_label.get(request.GET.get("model", ""))
    object_id = request.GET.get("object", "").strip() or None
    user_id = _int(request.GET.get("user"))
    unit_id = _int(request.GET.get("unit"))
    page = max(_int(request.GET.get("page")) or 1, 1)
    per_page = 50
    entries, has_more = audit.audit_entries(
        model=model,
        object_id=object_id if model is not None else None,
        user_id=user_id,
        unit_id=unit_id,
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    context: dict[str, Any] = {
        "entries": entries,
        "models": [(m._meta.label, m._meta.verbose_name) for m in models],
        "users": get_user_model().objects.order_by("username").only("id", "username", "full_name"),
        "selected": {
            "model": model._meta.label if model else "",
            "object": object_id or "",
            "user": user_id,
            "unit": unit_id,
        },
        "page": page,
        "has_more": has_more,
        "units": _units(),
    }
    template = "core/audit.html#entries" if request.htmx else "core/audit.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _units() -> list[Any]:
    provider = audit.unit_choices_provider
    return provider() if provider is not None else []


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    return render(
        request, "errors/error.html", {"status": status, "message": message}, status=status
    )


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "bad_request", _("Yêu cầu không hợp lệ."))


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "permission_denied", _("Bạn không có quyền truy cập nội dung này."))


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "not_found", _("Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Hệ thống gặp sự cố. Lỗi đã được ghi lại; vui lòng thử lại sau ít phút.")
    if _wants_json(request):
        return JsonResponse({"error": {"code": "server_error", "message": message}}, status=500)
    # No context processors: the failure may be the database they would query.
    html = loader.render_to_string("errors/500.html", {"message": message})
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "csrf_failed",
        _(
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không còn hợp lệ. "
            "Vui lòng tải lại trang rồi thử lại."
        ),
    )
