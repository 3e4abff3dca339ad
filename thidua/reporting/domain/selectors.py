"""Reads: a report's rows, each target's status through the engine, the cluster's board.

Results are frozen dataclasses that pages and the API render as they are; every number in
them comes from the engine (sums, lineage combinations, evaluations, projections).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.covenants.domain import criteria_tree, target_sentence, walk
from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.engine.aggregation import project_evaluation
from thidua.engine.evaluation import Evaluation, Figure, Figures, Outcome, evaluate
from thidua.engine.targets import AllOf, Change, Target, target_to_dict
from thidua.org.models import Membership, Unit
from thidua.reporting.domain.measures import Measure, criterion_measures, unit_target
from thidua.reporting.domain.series import (
    NO_FIGURE,
    FigureStore,
    Lineage,
    SeriesKey,
    SpanFigure,
    lineage_unit_ids,
    span_figure,
)
from thidua.reporting.models import DONE_STATUSES, OFFICIAL_STATUSES, Period, Report, ReportStatus
from thidua.reporting.models import Figure as StoredFigure

ALL_STATUSES = frozenset(ReportStatus.values)
MONTHS_IN_YEAR = 12


class BaselineSource(StrEnum):
    SYSTEM = "system"  # the approved figures of the baseline year, lineage-aware
    MANUAL = "manual"  # typed in by the unit on its figures (baseline year not in the system)


@dataclass(frozen=True, slots=True)
class Baseline:
    """The same span of the baseline year, and where it came from."""

    year: int
    span: SpanFigure
    source: BaselineSource | None

    @property
    def figure(self) -> Figure | None:
        return self.span.figure

    @property
    def complete_figure(self) -> Figure | None:
        return self.span.complete_figure

    @property
    def partial(self) -> bool:
        """Some unit making up the unit has no figure: shown, but not used to judge."""
        return self.span.partial

    @property
    def missing(self) -> tuple[Unit, ...]:
        return self.span.missing


def _quantitative_criteria(covenant: Covenant) -> list[Criterion]:
    """In the tree's order, with unit targets and indicators prefetched."""
    return [
        node.criterion
        for node, _depth in walk(criteria_tree(covenant))
        if node.criterion.kind == CriterionKind.QUANTITATIVE
    ]


def _baseline_year(target: Target | None, part: int, year: int) -> int:
    """A change's own baseline year; otherwise the previous year."""
    if target is not None:
        parts = target.parts if isinstance(target, AllOf) else (target,)
        shape = parts[part] if part < len(parts) else None
        if isinstance(shape, Change):
            return shape.baseline_year
    return year - 1


def _key(criterion: Criterion, measure: Measure) -> SeriesKey:
    return SeriesKey(
        criterion_id=criterion.pk,
        part=measure.part,
        indicator_id=measure.indicator.pk if measure.indicator else None,
    )


def _baseline(
    *,
    store: FigureStore,
    lineage: Lineage,
    unit: Unit,
    key: SeriesKey,
    is_rate: bool,
    year: int,
    baseline_year: int,
    first: int,
    last: int,
    as_of: dt.date,
    statuses: frozenset[str],
) -> Baseline:
    """Matched by indicator over the units that made up the unit; else typed in by hand.

    Complete figures of the system win; then a complete baseline the unit typed in (the
    baseline year is not in the system, or some predecessor of a merged unit is missing);
    then the partial figures of the system, shown as partial and never judged on.
    """
    system = NO_FIGURE
    if key.indicator_id is not None:
        system = span_figure(
            store=store, unit=unit, key=key, year=baseline_year, first=first, last=last,
            statuses=OFFICIAL_STATUSES, is_rate=is_rate, lineage=lineage, as_of=as_of,
        )  # fmt: skip
        if system.complete:
            return Baseline(baseline_year, system, BaselineSource.SYSTEM)
    manual = span_figure(
        store=store, unit=unit, key=SeriesKey(key.criterion_id, key.part, None), year=year,
        first=first, last=last, statuses=statuses, is_rate=is_rate, manual_baseline=True,
    )  # fmt: skip
    if manual.complete:
        return Baseline(baseline_year, manual, BaselineSource.MANUAL)
    if system.figure is not None:
        return Baseline(baseline_year, system, BaselineSource.SYSTEM)
    return Baseline(baseline_year, NO_FIGURE, None)


