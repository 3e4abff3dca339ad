"""Pages of the organisation registry: units, lineage, clusters and their year.

Thin: parse the request, authorize through thidua.org.access, call thidua.org.domain
(through the forms), render. HTMX requests get the `{% partialdef %}` they swap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from thidua.core.forms import DomainForm, submit
from thidua.core.htmx import is_partial
from thidua.org import access, domain, forms
from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    Handover,
    LineageEvent,
    Membership,
    ReassignmentNeeded,
    RoleKind,
    Unit,
    UnitKind,
)

PAGE_SIZE = 50


def _today() -> dt.date:
    return timezone.localdate()


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], partial: str | None = None
) -> HttpResponse:
    """The page, or only its `partial` when HTMX asks for a swap."""
    name = f"{template}#{partial}" if partial and is_partial(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _done(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful write: a redirect, made by the browser when HTMX posted."""
    if is_partial(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# ---------------------------------------------------------------------------------------
# Units


@login_required
@require_http_methods(["GET"])
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in UnitKind.values:
        kind = ""
    units = domain.unit_search(query=query, kind=kind)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "kind": kind,
        "kinds": UnitKind.choices,
        "can_edit": access.can_edit_units(request.user),
    }
    return _render(request, "org/unit_list.html", context, partial="results")


@dataclass
class _ClusterYear:
    """One cluster the unit belonged to, with its periods and roles in it."""

    cluster: Cluster
    memberships: list[Membership] = field(default_factory=list)
    roles: list[ClusterRole] = field(default_factory=list)


def _cluster_years(user: Any, unit: Unit) -> list[_ClusterYear]:
    visible = access.clusters_visible_to(user).values("pk")
    rows: dict[int, _ClusterYear] = {}
    memberships = (
        Membership.objects.filter(unit=unit, cluster__in=visible)
        .select_related("cluster", "cluster__province")
        .order_by("-cluster__year", "cluster__level", "cluster__number", "start_date")
    )
    for membership in memberships:
        row = rows.setdefault(membership.cluster_id, _ClusterYear(cluster=membership.cluster))
        row.memberships.append(membership)
    for role in ClusterRole.objects.filter(unit=unit, cluster__in=visible).order_by("start_date"):
        if role.cluster_id in rows:
            rows[role.cluster_id].roles.append(role)
    return list(rows.values())


