"""JSON API of the practices library under /api/v1/practices/.

The same rules as the pages: thidua.practices.access authorises before the body is read
(404 for a practice the caller may not see, 403 for a write it may not make), an input
serializer parses, thidua.practices.domain writes in one transaction. Errors come out in
the common format of thidua.api.errors; 409 `conflict` when the practice was saved after
the `version` sent, 409 `wrong_status` when its state refuses the step (publishing a
promoted practice, deleting a published one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.domain_errors import ERROR_DESCRIPTIONS, domain_errors, error_responses
from thidua.api.pagination import Pagination
from thidua.practices import access, domain
from thidua.practices.models import Practice
from thidua.practices.serializers import (
    PracticeDetailSerializer,
    PracticeFileInputSerializer,
    PracticeFilterSerializer,
    PracticeInputSerializer,
    PracticeSerializer,
    PracticeUpdateInputSerializer,
    PracticeVersionInputSerializer,
)

_errors = error_responses(
    {
        **ERROR_DESCRIPTIONS,
        409: "`conflict`: đã được lưu sau phiên bản gửi lên, hãy tải lại; `wrong_status`: phạm vi "
        "hiện tại không cho phép thao tác này.",
    }
)


def _for_output(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    return practices.select_related("unit", "cluster").prefetch_related("files")


def _detail(request: Request, practice_id: int, code: int = status.HTTP_200_OK) -> Response:
    practice = _for_output(Practice.objects.filter(pk=practice_id)).get()
    context = {"permissions": access.practice_permissions(request.user, practice)}
    return Response(PracticeDetailSerializer(practice, context=context).data, status=code)


def _input(data: dict[str, Any], current: Practice | None = None) -> domain.PracticeInput:
    def given(name: str) -> Any:
        if name in data:
            return data[name]
        return getattr(current, name)

    return domain.PracticeInput(
        kind=given("kind"),
        title=given("title"),
        description=given("description"),
        results=given("results"),
        unit=given("unit"),
        cluster=given("cluster"),
        person_name=given("person_name"),
        person_rank=given("person_rank"),
        person_position=given("person_position"),
    )


class PracticeListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[PracticeFilterSerializer],
        responses={200: PracticeSerializer(many=True), **_errors(400)},
        description=(
            "The practices the user may see (promoted ones: everybody; published: the "
            "cluster's members and office; drafts: the unit's officers, the cluster officers "
            "and the office), newest year first. `search` matches every word without regard "
            "to diacritics: `mo hinh dan van` finds “Mô hình dân vận khéo”."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = PracticeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        practices = domain.practice_search(
            user=request.user,
            query=given.get("search", ""),
            kind=given.get("kind", ""),
            year=given.get("year"),
            cluster_id=given.get("cluster"),
            unit_id=given.get("unit"),
            visibility=given.get("visibility", ""),
        )
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(_for_output(practices), request, view=self) or []
        return paginator.get_paginated_response(PracticeSerializer(page, many=True).data)

    @extend_schema(
        request=PracticeInputSerializer,
        responses={201: PracticeDetailSerializer, **_errors(400, 403)},
        description=(
            "Record a practice as a draft: the unit's own officers, the cluster officers "
            "(head or deputy of the cluster-year), the managing office. The unit must be a "
            "member of the cluster; an exemplary person needs `person_name`."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = PracticeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not access.can_create_practice(request.user, data["cluster"], data["unit"]):
            raise PermissionDenied
        practice = domain.practice_create(data=_input(data), by=request.user)
        return _detail(request, practice.pk, status.HTTP_201_CREATED)


class PracticeDetailApi(APIView):
    @extend_schema(
        responses={200: PracticeDetailSerializer, **_errors(404)},
        description="A practice with its files and what the user may do with it now.",
    )
    def get(self, request: Request, pk: int) -> Response:
        practice = access.get_practice_for_user(request.user, pk)
        return _detail(request, practice.pk)

    @extend_schema(
        request=PracticeUpdateInputSerializer,
        responses={200: PracticeDetailSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Change any of the fields; the others keep their values. `version` is the one "
            "read. The unit and the cluster change only while it is a draft."
        ),
    )
    def patch(self, request: Request, pk: int) -> Response:
        practice = access.get_practice_for_user(request.user, pk, write=True)
        serializer = PracticeUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with domain_errors():
            domain.practice_update(
                practice=practice,
                data=_input(data, practice),
                by=request.user,
                expected_version=data["version"],
            )
        return _detail(request, practice.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, required=True, description="The version read.")
        ],
        responses={204: None, **_errors(400, 403, 404, 409)},
        description="Delete a draft with its files (who may edit it).",
    )
    def delete(self, request: Request, pk: int) -> Response:
        practice = access.get_practice_for_user(request.user, pk, write=True)
        serializer = PracticeVersionInputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            domain.practice_delete(
                practice=practice,
                by=request.user,
                expected_version=serializer.validated_data["version"],
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


_STEPS: dict[str, tuple[Callable[[Any, Practice], bool], Callable[..., Practice]]] = {
    "publish": (access.can_publish_practice, domain.practice_publish),
    "promote": (access.can_promote_practice, domain.practice_promote),
    "unpublish": (access.can_unpublish_practice, domain.practice_unpublish),
}


class _StepApi(APIView):
    step = ""

    def _act(self, request: Request, pk: int) -> Response:
        practice = access.get_practice_for_user(request.user, pk)
        allowed, act = _STEPS[self.step]
        if not allowed(request.user, practice):
            raise PermissionDenied
        serializer = PracticeVersionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            act(
                practice=practice,
                by=request.user,
                expected_version=serializer.validated_data["version"],
            )
        if not access.practices_visible_to(request.user).filter(pk=practice.pk).exists():
            # Taken back to a draft the caller no longer sees (it cannot happen to those
            # allowed to take it back, but the answer must not leak it if it did).
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _detail(request, practice.pk)


_STEP_RESPONSES = {200: PracticeDetailSerializer, **_errors(400, 403, 404, 409)}


class PracticePublishApi(_StepApi):
    step = "publish"

    @extend_schema(
        request=PracticeVersionInputSerializer,
        responses=_STEP_RESPONSES,
        description="Draft → published to the members of its cluster-year: the cluster officers and the office.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._act(request, pk)


class PracticePromoteApi(_StepApi):
    step = "promote"

    @extend_schema(
        request=PracticeVersionInputSerializer,
        responses=_STEP_RESPONSES,
        description="Published → promoted to every cluster: the office managing the cluster.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._act(request, pk)


class PracticeUnpublishApi(_StepApi):
    step = "unpublish"

    @extend_schema(
        request=PracticeVersionInputSerializer,
        responses=_STEP_RESPONSES,
        description=(
            "One step back: promoted → published (the office), published → draft (the "
            "cluster officers and the office)."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._act(request, pk)


class PracticeFilesApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": PracticeFileInputSerializer},
        responses={201: PracticeDetailSerializer, **_errors(400, 403, 404, 409)},
        description=(
            "Attach a file (multipart: `file`, `version`): PDF, Word, Excel, OpenDocument, "
            "JPEG, PNG or .zip, within the upload limit, whose content matches its extension."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        practice = access.get_practice_for_user(request.user, pk, write=True)
        serializer = PracticeFileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        with domain_errors():
            domain.practice_file_add(
                practice=practice,
                upload=domain.Upload(upload, upload.name or ""),
                by=request.user,
                expected_version=serializer.validated_data["version"],
            )
        return _detail(request, practice.pk, status.HTTP_201_CREATED)
