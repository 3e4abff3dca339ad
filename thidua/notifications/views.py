"""The user's notifications: the list, marking one or all read (htmx or plain forms)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.htmx import is_partial
from thidua.notifications import access, domain

PAGE_SIZE = 50


def _page_context(request: HttpRequest, page_number: str | None) -> dict[str, object]:
    page = Paginator(domain.notifications_for(request.user), PAGE_SIZE).get_page(page_number)
    return {"page": page}


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    template = "notifications/list.html"
    if is_partial(request):
        template += "#results"
    response = render(request, template, _page_context(request, request.GET.get("page")))
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read; with `open`, then go where the notification points."""
    notification = access.get_notification_for_user(request.user, pk)
    notification = domain.notification_mark_read(notification=notification, by=request.user)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    if is_partial(request):
        context = {"notification": notification}
        return render(request, "notifications/list.html#row_marked", context)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = domain.notifications_mark_all_read(by=request.user)
    if is_partial(request):
        context = {**_page_context(request, None), "badge_oob": True}
        return render(request, "notifications/list.html#results", context)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")
