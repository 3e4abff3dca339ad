"""Who may see and change what in the organisation registry. Every view and API uses these.

Roles (DOMAIN.md §1), derived from the user's unit and nobody's hand-edited permissions:
- administrator: `is_superuser`;
- emulation office: an officer of a unit marked as emulation office; it manages the
  clusters whose `managing_office` is that unit;
- cluster officer: an officer of the unit that is head or deputy of a cluster-year; it
  runs that cluster-year (follows the handover, since roles are dated per year);
- unit officer: an officer of a member unit; its own unit's data;
- leader: reads, signs and votes for its unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.models import UserRole
from thidua.org.models import Cluster, ClusterLevel, ClusterRole, Unit


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_office(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.unit_id is not None
        and user.role == UserRole.OFFICER
        and user.unit.is_emulation_office
    )


def clusters_managed_by(user: Any) -> QuerySet[Cluster]:
    if is_admin(user):
        return Cluster.objects.all()
    if is_office(user):
        return Cluster.objects.filter(managing_office_id=user.unit_id)
    return Cluster.objects.none()


def _province_of(unit: Unit | None) -> Unit | None:
    seen = set()
    while unit is not None and unit.pk not in seen:
        if unit.kind == "provincial_police":
            return unit
        seen.add(unit.pk)
        unit = unit.parent
    return None


def clusters_visible_to(user: Any) -> QuerySet[Cluster]:
    """Ministry-level clusters are the movement's public organisation; a province's own
    clusters are visible within that province; the office sees what it manages."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    if is_admin(user):
        return Cluster.objects.all()
    condition = Q(level=ClusterLevel.MINISTRY)
    province = _province_of(user.unit) if user.unit_id else None
    if province is not None:
        condition |= Q(province=province)
    if user.unit_id is not None:
        condition |= Q(managing_office_id=user.unit_id) | Q(memberships__unit_id=user.unit_id)
    return Cluster.objects.filter(condition).distinct()


def can_manage_cluster(user: Any, cluster: Cluster) -> bool:
    if is_admin(user):
        return True
    return is_office(user) and cluster.managing_office_id == user.unit_id


def is_cluster_officer(user: Any, cluster: Cluster, on: dt.date | None = None) -> bool:
    """The user's unit is head or deputy of this cluster-year (on `on`, or at any time in it)."""
    if not user.is_authenticated or user.unit_id is None or user.role != UserRole.OFFICER:
        return False
    roles = ClusterRole.objects.filter(cluster=cluster, unit_id=user.unit_id)
    if on is not None:
        roles = roles.filter(start_date__lte=on, end_date__gte=on)
    return roles.exists()


def can_run_cluster(user: Any, cluster: Cluster) -> bool:
    return can_manage_cluster(user, cluster) or is_cluster_officer(user, cluster)


def get_cluster_for_user(user: Any, cluster_id: int, *, write: bool = False) -> Cluster:
    cluster = clusters_visible_to(user).filter(pk=cluster_id).first()
    if cluster is None:
        raise Http404
    if write and not can_manage_cluster(user, cluster):
        raise PermissionDenied
    return cluster


def can_edit_units(user: Any) -> bool:
    return is_admin(user) or is_office(user)


def get_unit_for_user(user: Any, unit_id: int, *, write: bool = False) -> Unit:
    """Units are the movement's shared reference data: every signed-in user reads them."""
    if not user.is_authenticated:
        raise PermissionDenied
    unit = Unit.objects.select_related("parent").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if write and not can_edit_units(user):
        raise PermissionDenied
    return unit
