"""JSON API of the vote under /api/v1/votes/: votes, casting a ballot, results, receipts.

Thin views: authorise through thidua.voting.access, write and read through
thidua.voting.domain. A result or a receipt list is refused (403, code
`result_not_available`) until the vote is closed, for everybody.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

# One schema component for the shared shapes: the error format and a unit in brief.
from thidua.api.domain_errors import error_responses
from thidua.api.pagination import Pagination
from thidua.org.api import UnitBriefSerializer
from thidua.voting import access, domain, ranking
from thidua.voting.models import Candidate, Vote, VoteTitle

# ---------------------------------------------------------------------------------------
# Errors


class ResultNotAvailable(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "result_not_available"
    default_detail = gettext_lazy("Kết quả chỉ được công bố sau khi kết thúc bỏ phiếu.")


class BallotRefusedError(exceptions.APIException):
    """A refused ballot; the status follows the reason, the code is the domain's."""

    _STATUS = {
        "not_eligible": status.HTTP_403_FORBIDDEN,
        "invalid_ballot": status.HTTP_400_BAD_REQUEST,
        "busy": status.HTTP_503_SERVICE_UNAVAILABLE,
    }

    def __init__(self, refusal: domain.BallotRefused) -> None:
        super().__init__(detail=refusal.message, code=refusal.code)
        self.status_code = self._STATUS.get(refusal.code, status.HTTP_409_CONFLICT)


_errors = error_responses(
    {
        400: "Dữ liệu không hợp lệ.",
        403: "Không có quyền, hoặc chưa kết thúc bỏ phiếu.",
        404: "Không tìm thấy.",
        409: "Không bỏ phiếu được lúc này (đã bỏ phiếu, chưa mở, đã kết thúc, hết giờ).",
        503: "Hệ thống đang bận, hãy gửi lại.",
    }
)


# ---------------------------------------------------------------------------------------
# Output serializers


class ProportionSerializer(serializers.Serializer[Any]):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    strict = serializers.BooleanField(help_text="True: more than the fraction; false: at least.")


class TitleSerializer(serializers.Serializer[VoteTitle]):
    code = serializers.CharField()
    name = serializers.CharField()
    quota = serializers.IntegerField()
    requires = serializers.SerializerMethodField(
        help_text="Code of the title whose threshold is required."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_requires(self, title: VoteTitle) -> str | None:
        return title.requires.code if title.requires_id and title.requires else None


class CandidateSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    rank = serializers.IntegerField(allow_null=True, help_text="Score ranking; null until scored.")
    percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)


class ClusterBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class VoteOutputSerializer(serializers.Serializer[Vote]):
    id = serializers.IntegerField()
    cluster = ClusterBriefSerializer()
    name = serializers.CharField()
    round = serializers.IntegerField()
    runoff_of = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="The vote this one re-runs for a tie."
    )
    method = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    conference_date = serializers.DateField()
    conference_place = serializers.CharField()
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    member_units = serializers.IntegerField()
    eligible_voters = serializers.IntegerField(source="eligible_count")
    ballots_cast = serializers.IntegerField(
        source="cast_count", help_text="Turnout only; never who, never for whom."
    )
    approval = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()
    titles = TitleSerializer(many=True, source="titles.all")
    candidates = serializers.SerializerMethodField()
    is_sample = serializers.BooleanField()
    note = serializers.CharField()

    @extend_schema_field(ProportionSerializer)
    def get_approval(self, vote: Vote) -> dict[str, Any]:
        return ProportionSerializer(
            {
                "numerator": vote.approval_numerator,
                "denominator": vote.approval_denominator,
                "strict": vote.approval_strict,
            }
        ).data

    @extend_schema_field(ProportionSerializer)
    def get_quorum(self, vote: Vote) -> dict[str, Any]:
        return ProportionSerializer(
            {
                "numerator": vote.quorum_numerator,
                "denominator": vote.quorum_denominator,
                "strict": vote.quorum_strict,
            }
        ).data

    @extend_schema_field(CandidateSerializer(many=True))
    def get_candidates(self, vote: Vote) -> list[dict[str, Any]]:
        standings: dict[int, ranking.Standing] = self.context.get("standings", {}).get(vote.pk, {})
        rows = []
        for candidate in vote.candidates.all():
            found = standings.get(candidate.unit_id)
            rows.append(
                {
                    "unit": candidate.unit,
                    "rank": found.rank if found else None,
                    "percent": found.percent if found else None,
                }
            )
        return CandidateSerializer(rows, many=True).data  # type: ignore[return-value]


class ReceiptSerializer(serializers.Serializer[Any]):
    vote = serializers.IntegerField()
    receipt = serializers.CharField(
        help_text="Shown once; published after the close without names or choices."
    )


class CandidateResultSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    votes = serializers.IntegerField()
    share = serializers.DecimalField(
        max_digits=7, decimal_places=2, help_text="Percent of the eligible voters."
    )
    passes_threshold = serializers.BooleanField()
    meets_prerequisite = serializers.BooleanField()
    approved = serializers.BooleanField()
    elected = serializers.BooleanField()
    in_runoff = serializers.BooleanField()


class TitleResultSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="title.code")
    name = serializers.CharField(source="title.name")
    quota = serializers.IntegerField(source="title.quota")
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()
    candidates = CandidateResultSerializer(many=True)
    elected = UnitBriefSerializer(many=True)
    runoff = UnitBriefSerializer(many=True)
    runoff_seats = serializers.IntegerField()
    runoff_vote = serializers.IntegerField(source="runoff_vote.pk", allow_null=True, default=None)


