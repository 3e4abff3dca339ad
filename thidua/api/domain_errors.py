"""The domain's refusals as the apps' APIs answer them, and the error responses they
document.

A domain raises a ValidationError without fields and with a code ("conflict", "status" …)
when a write conflicts with the object as it now is (saved by somebody else after the
version sent, a state that refuses the step): the API answers it 409 with the code it
documents (`conflict`, `wrong_status` …), in the common format of thidua.api.errors. Any
other refusal stays a 400.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status

from thidua.api.serializers import ErrorResponseSerializer


class DomainConflict(exceptions.APIException):
    """409: changed since the client read it, or a state that refuses the write."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# The domain's code → the API's, for the usual refusals: a stale version, a wrong state.
CONFLICT_CODES: Mapping[str, str] = {"conflict": "conflict", "status": "wrong_status"}


def as_conflict(
    exc: ValidationError, codes: Mapping[str, str] = CONFLICT_CODES
) -> DomainConflict | None:
    """The 409 for a refusal whose code is one of `codes`; None for any other error."""
    code = getattr(exc, "code", None)
    if not hasattr(exc, "error_dict") and isinstance(code, str) and code in codes:
        return DomainConflict(exc.messages[0], code=codes[code])
    return None


@contextmanager
def domain_errors(codes: Mapping[str, str] = CONFLICT_CODES) -> Iterator[None]:
    """A refusal under one of `codes` → 409 with the API's code; any other stays a 400."""
    try:
        yield
    except ValidationError as exc:
        conflict = as_conflict(exc, codes)
        if conflict is not None:
            raise conflict from None
        raise


# What most interfaces say of the common errors; each app says what its 409 means.
ERROR_DESCRIPTIONS: Mapping[int, str] = {
    400: "Dữ liệu không hợp lệ (`fields` nêu từng lỗi).",
    403: "Không có quyền.",
    404: "Không tìm thấy (hoặc không được xem).",
}


def error_responses(
    descriptions: Mapping[int, str],
) -> Callable[..., dict[int, OpenApiResponse]]:
    """`_errors(*codes)` for an app: each status's response in the common error format."""

    def errors(*codes: int) -> dict[int, OpenApiResponse]:
        return {
            code: OpenApiResponse(ErrorResponseSerializer, description=descriptions[code])
            for code in codes
        }

    return errors
