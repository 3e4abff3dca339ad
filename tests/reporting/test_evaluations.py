"""Each target's status through the engine: met, not met, exceeded, no data, on track."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.reporting.world import FULL, Value, World, build_world, file_report
from thidua.covenants import domain as covenants
from thidua.engine.evaluation import Count, Outcome
from thidua.reporting import domain
from thidua.reporting.domain import BaselineSource, TargetStatus

pytestmark = pytest.mark.django_db


def _months(world: World, months: range, changes: Mapping[str, Value] | None = None) -> None:
    for month in months:
        file_report(world, world.month(month), "TNH", {**FULL, **(changes or {})})


def _status(world: World, as_of: int, code: str = "TNH") -> dict[str, TargetStatus]:
    statuses = domain.report_evaluations(
        unit=world.units[code], covenant=world.covenant, as_of_period=world.month(as_of)
    )
    return {s.criterion.code: s for s in statuses}


def test_it_renders_each_target_as_the_covenant_says_it(world: World) -> None:
    _months(world, range(1, 2))

    sentences = {code: s.sentence for code, s in _status(world, as_of=1).items()}

    assert sentences == {
        "1": "Tỷ lệ điều tra, khám phá án đạt trên 75%",
        "2": "Số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc đạt ít nhất 120 hồ sơ",
        "3": "Kéo giảm ít nhất 5% số vụ phạm tội về trật tự xã hội so với năm 2023",
        "4": "Giảm 5% cả 2 tiêu chí về tai nạn giao thông: số vụ và số người chết so với năm 2023",
    }


@pytest.mark.parametrize(
    ("monthly", "outcome", "on_track", "projected"),
    [
        (12, Outcome.NOT_MET, Outcome.EXCEEDED, Decimal(144)),  # 36 now, 144 by December
        (10, Outcome.NOT_MET, Outcome.MET, Decimal(120)),
        (8, Outcome.NOT_MET, Outcome.NOT_MET, Decimal(96)),
        (40, Outcome.MET, Outcome.EXCEEDED, Decimal(480)),
    ],
)
def test_it_says_whether_a_yearly_count_is_on_track(
    world: World, monthly: int, outcome: Outcome, on_track: Outcome, projected: Decimal
) -> None:
    _months(world, range(1, 4), {"2": monthly})

    rehab = _status(world, as_of=3)["2"]

    assert (rehab.outcome, rehab.on_track) == (outcome, on_track)
    assert rehab.projection is not None
    assert rehab.projection.achieved == projected
    assert (rehab.periods_elapsed, rehab.periods_in_year) == (3, 12)


def test_it_judges_a_rate_on_track_by_its_rate_so_far(world: World) -> None:
    _months(world, range(1, 3), {"1": (7, 10)})

    clearance = _status(world, as_of=2)["1"]

    assert (clearance.outcome, clearance.on_track) == (Outcome.NOT_MET, Outcome.NOT_MET)


def test_it_uses_a_baseline_typed_in_when_the_baseline_year_is_not_in_the_system(
    world: World,
) -> None:
    _months(
        world,
        range(1, 3),
        {
            "3": {"value": 93, "baseline_value": 100},
            "4": [{"value": 20, "baseline_value": 20}, {"value": 2, "baseline_value": 3}],
        },
    )

    statuses = _status(world, as_of=2)
    crimes, traffic = statuses["3"], statuses["4"]

    assert (crimes.ytd, crimes.baseline) == (Count(Decimal(186)), Count(Decimal(200)))
    assert crimes.measures[0].baseline.source == BaselineSource.MANUAL
    assert crimes.measures[0].baseline.year == 2023
    assert crimes.evaluation is not None
    assert (crimes.outcome, crimes.evaluation.achieved) == (Outcome.EXCEEDED, Decimal(7))
    # Traffic: accidents flat (not met) while deaths fell a third; all of them must fall.
    assert traffic.baseline == {0: Count(Decimal(40)), 1: Count(Decimal(6))}
    assert traffic.outcome == Outcome.NOT_MET


def test_it_has_no_data_for_a_reduction_without_a_baseline(world: World) -> None:
    _months(world, range(1, 2))

    crimes = _status(world, as_of=1)["3"]

    assert (crimes.baseline, crimes.outcome, crimes.measures[0].baseline.source) == (
        None,
        Outcome.NO_DATA,
        None,
    )


def test_it_reports_a_unit_without_a_target_with_its_figures_only(world: World) -> None:
    covenants.unit_target_set(criterion=world.criteria["2"], unit=world.units["BDG"], target=None)
    without_rehab = {k: v for k, v in FULL.items() if k != "2"}
    file_report(world, world.month(1), "BDG", {**without_rehab})
    file_report(world, world.month(2), "BDG", {**without_rehab, "2": 4})

    rehab = _status(world, as_of=2, code="BDG")["2"]

    assert (rehab.target, rehab.evaluation, rehab.on_track, rehab.sentence) == (
        None,
        None,
        None,
        "",
    )
    assert rehab.measures[0].ytd.figure is None  # January has none: no year to date


def test_it_refuses_a_period_of_another_covenant(world: World) -> None:
    other = build_world(year=2025, number=10)

    with pytest.raises(ValidationError) as caught:
        domain.report_evaluations(
            unit=world.units["TNH"], covenant=world.covenant, as_of_period=other.month(1)
        )

    assert caught.value.code == "period_outside_covenant"
