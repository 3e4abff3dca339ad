"""Forms of the awards pages: they parse the input; the domain decides and saves.

A ValidationError from the domain goes back into the form (thidua.core.forms.submit), on
the field it names, so the page shows it in Vietnamese and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.awards import domain
from thidua.awards.domain.awards import AWARD_FIELDS
from thidua.awards.models import (
    Award,
    GrantingLevel,
    Proposal,
    ProposalStatus,
    Recipient,
    Title,
    TitleKind,
    TitleRecipient,
)
from thidua.core.forms import DateField, DomainForm
from thidua.org.models import Cluster, Unit

YEAR_ERRORS = {
    "invalid": _("Năm phải là một số nguyên, ví dụ 2024."),
    "min_value": _("Năm không hợp lệ."),
    "max_value": _("Năm không hợp lệ."),
    "required": _("Hãy nhập năm thành tích."),
}


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1900,
        max_value=2999,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class TitleChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ClusterChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = f" – {obj.name}" if obj.name else ""
        return f"{obj}{name}"


def _choice_errors(label: Any) -> dict[str, Any]:
    return {"invalid_choice": label, "required": label}


# ---------------------------------------------------------------------------------------
# Filters


class _FilterForm(forms.Form):
    """A list's filters over the clusters the user may read; a value that is not valid is
    ignored (the list shows all)."""

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cluster"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clusters.order_by("-year", "level", "number")
        for bound in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(bound.widget, forms.Select)
                else "form-control form-control-sm"
            )
            bound.widget.attrs["class"] = css

    def _valid_data(self) -> dict[str, Any]:
        """The fields that are valid."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class AwardFilterForm(_FilterForm):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1900, max_value=2999)
    cluster = forms.ModelChoiceField(
        label=_("Cụm"), queryset=Cluster.objects.none(), required=False, empty_label=_("Mọi cụm")
    )
    title = forms.ModelChoiceField(
        label=_("Danh hiệu"),
        queryset=Title.objects.all(),
        required=False,
        empty_label=_("Mọi danh hiệu"),
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.all(), required=False, empty_label=_("Mọi đơn vị")
    )
    recipient = forms.ChoiceField(
        label=pgettext_lazy("recipient", "Đối tượng"),
        choices=[("", _("Tập thể và cá nhân")), *Recipient.choices],
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        data = self._valid_data()
        return {
            "search": data.get("q") or "",
            "year": data.get("year"),
            "cluster": data.get("cluster"),
            "title": data.get("title"),
            "unit": data.get("unit"),
            "recipient": data.get("recipient") or None,
        }


class ProposalFilterForm(_FilterForm):
    cluster = forms.ModelChoiceField(
        label=_("Cụm"), queryset=Cluster.objects.none(), required=False, empty_label=_("Mọi cụm")
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1900, max_value=2999)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("Mọi trạng thái")), *ProposalStatus.choices],
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        data = self._valid_data()
        return {
            "cluster": data.get("cluster"),
            "year": data.get("year"),
            "status": data.get("status") or None,
        }


# ---------------------------------------------------------------------------------------
# The catalogue


class TitleForm(DomainForm):
    code = forms.SlugField(
        label=_("Mã"),
        max_length=30,
        help_text=_("Chữ thường không dấu, ví dụ “co-bo”; bỏ phiếu bình xét dùng mã này."),
        error_messages={"invalid": _("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.")},
    )
    name = forms.CharField(label=_("Tên danh hiệu, hình thức"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=TitleKind.choices)
    recipient = forms.ChoiceField(label=_("Tặng cho"), choices=TitleRecipient.choices)
    level = forms.ChoiceField(label=_("Cấp quyết định"), choices=GrantingLevel.choices)
    authority = forms.CharField(
        label=_("Người, cơ quan quyết định (ghi trên quyết định)"), max_length=255, required=False
    )
    order = forms.IntegerField(
        label=_("Thứ tự"), min_value=0, max_value=32767, initial=100,
        error_messages={"invalid": _("Thứ tự là một số nguyên.")},
    )  # fmt: skip
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)
    version = _version_field()

    def __init__(self, *args: Any, by: Any, title: Title | None = None, **kwargs: Any) -> None:
        if title is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": title.code, "name": title.name, "kind": title.kind,
                "recipient": title.recipient, "level": title.level, "authority": title.authority,
                "order": title.order, "active": title.active, "version": title.version,
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.by = by
        self.title = title

    def save(self) -> Title:
        data = dict(self.cleaned_data)
        version = data.pop("version", None)
        if self.title is None:
            return domain.title_create(**data, by=self.by)
        return domain.title_update(title=self.title, by=self.by, expected_version=version, **data)


