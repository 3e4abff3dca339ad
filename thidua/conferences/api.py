"""JSON API of the conferences under /api/v1/conferences/: the cluster-year's conferences
with their guests, files (metadata) and outcomes; recording and changing them.

Thin, as the other apps' APIs: thidua.conferences.access authorises before the body is
read where it can, an explicit input serializer parses, thidua.conferences.domain writes
(one transaction per write, nothing half-saved), an output serializer shapes the answer.

Errors come out in the common format of thidua.api.errors:
- 400 `invalid`: bad input, with `fields` naming each problem (a guest's problems are
  keyed `guests.<index>.<field>`);
- 403 `permission_denied`: may read the cluster's conferences, not record them;
- 404 `not_found`: a conference (or cluster) of a cluster the user may not read;
- 409 `conflict`: somebody saved the conference after the `version` the client read;
  409 `has_outcomes`: a conference with outcomes cannot be deleted.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.domain_errors import domain_errors, error_responses
from thidua.api.pagination import Pagination
from thidua.conferences import access, domain
from thidua.conferences.models import Attachment, Conference, Outcome
from thidua.conferences.serializers import (
    ConferenceCreateInputSerializer,
    ConferenceDetailSerializer,
    ConferenceFilterSerializer,
    ConferenceSerializer,
    ConferenceUpdateInputSerializer,
    OutcomeInputSerializer,
    VersionQuerySerializer,
)
from thidua.covenants.models import Covenant
from thidua.org.models import Handover
from thidua.voting.models import Vote

_CONFLICT_CODES = {"conflict": "conflict", "has_outcomes": "has_outcomes"}


def _domain_errors() -> AbstractContextManager[None]:
    """A stale version or a refusal of the conference's state → 409; the rest → 400."""
    return domain_errors(_CONFLICT_CODES)


_errors = error_responses(
    {
        400: "Dữ liệu không hợp lệ (`fields` nêu từng lỗi; lỗi của một đại biểu có khóa "
        "`guests.<thứ tự>.<trường>`).",
        403: "Không có quyền ghi hội nghị của cụm này.",
        404: "Không tìm thấy (hoặc không được xem).",
        409: "`conflict`: hội nghị đã được lưu sau phiên bản gửi lên, hãy tải lại; "
        "`has_outcomes`: hội nghị đã ghi kết quả.",
    }
)


def _for_output(conferences: QuerySet[Conference]) -> QuerySet[Conference]:
    return domain.with_details(conferences)


def _detail_response(
    request: Request, conference_id: int, code: int = status.HTTP_200_OK
) -> Response:
    conference = (
        _for_output(Conference.objects.filter(pk=conference_id))
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id"))
        )
        .get()
    )
    context = {"can_edit": access.can_edit_conference(request.user, conference)}
    return Response(ConferenceDetailSerializer(conference, context=context).data, status=code)


class ConferenceListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[ConferenceFilterSerializer],
        responses={200: ConferenceSerializer(many=True), **_errors(400)},
        description=(
            "Conferences of the clusters whose internal data the user may read (its own "
            "unit's clusters, those its emulation office manages; all for administrators), "
            "in date order, with guests and outcomes. `year` is the cluster's year."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = ConferenceFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        conferences = access.conferences_visible_to(request.user)
        if "cluster" in given:
            conferences = conferences.filter(cluster_id=given["cluster"])
        if "year" in given:
            conferences = conferences.filter(cluster__year=given["year"])
        if "kind" in given:
            conferences = conferences.filter(kind=given["kind"])
        conferences = _for_output(conferences).order_by("date", "start_time", "id")
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(conferences, request, view=self) or []
        return paginator.get_paginated_response(ConferenceSerializer(page, many=True).data)

    @extend_schema(
        request=ConferenceCreateInputSerializer,
        responses={
            201: OpenApiResponse(ConferenceDetailSerializer, description="Recorded."),
            **_errors(400, 403, 404),
        },
        description=(
            "Record a conference of a cluster-year, with its guests in order. The officers of "
            "the cluster's head and deputy units of that year, its emulation office and "
            "administrators. The day must be in the cluster's year (a year-end summary may "
            "be held until 31 March of the next year); a held conference cannot be in the "
            "future; the host of a signing, mid-year or year-end conference is a member or "
            "the office."
        ),
    )
    def post(self, request: Request) -> Response:
        if not access.clusters_runnable_by(request.user).exists():
            raise PermissionDenied
        serializer = ConferenceCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cluster = access.get_cluster_for_new_conference(
            request.user, serializer.validated_data["cluster"]
        )
        with _domain_errors():
            conference = domain.conference_create(
                cluster=cluster,
                by=request.user,
                guests=serializer.guest_inputs() or [],
                **serializer.conference_fields(),
            )
        return _detail_response(request, conference.pk, status.HTTP_201_CREATED)


class ConferenceDetailApi(APIView):
    @extend_schema(
        responses={200: ConferenceDetailSerializer, **_errors(404)},
        description=(
            "The conference with its agenda and minutes, guests in order, files (metadata and "
            "a download address) and outcomes: the covenant signed, the vote held, the "
            "handover made there."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        conference = access.get_conference_for_user(request.user, pk)
        return _detail_response(request, conference.pk)

    @extend_schema(
        request=ConferenceUpdateInputSerializer,
        responses={200: ConferenceDetailSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Change the fields sent; `guests`, if sent, replaces the list (a guest with the "
            "`id` of a stored one is kept). `version` is the version read; `reason` goes "
            "into the audit trail. A conference with outcomes stays held and of its kind."
        ),
    )
    def patch(self, request: Request, pk: int) -> Response:
        conference = access.get_conference_for_user(request.user, pk, write=True)
        serializer = ConferenceUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _domain_errors():
            domain.conference_update(
                conference=conference,
                by=request.user,
                expected_version=data["version"],
                guests=serializer.guest_inputs(),
                reason=data.get("reason", ""),
                **serializer.conference_fields(),
            )
        return _detail_response(request, conference.pk)


_RECORDS: dict[str, tuple[type[Any], str, Any]] = {
    "covenant": (Covenant, "cluster_id", lambda: _("giao ước")),
    "vote": (Vote, "cluster_id", lambda: _("cuộc bỏ phiếu")),
    "handover": (Handover, "from_cluster_id", lambda: _("bàn giao")),
}


def _record(field: str, record_id: int, conference: Conference) -> Any:
    """The record among the conference's cluster-year's only: nothing of another cluster's
    is named back to the caller."""
    model, cluster_field, what = _RECORDS[field]
    record = model.objects.filter(pk=record_id, **{cluster_field: conference.cluster_id}).first()
    if record is None:
        raise ValidationError(
            {
                field: [
                    _("Không tìm thấy %(what)s có id %(id)s trong %(cluster)s của hội nghị này.")
                    % {"what": what(), "id": record_id, "cluster": conference.cluster}
                ]
            }
        )
    return record


class ConferenceOutcomesApi(APIView):
    @extend_schema(
        request=OutcomeInputSerializer,
        responses={201: ConferenceDetailSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Record what the held conference decided: exactly one of `covenant` (signed at a "
            "signing conference), `vote` or `handover` (at a year-end summary), of the "
            "conference's own cluster-year, not yet linked to another conference."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        conference = access.get_conference_for_user(request.user, pk, write=True)
        serializer = OutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        records = {
            field: _record(field, data[field], conference)
            for field in _RECORDS
            if data.get(field) is not None
        }
        with _domain_errors():
            domain.outcome_link(
                conference=conference,
                by=request.user,
                expected_version=data["version"],
                note=data.get("note", ""),
                **records,
            )
        return _detail_response(request, conference.pk, status.HTTP_201_CREATED)


class ConferenceOutcomeApi(APIView):
    @extend_schema(
        parameters=[VersionQuerySerializer],
        responses={200: ConferenceDetailSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Remove an outcome from the conference (`?version=` the version read). The "
            "covenant, vote or handover itself is untouched."
        ),
    )
    def delete(self, request: Request, pk: int, outcome_pk: int) -> Response:
        conference = access.get_conference_for_user(request.user, pk, write=True)
        outcome = get_object_or_404(
            Outcome.objects.select_related("conference__cluster"),
            pk=outcome_pk,
            conference=conference,
        )
        query = VersionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        with _domain_errors():
            domain.outcome_unlink(
                outcome=outcome, by=request.user, expected_version=query.validated_data["version"]
            )
        return _detail_response(request, conference.pk)
