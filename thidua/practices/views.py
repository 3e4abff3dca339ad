"""Pages of the practices library: search, a practice with its files, create and edit,
publish / promote / take back, files.

Thin: parse, authorize through thidua.practices.access, write and read through
thidua.practices.domain, render. HTMX requests get the `{% partialdef %}` they swap; every
write also works as a plain POST.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.files import stream_file
from thidua.core.forms import submit
from thidua.core.htmx import is_partial
from thidua.org.models import Cluster, Unit
from thidua.practices import access, domain
from thidua.practices.forms import FileForm, LibraryFilterForm, PracticeForm
from thidua.practices.models import Practice, PracticeKind, Visibility

PAGE_SIZE = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(str(request.POST.get("version", "")))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# The library


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """Every practice the user may see, searched without regard to diacritics."""
    filters = LibraryFilterForm(request.GET)
    values = filters.values()
    found = domain.practice_search(user=request.user, **values)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = values["query"]
    rows = [
        {
            "practice": practice,
            "title": domain.highlight(practice.title, query),
            "excerpt": domain.excerpt(practice.description, query),
        }
        for practice in page.object_list
    ]
    context: dict[str, Any] = {"page": page, "rows": rows, **values}
    if is_partial(request) and request.headers.get("HX-Target") == "practice-results":
        response = render(request, "practices/library.html#results", context)
    else:
        visible = access.practices_visible_to(request.user)
        context.update(
            kinds=PracticeKind.choices,
            visibilities=Visibility.choices,
            years=sorted(set(visible.values_list("year", flat=True)), reverse=True),
            clusters=list(
                Cluster.objects.filter(pk__in=visible.values("cluster_id")).order_by(
                    "-year", "level", "number"
                )
            ),
            units=list(Unit.objects.filter(pk__in=visible.values("unit_id")).order_by("sort_name")),
            can_create=access.clusters_for_new_practice(request.user).exists(),
        )
        response = render(request, "practices/library.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


# ---------------------------------------------------------------------------------------
# A practice


def _detail_context(request: HttpRequest, practice: Practice) -> dict[str, Any]:
    return {
        "practice": practice,
        "files": list(practice.files.select_related("uploaded_by")),
        "file_form": FileForm(initial={"version": practice.version}),
        **access.practice_permissions(request.user, practice),
    }


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, pk)
    return render(request, "practices/detail.html", _detail_context(request, practice))


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not access.clusters_for_new_practice(request.user).exists():
        raise PermissionDenied
    form = PracticeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
    if request.method == "POST" and (practice := submit(form)) is not None:
        messages.success(request, _("Đã ghi nhận “%(title)s” (bản nháp).") % {"title": practice})
        return redirect("practices:detail", practice.pk)
    return render(request, "practices/form.html", {"form": form, "practice": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, pk, write=True)
    form = PracticeForm(
        request.POST if request.method == "POST" else None, user=request.user, practice=practice
    )
    if request.method == "POST" and (saved := submit(form)) is not None:
        messages.success(request, _("Đã lưu “%(title)s”.") % {"title": saved})
        return redirect("practices:detail", saved.pk)
    return render(request, "practices/form.html", {"form": form, "practice": practice})


ACTIONS: dict[str, tuple[Callable[[Any, Practice], bool], Callable[..., Practice], Any]] = {
    "publish": (
        access.can_publish_practice,
        domain.practice_publish,
        lambda: _("Đã phổ biến “%(title)s” trong cụm."),
    ),
    "promote": (
        access.can_promote_practice,
        domain.practice_promote,
        lambda: _("Đã nhân rộng “%(title)s” đến mọi cụm."),
    ),
    "unpublish": (
        access.can_unpublish_practice,
        domain.practice_unpublish,
        lambda: _("Đã thu hồi “%(title)s” một bước."),
    ),
}


@login_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    allowed, act, done = ACTIONS[action]
    if not allowed(request.user, practice):
        raise PermissionDenied
    version = _version(request)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        practice = act(practice=practice, by=request.user, expected_version=version)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done() % {"title": practice.title})
    if not access.practices_visible_to(request.user).filter(pk=practice.pk).exists():
        return redirect("practices:library")
    return redirect("practices:detail", practice.pk)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, pk, write=True)
    version = _version(request)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        domain.practice_delete(practice=practice, by=request.user, expected_version=version)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("practices:detail", practice.pk)
    messages.success(request, _("Đã xóa “%(title)s”.") % {"title": practice.title})
    return redirect("practices:library")


# ---------------------------------------------------------------------------------------
# Files


@login_required
@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, pk, write=True)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp để gửi."))
        return redirect("practices:detail", practice.pk)
    upload = form.cleaned_data["file"]
    try:
        stored = domain.practice_file_add(
            practice=practice,
            upload=domain.Upload(upload, upload.name or ""),
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã gửi tệp “%(name)s”.") % {"name": stored})
    return redirect("practices:detail", practice.pk)


@login_required
@require_GET
def file_download(request: HttpRequest, file_pk: int) -> HttpResponseBase:
    """Streamed to those who may see the practice, never served from a public folder."""
    item = access.get_practice_file_for_user(request.user, file_pk)
    return stream_file(item.file, filename=item.original_name, content_type=item.content_type)


@login_required
@require_POST
def file_delete(request: HttpRequest, file_pk: int) -> HttpResponse:
    item = access.get_practice_file_for_user(request.user, file_pk, write=True)
    practice = item.practice
    version = _version(request)
    try:
        if version is None:
            raise ValidationError(_("Trang đã cũ: hãy tải lại rồi làm lại."))
        domain.practice_file_delete(item=item, by=request.user, expected_version=version)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã gỡ tệp “%(name)s”.") % {"name": item})
    return redirect("practices:detail", practice.pk)
