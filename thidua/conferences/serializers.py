"""Serializers of the conferences API (thidua/conferences/api.py): explicit shapes out, and
the input of every write. The domain judges the input's meaning (dates, hosts, outcomes);
these only parse it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.api.serializers import InputSerializer, date_field, enum_schema
from thidua.conferences import domain
from thidua.conferences.models import (
    Attachment,
    AttachmentKind,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Guest,
    Outcome,
    OutcomeKind,
)
from thidua.org.api import UnitBriefSerializer, UnitRefField

# Each enum is its own named schema component, as in the other apps, so that enums sharing
# a field name ("kind", "status") do not collide in the schema.


@extend_schema_field(enum_schema(ConferenceKind.choices), component_name="ConferenceKind")
class ConferenceKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ConferenceKind.choices, **kwargs)


@extend_schema_field(enum_schema(ConferenceStatus.choices), component_name="ConferenceStatus")
class ConferenceStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ConferenceStatus.choices, **kwargs)


@extend_schema_field(enum_schema(AttachmentKind.choices), component_name="ConferenceAttachmentKind")
class AttachmentKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=AttachmentKind.choices, **kwargs)


@extend_schema_field(enum_schema(OutcomeKind.choices), component_name="ConferenceOutcomeKind")
class OutcomeKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=OutcomeKind.choices, **kwargs)


# ---------------------------------------------------------------------------------------
# Output


class ConferenceClusterSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class ConferenceChairSerializer(serializers.Serializer[Conference]):
    rank = serializers.CharField(source="chair_rank")
    name = serializers.CharField(source="chair_name")
    position = serializers.CharField(source="chair_position")
    user = serializers.IntegerField(source="chair_user_id", allow_null=True)
    line = serializers.CharField(
        source="chair_line", help_text="“Thiếu tướng Nguyễn Văn Thuận, Giám đốc …”."
    )


class ConferenceGuestSerializer(serializers.Serializer[Guest]):
    id = serializers.IntegerField()
    rank = serializers.CharField()
    name = serializers.CharField()
    position = serializers.CharField()
    organisation = serializers.CharField()
    order = serializers.IntegerField()
    line = serializers.CharField(
        help_text="As reports name the guest: “Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng …”."
    )


class ConferenceOutcomeSerializer(serializers.Serializer[Outcome]):
    id = serializers.IntegerField()
    kind = OutcomeKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    covenant = serializers.IntegerField(source="covenant_id", allow_null=True)
    vote = serializers.IntegerField(source="vote_id", allow_null=True)
    handover = serializers.IntegerField(source="handover_id", allow_null=True)
    record_name = serializers.SerializerMethodField()
    record_date = serializers.SerializerMethodField(
        help_text="The day the linked record says it happened."
    )
    note = serializers.CharField()

    def get_record_name(self, outcome: Outcome) -> str:
        return domain.record_label(outcome.record)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_record_date(self, outcome: Outcome) -> str | None:
        day = domain.outcome_day(outcome)
        return day.isoformat() if day else None


class ConferenceAttachmentSerializer(serializers.Serializer[Attachment]):
    id = serializers.IntegerField()
    kind = AttachmentKindField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    caption = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="Streamed to those who may read it.")

    def get_url(self, attachment: Attachment) -> str:
        return reverse("conferences:attachment_file", args=[attachment.pk])


class ConferenceSerializer(serializers.Serializer[Conference]):
    id = serializers.IntegerField()
    cluster = ConferenceClusterSerializer()
    kind = ConferenceKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    start_time = serializers.TimeField(allow_null=True, format="%H:%M")
    place = serializers.CharField()
    host_unit = UnitBriefSerializer(allow_null=True)
    chair = ConferenceChairSerializer(source="*")
    status = ConferenceStatusField()
    status_display = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField(help_text="Send it back with every write.")
    is_sample = serializers.BooleanField()
    guests = ConferenceGuestSerializer(many=True, source="guests.all")
    outcomes = ConferenceOutcomeSerializer(many=True, source="outcomes.all")


class ConferenceDetailSerializer(ConferenceSerializer):
    agenda = serializers.CharField()
    minutes = serializers.CharField()
    note = serializers.CharField()
    attachments = ConferenceAttachmentSerializer(many=True, source="attachments.all")
    notices = serializers.SerializerMethodField(
        help_text="Linked records whose own date differs from the conference's."
    )
    can_edit = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_notices(self, conference: Conference) -> list[str]:
        return domain.outcome_notices(conference)

    def get_can_edit(self, conference: Conference) -> bool:
        return bool(self.context.get("can_edit", False))


# ---------------------------------------------------------------------------------------
# Input


class ConferenceFilterSerializer(InputSerializer):
    cluster = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    kind = ConferenceKindField(required=False)


class GuestInputSerializer(InputSerializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="A stored guest of this conference to keep."
    )
    rank = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    name = serializers.CharField(max_length=150)
    position = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=255, default=""
    )

    def to_guest(self, data: dict[str, Any]) -> domain.GuestInput:
        return domain.GuestInput(
            id=data.get("id"),
            rank=data.get("rank", ""),
            name=data["name"],
            position=data.get("position", ""),
            organisation=data.get("organisation", ""),
        )


class ChairUserField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    default_error_messages = {
        "does_not_exist": gettext_lazy("Không tìm thấy người dùng có id {pk_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=get_user_model().objects.all(), **kwargs)


def _text(limit: int) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=limit)


class _ConferenceFieldsSerializer(InputSerializer):
    """The conference's own fields, all optional here."""

    kind = ConferenceKindField(required=False)
    title = _text(255)
    date = date_field(required=False)
    end_date = date_field(required=False, allow_null=True)
    start_time = serializers.TimeField(
        required=False, allow_null=True, input_formats=["%H:%M", "%H:%M:%S"]
    )
    place = _text(255)
    host_unit = UnitRefField(required=False, allow_null=True)
    chair_rank = _text(60)
    chair_name = _text(150)
    chair_position = _text(255)
    chair_user = ChairUserField(required=False, allow_null=True)
    agenda = _text(20_000)
    minutes = _text(50_000)
    note = _text(5_000)
    status = ConferenceStatusField(required=False)
    guests = GuestInputSerializer(
        many=True, required=False, help_text="Replaces the list; the order given is kept."
    )

    def conference_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        for name in ("version", "reason", "guests", "cluster"):
            data.pop(name, None)
        return data

    def guest_inputs(self) -> list[domain.GuestInput] | None:
        if "guests" not in self.validated_data:
            return None
        child = GuestInputSerializer()
        return [child.to_guest(item) for item in self.validated_data["guests"]]


class ConferenceCreateInputSerializer(_ConferenceFieldsSerializer):
    cluster = serializers.IntegerField(min_value=1, help_text="The cluster-year's id.")
    kind = ConferenceKindField()
    date = date_field()


class ConferenceUpdateInputSerializer(_ConferenceFieldsSerializer):
    version = serializers.IntegerField(min_value=0, help_text="The version you read.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class OutcomeInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=0)
    covenant = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    vote = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    handover = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class VersionQuerySerializer(InputSerializer):
    version = serializers.IntegerField(min_value=0)
