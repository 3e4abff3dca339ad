"""Who may see, edit and sign covenants. Pages and API use only these.

A covenant is the cluster's internal document: its members, its managing office and the
administrators see it. The office and the cluster officers (head or deputy of that
cluster-year) edit it. A unit's leader signs for the unit; the cluster officers may record
a signature made on paper at the conference.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.models import UserRole
from thidua.covenants.models import Covenant
from thidua.org import access as org_access
from thidua.org.models import Cluster, Unit


def clusters_with_internal_access(user: Any) -> QuerySet[Cluster]:
    """Clusters whose internal data the user may read: member, office, administrator."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    if org_access.is_admin(user):
        return Cluster.objects.all()
    if user.unit_id is None:
        return Cluster.objects.none()
    return Cluster.objects.filter(
        Q(managing_office_id=user.unit_id) | Q(memberships__unit_id=user.unit_id)
    ).distinct()


def covenants_visible_to(user: Any) -> QuerySet[Covenant]:
    return Covenant.objects.filter(cluster__in=clusters_with_internal_access(user))


def get_covenant_for_user(user: Any, covenant_id: int, *, write: bool = False) -> Covenant:
    covenant = (
        covenants_visible_to(user)
        .select_related("cluster", "movement", "host_unit", "cluster__managing_office")
        .filter(pk=covenant_id)
        .first()
    )
    if covenant is None:
        raise Http404
    if write and not can_edit_covenant(user, covenant):
        raise PermissionDenied
    return covenant


def can_edit_covenant(user: Any, covenant: Covenant) -> bool:
    return org_access.can_run_cluster(user, covenant.cluster)


def can_create_covenant(user: Any, cluster: Cluster) -> bool:
    return org_access.can_run_cluster(user, cluster)


def signable_units(user: Any, covenant: Covenant) -> list[Unit]:
    """Units the user may sign (or record a signature) for on this covenant."""
    from thidua.covenants.domain import required_signers

    members = required_signers(covenant)
    if can_edit_covenant(user, covenant):
        return list(members)
    if user.is_authenticated and user.unit_id and user.role == UserRole.LEADER:
        return [u for u in members if u.pk == user.unit_id]
    return []
