"""Totals, year to date, lineage (merged units' baselines) and the year-end projection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.engine.test_targets import (
    ALL_REPORTS_HANDLED,
    BIG_FIRES,
    CRIMES_DOWN_5,
    NO_RIOTS,
    REHAB_1438,
    RESOLUTION_ABOVE_90,
    SUSPENDED_DOWN_5_10,
    TRAFFIC_DOWN_5,
)
from thidua.engine.aggregation import (
    Combined,
    combine_predecessors,
    on_track,
    project_evaluation,
    project_year_end,
    sum_counts,
    sum_figures,
    sum_ratios,
    year_to_date,
)
from thidua.engine.evaluation import Count, Figure, FigureError, Figures, Outcome, Ratio
from thidua.engine.targets import AllOf, AtMost, Target

D = Decimal


def C(value: str | int) -> Count:
    return Count(D(value))


def R(numerator: str | int, denominator: str | int) -> Ratio:
    return Ratio(D(numerator), D(denominator))


# --- Sums ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([C(1), C(2), C(3)], C(6)),
        ([C(1), None, C(3)], C(4)),
        ([C("0.1"), C("0.2")], C("0.3")),
        ([None, None], None),
        ([], None),
    ],
)
def test_it_sums_the_counts_present(values: list[Count | None], expected: Count | None) -> None:
    assert sum_counts(values) == expected


@pytest.mark.parametrize(
    ("ratios", "expected"),
    [
        ([R(19, 20), R(1, 2)], R(20, 22)),
        ([R(931, 1000), None, R(9557, 10000)], R(10488, 11000)),
        ([R(0, 0), R(3, 4)], R(3, 4)),
        ([None], None),
        ([], None),
    ],
)
def test_it_sums_ratios_part_by_part(ratios: list[Ratio | None], expected: Ratio | None) -> None:
    assert sum_ratios(ratios) == expected


def test_it_never_averages_rates() -> None:
    combined = sum_ratios([R(19, 20), R(1, 2)])
    assert combined is not None
    # 95% of 20 and 50% of 2 is 20 of 22, not the 72.5% an average would claim.
    assert combined.percent == D("90.90909090909090909090909091")


@pytest.mark.parametrize(
    ("call", "values"),
    [
        (sum_counts, [C(1), R(1, 2)]),
        (sum_ratios, [R(1, 2), C(1)]),
        (sum_figures, [C(1), R(1, 2)]),
        (year_to_date, [C(1), R(1, 2)]),
    ],
)
def test_it_refuses_to_add_counts_and_ratios(call: object, values: list[Figure]) -> None:
    with pytest.raises(FigureError) as caught:
        call(values)  # type: ignore[operator]
    assert caught.value.code == "figure_kind"


def test_it_refuses_to_add_a_missing_figure_as_if_it_were_one() -> None:
    with pytest.raises(FigureError) as caught:
        sum_figures([C(1), None])  # type: ignore[list-item]
    assert caught.value.code == "type"


# --- Year to date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ([C(10), C(20), C(5)], C(35)),
        ([R(9, 10), R(18, 20), R(28, 30)], R(55, 60)),
        ([C(10), None, C(5)], None),
        ([R(9, 10), None], None),
        ([], None),
    ],
)
def test_it_sums_the_year_to_date_only_without_gaps(
    periods: list[Figure | None], expected: Figure | None
) -> None:
    assert year_to_date(periods) == expected


# --- Lineage ------------------------------------------------------------------------


def test_it_sums_predecessors_counts_for_a_merged_units_baseline() -> None:
    # Tây Ninh and Long An merged into Tây Ninh on 1 July 2025.
    combined = combine_predecessors([C(812), C(1045)])
    assert combined == Combined(C(1857), ())
    assert (combined.partial, combined.complete_figure) == (False, C(1857))


def test_it_recomputes_a_merged_units_rate_from_summed_parts() -> None:
    combined = combine_predecessors([R(931, 1000), R(9557, 10000)])
    assert combined.figure == R(10488, 11000)
    assert isinstance(combined.complete_figure, Ratio)
    assert combined.complete_figure.percent == D("95.34545454545454545454545455")


def test_it_flags_a_merged_units_baseline_as_partial_when_a_predecessor_did_not_report() -> None:
    combined = combine_predecessors([C(812), None, C(40)])
    assert combined == Combined(C(852), (1,))
    assert (combined.partial, combined.complete_figure) == (True, None)


def test_it_gives_no_combined_figure_when_no_predecessor_reported() -> None:
    combined = combine_predecessors([None, None])
    assert combined == Combined(None, (0, 1))
    assert (combined.partial, combined.complete_figure) == (False, None)


def test_it_refuses_to_combine_counts_with_rates() -> None:
    with pytest.raises(FigureError) as caught:
        combine_predecessors([C(1), R(1, 2)])
    assert caught.value.code == "figure_kind"


# --- Projection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ytd", "elapsed", "total", "expected"),
    [
        (C(30), 3, 12, C(120)),
        (C(10), 7, 12, C("17.14285714285714285714285714")),
        (C(450), 2, 4, C(900)),
        (C(7), 12, 12, C(7)),
        (C(0), 6, 12, C(0)),
        (R(931, 1000), 9, 12, R(931, 1000)),
        (None, 6, 12, None),
    ],
)
def test_it_projects_counts_linearly_and_keeps_rates(
    ytd: Figure | None, elapsed: int, total: int, expected: Figure | None
) -> None:
    assert project_year_end(ytd, elapsed, total) == expected


@pytest.mark.parametrize(("elapsed", "total"), [(0, 12), (13, 12), (-1, 12), (True, 12)])
def test_it_refuses_impossible_periods(elapsed: int, total: int) -> None:
    with pytest.raises(FigureError) as caught:
        project_year_end(C(1), elapsed, total)
    assert caught.value.code == "periods"


@pytest.mark.parametrize(
    ("target", "ytd", "baseline_ytd", "elapsed", "outcome"),
    [
        # 1.000 files after 9 months → 1.333,33 projected: short of 1.438.
        (REHAB_1438, C(1000), None, 9, Outcome.NOT_MET),
        (REHAB_1438, C(1100), None, 9, Outcome.EXCEEDED),
        (REHAB_1438, C(1438), None, 12, Outcome.MET),
        (REHAB_1438, None, None, 9, Outcome.NO_DATA),
        (NO_RIOTS, C(0), None, 6, Outcome.MET),
        (NO_RIOTS, C(1), None, 6, Outcome.NOT_MET),
        # 2 large fires in 6 months → 4 projected: over a cap of 3.
        (AtMost(BIG_FIRES, D(3)), C(1), None, 6, Outcome.MET),
        (AtMost(BIG_FIRES, D(3)), C(2), None, 6, Outcome.NOT_MET),
        (RESOLUTION_ABOVE_90, R(931, 1000), None, 9, Outcome.EXCEEDED),
        (ALL_REPORTS_HANDLED, R(99, 100), None, 3, Outcome.NOT_MET),
        # A change compares the same months of both years, without extrapolating.
        (CRIMES_DOWN_5, C(90), C(100), 6, Outcome.EXCEEDED),
        (CRIMES_DOWN_5, C(95), C(100), 6, Outcome.MET),
        (CRIMES_DOWN_5, C(96), C(100), 6, Outcome.NOT_MET),
        (CRIMES_DOWN_5, C(96), None, 6, Outcome.NO_DATA),
        (SUSPENDED_DOWN_5_10, C(88), C(100), 3, Outcome.EXCEEDED),
    ],
)
def test_it_tells_whether_a_target_is_on_track(
    target: Target, ytd: Figures, baseline_ytd: Figures, elapsed: int, outcome: Outcome
) -> None:
    assert on_track(target, ytd, baseline_ytd, elapsed, 12) is outcome


def test_it_projects_each_part_of_all_of_by_its_own_method() -> None:
    target = AllOf((REHAB_1438, CRIMES_DOWN_5))
    projection = project_evaluation(target, {0: C(1100), 1: C(90)}, {1: C(100)}, 9, 12)
    assert projection.outcome is Outcome.EXCEEDED
    assert [part.achieved for part in projection.parts] == [
        D("1466.666666666666666666666667"),
        D(10),
    ]


def test_it_projects_all_of_without_figures_as_no_data() -> None:
    assert on_track(TRAFFIC_DOWN_5, None, None, 6, 12) is Outcome.NO_DATA


@pytest.mark.parametrize(
    ("target", "ytd", "code"),
    [
        (REHAB_1438, {0: C(1)}, "figure_kind"),
        (TRAFFIC_DOWN_5, C(1), "figure_kind"),
        (TRAFFIC_DOWN_5, {5: C(1)}, "unknown_part"),
    ],
)
def test_it_refuses_projection_figures_that_do_not_fit(
    target: Target, ytd: Figures, code: str
) -> None:
    with pytest.raises(FigureError) as caught:
        on_track(target, ytd, None, 6, 12)
    assert caught.value.code == code


# --- Properties ---------------------------------------------------------------------

_pairs = st.integers(0, 10**9).flatmap(
    lambda denominator: st.tuples(st.integers(0, denominator), st.just(denominator))
)


@given(st.lists(_pairs, min_size=1, max_size=20))
def test_it_sums_ratios_as_the_ratio_of_sums(pairs: list[tuple[int, int]]) -> None:
    total = sum_ratios([R(n, d) for n, d in pairs])
    assert total == R(sum(n for n, _ in pairs), sum(d for _, d in pairs))


@given(st.lists(_pairs.filter(lambda pair: pair[1] > 0), min_size=1, max_size=20))
def test_it_keeps_a_combined_rate_between_its_parts(pairs: list[tuple[int, int]]) -> None:
    total = sum_ratios([R(n, d) for n, d in pairs])
    assert total is not None
    assert total.percent is not None
    percents = [R(n, d).percent for n, d in pairs]
    assert min(p for p in percents if p is not None) <= total.percent
    assert total.percent <= max(p for p in percents if p is not None)


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12))
def test_it_sums_a_year_to_date_exactly(values: list[int]) -> None:
    assert year_to_date([C(v) for v in values]) == C(sum(values))


@given(st.integers(0, 10**6), st.integers(1, 12))
def test_it_projects_a_full_year_as_itself(value: int, total: int) -> None:
    assert project_year_end(C(value), total, total) == C(value)
