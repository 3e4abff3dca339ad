"""Year to date and period defaults: sums of months, rates never averaged, entered totals win."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.reporting.world import FULL, Value, World, file_report
from thidua.engine.evaluation import Count, Outcome, Ratio
from thidua.engine.numbers import q2
from thidua.reporting import domain
from thidua.reporting.domain import TargetStatus
from thidua.reporting.models import PeriodKind, ReportStatus

pytestmark = pytest.mark.django_db


def _month(
    world: World,
    month: int,
    changes: Mapping[str, Value] | None = None,
    *,
    until: str = ReportStatus.APPROVED,
) -> None:
    """Tây Ninh's month: every target's figures, with `changes` to some of them."""
    file_report(world, world.month(month), "TNH", {**FULL, **(changes or {})}, until=until)


def _status(world: World, as_of: int, *, drafts: bool = False) -> dict[str, TargetStatus]:
    statuses = domain.report_evaluations(
        unit=world.units["TNH"],
        covenant=world.covenant,
        as_of_period=world.month(as_of),
        include_unapproved=drafts,
    )
    return {s.criterion.code: s for s in statuses}


def test_it_recomputes_a_rate_from_summed_numerators_and_denominators(world: World) -> None:
    """95% of 20 cases and 50% of 2 is 20 of 22 (90,91%), not the 72,5% an average gives."""
    _month(world, 1, {"1": (19, 20)})
    _month(world, 2, {"1": (1, 2)})

    clearance = _status(world, as_of=2)["1"]

    assert clearance.ytd == Ratio(Decimal(20), Decimal(22))
    assert clearance.evaluation is not None
    assert q2(clearance.evaluation.achieved or Decimal(0)) == Decimal("90.91")
    # "trên 75%": the sum exceeds it where the average of the months (72,5%) would fail.
    assert (Decimal(95) + Decimal(50)) / 2 < 75
    assert clearance.outcome == Outcome.EXCEEDED


def test_it_adds_counts_over_the_months(world: World) -> None:
    _month(world, 1, {"2": 12})
    _month(world, 2, {"2": "7"})
    _month(world, 3, {"2": "1.001"})

    assert _status(world, as_of=3)["2"].ytd == Count(Decimal(1020))


def test_it_defaults_a_quarter_to_the_sum_of_its_months(world: World) -> None:
    for month, rehab in ((1, 12), (2, 7), (3, 9)):
        _month(world, month, {"2": rehab, "1": (month, 10)})
    quarter = domain.report_open(
        period=world.period(PeriodKind.QUARTER, 1), unit=world.units["TNH"], by=world.officer("TNH")
    )

    rows = {
        (r.criterion.code, r.measure.part): r for r in domain.report_figure_rows(report=quarter)
    }

    assert rows[("2", 0)].effective.figure == Count(Decimal(28))
    assert rows[("1", 0)].effective.figure == Ratio(Decimal(6), Decimal(30))
    assert rows[("2", 0)].is_aggregate
    assert rows[("2", 0)].effective.pieces == ((1, 1), (2, 2), (3, 3))
    assert rows[("2", 0)].figure is None


def test_it_prefers_the_total_a_unit_entered_for_the_quarter(world: World) -> None:
    for month in (1, 2, 3):
        _month(world, month)
    file_report(world, world.period(PeriodKind.QUARTER, 1), "TNH", {**FULL, "2": 40})
    _month(world, 4, {"2": 5})

    quarter_row = next(
        r
        for r in domain.report_figure_rows(
            report=domain.report_open(
                period=world.period(PeriodKind.QUARTER, 1),
                unit=world.units["TNH"],
                by=world.officer("TNH"),
            )
        )
        if r.criterion.code == "2"
    )

    assert (quarter_row.effective.figure, quarter_row.is_aggregate) == (Count(Decimal(40)), False)
    assert _status(world, as_of=4)["2"].ytd == Count(Decimal(45))


def test_it_defaults_the_year_to_its_twelve_months(world: World) -> None:
    for month in range(1, 13):
        _month(world, month, {"2": month, "1": (month, 12)})
    officer = world.officer("TNH")
    year = domain.report_open(
        period=world.period(PeriodKind.YEAR), unit=world.units["TNH"], by=officer
    )

    year = domain.report_submit(report=year, by=officer, expected_version=year.version)
    rows = {r.criterion.code: r for r in domain.report_figure_rows(report=year)}
    statuses = domain.report_evaluations(
        unit=world.units["TNH"], covenant=world.covenant, as_of_period=world.period(PeriodKind.YEAR)
    )

    assert year.status == ReportStatus.SUBMITTED
    assert rows["2"].effective.figure == Count(Decimal(78))
    assert rows["1"].effective.figure == Ratio(Decimal(78), Decimal(144))
    assert {s.criterion.code: s.ytd for s in statuses}["2"] == Count(Decimal(78))


def test_it_leaves_the_year_to_date_unknown_when_a_month_is_missing(world: World) -> None:
    _month(world, 1)
    _month(world, 3)

    rehab = _status(world, as_of=3)["2"]

    assert (rehab.ytd, rehab.outcome, rehab.on_track) == (None, Outcome.NO_DATA, Outcome.NO_DATA)


def test_it_counts_only_approved_months_unless_asked_for_drafts(world: World) -> None:
    _month(world, 1, {"2": 12})
    _month(world, 2, {"2": 20}, until=ReportStatus.SUBMITTED)

    official = _status(world, as_of=2)["2"]
    preview = _status(world, as_of=2, drafts=True)["2"]

    assert (official.ytd, preview.ytd) == (None, Count(Decimal(32)))


def test_it_refuses_to_submit_a_year_without_its_months(world: World) -> None:
    _month(world, 1)
    officer = world.officer("TNH")
    year = domain.report_open(
        period=world.period(PeriodKind.YEAR), unit=world.units["TNH"], by=officer
    )

    with pytest.raises(ValidationError) as caught:
        domain.report_submit(report=year, by=officer, expected_version=year.version)

    assert caught.value.code == "incomplete"
    assert caught.value.messages[0].startswith(
        "Chưa đủ số liệu để nộp báo cáo Tây Ninh – Năm 2024: tiêu chí 1; tiêu chí 2;"
    )
