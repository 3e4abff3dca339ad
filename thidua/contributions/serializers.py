"""Serializers of the contributions API (thidua/contributions/api.py).

Amounts go out as strings of whole đồng ("150000000") with a Vietnamese display beside
them ("150.000.000 đ"); they come in as JSON integers or strings, "150000000" or
"150.000.000", parsed by the domain (thidua.contributions.domain.parse_amount) so that
the pages and the API accept and refuse the same amounts with the same messages.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.api.serializers import InputSerializer, date_field, enum_schema
from thidua.contributions.domain import FundSummary, Totals, format_vnd
from thidua.contributions.models import Fund, FundStatus, Pledge
from thidua.org.api import UnitBriefSerializer, UnitRefField


@extend_schema_field(enum_schema(FundStatus.choices), component_name="FundStatus")
class FundStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=FundStatus.choices, **kwargs)


@extend_schema_field(
    {
        "oneOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
        "description": 'Whole đồng: 150000000, "150000000" or "150.000.000".',
    }
)
class AmountInputField(serializers.Field[Any, Any, Any, Any]):
    """Passed to the domain as given; the domain parses it and names what is wrong."""

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _amount(value: Any) -> str | None:
    return None if value is None else str(int(value))


# ---------------------------------------------------------------------------------------
# Output


class FundTotalsSerializer(serializers.Serializer[Totals]):
    pledged = serializers.SerializerMethodField()
    paid = serializers.SerializerMethodField()
    outstanding = serializers.SerializerMethodField()
    overpaid = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()

    def get_pledged(self, totals: Totals) -> str:
        return str(int(totals.pledged))

    def get_paid(self, totals: Totals) -> str:
        return str(int(totals.paid))

    def get_outstanding(self, totals: Totals) -> str:
        return str(int(totals.outstanding))

    def get_overpaid(self, totals: Totals) -> str:
        return str(int(totals.overpaid))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_progress(self, totals: Totals) -> str | None:
        """Percent paid of the target (or of the pledges without one), two decimals."""
        return None if totals.progress is None else str(totals.progress)

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_display(self, totals: Totals) -> dict[str, str]:
        return {
            "pledged": format_vnd(totals.pledged),
            "paid": format_vnd(totals.paid),
            "outstanding": format_vnd(totals.outstanding),
        }


class PledgeSerializer(serializers.Serializer[Pledge]):
    id = serializers.IntegerField()
    unit = UnitBriefSerializer()
    pledged = serializers.SerializerMethodField()
    paid = serializers.SerializerMethodField()
    outstanding = serializers.SerializerMethodField()
    paid_on = serializers.DateField(allow_null=True)
    receipt = serializers.SerializerMethodField()
    note = serializers.CharField()
    version = serializers.IntegerField()

    def get_pledged(self, pledge: Pledge) -> str:
        return str(int(pledge.pledged))

    def get_paid(self, pledge: Pledge) -> str:
        return str(int(pledge.paid))

    def get_outstanding(self, pledge: Pledge) -> str:
        return str(int(pledge.outstanding))

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_receipt(self, pledge: Pledge) -> dict[str, Any] | None:
        if not pledge.receipt:
            return None
        return {
            "name": pledge.receipt_name,
            "size": pledge.receipt_size,
            "url": reverse("contributions:receipt_download", args=[pledge.pk]),
        }


class FundBeneficiarySerializer(serializers.Serializer[Fund]):
    name = serializers.CharField(source="beneficiary_name")
    rank = serializers.CharField(source="beneficiary_rank")
    position = serializers.CharField(source="beneficiary_position")
    unit = UnitBriefSerializer(source="beneficiary_unit", allow_null=True)


class FundClusterSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class FundSerializer(serializers.Serializer[FundSummary]):
    """A fund, its pledges and totals (read from a domain FundSummary)."""

    id = serializers.IntegerField(source="fund.id")
    cluster = FundClusterSerializer(source="fund.cluster")
    year = serializers.IntegerField(source="fund.year")
    title = serializers.CharField(source="fund.title")
    description = serializers.CharField(source="fund.description")
    beneficiary = FundBeneficiarySerializer(source="fund")
    target_amount = serializers.SerializerMethodField()
    default_pledge = serializers.SerializerMethodField()
    opened_on = serializers.DateField(source="fund.opened_on")
    due_on = serializers.DateField(source="fund.due_on", allow_null=True)
    closed_on = serializers.DateField(source="fund.closed_on", allow_null=True)
    status = FundStatusField(source="fund.status")
    note = serializers.CharField(source="fund.note")
    is_sample = serializers.BooleanField(source="fund.is_sample")
    version = serializers.IntegerField(source="fund.version")
    totals = FundTotalsSerializer()
    pledges = PledgeSerializer(many=True)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_target_amount(self, summary: FundSummary) -> str | None:
        return _amount(summary.fund.target_amount)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_default_pledge(self, summary: FundSummary) -> str | None:
        return _amount(summary.fund.default_pledge)


# ---------------------------------------------------------------------------------------
# Input


class FundFilterSerializer(InputSerializer):
    year = serializers.IntegerField(required=False)
    cluster = serializers.IntegerField(required=False)
    status = FundStatusField(required=False)


class FundInputSerializer(InputSerializer):
    cluster = serializers.IntegerField(help_text="The cluster-year the fund belongs to.")
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    beneficiary_name = serializers.CharField(
        required=False, allow_blank=True, max_length=255, default=""
    )
    beneficiary_rank = serializers.CharField(
        required=False, allow_blank=True, max_length=60, default=""
    )
    beneficiary_position = serializers.CharField(
        required=False, allow_blank=True, max_length=150, default=""
    )
    beneficiary_unit = UnitRefField(required=False, allow_null=True, default=None)
    target_amount = AmountInputField(required=False, allow_null=True, default=None)
    default_pledge = AmountInputField(required=False, allow_null=True, default=None)
    opened_on = date_field()
    due_on = date_field(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    pledge_members = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Create a pledge for every member (the default pledge, or the target shared).",
    )


class FundUpdateInputSerializer(FundInputSerializer):
    """PATCH: any of the fields (not the cluster), and the version read."""

    version = serializers.IntegerField(min_value=1)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        del fields["cluster"]
        del fields["pledge_members"]
        for name, field in fields.items():
            if name != "version":
                field.required = False
                field.default = serializers.empty
        return fields


class FundVersionInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version read.")


class FundCloseInputSerializer(FundVersionInputSerializer):
    closed_on = date_field(required=False, allow_null=True, default=None)


class PledgeAddInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The fund's version read.")
    unit = UnitRefField()
    pledged = AmountInputField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PledgePaymentInputSerializer(InputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The pledge's version read.")
    paid = AmountInputField(help_text="What the unit has paid in all so far.")
    paid_on = date_field(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    pledged = AmountInputField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A new pledge (cluster officers and the office only).",
    )
    confirm_overpay = serializers.BooleanField(
        required=False, default=False, help_text="Confirms a payment above the pledge."
    )
    receipt = serializers.FileField(required=False, help_text="Multipart only.")
