"""Writes: opening a report, saving its figures, and the workflow of DOMAIN.md §6.

draft → submitted → returned (with a reason) or approved → locked; a locked (or approved)
report goes back to the unit only when the office reopens it with a reason. Every write
locks the report row, checks the version the writer saw (a stale writer is told who saved
in between), checks who acts, and saves with the actor, the time and the reason in the
history rows, so that each change keeps who, when, before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.writes import delete_audited, lock_version, now_or, save_audited, touch
from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.engine.evaluation import FigureError, Ratio
from thidua.org.models import Unit
from thidua.reporting import access
from thidua.reporting.domain.measures import (
    Measure,
    RawNumber,
    criterion_measures,
    number_text,
    parse_number,
)
from thidua.reporting.models import EDITABLE_STATUSES, Figure, Period, Report, ReportStatus

VALUE_FIELDS = ("value", "numerator", "denominator")
BASELINE_FIELDS = ("baseline_value", "baseline_numerator", "baseline_denominator")


@dataclass(frozen=True)
class FigureInput:
    """What the unit typed for one measure; it replaces the stored figure as a whole.

    Numbers may be Decimals, ints or text ("1.234,5"); empty text or None leaves a field
    empty. An input with nothing in it removes the figure.
    """

    criterion: Criterion
    part: int = 0
    value: RawNumber = None
    numerator: RawNumber = None
    denominator: RawNumber = None
    baseline_value: RawNumber = None
    baseline_numerator: RawNumber = None
    baseline_denominator: RawNumber = None
    comment: str = ""

    @property
    def key(self) -> str:
        return f"{self.criterion.pk}.{self.part}"


def _locked(report: Report, expected_version: int) -> Report:
    """The report row, locked for this transaction, if nobody saved it since `expected_version`."""
    return lock_version(
        Report.objects.select_related("period__covenant__cluster", "unit", "updated_by"),
        report.pk,
        expected_version,
        message=_(
            "Báo cáo %(report)s vừa được %(who)s lưu lúc %(when)s (phiên bản %(current)s; "
            "bạn đang sửa phiên bản %(yours)s). Thay đổi của bạn chưa được lưu: hãy tải lại "
            "báo cáo, xem thay đổi rồi làm lại."
        ),
        names=lambda current: {"report": current},
    )


def _status_error(report: Report, wanted: str) -> ValidationError:
    return ValidationError(
        _("%(wanted)s Báo cáo %(report)s đang ở trạng thái “%(status)s”.")
        % {"wanted": wanted, "report": report, "status": report.get_status_display()},
        code="status",
    )


def _not_editable(report: Report) -> ValidationError:
    messages = {
        ReportStatus.SUBMITTED: _(
            "Báo cáo %(report)s đã nộp, đang chờ duyệt: không sửa được số liệu. Nếu cần sửa, "
            "hãy đề nghị Cụm trưởng trả lại báo cáo."
        ),
        ReportStatus.APPROVED: _(
            "Báo cáo %(report)s đã được duyệt: không sửa được số liệu. Nếu cần sửa, hãy đề "
            "nghị cơ quan thường trực mở lại báo cáo."
        ),
        ReportStatus.LOCKED: _(
            "Báo cáo %(report)s đã khóa: không sửa được số liệu. Chỉ cơ quan thường trực mở "
            "lại được, kèm lý do."
        ),
    }
    return ValidationError(
        messages[ReportStatus(report.status)] % {"report": report}, code="status"
    )


def is_member_in(period: Period, unit: Unit) -> bool:
    """A member in the period's last month: who is expected to report for the period."""
    return period.expected_memberships().filter(unit=unit).exists()


def _check_member(period: Period, unit: Unit) -> None:
    if not is_member_in(period, unit):
        raise ValidationError(
            _(
                "%(unit)s không phải thành viên của %(cluster)s trong kỳ %(period)s nên không "
                "báo cáo kỳ này."
            )
            % {"unit": unit, "cluster": period.covenant.cluster, "period": period},
            code="not_member",
        )


# ---------------------------------------------------------------------------------------
# Opening a report


