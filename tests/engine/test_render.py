"""Targets and results rendered as Vietnamese and English sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.engine.test_targets import (
    ALL_REPORTS_HANDLED,
    BIG_FIRES,
    BIG_FIRES_DOWN_10,
    CLEARANCE,
    CLEARANCE_ABOVE_75,
    CRIMES,
    CRIMES_DOWN_5,
    HIGHER,
    INCREASE,
    LOWER,
    NO_RIOTS,
    REDUCE,
    REHAB_1438,
    RESOLUTION_ABOVE_90,
    RESOLUTION_FROM_90,
    SUSPENDED_DOWN_5_10,
    TRAFFIC_DOWN_5,
    simple_targets,
    targets,
)
from thidua.engine.evaluation import Count, Evaluation, Figure, Outcome, Ratio, evaluate
from thidua.engine.render import render_en, render_result_en, render_result_vi, render_vi
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    FullCoverage,
    Measure,
    RateAtLeast,
    SimpleTarget,
    Target,
)

D = Decimal
INNOVATIONS = Measure("số sáng kiến", "the number of innovations", "sáng kiến", "ideas", HIGHER)
# The same measures without their optional phrases, to reach the plain sentence forms.
PLAIN_RIOTS = Measure("số vụ bạo loạn, khủng bố", "the number of riots", "vụ", "riots", LOWER)
PLAIN_REPORTS = Measure(
    "tỷ lệ tố giác, tin báo được tiếp nhận, xử lý",
    "the share of reports handled",
    "%",
    "%",
    HIGHER,
    numerator_vi="số được xử lý",
    numerator_en="reports handled",
    denominator_vi="số tiếp nhận",
    denominator_en="reports received",
)

_SENTENCES: list[tuple[Target, str, str]] = [
    (
        CRIMES_DOWN_5,
        "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2024",
        "Reduce the number of crimes against social order by at least 5% compared with 2024",
    ),
    (
        Change(CRIMES, REDUCE, D("7.5"), None, 2024),
        "Kéo giảm ít nhất 7,5% số vụ phạm tội về trật tự xã hội so với năm 2024",
        "Reduce the number of crimes against social order by at least 7.5% compared with 2024",
    ),
    (
        SUSPENDED_DOWN_5_10,
        "Giảm 5–10% số lượng các vụ án, vụ việc tạm đình chỉ so với năm 2024",
        "Reduce the number of suspended cases and matters by 5–10% compared with 2024",
    ),
    (
        BIG_FIRES_DOWN_10,
        "Kéo giảm ít nhất 10% số vụ cháy lớn so với năm 2024",
        "Reduce the number of large fires by at least 10% compared with 2024",
    ),
    (
        Change(INNOVATIONS, INCREASE, D(5), None, 2023),
        "Tăng ít nhất 5% số sáng kiến so với năm 2023",
        "Increase the number of innovations by at least 5% compared with 2023",
    ),
    (
        Change(INNOVATIONS, INCREASE, D("2.5"), D("7.5"), 2023),
        "Tăng 2,5–7,5% số sáng kiến so với năm 2023",
        "Increase the number of innovations by 2.5–7.5% compared with 2023",
    ),
    (
        CLEARANCE_ABOVE_75,
        "Tỷ lệ điều tra, khám phá án đạt trên 75%",
        "Bring the investigation and clearance rate above 75%",
    ),
    (
        RateAtLeast(CLEARANCE, D(75), strict=False),
        "Tỷ lệ điều tra, khám phá án đạt từ 75% trở lên",
        "Bring the investigation and clearance rate to at least 75%",
    ),
    (
        RateAtLeast(CLEARANCE, D("78.5"), strict=True),
        "Tỷ lệ điều tra, khám phá án đạt trên 78,5%",
        "Bring the investigation and clearance rate above 78.5%",
    ),
    (
        REHAB_1438,
        "Số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc đạt ít nhất 1.438 hồ sơ",
        "Bring the number of files sending drug users to compulsory rehabilitation "
        "to at least 1,438",
    ),
    (
        ALL_REPORTS_HANDLED,
        "100% tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, xử lý",
        "Ensure 100% of crime reports and prosecution requests are received and handled",
    ),
    (
        FullCoverage(PLAIN_REPORTS),
        "Tỷ lệ tố giác, tin báo được tiếp nhận, xử lý đạt 100%",
        "Bring the share of reports handled to 100%",
    ),
    (NO_RIOTS, "Không để xảy ra bạo loạn, khủng bố", "Allow no riots or terrorist attacks"),
    (
        AtMost(PLAIN_RIOTS, D(0)),
        "Số vụ bạo loạn, khủng bố bằng 0",
        "Keep the number of riots at zero",
    ),
    (
        AtMost(BIG_FIRES, D(3)),
        "Không quá 3 vụ cháy lớn gây thiệt hại nghiêm trọng",
        "Keep the number of large fires at no more than 3",
    ),
    (
        AtMost(PLAIN_RIOTS, D(2)),
        "Số vụ bạo loạn, khủng bố không quá 2 vụ",
        "Keep the number of riots at no more than 2",
    ),
    (
        TRAFFIC_DOWN_5,
        "Giảm 5% cả 3 tiêu chí về tai nạn giao thông: số vụ, số người chết và số người bị "
        "thương so với năm 2024",
        "Reduce all 3 measures of traffic accidents by at least 5% compared with 2024: "
        "the number of accidents, deaths and injuries",
    ),
    (
        AllOf(TRAFFIC_DOWN_5.parts),
        "Giảm 5% cả 3 tiêu chí: số vụ tai nạn giao thông, số người chết do tai nạn giao thông "
        "và số người bị thương do tai nạn giao thông so với năm 2024",
        "Reduce all 3 measures by at least 5% compared with 2024: the number of traffic "
        "accidents, the number of traffic deaths and the number of traffic injuries",
    ),
    (
        AllOf((SUSPENDED_DOWN_5_10, Change(CRIMES, REDUCE, D(5), D(10), 2024))),
        "Giảm 5–10% cả 2 tiêu chí: số lượng các vụ án, vụ việc tạm đình chỉ và số vụ phạm "
        "tội về trật tự xã hội so với năm 2024",
        "Reduce both measures by 5–10% compared with 2024: the number of suspended cases and "
        "matters and the number of crimes against social order",
    ),
    (
        AllOf((CRIMES_DOWN_5, RESOLUTION_ABOVE_90, NO_RIOTS)),
        "Đạt cả 3 chỉ tiêu: kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm "
        "2024; tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố đạt trên 90%; "
        "không để xảy ra bạo loạn, khủng bố",
        "Meet all 3 targets: reduce the number of crimes against social order by at least 5% "
        "compared with 2024; bring the resolution rate of crime reports and prosecution "
        "requests above 90%; allow no riots or terrorist attacks",
    ),
    (
        # Same percent, different baseline years: not one shared sentence.
        AllOf(
            (CRIMES_DOWN_5, Change(BIG_FIRES, REDUCE, D(5), None, 2023)),
            subject_vi="trật tự an toàn xã hội",
            subject_en="public order",
        ),
        "Đạt cả 2 chỉ tiêu về trật tự an toàn xã hội: kéo giảm ít nhất 5% số vụ phạm tội về "
        "trật tự xã hội so với năm 2024; kéo giảm ít nhất 5% số vụ cháy lớn so với năm 2023",
        "Meet both targets on public order: reduce the number of crimes against social order "
        "by at least 5% compared with 2024; reduce the number of large fires by at least 5% "
        "compared with 2023",
    ),
]


@pytest.mark.parametrize(("target", "vi", "en"), _SENTENCES)
def test_it_renders_each_target_shape_as_a_sentence(target: Target, vi: str, en: str) -> None:
    assert (render_vi(target), render_en(target)) == (vi, en)


def test_it_capitalizes_only_the_first_letter() -> None:
    measure = Measure("đề án 06 của Bộ", "Project 06", "hồ sơ", "files", HIGHER)
    assert render_vi(AtLeast(measure, D(1000))) == "Đề án 06 của Bộ đạt ít nhất 1.000 hồ sơ"


# --- Results ------------------------------------------------------------------------


def C(value: str | int) -> Count:
    return Count(D(value))


def R(numerator: int, denominator: int) -> Ratio:
    return Ratio(D(numerator), D(denominator))


TRAFFIC_2024 = {0: C(100), 1: C(50), 2: C(80)}

_RESULTS: list[tuple[Target, object, object, str, str]] = [
    (REHAB_1438, C(2662), None, "2.662/1.438 hồ sơ (185,12%)", "2,662/1,438 (185.12%)"),
    (REHAB_1438, C(719), None, "719/1.438 hồ sơ (50,00%)", "719/1,438 (50.00%)"),
    (RESOLUTION_ABOVE_90, R(931, 1000), None, "93,10% (trên 90%)", "93.10% (above 90%)"),
    (RESOLUTION_FROM_90, R(9, 10), None, "90,00% (từ 90% trở lên)", "90.00% (at least 90%)"),
    (RESOLUTION_ABOVE_90, R(27, 29), None, "93,10% (trên 90%)", "93.10% (above 90%)"),
    (ALL_REPORTS_HANDLED, R(998, 1000), None, "99,80% (mục tiêu 100%)", "99.80% (target 100%)"),
    (CRIMES_DOWN_5, C(938), C(1000), "giảm 6,20% (mục tiêu 5%)", "down 6.20% (target 5%)"),
    (
        CRIMES_DOWN_5,
        C(110),
        C(100),
        "tăng 10,00% (mục tiêu giảm 5%)",
        "up 10.00% (target: down 5%)",
    ),
    (
        CRIMES_DOWN_5,
        C(100),
        C(100),
        "không đổi (mục tiêu giảm 5%)",
        "unchanged (target: down 5%)",
    ),
    (
        SUSPENDED_DOWN_5_10,
        C(92),
        C(100),
        "giảm 8,00% (mục tiêu 5–10%)",
        "down 8.00% (target 5–10%)",
    ),
    (
        Change(INNOVATIONS, INCREASE, D("7.5"), None, 2024),
        C(110),
        C(100),
        "tăng 10,00% (mục tiêu 7,5%)",
        "up 10.00% (target 7.5%)",
    ),
    (CRIMES_DOWN_5, C(0), C(0), "năm 2024 bằng 0, kỳ này bằng 0", "2024 was 0, still 0"),
    (CRIMES_DOWN_5, C(3), C(0), "năm 2024 bằng 0, kỳ này có phát sinh", "2024 was 0, now above 0"),
    (
        Change(INNOVATIONS, INCREASE, D(5), None, 2024),
        C(4),
        C(0),
        "năm 2024 bằng 0, kỳ này có phát sinh",
        "2024 was 0, now above 0",
    ),
    (NO_RIOTS, C(0), None, "không xảy ra", "none"),
    (NO_RIOTS, C(2), None, "xảy ra 2 vụ", "2 occurred"),
    (AtMost(BIG_FIRES, D(3)), C(2), None, "2 vụ (không quá 3)", "2 (at most 3)"),
    (REHAB_1438, None, None, "Không có số liệu", "No data"),
    (CLEARANCE_ABOVE_75, R(0, 0), None, "Không có số liệu", "No data"),
    (CRIMES_DOWN_5, C(95), None, "Không có số liệu", "No data"),
    (
        TRAFFIC_DOWN_5,
        {0: C(95), 1: C(45), 2: C(76)},
        TRAFFIC_2024,
        "số vụ: giảm 5,00% (mục tiêu 5%); số người chết: giảm 10,00% (mục tiêu 5%); "
        "số người bị thương: giảm 5,00% (mục tiêu 5%)",
        "the number of accidents: down 5.00% (target 5%); deaths: down 10.00% (target 5%); "
        "injuries: down 5.00% (target 5%)",
    ),
    (
        TRAFFIC_DOWN_5,
        {0: C(95)},
        TRAFFIC_2024,
        "số vụ: giảm 5,00% (mục tiêu 5%); số người chết: không có số liệu; "
        "số người bị thương: không có số liệu",
        "the number of accidents: down 5.00% (target 5%); deaths: no data; injuries: no data",
    ),
    (TRAFFIC_DOWN_5, None, TRAFFIC_2024, "Không có số liệu", "No data"),
    (
        AllOf((NO_RIOTS, RESOLUTION_ABOVE_90)),
        {0: C(0), 1: R(931, 1000)},
        None,
        "số vụ bạo loạn, khủng bố: không xảy ra; tỷ lệ giải quyết tố giác, tin báo về tội "
        "phạm, kiến nghị khởi tố: 93,10% (trên 90%)",
        "the number of riots and terrorist attacks: none; the resolution rate of crime "
        "reports and prosecution requests: 93.10% (above 90%)",
    ),
]


@pytest.mark.parametrize(("target", "actual", "baseline", "vi", "en"), _RESULTS)
def test_it_renders_a_short_result_phrase(
    target: Target, actual: object, baseline: object, vi: str, en: str
) -> None:
    evaluation = evaluate(target, actual, baseline)  # type: ignore[arg-type]
    assert (render_result_vi(target, evaluation), render_result_en(target, evaluation)) == (
        vi,
        en,
    )


def test_it_refuses_to_render_another_targets_evaluation() -> None:
    evaluation = evaluate(REHAB_1438, C(2662))
    with pytest.raises(ValueError, match="not this target's evaluation"):
        render_result_vi(TRAFFIC_DOWN_5, evaluation)


def test_it_refuses_an_evaluation_missing_the_figures_of_its_outcome() -> None:
    with pytest.raises(ValueError, match="lacks a figure"):
        render_result_vi(REHAB_1438, Evaluation(Outcome.MET))


# --- Properties ---------------------------------------------------------------------


@given(targets())
def test_it_renders_any_valid_target_in_both_languages(target: Target) -> None:
    vi, en = render_vi(target), render_en(target)
    assert vi
    assert en
    assert vi[0] == vi[0].upper()
    assert en[0] == en[0].upper()


@st.composite
def _figure_for(draw: st.DrawFn, target: SimpleTarget) -> Figure | None:
    if draw(st.integers(0, 9)) == 0:
        return None
    if isinstance(target, RateAtLeast | FullCoverage):
        denominator = draw(st.integers(0, 10**6))
        return Ratio(D(draw(st.integers(0, denominator))), D(denominator))
    return Count(D(draw(st.integers(0, 10**6))))


@given(simple_targets(), st.data())
def test_it_renders_the_result_of_any_evaluation(target: SimpleTarget, data: st.DataObject) -> None:
    actual = data.draw(_figure_for(target))
    baseline = data.draw(_figure_for(target))
    evaluation = evaluate(target, actual, baseline)
    assert render_result_vi(target, evaluation)
    assert render_result_en(target, evaluation)
