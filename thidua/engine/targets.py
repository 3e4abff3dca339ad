"""Target shapes of real covenants (DOMAIN.md §4) and their stored JSON form.

Every shape validates itself on construction, so a Target that exists is one the
evaluator and the renderer can handle. docs/engine-targets.md is the reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias, TypeVar

__all__ = [
    "FORMAT_VERSION",
    "AllOf",
    "AtLeast",
    "AtMost",
    "Change",
    "ChangeDirection",
    "FullCoverage",
    "Measure",
    "MeasureDirection",
    "RateAtLeast",
    "SimpleTarget",
    "Target",
    "TargetError",
    "check_baseline_year",
    "target_from_dict",
    "target_to_dict",
]

FORMAT_VERSION = 1

_T = TypeVar("_T")

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
# Years outside this range are typing mistakes (2O24, 202), not covenants.
_FIRST_YEAR = 1900
_LAST_YEAR = 9999


class TargetError(ValueError):
    """An invalid target or stored target; `code` is stable for callers to translate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class MeasureDirection(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class ChangeDirection(StrEnum):
    REDUCE = "reduce"
    INCREASE = "increase"


def _check_text(value: object, field: str) -> None:
    if not isinstance(value, str):
        raise TargetError("type", f"{field} must be text, got {type(value).__name__}.")
    if not value.strip():
        raise TargetError("blank", f"{field} must not be blank.")


def _check_pair(vi: object, en: object, field: str) -> None:
    # The app renders every target in both languages; half a translation would leave
    # one of them with a sentence that silently falls back to a different form.
    if vi is None and en is None:
        return
    if vi is None or en is None:
        raise TargetError(
            "missing_translation", f"{field}_vi and {field}_en must be given together."
        )
    _check_text(vi, f"{field}_vi")
    _check_text(en, f"{field}_en")


def _check_decimal(value: object, field: str) -> Decimal:
    # A float would already carry binary noise (0.1 → 0.1000000000000000055…).
    if not isinstance(value, Decimal):
        raise TargetError("type", f"{field} must be a Decimal, got {type(value).__name__}.")
    if not value.is_finite():
        raise TargetError("not_finite", f"{field} must be a finite number, got {value}.")
    if value < _ZERO:
        raise TargetError("negative", f"{field} cannot be negative, got {value}.")
    return value


@dataclass(frozen=True, slots=True)
class Measure:
    """What is measured.

    Names are noun phrases written to sit inside a sentence, starting lower case:
    name_vi "số vụ phạm tội về trật tự xã hội", name_en "the number of crimes against
    social order". A rate has its numerator and denominator named and unit "%".
    Optional phrases let the renderer say things the way covenants do: `short_*` when the
    measure is listed under an AllOf subject ("số người chết"); `coverage_*` completing
    "100% …" / "Ensure 100% of …" ("tố giác, tin báo về tội phạm … được tiếp nhận, xử lý" /
    "crime reports … are received and handled"); `event_*` completing "Không để xảy ra …"
    / "Allow no …" and, after the unit, "Không quá 3 vụ …" ("cháy lớn" / "large fires").
    """

    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    direction: MeasureDirection
    numerator_vi: str | None = None
    numerator_en: str | None = None
    denominator_vi: str | None = None
    denominator_en: str | None = None
    short_vi: str | None = None
    short_en: str | None = None
    coverage_vi: str | None = None
    coverage_en: str | None = None
    event_vi: str | None = None
    event_en: str | None = None

    def __post_init__(self) -> None:
        for field in ("name_vi", "name_en", "unit_vi", "unit_en"):
            _check_text(getattr(self, field), field)
        if not isinstance(self.direction, MeasureDirection):
            raise TargetError("type", "direction must be a MeasureDirection.")
        for pair in ("numerator", "denominator", "short", "coverage", "event"):
            _check_pair(getattr(self, f"{pair}_vi"), getattr(self, f"{pair}_en"), pair)
        if (self.numerator_vi is None) != (self.denominator_vi is None):
            raise TargetError("rate_names", "A rate needs both a numerator and a denominator name.")
        percent_unit = self.unit_vi == "%" or self.unit_en == "%"
        if self.is_rate != (percent_unit and self.unit_vi == self.unit_en):
            raise TargetError(
                "rate_unit",
                "A measure in % must be a rate (numerator and denominator named, unit '%' "
                "in both languages), and a rate's unit must be '%'.",
            )

    @property
    def is_rate(self) -> bool:
        return self.numerator_vi is not None


def _check_measure(
    measure: object, *, rate: bool, direction: MeasureDirection, shape: str
) -> Measure:
    if not isinstance(measure, Measure):
        raise TargetError("type", f"{shape} needs a Measure, got {type(measure).__name__}.")
    if measure.is_rate != rate:
        wanted = "a rate (numerator/denominator)" if rate else "a count, not a rate"
        raise TargetError("measure_kind", f"{shape} needs a measure that is {wanted}.")
    if measure.direction is not direction:
        raise TargetError(
            "direction_mismatch",
            f"{shape} needs a measure where {direction.value.replace('_', ' ')}; "
            f"{measure.name_en!r} is {measure.direction.value.replace('_', ' ')}.",
        )
    return measure


@dataclass(frozen=True, slots=True)
class AtLeast:
    """At least n, e.g. at least 1.438 files for compulsory rehabilitation."""

    measure: Measure
    n: Decimal

    def __post_init__(self) -> None:
        _check_measure(
            self.measure, rate=False, direction=MeasureDirection.HIGHER_IS_BETTER, shape="AtLeast"
        )
        if _check_decimal(self.n, "n") == _ZERO:
            # r = actual ÷ n would divide by zero, and "at least 0" is always met.
            raise TargetError(
                "zero_target", "An at-least target of 0 is always met; give a positive n."
            )


@dataclass(frozen=True, slots=True)
class AtMost:
    """At most n; n = 0 is zero tolerance ("không để xảy ra bạo loạn, khủng bố")."""

    measure: Measure
    n: Decimal

    def __post_init__(self) -> None:
        _check_measure(
            self.measure, rate=False, direction=MeasureDirection.LOWER_IS_BETTER, shape="AtMost"
        )
        _check_decimal(self.n, "n")

    @property
    def zero_tolerance(self) -> bool:
        return self.n == _ZERO


@dataclass(frozen=True, slots=True)
class RateAtLeast:
    """A rate of at least `percent`: strict is "trên 90%", inclusive "từ 90% trở lên"."""

    measure: Measure
    percent: Decimal
    strict: bool

    def __post_init__(self) -> None:
        _check_measure(
            self.measure,
            rate=True,
            direction=MeasureDirection.HIGHER_IS_BETTER,
            shape="RateAtLeast",
        )
        if not isinstance(self.strict, bool):
            raise TargetError("type", "strict must be True or False.")
        percent = _check_decimal(self.percent, "percent")
        if percent == _ZERO:
            raise TargetError(
                "zero_target", "A rate target of 0% is always met; give a positive percent."
            )
        if percent > _HUNDRED:
            raise TargetError("rate_above_100", f"A rate cannot exceed 100%, got {percent}%.")
        if self.strict and percent == _HUNDRED:
            raise TargetError("unreachable", "No rate is above 100%; use FullCoverage for '100%'.")


@dataclass(frozen=True, slots=True)
class FullCoverage:
    """100% of the denominator handled: met or not, never exceeded."""

    measure: Measure

    def __post_init__(self) -> None:
        _check_measure(
            self.measure,
            rate=True,
            direction=MeasureDirection.HIGHER_IS_BETTER,
            shape="FullCoverage",
        )


@dataclass(frozen=True, slots=True)
class Change:
    """A change against the same period of `baseline_year`, by at least p% or by p–q%."""

    measure: Measure
    direction: ChangeDirection
    min_percent: Decimal
    max_percent: Decimal | None
    baseline_year: int

    def __post_init__(self) -> None:
        if not isinstance(self.direction, ChangeDirection):
            raise TargetError("type", "direction must be a ChangeDirection.")
        reduce = self.direction is ChangeDirection.REDUCE
        # A change of a rate is ambiguous (relative % or percentage points?), so rates
        # are targeted with RateAtLeast instead.
        _check_measure(
            self.measure,
            rate=False,
            direction=(
                MeasureDirection.LOWER_IS_BETTER if reduce else MeasureDirection.HIGHER_IS_BETTER
            ),
            shape=f"Change ({self.direction.value})",
        )
        low = _check_decimal(self.min_percent, "min_percent")
        if low == _ZERO:
            raise TargetError(
                "zero_change", "A change of 0% is no target; give a positive min_percent."
            )
        if reduce and low > _HUNDRED:
            raise TargetError(
                "reduction_above_100", f"Nothing can be reduced by more than 100%, got {low}%."
            )
        if self.max_percent is not None:
            high = _check_decimal(self.max_percent, "max_percent")
            if high < low:
                raise TargetError(
                    "inverted_range", f"The range {low}–{high}% has its bounds inverted."
                )
            if high == low:
                raise TargetError(
                    "empty_range",
                    f"The range {low}–{high}% is a single value; leave max_percent empty "
                    "for 'at least'.",
                )
            if reduce and high > _HUNDRED:
                raise TargetError(
                    "reduction_above_100",
                    f"Nothing can be reduced by more than 100%, got {high}%.",
                )
        year = self.baseline_year
        if isinstance(year, bool) or not isinstance(year, int):
            raise TargetError("type", "baseline_year must be an integer year.")
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise TargetError("baseline_year", f"{year} is not a plausible baseline year.")

    @property
    def is_range(self) -> bool:
        return self.max_percent is not None


SimpleTarget: TypeAlias = AtLeast | AtMost | RateAtLeast | FullCoverage | Change
_SIMPLE = (AtLeast, AtMost, RateAtLeast, FullCoverage, Change)


@dataclass(frozen=True, slots=True)
class AllOf:
    """Several targets met together ("giảm 5% cả 3 tiêu chí …"); met only if all are.

    Nesting is refused: no covenant nests them, the figures are keyed by a flat part
    index, and a nested list would not read as a sentence.
    """

    parts: tuple[SimpleTarget, ...]
    subject_vi: str | None = None
    subject_en: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.parts, tuple):
            raise TargetError("type", "AllOf parts must be a tuple.")
        if not self.parts:
            raise TargetError("empty_all_of", "AllOf needs at least two parts, got none.")
        for part in self.parts:
            if isinstance(part, AllOf):
                raise TargetError("nested_all_of", "AllOf cannot contain another AllOf.")
            if not isinstance(part, _SIMPLE):
                raise TargetError("type", f"AllOf part must be a target, got {part!r}.")
        if len(self.parts) == 1:
            raise TargetError(
                "single_all_of", "AllOf needs at least two parts; use the part alone."
            )
        _check_pair(self.subject_vi, self.subject_en, "subject")