# ---------------------------------------------------------------------------------------
# Awards


class AwardForm(DomainForm):
    """Record or correct an award. The person's fields are dropped for a collective."""

    title = TitleChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng"), queryset=Title.objects.none(),
        empty_label=_("— Chọn —"), error_messages=_choice_errors(_("Hãy chọn danh hiệu, hình thức.")),
    )  # fmt: skip
    recipient = forms.ChoiceField(
        label=_("Khen thưởng cho"), choices=Recipient.choices, widget=forms.RadioSelect,
        initial=Recipient.UNIT,
    )  # fmt: skip
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —"),
        help_text=_("Đơn vị được khen, hoặc đơn vị công tác của cá nhân."),
        error_messages=_choice_errors(_("Hãy chọn đơn vị.")),
    )  # fmt: skip
    person_name = forms.CharField(label=_("Họ và tên cá nhân"), max_length=150, required=False)
    person_rank = forms.CharField(
        label=_("Cấp bậc"), max_length=60, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Thượng tá")}),
    )  # fmt: skip
    person_position = forms.CharField(
        label=_("Chức vụ"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Trưởng phòng Cảnh sát hình sự")}),
    )  # fmt: skip
    year = _year_field(label=_("Năm thành tích"))
    decision_number = forms.CharField(
        label=_("Số quyết định"), max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 123/QĐ-BCA")}),
    )  # fmt: skip
    decision_date = DateField(label=_("Ngày quyết định"))
    granting_authority = forms.CharField(
        label=_("Cấp quyết định"), max_length=255, required=False,
        help_text=_("Để trống: theo danh mục (ví dụ “Thủ tướng Chính phủ”)."),
    )  # fmt: skip
    cluster = ClusterChoiceField(
        label=_("Cụm thi đua"), queryset=Cluster.objects.none(), required=False,
        empty_label=_("— Theo cụm của đơn vị năm đó —"),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(
        label=_("Tệp quyết định (PDF, Word, ảnh)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt,.jpg,.jpeg,.png"}),
    )  # fmt: skip

    def __init__(
        self, *args: Any, by: Any, clusters: Any, award: Award | None = None, **kwargs: Any
    ) -> None:
        if award is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": award.title_id, "recipient": award.recipient, "unit": award.unit_id,
                "person_name": award.person_name, "person_rank": award.person_rank,
                "person_position": award.person_position, "year": award.year,
                "decision_number": award.decision_number, "decision_date": award.decision_date,
                "granting_authority": award.granting_authority, "cluster": award.cluster_id,
                "note": award.note,
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.by = by
        self.award = award
        title_field = self.fields["title"]
        assert isinstance(title_field, forms.ModelChoiceField)
        current = award.title if award is not None else None
        title_field.queryset = Title.objects.filter(
            pk__in=[t.pk for t in domain.titles_for(include=current)]
        )
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.order_by("sort_name", "code")
        cluster_field = self.fields["cluster"]
        assert isinstance(cluster_field, forms.ModelChoiceField)
        cluster_field.queryset = clusters.order_by("-year", "level", "number")
        if award is not None:
            self.fields["reason"] = forms.CharField(
                label=_("Lý do sửa (lưu trong lịch sử)"), max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": _("Hãy nêu lý do sửa khen thưởng.")},
            )  # fmt: skip
            self.fields["version"] = _version_field()
            self.fields["remove_file"] = forms.BooleanField(
                label=_("Gỡ tệp quyết định hiện có"), required=False
            )
            self.initial.setdefault("version", award.version)
            self._apply_classes()

    def _apply_classes(self) -> None:
        for name in ("reason",):
            widget = self.fields[name].widget
            widget.attrs["class"] = (widget.attrs.get("class", "") + " form-control").strip()
        widget = self.fields["remove_file"].widget
        widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recipient") == Recipient.UNIT:
            # A collective: whatever was typed for a person is not part of it.
            for name in ("person_name", "person_rank", "person_position"):
                data[name] = ""
        return data

    def save(self) -> Award:
        data = dict(self.cleaned_data)
        upload = data.pop("file", None)
        fields = {name: data[name] for name in AWARD_FIELDS}
        file_kwargs = {"file": upload, "file_name": upload.name} if upload else {}
        if self.award is None:
            return domain.award_create(**fields, **file_kwargs, by=self.by)
        return domain.award_update(
            award=self.award,
            by=self.by,
            expected_version=data.get("version"),
            reason=data.get("reason", ""),
            remove_file=bool(data.get("remove_file")),
            **file_kwargs,
            **fields,
        )


class ReasonForm(DomainForm):
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nêu lý do.")},
    )  # fmt: skip
    version = _version_field()


