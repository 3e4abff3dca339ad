"""Serializers of the reporting API (thidua/reporting/api.py): the enums, figures as
numbers in plain notation, the shapes of reports, rows, statuses and the board, and the
input of every write.

Output serializers read plain dicts built from the domain's results (`*_out` below), so
that every number comes from the domain and the engine unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.api.serializers import InputSerializer, enum_schema
from thidua.covenants.domain import target_sentence
from thidua.covenants.models import Criterion
from thidua.engine.evaluation import Count as CountFigure
from thidua.engine.evaluation import Evaluation, Figure, Outcome, Ratio
from thidua.engine.targets import target_to_dict
from thidua.org.api import UnitBriefSerializer, UnitRefField
from thidua.reporting import domain
from thidua.reporting.models import Figure as StoredFigure
from thidua.reporting.models import Period, PeriodKind, Report, ReportStatus

# ---------------------------------------------------------------------------------------
# Enums and numbers


_BOARD_STATUSES = [*ReportStatus.choices, (domain.MISSING, gettext_lazy("Chưa có báo cáo"))]
_OUTCOMES = [
    (Outcome.NO_DATA.value, "chưa đủ số liệu để đánh giá"),
    (Outcome.NOT_MET.value, "chưa đạt"),
    (Outcome.MET.value, "đạt"),
    (Outcome.EXCEEDED.value, "vượt chỉ tiêu"),
]
_BASELINE_SOURCES = [
    (domain.BaselineSource.SYSTEM.value, "số liệu đã duyệt của năm so sánh trong hệ thống"),
    (domain.BaselineSource.MANUAL.value, "số liệu năm so sánh do đơn vị tự nhập"),
]


# Each enum is its own named schema component, as in thidua.org.api and
# thidua.covenants.api, so that enums of different apps sharing a field name ("status",
# "kind") do not collide in the schema.


@extend_schema_field(enum_schema(ReportStatus.choices), component_name="ReportStatus")
class ReportStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ReportStatus.choices, **kwargs)


@extend_schema_field(enum_schema(PeriodKind.choices), component_name="PeriodKind")
class PeriodKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=PeriodKind.choices, **kwargs)


@extend_schema_field(enum_schema(_BOARD_STATUSES), component_name="ReportBoardStatus")
class BoardStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=_BOARD_STATUSES, **kwargs)


@extend_schema_field(enum_schema(_OUTCOMES), component_name="TargetOutcome")
class OutcomeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=_OUTCOMES, **kwargs)


@extend_schema_field(enum_schema(_BASELINE_SOURCES), component_name="ReportBaselineSource")
class BaselineSourceField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=_BASELINE_SOURCES, **kwargs)


def _number(**kwargs: Any) -> serializers.DecimalField:
    """A figure, or a number computed from figures, as a plain string: "1438", "93.5"."""
    return serializers.DecimalField(
        max_digits=None, decimal_places=4, normalize_output=True, allow_null=True, **kwargs
    )


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string", "format": "decimal"}],
        "nullable": True,
        "example": "1438",
    }
)
class FigureNumberField(serializers.DecimalField):
    """A figure sent by the client: a JSON number, or a string in plain notation ("1438",
    "93.5"). null or "" leaves it empty. The domain judges sign, places and size and names
    the criterion when it refuses one."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Cần một số, viết như 1438 hoặc 93.5 (dấu chấm thập phân, không có dấu phân "
            "cách hàng nghìn)."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_digits=None, decimal_places=None, required=False, allow_null=True, **kwargs
        )

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if isinstance(data, str) and not data.strip():
            return (True, None)
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | str | Decimal):
            self.fail("invalid")
        return super().to_internal_value(data)


_VERSION_HELP = (
    "The report's `version` as the client read it. A write made meanwhile by somebody "
    "else makes this one fail with 409 `conflict`, and nothing is saved."
)


# ---------------------------------------------------------------------------------------
# Output serializers


class ReportPeriodSerializer(serializers.Serializer[Period]):
    id = serializers.IntegerField()
    covenant = serializers.IntegerField(source="covenant_id")
    kind = PeriodKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    index = serializers.IntegerField(help_text="Month 1–12, quarter 1–4; 1 for the others.")
    year = serializers.IntegerField()
    # DRF's metaclass moves declared fields off the class, so names like "label",
    # "source", "required" and "partial" do not shadow Field attributes at runtime; the
    # stubs do not know it.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="Tháng 3/2025, Quý I/2025, 6 tháng đầu năm 2025 …"
    )
    start = serializers.DateField()
    end = serializers.DateField()
    deadline = serializers.DateField(help_text="The last day to submit the report.")