@login_required
@require_http_methods(["GET"])
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk)
    default_day = dt.date(_today().year - 1, 12, 31)
    on_form = forms.ConstituentsForm(request.GET if "on" in request.GET else None)
    on = on_form.cleaned_data["on"] if on_form.is_valid() else default_day
    if not on_form.is_bound:
        on_form = forms.ConstituentsForm(initial={"on": default_day})
    context = {
        "unit": unit,
        "on": on,
        "on_form": on_form,
        "constituents": domain.constituents(unit=unit, on=on),
    }
    if is_partial(request):
        return _render(request, "org/unit_detail.html", context, partial="constituents")
    context.update(
        {
            "children": unit.children.order_by("sort_name", "code"),
            "cluster_years": _cluster_years(request.user, unit),
            "timeline": domain.lineage_timeline(unit=unit),
            "can_edit": access.can_edit_units(request.user),
        }
    )
    return render(request, "org/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_units(request.user):
        raise PermissionDenied
    form = forms.UnitForm(_posted(request))
    if request.method == "POST" and (unit := submit(form)) is not None:
        messages.success(request, _("Đã thêm đơn vị %(unit)s.") % {"unit": unit.name})
        return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, pk, write=True)
    form = forms.UnitForm(_posted(request), unit=unit)
    if request.method == "POST" and (saved := submit(form)) is not None:
        messages.success(request, _("Đã lưu thông tin đơn vị %(unit)s.") % {"unit": saved.name})
        return redirect("org:unit_detail", pk=saved.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def lineage_create(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_units(request.user):
        raise PermissionDenied
    initial = {"sources": request.GET.getlist("sources")}
    form = forms.LineageForm(_posted(request), initial=initial, by=request.user)
    if request.method == "POST" and (event := submit(form)) is not None:
        messages.success(
            request,
            _("Đã ghi nhận %(event)s; thành viên cụm và cụm trưởng, cụm phó đã được cập nhật.")
            % {"event": str(event).lower()},
        )
        landing = (
            event.targets.order_by("sort_name").first()
            or event.sources.order_by("sort_name").first()
        )
        assert landing is not None
        return redirect("org:unit_detail", pk=landing.pk)
    return render(request, "org/lineage_form.html", {"form": form})


# ---------------------------------------------------------------------------------------
# Clusters: the list


@dataclass(frozen=True)
class ClusterRow:
    cluster: Cluster
    on: dt.date
    member_count: int
    head: Unit | None
    deputy: Unit | None


def _as_of(cluster: Cluster, today: dt.date) -> dt.date:
    """End of the cluster's year, or today if earlier (not before the year starts)."""
    return max(cluster.start, min(cluster.end, today))


def _with_rows_data(clusters: QuerySet[Cluster]) -> QuerySet[Cluster]:
    """What a row shows, fetched in three queries whatever the number of rows."""
    memberships = Membership.objects.only("cluster_id", "unit_id", "start_date", "end_date")
    return clusters.select_related("managing_office", "province").prefetch_related(
        Prefetch("memberships", queryset=memberships),
        Prefetch("roles", queryset=ClusterRole.objects.select_related("unit")),
    )


def _cluster_rows(clusters: Iterable[Cluster], today: dt.date) -> list[ClusterRow]:
    rows = []
    for cluster in clusters:
        on = _as_of(cluster, today)
        members = {m.unit_id for m in cluster.memberships.all() if m.start_date <= on <= m.end_date}
        holders = {r.role: r.unit for r in cluster.roles.all() if r.start_date <= on <= r.end_date}
        rows.append(
            ClusterRow(
                cluster=cluster,
                on=on,
                member_count=len(members),
                head=holders.get(RoleKind.HEAD),
                deputy=holders.get(RoleKind.DEPUTY),
            )
        )
    return rows


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET"])
def cluster_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    # A subquery, so that the visibility joins cannot multiply or filter what is prefetched.
    visible = Cluster.objects.filter(pk__in=access.clusters_visible_to(user).values("pk"))
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    year = _int(request.GET.get("year"))
    if year not in years:
        year = years[0] if years else None
    level = request.GET.get("level", "")
    if level not in ClusterLevel.values:
        level = ""
    clusters = visible.filter(year=year) if year is not None else visible.none()
    if level:
        clusters = clusters.filter(level=level)
    clusters = _with_rows_data(clusters.order_by("level", "province__sort_name", "number"))
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _cluster_rows(page.object_list, _today()),
        "years": years,
        "year": year,
        "level": level,
        "levels": ClusterLevel.choices,
        "can_create": access.is_admin(user) or access.is_office(user),
    }
    return _render(request, "org/cluster_list.html", context, partial="results")


# ---------------------------------------------------------------------------------------
# Clusters: one cluster-year


def _history(user: Any, cluster: Cluster) -> QuerySet[Cluster]:
    """The same cluster (level, province, number) in the other years the user may see."""
    return (
        access.clusters_visible_to(user)
        .filter(level=cluster.level, province=cluster.province, number=cluster.number)
        .exclude(pk=cluster.pk)
        .order_by("-year")
    )


@login_required
@require_http_methods(["GET"])
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cluster = access.get_cluster_for_user(user, pk)
    can_manage = access.can_manage_cluster(user, cluster)
    memberships = list(
        cluster.memberships.select_related("unit").order_by("unit__sort_name", "start_date")
    )
    roles = list(cluster.roles.select_related("unit").order_by("start_date", "id"))
    roles_by_unit: dict[int, list[ClusterRole]] = defaultdict(list)
    for role in roles:
        roles_by_unit[role.unit_id].append(role)
    members = [(m, roles_by_unit.get(m.unit_id, [])) for m in memberships]
    reassignments: list[ReassignmentNeeded] = []
    if can_manage:
        reassignments = list(
            cluster.reassignments.filter(resolved_at=None).select_related("former_unit")
        )
    handover_out = (
        Handover.objects.filter(from_cluster=cluster)
        .select_related("to_cluster", "head", "deputy")
        .first()
    )
    handover_in = (
        Handover.objects.filter(to_cluster=cluster)
        .select_related("from_cluster", "head", "deputy")
        .first()
    )
    context = {
        "cluster": cluster,
        "members": members,
        "heads": [r for r in roles if r.role == RoleKind.HEAD],
        "deputies": [r for r in roles if r.role == RoleKind.DEPUTY],
        "reassignments": reassignments,
        "handover_out": handover_out,
        "handover_in": handover_in,
        "next_cluster": domain.next_year_cluster(cluster=cluster),
        "history": _history(user, cluster),
        "can_manage": can_manage,
        "today": _today(),
    }
    return render(request, "org/cluster_detail.html", context)


def _cluster_action(
    request: HttpRequest,
    cluster: Cluster,
    form: DomainForm,
    *,
    title: str,
    action: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    """A cluster's small form: swapped into the cluster page by HTMX, or a page of its own."""
    context = {
        "cluster": cluster,
        "form": form,
        "title": title,
        "action": action,
        "submit": submit,
        "intro": intro,
    }
    return _render(request, "org/cluster_action.html", context, partial="action")


def _cluster_url(cluster: Cluster) -> str:
    return reverse("org:cluster_detail", args=[cluster.pk])


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, pk, write=True)
    form = forms.MembershipAddForm(_posted(request), cluster=cluster)
    if request.method == "POST" and (membership := submit(form)) is not None:
        messages.success(
            request,
            _("Đã thêm %(unit)s vào cụm (%(start)s – %(end)s).")
            % {
                "unit": membership.unit,
                "start": f"{membership.start_date:%d/%m/%Y}",
                "end": f"{membership.end_date:%d/%m/%Y}",
            },
        )
        return _done(request, _cluster_url(cluster))
    return _cluster_action(
        request,
        cluster,
        form,
        title=_("Thêm thành viên"),
        action=reverse("org:membership_add", args=[cluster.pk]),
        submit=_("Thêm vào cụm"),
        intro=_("Để trống ngày để đơn vị là thành viên cả năm %(year)s.") % {"year": cluster.year},
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, pk, write=True)
    membership = get_object_or_404(
        Membership.objects.select_related("unit", "cluster"), pk=membership_pk, cluster=cluster
    )
    form = forms.MembershipEndForm(_posted(request), membership=membership, today=_today())
    if request.method == "POST" and (ended := submit(form)) is not None:
        messages.success(
            request,
            _("%(unit)s là thành viên của cụm đến hết ngày %(day)s.")
            % {"unit": ended.unit, "day": f"{ended.end_date:%d/%m/%Y}"},
        )
        return _done(request, _cluster_url(cluster))
    return _cluster_action(
        request,
        cluster,
        form,
        title=_("Kết thúc tư cách thành viên: %(unit)s") % {"unit": membership.unit},
        action=reverse("org:membership_end", args=[cluster.pk, membership.pk]),
        submit=_("Kết thúc"),
        intro=_("Hiện là thành viên từ %(start)s đến %(end)s.")
        % {
            "start": f"{membership.start_date:%d/%m/%Y}",
            "end": f"{membership.end_date:%d/%m/%Y}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_assign(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, pk, write=True)
    form = forms.RoleAssignForm(_posted(request), cluster=cluster)
    if request.method == "POST" and (role := submit(form)) is not None:
        messages.success(
            request,
            _("%(unit)s là %(role)s từ %(start)s đến %(end)s.")
            % {
                "unit": role.unit,
                "role": role.get_role_display().lower(),
                "start": f"{role.start_date:%d/%m/%Y}",
                "end": f"{role.end_date:%d/%m/%Y}",
            },
        )
        return _done(request, _cluster_url(cluster))
    return _cluster_action(
        request,
        cluster,
        form,
        title=_("Phân công cụm trưởng, cụm phó"),
        action=reverse("org:role_assign", args=[cluster.pk]),
        submit=_("Phân công"),
        intro=_(
            "Đơn vị đang giữ vai trò này trong khoảng thời gian đã chọn "
            "sẽ thôi giữ từ ngày bắt đầu."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def handover_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, pk, write=True)
    following = domain.next_year_cluster(cluster=cluster)
    if following is not None:
        candidates = domain.members_on(cluster=following, on=following.start)
    else:
        candidates, _replacements = domain.next_year_plan(cluster=cluster)
    form = forms.HandoverForm(
        _posted(request), cluster=cluster, candidates=candidates, by=request.user
    )
    if request.method == "POST" and (handover := submit(form)) is not None:
        messages.success(
            request,
            _("Đã ghi nhận bàn giao: %(head)s là cụm trưởng, %(deputy)s là cụm phó năm %(year)s.")
            % {"head": handover.head, "deputy": handover.deputy, "year": cluster.year + 1},
        )
        return _done(request, _cluster_url(cluster))
    if following is None:
        intro = _("Cụm năm %(year)s chưa có: sẽ được tạo theo danh sách thành viên dự kiến.") % {
            "year": cluster.year + 1
        }
    else:
        intro = _("Chọn trong các thành viên của cụm năm %(year)s.") % {"year": cluster.year + 1}
    return _cluster_action(
        request,
        cluster,
        form,
        title=_("Bàn giao cụm trưởng, cụm phó cho năm %(year)s") % {"year": cluster.year + 1},
        action=reverse("org:handover_create", args=[cluster.pk]),
        submit=_("Ghi nhận bàn giao"),
        intro=intro,
    )


@dataclass(frozen=True)
class PlannedMember:
    unit: Unit
    checked: bool
    replaces: list[tuple[Unit, LineageEvent | None]]


@login_required
@require_http_methods(["GET", "POST"])
def start_next_year(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, pk, write=True)
    existing = domain.next_year_cluster(cluster=cluster)
    planned, replacements = domain.next_year_plan(cluster=cluster)
    form = forms.NextYearForm(_posted(request), cluster=cluster, planned=planned)
    if request.method == "POST" and existing is None and (new := submit(form)) is not None:
        messages.success(
            request,
            _("Đã tạo Cụm thi đua số %(number)s năm %(year)s với %(count)s thành viên.")
            % {"number": new.number, "year": new.year, "count": new.memberships.count()},
        )
        return redirect("org:cluster_detail", pk=new.pk)
    # The event that ended each former member, to say "(sáp nhập 01/07/2025)".
    formers = [r.former for r in replacements]
    ending: dict[int, LineageEvent] = {}
    for event in (
        LineageEvent.objects.filter(sources__in=formers)
        .prefetch_related("sources")
        .order_by("-effective_date")
        .distinct()
    ):
        for source in event.sources.all():
            ending[source.pk] = event  # the earliest wins: newest first, overwritten
    replaced_by: dict[int, list[tuple[Unit, LineageEvent | None]]] = defaultdict(list)
    for replacement in replacements:
        if replacement.successor is not None:
            replaced_by[replacement.successor.pk].append(
                (replacement.former, ending.get(replacement.former.pk))
            )
    checked = form.checked()
    current = {m.unit_id for m in cluster.memberships.all()}
    rows = [
        PlannedMember(unit=u, checked=u.pk in checked, replaces=replaced_by.get(u.pk, []))
        for u in planned
    ]
    changes = [(r.former, r.successor, ending.get(r.former.pk)) for r in replacements]
    context = {
        "cluster": cluster,
        "existing": existing,
        "form": form,
        "rows": rows,
        "changes": changes,
        "current": current,
        "next_year": cluster.year + 1,
    }
    return render(request, "org/start_next_year.html", context)


# ---------------------------------------------------------------------------------------
# Clusters: create and edit


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if access.is_admin(user):
        office = None
    elif access.is_office(user):
        office = user.unit
    else:
        raise PermissionDenied
    initial = {"year": _today().year, "level": ClusterLevel.MINISTRY}
    form = forms.ClusterForm(_posted(request), office=office, initial=initial)
    if request.method == "POST" and (cluster := submit(form)) is not None:
        messages.success(request, _("Đã tạo %(cluster)s.") % {"cluster": cluster})
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(
        request, "org/cluster_form.html", {"form": form, "cluster": None, "office": office}
    )


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    cluster = access.get_cluster_for_user(user, pk, write=True)
    # Only an administrator moves a cluster to another office.
    office = None if access.is_admin(user) else cluster.managing_office
    form = forms.ClusterForm(_posted(request), cluster=cluster, office=office)
    if request.method == "POST" and (saved := submit(form)) is not None:
        messages.success(request, _("Đã lưu %(cluster)s.") % {"cluster": saved})
        return redirect("org:cluster_detail", pk=saved.pk)
    context = {"form": form, "cluster": cluster, "office": office}
    return render(request, "org/cluster_form.html", context)
