"""Writes and reads for movements, indicators, covenants, criteria, targets and signatures.

Targets are built and checked by the engine (thidua.engine.targets); this module turns its
errors into Vietnamese messages and keeps the covenant's rules: the points of a group's
children never exceed the group, the tree never exceeds the scale, a target belongs to a
member unit, and once signed every change carries a reason kept in the history.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from thidua.core.history import history_reason
from thidua.covenants.models import (
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionIndicator,
    CriterionKind,
    Indicator,
    Movement,
    MovementKind,
    Signature,
    UnitTarget,
)
from thidua.engine import render, targets
from thidua.engine.numbers import NumberFormatError, parse_decimal_vi
from thidua.engine.targets import (
    AllOf,
    AtLeast,
    AtMost,
    Change,
    ChangeDirection,
    FullCoverage,
    Measure,
    MeasureDirection,
    RateAtLeast,
    Target,
    TargetError,
)
from thidua.org import domain as org
from thidua.org.models import Cluster, Membership, Unit

LEAF_KINDS = {
    CriterionKind.QUANTITATIVE,
    CriterionKind.QUALITATIVE,
    CriterionKind.DIRECT,
    CriterionKind.BONUS_PENALTY,
    CriterionKind.RANK_POINTS,
}
DEFAULT_RANK_TABLE = ["60", "45", "30", "15", "0"]


# ---------------------------------------------------------------------------------------
# Targets: from the library and form input to the engine, and back to sentences


def indicator_measure(indicator: Indicator) -> Measure:
    def pair(vi: str, en: str) -> tuple[str | None, str | None]:
        return (vi or None, en or None) if (vi or en) else (None, None)

    numerator = pair(indicator.numerator_vi, indicator.numerator_en)
    denominator = pair(indicator.denominator_vi, indicator.denominator_en)
    short = pair(indicator.short_vi, indicator.short_en)
    coverage = pair(indicator.coverage_vi, indicator.coverage_en)
    event = pair(indicator.event_vi, indicator.event_en)
    try:
        return Measure(
            name_vi=indicator.name_vi,
            name_en=indicator.name_en,
            unit_vi=indicator.unit_vi,
            unit_en=indicator.unit_en,
            direction=MeasureDirection.HIGHER_IS_BETTER
            if indicator.higher_is_better
            else MeasureDirection.LOWER_IS_BETTER,
            numerator_vi=numerator[0],
            numerator_en=numerator[1],
            denominator_vi=denominator[0],
            denominator_en=denominator[1],
            short_vi=short[0],
            short_en=short[1],
            coverage_vi=coverage[0],
            coverage_en=coverage[1],
            event_vi=event[0],
            event_en=event[1],
        )
    except TargetError as exc:
        raise ValidationError(target_error_message(exc)) from exc


_TARGET_MESSAGES = {
    "rate_above_100": "Tỷ lệ không thể vượt quá 100%.",
    "unreachable": "Không có tỷ lệ nào “trên 100%”; hãy dùng chỉ tiêu 100% (bao phủ toàn bộ).",
    "inverted_range": "Khoảng tỷ lệ bị đảo: giá trị đầu phải nhỏ hơn giá trị sau.",
    "empty_range": "Khoảng tỷ lệ chỉ có một giá trị; hãy để trống giá trị sau nếu là “ít nhất”.",
    "negative": "Số liệu chỉ tiêu không được âm.",
    "zero_target": "Chỉ tiêu bằng 0 luôn đạt; hãy nhập số lớn hơn 0.",
    "zero_change": "Mức tăng/giảm phải lớn hơn 0%.",
    "reduction_above_100": "Không thể giảm quá 100%.",
    "baseline_year": "Năm so sánh phải trước năm của giao ước.",
    "empty_all_of": "Chỉ tiêu nhiều tiêu chí cần ít nhất hai tiêu chí.",
    "single_all_of": "Chỉ tiêu nhiều tiêu chí cần ít nhất hai tiêu chí.",
    "measure_kind": "Chỉ số không phù hợp dạng chỉ tiêu (tỷ lệ hay số lượng).",
    "direction_mismatch": "Chỉ số không phù hợp dạng chỉ tiêu (càng cao càng tốt hay càng thấp càng tốt).",
    "rate_unit": "Chỉ số tỷ lệ phải có tử số, mẫu số và đơn vị %.",
    "rate_names": "Chỉ số tỷ lệ phải có cả tử số và mẫu số.",
    "missing_translation": "Cụm từ tiếng Việt và tiếng Anh của chỉ số phải nhập cùng nhau.",
    "malformed": "Chỉ tiêu lưu trữ không hợp lệ.",
}


def target_error_message(exc: TargetError) -> str:
    message = _TARGET_MESSAGES.get(exc.code)
    return _(message) if message else _("Chỉ tiêu không hợp lệ: %(detail)s") % {"detail": exc}


class Shape:
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RATE_STRICT = "rate_strict"
    RATE_INCLUSIVE = "rate_inclusive"
    FULL_COVERAGE = "full_coverage"
    REDUCE = "reduce"
    INCREASE = "increase"
    REDUCE_ALL = "reduce_all"

    CHOICES = [
        (AT_LEAST, "Ít nhất N"),
        (AT_MOST, "Không quá N (0 = không để xảy ra)"),
        (RATE_STRICT, "Tỷ lệ trên p% (“trên 90%”)"),
        (RATE_INCLUSIVE, "Tỷ lệ từ p% trở lên (“đạt 90%”)"),
        (FULL_COVERAGE, "100% (bao phủ toàn bộ)"),
        (REDUCE, "Giảm ít nhất p% (hoặc p–q%) so với năm trước"),
        (INCREASE, "Tăng ít nhất p% (hoặc p–q%) so với năm trước"),
        (REDUCE_ALL, "Giảm p% trên nhiều tiêu chí cùng lúc"),
    ]


def _decimal(value: object, label: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = str(value if value is not None else "").strip()
    try:
        # "1.438" is one thousand four hundred thirty-eight, "7,5" is seven and a half.
        number = parse_decimal_vi(text)
    except (NumberFormatError, InvalidOperation):
        raise ValidationError(
            _("%(label)s phải là một số, không phải “%(value)s”.")
            % {"label": label, "value": value}
        ) from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s phải là một số.") % {"label": label})
    return number


def build_target(
    *,
    shape: str,
    indicators: Sequence[Indicator],
    number: object = None,
    max_number: object = None,
    baseline_year: int | None = None,
    subject_vi: str = "",
    subject_en: str = "",
) -> Target:
    """A target from form or API input; every error becomes a Vietnamese ValidationError."""
    if not indicators:
        raise ValidationError(_("Hãy chọn chỉ số cho chỉ tiêu."))
    measures = [indicator_measure(i) for i in indicators]
    try:
        if shape == Shape.REDUCE_ALL:
            if len(measures) < 2:
                raise ValidationError(_("Chỉ tiêu nhiều tiêu chí cần ít nhất hai chỉ số."))
            parts = tuple(
                _change(m, ChangeDirection.REDUCE, number, max_number, baseline_year)
                for m in measures
            )
            return AllOf(parts=parts, subject_vi=subject_vi or None, subject_en=subject_en or None)
        if len(measures) != 1:
            raise ValidationError(_("Dạng chỉ tiêu này dùng đúng một chỉ số."))
        measure = measures[0]
        if shape == Shape.AT_LEAST:
            return AtLeast(measure=measure, n=_decimal(number, _("Số chỉ tiêu")))
        if shape == Shape.AT_MOST:
            return AtMost(measure=measure, n=_decimal(number or "0", _("Số tối đa")))
        if shape in (Shape.RATE_STRICT, Shape.RATE_INCLUSIVE):
            return RateAtLeast(
                measure=measure,
                percent=_decimal(number, _("Tỷ lệ")),
                strict=shape == Shape.RATE_STRICT,
            )
        if shape == Shape.FULL_COVERAGE:
            return FullCoverage(measure=measure)
        if shape in (Shape.REDUCE, Shape.INCREASE):
            direction = (
                ChangeDirection.REDUCE if shape == Shape.REDUCE else ChangeDirection.INCREASE
            )
            return _change(measure, direction, number, max_number, baseline_year)
    except TargetError as exc:
        raise ValidationError(target_error_message(exc)) from exc
    raise ValidationError(_("Dạng chỉ tiêu không hợp lệ."))


def _change(
    measure: Measure, direction: ChangeDirection, low: object, high: object, year: int | None
) -> Change:
    if year is None:
        raise ValidationError(_("Hãy nhập năm so sánh."))
    return Change(
        measure=measure,
        direction=direction,
        min_percent=_decimal(low, _("Mức tăng/giảm")),
        max_percent=None if high in (None, "") else _decimal(high, _("Mức tối đa")),
        baseline_year=int(year),
    )


def load_target(data: Any) -> Target | None:
    if data is None:
        return None
    return targets.target_from_dict(data)


def target_sentence(data: Any, language: str = "vi") -> str:
    target = load_target(data)
    if target is None:
        return ""
    return render.render_en(target) if language == "en" else render.render_vi(target)


# ---------------------------------------------------------------------------------------
# Movements and indicators


@transaction.atomic
def movement_create(
    *,
    name: str,
    kind: str,
    year: int,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    launched_by: Unit | None = None,
    description: str = "",
    is_sample: bool = False,
) -> Movement:
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": [_("Ngày kết thúc phải sau ngày bắt đầu.")]})
    if not name.strip():
        raise ValidationError({"name": [_("Hãy nhập tên phong trào.")]})
    return Movement.objects.create(
        name=name.strip(), kind=kind, year=year, start_date=start_date, end_date=end_date,
        decision_number=decision_number, decision_date=decision_date, launched_by=launched_by,
        description=description, is_sample=is_sample,
    )  # fmt: skip


@transaction.atomic
def indicator_save(*, indicator: Indicator) -> Indicator:
    try:
        validate_slug(indicator.code)
    except ValidationError:
        raise ValidationError(
            {"code": [_("Mã chỉ số chỉ gồm chữ không dấu, số, gạch ngang, gạch dưới.")]}
        ) from None
    if Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": [_("Mã chỉ số đã được dùng.")]})
    indicator_measure(indicator)  # the engine accepts it, or a clear message
    indicator.save()
    return indicator


# ---------------------------------------------------------------------------------------
# Covenants


def _check_version(covenant: Covenant, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != covenant.version:
        raise ValidationError(
            _(
                "Giao ước vừa được người khác sửa (phiên bản %(current)s, bạn đang sửa phiên bản "
                "%(yours)s). Hãy tải lại trang để xem thay đổi rồi sửa lại."
            )
            % {"current": covenant.version, "yours": expected_version}
        )


def _needs_reason(covenant: Covenant, reason: str) -> None:
    if covenant.status in (CovenantStatus.SIGNED, CovenantStatus.IN_FORCE) and not reason.strip():
        raise ValidationError({"reason": [_("Giao ước đã ký: mọi thay đổi phải ghi rõ lý do.")]})


def _save(instance: Any, reason: str = "", **kwargs: Any) -> None:
    """Save with the change reason kept in the history row (set before the save)."""
    instance._change_reason = history_reason(reason or "")
    instance.save(**kwargs)


def _touch(covenant: Covenant, reason: str = "") -> None:
    """Bump the version; the caller holds the row lock, so a stale editor is refused."""
    covenant.version += 1
    _save(covenant, reason, update_fields=["version"])


@transaction.atomic
def covenant_create(
    *,
    cluster: Cluster,
    movement: Movement,
    theme: str = "",
    signing_date: dt.date | None = None,
    signing_place: str = "",
    host_unit: Unit | None = None,
    scale: Decimal = Decimal(1000),
    is_sample: bool = False,
) -> Covenant:
    if Covenant.objects.filter(cluster=cluster).exists():
        raise ValidationError(_("%(cluster)s đã có giao ước.") % {"cluster": cluster})
    _check_movement(cluster, movement)
    _check_covenant_fields(cluster, signing_date, scale, host_unit)
    return Covenant.objects.create(
        cluster=cluster, movement=movement, theme=theme, signing_date=signing_date,
        signing_place=signing_place, host_unit=host_unit, scale=scale, is_sample=is_sample,
    )  # fmt: skip


def _check_movement(cluster: Cluster, movement: Movement) -> None:
    if movement.year != cluster.year:
        raise ValidationError(
            {
                "movement": [
                    _("Phong trào %(movement)s không thuộc năm %(year)s của cụm.")
                    % {"movement": movement, "year": cluster.year}
                ]
            }
        )


def _movement_of_year(year: int) -> Movement:
    movement = Movement.objects.filter(year=year, kind=MovementKind.REGULAR).order_by("pk").first()
    if movement is None:
        raise ValidationError(
            {
                "movement": [
                    _("Chưa có phong trào thi đua thường xuyên năm %(year)s.") % {"year": year}
                ]
            }
        )
    return movement


def _check_covenant_fields(
    cluster: Cluster, signing_date: dt.date | None, scale: Decimal, host_unit: Unit | None
) -> None:
    if scale <= 0:
        raise ValidationError({"scale": [_("Thang điểm phải lớn hơn 0.")]})
    if signing_date is not None and signing_date.year != cluster.year:
        raise ValidationError(
            {"signing_date": [_("Ngày ký phải thuộc năm %(year)s.") % {"year": cluster.year}]}
        )
    if (
        host_unit is not None
        and not Membership.objects.filter(cluster=cluster, unit=host_unit).exists()
    ):
        raise ValidationError({"host_unit": [_("Đơn vị đăng cai phải là thành viên của cụm.")]})


@transaction.atomic
def covenant_update(
    *, covenant: Covenant, expected_version: int | None = None, reason: str = "", **changes: Any
) -> Covenant:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    allowed = {"theme", "signing_date", "signing_place", "host_unit", "scale", "tie_break",
               "movement", "document_number"}  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(covenant, name, value)
    if "movement" in changes:
        _check_movement(covenant.cluster, covenant.movement)
    _check_covenant_fields(
        covenant.cluster, covenant.signing_date, covenant.scale, covenant.host_unit
    )
    if "scale" in changes:
        _check_points(covenant)
    if "tie_break" in changes:
        from thidua.engine.ranking import RankingError, parse_tie_break

        try:
            parse_tie_break(covenant.tie_break)
        except RankingError as exc:
            raise ValidationError({"tie_break": [_("Quy tắc xếp hạng không hợp lệ.")]}) from exc
    covenant.version += 1
    _save(covenant, reason)
    return covenant


@transaction.atomic
def covenant_copy(
    *, source: Covenant, cluster: Cluster, movement: Movement | None = None
) -> Covenant:
    """Start a covenant from another (last year's, or another cluster's) and adjust it.

    The tree, its settings and the common targets are copied; a reduction's baseline year
    moves with the covenant's year; unit-specific targets are kept for units that are
    members of the new cluster.
    """
    shift = cluster.year - source.cluster.year
    covenant = covenant_create(
        cluster=cluster,
        movement=movement or _movement_of_year(cluster.year),
        theme=source.theme,
        scale=source.scale,
        is_sample=source.is_sample,
    )
    covenant.created_from = source
    covenant.tie_break = source.tie_break
    covenant.save()
    members = set(Membership.objects.filter(cluster=cluster).values_list("unit_id", flat=True))
    mapping: dict[int, Criterion] = {}
    for old in _parents_first(
        source.criteria.order_by("position", "id").prefetch_related(
            "criterionindicator_set", "unit_targets"
        )
    ):
        new = Criterion.objects.create(
            covenant=covenant,
            parent=mapping[old.parent_id] if old.parent_id else None,
            position=old.position,
            code=old.code,
            title=old.title,
            kind=old.kind,
            max_points=old.max_points,
            settings=old.settings,
            target=_shift_baseline(old.target, shift, old.code),
            is_sample=old.is_sample,
        )
        mapping[old.pk] = new
        for link in old.criterionindicator_set.all():
            CriterionIndicator.objects.create(
                criterion=new, indicator_id=link.indicator_id, part=link.part
            )
        for unit_target in old.unit_targets.all():
            if unit_target.unit_id in members:
                UnitTarget.objects.create(
                    criterion=new, unit_id=unit_target.unit_id,
                    target=_shift_baseline(unit_target.target, shift, old.code),
                )  # fmt: skip
    return covenant


def _parents_first(criteria: Iterable[Criterion]) -> list[Criterion]:
    """Breadth-first from the roots (NULLs sort differently on SQLite and PostgreSQL)."""
    by_parent: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        by_parent.setdefault(criterion.parent_id, []).append(criterion)
    ordered: list[Criterion] = []
    level = by_parent.get(None, [])
    while level:
        ordered.extend(level)
        level = [child for parent in level for child in by_parent.get(parent.pk, [])]
    return ordered


def _shift_baseline(data: Any, years: int, code: str) -> Any:
    if data is None or years == 0:
        return data
    try:
        target = targets.target_from_dict(data)
    except TargetError as exc:
        raise ValidationError(
            _("Chỉ tiêu của tiêu chí %(code)s trong giao ước nguồn không đọc được: %(error)s")
            % {"code": code, "error": target_error_message(exc)}
        ) from exc
    parts = target.parts if isinstance(target, AllOf) else (target,)
    shifted = tuple(
        Change(
            measure=p.measure,
            direction=p.direction,
            min_percent=p.min_percent,
            max_percent=p.max_percent,
            baseline_year=p.baseline_year + years,
        )
        if isinstance(p, Change)
        else p
        for p in parts
    )
    if isinstance(target, AllOf):
        new: Target = AllOf(
            parts=shifted, subject_vi=target.subject_vi, subject_en=target.subject_en
        )
    else:
        new = shifted[0]
    return targets.target_to_dict(new)


# ---------------------------------------------------------------------------------------
# The criteria tree


@dataclass
class Node:
    criterion: Criterion
    children: list[Node] = field(default_factory=list)

    @property
    def children_points(self) -> Decimal:
        return sum((c.criterion.max_points for c in self.children), Decimal(0))

    @property
    def is_group(self) -> bool:
        return self.criterion.kind == CriterionKind.GROUP


def criteria_tree(covenant: Covenant) -> list[Node]:
    """The tree in order; one query (plus prefetches), whatever its size."""
    criteria = list(
        covenant.criteria.order_by("position", "id").prefetch_related(
            Prefetch("unit_targets", queryset=UnitTarget.objects.select_related("unit")),
            Prefetch(
                "criterionindicator_set",
                queryset=CriterionIndicator.objects.select_related("indicator"),
            ),
        )
    )
    nodes = {c.pk: Node(c) for c in criteria}
    roots: list[Node] = []
    for criterion in criteria:
        node = nodes[criterion.pk]
        if criterion.parent_id is None:
            roots.append(node)
        else:
            nodes[criterion.parent_id].children.append(node)
    return roots


def walk(nodes: Iterable[Node], depth: int = 0) -> Iterable[tuple[Node, int]]:
    for node in nodes:
        yield node, depth
        yield from walk(node.children, depth + 1)


def tree_total(covenant: Covenant) -> Decimal:
    return sum((n.criterion.max_points for n in criteria_tree(covenant)), Decimal(0))


def _check_points(covenant: Covenant) -> None:
    roots = criteria_tree(covenant)
    total = sum((n.criterion.max_points for n in roots), Decimal(0))
    if total > covenant.scale:
        raise ValidationError(
            _("Tổng điểm các nội dung (%(total)s) vượt thang điểm %(scale)s.")
            % {"total": _fmt(total), "scale": _fmt(covenant.scale)}
        )
    for node, _depth in walk(roots):
        if node.children and node.children_points > node.criterion.max_points:
            raise ValidationError(
                _("Tổng điểm các tiêu chí con của “%(code)s” (%(sum)s) vượt điểm tối đa %(max)s.")
                % {
                    "code": node.criterion.code,
                    "sum": _fmt(node.children_points),
                    "max": _fmt(node.criterion.max_points),
                }
            )


def _fmt(value: Decimal) -> str:
    from thidua.engine.numbers import format_number_vi

    return format_number_vi(value, 2, trim=True)


def _check_settings(kind: str, settings: Any, max_points: Decimal) -> dict[str, Any]:
    malformed = ValidationError({"settings": [_("Thiết lập của tiêu chí không hợp lệ.")]})
    if not isinstance(settings, dict):
        raise malformed
    if not isinstance(settings.get("items", []), list) or not all(
        isinstance(item, dict) for item in settings.get("items", [])
    ):
        raise malformed
    if not isinstance(settings.get("table", []), list):
        raise malformed
    clean: dict[str, Any] = {}
    if kind == CriterionKind.DIRECT and settings.get("per_occurrence") not in (None, ""):
        each = _decimal(settings["per_occurrence"], _("Điểm mỗi lần"))
        if each <= 0:
            raise ValidationError({"settings": [_("Điểm mỗi lần phải lớn hơn 0.")]})
        clean["per_occurrence"] = str(each)
    if kind == CriterionKind.BONUS_PENALTY:
        items = []
        for item in settings.get("items", []):
            label = str(item.get("label", "")).strip()
            points = _decimal(item.get("points"), _("Điểm cộng/trừ"))
            if not label or points == 0:
                raise ValidationError(
                    {"settings": [_("Mỗi mục cộng/trừ cần tên và số điểm khác 0.")]}
                )
            items.append({"label": label, "points": str(points)})
        if not items:
            raise ValidationError(
                {"settings": [_("Hãy khai báo ít nhất một mục cộng hoặc trừ điểm.")]}
            )
        clean["items"] = items
    if kind == CriterionKind.RANK_POINTS:
        table = [
            _decimal(p, _("Điểm theo thứ hạng")) for p in settings.get("table", DEFAULT_RANK_TABLE)
        ]
        if any(p < 0 or p > max_points for p in table):
            raise ValidationError(
                {"settings": [_("Điểm theo thứ hạng phải từ 0 đến điểm tối đa.")]}
            )
        if any(a < b for a, b in itertools.pairwise(table)):
            raise ValidationError({"settings": [_("Điểm theo thứ hạng phải giảm dần.")]})
        clean["table"] = [str(p) for p in table]
    return clean


def _next_position(covenant: Covenant, parent: Criterion | None) -> int:
    last = covenant.criteria.filter(parent=parent).order_by("-position").first()
    return (last.position + 1) if last else 0


def _editable(covenant: Covenant) -> None:
    if covenant.status == CovenantStatus.OPEN and covenant.signatures.exists():
        raise ValidationError(
            _("Đã có đơn vị ký giao ước: hãy đưa giao ước về dự thảo trước khi sửa nội dung.")
        )


@transaction.atomic
def criterion_add(
    *,
    covenant: Covenant,
    parent: Criterion | None,
    code: str,
    title: str,
    kind: str,
    max_points: Decimal,
    settings: dict[str, Any] | None = None,
    target: Target | None = None,
    indicators: Sequence[Indicator] = (),
    expected_version: int | None = None,
    reason: str = "",
    is_sample: bool = False,
) -> Criterion:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    _check_criterion(covenant, parent, code, title, kind, max_points, target)
    criterion = Criterion.objects.create(
        covenant=covenant, parent=parent, position=_next_position(covenant, parent),
        code=code.strip(), title=title.strip(), kind=kind, max_points=max_points,
        settings=_check_settings(kind, settings or {}, max_points),
        target=targets.target_to_dict(target) if target else None, is_sample=is_sample,
    )  # fmt: skip
    for part, indicator in enumerate(indicators):
        CriterionIndicator.objects.create(criterion=criterion, indicator=indicator, part=part)
    _check_points(covenant)
    _touch(covenant, reason)
    return criterion


def _check_criterion(
    covenant: Covenant,
    parent: Criterion | None,
    code: str,
    title: str,
    kind: str,
    max_points: Decimal,
    target: Target | None,
    current_pk: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not code.strip():
        errors["code"] = [_("Hãy nhập mã tiêu chí (ví dụ I, 1, 1.1).")]
    elif (
        covenant.criteria.filter(code=code.strip(), parent=parent)
        .exclude(pk=current_pk or 0)
        .exists()
    ):
        # Numbering may restart under each section (I.1, II.1), never within one.
        errors["code"] = [_("Mã “%(code)s” đã có ở cùng cấp.") % {"code": code.strip()}]
    if not title.strip():
        errors["title"] = [_("Hãy nhập nội dung tiêu chí.")]
    if kind not in CriterionKind.values:
        errors["kind"] = [_("Loại tiêu chí không hợp lệ.")]
    if max_points < 0:
        errors["max_points"] = [_("Điểm tối đa không được âm.")]
    if parent is not None and parent.covenant_id != covenant.pk:
        errors["parent"] = [_("Tiêu chí cha thuộc giao ước khác.")]
    if parent is not None and parent.kind != CriterionKind.GROUP:
        errors["parent"] = [_("Chỉ nhóm tiêu chí mới có tiêu chí con.")]
    if target is not None and kind != CriterionKind.QUANTITATIVE:
        errors["target"] = [_("Chỉ tiêu chí định lượng mới có chỉ tiêu.")]
    if target is not None:
        try:
            targets.check_baseline_year(target, covenant.year)
        except TargetError as exc:
            errors["target"] = [target_error_message(exc)]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def criterion_update(
    *,
    criterion: Criterion,
    expected_version: int | None = None,
    reason: str = "",
    indicators: Sequence[Indicator] | None = None,
    **changes: Any,
) -> Criterion:
    covenant = Covenant.objects.select_for_update().get(pk=criterion.covenant_id)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    allowed = {"code", "title", "kind", "max_points", "settings", "target"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    criterion = Criterion.objects.get(pk=criterion.pk)
    target = changes.pop("target", criterion.target and load_target(criterion.target))
    for name, value in changes.items():
        setattr(criterion, name, value)
    if criterion.kind != CriterionKind.GROUP and criterion.children.exists():
        raise ValidationError({"kind": [_("Tiêu chí đang có tiêu chí con nên phải là nhóm.")]})
    _check_criterion(
        covenant, criterion.parent, criterion.code, criterion.title, criterion.kind,
        criterion.max_points, target, current_pk=criterion.pk,
    )  # fmt: skip
    criterion.settings = _check_settings(
        criterion.kind, criterion.settings or {}, criterion.max_points
    )
    criterion.target = targets.target_to_dict(target) if target else None
    _save(criterion, reason)
    if indicators is not None:
        criterion.criterionindicator_set.all().delete()
        for part, indicator in enumerate(indicators):
            CriterionIndicator.objects.create(criterion=criterion, indicator=indicator, part=part)
    _check_points(covenant)
    _touch(covenant, reason)
    return criterion


@transaction.atomic
def criterion_delete(
    *, criterion: Criterion, expected_version: int | None = None, reason: str = ""
) -> None:
    covenant = Covenant.objects.select_for_update().get(pk=criterion.covenant_id)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    criterion.delete()
    _touch(covenant, reason)


@transaction.atomic
def criterion_move(
    *, criterion: Criterion, offset: int, expected_version: int | None = None, reason: str = ""
) -> None:
    """Move up (offset −1) or down (+1) among its siblings."""
    covenant = Covenant.objects.select_for_update().get(pk=criterion.covenant_id)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    siblings = list(
        Criterion.objects.filter(covenant=covenant, parent_id=criterion.parent_id).order_by(
            "position", "id"
        )
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == criterion.pk)
    other = index + offset
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    _touch(covenant, reason)


# ---------------------------------------------------------------------------------------
# Unit targets


def cluster_units(covenant: Covenant) -> list[Unit]:
    """Every unit that is a member of the cluster at some time in the year, in order."""
    ids = Membership.objects.filter(cluster=covenant.cluster).values_list("unit_id", flat=True)
    return list(Unit.objects.filter(pk__in=ids).order_by("sort_name"))


@transaction.atomic
def unit_target_set(
    *,
    criterion: Criterion,
    unit: Unit,
    target: Target | None,
    expected_version: int | None = None,
    reason: str = "",
) -> UnitTarget:
    """The unit's own target; `target=None` records that the unit has no target."""
    covenant = Covenant.objects.select_for_update().get(pk=criterion.covenant_id)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    if criterion.kind != CriterionKind.QUANTITATIVE:
        raise ValidationError(_("Chỉ tiêu chí định lượng mới có chỉ tiêu."))
    if not Membership.objects.filter(cluster=covenant.cluster, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s không phải thành viên của %(cluster)s.")
            % {"unit": unit, "cluster": covenant.cluster}
        )
    if target is not None:
        try:
            targets.check_baseline_year(target, covenant.year)
        except TargetError as exc:
            raise ValidationError(target_error_message(exc)) from exc
    unit_target = UnitTarget.objects.filter(criterion=criterion, unit=unit).first() or UnitTarget(
        criterion=criterion, unit=unit
    )
    unit_target.target = targets.target_to_dict(target) if target else None
    _save(unit_target, reason)
    _touch(covenant, reason)
    return unit_target


