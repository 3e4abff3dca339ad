"""Who may see and record the conferences of a cluster. Pages and API use only these.

- A conference is the cluster's internal business: its members, the managing office and
  the administrators read it, with its guests, files and outcomes
  (thidua.covenants.access.clusters_with_internal_access). Anybody else gets a 404.
- Whoever runs the cluster-year records it: the officers of the head and deputy units of
  that cluster-year, the managing office, administrators (thidua.org.access.can_run_cluster).
  Leaders and the other members' officers read only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.models import UserRole
from thidua.conferences.models import Attachment, Conference
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster, ClusterRole


def conferences_visible_to(user: Any) -> QuerySet[Conference]:
    return Conference.objects.filter(cluster__in=clusters_with_internal_access(user))


def clusters_runnable_by(user: Any) -> QuerySet[Cluster]:
    """Clusters whose conferences the user may record."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    if org_access.is_admin(user):
        return Cluster.objects.all()
    condition = Q(pk__in=[])
    if org_access.is_office(user):
        condition |= Q(managing_office_id=user.unit_id)
    if user.unit_id is not None and user.role == UserRole.OFFICER:
        condition |= Q(pk__in=ClusterRole.objects.filter(unit_id=user.unit_id).values("cluster_id"))
    return Cluster.objects.filter(condition)


def can_record_conferences(user: Any, cluster: Cluster) -> bool:
    return org_access.can_run_cluster(user, cluster)


def can_edit_conference(user: Any, conference: Conference) -> bool:
    return can_record_conferences(user, conference.cluster)


def get_conference_for_user(user: Any, conference_id: int, *, write: bool = False) -> Conference:
    """The conference if the user may read it (404 otherwise); with write=True, record it (403)."""
    conference = (
        conferences_visible_to(user)
        .select_related("cluster", "cluster__managing_office", "host_unit", "updated_by")
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        raise Http404
    if write and not can_edit_conference(user, conference):
        raise PermissionDenied
    return conference


def get_cluster_for_new_conference(user: Any, cluster_id: int) -> Cluster:
    """The cluster to record a conference of: 404 if the user may not read it, else 403."""
    cluster = (
        clusters_with_internal_access(user)
        .select_related("managing_office")
        .filter(pk=cluster_id)
        .first()
    )
    if cluster is None:
        raise Http404
    if not can_record_conferences(user, cluster):
        raise PermissionDenied
    return cluster


def get_attachment_for_user(user: Any, attachment_id: int, *, write: bool = False) -> Attachment:
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id, conference__cluster__in=clusters_with_internal_access(user)
        )
        .select_related("conference__cluster")
        .first()
    )
    if attachment is None:
        raise Http404
    if write and not can_edit_conference(user, attachment.conference):
        raise PermissionDenied
    return attachment