# ---------------------------------------------------------------------------------------
# Proposals


class ProposalForm(DomainForm):
    title = TitleChoiceField(
        label=_("Danh hiệu, hình thức đề nghị"), queryset=Title.objects.none(),
        empty_label=_("— Chọn —"), error_messages=_choice_errors(_("Hãy chọn danh hiệu, hình thức.")),
    )  # fmt: skip
    recipient = forms.ChoiceField(
        label=_("Đề nghị cho"), choices=Recipient.choices, widget=forms.RadioSelect,
        initial=Recipient.UNIT,
    )  # fmt: skip
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —"),
        error_messages=_choice_errors(_("Hãy chọn đơn vị trong cụm.")),
    )  # fmt: skip
    person_name = forms.CharField(label=_("Họ và tên cá nhân"), max_length=150, required=False)
    person_rank = forms.CharField(label=_("Cấp bậc"), max_length=60, required=False)
    person_position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    proposed_at = DateField(label=_("Ngày đề nghị"))
    achievements = forms.CharField(
        label=_("Tóm tắt thành tích"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    version = _version_field()

    def __init__(
        self,
        *args: Any,
        by: Any,
        cluster: Cluster,
        units: Any,
        proposal: Proposal | None = None,
        **kwargs: Any,
    ) -> None:
        if proposal is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": proposal.title_id, "recipient": proposal.recipient,
                "unit": proposal.unit_id, "person_name": proposal.person_name,
                "person_rank": proposal.person_rank, "person_position": proposal.person_position,
                "proposed_at": proposal.proposed_at, "achievements": proposal.achievements,
                "version": proposal.version,
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.by = by
        self.cluster = cluster
        self.proposal = proposal
        title_field = self.fields["title"]
        assert isinstance(title_field, forms.ModelChoiceField)
        current = proposal.title if proposal is not None else None
        title_field.queryset = Title.objects.filter(
            pk__in=[t.pk for t in domain.titles_for(include=current)]
        )
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        if proposal is not None:
            units = Unit.objects.filter(
                pk__in=[*units.values_list("pk", flat=True), proposal.unit_id]
            )
        unit_field.queryset = units.order_by("sort_name", "code")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recipient") == Recipient.UNIT:
            for name in ("person_name", "person_rank", "person_position"):
                data[name] = ""
        return data

    def save(self) -> Proposal:
        data = dict(self.cleaned_data)
        version = data.pop("version", None)
        if self.proposal is None:
            return domain.proposal_create(cluster=self.cluster, **data, by=self.by)
        return domain.proposal_update(
            proposal=self.proposal, by=self.by, expected_version=version, **data
        )


class SubmitForm(DomainForm):
    submitted_at = DateField(label=_("Ngày trình Hội đồng"), required=False)
    version = _version_field()


class GrantForm(DomainForm):
    decision_number = forms.CharField(
        label=_("Số quyết định"), max_length=100,
        error_messages={"required": _("Hãy nhập số quyết định.")},
    )  # fmt: skip
    decision_date = DateField(
        label=_("Ngày quyết định"), error_messages={
            "required": _("Hãy nhập ngày quyết định."),
            "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025."),
        },
    )  # fmt: skip
    granting_authority = forms.CharField(label=_("Cấp quyết định"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("Tệp quyết định"), required=False)
    version = _version_field()