Target: TypeAlias = SimpleTarget | AllOf


def check_baseline_year(target: Target, covenant_year: int) -> None:
    """Raise TargetError(code="baseline_year") unless every baseline precedes the covenant."""
    parts = target.parts if isinstance(target, AllOf) else (target,)
    for part in parts:
        if isinstance(part, Change) and part.baseline_year >= covenant_year:
            raise TargetError(
                "baseline_year",
                f"The baseline year {part.baseline_year} must be before the covenant year "
                f"{covenant_year}.",
            )


# --- Stored form --------------------------------------------------------------------

_MEASURE_REQUIRED = ("name_vi", "name_en", "unit_vi", "unit_en", "direction")
_MEASURE_OPTIONAL = (
    "numerator_vi",
    "numerator_en",
    "denominator_vi",
    "denominator_en",
    "short_vi",
    "short_en",
    "coverage_vi",
    "coverage_en",
    "event_vi",
    "event_en",
)
_KINDS: dict[type[object], str] = {
    AtLeast: "at_least",
    AtMost: "at_most",
    RateAtLeast: "rate_at_least",
    FullCoverage: "full_coverage",
    Change: "change",
    AllOf: "all_of",
}
_DECIMAL_TEXT = re.compile(r"-?\d+(?:\.\d+)?")


