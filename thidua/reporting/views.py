"""Pages of periodic reporting: the covenant's reports and results, a period's board, a
report with its entry grid, workflow and evidence, and a unit's indicator over the year.

Thin: parse the request, authorize through thidua.reporting.access, write and read through
thidua.reporting.domain, render. HTMX requests get the `{% partialdef %}` they swap; every
write also works as a plain POST.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.files import stream_file
from thidua.core.htmx import is_partial
from thidua.covenants import access as covenant_access
from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.engine import render as engine_render
from thidua.engine.evaluation import Count as CountFigure
from thidua.engine.evaluation import Outcome, Ratio
from thidua.engine.numbers import format_number_vi, format_percent_vi
from thidua.engine.targets import AllOf, Change, ChangeDirection
from thidua.org.models import Membership, Unit
from thidua.reporting import access, domain
from thidua.reporting.domain import ReportRow, TargetStatus
from thidua.reporting.domain.charts import plotted
from thidua.reporting.domain.measures import unit_target
from thidua.reporting.domain.selectors import BaselineSource
from thidua.reporting.forms import (
    EvidenceForm,
    ReasonForm,
    grid_entries,
    grid_rows,
    posted_version,
    row_entry,
    row_key,
)
from thidua.reporting.models import (
    OFFICIAL_STATUSES,
    Evidence,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
)

DETAIL = "reporting/report_detail.html"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _number(value: Decimal | None, *, rate: bool = False) -> str:
    if value is None:
        return "—"
    if rate:
        return format_percent_vi(value, 2, trim=True)
    return format_number_vi(value, 2, trim=True)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------------------------------
# The list of covenants and a covenant's reports


def _covenants(user: Any) -> list[Covenant]:
    return list(
        covenant_access.covenants_visible_to(user)
        .select_related("cluster", "movement")
        .annotate(
            period_count=Count("periods", distinct=True),
            waiting=Count(
                "periods__reports",
                filter=Q(periods__reports__status=ReportStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("-cluster__year", "cluster__level", "cluster__number")
    )


@login_required
@require_GET
def report_home(request: HttpRequest) -> HttpResponse:
    """Every covenant whose reports the user may read, newest year first."""
    covenants = _covenants(request.user)
    mine = []
    unit = getattr(request.user, "unit", None)
    if unit is not None:
        member_clusters = set(
            Membership.objects.filter(unit=unit).values_list("cluster_id", flat=True)
        )
        mine = [c for c in covenants if c.cluster_id in member_clusters]
    return render(
        request,
        "reporting/home.html",
        {"covenants": covenants, "mine": mine, "unit": unit},
    )


def _covenant_for(request: HttpRequest, covenant_pk: int) -> Covenant:
    return covenant_access.get_covenant_for_user(request.user, covenant_pk)


@login_required
@require_GET
def covenant_reports(request: HttpRequest, covenant_pk: int) -> HttpResponse:
    """The covenant's periods × units with each report's state, or the targets' results."""
    covenant = _covenant_for(request, covenant_pk)
    view = "results" if request.GET.get("view") == "results" else "status"
    periods = domain.covenant_periods(covenant=covenant)
    units = domain.covenant_members(covenant=covenant)
    context: dict[str, Any] = {
        "covenant": covenant,
        "periods": periods,
        "units": units,
        "view": view,
        "tab": "reports",
        "today": timezone.localdate(),
        "can_generate": not periods and access.can_manage_periods(request.user, covenant.cluster),
    }
    if view == "status":
        context["matrix"] = _status_matrix(request.user, covenant, periods, units)
    else:
        context.update(_results(request, covenant, periods, units))
    return render(request, "reporting/covenant_reports.html", context)


