"""JSON API of scoring: score sheets and their workflow under /api/v1/scores/, the cluster's
score table, locking and reopening, and rankings under /api/v1/rankings/.

Thin views, in the style of thidua.voting.api: the accessors of thidua.scoring.access
authorise (before the body is read, so a refused user learns nothing from validation),
an explicit input serializer parses, thidua.scoring.domain writes and reads, an output
serializer shapes the answer. Points and percentages are strings with two decimals
(rounded half up, as the score tables print them). Errors come in the common format of
thidua.api.errors: 409 `conflict` when someone saved the sheet in between, 400 with the
domain's code (`status`, `locked`, `incomplete`, `not_member`) when the step is refused.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from decimal import ROUND_HALF_UP
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.domain_errors import as_conflict, error_responses
from thidua.api.pagination import Pagination
from thidua.api.serializers import InputSerializer
from thidua.covenants.models import Covenant, Criterion
from thidua.org.api import UnitBriefSerializer
from thidua.org.models import Unit
from thidua.scoring import access, domain
from thidua.scoring.domain import ScoreCell, ScoreTable, UnitScores
from thidua.scoring.models import CovenantScoring, ScoreEvidence, ScoreSheet, SheetStatus

# One schema component for the shared shapes: a cluster in brief is the vote's.
from thidua.voting.api import ClusterBriefSerializer

T = TypeVar("T")

# ---------------------------------------------------------------------------------------
# Errors


class StepRefused(exceptions.APIException):
    """A workflow step refused by the domain, with its code and Vietnamese message."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "status"


STEP_CODES = frozenset({"status", "locked", "incomplete", "not_member", "covenant_not_signed"})


def _call(action: Callable[..., T], **kwargs: Any) -> T:
    """The domain call, its refusals turned into the API's codes."""
    try:
        return action(**kwargs)
    except ValidationError as exc:
        # Only a stale version is a 409 here; a refused step stays a 400 (StepRefused).
        conflict = as_conflict(exc, {"conflict": "conflict"})
        if conflict is not None:
            raise conflict from None
        code = getattr(exc, "code", None)
        if not hasattr(exc, "error_dict") and code in STEP_CODES:
            raise StepRefused(exc.messages[0], code=code) from None
        raise


_errors = error_responses(
    {
        400: "Dữ liệu không hợp lệ, hoặc bước này chưa (hoặc không còn) làm được.",
        403: "Không có quyền.",
        404: "Không tìm thấy.",
        409: "Bảng điểm vừa được người khác lưu (phiên bản cũ).",
    }
)


# ---------------------------------------------------------------------------------------
# Output


def _points(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=30, decimal_places=2, rounding=ROUND_HALF_UP, allow_null=True, **kwargs
    )


