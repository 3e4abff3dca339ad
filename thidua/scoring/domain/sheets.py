"""Writes: a unit's score sheet through the workflow of DOMAIN.md §5, and the cluster's lock.

    draft ──submit──▶ submitted ──verify done──▶ verified ──explain done──▶ explained
      (unit)            (cluster head / office)     (unit)                   (office)
                                  └── nothing changed: straight to explained ──┘
    explained ──finalize done──▶ final ──lock (all units)──▶ locked ──reopen──▶ explained

Every write locks the sheet row, checks the version the writer saw (a stale writer is told
who saved in between, as for reports), checks who acts (thidua.scoring.access), checks the
step, validates everything before changing anything, and saves with the actor, the time
and the reason in the history rows. Points come from the engine only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from thidua.core.writes import lock_version, now_or, save_audited, touch
from thidua.covenants.models import Covenant, CovenantStatus, Criterion, CriterionKind
from thidua.org.models import Membership, Unit
from thidua.scoring import access
from thidua.scoring.domain.figures import figures_snapshot
from thidua.scoring.domain.inputs import ScoreInput, clean_input, points_text, score_input
from thidua.scoring.domain.selectors import cluster_score_table, december, ranking_snapshot
from thidua.scoring.models import (
    CovenantScoring,
    Score,
    ScoreSheet,
    ScoringStatus,
    SheetStatus,
)

SCORABLE_COVENANTS = frozenset({CovenantStatus.SIGNED, CovenantStatus.IN_FORCE})
# While the unit holds the sheet: it may change its inputs, explanations and evidence.
UNIT_STEPS = frozenset({SheetStatus.DRAFT, SheetStatus.VERIFIED})
# The column each state waits for, and the step that closes it.
STEP_OF_STATUS = {
    SheetStatus.DRAFT: "self",
    SheetStatus.SUBMITTED: "verify",
    SheetStatus.VERIFIED: "explain",
    SheetStatus.EXPLAINED: "final",
    SheetStatus.FINAL: "final",
}
CLOSING_ACTION = {
    SheetStatus.DRAFT: "submit",
    SheetStatus.SUBMITTED: "verify_done",
    SheetStatus.VERIFIED: "explain_done",
    SheetStatus.EXPLAINED: "finalize_done",
}


def current_step(user: Any, sheet: ScoreSheet) -> str:
    """Which column the user may fill in now: self, verify, explain, final, or none."""
    step = STEP_OF_STATUS.get(SheetStatus(sheet.status), "")
    return step if step and access.can_take_step(user, sheet, step) else ""


def sheet_actions(user: Any, sheet: ScoreSheet) -> list[str]:
    """The workflow buttons the user has on the sheet now."""
    status = SheetStatus(sheet.status)
    found = []
    action = CLOSING_ACTION.get(status)
    if action and access.can_take_step(user, sheet, STEP_OF_STATUS[status]):
        found.append(action)
    if status != SheetStatus.LOCKED and access.can_decide(user, sheet.covenant.cluster):
        found.append("refresh")
    return found


def can_change_evidence(user: Any, sheet: ScoreSheet) -> bool:
    """The unit adds and removes evidence while it holds the sheet."""
    return sheet.status in UNIT_STEPS and access.can_score_unit(user, sheet.unit)


@dataclass(frozen=True)
class Explanation:
    """The unit's answer (giải trình) on a criterion whose score the verifier changed;
    empty text withdraws it."""

    criterion: Criterion
    text: str


# ---------------------------------------------------------------------------------------
# Helpers


def _locked(sheet: ScoreSheet, expected_version: int) -> ScoreSheet:
    """The sheet row, locked for this transaction, if nobody saved it since the version."""
    return lock_version(
        ScoreSheet.objects.select_related("covenant__cluster", "unit", "updated_by"),
        sheet.pk,
        expected_version,
        message=_(
            "Bảng điểm của %(unit)s vừa được %(who)s lưu lúc %(when)s (phiên bản "
            "%(current)s; bạn đang sửa phiên bản %(yours)s). Thay đổi của bạn chưa được "
            "lưu: hãy tải lại bảng điểm, xem thay đổi rồi làm lại."
        ),
        names=lambda current: {"unit": current.unit},
    )


LOCKED_MESSAGE = gettext_noop(
    "Kết quả chấm điểm của %(unit)s đã khóa và công bố: không sửa được nữa. Nếu cần sửa, cơ "
    "quan thường trực thi đua phải mở lại kết quả, kèm lý do."
)


def _status_error(sheet: ScoreSheet, wanted: str) -> ValidationError:
    if sheet.status == SheetStatus.LOCKED:
        return ValidationError(_(LOCKED_MESSAGE) % {"unit": sheet.unit}, code="locked")
    return ValidationError(
        _("%(wanted)s Bảng điểm của %(unit)s đang ở bước “%(status)s”.")
        % {"wanted": wanted, "unit": sheet.unit, "status": sheet.get_status_display()},
        code="status",
    )


def _require(sheet: ScoreSheet, allowed: frozenset[str] | set[str], wanted: str) -> None:
    if sheet.status not in allowed:
        raise _status_error(sheet, wanted)


def _scored_unit_ids(covenant: Covenant) -> set[int]:
    """Members in the year's last month: those the year report and the scores cover."""
    first, last = december(covenant.cluster.year)
    return set(
        Membership.objects.filter(
            cluster_id=covenant.cluster_id, start_date__lte=last, end_date__gte=first
        ).values_list("unit_id", flat=True)
    )


