"""Pages of the conferences: the year's calendar, a conference with its guests, files and
outcomes, and the forms that record them.

Thin: authorize through thidua.conferences.access, write through the forms (which call
thidua.conferences.domain), read through the domain's selectors, render. The calendar's
filters and the form's guest rows use HTMX; every write also works as a plain POST.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.conferences import access, domain
from thidua.conferences.forms import (
    AttachmentForm,
    ConferenceForm,
    GuestRow,
    OutcomeForm,
    VersionForm,
    form_errors,
)
from thidua.conferences.models import (
    Attachment,
    AttachmentKind,
    Conference,
    ConferenceKind,
    Outcome,
)
from thidua.core.files import stream_file
from thidua.core.forms import submit
from thidua.core.htmx import is_partial
from thidua.covenants.access import clusters_with_internal_access
from thidua.covenants.models import Covenant
from thidua.org.models import Cluster


def _int(value: str | None, *, low: int = 1, high: int = 2**31 - 1) -> int | None:
    """A whole number from the query string within [low, high]; None for anything else."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and low <= number <= high else None


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# ---------------------------------------------------------------------------------------
# The calendar


def _default_year(user: Any) -> int:
    """The latest year with a conference the user may see (not beyond next year)."""
    this_year = timezone.localdate().year
    latest = (
        access.conferences_visible_to(user)
        .filter(cluster__year__lte=this_year + 1)
        .order_by("-cluster__year")
        .values_list("cluster__year", flat=True)
        .first()
    )
    return latest or this_year


@login_required
@require_GET
def conference_list(request: HttpRequest) -> HttpResponse:
    """The year's conferences month by month, for every cluster the user sees or one."""
    user = request.user
    clusters = clusters_with_internal_access(user)
    cluster: Cluster | None = None
    if request.GET.get("cluster"):
        cluster_id = _int(request.GET.get("cluster"))
        cluster = clusters.filter(pk=cluster_id).first() if cluster_id else None
        if cluster is None:
            raise Http404
    asked_year = _int(request.GET.get("year"), low=1900, high=2999)
    if cluster is not None and asked_year is not None and asked_year != cluster.year:
        # The year was changed while a cluster of another year was chosen: the year wins.
        cluster = None
    year = cluster.year if cluster else (asked_year or _default_year(user))
    kind = request.GET.get("kind", "")
    if kind not in ConferenceKind.values:
        kind = ""
    conferences = access.conferences_visible_to(user).filter(cluster__year=year)
    if cluster is not None:
        conferences = conferences.filter(cluster=cluster)
    if kind:
        conferences = conferences.filter(kind=kind)
    items = list(domain.with_details(conferences).order_by("date", "start_time", "id"))
    runnable = list(
        access.clusters_runnable_by(user)
        .filter(year=year, pk__in=clusters.values("pk"))
        .order_by("level", "province_id", "number")
    )
    if cluster is not None:
        runnable = [c for c in runnable if c.pk == cluster.pk]
    years = sorted(set(clusters.values_list("year", flat=True)) | {year}, reverse=True)
    context = {
        "year": year,
        "cluster": cluster,
        "kind": kind,
        "kinds": ConferenceKind.choices,
        "years": years,
        "clusters": list(clusters.filter(year=year).order_by("level", "province_id", "number")),
        "months": domain.calendar_months(items, year=year),
        "count": len(items),
        "runnable": runnable,
        "today": timezone.localdate(),
    }
    template = "conferences/conference_list.html"
    response = render(request, f"{template}#calendar" if is_partial(request) else template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# ---------------------------------------------------------------------------------------
# Recording a conference


def _form_context(form: ConferenceForm, cluster: Cluster) -> dict[str, Any]:
    return {
        "form": form,
        "cluster": cluster,
        "conference": form.conference,
        "guest_rows": form.guest_rows,
        "default_titles": {
            value: domain.default_title(kind=value, year=cluster.year)
            for value in ConferenceKind.values
        },
    }


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_new_conference(request.user, cluster_pk)
    initial: dict[str, Any] = {}
    if (kind := request.GET.get("kind", "")) in ConferenceKind.values:
        initial["kind"] = kind
    form = ConferenceForm(_posted(request), cluster=cluster, by=request.user, initial=initial)
    if request.method == "POST" and (conference := submit(form)) is not None:
        messages.success(request, _("Đã ghi hội nghị “%(title)s”.") % {"title": conference})
        return redirect("conferences:conference_detail", pk=conference.pk)
    return render(request, "conferences/conference_form.html", _form_context(form, cluster))


@login_required
@require_GET
def guest_row(request: HttpRequest) -> HttpResponse:
    """An empty guest row, appended to the form by HTMX."""
    if not access.clusters_runnable_by(request.user).exists():
        raise PermissionDenied
    return render(request, "conferences/_guest_row.html", {"row": GuestRow()})


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = access.get_conference_for_user(request.user, pk, write=True)
    form = ConferenceForm(
        _posted(request), cluster=conference.cluster, by=request.user, conference=conference
    )
    if request.method == "POST" and (saved := submit(form)) is not None:
        messages.success(request, _("Đã lưu hội nghị “%(title)s”.") % {"title": saved})
        return redirect("conferences:conference_detail", pk=saved.pk)
    return render(
        request, "conferences/conference_form.html", _form_context(form, conference.cluster)
    )


@login_required
@require_POST
def conference_delete(request: HttpRequest, pk: int) -> HttpResponse:
    conference = access.get_conference_for_user(request.user, pk, write=True)
    form = VersionForm(request.POST)
    if not form.is_valid():
        for message in form_errors(form):
            messages.error(request, message)
        return redirect("conferences:conference_detail", pk=conference.pk)
    title, cluster_pk = str(conference), conference.cluster_id
    try:
        domain.conference_delete(
            conference=conference,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data.get("reason") or "",
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect("conferences:conference_detail", pk=conference.pk)
    messages.success(request, _("Đã xóa hội nghị “%(title)s”.") % {"title": title})
    return redirect(reverse("conferences:conference_list") + f"?cluster={cluster_pk}")


# ---------------------------------------------------------------------------------------
# A conference


def _detailed(conference: Conference) -> Conference:
    return (
        domain.with_details(Conference.objects.filter(pk=conference.pk))
        .select_related("cluster__managing_office", "updated_by")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.select_related("uploaded_by").order_by(
                    "uploaded_at", "id"
                ),
            )
        )
        .get()
    )


