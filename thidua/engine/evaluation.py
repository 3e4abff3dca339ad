"""Evaluate a target against reported figures: outcome, achievement ratio r, margin.

r follows DOMAIN.md §5 (actual ÷ target); docs/engine-targets.md gives the definition
for every shape and the reasons behind the edge cases. Outcomes are decided by exact
comparisons (cross-multiplication), never by a rounded quotient, so rounding at the 28th
digit can change a displayed r but never an outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeAlias

from thidua.engine.numbers import arithmetic, exact
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    RateAtLeast,
    SimpleTarget,
    Target,
)

__all__ = [
    "Count",
    "Evaluation",
    "Figure",
    "FigureError",
    "Figures",
    "Outcome",
    "PartFigures",
    "Ratio",
    "evaluate",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


class FigureError(ValueError):
    """An invalid figure; `code` is stable for callers to translate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _check_quantity(value: object, field: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise FigureError("type", f"{field} must be a Decimal, got {type(value).__name__}.")
    if not value.is_finite():
        raise FigureError("not_finite", f"{field} must be a finite number, got {value}.")
    if value < _ZERO:
        raise FigureError("negative", f"{field} cannot be negative, got {value}.")
    return value


@dataclass(frozen=True, slots=True)
class Count:
    """A counted quantity for a period: cases, people, files."""

    value: Decimal

    def __post_init__(self) -> None:
        _check_quantity(self.value, "A count")


@dataclass(frozen=True, slots=True)
class Ratio:
    """numerator of denominator (27 cases solved of 29); denominator 0 means no data."""

    numerator: Decimal
    denominator: Decimal

    def __post_init__(self) -> None:
        numerator = _check_quantity(self.numerator, "A numerator")
        denominator = _check_quantity(self.denominator, "A denominator")
        if numerator > denominator:
            raise FigureError(
                "numerator_above_denominator",
                f"{numerator} cannot be a part of {denominator}: the numerator of a rate "
                "cannot exceed its denominator.",
            )

    @property
    def has_data(self) -> bool:
        return self.denominator != _ZERO

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent, or None when the denominator is 0."""
        if not self.has_data:
            return None
        with arithmetic():
            return _exact_mul(self.numerator, _HUNDRED) / self.denominator


Figure: TypeAlias = Count | Ratio
PartFigures: TypeAlias = Mapping[int, Figure | None]
Figures: TypeAlias = Figure | PartFigures | None


class Outcome(StrEnum):
    NO_DATA = "no_data"
    NOT_MET = "not_met"
    MET = "met"
    EXCEEDED = "exceeded"

    @property
    def is_met(self) -> bool:
        return self in {Outcome.MET, Outcome.EXCEEDED}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A target's evaluation.

    ratio: r of DOMAIN.md §5 (negative when a change went the wrong way).
    achieved: the actual in the target's unit: the count, the rate in %, or the change
    in % (positive in the targeted direction). margin: achieved minus the target in that
    unit (count, percentage points), signed so that positive is better than the target.
    AllOf has no achieved/margin of its own (its parts have different units).
    """

    outcome: Outcome
    ratio: Decimal | None = None
    margin: Decimal | None = None
    achieved: Decimal | None = None
    parts: tuple[Evaluation, ...] = ()


_NO_DATA = Evaluation(Outcome.NO_DATA)


def _exact_mul(a: Decimal, b: Decimal) -> Decimal:
    with exact():
        return a * b


def _exact_sub(a: Decimal, b: Decimal) -> Decimal:
    with exact():
        return a - b


def _sign(a: Decimal, b: Decimal) -> int:
    return (a > b) - (a < b)


def _single(figures: Figures, what: str) -> Figure | None:
    if figures is None or isinstance(figures, Count | Ratio):
        return figures
    if isinstance(figures, Mapping):
        raise FigureError(
            "figure_kind", f"Part figures were given as the {what} of a single target."
        )
    raise FigureError(
        "type", f"The {what} must be a Count, a Ratio or None, got {type(figures).__name__}."
    )


def _count(figure: Figure, target: SimpleTarget) -> Decimal:
    if not isinstance(figure, Count):
        raise FigureError(
            "figure_kind", f"{type(target).__name__} on a count needs a Count, not a Ratio."
        )
    return figure.value


def _ratio(figure: Figure, target: SimpleTarget) -> Ratio:
    if not isinstance(figure, Ratio):
        raise FigureError(
            "figure_kind", f"{type(target).__name__} on a rate needs a Ratio, not a Count."
        )
    return figure


def _by_sign(sign: int, *, equal: Outcome) -> Outcome:
    if sign > 0:
        return Outcome.EXCEEDED
    return equal if sign == 0 else Outcome.NOT_MET


def _at_least(target: AtLeast, actual: Decimal) -> Evaluation:
    return Evaluation(
        _by_sign(_sign(actual, target.n), equal=Outcome.MET),
        ratio=actual / target.n,
        margin=_exact_sub(actual, target.n),
        achieved=actual,
    )


def _at_most(target: AtMost, actual: Decimal) -> Evaluation:
    margin = _exact_sub(target.n, actual)
    if actual <= target.n:
        return Evaluation(Outcome.MET, ratio=_ONE, margin=margin, achieved=actual)
    # Over the cap: proportional credit (twice the cap earns half), as at-least does for a
    # shortfall. Zero tolerance has no proportion to keep: any breach earns nothing.
    ratio = _ZERO if target.zero_tolerance else target.n / actual
    return Evaluation(Outcome.NOT_MET, ratio=ratio, margin=margin, achieved=actual)


def _rate_at_least(target: RateAtLeast, actual: Ratio) -> Evaluation:
    rate = actual.percent
    if rate is None:
        return _NO_DATA
    scaled = _exact_mul(actual.numerator, _HUNDRED)
    sign = _sign(scaled, _exact_mul(target.percent, actual.denominator))
    # Strict ("trên 90%") is only achieved above the threshold, so equality is not met;
    # there is no "exactly met" for it.
    outcome = _by_sign(sign, equal=Outcome.NOT_MET if target.strict else Outcome.MET)
    return Evaluation(
        outcome,
        ratio=scaled / _exact_mul(actual.denominator, target.percent),
        margin=rate - target.percent,
        achieved=rate,
    )


def _full_coverage(actual: Ratio) -> Evaluation:
    rate = actual.percent
    if rate is None:
        return _NO_DATA
    margin = rate - _HUNDRED
    if actual.numerator == actual.denominator:
        return Evaluation(Outcome.MET, ratio=_ONE, margin=margin, achieved=rate)
    # A coverage shortfall is a rate below 100%: r = rate ÷ 100, as RateAtLeast would give.
    return Evaluation(
        Outcome.NOT_MET, ratio=actual.numerator / actual.denominator, margin=margin, achieved=rate
    )


def _change(target: Change, actual: Decimal, baseline: Decimal) -> Evaluation:
    reduce = target.direction is ChangeDirection.REDUCE
    if baseline == _ZERO:
        # No percentage exists against nothing. Reduce: staying at 0 is the best possible
        # result (met, r = 1), any occurrence is a failure (r = 0), like zero tolerance.
        # Increase: something where there was nothing is met (r = 1), since an infinite
        # increase cannot be weighed against other units; staying at 0 earns nothing.
        met = (actual == _ZERO) if reduce else (actual > _ZERO)
        if met:
            return Evaluation(Outcome.MET, ratio=_ONE)
        return Evaluation(Outcome.NOT_MET, ratio=_ZERO)
    change = _exact_sub(baseline, actual) if reduce else _exact_sub(actual, baseline)
    scaled = _exact_mul(change, _HUNDRED)
    low = _sign(scaled, _exact_mul(target.min_percent, baseline))
    if low < 0:
        outcome = Outcome.NOT_MET
    elif target.max_percent is None:
        outcome = _by_sign(low, equal=Outcome.MET)
    else:
        # Inside the range p–q is met; only beyond q is exceeded. r stays relative to p.
        high = _sign(scaled, _exact_mul(target.max_percent, baseline))
        outcome = Outcome.EXCEEDED if high > 0 else Outcome.MET
    achieved = scaled / baseline
    return Evaluation(
        outcome,
        ratio=scaled / _exact_mul(baseline, target.min_percent),
        margin=achieved - target.min_percent,
        achieved=achieved,
    )


def _evaluate_simple(
    target: SimpleTarget, actual: Figure | None, baseline: Figure | None
) -> Evaluation:
    if actual is None:
        return _NO_DATA
    if isinstance(target, AtLeast):
        return _at_least(target, _count(actual, target))
    if isinstance(target, AtMost):
        return _at_most(target, _count(actual, target))
    if isinstance(target, RateAtLeast):
        return _rate_at_least(target, _ratio(actual, target))
    if isinstance(target, FullCoverage):
        return _full_coverage(_ratio(actual, target))
    value = _count(actual, target)
    if baseline is None:
        return _NO_DATA
    return _change(target, value, _count(baseline, target))


def _part_figures(figures: Figures, target: AllOf, what: str) -> PartFigures:
    if figures is None:
        return {}
    if not isinstance(figures, Mapping):
        raise FigureError(
            "figure_kind", f"AllOf needs its {what} as a mapping of part index to figure."
        )
    for index in figures:
        if isinstance(index, bool) or not isinstance(index, int):
            raise FigureError("unknown_part", f"Part index {index!r} is not an integer.")
        if not 0 <= index < len(target.parts):
            raise FigureError(
                "unknown_part",
                f"There is no part {index}; this AllOf has parts 0–{len(target.parts) - 1}.",
            )
    return figures


def _all_of(target: AllOf, actual: Figures, baseline: Figures) -> Evaluation:
    actuals = _part_figures(actual, target, "actual figures")
    baselines = _part_figures(baseline, target, "baseline figures")
    parts = tuple(
        _evaluate_simple(
            part,
            _single(actuals.get(index), f"actual of part {index}"),
            _single(baselines.get(index), f"baseline of part {index}"),
        )
        for index, part in enumerate(target.parts)
    )
    outcomes = {part.outcome for part in parts}
    known = [part.ratio for part in parts if part.ratio is not None]
    smallest = min(known) if known else None
    # A part known to fail settles "met only when all are met", so it wins over a part
    # without data; otherwise leaving one part unreported would hide the failure.
    if Outcome.NOT_MET in outcomes:
        return Evaluation(Outcome.NOT_MET, ratio=smallest, parts=parts)
    if Outcome.NO_DATA in outcomes:
        return Evaluation(Outcome.NO_DATA, parts=parts)
    if outcomes == {Outcome.EXCEEDED}:
        return Evaluation(Outcome.EXCEEDED, ratio=smallest, parts=parts)
    return Evaluation(Outcome.MET, ratio=smallest, parts=parts)


def evaluate(target: Target, actual: Figures, baseline: Figures = None) -> Evaluation:
    """Evaluate `target` on the period's `actual` figure.

    `baseline` is the same period of the baseline year, read only by Change targets (and
    Change parts). For AllOf both are mappings of part index to figure; a missing index
    is a part without data. A missing figure gives NO_DATA, never a guess.
    """
    with arithmetic():
        if isinstance(target, AllOf):
            return _all_of(target, actual, baseline)
        return _evaluate_simple(
            target, _single(actual, "actual figure"), _single(baseline, "baseline figure")
        )