def _status_matrix(
    user: Any, covenant: Covenant, periods: list[Period], units: list[Unit]
) -> list[dict[str, Any]]:
    """The domain's matrix, with what the user may do in each cell."""
    return [
        {
            "period": row.period,
            "cells": [
                {
                    "unit": cell.unit,
                    "report": cell.report,
                    "member": cell.member,
                    "late": cell.late,
                    "can_start": cell.member
                    and cell.report is None
                    and access.can_enter_figures(user, cell.unit),
                }
                for cell in row.cells
            ],
        }
        for row in domain.covenant_status_matrix(covenant=covenant, periods=periods, units=units)
    ]


OUTCOME_CLASSES = {
    Outcome.EXCEEDED: "exceeded",
    Outcome.MET: "met",
    Outcome.NOT_MET: "not-met",
    Outcome.NO_DATA: "no-data",
}


def outcome_label(outcome: Outcome | None) -> str:
    if outcome is None:
        return _("Không giao chỉ tiêu")
    return {
        Outcome.EXCEEDED: _("Vượt chỉ tiêu"),
        Outcome.MET: _("Đạt chỉ tiêu"),
        Outcome.NOT_MET: _("Chưa đạt"),
        Outcome.NO_DATA: _("Chưa đủ số liệu"),
    }[outcome]


def _achieved_text(shape: Any, evaluation: Any) -> str:
    if evaluation is None or evaluation.achieved is None:
        return "—"
    achieved = evaluation.achieved
    if isinstance(shape, Change):
        reduce = shape.direction == ChangeDirection.REDUCE
        went_down = achieved >= 0 if reduce else achieved < 0
        amount = _number(abs(achieved), rate=True)
        return (_("giảm %(amount)s") if went_down else _("tăng %(amount)s")) % {"amount": amount}
    return _number(achieved, rate=shape.measure.is_rate)


def result_text(status: TargetStatus) -> str:
    """What the unit achieved, in a few characters: 93,1%; 2.662; giảm 6,2%."""
    target = status.target
    evaluation = status.evaluation
    if isinstance(target, AllOf) and evaluation is not None and evaluation.parts:
        return " · ".join(
            _achieved_text(shape, part)
            for shape, part in zip(target.parts, evaluation.parts, strict=False)
        )
    if target is not None and evaluation is not None and evaluation.achieved is not None:
        return _achieved_text(target, evaluation)
    if isinstance(status.ytd, CountFigure | Ratio):
        return _number(plotted(status.ytd), rate=isinstance(status.ytd, Ratio))
    return "—"


def result_sentence(status: TargetStatus) -> str:
    if status.target is None or status.evaluation is None:
        return ""
    if status.evaluation.outcome == Outcome.NO_DATA:
        return outcome_label(Outcome.NO_DATA)
    render_result = (
        engine_render.render_result_en if _language() == "en" else engine_render.render_result_vi
    )
    try:
        return render_result(status.target, status.evaluation)
    except ValueError:
        return outcome_label(status.outcome)


def status_view(status: TargetStatus) -> dict[str, Any]:
    """A target's status as the pages show it."""
    outcome = status.outcome
    return {
        "status": status,
        "criterion": status.criterion,
        "outcome": outcome.value if outcome else "none",
        "outcome_class": OUTCOME_CLASSES.get(outcome, "none") if outcome else "none",
        "outcome_label": outcome_label(outcome),
        "on_track": status.on_track.value if status.on_track else "",
        "on_track_label": outcome_label(status.on_track) if status.on_track else "",
        "result": result_text(status),
        "sentence": result_sentence(status),
        "baseline_partial": status.baseline_partial,
        "ytd_partial": status.ytd_partial,
    }


