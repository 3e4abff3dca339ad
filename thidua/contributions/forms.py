"""Input of the contributions pages: the fund form, a unit's row (pledge, payment, receipt),
adding a unit, closing a fund.

Amounts are typed as text ("150.000.000", "150000000") and parsed by the domain, the same
way for the pages and the API; a refused amount comes back on its field in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.contributions import domain
from thidua.contributions.models import Fund, Pledge
from thidua.core.forms import DateField, DomainForm
from thidua.engine.numbers import format_int_vi
from thidua.org.models import Cluster, Unit

DATE_HELP = _("Dạng ngày/tháng/năm, ví dụ 18/03/2024.")
AMOUNT_HELP = _("Số đồng, ví dụ 150.000.000 hoặc 150000000.")


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name or obj.name} ({obj.code})"


def amount_text(amount: Any) -> str:
    return "" if amount is None else format_int_vi(amount)


def amount_field(
    label: Any, *, required: bool = False, help_text: Any = AMOUNT_HELP
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=40,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class FundForm(DomainForm):
    title = forms.CharField(
        label=_("Mục đích"),
        max_length=255,
        help_text=_("Ví dụ “Xây nhà tình nghĩa cho cán bộ, chiến sĩ có hoàn cảnh khó khăn”."),
    )
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    beneficiary_name = forms.CharField(
        label=_("Người, nơi thụ hưởng"), max_length=255, required=False
    )
    beneficiary_rank = forms.CharField(label=_("Cấp bậc"), max_length=60, required=False)
    beneficiary_position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    beneficiary_unit = UnitChoiceField(
        label=_("Đơn vị của người thụ hưởng"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không —"),
    )
    target_amount = amount_field(_("Tổng số cần đóng góp (đồng)"))
    default_pledge = amount_field(
        _("Mức đóng góp mỗi đơn vị (đồng)"),
        help_text=_(
            "Ví dụ 20.000.000. Để trống thì tổng số được chia đều cho các đơn vị thành viên."
        ),
    )
    opened_on = DateField(label=_("Ngày phát động"), help_text=DATE_HELP)
    due_on = DateField(label=_("Hạn nộp"), required=False, help_text=DATE_HELP)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    pledge_members = forms.BooleanField(
        label=_("Lập sẵn dòng cam kết cho mọi đơn vị thành viên"), required=False, initial=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: Any, cluster: Cluster, fund: Fund | None = None, **kwargs: Any
    ) -> None:
        if fund is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": fund.title,
                "description": fund.description,
                "beneficiary_name": fund.beneficiary_name,
                "beneficiary_rank": fund.beneficiary_rank,
                "beneficiary_position": fund.beneficiary_position,
                "beneficiary_unit": fund.beneficiary_unit_id,
                "target_amount": amount_text(fund.target_amount),
                "default_pledge": amount_text(fund.default_pledge),
                "opened_on": fund.opened_on,
                "due_on": fund.due_on,
                "note": fund.note,
                "version": fund.version,
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self.cluster = cluster
        self.fund = fund
        self.fields["beneficiary_unit"].queryset = Unit.objects.order_by("sort_name", "code")  # type: ignore[attr-defined]
        if fund is not None:
            del self.fields["pledge_members"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fund is not None and data.get("version") is None:
            raise forms.ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        return data

    def _input(self) -> domain.FundInput:
        data = self.cleaned_data
        return domain.FundInput(
            cluster=self.cluster,
            title=data["title"],
            description=data["description"],
            beneficiary_name=data["beneficiary_name"],
            beneficiary_rank=data["beneficiary_rank"],
            beneficiary_position=data["beneficiary_position"],
            beneficiary_unit=data["beneficiary_unit"],
            target_amount=data["target_amount"],
            default_pledge=data["default_pledge"],
            opened_on=data["opened_on"],
            due_on=data["due_on"],
            note=data["note"],
        )

    def save(self) -> Fund:
        if self.fund is None:
            return domain.fund_create(
                data=self._input(),
                by=self.user,
                pledge_members=self.cleaned_data["pledge_members"],
            )
        return domain.fund_update(
            fund=self.fund,
            data=self._input(),
            by=self.user,
            expected_version=self.cleaned_data["version"],
        )


class PledgeForm(DomainForm):
    """One unit's row: the pledge (the cluster's officers only), the payment, the receipt."""

    pledged = amount_field(_("Cam kết (đồng)"), required=True, help_text="")
    paid = amount_field(_("Đã nộp (đồng)"), required=True, help_text="")
    paid_on = DateField(label=_("Ngày nộp"), required=False)
    receipt = forms.FileField(label=_("Chứng từ"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    confirm_overpay = forms.BooleanField(label=_("Xác nhận nộp vượt số cam kết"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    error_fields = {"receipt": "receipt"}

    def __init__(
        self, *args: Any, user: Any, pledge: Pledge, may_change_pledge: bool, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", f"pledge{pledge.pk}_%s")
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "pledged": amount_text(pledge.pledged),
                "paid": amount_text(pledge.paid),
                "paid_on": pledge.paid_on,
                "note": pledge.note,
                "version": pledge.version,
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self.pledge = pledge
        if not may_change_pledge:
            del self.fields["pledged"]
        self.fields["paid_on"].widget.attrs["placeholder"] = "dd/mm/yyyy"

    def save(self) -> Pledge:
        data = self.cleaned_data
        upload = data.get("receipt")
        return domain.pledge_record_payment(
            pledge=self.pledge,
            by=self.user,
            expected_version=data["version"],
            paid=data["paid"],
            paid_on=data["paid_on"],
            note=data["note"],
            receipt=domain.Upload(upload, upload.name or "") if upload else None,
            pledged=data.get("pledged"),
            confirm_overpay=data["confirm_overpay"],
        )


class PledgeAddForm(DomainForm):
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    pledged = amount_field(_("Cam kết (đồng)"), required=True, help_text="")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, fund: Fund, units: list[Unit], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"version": fund.version, "pledged": amount_text(fund.default_pledge)}
        )
        super().__init__(*args, **kwargs)
        self.user = user
        self.fund = fund
        choices = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("sort_name")
        self.fields["unit"].queryset = choices  # type: ignore[attr-defined]

    def save(self) -> Pledge:
        data = self.cleaned_data
        return domain.pledge_add(
            fund=self.fund,
            unit=data["unit"],
            pledged=data["pledged"],
            by=self.user,
            expected_version=data["version"],
        )


class CloseForm(forms.Form):
    closed_on = DateField(label=_("Ngày kết thúc"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def day(self) -> dt.date | None:
        return self.cleaned_data.get("closed_on")
