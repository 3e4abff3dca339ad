"""Input of the practices pages: the library's filters, the practice form, file uploads.

A form's `save()` calls one domain function; the domain's ValidationError goes back on the
field it names (thidua.core.forms.submit), so the page shows it beside the input and
nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DomainForm
from thidua.org import access as org_access
from thidua.org.models import Cluster, Unit
from thidua.practices import access, domain
from thidua.practices.models import Practice, PracticeKind, Visibility
from thidua.voting.access import clusters_runnable_by


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name or obj.name} ({obj.code})"


class LibraryFilterForm(forms.Form):
    """The library's search box and filters; a value that does not parse is ignored."""

    q = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *PracticeKind.choices])
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    cluster = forms.IntegerField(required=False, min_value=1)
    unit = forms.IntegerField(required=False, min_value=1)
    visibility = forms.ChoiceField(required=False, choices=[("", ""), *Visibility.choices])

    def values(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "year": data.get("year"),
            "cluster_id": data.get("cluster"),
            "unit_id": data.get("unit"),
            "visibility": data.get("visibility") or "",
        }


def units_for_new_practice(user: Any) -> QuerySet[Unit]:
    """The members of the clusters the user runs, and the user's own unit."""
    if org_access.is_admin(user):
        return Unit.objects.order_by("sort_name", "code")
    condition = Q(memberships__cluster__in=clusters_runnable_by(user))
    if user.unit_id is not None:
        condition |= Q(pk=user.unit_id)
    return Unit.objects.filter(condition).distinct().order_by("sort_name", "code")


class PracticeForm(DomainForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=PracticeKind.choices)
    title = forms.CharField(
        label=_("Tên điển hình, mô hình"),
        max_length=255,
        help_text=_("Ví dụ “Mô hình dân vận khéo trong vận động quần chúng tố giác tội phạm”."),
    )
    cluster = forms.ModelChoiceField(
        label=_("Cụm thi đua (năm)"), queryset=Cluster.objects.none(), empty_label=None
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    person_name = forms.CharField(
        label=_("Họ và tên (điển hình cá nhân)"), max_length=150, required=False
    )
    person_rank = forms.CharField(label=_("Cấp bậc"), max_length=60, required=False)
    person_position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    description = forms.CharField(
        label=_("Nội dung, cách làm"), widget=forms.Textarea(attrs={"rows": 6})
    )
    results = forms.CharField(
        label=_("Kết quả, hiệu quả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("Tệp kèm theo"),
        required=False,
        help_text=_("PDF, Word, Excel, ảnh hoặc .zip; có thể thêm tệp khác sau."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: Any, practice: Practice | None = None, **kwargs: Any
    ) -> None:
        if practice is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": practice.kind,
                "title": practice.title,
                "cluster": practice.cluster_id,
                "unit": practice.unit_id,
                "person_name": practice.person_name,
                "person_rank": practice.person_rank,
                "person_position": practice.person_position,
                "description": practice.description,
                "results": practice.results,
                "version": practice.version,
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self.practice = practice
        clusters = access.clusters_for_new_practice(user)
        units = units_for_new_practice(user)
        if practice is not None:
            # The current ones stay choosable even for a user who could not pick them anew.
            clusters = Cluster.objects.filter(
                Q(pk__in=clusters.values("pk")) | Q(pk=practice.cluster_id)
            )
            units = Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=practice.unit_id))
            del self.fields["file"]
        self.fields["cluster"].queryset = clusters.order_by("-year", "level", "number")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units.order_by("sort_name", "code")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.practice is not None and data.get("version") is None:
            raise forms.ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        return data

    def _input(self) -> domain.PracticeInput:
        data = self.cleaned_data
        return domain.PracticeInput(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            results=data["results"],
            unit=data["unit"],
            cluster=data["cluster"],
            person_name=data["person_name"],
            person_rank=data["person_rank"],
            person_position=data["person_position"],
        )

    def save(self) -> Practice:
        if self.practice is None:
            upload = self.cleaned_data.get("file")
            files = [domain.Upload(upload, upload.name or "")] if upload else []
            return domain.practice_create(data=self._input(), by=self.user, files=files)
        return domain.practice_update(
            practice=self.practice,
            data=self._input(),
            by=self.user,
            expected_version=self.cleaned_data["version"],
        )


class FileForm(forms.Form):
    file = forms.FileField(label=_("Tệp kèm theo"))
    version = forms.IntegerField(widget=forms.HiddenInput)
