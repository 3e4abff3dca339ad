"""The score sheet of a unit: self-score, verification, explanation, final decision, and the
cluster's lock and publication.

One page per sheet shows every criterion with the self, verified and final scores side by
side, their reasons and the unit's explanation; the column of the step at hand is a form
for whoever takes that step. Writes go through thidua.scoring.domain, which checks who
acts, the sheet's state and its version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.files import stream_file
from thidua.covenants.models import Criterion, CriterionKind
from thidua.org.models import Unit
from thidua.scoring import access, domain
from thidua.scoring.domain import ScoreTable
from thidua.scoring.domain.inputs import adjustment_items, per_occurrence
from thidua.scoring.forms import (
    explanation_entries,
    posted_fields,
    score_entries,
    stored_fields,
    version_of,
)
from thidua.scoring.models import ScoreEvidence, ScoreSheet
from thidua.scoring.views import cell_class, english_active, header_context, points, status_label

SHEET = "scoring/sheet.html"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _rows(
    table: ScoreTable, sheet: ScoreSheet, step: str, posted: Any, errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    mine = table.unit(sheet.unit)
    evidence = domain.sheet_evidence(sheet)
    rows = []
    for row in table.criteria:
        criterion = row.criterion
        if not row.is_leaf:
            node = mine.nodes.get(criterion.pk)
            rows.append({"row": row, "criterion": criterion, "group": True, "node": node})
            continue
        cell = mine.cells.get(criterion.pk)
        score = cell.score if cell else None
        stored = {
            "self": score.self_input if score else None,
            "verify": score.verified_input if score else None,
            "final": score.final_input if score else None,
        }
        fields = stored_fields(criterion, stored.get(step)) if step in stored else {}
        if step in stored and score is not None:
            fields["note"] = {
                "self": score.self_note,
                "verify": score.verified_reason,
                "final": score.final_reason,
            }[step]
        if step == "explain" and score is not None:
            fields["explanation"] = score.explanation
        if posted is not None:
            fields.update(posted_fields(posted, criterion))
        rows.append(
            {
                "row": row,
                "criterion": criterion,
                "group": False,
                "cell": cell,
                "score": score,
                "class": cell_class(cell) if cell else "none",
                "fields": fields,
                "items": adjustment_items(criterion)
                if criterion.kind == CriterionKind.BONUS_PENALTY
                else (),
                "per_occurrence": per_occurrence(criterion)
                if criterion.kind == CriterionKind.DIRECT
                else None,
                "editable": bool(step)
                and criterion.kind != CriterionKind.QUANTITATIVE
                and (step != "explain" or bool(cell and cell.changed_by_verifier)),
                "explainable": step == "explain" and bool(cell and cell.changed_by_verifier),
                "errors": errors.get(str(criterion.pk), []),
                "self_text": points(cell.self_points) if cell else "—",
                "verified_text": points(cell.verified_points)
                if cell and cell.verified_points is not None
                else "",
                "final_text": points(cell.final_points)
                if cell and cell.final_points is not None
                else "",
                "points_text": points(cell.points) if cell else "—",
                "evidence": evidence.get(score.pk, []) if score is not None else [],
            }
        )
    return rows


def _context(
    request: HttpRequest,
    sheet: ScoreSheet,
    *,
    posted: Any = None,
    errors: dict[str, list[str]] | None = None,
    conflict: str = "",
) -> dict[str, Any]:
    table = domain.cluster_score_table(covenant=sheet.covenant)
    step = domain.current_step(request.user, sheet)
    mine = table.unit(sheet.unit)
    return {
        **header_context(request, sheet.covenant, table),
        "tab": "sheet",
        "english": english_active(),
        "sheet": sheet,
        "unit": sheet.unit,
        "table": table,
        "mine": mine,
        "step": step,
        "actions": domain.sheet_actions(request.user, sheet),
        "rows": _rows(table, sheet, step, posted, errors or {}),
        "has_errors": bool(errors),
        "conflict": conflict,
        "status_label": status_label(sheet.status),
        "total_text": points(mine.total),
        "attainable_text": points(mine.attainable),
        "can_evidence": domain.can_change_evidence(request.user, sheet),
    }


def _sheet(request: HttpRequest, pk: int) -> ScoreSheet:
    return access.get_sheet_for_user(request.user, pk)


@login_required
@require_POST
def sheet_open(request: HttpRequest, covenant_pk: int, unit_pk: int) -> HttpResponse:
    covenant = access.get_covenant_for_user(request.user, covenant_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not access.can_score_unit(request.user, unit):
        raise PermissionDenied
    try:
        sheet = domain.scoresheet_open(covenant=covenant, unit=unit, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("scoring:table", covenant.pk)
    return redirect("scoring:sheet", sheet.pk)


@login_required
@require_GET
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    return render(request, SHEET, _context(request, sheet))


SAVERS: dict[str, Callable[..., ScoreSheet]] = {
    "self": domain.score_self_save,
    "verify": domain.score_verify,
    "final": domain.score_finalize,
}


@login_required
@require_POST
def sheet_save(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Save the column of the step: every row or none, each problem next to its row."""
    sheet = _sheet(request, pk)
    if step not in (*SAVERS, "explain"):
        raise Http404
    # Who takes the step is decided here; whether the sheet is at that step, by the domain.
    if not access.can_take_step(request.user, sheet, step):
        raise PermissionDenied
    version = version_of(request.POST)
    criteria = list(
        Criterion.objects.filter(covenant=sheet.covenant).exclude(kind=CriterionKind.GROUP)
    )
    errors: dict[str, list[str]] = {}
    conflict = ""
    try:
        if version is None:
            raise ValidationError(
                _("Trang đã cũ: hãy tải lại bảng điểm rồi nhập lại."), code="conflict"
            )
        if step == "explain":
            domain.score_explain(
                sheet=sheet, by=request.user, expected_version=version,
                entries=explanation_entries(criteria, request.POST),
            )  # fmt: skip
        else:
            SAVERS[step](
                sheet=sheet, by=request.user, expected_version=version,
                entries=score_entries(criteria, request.POST),
            )  # fmt: skip
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {key: list(msgs) for key, msgs in exc.message_dict.items()}
        else:
            conflict = _error_text(exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return render(request, SHEET, _context(request, sheet), status=403)
    else:
        messages.success(request, _("Đã lưu bảng điểm của %(unit)s.") % {"unit": sheet.unit})
        return redirect("scoring:sheet", sheet.pk)
    sheet.refresh_from_db()
    context = _context(request, sheet, posted=request.POST, errors=errors, conflict=conflict)
    return render(request, SHEET, context, status=400 if errors else 409)


ACTIONS: dict[str, Callable[..., ScoreSheet]] = {
    "submit": domain.scoresheet_submit,
    "verify_done": domain.scoresheet_verify_done,
    "explain_done": domain.scoresheet_explain_done,
    "finalize_done": domain.scoresheet_finalize_done,
    "refresh": domain.scoresheet_refresh_figures,
}
DONE = {
    "submit": lambda: _("Đã nộp bảng tự chấm của %(unit)s."),
    "verify_done": lambda: _("Đã thẩm định xong bảng điểm của %(unit)s."),
    "explain_done": lambda: _("Đã gửi giải trình của %(unit)s."),
    "finalize_done": lambda: _("Đã quyết định điểm chính thức của %(unit)s."),
    "refresh": lambda: _("Đã lấy lại số liệu năm đã duyệt cho %(unit)s."),
}


@login_required
@require_POST
def sheet_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sheet = _sheet(request, pk)
    act = ACTIONS.get(action)
    if act is None:
        raise Http404
    version = version_of(request.POST)
    if version is None:
        messages.error(request, _("Trang đã cũ: hãy tải lại bảng điểm rồi làm lại."))
        return redirect("scoring:sheet", sheet.pk)
    kwargs: dict[str, Any] = {"sheet": sheet, "by": request.user, "expected_version": version}
    if action == "refresh":
        kwargs["reason"] = str(request.POST.get("reason", ""))[:2000]
    try:
        act(**kwargs)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        return render(request, SHEET, _context(request, sheet), status=403)
    else:
        messages.success(request, DONE[action]() % {"unit": sheet.unit})
    return redirect("scoring:sheet", sheet.pk)


@login_required
@require_POST
def covenant_lock(request: HttpRequest, covenant_pk: int) -> HttpResponse:
    """The office locks every sheet and publishes the cluster's ranking."""
    covenant = access.get_covenant_for_user(request.user, covenant_pk)
    if not access.can_decide(request.user, covenant.cluster):
        raise PermissionDenied
    version = version_of(request.POST)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        domain.covenant_scoring_lock(covenant=covenant, by=request.user, expected_version=version)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã khóa và công bố kết quả xếp hạng của cụm."))
    return redirect("scoring:table", covenant.pk)


@login_required
@require_POST
def covenant_reopen(request: HttpRequest, covenant_pk: int) -> HttpResponse:
    covenant = access.get_covenant_for_user(request.user, covenant_pk)
    if not access.can_decide(request.user, covenant.cluster):
        raise PermissionDenied
    version = version_of(request.POST)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        domain.covenant_scoring_reopen(
            covenant=covenant, by=request.user, expected_version=version,
            reason=str(request.POST.get("reason", ""))[:2000],
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã mở lại kết quả chấm điểm để sửa."))
    return redirect("scoring:table", covenant.pk)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    if not access.can_score_unit(request.user, sheet.unit):
        raise PermissionDenied
    criterion = Criterion.objects.filter(
        pk=request.POST.get("criterion") or 0, covenant=sheet.covenant
    ).first()
    upload = request.FILES.get("file")
    version = version_of(request.POST)
    if criterion is None or upload is None or version is None:
        messages.error(request, _("Hãy chọn tiêu chí và tệp minh chứng để gửi."))
        return redirect("scoring:sheet", sheet.pk)
    try:
        domain.score_evidence_add(
            sheet=sheet, criterion=criterion, by=request.user, expected_version=version,
            file=upload, name=upload.name or "",
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, _("Đã gửi minh chứng cho tiêu chí %(code)s.") % {"code": criterion.code}
        )
    return redirect(reverse("scoring:sheet", args=[sheet.pk]) + f"#c{criterion.pk}")


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_pk: int) -> HttpResponseBase:
    evidence = (
        ScoreEvidence.objects.select_related("score__sheet__covenant__cluster")
        .filter(pk=evidence_pk, score__sheet__in=access.sheets_visible_to(request.user))
        .first()
    )
    if evidence is None:
        raise Http404
    return stream_file(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
