"""Pages of the year-end report: the clusters whose report the user may read, the report as
a printable page, and the report as an editable Word file.

Thin: authorize through thidua.yearend.access (404 for anybody outside the cluster), read
through thidua.yearend.domain, render or lay out with thidua.yearend.documents.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.core.documents import download
from thidua.org.models import ClusterRole, RoleKind
from thidua.yearend import access, documents
from thidua.yearend.domain import year_end_report


def _year(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    clusters = (
        access.clusters_with_reports(request.user)
        .select_related("managing_office", "province")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=ClusterRole.objects.filter(role=RoleKind.HEAD)
                .select_related("unit")
                .order_by("start_date"),
                to_attr="heads",
            )
        )
        .order_by("-year", "level", "province__sort_name", "number")
    )
    years = list(
        access.clusters_with_reports(request.user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    year = _year(request.GET.get("year"))
    if year is not None:
        clusters = clusters.filter(year=year)
    by_year = [(y, list(items)) for y, items in groupby(clusters, key=lambda c: c.year)]
    return render(
        request,
        "yearend/index.html",
        {"by_year": by_year, "years": years, "year": year},
    )


@login_required
@require_GET
def report(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, cluster_pk)
    return render(
        request,
        "yearend/report.html",
        {"cluster": cluster, "report": year_end_report(cluster=cluster)},
    )


@login_required
@require_GET
def report_docx(request: HttpRequest, cluster_pk: int) -> FileResponse:
    cluster = access.get_cluster_for_user(request.user, cluster_pk)
    content = year_end_report(cluster=cluster)
    return download(
        documents.render_docx(content),
        stem=content.filename,
        display_name=content.display_name,
        extension="docx",
        content_type=documents.DOCX_CONTENT_TYPE,
    )