@transaction.atomic
def report_open(
    *,
    period: Period,
    unit: Unit,
    by: Any,
    covenant: Covenant | None = None,
    is_sample: bool = False,
    at: dt.datetime | None = None,
) -> Report:
    """The unit's report for the period, opened as a draft if it has none yet."""
    if covenant is not None and period.covenant_id != covenant.pk:
        raise ValidationError(
            _("Kỳ báo cáo %(period)s không thuộc giao ước %(covenant)s.")
            % {"period": period, "covenant": covenant},
            code="period_outside_covenant",
        )
    if not access.can_enter_figures(by, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua của %(unit)s mới mở, nhập và nộp báo cáo của đơn vị.")
            % {"unit": unit}
        )
    _check_member(period, unit)
    existing = Report.objects.filter(period=period, unit=unit).first()
    if existing is not None:
        return existing
    now = now_or(at)
    report = Report(
        period=period,
        unit=unit,
        is_sample=is_sample,
        created_at=now,
        updated_at=now,
        updated_by=by,
    )
    save_audited(report, by=by, at=now, reason=_("Mở báo cáo"))
    return report


# ---------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class _Clean:
    entry: FigureInput
    measure: Measure
    numbers: dict[str, Decimal | None]


def _clean_entry(report: Report, entry: FigureInput, errors: dict[str, list[str]]) -> _Clean | None:
    criterion = entry.criterion
    code = criterion.code

    def fail(field: str, message: str) -> None:
        errors.setdefault(f"{entry.key}.{field}", []).append(message)

    if criterion.covenant_id != report.period.covenant_id:
        fail(
            "criterion",
            _("Tiêu chí %(code)s không thuộc giao ước của kỳ báo cáo %(period)s.")
            % {"code": code, "period": report.period},
        )
        return None
    if criterion.kind != CriterionKind.QUANTITATIVE:
        fail(
            "criterion",
            _("Tiêu chí %(code)s không phải tiêu chí định lượng nên không nhập số liệu.")
            % {"code": code},
        )
        return None
    try:
        measures = criterion_measures(criterion, report.unit)
    except ValidationError as exc:
        fail("criterion", exc.messages[0])
        return None
    if not measures:
        fail(
            "criterion",
            _("Tiêu chí %(code)s chưa có chỉ tiêu hay chỉ số nên chưa nhập được số liệu.")
            % {"code": code},
        )
        return None
    measure = next((m for m in measures if m.part == entry.part), None)
    if measure is None:
        fail(
            "part",
            _("Tiêu chí %(code)s không có chỉ số thứ %(part)s.")
            % {"code": code, "part": entry.part + 1},
        )
        return None
    numbers: dict[str, Decimal | None] = {}
    for field in VALUE_FIELDS + BASELINE_FIELDS:
        try:
            numbers[field] = parse_number(getattr(entry, field), field=field, code=code)
        except ValidationError as exc:
            fail(field, exc.messages[0])
    if any(key.startswith(f"{entry.key}.") for key in errors):
        return None
    for prefix in ("", "baseline_"):
        _check_shape(code, measure, numbers, prefix, fail)
    return _Clean(entry=entry, measure=measure, numbers=numbers)


def _check_shape(
    code: str,
    measure: Measure,
    numbers: dict[str, Decimal | None],
    prefix: str,
    fail: Any,
) -> None:
    value = numbers[f"{prefix}value"]
    numerator = numbers[f"{prefix}numerator"]
    denominator = numbers[f"{prefix}denominator"]
    if measure.is_rate:
        if value is not None:
            fail(
                f"{prefix}value",
                _(
                    "Tiêu chí %(code)s đo tỷ lệ (%(measure)s): hãy nhập tử số và mẫu số thay "
                    "cho một số lượng."
                )
                % {"code": code, "measure": measure.name_vi},
            )
        if (numerator is None) != (denominator is None):
            fail(
                f"{prefix}denominator" if denominator is None else f"{prefix}numerator",
                _("Tiêu chí %(code)s đo tỷ lệ: hãy nhập cả tử số và mẫu số.") % {"code": code},
            )
        elif numerator is not None and denominator is not None:
            try:
                Ratio(numerator, denominator)
            except FigureError:
                fail(
                    f"{prefix}numerator",
                    _(
                        "Tiêu chí %(code)s: tử số (%(numerator)s) không được lớn hơn mẫu số "
                        "(%(denominator)s)."
                    )
                    % {
                        "code": code,
                        "numerator": number_text(numerator),
                        "denominator": number_text(denominator),
                    },
                )
    elif numerator is not None or denominator is not None:
        fail(
            f"{prefix}numerator",
            _(
                "Tiêu chí %(code)s đo số lượng (%(measure)s): chỉ nhập một số, không nhập tử "
                "số, mẫu số."
            )
            % {"code": code, "measure": measure.name_vi},
        )


