"""JSON API of covenants: list, detail with the criteria tree and targets, creation, new
criteria and signatures; the indicator library and the movements.

Thin views, in the style of thidua.org.api: an explicit input serializer parses, the
accessors of thidua.covenants.access authorise, thidua.covenants.domain writes, an output
serializer shapes the answer. The domain's ValidationErrors (Vietnamese) and the engine's
TargetErrors come out in the common error format of thidua.api.errors, never as a 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.api.pagination import Pagination
from thidua.api.serializers import InputSerializer, date_field, enum_schema, errors
from thidua.covenants import access, domain
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionIndicator,
    CriterionKind,
    Indicator,
    Movement,
    MovementKind,
    Signature,
    UnitTarget,
)
from thidua.engine import targets
from thidua.engine.targets import Target, TargetError
from thidua.engine.text import sort_key
from thidua.org import access as org_access
from thidua.org.api import ClusterLevelField, UnitBriefSerializer, UnitRefField
from thidua.org.models import Cluster, Membership, Unit


def _points(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=8, decimal_places=2, **kwargs)


# Each enum is its own named schema component (as in thidua.org.api), so that enums of
# different apps sharing a field name ("kind", "status") do not collide in the schema.


@extend_schema_field(enum_schema(MovementKind.choices), component_name="MovementKind")
class MovementKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MovementKind.choices, **kwargs)


@extend_schema_field(enum_schema(CovenantStatus.choices), component_name="CovenantStatus")
class CovenantStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CovenantStatus.choices, **kwargs)


@extend_schema_field(enum_schema(CriterionKind.choices), component_name="CriterionKind")
class CriterionKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CriterionKind.choices, **kwargs)


@extend_schema_field(enum_schema(domain.Shape.CHOICES), component_name="TargetShape")
class TargetShapeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=domain.Shape.CHOICES, **kwargs)


_ENGINE_KINDS = [
    ("at_least", "AtLeast"),
    ("at_most", "AtMost"),
    ("rate_at_least", "RateAtLeast"),
    ("full_coverage", "FullCoverage"),
    ("change", "Change"),
    ("all_of", "AllOf"),
]


@extend_schema_field(enum_schema(_ENGINE_KINDS), component_name="EngineTargetKind")
class EngineTargetKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=_ENGINE_KINDS, **kwargs)


# ---------------------------------------------------------------------------------------
# Output serializers


class MovementBriefSerializer(serializers.Serializer[Movement]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()


class MovementOutputSerializer(serializers.Serializer[Movement]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = MovementKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    year = serializers.IntegerField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    launched_by = UnitBriefSerializer(allow_null=True)
    description = serializers.CharField()
    is_sample = serializers.BooleanField()


class IndicatorOutputSerializer(serializers.Serializer[Indicator]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    unit_vi = serializers.CharField()
    unit_en = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    is_rate = serializers.BooleanField()
    numerator_vi = serializers.CharField()
    numerator_en = serializers.CharField()
    denominator_vi = serializers.CharField()
    denominator_en = serializers.CharField()
    short_vi = serializers.CharField()
    short_en = serializers.CharField()
    coverage_vi = serializers.CharField()
    coverage_en = serializers.CharField()
    event_vi = serializers.CharField()
    event_en = serializers.CharField()
    is_sample = serializers.BooleanField()


class CovenantClusterSerializer(serializers.Serializer[Cluster]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    level = ClusterLevelField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    managing_office = serializers.IntegerField(source="managing_office_id")


class CovenantSummarySerializer(serializers.Serializer[Covenant]):
    id = serializers.IntegerField()
    cluster = CovenantClusterSerializer()
    year = serializers.IntegerField()
    movement = MovementBriefSerializer()
    theme = serializers.CharField()
    status = CovenantStatusField()
    status_display = serializers.CharField(source="get_status_display")
    signing_date = serializers.DateField(allow_null=True)
    signing_place = serializers.CharField()
    host_unit = UnitBriefSerializer(allow_null=True)
    scale = _points()
    document_number = serializers.CharField()
    version = serializers.IntegerField(
        help_text="Send it back as `expected_version`: a change made meanwhile is refused."
    )
    signature_count = serializers.IntegerField()
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    def get_docx_url(self, covenant: Covenant) -> str:
        return reverse("covenants:covenant_docx", args=[covenant.pk])

    def get_pdf_url(self, covenant: Covenant) -> str:
        return reverse("covenants:covenant_pdf", args=[covenant.pk])


class TargetOutputSerializer(serializers.Serializer[Any]):
    stored = serializers.DictField(
        help_text="The engine's stored form (docs/engine-targets.md), measure included."
    )
    sentence_vi = serializers.CharField()
    sentence_en = serializers.CharField()
    error = serializers.CharField(
        allow_null=True, help_text="Why a stored target cannot be read; null when it can."
    )


class UnitTargetOutputSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    target = TargetOutputSerializer(
        allow_null=True, help_text="The unit's own target; null: the unit has no target here."
    )


def _target_out(data: Any) -> dict[str, Any] | None:
    if data is None:
        return None
    try:
        return {
            "stored": data,
            "sentence_vi": domain.target_sentence(data, "vi"),
            "sentence_en": domain.target_sentence(data, "en"),
            "error": None,
        }
    except TargetError as exc:
        # A stored target that no longer reads is shown as such, not as a server error.
        return {
            "stored": data,
            "sentence_vi": "",
            "sentence_en": "",
            "error": domain.target_error_message(exc),
        }


class CriterionOutputSerializer(serializers.Serializer[domain.Node]):
    """A criterion of the tree, with its children; reads a domain.Node."""

    id = serializers.IntegerField(source="criterion.pk")
    # The metaclass moves declared fields off the class, so "parent" does not really shadow
    # Field.parent at runtime; the stubs do not know it.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="criterion.parent_id", allow_null=True
    )
    position = serializers.IntegerField(source="criterion.position")
    code = serializers.CharField(source="criterion.code")
    title = serializers.CharField(source="criterion.title")
    kind = CriterionKindField(source="criterion.kind")
    kind_display = serializers.CharField(source="criterion.get_kind_display")
    max_points = _points(source="criterion.max_points")
    settings = serializers.DictField(source="criterion.settings")
    indicators = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    unit_targets = serializers.SerializerMethodField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["children"] = CriterionOutputSerializer(many=True)
        return fields

    def get_indicators(self, node: domain.Node) -> list[str]:
        """Codes of the library indicators the criterion measures, in order."""
        return [link.indicator.code for link in node.criterion.criterionindicator_set.all()]

    @extend_schema_field(
        TargetOutputSerializer(
            allow_null=True, help_text="The common target of a quantitative criterion."
        )
    )
    def get_target(self, node: domain.Node) -> dict[str, Any] | None:
        return _target_out(node.criterion.target)

    @extend_schema_field(UnitTargetOutputSerializer(many=True))
    def get_unit_targets(self, node: domain.Node) -> Any:
        own = sorted(node.criterion.unit_targets.all(), key=lambda t: t.unit.sort_name)
        rows = [{"unit": t.unit, "target": _target_out(t.target)} for t in own]
        return UnitTargetOutputSerializer(rows, many=True).data


class SignatureBriefSerializer(serializers.Serializer[Signature]):
    id = serializers.IntegerField()
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    signed_on = serializers.DateField()


class MemberOutputSerializer(serializers.Serializer[Any]):
    unit = UnitBriefSerializer()
    signature = SignatureBriefSerializer(allow_null=True)


class CovenantPermissionsSerializer(serializers.Serializer[Any]):
    can_edit = serializers.BooleanField()
    signable_units = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the units the user may sign for."
    )


class CovenantDetailSerializer(CovenantSummarySerializer):
    tie_break = serializers.CharField()
    created_from = serializers.IntegerField(source="created_from_id", allow_null=True)
    total_points = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    @extend_schema_field(_points())
    def get_total_points(self, covenant: Covenant) -> str:
        total = sum((node.criterion.max_points for node in self.context["tree"]), start=0)
        return f"{total:.2f}"

    @extend_schema_field(CriterionOutputSerializer(many=True))
    def get_criteria(self, covenant: Covenant) -> Any:
        return CriterionOutputSerializer(self.context["tree"], many=True).data

    @extend_schema_field(MemberOutputSerializer(many=True))
    def get_members(self, covenant: Covenant) -> Any:
        return MemberOutputSerializer(self.context["members"], many=True).data

    @extend_schema_field(CovenantPermissionsSerializer)
    def get_permissions(self, covenant: Covenant) -> Any:
        return CovenantPermissionsSerializer(self.context["permissions"]).data


class CriterionCreatedSerializer(serializers.Serializer[Any]):
    criterion = CriterionOutputSerializer()
    covenant_version = serializers.IntegerField()


class SignatureOutputSerializer(serializers.Serializer[Signature]):
    id = serializers.IntegerField()
    covenant = serializers.IntegerField(source="covenant_id")
    unit = UnitBriefSerializer()
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    signed_on = serializers.DateField()
    recorded_by = serializers.IntegerField(source="recorded_by_id", allow_null=True)
    recorded_at = serializers.DateTimeField()
    covenant_status = CovenantStatusField(
        source="covenant.status", help_text="`signed` once every member has signed."
    )


# ---------------------------------------------------------------------------------------
# Input serializers


class CovenantFilterSerializer(InputSerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    cluster = serializers.IntegerField(required=False, help_text="A cluster id.")


class MovementFilterSerializer(InputSerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class CovenantCreateInputSerializer(InputSerializer):
    cluster = serializers.IntegerField(help_text="The cluster-year the covenant is for.")
    movement = serializers.PrimaryKeyRelatedField(
        queryset=Movement.objects.all(),
        required=False,
        help_text="Required, unless `copy_from` is given (its movement is then kept).",
    )
    copy_from = serializers.IntegerField(
        required=False,
        help_text=(
            "Start from this covenant (last year's, or another cluster's): its tree, settings "
            "and targets are copied, reduction baselines move with the year."
        ),
    )
    theme = serializers.CharField(required=False, allow_blank=True)
    signing_date = date_field(required=False, allow_null=True)
    signing_place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    host_unit = UnitRefField(required=False, allow_null=True)
    scale = _points(required=False, help_text="1000 unless given.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "movement" not in attrs and "copy_from" not in attrs:
            raise serializers.ValidationError(
                {"movement": [_("Hãy chọn phong trào thi đua (hoặc giao ước để sao chép).")]}
            )
        return attrs


class TargetSpecSerializer(InputSerializer):
    """A target built from the indicator library, as the covenant editor builds it."""

    shape = TargetShapeField()
    indicators = serializers.ListField(
        child=serializers.CharField(),
        min_length=1,
        help_text="Indicator codes; several only for `reduce_all`.",
    )
    number = serializers.CharField(
        required=False,
        allow_null=True,
        help_text='N, p% or the lower bound: 90, "7.5" or "7,5".',
    )
    max_number = serializers.CharField(
        required=False, allow_null=True, help_text="The upper bound of a range (5–10%)."
    )
    baseline_year = serializers.IntegerField(
        required=False, allow_null=True, help_text="For reduce, increase and reduce_all."
    )
    subject_vi = serializers.CharField(required=False, allow_blank=True)
    subject_en = serializers.CharField(required=False, allow_blank=True)

    def validate_indicators(self, codes: list[str]) -> list[Indicator]:
        found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise serializers.ValidationError(
                _("Không tìm thấy chỉ số có mã %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return [found[code] for code in codes]


class EngineTargetSerializer(serializers.Serializer[Any]):
    """The engine's stored form, as the detail returns it in `stored`."""

    version = serializers.IntegerField(help_text="1")
    kind = EngineTargetKindField(
        help_text="The other keys depend on the kind: see docs/engine-targets.md."
    )


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="TargetInput",
        serializers=[EngineTargetSerializer, TargetSpecSerializer],
        resource_type_field_name=None,
    )
)
class TargetInputField(serializers.JSONField):
    """Either the engine's stored form ({"version", "kind", …}) or a TargetSpec ({"shape", …})."""


