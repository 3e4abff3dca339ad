"""Entering figures: Vietnamese numbers, clear refusals, nothing half-saved, no lost update."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.reporting.world import FULL, World, build_world, entries, file_report
from thidua.org import domain as org
from thidua.org.models import LineageKind
from thidua.reporting import domain
from thidua.reporting.domain import FigureInput
from thidua.reporting.models import Figure, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _draft(world: World, code: str = "LAN") -> Report:
    return domain.report_open(period=world.month(1), unit=world.units[code], by=world.officer(code))


def _save(world: World, report: Report, given: list[FigureInput], **kwargs: Any) -> Report:
    return domain.report_figures_save(
        report=report,
        by=world.officer(report.unit.code),
        expected_version=report.version,
        entries=given,
        **kwargs,
    )


def test_it_reads_numbers_written_the_vietnamese_way(world: World) -> None:
    report = _draft(world)
    c = world.criteria

    _save(
        world,
        report,
        [
            FigureInput(criterion=c["1"], numerator="1.052", denominator="1.101"),
            FigureInput(criterion=c["2"], value="2.662"),
            FigureInput(criterion=c["3"], value=" 93,5 "),
            FigureInput(criterion=c["4"], part=0, value=20, baseline_value=Decimal("24")),
        ],
    )

    stored = {(f.criterion.code, f.part): f for f in Figure.objects.filter(report=report)}
    assert (stored[("1", 0)].numerator, stored[("1", 0)].denominator) == (
        Decimal("1052"),
        Decimal("1101"),
    )
    assert stored[("2", 0)].value == Decimal("2662")
    assert stored[("3", 0)].value == Decimal("93.5")
    assert (stored[("4", 0)].value, stored[("4", 0)].baseline_value) == (
        Decimal(20),
        Decimal(24),
    )


def test_it_names_the_indicator_of_each_part(world: World) -> None:
    report = _draft(world)

    _save(world, report, entries(world, {"4": [20, 3]}))

    assert list(
        Figure.objects.filter(report=report).order_by("part").values_list("part", "indicator__code")
    ) == [(0, "tngt-vu"), (1, "tngt-chet")]


def test_it_bumps_the_version_on_each_save_that_changes_something(world: World) -> None:
    report = _draft(world)

    report = _save(world, report, entries(world, {"2": 12}))
    unchanged = _save(world, report, entries(world, {"2": "12"}))

    assert (report.version, unchanged.version) == (2, 2)


def test_it_removes_a_figure_left_empty(world: World) -> None:
    report = _save(world, _draft(world), entries(world, {"2": 12, "3": 90}))

    _save(world, report, [FigureInput(criterion=world.criteria["2"], value="")])

    assert list(Figure.objects.filter(report=report).values_list("criterion__code", flat=True)) == [
        "3"
    ]


BAD_INPUTS = [
    (
        "negative count",
        {"criterion": "2", "value": "-3"},
        "2.0.value",
        "Số lượng của tiêu chí 2 không được âm (đã nhập -3).",
    ),
    (
        "negative with a Unicode minus pasted from Word",
        {"criterion": "3", "value": "−12"},
        "3.0.value",
        "Số lượng của tiêu chí 3 không được âm (đã nhập -12).",
    ),
    (
        "negative denominator",
        {"criterion": "1", "numerator": 0, "denominator": -5},
        "1.0.denominator",
        "Mẫu số của tiêu chí 1 không được âm (đã nhập -5).",
    ),
    (
        "numerator above its denominator",
        {"criterion": "1", "numerator": "1.102", "denominator": "1.101"},
        "1.0.numerator",
        "Tiêu chí 1: tử số (1.102) không được lớn hơn mẫu số (1.101).",
    ),
    (
        "text that is no number",
        {"criterion": "2", "value": "mười hai"},
        "2.0.value",
        "Số lượng của tiêu chí 2: “mười hai” không phải là số. Hãy viết ví dụ 1.234 hoặc 1.234,5.",
    ),
    (
        "English grouping",
        {"criterion": "2", "value": "1,234.5"},
        "2.0.value",
        "Số lượng của tiêu chí 2: “1,234.5” không phải là số. Hãy viết ví dụ 1.234 hoặc 1.234,5.",
    ),
    (
        "a float",
        {"criterion": "2", "value": 12.5},
        "2.0.value",
        "Số lượng của tiêu chí 2 phải là một số.",
    ),
    (
        "too many decimals",
        {"criterion": "2", "value": "1,23456"},
        "2.0.value",
        "Số lượng của tiêu chí 2 có quá 4 chữ số thập phân.",
    ),
    (
        "a count for a rate",
        {"criterion": "1", "value": 80},
        "1.0.value",
        "Tiêu chí 1 đo tỷ lệ (tỷ lệ điều tra, khám phá án): hãy nhập tử số và mẫu số thay cho "
        "một số lượng.",
    ),
    (
        "half a rate",
        {"criterion": "1", "numerator": 8},
        "1.0.denominator",
        "Tiêu chí 1 đo tỷ lệ: hãy nhập cả tử số và mẫu số.",
    ),
    (
        "a rate for a count",
        {"criterion": "2", "numerator": 8, "denominator": 10},
        "2.0.numerator",
        "Tiêu chí 2 đo số lượng (số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc): chỉ "
        "nhập một số, không nhập tử số, mẫu số.",
    ),
    (
        "a manual baseline above its denominator",
        {"criterion": "1", "numerator": 8, "denominator": 10, "baseline_numerator": 12,
         "baseline_denominator": 11},
        "1.0.baseline_numerator",
        "Tiêu chí 1: tử số (12) không được lớn hơn mẫu số (11).",
    ),
    (
        "a part the target does not have",
        {"criterion": "4", "part": 2, "value": 1},
        "4.2.part",
        "Tiêu chí 4 không có chỉ số thứ 3.",
    ),
    (
        "a criterion that is not quantitative",
        {"criterion": "5", "value": 1},
        "5.0.criterion",
        "Tiêu chí 5 không phải tiêu chí định lượng nên không nhập số liệu.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "given", "key", "message"), BAD_INPUTS, ids=[case for case, *_ in BAD_INPUTS]
)
def test_it_refuses_a_bad_input_with_its_message_and_saves_nothing(
    world: World, case: str, given: dict[str, Any], key: str, message: str
) -> None:
    report = _draft(world)
    criterion = world.criteria[given.pop("criterion")]
    good = FigureInput(criterion=world.criteria["2"], value=12)
    bad = FigureInput(criterion=criterion, **given)
    batch = [bad] if criterion.code == "2" else [good, bad]

    with pytest.raises(ValidationError) as caught:
        _save(world, report, batch)

    field = key.split(".", 2)[2]
    assert caught.value.message_dict == {f"{criterion.pk}.{key.split('.')[1]}.{field}": [message]}
    report.refresh_from_db()
    assert (Figure.objects.filter(report=report).count(), report.version) == (0, 1)


def test_it_names_every_problem_of_a_batch_at_once(world: World) -> None:
    report = _draft(world)
    c = world.criteria

    with pytest.raises(ValidationError) as caught:
        _save(
            world,
            report,
            [
                FigureInput(criterion=c["2"], value="-1"),
                FigureInput(criterion=c["3"], value="abc"),
                FigureInput(criterion=c["2"], value="4"),
            ],
        )

    assert caught.value.messages == [
        "Số lượng của tiêu chí 2 không được âm (đã nhập -1).",
        "Số lượng của tiêu chí 3: “abc” không phải là số. Hãy viết ví dụ 1.234 hoặc 1.234,5.",
        "Số liệu của tiêu chí 2 (chỉ số thứ 1) được nhập hai lần.",
    ]
    assert Figure.objects.count() == 0


def test_it_refuses_a_criterion_of_another_covenant(world: World) -> None:
    other = build_world(year=2025, number=10)
    report = _draft(world)

    with pytest.raises(ValidationError) as caught:
        _save(world, report, [FigureInput(criterion=other.criteria["2"], value=3)])

    assert caught.value.messages == ["Tiêu chí 2 không thuộc giao ước của kỳ báo cáo Tháng 1/2024."]
    assert Figure.objects.count() == 0


def test_it_refuses_a_period_outside_the_covenant(world: World) -> None:
    other = build_world(year=2025, number=10)

    with pytest.raises(ValidationError) as caught:
        domain.report_open(
            covenant=world.covenant,
            period=other.month(1),
            unit=world.units["LAN"],
            by=world.officer("LAN"),
        )

    assert caught.value.messages == [
        "Kỳ báo cáo Tháng 1/2025 không thuộc giao ước Giao ước Cụm thi đua số 10 (2024)."
    ]
    assert Report.objects.count() == 0


def test_it_refuses_a_unit_outside_the_cluster(world: World) -> None:
    outsider = world.users["outsider"]

    with pytest.raises(ValidationError) as caught:
        domain.report_open(period=world.month(1), unit=outsider.unit, by=outsider)

    assert caught.value.messages == [
        "Đà Nẵng không phải thành viên của Cụm thi đua số 10 (2024) trong kỳ Tháng 1/2024 nên "
        "không báo cáo kỳ này."
    ]
    assert Report.objects.count() == 0


def test_it_refuses_a_unit_after_it_left_the_cluster(world: World) -> None:
    """Long An merged into Tây Ninh on 1/7: it reports up to June, not for July."""
    org.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=dt.date(2024, 7, 1),
        sources=[world.units["LAN"]],
        targets=[world.units["TNH"]],
    )
    officer = world.officer("LAN")

    june = domain.report_open(period=world.month(6), unit=world.units["LAN"], by=officer)
    with pytest.raises(ValidationError) as caught:
        domain.report_open(period=world.month(7), unit=world.units["LAN"], by=officer)

    assert june.status == ReportStatus.DRAFT
    assert caught.value.code == "not_member"


# ---------------------------------------------------------------------------------------
# Two people, one report


def test_it_tells_the_second_editor_about_the_conflict_and_keeps_the_first_save(
    world: World,
) -> None:
    report = _draft(world)
    first_screen = Report.objects.get(pk=report.pk)
    second_screen = Report.objects.get(pk=report.pk)
    assert first_screen.version == second_screen.version == 1

    domain.report_figures_save(
        report=first_screen, by=world.officer("LAN"), expected_version=1,
        entries=entries(world, {"2": 15}),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        domain.report_figures_save(
            report=second_screen, by=world.users["admin"], expected_version=1,
            entries=entries(world, {"2": 9}),
        )  # fmt: skip

    assert caught.value.code == "conflict"
    message = caught.value.messages[0]
    assert message.startswith("Báo cáo Long An – Tháng 1/2024 vừa được Cán bộ Long An lưu lúc ")
    assert message.endswith(
        "(phiên bản 2; bạn đang sửa phiên bản 1). Thay đổi của bạn chưa được lưu: hãy tải lại "
        "báo cáo, xem thay đổi rồi làm lại."
    )
    assert Figure.objects.get(report=report).value == 15


def test_it_refuses_a_second_review_of_the_same_version(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    seen = report.version

    domain.report_approve(report=report, by=world.officer("TNH"), expected_version=seen)
    with pytest.raises(ValidationError) as caught:
        domain.report_return(
            report=report, by=world.users["office"], expected_version=seen, reason="Sai"
        )

    assert caught.value.code == "conflict"
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