class SheetSummarySerializer(serializers.Serializer[ScoreSheet]):
    id = serializers.IntegerField()
    covenant = serializers.IntegerField(source="covenant_id")
    cluster = ClusterBriefSerializer(source="covenant.cluster")
    unit = UnitBriefSerializer()
    status = serializers.ChoiceField(choices=SheetStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField(
        help_text="Send it back as `version` with every action: a change made meanwhile is refused."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    verified_at = serializers.DateTimeField(allow_null=True)
    explained_at = serializers.DateTimeField(allow_null=True)
    finalized_at = serializers.DateTimeField(allow_null=True)
    locked_at = serializers.DateTimeField(allow_null=True)
    figures_at = serializers.DateTimeField(
        allow_null=True, help_text="When the approved year figures were last read."
    )
    updated_at = serializers.DateTimeField()
    updated_by = serializers.CharField(source="updated_by.display_name", default="")
    is_sample = serializers.BooleanField()


class CriterionBriefSerializer(serializers.Serializer[Criterion]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    max_points = _points()


class EvidenceSerializer(serializers.Serializer[ScoreEvidence]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class ScoreCellSerializer(serializers.Serializer[ScoreCell]):
    criterion = serializers.IntegerField(source="criterion.pk")
    self_input = serializers.JSONField(source="score.self_input", default=None)
    self_points = _points(help_text="Quantitative: the automatic points.")
    self_note = serializers.CharField(source="score.self_note", default="")
    verified_input = serializers.JSONField(source="score.verified_input", default=None)
    verified_points = _points(help_text="Null: the verifier kept the self-score.")
    verified_reason = serializers.CharField(source="score.verified_reason", default="")
    explanation = serializers.CharField(source="score.explanation", default="")
    final_input = serializers.JSONField(source="score.final_input", default=None)
    final_points = _points(help_text="Null: the office kept the verified score.")
    final_reason = serializers.CharField(source="score.final_reason", default="")
    points = _points(help_text="Effective: final, else verified, else self.")
    attainable = _points()
    status = serializers.CharField(help_text="The engine's status of the effective score.")
    outcome = serializers.CharField(
        allow_null=True, help_text="Quantitative: not_met, met, exceeded or no_data."
    )
    step = serializers.CharField(
        source="source",
        help_text="Where the effective score comes from: auto, self, verified, final.",
    )
    changed_by_verifier = serializers.BooleanField()
    changed_by_office = serializers.BooleanField()
    figures = serializers.JSONField(
        help_text="Quantitative: target, ratio r, actual, outcome and sentences."
    )
    evidence_count = serializers.IntegerField()
    problem = serializers.CharField()


class GroupTotalSerializer(serializers.Serializer[Any]):
    criterion = serializers.IntegerField()
    total = _points()
    maximum = _points()
    attainable = _points()
    capped = serializers.BooleanField(help_text="The group's cap cut points off.")


class UnitTotalsSerializer(serializers.Serializer[UnitScores]):
    total = _points()
    attainable = _points()
    percent = _points()
    rank = serializers.IntegerField(allow_null=True)
    tied = serializers.BooleanField()
    exceeded_count = serializers.IntegerField()
    penalty_count = serializers.IntegerField()
    missing = serializers.IntegerField(help_text="Criteria still without a score or figures.")
    self_total = _points(source="self_root.total")
    verified_total = _points(source="verified_root.total")


def _groups(row: UnitScores, table: ScoreTable) -> list[dict[str, Any]]:
    return [
        {
            "criterion": item.criterion.pk,
            "total": row.nodes[item.criterion.pk].total,
            "maximum": row.nodes[item.criterion.pk].maximum,
            "attainable": row.nodes[item.criterion.pk].attainable,
            "capped": row.nodes[item.criterion.pk].capped,
        }
        for item in table.criteria
        if not item.is_leaf
    ]


class PermissionsSerializer(serializers.Serializer[Any]):
    can_self_score = serializers.BooleanField()
    can_verify = serializers.BooleanField()
    can_decide = serializers.BooleanField()


class ScoreDetailSerializer(serializers.Serializer[Any]):
    """A score cell with its criterion and evidence, for one sheet."""

    criterion = CriterionBriefSerializer()
    score = ScoreCellSerializer()
    evidence = EvidenceSerializer(many=True)


class SheetDetailSerializer(serializers.Serializer[Any]):
    sheet = SheetSummarySerializer()
    totals = UnitTotalsSerializer()
    groups = GroupTotalSerializer(many=True)
    scores = ScoreDetailSerializer(many=True)
    permissions = PermissionsSerializer()


class TableCriterionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="criterion.pk")
    # DRF moves declared fields off the class; the stubs do not know it.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="criterion.parent_id", allow_null=True
    )
    code = serializers.CharField(source="criterion.code")
    title = serializers.CharField(source="criterion.title")
    kind = serializers.CharField(source="criterion.kind")
    max_points = _points(source="criterion.max_points")
    depth = serializers.IntegerField()
    is_leaf = serializers.BooleanField()


class SheetBriefSerializer(serializers.Serializer[ScoreSheet]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField()


class TableUnitSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    sheet = SheetBriefSerializer(allow_null=True)
    totals = UnitTotalsSerializer()
    groups = GroupTotalSerializer(many=True)
    scores = ScoreCellSerializer(many=True)


class ScoringStateSerializer(serializers.Serializer[CovenantScoring]):
    status = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it back as `version` to lock or reopen.")
    published_at = serializers.DateTimeField(allow_null=True)
    reopen_reason = serializers.CharField()


class TableSerializer(serializers.Serializer[Any]):
    covenant = serializers.IntegerField()
    cluster = ClusterBriefSerializer()
    scale = _points()
    tie_break = serializers.ListField(child=serializers.CharField())
    scoring = ScoringStateSerializer(allow_null=True)
    published = serializers.BooleanField()
    complete = serializers.BooleanField()
    criteria = TableCriterionSerializer(many=True)
    units = TableUnitSerializer(many=True)


class RankingRowSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    unit = UnitBriefSerializer()
    total = _points()
    attainable = _points()
    percent = _points(help_text="Percent of the attainable points; null if none attainable.")
    tied = serializers.BooleanField(help_text="Another unit shares this rank.")
    exceeded_count = serializers.IntegerField(help_text="Tie-break: criteria exceeded.")
    penalty_count = serializers.IntegerField(help_text="Tie-break: penalties.")


class RankingSerializer(serializers.Serializer[Any]):
    covenant = serializers.IntegerField(source="covenant.pk")
    cluster = ClusterBriefSerializer(source="covenant.cluster")
    published = serializers.BooleanField(
        help_text="False: provisional, as the scores stand now (cluster members and office)."
    )
    published_at = serializers.DateTimeField(allow_null=True)
    complete = serializers.BooleanField()
    tie_break = serializers.ListField(child=serializers.CharField())
    rows = RankingRowSerializer(many=True)


# ---------------------------------------------------------------------------------------
# Input


_POINTS_ERRORS: dict[str, Any] = {
    "invalid": gettext_lazy("Cần một số."),
    "max_digits": gettext_lazy("Số quá lớn."),
    "max_decimal_places": gettext_lazy("Nhiều nhất 2 chữ số thập phân."),
    "max_whole_digits": gettext_lazy("Số quá lớn."),
}


class SheetFilterSerializer(InputSerializer):
    covenant = serializers.IntegerField(required=False)
    cluster = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=SheetStatus.choices, required=False)


class RankingFilterSerializer(InputSerializer):
    cluster = serializers.IntegerField(required=False)
    year = serializers.IntegerField(required=False)


class OpenInputSerializer(InputSerializer):
    covenant = serializers.IntegerField()
    unit = serializers.IntegerField()


class VersionInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1)


class ReasonInputSerializer(VersionInputSerializer):
    reason = serializers.CharField(max_length=2000)


class ScoreEntrySerializer(InputSerializer):
    criterion = serializers.IntegerField(help_text="Id of a leaf criterion of the covenant.")
    met = serializers.BooleanField(required=False, allow_null=True, help_text="Qualitative.")
    points = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        required=False,
        allow_null=True,
        error_messages=_POINTS_ERRORS,
        help_text="Direct entry.",
    )
    occurrences = serializers.IntegerField(
        required=False, allow_null=True, help_text="Direct entry by occurrence."
    )
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        help_text='Bonus/penalty: {"item index": count}, items as the covenant lists them.',
    )
    ranks = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        help_text="Rank points: one rank per assessor.",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Self-score: the unit's note. Verify and finalize: the reason.",
    )


