"""JSON API of the organisation registry: units, lineage, clusters and handovers.

Thin views: parse the input with an explicit serializer, authorise through
thidua.org.access, write through thidua.org.domain, shape the output with another
serializer. Errors become the common format of thidua.api.errors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.pagination import Pagination
from thidua.api.serializers import (
    InputSerializer,
    date_field,
    enum_schema,
    errors,
)
from thidua.org import access, domain
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Handover,
    LineageEvent,
    LineageKind,
    Membership,
    Unit,
    UnitKind,
)


class UnitRefField(serializers.PrimaryKeyRelatedField[Unit]):
    """A unit given by its id; an unknown id is a 400 naming it."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("Không tìm thấy đơn vị có id {pk_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Unit.objects.all(), **kwargs)


# Each enum is its own named schema component, so that the enums of different apps
# sharing a field name ("kind", "level") do not collide in the schema.


@extend_schema_field(enum_schema(UnitKind.choices), component_name="UnitKind")
class UnitKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=UnitKind.choices, **kwargs)


@extend_schema_field(enum_schema(LineageKind.choices), component_name="LineageKind")
class LineageKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=LineageKind.choices, **kwargs)


@extend_schema_field(enum_schema(ClusterLevel.choices), component_name="ClusterLevel")
class ClusterLevelField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ClusterLevel.choices, **kwargs)


# ---------------------------------------------------------------------------------------
# Output serializers


