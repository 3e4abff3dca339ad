"""Import units from an Excel workbook, and download the template to fill."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.org import access, excel


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy("Dùng tệp mẫu; mỗi đơn vị một dòng."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{excel.XLSX_CONTENT_TYPE}"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_units(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = UnitImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = excel.unit_import(form.cleaned_data["file"], by=request.user)
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Đã nhập xong: %(created)s đơn vị mới, %(updated)s đơn vị được cập nhật, "
                        "%(unchanged)s đơn vị không thay đổi."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("org:unit_import")
    else:
        form = UnitImportForm()
    titles = dict(zip(excel.LETTERS, excel.HEADERS, strict=True))
    errors = [
        {"error": error, "title": titles.get(error.column, "")}
        for error in (result.errors if result else ())
    ]
    context = {"form": form, "result": result, "errors": errors, "max_rows": excel.MAX_ROWS}
    return render(request, "org/unit_import.html", context)


@login_required
@require_GET
def unit_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(excel.unit_template_workbook(), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-don-vi.xlsx"'
    return response
