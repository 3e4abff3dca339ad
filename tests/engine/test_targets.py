"""Target shapes: validation, baseline years, and the stored dict form.

The measures and the Hypothesis strategy for targets defined here are shared with the
evaluation, render and aggregation tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.engine.targets import (
    FORMAT_VERSION,
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    Measure,
    MeasureDirection,
    RateAtLeast,
    SimpleTarget,
    Target,
    TargetError,
    check_baseline_year,
    target_from_dict,
    target_to_dict,
)

D = Decimal
LOWER = MeasureDirection.LOWER_IS_BETTER
HIGHER = MeasureDirection.HIGHER_IS_BETTER
REDUCE = ChangeDirection.REDUCE
INCREASE = ChangeDirection.INCREASE

# --- Measures from the seed reports -------------------------------------------------

CRIMES = Measure(
    name_vi="số vụ phạm tội về trật tự xã hội",
    name_en="the number of crimes against social order",
    unit_vi="vụ",
    unit_en="cases",
    direction=LOWER,
)
SUSPENDED = Measure(
    name_vi="số lượng các vụ án, vụ việc tạm đình chỉ",
    name_en="the number of suspended cases and matters",
    unit_vi="vụ",
    unit_en="cases",
    direction=LOWER,
)
BIG_FIRES = Measure(
    name_vi="số vụ cháy lớn",
    name_en="the number of large fires",
    unit_vi="vụ",
    unit_en="fires",
    direction=LOWER,
    event_vi="cháy lớn gây thiệt hại nghiêm trọng",
    event_en="large fires causing serious damage",
)
RIOTS = Measure(
    name_vi="số vụ bạo loạn, khủng bố",
    name_en="the number of riots and terrorist attacks",
    unit_vi="vụ",
    unit_en="incidents",
    direction=LOWER,
    event_vi="bạo loạn, khủng bố",
    event_en="riots or terrorist attacks",
)
REHAB_FILES = Measure(
    name_vi="số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc",
    name_en="the number of files sending drug users to compulsory rehabilitation",
    unit_vi="hồ sơ",
    unit_en="files",
    direction=HIGHER,
)
CLEARANCE = Measure(
    name_vi="tỷ lệ điều tra, khám phá án",
    name_en="the investigation and clearance rate",
    unit_vi="%",
    unit_en="%",
    direction=HIGHER,
    numerator_vi="số vụ án được điều tra, khám phá",
    numerator_en="cases investigated and cleared",
    denominator_vi="số vụ án xảy ra",
    denominator_en="cases that occurred",
)
RESOLUTION = Measure(
    name_vi="tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố",
    name_en="the resolution rate of crime reports and prosecution requests",
    unit_vi="%",
    unit_en="%",
    direction=HIGHER,
    numerator_vi="số tố giác, tin báo đã giải quyết",
    numerator_en="reports resolved",
    denominator_vi="số tố giác, tin báo đã tiếp nhận",
    denominator_en="reports received",
)
REPORTS_HANDLED = Measure(
    name_vi="tỷ lệ tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
    name_en="the share of crime reports and prosecution requests received and handled",
    unit_vi="%",
    unit_en="%",
    direction=HIGHER,
    numerator_vi="số tố giác, tin báo được tiếp nhận, xử lý",
    numerator_en="reports received and handled",
    denominator_vi="số tố giác, tin báo",
    denominator_en="reports",
    coverage_vi="tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
    coverage_en="crime reports and prosecution requests are received and handled",
)
TRAFFIC_CASES = Measure(
    name_vi="số vụ tai nạn giao thông",
    name_en="the number of traffic accidents",
    unit_vi="vụ",
    unit_en="accidents",
    direction=LOWER,
    short_vi="số vụ",
    short_en="the number of accidents",
)
TRAFFIC_DEATHS = Measure(
    name_vi="số người chết do tai nạn giao thông",
    name_en="the number of traffic deaths",
    unit_vi="người",
    unit_en="people",
    direction=LOWER,
    short_vi="số người chết",
    short_en="deaths",
)
TRAFFIC_INJURIES = Measure(
    name_vi="số người bị thương do tai nạn giao thông",
    name_en="the number of traffic injuries",
    unit_vi="người",
    unit_en="people",
    direction=LOWER,
    short_vi="số người bị thương",
    short_en="injuries",
)

# --- Targets from the seed reports --------------------------------------------------

CRIMES_DOWN_5 = Change(CRIMES, REDUCE, D(5), None, 2024)
SUSPENDED_DOWN_5_10 = Change(SUSPENDED, REDUCE, D(5), D(10), 2024)
BIG_FIRES_DOWN_10 = Change(BIG_FIRES, REDUCE, D(10), None, 2024)
NO_RIOTS = AtMost(RIOTS, D(0))
REHAB_1438 = AtLeast(REHAB_FILES, D(1438))
CLEARANCE_ABOVE_75 = RateAtLeast(CLEARANCE, D(75), strict=True)
RESOLUTION_ABOVE_90 = RateAtLeast(RESOLUTION, D(90), strict=True)
RESOLUTION_FROM_90 = RateAtLeast(RESOLUTION, D(90), strict=False)
ALL_REPORTS_HANDLED = FullCoverage(REPORTS_HANDLED)
TRAFFIC_DOWN_5 = AllOf(
    (
        Change(TRAFFIC_CASES, REDUCE, D(5), None, 2024),
        Change(TRAFFIC_DEATHS, REDUCE, D(5), None, 2024),
        Change(TRAFFIC_INJURIES, REDUCE, D(5), None, 2024),
    ),
    subject_vi="tai nạn giao thông",
    subject_en="traffic accidents",
)

SEED_TARGETS: list[Target] = [
    CRIMES_DOWN_5,
    SUSPENDED_DOWN_5_10,
    BIG_FIRES_DOWN_10,
    NO_RIOTS,
    REHAB_1438,
    CLEARANCE_ABOVE_75,
    RESOLUTION_ABOVE_90,
    RESOLUTION_FROM_90,
    ALL_REPORTS_HANDLED,
    TRAFFIC_DOWN_5,
]

# --- Hypothesis strategies ----------------------------------------------------------

_words = st.text(alphabet="abcdeđêôơưáàảãạ ", min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)


def _optional_pair() -> st.SearchStrategy[tuple[str | None, str | None]]:
    return st.one_of(st.just((None, None)), st.tuples(_words, _words))


@st.composite
def measures(draw: st.DrawFn, *, rate: bool, direction: MeasureDirection) -> Measure:
    short, coverage, event = (draw(_optional_pair()) for _ in range(3))
    numerator: tuple[str | None, str | None] = (None, None)
    denominator: tuple[str | None, str | None] = (None, None)
    if rate:
        numerator = (draw(_words), draw(_words))
        denominator = (draw(_words), draw(_words))
    unit = ("%", "%") if rate else (draw(st.sampled_from(["vụ", "người", "hồ sơ"])), "cases")
    return Measure(
        name_vi=draw(_words),
        name_en=draw(_words),
        unit_vi=unit[0],
        unit_en=unit[1],
        direction=direction,
        numerator_vi=numerator[0],
        numerator_en=numerator[1],
        denominator_vi=denominator[0],
        denominator_en=denominator[1],
        short_vi=short[0],
        short_en=short[1],
        coverage_vi=coverage[0],
        coverage_en=coverage[1],
        event_vi=event[0],
        event_en=event[1],
    )


def decimals(low: str, high: str, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=D(low), max_value=D(high), places=places, allow_nan=False, allow_infinity=False
    )


@st.composite
def changes(draw: st.DrawFn) -> Change:
    direction = draw(st.sampled_from(list(ChangeDirection)))
    reduce = direction is REDUCE
    measure = draw(measures(rate=False, direction=LOWER if reduce else HIGHER))
    low = draw(decimals("0.01", "99.99" if reduce else "500"))
    high = draw(st.one_of(st.none(), decimals(str(low + D("0.01")), "100" if reduce else "900")))
    return Change(measure, direction, low, high, draw(st.integers(2000, 2030)))


def simple_targets() -> st.SearchStrategy[SimpleTarget]:
    return st.one_of(
        st.builds(AtLeast, measures(rate=False, direction=HIGHER), decimals("0.01", "100000")),
        st.builds(AtMost, measures(rate=False, direction=LOWER), decimals("0", "100000")),
        st.builds(
            RateAtLeast,
            measures(rate=True, direction=HIGHER),
            decimals("0.01", "99.99"),
            st.booleans(),
        ),
        st.builds(FullCoverage, measures(rate=True, direction=HIGHER)),
        changes(),
    )


def targets() -> st.SearchStrategy[Target]:
    subjects = st.sampled_from([(None, None), ("tai nạn giao thông", "traffic accidents")])
    all_of = st.builds(
        lambda parts, subject: AllOf(parts, *subject),
        st.lists(simple_targets(), min_size=2, max_size=4).map(tuple),
        subjects,
    )
    return st.one_of(simple_targets(), all_of)


# --- Construction -------------------------------------------------------------------


@pytest.mark.parametrize("target", SEED_TARGETS)
def test_it_builds_every_target_of_the_seed_reports(target: Target) -> None:
    assert target_from_dict(target_to_dict(target)) == target


def test_it_marks_at_most_zero_as_zero_tolerance() -> None:
    assert NO_RIOTS.zero_tolerance is True
    assert AtMost(RIOTS, D(2)).zero_tolerance is False


def test_it_tells_a_rate_measure_from_a_count_measure() -> None:
    assert (CLEARANCE.is_rate, CRIMES.is_rate) == (True, False)


def test_it_tells_a_range_from_a_minimum() -> None:
    assert (SUSPENDED_DOWN_5_10.is_range, CRIMES_DOWN_5.is_range) == (True, False)


_INVALID: list[tuple[str, Callable[[], object]]] = [
    ("rate_above_100", lambda: RateAtLeast(CLEARANCE, D("100.5"), strict=False)),
    ("unreachable", lambda: RateAtLeast(CLEARANCE, D(100), strict=True)),
    ("zero_target", lambda: RateAtLeast(CLEARANCE, D(0), strict=True)),
    ("zero_target", lambda: AtLeast(REHAB_FILES, D(0))),
    ("negative", lambda: AtLeast(REHAB_FILES, D(-1))),
    ("negative", lambda: AtMost(RIOTS, D(-1))),
    ("negative", lambda: RateAtLeast(CLEARANCE, D(-75), strict=True)),
    ("negative", lambda: Change(CRIMES, REDUCE, D(-5), None, 2024)),
    ("zero_change", lambda: Change(CRIMES, REDUCE, D(0), None, 2024)),
    ("inverted_range", lambda: Change(SUSPENDED, REDUCE, D(10), D(5), 2024)),
    ("empty_range", lambda: Change(SUSPENDED, REDUCE, D(5), D("5.0"), 2024)),
    ("reduction_above_100", lambda: Change(CRIMES, REDUCE, D(101), None, 2024)),
    ("reduction_above_100", lambda: Change(CRIMES, REDUCE, D(50), D(120), 2024)),
    ("baseline_year", lambda: Change(CRIMES, REDUCE, D(5), None, 24)),
    ("type", lambda: Change(CRIMES, REDUCE, D(5), None, True)),
    ("type", lambda: AtLeast(REHAB_FILES, 1438)),  # type: ignore[arg-type]
    ("type", lambda: AtLeast(REHAB_FILES, 7.5)),  # type: ignore[arg-type]
    ("type", lambda: RateAtLeast(CLEARANCE, D(75), strict="yes")),  # type: ignore[arg-type]
    ("type", lambda: Change(CRIMES, "reduce", D(5), None, 2024)),  # type: ignore[arg-type]
    ("not_finite", lambda: AtLeast(REHAB_FILES, D("Infinity"))),
    ("not_finite", lambda: AtMost(RIOTS, D("NaN"))),
    ("empty_all_of", lambda: AllOf(())),
    ("single_all_of", lambda: AllOf((CRIMES_DOWN_5,))),
    ("nested_all_of", lambda: AllOf((CRIMES_DOWN_5, TRAFFIC_DOWN_5))),  # type: ignore[arg-type]
    ("type", lambda: AllOf([CRIMES_DOWN_5, NO_RIOTS])),  # type: ignore[arg-type]
    ("measure_kind", lambda: AtLeast(CLEARANCE, D(5))),
    ("measure_kind", lambda: RateAtLeast(REHAB_FILES, D(75), strict=True)),
    ("measure_kind", lambda: FullCoverage(CRIMES)),
    ("direction_mismatch", lambda: AtMost(REHAB_FILES, D(5))),
    ("direction_mismatch", lambda: AtLeast(CRIMES, D(5))),
    ("direction_mismatch", lambda: Change(CRIMES, INCREASE, D(5), None, 2024)),
    ("direction_mismatch", lambda: Change(REHAB_FILES, REDUCE, D(5), None, 2024)),
    ("blank", lambda: Measure(" ", "x", "vụ", "cases", LOWER)),
    ("missing_translation", lambda: Measure("a", "b", "vụ", "cases", LOWER, event_vi="cháy")),
    (
        "missing_translation",
        lambda: AllOf((CRIMES_DOWN_5, NO_RIOTS), subject_vi="an ninh trật tự"),
    ),
    (
        "rate_names",
        lambda: Measure("a", "b", "%", "%", HIGHER, numerator_vi="x", numerator_en="y"),
    ),
    ("rate_unit", lambda: Measure("a", "b", "%", "%", HIGHER)),
    (
        "rate_unit",
        lambda: Measure(
            "a",
            "b",
            "vụ",
            "cases",
            HIGHER,
            numerator_vi="x",
            numerator_en="x",
            denominator_vi="y",
            denominator_en="y",
        ),
    ),
    ("type", lambda: Measure("a", "b", "vụ", "cases", "lower_is_better")),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("code", "build"), _INVALID)
def test_it_refuses_an_invalid_target_with_a_code(code: str, build: Callable[[], object]) -> None:
    with pytest.raises(TargetError) as caught:
        build()
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_it_explains_an_inverted_range_in_english() -> None:
    with pytest.raises(TargetError, match="The range 10–5% has its bounds inverted"):
        Change(SUSPENDED, REDUCE, D(10), D(5), 2024)


# --- Baseline year ------------------------------------------------------------------


@pytest.mark.parametrize("target", [CRIMES_DOWN_5, TRAFFIC_DOWN_5, REHAB_1438, NO_RIOTS])
def test_it_accepts_a_baseline_before_the_covenant_year(target: Target) -> None:
    check_baseline_year(target, 2025)


@pytest.mark.parametrize("covenant_year", [2023, 2024])
@pytest.mark.parametrize("target", [CRIMES_DOWN_5, TRAFFIC_DOWN_5])
def test_it_refuses_a_baseline_that_is_not_before_the_covenant_year(
    target: Target, covenant_year: int
) -> None:
    with pytest.raises(TargetError) as caught:
        check_baseline_year(target, covenant_year)
    assert caught.value.code == "baseline_year"


def test_it_checks_the_baseline_of_every_all_of_part() -> None:
    target = AllOf((CRIMES_DOWN_5, Change(SUSPENDED, REDUCE, D(5), None, 2025)))
    with pytest.raises(TargetError, match="baseline year 2025"):
        check_baseline_year(target, 2025)


# --- Stored form --------------------------------------------------------------------


def test_it_stores_a_range_change_in_the_documented_format() -> None:
    assert target_to_dict(SUSPENDED_DOWN_5_10) == {
        "version": 1,
        "kind": "change",
        "measure": {
            "name_vi": "số lượng các vụ án, vụ việc tạm đình chỉ",
            "name_en": "the number of suspended cases and matters",
            "unit_vi": "vụ",
            "unit_en": "cases",
            "direction": "lower_is_better",
            "numerator_vi": None,
            "numerator_en": None,
            "denominator_vi": None,
            "denominator_en": None,
            "short_vi": None,
            "short_en": None,
            "coverage_vi": None,
            "coverage_en": None,
            "event_vi": None,
            "event_en": None,
        },
        "direction": "reduce",
        "min_percent": "5",
        "max_percent": "10",
        "baseline_year": 2024,
    }


def test_it_stores_decimals_as_exact_positional_strings() -> None:
    stored = target_to_dict(AtLeast(REHAB_FILES, D("1.438E+3")))
    assert stored["n"] == "1438"
    assert target_to_dict(RateAtLeast(CLEARANCE, D("75.50"), strict=False))["percent"] == "75.50"


def test_it_stores_all_of_parts_with_a_kind_and_no_version() -> None:
    stored = target_to_dict(TRAFFIC_DOWN_5)
    parts = stored["parts"]
    assert isinstance(parts, list)
    assert [part["kind"] for part in parts] == ["change", "change", "change"]
    assert all("version" not in part for part in parts)
    assert (stored["version"], stored["kind"], stored["subject_vi"]) == (
        FORMAT_VERSION,
        "all_of",
        "tai nạn giao thông",
    )


def test_it_reads_integers_and_omitted_optional_keys() -> None:
    stored = {
        "version": 1,
        "kind": "change",
        "measure": {
            "name_vi": "số lượng các vụ án, vụ việc tạm đình chỉ",
            "name_en": "the number of suspended cases and matters",
            "unit_vi": "vụ",
            "unit_en": "cases",
            "direction": "lower_is_better",
        },
        "direction": "reduce",
        "min_percent": 5,
        "max_percent": "10",
        "baseline_year": 2024,
    }
    assert target_from_dict(stored) == SUSPENDED_DOWN_5_10


def _stored(**changes: object) -> dict[str, object]:
    return {**target_to_dict(CRIMES_DOWN_5), **changes}


def _part(target: Target) -> dict[str, object]:
    return {k: v for k, v in target_to_dict(target).items() if k != "version"}


_MALFORMED: list[tuple[str, object]] = [
    ("malformed", "not a dict"),
    ("malformed", {k: v for k, v in _stored().items() if k != "version"}),
    ("unsupported_version", _stored(version=2)),
    ("unsupported_version", _stored(version=True)),
    ("unknown_kind", _stored(kind="at_least_maybe")),
    ("unknown_kind", _stored(kind=None)),
    ("malformed", _stored(colour="red")),
    ("malformed", {k: v for k, v in _stored().items() if k != "baseline_year"}),
    ("malformed", _stored(min_percent=5.0)),
    ("malformed", _stored(min_percent="5,0")),
    ("malformed", _stored(min_percent="1e3")),
    ("malformed", _stored(baseline_year="2024")),
    ("malformed", _stored(direction="halve")),
    ("malformed", _stored(measure=[])),
    ("malformed", _stored(measure={**target_to_dict(CRIMES_DOWN_5)["measure"], "x": 1})),  # type: ignore[dict-item]
    ("negative", _stored(min_percent="-5")),
    ("inverted_range", _stored(min_percent="10", max_percent="5")),
    ("malformed", {**target_to_dict(NO_RIOTS), "n": "one"}),
    ("malformed", {**target_to_dict(CLEARANCE_ABOVE_75), "strict": "true"}),
    ("malformed", {**target_to_dict(TRAFFIC_DOWN_5), "parts": "all"}),
    (
        "nested_all_of",
        {**target_to_dict(TRAFFIC_DOWN_5), "parts": [_part(CRIMES_DOWN_5), _part(TRAFFIC_DOWN_5)]},
    ),
    ("empty_all_of", {**target_to_dict(TRAFFIC_DOWN_5), "parts": []}),
    # A part is read without a version: only the stored document as a whole has one.
    ("malformed", {**target_to_dict(TRAFFIC_DOWN_5), "parts": [_stored(), _part(NO_RIOTS)]}),
]


@pytest.mark.parametrize(("code", "stored"), _MALFORMED)
def test_it_refuses_a_malformed_stored_target_with_a_code(code: str, stored: object) -> None:
    with pytest.raises(TargetError) as caught:
        target_from_dict(stored)
    assert caught.value.code == code


def test_it_names_the_path_of_a_bad_part() -> None:
    stored = target_to_dict(TRAFFIC_DOWN_5)
    parts = stored["parts"]
    assert isinstance(parts, list)
    parts[1] = {**parts[1], "min_percent": "0"}
    with pytest.raises(TargetError, match=r"^target\.parts\[1\]: A change of 0%") as caught:
        target_from_dict(stored)
    assert caught.value.code == "zero_change"


def test_it_names_the_path_of_a_bad_measure() -> None:
    stored = target_to_dict(CRIMES_DOWN_5)
    measure = stored["measure"]
    assert isinstance(measure, dict)
    with pytest.raises(TargetError, match=r"^target\.measure: 'name_vi' must be a string"):
        target_from_dict({**stored, "measure": {**measure, "name_vi": 3}})


@given(targets())
def test_it_round_trips_any_valid_target_through_json(target: Target) -> None:
    stored = json.loads(json.dumps(target_to_dict(target)))
    assert target_from_dict(stored) == target
