"""Reads of the awards registry: filtered lists, the count table, a unit's awards over the
years, a cluster-year's awards and proposals (for the year-end report), pending items."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.awards import access
from thidua.awards.models import Award, Proposal, ProposalStatus, Title
from thidua.core.pending import PendingItem
from thidua.engine.text import fold
from thidua.org import access as org_access
from thidua.org.models import Cluster, Membership, Unit


def search_terms(text: str) -> list[str]:
    """The words of a search, folded: "Nguyễn  văn" → ["nguyen", "van"]."""
    return fold(text or "").split()[:8]


def awards_filtered(
    *,
    user: Any,
    year: int | None = None,
    cluster: Cluster | int | None = None,
    title: Title | int | None = None,
    unit: Unit | int | None = None,
    recipient: str | None = None,
    search: str = "",
) -> QuerySet[Award]:
    """The awards the user reads, filtered; `search` ignores diacritics and matches the
    person (name, rank, position), the decision number and the unit's names and code."""
    awards = access.awards_visible_to(user)
    if year:
        awards = awards.filter(year=year)
    if cluster:
        awards = awards.filter(cluster=cluster)
    if title:
        awards = awards.filter(title=title)
    if unit:
        awards = awards.filter(unit=unit)
    if recipient:
        awards = awards.filter(recipient=recipient)
    for term in search_terms(search):
        awards = awards.filter(Q(search_text__contains=term) | Q(unit__search_text__contains=term))
    return awards.select_related("title", "unit", "cluster").order_by(
        "-year", "title__order", "unit__sort_name", "person_name", "pk"
    )


def award_years() -> list[int]:
    return list(Award.objects.order_by("-year").values_list("year", flat=True).distinct())


# ---------------------------------------------------------------------------------------
# Counts per cluster and title


@dataclass(frozen=True, slots=True)
class CountRow:
    cluster: Cluster | None  # None: awards with no cluster (or one the user does not see)
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True, slots=True)
class CountTable:
    year: int
    titles: tuple[Title, ...]
    rows: tuple[CountRow, ...]
    totals: tuple[int, ...]
    total: int


def award_counts(*, user: Any, year: int) -> CountTable:
    """Awards of the year: a row per cluster of that year the user sees, a column per title
    awarded that year; what no visible cluster holds goes in a last row."""
    clusters = list(
        org_access.clusters_visible_to(user)
        .filter(year=year)
        .select_related("province")
        .order_by("level", "province__sort_name", "number")
    )
    known = {c.pk for c in clusters}
    cells: dict[tuple[int | None, int], int] = defaultdict(int)
    for row in (
        access.awards_visible_to(user)
        .filter(year=year)
        .values("cluster_id", "title_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        cluster_id = row["cluster_id"] if row["cluster_id"] in known else None
        cells[(cluster_id, row["title_id"])] += row["n"]
    title_ids = {title_id for _cluster, title_id in cells}
    titles = tuple(Title.objects.filter(pk__in=title_ids).order_by("order", "pk"))
    keys: list[Cluster | None] = [*clusters]
    if any(cluster_id is None for cluster_id, _title in cells):
        keys.append(None)
    rows = []
    for cluster in keys:
        cluster_id = cluster.pk if cluster is not None else None
        counts = tuple(cells.get((cluster_id, t.pk), 0) for t in titles)
        rows.append(CountRow(cluster=cluster, counts=counts, total=sum(counts)))
    totals = tuple(sum(r.counts[i] for r in rows) for i in range(len(titles)))
    return CountTable(year=year, titles=titles, rows=tuple(rows), totals=totals, total=sum(totals))


# ---------------------------------------------------------------------------------------
# A unit over the years; a cluster-year (for the year-end report)


def unit_awards(*, unit: Unit) -> list[tuple[int, list[Award]]]:
    """The unit's awards and its people's, newest year first."""
    by_year: dict[int, list[Award]] = defaultdict(list)
    for award in (
        Award.objects.filter(unit=unit)
        .select_related("title", "cluster")
        .order_by("-year", "title__order", "recipient", "person_name", "pk")
    ):
        by_year[award.year].append(award)
    return sorted(by_year.items(), key=lambda item: -item[0])


def awards_of_year(*, cluster: Cluster, year: int) -> list[Award]:
    """The awards for `year` to the cluster's units and their people: those recorded with
    the cluster, and those with no cluster to a unit that was a member of it."""
    members = Membership.objects.filter(cluster=cluster).values("unit_id")
    return list(
        Award.objects.filter(year=year)
        .filter(Q(cluster=cluster) | Q(cluster__isnull=True, unit_id__in=members))
        .select_related("title", "unit", "cluster")
        .order_by("title__order", "recipient", "unit__sort_name", "person_name", "pk")
    )


def proposals_of_year(*, cluster: Cluster, year: int) -> list[Proposal]:
    """The cluster's proposals for `year`, with their titles, units, awards and votes."""
    return list(
        Proposal.objects.filter(cluster=cluster, year=year)
        .select_related("title", "unit", "award", "vote_proposal__vote")
        .order_by("title__order", "recipient", "unit__sort_name", "person_name", "pk")
    )


def proposals_filtered(
    *,
    user: Any,
    cluster: Cluster | int | None = None,
    year: int | None = None,
    status: str | None = None,
    unit: Unit | int | None = None,
) -> QuerySet[Proposal]:
    proposals = access.proposals_visible_to(user)
    if cluster:
        proposals = proposals.filter(cluster=cluster)
    if year:
        proposals = proposals.filter(year=year)
    if status:
        proposals = proposals.filter(status=status)
    if unit:
        proposals = proposals.filter(unit=unit)
    return proposals.select_related("cluster", "title", "unit", "award").order_by(
        "-year", "cluster__number", "title__order", "unit__sort_name", "person_name", "pk"
    )


# ---------------------------------------------------------------------------------------
# What waits for whom (home page)


def pending_items(user: Any) -> list[PendingItem]:
    """Cluster officers: proposals to submit; the office: submitted ones to decide."""
    if not getattr(user, "is_authenticated", False) or org_access.is_admin(user):
        return []
    items = []
    waiting = (
        access.proposals_visible_to(user)
        .filter(status__in=(ProposalStatus.PROPOSED, ProposalStatus.SUBMITTED))
        .values("cluster_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["cluster_id"], row["status"]): row["n"] for row in waiting}
    clusters = Cluster.objects.in_bulk({cluster_id for cluster_id, _status in counts})
    for (cluster_id, status), n in sorted(counts.items()):
        cluster = clusters[cluster_id]
        url = reverse("awards:proposal_list") + f"?cluster={cluster_id}"
        if status == ProposalStatus.SUBMITTED and org_access.can_manage_cluster(user, cluster):
            items.append(
                PendingItem(
                    title=_("Ghi nhận kết quả khen thưởng: %(n)s hồ sơ của %(cluster)s")
                    % {"n": n, "cluster": cluster},
                    url=url,
                    detail=_("Hồ sơ đã trình Hội đồng, chờ quyết định."),
                )
            )
        elif status == ProposalStatus.PROPOSED and org_access.is_cluster_officer(user, cluster):
            items.append(
                PendingItem(
                    title=_("Trình Hội đồng: %(n)s hồ sơ đề nghị của %(cluster)s")
                    % {"n": n, "cluster": cluster},
                    url=url,
                    detail=_("Hồ sơ đề nghị khen thưởng chưa trình."),
                )
            )
    return items