def _leaves(covenant: Covenant) -> list[Criterion]:
    """The criteria that take a score: every criterion but groups."""
    return list(
        Criterion.objects.filter(covenant=covenant)
        .exclude(kind=CriterionKind.GROUP)
        .order_by("position", "id")
    )


def _scores(sheet: ScoreSheet, *, by: Any, at: dt.datetime) -> dict[int, Score]:
    """Criterion id → the sheet's score; rows for criteria added since are created."""
    scores = {
        s.criterion_id: s for s in Score.objects.filter(sheet=sheet).select_related("criterion")
    }
    for criterion in _leaves(sheet.covenant):
        if criterion.pk not in scores:
            score = Score(sheet=sheet, criterion=criterion, is_sample=sheet.is_sample)
            save_audited(score, by=by, at=at, reason=_("Mở bảng điểm"))
            scores[criterion.pk] = score
        else:
            # The criterion as it is now (kind, maximum, settings) scores the input.
            scores[criterion.pk].criterion = criterion
    return scores


def _refresh(sheet: ScoreSheet, scores: dict[int, Score], *, by: Any, at: dt.datetime) -> bool:
    """Read the approved year figures again; True when a snapshot changed."""
    changed = False
    for criterion_id, snapshot in figures_snapshot(
        covenant=sheet.covenant, unit=sheet.unit
    ).items():
        score = scores.get(criterion_id)
        if score is None or score.figures == snapshot:
            continue
        score.figures = snapshot
        save_audited(score, by=by, at=at, reason=_("Số liệu năm đã duyệt"))
        changed = True
    sheet.figures_at = at
    return changed


def _units_count(covenant: Covenant) -> int:
    return len(_scored_unit_ids(covenant))


def _clean_entries(
    sheet: ScoreSheet, scores: dict[int, Score], entries: Sequence[ScoreInput]
) -> list[tuple[Score, ScoreInput, dict[str, Any] | None]]:
    """Each entry checked against its criterion; every problem named, nothing saved."""
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    units = _units_count(sheet.covenant)
    cleaned = []
    for entry in entries:
        key = str(entry.criterion.pk)
        score = scores.get(entry.criterion.pk)
        if score is None:
            errors.setdefault(key, []).append(
                _("Tiêu chí %(code)s không thuộc giao ước của bảng điểm này hoặc là nhóm tiêu chí.")
                % {"code": entry.criterion.code}
            )
            continue
        if entry.criterion.pk in seen:
            errors.setdefault(key, []).append(
                _("Tiêu chí %(code)s được nhập hai lần.") % {"code": entry.criterion.code}
            )
            continue
        seen.add(entry.criterion.pk)
        try:
            data = clean_input(
                ScoreInput(
                    criterion=score.criterion, met=entry.met, points=entry.points,
                    occurrences=entry.occurrences, counts=entry.counts, ranks=entry.ranks,
                    note=entry.note,
                ),
                units=units,
            )  # fmt: skip
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                errors.setdefault(key, []).extend(messages)
            continue
        cleaned.append((score, entry, data))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _points(criterion: Criterion, data: Any) -> Decimal | None:
    return score_input(criterion, data, unit="-").points


