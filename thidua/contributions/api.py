"""JSON API of the cluster's funds under /api/v1/contributions/.

The same rules as the pages: thidua.contributions.access authorises before the body is
read (404 for a fund of a cluster the caller does not belong to, 403 for a write it may
not make), an input serializer reads, thidua.contributions.domain parses the amounts and
writes in one transaction. Errors in the common format of thidua.api.errors: 400 with
`fields` for bad input (e.g. `{"paid": ["Số tiền không được âm."]}`), 409 `conflict` when
the fund or pledge was saved after the `version` sent, 409 `wrong_status` when the fund is
closed or a line with payments is deleted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.domain_errors import ERROR_DESCRIPTIONS, domain_errors, error_responses
from thidua.api.pagination import Pagination
from thidua.contributions import access, domain
from thidua.contributions.models import Fund
from thidua.contributions.serializers import (
    FundCloseInputSerializer,
    FundFilterSerializer,
    FundInputSerializer,
    FundSerializer,
    FundUpdateInputSerializer,
    FundVersionInputSerializer,
    PledgeAddInputSerializer,
    PledgePaymentInputSerializer,
    PledgeSerializer,
)

_errors = error_responses(
    {
        **ERROR_DESCRIPTIONS,
        409: "`conflict`: đã được lưu sau phiên bản gửi lên, hãy tải lại; `wrong_status`: khoản "
        "đóng góp đã kết thúc, hoặc dòng đã có tiền nộp.",
    }
)


def _fund_response(fund_id: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(FundSerializer(domain.fund_summary_of(fund_id)).data, status=code)


def _fund_input(data: dict[str, Any], fund: Fund) -> domain.FundInput:
    def given(name: str) -> Any:
        return data[name] if name in data else getattr(fund, name)

    return domain.FundInput(
        cluster=fund.cluster,
        title=given("title"),
        description=given("description"),
        beneficiary_name=given("beneficiary_name"),
        beneficiary_rank=given("beneficiary_rank"),
        beneficiary_position=given("beneficiary_position"),
        beneficiary_unit=given("beneficiary_unit"),
        target_amount=given("target_amount"),
        default_pledge=given("default_pledge"),
        opened_on=given("opened_on"),
        due_on=given("due_on"),
        note=given("note"),
    )


class FundListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[FundFilterSerializer],
        responses={200: FundSerializer(many=True), **_errors(400)},
        description=(
            "The funds of the clusters the user belongs to (and those its emulation office "
            "manages; all for administrators), each with every unit's pledge and the totals "
            "pledged, paid and outstanding. Newest year first."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = FundFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        funds = access.funds_visible_to(request.user)
        if "year" in given:
            funds = funds.filter(year=given["year"])
        if "cluster" in given:
            funds = funds.filter(cluster_id=given["cluster"])
        if "status" in given:
            funds = funds.filter(status=given["status"])
        funds = funds.order_by("-year", "cluster__level", "cluster__number", "opened_on", "pk")
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(funds, request, view=self) or []
        ids = [fund.pk for fund in page]
        summaries = {s.fund.pk: s for s in domain.fund_summaries(Fund.objects.filter(pk__in=ids))}
        data = FundSerializer([summaries[i] for i in ids], many=True).data  # type: ignore[arg-type]
        return paginator.get_paginated_response(data)

    @extend_schema(
        request=FundInputSerializer,
        responses={201: FundSerializer, **_errors(400, 403, 404)},
        description=(
            "Open a fund for a cluster-year: its cluster officers (head or deputy), the "
            "managing office, administrators (404 for a cluster the caller does not belong "
            "to). With `pledge_members` (default), every member "
            "gets a pledge: `default_pledge` each, or else `target_amount` shared evenly."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = FundInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cluster = access.get_cluster_for_new_fund(request.user, data["cluster"])
        fields = {k: v for k, v in data.items() if k not in ("cluster", "pledge_members")}
        fund = domain.fund_create(
            data=domain.FundInput(cluster=cluster, **fields),
            by=request.user,
            pledge_members=data["pledge_members"],
        )
        return _fund_response(fund.pk, status.HTTP_201_CREATED)


class FundDetailApi(APIView):
    @extend_schema(
        responses={200: FundSerializer, **_errors(404)},
        description="The fund with every unit's pledge and payment, and the totals.",
    )
    def get(self, request: Request, pk: int) -> Response:
        fund = access.get_fund_for_user(request.user, pk)
        return _fund_response(fund.pk)

    @extend_schema(
        request=FundUpdateInputSerializer,
        responses={200: FundSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Change any of the fund's fields (not its cluster; the pledges are changed one "
            "by one). The cluster officers and the office, while the fund is open."
        ),
    )
    def patch(self, request: Request, pk: int) -> Response:
        fund = access.get_fund_for_user(request.user, pk, write=True)
        serializer = FundUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with domain_errors():
            domain.fund_update(
                fund=fund,
                data=_fund_input(data, fund),
                by=request.user,
                expected_version=data["version"],
            )
        return _fund_response(fund.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, required=True, description="The version read.")
        ],
        responses={204: None, **_errors(400, 403, 404, 409)},
        description="Delete a fund nobody has paid into (otherwise close it).",
    )
    def delete(self, request: Request, pk: int) -> Response:
        fund = access.get_fund_for_user(request.user, pk, write=True)
        serializer = FundVersionInputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            domain.fund_delete(
                fund=fund, by=request.user, expected_version=serializer.validated_data["version"]
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class FundCloseApi(APIView):
    @extend_schema(
        request=FundCloseInputSerializer,
        responses={200: FundSerializer, **_errors(400, 403, 404, 409)},
        description="Close the fund (on `closed_on`, default today): no more payments.",
    )
    def post(self, request: Request, pk: int) -> Response:
        fund = access.get_fund_for_user(request.user, pk, write=True)
        serializer = FundCloseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with domain_errors():
            domain.fund_close(
                fund=fund,
                by=request.user,
                expected_version=data["version"],
                closed_on=data["closed_on"],
            )
        return _fund_response(fund.pk)


class FundReopenApi(APIView):
    @extend_schema(
        request=FundVersionInputSerializer,
        responses={200: FundSerializer, **_errors(400, 403, 404, 409)},
        description="Reopen a closed fund.",
    )
    def post(self, request: Request, pk: int) -> Response:
        fund = access.get_fund_for_user(request.user, pk, write=True)
        serializer = FundVersionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            domain.fund_reopen(
                fund=fund, by=request.user, expected_version=serializer.validated_data["version"]
            )
        return _fund_response(fund.pk)


class FundPledgesApi(APIView):
    @extend_schema(
        request=PledgeAddInputSerializer,
        responses={201: FundSerializer, **_errors(400, 403, 404, 409)},
        description="Add a member unit that the fund's table lacks, with its pledge.",
    )
    def post(self, request: Request, pk: int) -> Response:
        fund = access.get_fund_for_user(request.user, pk, write=True)
        serializer = PledgeAddInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with domain_errors():
            domain.pledge_add(
                fund=fund,
                unit=data["unit"],
                pledged=data["pledged"],
                note=data["note"],
                by=request.user,
                expected_version=data["version"],
            )
        return _fund_response(fund.pk, status.HTTP_201_CREATED)


class PledgeDetailApi(APIView):
    @extend_schema(
        responses={200: PledgeSerializer, **_errors(404)},
        description="A unit's pledge and payment.",
    )
    def get(self, request: Request, pk: int) -> Response:
        pledge = access.get_pledge_for_user(request.user, pk)
        return Response(PledgeSerializer(pledge).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, required=True, description="The version read.")
        ],
        responses={204: None, **_errors(400, 403, 404, 409)},
        description="Remove a unit's line while it has paid nothing.",
    )
    def delete(self, request: Request, pk: int) -> Response:
        pledge = access.get_pledge_for_user(request.user, pk)
        if not access.can_manage_funds(request.user, pledge.fund.cluster):
            raise PermissionDenied
        serializer = FundVersionInputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            domain.pledge_delete(
                pledge=pledge,
                by=request.user,
                expected_version=serializer.validated_data["version"],
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PledgePaymentApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": PledgePaymentInputSerializer,
            "multipart/form-data": PledgePaymentInputSerializer,
        },
        responses={200: PledgeSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Record what the unit has paid in all so far (`paid`, `paid_on`), with its "
            "receipt (multipart `receipt`). The unit's own officers, the cluster officers, "
            "the office. A total above the pledge is refused unless `confirm_overpay` is "
            "true; `pledged` changes the pledge too (cluster officers and office only)."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        pledge = access.get_pledge_for_user(request.user, pk, write=True)
        serializer = PledgePaymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.get("receipt")
        with domain_errors():
            pledge = domain.pledge_record_payment(
                pledge=pledge,
                by=request.user,
                expected_version=data["version"],
                paid=data["paid"],
                paid_on=data["paid_on"],
                note=data.get("note"),
                receipt=domain.Upload(upload, upload.name or "") if upload else None,
                pledged=data["pledged"],
                confirm_overpay=data["confirm_overpay"],
            )
        return Response(PledgeSerializer(pledge).data)