class ResultSerializer(serializers.Serializer[Any]):
    vote = serializers.IntegerField(source="vote.pk")
    method = serializers.CharField(source="vote.method")
    eligible_voters = serializers.IntegerField()
    member_units = serializers.IntegerField()
    ballots_issued = serializers.IntegerField()
    ballots_cast = serializers.IntegerField()
    quorum_met = serializers.BooleanField()
    quorum_needed = serializers.IntegerField(allow_null=True)
    approval_needed = serializers.IntegerField(allow_null=True)
    titles = TitleResultSerializer(many=True)


class ReceiptListSerializer(serializers.Serializer[Any]):
    vote = serializers.IntegerField()
    receipts = serializers.ListField(child=serializers.CharField())


# ---------------------------------------------------------------------------------------
# Input


class BallotInputSerializer(serializers.Serializer[Any]):
    choices = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(), allow_empty=True),
        help_text='{title code: [unit id, …]}, e.g. {"gov": [12], "min": [12, 14]}; '
        "an empty list or a missing title abstains.",
        error_messages={
            "not_a_dict": gettext_lazy(
                # No braces: DRF formats these messages with str.format().
                "“choices” phải là một đối tượng: mã danh hiệu → danh sách id đơn vị."
            ),
            "required": gettext_lazy("Thiếu “choices”."),
        },
    )

    default_error_messages = {
        "invalid": gettext_lazy("Dữ liệu gửi lên phải là một đối tượng JSON.")
    }

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        child = fields["choices"].child  # type: ignore[attr-defined]
        child.error_messages["not_a_list"] = _("Mỗi danh hiệu cần một danh sách id đơn vị.")
        child.child.error_messages["invalid"] = _("Id đơn vị phải là số nguyên.")
        return fields


# ---------------------------------------------------------------------------------------
# Views


def _votes_for_output(votes: QuerySet[Vote]) -> QuerySet[Vote]:
    return (
        domain.with_counts(votes)
        .select_related("cluster")
        .prefetch_related(
            Prefetch("titles", queryset=VoteTitle.objects.select_related("requires")),
            Prefetch(
                "candidates",
                queryset=Candidate.objects.select_related("unit").order_by("unit__sort_name"),
            ),
        )
        .order_by("-conference_date", "-round", "-id")
    )


class VoteListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        responses={200: VoteOutputSerializer(many=True)},
        description=(
            "Votes of the clusters whose internal data the user may read, newest first, with "
            "their setup and turnout. Never a partial count."
        ),
    )
    def get(self, request: Request) -> Response:
        votes = _votes_for_output(access.votes_visible_to(request.user))
        paginator = Pagination()
        page = paginator.paginate_queryset(votes, request, view=self)
        rows: Any = page or []
        data = VoteOutputSerializer(rows, many=True).data
        return paginator.get_paginated_response(data)


class VoteDetailApi(APIView):
    @extend_schema(responses={200: VoteOutputSerializer, **_errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        access.get_vote_for_user(request.user, pk)
        vote = _votes_for_output(Vote.objects.filter(pk=pk)).get()
        context = {"standings": {vote.pk: ranking.ranking_for(vote.cluster)}}
        return Response(VoteOutputSerializer(vote, context=context).data)


class BallotApi(APIView):
    @extend_schema(
        request=BallotInputSerializer,
        responses={201: ReceiptSerializer, **_errors(400, 403, 404, 409, 503)},
        description=(
            "Cast the signed-in delegate's ballot, once, while the vote is open and within its "
            "time window. Returns the receipt code; nothing stores it with the voter."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        vote = access.get_vote_for_user(request.user, pk)
        if not access.is_delegate(request.user, vote):
            # Refused before the body is read: only a recorded delegate gets further.
            state = domain.casting_state(vote=vote, user=request.user)
            assert state.refusal is not None
            raise BallotRefusedError(state.refusal)
        serializer = BallotInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            receipt = domain.ballot_cast(
                vote=vote, user=request.user, choices=serializer.validated_data["choices"]
            )
        except domain.BallotRefused as refusal:
            raise BallotRefusedError(refusal) from None
        return Response({"vote": vote.pk, "receipt": receipt}, status=status.HTTP_201_CREATED)


class ResultApi(APIView):
    @extend_schema(
        responses={200: ResultSerializer, **_errors(403, 404)},
        description="The count, only after the close (403 `result_not_available` before).",
    )
    def get(self, request: Request, pk: int) -> Response:
        vote = access.get_vote_for_user(request.user, pk)
        try:
            outcome = domain.vote_result(vote=vote)
        except domain.ResultNotAvailable as refusal:
            raise ResultNotAvailable(refusal.message) from None
        return Response(ResultSerializer(outcome).data)


class ReceiptListApi(APIView):
    @extend_schema(
        responses={200: ReceiptListSerializer, **_errors(403, 404)},
        description="Receipt codes of the counted ballots, alphabetical, after the close only.",
    )
    def get(self, request: Request, pk: int) -> Response:
        vote = access.get_vote_for_user(request.user, pk)
        try:
            codes = domain.receipts(vote=vote)
        except domain.ResultNotAvailable as refusal:
            raise ResultNotAvailable(refusal.message) from None
        return Response(ReceiptListSerializer({"vote": vote.pk, "receipts": codes}).data)
