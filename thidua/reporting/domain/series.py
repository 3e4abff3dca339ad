"""A unit's figure for a span of months, from whatever it reported, lineage-aware.

A span (January–September, April–June …) is covered by reported periods: the unit's own
figure for a period exactly covering it when it entered one, otherwise the periods that
tile it (months, quarters …), preferring the largest. The sums are the engine's
(`year_to_date`, `combine_predecessors`): counts added, rates recomputed from the summed
numerators and denominators, a gap making the span unknown rather than smaller.

With lineage, each piece of the span is the combination of the units that make up the
unit: for a merged unit, its predecessors' figures for that piece (DOMAIN.md §3). The unit
is taken as it stood on `as_of` (the end of the period being looked at), so that a merger
recorded later does not change what an earlier period meant.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from thidua.engine.aggregation import combine_predecessors, year_to_date
from thidua.engine.evaluation import Figure
from thidua.org.domain import constituents
from thidua.org.models import LineageEvent, Unit
from thidua.reporting.domain.measures import to_figure
from thidua.reporting.models import PERIOD_SHAPES, month_end, months_of
from thidua.reporting.models import Figure as StoredFigure

Span = tuple[int, int]

# Every span a report can cover, longest first so that entered totals are preferred.
SPANS: tuple[Span, ...] = tuple(
    sorted({months_of(kind, index) for kind, index in PERIOD_SHAPES}, key=lambda s: s[0] - s[1])
)


@dataclass(frozen=True, slots=True)
class SeriesKey:
    """Which figures make a series: an indicator across covenants, else one criterion part."""

    criterion_id: int
    part: int
    indicator_id: int | None


@dataclass(frozen=True, slots=True)
class SpanFigure:
    """A span's figure and where it came from.

    figure: the sum of everything present (for display); complete: every piece of the
    span and every unit making up the unit reported; pieces: the month spans summed;
    units: the units whose figures were used; missing: units without a figure for some
    piece; exact: False when a split made the lineage approximate.
    """

    figure: Figure | None
    complete: bool
    pieces: tuple[Span, ...] = ()
    units: tuple[Unit, ...] = ()
    missing: tuple[Unit, ...] = ()
    exact: bool = True

    @property
    def complete_figure(self) -> Figure | None:
        """What an evaluation may use: None unless nothing is missing."""
        return self.figure if self.complete else None

    @property
    def partial(self) -> bool:
        return self.figure is not None and not self.complete

    @property
    def is_aggregate(self) -> bool:
        """Summed from several reported periods rather than reported as one."""
        return len(self.pieces) > 1


NO_FIGURE = SpanFigure(figure=None, complete=False)


class FigureStore:
    """Reported figures loaded in one query, looked up by unit, year, span and series."""

    def __init__(
        self,
        *,
        unit_ids: Iterable[int],
        years: Iterable[int],
        indicator_ids: Iterable[int] = (),
        criterion_ids: Iterable[int] = (),
    ) -> None:
        condition = Q(indicator_id__in=list(indicator_ids)) | Q(
            criterion_id__in=list(criterion_ids)
        )
        rows = StoredFigure.objects.filter(
            condition,
            report__unit_id__in=list(unit_ids),
            report__period__start__year__in=list(years),
        ).values(
            "report_id",
            "report__unit_id",
            "report__status",
            "report__period__kind",
            "report__period__index",
            "report__period__start",
            "criterion_id",
            "part",
            "indicator_id",
            "value",
            "numerator",
            "denominator",
            "baseline_value",
            "baseline_numerator",
            "baseline_denominator",
        )
        self._by_indicator: dict[tuple[int, int, Span, int], list[dict[str, Any]]] = defaultdict(
            list
        )
        self._by_criterion: dict[tuple[int, int, Span, int, int], list[dict[str, Any]]] = (
            defaultdict(list)
        )
        for values in rows:
            row: dict[str, Any] = dict(values)
            span = months_of(row["report__period__kind"], row["report__period__index"])
            year = row["report__period__start"].year
            unit_id = row["report__unit_id"]
            if row["indicator_id"] is not None:
                self._by_indicator[(unit_id, year, span, row["indicator_id"])].append(row)
            self._by_criterion[(unit_id, year, span, row["criterion_id"], row["part"])].append(row)

    def row(
        self, unit_id: int, year: int, span: Span, key: SeriesKey, statuses: frozenset[str]
    ) -> dict[str, Any] | None:
        if key.indicator_id is not None:
            rows = self._by_indicator.get((unit_id, year, span, key.indicator_id), [])
        else:
            rows = self._by_criterion.get((unit_id, year, span, key.criterion_id, key.part), [])
        rows = [r for r in rows if r["report__status"] in statuses]
        if not rows:
            return None
        # One report per unit and period is the rule; should a unit have reported the same
        # indicator twice (two criteria, two clusters), the evaluated criterion wins, then
        # the latest report.
        return max(rows, key=lambda r: (r["criterion_id"] == key.criterion_id, r["report_id"]))

    def figure(
        self,
        unit_id: int,
        year: int,
        span: Span,
        key: SeriesKey,
        statuses: frozenset[str],
        *,
        is_rate: bool,
        manual_baseline: bool = False,
    ) -> Figure | None:
        row = self.row(unit_id, year, span, key, statuses)
        if row is None:
            return None
        prefix = "baseline_" if manual_baseline else ""
        values: list[Decimal | None] = [
            row[f"{prefix}value"],
            row[f"{prefix}numerator"],
            row[f"{prefix}denominator"],
        ]
        return to_figure(*values, is_rate=is_rate)


class Lineage:
    """org.domain.constituents, remembered per call and cut off at a reference date.

    constituents(unit, on) only changes where a lineage event takes effect or a unit starts
    or stops being active, so one answer serves every date between two such days: a year
    of months costs a query or two instead of three per month.
    """

    def __init__(self) -> None:
        self._event_dates: list[dt.date] | None = None
        self._change_days: list[dt.date] | None = None
        self._memo: dict[tuple[int, int], tuple[tuple[Unit, ...], bool]] = {}

    def _events_after(self, on: dt.date) -> bool:
        if self._event_dates is None:
            self._event_dates = list(
                LineageEvent.objects.values_list("effective_date", flat=True).distinct()
            )
        return any(day > on for day in self._event_dates)

    def _stretch(self, on: dt.date) -> int:
        """Which stretch between change days `on` falls in."""
        if self._change_days is None:
            days = set(self._event_dates or ())
            for start, end in Unit.objects.filter(
                Q(active_from__isnull=False) | Q(active_to__isnull=False)
            ).values_list("active_from", "active_to"):
                if start is not None:
                    days.add(start)
                if end is not None:
                    days.add(end + dt.timedelta(days=1))
            self._change_days = sorted(days)
        return bisect.bisect_right(self._change_days, on)

    def _constituents(self, unit: Unit, on: dt.date) -> tuple[tuple[Unit, ...], bool]:
        if not self._events_after(on):
            # Nothing changed since `on`: the unit is itself, unless it did not exist yet
            # (what constituents() answers too, without its queries).
            formed_later = unit.active_from is not None and unit.active_from > on
            return (() if formed_later else (unit,)), True
        key = (unit.pk, self._stretch(on))
        if key not in self._memo:
            found = constituents(unit=unit, on=on)
            self._memo[key] = (found.units, found.exact)
        return self._memo[key]

    def makeup(self, unit: Unit, *, on: dt.date, as_of: dt.date) -> tuple[tuple[Unit, ...], bool]:
        """The units whose data on `on` make up `unit` as it stood on `as_of`.

        constituents() follows every event after `on`; events after `as_of` had not happened
        then, so the units that joined `unit` only later are taken out again.
        """
        units, exact = self._constituents(unit, on)
        later, _exact = self._constituents(unit, as_of)
        joiners = [u for u in later if u.pk != unit.pk and u.is_active_on(as_of)]
        if not joiners:
            return units, exact
        excluded = {v.pk for joiner in joiners for v in self._constituents(joiner, on)[0]}
        return tuple(u for u in units if u.pk not in excluded), exact


@dataclass(frozen=True, slots=True)
class _Piece:
    figure: Figure | None
    complete: bool
    units: tuple[Unit, ...]
    missing: tuple[Unit, ...]
    exact: bool


def _cover(first: int, last: int, piece: Callable[[Span], _Piece]) -> list[Span] | None:
    """The spans tiling first–last with a figure each: complete ones first, then fewest."""
    best: dict[int, tuple[bool, int, tuple[Span, ...]] | None] = {}

    def from_month(start: int) -> tuple[bool, int, tuple[Span, ...]] | None:
        if start > last:
            return True, 0, ()
        if start in best:
            return best[start]
        options = []
        for span in SPANS:
            if span[0] != start or span[1] > last:
                continue
            result = piece(span)
            if result.figure is None:
                continue
            rest = from_month(span[1] + 1)
            if rest is None:
                continue
            options.append((result.complete and rest[0], 1 + rest[1], (span, *rest[2])))
        best[start] = max(options, key=lambda o: (o[0], -o[1])) if options else None
        return best[start]

    found = from_month(first)
    return list(found[2]) if found else None


def span_figure(
    *,
    store: FigureStore,
    unit: Unit,
    key: SeriesKey,
    year: int,
    first: int,
    last: int,
    statuses: frozenset[str],
    is_rate: bool,
    lineage: Lineage | None = None,
    as_of: dt.date | None = None,
    manual_baseline: bool = False,
) -> SpanFigure:
    """The unit's figure for months first–last of `year` (see the module docstring).

    Without `lineage` only the unit's own reports count; with it, the units making it up
    on `as_of` (default: the end of the span).
    """
    reference = as_of or month_end(year, last)
    pieces: dict[Span, _Piece] = {}

    def piece(span: Span) -> _Piece:
        if span not in pieces:
            if lineage is None:
                units: tuple[Unit, ...] = (unit,)
                exact = True
            else:
                units, exact = lineage.makeup(unit, on=month_end(year, span[1]), as_of=reference)
            figures = [
                store.figure(
                    u.pk,
                    year,
                    span,
                    key,
                    statuses,
                    is_rate=is_rate,
                    manual_baseline=manual_baseline,
                )
                for u in units
            ]
            combined = combine_predecessors(figures)
            pieces[span] = _Piece(
                figure=combined.figure,
                complete=combined.figure is not None and not combined.missing,
                units=units,
                missing=tuple(units[i] for i in combined.missing),
                exact=exact,
            )
        return pieces[span]

    spans = _cover(first, last, piece)
    if spans is None:
        return NO_FIGURE
    chosen = [piece(span) for span in spans]
    total = year_to_date([p.figure for p in chosen])
    return SpanFigure(
        figure=total,
        complete=all(p.complete for p in chosen),
        pieces=tuple(spans),
        units=_unique(u for p in chosen for u in p.units),
        missing=_unique(u for p in chosen for u in p.missing),
        exact=all(p.exact for p in chosen),
    )


def _unique(units: Iterable[Unit]) -> tuple[Unit, ...]:
    seen: dict[int, Unit] = {}
    for unit in units:
        seen.setdefault(unit.pk, unit)
    return tuple(sorted(seen.values(), key=lambda u: (u.sort_name, u.code)))


def lineage_unit_ids(
    lineage: Lineage, unit: Unit, *, year: int, last: int, as_of: dt.date
) -> set[int]:
    """Every unit whose figures of months 1–last of `year` may make up `unit` on `as_of`."""
    ids = {unit.pk}
    for month in range(1, last + 1):
        units, _exact = lineage.makeup(unit, on=month_end(year, month), as_of=as_of)
        ids.update(u.pk for u in units)
    return ids