class ReportSerializer(serializers.Serializer[Report]):
    id = serializers.IntegerField()
    covenant = serializers.IntegerField(source="period.covenant_id")
    cluster = serializers.IntegerField(source="period.covenant.cluster_id")
    period = ReportPeriodSerializer()
    unit = UnitBriefSerializer()
    status = ReportStatusField()
    status_display = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField(help_text="Send it back with every write. " + _VERSION_HELP)
    is_editable = serializers.BooleanField(
        help_text="Figures can be entered: the report is a draft or was returned."
    )
    late = serializers.SerializerMethodField(
        help_text="The deadline has passed and the report is not submitted."
    )
    figure_count = serializers.IntegerField(help_text="Figures entered in this report.")
    return_reason = serializers.CharField(help_text="Why it was returned or reopened.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.IntegerField(source="submitted_by_id", allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    reviewed_by = serializers.IntegerField(source="reviewed_by_id", allow_null=True)
    locked_at = serializers.DateTimeField(allow_null=True)
    locked_by = serializers.IntegerField(source="locked_by_id", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    updated_by = serializers.IntegerField(source="updated_by_id", allow_null=True)
    is_sample = serializers.BooleanField()

    def get_late(self, report: Report) -> bool:
        today: dt.date = self.context.get("today") or timezone.localdate()
        return domain.report_is_late(period=report.period, status=report.status, day=today)


class ReportCriterionSerializer(serializers.Serializer[Criterion]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class ReportMeasureSerializer(serializers.Serializer[Any]):
    part = serializers.IntegerField()
    is_rate = serializers.BooleanField(
        help_text="true: a numerator and a denominator; false: a single value (a count)."
    )
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    indicator = serializers.CharField(
        allow_null=True, help_text="Code of the library indicator this figure reports, if any."
    )


class ReportSpanPieceSerializer(serializers.Serializer[Any]):
    first = serializers.IntegerField(help_text="First month.")
    last = serializers.IntegerField(help_text="Last month.")


class ReportSpanSerializer(serializers.Serializer[Any]):
    """A figure over a span of months: entered as one, or added up from shorter periods."""

    value = _number(help_text="A count; null for a rate or without figures.")
    numerator = _number()
    denominator = _number()
    percent = _number(help_text="numerator / denominator in %, null when the denominator is 0.")
    complete = serializers.BooleanField(
        help_text="Every month and every unit making up the unit reported."
    )
    partial = serializers.BooleanField(  # type: ignore[assignment]
        help_text="Some figures, not all: shown, never used to judge a target."
    )
    is_aggregate = serializers.BooleanField(
        help_text="Added up from several reported periods rather than entered as one."
    )
    pieces = ReportSpanPieceSerializer(
        many=True, help_text="The reported spans of months added up."
    )
    missing = UnitBriefSerializer(
        many=True, help_text="Units (e.g. predecessors of a merged unit) without figures."
    )


class ReportBaselineSerializer(ReportSpanSerializer):
    year = serializers.IntegerField()
    source = BaselineSourceField(allow_null=True)  # type: ignore[assignment]


class ReportRowSerializer(serializers.Serializer[Any]):
    """One measure of one quantitative criterion: the figures entered, the figure in force."""

    criterion = ReportCriterionSerializer()
    part = serializers.IntegerField()
    measure = ReportMeasureSerializer()
    measure_count = serializers.IntegerField(help_text="How many measures the criterion has.")
    required = serializers.BooleanField(  # type: ignore[assignment]
        help_text="The unit has a target on the criterion: needed before submitting."
    )
    entered = serializers.BooleanField(help_text="The report holds a figure for this measure.")
    value = _number(help_text="Entered in this report (a count).")
    numerator = _number(help_text="Entered in this report (a rate).")
    denominator = _number()
    baseline_value = _number(help_text="Baseline typed in by the unit.")
    baseline_numerator = _number()
    baseline_denominator = _number()
    comment = serializers.CharField()
    effective = ReportSpanSerializer(
        help_text=(
            "The figure in force for the period: the one entered, or for a quarter, the 6 or "
            "9 months or the year the unit's shorter periods added up (whatever their state)."
        )
    )
    baseline = ReportBaselineSerializer(
        allow_null=True, help_text="The same months of the baseline year."
    )


class ReportPermissionsSerializer(serializers.Serializer[Any]):
    can_edit = serializers.BooleanField(help_text="Save figures (PUT/PATCH figures/).")
    can_submit = serializers.BooleanField()
    can_review = serializers.BooleanField(help_text="Approve or return.")
    can_lock = serializers.BooleanField()
    can_reopen = serializers.BooleanField()


class ReportDetailSerializer(ReportSerializer):
    figures = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    @extend_schema_field(ReportRowSerializer(many=True))
    def get_figures(self, report: Report) -> Any:
        return ReportRowSerializer([_row_out(r) for r in self.context["rows"]], many=True).data

    @extend_schema_field(ReportPermissionsSerializer)
    def get_permissions(self, report: Report) -> Any:
        return ReportPermissionsSerializer(self.context["permissions"]).data


class TargetEvaluationPartSerializer(serializers.Serializer[Any]):
    outcome = OutcomeField()
    ratio = _number(
        help_text="The achievement ratio r (DOMAIN.md §5), negative when a change went the "
        "wrong way; null without data."
    )
    achieved = _number(help_text="The actual in the target's unit: a count, a rate in %, a %.")
    margin = _number(help_text="achieved minus the target; positive is better than the target.")


class TargetEvaluationSerializer(TargetEvaluationPartSerializer):
    parts = TargetEvaluationPartSerializer(
        many=True, help_text="Per measure, for a target on several."
    )


class ReportMeasureStatusSerializer(serializers.Serializer[Any]):
    measure = ReportMeasureSerializer()
    ytd = ReportSpanSerializer(help_text="January to the end of the period.")
    baseline = ReportBaselineSerializer()


class ReportTargetStatusSerializer(serializers.Serializer[Any]):
    criterion = ReportCriterionSerializer()
    has_target = serializers.BooleanField(
        help_text="false: the unit has no target here; its figures are shown, not judged."
    )
    target = serializers.DictField(
        allow_null=True, help_text="The engine's stored form (docs/engine-targets.md)."
    )
    sentence_vi = serializers.CharField()
    sentence_en = serializers.CharField()
    outcome = OutcomeField(allow_null=True, help_text="The status on the year to date.")
    on_track = OutcomeField(
        allow_null=True,
        help_text="The outcome of the year-end projected from the year to date.",
    )
    achievement_ratio = _number(help_text="The evaluation's ratio r.")
    evaluation = TargetEvaluationSerializer(allow_null=True)
    projection = TargetEvaluationSerializer(allow_null=True)
    measures = ReportMeasureStatusSerializer(many=True)
    ytd_partial = serializers.BooleanField()
    baseline_partial = serializers.BooleanField()


class ReportEvaluationsSerializer(serializers.Serializer[Any]):
    report = serializers.IntegerField()
    unit = UnitBriefSerializer()
    period = ReportPeriodSerializer()
    as_of = serializers.DateField(help_text="The end of the period: figures up to then.")
    include_unapproved = serializers.BooleanField()
    periods_elapsed = serializers.IntegerField(help_text="Months of the year to date.")
    periods_in_year = serializers.IntegerField()
    targets = ReportTargetStatusSerializer(many=True)


class ReportBoardRowSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    report = serializers.IntegerField(allow_null=True, help_text="The report's id, if any.")
    status = BoardStatusField()
    status_display = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField(
        help_text="The deadline has passed and the report is not submitted (or was returned)."
    )
    submitted_late = serializers.BooleanField()
    figures_entered = serializers.IntegerField()
    figures_expected = serializers.IntegerField(
        help_text="Measures of the criteria on which the unit has a target."
    )


class ReportBoardSerializer(serializers.Serializer[Any]):
    covenant = serializers.IntegerField()
    period = ReportPeriodSerializer()
    today = serializers.DateField()
    deadline_passed = serializers.BooleanField()
    submitted_count = serializers.IntegerField()
    late_count = serializers.IntegerField()
    rows = ReportBoardRowSerializer(many=True)


# ---------------------------------------------------------------------------------------
# Shaping the domain's results


def _figure_out(figure: Figure | None) -> dict[str, Decimal | None]:
    if isinstance(figure, Ratio):
        return {
            "value": None,
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "percent": figure.percent,
        }
    if isinstance(figure, CountFigure):
        return {"value": figure.value, "numerator": None, "denominator": None, "percent": None}
    return {"value": None, "numerator": None, "denominator": None, "percent": None}


def _span_out(span: domain.SpanFigure) -> dict[str, Any]:
    return {
        **_figure_out(span.figure),
        "complete": span.complete,
        "partial": span.partial,
        "is_aggregate": span.is_aggregate,
        "pieces": [{"first": first, "last": last} for first, last in span.pieces],
        "missing": list(span.missing),
    }


def _baseline_out(baseline: domain.Baseline | None) -> dict[str, Any] | None:
    if baseline is None:
        return None
    source = baseline.source.value if baseline.source else None
    return {**_span_out(baseline.span), "year": baseline.year, "source": source}


def _measure_out(measure: domain.Measure) -> dict[str, Any]:
    return {
        "part": measure.part,
        "is_rate": measure.is_rate,
        "name_vi": measure.name_vi,
        "name_en": measure.name_en,
        "indicator": measure.indicator.code if measure.indicator else None,
    }


_ENTERED_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "baseline_value",
    "baseline_numerator",
    "baseline_denominator",
)


def _row_out(row: domain.ReportRow) -> dict[str, Any]:
    figure = row.figure
    return {
        "criterion": row.criterion,
        "part": row.measure.part,
        "measure": _measure_out(row.measure),
        "measure_count": row.measure_count,
        "required": row.required,
        "entered": figure is not None,
        **{name: getattr(figure, name) if figure else None for name in _ENTERED_FIELDS},
        "comment": figure.comment if figure else "",
        "effective": _span_out(row.effective),
        "baseline": _baseline_out(row.baseline),
    }


def _evaluation_out(evaluation: Evaluation | None) -> dict[str, Any] | None:
    if evaluation is None:
        return None
    return {
        "outcome": evaluation.outcome.value,
        "ratio": evaluation.ratio,
        "achieved": evaluation.achieved,
        "margin": evaluation.margin,
        "parts": [
            {
                "outcome": p.outcome.value,
                "ratio": p.ratio,
                "achieved": p.achieved,
                "margin": p.margin,
            }
            for p in evaluation.parts
        ],
    }


def status_out(status: domain.TargetStatus) -> dict[str, Any]:
    stored = target_to_dict(status.target) if status.target is not None else None
    return {
        "criterion": status.criterion,
        "has_target": status.target is not None,
        "target": stored,
        "sentence_vi": target_sentence(stored, "vi") if stored else "",
        "sentence_en": target_sentence(stored, "en") if stored else "",
        "outcome": status.outcome.value if status.outcome else None,
        "on_track": status.on_track.value if status.on_track else None,
        "achievement_ratio": status.evaluation.ratio if status.evaluation else None,
        "evaluation": _evaluation_out(status.evaluation),
        "projection": _evaluation_out(status.projection),
        "measures": [
            {
                "measure": _measure_out(m.measure),
                "ytd": _span_out(m.ytd),
                "baseline": _baseline_out(m.baseline),
            }
            for m in status.measures
        ],
        "ytd_partial": status.ytd_partial,
        "baseline_partial": status.baseline_partial,
    }


def board_out(board: domain.StatusBoard) -> dict[str, Any]:
    return {
        "covenant": board.covenant.pk,
        "period": board.period,
        "today": board.today,
        "deadline_passed": board.deadline_passed,
        "submitted_count": len(board.submitted),
        "late_count": len(board.late),
        "rows": [
            {
                "unit": row.unit,
                "report": row.report.pk if row.report else None,
                "status": row.status,
                "status_display": row.status_label,
                "submitted_at": row.submitted_at,
                "late": row.late,
                "submitted_late": row.submitted_late,
                "figures_entered": row.figures_entered,
                "figures_expected": row.figures_expected,
            }
            for row in board.rows
        ],
    }


# ---------------------------------------------------------------------------------------
# Input serializers


class ReportFilterSerializer(InputSerializer):
    covenant = serializers.IntegerField(required=False, help_text="A covenant id.")
    period = serializers.IntegerField(required=False, help_text="A period id.")
    unit = serializers.IntegerField(required=False, help_text="A unit id.")
    status = ReportStatusField(required=False)
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="The year reported on."
    )


class PeriodFilterSerializer(InputSerializer):
    covenant = serializers.IntegerField(required=False, help_text="A covenant id.")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    kind = PeriodKindField(required=False)


class ReportOpenInputSerializer(InputSerializer):
    period = serializers.IntegerField(help_text="The period (id) the report is for.")
    unit = UnitRefField(help_text="The unit (id) that reports.")
    covenant = serializers.IntegerField(
        required=False, help_text="Optional check: the period must belong to this covenant."
    )


class ReportFigureEntrySerializer(InputSerializer):
    """One measure's figures. PUT: they replace the measure's stored figures as a whole (a
    field left out is emptied). PATCH: a field left out keeps its stored value. null (or
    "") empties a field; a measure left with no number and no comment is removed."""

    criterion = serializers.IntegerField(
        help_text="A quantitative criterion (id) of the covenant of the report's period."
    )
    part = serializers.IntegerField(
        default=0,
        min_value=0,
        max_value=99,
        help_text="Which measure of the criterion, from 0 (a target on several measures, "
        "e.g. accidents and deaths, has one figure per part).",
    )
    value = FigureNumberField(help_text="A count (a measure whose `is_rate` is false).")
    numerator = FigureNumberField(help_text="A rate's numerator (`is_rate` true).")
    denominator = FigureNumberField(help_text="A rate's denominator, with its numerator.")
    baseline_value = FigureNumberField(
        help_text="The baseline year's figure typed in by the unit, used only when the "
        "baseline year has no approved figures in the system."
    )
    baseline_numerator = FigureNumberField()
    baseline_denominator = FigureNumberField()
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="Explanation."
    )


