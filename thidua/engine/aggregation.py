"""Figure arithmetic for reporting: totals, year to date, lineage, year-end projection.

Rates are always combined from summed numerators and denominators, never averaged:
95% of 20 and 50% of 2 is 91% of 22, not 72.5%.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.engine.evaluation import (
    Count,
    Evaluation,
    Figure,
    FigureError,
    Figures,
    Outcome,
    Ratio,
    evaluate,
)
from thidua.engine.numbers import arithmetic, exact
from thidua.engine.targets import AllOf, Change, SimpleTarget, Target

__all__ = [
    "Combined",
    "combine_predecessors",
    "on_track",
    "project_evaluation",
    "project_year_end",
    "sum_counts",
    "sum_figures",
    "sum_ratios",
    "year_to_date",
]

_ZERO = Decimal(0)


def _check_figure(figure: object) -> Figure | None:
    if figure is None or isinstance(figure, Count | Ratio):
        return figure
    raise FigureError("type", f"Expected a Count, a Ratio or None, got {type(figure).__name__}.")


def sum_figures(figures: Iterable[Figure]) -> Figure | None:
    """The exact sum of figures of one kind (counts, or ratios part by part); None if empty."""
    items = [_check_figure(figure) for figure in figures]
    if any(item is None for item in items):
        raise FigureError("type", "A missing figure cannot be added; filter it out first.")
    if not items:
        return None
    if all(isinstance(item, Count) for item in items):
        with exact():
            return Count(sum((item.value for item in items if isinstance(item, Count)), _ZERO))
    if all(isinstance(item, Ratio) for item in items):
        ratios = [item for item in items if isinstance(item, Ratio)]
        with exact():
            return Ratio(
                sum((ratio.numerator for ratio in ratios), _ZERO),
                sum((ratio.denominator for ratio in ratios), _ZERO),
            )
    raise FigureError("figure_kind", "Counts and ratios cannot be added together.")


def sum_counts(values: Iterable[Count | None]) -> Count | None:
    """The sum of the counts present; None when none is.

    Absent values are skipped, so this is for totals shown with how many reported; a
    figure that will be evaluated should come from year_to_date or combine_predecessors,
    which refuse to fill gaps.
    """
    present = [value for value in values if value is not None]
    for value in present:
        if not isinstance(value, Count):
            raise FigureError("figure_kind", f"Expected a Count, got {type(value).__name__}.")
    total = sum_figures(present)
    assert total is None or isinstance(total, Count)
    return total


def sum_ratios(ratios: Iterable[Ratio | None]) -> Ratio | None:
    """Summed numerators over summed denominators of the ratios present; None when none is."""
    present = [ratio for ratio in ratios if ratio is not None]
    for ratio in present:
        if not isinstance(ratio, Ratio):
            raise FigureError("figure_kind", f"Expected a Ratio, got {type(ratio).__name__}.")
    total = sum_figures(present)
    assert total is None or isinstance(total, Ratio)
    return total


def year_to_date(periods: Iterable[Figure | None]) -> Figure | None:
    """The year to date from the figures of each elapsed period (months, quarters…).

    A period without a figure makes the whole year to date unknown (None): treating the
    gap as 0 would flatter every reduction target.
    """
    figures = [_check_figure(period) for period in periods]
    if any(figure is None for figure in figures):
        return None
    return sum_figures([figure for figure in figures if figure is not None])


@dataclass(frozen=True, slots=True)
class Combined:
    """Predecessors' figures combined for a merged unit.

    figure: the sum of the figures present (None when no predecessor has one).
    missing: positions of the predecessors without a figure.
    """

    figure: Figure | None
    missing: tuple[int, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.missing) and self.figure is not None

    @property
    def complete_figure(self) -> Figure | None:
        """The figure only when every predecessor reported: what evaluation should use."""
        return None if self.missing else self.figure


def combine_predecessors(figures: Sequence[Figure | None]) -> Combined:
    """A merged unit's figure for a period from its predecessors' figures for that period.

    Counts are summed, rates recomputed from summed numerators and denominators. When
    some predecessor has no figure, the sum of the others is kept for display but flagged
    (`partial`), and `complete_figure` is None so that no target is judged on a
    baseline that is too small.
    """
    checked = [_check_figure(figure) for figure in figures]
    missing = tuple(index for index, figure in enumerate(checked) if figure is None)
    present = [figure for figure in checked if figure is not None]
    return Combined(sum_figures(present), missing)


def _check_periods(periods_elapsed: int, periods_in_year: int) -> None:
    for name, value in (("periods_elapsed", periods_elapsed), ("periods_in_year", periods_in_year)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise FigureError("periods", f"{name} must be an integer, got {value!r}.")
    if not 1 <= periods_elapsed <= periods_in_year:
        raise FigureError(
            "periods",
            f"{periods_elapsed} periods elapsed out of {periods_in_year}: need 1 ≤ elapsed ≤ "
            "periods in the year.",
        )


def project_year_end(
    ytd: Figure | None, periods_elapsed: int, periods_in_year: int
) -> Figure | None:
    """The year-end figure if the year goes on as it went so far.

    A count is extrapolated linearly (ytd ÷ elapsed × periods in the year); a rate is
    the year-to-date rate, as a rate does not grow with time.
    """
    _check_periods(periods_elapsed, periods_in_year)
    figure = _check_figure(ytd)
    if figure is None or isinstance(figure, Ratio):
        return figure
    with arithmetic():
        # Multiply first so that the only rounding is the one division.
        return Count(figure.value * periods_in_year / periods_elapsed)


def _project_part(
    part: SimpleTarget, figure: Figure | None, periods_elapsed: int, periods_in_year: int
) -> Figure | None:
    # A change compares the year to date with the same periods of the baseline year:
    # extrapolating both by the same factor would leave the percentage unchanged.
    if isinstance(part, Change):
        return _check_figure(figure)
    return project_year_end(figure, periods_elapsed, periods_in_year)


def project_evaluation(
    target: Target,
    ytd: Figures,
    baseline_ytd: Figures,
    periods_elapsed: int,
    periods_in_year: int,
) -> Evaluation:
    """The evaluation of the projected year-end figures (see project_year_end).

    `baseline_ytd` is the baseline year's figure for the same elapsed periods; only
    Change targets read it.
    """
    _check_periods(periods_elapsed, periods_in_year)
    if not isinstance(target, AllOf):
        if isinstance(ytd, Mapping):
            raise FigureError("figure_kind", "Part figures were given for a single target.")
        projected = _project_part(target, ytd, periods_elapsed, periods_in_year)
        return evaluate(target, projected, baseline_ytd)
    if ytd is None:
        return evaluate(target, None, baseline_ytd)
    if not isinstance(ytd, Mapping):
        raise FigureError(
            "figure_kind", "AllOf needs its figures as a mapping of part index to figure."
        )
    parts: dict[int, Figure | None] = {}
    for index, figure in ytd.items():
        if isinstance(index, int) and 0 <= index < len(target.parts):
            parts[index] = _project_part(
                target.parts[index], figure, periods_elapsed, periods_in_year
            )
        else:
            parts[index] = figure  # evaluate() reports the unknown part
    return evaluate(target, parts, baseline_ytd)


def on_track(
    target: Target,
    ytd: Figures,
    baseline_ytd: Figures,
    periods_elapsed: int,
    periods_in_year: int,
) -> Outcome:
    """Whether the year, projected from the year to date, would meet the target."""
    return project_evaluation(target, ytd, baseline_ytd, periods_elapsed, periods_in_year).outcome