@transaction.atomic
def unit_target_clear(
    *, criterion: Criterion, unit: Unit, expected_version: int | None = None, reason: str = ""
) -> None:
    """Back to the common target."""
    covenant = Covenant.objects.select_for_update().get(pk=criterion.covenant_id)
    _check_version(covenant, expected_version)
    _needs_reason(covenant, reason)
    _editable(covenant)
    UnitTarget.objects.filter(criterion=criterion, unit=unit).delete()
    _touch(covenant, reason)


def target_for(criterion: Criterion, unit: Unit) -> Target | None:
    """The unit's target: its own if set (None = no target), else the common one."""
    for unit_target in criterion.unit_targets.all():
        if unit_target.unit_id == unit.pk:
            return load_target(unit_target.target)
    return load_target(criterion.target)


# ---------------------------------------------------------------------------------------
# Signing


def required_signers(covenant: Covenant) -> list[Unit]:
    day = covenant.signing_date or covenant.cluster.start
    members = org.members_on(cluster=covenant.cluster, on=day)
    return members or cluster_units(covenant)


@transaction.atomic
def covenant_open_for_signing(
    *, covenant: Covenant, expected_version: int | None = None
) -> Covenant:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    _check_version(covenant, expected_version)
    if covenant.status != CovenantStatus.DRAFT:
        raise ValidationError(_("Chỉ giao ước dự thảo mới được đưa ra ký."))
    if not covenant.criteria.exists():
        raise ValidationError(_("Giao ước chưa có tiêu chí nào."))
    total = tree_total(covenant)
    if total != covenant.scale:
        raise ValidationError(
            _("Tổng điểm các nội dung là %(total)s, chưa bằng thang điểm %(scale)s.")
            % {"total": _fmt(total), "scale": _fmt(covenant.scale)}
        )
    covenant.status = CovenantStatus.OPEN
    covenant.version += 1
    covenant.save()
    return covenant