def _shown(value: Decimal | None) -> str:
    return points_text(value) if value is not None else _("chưa chấm")


def _verified_data(score: Score) -> Any:
    return score.self_input if score.verified_input is None else score.verified_input


def _override(
    sheet: ScoreSheet,
    entries: Sequence[ScoreInput],
    *,
    by: Any,
    at: dt.datetime,
    field: str,
    baseline: Callable[[Score], Any],
    unexplained: Callable[[Score, Decimal | None, Decimal | None], str],
    reason: str,
) -> None:
    """Scores of one stage (`field`: "verified", "final") over those of the stage before
    (`baseline`), each with its reason: required wherever the points differ from the
    baseline's (`unexplained` says so). Nothing is saved unless every entry is fine."""
    scores = _scores(sheet, by=by, at=at)
    cleaned = _clean_entries(sheet, scores, entries)
    errors: dict[str, list[str]] = {}
    for score, entry, data in cleaned:
        if data is None or entry.note.strip():
            continue
        points = _points(score.criterion, data)
        before = _points(score.criterion, baseline(score))
        if points != before:
            errors.setdefault(str(score.criterion.pk), []).append(
                unexplained(score, points, before)
            )
    if errors:
        raise ValidationError(errors)
    changed = False
    for score, entry, data in cleaned:
        note = entry.note.strip()
        if getattr(score, f"{field}_input") == data and getattr(score, f"{field}_reason") == note:
            continue
        setattr(score, f"{field}_input", data)
        setattr(score, f"{field}_reason", note)
        save_audited(score, by=by, at=at, reason=note or reason)
        changed = True
    if changed:
        touch(sheet, by=by, at=at, reason=reason)


def _changed_by_verifier(score: Score) -> bool:
    if score.criterion.kind == CriterionKind.QUANTITATIVE or score.verified_input is None:
        return False
    return _points(score.criterion, score.verified_input) != _points(
        score.criterion, score.self_input
    )


# ---------------------------------------------------------------------------------------
# Opening and self-scoring: the unit


def _scoring_for(covenant: Covenant, *, by: Any, at: dt.datetime, is_sample: bool) -> None:
    if CovenantScoring.objects.filter(covenant=covenant).exists():
        return
    scoring = CovenantScoring(covenant=covenant, is_sample=is_sample, updated_at=at, updated_by=by)
    try:
        with transaction.atomic():
            save_audited(scoring, by=by, at=at, reason=_("Bắt đầu chấm điểm"))
    except IntegrityError:
        # Another unit opened its sheet at the same moment: its row serves for both.
        pass


@transaction.atomic
def scoresheet_open(
    *,
    covenant: Covenant,
    unit: Unit,
    by: Any,
    is_sample: bool = False,
    at: dt.datetime | None = None,
) -> ScoreSheet:
    """The unit's sheet on the covenant, opened as a draft (with the figures read) if new."""
    if not access.can_score_unit(by, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua của %(unit)s mới mở, tự chấm và nộp bảng điểm của đơn vị.")
            % {"unit": unit}
        )
    if unit.pk not in _scored_unit_ids(covenant):
        raise ValidationError(
            _(
                "%(unit)s không phải thành viên của %(cluster)s vào cuối năm %(year)s nên không "
                "được chấm điểm theo giao ước này."
            )
            % {"unit": unit, "cluster": covenant.cluster, "year": covenant.cluster.year},
            code="not_member",
        )
    existing = ScoreSheet.objects.filter(covenant=covenant, unit=unit).first()
    if existing is not None:
        return existing
    if covenant.status not in SCORABLE_COVENANTS:
        raise ValidationError(
            _("Giao ước của %(cluster)s chưa được ký đủ nên chưa chấm điểm được.")
            % {"cluster": covenant.cluster},
            code="covenant_not_signed",
        )
    scoring = CovenantScoring.objects.filter(covenant=covenant).first()
    if scoring is not None and scoring.status == ScoringStatus.PUBLISHED:
        raise ValidationError(_(LOCKED_MESSAGE) % {"unit": unit}, code="locked")
    now = now_or(at)
    _scoring_for(covenant, by=by, at=now, is_sample=is_sample)
    sheet = ScoreSheet(
        covenant=covenant, unit=unit, is_sample=is_sample, created_at=now, updated_at=now,
        updated_by=by, figures_at=now,
    )  # fmt: skip
    try:
        with transaction.atomic():
            save_audited(sheet, by=by, at=now, reason=_("Mở bảng điểm"))
    except IntegrityError:
        return ScoreSheet.objects.get(covenant=covenant, unit=unit)
    # Read in the same transaction as the sheet is created: figures_at is already right.
    _refresh(sheet, _scores(sheet, by=by, at=now), by=by, at=now)
    return sheet