def _decimal_text(value: Decimal) -> str:
    # Positional notation: "1000", never "1E+3", so the stored JSON is readable.
    return format(value, "f")


def _measure_to_dict(measure: Measure) -> dict[str, object]:
    data: dict[str, object] = {
        "name_vi": measure.name_vi,
        "name_en": measure.name_en,
        "unit_vi": measure.unit_vi,
        "unit_en": measure.unit_en,
        "direction": measure.direction.value,
    }
    for key in _MEASURE_OPTIONAL:
        data[key] = getattr(measure, key)
    return data


def _to_dict(target: Target) -> dict[str, object]:
    data: dict[str, object] = {"kind": _KINDS[type(target)]}
    if isinstance(target, AllOf):
        data["parts"] = [_to_dict(part) for part in target.parts]
        data["subject_vi"] = target.subject_vi
        data["subject_en"] = target.subject_en
        return data
    data["measure"] = _measure_to_dict(target.measure)
    if isinstance(target, AtLeast | AtMost):
        data["n"] = _decimal_text(target.n)
    elif isinstance(target, RateAtLeast):
        data["percent"] = _decimal_text(target.percent)
        data["strict"] = target.strict
    elif isinstance(target, Change):
        data["direction"] = target.direction.value
        data["min_percent"] = _decimal_text(target.min_percent)
        data["max_percent"] = (
            None if target.max_percent is None else _decimal_text(target.max_percent)
        )
        data["baseline_year"] = target.baseline_year
    return data


