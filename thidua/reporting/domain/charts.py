"""A unit's indicator over the months of a year, against its baseline and its target.

For every month of the covenant's year: the month's own figure, the year to date, the same
of the baseline year (lineage-aware: a merged unit's baseline sums its predecessors), and
the level the year to date must reach to meet the target by that month:
- at least / at most N: N (the year's figure, compared with the year to date);
- a rate: the rate named by the target (100% for full coverage);
- a change of p% on the baseline: the baseline's year to date moved by p%.
Counts are plotted as counts, rates as percentages. Every number comes from the same
figures and engine functions as the statuses (series.span_figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from thidua.covenants.models import Covenant, Criterion
from thidua.engine.evaluation import Count, Figure, Ratio
from thidua.engine.numbers import exact
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    RateAtLeast,
    SimpleTarget,
    Target,
)
from thidua.org.models import Unit
from thidua.reporting.domain.measures import Measure, criterion_measures, unit_target
from thidua.reporting.domain.selectors import (
    ALL_STATUSES,
    MONTHS_IN_YEAR,
    _baseline_year,
    _key,
    _store,
)
from thidua.reporting.domain.series import Lineage, SpanFigure, span_figure
from thidua.reporting.models import OFFICIAL_STATUSES

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MonthPoint:
    month: int
    actual: Decimal | None
    actual_ytd: Decimal | None
    baseline: Decimal | None
    baseline_ytd: Decimal | None
    target: Decimal | None


@dataclass(frozen=True)
class MeasureSeries:
    measure: Measure
    is_rate: bool
    baseline_year: int
    baseline_units: tuple[Unit, ...]
    points: tuple[MonthPoint, ...]


@dataclass(frozen=True)
class IndicatorChart:
    unit: Unit
    covenant: Covenant
    criterion: Criterion
    target: Target | None
    series: tuple[MeasureSeries, ...]
    include_unapproved: bool


def plotted(figure: Figure | None) -> Decimal | None:
    """A count as itself, a rate as its percentage (None when its denominator is 0)."""
    if figure is None:
        return None
    if isinstance(figure, Count):
        return figure.value
    assert isinstance(figure, Ratio)
    return figure.percent


def _part(target: Target | None, part: int) -> SimpleTarget | None:
    if isinstance(target, AllOf):
        return target.parts[part] if part < len(target.parts) else None
    return target


def target_level(target: SimpleTarget | None, baseline_ytd: Decimal | None) -> Decimal | None:
    """The level the year to date must reach (see the module docstring)."""
    if isinstance(target, AtLeast | AtMost):
        return target.n
    if isinstance(target, RateAtLeast):
        return target.percent
    if isinstance(target, FullCoverage):
        return HUNDRED
    if isinstance(target, Change) and baseline_ytd is not None:
        sign = -1 if target.direction == ChangeDirection.REDUCE else 1
        with exact():
            return baseline_ytd * (HUNDRED + sign * target.min_percent) / HUNDRED
    return None


def indicator_chart(
    *, unit: Unit, covenant: Covenant, criterion: Criterion, include_unapproved: bool = False
) -> IndicatorChart:
    """The series of every measure of the criterion for the unit (see the module docstring)."""
    criterion = (
        Criterion.objects.prefetch_related("unit_targets", "criterionindicator_set__indicator")
        .select_related("covenant")
        .get(pk=criterion.pk)
    )
    year = covenant.year
    target = unit_target(criterion, unit)
    measures = criterion_measures(criterion, unit)
    statuses = ALL_STATUSES if include_unapproved else OFFICIAL_STATUSES
    baseline_years = {m.part: _baseline_year(target, m.part, year) for m in measures}
    as_of = covenant.cluster.end
    lineage = Lineage()
    store = _store(
        lineage=lineage,
        unit=unit,
        criteria=[criterion],
        years={year, *baseline_years.values()},
        last=MONTHS_IN_YEAR,
        as_of=as_of,
    )
    series = []
    for measure in measures:
        key = _key(criterion, measure)
        baseline_year = baseline_years[measure.part]
        shape = _part(target, measure.part)
        points = []
        baseline_units: tuple[Unit, ...] = ()
        for month in range(1, MONTHS_IN_YEAR + 1):

            def figure(first: int, in_year: int, chosen: frozenset[str]) -> Decimal | None:
                return plotted(span(first, in_year, chosen).figure)

            def span(first: int, in_year: int, chosen: frozenset[str]) -> SpanFigure:
                return span_figure(
                    store=store, unit=unit, key=key, year=in_year, first=first, last=month,  # noqa: B023
                    statuses=chosen, is_rate=measure.is_rate, lineage=lineage, as_of=as_of,  # noqa: B023
                )  # fmt: skip

            baseline_span = span(1, baseline_year, OFFICIAL_STATUSES)
            baseline_units = baseline_units or baseline_span.units
            baseline_ytd = plotted(baseline_span.figure)
            points.append(
                MonthPoint(
                    month=month,
                    actual=figure(month, year, statuses),
                    actual_ytd=figure(1, year, statuses),
                    baseline=figure(month, baseline_year, OFFICIAL_STATUSES),
                    baseline_ytd=baseline_ytd,
                    target=target_level(shape, baseline_ytd),
                )
            )
        series.append(
            MeasureSeries(
                measure=measure,
                is_rate=measure.is_rate,
                baseline_year=baseline_year,
                baseline_units=baseline_units,
                points=tuple(points),
            )
        )
    return IndicatorChart(
        unit=unit,
        covenant=covenant,
        criterion=criterion,
        target=target,
        series=tuple(series),
        include_unapproved=include_unapproved,
    )