def _changed(figure: Figure, clean: _Clean) -> bool:
    if figure.comment != clean.entry.comment.strip():
        return True
    if figure.indicator_id != (clean.measure.indicator.pk if clean.measure.indicator else None):
        return True
    return any(getattr(figure, f) != clean.numbers[f] for f in VALUE_FIELDS + BASELINE_FIELDS)


def _is_empty(clean: _Clean) -> bool:
    return not clean.entry.comment.strip() and all(v is None for v in clean.numbers.values())


@transaction.atomic
def report_figures_save(
    *,
    report: Report,
    by: Any,
    expected_version: int,
    entries: Sequence[FigureInput],
    reason: str = "",
    at: dt.datetime | None = None,
) -> Report:
    """Save the figures typed for a report: all of them, or none with every problem named."""
    if not access.can_edit_report(by, report):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua của %(unit)s mới nhập số liệu báo cáo của đơn vị.")
            % {"unit": report.unit}
        )
    report = _locked(report, expected_version)
    if report.status not in EDITABLE_STATUSES:
        raise _not_editable(report)
    _check_member(report.period, report.unit)
    # The criteria with what criterion_measures() reads, fetched once for all entries.
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(pk__in={e.criterion.pk for e in entries})
        .select_related("covenant")
        .prefetch_related("unit_targets", "criterionindicator_set__indicator")
    }
    errors: dict[str, list[str]] = {}
    seen: set[tuple[int, int]] = set()
    cleaned: list[_Clean] = []
    for given in entries:
        entry = replace(given, criterion=criteria.get(given.criterion.pk, given.criterion))
        slot = (entry.criterion.pk, entry.part)
        if slot in seen:
            errors.setdefault(f"{entry.key}.part", []).append(
                _("Số liệu của tiêu chí %(code)s (chỉ số thứ %(part)s) được nhập hai lần.")
                % {"code": entry.criterion.code, "part": entry.part + 1}
            )
            continue
        seen.add(slot)
        clean = _clean_entry(report, entry, errors)
        if clean is not None:
            cleaned.append(clean)
    if errors:
        raise ValidationError(errors)

    now = now_or(at)
    stored = {(f.criterion_id, f.part): f for f in Figure.objects.filter(report=report)}
    changed = False
    for clean in cleaned:
        figure = stored.get((clean.entry.criterion.pk, clean.entry.part))
        if _is_empty(clean):
            if figure is not None:
                delete_audited(figure, by=by, at=now, reason=reason)
                changed = True
            continue
        if figure is None:
            figure = Figure(report=report, criterion=clean.entry.criterion, part=clean.entry.part)
        elif not _changed(figure, clean):
            continue
        figure.indicator = clean.measure.indicator
        figure.comment = clean.entry.comment.strip()
        for name, number in clean.numbers.items():
            setattr(figure, name, number)
        save_audited(figure, by=by, at=now, reason=reason)
        changed = True
    if changed:
        touch(report, by=by, at=now, reason=reason)
    return report


def figure_check(*, report: Report, entry: FigureInput) -> dict[str, list[str]]:
    """What saving this one entry would refuse, without saving: the grid's inline check.

    Keys are the field names ("value", "numerator", …); empty when the entry is valid.
    """
    criterion = (
        Criterion.objects.filter(pk=entry.criterion.pk)
        .select_related("covenant")
        .prefetch_related("unit_targets", "criterionindicator_set__indicator")
        .first()
    )
    errors: dict[str, list[str]] = {}
    if criterion is None:
        return {"criterion": [_("Tiêu chí không còn trong giao ước.")]}
    _clean_entry(report, replace(entry, criterion=criterion), errors)
    prefix = f"{entry.key}."
    return {key.removeprefix(prefix): messages for key, messages in errors.items()}


# ---------------------------------------------------------------------------------------
# The workflow


def _missing_for_submission(report: Report) -> list[str]:
    from thidua.reporting.domain.selectors import report_figure_rows

    missing = []
    for row in report_figure_rows(report=report, include_unapproved=True, with_baselines=False):
        if row.required and row.effective.complete_figure is None:
            if row.measure_count > 1:
                missing.append(
                    _("tiêu chí %(code)s (%(measure)s)")
                    % {"code": row.criterion.code, "measure": row.measure.name_vi}
                )
            else:
                missing.append(_("tiêu chí %(code)s") % {"code": row.criterion.code})
    return missing


