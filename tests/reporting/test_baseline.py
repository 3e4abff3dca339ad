"""Baselines follow the lineage: merged Tây Ninh of 2025 against Tây Ninh + Long An of 2024."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.world import FULL, Merger, Value, World, file_report
from thidua.engine.evaluation import Count, Outcome, Ratio
from thidua.reporting import domain
from thidua.reporting.domain import BaselineSource, TargetStatus
from thidua.reporting.models import PeriodKind

pytestmark = pytest.mark.django_db


def _months(world: World, code: str, months: range, changes: Mapping[str, Value]) -> None:
    for month in months:
        file_report(world, world.month(month), code, {**FULL, **changes})


def _history(merger: Merger, *, long_an_2024: bool = True) -> None:
    """Tây Ninh and Long An (then in another cluster) in 2024; both in Cụm 10 in 2025 until
    Long An merged into Tây Ninh on 1/7, which reports for both from July."""
    _months(merger.y2024, "TNH", range(1, 10), {"1": (8, 10), "3": 100, "4": [20, 3]})
    if long_an_2024:
        _months(merger.y2024_lan, "LAN", range(1, 10), {"1": (5, 10), "3": 60, "4": [10, 2]})
    _months(merger.y2025, "TNH", range(1, 7), {"1": (9, 10), "3": 95, "4": [19, 3]})
    _months(merger.y2025, "LAN", range(1, 7), {"1": (6, 10), "3": 57, "4": [9, 1]})
    _months(merger.y2025, "TNH", range(7, 10), {"1": (15, 20), "3": 150, "4": [28, 4]})


def _status(
    merger: Merger, period_kind: str, index: int, code: str = "TNH"
) -> dict[str, TargetStatus]:
    world = merger.y2025
    statuses = domain.report_evaluations(
        unit=world.units[code],
        covenant=world.covenant,
        as_of_period=world.period(period_kind, index),
    )
    return {s.criterion.code: s for s in statuses}


def test_it_compares_merged_tay_ninh_with_tay_ninh_and_long_an_of_2024(merger: Merger) -> None:
    _history(merger)

    statuses = _status(merger, PeriodKind.NINE_MONTHS, 1)
    crimes, clearance, traffic = statuses["3"], statuses["1"], statuses["4"]

    # 9 months of 2024: Tây Ninh 900 + Long An 540; the rate from the summed cases.
    assert crimes.baseline == Count(Decimal(1440))
    assert clearance.baseline == Ratio(Decimal(117), Decimal(180))
    assert traffic.baseline == {0: Count(Decimal(270)), 1: Count(Decimal(45))}
    baseline = crimes.measures[0].baseline
    assert (baseline.source, baseline.year, baseline.partial) == (
        BaselineSource.SYSTEM,
        2024,
        False,
    )
    assert [u.code for u in baseline.span.units] == ["LAN", "TNH"]
    # The same area in 2025: Tây Ninh all along plus Long An's January to June.
    assert crimes.ytd == Count(Decimal(6 * 95 + 3 * 150 + 6 * 57))
    assert clearance.ytd == Ratio(
        Decimal(6 * 9 + 3 * 15 + 6 * 6), Decimal(6 * 10 + 3 * 20 + 6 * 10)
    )
    assert crimes.evaluation is not None
    assert crimes.evaluation.achieved == Decimal(78) * 100 / Decimal(1440)
    assert crimes.outcome == Outcome.EXCEEDED


def test_it_marks_the_baseline_partial_when_long_an_has_no_data(merger: Merger) -> None:
    _history(merger, long_an_2024=False)

    crimes = _status(merger, PeriodKind.NINE_MONTHS, 1)["3"]

    baseline = crimes.measures[0].baseline
    assert (baseline.figure, baseline.partial, [u.code for u in baseline.missing]) == (
        Count(Decimal(900)),
        True,
        ["LAN"],
    )
    assert crimes.baseline_partial
    assert crimes.baseline is None  # too small to judge on
    assert (crimes.outcome, crimes.on_track) == (Outcome.NO_DATA, Outcome.NO_DATA)


def test_it_judges_tay_ninh_alone_before_the_merger(merger: Merger) -> None:
    _history(merger)

    tay_ninh = _status(merger, PeriodKind.QUARTER, 1)["3"]
    long_an = _status(merger, PeriodKind.QUARTER, 1, code="LAN")["3"]

    assert (tay_ninh.baseline, tay_ninh.ytd) == (Count(Decimal(300)), Count(Decimal(285)))
    assert (long_an.baseline, long_an.ytd) == (Count(Decimal(180)), Count(Decimal(171)))


def test_it_finds_the_baseline_of_one_period_for_the_report(merger: Merger) -> None:
    _history(merger)
    world = merger.y2025
    august = domain.report_open(
        period=world.month(8), unit=world.units["TNH"], by=world.officer("TNH")
    )

    rows = {r.criterion.code: r for r in domain.report_figure_rows(report=august)}

    assert rows["3"].baseline is not None
    assert rows["3"].baseline.figure == Count(Decimal(160))
    assert rows["3"].effective.figure == Count(Decimal(150))


@pytest.mark.parametrize(("kind", "index"), [(PeriodKind.MONTH, 2), (PeriodKind.NINE_MONTHS, 1)])
def test_it_reads_the_statuses_in_a_handful_of_queries_however_many_months(
    merger: Merger, kind: str, index: int
) -> None:
    """Not a query per month and unit: the lineage is asked once per stretch between changes."""
    _history(merger)

    with CaptureQueriesContext(connection) as captured:
        _status(merger, kind, index)

    assert len(captured.captured_queries) <= 15
