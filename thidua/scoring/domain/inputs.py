"""What a scorer gives for a criterion of each kind, checked and scored by the engine.

An input is stored as a small dict of the criterion's kind:

| kind | input | engine |
|---|---|---|
| qualitative | {"met": true} | score_qualitative |
| direct entry | {"points": "7.5"} | score_direct |
| direct, per occurrence | {"occurrences": 3} | score_per_occurrence |
| bonus / penalty | {"counts": {"0": 1, "2": 1}} (item index → count) | score_adjustments |
| rank points | {"ranks": [1, 2, 2]} (one per assessor) | score_rank_points |

Quantitative criteria take no input: they are scored from the approved year figures
(figures.py). The engine computes every point; this module only reads, checks and
translates its errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thidua.covenants.models import Criterion, CriterionKind
from thidua.engine.numbers import NumberFormatError, format_number_vi, parse_decimal_vi, places_of
from thidua.engine.scoring import (
    DEFAULT_RANK_POINTS,
    AdjustmentItem,
    CriterionScore,
    RankPointsTable,
    ScoreStatus,
    ScoringError,
    score_adjustments,
    score_direct,
    score_per_occurrence,
    score_qualitative,
    score_rank_points,
)

RawNumber = Decimal | int | str | None

# Far above any real count; keeps a typo (30000 training sessions) from being stored.
MAX_OCCURRENCES = 1000
MAX_ASSESSORS = 20
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ScoreInput:
    """One criterion's input at one step; only the field of the criterion's kind is read.

    `note` is the unit's note when self-scoring, the reason when verifying or deciding.
    An input with nothing for its kind clears the step's input (at the verified and final
    steps: back to "as the step before").
    """

    criterion: Criterion
    met: bool | None = None
    points: RawNumber = None
    occurrences: int | None = None
    counts: Mapping[int | str, int] | None = None
    ranks: Sequence[int] | None = None
    note: str = ""

    @property
    def gives_points(self) -> bool:
        return any(
            value is not None
            for value in (self.met, self.points, self.occurrences, self.counts, self.ranks)
        )


def points_text(value: Decimal) -> str:
    return format_number_vi(value, 2, trim=True)


def per_occurrence(criterion: Criterion) -> Decimal | None:
    each = (criterion.settings or {}).get("per_occurrence")
    return Decimal(str(each)) if each not in (None, "") else None


def adjustment_items(criterion: Criterion) -> tuple[AdjustmentItem, ...]:
    """The criterion's bonus and penalty items, coded by their position in the settings."""
    return tuple(
        AdjustmentItem(code=str(index), points=Decimal(str(item["points"])), label=item["label"])
        for index, item in enumerate((criterion.settings or {}).get("items", []))
    )


def rank_table(criterion: Criterion) -> RankPointsTable:
    table = (criterion.settings or {}).get("table")
    if not table:
        return DEFAULT_RANK_POINTS
    return RankPointsTable(tuple(Decimal(str(p)) for p in table))


def _fail(criterion: Criterion, message: str) -> ValidationError:
    # Keyed by id: codes repeat under different groups (I.1, II.1).
    return ValidationError({str(criterion.pk): [message]})


def _points(criterion: Criterion, raw: RawNumber) -> Decimal:
    label = {"code": criterion.code}
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int | str):
        raise _fail(criterion, _("Điểm của tiêu chí %(code)s phải là một số.") % label)
    try:
        number = parse_decimal_vi(raw) if isinstance(raw, str) else Decimal(raw)
    except (NumberFormatError, InvalidOperation):
        raise _fail(
            criterion,
            _("Điểm của tiêu chí %(code)s: “%(text)s” không phải là số.")
            % {**label, "text": str(raw).strip()},
        ) from None
    if not number.is_finite():
        raise _fail(criterion, _("Điểm của tiêu chí %(code)s phải là một số.") % label)
    if places_of(number) > 2:
        raise _fail(
            criterion, _("Điểm của tiêu chí %(code)s có nhiều nhất 2 chữ số thập phân.") % label
        )
    return number