def _results(
    request: HttpRequest, covenant: Covenant, periods: list[Period], units: list[Unit]
) -> dict[str, Any]:
    """Each member's status on every quantitative criterion, January to a chosen period."""
    as_of = _as_of(request, covenant, periods)
    criteria = [
        c
        for c in Criterion.objects.filter(covenant=covenant, kind=CriterionKind.QUANTITATIVE)
        .order_by("position", "pk")
        .only("id", "code", "title")
    ]
    by_unit: dict[int, dict[int, dict[str, Any]]] = {}
    counts: dict[int, dict[str, int]] = {}
    if as_of is not None:
        members = set(as_of.expected_memberships().values_list("unit_id", flat=True))
        for unit in units:
            if unit.pk not in members:
                continue
            statuses = domain.report_evaluations(unit=unit, covenant=covenant, as_of_period=as_of)
            by_unit[unit.pk] = {s.criterion.pk: status_view(s) for s in statuses}
            tally = {"exceeded": 0, "met": 0, "not-met": 0, "no-data": 0}
            for s in statuses:
                if s.outcome is not None:
                    tally[OUTCOME_CLASSES[s.outcome]] += 1
            counts[unit.pk] = tally
    shown_units = [u for u in units if u.pk in by_unit]
    # The criteria in the tree's order (the evaluations come in that order).
    order: dict[int, int] = {}
    for statuses_of_unit in by_unit.values():
        for index, criterion_pk in enumerate(statuses_of_unit):
            order.setdefault(criterion_pk, index)
    criteria.sort(key=lambda c: order.get(c.pk, 10_000))
    rows = [
        {
            "criterion": criterion,
            "cells": [
                {"unit": unit, "view": by_unit[unit.pk].get(criterion.pk)} for unit in shown_units
            ],
        }
        for criterion in criteria
    ]
    return {
        "as_of": as_of,
        "result_rows": rows,
        "result_units": shown_units,
        "counts": [
            {
                "unit": u,
                "exceeded": counts[u.pk]["exceeded"],
                "met": counts[u.pk]["met"],
                "not_met": counts[u.pk]["not-met"],
            }
            for u in shown_units
        ],
    }


def _as_of(request: HttpRequest, covenant: Covenant, periods: list[Period]) -> Period | None:
    """The chosen period, else the last month with an approved or locked report."""
    chosen = _int(request.GET.get("as_of"))
    if chosen is not None:
        found = next((p for p in periods if p.pk == chosen), None)
        if found is None:
            raise Http404
        return found
    official = set(
        Report.objects.filter(
            period__covenant=covenant,
            status__in=OFFICIAL_STATUSES,
        ).values_list("period_id", flat=True)
    )
    months = [p for p in periods if p.kind == PeriodKind.MONTH and p.pk in official]
    if months:
        return max(months, key=lambda p: p.end)
    return next((p for p in periods if p.kind == PeriodKind.MONTH), None)


