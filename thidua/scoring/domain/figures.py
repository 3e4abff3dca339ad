"""The approved year figures a unit's quantitative criteria are scored on.

For each quantitative criterion the snapshot keeps what the engine's formula needs —
whether the unit has a target, its achievement ratio r, its actual result oriented so that
more is better — with the outcome and the target and result as sentences, decimals kept
exactly as text. Reporting's evaluations supply them (thidua.reporting.domain, the year
period, approved and locked figures only, lineage-aware); nothing is computed here but
through the engine.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.covenants.domain import criteria_tree, load_target, walk
from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.engine import render
from thidua.engine.evaluation import Count, Figure, FigureError, Figures, Outcome, Ratio, evaluate
from thidua.engine.numbers import (
    format_number_en,
    format_number_vi,
    format_percent_en,
    format_percent_vi,
)
from thidua.engine.scoring import QuantEntry
from thidua.engine.targets import AllOf, AtMost, Target
from thidua.org.models import Unit
from thidua.reporting import domain as reporting
from thidua.reporting.models import Period, PeriodKind

Snapshot = dict[str, Any]


def year_period(covenant: Covenant) -> Period | None:
    """The covenant's year period (tổng kết), whose year-to-date is the whole year."""
    return Period.objects.filter(covenant=covenant, kind=PeriodKind.YEAR, index=1).first()


def _shape_target(criterion: Criterion) -> Target | None:
    """A target telling what the criterion measures, for a unit that has none itself."""
    target = load_target(criterion.target)
    if target is not None:
        return target
    for own in criterion.unit_targets.all():
        target = load_target(own.target)
        if target is not None:
            return target
    return None


def _benchmark_actual(shape: Target | None, ytd: Figures, baseline: Figures) -> Decimal | None:
    """What a unit without a target achieved, in the unit the others' r is the share of.

    None where "more is better" has no meaning (at most N, zero tolerance, several
    measures at once): the engine then leaves the unit unscored on the criterion.
    """
    if shape is None or isinstance(shape, AtMost | AllOf) or ytd is None:
        return None
    try:
        evaluation = evaluate(shape, ytd, baseline)
    except FigureError:
        return None
    if evaluation.outcome is Outcome.NO_DATA:
        return None
    return evaluation.achieved


def _figure_text(figure: Figure | None, unit_label: str, english: bool) -> str:
    if figure is None:
        return "No data" if english else "Không có số liệu"
    number = format_number_en if english else format_number_vi
    percent = format_percent_en if english else format_percent_vi
    if isinstance(figure, Count):
        return f"{number(figure.value, 2, trim=True)} {unit_label}".strip()
    assert isinstance(figure, Ratio)
    share = figure.percent
    fraction = (
        f"{number(figure.numerator, 2, trim=True)}/{number(figure.denominator, 2, trim=True)}"
    )
    return f"{fraction} ({percent(share)})" if share is not None else fraction


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _snapshot(status: reporting.TargetStatus) -> Snapshot:
    target = status.target
    evaluation = status.evaluation
    if target is not None and evaluation is not None:
        known = evaluation.outcome is not Outcome.NO_DATA and evaluation.ratio is not None
        return {
            "has_target": True,
            "ratio": _text(evaluation.ratio) if known else None,
            "actual": _text(evaluation.achieved) if known else None,
            "outcome": evaluation.outcome.value,
            "target_vi": render.render_vi(target),
            "target_en": render.render_en(target),
            "result_vi": render.render_result_vi(target, evaluation),
            "result_en": render.render_result_en(target, evaluation),
        }
    shape = _shape_target(status.criterion)
    single = status.ytd if isinstance(status.ytd, Count | Ratio) else None
    unit_vi = unit_en = ""
    if shape is not None and not isinstance(shape, AllOf):
        unit_vi, unit_en = shape.measure.unit_vi, shape.measure.unit_en
    return {
        "has_target": False,
        "ratio": None,
        "actual": _text(_benchmark_actual(shape, status.ytd, status.baseline)),
        "outcome": None,
        "target_vi": "",
        "target_en": "",
        "result_vi": _figure_text(single, "" if unit_vi == "%" else unit_vi, english=False),
        "result_en": _figure_text(single, "" if unit_en == "%" else unit_en, english=True),
    }


def _no_figures(criterion: Criterion, unit: Unit) -> Snapshot:
    target = reporting.unit_target(criterion, unit)
    return {
        "has_target": target is not None,
        "ratio": None,
        "actual": None,
        "outcome": Outcome.NO_DATA.value if target is not None else None,
        "target_vi": render.render_vi(target) if target is not None else "",
        "target_en": render.render_en(target) if target is not None else "",
        "result_vi": "Không có số liệu",
        "result_en": "No data",
    }


def figures_snapshot(*, covenant: Covenant, unit: Unit) -> dict[int, Snapshot]:
    """Criterion id → the snapshot of the unit's approved year figures on it.

    Without a year period (reporting never started) every criterion has no data.
    """
    period = year_period(covenant)
    if period is None:
        return {
            node.criterion.pk: _no_figures(node.criterion, unit)
            for node, _depth in walk(criteria_tree(covenant))
            if node.criterion.kind == CriterionKind.QUANTITATIVE
        }
    statuses = reporting.report_evaluations(unit=unit, covenant=covenant, as_of_period=period)
    return {status.criterion.pk: _snapshot(status) for status in statuses}


def quant_entry(snapshot: Snapshot | None, *, unit: str) -> QuantEntry:
    """The engine's input from a snapshot; a unit without one yet counts as having a target
    and no data, so that not opening a sheet never shrinks what it is measured on."""
    if snapshot is None:
        return QuantEntry(unit=unit, ratio=None, has_target=True, actual=None)
    ratio = snapshot.get("ratio")
    actual = snapshot.get("actual")
    has_target = bool(snapshot.get("has_target"))
    return QuantEntry(
        unit=unit,
        ratio=Decimal(ratio) if ratio is not None and has_target else None,
        has_target=has_target,
        actual=Decimal(actual) if actual is not None else None,
    )