class ReportFiguresInputSerializer(InputSerializer):
    """Figures to save. The body of PATCH is no partial form: `version` and `figures` are
    required there too; only the fields of each figure are merged with the stored ones."""

    version = serializers.IntegerField(min_value=1, help_text=_VERSION_HELP)
    figures = ReportFigureEntrySerializer(  # type: ignore[call-arg]
        many=True,
        max_length=2000,
        help_text=("The measures to change; the measures not listed are left as they are."),
    )
    reason = serializers.CharField(
        default="",
        allow_blank=True,
        max_length=1000,
        help_text="Why, kept in the history (e.g. a correction after a return).",
    )

    # DRF and drf-spectacular make the serializer of a PATCH partial; this one never is.
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Every criterion of the report's covenant, and each measure listed once.

        With `keep_omitted` in the context (PATCH), a field left out of a figure takes its
        stored value; the client's `version` guards against a change in between.
        """
        report: Report = self.context["report"]
        figures: list[dict[str, Any]] = attrs["figures"]
        criteria = {
            c.pk: c
            for c in Criterion.objects.filter(
                covenant_id=report.period.covenant_id, pk__in={f["criterion"] for f in figures}
            )
        }
        errors: dict[str, list[str]] = {}
        slots: dict[tuple[int, int], int] = {}
        for index, figure in enumerate(figures):
            criterion = criteria.get(figure["criterion"])
            if criterion is None:
                errors[f"figures.{index}.criterion"] = [
                    _("Giao ước của kỳ báo cáo %(period)s không có tiêu chí có id %(id)s.")
                    % {"period": report.period, "id": figure["criterion"]}
                ]
            elif (criterion.pk, figure["part"]) in slots:
                errors[f"figures.{index}.part"] = [
                    _("Số liệu của tiêu chí %(code)s (chỉ số thứ %(part)s) được nhập hai lần.")
                    % {"code": criterion.code, "part": figure["part"] + 1}
                ]
            else:
                slots[(criterion.pk, figure["part"])] = index
        if errors:
            raise serializers.ValidationError(errors)
        stored: dict[tuple[int, int], StoredFigure] = {}
        if self.context.get("keep_omitted"):
            stored = {
                (f.criterion_id, f.part): f for f in StoredFigure.objects.filter(report=report)
            }

        def given(figure: dict[str, Any], name: str, empty: Any) -> Any:
            if name in figure:
                return figure[name]
            kept = stored.get((figure["criterion"], figure["part"]))
            return getattr(kept, name) if kept is not None else empty

        attrs["entries"] = [
            domain.FigureInput(
                criterion=criteria[f["criterion"]],
                part=f["part"],
                comment=given(f, "comment", ""),
                **{name: given(f, name, None) for name in _ENTERED_FIELDS},
            )
            for f in figures
        ]
        attrs["slots"] = slots
        return attrs


class ReportActionInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text=_VERSION_HELP)


class ReportReasonInputSerializer(ReportActionInputSerializer):
    reason = serializers.CharField(
        default="", allow_blank=True, max_length=5000, help_text="Required: shown to the unit."
    )


class EvaluationFilterSerializer(InputSerializer):
    include_unapproved = serializers.BooleanField(
        default=False,
        help_text=(
            "false (default): only approved and locked reports count, the official status. "
            "true: drafts and submitted reports count too, a preview (anyone who may read "
            "the report may see its figures anyway)."
        ),
    )