def _unit_denied(unit: Unit, what: str) -> PermissionDenied:
    return PermissionDenied(
        _("Chỉ cán bộ thi đua của %(unit)s mới %(what)s.") % {"unit": unit, "what": what}
    )


@transaction.atomic
def score_self_save(
    *,
    sheet: ScoreSheet,
    by: Any,
    expected_version: int,
    entries: Sequence[ScoreInput],
    at: dt.datetime | None = None,
) -> ScoreSheet:
    """The unit's self-scores: all the entries, or none with every problem named.

    Quantitative criteria are read again from the approved year figures; they take notes,
    never points.
    """
    if not access.can_score_unit(by, sheet.unit):
        raise _unit_denied(sheet.unit, _("tự chấm điểm của đơn vị"))
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.DRAFT}, _("Chỉ tự chấm được khi bảng điểm chưa nộp."))
    now = now_or(at)
    scores = _scores(sheet, by=by, at=now)
    changed = False
    for score, entry, data in _clean_entries(sheet, scores, entries):
        note = entry.note.strip()
        if score.self_input == data and score.self_note == note:
            continue
        score.self_input, score.self_note = data, note
        save_audited(score, by=by, at=now, reason=_("Tự chấm"))
        changed = True
    changed = _refresh(sheet, scores, by=by, at=now) or changed
    if changed:
        touch(sheet, by=by, at=now, reason=_("Tự chấm"))
    return sheet


def _missing_for_submission(scores: dict[int, Score]) -> list[str]:
    missing = []
    for score in sorted(scores.values(), key=lambda s: (s.criterion.position, s.criterion.pk)):
        criterion = score.criterion
        if criterion.kind == CriterionKind.QUANTITATIVE:
            figures = score.figures or {}
            if figures.get("has_target") and figures.get("ratio") is None:
                missing.append(
                    _("tiêu chí %(code)s (chưa có số liệu năm đã duyệt)") % {"code": criterion.code}
                )
        elif criterion.kind != CriterionKind.BONUS_PENALTY and score.self_input is None:
            # No bonus or penalty item is a complete answer; every other kind needs one.
            missing.append(_("tiêu chí %(code)s") % {"code": criterion.code})
    return missing


@transaction.atomic
def scoresheet_submit(
    *, sheet: ScoreSheet, by: Any, expected_version: int, at: dt.datetime | None = None
) -> ScoreSheet:
    """The unit sends its self-scores for verification, on the latest approved figures."""
    if not access.can_score_unit(by, sheet.unit):
        raise _unit_denied(sheet.unit, _("nộp bảng điểm của đơn vị"))
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.DRAFT}, _("Chỉ bảng điểm đang tự chấm mới nộp được."))
    now = now_or(at)
    scores = _scores(sheet, by=by, at=now)
    _refresh(sheet, scores, by=by, at=now)
    missing = _missing_for_submission(scores)
    if missing:
        raise ValidationError(
            _("Chưa đủ để nộp bảng điểm của %(unit)s: %(missing)s.")
            % {"unit": sheet.unit, "missing": "; ".join(missing)},
            code="incomplete",
        )
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at, sheet.submitted_by = now, by
    touch(sheet, by=by, at=now, reason=pgettext("history", "Nộp bảng tự chấm"))
    return sheet


# ---------------------------------------------------------------------------------------
# Verification: the cluster head's officers (the office for the head's own unit)


def _check_verifier(sheet: ScoreSheet, by: Any, now: dt.datetime) -> None:
    cluster = sheet.covenant.cluster
    day = access.review_day(cluster, timezone.localdate(now))
    if access.can_verify(by, sheet, on=day):
        return
    if access.is_unit_officer(by, sheet.unit) and access.is_cluster_head_officer(by, cluster, day):
        raise PermissionDenied(
            _(
                "Cán bộ đơn vị Cụm trưởng không tự thẩm định điểm của đơn vị mình; cơ quan "
                "thường trực thi đua thẩm định bảng điểm này."
            )
        )
    raise PermissionDenied(
        _("Chỉ cán bộ đơn vị Cụm trưởng hoặc cơ quan thường trực thi đua mới thẩm định điểm.")
    )