@transaction.atomic
def report_submit(
    *, report: Report, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Report:
    """The unit sends its report for review; every target of the unit needs its figures."""
    if not access.can_edit_report(by, report):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua của %(unit)s mới nộp báo cáo của đơn vị.") % {"unit": report.unit}
        )
    report = _locked(report, expected_version)
    if report.status not in EDITABLE_STATUSES:
        raise _status_error(report, _("Chỉ báo cáo đang nhập hoặc bị trả lại mới nộp được."))
    _check_member(report.period, report.unit)
    missing = _missing_for_submission(report)
    if missing:
        raise ValidationError(
            _("Chưa đủ số liệu để nộp báo cáo %(report)s: %(missing)s.")
            % {"report": report, "missing": "; ".join(missing)},
            code="incomplete",
        )
    now = now_or(at)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    report.return_reason = ""
    touch(report, by=by, at=now, reason=_("Nộp báo cáo"))
    return report


def _check_reviewer(report: Report, by: Any, now: dt.datetime) -> None:
    cluster = report.period.covenant.cluster
    day = access.review_day(cluster, timezone.localdate(now))
    if access.can_review_report(by, report, on=day):
        return
    if access.is_unit_officer(by, report.unit) and access.is_cluster_head_officer(by, cluster, day):
        raise PermissionDenied(
            _(
                "Cán bộ đơn vị Cụm trưởng không tự duyệt báo cáo của đơn vị mình; cơ quan "
                "thường trực thi đua duyệt báo cáo này."
            )
        )
    raise PermissionDenied(
        _(
            "Chỉ cán bộ đơn vị Cụm trưởng hoặc cơ quan thường trực thi đua mới duyệt, trả lại "
            "báo cáo."
        )
    )


@transaction.atomic
def report_return(
    *,
    report: Report,
    by: Any,
    expected_version: int,
    reason: str,
    at: dt.datetime | None = None,
) -> Report:
    """The reviewer sends a submitted report back to the unit, saying why."""
    now = now_or(at)
    _check_reviewer(report, by, now)
    report = _locked(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise _status_error(report, _("Chỉ báo cáo đã nộp mới trả lại được."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do trả lại báo cáo.")]})
    report.status = ReportStatus.RETURNED
    report.return_reason = reason.strip()
    report.reviewed_at = now
    report.reviewed_by = by
    touch(report, by=by, at=now, reason=reason)
    return report


@transaction.atomic
def report_approve(
    *, report: Report, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Report:
    now = now_or(at)
    _check_reviewer(report, by, now)
    report = _locked(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise _status_error(report, _("Chỉ báo cáo đã nộp mới duyệt được."))
    report.status = ReportStatus.APPROVED
    report.reviewed_at = now
    report.reviewed_by = by
    touch(report, by=by, at=now, reason=_("Duyệt báo cáo"))
    return report


@transaction.atomic
def report_lock(
    *, report: Report, by: Any, expected_version: int, at: dt.datetime | None = None
) -> Report:
    """The office fixes an approved report; from then on only a reopening changes it."""
    now = now_or(at)
    if not access.can_lock_report(by, report):
        raise PermissionDenied(_("Chỉ cơ quan thường trực thi đua quản lý cụm mới khóa báo cáo."))
    report = _locked(report, expected_version)
    if report.status != ReportStatus.APPROVED:
        raise _status_error(report, _("Chỉ báo cáo đã duyệt mới khóa được."))
    report.status = ReportStatus.LOCKED
    report.locked_at = now
    report.locked_by = by
    touch(report, by=by, at=now, reason=_("Khóa báo cáo"))
    return report


@transaction.atomic
def report_reopen(
    *,
    report: Report,
    by: Any,
    expected_version: int,
    reason: str,
    at: dt.datetime | None = None,
) -> Report:
    """The office gives an approved or locked report back to the unit for correction."""
    now = now_or(at)
    if not access.can_reopen_report(by, report):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực thi đua quản lý cụm mới mở lại báo cáo đã duyệt, đã khóa.")
        )
    report = _locked(report, expected_version)
    if report.status not in (ReportStatus.APPROVED, ReportStatus.LOCKED):
        raise _status_error(report, _("Chỉ báo cáo đã duyệt hoặc đã khóa mới cần mở lại."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do mở lại báo cáo.")]})
    report.status = ReportStatus.RETURNED
    report.return_reason = reason.strip()
    report.locked_at = None
    report.locked_by = None
    touch(report, by=by, at=now, reason=reason)
    return report
