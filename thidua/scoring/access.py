"""Who may see and take each step of scoring. Domain, pages and API use only these.

- Score sheets and the cluster's score table are the cluster's internal business: its
  members, the managing office and the administrators read them
  (thidua.covenants.access.clusters_with_internal_access). A unit sees its own cluster's
  table, every unit of it, and no other cluster's.
- A unit's own emulation officers self-score, submit, explain and add evidence.
- The cluster head's officers verify the other units' sheets; their own unit's sheet is
  verified by the office, as for reports. The office managing the cluster verifies any.
- Only the office decides final scores, refreshes the figures a sheet is scored on, locks
  and publishes the ranking, and reopens it (with a reason).
- Leaders read; administrators may do everything.
- A published ranking (rank, unit, total, percentage) is wider news: whoever may see the
  cluster itself sees it (thidua.org.access.clusters_visible_to: every signed-in user for
  the Ministry's clusters, the province for its own); the scores behind it stay internal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.covenants.access import clusters_with_internal_access
from thidua.covenants.models import Covenant
from thidua.org import access as org_access
from thidua.org.models import Cluster, Unit

# Re-exported: the domain and the API decide with these too.
from thidua.reporting.access import is_cluster_head_officer as is_cluster_head_officer
from thidua.reporting.access import is_unit_officer as is_unit_officer
from thidua.reporting.access import review_day as review_day
from thidua.scoring.models import ScoreSheet, ScoringStatus


def sheets_visible_to(user: Any) -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.filter(covenant__cluster__in=clusters_with_internal_access(user))


def covenants_with_scores_visible_to(user: Any) -> QuerySet[Covenant]:
    return Covenant.objects.filter(cluster__in=clusters_with_internal_access(user))


def can_view_scores(user: Any, cluster: Cluster) -> bool:
    return clusters_with_internal_access(user).filter(pk=cluster.pk).exists()


def rankings_visible_to(user: Any) -> QuerySet[Covenant]:
    """Covenants whose ranking the user may read: published ones of the clusters the user
    sees, and, published or not, those of the clusters whose internal data it reads."""
    if not user.is_authenticated:
        return Covenant.objects.none()
    published = Q(
        scoring__status=ScoringStatus.PUBLISHED,
        cluster__in=org_access.clusters_visible_to(user),
    )
    return Covenant.objects.filter(
        published | Q(cluster__in=clusters_with_internal_access(user))
    ).distinct()


def get_sheet_for_user(user: Any, sheet_id: int) -> ScoreSheet:
    """The sheet if the user may read it; 404 otherwise (nobody learns it exists)."""
    sheet = (
        sheets_visible_to(user)
        .select_related("covenant__cluster", "unit", "updated_by")
        .filter(pk=sheet_id)
        .first()
    )
    if sheet is None:
        raise Http404
    return sheet


def get_covenant_for_user(user: Any, covenant_id: int) -> Covenant:
    """The covenant if the user may read its scores; 404 otherwise."""
    covenant = (
        covenants_with_scores_visible_to(user)
        .select_related("cluster")
        .filter(pk=covenant_id)
        .first()
    )
    if covenant is None:
        raise Http404
    return covenant


def can_score_unit(user: Any, unit: Unit) -> bool:
    """Self-score, submit, explain and add evidence for the unit."""
    return org_access.is_admin(user) or is_unit_officer(user, unit)


def can_verify(user: Any, sheet: ScoreSheet, on: dt.date | None = None) -> bool:
    """Verify the sheet: the office, or the cluster head's officers for another unit."""
    cluster = sheet.covenant.cluster
    if org_access.can_manage_cluster(user, cluster):
        return True
    if is_unit_officer(user, sheet.unit):
        # The head's officers do not judge their own unit's scores.
        return False
    return is_cluster_head_officer(user, cluster, on)


def can_decide(user: Any, cluster: Cluster) -> bool:
    """Final scores, refreshing the figures, locking and publishing, reopening."""
    return org_access.can_manage_cluster(user, cluster)


def can_take_step(user: Any, sheet: ScoreSheet, step: str) -> bool:
    """Whether the user is the one who takes this step of a sheet (its state aside):
    the unit self-scores and explains, the verifiers verify, the office decides."""
    if step in ("self", "explain"):
        return can_score_unit(user, sheet.unit)
    if step == "verify":
        return can_verify(user, sheet)
    if step == "final":
        return can_decide(user, sheet.covenant.cluster)
    return False
