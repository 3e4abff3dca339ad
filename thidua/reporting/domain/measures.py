"""What a quantitative criterion measures for a unit, and reading typed figures.

The shape of the figures (a count, or a numerator and a denominator, per part of an AllOf)
comes from the target the covenant signed, through the engine; only a criterion that has
no target at all falls back to its linked indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.covenants.domain import load_target, target_error_message
from thidua.covenants.models import Criterion, CriterionKind, Indicator
from thidua.engine.evaluation import Count, Figure, Ratio
from thidua.engine.numbers import NumberFormatError, format_number_vi, parse_decimal_vi, places_of
from thidua.engine.targets import AllOf, Target, TargetError
from thidua.org.models import Unit
from thidua.reporting.models import FIGURE_DIGITS, FIGURE_PLACES

RawNumber = Decimal | int | str | None


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure a criterion needs: part `part` of its target."""

    part: int
    is_rate: bool
    name_vi: str
    name_en: str
    indicator: Indicator | None


def _stored_target(data: object, criterion: Criterion) -> Target | None:
    try:
        return load_target(data)
    except TargetError as exc:
        raise ValidationError(
            _("Chỉ tiêu của tiêu chí %(code)s không đọc được: %(error)s")
            % {"code": criterion.code, "error": target_error_message(exc)}
        ) from exc


def unit_target(criterion: Criterion, unit: Unit) -> Target | None:
    """The unit's target on the criterion (its own, else the common one); None: no target.

    Reads `criterion.unit_targets.all()`, so prefetch it when looping.
    """
    for own in criterion.unit_targets.all():
        if own.unit_id == unit.pk:
            return _stored_target(own.target, criterion)
    return _stored_target(criterion.target, criterion)


def _shape_target(criterion: Criterion, unit: Unit) -> Target | None:
    """A target that tells the figures' shape, even for a unit without a target."""
    target = unit_target(criterion, unit)
    if target is not None:
        return target
    target = _stored_target(criterion.target, criterion)
    if target is not None:
        return target
    for other in criterion.unit_targets.all():
        target = _stored_target(other.target, criterion)
        if target is not None:
            return target
    return None


def criterion_indicators(criterion: Criterion) -> dict[int, Indicator]:
    """Part index → linked indicator; reads the prefetched `criterionindicator_set`."""
    return {link.part: link.indicator for link in criterion.criterionindicator_set.all()}


def criterion_measures(criterion: Criterion, unit: Unit) -> tuple[Measure, ...]:
    """The figures the unit reports on a quantitative criterion, one per part."""
    if criterion.kind != CriterionKind.QUANTITATIVE:
        return ()
    indicators = criterion_indicators(criterion)
    target = _shape_target(criterion, unit)
    if target is not None:
        parts = target.parts if isinstance(target, AllOf) else (target,)
        return tuple(
            Measure(
                part=index,
                is_rate=part.measure.is_rate,
                name_vi=part.measure.name_vi,
                name_en=part.measure.name_en,
                indicator=indicators.get(index),
            )
            for index, part in enumerate(parts)
        )
    return tuple(
        Measure(
            part=index,
            is_rate=indicator.is_rate,
            name_vi=indicator.name_vi,
            name_en=indicator.name_en,
            indicator=indicator,
        )
        for index, indicator in sorted(indicators.items())
    )


def number_text(value: Decimal) -> str:
    """A figure as Vietnamese write it: 1.234,5."""
    return format_number_vi(value, places_of(value), trim=True)


FIELD_LABELS = {
    "value": lambda: _("Số lượng"),
    "numerator": lambda: _("Tử số"),
    "denominator": lambda: _("Mẫu số"),
    "baseline_value": lambda: _("Số lượng kỳ so sánh"),
    "baseline_numerator": lambda: _("Tử số kỳ so sánh"),
    "baseline_denominator": lambda: _("Mẫu số kỳ so sánh"),
}
_MAX_WHOLE = Decimal(10) ** (FIGURE_DIGITS - FIGURE_PLACES)


def parse_number(raw: RawNumber, *, field: str, code: str) -> Decimal | None:
    """A typed figure as a Decimal; None when left empty. Vietnamese "1.234,5" is accepted."""
    label = FIELD_LABELS[field]()
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int | str):
        raise ValidationError(
            _("%(field)s của tiêu chí %(code)s phải là một số.") % {"field": label, "code": code}
        )
    if isinstance(raw, str):
        if not raw.strip():
            return None
        try:
            number = parse_decimal_vi(raw)
        except NumberFormatError:
            raise ValidationError(
                _(
                    "%(field)s của tiêu chí %(code)s: “%(text)s” không phải là số. Hãy viết "
                    "ví dụ 1.234 hoặc 1.234,5."
                )
                % {"field": label, "code": code, "text": raw.strip()}
            ) from None
    else:
        number = Decimal(raw)
    if not number.is_finite():
        raise ValidationError(
            _("%(field)s của tiêu chí %(code)s phải là một số.") % {"field": label, "code": code}
        )
    if number < 0:
        raise ValidationError(
            _("%(field)s của tiêu chí %(code)s không được âm (đã nhập %(value)s).")
            % {"field": label, "code": code, "value": number_text(number)}
        )
    if places_of(number) > FIGURE_PLACES:
        raise ValidationError(
            _("%(field)s của tiêu chí %(code)s có quá %(places)s chữ số thập phân.")
            % {"field": label, "code": code, "places": FIGURE_PLACES}
        )
    if number >= _MAX_WHOLE:
        raise ValidationError(
            _("%(field)s của tiêu chí %(code)s quá lớn.") % {"field": label, "code": code}
        )
    return number


def _plain(number: Decimal) -> Decimal:
    """1438.0000 from the database as 1438, 93.5000 as 93.5 (same value, readable)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def to_figure(
    value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None, *, is_rate: bool
) -> Figure | None:
    """The engine figure stored in a row, or None when the row has none of the wanted kind."""
    if is_rate:
        if numerator is None or denominator is None:
            return None
        return Ratio(_plain(numerator), _plain(denominator))
    return None if value is None else Count(_plain(value))