@transaction.atomic
def score_verify(
    *,
    sheet: ScoreSheet,
    by: Any,
    expected_version: int,
    entries: Sequence[ScoreInput],
    at: dt.datetime | None = None,
) -> ScoreSheet:
    """Verified scores with their reasons; a reason is required wherever the verified
    score differs from the self-score. An entry without points keeps the self-score."""
    now = now_or(at)
    _check_verifier(sheet, by, now)
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.SUBMITTED}, _("Chỉ thẩm định được bảng điểm đã nộp."))
    _override(
        sheet,
        entries,
        by=by,
        at=now,
        field="verified",
        baseline=lambda score: score.self_input,
        unexplained=lambda score, verified, own: (
            _(
                "Điểm thẩm định của tiêu chí %(code)s (%(verified)s) khác điểm tự chấm "
                "(%(own)s): hãy ghi lý do."
            )
            % {"code": score.criterion.code, "verified": _shown(verified), "own": _shown(own)}
        ),
        reason=_("Thẩm định"),
    )
    return sheet


@transaction.atomic
def scoresheet_verify_done(
    *, sheet: ScoreSheet, by: Any, expected_version: int, at: dt.datetime | None = None
) -> ScoreSheet:
    """Verification finished: to the unit for its explanation when a score was changed,
    otherwise straight to the office (nothing to explain)."""
    now = now_or(at)
    _check_verifier(sheet, by, now)
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.SUBMITTED}, _("Chỉ thẩm định được bảng điểm đã nộp."))
    scores = _scores(sheet, by=by, at=now)
    changed = any(_changed_by_verifier(score) for score in scores.values())
    sheet.status = SheetStatus.VERIFIED if changed else SheetStatus.EXPLAINED
    sheet.verified_at, sheet.verified_by = now, by
    reason = (
        _("Thẩm định xong, chờ đơn vị giải trình")
        if changed
        else _("Thẩm định xong, giữ nguyên điểm tự chấm")
    )
    touch(sheet, by=by, at=now, reason=reason)
    return sheet


# ---------------------------------------------------------------------------------------
# Explanation: the unit


@transaction.atomic
def score_explain(
    *,
    sheet: ScoreSheet,
    by: Any,
    expected_version: int,
    entries: Sequence[Explanation],
    at: dt.datetime | None = None,
) -> ScoreSheet:
    """The unit's explanations on criteria whose score the verifier changed."""
    if not access.can_score_unit(by, sheet.unit):
        raise _unit_denied(sheet.unit, _("giải trình điểm của đơn vị"))
    sheet = _locked(sheet, expected_version)
    _require(
        sheet,
        {SheetStatus.VERIFIED},
        _("Chỉ giải trình được sau khi thẩm định và trước khi cơ quan thường trực quyết định."),
    )
    now = now_or(at)
    scores = _scores(sheet, by=by, at=now)
    errors: dict[str, list[str]] = {}
    chosen = []
    for entry in entries:
        score = scores.get(entry.criterion.pk)
        if score is None or not _changed_by_verifier(score):
            errors.setdefault(str(entry.criterion.pk), []).append(
                _(
                    "Điểm của tiêu chí %(code)s không bị thay đổi khi thẩm định nên không cần "
                    "giải trình."
                )
                % {"code": entry.criterion.code}
            )
            continue
        chosen.append((score, entry.text.strip()))
    if errors:
        raise ValidationError(errors)
    changed = False
    for score, text in chosen:
        if score.explanation == text:
            continue
        score.explanation = text
        save_audited(score, by=by, at=now, reason=_("Giải trình"))
        changed = True
    if changed:
        touch(sheet, by=by, at=now, reason=_("Giải trình"))
    return sheet