def _store(
    *,
    lineage: Lineage | None,
    unit: Unit,
    criteria: list[Criterion],
    years: set[int],
    last: int,
    as_of: dt.date,
) -> FigureStore:
    """The figures of every unit that may make up `unit` over those years, in one query."""
    unit_ids: set[int] = {unit.pk}
    if lineage is not None:
        for year in years:
            unit_ids |= lineage_unit_ids(lineage, unit, year=year, last=last, as_of=as_of)
    indicator_ids = {link.indicator_id for c in criteria for link in c.criterionindicator_set.all()}
    return FigureStore(
        unit_ids=unit_ids,
        years=years,
        indicator_ids=indicator_ids,
        criterion_ids=[c.pk for c in criteria],
    )


# ---------------------------------------------------------------------------------------
# A report's rows


@dataclass(frozen=True)
class ReportRow:
    """One measure of one quantitative criterion in a report.

    figure: the stored row (entered values, comment, typed-in baseline), if any;
    effective: the entered figure, or for a quarter, 6 or 9 months or the year the
    aggregate of the unit's months when it entered none; required: the unit has a target.
    """

    criterion: Criterion
    measure: Measure
    measure_count: int
    required: bool
    figure: StoredFigure | None
    effective: SpanFigure
    baseline: Baseline | None

    @property
    def is_aggregate(self) -> bool:
        return self.effective.is_aggregate


def report_figure_rows(
    *, report: Report, include_unapproved: bool = True, with_baselines: bool = True
) -> tuple[ReportRow, ...]:
    """The report's figures, one row per measure, in the criteria tree's order.

    With `include_unapproved` (the default, for the unit's own page) the aggregates read the
    unit's months whatever their state; without it only approved and locked months count.
    Baselines (the same period of the baseline year) read approved and locked figures only;
    `with_baselines=False` skips them when only the unit's own figures matter.
    """
    period = report.period
    covenant = period.covenant
    unit = report.unit
    year, first, last = period.year, period.first_month, period.last_month
    criteria = _quantitative_criteria(covenant)
    statuses = ALL_STATUSES if include_unapproved else OFFICIAL_STATUSES
    stored = {(f.criterion_id, f.part): f for f in StoredFigure.objects.filter(report=report)}
    lineage = Lineage()
    plans = []
    baseline_years = set()
    for criterion in criteria:
        target = unit_target(criterion, unit)
        measures = criterion_measures(criterion, unit)
        for measure in measures:
            baseline_year = _baseline_year(target, measure.part, year)
            baseline_years.add(baseline_year)
            plans.append((criterion, target, measures, measure, baseline_year))
    store = _store(
        lineage=lineage if with_baselines else None, unit=unit, criteria=criteria,
        years={year, *baseline_years} if with_baselines else {year}, last=last, as_of=period.end,
    )  # fmt: skip
    rows = []
    for criterion, target, measures, measure, baseline_year in plans:
        key = _key(criterion, measure)
        own = span_figure(
            store=store, unit=unit, key=key, year=year, first=first, last=last,
            statuses=statuses, is_rate=measure.is_rate,
        )  # fmt: skip
        baseline = None
        if with_baselines:
            baseline = _baseline(
                store=store, lineage=lineage, unit=unit, key=key, is_rate=measure.is_rate,
                year=year, baseline_year=baseline_year, first=first, last=last,
                as_of=period.end, statuses=statuses,
            )  # fmt: skip
        rows.append(
            ReportRow(
                criterion=criterion,
                measure=measure,
                measure_count=len(measures),
                required=target is not None,
                figure=stored.get((criterion.pk, measure.part)),
                effective=own,
                baseline=baseline,
            )
        )
    return tuple(rows)


# ---------------------------------------------------------------------------------------
# Each target's status


@dataclass(frozen=True)
class MeasureStatus:
    """One measure's year to date and baseline (both with where they came from)."""

    measure: Measure
    ytd: SpanFigure
    baseline: Baseline


@dataclass(frozen=True)
class TargetStatus:
    """A criterion's target for the unit, judged on the year to date by the engine.

    ytd / baseline: the figures the engine judged (for an AllOf, part index → figure); only
    complete figures are judged, so a partial baseline leaves a change target NO_DATA.
    evaluation: the status now; projection: the year-end if the year goes on like this,
    whose outcome says whether the unit is on track. A unit without a target on the
    criterion has target, evaluation and projection None, and its figures all the same.
    """

    criterion: Criterion
    target: Target | None
    sentence: str
    measures: tuple[MeasureStatus, ...]
    ytd: Figures
    baseline: Figures
    evaluation: Evaluation | None
    projection: Evaluation | None
    periods_elapsed: int
    periods_in_year: int

    @property
    def outcome(self) -> Outcome | None:
        return self.evaluation.outcome if self.evaluation else None

    @property
    def on_track(self) -> Outcome | None:
        return self.projection.outcome if self.projection else None

    @property
    def baseline_partial(self) -> bool:
        return any(m.baseline.partial for m in self.measures)

    @property
    def ytd_partial(self) -> bool:
        return any(m.ytd.partial for m in self.measures)


