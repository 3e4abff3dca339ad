"""Forms of the conference pages: they parse the input; thidua.conferences.domain decides
and saves. A ValidationError from the domain goes back into the form (thidua.core.forms
`submit`), next to the field or the guest row it names, so nothing is half-saved and the
page says why in Vietnamese.

Guest rows are posted as parallel lists (`guest_id`, `guest_rank`, `guest_name`,
`guest_position`, `guest_organisation`), one entry per row in page order: adding a row
(HTMX) or moving one (conferences.js) needs no numbering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.conferences import domain
from thidua.conferences.models import (
    Attachment,
    AttachmentKind,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Outcome,
)
from thidua.core.forms import DateField, DomainForm
from thidua.org.models import Cluster, Unit

GUEST_FIELDS = ("rank", "name", "position", "organisation")
MAX_GUEST_ROWS = domain.MAX_GUESTS + 20


@dataclass
class GuestRow:
    """A guest row as the form shows it: what was typed and what is wrong with it."""

    id: str = ""
    rank: str = ""
    name: str = ""
    position: str = ""
    organisation: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not any(getattr(self, name).strip() for name in GUEST_FIELDS)

    def as_input(self) -> domain.GuestInput:
        return domain.GuestInput(
            id=int(self.id) if self.id.isdigit() else None,
            rank=self.rank,
            name=self.name,
            position=self.position,
            organisation=self.organisation,
        )


def posted_guest_rows(data: Any) -> list[GuestRow]:
    """The rows in page order; a list shorter than the others counts as blank cells."""
    lists = {name: data.getlist(f"guest_{name}") for name in ("id", *GUEST_FIELDS)}
    count = min(max((len(values) for values in lists.values()), default=0), MAX_GUEST_ROWS)
    rows = []
    for index in range(count):
        cell = {
            name: str(lists[name][index]) if index < len(lists[name]) else ""
            for name in ("id", *GUEST_FIELDS)
        }
        rows.append(
            GuestRow(
                id=cell["id"],
                rank=cell["rank"],
                name=cell["name"],
                position=cell["position"],
                organisation=cell["organisation"],
            )
        )
    return rows


def stored_guest_rows(conference: Conference) -> list[GuestRow]:
    return [
        GuestRow(
            id=str(g.pk),
            rank=g.rank,
            name=g.name,
            position=g.position,
            organisation=g.organisation,
        )
        for g in conference.guests.order_by("order", "id")
    ]


class TimeField(forms.TimeField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TimeInput(
                format="%H:%M",
                attrs={"placeholder": "hh:mm", "inputmode": "numeric", "autocomplete": "off"},
            ),
        )
        kwargs.setdefault("input_formats", ["%H:%M", "%Hh%M", "%Hh"])
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Giờ không hợp lệ: hãy nhập theo dạng hh:mm, ví dụ 14:00.")},
        )
        super().__init__(**kwargs)


class VersionField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Trang đã cũ: hãy tải lại trang rồi làm lại."),
                "invalid": _("Trang đã cũ: hãy tải lại trang rồi làm lại."),
            },
        )
        super().__init__(min_value=0, **kwargs)


def host_choices(cluster: Cluster, current: Unit | None = None) -> Any:
    """The cluster's members of the year and its office (and the host already chosen)."""
    condition = Q(memberships__cluster=cluster) | Q(pk=cluster.managing_office_id)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Unit.objects.filter(condition).distinct().order_by("sort_name", "code")