@login_required
@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _detailed(access.get_conference_for_user(request.user, pk))
    can_edit = access.can_edit_conference(request.user, conference)
    attachments = list(conference.attachments.all())
    candidates = domain.outcome_candidates(conference=conference) if can_edit else None
    context = {
        "conference": conference,
        "cluster": conference.cluster,
        "guests": list(conference.guests.all()),
        "outcomes": list(conference.outcomes.all()),
        "notices": domain.outcome_notices(conference),
        "photos": [a for a in attachments if a.kind == AttachmentKind.PHOTO],
        "documents": [a for a in attachments if a.kind != AttachmentKind.PHOTO],
        "file_count": len(attachments),
        "can_edit": can_edit,
        "attachment_form": AttachmentForm(conference=conference, by=request.user)
        if can_edit
        else None,
        "outcome_form": OutcomeForm(conference=conference, candidates=candidates, by=request.user)
        if candidates
        else None,
        "allows_outcomes": bool(domain.OUTCOMES_BY_KIND.get(conference.kind)),
        "covenant": Covenant.objects.filter(cluster_id=conference.cluster_id).first()
        if conference.kind == ConferenceKind.YEAR_END
        else None,
    }
    return render(request, "conferences/conference_detail.html", context)


def _back(conference: Conference, anchor: str) -> HttpResponse:
    return redirect(reverse("conferences:conference_detail", args=[conference.pk]) + anchor)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    conference = access.get_conference_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES, conference=conference, by=request.user)
    if (attachment := submit(form)) is not None:
        messages.success(request, _("Đã gửi tệp “%(name)s”.") % {"name": attachment})
    else:
        for message in form_errors(form):
            messages.error(request, message)
    return _back(conference, "#files")


@login_required
@require_GET
def attachment_file(request: HttpRequest, attachment_pk: int) -> HttpResponseBase:
    """Streamed to those who may read the conference, never served from a public folder.
    Photos are shown in the page; other files (and ?download) are downloaded."""
    attachment = access.get_attachment_for_user(request.user, attachment_pk)
    response = stream_file(
        attachment.file,
        as_attachment=not attachment.is_image or "download" in request.GET,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    attachment = access.get_attachment_for_user(request.user, attachment_pk, write=True)
    conference = attachment.conference
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        domain.attachment_delete(
            attachment=attachment, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gỡ tệp “%(name)s”.") % {"name": attachment})
    return _back(conference, "#files")


@login_required
@require_POST
def outcome_link(request: HttpRequest, pk: int) -> HttpResponse:
    conference = access.get_conference_for_user(request.user, pk, write=True)
    candidates = domain.outcome_candidates(conference=conference)
    form = OutcomeForm(request.POST, conference=conference, candidates=candidates, by=request.user)
    if (outcome := submit(form)) is not None:
        messages.success(
            request, _("Đã ghi kết quả: %(outcome)s.") % {"outcome": outcome.get_kind_display()}
        )
    else:
        for message in form_errors(form):
            messages.error(request, message)
    return _back(conference, "#outcomes")


@login_required
@require_POST
def outcome_unlink(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    conference = access.get_conference_for_user(request.user, pk, write=True)
    outcome = get_object_or_404(
        Outcome.objects.select_related("conference"), pk=outcome_pk, conference=conference
    )
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        domain.outcome_unlink(
            outcome=outcome, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã gỡ kết quả: %(outcome)s.") % {"outcome": outcome.get_kind_display()}
        )
    return _back(conference, "#outcomes")