def _judged(target: Target | None, values: Mapping[int, Figure | None]) -> Figures:
    if isinstance(target, AllOf):
        return MappingProxyType({part: f for part, f in values.items() if f is not None})
    return values.get(0)


def report_evaluations(
    *,
    unit: Unit,
    covenant: Covenant,
    as_of_period: Period,
    include_unapproved: bool = False,
    language: str | None = None,
) -> tuple[TargetStatus, ...]:
    """Every quantitative criterion's status for the unit, on January to the period's end.

    The year to date and the baseline (the same months of the baseline year) are
    lineage-aware: a merged unit is judged with its predecessors' figures on both sides, as
    it stood at the end of `as_of_period`. Only approved and locked reports count, unless
    `include_unapproved` (a unit previewing its own drafts).
    """
    if as_of_period.covenant_id != covenant.pk:
        raise ValidationError(
            _("Kỳ báo cáo %(period)s không thuộc giao ước %(covenant)s.")
            % {"period": as_of_period, "covenant": covenant},
            code="period_outside_covenant",
        )
    year, last, as_of = covenant.year, as_of_period.last_month, as_of_period.end
    lang = "en" if (language or get_language() or "vi").startswith("en") else "vi"
    statuses = ALL_STATUSES if include_unapproved else OFFICIAL_STATUSES
    criteria = _quantitative_criteria(covenant)
    plans = []
    years = {year}
    for criterion in criteria:
        target = unit_target(criterion, unit)
        measures = criterion_measures(criterion, unit)
        baseline_years = {m.part: _baseline_year(target, m.part, year) for m in measures}
        years.update(baseline_years.values())
        plans.append((criterion, target, measures, baseline_years))
    lineage = Lineage()
    store = _store(
        lineage=lineage, unit=unit, criteria=criteria, years=years, last=last, as_of=as_of
    )
    results = []
    for criterion, target, measures, baseline_years in plans:
        statuses_of_measures = []
        for measure in measures:
            key = _key(criterion, measure)
            ytd = span_figure(
                store=store, unit=unit, key=key, year=year, first=1, last=last,
                statuses=statuses, is_rate=measure.is_rate, lineage=lineage, as_of=as_of,
            )  # fmt: skip
            baseline = _baseline(
                store=store, lineage=lineage, unit=unit, key=key, is_rate=measure.is_rate,
                year=year, baseline_year=baseline_years[measure.part], first=1, last=last,
                as_of=as_of, statuses=statuses,
            )  # fmt: skip
            statuses_of_measures.append(MeasureStatus(measure, ytd, baseline))
        ytd_in = _judged(
            target, {m.measure.part: m.ytd.complete_figure for m in statuses_of_measures}
        )
        base_in = _judged(
            target, {m.measure.part: m.baseline.complete_figure for m in statuses_of_measures}
        )
        evaluation = projection = None
        if target is not None:
            evaluation = evaluate(target, ytd_in, base_in)
            projection = project_evaluation(target, ytd_in, base_in, last, MONTHS_IN_YEAR)
        results.append(
            TargetStatus(
                criterion=criterion,
                target=target,
                sentence=target_sentence(target_to_dict(target), lang) if target else "",
                measures=tuple(statuses_of_measures),
                ytd=ytd_in,
                baseline=base_in,
                evaluation=evaluation,
                projection=projection,
                periods_elapsed=last,
                periods_in_year=MONTHS_IN_YEAR,
            )
        )
    return tuple(results)


# ---------------------------------------------------------------------------------------
# The cluster's board for a period

MISSING = "missing"


@dataclass(frozen=True)
class BoardRow:
    """A member's report for the period: its state, and whether it is late.

    late: the deadline has passed and the report is not submitted (or was returned);
    submitted_late: it was submitted after the deadline.
    """

    unit: Unit
    report: Report | None
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    late: bool
    submitted_late: bool
    figures_entered: int
    figures_expected: int


