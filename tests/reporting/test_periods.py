"""The reporting periods of a covenant: months, quarters, 6 and 9 months, the year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.reporting.world import World
from thidua.reporting import domain
from thidua.reporting.models import Period, PeriodKind

pytestmark = pytest.mark.django_db


def _labels_and_deadlines(periods: list[Period]) -> list[tuple[str, dt.date, dt.date, dt.date]]:
    return [(p.label, p.start, p.end, p.deadline) for p in periods]


def test_it_generates_every_period_of_the_year_in_order(world: World) -> None:
    periods = domain.covenant_periods(covenant=world.covenant)

    assert [p.label for p in periods] == [
        "Tháng 1/2024", "Tháng 2/2024", "Tháng 3/2024", "Quý I/2024",
        "Tháng 4/2024", "Tháng 5/2024", "Tháng 6/2024", "Quý II/2024", "6 tháng đầu năm 2024",
        "Tháng 7/2024", "Tháng 8/2024", "Tháng 9/2024", "Quý III/2024", "9 tháng năm 2024",
        "Tháng 10/2024", "Tháng 11/2024", "Tháng 12/2024", "Quý IV/2024", "Năm 2024",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "index", "start", "end", "deadline"),
    [
        (PeriodKind.MONTH, 2, dt.date(2024, 2, 1), dt.date(2024, 2, 29), dt.date(2024, 3, 5)),
        (PeriodKind.MONTH, 12, dt.date(2024, 12, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 5)),
        (PeriodKind.QUARTER, 2, dt.date(2024, 4, 1), dt.date(2024, 6, 30), dt.date(2024, 7, 5)),
        (PeriodKind.HALF_YEAR, 1, dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 7, 5)),
        (
            PeriodKind.NINE_MONTHS, 1, dt.date(2024, 1, 1), dt.date(2024, 9, 30),
            dt.date(2024, 10, 5),
        ),
        (PeriodKind.YEAR, 1, dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 5)),
    ],
)  # fmt: skip
def test_it_sets_each_deadline_on_day_five_of_the_next_month(
    world: World, kind: str, index: int, start: dt.date, end: dt.date, deadline: dt.date
) -> None:
    period = world.period(kind, index)

    assert (period.start, period.end, period.deadline) == (start, end, deadline)


def test_it_takes_another_deadline_day_and_a_year_deadline_before_the_conference(
    world: World,
) -> None:
    Period.objects.filter(covenant=world.covenant).delete()

    periods = domain.periods_generate(
        world.covenant, deadline_day=10, year_deadline=dt.date(2024, 11, 15)
    )

    by_label = {p.label: p.deadline for p in periods}
    assert by_label["Tháng 1/2024"] == dt.date(2024, 2, 10)
    assert by_label["Quý IV/2024"] == dt.date(2025, 1, 10)
    assert by_label["Năm 2024"] == dt.date(2024, 11, 15)


def test_it_changes_nothing_when_run_again(world: World) -> None:
    march = world.month(3)
    march.deadline = dt.date(2024, 4, 8)
    march.save()
    before = Period.objects.count()

    periods = domain.periods_generate(world.covenant, deadline_day=20)

    assert Period.objects.count() == before == len(periods) == 19
    march.refresh_from_db()
    assert march.deadline == dt.date(2024, 4, 8)


@pytest.mark.parametrize("day", [0, 29, 31])
def test_it_refuses_a_deadline_day_that_some_month_lacks(world: World, day: int) -> None:
    Period.objects.filter(covenant=world.covenant).delete()

    with pytest.raises(ValidationError) as caught:
        domain.periods_generate(world.covenant, deadline_day=day)

    assert caught.value.messages == ["Ngày hạn nộp phải từ 1 đến 28 để tháng nào cũng có ngày đó."]
    assert Period.objects.count() == 0


@pytest.mark.parametrize("deadline", [dt.date(2024, 6, 30), dt.date(2026, 1, 5)])
def test_it_refuses_a_year_deadline_outside_the_reporting_season(
    world: World, deadline: dt.date
) -> None:
    Period.objects.filter(covenant=world.covenant).delete()

    with pytest.raises(ValidationError) as caught:
        domain.periods_generate(world.covenant, year_deadline=deadline)

    assert caught.value.messages == ["Hạn nộp báo cáo năm 2024 phải từ 01/10/2024 đến 31/12/2025."]
    assert Period.objects.count() == 0