@login_required
@require_POST
def covenant_periods_generate(request: HttpRequest, covenant_pk: int) -> HttpResponse:
    covenant = _covenant_for(request, covenant_pk)
    if not access.can_manage_periods(request.user, covenant.cluster):
        raise PermissionDenied
    try:
        created = domain.periods_generate(
            covenant, deadline_day=_int(request.POST.get("deadline_day")) or 5
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã tạo %(count)s kỳ báo cáo.") % {"count": len(created)})
    return redirect("reporting:covenant_reports", covenant.pk)


# ---------------------------------------------------------------------------------------
# A period's board


def _period_for(request: HttpRequest, period_pk: int) -> Period:
    period = get_object_or_404(
        Period.objects.select_related("covenant__cluster", "covenant__movement"), pk=period_pk
    )
    if not access.can_view_cluster_reports(request.user, period.covenant.cluster):
        raise Http404
    return period


@login_required
@require_GET
def period_board(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Who has submitted the period's report, who is waiting for review, who is late."""
    period = _period_for(request, period_pk)
    board = domain.cluster_status_board(covenant=period.covenant, period=period)
    rows = [
        {
            "row": row,
            "can_start": row.report is None and access.can_enter_figures(request.user, row.unit),
            "can_review": row.report is not None
            and row.status == ReportStatus.SUBMITTED
            and access.can_review_report(request.user, row.report),
        }
        for row in board.rows
    ]
    return render(
        request,
        "reporting/period_board.html",
        {
            "covenant": period.covenant,
            "period": period,
            "board": board,
            "rows": rows,
            "tab": "reports",
            "waiting": sum(1 for r in board.rows if r.status == ReportStatus.SUBMITTED),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest, period_pk: int, unit_pk: int) -> HttpResponse:
    """The unit's report for the period: opened on a POST by its officer, else shown."""
    period = _period_for(request, period_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    can_open = access.can_enter_figures(request.user, unit)
    if request.method == "POST" and not can_open:
        raise PermissionDenied
    existing = Report.objects.filter(period=period, unit=unit).first()
    if existing is not None:
        return redirect("reporting:report_detail", existing.pk)
    if request.method == "POST":
        try:
            report = domain.report_open(period=period, unit=unit, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect("reporting:period_board", period.pk)
        return redirect("reporting:report_detail", report.pk)
    if not domain.is_member_in(period, unit):
        raise Http404
    return render(
        request,
        "reporting/report_start.html",
        {"covenant": period.covenant, "period": period, "unit": unit, "can_open": can_open},
    )


# ---------------------------------------------------------------------------------------
# A report


def _row_targets(
    report: Report, rows: tuple[ReportRow, ...]
) -> tuple[dict[str, bool], dict[str, str]]:
    """Per row: does it ask for a typed-in baseline, and the unit's target in words.

    A baseline is asked for when the target compares with a baseline year the system has
    no (complete) figures of.
    """
    asks, sentences = {}, {}
    language = _language()
    for row in rows:
        target = unit_target(row.criterion, report.unit)
        parts = target.parts if isinstance(target, AllOf) else (target,)
        shape = parts[row.measure.part] if row.measure.part < len(parts) else None
        from_system = (
            row.baseline is not None
            and row.baseline.source == BaselineSource.SYSTEM
            and not row.baseline.partial
        )
        key = row_key(row)
        asks[key] = isinstance(shape, Change) and not from_system
        if target is not None and row.measure.part == 0:
            sentences[key] = (
                engine_render.render_en(target)
                if language == "en"
                else engine_render.render_vi(target)
            )
    return asks, sentences


def _report_context(
    request: HttpRequest,
    report: Report,
    *,
    posted: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    conflict: str = "",
) -> dict[str, Any]:
    rows = domain.report_figure_rows(report=report)
    asks, sentences = _row_targets(report, rows)
    own = access.can_edit_report(request.user, report)
    evaluations = domain.report_evaluations(
        unit=report.unit,
        covenant=report.period.covenant,
        as_of_period=report.period,
        include_unapproved=own,
    )
    evidence = list(report.evidence.select_related("criterion", "uploaded_by"))
    return {
        "report": report,
        "covenant": report.period.covenant,
        "period": report.period,
        "unit": report.unit,
        "grid": grid_rows(
            rows, asks_baseline=asks, targets=sentences, posted=posted, errors=errors
        ),
        "has_errors": bool(errors),
        "statuses": [status_view(s) for s in evaluations if s.target is not None],
        "preview": own,
        "evidence": evidence,
        "evidence_form": EvidenceForm(),
        "reason_form": ReasonForm(),
        "conflict": conflict,
        "overdue": domain.report_is_late(
            period=report.period, status=report.status, day=timezone.localdate()
        ),
        "tab": "reports",
        "criteria": [r.criterion for r in rows if r.measure.part == 0],
        **access.report_permissions(request.user, report),
    }


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    return render(request, DETAIL, _report_context(request, report))


@login_required
@require_POST
def report_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the grid: every row or none, each problem shown next to its cell."""
    report = access.get_report_for_user(request.user, pk, write=True)
    version = posted_version(request.POST)
    rows = domain.report_figure_rows(report=report, with_baselines=False)
    entries = grid_entries(rows, request.POST)
    conflict = ""
    errors: dict[str, list[str]] = {}
    if version is None:
        conflict = _("Trang đã cũ: hãy tải lại báo cáo rồi nhập lại.")
    else:
        try:
            report = domain.report_figures_save(
                report=report, by=request.user, expected_version=version, entries=entries
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) in ("conflict", "status") or not hasattr(
                exc, "error_dict"
            ):
                conflict = _error_text(exc)
            else:
                errors = {key: list(msgs) for key, msgs in exc.message_dict.items()}
        else:
            saved = _("Đã lưu số liệu báo cáo %(report)s.") % {"report": report}
            if is_partial(request):
                context = _report_context(request, report)
                context["saved"] = saved
                return render(request, f"{DETAIL}#grid_form", context)
            messages.success(request, saved)
            return redirect("reporting:report_detail", report.pk)
    report.refresh_from_db()
    context = _report_context(
        request, report, posted=dict(request.POST.items()), errors=errors, conflict=conflict
    )
    if conflict:
        # The grid keeps what the user typed, but with the version now stored: saving again
        # is a deliberate choice after looking at the other person's change.
        context["kept_version"] = version
    if is_partial(request):
        return render(request, f"{DETAIL}#grid_form", context, status=200)
    return render(request, DETAIL, context, status=400 if errors else 409)


@login_required
@require_POST
def figure_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline check of one grid row as the user leaves a cell; saves nothing."""
    report = access.get_report_for_user(request.user, pk, write=True)
    key = request.POST.get("row", "")
    rows = domain.report_figure_rows(report=report, with_baselines=False)
    row = next((r for r in rows if row_key(r) == key), None)
    if row is None:
        raise Http404
    errors = domain.figure_check(report=report, entry=row_entry(row, request.POST))
    return render(
        request,
        f"{DETAIL}#row_message",
        {"key": key, "messages_of_row": [m for msgs in errors.values() for m in msgs]},
    )


ACTIONS: dict[str, Callable[..., Report]] = {
    "submit": domain.report_submit,
    "approve": domain.report_approve,
    "return": domain.report_return,
    "lock": domain.report_lock,
    "reopen": domain.report_reopen,
}
DONE_MESSAGES = {
    "submit": lambda: _("Đã nộp báo cáo %(report)s."),
    "approve": lambda: _("Đã duyệt báo cáo %(report)s."),
    "return": lambda: _("Đã trả lại báo cáo %(report)s cho đơn vị."),
    "lock": lambda: _("Đã khóa báo cáo %(report)s."),
    "reopen": lambda: _("Đã mở lại báo cáo %(report)s cho đơn vị sửa."),
}


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A step of the workflow; the domain checks who acts, the state and the version."""
    report = access.get_report_for_user(request.user, pk)
    act = ACTIONS.get(action)
    if act is None:
        raise Http404
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, _("Trang đã cũ: hãy tải lại báo cáo rồi làm lại."))
        return redirect("reporting:report_detail", report.pk)
    kwargs: dict[str, Any] = {"report": report, "by": request.user, "expected_version": version}
    if action in ("return", "reopen"):
        form = ReasonForm(request.POST)
        kwargs["reason"] = form.data.get("reason", "")[:2000]
    try:
        report = act(**kwargs)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except PermissionDenied as exc:
        # Refused for who the user is (not for the report's state): the page again, with why.
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        return render(request, DETAIL, _report_context(request, report), status=403)
    else:
        messages.success(request, DONE_MESSAGES[action]() % {"report": report})
    return redirect("reporting:report_detail", report.pk)


# ---------------------------------------------------------------------------------------
# Evidence


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    version = posted_version(request.POST)
    if not form.is_valid() or version is None:
        messages.error(request, _("Hãy chọn một tệp minh chứng để gửi."))
        return redirect("reporting:report_detail", report.pk)
    criterion = None
    if form.cleaned_data.get("criterion"):
        criterion = Criterion.objects.filter(
            pk=form.cleaned_data["criterion"], covenant_id=report.period.covenant_id
        ).first()
    upload = form.cleaned_data["file"]
    try:
        evidence = domain.evidence_add(
            report=report,
            by=request.user,
            expected_version=version,
            file=upload,
            name=upload.name or "",
            criterion=criterion,
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã gửi minh chứng “%(name)s”.") % {"name": evidence})
    return redirect(reverse("reporting:report_detail", args=[report.pk]) + "#evidence")


def _evidence_for(request: HttpRequest, evidence_pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("report__period__covenant__cluster", "report__unit")
        .filter(pk=evidence_pk)
        .first()
    )
    if evidence is None or not access.can_view_cluster_reports(
        request.user, evidence.report.period.covenant.cluster
    ):
        raise Http404
    return evidence


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_pk: int) -> HttpResponseBase:
    """Streamed to those who may read the report, never served from a public folder."""
    evidence = _evidence_for(request, evidence_pk)
    return stream_file(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, evidence_pk: int) -> HttpResponse:
    evidence = _evidence_for(request, evidence_pk)
    report = evidence.report
    if not access.can_edit_report(request.user, report):
        raise PermissionDenied
    version = posted_version(request.POST)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại báo cáo rồi làm lại."))
        domain.evidence_delete(evidence=evidence, by=request.user, expected_version=version)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã gỡ minh chứng “%(name)s”.") % {"name": evidence})
    return redirect(reverse("reporting:report_detail", args=[report.pk]) + "#evidence")


# ---------------------------------------------------------------------------------------
# A unit's indicator


@login_required
@require_GET
def indicator_page(
    request: HttpRequest, covenant_pk: int, unit_pk: int, criterion_pk: int
) -> HttpResponse:
    """The figure of each month and the year to date, against the baseline and the target."""
    covenant = _covenant_for(request, covenant_pk)
    criterion = get_object_or_404(
        Criterion, pk=criterion_pk, covenant=covenant, kind=CriterionKind.QUANTITATIVE
    )
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not Membership.objects.filter(cluster_id=covenant.cluster_id, unit=unit).exists():
        raise Http404
    own = access.can_enter_figures(request.user, unit)
    chart = domain.indicator_chart(
        unit=unit, covenant=covenant, criterion=criterion, include_unapproved=own
    )
    statuses = None if own else OFFICIAL_STATUSES
    reported = Report.objects.filter(
        period__covenant=covenant, period__kind=PeriodKind.MONTH, unit=unit, figures__isnull=False
    )
    if statuses is not None:
        reported = reported.filter(status__in=statuses)
    last = reported.order_by("-period__end").select_related("period").first()
    last_month = last.period if last is not None else None
    status = None
    if last_month is not None and domain.is_member_in(last_month, unit):
        found = domain.report_evaluations(
            unit=unit, covenant=covenant, as_of_period=last_month, include_unapproved=own
        )
        status = next((status_view(s) for s in found if s.criterion.pk == criterion.pk), None)
    series = [
        {
            "series": s,
            "dom_id": f"chart-data-{index}",
            "data": {
                "rate": s.is_rate,
                "labels": [_("Th%(month)s") % {"month": p.month} for p in s.points],
                "actual": [_plain(p.actual) for p in s.points],
                "actual_ytd": [_plain(p.actual_ytd) for p in s.points],
                "baseline": [_plain(p.baseline) for p in s.points],
                "baseline_ytd": [_plain(p.baseline_ytd) for p in s.points],
                "target": [_plain(p.target) for p in s.points],
                "names": {
                    "actual": _("Trong tháng %(year)s") % {"year": covenant.year},
                    "actual_ytd": _("Lũy kế %(year)s") % {"year": covenant.year},
                    "baseline": _("Trong tháng %(year)s") % {"year": s.baseline_year},
                    "baseline_ytd": _("Lũy kế %(year)s") % {"year": s.baseline_year},
                    "target": _("Mức chỉ tiêu"),
                },
            },
        }
        for index, s in enumerate(chart.series)
    ]
    return render(
        request,
        "reporting/indicator.html",
        {
            "covenant": covenant,
            "criterion": criterion,
            "unit": unit,
            "chart": chart,
            "series": series,
            "status": status,
            "as_of": last_month,
            "own": own,
            "tab": "reports",
        },
    )


def _plain(value: Decimal | None) -> float | None:
    """For the chart only (JSON numbers); tables show the exact Decimal."""
    return None if value is None else float(round(value, 4))