def _count(criterion: Criterion, raw: Any, what: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail(
            criterion,
            _("%(what)s của tiêu chí %(code)s phải là số nguyên.")
            % {"what": what, "code": criterion.code},
        )
    if raw < 0:
        raise _fail(
            criterion,
            _("%(what)s của tiêu chí %(code)s không được âm.")
            % {"what": what, "code": criterion.code},
        )
    if raw > MAX_OCCURRENCES:
        raise _fail(
            criterion,
            _("%(what)s của tiêu chí %(code)s không quá %(max)s.")
            % {"what": what, "code": criterion.code, "max": MAX_OCCURRENCES},
        )
    return raw


def clean_input(entry: ScoreInput, *, units: int) -> dict[str, Any] | None:
    """The stored form of the entry's input, checked; None when it gives nothing.

    `units` is the number of units scored in the cluster: an assessor's rank lies within it.
    """
    criterion = entry.criterion
    kind = criterion.kind
    code = {"code": criterion.code}
    if kind == CriterionKind.QUANTITATIVE:
        if entry.gives_points:
            raise _fail(
                criterion,
                _(
                    "Tiêu chí %(code)s là tiêu chí định lượng: điểm được tính tự động từ số "
                    "liệu năm đã duyệt, không ai nhập điểm này."
                )
                % code,
            )
        return None
    if kind == CriterionKind.GROUP:
        raise _fail(
            criterion,
            _("%(code)s là nhóm tiêu chí: điểm của nhóm là tổng các tiêu chí con.") % code,
        )
    if not entry.gives_points:
        return None
    # Only the field of the criterion's kind may be given: another is a mistake to report.
    wanted = _wanted_field(criterion)
    given = {
        name
        for name in ("met", "points", "occurrences", "counts", "ranks")
        if getattr(entry, name) is not None
    }
    if given != {wanted}:
        raise _fail(criterion, _expected_message(criterion))
    if wanted == "met":
        if not isinstance(entry.met, bool):
            raise _fail(criterion, _expected_message(criterion))
        cleaned: dict[str, Any] = {"met": entry.met}
    elif wanted == "points":
        # Two places always: "40" and "40.00" are the same input, saved once.
        cleaned = {"points": str(_points(criterion, entry.points).quantize(CENT))}
    elif wanted == "occurrences":
        cleaned = {"occurrences": _count(criterion, entry.occurrences, _("Số lần"))}
    elif wanted == "counts":
        cleaned = {"counts": _clean_counts(criterion, entry.counts or {})}
    else:
        cleaned = {"ranks": _clean_ranks(criterion, entry.ranks or (), units)}
    # The engine refuses what it cannot score (points above the maximum …): checked now,
    # so that nothing unscorable is ever stored.
    score_input(criterion, cleaned, unit="check")
    return cleaned


def _wanted_field(criterion: Criterion) -> str:
    if criterion.kind == CriterionKind.QUALITATIVE:
        return "met"
    if criterion.kind == CriterionKind.DIRECT:
        return "occurrences" if per_occurrence(criterion) is not None else "points"
    if criterion.kind == CriterionKind.BONUS_PENALTY:
        return "counts"
    return "ranks"


def _expected_message(criterion: Criterion) -> str:
    code = {"code": criterion.code}
    field = _wanted_field(criterion)
    if field == "met":
        return _("Tiêu chí %(code)s là tiêu chí định tính: chỉ chọn đạt hoặc không đạt.") % code
    if field == "points":
        return _("Tiêu chí %(code)s chấm thẳng: hãy nhập số điểm.") % code
    if field == "occurrences":
        return _("Tiêu chí %(code)s chấm theo số lần: hãy nhập số lần.") % code
    if field == "counts":
        return _("Tiêu chí %(code)s cộng, trừ điểm: hãy nhập số lần của từng mục.") % code
    return (
        _("Tiêu chí %(code)s chấm theo thứ hạng: hãy nhập thứ hạng của từng đơn vị đánh giá.")
        % code
    )


def _clean_counts(criterion: Criterion, counts: Mapping[int | str, int]) -> dict[str, int]:
    items = adjustment_items(criterion)
    if not isinstance(counts, Mapping):
        raise _fail(criterion, _expected_message(criterion))
    cleaned: dict[str, int] = {}
    for key, count in counts.items():
        code = str(key).strip()
        if not code.isdigit() or int(code) >= len(items):
            raise _fail(
                criterion,
                _("Tiêu chí %(code)s không có mục cộng, trừ số %(item)s.")
                % {"code": criterion.code, "item": key},
            )
        number = _count(criterion, count, _("Số lần"))
        if number:
            cleaned[str(int(code))] = number
    return dict(sorted(cleaned.items(), key=lambda pair: int(pair[0])))


def _clean_ranks(criterion: Criterion, ranks: Sequence[int], units: int) -> list[int]:
    if isinstance(ranks, str | bytes) or not isinstance(ranks, Sequence) or not ranks:
        raise _fail(criterion, _expected_message(criterion))
    if len(ranks) > MAX_ASSESSORS:
        raise _fail(
            criterion,
            _("Tiêu chí %(code)s: nhiều nhất %(max)s đơn vị đánh giá.")
            % {"code": criterion.code, "max": MAX_ASSESSORS},
        )
    cleaned = []
    for rank in ranks:
        if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= max(units, 1):
            raise _fail(
                criterion,
                _("Thứ hạng ở tiêu chí %(code)s phải là số nguyên từ 1 đến %(units)s.")
                % {"code": criterion.code, "units": max(units, 1)},
            )
        cleaned.append(rank)
    return cleaned


_ENGINE_MESSAGES = {
    "above_maximum": gettext_noop("Điểm của tiêu chí %(code)s vượt điểm tối đa %(max)s."),
    "negative_points": gettext_noop("Điểm của tiêu chí %(code)s không được âm."),
    "negative_occurrences": gettext_noop("Số lần ở tiêu chí %(code)s không được âm."),
    "unknown_item": gettext_noop("Tiêu chí %(code)s không có mục cộng, trừ này."),
    "invalid_rank": gettext_noop("Thứ hạng ở tiêu chí %(code)s phải từ 1 trở lên."),
}


def score_input(
    criterion: Criterion, data: Mapping[str, Any] | None, *, unit: str
) -> CriterionScore:
    """The engine's score of a stored input (None: nothing given yet)."""
    data = data or {}
    maximum = criterion.max_points
    try:
        if criterion.kind == CriterionKind.QUALITATIVE:
            return score_qualitative(unit, data.get("met"), maximum=maximum)
        if criterion.kind == CriterionKind.DIRECT:
            each = per_occurrence(criterion)
            if each is not None:
                return score_per_occurrence(
                    unit, data.get("occurrences"), points_each=each, maximum=maximum
                )
            raw = data.get("points")
            return score_direct(unit, None if raw is None else Decimal(raw), maximum=maximum)
        if criterion.kind == CriterionKind.BONUS_PENALTY:
            return score_adjustments(
                unit, data.get("counts") or {}, items=adjustment_items(criterion)
            )
        if criterion.kind == CriterionKind.RANK_POINTS:
            return score_rank_points(
                unit, data.get("ranks") or (), maximum=maximum, table=rank_table(criterion)
            )
    except ScoringError as exc:
        message = _ENGINE_MESSAGES.get(exc.code)
        if message is None:
            raise
        raise _fail(
            criterion, _(message) % {"code": criterion.code, "max": points_text(maximum)}
        ) from exc
    # A group without children: nothing below it to score.
    return CriterionScore(unit, None, Decimal(0), ScoreStatus.NOT_SCORED)
