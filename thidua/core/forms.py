"""Form pieces every app uses: dd/mm/yyyy dates and forms that save through the domain."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

T = TypeVar("T", covariant=True)


class DateField(forms.DateField):
    """A day typed as dd/mm/yyyy, like every date of the application."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")},
        )
        super().__init__(**kwargs)


class DomainForm(forms.Form):
    """Bootstrap classes on every widget; a domain error goes back on the field it names."""

    # A domain error key → the field of this form that shows it.
    error_fields: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def add_domain_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                target = self.error_fields.get(name, name)
                field = target if target in self.fields else None
                for item in errors:
                    for message in item.messages:
                        self.add_error(field, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"


class SavingForm(Protocol[T]):
    def is_valid(self) -> bool: ...
    def save(self) -> T: ...
    def add_domain_error(self, error: ValidationError) -> None: ...
    def mark_invalid(self) -> None: ...


def submit(form: SavingForm[T]) -> T | None:
    """Validate and save through the domain; None (with the errors in the form) if refused."""
    result: T | None = None
    if form.is_valid():
        try:
            result = form.save()
        except ValidationError as error:
            form.add_domain_error(error)
    form.mark_invalid()
    return result