class ScoresInputSerializer(VersionInputSerializer):
    scores = ScoreEntrySerializer(many=True)


class ExplanationEntrySerializer(InputSerializer):
    criterion = serializers.IntegerField()
    explanation = serializers.CharField(allow_blank=True, max_length=4000)


class ExplanationsInputSerializer(VersionInputSerializer):
    scores = ExplanationEntrySerializer(many=True)


class EvidenceInputSerializer(VersionInputSerializer):
    criterion = serializers.IntegerField()
    file = serializers.FileField()


def _criteria(covenant: Covenant, ids: list[int]) -> dict[int, Criterion]:
    """The covenant's criteria by id; an id of another covenant is named as an error."""
    found = {c.pk: c for c in Criterion.objects.filter(covenant=covenant, pk__in=ids)}
    errors = {
        f"scores.{index}.criterion": [
            _("Không tìm thấy tiêu chí có id %(id)s trong giao ước này.") % {"id": pk}
        ]
        for index, pk in enumerate(ids)
        if pk not in found
    }
    if errors:
        raise ValidationError(errors)
    return found


def _score_inputs(covenant: Covenant, rows: list[dict[str, Any]]) -> list[domain.ScoreInput]:
    criteria = _criteria(covenant, [row["criterion"] for row in rows])
    return [
        domain.ScoreInput(
            criterion=criteria[row["criterion"]],
            met=row.get("met"),
            points=row.get("points"),
            occurrences=row.get("occurrences"),
            counts=row.get("counts"),
            ranks=row.get("ranks"),
            note=row.get("note", ""),
        )
        for row in rows
    ]


