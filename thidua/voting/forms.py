"""Forms of the vote: they parse the input; the domain decides and saves.

A ValidationError from the domain goes back into the form (`submit`), on the field it
names when the form has one, so the page shows it in Vietnamese and nothing is saved.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DomainForm
from thidua.org.models import Cluster, Unit
from thidua.voting import domain
from thidua.voting.models import PaperTally, Vote, VoteMethod

T = TypeVar("T")

DATE_WIDGET = forms.DateInput(
    attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
)
STRICT_CHOICES = [
    ("strict", _("vượt quá (>)")),
    ("inclusive", _("đạt ít nhất (≥)")),
]


class DayTimeInput(forms.DateTimeInput):
    """A time typed as dd/mm/yyyy hh:mm, like every date of the application."""

    def __init__(self) -> None:
        super().__init__(
            format="%d/%m/%Y %H:%M",
            attrs={
                "placeholder": "dd/mm/yyyy hh:mm",
                "inputmode": "numeric",
                "autocomplete": "off",
            },
        )


class ClusterChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        name = f" – {obj.name}" if obj.name else ""
        return f"{obj}{name}"


def _count_field(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=999,
        error_messages={
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số phiếu không được âm."),
            "max_value": _("Số quá lớn."),
            "required": _("Hãy nhập số phiếu (0 nếu không có)."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


# ---------------------------------------------------------------------------------------
# Creating and configuring


class VoteCreateForm(DomainForm):
    cluster = ClusterChoiceField(
        label=_("Cụm thi đua"),
        queryset=Cluster.objects.none(),
        empty_label=_("— Chọn cụm thi đua —"),
    )
    conference_date = forms.DateField(
        label=_("Ngày hội nghị"),
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy.")},
    )
    conference_place = forms.CharField(
        label=_("Địa điểm hội nghị"),
        max_length=255,
        help_text=_("Ví dụ “Hội trường Công an tỉnh Tây Ninh”."),
    )
    method = forms.ChoiceField(
        label=_("Hình thức"), choices=VoteMethod.choices, initial=VoteMethod.ELECTRONIC
    )

    def __init__(self, *args: Any, clusters: Any, by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        field = self.fields["cluster"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clusters.order_by("-year", "level", "number")

    def save(self) -> Vote:
        data = self.cleaned_data
        return domain.vote_create(
            cluster=data["cluster"],
            conference_date=data["conference_date"],
            conference_place=data["conference_place"],
            method=data["method"],
            by=self.by,
        )


class VoteSettingsForm(DomainForm):
    """The vote's settings; fields that the vote's state no longer allows are not shown."""

    name = forms.CharField(label=_("Tên cuộc bỏ phiếu"), max_length=255)
    method = forms.ChoiceField(label=_("Hình thức"), choices=VoteMethod.choices)
    conference_date = forms.DateField(
        label=_("Ngày hội nghị"),
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy.")},
    )
    conference_place = forms.CharField(label=_("Địa điểm hội nghị"), max_length=255)
    locality = forms.CharField(
        label=_("Địa danh ghi trên biên bản"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ “Tây Ninh” trong dòng “Tây Ninh, ngày … tháng … năm …”."),
    )
    opens_at = forms.DateTimeField(
        label=_("Bắt đầu nhận phiếu"),
        required=False,
        widget=DayTimeInput(),
        help_text=_("Dạng 23/11/2024 14:30. Để trống: nhận phiếu ngay khi mở."),
        error_messages={"invalid": _("Thời điểm không hợp lệ: hãy nhập dạng dd/mm/yyyy hh:mm.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Hết giờ nhận phiếu"),
        required=False,
        widget=DayTimeInput(),
        help_text=_("Màn hình hội nghị đếm ngược đến giờ này. Để trống: đến khi kết thúc."),
        error_messages={"invalid": _("Thời điểm không hợp lệ: hãy nhập dạng dd/mm/yyyy hh:mm.")},
    )
    approval_strict = forms.ChoiceField(label=_("Số phiếu phải"), choices=STRICT_CHOICES)
    approval_numerator = forms.IntegerField(label=_("Tử số"), min_value=0, max_value=100)
    approval_denominator = forms.IntegerField(label=_("Mẫu số"), min_value=1, max_value=100)
    quorum_strict = forms.ChoiceField(label=_("Số phiếu thu vào phải"), choices=STRICT_CHOICES)
    quorum_numerator = forms.IntegerField(label=_("Tử số"), min_value=0, max_value=100)
    quorum_denominator = forms.IntegerField(label=_("Mẫu số"), min_value=1, max_value=100)
    committee = forms.CharField(
        label=_("Ban kiểm phiếu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một người: họ tên – chức vụ, đơn vị. Dòng đầu là Trưởng ban."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, vote: Vote, by: Any, **kwargs: Any) -> None:
        self.vote = vote
        self.by = by
        self.titles = list(vote.titles.all())
        initial = {
            "name": vote.name,
            "method": vote.method,
            "conference_date": vote.conference_date,
            "conference_place": vote.conference_place,
            "locality": vote.locality,
            "opens_at": vote.opens_at,
            "closes_at": vote.closes_at,
            "approval_strict": "strict" if vote.approval_strict else "inclusive",
            "approval_numerator": vote.approval_numerator,
            "approval_denominator": vote.approval_denominator,
            "quorum_strict": "strict" if vote.quorum_strict else "inclusive",
            "quorum_numerator": vote.quorum_numerator,
            "quorum_denominator": vote.quorum_denominator,
            "committee": vote.committee,
            "note": vote.note,
        }
        code_of = {t.pk: t.code for t in self.titles}
        for title in self.titles:
            initial[f"title_{title.code}_name"] = title.name
            initial[f"title_{title.code}_quota"] = title.quota
            initial[f"title_{title.code}_requires"] = code_of.get(title.requires_id or 0, "")
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.editable = domain.editable_fields(vote)
        self.titles_editable = vote.is_draft
        if self.titles_editable:
            for title in self.titles:
                others = [("", _("Không"))] + [(t.code, t.name) for t in self.titles if t != title]
                self.fields[f"title_{title.code}_name"] = forms.CharField(
                    label=_("Danh hiệu"), max_length=255
                )
                self.fields[f"title_{title.code}_quota"] = forms.IntegerField(
                    label=_("Số đơn vị tối đa"),
                    min_value=1,
                    max_value=50,
                    error_messages={
                        "min_value": _("Số đơn vị tối đa phải từ 1 trở lên."),
                        "max_value": _("Số đơn vị tối đa không được quá 50."),
                        "invalid": _("Hãy nhập một số nguyên."),
                        "required": _("Hãy nhập số đơn vị tối đa."),
                    },
                )
                self.fields[f"title_{title.code}_requires"] = forms.ChoiceField(
                    label=_("Phải đạt ngưỡng của"), choices=others, required=False
                )
        for name in list(self.fields):
            base = (
                name.removesuffix("_strict").removesuffix("_numerator").removesuffix("_denominator")
            )
            if name.startswith("title_"):
                continue
            if name not in self.editable and base + "_numerator" not in self.editable:
                del self.fields[name]
        for name, field in self.fields.items():
            if name.startswith("title_"):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css

    def title_rows(self) -> list[dict[str, Any]]:
        if not self.titles_editable:
            return []
        return [
            {
                "title": t,
                "name": self[f"title_{t.code}_name"],
                "quota": self[f"title_{t.code}_quota"],
                "requires": self[f"title_{t.code}_requires"],
            }
            for t in self.titles
        ]

    def save(self) -> Vote:
        data = dict(self.cleaned_data)
        changes: dict[str, Any] = {}
        for name in self.editable:
            if name not in data:
                continue
            value = data[name]
            if name.endswith("_strict"):
                value = value == "strict"
            changes[name] = value
        titles = None
        if self.titles_editable:
            titles = [
                domain.TitleSpec(
                    code=t.code,
                    name=data[f"title_{t.code}_name"],
                    quota=data[f"title_{t.code}_quota"],
                    requires=data[f"title_{t.code}_requires"] or None,
                )
                for t in self.titles
            ]
        return domain.vote_configure(vote=self.vote, by=self.by, titles=titles, **changes)


class VoteRollForm(DomainForm):
    """Per member unit: on the ballot, votes, and through which delegate."""

    def __init__(self, *args: Any, vote: Vote, by: Any, **kwargs: Any) -> None:
        self.vote = vote
        self.by = by
        self.units: list[Unit] = domain.members_for_vote(
            cluster=vote.cluster, day=vote.conference_date
        )
        known = {u.pk for u in self.units}
        for candidate in vote.candidates.select_related("unit"):
            if candidate.unit_id not in known:
                self.units.append(candidate.unit)
        candidates = set(vote.candidates.values_list("unit_id", flat=True))
        records = {r.unit_id: r for r in vote.voters.all()}
        initial: dict[str, Any] = {}
        for unit in self.units:
            initial[f"candidate_{unit.pk}"] = unit.pk in candidates
            initial[f"voter_{unit.pk}"] = unit.pk in records
            record = records.get(unit.pk)
            initial[f"delegate_{unit.pk}"] = record.user_id if record else None
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.choices_by_unit = {unit.pk: domain.delegate_choices(unit) for unit in self.units}
        for unit in self.units:
            self.fields[f"candidate_{unit.pk}"] = forms.BooleanField(
                label=_("Được bình xét"),
                required=False,
                widget=forms.CheckboxInput(
                    attrs={"aria-label": f"{unit.short_name}: {_('được bình xét')}"}
                ),
            )
            self.fields[f"voter_{unit.pk}"] = forms.BooleanField(
                label=_("Có quyền bỏ phiếu"),
                required=False,
                widget=forms.CheckboxInput(
                    attrs={"aria-label": f"{unit.short_name}: {_('có quyền bỏ phiếu')}"}
                ),
            )
            users = self.choices_by_unit[unit.pk]
            self.fields[f"delegate_{unit.pk}"] = forms.TypedChoiceField(
                label=_("Đại biểu bỏ phiếu"),
                choices=[("", _("— Chưa chọn —"))]
                + [
                    (u.pk, f"{u.display_name} ({u.username}, {u.get_role_display().lower()})")
                    for u in users
                ],
                coerce=int,
                empty_value=None,
                required=False,
            )
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-select"
            )
            field.widget.attrs["class"] = css

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "unit": unit,
                "candidate": self[f"candidate_{unit.pk}"],
                "voter": self[f"voter_{unit.pk}"],
                "delegate": self[f"delegate_{unit.pk}"],
            }
            for unit in self.units
        ]

    def save(self) -> Vote:
        data = self.cleaned_data
        users = {u.pk: u for users in self.choices_by_unit.values() for u in users}
        candidates = [u for u in self.units if data[f"candidate_{u.pk}"]]
        voters = {
            u: users.get(data[f"delegate_{u.pk}"] or 0) for u in self.units if data[f"voter_{u.pk}"]
        }
        return domain.vote_set_roll(
            vote=self.vote, candidates=candidates, voters=voters, by=self.by
        )


# ---------------------------------------------------------------------------------------
# The ballot and the paper count


class BallotForm(forms.Form):
    """One group of checkboxes per title; leaving a title blank abstains on it."""

    def __init__(
        self, *args: Any, vote: Vote, standings: dict[int, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.standings = standings or {}
        self.titles = list(vote.titles.all())
        candidates = list(vote.candidates.select_related("unit").order_by("unit__sort_name"))
        for title in self.titles:
            self.fields[f"title_{title.code}"] = forms.TypedMultipleChoiceField(
                label=title.name,
                choices=[(c.unit_id, c.unit.short_name or c.unit.name) for c in candidates],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={
                    "invalid_choice": _("Lựa chọn không nằm trong danh sách bình xét."),
                },
            )

    def groups(self) -> list[dict[str, Any]]:
        groups = []
        for title in self.titles:
            field = self[f"title_{title.code}"]
            options = [
                {"widget": sub, "standing": self.standings.get(int(sub.data["value"]))}
                for sub in field.subwidgets
            ]
            groups.append({"title": title, "field": field, "options": options})
        return groups

    def choices(self) -> dict[str, list[int]]:
        return {t.code: list(self.cleaned_data[f"title_{t.code}"]) for t in self.titles}


class PaperTallyForm(DomainForm):
    ballots_issued = _count_field(_("Số phiếu phát ra"))
    ballots_cast = _count_field(_("Số phiếu thu vào"))

    def __init__(self, *args: Any, vote: Vote, by: Any, **kwargs: Any) -> None:
        self.vote = vote
        self.by = by
        self.titles = list(vote.titles.all())
        self.candidates: list[Unit] = [
            c.unit for c in vote.candidates.select_related("unit").order_by("unit__sort_name")
        ]
        paper = PaperTally.objects.filter(vote=vote).first()
        if paper is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {
                "ballots_issued": paper.ballots_issued,
                "ballots_cast": paper.ballots_cast,
            }
            for code, line in paper.counts.items():
                initial[f"t_{code}_valid"] = line["valid"]
                initial[f"t_{code}_invalid"] = line["invalid"]
                for unit, n in line["votes"].items():
                    initial[f"t_{code}_u_{unit}"] = n
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for title in self.titles:
            self.fields[f"t_{title.code}_valid"] = _count_field(_("Phiếu hợp lệ"))
            self.fields[f"t_{title.code}_invalid"] = _count_field(_("Phiếu không hợp lệ"))
            for unit in self.candidates:
                self.fields[f"t_{title.code}_u_{unit.pk}"] = _count_field(unit.short_name)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm count-input"

    def sections(self) -> list[dict[str, Any]]:
        return [
            {
                "title": t,
                "valid": self[f"t_{t.code}_valid"],
                "invalid": self[f"t_{t.code}_invalid"],
                "votes": [(u, self[f"t_{t.code}_u_{u.pk}"]) for u in self.candidates],
            }
            for t in self.titles
        ]

    def save(self) -> PaperTally:
        data = self.cleaned_data
        lines = {
            t.code: domain.PaperLine(
                valid=data[f"t_{t.code}_valid"],
                invalid=data[f"t_{t.code}_invalid"],
                votes={u.pk: data[f"t_{t.code}_u_{u.pk}"] for u in self.candidates},
            )
            for t in self.titles
        }
        return domain.paper_tally_enter(
            vote=self.vote,
            by=self.by,
            ballots_issued=data["ballots_issued"],
            ballots_cast=data["ballots_cast"],
            lines=lines,
        )


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Mã phiếu của bạn"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control receipt-input",
                "placeholder": "K7M2Q-8RT4W",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