def target_to_dict(target: Target) -> dict[str, object]:
    """The JSON-able stored form: {"version": 1, "kind": …}; decimals are strings."""
    return {"version": FORMAT_VERSION, **_to_dict(target)}


def _malformed(path: str, problem: str) -> TargetError:
    return TargetError("malformed", f"{path}: {problem}")


def _object(
    data: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        raise _malformed(path, f"expected an object, got {type(data).__name__}.")
    # Unknown keys are refused: a typo would otherwise be dropped without a word, and a
    # new key belongs to a new FORMAT_VERSION.
    for key in data:
        if key not in required and key not in optional:
            raise _malformed(path, f"unknown key {key!r}.")
    for key in required:
        if key not in data:
            raise _malformed(path, f"missing key {key!r}.")
    return data


def _text(data: Mapping[str, object], key: str, path: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise _malformed(path, f"{key!r} must be a string.")
    return value


def _optional_text(data: Mapping[str, object], key: str, path: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _malformed(path, f"{key!r} must be a string or null.")
    return value


def _decimal(data: Mapping[str, object], key: str, path: str) -> Decimal:
    value = data[key]
    # Integers are exact and harmless; floats are refused because their binary value is
    # not the number the user typed.
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        return Decimal(value)
    raise _malformed(path, f'{key!r} must be a decimal written as a string, e.g. "7.5".')


def _optional_decimal(data: Mapping[str, object], key: str, path: str) -> Decimal | None:
    return None if data.get(key) is None else _decimal(data, key, path)


def _integer(data: Mapping[str, object], key: str, path: str) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _malformed(path, f"{key!r} must be an integer.")
    return value


def _boolean(data: Mapping[str, object], key: str, path: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise _malformed(path, f"{key!r} must be true or false.")
    return value


def _validated(path: str, build: Callable[[], _T]) -> _T:
    # Readers have already named their path; only the constructors' own validation
    # messages need to be told where the value was read from.
    try:
        return build()
    except TargetError as error:
        raise TargetError(error.code, f"{path}: {error}") from None


def _measure_from_dict(data: object, path: str) -> Measure:
    fields = _object(data, path, _MEASURE_REQUIRED, _MEASURE_OPTIONAL)
    direction = _text(fields, "direction", path)
    if direction not in {member.value for member in MeasureDirection}:
        raise _malformed(path, f"unknown direction {direction!r}.")
    names = {key: _text(fields, key, path) for key in ("name_vi", "name_en", "unit_vi", "unit_en")}
    optional = {key: _optional_text(fields, key, path) for key in _MEASURE_OPTIONAL}
    return _validated(
        path,
        lambda: Measure(
            name_vi=names["name_vi"],
            name_en=names["name_en"],
            unit_vi=names["unit_vi"],
            unit_en=names["unit_en"],
            direction=MeasureDirection(direction),
            **optional,
        ),
    )


_SHAPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "at_least": (("kind", "measure", "n"), ()),
    "at_most": (("kind", "measure", "n"), ()),
    "rate_at_least": (("kind", "measure", "percent", "strict"), ()),
    "full_coverage": (("kind", "measure"), ()),
    "change": (
        ("kind", "measure", "direction", "min_percent", "baseline_year"),
        ("max_percent",),
    ),
    "all_of": (("kind", "parts"), ("subject_vi", "subject_en")),
}


def _from_dict(data: object, path: str, extra: tuple[str, ...]) -> Target:
    if not isinstance(data, Mapping):
        raise _malformed(path, f"expected an object, got {type(data).__name__}.")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in _SHAPE_KEYS:
        raise TargetError("unknown_kind", f"{path}: unknown target kind {kind!r}.")
    required, optional = _SHAPE_KEYS[kind]
    fields = _object(data, path, required + extra, optional)
    if kind == "all_of":
        return _all_of_from_dict(fields, path)
    measure = _measure_from_dict(fields["measure"], f"{path}.measure")
    if kind in {"at_least", "at_most"}:
        n = _decimal(fields, "n", path)
        shape = AtLeast if kind == "at_least" else AtMost
        return _validated(path, lambda: shape(measure, n))
    if kind == "rate_at_least":
        percent = _decimal(fields, "percent", path)
        strict = _boolean(fields, "strict", path)
        return _validated(path, lambda: RateAtLeast(measure, percent, strict))
    if kind == "full_coverage":
        return _validated(path, lambda: FullCoverage(measure))
    direction = _text(fields, "direction", path)
    if direction not in {member.value for member in ChangeDirection}:
        raise _malformed(path, f"unknown change direction {direction!r}.")
    low = _decimal(fields, "min_percent", path)
    high = _optional_decimal(fields, "max_percent", path)
    year = _integer(fields, "baseline_year", path)
    return _validated(path, lambda: Change(measure, ChangeDirection(direction), low, high, year))


def _all_of_from_dict(fields: Mapping[str, object], path: str) -> AllOf:
    raw_parts = fields["parts"]
    if not isinstance(raw_parts, list):
        raise _malformed(path, "'parts' must be a list.")
    parts: list[SimpleTarget] = []
    for index, raw in enumerate(raw_parts):
        part = _from_dict(raw, f"{path}.parts[{index}]", ())
        if isinstance(part, AllOf):
            raise TargetError(
                "nested_all_of", f"{path}.parts[{index}]: AllOf cannot contain another AllOf."
            )
        parts.append(part)
    subject_vi = _optional_text(fields, "subject_vi", path)
    subject_en = _optional_text(fields, "subject_en", path)
    return _validated(path, lambda: AllOf(tuple(parts), subject_vi, subject_en))


def target_from_dict(data: object) -> Target:
    """The Target stored by target_to_dict; TargetError if anything is off."""
    if not isinstance(data, Mapping):
        raise _malformed("target", f"expected an object, got {type(data).__name__}.")
    if "version" not in data:
        raise _malformed("target", "missing key 'version'.")
    version = data["version"]
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise TargetError(
            "unsupported_version",
            f"target: stored format version {version!r} is not supported "
            f"(this engine reads version {FORMAT_VERSION}).",
        )
    return _from_dict(data, "target", ("version",))
