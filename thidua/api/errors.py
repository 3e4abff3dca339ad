"""One error format for the whole API: {"error": {"code", "message", "fields"?}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy dữ liệu bạn yêu cầu."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    body: dict[str, Any] = {"code": _code(exc), "message": _message(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["message"] = _("Dữ liệu không hợp lệ.")
        body["fields"] = _flatten(exc.detail)
    response.data = {"error": body}
    return response


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    return str(exc.default_code)


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        if isinstance(exc, exceptions.AuthenticationFailed):
            return _("Thông tin xác thực không hợp lệ.")
        return _("Bạn cần đăng nhập hoặc gửi mã API (Authorization: Token …).")
    if isinstance(exc, exceptions.PermissionDenied):
        return _("Bạn không có quyền thực hiện thao tác này.")
    if isinstance(exc, exceptions.NotFound):
        return _("Không tìm thấy dữ liệu bạn yêu cầu.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Phương thức không được hỗ trợ.")
    if isinstance(exc, exceptions.Throttled):
        return _("Quá nhiều yêu cầu, vui lòng thử lại sau.")
    if isinstance(exc, exceptions.ParseError):
        return _("Nội dung gửi lên không đọc được (JSON không hợp lệ).")
    detail = exc.detail
    return str(detail) if isinstance(detail, str) else _("Yêu cầu không hợp lệ.")


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"field": ["message", …]} with nested fields joined by dots."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(d, dict | list) for d in detail):
            return {prefix or "non_field_errors": [str(d) for d in detail]}
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


def _django_errors(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"non_field_errors": exc.messages}
