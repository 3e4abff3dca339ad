"""JSON API of periodic reporting under /api/v1/reports/: reports and their figures, the
workflow, each target's status, the periods of a covenant and the cluster's board.

A provincial statistics system pushes its figures here under the rules of the pages. The
views are thin, as in thidua.covenants.api. The accessors of thidua.reporting.access
authorise, before the body is read, so a refused caller learns nothing from its input. An
explicit input serializer parses. thidua.reporting.domain writes, one transaction per
write, so nothing is half-saved, and reads. An output serializer shapes the answer.

Errors come out in the common format of thidua.api.errors. Like the pages, they are in
Vietnamese unless the language cookie asks for English (thidua.core.middleware):

- 400 `invalid`: bad input, with `fields` naming each problem. A figure's problems are
  keyed `figures.<index in the list sent>.<field>`.
- 403 `permission_denied`; 404 `not_found` (also for a report of a cluster the user may
  not read).
- 409 `conflict`: somebody saved the report after the `version` the client read. 409
  `wrong_status`: the report's state does not allow the write (e.g. figures of a locked
  report).

Numbers go out as strings in plain notation ("1438", "93.5"). They come in as JSON
numbers or as strings in that same notation, never in the pages' Vietnamese "1.234,5",
so that a figure read from the API can be sent back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.domain_errors import ERROR_DESCRIPTIONS, as_conflict, error_responses
from thidua.api.pagination import Pagination
from thidua.covenants.access import clusters_with_internal_access, covenants_visible_to
from thidua.org.models import Unit
from thidua.reporting import access, domain
from thidua.reporting.domain.selectors import MONTHS_IN_YEAR
from thidua.reporting.models import Period, Report
from thidua.reporting.serializers import (
    EvaluationFilterSerializer,
    PeriodFilterSerializer,
    ReportActionInputSerializer,
    ReportBoardSerializer,
    ReportDetailSerializer,
    ReportEvaluationsSerializer,
    ReportFiguresInputSerializer,
    ReportFilterSerializer,
    ReportOpenInputSerializer,
    ReportPeriodSerializer,
    ReportReasonInputSerializer,
    ReportSerializer,
    board_out,
    status_out,
)

# ---------------------------------------------------------------------------------------
# Errors


@contextmanager
def _domain_errors(
    *,
    fields: Mapping[str, str] | None = None,
    slots: Mapping[tuple[int, int], int] | None = None,
) -> Iterator[None]:
    """The domain's ValidationErrors as the API answers them.

    A stale version or a report in the wrong state → 409. A message the domain raises
    without a field, under a code named in `fields` → that field. A figure's errors,
    keyed "<criterion id>.<part>.<field>" by the domain → "figures.<index>.<field>",
    through `slots` ((criterion id, part) → index in the list sent).
    """
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            conflict = as_conflict(exc)
            if conflict is not None:
                raise conflict from None
            code = getattr(exc, "code", None)
            if fields and isinstance(code, str) and code in fields:
                raise ValidationError({fields[code]: exc.messages}) from None
            raise
        if slots is None:
            raise
        mapped: dict[str, list[str]] = {}
        for key, errors in exc.error_dict.items():
            mapped.setdefault(_figure_key(key, slots), []).extend(
                message for error in errors for message in error.messages
            )
        raise ValidationError(mapped) from None


def _figure_key(key: str, slots: Mapping[tuple[int, int], int]) -> str:
    criterion, _sep, rest = key.partition(".")
    part, _sep, field = rest.partition(".")
    if criterion.isdigit() and part.isdigit() and field:
        index = slots.get((int(criterion), int(part)))
        if index is not None:
            return f"figures.{index}.{field}"
    return key


_errors = error_responses(
    {
        **ERROR_DESCRIPTIONS,
        400: "Dữ liệu không hợp lệ (`fields` nêu từng lỗi; lỗi của một số liệu có khóa "
        "`figures.<thứ tự>.<trường>`).",
        409: "`conflict`: báo cáo đã được lưu sau phiên bản gửi lên, hãy tải lại; "
        "`wrong_status`: trạng thái của báo cáo không cho phép thao tác này.",
    }
)


# ---------------------------------------------------------------------------------------
# Reads used only by this interface


def _reports_for_output(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.select_related("period__covenant__cluster", "unit").annotate(
        figure_count=Count("figures")
    )


def _detail_response(request: Request, report_id: int, code: int = status.HTTP_200_OK) -> Response:
    report = _reports_for_output(Report.objects.filter(pk=report_id)).get()
    context = {
        "rows": domain.report_figure_rows(report=report),
        "permissions": access.report_permissions(request.user, report),
        "today": timezone.localdate(),
    }
    return Response(ReportDetailSerializer(report, context=context).data, status=code)


def _periods_visible_to(user: Any) -> QuerySet[Period]:
    return Period.objects.filter(covenant__cluster__in=clusters_with_internal_access(user))


def _paginated(
    view: APIView,
    request: Request,
    items: QuerySet[Any],
    out: type[serializers.Serializer[Any]],
    context: dict[str, Any] | None = None,
) -> Response:
    paginator = Pagination()
    page: Any = paginator.paginate_queryset(items, request, view=view) or []
    return paginator.get_paginated_response(out(page, many=True, context=context or {}).data)


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


# ---------------------------------------------------------------------------------------
# Views: reports


class ReportListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[ReportFilterSerializer],
        responses={200: ReportSerializer(many=True), **_errors(400)},
        description=(
            "Reports of the clusters whose internal data the user may read (its own unit's "
            "clusters, those its emulation office manages; all for administrators), the "
            "latest periods first."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = ReportFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        reports = access.reports_visible_to(request.user)
        if "covenant" in given:
            reports = reports.filter(period__covenant_id=given["covenant"])
        if "period" in given:
            reports = reports.filter(period_id=given["period"])
        if "unit" in given:
            reports = reports.filter(unit_id=given["unit"])
        if "status" in given:
            reports = reports.filter(status=given["status"])
        if "year" in given:
            reports = reports.filter(period__start__year=given["year"])
        reports = _reports_for_output(reports).order_by(
            "-period__end", "-period__start", "unit__sort_name", "pk"
        )
        context = {"today": timezone.localdate()}
        return _paginated(self, request, reports, ReportSerializer, context)

    @extend_schema(
        request=ReportOpenInputSerializer,
        responses={
            201: OpenApiResponse(ReportDetailSerializer, description="Opened as a draft."),
            200: OpenApiResponse(ReportDetailSerializer, description="The unit had it already."),
            **_errors(400, 403),
        },
        description=(
            "Open the unit's report for the period as a draft, or get it if it exists. The "
            "unit's own emulation officers and administrators only; the unit must be a "
            "member of the cluster in the period's last month."
        ),
    )
    def post(self, request: Request) -> Response:
        user = request.user
        serializer = ReportOpenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        unit: Unit = data["unit"]
        if not access.can_enter_figures(user, unit):
            raise PermissionDenied
        period = (
            _periods_visible_to(user)
            .select_related("covenant__cluster")
            .filter(pk=data["period"])
            .first()
        )
        if period is None:
            raise _field_error(
                "period", _("Không tìm thấy kỳ báo cáo có id %(id)s.") % {"id": data["period"]}
            )
        covenant = None
        if "covenant" in data:
            covenant = covenants_visible_to(user).filter(pk=data["covenant"]).first()
            if covenant is None:
                raise _field_error(
                    "covenant",
                    _("Không tìm thấy giao ước có id %(id)s.") % {"id": data["covenant"]},
                )
        existed = Report.objects.filter(period=period, unit=unit).exists()
        codes = {"not_member": "unit", "period_outside_covenant": "period"}
        with _domain_errors(fields=codes):
            report = domain.report_open(period=period, unit=unit, by=user, covenant=covenant)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return _detail_response(request, report.pk, code)


class ReportDetailApi(APIView):
    @extend_schema(
        responses={200: ReportDetailSerializer, **_errors(404)},
        description=(
            "The report with one row per measure of each quantitative criterion of the "
            "covenant, in the criteria tree's order: the figures entered, the figure in force "
            "(for a quarter, 6 or 9 months or the year, the shorter periods added up when "
            "none was entered), the baseline; and what the user may do with it now."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        report = access.get_report_for_user(request.user, pk)
        return _detail_response(request, report.pk)


_FIGURES_DESCRIPTION = (
    "Save figures, all of them or none: every problem is named, keyed "
    "`figures.<index>.<field>`. The unit's own emulation officers and administrators, while "
    "the report is a draft or was returned (otherwise 409 `wrong_status`). Only the measures "
    "listed change. PUT replaces each one as a whole: a field left out, the comment or a "
    "typed-in baseline included, is emptied. PATCH keeps the stored value of a field left "
    "out. A measure left with no number and no comment is removed. Returns the report with "
    "its new `version`."
)


class ReportFiguresApi(APIView):
    # A list of figures has no form encoding: JSON only.
    parser_classes = [JSONParser]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, exceptions.UnsupportedMediaType):
            exc = exceptions.UnsupportedMediaType(
                self.request.content_type,
                detail=_("Hãy gửi số liệu dạng JSON (Content-Type: application/json)."),
            )
        return super().handle_exception(exc)

    @extend_schema(
        request=ReportFiguresInputSerializer,
        responses={200: ReportDetailSerializer, **_errors(400, 403, 404, 409)},
        description=_FIGURES_DESCRIPTION,
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._save(request, pk, keep_omitted=False)

    @extend_schema(
        request=ReportFiguresInputSerializer,
        responses={200: ReportDetailSerializer, **_errors(400, 403, 404, 409)},
        description=_FIGURES_DESCRIPTION,
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._save(request, pk, keep_omitted=True)

    def _save(self, request: Request, pk: int, *, keep_omitted: bool) -> Response:
        report = access.get_report_for_user(request.user, pk, write=True)
        serializer = ReportFiguresInputSerializer(
            data=request.data, context={"report": report, "keep_omitted": keep_omitted}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _domain_errors(slots=data["slots"]):
            domain.report_figures_save(
                report=report,
                by=request.user,
                expected_version=data["version"],
                entries=data["entries"],
                reason=data["reason"],
            )
        return _detail_response(request, report.pk)


# ---------------------------------------------------------------------------------------
# Views: the workflow


def _act(
    request: Request,
    pk: int,
    *,
    allowed: Callable[[Any, Report], bool],
    action: Callable[..., Report],
    with_reason: bool = False,
) -> Response:
    """Authorise, read {version(, reason)}, let the domain act; answer with the report."""
    report = access.get_report_for_user(request.user, pk)
    if not allowed(request.user, report):
        raise PermissionDenied
    serializer = (ReportReasonInputSerializer if with_reason else ReportActionInputSerializer)(
        data=request.data
    )
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    extra = {"reason": data["reason"]} if with_reason else {}
    with _domain_errors():
        action(report=report, by=request.user, expected_version=data["version"], **extra)
    return _detail_response(request, report.pk)


_ACTION_RESPONSES = {200: ReportDetailSerializer, **_errors(400, 403, 404, 409)}


class ReportSubmitApi(APIView):
    @extend_schema(
        request=ReportActionInputSerializer,
        responses=_ACTION_RESPONSES,
        description=(
            "The unit sends its draft (or returned) report for review. Every measure on which "
            "the unit has a target needs its figure (400 otherwise, naming them). The unit's "
            "own emulation officers and administrators."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return _act(request, pk, allowed=access.can_edit_report, action=domain.report_submit)


class ReportApproveApi(APIView):
    @extend_schema(
        request=ReportActionInputSerializer,
        responses=_ACTION_RESPONSES,
        description=(
            "Approve a submitted report: its figures become official. The officers of the "
            "cluster head (not for their own unit's report), the managing emulation office, "
            "administrators."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return _act(request, pk, allowed=access.can_review_report, action=domain.report_approve)


class ReportReturnApi(APIView):
    @extend_schema(
        request=ReportReasonInputSerializer,
        responses=_ACTION_RESPONSES,
        description=(
            "Return a submitted report to the unit with a reason; it can be corrected and "
            "submitted again. Who approves returns."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return _act(
            request,
            pk,
            allowed=access.can_review_report,
            action=domain.report_return,
            with_reason=True,
        )


class ReportLockApi(APIView):
    @extend_schema(
        request=ReportActionInputSerializer,
        responses=_ACTION_RESPONSES,
        description=(
            "Lock an approved report: from then on only a reopening changes it. The managing "
            "emulation office and administrators."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return _act(request, pk, allowed=access.can_lock_report, action=domain.report_lock)


class ReportReopenApi(APIView):
    @extend_schema(
        request=ReportReasonInputSerializer,
        responses=_ACTION_RESPONSES,
        description=(
            "Give an approved or locked report back to the unit for correction, with a "
            "reason (it becomes `returned`). The managing emulation office and administrators."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return _act(
            request,
            pk,
            allowed=access.can_reopen_report,
            action=domain.report_reopen,
            with_reason=True,
        )


# ---------------------------------------------------------------------------------------
# Views: each target's status, periods, the board


class ReportEvaluationsApi(APIView):
    @extend_schema(
        parameters=[EvaluationFilterSerializer],
        responses={200: ReportEvaluationsSerializer, **_errors(400, 404)},
        description=(
            "Each quantitative criterion's status for the report's unit, judged by the engine "
            "on January to the end of the report's period: the figures of the year to date "
            "and of the same months of the baseline year (lineage-aware: a merged unit counts "
            "its predecessors' figures), the outcome (met, not met, exceeded, no data), the "
            "achievement ratio, and whether the year-end projected from the year to date "
            "meets the target. Official figures only unless `include_unapproved`."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        report = access.get_report_for_user(request.user, pk)
        filters = EvaluationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        include_unapproved = filters.validated_data["include_unapproved"]
        period = report.period
        statuses = domain.report_evaluations(
            unit=report.unit,
            covenant=period.covenant,
            as_of_period=period,
            include_unapproved=include_unapproved,
        )
        data = {
            "report": report.pk,
            "unit": report.unit,
            "period": period,
            "as_of": period.end,
            "include_unapproved": include_unapproved,
            "periods_elapsed": period.last_month,
            "periods_in_year": MONTHS_IN_YEAR,
            "targets": [status_out(s) for s in statuses],
        }
        return Response(ReportEvaluationsSerializer(data).data)


class PeriodListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[PeriodFilterSerializer],
        responses={200: ReportPeriodSerializer(many=True), **_errors(400)},
        description=(
            "Reporting periods of the covenants the user may read, per covenant in order "
            "(month 3, then quarter I, …), with their deadlines."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = PeriodFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        periods = _periods_visible_to(request.user)
        if "covenant" in given:
            periods = periods.filter(covenant_id=given["covenant"])
        if "year" in given:
            periods = periods.filter(start__year=given["year"])
        if "kind" in given:
            periods = periods.filter(kind=given["kind"])
        periods = periods.order_by("covenant_id", "end", "-start", "pk")
        return _paginated(self, request, periods, ReportPeriodSerializer)


class PeriodBoardApi(APIView):
    @extend_schema(
        responses={200: ReportBoardSerializer, **_errors(404)},
        description=(
            "The cluster's board for the period: each member's report and its state (or "
            "`missing`), who submitted, who is late, figures entered against expected."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        period = (
            _periods_visible_to(request.user)
            .select_related("covenant__cluster")
            .filter(pk=pk)
            .first()
        )
        if period is None:
            raise Http404
        board = domain.cluster_status_board(covenant=period.covenant, period=period)
        return Response(ReportBoardSerializer(board_out(board)).data)