class UnitBriefSerializer(serializers.Serializer[Unit]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class UnitOutputSerializer(serializers.Serializer[Unit]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = UnitKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    parent_name = serializers.CharField(source="parent.name", allow_null=True)
    active_from = serializers.DateField(allow_null=True)
    active_to = serializers.DateField(allow_null=True)
    is_emulation_office = serializers.BooleanField()
    is_sample = serializers.BooleanField()


class LineageEntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = LineageKindField()
    kind_display = serializers.CharField()
    effective_date = serializers.DateField()
    direction = serializers.ChoiceField(
        choices=[("from", "from"), ("to", "to")],
        help_text="from: the unit came from `units`; to: the unit went into `units`.",
    )
    units = UnitBriefSerializer(many=True)


class ConstituentsSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    units = UnitBriefSerializer(many=True)
    exact = serializers.BooleanField(
        help_text="False when a split makes the predecessors' figures only an approximation."
    )


class UnitLineageSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    events = LineageEntrySerializer(many=True)
    constituents = ConstituentsSerializer(
        allow_null=True,
        help_text="The units whose data on `on` make up this unit; null without ?on=.",
    )


class LineageEventOutputSerializer(serializers.Serializer[LineageEvent]):
    id = serializers.IntegerField()
    kind = LineageKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    effective_date = serializers.DateField()
    decision = serializers.CharField()
    note = serializers.CharField()
    sources = UnitBriefSerializer(many=True, source="sources.all")
    targets = UnitBriefSerializer(many=True, source="targets.all")


class ClusterMemberSerializer(serializers.Serializer[Membership]):
    unit = serializers.IntegerField(source="unit_id")
    code = serializers.CharField(source="unit.code")
    name = serializers.CharField(source="unit.name")
    short_name = serializers.CharField(source="unit.short_name")
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class ClusterRoleOutputSerializer(serializers.Serializer[ClusterRole]):
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    unit = serializers.IntegerField(source="unit_id")
    code = serializers.CharField(source="unit.code")
    name = serializers.CharField(source="unit.name")
    short_name = serializers.CharField(source="unit.short_name")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]


class ClusterOutputSerializer(serializers.Serializer[Cluster]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    level = ClusterLevelField()
    level_display = serializers.CharField(source="get_level_display")
    number = serializers.IntegerField()
    name = serializers.CharField()
    province = UnitBriefSerializer(allow_null=True)
    managing_office = UnitBriefSerializer()
    note = serializers.CharField()
    is_sample = serializers.BooleanField()
    members = ClusterMemberSerializer(many=True, source="memberships.all")
    roles = ClusterRoleOutputSerializer(many=True, source="roles.all")


class HandoverOutputSerializer(serializers.Serializer[Handover]):
    id = serializers.IntegerField()
    cluster = serializers.IntegerField(source="from_cluster_id")
    cluster_name = serializers.CharField(source="from_cluster.__str__")
    year = serializers.IntegerField(source="from_cluster.year")
    to_cluster = serializers.IntegerField(source="to_cluster_id")
    head = UnitBriefSerializer()
    deputy = UnitBriefSerializer()
    conference_date = serializers.DateField()
    note = serializers.CharField()


# ---------------------------------------------------------------------------------------
# Input serializers


class UnitFilterSerializer(InputSerializer):
    search = serializers.CharField(
        required=False, allow_blank=True, help_text="Words of the code or name, diacritics ignored."
    )
    kind = UnitKindField(required=False)
    active_on = date_field(required=False, help_text="Only units active on this day (YYYY-MM-DD).")


class UnitCreateInputSerializer(InputSerializer):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = UnitKindField()
    parent = UnitRefField(required=False, allow_null=True)  # type: ignore[assignment]
    active_from = date_field(required=False, allow_null=True)
    active_to = date_field(required=False, allow_null=True)
    is_emulation_office = serializers.BooleanField(required=False)
    is_sample = serializers.BooleanField(required=False)


class UnitUpdateInputSerializer(InputSerializer):
    """Every field optional: PATCH changes only what it sends."""

    code = serializers.CharField(max_length=30, required=False)
    name = serializers.CharField(max_length=255, required=False)
    short_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = UnitKindField(required=False)
    parent = UnitRefField(required=False, allow_null=True)  # type: ignore[assignment]
    active_from = date_field(required=False, allow_null=True)
    active_to = date_field(required=False, allow_null=True)
    is_emulation_office = serializers.BooleanField(required=False)


class LineageQuerySerializer(InputSerializer):
    on = date_field(required=False, help_text="Day whose constituents to return (YYYY-MM-DD).")


class LineageEventInputSerializer(InputSerializer):
    kind = LineageKindField()
    effective_date = date_field()
    sources = serializers.ManyRelatedField(child_relation=UnitRefField())
    targets = serializers.ManyRelatedField(child_relation=UnitRefField(), required=False)
    decision = serializers.CharField(max_length=255, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ClusterFilterSerializer(InputSerializer):
    year = serializers.IntegerField(required=False)
    level = ClusterLevelField(required=False)
    number = serializers.IntegerField(required=False)


def _check_office(unit: Unit | None) -> Unit | None:
    if unit is not None and not unit.is_emulation_office:
        raise serializers.ValidationError(
            _("%(unit)s không phải cơ quan thường trực thi đua.") % {"unit": unit}
        )
    return unit


class ClusterCreateInputSerializer(InputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    level = ClusterLevelField()
    number = serializers.IntegerField(min_value=1, max_value=999)
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    province = UnitRefField(
        required=False, allow_null=True, help_text="The provincial police of a provincial cluster."
    )
    managing_office = UnitRefField(
        required=False, help_text="Defaults to the signed-in emulation office's own unit."
    )
    note = serializers.CharField(required=False, allow_blank=True)

    def validate_managing_office(self, value: Unit) -> Unit | None:
        return _check_office(value)


class ClusterUpdateInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    number = serializers.IntegerField(min_value=1, max_value=999, required=False)
    managing_office = UnitRefField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate_managing_office(self, value: Unit) -> Unit | None:
        return _check_office(value)


class HandoverInputSerializer(InputSerializer):
    cluster = serializers.IntegerField(help_text="The cluster-year that hands over.")
    head = UnitRefField(help_text="Next year's head.")
    deputy = UnitRefField(help_text="Next year's deputy.")
    conference_date = date_field()
    note = serializers.CharField(required=False, allow_blank=True)


# ---------------------------------------------------------------------------------------
# Reads used only by this interface


def _clusters_for_output(clusters: QuerySet[Cluster]) -> QuerySet[Cluster]:
    """Everything the cluster output reads, in a fixed number of queries."""
    return clusters.select_related("province", "managing_office").prefetch_related(
        *_CLUSTER_PREFETCH
    )


_CLUSTER_PREFETCH = (
    Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("unit").order_by(
            "unit__sort_name", "start_date", "id"
        ),
    ),
    # "head" sorts after "deputy": descending puts the head first.
    Prefetch(
        "roles", queryset=ClusterRole.objects.select_related("unit").order_by("-role", "start_date")
    ),
)


def may_manage_clusters(user: Any) -> bool:
    """Administrators and emulation offices: the only users who may manage some cluster."""
    return access.is_admin(user) or access.is_office(user)


def _unit_brief(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "short_name": unit.short_name}


def _paginated(view: APIView, request: Request, items: QuerySet[Any], out: type[Any]) -> Response:
    paginator = Pagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(out(page, many=True).data)


# ---------------------------------------------------------------------------------------
# Views


class UnitListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[UnitFilterSerializer],
        responses={200: UnitOutputSerializer(many=True), **errors(400)},
        description="Units in Vietnamese alphabetical order; `search` ignores diacritics.",
    )
    def get(self, request: Request) -> Response:
        filters = UnitFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        units = domain.unit_search(
            query=filters.validated_data.get("search", ""),
            kind=filters.validated_data.get("kind", ""),
            active_on=filters.validated_data.get("active_on"),
        )
        return _paginated(self, request, units, UnitOutputSerializer)

    @extend_schema(
        request=UnitCreateInputSerializer,
        responses={201: UnitOutputSerializer, **errors(400, 403)},
        description="Emulation offices and administrators only.",
    )
    def post(self, request: Request) -> Response:
        if not access.can_edit_units(request.user):
            raise PermissionDenied
        serializer = UnitCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = domain.unit_create(**serializer.validated_data)
        return Response(UnitOutputSerializer(unit).data, status=status.HTTP_201_CREATED)


class UnitDetailApi(APIView):
    @extend_schema(responses={200: UnitOutputSerializer, **errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        unit = access.get_unit_for_user(request.user, pk)
        return Response(UnitOutputSerializer(unit).data)

    @extend_schema(
        request=UnitUpdateInputSerializer,
        responses={200: UnitOutputSerializer, **errors(400, 403, 404)},
        description="Emulation offices and administrators only.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        unit = access.get_unit_for_user(request.user, pk, write=True)
        serializer = UnitUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        unit = domain.unit_update(unit=unit, **serializer.validated_data)
        return Response(UnitOutputSerializer(unit).data)


class UnitLineageApi(APIView):
    @extend_schema(
        parameters=[LineageQuerySerializer],
        responses={200: UnitLineageSerializer, **errors(400, 404)},
        description=(
            "The unit's lineage events both ways (direction `from`: it came from `units`; "
            "`to`: it went into `units`), and with `?on=` the units whose data on that day "
            "make up this unit."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        unit = access.get_unit_for_user(request.user, pk)
        query = LineageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on: dt.date | None = query.validated_data.get("on")
        events = [
            {
                "id": entry.event.pk,
                "kind": entry.event.kind,
                "kind_display": entry.event.get_kind_display(),
                "effective_date": entry.event.effective_date,
                "direction": entry.direction,
                "units": [_unit_brief(u) for u in entry.others],
            }
            for entry in domain.lineage_timeline(unit=unit)
        ]
        constituents = None
        if on is not None:
            found = domain.constituents(unit=unit, on=on)
            constituents = {
                "on": on,
                "units": [_unit_brief(u) for u in found.units],
                "exact": found.exact,
            }
        data = {"unit": _unit_brief(unit), "events": events, "constituents": constituents}
        return Response(UnitLineageSerializer(data).data)


class LineageEventListApi(APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: LineageEventOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        units = Unit.objects.order_by("sort_name", "code")
        events = LineageEvent.objects.prefetch_related(
            Prefetch("sources", queryset=units), Prefetch("targets", queryset=units)
        ).order_by("-effective_date", "-id")
        return _paginated(self, request, events, LineageEventOutputSerializer)

    @extend_schema(
        request=LineageEventInputSerializer,
        responses={201: LineageEventOutputSerializer, **errors(400, 403)},
        description=(
            "Record a merge, split, rename or dissolution; the units that end stop the day "
            "before. Emulation offices and administrators only."
        ),
    )
    def post(self, request: Request) -> Response:
        if not access.can_edit_units(request.user):
            raise PermissionDenied
        serializer = LineageEventInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = domain.lineage_record(**serializer.validated_data, by=request.user)
        return Response(LineageEventOutputSerializer(event).data, status=status.HTTP_201_CREATED)


class ClusterListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[ClusterFilterSerializer],
        responses={200: ClusterOutputSerializer(many=True), **errors(400)},
        description="The clusters the signed-in user may see, with members and roles.",
    )
    def get(self, request: Request) -> Response:
        filters = ClusterFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        clusters = access.clusters_visible_to(request.user).filter(**filters.validated_data)
        return _paginated(self, request, _clusters_for_output(clusters), ClusterOutputSerializer)

    @extend_schema(
        request=ClusterCreateInputSerializer,
        responses={201: ClusterOutputSerializer, **errors(400, 403)},
        description=(
            "An emulation office creates the clusters it manages; an administrator any. "
            "Members and roles are added afterwards."
        ),
    )
    def post(self, request: Request) -> Response:
        user = request.user
        if not may_manage_clusters(user):
            raise PermissionDenied
        serializer = ClusterCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        office: Unit | None = data.pop("managing_office", None)
        if office is None and access.is_office(user):
            office = user.unit  # type: ignore[union-attr]
        if office is None:
            raise ValidationError(
                {"managing_office": [_("Hãy chọn cơ quan thường trực quản lý cụm.")]}
            )
        if not access.can_manage_cluster(user, Cluster(managing_office=office)):
            raise PermissionDenied
        cluster = domain.cluster_create(managing_office=office, **data)
        prefetch_related_objects([cluster], *_CLUSTER_PREFETCH)
        return Response(ClusterOutputSerializer(cluster).data, status=status.HTTP_201_CREATED)


class ClusterDetailApi(APIView):
    @extend_schema(responses={200: ClusterOutputSerializer, **errors(404)})
    def get(self, request: Request, pk: int) -> Response:
        cluster = access.get_cluster_for_user(request.user, pk)
        prefetch_related_objects([cluster], *_CLUSTER_PREFETCH)
        return Response(ClusterOutputSerializer(cluster).data)

    @extend_schema(
        request=ClusterUpdateInputSerializer,
        responses={200: ClusterOutputSerializer, **errors(400, 403, 404)},
        description="The managing emulation office and administrators only.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        cluster = access.get_cluster_for_user(request.user, pk, write=True)
        serializer = ClusterUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        cluster = domain.cluster_update(cluster=cluster, **serializer.validated_data)
        prefetch_related_objects([cluster], *_CLUSTER_PREFETCH)
        return Response(ClusterOutputSerializer(cluster).data)


class HandoverListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        responses={200: HandoverOutputSerializer(many=True)},
        description="Handovers of the clusters the signed-in user may see, newest first.",
    )
    def get(self, request: Request) -> Response:
        handovers = (
            Handover.objects.filter(from_cluster__in=access.clusters_visible_to(request.user))
            .select_related("from_cluster", "head", "deputy")
            .order_by("-conference_date", "-id")
        )
        return _paginated(self, request, handovers, HandoverOutputSerializer)

    @extend_schema(
        request=HandoverInputSerializer,
        responses={201: HandoverOutputSerializer, **errors(400, 403)},
        description=(
            "Record who heads and deputises the cluster next year (the next year's cluster is "
            "created from this one if missing). The managing office and administrators only."
        ),
    )
    def post(self, request: Request) -> Response:
        user = request.user
        if not may_manage_clusters(user):
            raise PermissionDenied
        serializer = HandoverInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cluster_id = data.pop("cluster")
        try:
            cluster = access.get_cluster_for_user(user, cluster_id, write=True)
        except Http404:
            raise ValidationError(
                {"cluster": [_("Không tìm thấy cụm thi đua có id %(id)s.") % {"id": cluster_id}]}
            ) from None
        handover = domain.handover_record(cluster=cluster, **data, by=user)
        return Response(HandoverOutputSerializer(handover).data, status=status.HTTP_201_CREATED)
