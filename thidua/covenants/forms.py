"""Forms of the covenant pages: they parse the input; thidua.covenants.domain decides and saves.

Numbers are typed the Vietnamese way ("1.438", "12,5", "75%") and read with the engine's
parser, so "1.438" is one thousand four hundred and thirty-eight, never 1,438. A
ValidationError from the domain is put back on the field it names (`add_domain_error`),
so the page shows it beside the input and nothing is saved.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import DateField, DomainForm
from thidua.covenants import domain
from thidua.covenants.domain import Shape
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    Indicator,
    Movement,
    MovementKind,
)
from thidua.engine.numbers import (
    NumberFormatError,
    format_number_vi,
    parse_decimal_vi,
    parse_percent_vi,
    places_of,
)
from thidua.engine.targets import (
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    RateAtLeast,
    Target,
    TargetError,
)
from thidua.org.models import Unit

DATE_HELP = _("Dạng ngày/tháng/năm, ví dụ 15/03/2025.")
# The engine's default rule, and its explicit spelling, are shown as the same choice.
TIE_BREAK_DEFAULT = "default"
TIE_BREAK_DEFAULT_ALIASES = {TIE_BREAK_DEFAULT, "more_exceeded,fewer_penalties"}
TIE_BREAK_CHOICES = [
    (TIE_BREAK_DEFAULT, _("Bằng điểm: đơn vị vượt nhiều chỉ tiêu hơn, rồi ít lần bị trừ điểm hơn")),
    ("none", _("Bằng điểm: xếp đồng hạng")),
]
# Shapes whose value field must be filled; "không quá N" defaults to 0 (zero tolerance).
SHAPES_WITH_NUMBER = {
    Shape.AT_LEAST,
    Shape.RATE_STRICT,
    Shape.RATE_INCLUSIVE,
    Shape.REDUCE,
    Shape.INCREASE,
    Shape.REDUCE_ALL,
}
SHAPES_WITH_YEAR = {Shape.REDUCE, Shape.INCREASE, Shape.REDUCE_ALL}
TARGET_FIELDS = ("shape", "number", "max_number", "baseline_year", "subject_vi", "subject_en")


def vn_number(value: Decimal | int) -> str:
    """A number as typed back into a form: exact, Vietnamese style (1.438; 12,5)."""
    return format_number_vi(value, places_of(value))


class NumberField(forms.Field):
    """A number typed the Vietnamese way: "1.000", "12,5", "93,1%", or plainly "12.5"."""

    default_error_messages = {
        "invalid": _("“%(value)s” không phải là số: hãy nhập dạng 1.234,5 hoặc 12,5."),
        "min_value": _("Giá trị phải từ %(limit)s trở lên."),
    }

    def __init__(self, *, min_value: Decimal | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.min_value = min_value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        try:
            return parse_percent_vi(text)
        except NumberFormatError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text}
            ) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": vn_number(self.min_value)},
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return vn_number(value)
        return value


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.short_name or obj.name)


class CovenantChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        cluster = obj.cluster
        name = f" – {cluster.name}" if cluster.name else ""
        return f"{cluster}{name}"


class IndicatorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_vi} ({obj.unit_vi})"


class CriterionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        # Short enough that a long title does not run under the select's arrow.
        title = obj.title if len(obj.title) <= 48 else obj.title[:47].rstrip() + "…"
        return f"{obj.code}. {title}"


# ---------------------------------------------------------------------------------------
# Base classes


class CovenantForm(DomainForm):
    """A form about one covenant."""

    def __init__(self, *args: Any, covenant: Covenant, **kwargs: Any) -> None:
        self.covenant = covenant
        super().__init__(*args, **kwargs)


class ChangeForm(CovenantForm):
    """Carries the covenant's version (stale forms are refused) and, once signed, a reason."""

    version = forms.IntegerField(
        widget=forms.HiddenInput(attrs={"class": "covenant-version"}), min_value=1
    )
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=100,
        help_text=_("Giao ước đã ký: lý do được lưu vào nhật ký thay đổi."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.covenant.version
        if self.needs_reason:
            # The domain says why it is needed; the browser asks for it first.
            self.fields["reason"].widget.attrs["required"] = "required"
        else:
            del self.fields["reason"]

    @property
    def needs_reason(self) -> bool:
        return needs_reason(self.covenant)

    def change_args(self) -> dict[str, Any]:
        return {
            "expected_version": self.cleaned_data["version"],
            "reason": self.cleaned_data.get("reason", "") or "",
        }


def needs_reason(covenant: Covenant) -> bool:
    return covenant.status in (CovenantStatus.SIGNED, CovenantStatus.IN_FORCE)


# ---------------------------------------------------------------------------------------
# Covenants


def _members(cluster_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(memberships__cluster_id=cluster_id).distinct().order_by("sort_name")


class CovenantCreateForm(DomainForm):
    """A blank covenant for a cluster-year."""

    movement = forms.ModelChoiceField(
        label=_("Phong trào thi đua"), queryset=Movement.objects.none()
    )
    theme = forms.CharField(
        label=_("Chủ đề, khẩu hiệu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Gương mẫu đi đầu, tăng tốc bứt phá, hoàn thành xuất sắc nhiệm vụ."),
    )
    signing_date = DateField(label=_("Ngày ký"), required=False, help_text=DATE_HELP)
    signing_place = forms.CharField(label=_("Địa điểm ký"), required=False, max_length=255)
    host_unit = UnitChoiceField(
        label=_("Đơn vị đăng cai"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chưa chọn —"),
    )
    scale = NumberField(
        label=_("Thang điểm"),
        initial=Decimal(1000),
        help_text=_("Tổng điểm tối đa của giao ước, thường là 1.000 (có cụm dùng 100)."),
    )

    def __init__(self, *args: Any, cluster: Any, movements: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        movement_field = self.fields["movement"]
        assert isinstance(movement_field, forms.ModelChoiceField)
        movement_field.queryset = movements
        host_field = self.fields["host_unit"]
        assert isinstance(host_field, forms.ModelChoiceField)
        host_field.queryset = _members(cluster.pk)


class CovenantCopyForm(DomainForm):
    """A covenant started from another one (usually last year's of the same cluster)."""

    source = CovenantChoiceField(
        label=_("Sao chép từ giao ước"),
        queryset=Covenant.objects.none(),
        empty_label=_("— Chưa chọn —"),
    )
    movement = forms.ModelChoiceField(
        label=_("Phong trào thi đua"),
        queryset=Movement.objects.none(),
        required=False,
        empty_label=_("— Giữ phong trào của giao ước gốc —"),
    )

    def __init__(
        self, *args: Any, sources: QuerySet[Covenant], movements: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.ModelChoiceField)
        source_field.queryset = sources
        movement_field = self.fields["movement"]
        assert isinstance(movement_field, forms.ModelChoiceField)
        movement_field.queryset = movements


class CovenantFieldsForm(ChangeForm):
    """The covenant's own fields in the editor."""

    movement = forms.ModelChoiceField(
        label=_("Phong trào thi đua"), queryset=Movement.objects.none()
    )
    theme = forms.CharField(
        label=_("Chủ đề, khẩu hiệu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    signing_date = DateField(label=_("Ngày ký"), required=False, help_text=DATE_HELP)
    signing_place = forms.CharField(label=_("Địa điểm ký"), required=False, max_length=255)
    host_unit = UnitChoiceField(
        label=_("Đơn vị đăng cai"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Chưa chọn —"),
    )
    document_number = forms.CharField(
        label=_("Số văn bản"), required=False, max_length=60, help_text=_("Ví dụ: 01/GƯ-CTĐ2")
    )
    scale = NumberField(label=_("Thang điểm"), min_value=Decimal(0))
    tie_break = forms.ChoiceField(label=_("Khi bằng điểm"), choices=TIE_BREAK_CHOICES)

    def __init__(self, *args: Any, movements: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        covenant = self.covenant
        movement_field = self.fields["movement"]
        assert isinstance(movement_field, forms.ModelChoiceField)
        movement_field.queryset = movements
        host_field = self.fields["host_unit"]
        assert isinstance(host_field, forms.ModelChoiceField)
        host_field.queryset = _members(covenant.cluster_id)
        tie_break = covenant.tie_break
        if tie_break in TIE_BREAK_DEFAULT_ALIASES:
            tie_break = TIE_BREAK_DEFAULT
        elif tie_break not in dict(TIE_BREAK_CHOICES):
            field = self.fields["tie_break"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [*TIE_BREAK_CHOICES, (tie_break, tie_break)]
        for name, value in (
            ("movement", covenant.movement_id),
            ("theme", covenant.theme),
            ("signing_date", covenant.signing_date),
            ("signing_place", covenant.signing_place),
            ("host_unit", covenant.host_unit_id),
            ("document_number", covenant.document_number),
            ("scale", covenant.scale),
            ("tie_break", tie_break),
        ):
            self.fields[name].initial = value

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes = {
            name: data[name]
            for name in (
                "movement", "theme", "signing_date", "signing_place", "host_unit",
                "document_number", "scale",
            )
        }  # fmt: skip
        if "tie_break" in self.changed_data:
            changes["tie_break"] = data["tie_break"]
        return changes


# ---------------------------------------------------------------------------------------
# Targets


class TargetFieldsForm(CovenantForm):
    """The fields of a target: a shape and its numbers (the measure comes from elsewhere)."""

    shape = forms.ChoiceField(
        label=_("Dạng chỉ tiêu"),
        required=False,
        choices=[("", _("— Chưa giao chỉ tiêu chung —")), *Shape.CHOICES],
    )
    number = NumberField(
        label=_("Giá trị"),
        required=False,
        min_value=Decimal(0),
        help_text=_("Số lượng (ít nhất N, không quá N) hoặc tỷ lệ, mức tăng, giảm tính theo %."),
    )
    max_number = NumberField(
        label=_("Đến (%)"),
        required=False,
        min_value=Decimal(0),
        help_text=_("Chỉ khi giao một khoảng, ví dụ “giảm 3–5%”: nhập 3 và 5."),
    )
    baseline_year = forms.IntegerField(
        label=_("So với năm"), required=False, min_value=1900, max_value=9999
    )
    subject_vi = forms.CharField(
        label=_("Chủ đề chung"),
        required=False,
        max_length=120,
        help_text=_(
            "Ví dụ “tai nạn giao thông” trong “giảm 5% cả 3 tiêu chí về tai nạn giao thông”."
        ),
    )
    subject_en = forms.CharField(
        label=_("Chủ đề chung (tiếng Anh)"),
        required=False,
        max_length=120,
        help_text=_("Ví dụ “traffic accidents”; nhập cùng với chủ đề tiếng Việt."),
    )

    error_fields = {"target": "shape"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["baseline_year"].initial = self.covenant.year - 1
        self.fields["baseline_year"].widget.attrs["inputmode"] = "numeric"
        self.fields["shape"].widget.attrs["data-shape-select"] = ""

    def indicator_list(self) -> list[Indicator]:
        return []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shape = data.get("shape")
        if (
            shape in SHAPES_WITH_NUMBER
            and data.get("number") is None
            and "number" not in self.errors
        ):
            self.add_error("number", _("Hãy nhập giá trị của chỉ tiêu."))
        missing_year = data.get("baseline_year") is None and "baseline_year" not in self.errors
        if shape in SHAPES_WITH_YEAR and missing_year:
            self.add_error("baseline_year", _("Hãy nhập năm so sánh."))
        return data

    def build_target(self) -> Target | None:
        """The target of the cleaned fields (None without a shape); ValidationError if wrong."""
        data = self.cleaned_data
        shape = data.get("shape")
        if not shape:
            return None
        return domain.build_target(
            shape=shape,
            indicators=self.indicator_list(),
            number=data.get("number"),
            max_number=data.get("max_number"),
            baseline_year=data.get("baseline_year"),
            subject_vi=data.get("subject_vi", "").strip(),
            subject_en=data.get("subject_en", "").strip(),
        )

    def add_target_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            self.add_domain_error(error)
        else:
            self.add_error("shape", error)

    def target_or_error(self) -> tuple[Target | None, str]:
        """For the live preview: the target, or the message saying what is wrong."""
        if not self.is_valid():
            messages = [str(m) for errors in self.errors.values() for m in errors]
            return None, messages[0] if messages else ""
        try:
            return self.build_target(), ""
        except ValidationError as error:
            return None, error.messages[0]


def target_initial(target: Target | None) -> dict[str, Any]:
    """The target fields that show a stored target."""
    if target is None:
        return {}
    if isinstance(target, AtLeast):
        return {"shape": Shape.AT_LEAST, "number": target.n}
    if isinstance(target, AtMost):
        return {"shape": Shape.AT_MOST, "number": target.n}
    if isinstance(target, RateAtLeast):
        shape = Shape.RATE_STRICT if target.strict else Shape.RATE_INCLUSIVE
        return {"shape": shape, "number": target.percent}
    if isinstance(target, FullCoverage):
        return {"shape": Shape.FULL_COVERAGE}
    if isinstance(target, Change):
        reduce = target.direction is ChangeDirection.REDUCE
        return {
            "shape": Shape.REDUCE if reduce else Shape.INCREASE,
            "number": target.min_percent,
            "max_number": target.max_percent,
            "baseline_year": target.baseline_year,
        }
    first = target.parts[0]
    initial: dict[str, Any] = {
        "shape": Shape.REDUCE_ALL,
        "subject_vi": target.subject_vi or "",
        "subject_en": target.subject_en or "",
    }
    if isinstance(first, Change):
        initial.update(
            number=first.min_percent,
            max_number=first.max_percent,
            baseline_year=first.baseline_year,
        )
    return initial


def stored_target(data: Any) -> Target | None:
    try:
        return domain.load_target(data)
    except TargetError:
        return None


class IndicatorsForm(TargetFieldsForm):
    """A target with its measures chosen from the indicator library."""

    indicator_1 = IndicatorChoiceField(
        label=_("Chỉ số"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Thước đo của chỉ tiêu, chọn trong thư viện chỉ số."),
    )
    indicator_2 = IndicatorChoiceField(
        label=_("Chỉ số thứ 2"), queryset=Indicator.objects.none(), required=False
    )
    indicator_3 = IndicatorChoiceField(
        label=_("Chỉ số thứ 3"), queryset=Indicator.objects.none(), required=False
    )
    indicator_4 = IndicatorChoiceField(
        label=_("Chỉ số thứ 4"), queryset=Indicator.objects.none(), required=False
    )

    INDICATOR_FIELDS = ("indicator_1", "indicator_2", "indicator_3", "indicator_4")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        library = Indicator.objects.order_by("name_vi")
        for name in self.INDICATOR_FIELDS:
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = library
            field.empty_label = "—"

    def indicator_list(self) -> list[Indicator]:
        chosen: list[Indicator] = []
        for name in self.INDICATOR_FIELDS:
            indicator = self.cleaned_data.get(name)
            if indicator is not None and indicator not in chosen:
                chosen.append(indicator)
        return chosen


# ---------------------------------------------------------------------------------------
# Criteria


_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(number: int) -> str:
    result = ""
    for value, letters in _ROMAN:
        while number >= value:
            result += letters
            number -= value
    return result


def suggest_code(parent: Criterion | None, sibling_codes: list[str]) -> str:
    """The next code among siblings: II after I, 1.3 after 1.2, a after … (first: I or 1.1)."""
    if sibling_codes:
        last = sibling_codes[-1].strip()
        romans = {_roman(n): n for n in range(1, 40)}
        if last.upper() in romans:
            return _roman(romans[last.upper()] + 1)
        match = re.fullmatch(r"(.*?)(\d+)(\D*)", last)
        if match:
            return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"
        return ""
    if parent is None:
        return "I"
    code = parent.code.strip().rstrip(".")
    if code.upper() in {_roman(n) for n in range(1, 40)}:
        return "1"
    return f"{code}.1"


def _parse_items(text: str) -> list[dict[str, str]]:
    """Lines "nội dung | điểm" → the domain's bonus/penalty items."""
    items = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        label, bar, points = line.rpartition("|")
        if not bar or not label.strip():
            raise ValidationError(
                _("Dòng %(n)s: hãy viết theo dạng “nội dung | điểm”, ví dụ “Bị phê bình | -3”.")
                % {"n": number}
            )
        try:
            value = parse_decimal_vi(points)
        except NumberFormatError:
            raise ValidationError(
                _("Dòng %(n)s: “%(points)s” không phải là số điểm.")
                % {"n": number, "points": points.strip()}
            ) from None
        items.append({"label": label.strip(), "points": str(value)})
    return items


def _parse_table(text: str) -> list[str]:
    values = [p for p in re.split(r"[;\n]", text) if p.strip()]
    table = []
    for value in values:
        try:
            table.append(str(parse_decimal_vi(value)))
        except NumberFormatError:
            raise ValidationError(
                _("“%(value)s” không phải là số điểm.") % {"value": value.strip()}
            ) from None
    return table


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + vn_number(value)


class CriterionForm(ChangeForm, IndicatorsForm):
    """A criterion of the tree: where it sits, what it is, how it is scored, its target."""

    parent = CriterionChoiceField(
        label=_("Thuộc nhóm"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("— Nội dung cấp cao nhất —"),
    )
    code = forms.CharField(
        label=_("Mã"), max_length=20, help_text=_("Ví dụ I, 1, 1.1 — in ở đầu dòng trong giao ước.")
    )
    title = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Loại"), choices=CriterionKind.choices)
    max_points = NumberField(label=_("Điểm tối đa"), min_value=Decimal(0))
    per_occurrence = NumberField(
        label=_("Điểm mỗi lần"),
        required=False,
        min_value=Decimal(0),
        help_text=_(
            "Ví dụ 5 điểm mỗi lần tập huấn; tổng không vượt điểm tối đa. "
            "Để trống nếu người chấm nhập thẳng số điểm."
        ),
    )
    bonus_items = forms.CharField(
        label=_("Các mục cộng, trừ điểm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mỗi dòng một mục, dạng “nội dung | điểm”, ví dụ "
            "“Được Bộ trưởng tặng Bằng khen | +3” và “Bị phê bình | -3”."
        ),
    )
    rank_table = forms.CharField(
        label=_("Điểm theo thứ hạng"),
        required=False,
        help_text=_(
            "Điểm của hạng 1, 2, 3… cách nhau bằng dấu chấm phẩy, ví dụ 60; 45; 30; 15; 0. "
            "Nhiều đơn vị đánh giá thì lấy trung bình."
        ),
    )

    error_fields = {"target": "shape"}

    def __init__(self, *args: Any, criterion: Criterion | None = None, **kwargs: Any) -> None:
        self.criterion = criterion
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        groups = self.covenant.criteria.filter(kind=CriterionKind.GROUP).order_by(
            "parent_id", "position", "id"
        )
        parent_field.queryset = groups
        self.fields["kind"].widget.attrs["data-kind-select"] = ""
        self.fields["rank_table"].initial = "; ".join(domain.DEFAULT_RANK_TABLE)
        if criterion is not None:
            # The tree is not re-parented here: a criterion stays in its group.
            del self.fields["parent"]
            for name, value in self._initial_from(criterion).items():
                self.fields[name].initial = value

    @staticmethod
    def _initial_from(criterion: Criterion) -> dict[str, Any]:
        settings = criterion.settings or {}
        initial: dict[str, Any] = {
            "code": criterion.code,
            "title": criterion.title,
            "kind": criterion.kind,
            "max_points": criterion.max_points,
        }
        if settings.get("per_occurrence"):
            initial["per_occurrence"] = Decimal(settings["per_occurrence"])
        if settings.get("items"):
            initial["bonus_items"] = "\n".join(
                f"{item['label']} | {_signed(Decimal(item['points']))}"
                for item in settings["items"]
            )
        if settings.get("table"):
            initial["rank_table"] = "; ".join(vn_number(Decimal(p)) for p in settings["table"])
        links = sorted(criterion.criterionindicator_set.all(), key=lambda link: link.part)
        for name, link in zip(IndicatorsForm.INDICATOR_FIELDS, links, strict=False):
            initial[name] = link.indicator_id
        initial.update(target_initial(stored_target(criterion.target)))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        self.settings: dict[str, Any] = {}
        if kind == CriterionKind.DIRECT and data.get("per_occurrence") is not None:
            self.settings["per_occurrence"] = str(data["per_occurrence"])
        if kind == CriterionKind.BONUS_PENALTY:
            try:
                self.settings["items"] = _parse_items(data.get("bonus_items", ""))
            except ValidationError as error:
                self.add_error("bonus_items", error)
        if kind == CriterionKind.RANK_POINTS and data.get("rank_table", "").strip():
            try:
                self.settings["table"] = _parse_table(data["rank_table"])
            except ValidationError as error:
                self.add_error("rank_table", error)
        self.target: Target | None = None
        if kind == CriterionKind.QUANTITATIVE and not self.errors:
            if data.get("shape") and not self.indicator_list():
                self.add_error("indicator_1", _("Hãy chọn chỉ số cho chỉ tiêu."))
            else:
                try:
                    self.target = self.build_target()
                except ValidationError as error:
                    self.add_target_error(error)
        return data

    def full_clean(self) -> None:
        # A criterion that is not quantitative has no target: its fields are ignored.
        super().full_clean()
        if self.is_bound and self.cleaned_data.get("kind") not in (
            None,
            CriterionKind.QUANTITATIVE,
        ):
            for name in (*TARGET_FIELDS, *self.INDICATOR_FIELDS):
                self.errors.pop(name, None)

    def error_field_for_settings(self) -> str | None:
        return {
            CriterionKind.DIRECT: "per_occurrence",
            CriterionKind.BONUS_PENALTY: "bonus_items",
            CriterionKind.RANK_POINTS: "rank_table",
        }.get(self.cleaned_data.get("kind", ""))

    def add_domain_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "settings" in error.error_dict:
            self.error_fields = {
                **self.error_fields,
                "settings": self.error_field_for_settings() or "",
            }
        super().add_domain_error(error)

    def target_changed(self) -> bool:
        return bool(set(TARGET_FIELDS) & set(self.changed_data)) or self.indicators_changed()

    def indicators_changed(self) -> bool:
        return bool(set(self.INDICATOR_FIELDS) & set(self.changed_data))

    def add(self) -> Criterion:
        data = self.cleaned_data
        quantitative = data["kind"] == CriterionKind.QUANTITATIVE
        return domain.criterion_add(
            covenant=self.covenant,
            parent=data.get("parent"),
            code=data["code"],
            title=data["title"],
            kind=data["kind"],
            max_points=data["max_points"],
            settings=self.settings,
            target=self.target if quantitative else None,
            indicators=self.indicator_list() if quantitative else (),
            **self.change_args(),
        )

    def update(self) -> Criterion:
        assert self.criterion is not None
        data = self.cleaned_data
        changes: dict[str, Any] = {
            "code": data["code"],
            "title": data["title"],
            "kind": data["kind"],
            "max_points": data["max_points"],
            "settings": self.settings,
        }
        indicators: list[Indicator] | None = None
        if data["kind"] != CriterionKind.QUANTITATIVE:
            changes["target"] = None
            indicators = []
        elif self.target_changed():
            # Rebuilt only when touched: a signed covenant keeps the wording it was signed
            # with even if the library's phrases have been edited since.
            changes["target"] = self.target
            indicators = self.indicator_list()
        return domain.criterion_update(
            criterion=self.criterion, indicators=indicators, **changes, **self.change_args()
        )


class TargetPreviewForm(IndicatorsForm):
    """Only the target fields of the criterion form, for the live preview."""


# ---------------------------------------------------------------------------------------
# Unit targets


class UnitTargetForm(ChangeForm, TargetFieldsForm):
    COMMON = "common"
    NONE = "none"
    OWN = "own"

    mode = forms.ChoiceField(
        label=_("Chỉ tiêu của đơn vị"),
        choices=[
            (COMMON, _("Dùng chỉ tiêu chung")),
            (NONE, _("Không giao chỉ tiêu")),
            (OWN, _("Chỉ tiêu riêng")),
        ],
        widget=forms.RadioSelect(attrs={"data-mode-select": ""}),
    )

    def __init__(
        self,
        *args: Any,
        criterion: Criterion,
        unit: Unit,
        unit_target: Any = None,
        **kwargs: Any,
    ) -> None:
        self.criterion = criterion
        self.unit = unit
        super().__init__(*args, **kwargs)
        shape_field = self.fields["shape"]
        assert isinstance(shape_field, forms.ChoiceField)
        shape_field.choices = list(Shape.CHOICES)
        if unit_target is None:
            mode, shown = self.COMMON, criterion.target
        elif unit_target.target is None:
            mode, shown = self.NONE, criterion.target
        else:
            mode, shown = self.OWN, unit_target.target
        self.fields["mode"].initial = mode
        for name, value in target_initial(stored_target(shown)).items():
            self.fields[name].initial = value

    def indicator_list(self) -> list[Indicator]:
        links = sorted(self.criterion.criterionindicator_set.all(), key=lambda link: link.part)
        return [link.indicator for link in links]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.target = None
        if data.get("mode") == self.OWN and not self.errors:
            if not data.get("shape"):
                self.add_error("shape", _("Hãy chọn dạng chỉ tiêu riêng của đơn vị."))
            else:
                try:
                    self.target = self.build_target()
                except ValidationError as error:
                    self.add_target_error(error)
        return data

    def full_clean(self) -> None:
        # The target fields matter only for an own target: "common" and "none" ignore them.
        super().full_clean()
        if self.is_bound and self.cleaned_data.get("mode") in (self.COMMON, self.NONE):
            for name in TARGET_FIELDS:
                self.errors.pop(name, None)

    def save(self) -> None:
        mode = self.cleaned_data["mode"]
        if mode == self.COMMON:
            domain.unit_target_clear(criterion=self.criterion, unit=self.unit, **self.change_args())
        else:
            domain.unit_target_set(
                criterion=self.criterion,
                unit=self.unit,
                target=self.target if mode == self.OWN else None,
                **self.change_args(),
            )


# ---------------------------------------------------------------------------------------
# Signing and status


class SignatureForm(CovenantForm):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=150)
    signer_title = forms.CharField(
        label=_("Chức vụ"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Giám đốc")}),
    )
    signed_on = DateField(label=_("Ngày ký"), help_text=DATE_HELP)


class StatusForm(CovenantForm):
    OPEN = "open"
    DRAFT = "draft"
    IN_FORCE = "in_force"

    action = forms.ChoiceField(
        choices=[(OPEN, OPEN), (DRAFT, DRAFT), (IN_FORCE, IN_FORCE)], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=100)
    back = forms.ChoiceField(
        choices=[("detail", "detail"), ("signing", "signing"), ("edit", "edit")],
        required=False,
        widget=forms.HiddenInput,
    )
    # The version the user saw: a status change over someone else's edit is refused.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def save(self) -> Covenant:
        action = self.cleaned_data["action"]
        version = self.cleaned_data.get("version")
        if action == self.OPEN:
            return domain.covenant_open_for_signing(
                covenant=self.covenant, expected_version=version
            )
        if action == self.DRAFT:
            return domain.covenant_back_to_draft(
                covenant=self.covenant,
                reason=self.cleaned_data.get("reason", ""),
                expected_version=version,
            )
        return domain.covenant_put_in_force(covenant=self.covenant, expected_version=version)


# ---------------------------------------------------------------------------------------
# Movements and indicators


class MovementForm(DomainForm):
    name = forms.CharField(
        label=_("Tên phong trào"),
        max_length=255,
        help_text=_("Ví dụ: Phong trào thi đua “Vì an ninh Tổ quốc” năm 2025."),
    )
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=MovementKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    start_date = DateField(
        label=_("Từ ngày"), required=False, help_text=_("Cho phong trào chuyên đề, đợt cao điểm.")
    )
    end_date = DateField(label=_("Đến ngày"), required=False)
    decision_number = forms.CharField(
        label=_("Số quyết định phát động"), required=False, max_length=100
    )
    decision_date = DateField(label=_("Ngày quyết định"), required=False)
    launched_by = UnitChoiceField(
        label=_("Đơn vị phát động"), queryset=Unit.objects.none(), required=False, empty_label="—"
    )
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["launched_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.order_by("sort_name")
        self.fields["year"].widget.attrs["inputmode"] = "numeric"

    def save(self) -> Any:
        data = self.cleaned_data
        return domain.movement_create(
            name=data["name"],
            kind=data["kind"],
            year=data["year"],
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            decision_number=data.get("decision_number", ""),
            decision_date=data.get("decision_date"),
            launched_by=data.get("launched_by"),
            description=data.get("description", ""),
        )


INDICATOR_HELP = {
    "code": _("Mã không dấu, không khoảng trắng, ví dụ “ty-le-dieu-tra-kham-pha-an”."),
    "name_vi": _(
        "Cụm danh từ đặt được giữa câu, viết thường chữ đầu: “tỷ lệ điều tra, khám phá án” "
        "→ “Tỷ lệ điều tra, khám phá án đạt trên 75%”."
    ),
    "name_en": _("Ví dụ “the crime clearance rate” → “Bring the crime clearance rate above 75%”."),
    "unit_vi": _(
        "“%” cho tỷ lệ; với số lượng: “vụ”, “hồ sơ”, “người”… → “đạt ít nhất 1.438 hồ sơ”."
    ),
    "unit_en": _("“%” cho tỷ lệ; với số lượng: “cases”, “files”…"),
    "higher_is_better": _(
        "Bỏ chọn cho số vụ phạm tội, tai nạn, cháy nổ…: chỉ tiêu là giảm hoặc “không quá”."
    ),
    "numerator_vi": _("Chỉ với chỉ số tỷ lệ: “số vụ án được điều tra, khám phá”."),
    "denominator_vi": _("Chỉ với chỉ số tỷ lệ: “số vụ án xảy ra”."),
    "short_vi": _(
        "Tên ngắn khi đứng sau một chủ đề chung: “số người chết” trong “giảm 5% cả 3 tiêu chí "
        "về tai nạn giao thông: số vụ, số người chết và số người bị thương”."
    ),
    "coverage_vi": _(
        "Phần sau “100%” của chỉ tiêu bao phủ: “tố giác, tin báo về tội phạm được tiếp nhận, "
        "xử lý” → “100% tố giác, tin báo về tội phạm được tiếp nhận, xử lý”."
    ),
    "event_vi": _(
        "Phần sau “Không để xảy ra”: “bạo loạn, khủng bố” → “Không để xảy ra bạo loạn, khủng bố”; "
        "và “Không quá 3 vụ cháy lớn”."
    ),
}


class IndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    """Every field of an indicator; saved by domain.indicator_save."""

    class Meta:
        model = Indicator
        fields = [
            "code", "name_vi", "name_en", "unit_vi", "unit_en", "higher_is_better",
            "numerator_vi", "numerator_en", "denominator_vi", "denominator_en",
            "short_vi", "short_en", "coverage_vi", "coverage_en", "event_vi", "event_en",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in INDICATOR_HELP:
                field.help_text = INDICATOR_HELP[name]
            widget = field.widget
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def add_domain_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = name if name in self.fields else None
                for item in errors:
                    for message in item.messages:
                        self.add_error(field, message)
        else:
            for message in error.messages:
                self.add_error(None, message)

    def save_through_domain(self) -> Indicator:
        return domain.indicator_save(indicator=self.instance)

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
