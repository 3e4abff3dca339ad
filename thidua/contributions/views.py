"""Pages of the cluster's funds: the funds of each cluster-year with their totals, a fund's
table of units (pledged, paid, outstanding, receipt) with the row edited in place, the fund
form, the Excel export.

Thin: parse, authorize through thidua.contributions.access, write and read through
thidua.contributions.domain, render. HTMX requests get the `{% partialdef %}` they swap;
every write also works as a plain POST.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.contributions import access, domain
from thidua.contributions.forms import CloseForm, FundForm, PledgeAddForm, PledgeForm
from thidua.contributions.models import Fund, Pledge
from thidua.core.files import stream_file
from thidua.core.forms import submit
from thidua.core.htmx import is_partial
from thidua.core.xlsx import xlsx_response

DETAIL = "contributions/fund_detail.html"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(str(request.POST.get("version", "")))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# The funds of each cluster-year


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    funds = access.funds_visible_to(request.user).order_by(
        "-year", "cluster__level", "cluster__number", "opened_on", "pk"
    )
    years = sorted(set(funds.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is not None:
        funds = funds.filter(year=year)
    summaries = domain.fund_summaries(funds)
    groups: list[dict[str, Any]] = []
    for summary in summaries:
        if not groups or groups[-1]["cluster"].pk != summary.fund.cluster_id:
            groups.append({"cluster": summary.fund.cluster, "summaries": []})
        groups[-1]["summaries"].append(summary)
    for group in groups:
        group["totals"] = domain.totals_of(p for s in group["summaries"] for p in s.pledges)
        group["units"] = domain.unit_totals(group["summaries"])
    new_in = access.clusters_for_new_fund(request.user)
    if year is not None:
        new_in = new_in.filter(year=year)
    context = {
        "groups": groups,
        "years": years,
        "year": year,
        "new_in": list(new_in.order_by("-year", "level", "number")[:30]),
    }
    return render(request, "contributions/home.html", context)


# ---------------------------------------------------------------------------------------
# A fund


def _fund_context(request: HttpRequest, fund: Fund) -> dict[str, Any]:
    user = request.user
    manager = access.can_manage_funds(user, fund.cluster)
    summary = domain.fund_summary_of(fund.pk)
    fund = summary.fund
    rows = [_row(user, pledge, manager, fund) for pledge in summary.pledges]
    missing: list[Any] = []
    if manager and fund.is_open:
        taken = {p.unit_id for p in summary.pledges}
        missing = [u for u in domain.members_of(fund.cluster) if u.pk not in taken]
    paid_any = any(p.has_payment for p in summary.pledges)
    return {
        "fund": fund,
        "summary": summary,
        "rows": rows,
        "manager": manager,
        "add_form": PledgeAddForm(user=user, fund=fund, units=missing) if missing else None,
        "close_form": CloseForm(initial={"version": fund.version}),
        "can_delete": manager and not paid_any,
    }


def _row(user: Any, pledge: Pledge, manager: bool, fund: Fund) -> dict[str, Any]:
    return {
        "pledge": pledge,
        "can_edit": fund.is_open and access.can_record_payment(user, pledge, manager=manager),
        "can_delete": fund.is_open and manager and not pledge.has_payment,
    }


@login_required
@require_GET
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = access.get_fund_for_user(request.user, pk)
    return render(request, DETAIL, _fund_context(request, fund))


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_new_fund(request.user, cluster_pk)
    form = FundForm(
        request.POST if request.method == "POST" else None, user=request.user, cluster=cluster
    )
    if request.method == "POST" and (fund := submit(form)) is not None:
        messages.success(request, _("Đã lập khoản đóng góp “%(title)s”.") % {"title": fund})
        return redirect("contributions:fund_detail", fund.pk)
    return render(
        request, "contributions/fund_form.html", {"form": form, "fund": None, "cluster": cluster}
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fund = access.get_fund_for_user(request.user, pk, write=True)
    form = FundForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        cluster=fund.cluster,
        fund=fund,
    )
    if request.method == "POST" and (saved := submit(form)) is not None:
        messages.success(request, _("Đã lưu khoản đóng góp “%(title)s”.") % {"title": saved})
        return redirect("contributions:fund_detail", saved.pk)
    return render(
        request,
        "contributions/fund_form.html",
        {"form": form, "fund": fund, "cluster": fund.cluster},
    )


@login_required
@require_POST
def fund_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("close", "reopen"):
        raise Http404
    fund = access.get_fund_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        version = form.cleaned_data["version"]
        if action == "close":
            fund = domain.fund_close(
                fund=fund, by=request.user, expected_version=version, closed_on=form.day()
            )
            messages.success(
                request, _("Đã kết thúc khoản đóng góp “%(title)s”.") % {"title": fund}
            )
        else:
            fund = domain.fund_reopen(fund=fund, by=request.user, expected_version=version)
            messages.success(request, _("Đã mở lại khoản đóng góp “%(title)s”.") % {"title": fund})
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("contributions:fund_detail", fund.pk)


@login_required
@require_POST
def fund_delete(request: HttpRequest, pk: int) -> HttpResponse:
    fund = access.get_fund_for_user(request.user, pk, write=True)
    version = _version(request)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        domain.fund_delete(fund=fund, by=request.user, expected_version=version)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("contributions:fund_detail", fund.pk)
    messages.success(request, _("Đã xóa khoản đóng góp “%(title)s”.") % {"title": fund})
    return redirect("contributions:home")


@login_required
@require_GET
def fund_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from thidua.contributions.excel import fund_workbook

    fund = access.get_fund_for_user(request.user, pk)
    summary = domain.fund_summary_of(fund.pk)
    name = slugify(f"dong-gop-cum-{fund.cluster.number}-{fund.year}-{fund.pk}")
    return xlsx_response(fund_workbook(summary), display_name=name, fallback="dong-gop")


# ---------------------------------------------------------------------------------------
# A unit's row


@login_required
@require_POST
def pledge_add(request: HttpRequest, pk: int) -> HttpResponse:
    fund = access.get_fund_for_user(request.user, pk, write=True)
    taken = set(fund.pledges.values_list("unit_id", flat=True))
    units = [u for u in domain.members_of(fund.cluster) if u.pk not in taken]
    form = PledgeAddForm(request.POST, user=request.user, fund=fund, units=units)
    pledge = submit(form)
    if pledge is not None:
        messages.success(request, _("Đã thêm %(unit)s vào bảng đóng góp.") % {"unit": pledge.unit})
    else:
        messages.error(request, _form_errors(form))
    return redirect("contributions:fund_detail", fund.pk)


def _row_response(
    request: HttpRequest, pledge: Pledge, *, form: PledgeForm | None = None, saved: bool = False
) -> HttpResponse:
    fund = pledge.fund
    manager = access.can_manage_funds(request.user, fund.cluster)
    context: dict[str, Any] = {"row": _row(request.user, pledge, manager, fund), "fund": fund}
    if form is not None:
        context["form"] = form
        template = f"{DETAIL}#pledge_form"
    elif saved:
        context["summary"] = domain.fund_summary_of(fund.pk)
        template = f"{DETAIL}#pledge_saved"
    else:
        template = f"{DETAIL}#pledge_row"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def pledge_row(request: HttpRequest, pledge_pk: int) -> HttpResponse:
    """The row as shown in the table (what "cancel" swaps back)."""
    pledge = access.get_pledge_for_user(request.user, pledge_pk)
    return _row_response(request, pledge)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request: HttpRequest, pledge_pk: int) -> HttpResponse:
    pledge = access.get_pledge_for_user(request.user, pledge_pk, write=True)
    manager = access.can_manage_funds(request.user, pledge.fund.cluster)
    form = PledgeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        pledge=pledge,
        may_change_pledge=manager,
    )
    if request.method == "POST" and (saved := submit(form)) is not None:
        if is_partial(request):
            return _row_response(request, saved, saved=True)
        messages.success(
            request, _("Đã ghi nhận phần đóng góp của %(unit)s.") % {"unit": saved.unit}
        )
        return redirect("contributions:fund_detail", saved.fund_id)
    if is_partial(request):
        return _row_response(request, pledge, form=form)
    return render(
        request,
        "contributions/pledge_form.html",
        {"form": form, "pledge": pledge, "fund": pledge.fund},
    )


@login_required
@require_POST
def pledge_delete(request: HttpRequest, pledge_pk: int) -> HttpResponse:
    pledge = access.get_pledge_for_user(request.user, pledge_pk)
    if not access.can_manage_funds(request.user, pledge.fund.cluster):
        raise PermissionDenied
    version = _version(request)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        domain.pledge_delete(pledge=pledge, by=request.user, expected_version=version)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã bỏ %(unit)s khỏi bảng đóng góp.") % {"unit": pledge.unit})
    return redirect("contributions:fund_detail", pledge.fund_id)


@login_required
@require_GET
def receipt_download(request: HttpRequest, pledge_pk: int) -> HttpResponseBase:
    """Streamed to those who may read the fund, never served from a public folder."""
    pledge = access.get_pledge_for_user(request.user, pledge_pk)
    return stream_file(
        pledge.receipt,
        filename=pledge.receipt_name or "chung-tu",
        content_type=pledge.receipt_type or "application/octet-stream",
    )