class CriterionCreateInputSerializer(InputSerializer):
    parent = serializers.IntegerField(  # type: ignore[assignment]  # see CriterionOutputSerializer
        required=False,
        allow_null=True,
        help_text="A group criterion of this covenant; null: a root.",
    )
    code = serializers.CharField(max_length=20, help_text="I, 1, 1.1 …")
    title = serializers.CharField()
    kind = CriterionKindField()
    max_points = _points(min_value=0)
    settings = serializers.DictField(
        required=False,
        help_text=(
            'direct: {"per_occurrence": "5"}; bonus_penalty: {"items": [{"label", "points"}]}; '
            'rank_points: {"table": ["60", "45", …]}.'
        ),
    )
    target = TargetInputField(required=False, allow_null=True)
    indicators = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Indicator codes to link; by default those of a TargetSpec.",
    )
    expected_version = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Required once the covenant is signed."
    )

    def validate_parent(self, value: int | None) -> Criterion | None:
        if value is None:
            return None
        covenant: Covenant = self.context["covenant"]
        parent = Criterion.objects.filter(covenant=covenant, pk=value).first()
        if parent is None:
            raise serializers.ValidationError(
                _("Không tìm thấy tiêu chí có id %(id)s trong giao ước này.") % {"id": value}
            )
        return parent

    def validate_settings(self, value: dict[str, Any]) -> dict[str, Any]:
        # The domain reads these shapes; anything else is refused here with a message.
        items = value.get("items", [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise serializers.ValidationError(
                _("“items” phải là danh sách các mục {“label”, “points”}.")
            )
        table = value.get("table", [])
        if not isinstance(table, list) or not all(isinstance(p, str | int) for p in table):
            raise serializers.ValidationError(_("“table” phải là danh sách số điểm."))
        each = value.get("per_occurrence")
        if isinstance(each, list | dict | bool):
            raise serializers.ValidationError(_("“per_occurrence” phải là một số."))
        return value

    def validate_indicators(self, codes: list[str]) -> list[Indicator]:
        return TargetSpecSerializer().validate_indicators(codes)

    def validate_target(self, value: Any) -> dict[str, Any] | None:
        """A Target under "target", with the indicators of a TargetSpec under "indicators"."""
        if value is None:
            return None
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Chỉ tiêu phải là một đối tượng JSON."))
        if "shape" not in value:
            try:
                return {"target": targets.target_from_dict(value), "indicators": None}
            except TargetError as exc:
                raise serializers.ValidationError(domain.target_error_message(exc)) from exc
        spec = TargetSpecSerializer(data=value)
        spec.is_valid(raise_exception=True)
        data = spec.validated_data
        try:
            target = domain.build_target(
                shape=data["shape"],
                indicators=data["indicators"],
                number=data.get("number"),
                max_number=data.get("max_number"),
                baseline_year=data.get("baseline_year"),
                subject_vi=data.get("subject_vi", ""),
                subject_en=data.get("subject_en", ""),
            )
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return {"target": target, "indicators": data["indicators"]}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        built = attrs.pop("target", None)
        target: Target | None = built["target"] if built else None
        linked: Sequence[Indicator] | None = attrs.pop("indicators", None)
        if linked is None and built and built["indicators"] is not None:
            linked = built["indicators"]
        attrs["target"] = target
        attrs["indicators"] = list(linked or [])
        attrs.setdefault("parent", None)
        return attrs


class SignInputSerializer(InputSerializer):
    unit = UnitRefField(help_text="The member unit that signs.")
    signer_name = serializers.CharField(max_length=150)
    signer_title = serializers.CharField(max_length=150, help_text="Giám đốc, Cục trưởng …")
    signed_on = date_field()


# ---------------------------------------------------------------------------------------
# Reads used only by this interface


def _covenants_for_output(covenants: QuerySet[Covenant]) -> QuerySet[Covenant]:
    return (
        covenants.select_related("cluster", "movement", "host_unit")
        .annotate(signature_count=Count("signatures"))
        .order_by("-cluster__year", "cluster__level", "cluster__number", "pk")
    )


def _criteria_for_output() -> tuple[Prefetch[Any], Prefetch[Any]]:
    return (
        Prefetch("unit_targets", queryset=UnitTarget.objects.select_related("unit")),
        Prefetch(
            "criterionindicator_set",
            queryset=CriterionIndicator.objects.select_related("indicator"),
        ),
    )


def _detail_response(
    request: Request, covenant: Covenant, code: int = status.HTTP_200_OK
) -> Response:
    covenant = _covenants_for_output(Covenant.objects.filter(pk=covenant.pk)).get()
    tree = domain.criteria_tree(covenant)
    signatures = {s.unit_id: s for s in Signature.objects.filter(covenant=covenant)}
    members = [
        {"unit": unit, "signature": signatures.get(unit.pk)}
        for unit in domain.required_signers(covenant)
    ]
    permissions = {
        "can_edit": access.can_edit_covenant(request.user, covenant),
        "signable_units": [u.pk for u in access.signable_units(request.user, covenant)],
    }
    context = {"tree": tree, "members": members, "permissions": permissions}
    return Response(CovenantDetailSerializer(covenant, context=context).data, status=code)


def _paginated(
    view: APIView, request: Request, items: QuerySet[Any] | Sequence[Any], out: type[Any]
) -> Response:
    paginator = Pagination()
    page = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(out(page, many=True).data)


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


# ---------------------------------------------------------------------------------------
# Views


class CovenantListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[CovenantFilterSerializer],
        responses={200: CovenantSummarySerializer(many=True), **errors(400)},
        description=(
            "Covenants of the clusters whose internal data the user may read: its own "
            "unit's clusters, those its emulation office manages; all for administrators."
        ),
    )
    def get(self, request: Request) -> Response:
        filters = CovenantFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        covenants = access.covenants_visible_to(request.user)
        if "year" in filters.validated_data:
            covenants = covenants.filter(cluster__year=filters.validated_data["year"])
        if "cluster" in filters.validated_data:
            covenants = covenants.filter(cluster_id=filters.validated_data["cluster"])
        return _paginated(
            self, request, _covenants_for_output(covenants), CovenantSummarySerializer
        )

    @extend_schema(
        request=CovenantCreateInputSerializer,
        responses={201: CovenantDetailSerializer, **errors(400, 403)},
        description=(
            "The cluster's managing office, its head or deputy, or an administrator creates "
            "the covenant, empty or as a copy (`copy_from`)."
        ),
    )
    def post(self, request: Request) -> Response:
        user = request.user
        serializer = CovenantCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cluster_id = data.pop("cluster")
        cluster = org_access.clusters_visible_to(user).filter(pk=cluster_id).first()
        if cluster is None:
            raise _field_error(
                "cluster", _("Không tìm thấy cụm thi đua có id %(id)s.") % {"id": cluster_id}
            )
        if not access.can_create_covenant(user, cluster):
            raise PermissionDenied
        source_id = data.pop("copy_from", None)
        if source_id is None:
            covenant = domain.covenant_create(cluster=cluster, **data)
            return _detail_response(request, covenant, status.HTTP_201_CREATED)
        source = (
            access.covenants_visible_to(user).select_related("cluster").filter(pk=source_id).first()
        )
        if source is None:
            raise _field_error(
                "copy_from", _("Không tìm thấy giao ước có id %(id)s.") % {"id": source_id}
            )
        # The copy and the fields given with it stand or fall together.
        with transaction.atomic():
            covenant = domain.covenant_copy(
                source=source, cluster=cluster, movement=data.pop("movement", None)
            )
            if data:
                covenant = domain.covenant_update(covenant=covenant, **data)
        return _detail_response(request, covenant, status.HTTP_201_CREATED)


class CovenantDetailApi(APIView):
    @extend_schema(
        responses={200: CovenantDetailSerializer, **errors(404)},
        description=(
            "The covenant with its criteria tree (children nested), each quantitative "
            "criterion's common target and the units' own targets, as stored and as "
            "sentences in Vietnamese and English; the members and their signatures."
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        covenant = access.get_covenant_for_user(request.user, pk)
        return _detail_response(request, covenant)


class CriterionCreateApi(APIView):
    @extend_schema(
        request=CriterionCreateInputSerializer,
        responses={201: CriterionCreatedSerializer, **errors(400, 403, 404)},
        description=(
            "Add a criterion to the tree. The target is either the engine's stored form or "
            "a TargetSpec built from the indicator library. The managing office, the "
            "cluster's head or deputy and administrators only."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        covenant = access.get_covenant_for_user(request.user, pk, write=True)
        serializer = CriterionCreateInputSerializer(
            data=request.data, context={"covenant": covenant}
        )
        serializer.is_valid(raise_exception=True)
        try:
            criterion = domain.criterion_add(covenant=covenant, **serializer.validated_data)
        except TargetError as exc:
            raise _field_error("target", domain.target_error_message(exc)) from exc
        criterion = Criterion.objects.prefetch_related(*_criteria_for_output()).get(pk=criterion.pk)
        version = Covenant.objects.values_list("version", flat=True).get(pk=covenant.pk)
        data = {"criterion": domain.Node(criterion), "covenant_version": version}
        return Response(CriterionCreatedSerializer(data).data, status=status.HTTP_201_CREATED)


class CovenantSignApi(APIView):
    @extend_schema(
        request=SignInputSerializer,
        responses={201: SignatureOutputSerializer, **errors(400, 403, 404)},
        description=(
            "Record a member unit's signature. A unit's leader signs for the unit; the "
            "managing office and the cluster's head or deputy record any member's signature."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        covenant = access.get_covenant_for_user(request.user, pk)
        allowed = access.signable_units(request.user, covenant)
        if not allowed:
            raise PermissionDenied
        serializer = SignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit: Unit = data.pop("unit")
        if unit.pk not in {u.pk for u in allowed}:
            if Membership.objects.filter(cluster_id=covenant.cluster_id, unit=unit).exists():
                raise PermissionDenied
            raise _field_error(
                "unit",
                _("%(unit)s không phải thành viên của cụm nên không ký giao ước này.")
                % {"unit": unit},
            )
        signature = domain.covenant_sign(covenant=covenant, unit=unit, by=request.user, **data)
        signature = Signature.objects.select_related("unit", "covenant").get(pk=signature.pk)
        return Response(SignatureOutputSerializer(signature).data, status=status.HTTP_201_CREATED)


class IndicatorListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        responses={200: IndicatorOutputSerializer(many=True)},
        description="The shared indicator library, by Vietnamese name.",
    )
    def get(self, request: Request) -> Response:
        # A small library: sorted here in Vietnamese order (Đ after D, tones after letters).
        indicators = sorted(Indicator.objects.all(), key=lambda i: (sort_key(i.name_vi), i.code))
        return _paginated(self, request, indicators, IndicatorOutputSerializer)


class MovementListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[MovementFilterSerializer],
        responses={200: MovementOutputSerializer(many=True), **errors(400)},
        description="Emulation movements, newest year first.",
    )
    def get(self, request: Request) -> Response:
        filters = MovementFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        movements = Movement.objects.select_related("launched_by").order_by("-year", "name", "pk")
        if "year" in filters.validated_data:
            movements = movements.filter(year=filters.validated_data["year"])
        return _paginated(self, request, movements, MovementOutputSerializer)
