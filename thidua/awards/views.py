"""Pages of the awards registry: the awards list, counts and Excel export; an award; a
unit's awards over the years; the catalogue of titles; proposals and their workflow.

Thin: authorize through thidua.awards.access, write through the forms (which call
thidua.awards.domain), render. HTMX requests get the `{% partialdef %}` they swap.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.awards import access, domain, excel, forms
from thidua.awards.models import Proposal, Title
from thidua.core.files import stream_file
from thidua.core.forms import submit
from thidua.core.htmx import is_partial
from thidua.core.xlsx import xlsx_response
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster

PAGE_SIZE = 50
# The export holds at most this many rows (the list's filters narrow it).
EXPORT_LIMIT = 20000


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _query_without_page(request: HttpRequest) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "page" and v]
    return urlencode(params)


# ---------------------------------------------------------------------------------------
# Awards


def _award_filters(request: HttpRequest) -> tuple[forms.AwardFilterForm, dict[str, Any]]:
    clusters = org_access.clusters_visible_to(request.user)
    form = forms.AwardFilterForm(request.GET or None, clusters=clusters)
    return form, form.filters()


@login_required
@require_GET
def award_list(request: HttpRequest) -> HttpResponse:
    """Every award, newest year first, with filters and a diacritic-free search."""
    form, filters = _award_filters(request)
    awards = domain.awards_filtered(user=request.user, **filters)
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_record": access.can_record_awards(request.user),
        "filtered": any(filters.values()),
    }
    template = "awards/award_list.html#results" if is_partial(request) else "awards/award_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def award_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, as an Excel workbook."""
    _form, filters = _award_filters(request)
    awards = list(domain.awards_filtered(user=request.user, **filters)[:EXPORT_LIMIT])
    parts = []
    if filters.get("year"):
        parts.append(_("năm %(year)s") % {"year": filters["year"]})
    if filters.get("cluster"):
        parts.append(str(filters["cluster"]))
    if filters.get("title"):
        parts.append(str(filters["title"]))
    if filters.get("unit"):
        parts.append(str(filters["unit"]))
    if filters.get("search"):
        parts.append(f"“{filters['search']}”")
    stamp = timezone.localdate().strftime("%d/%m/%Y")
    content = excel.awards_workbook(
        awards,
        heading="DANH SÁCH KHEN THƯỞNG" + (" – " + ", ".join(parts) if parts else ""),
        subheading=f"Trích xuất ngày {stamp}: {len(awards)} khen thưởng.",
    )
    name = "khen-thuong" + (f"-{filters['year']}" if filters.get("year") else "")
    return xlsx_response(content, display_name=name, fallback="khen-thuong")


@login_required
@require_GET
def award_counts(request: HttpRequest) -> HttpResponse:
    """Clusters × titles for a year."""
    years = domain.award_years()
    year = _int(request.GET.get("year"))
    if year is None or not 1900 <= year <= 2999:
        year = years[0] if years else timezone.localdate().year
    table = domain.award_counts(user=request.user, year=year)
    return render(
        request, "awards/award_counts.html", {"table": table, "years": years, "year": year}
    )