def _parse(serializer_class: type[InputSerializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# ---------------------------------------------------------------------------------------
# Reads used only by this interface


def _sheets_for_output(sheets: QuerySet[ScoreSheet]) -> QuerySet[ScoreSheet]:
    return sheets.select_related("covenant__cluster", "unit", "updated_by").order_by(
        "-covenant__cluster__year", "covenant__cluster__number", "unit__sort_name", "pk"
    )


def _detail_response(
    request: Request, sheet: ScoreSheet, code: int = status.HTTP_200_OK
) -> Response:
    sheet = _sheets_for_output(ScoreSheet.objects.filter(pk=sheet.pk)).get()
    table = domain.cluster_score_table(covenant=sheet.covenant)
    row = table.unit(sheet.unit)
    evidence = domain.sheet_evidence(sheet)
    scores = [
        {
            "criterion": item.criterion,
            "score": row.cells[item.criterion.pk],
            "evidence": evidence.get(getattr(row.cells[item.criterion.pk].score, "pk", -1), []),
        }
        for item in table.criteria
        if item.criterion.pk in row.cells
    ]
    user = request.user
    data = {
        "sheet": sheet,
        "totals": row,
        "groups": _groups(row, table),
        "scores": scores,
        "permissions": {
            "can_self_score": access.can_score_unit(user, sheet.unit),
            "can_verify": access.can_verify(user, sheet),
            "can_decide": access.can_decide(user, sheet.covenant.cluster),
        },
    }
    return Response(SheetDetailSerializer(data).data, status=code)


def _table_data(table: ScoreTable) -> dict[str, Any]:
    covenant = table.covenant
    return {
        "covenant": covenant.pk,
        "cluster": covenant.cluster,
        "scale": covenant.scale,
        "tie_break": [key.value for key in table.tie_break],
        "scoring": table.scoring,
        "published": table.published,
        "complete": table.complete,
        "criteria": table.criteria,
        "units": [
            {
                "unit": row.unit,
                "sheet": row.sheet,
                "totals": row,
                "groups": _groups(row, table),
                "scores": [row.cells[c.pk] for c in table.leaves],
            }
            for row in table.units
        ],
    }


# ---------------------------------------------------------------------------------------
# Views: sheets


class SheetListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[SheetFilterSerializer],
        responses={200: SheetSummarySerializer(many=True), **_errors(400)},
        description=(
            "Score sheets of the clusters whose internal data the user may read (its own "
            "cluster's units, those its office manages; all for administrators)."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = SheetFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        sheets = access.sheets_visible_to(request.user)
        lookups = {
            "covenant": "covenant_id",
            "cluster": "covenant__cluster_id",
            "year": "covenant__cluster__year",
            "unit": "unit_id",
            "status": "status",
        }
        for name, lookup in lookups.items():
            if name in wanted:
                sheets = sheets.filter(**{lookup: wanted[name]})
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(_sheets_for_output(sheets), request, view=self)
        return paginator.get_paginated_response(SheetSummarySerializer(page, many=True).data)

    @extend_schema(
        request=OpenInputSerializer,
        responses={201: SheetDetailSerializer, **_errors(400, 403, 404)},
        description=(
            "Open the unit's sheet on the covenant (or get the one it has): the unit's own "
            "emulation officers. The approved year figures are read for the quantitative "
            "criteria."
        ),
    )
    def post(self, request: Request) -> Response:
        data = _parse(OpenInputSerializer, request)
        covenant = access.get_covenant_for_user(request.user, data["covenant"])
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            raise ValidationError(
                {"unit": [_("Không tìm thấy đơn vị có id %(id)s.") % {"id": data["unit"]}]}
            )
        if not access.can_score_unit(request.user, unit):
            raise PermissionDenied
        sheet = _call(domain.scoresheet_open, covenant=covenant, unit=unit, by=request.user)
        return _detail_response(request, sheet, status.HTTP_201_CREATED)


class SheetDetailApi(APIView):
    @extend_schema(
        responses={200: SheetDetailSerializer, **_errors(404)},
        description=(
            "The sheet with every leaf criterion's self, verified and final scores side by "
            "side, the reasons and the explanation, the group totals, the unit's total, "
            "percentage and rank, and what the user may do."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail_response(request, access.get_sheet_for_user(request.user, pk))


class _SheetAction(APIView, ABC):
    """A POST on a sheet: authorise (before reading the body), parse, call the domain,
    answer with the sheet as it now stands. Each step says who may take it and what it does."""

    input_serializer: type[InputSerializer] = VersionInputSerializer
    step: str  # whose step it is: "self", "verify", "explain" or "final" (access.can_take_step)

    def allowed(self, user: Any, sheet: ScoreSheet) -> bool:
        return access.can_take_step(user, sheet, self.step)

    @abstractmethod
    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None: ...

    def post(self, request: Request, pk: int) -> Response:
        sheet = access.get_sheet_for_user(request.user, pk)
        if not self.allowed(request.user, sheet):
            raise PermissionDenied
        self.act(sheet, request.user, _parse(self.input_serializer, request))
        return _detail_response(request, sheet)


Handler = Callable[..., Response]


def _schema(request: type[InputSerializer], description: str) -> Callable[[Handler], Handler]:
    return extend_schema(
        request=request,
        responses={200: SheetDetailSerializer, **_errors(400, 403, 404, 409)},
        description=description,
    )


def _score_inputs_of(sheet: ScoreSheet, data: dict[str, Any]) -> list[domain.ScoreInput]:
    return _score_inputs(sheet.covenant, data["scores"])


class SelfScoreApi(_SheetAction):
    step = "self"
    input_serializer = ScoresInputSerializer

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.score_self_save, sheet=sheet, by=user, expected_version=data["version"],
            entries=_score_inputs_of(sheet, data),
        )  # fmt: skip

    @_schema(
        ScoresInputSerializer,
        "Self-scores of a draft sheet (the unit's officers): per criterion the input of its "
        "kind (met, points, occurrences, counts, ranks) and a note. Quantitative criteria "
        "take notes only: they are scored from the approved year figures, read again now.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class SubmitApi(_SheetAction):
    step = "self"

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(domain.scoresheet_submit, sheet=sheet, by=user, expected_version=data["version"])

    @_schema(
        VersionInputSerializer,
        "Submit the self-scores for verification (the unit's officers); every criterion "
        "needs its self-score and every target its approved year figures.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class VerifyApi(_SheetAction):
    step = "verify"
    input_serializer = ScoresInputSerializer

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.score_verify, sheet=sheet, by=user, expected_version=data["version"],
            entries=_score_inputs_of(sheet, data),
        )  # fmt: skip

    @_schema(
        ScoresInputSerializer,
        "Verified scores (the cluster head's officers for another unit, the office for any): "
        "`note` is the reason, required wherever the verified score differs from the "
        "self-score; an entry without points keeps the self-score.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class VerifyDoneApi(_SheetAction):
    step = "verify"

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(domain.scoresheet_verify_done, sheet=sheet, by=user, expected_version=data["version"])

    @_schema(
        VersionInputSerializer,
        "Verification finished: to the unit for its explanation when a score was changed, "
        "else straight to the office.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class ExplainApi(_SheetAction):
    step = "explain"
    input_serializer = ExplanationsInputSerializer

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        criteria = _criteria(sheet.covenant, [row["criterion"] for row in data["scores"]])
        entries = [
            domain.Explanation(criterion=criteria[row["criterion"]], text=row["explanation"])
            for row in data["scores"]
        ]
        _call(
            domain.score_explain, sheet=sheet, by=user, expected_version=data["version"],
            entries=entries,
        )  # fmt: skip

    @_schema(
        ExplanationsInputSerializer,
        "The unit's explanations on the criteria whose score the verifier changed.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class ExplainDoneApi(_SheetAction):
    step = "explain"

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.scoresheet_explain_done, sheet=sheet, by=user, expected_version=data["version"]
        )

    @_schema(
        VersionInputSerializer,
        "The unit has explained, or accepts the verified scores: to the office.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class FinalizeApi(_SheetAction):
    step = "final"
    input_serializer = ScoresInputSerializer

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.score_finalize, sheet=sheet, by=user, expected_version=data["version"],
            entries=_score_inputs_of(sheet, data),
        )  # fmt: skip

    @_schema(
        ScoresInputSerializer,
        "Final scores (the office): `note` is the reason, required wherever the final score "
        "differs from the verified one; an entry without points keeps the verified score.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class FinalizeDoneApi(_SheetAction):
    step = "final"

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.scoresheet_finalize_done,
            sheet=sheet,
            by=user,
            expected_version=data["version"],
        )

    @_schema(VersionInputSerializer, "The unit's scores are final (the office).")
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class RefreshFiguresApi(_SheetAction):
    step = "final"
    input_serializer = ReasonInputSerializer

    def act(self, sheet: ScoreSheet, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.scoresheet_refresh_figures, sheet=sheet, by=user,
            expected_version=data["version"], reason=data["reason"],
        )  # fmt: skip

    @_schema(
        ReasonInputSerializer,
        "Read the approved year figures again after a report was corrected (the office).",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class EvidenceApi(APIView):
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": EvidenceInputSerializer},
        responses={201: EvidenceSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Attach an evidence file to the unit's score on a criterion, while the unit "
            "self-scores or explains (pdf, office documents, images, zip)."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        sheet = access.get_sheet_for_user(request.user, pk)
        if not access.can_score_unit(request.user, sheet.unit):
            raise PermissionDenied
        data = _parse(EvidenceInputSerializer, request)
        criterion = Criterion.objects.filter(covenant=sheet.covenant, pk=data["criterion"]).first()
        if criterion is None:
            raise ValidationError(
                {"criterion": [_("Không tìm thấy tiêu chí có id %(id)s trong giao ước này.")
                               % {"id": data["criterion"]}]}
            )  # fmt: skip
        upload = data["file"]
        evidence = _call(
            domain.score_evidence_add, sheet=sheet, criterion=criterion, by=request.user,
            expected_version=data["version"], file=upload, name=upload.name,
        )  # fmt: skip
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------
# Views: the cluster's table, lock and reopen


class TableApi(APIView):
    @extend_schema(
        responses={200: TableSerializer, **_errors(404)},
        description=(
            "The cluster's score table: every unit against every criterion at each step, "
            "group totals (capped at the group's maximum), totals, percentages of the "
            "attainable points and ranks. For the cluster's members, office and administrators."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        covenant = access.get_covenant_for_user(request.user, pk)
        table = domain.cluster_score_table(covenant=covenant)
        return Response(TableSerializer(_table_data(table)).data)


class _CovenantAction(APIView, ABC):
    input_serializer: type[InputSerializer] = VersionInputSerializer

    @abstractmethod
    def act(self, covenant: Covenant, user: Any, data: dict[str, Any]) -> None: ...

    def post(self, request: Request, pk: int) -> Response:
        covenant = access.get_covenant_for_user(request.user, pk)
        if not access.can_decide(request.user, covenant.cluster):
            raise PermissionDenied
        self.act(covenant, request.user, _parse(self.input_serializer, request))
        table = domain.cluster_score_table(covenant=covenant)
        return Response(TableSerializer(_table_data(table)).data)


class LockApi(_CovenantAction):
    def act(self, covenant: Covenant, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.covenant_scoring_lock,
            covenant=covenant,
            by=user,
            expected_version=data["version"],
        )

    @extend_schema(
        request=VersionInputSerializer,
        responses={200: TableSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Lock every sheet and publish the ranking (the office); every unit's scores must "
            "be final. `version` is the table's `scoring.version`."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class ReopenApi(_CovenantAction):
    input_serializer = ReasonInputSerializer

    def act(self, covenant: Covenant, user: Any, data: dict[str, Any]) -> None:
        _call(
            domain.covenant_scoring_reopen, covenant=covenant, by=user,
            expected_version=data["version"], reason=data["reason"],
        )  # fmt: skip

    @extend_schema(
        request=ReasonInputSerializer,
        responses={200: TableSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Withdraw the published ranking to correct it (the office, with a reason): every "
            "sheet goes back to the office's decision."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


# ---------------------------------------------------------------------------------------
# Views: rankings


class RankingListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[RankingFilterSerializer],
        responses={200: RankingSerializer(many=True), **_errors(400)},
        description=(
            "Rankings of the covenants being scored, newest year first. A published ranking "
            "(as it was published) is shown to whoever may see the cluster; a provisional "
            "one, as the scores stand now, only to the cluster's members, office and "
            "administrators."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = RankingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        covenants = access.rankings_visible_to(request.user).filter(scoring__isnull=False)
        if "cluster" in wanted:
            covenants = covenants.filter(cluster_id=wanted["cluster"])
        if "year" in wanted:
            covenants = covenants.filter(cluster__year=wanted["year"])
        covenants = covenants.select_related("cluster").order_by(
            "-cluster__year", "cluster__level", "cluster__number", "pk"
        )
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(covenants, request, view=self) or []
        rankings = domain.covenant_rankings(covenants=page)
        return paginator.get_paginated_response(RankingSerializer(rankings, many=True).data)