@transaction.atomic
def scoresheet_explain_done(
    *, sheet: ScoreSheet, by: Any, expected_version: int, at: dt.datetime | None = None
) -> ScoreSheet:
    """The unit has explained (or accepts the verified scores): to the office."""
    if not access.can_score_unit(by, sheet.unit):
        raise _unit_denied(sheet.unit, _("giải trình điểm của đơn vị"))
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.VERIFIED}, _("Chỉ gửi giải trình được sau khi thẩm định."))
    now = now_or(at)
    explained = Score.objects.filter(sheet=sheet).exclude(explanation="").exists()
    sheet.status = SheetStatus.EXPLAINED
    sheet.explained_at, sheet.explained_by = now, by
    reason = _("Gửi giải trình") if explained else _("Đồng ý với điểm thẩm định")
    touch(sheet, by=by, at=now, reason=reason)
    return sheet


# ---------------------------------------------------------------------------------------
# The final decision: the emulation office


def _office_denied() -> PermissionDenied:
    return PermissionDenied(
        _("Chỉ cơ quan thường trực thi đua quản lý cụm mới quyết định điểm chính thức.")
    )


BEFORE_DECISION = gettext_noop(
    "Chưa quyết định điểm chính thức được: cơ quan thường trực quyết định sau khi Cụm trưởng "
    "thẩm định và đơn vị giải trình."
)


@transaction.atomic
def score_finalize(
    *,
    sheet: ScoreSheet,
    by: Any,
    expected_version: int,
    entries: Sequence[ScoreInput],
    at: dt.datetime | None = None,
) -> ScoreSheet:
    """The office's final scores, with a reason wherever they differ from the verified
    score; an entry without points keeps the verified score. Possible until the lock."""
    if not access.can_decide(by, sheet.covenant.cluster):
        raise _office_denied()
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.EXPLAINED, SheetStatus.FINAL}, _(BEFORE_DECISION))
    now = now_or(at)
    _override(
        sheet,
        entries,
        by=by,
        at=now,
        field="final",
        baseline=_verified_data,
        unexplained=lambda score, final, verified: (
            _(
                "Điểm chính thức của tiêu chí %(code)s (%(final)s) khác điểm thẩm định "
                "(%(verified)s): hãy ghi lý do."
            )
            % {"code": score.criterion.code, "final": _shown(final), "verified": _shown(verified)}
        ),
        reason=pgettext("history", "Quyết định điểm chính thức"),
    )
    return sheet


@transaction.atomic
def scoresheet_finalize_done(
    *, sheet: ScoreSheet, by: Any, expected_version: int, at: dt.datetime | None = None
) -> ScoreSheet:
    """The unit's scores are final; the ranking is published when every unit's are."""
    if not access.can_decide(by, sheet.covenant.cluster):
        raise _office_denied()
    sheet = _locked(sheet, expected_version)
    _require(sheet, {SheetStatus.EXPLAINED}, _(BEFORE_DECISION))
    now = now_or(at)
    sheet.status = SheetStatus.FINAL
    sheet.finalized_at, sheet.finalized_by = now, by
    touch(sheet, by=by, at=now, reason=_("Chốt điểm chính thức"))
    return sheet


@transaction.atomic
def scoresheet_refresh_figures(
    *,
    sheet: ScoreSheet,
    by: Any,
    expected_version: int,
    reason: str,
    at: dt.datetime | None = None,
) -> ScoreSheet:
    """The office reads the approved year figures again after a report was corrected
    (reopened, fixed, approved); the unit does so itself on every save while self-scoring."""
    if not access.can_decide(by, sheet.covenant.cluster):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực thi đua quản lý cụm mới cập nhật lại số liệu năm.")
        )
    sheet = _locked(sheet, expected_version)
    if sheet.status == SheetStatus.LOCKED:
        raise _status_error(sheet, "")
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do cập nhật lại số liệu năm.")]})
    now = now_or(at)
    scores = _scores(sheet, by=by, at=now)
    _refresh(sheet, scores, by=by, at=now)
    touch(sheet, by=by, at=now, reason=reason)
    return sheet


# ---------------------------------------------------------------------------------------
# Locking and publishing the cluster's ranking; reopening