@login_required
@require_GET
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = access.get_award_for_user(request.user, pk)
    proposal = Proposal.objects.filter(award=award).select_related("cluster").first()
    can_see_proposal = proposal is not None and access.can_view_proposals(
        request.user, proposal.cluster
    )
    context = {
        "award": award,
        "proposal": proposal if can_see_proposal else None,
        "can_edit": access.can_edit_award(request.user, award),
        "delete_form": forms.ReasonForm(initial={"version": award.version}),
    }
    return render(request, "awards/award_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def award_create(request: HttpRequest) -> HttpResponse:
    if not access.can_record_awards(request.user):
        raise PermissionDenied
    clusters = org_access.clusters_managed_by(request.user)
    initial = {}
    if (unit_id := _int(request.GET.get("unit"))) is not None:
        initial["unit"] = unit_id
    form = forms.AwardForm(
        _posted(request), _files(request), by=request.user, clusters=clusters, initial=initial
    )
    if request.method == "POST" and (award := submit(form)) is not None:
        messages.success(request, _("Đã ghi nhận khen thưởng."))
        return redirect("awards:award_detail", pk=award.pk)
    return render(request, "awards/award_form.html", {"form": form, "award": None})


@login_required
@require_http_methods(["GET", "POST"])
def award_edit(request: HttpRequest, pk: int) -> HttpResponse:
    award = access.get_award_for_user(request.user, pk, write=True)
    clusters = org_access.clusters_managed_by(request.user)
    form = forms.AwardForm(
        _posted(request), _files(request), by=request.user, clusters=clusters, award=award
    )
    if request.method == "POST" and submit(form) is not None:
        messages.success(request, _("Đã lưu thay đổi của khen thưởng."))
        return redirect("awards:award_detail", pk=award.pk)
    return render(request, "awards/award_form.html", {"form": form, "award": award})


@login_required
@require_POST
def award_delete(request: HttpRequest, pk: int) -> HttpResponse:
    award = access.get_award_for_user(request.user, pk, write=True)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            domain.award_delete(
                award=award,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Đã xóa khen thưởng; lịch sử vẫn giữ bản ghi và lý do."))
            return redirect("awards:award_list")
    else:
        messages.error(request, _("Hãy nêu lý do xóa khen thưởng."))
    return redirect("awards:award_detail", pk=award.pk)


@login_required
@require_GET
def award_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The decision's file, streamed to those who read the award, never from a public folder."""
    award = access.get_award_for_user(request.user, pk)
    return stream_file(
        award.decision_file,
        filename=award.file_name or "quyet-dinh",
        content_type=award.file_type or "application/octet-stream",
    )


@login_required
@require_GET
def unit_awards(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's awards (and its people's) over the years."""
    unit = org_access.get_unit_for_user(request.user, unit_pk)
    years = domain.unit_awards(unit=unit)
    context = {
        "unit": unit,
        "years": years,
        "total": sum(len(awards) for _year, awards in years),
        "can_record": access.can_record_awards(request.user),
    }
    return render(request, "awards/unit_awards.html", context)


# ---------------------------------------------------------------------------------------
# The catalogue


@login_required
@require_GET
def title_list(request: HttpRequest) -> HttpResponse:
    titles = list(Title.objects.order_by("order", "pk"))
    context = {"titles": titles, "can_manage": access.can_manage_titles(request.user)}
    return render(request, "awards/title_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def title_create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_titles(request.user):
        raise PermissionDenied
    form = forms.TitleForm(_posted(request), by=request.user)
    if request.method == "POST" and submit(form) is not None:
        messages.success(request, _("Đã thêm vào danh mục."))
        return redirect("awards:title_list")
    return render(request, "awards/title_form.html", {"form": form, "title_obj": None})


@login_required
@require_http_methods(["GET", "POST"])
def title_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_titles(request.user):
        raise PermissionDenied
    title = Title.objects.filter(pk=pk).first()
    if title is None:
        raise Http404
    form = forms.TitleForm(_posted(request), by=request.user, title=title)
    if request.method == "POST" and submit(form) is not None:
        messages.success(request, _("Đã lưu danh mục."))
        return redirect("awards:title_list")
    return render(request, "awards/title_form.html", {"form": form, "title_obj": title})


# ---------------------------------------------------------------------------------------
# Proposals


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The proposals of the clusters the user reads, by cluster-year and state."""
    clusters = clusters_with_internal_access(request.user)
    form = forms.ProposalFilterForm(request.GET or None, clusters=clusters)
    filters = form.filters()
    proposals = domain.proposals_filtered(user=request.user, **filters)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    proposable = list(
        access.clusters_for_proposals(request.user).order_by("-year", "level", "number")[:20]
    )
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "proposable": proposable,
        "cluster": filters.get("cluster"),
    }
    template = (
        "awards/proposal_list.html#results" if is_partial(request) else "awards/proposal_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_proposals(request.user, cluster_pk, write=True)
    units = access.units_for_proposals(request.user, cluster)
    initial: dict[str, Any] = {"proposed_at": timezone.localdate()}
    if units.count() == 1:
        initial["unit"] = units.first()
    form = forms.ProposalForm(
        _posted(request), by=request.user, cluster=cluster, units=units, initial=initial
    )
    if request.method == "POST" and (proposal := submit(form)) is not None:
        messages.success(request, _("Đã lập hồ sơ đề nghị."))
        return redirect("awards:proposal_detail", pk=proposal.pk)
    context = {"form": form, "cluster": cluster, "proposal": None}
    return render(request, "awards/proposal_form.html", context)


def _proposal_context(request: HttpRequest, proposal: Proposal, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "proposal": proposal,
        **access.proposal_permissions(request.user, proposal),
        "submit_form": forms.SubmitForm(
            initial={"version": proposal.version, "submitted_at": timezone.localdate()}
        ),
        "grant_form": forms.GrantForm(
            initial={
                "version": proposal.version,
                "granting_authority": proposal.title.granting_authority,
            }
        ),
        "reject_form": forms.ReasonForm(initial={"version": proposal.version}),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, pk)
    return render(request, "awards/proposal_detail.html", _proposal_context(request, proposal))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, pk, write=True)
    units = access.units_for_proposals(request.user, proposal.cluster)
    form = forms.ProposalForm(
        _posted(request), by=request.user, cluster=proposal.cluster, units=units, proposal=proposal
    )
    if request.method == "POST" and submit(form) is not None:
        messages.success(request, _("Đã lưu hồ sơ đề nghị."))
        return redirect("awards:proposal_detail", pk=proposal.pk)
    context = {"form": form, "cluster": proposal.cluster, "proposal": proposal}
    return render(request, "awards/proposal_form.html", context)


_ACTIONS = {
    "submit": access.can_submit_proposal,
    "grant": access.can_decide_proposal,
    "reject": access.can_decide_proposal,
    "delete": access.can_edit_proposal,
}


@login_required
@require_POST
def proposal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit to the council, record the decision (granted / not granted), or remove."""
    if action not in _ACTIONS:
        raise Http404
    proposal = access.get_proposal_for_user(request.user, pk)
    if not _ACTIONS[action](request.user, proposal):
        raise PermissionDenied
    user = request.user
    if action == "submit":
        form: Any = forms.SubmitForm(request.POST)
        if form.is_valid():
            return _act(
                request, proposal, form, "submit_form",
                lambda data: domain.proposal_submit(
                    proposal=proposal, by=user, expected_version=data.get("version"),
                    submitted_at=data.get("submitted_at"),
                ),
                _("Đã trình Hội đồng."),
            )  # fmt: skip
        return _show(request, proposal, submit_form=form)
    if action == "grant":
        form = forms.GrantForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            return _act(
                request, proposal, form, "grant_form",
                lambda data: domain.proposal_grant(
                    proposal=proposal, by=user, expected_version=data.get("version"),
                    decision_number=data["decision_number"], decision_date=data["decision_date"],
                    granting_authority=data.get("granting_authority", ""), note=data.get("note", ""),
                    file=upload, file_name=upload.name if upload else "",
                ),
                _("Đã ghi nhận: được khen thưởng."),
            )  # fmt: skip
        form.mark_invalid()
        return _show(request, proposal, grant_form=form)
    if action == "reject":
        form = forms.ReasonForm(request.POST)
        if form.is_valid():
            return _act(
                request, proposal, form, "reject_form",
                lambda data: domain.proposal_reject(
                    proposal=proposal, by=user, expected_version=data.get("version"),
                    reason=data["reason"],
                ),
                _("Đã ghi nhận: không được khen thưởng."),
            )  # fmt: skip
        form.mark_invalid()
        return _show(request, proposal, reject_form=form)
    version = _int(request.POST.get("version"))
    try:
        domain.proposal_delete(proposal=proposal, by=user, expected_version=version)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("awards:proposal_detail", pk=proposal.pk)
    messages.success(request, _("Đã xóa hồ sơ đề nghị."))
    return redirect(_proposal_list_url(proposal.cluster))


def _proposal_list_url(cluster: Cluster) -> str:
    return reverse("awards:proposal_list") + f"?cluster={cluster.pk}"


def _show(request: HttpRequest, proposal: Proposal, **forms_: Any) -> HttpResponse:
    """The proposal page again, with the refused form and its messages (400)."""
    fresh = access.get_proposal_for_user(request.user, proposal.pk)
    context = _proposal_context(request, fresh, **forms_)
    return render(request, "awards/proposal_detail.html", context, status=400)


def _act(
    request: HttpRequest,
    proposal: Proposal,
    form: Any,
    name: str,
    action: Any,
    done: str,
) -> HttpResponse:
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        form.add_domain_error(error)
        form.mark_invalid()
        return _show(request, proposal, **{name: form})
    messages.success(request, done)
    return redirect("awards:proposal_detail", pk=proposal.pk)