class ConferenceForm(DomainForm):
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ConferenceKind.choices)
    title = forms.CharField(
        label=_("Tên hội nghị"),
        max_length=255,
        required=False,
        help_text=_("Để trống: dùng tên thông dụng của loại hội nghị và năm."),
    )
    date = DateField(label=_("Ngày"))
    end_date = DateField(
        label=_("Đến ngày"), required=False, help_text=_("Chỉ khi hội nghị kéo dài nhiều ngày.")
    )
    start_time = TimeField(label=_("Giờ bắt đầu"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=ConferenceStatus.choices, initial=ConferenceStatus.PLANNED
    )
    place = forms.CharField(
        label=_("Địa điểm"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ “Hội trường Công an tỉnh Tây Ninh”."),
    )
    host_unit = forms.ModelChoiceField(
        label=_("Đơn vị đăng cai"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chưa xác định —"),
    )
    chair_rank = forms.CharField(label=_("Cấp hàm"), max_length=60, required=False)
    chair_name = forms.CharField(label=_("Họ tên người chủ trì"), max_length=150, required=False)
    chair_position = forms.CharField(
        label=_("Chức vụ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ “Giám đốc Công an tỉnh Tây Ninh”."),
    )
    agenda = forms.CharField(
        label=_("Chương trình"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nội dung."),
    )
    minutes = forms.CharField(
        label=_("Nội dung, kết luận của hội nghị"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        cluster: Cluster,
        by: Any,
        conference: Conference | None = None,
        **kwargs: Any,
    ) -> None:
        initial = kwargs.pop("initial", {}) or {}
        if conference is not None:
            initial = {
                **{name: getattr(conference, name) for name in domain.EDITABLE_FIELDS},
                "version": conference.version,
                **initial,
            }
        super().__init__(data, initial=initial, **kwargs)
        self.cluster = cluster
        self.by = by
        self.conference = conference
        if conference is not None:
            self.fields["version"] = VersionField()
            self.fields["reason"] = forms.CharField(
                label=_("Lý do sửa (ghi vào nhật ký)"),
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
        host = self.fields["host_unit"]
        assert isinstance(host, forms.ModelChoiceField)
        host.queryset = host_choices(cluster, conference.host_unit if conference else None)
        if data is not None:
            self.guest_rows = posted_guest_rows(data)
        elif conference is not None:
            self.guest_rows = stored_guest_rows(conference)
        else:
            self.guest_rows = []
        self._guest_index: list[int] = []

    def guest_inputs(self) -> list[domain.GuestInput]:
        """The rows with something typed in, remembering which row each one is."""
        self._guest_index = [i for i, row in enumerate(self.guest_rows) if not row.is_blank]
        return [self.guest_rows[i].as_input() for i in self._guest_index]

    def save(self) -> Conference:
        data: dict[str, Any] = {
            name: self.cleaned_data.get(name) for name in domain.EDITABLE_FIELDS
        }
        data.pop("chair_user", None)
        for name in ("title", "place", "chair_rank", "chair_name", "chair_position"):
            data[name] = data[name] or ""
        for name in ("agenda", "minutes", "note"):
            data[name] = data[name] or ""
        guests = self.guest_inputs()
        if self.conference is None:
            return domain.conference_create(cluster=self.cluster, by=self.by, guests=guests, **data)
        return domain.conference_update(
            conference=self.conference,
            by=self.by,
            expected_version=self.cleaned_data["version"],
            guests=guests,
            reason=self.cleaned_data.get("reason") or "",
            **data,
        )

    def add_domain_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            rest: dict[str, Any] = {}
            guest_problem = False
            for key, errors in error.error_dict.items():
                parts = key.split(".")
                if len(parts) == 3 and parts[0] == "guests" and parts[1].isdigit():
                    index = int(parts[1])
                    row = self._guest_index[index] if index < len(self._guest_index) else None
                    if row is not None:
                        self.guest_rows[row].errors.extend(
                            m for item in errors for m in item.messages
                        )
                        guest_problem = True
                        continue
                rest[key] = errors
            if guest_problem:
                self.add_error(None, _("Danh sách đại biểu có lỗi: xem từng dòng bên dưới."))
            if rest:
                super().add_domain_error(ValidationError(rest))
            return
        super().add_domain_error(error)


class AttachmentForm(DomainForm):
    kind = forms.ChoiceField(
        label=_("Loại tệp"), choices=AttachmentKind.choices, initial=AttachmentKind.PHOTO
    )
    file = forms.FileField(
        label=_("Tệp"),
        error_messages={
            "required": _("Hãy chọn một tệp để gửi."),
            "empty": _("Tệp gửi lên rỗng."),
            "invalid": _("Không đọc được tệp gửi lên."),
        },
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)
    version = VersionField()

    def __init__(self, *args: Any, conference: Conference, by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.by = by
        self.fields["file"].widget.attrs["accept"] = ".pdf,.doc,.docx,.jpg,.jpeg,.png"

    def save(self) -> Attachment:
        upload = self.cleaned_data["file"]
        return domain.attachment_add(
            conference=self.conference,
            by=self.by,
            expected_version=self.cleaned_data["version"],
            file=upload,
            name=upload.name or "",
            kind=self.cleaned_data["kind"],
            caption=self.cleaned_data.get("caption") or "",
        )


class OutcomeForm(DomainForm):
    """Choose one of the cluster-year's records this conference could have decided."""

    record = forms.ChoiceField(
        label=_("Việc đã quyết định tại hội nghị"),
        error_messages={
            "required": _("Hãy chọn giao ước, cuộc bỏ phiếu hoặc bàn giao."),
            "invalid_choice": _(
                "Việc đã chọn không ghi được cho hội nghị này (không thuộc cụm thi đua năm đó, "
                "hoặc đã được ghi ở hội nghị khác): hãy tải lại trang rồi chọn lại."
            ),
        },
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    version = VersionField()
    error_fields = {"covenant": "record", "vote": "record", "handover": "record"}

    def __init__(
        self,
        *args: Any,
        conference: Conference,
        candidates: domain.Candidates,
        by: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.by = by
        self.records: dict[str, tuple[str, Any]] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for kind, field_name, records in (
            (_("Giao ước đã ký"), "covenant", candidates.covenants),
            (_("Cuộc bỏ phiếu"), "vote", candidates.votes),
            (_("Bàn giao Cụm trưởng, Cụm phó"), "handover", candidates.handovers),
        ):
            options = []
            for record in records:
                key = f"{field_name}:{record.pk}"
                self.records[key] = (field_name, record)
                options.append((key, domain.record_label(record)))
            if options:
                groups.append((str(kind), options))
        choice = self.fields["record"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", _("— Chọn —")), *groups]

    def save(self) -> Outcome:
        field_name, record = self.records[self.cleaned_data["record"]]
        return domain.outcome_link(
            conference=self.conference,
            by=self.by,
            expected_version=self.cleaned_data["version"],
            note=self.cleaned_data.get("note") or "",
            **{field_name: record},
        )


class VersionForm(DomainForm):
    """A write that only needs the version the page showed (and maybe a reason)."""

    version = VersionField()
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


def form_errors(form: forms.Form) -> list[str]:
    """Every message of a small action form, for a flash message."""
    return [str(m) for errors in form.errors.values() for m in errors]
