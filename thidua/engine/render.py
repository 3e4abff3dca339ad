"""Targets and results as sentences, the way covenants and reports write them.

Target values are shown exactly (5%, 7,5%, 1.438); results are rounded half up to two
decimals (93,10%). English sentences carry no unit after a count, since the English
measure name already says what is counted and "1 cases" is worse than no unit.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from thidua.engine.evaluation import Evaluation, Outcome
from thidua.engine.numbers import (
    arithmetic,
    format_number_en,
    format_number_vi,
    format_percent_en,
    format_percent_vi,
    places_of,
)
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    Measure,
    RateAtLeast,
    SimpleTarget,
    Target,
)

__all__ = ["render_en", "render_result_en", "render_result_vi", "render_vi"]

_HUNDRED = Decimal(100)
_DASH = "–"  # an en dash, as Vietnamese typesetting writes ranges: 5–10%


def _capitalize(text: str) -> str:
    # str.capitalize() would lower-case the rest, breaking names such as "Đề án 06".
    return text[:1].upper() + text[1:]


def _exact_vi(x: Decimal) -> str:
    return format_number_vi(x, places_of(x))


def _exact_en(x: Decimal) -> str:
    return format_number_en(x, places_of(x))


def _join(items: list[str], conjunction: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _amount(change: Change, number: Callable[[Decimal], str]) -> str:
    low = number(change.min_percent)
    if change.max_percent is None:
        return f"{low}%"
    return f"{low}{_DASH}{number(change.max_percent)}%"


def _shared_change(target: AllOf) -> Change | None:
    """The first part when every part is a Change by the same amount against the same year."""
    first = target.parts[0]
    if not isinstance(first, Change):
        return None
    for part in target.parts[1:]:
        if not isinstance(part, Change) or (
            part.direction,
            part.min_percent,
            part.max_percent,
            part.baseline_year,
        ) != (first.direction, first.min_percent, first.max_percent, first.baseline_year):
            return None
    return first


# --- Vietnamese ---------------------------------------------------------------------


def _clause_vi(target: SimpleTarget) -> str:
    measure = target.measure
    if isinstance(target, AtLeast):
        return f"{measure.name_vi} đạt ít nhất {_exact_vi(target.n)} {measure.unit_vi}"
    if isinstance(target, AtMost):
        if target.zero_tolerance:
            if measure.event_vi is not None:
                return f"không để xảy ra {measure.event_vi}"
            return f"{measure.name_vi} bằng 0"
        if measure.event_vi is not None:
            return f"không quá {_exact_vi(target.n)} {measure.unit_vi} {measure.event_vi}"
        return f"{measure.name_vi} không quá {_exact_vi(target.n)} {measure.unit_vi}"
    if isinstance(target, RateAtLeast):
        percent = _exact_vi(target.percent)
        if target.strict:
            return f"{measure.name_vi} đạt trên {percent}%"
        return f"{measure.name_vi} đạt từ {percent}% trở lên"
    if isinstance(target, FullCoverage):
        if measure.coverage_vi is not None:
            return f"100% {measure.coverage_vi}"
        return f"{measure.name_vi} đạt 100%"
    reduce = target.direction is ChangeDirection.REDUCE
    if target.max_percent is None:
        verb = "kéo giảm ít nhất" if reduce else "tăng ít nhất"
    else:
        verb = "giảm" if reduce else "tăng"
    amount = _amount(target, _exact_vi)
    return f"{verb} {amount} {measure.name_vi} so với năm {target.baseline_year}"


def _all_of_vi(target: AllOf) -> str:
    count = len(target.parts)
    about = f" về {target.subject_vi}" if target.subject_vi is not None else ""
    shared = _shared_change(target)
    if shared is not None:
        # The covenant form: "giảm 5% cả 3 tiêu chí: số vụ, số người chết và …".
        verb = "giảm" if shared.direction is ChangeDirection.REDUCE else "tăng"
        names = [_name_in_group_vi(part.measure, target) for part in target.parts]
        return (
            f"{verb} {_amount(shared, _exact_vi)} cả {count} tiêu chí{about}: "
            f"{_join(names, 'và')} so với năm {shared.baseline_year}"
        )
    clauses = "; ".join(_clause_vi(part) for part in target.parts)
    return f"đạt cả {count} chỉ tiêu{about}: {clauses}"


def _name_in_group_vi(measure: Measure, target: AllOf) -> str:
    # Short names ("số người chết") only read right after a subject that gives context.
    if target.subject_vi is not None and measure.short_vi is not None:
        return measure.short_vi
    return measure.name_vi


def render_vi(target: Target) -> str:
    """The target as a Vietnamese sentence, e.g. "Tỷ lệ điều tra, khám phá án đạt trên 75%"."""
    if isinstance(target, AllOf):
        return _capitalize(_all_of_vi(target))
    return _capitalize(_clause_vi(target))


# --- English ------------------------------------------------------------------------


def _clause_en(target: SimpleTarget) -> str:
    measure = target.measure
    if isinstance(target, AtLeast):
        return f"bring {measure.name_en} to at least {_exact_en(target.n)}"
    if isinstance(target, AtMost):
        if target.zero_tolerance:
            if measure.event_en is not None:
                return f"allow no {measure.event_en}"
            return f"keep {measure.name_en} at zero"
        return f"keep {measure.name_en} at no more than {_exact_en(target.n)}"
    if isinstance(target, RateAtLeast):
        percent = _exact_en(target.percent)
        if target.strict:
            return f"bring {measure.name_en} above {percent}%"
        return f"bring {measure.name_en} to at least {percent}%"
    if isinstance(target, FullCoverage):
        if measure.coverage_en is not None:
            return f"ensure 100% of {measure.coverage_en}"
        return f"bring {measure.name_en} to 100%"
    verb = "reduce" if target.direction is ChangeDirection.REDUCE else "increase"
    at_least = "at least " if target.max_percent is None else ""
    return (
        f"{verb} {measure.name_en} by {at_least}{_amount(target, _exact_en)} "
        f"compared with {target.baseline_year}"
    )


def _all_of_en(target: AllOf) -> str:
    count = len(target.parts)
    shared = _shared_change(target)
    if shared is not None:
        verb = "reduce" if shared.direction is ChangeDirection.REDUCE else "increase"
        which = "both measures" if count == 2 else f"all {count} measures"
        about = f" of {target.subject_en}" if target.subject_en is not None else ""
        at_least = "at least " if shared.max_percent is None else ""
        names = [_name_in_group_en(part.measure, target) for part in target.parts]
        return (
            f"{verb} {which}{about} by {at_least}{_amount(shared, _exact_en)} compared with "
            f"{shared.baseline_year}: {_join(names, 'and')}"
        )
    which = "both targets" if count == 2 else f"all {count} targets"
    about = f" on {target.subject_en}" if target.subject_en is not None else ""
    clauses = "; ".join(_clause_en(part) for part in target.parts)
    return f"meet {which}{about}: {clauses}"


def _name_in_group_en(measure: Measure, target: AllOf) -> str:
    if target.subject_en is not None and measure.short_en is not None:
        return measure.short_en
    return measure.name_en


def render_en(target: Target) -> str:
    """The target as an English sentence, e.g. "Bring the clearance rate above 75%"."""
    if isinstance(target, AllOf):
        return _capitalize(_all_of_en(target))
    return _capitalize(_clause_en(target))


# --- Results ------------------------------------------------------------------------


def _check_matches(target: Target, evaluation: Evaluation) -> None:
    expected = len(target.parts) if isinstance(target, AllOf) else 0
    if len(evaluation.parts) != expected:
        raise ValueError(
            f"The evaluation has {len(evaluation.parts)} parts, the target {expected}: "
            "it is not this target's evaluation."
        )


def _required(value: Decimal | None) -> Decimal:
    if value is None:
        raise ValueError("The evaluation lacks a figure that its outcome implies.")
    return value


def _count_vi(x: Decimal) -> str:
    return format_number_vi(x, 2, trim=True)


def _count_en(x: Decimal) -> str:
    return format_number_en(x, 2, trim=True)


def _percent_of(ratio: Decimal) -> Decimal:
    with arithmetic():
        return ratio * _HUNDRED


def _result_vi(target: SimpleTarget, evaluation: Evaluation) -> str:
    if evaluation.outcome is Outcome.NO_DATA:
        return "không có số liệu"
    unit = target.measure.unit_vi
    if isinstance(target, AtLeast):
        actual = _required(evaluation.achieved)
        share = format_percent_vi(_percent_of(_required(evaluation.ratio)))
        return f"{_count_vi(actual)}/{_count_vi(target.n)} {unit} ({share})"
    if isinstance(target, AtMost):
        actual = _required(evaluation.achieved)
        if target.zero_tolerance:
            return (
                "không xảy ra"
                if evaluation.outcome.is_met
                else f"xảy ra {_count_vi(actual)} {unit}"
            )
        return f"{_count_vi(actual)} {unit} (không quá {_exact_vi(target.n)})"
    if isinstance(target, RateAtLeast):
        rate = format_percent_vi(_required(evaluation.achieved))
        percent = _exact_vi(target.percent)
        wanted = f"trên {percent}%" if target.strict else f"từ {percent}% trở lên"
        return f"{rate} ({wanted})"
    if isinstance(target, FullCoverage):
        return f"{format_percent_vi(_required(evaluation.achieved))} (mục tiêu 100%)"
    reduce = target.direction is ChangeDirection.REDUCE
    verb, opposite = ("giảm", "tăng") if reduce else ("tăng", "giảm")
    amount = _amount(target, _exact_vi)
    year = target.baseline_year
    if evaluation.achieved is None:
        # Baseline 0: no percentage exists; say whether anything happened this period.
        stayed_zero = evaluation.outcome.is_met == reduce
        now = "kỳ này bằng 0" if stayed_zero else "kỳ này có phát sinh"
        return f"năm {year} bằng 0, {now}"
    achieved = evaluation.achieved
    if achieved > 0:
        return f"{verb} {format_percent_vi(achieved)} (mục tiêu {amount})"
    if achieved < 0:
        return f"{opposite} {format_percent_vi(-achieved)} (mục tiêu {verb} {amount})"
    return f"không đổi (mục tiêu {verb} {amount})"


def render_result_vi(target: Target, evaluation: Evaluation) -> str:
    """A short result phrase: "2.662/1.438 hồ sơ (185,12%)", "93,10% (trên 90%)"."""
    _check_matches(target, evaluation)
    if evaluation.outcome is Outcome.NO_DATA and all(
        part.outcome is Outcome.NO_DATA for part in evaluation.parts
    ):
        return "Không có số liệu"
    if isinstance(target, AllOf):
        return "; ".join(
            f"{_name_in_group_vi(part.measure, target)}: {_result_vi(part, result)}"
            for part, result in zip(target.parts, evaluation.parts, strict=True)
        )
    return _result_vi(target, evaluation)


def _result_en(target: SimpleTarget, evaluation: Evaluation) -> str:
    if evaluation.outcome is Outcome.NO_DATA:
        return "no data"
    if isinstance(target, AtLeast):
        actual = _required(evaluation.achieved)
        share = format_percent_en(_percent_of(_required(evaluation.ratio)))
        return f"{_count_en(actual)}/{_count_en(target.n)} ({share})"
    if isinstance(target, AtMost):
        actual = _required(evaluation.achieved)
        if target.zero_tolerance:
            return "none" if evaluation.outcome.is_met else f"{_count_en(actual)} occurred"
        return f"{_count_en(actual)} (at most {_exact_en(target.n)})"
    if isinstance(target, RateAtLeast):
        rate = format_percent_en(_required(evaluation.achieved))
        percent = _exact_en(target.percent)
        wanted = f"above {percent}%" if target.strict else f"at least {percent}%"
        return f"{rate} ({wanted})"
    if isinstance(target, FullCoverage):
        return f"{format_percent_en(_required(evaluation.achieved))} (target 100%)"
    reduce = target.direction is ChangeDirection.REDUCE
    verb, opposite = ("down", "up") if reduce else ("up", "down")
    amount = _amount(target, _exact_en)
    year = target.baseline_year
    if evaluation.achieved is None:
        stayed_zero = evaluation.outcome.is_met == reduce
        return f"{year} was 0, {'still 0' if stayed_zero else 'now above 0'}"
    achieved = evaluation.achieved
    if achieved > 0:
        return f"{verb} {format_percent_en(achieved)} (target {amount})"
    if achieved < 0:
        return f"{opposite} {format_percent_en(-achieved)} (target: {verb} {amount})"
    return f"unchanged (target: {verb} {amount})"


def render_result_en(target: Target, evaluation: Evaluation) -> str:
    """A short result phrase: "2,662/1,438 (185.12%)", "93.10% (above 90%)"."""
    _check_matches(target, evaluation)
    if evaluation.outcome is Outcome.NO_DATA and all(
        part.outcome is Outcome.NO_DATA for part in evaluation.parts
    ):
        return "No data"
    if isinstance(target, AllOf):
        return "; ".join(
            f"{_name_in_group_en(part.measure, target)}: {_result_en(part, result)}"
            for part, result in zip(target.parts, evaluation.parts, strict=True)
        )
    return _result_en(target, evaluation)