@dataclass(frozen=True)
class StatusBoard:
    covenant: Covenant
    period: Period
    today: dt.date
    rows: tuple[BoardRow, ...]

    @property
    def deadline_passed(self) -> bool:
        return self.today > self.period.deadline

    @property
    def submitted(self) -> tuple[BoardRow, ...]:
        return tuple(r for r in self.rows if r.status in DONE_STATUSES)

    @property
    def late(self) -> tuple[BoardRow, ...]:
        return tuple(r for r in self.rows if r.late)


def cluster_status_board(
    *, covenant: Covenant, period: Period, today: dt.date | None = None
) -> StatusBoard:
    """Who has submitted what for the period and who is late; a fixed number of queries."""
    if period.covenant_id != covenant.pk:
        raise ValidationError(
            _("Kỳ báo cáo %(period)s không thuộc giao ước %(covenant)s.")
            % {"period": period, "covenant": covenant},
            code="period_outside_covenant",
        )
    day = today or timezone.localdate()
    units: dict[int, Unit] = {}
    for membership in period.expected_memberships().select_related("unit"):
        units.setdefault(membership.unit_id, membership.unit)
    reports: dict[int, Report] = {}
    entered: dict[int, int] = {}
    for found in (
        Report.objects.filter(period=period).select_related("unit").annotate(n=Count("figures"))
    ):
        reports[found.unit_id] = found
        entered[found.unit_id] = found.n
    for reported in reports.values():
        units.setdefault(reported.unit_id, reported.unit)
    criteria = _quantitative_criteria(covenant)
    rows = []
    for unit in sorted(units.values(), key=lambda u: (u.sort_name, u.code)):
        report = reports.get(unit.pk)
        expected = sum(
            len(criterion_measures(c, unit)) for c in criteria if unit_target(c, unit) is not None
        )
        status = report.status if report else MISSING
        submitted_at = report.submitted_at if report else None
        rows.append(
            BoardRow(
                unit=unit,
                report=report,
                status=status,
                status_label=report.get_status_display() if report else _("Chưa có báo cáo"),
                submitted_at=submitted_at,
                late=report_is_late(period=period, status=status, day=day),
                submitted_late=submitted_at is not None
                and timezone.localdate(submitted_at) > period.deadline,
                figures_entered=entered.get(unit.pk, 0),
                figures_expected=expected,
            )
        )
    return StatusBoard(covenant=covenant, period=period, today=day, rows=tuple(rows))


def report_is_late(*, period: Period, status: str, day: dt.date) -> bool:
    """The deadline has passed and the unit has not submitted (or was sent the report back)."""
    return day > period.deadline and status not in DONE_STATUSES


# ---------------------------------------------------------------------------------------
# The covenant's periods × members


@dataclass(frozen=True)
class MatrixCell:
    """A unit's report for a period; `member`: expected to report it (see is_member_in)."""

    unit: Unit
    report: Report | None
    member: bool
    late: bool


@dataclass(frozen=True)
class MatrixRow:
    period: Period
    cells: tuple[MatrixCell, ...]


def covenant_members(*, covenant: Covenant) -> list[Unit]:
    """Every unit that was a member of the cluster at some point of the year, in order."""
    found: dict[int, Unit] = {}
    for membership in Membership.objects.filter(cluster_id=covenant.cluster_id).select_related(
        "unit"
    ):
        found.setdefault(membership.unit_id, membership.unit)
    return sorted(found.values(), key=lambda u: (u.sort_name, u.code))


def covenant_status_matrix(
    *,
    covenant: Covenant,
    periods: list[Period],
    units: list[Unit],
    today: dt.date | None = None,
) -> tuple[MatrixRow, ...]:
    """Each period's report of each unit, whether it had to report and is late; 2 queries."""
    day = today or timezone.localdate()
    reports = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__covenant=covenant).only(
            "id", "period_id", "unit_id", "status", "submitted_at", "version"
        )
    }
    spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for start, end, unit_id in Membership.objects.filter(
        cluster_id=covenant.cluster_id
    ).values_list("start_date", "end_date", "unit_id"):
        spans.setdefault(unit_id, []).append((start, end))
    rows = []
    for period in periods:
        cells = []
        for unit in units:
            # The rule of is_member_in, on memberships read once.
            member = any(period.expects(start, end) for start, end in spans.get(unit.pk, []))
            report = reports.get((period.pk, unit.pk))
            status = report.status if report else MISSING
            late = member and report_is_late(period=period, status=status, day=day)
            cells.append(MatrixCell(unit=unit, report=report, member=member, late=late))
        rows.append(MatrixRow(period=period, cells=tuple(cells)))
    return tuple(rows)
