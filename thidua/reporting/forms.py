"""Input of the reporting pages: the entry grid's fields, reasons, evidence uploads.

The grid posts one field per cell, named `<criterion id>.<part>.<field>`; `grid_entries`
turns them into the domain's FigureInput rows. Fields a row does not show (a typed-in
baseline where the system has the baseline year) keep their stored values, so saving the
grid never wipes what it did not display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.reporting.domain import FigureInput, ReportRow
from thidua.reporting.domain.measures import number_text

VALUE_FIELDS = ("value", "numerator", "denominator")
BASELINE_FIELDS = ("baseline_value", "baseline_numerator", "baseline_denominator")


@dataclass(frozen=True)
class GridRow:
    """A report row as the grid shows it: its key, what it asks for, what was typed."""

    row: ReportRow
    key: str
    asks_baseline: bool
    target: str
    values: Mapping[str, str]
    errors: Mapping[str, list[str]]

    @property
    def dom_id(self) -> str:
        return self.key.replace(".", "-")

    @property
    def all_errors(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


def row_key(row: ReportRow) -> str:
    return f"{row.criterion.pk}.{row.measure.part}"


def stored_text(row: ReportRow) -> dict[str, str]:
    """The stored figure's fields as the grid shows them (Vietnamese numbers)."""
    figure = row.figure
    values = {name: "" for name in (*VALUE_FIELDS, *BASELINE_FIELDS, "comment")}
    if figure is None:
        return values
    for name in (*VALUE_FIELDS, *BASELINE_FIELDS):
        number = getattr(figure, name)
        values[name] = "" if number is None else number_text(number)
    values["comment"] = figure.comment
    return values


def grid_rows(
    rows: Sequence[ReportRow],
    *,
    asks_baseline: Mapping[str, bool],
    targets: Mapping[str, str],
    posted: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[GridRow]:
    """The grid: stored values, or what was posted when it is shown again with errors."""
    result = []
    for row in rows:
        key = row_key(row)
        values = stored_text(row)
        if posted is not None:
            for name in values:
                if f"{key}.{name}" in posted:
                    values[name] = str(posted[f"{key}.{name}"])
        row_errors = {
            name.removeprefix(f"{key}."): messages
            for name, messages in (errors or {}).items()
            if name.startswith(f"{key}.")
        }
        result.append(
            GridRow(
                row=row,
                key=key,
                asks_baseline=asks_baseline.get(key, False),
                target=targets.get(key, ""),
                values=values,
                errors=row_errors,
            )
        )
    return result


def row_entry(row: ReportRow, data: Mapping[str, Any]) -> FigureInput:
    """One row's input: the posted fields, the stored ones for what the grid did not post."""
    key = row_key(row)
    stored = row.figure

    def given(name: str) -> Any:
        if f"{key}.{name}" in data:
            return str(data[f"{key}.{name}"])
        if stored is None:
            return None
        return getattr(stored, name)

    return FigureInput(
        criterion=row.criterion,
        part=row.measure.part,
        value=given("value"),
        numerator=given("numerator"),
        denominator=given("denominator"),
        baseline_value=given("baseline_value"),
        baseline_numerator=given("baseline_numerator"),
        baseline_denominator=given("baseline_denominator"),
        comment=str(given("comment") or ""),
    )


def grid_entries(rows: Sequence[ReportRow], data: Mapping[str, Any]) -> list[FigureInput]:
    """The rows the form posted anything for (a partial post leaves the others alone)."""
    keys = {name.rsplit(".", 1)[0] for name in data if name.count(".") == 2}
    return [row_entry(row, data) for row in rows if row_key(row) in keys]


def posted_version(data: Mapping[str, Any]) -> int | None:
    try:
        return int(str(data.get("version", "")))
    except ValueError:
        return None


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng"))
    criterion = forms.IntegerField(label=_("Tiêu chí"), required=False)
