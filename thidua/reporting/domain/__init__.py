"""Periodic reporting: periods, reports and their workflow, figures, aggregates, statuses.

Writes (one transaction each) and reads (selectors); every computation is the engine's.
Import from here: `from thidua.reporting import domain`.
"""

from thidua.reporting.domain.charts import (
    IndicatorChart,
    MeasureSeries,
    MonthPoint,
    indicator_chart,
)
from thidua.reporting.domain.evidence import evidence_add, evidence_delete
from thidua.reporting.domain.measures import Measure, criterion_measures, unit_target
from thidua.reporting.domain.periods import covenant_periods, periods_generate
from thidua.reporting.domain.reports import (
    FigureInput,
    figure_check,
    is_member_in,
    report_approve,
    report_figures_save,
    report_lock,
    report_open,
    report_reopen,
    report_return,
    report_submit,
)
from thidua.reporting.domain.selectors import (
    MISSING,
    Baseline,
    BaselineSource,
    BoardRow,
    MatrixCell,
    MatrixRow,
    MeasureStatus,
    ReportRow,
    StatusBoard,
    TargetStatus,
    cluster_status_board,
    covenant_members,
    covenant_status_matrix,
    report_evaluations,
    report_figure_rows,
    report_is_late,
)
from thidua.reporting.domain.series import SpanFigure

__all__ = [
    "MISSING",
    "Baseline",
    "BaselineSource",
    "BoardRow",
    "FigureInput",
    "IndicatorChart",
    "MatrixCell",
    "MatrixRow",
    "Measure",
    "MeasureSeries",
    "MeasureStatus",
    "MonthPoint",
    "ReportRow",
    "SpanFigure",
    "StatusBoard",
    "TargetStatus",
    "cluster_status_board",
    "covenant_members",
    "covenant_periods",
    "covenant_status_matrix",
    "criterion_measures",
    "evidence_add",
    "evidence_delete",
    "figure_check",
    "indicator_chart",
    "is_member_in",
    "periods_generate",
    "report_approve",
    "report_evaluations",
    "report_figure_rows",
    "report_figures_save",
    "report_is_late",
    "report_lock",
    "report_open",
    "report_reopen",
    "report_return",
    "report_submit",
    "unit_target",
]
