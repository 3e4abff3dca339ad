"""Serializers of the awards API (thidua/awards/api.py): explicit output shapes and the
input of every write. Every name starts with "Award" so that the schema's components do
not collide with other apps' ("Title" is the vote's)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.api.serializers import InputSerializer, date_field, enum_schema
from thidua.awards.models import (
    Award,
    GrantingLevel,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Recipient,
    Title,
    TitleKind,
    TitleRecipient,
)
from thidua.org.api import UnitBriefSerializer, UnitRefField
from thidua.org.models import Cluster

# Ids in filters stay within what every database's integer columns hold.
ID_MAX = 2**31 - 1


@extend_schema_field(enum_schema(TitleKind.choices), component_name="AwardTitleKind")
class TitleKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=TitleKind.choices, **kwargs)


@extend_schema_field(enum_schema(TitleRecipient.choices), component_name="AwardTitleRecipient")
class TitleRecipientField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=TitleRecipient.choices, **kwargs)


@extend_schema_field(enum_schema(GrantingLevel.choices), component_name="AwardGrantingLevel")
class GrantingLevelField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=GrantingLevel.choices, **kwargs)


@extend_schema_field(enum_schema(Recipient.choices), component_name="AwardRecipient")
class RecipientField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Recipient.choices, **kwargs)


@extend_schema_field(enum_schema(ProposalStatus.choices), component_name="AwardProposalStatus")
class ProposalStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ProposalStatus.choices, **kwargs)


@extend_schema_field(enum_schema(ProposalSource.choices), component_name="AwardProposalSource")
class ProposalSourceField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ProposalSource.choices, **kwargs)


class TitleRefField(serializers.PrimaryKeyRelatedField[Title]):
    default_error_messages = {
        "does_not_exist": gettext_lazy("Không tìm thấy danh hiệu có id {pk_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Title.objects.all(), **kwargs)


class ClusterRefField(serializers.PrimaryKeyRelatedField[Cluster]):
    default_error_messages = {
        "does_not_exist": gettext_lazy("Không tìm thấy cụm thi đua có id {pk_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Cluster.objects.all(), **kwargs)


# ---------------------------------------------------------------------------------------
# Output


class AwardTitleSerializer(serializers.Serializer[Title]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = TitleKindField()
    recipient = TitleRecipientField()
    level = GrantingLevelField()
    authority = serializers.CharField()
    granting_authority = serializers.CharField(help_text="The authority, else the level's name.")
    active = serializers.BooleanField()
    order = serializers.IntegerField()
    version = serializers.IntegerField()


class AwardTitleBriefSerializer(serializers.Serializer[Title]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = TitleKindField()


class AwardClusterSerializer(serializers.Serializer[Cluster]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class AwardPersonSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="person_name")
    rank = serializers.CharField(source="person_rank")
    position = serializers.CharField(source="person_position")


class AwardFileSerializer(serializers.Serializer[Award]):
    name = serializers.CharField(source="file_name")
    size = serializers.IntegerField(source="file_size")
    content_type = serializers.CharField(source="file_type")
    url = serializers.SerializerMethodField(help_text="Download (signed-in session).")

    def get_url(self, award: Award) -> str:
        return reverse("awards:award_file", args=[award.pk])


class AwardSerializer(serializers.Serializer[Award]):
    id = serializers.IntegerField()
    title = AwardTitleBriefSerializer()
    recipient = RecipientField()
    unit = UnitBriefSerializer()
    person = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    granting_authority = serializers.CharField()
    cluster = AwardClusterSerializer(allow_null=True)
    note = serializers.CharField()
    file = serializers.SerializerMethodField()
    is_sample = serializers.BooleanField()
    version = serializers.IntegerField()

    @extend_schema_field(AwardPersonSerializer(allow_null=True))
    def get_person(self, award: Award) -> dict[str, Any] | None:
        return AwardPersonSerializer(award).data if award.is_personal else None

    @extend_schema_field(AwardFileSerializer(allow_null=True))
    def get_file(self, award: Award) -> dict[str, Any] | None:
        return AwardFileSerializer(award).data if award.decision_file else None


class AwardCountRowSerializer(serializers.Serializer[Any]):
    cluster = AwardClusterSerializer(
        allow_null=True, help_text="null: awards of no cluster the user sees."
    )
    counts = serializers.ListField(
        child=serializers.IntegerField(), help_text="In the order of `titles`."
    )
    total = serializers.IntegerField()


class AwardCountsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    titles = AwardTitleBriefSerializer(many=True)
    rows = AwardCountRowSerializer(many=True)
    totals = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class AwardProposalPermissionsSerializer(serializers.Serializer[Any]):
    can_edit = serializers.BooleanField()
    can_submit = serializers.BooleanField()
    can_decide = serializers.BooleanField()


class AwardProposalSerializer(serializers.Serializer[Proposal]):
    id = serializers.IntegerField()
    cluster = AwardClusterSerializer()
    title = AwardTitleBriefSerializer()
    recipient = RecipientField()
    unit = UnitBriefSerializer()
    person = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    proposed_at = serializers.DateField()
    achievements = serializers.CharField()
    source = ProposalSourceField()  # type: ignore[assignment]
    vote = serializers.IntegerField(
        source="vote_proposal.vote_id", allow_null=True, default=None,
        help_text="The vote whose result this proposal carries.",
    )  # fmt: skip
    status = ProposalStatusField()
    submitted_at = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField()
    award = AwardSerializer(allow_null=True)
    is_sample = serializers.BooleanField()
    version = serializers.IntegerField()

    @extend_schema_field(AwardPersonSerializer(allow_null=True))
    def get_person(self, proposal: Proposal) -> dict[str, Any] | None:
        return AwardPersonSerializer(proposal).data if proposal.is_personal else None


class AwardProposalDetailSerializer(AwardProposalSerializer):
    permissions = AwardProposalPermissionsSerializer()


# ---------------------------------------------------------------------------------------
# Input


class AwardFilterSerializer(InputSerializer):
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    cluster = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    title = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    recipient = RecipientField(required=False)
    search = serializers.CharField(
        required=False, allow_blank=True, max_length=100,
        help_text="Words of the person's name, rank, position, the decision number or the unit; diacritics ignored.",
    )  # fmt: skip


class AwardCountsQuerySerializer(InputSerializer):
    year = serializers.IntegerField(min_value=1900, max_value=2999)


class AwardInputSerializer(InputSerializer):
    title = TitleRefField()
    recipient = RecipientField(required=False, default=Recipient.UNIT)
    unit = UnitRefField()
    person_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    person_rank = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    person_position = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    year = serializers.IntegerField()
    decision_number = serializers.CharField(max_length=100)
    decision_date = date_field()
    granting_authority = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    cluster = ClusterRefField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    file = serializers.FileField(required=False, help_text="The decision (multipart only).")


class AwardUpdateInputSerializer(InputSerializer):
    """Only what is sent changes; `version` and a `reason` are required."""

    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000)
    title = TitleRefField(required=False)
    recipient = RecipientField(required=False)
    unit = UnitRefField(required=False)
    person_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    person_rank = serializers.CharField(max_length=60, required=False, allow_blank=True)
    person_position = serializers.CharField(max_length=255, required=False, allow_blank=True)
    year = serializers.IntegerField(required=False)
    decision_number = serializers.CharField(max_length=100, required=False)
    decision_date = date_field(required=False)
    granting_authority = serializers.CharField(max_length=255, required=False, allow_blank=True)
    cluster = ClusterRefField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    file = serializers.FileField(required=False, help_text="A new decision file (multipart only).")
    remove_file = serializers.BooleanField(required=False, default=False)


class AwardTitleInputSerializer(InputSerializer):
    code = serializers.SlugField(max_length=30)
    name = serializers.CharField(max_length=255)
    kind = TitleKindField()
    recipient = TitleRecipientField()
    level = GrantingLevelField()
    authority = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    active = serializers.BooleanField(required=False, default=True)
    order = serializers.IntegerField(required=False, default=100, min_value=0, max_value=32767)


class AwardTitleUpdateInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    code = serializers.SlugField(max_length=30, required=False)
    name = serializers.CharField(max_length=255, required=False)
    kind = TitleKindField(required=False)
    recipient = TitleRecipientField(required=False)
    level = GrantingLevelField(required=False)
    authority = serializers.CharField(max_length=255, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)


class AwardProposalFilterSerializer(InputSerializer):
    cluster = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    status = ProposalStatusField(required=False)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)


class AwardProposalInputSerializer(InputSerializer):
    cluster = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="The cluster-year proposing."
    )
    title = TitleRefField()
    recipient = RecipientField(required=False, default=Recipient.UNIT)
    unit = UnitRefField()
    person_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    person_rank = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    person_position = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    proposed_at = date_field(required=False, help_text="Default: today.")
    achievements = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20000
    )


class AwardProposalUpdateInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    title = TitleRefField(required=False)
    recipient = RecipientField(required=False)
    unit = UnitRefField(required=False)
    person_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    person_rank = serializers.CharField(max_length=60, required=False, allow_blank=True)
    person_position = serializers.CharField(max_length=255, required=False, allow_blank=True)
    proposed_at = date_field(required=False)
    achievements = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class AwardProposalSubmitInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    submitted_at = date_field(required=False, help_text="Default: today.")


class AwardProposalGrantInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    decision_number = serializers.CharField(max_length=100)
    decision_date = date_field()
    granting_authority = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    file = serializers.FileField(required=False, help_text="The decision (multipart only).")


class AwardProposalRejectInputSerializer(InputSerializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=5000)