def _scoring_locked(covenant: Covenant, expected_version: int) -> CovenantScoring:
    """The cluster's scoring row, locked for this transaction, if nobody saved it since the
    version; refused (code "status") while no unit has opened its sheet."""
    pk = CovenantScoring.objects.filter(covenant=covenant).values_list("pk", flat=True).first()
    if pk is None:
        raise ValidationError(
            _("Chưa đơn vị nào của %(cluster)s mở bảng điểm.") % {"cluster": covenant.cluster},
            code="status",
        )
    return lock_version(
        CovenantScoring.objects.select_related("updated_by"),
        pk,
        expected_version,
        message=_(
            "Kết quả chấm điểm của %(cluster)s vừa được %(who)s thay đổi lúc %(when)s (phiên "
            "bản %(current)s; bạn đang xem phiên bản %(yours)s). Hãy tải lại rồi làm lại."
        ),
        names=lambda current: {"cluster": covenant.cluster},
    )


@transaction.atomic
def covenant_scoring_lock(
    *, covenant: Covenant, by: Any, expected_version: int, at: dt.datetime | None = None
) -> CovenantScoring:
    """Lock every sheet and publish the cluster's ranking; every unit's scores must be final."""
    if not access.can_decide(by, covenant.cluster):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực thi đua quản lý cụm mới khóa và công bố kết quả.")
        )
    scoring = _scoring_locked(covenant, expected_version)
    if scoring.status == ScoringStatus.PUBLISHED:
        raise ValidationError(
            _("Kết quả chấm điểm của %(cluster)s đã khóa và công bố.")
            % {"cluster": covenant.cluster},
            code="locked",
        )
    sheets = {
        s.unit_id: s
        for s in ScoreSheet.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(covenant=covenant)
    }
    units = {u.pk: u for u in Unit.objects.filter(pk__in=_scored_unit_ids(covenant) | set(sheets))}
    waiting = []
    for unit in sorted(units.values(), key=lambda u: (u.sort_name, u.code)):
        sheet = sheets.get(unit.pk)
        if sheet is None:
            waiting.append(_("%(unit)s (chưa mở bảng điểm)") % {"unit": unit})
        elif sheet.status != SheetStatus.FINAL:
            waiting.append(
                _("%(unit)s (%(status)s)") % {"unit": unit, "status": sheet.get_status_display()}
            )
    if waiting:
        raise ValidationError(
            _("Chưa khóa được: các đơn vị sau chưa có điểm chính thức: %(units)s.")
            % {"units": "; ".join(waiting)},
            code="incomplete",
        )
    now = now_or(at)
    table = cluster_score_table(covenant=covenant)
    reason = _("Khóa và công bố kết quả chấm điểm")
    for sheet in sheets.values():
        sheet.status = SheetStatus.LOCKED
        sheet.locked_at, sheet.locked_by = now, by
        touch(sheet, by=by, at=now, reason=reason)
    scoring.status = ScoringStatus.PUBLISHED
    scoring.ranking = ranking_snapshot(table)
    scoring.published_at, scoring.published_by = now, by
    touch(scoring, by=by, at=now, reason=reason)
    return scoring


@transaction.atomic
def covenant_scoring_reopen(
    *,
    covenant: Covenant,
    by: Any,
    expected_version: int,
    reason: str,
    at: dt.datetime | None = None,
) -> CovenantScoring:
    """The office withdraws the published ranking to correct it: every sheet goes back to
    the office's decision (explained), with the reason kept in every history row."""
    if not access.can_decide(by, covenant.cluster):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực thi đua quản lý cụm mới mở lại kết quả chấm điểm.")
        )
    scoring = _scoring_locked(covenant, expected_version)
    if scoring.status != ScoringStatus.PUBLISHED:
        raise ValidationError(
            _("Kết quả chấm điểm của %(cluster)s chưa công bố nên không cần mở lại.")
            % {"cluster": covenant.cluster},
            code="status",
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do mở lại kết quả chấm điểm.")]})
    now = now_or(at)
    for sheet in ScoreSheet.objects.select_for_update(of=("self",)).filter(covenant=covenant):
        sheet.status = SheetStatus.EXPLAINED
        sheet.locked_at = sheet.locked_by = None
        sheet.finalized_at = sheet.finalized_by = None
        touch(sheet, by=by, at=now, reason=reason)
    scoring.status = ScoringStatus.OPEN
    scoring.ranking = []
    scoring.published_at = scoring.published_by = None
    scoring.reopened_at, scoring.reopened_by = now, by
    scoring.reopen_reason = reason.strip()
    touch(scoring, by=by, at=now, reason=reason)
    return scoring
