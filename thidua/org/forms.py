"""Forms of the organisation registry: they parse the input; the domain decides and saves.

Each form's `save()` calls one domain function. A ValidationError from the domain is put
back into the form (`submit`), on the field it names when the form has that field, so the
page shows it in Vietnamese beside the input and nothing is saved.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DateField, DomainForm
from thidua.org import domain
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Handover,
    LineageEvent,
    LineageKind,
    Membership,
    RoleKind,
    Unit,
    UnitKind,
)

T = TypeVar("T")

DATE_HELP = _("Dạng ngày/tháng/năm, ví dụ 01/07/2025.")


def _units() -> QuerySet[Unit]:
    return Unit.objects.order_by("sort_name", "code")


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("— Chọn đơn vị —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name or obj.name} ({obj.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name or obj.name} ({obj.code})"


# ---------------------------------------------------------------------------------------
# Units and lineage


class UnitForm(DomainForm):
    code = forms.CharField(label=_("Mã đơn vị"), max_length=30)
    name = forms.CharField(label=_("Tên đầy đủ"), max_length=255)
    short_name = forms.CharField(
        label=_("Tên ngắn"),
        max_length=100,
        required=False,
        help_text=_("Tên dùng trong danh sách, ví dụ “Tây Ninh”. Để trống thì dùng tên đầy đủ."),
    )
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    parent = UnitChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không có —"),
    )
    active_from = DateField(label=_("Hoạt động từ ngày"), required=False, help_text=DATE_HELP)
    active_to = DateField(
        label=_("Hoạt động đến ngày"),
        required=False,
        help_text=_("Để trống nếu đơn vị đang hoạt động."),
    )
    is_emulation_office = forms.BooleanField(
        label=_("Là cơ quan thường trực thi đua"),
        required=False,
        help_text=_(
            "Cơ quan cấu hình và quản lý các cụm thi đua (ví dụ Cục Công tác chính trị, PX03)."
        ),
    )

    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        if unit is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": unit.code,
                "name": unit.name,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "parent": unit.parent_id,
                "active_from": unit.active_from,
                "active_to": unit.active_to,
                "is_emulation_office": unit.is_emulation_office,
            }
        super().__init__(*args, **kwargs)
        self.unit = unit
        parents = _units()
        if unit is not None:
            parents = parents.exclude(pk=unit.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    def save(self) -> Unit:
        data = dict(self.cleaned_data)
        data["short_name"] = data["short_name"] or data["name"]
        if self.unit is None:
            return domain.unit_create(**data)
        # A copy: a refused change must not show up in the page around the form.
        return domain.unit_update(unit=copy.copy(self.unit), **data)


class LineageForm(DomainForm):
    kind = forms.ChoiceField(label=_("Loại thay đổi"), choices=LineageKind.choices)
    effective_date = DateField(label=_("Ngày hiệu lực"), help_text=DATE_HELP)
    sources = UnitMultipleChoiceField(
        label=_("Đơn vị trước thay đổi"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Các đơn vị chấm dứt hoạt động từ ngày hiệu lực. Giữ Ctrl để chọn nhiều."),
    )
    targets = UnitMultipleChoiceField(
        label=_("Đơn vị sau thay đổi"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "Đơn vị tiếp nhận (hợp nhất, đổi tên) hoặc các đơn vị mới (chia tách); "
            "để trống khi giải thể."
        ),
    )
    decision = forms.CharField(
        label=_("Căn cứ (quyết định, nghị quyết)"), max_length=255, required=False
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, by: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["sources"].queryset = _units()  # type: ignore[attr-defined]
        self.fields["targets"].queryset = _units()  # type: ignore[attr-defined]

    def save(self) -> LineageEvent:
        data = self.cleaned_data
        return domain.lineage_record(
            kind=data["kind"],
            effective_date=data["effective_date"],
            sources=list(data["sources"]),
            targets=list(data["targets"]),
            decision=data["decision"],
            note=data["note"],
            by=self.by,
        )


class ConstituentsForm(forms.Form):
    on = DateField(
        label=_("Tại ngày"),
        widget=forms.DateInput(
            attrs={
                "class": "form-control",
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        ),
    )


# ---------------------------------------------------------------------------------------
# Clusters


class ClusterForm(DomainForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Cấp"), choices=ClusterLevel.choices)
    province = UnitChoiceField(
        label=_("Công an tỉnh, thành phố"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không (cụm cấp Bộ) —"),
        help_text=_("Chỉ chọn với cụm cấp tỉnh."),
    )
    number = forms.IntegerField(label=_("Số cụm"), min_value=1, max_value=999)
    name = forms.CharField(
        label=_("Tên cụm"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ “Cụm thi đua Công an các tỉnh Đông Nam Bộ”."),
    )
    managing_office = UnitChoiceField(label=_("Cơ quan thường trực"), queryset=Unit.objects.none())
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        cluster: Cluster | None = None,
        office: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        """`office`: the managing office forced on an office user (the field is dropped)."""
        if cluster is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "number": cluster.number,
                "name": cluster.name,
                "managing_office": cluster.managing_office_id,
                "note": cluster.note,
            }
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        self.office = office
        if cluster is not None:
            # Year, level and province make the cluster what it is: not editable.
            for name in ("year", "level", "province"):
                del self.fields[name]
        else:
            self.fields["province"].queryset = _units().filter(  # type: ignore[attr-defined]
                kind=UnitKind.PROVINCIAL_POLICE
            )
        if office is not None:
            del self.fields["managing_office"]
        else:
            self.fields["managing_office"].queryset = _units().filter(  # type: ignore[attr-defined]
                is_emulation_office=True
            )

    def save(self) -> Cluster:
        data = self.cleaned_data
        office = self.office or data.get("managing_office")
        if self.cluster is None:
            assert office is not None
            return domain.cluster_create(
                year=data["year"],
                level=data["level"],
                province=data["province"],
                number=data["number"],
                name=data["name"],
                managing_office=office,
                note=data["note"],
            )
        changes: dict[str, Any] = {
            "number": data["number"],
            "name": data["name"],
            "note": data["note"],
        }
        if "managing_office" in data:
            changes["managing_office"] = data["managing_office"]
        return domain.cluster_update(cluster=copy.copy(self.cluster), **changes)


class MembershipAddForm(DomainForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    start_date = DateField(label=_("Từ ngày"), required=False)
    end_date = DateField(label=_("Đến ngày"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start_date": cluster.start, "end_date": cluster.end})
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        # Units active at some time in the cluster's year, not already members all year.
        active = Q(active_from__isnull=True) | Q(active_from__lte=cluster.end)
        active &= Q(active_to__isnull=True) | Q(active_to__gte=cluster.start)
        whole_year = Membership.objects.filter(
            cluster=cluster, start_date=cluster.start, end_date=cluster.end
        ).values("unit_id")
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            _units().filter(active).exclude(pk__in=whole_year)
        )

    def save(self) -> Membership:
        data = self.cleaned_data
        return domain.membership_add(
            cluster=self.cluster,
            unit=data["unit"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            note=data["note"],
        )


class MembershipEndForm(DomainForm):
    end_date = DateField(
        label=_("Là thành viên đến hết ngày"), help_text=_("Ngày cuối cùng đơn vị còn trong cụm.")
    )

    def __init__(self, *args: Any, membership: Membership, today: dt.date, **kwargs: Any) -> None:
        default = min(max(today, membership.start_date), membership.end_date)
        kwargs.setdefault("initial", {"end_date": default})
        super().__init__(*args, **kwargs)
        self.membership = membership

    def save(self) -> Membership:
        return domain.membership_end(
            membership=copy.copy(self.membership), end_date=self.cleaned_data["end_date"]
        )


class RoleAssignForm(DomainForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=RoleKind.choices)
    start_date = DateField(label=_("Từ ngày"), required=False)
    end_date = DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start_date": cluster.start, "end_date": cluster.end})
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        self.fields["unit"].queryset = _units().filter(  # type: ignore[attr-defined]
            pk__in=Membership.objects.filter(cluster=cluster).values("unit_id")
        )

    def save(self) -> ClusterRole:
        data = self.cleaned_data
        return domain.role_assign(
            cluster=self.cluster,
            unit=data["unit"],
            role=data["role"],
            start_date=data["start_date"],
            end_date=data["end_date"],
        )


class HandoverForm(DomainForm):
    head = UnitChoiceField(label=_("Cụm trưởng năm sau"), queryset=Unit.objects.none())
    deputy = UnitChoiceField(label=_("Cụm phó năm sau"), queryset=Unit.objects.none())
    conference_date = DateField(label=_("Ngày hội nghị tổng kết"), help_text=DATE_HELP)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        cluster: Cluster,
        candidates: Sequence[Unit],
        by: Any = None,
        **kwargs: Any,
    ) -> None:
        """`candidates`: next year's members (the plan when next year's cluster is not made)."""
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        self.by = by
        units = _units().filter(pk__in=[u.pk for u in candidates])
        self.fields["head"].queryset = units  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = units  # type: ignore[attr-defined]

    def save(self) -> Handover:
        data = self.cleaned_data
        return domain.handover_record(
            cluster=self.cluster,
            head=data["head"],
            deputy=data["deputy"],
            conference_date=data["conference_date"],
            note=data["note"],
            by=self.by,
        )


class NextYearForm(DomainForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên năm sau"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, cluster: Cluster, planned: Sequence[Unit], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"members": [u.pk for u in planned]})
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        self.fields["members"].queryset = _units().filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in planned]
        )

    def checked(self) -> set[int]:
        """The unit ids ticked: as submitted, or all of the plan at first."""
        if self.is_bound:
            values = self.data.getlist("members") if hasattr(self.data, "getlist") else []
            return {int(v) for v in values if str(v).isdigit()}
        return set(self.initial.get("members", []))

    def save(self) -> Cluster:
        return domain.cluster_start_next_year(
            cluster=self.cluster, members=list(self.cleaned_data["members"])
        )
