"""Evaluation: outcome, achievement ratio r (DOMAIN.md §5), margin, for every shape.

Expected ratios with 28 significant digits were worked out as exact fractions and rounded
half even at the 28th digit (e.g. 2662/1438 = 1.85118219749652294853963838664…).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.engine.test_targets import (
    ALL_REPORTS_HANDLED,
    BIG_FIRES,
    CLEARANCE,
    CLEARANCE_ABOVE_75,
    CRIMES,
    CRIMES_DOWN_5,
    HIGHER,
    INCREASE,
    NO_RIOTS,
    REDUCE,
    REHAB_1438,
    REHAB_FILES,
    RESOLUTION,
    RESOLUTION_ABOVE_90,
    RESOLUTION_FROM_90,
    SUSPENDED_DOWN_5_10,
    TRAFFIC_DOWN_5,
    decimals,
)
from thidua.engine.evaluation import (
    Count,
    Evaluation,
    FigureError,
    Figures,
    Outcome,
    Ratio,
    evaluate,
)
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    Measure,
    RateAtLeast,
    Target,
)

D = Decimal
NO_DATA = Outcome.NO_DATA
NOT_MET = Outcome.NOT_MET
MET = Outcome.MET
EXCEEDED = Outcome.EXCEEDED
RANK = {NOT_MET: 0, MET: 1, EXCEEDED: 2}

BIG_FIRES_AT_MOST_3 = AtMost(BIG_FIRES, D(3))
INNOVATIONS = Measure("số sáng kiến", "the number of innovations", "sáng kiến", "ideas", HIGHER)
INNOVATIONS_UP_5 = Change(INNOVATIONS, INCREASE, D(5), None, 2024)


def C(value: str | int) -> Count:
    return Count(D(value))


def R(numerator: str | int, denominator: str | int) -> Ratio:
    return Ratio(D(numerator), D(denominator))


def E(
    outcome: Outcome,
    ratio: str | None = None,
    margin: str | None = None,
    achieved: str | None = None,
) -> Evaluation:
    return Evaluation(
        outcome,
        None if ratio is None else D(ratio),
        None if margin is None else D(margin),
        None if achieved is None else D(achieved),
    )


# --- At least -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        # Cụm 10, 2024: 2.662 files against 1.438 assigned.
        ("2662", E(EXCEEDED, "1.851182197496522948539638387", "1224", "2662")),
        ("1438", E(MET, "1", "0", "1438")),
        ("719", E(NOT_MET, "0.5", "-719", "719")),
        ("0", E(NOT_MET, "0", "-1438", "0")),
    ],
)
def test_it_evaluates_an_at_least_target(actual: str, expected: Evaluation) -> None:
    assert evaluate(REHAB_1438, C(actual)) == expected


# --- Rates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        # Cụm 10, 2024, very serious cases against "trên 90%": Tây Ninh, Long An, Bình Phước.
        (
            RESOLUTION_ABOVE_90,
            R(931, 1000),
            E(EXCEEDED, "1.034444444444444444444444444", "3.1", "93.1"),
        ),
        (
            RESOLUTION_ABOVE_90,
            R(9557, 10000),
            E(EXCEEDED, "1.061888888888888888888888889", "5.57", "95.57"),
        ),
        (
            RESOLUTION_ABOVE_90,
            R(902, 1000),
            E(EXCEEDED, "1.002222222222222222222222222", "0.2", "90.2"),
        ),
        # Exactly the threshold: not "above" it, but "from 90% up".
        (RESOLUTION_ABOVE_90, R(9, 10), E(NOT_MET, "1", "0", "90")),
        (RESOLUTION_FROM_90, R(9, 10), E(MET, "1", "0", "90")),
        (
            RESOLUTION_FROM_90,
            R(931, 1000),
            E(EXCEEDED, "1.034444444444444444444444444", "3.1", "93.1"),
        ),
        (RESOLUTION_ABOVE_90, R(89, 100), E(NOT_MET, "0.9888888888888888888888888889", "-1", "89")),
        (RESOLUTION_FROM_90, R(89, 100), E(NOT_MET, "0.9888888888888888888888888889", "-1", "89")),
        (
            RESOLUTION_ABOVE_90,
            R(27, 29),
            E(
                EXCEEDED,
                "1.034482758620689655172413793",
                "3.10344827586206896551724138",
                "93.10344827586206896551724138",
            ),
        ),
        (CLEARANCE_ABOVE_75, R(3, 4), E(NOT_MET, "1", "0", "75")),
        (CLEARANCE_ABOVE_75, R(0, 8), E(NOT_MET, "0", "-75", "0")),
        (CLEARANCE_ABOVE_75, R(0, 0), E(NO_DATA)),
    ],
)
def test_it_evaluates_a_rate_target(target: Target, actual: Ratio, expected: Evaluation) -> None:
    assert evaluate(target, actual) == expected


# --- Full coverage ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (R(1200, 1200), E(MET, "1", "0", "100")),
        (R(998, 1000), E(NOT_MET, "0.998", "-0.2", "99.8")),
        (R(0, 5), E(NOT_MET, "0", "-100", "0")),
        (R(0, 0), E(NO_DATA)),
    ],
)
def test_it_evaluates_full_coverage_as_met_or_not_never_exceeded(
    actual: Ratio, expected: Evaluation
) -> None:
    assert evaluate(ALL_REPORTS_HANDLED, actual) == expected


# --- At most and zero tolerance -----------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        (NO_RIOTS, "0", E(MET, "1", "0", "0")),
        (NO_RIOTS, "1", E(NOT_MET, "0", "-1", "1")),
        (NO_RIOTS, "7", E(NOT_MET, "0", "-7", "7")),
        (BIG_FIRES_AT_MOST_3, "0", E(MET, "1", "3", "0")),
        (BIG_FIRES_AT_MOST_3, "3", E(MET, "1", "0", "3")),
        (BIG_FIRES_AT_MOST_3, "6", E(NOT_MET, "0.5", "-3", "6")),
        (BIG_FIRES_AT_MOST_3, "4", E(NOT_MET, "0.75", "-1", "4")),
    ],
)
def test_it_evaluates_at_most_as_met_or_not_never_exceeded(
    target: Target, actual: str, expected: Evaluation
) -> None:
    assert evaluate(target, C(actual)) == expected


# --- Change against a baseline ------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "baseline", "actual", "expected"),
    [
        (CRIMES_DOWN_5, "100", "95", E(MET, "1", "0", "5")),
        (CRIMES_DOWN_5, "100", "90", E(EXCEEDED, "2", "5", "10")),
        (CRIMES_DOWN_5, "100", "97", E(NOT_MET, "0.6", "-2", "3")),
        (CRIMES_DOWN_5, "100", "100", E(NOT_MET, "0", "-5", "0")),
        # Crimes went up: the achievement is negative, and so is r (the scorer clamps).
        (CRIMES_DOWN_5, "100", "110", E(NOT_MET, "-2", "-15", "-10")),
        (CRIMES_DOWN_5, "1000", "938", E(EXCEEDED, "1.24", "1.2", "6.2")),
        (CRIMES_DOWN_5, "100", "0", E(EXCEEDED, "20", "95", "100")),
        (
            CRIMES_DOWN_5,
            "3",
            "2",
            E(
                EXCEEDED,
                "6.666666666666666666666666667",
                "28.33333333333333333333333333",
                "33.33333333333333333333333333",
            ),
        ),
        # "Giảm 5–10%": met anywhere in the range, exceeded only beyond 10%; r relative to 5%.
        (SUSPENDED_DOWN_5_10, "100", "97", E(NOT_MET, "0.6", "-2", "3")),
        (SUSPENDED_DOWN_5_10, "100", "95", E(MET, "1", "0", "5")),
        (SUSPENDED_DOWN_5_10, "100", "92", E(MET, "1.6", "3", "8")),
        (SUSPENDED_DOWN_5_10, "100", "90", E(MET, "2", "5", "10")),
        (SUSPENDED_DOWN_5_10, "100", "88", E(EXCEEDED, "2.4", "7", "12")),
        (SUSPENDED_DOWN_5_10, "100", "105", E(NOT_MET, "-1", "-10", "-5")),
        (INNOVATIONS_UP_5, "200", "210", E(MET, "1", "0", "5")),
        (INNOVATIONS_UP_5, "200", "220", E(EXCEEDED, "2", "5", "10")),
        (INNOVATIONS_UP_5, "200", "190", E(NOT_MET, "-1", "-10", "-5")),
        # Baseline 0: no percentage exists (see docs/engine-targets.md).
        (CRIMES_DOWN_5, "0", "0", E(MET, "1")),
        (CRIMES_DOWN_5, "0", "3", E(NOT_MET, "0")),
        (INNOVATIONS_UP_5, "0", "4", E(MET, "1")),
        (INNOVATIONS_UP_5, "0", "0", E(NOT_MET, "0")),
    ],
)
def test_it_evaluates_a_change_against_the_baseline_period(
    target: Target, baseline: str, actual: str, expected: Evaluation
) -> None:
    assert evaluate(target, C(actual), C(baseline)) == expected


@pytest.mark.parametrize(("actual", "baseline"), [(None, C(100)), (C(95), None), (None, None)])
def test_it_gives_no_data_for_a_change_without_both_figures(
    actual: Count | None, baseline: Count | None
) -> None:
    assert evaluate(CRIMES_DOWN_5, actual, baseline) == Evaluation(NO_DATA)


@pytest.mark.parametrize(
    "target", [REHAB_1438, NO_RIOTS, RESOLUTION_ABOVE_90, ALL_REPORTS_HANDLED, TRAFFIC_DOWN_5]
)
def test_it_gives_no_data_for_a_missing_figure(target: Target) -> None:
    assert evaluate(target, None).outcome is NO_DATA


def test_it_ignores_a_baseline_for_targets_that_do_not_compare() -> None:
    assert evaluate(REHAB_1438, C(1438), C(5)) == evaluate(REHAB_1438, C(1438))


# --- All of -------------------------------------------------------------------------

TRAFFIC_2024 = {0: C(100), 1: C(50), 2: C(80)}


@pytest.mark.parametrize(
    ("actual", "outcome", "ratio", "part_outcomes"),
    [
        ({0: C(95), 1: C(45), 2: C(76)}, MET, "1", (MET, EXCEEDED, MET)),
        ({0: C(90), 1: C(45), 2: C(72)}, EXCEEDED, "2", (EXCEEDED, EXCEEDED, EXCEEDED)),
        ({0: C(99), 1: C(40), 2: C(60)}, NOT_MET, "0.2", (NOT_MET, EXCEEDED, EXCEEDED)),
        ({0: C(95), 1: C(45)}, NO_DATA, None, (MET, EXCEEDED, NO_DATA)),
        ({0: C(95), 1: C(45), 2: None}, NO_DATA, None, (MET, EXCEEDED, NO_DATA)),
        # A part known to fail settles it, even with another part missing.
        ({0: C(99), 1: C(45)}, NOT_MET, "0.2", (NOT_MET, EXCEEDED, NO_DATA)),
        ({}, NO_DATA, None, (NO_DATA, NO_DATA, NO_DATA)),
    ],
)
def test_it_meets_all_of_only_when_every_part_is_met(
    actual: dict[int, Count | None],
    outcome: Outcome,
    ratio: str | None,
    part_outcomes: tuple[Outcome, ...],
) -> None:
    result = evaluate(TRAFFIC_DOWN_5, actual, TRAFFIC_2024)
    assert (result.outcome, result.ratio, result.margin, result.achieved) == (
        outcome,
        None if ratio is None else D(ratio),
        None,
        None,
    )
    assert tuple(part.outcome for part in result.parts) == part_outcomes


def test_it_evaluates_each_part_of_all_of_as_on_its_own() -> None:
    result = evaluate(TRAFFIC_DOWN_5, {0: C(95), 1: C(45), 2: C(76)}, TRAFFIC_2024)
    assert result.parts == (
        E(MET, "1", "0", "5"),
        E(EXCEEDED, "2", "5", "10"),
        E(MET, "1", "0", "5"),
    )


def test_it_evaluates_all_of_mixing_shapes() -> None:
    target = AllOf((NO_RIOTS, RESOLUTION_ABOVE_90, CRIMES_DOWN_5))
    result = evaluate(target, {0: C(0), 1: R(931, 1000), 2: C(90)}, {2: C(100)})
    # Zero tolerance can only be met, so the whole can only be met.
    assert (result.outcome, result.ratio) == (MET, D(1))


def test_it_gives_all_of_no_data_without_any_figures() -> None:
    result = evaluate(TRAFFIC_DOWN_5, None)
    assert result == Evaluation(NO_DATA, parts=(Evaluation(NO_DATA),) * 3)


# --- Bad figures --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "build"),
    [
        ("negative", lambda: Count(D(-1))),
        ("negative", lambda: Ratio(D(-1), D(3))),
        ("negative", lambda: Ratio(D(0), D(-3))),
        ("numerator_above_denominator", lambda: Ratio(D(30), D(29))),
        ("numerator_above_denominator", lambda: Ratio(D(1), D(0))),
        ("type", lambda: Count(0.5)),  # type: ignore[arg-type]
        ("type", lambda: Count(5)),  # type: ignore[arg-type]
        ("not_finite", lambda: Count(D("NaN"))),
        ("not_finite", lambda: Ratio(D(1), D("Infinity"))),
    ],
)
def test_it_refuses_an_invalid_figure_with_a_code(code: str, build: Callable[[], object]) -> None:
    with pytest.raises(FigureError) as caught:
        build()
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("code", "target", "actual", "baseline"),
    [
        ("figure_kind", REHAB_1438, R(1, 2), None),
        ("figure_kind", RESOLUTION_ABOVE_90, C(93), None),
        ("figure_kind", ALL_REPORTS_HANDLED, C(100), None),
        ("figure_kind", CRIMES_DOWN_5, C(95), R(1, 2)),
        ("figure_kind", REHAB_1438, {0: C(1)}, None),
        ("figure_kind", TRAFFIC_DOWN_5, C(95), None),
        ("figure_kind", TRAFFIC_DOWN_5, {0: C(95)}, C(100)),
        ("figure_kind", TRAFFIC_DOWN_5, {0: R(1, 2)}, TRAFFIC_2024),
        ("unknown_part", TRAFFIC_DOWN_5, {3: C(95)}, TRAFFIC_2024),
        ("unknown_part", TRAFFIC_DOWN_5, {0: C(95)}, {-1: C(100)}),
        ("type", REHAB_1438, D(5), None),
    ],
)
def test_it_refuses_figures_that_do_not_fit_the_target(
    code: str, target: Target, actual: Figures, baseline: Figures
) -> None:
    with pytest.raises(FigureError) as caught:
        evaluate(target, actual, baseline)
    assert caught.value.code == code


def test_it_gives_the_rate_of_a_ratio_in_percent() -> None:
    assert (R(931, 1000).percent, R(0, 0).percent, R(0, 0).has_data) == (D("93.1"), None, False)


@pytest.mark.parametrize(
    ("outcome", "is_met"), [(NO_DATA, False), (NOT_MET, False), (MET, True), (EXCEEDED, True)]
)
def test_it_tells_which_outcomes_count_as_met(outcome: Outcome, is_met: bool) -> None:
    assert outcome.is_met is is_met


# --- Properties ---------------------------------------------------------------------

counts = decimals("0", "1000000")


def _not_lower(better: Evaluation, worse: Evaluation) -> bool:
    assert better.ratio is not None
    assert worse.ratio is not None
    return RANK[better.outcome] >= RANK[worse.outcome] and better.ratio >= worse.ratio


@given(decimals("0.01", "100000"), counts, counts)
def test_it_never_lowers_an_at_least_result_when_the_actual_rises(
    n: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    target = AtLeast(REHAB_FILES, n)
    assert _not_lower(evaluate(target, Count(high)), evaluate(target, Count(low)))


@given(decimals("0.01", "99.99"), st.booleans(), st.integers(1, 10**6), st.data())
def test_it_never_lowers_a_rate_result_when_the_numerator_rises(
    percent: Decimal, strict: bool, denominator: int, data: st.DataObject
) -> None:
    a = data.draw(st.integers(0, denominator))
    b = data.draw(st.integers(0, denominator))
    low, high = sorted((a, b))
    target = RateAtLeast(CLEARANCE, percent, strict)
    assert _not_lower(
        evaluate(target, Ratio(D(high), D(denominator))),
        evaluate(target, Ratio(D(low), D(denominator))),
    )


@given(decimals("0", "100000"), counts, counts)
def test_it_never_lowers_an_at_most_result_when_the_actual_falls(
    n: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    target = AtMost(BIG_FIRES, n)
    assert _not_lower(evaluate(target, Count(low)), evaluate(target, Count(high)))


@given(
    decimals("0.01", "99.99"),
    st.one_of(st.none(), decimals("0.01", "100")),
    decimals("0", "1000000"),
    counts,
    counts,
)
def test_it_never_lowers_a_reduction_result_when_the_actual_falls(
    low_percent: Decimal, high_percent: Decimal | None, baseline: Decimal, a: Decimal, b: Decimal
) -> None:
    assume(high_percent is None or high_percent > low_percent)
    target = Change(CRIMES, REDUCE, low_percent, high_percent, 2024)
    low, high = sorted((a, b))
    assert _not_lower(
        evaluate(target, Count(low), Count(baseline)),
        evaluate(target, Count(high), Count(baseline)),
    )


@given(decimals("0.01", "99.99"), st.integers(1, 10**6), st.data())
def test_it_tells_strict_from_inclusive_only_at_equality(
    percent: Decimal, denominator: int, data: st.DataObject
) -> None:
    numerator = data.draw(st.integers(0, denominator))
    ratio = Ratio(D(numerator), D(denominator))
    strict = evaluate(RateAtLeast(RESOLUTION, percent, strict=True), ratio)
    inclusive = evaluate(RateAtLeast(RESOLUTION, percent, strict=False), ratio)
    if D(numerator) * 100 == percent * denominator:
        assert (strict.outcome, inclusive.outcome) == (NOT_MET, MET)
    else:
        assert strict == inclusive
    assert (strict.ratio, strict.margin, strict.achieved) == (
        inclusive.ratio,
        inclusive.margin,
        inclusive.achieved,
    )


@given(decimals("0.01", "99.99"), decimals("0.01", "1000000"), counts)
def test_it_meets_a_reduction_exactly_when_the_achieved_reduction_reaches_the_target(
    percent: Decimal, baseline: Decimal, actual: Decimal
) -> None:
    result = evaluate(Change(CRIMES, REDUCE, percent, None, 2024), Count(actual), Count(baseline))
    reached = (baseline - actual) * 100 >= percent * baseline
    assert result.outcome.is_met is reached


@given(st.sampled_from([REHAB_1438, NO_RIOTS, BIG_FIRES_AT_MOST_3]), counts)
def test_it_meets_a_count_target_exactly_when_r_reaches_one(
    target: Target, actual: Decimal
) -> None:
    result = evaluate(target, Count(actual))
    assert result.ratio is not None
    assert result.outcome.is_met is (result.ratio >= 1)


def test_it_does_not_depend_on_the_callers_decimal_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        result = evaluate(REHAB_1438, C(2662))
    assert result.ratio == D("1.851182197496522948539638387")
