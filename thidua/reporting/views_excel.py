"""The Excel round trip's pages: download a unit's or the cluster's workbook, upload it back.

Thin: who may do what is thidua.reporting.access, the work is thidua.reporting.excel.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.xlsx import xlsx_response
from thidua.reporting import access, excel
from thidua.reporting.models import Period, Report


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy("Tệp đã tải từ hệ thống và điền số liệu vào các ô nền vàng."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{excel.XLSX_CONTENT_TYPE}"}),
    )


def _period_for_user(user: Any, period_pk: int) -> Period:
    """The period if the user may read its cluster's reports (404 otherwise)."""
    period = Period.objects.select_related("covenant__cluster").filter(pk=period_pk).first()
    if period is None or not access.can_view_cluster_reports(user, period.covenant.cluster):
        raise Http404
    return period


@login_required
@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    with translation.override("vi"):
        name = f"Báo cáo {report.unit} – {report.period.label}"
    return xlsx_response(
        excel.report_workbook(report=report), display_name=name, fallback="bao-cao"
    )


@login_required
@require_GET
def period_xlsx(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = _period_for_user(request.user, period_pk)
    covenant = period.covenant
    content = excel.period_workbook(
        covenant=covenant, period=period, units=excel.period_units(period)
    )
    with translation.override("vi"):
        name = f"Báo cáo {covenant.cluster} – {period.label}"
    return xlsx_response(content, display_name=name, fallback="bao-cao")


def _page(
    request: HttpRequest,
    *,
    form: WorkbookUploadForm,
    result: excel.ImportResult | None,
    period: Period,
    report: Report | None,
) -> HttpResponse:
    titles = {excel.LETTER[c.name]: c.title for c in excel.COLUMNS}
    errors = [
        {"error": error, "title": titles.get(error.column, "")}
        for error in (result.errors if result else ())
    ]
    context = {
        "form": form,
        "result": result,
        "errors": errors,
        "period": period,
        "covenant": period.covenant,
        "report": report,
    }
    return render(request, "reporting/import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, write=True)
    result = None
    form = WorkbookUploadForm()
    if request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = excel.workbook_import(
                file=form.cleaned_data["file"],
                period=report.period,
                by=request.user,
                unit=report.unit,
            )
            if result.ok:
                if result.reports:
                    messages.success(
                        request,
                        _("Đã nhập số liệu từ tệp Excel: %(rows)s dòng đã đọc, báo cáo được lưu.")
                        % {"rows": result.rows},
                    )
                else:
                    messages.info(request, _("Tệp không có số liệu nào khác với số liệu đã lưu."))
                return redirect("reporting:report_detail", pk=report.pk)
    return _page(request, form=form, result=result, period=report.period, report=report)


@login_required
@require_http_methods(["GET", "POST"])
def period_import(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = _period_for_user(request.user, period_pk)
    if not any(access.can_enter_figures(request.user, u) for u in excel.period_units(period)):
        raise PermissionDenied
    result = None
    form = WorkbookUploadForm()
    if request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = excel.workbook_import(
                file=form.cleaned_data["file"], period=period, by=request.user
            )
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Đã nhập số liệu từ tệp Excel: %(changed)s báo cáo được lưu, "
                        "%(unchanged)s báo cáo không thay đổi, %(skipped)s trang bỏ qua."
                    )
                    % {
                        "changed": len(result.reports),
                        "unchanged": len(result.unchanged),
                        "skipped": len(result.skipped),
                    },
                )
                return redirect("reporting:period_board", period_pk=period.pk)
    return _page(request, form=form, result=result, period=period, report=None)