@transaction.atomic
def covenant_back_to_draft(
    *, covenant: Covenant, reason: str, expected_version: int | None = None
) -> Covenant:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    _check_version(covenant, expected_version)
    if covenant.status != CovenantStatus.OPEN:
        raise ValidationError(_("Chỉ giao ước đang ký mới đưa về dự thảo được."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do.")]})
    covenant.signatures.all().delete()
    covenant.status = CovenantStatus.DRAFT
    covenant.version += 1
    _save(covenant, reason)
    return covenant


@transaction.atomic
def covenant_sign(
    *,
    covenant: Covenant,
    unit: Unit,
    signer_name: str,
    signer_title: str,
    signed_on: dt.date,
    by: Any = None,
) -> Signature:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status != CovenantStatus.OPEN:
        raise ValidationError(_("Giao ước không ở trạng thái đang ký."))
    if unit.pk not in {u.pk for u in required_signers(covenant)}:
        raise ValidationError(
            _("%(unit)s không phải thành viên của cụm nên không ký giao ước này.") % {"unit": unit}
        )
    if Signature.objects.filter(covenant=covenant, unit=unit).exists():
        raise ValidationError(_("%(unit)s đã ký giao ước này.") % {"unit": unit})
    if not signer_name.strip() or not signer_title.strip():
        raise ValidationError(_("Hãy nhập họ tên và chức vụ người ký."))
    if signed_on.year != covenant.year:
        raise ValidationError(_("Ngày ký phải thuộc năm %(year)s.") % {"year": covenant.year})
    signature = Signature.objects.create(
        covenant=covenant, unit=unit, signer_name=signer_name.strip(),
        signer_title=signer_title.strip(), signed_on=signed_on, recorded_by=by,
    )  # fmt: skip
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    if all(u.pk in signed for u in required_signers(covenant)):
        covenant.status = CovenantStatus.SIGNED
        covenant.version += 1
        covenant.save()
    return signature


@transaction.atomic
def covenant_put_in_force(*, covenant: Covenant, expected_version: int | None = None) -> Covenant:
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    _check_version(covenant, expected_version)
    if covenant.status != CovenantStatus.SIGNED:
        raise ValidationError(_("Giao ước chỉ có hiệu lực khi mọi đơn vị đã ký."))
    covenant.status = CovenantStatus.IN_FORCE
    covenant.version += 1
    covenant.save()
    return covenant


def covenants_for(clusters: QuerySet[Cluster]) -> QuerySet[Covenant]:
    return (
        Covenant.objects.filter(cluster__in=clusters)
        .select_related("cluster", "movement", "host_unit")
        .order_by("-cluster__year", "cluster__number")
    )
