"""Serializers of the practices API (thidua/practices/api.py): the enums, the output of a
practice and its files, the input of every write and the list's filters."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.api.serializers import InputSerializer, enum_schema
from thidua.org.api import UnitBriefSerializer, UnitRefField
from thidua.org.models import Cluster
from thidua.practices.models import Practice, PracticeFile, PracticeKind, Visibility


@extend_schema_field(enum_schema(PracticeKind.choices), component_name="PracticeKind")
class PracticeKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=PracticeKind.choices, **kwargs)


@extend_schema_field(enum_schema(Visibility.choices), component_name="PracticeVisibility")
class VisibilityField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Visibility.choices, **kwargs)


class ClusterRefField(serializers.PrimaryKeyRelatedField[Cluster]):
    """A cluster-year given by its id; an unknown id is a 400 naming it."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("Không tìm thấy cụm thi đua có id {pk_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Cluster.objects.all(), **kwargs)


# ---------------------------------------------------------------------------------------
# Output


class PracticeClusterSerializer(serializers.Serializer[Cluster]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class PracticeFileSerializer(serializers.Serializer[PracticeFile]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, item: PracticeFile) -> str:
        return reverse("practices:file_download", args=[item.pk])


class PersonSerializer(serializers.Serializer[Practice]):
    name = serializers.CharField(source="person_name")
    rank = serializers.CharField(source="person_rank")
    position = serializers.CharField(source="person_position")


class PracticePermissionsSerializer(serializers.Serializer[Any]):
    can_edit = serializers.BooleanField()
    can_delete = serializers.BooleanField()
    can_publish = serializers.BooleanField()
    can_promote = serializers.BooleanField()
    can_unpublish = serializers.BooleanField()


class PracticeSerializer(serializers.Serializer[Practice]):
    id = serializers.IntegerField()
    kind = PracticeKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    description = serializers.CharField()
    results = serializers.CharField()
    unit = UnitBriefSerializer()
    person = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    cluster = PracticeClusterSerializer()
    visibility = VisibilityField()
    visibility_display = serializers.CharField(source="get_visibility_display")
    published_at = serializers.DateTimeField(allow_null=True)
    promoted_at = serializers.DateTimeField(allow_null=True)
    is_sample = serializers.BooleanField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    files = PracticeFileSerializer(many=True, source="files.all")

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_person(self, practice: Practice) -> dict[str, Any] | None:
        if not practice.person_name:
            return None
        return dict(PersonSerializer(practice).data)


class PracticeDetailSerializer(PracticeSerializer):
    permissions = serializers.SerializerMethodField()

    @extend_schema_field(PracticePermissionsSerializer)
    def get_permissions(self, practice: Practice) -> dict[str, bool]:
        return dict(self.context["permissions"])


# ---------------------------------------------------------------------------------------
# Input


class PracticeFilterSerializer(InputSerializer):
    search = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Words found in the title, texts, unit or person, with or without diacritics.",
    )  # fmt: skip
    kind = PracticeKindField(required=False)
    year = serializers.IntegerField(required=False)
    cluster = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)
    visibility = VisibilityField(required=False)


class PracticeInputSerializer(InputSerializer):
    kind = PracticeKindField()
    title = serializers.CharField(max_length=255)
    description = serializers.CharField()
    results = serializers.CharField(required=False, allow_blank=True, default="")
    unit = UnitRefField()
    cluster = ClusterRefField(help_text="The cluster-year (a member of it is the unit).")
    person_name = serializers.CharField(
        required=False, allow_blank=True, max_length=150, default=""
    )
    person_rank = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    person_position = serializers.CharField(
        required=False, allow_blank=True, max_length=150, default=""
    )


class PracticeUpdateInputSerializer(PracticeInputSerializer):
    """PATCH: any of the fields, and the version read."""

    version = serializers.IntegerField(min_value=1)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for name, field in fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty
        return fields


class PracticeVersionInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version read.")


class PracticeFileInputSerializer(InputSerializer):
    file = serializers.FileField()
    version = serializers.IntegerField(min_value=1)
