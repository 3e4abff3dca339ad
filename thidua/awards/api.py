"""JSON API of the awards registry under /api/v1/awards/: awards, the count table, the
catalogue of titles, proposals and their workflow.

Thin, as in thidua.reporting.api: thidua.awards.access authorises (before the body is
read where the route alone decides), an explicit input serializer parses,
thidua.awards.domain writes in one transaction (nothing half-saved), an output serializer
shapes the answer. Errors use the common format (thidua.api.errors):

- 400 `invalid`: bad input, `fields` naming each problem (a decision date before the
  proposal, a title for the wrong recipient, a unit that did not exist that year, a
  disguised or oversized file …);
- 403 `permission_denied`; 404 `not_found` (also a proposal of a cluster the user may not
  read);
- 409 `conflict`: saved by somebody else after the `version` sent; 409 `wrong_status`: the
  proposal's state does not allow the action.

Files (the decision) come as multipart/form-data; everything else may be JSON.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.domain_errors import (
    CONFLICT_CODES,
    ERROR_DESCRIPTIONS,
    domain_errors,
    error_responses,
)
from thidua.api.pagination import Pagination
from thidua.awards import access, domain
from thidua.awards.models import Award, Proposal, Title
from thidua.awards.serializers import (
    AwardCountsQuerySerializer,
    AwardCountsSerializer,
    AwardFilterSerializer,
    AwardInputSerializer,
    AwardProposalDetailSerializer,
    AwardProposalFilterSerializer,
    AwardProposalGrantInputSerializer,
    AwardProposalInputSerializer,
    AwardProposalRejectInputSerializer,
    AwardProposalSerializer,
    AwardProposalSubmitInputSerializer,
    AwardProposalUpdateInputSerializer,
    AwardSerializer,
    AwardTitleInputSerializer,
    AwardTitleSerializer,
    AwardTitleUpdateInputSerializer,
    AwardUpdateInputSerializer,
)
from thidua.covenants.access import clusters_with_internal_access

_CONFLICT_CODES = {**CONFLICT_CODES, "linked": "wrong_status"}


def _domain_errors() -> AbstractContextManager[None]:
    """A stale version or a wrong state → 409; other refusals stay 400 (the handler's)."""
    return domain_errors(_CONFLICT_CODES)


_errors = error_responses(
    {
        **ERROR_DESCRIPTIONS,
        409: "`conflict`: đã được lưu sau phiên bản gửi lên, hãy tải lại; `wrong_status`: trạng "
        "thái không cho phép thao tác này.",
    }
)


def _paginated(
    view: APIView, request: Request, items: QuerySet[Any], out: type[serializers.Serializer[Any]]
) -> Response:
    paginator = Pagination()
    page: Any = paginator.paginate_queryset(items, request, view=view) or []
    return paginator.get_paginated_response(out(page, many=True).data)


def _award_out(award_id: int, code: int = status.HTTP_200_OK) -> Response:
    award = Award.objects.select_related("title", "unit", "cluster").get(pk=award_id)
    return Response(AwardSerializer(award).data, status=code)


def _upload(data: dict[str, Any]) -> dict[str, Any]:
    upload = data.pop("file", None)
    return {"file": upload, "file_name": upload.name} if upload is not None else {}


# ---------------------------------------------------------------------------------------
# Awards


class AwardListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[AwardFilterSerializer],
        responses={200: AwardSerializer(many=True), **_errors(400)},
        description=(
            "Awards (public honours: every signed-in user reads them), newest year first. "
            "`search` ignores diacritics (“nguyen van” finds “Nguyễn Văn”)."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = AwardFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        awards = domain.awards_filtered(user=request.user, **filters.validated_data)
        return _paginated(self, request, awards, AwardSerializer)

    @extend_schema(
        request={
            "application/json": AwardInputSerializer,
            "multipart/form-data": AwardInputSerializer,
        },
        responses={201: AwardSerializer, **_errors(400, 403)},
        description=(
            "Record a decision granting a title to a unit (`recipient` `unit`) or to a person "
            "of a unit (`person`, with `person_name`). Emulation offices and administrators; "
            "with a `cluster`, only its managing office. Without one, the unit's cluster of "
            "that year is taken when the recorder manages exactly one."
        ),
    )
    def post(self, request: Request) -> Response:
        if not access.can_record_awards(request.user):
            raise PermissionDenied
        serializer = AwardInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        files = _upload(data)
        with _domain_errors():
            award = domain.award_create(**data, **files, by=request.user)
        return _award_out(award.pk, status.HTTP_201_CREATED)


class AwardDetailApi(APIView):
    @extend_schema(responses={200: AwardSerializer, **_errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        award = access.get_award_for_user(request.user, pk)
        return _award_out(award.pk)

    @extend_schema(
        request={
            "application/json": AwardUpdateInputSerializer,
            "multipart/form-data": AwardUpdateInputSerializer,
        },
        responses={200: AwardSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Correct an award: only the fields sent change; `version` (as read) and a "
            "`reason` (kept in the history) are required. An award from a proposal keeps "
            "its title, recipient, unit, year and cluster."
        ),
    )
    def patch(self, request: Request, pk: int) -> Response:
        award = access.get_award_for_user(request.user, pk, write=True)
        serializer = AwardUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        files = _upload(data)
        version = data.pop("version")
        reason = data.pop("reason")
        remove_file = data.pop("remove_file", False)
        with _domain_errors():
            domain.award_update(
                award=award, by=request.user, expected_version=version, reason=reason,
                remove_file=remove_file, **files, **data,
            )  # fmt: skip
        return _award_out(award.pk)


class AwardCountsApi(APIView):
    @extend_schema(
        parameters=[AwardCountsQuerySerializer],
        responses={200: AwardCountsSerializer, **_errors(400)},
        description=(
            "Awards of a year: one row per cluster of that year the user sees, one count per "
            "title awarded that year (in the order of `titles`); awards of no such cluster "
            "in a last row whose `cluster` is null."
        ),
    )
    def get(self, request: Request) -> Response:
        query = AwardCountsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        table = domain.award_counts(user=request.user, year=query.validated_data["year"])
        return Response(AwardCountsSerializer(table).data)


# ---------------------------------------------------------------------------------------
# The catalogue


class AwardTitleListApi(APIView):
    @extend_schema(
        responses={200: AwardTitleSerializer(many=True)},
        description="The catalogue of titles and forms of commendation, in its order.",
    )
    def get(self, request: Request) -> Response:
        titles: Any = Title.objects.order_by("order", "pk")
        return Response(AwardTitleSerializer(titles, many=True).data)

    @extend_schema(
        request=AwardTitleInputSerializer,
        responses={201: AwardTitleSerializer, **_errors(400, 403)},
        description="Add to the catalogue: administrators and the Ministry's emulation office.",
    )
    def post(self, request: Request) -> Response:
        if not access.can_manage_titles(request.user):
            raise PermissionDenied
        serializer = AwardTitleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _domain_errors():
            title = domain.title_create(**serializer.validated_data, by=request.user)
        return Response(AwardTitleSerializer(title).data, status=status.HTTP_201_CREATED)


class AwardTitleDetailApi(APIView):
    def _title(self, pk: int) -> Title:
        title = Title.objects.filter(pk=pk).first()
        if title is None:
            raise Http404
        return title

    @extend_schema(responses={200: AwardTitleSerializer, **_errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AwardTitleSerializer(self._title(pk)).data)

    @extend_schema(
        request=AwardTitleUpdateInputSerializer,
        responses={200: AwardTitleSerializer, **_errors(400, 403, 404, 409)},
        description="Change a catalogue entry (with the `version` read).",
    )
    def patch(self, request: Request, pk: int) -> Response:
        if not access.can_manage_titles(request.user):
            raise PermissionDenied
        title = self._title(pk)
        serializer = AwardTitleUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        with _domain_errors():
            title = domain.title_update(
                title=title, by=request.user, expected_version=version, **data
            )
        return Response(AwardTitleSerializer(title).data)


# ---------------------------------------------------------------------------------------
# Proposals


def _proposal_out(request: Request, proposal_id: int, code: int = status.HTTP_200_OK) -> Response:
    proposal = access.get_proposal_for_user(request.user, proposal_id)
    # The serializer keeps the API's keys (can_edit, can_submit, can_decide).
    proposal.permissions = access.proposal_permissions(  # type: ignore[attr-defined]
        request.user, proposal
    )
    return Response(AwardProposalDetailSerializer(proposal).data, status=code)


class AwardProposalListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[AwardProposalFilterSerializer],
        responses={200: AwardProposalSerializer(many=True), **_errors(400)},
        description=(
            "Proposals of the clusters whose internal data the user reads (members, the "
            "managing office, administrators). The vote's results are among them "
            "(`source` `vote`)."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = AwardProposalFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        proposals = domain.proposals_filtered(user=request.user, **filters.validated_data)
        proposals = proposals.select_related(
            "award__title", "award__unit", "award__cluster", "vote_proposal"
        )
        return _paginated(self, request, proposals, AwardProposalSerializer)

    @extend_schema(
        request=AwardProposalInputSerializer,
        responses={201: AwardProposalDetailSerializer, **_errors(400, 403)},
        description=(
            "Make a proposal of the cluster for its year. The cluster's head and deputy "
            "officers and its office, for any member unit; a member unit's officers for "
            "their own unit and its people."
        ),
    )
    def post(self, request: Request) -> Response:
        if not access.clusters_for_proposals(request.user).exists():
            raise PermissionDenied
        serializer = AwardProposalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cluster = clusters_with_internal_access(request.user).filter(pk=data.pop("cluster")).first()
        if cluster is None:
            raise ValidationError({"cluster": [_("Không tìm thấy cụm thi đua có id này.")]})
        with _domain_errors():
            proposal = domain.proposal_create(cluster=cluster, **data, by=request.user)
        return _proposal_out(request, proposal.pk, status.HTTP_201_CREATED)


class AwardProposalDetailApi(APIView):
    @extend_schema(responses={200: AwardProposalDetailSerializer, **_errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        proposal = access.get_proposal_for_user(request.user, pk)
        return _proposal_out(request, proposal.pk)

    @extend_schema(
        request=AwardProposalUpdateInputSerializer,
        responses={200: AwardProposalDetailSerializer, **_errors(400, 403, 404, 409)},
        description="Change a proposal while it is proposed (not what a vote decided).",
    )
    def patch(self, request: Request, pk: int) -> Response:
        proposal = access.get_proposal_for_user(request.user, pk, write=True)
        serializer = AwardProposalUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        with _domain_errors():
            domain.proposal_update(
                proposal=proposal, by=request.user, expected_version=version, **data
            )
        return _proposal_out(request, proposal.pk)


def _workflow(request: Request, pk: int, allowed: Any) -> Proposal:
    proposal = access.get_proposal_for_user(request.user, pk)
    if not allowed(request.user, proposal):
        raise PermissionDenied
    return proposal


class AwardProposalSubmitApi(APIView):
    @extend_schema(
        request=AwardProposalSubmitInputSerializer,
        responses={200: AwardProposalDetailSerializer, **_errors(400, 403, 404, 409)},
        description="Submit to the council: the cluster's head and deputy officers, its office.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = _workflow(request, pk, access.can_submit_proposal)
        serializer = AwardProposalSubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _domain_errors():
            domain.proposal_submit(
                proposal=proposal, by=request.user, expected_version=data["version"],
                submitted_at=data.get("submitted_at"),
            )  # fmt: skip
        return _proposal_out(request, proposal.pk)


class AwardProposalGrantApi(APIView):
    @extend_schema(
        request={
            "application/json": AwardProposalGrantInputSerializer,
            "multipart/form-data": AwardProposalGrantInputSerializer,
        },
        responses={200: AwardProposalDetailSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Record the decision granting a submitted proposal: its award is created and "
            "linked. The decision may not be dated before the proposal. The managing office "
            "and administrators."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = _workflow(request, pk, access.can_decide_proposal)
        serializer = AwardProposalGrantInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        files = _upload(data)
        version = data.pop("version")
        with _domain_errors():
            domain.proposal_grant(
                proposal=proposal, by=request.user, expected_version=version, **files, **data
            )
        return _proposal_out(request, proposal.pk)


class AwardProposalRejectApi(APIView):
    @extend_schema(
        request=AwardProposalRejectInputSerializer,
        responses={200: AwardProposalDetailSerializer, **_errors(400, 403, 404, 409)},
        description="Record that a submitted proposal was not granted, with the reason.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = _workflow(request, pk, access.can_decide_proposal)
        serializer = AwardProposalRejectInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _domain_errors():
            domain.proposal_reject(
                proposal=proposal, by=request.user, expected_version=data["version"],
                reason=data["reason"],
            )  # fmt: skip
        return _proposal_out(request, proposal.pk)
