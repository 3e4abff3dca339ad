"""Shared pieces of the API: Vietnamese field errors, the input base, the error schema.

Every app's api.py builds on these, so that all endpoints speak the same language and
document the same error format (thidua.api.errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import validators
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format
from rest_framework.validators import ProhibitSurrogateCharactersValidator

# ---------------------------------------------------------------------------------------
# Vietnamese messages for DRF's own field errors (its Vietnamese catalogue is incomplete).

# Lazy strings (Any: DRF's lazy_format is typed for str but formats them lazily too).
_FIELD_MESSAGES: dict[str, Any] = {
    "required": gettext_lazy("Trường này là bắt buộc."),
    "null": gettext_lazy("Trường này không được để trống."),
    "blank": gettext_lazy("Trường này không được để trống."),
    "max_length": gettext_lazy("Không được dài quá {max_length} ký tự."),
    "min_length": gettext_lazy("Phải có ít nhất {min_length} ký tự."),
    "min_value": gettext_lazy("Phải lớn hơn hoặc bằng {min_value}."),
    "max_value": gettext_lazy("Phải nhỏ hơn hoặc bằng {max_value}."),
    "max_string_length": gettext_lazy("Giá trị quá lớn."),
    "invalid_choice": gettext_lazy("“{input}” không phải là giá trị hợp lệ."),
    "not_a_list": gettext_lazy("Cần một danh sách, nhận được {input_type}."),
    "incorrect_type": gettext_lazy("Cần id là số nguyên, nhận được {data_type}."),
    "datetime": gettext_lazy("Cần một ngày (YYYY-MM-DD), không phải ngày giờ."),
}
_INVALID_BY_TYPE: list[tuple[type[serializers.Field[Any, Any, Any, Any]], Promise]] = [
    (
        serializers.DateField,
        gettext_lazy("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD, ví dụ 2025-07-01."),
    ),
    (serializers.IntegerField, gettext_lazy("Cần một số nguyên.")),
    (serializers.BooleanField, gettext_lazy("Cần giá trị true hoặc false.")),
    (serializers.CharField, gettext_lazy("Cần một chuỗi ký tự.")),
]


# DRF builds these validators, with their messages, when the field is made.
_LIMIT_VALIDATORS: dict[type[Any], str] = {
    validators.MaxLengthValidator: "max_length",
    validators.MinLengthValidator: "min_length",
    validators.MaxValueValidator: "max_value",
    validators.MinValueValidator: "min_value",
}


def localise(field: Any) -> None:
    """DRF's field errors in the source language (its Vietnamese catalogue is incomplete)."""
    for key in field.error_messages:
        if key in _FIELD_MESSAGES:
            field.error_messages[key] = _FIELD_MESSAGES[key]
    rebuilt = []
    for validator in field.validators:
        key = _LIMIT_VALIDATORS.get(type(validator))
        if key is not None:
            limit = validator.limit_value
            limited = lazy_format(_FIELD_MESSAGES[key], **{key: limit})
            validator = type(validator)(limit, message=limited)
        elif isinstance(validator, validators.ProhibitNullCharactersValidator):
            validator = validators.ProhibitNullCharactersValidator(
                message=gettext_lazy("Không được chứa ký tự NUL.")
            )
        elif isinstance(validator, ProhibitSurrogateCharactersValidator):
            validator = ProhibitSurrogateCharactersValidator()
            validator.message = gettext_lazy("Không được chứa ký tự surrogate U+{code_point:X}.")
        rebuilt.append(validator)
    field.validators = rebuilt
    if "invalid" in field.error_messages:
        for kind, message in _INVALID_BY_TYPE:
            if isinstance(field, kind):
                field.error_messages["invalid"] = message
                break
    child = getattr(field, "child_relation", None) or getattr(field, "child", None)
    if child is not None:
        localise(child)


class InputSerializer(serializers.Serializer[Any]):
    """Base of the input serializers: DRF's field errors in the source language."""

    default_error_messages = {
        "invalid": gettext_lazy("Dữ liệu gửi lên phải là một đối tượng JSON, nhận được {datatype}.")
    }

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for field in fields.values():
            localise(field)
        return fields


def date_field(**kwargs: Any) -> serializers.DateField:
    """An ISO date (YYYY-MM-DD) only."""
    return serializers.DateField(input_formats=["iso-8601"], **kwargs)


class ErrorBodySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    # DRF's metaclass moves declared fields off the class, so these names may shadow
    # Serializer/Field attributes at runtime; the stubs do not know it.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorResponseSerializer(serializers.Serializer[Any]):
    """The common error format of the API (thidua.api.errors)."""

    error = ErrorBodySerializer()


ERRORS = {
    400: OpenApiResponse(ErrorResponseSerializer, description="Dữ liệu không hợp lệ."),
    403: OpenApiResponse(ErrorResponseSerializer, description="Không có quyền."),
    404: OpenApiResponse(ErrorResponseSerializer, description="Không tìm thấy."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


def enum_schema(choices: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The OpenAPI schema of a choice field: its values, each described in Vietnamese.

    For extend_schema_field(…, component_name=…): each enum its own named component, so
    that the enums of different apps sharing a field name ("kind", "status") do not
    collide in the schema."""
    pairs = list(choices)
    with translation.override("vi"):
        described = "; ".join(f"`{value}`: {label}" for value, label in pairs)
    return {"type": "string", "enum": [value for value, _label in pairs], "description": described}
