"""Who may see, write, publish and promote exemplary models. Pages and API use only these.

- A draft is internal: the officers of its unit, the cluster officers (head or deputy of
  its cluster-year), the office managing the cluster and administrators see it.
- Published to the cluster: every member of that cluster-year (leaders included), its
  office and administrators.
- Promoted to every cluster: every signed-in user.
- The unit's officers create and edit their unit's drafts; the cluster officers and the
  office create and edit any practice of a member of the cluster, and publish it or take
  it back to a draft; only the office (and administrators) promote it to every cluster or
  withdraw the promotion.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.models import UserRole
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster, Membership, Unit
from thidua.practices.models import Practice, PracticeFile, Visibility
from thidua.reporting.access import is_unit_officer
from thidua.voting.access import clusters_runnable_by


def practices_visible_to(user: Any) -> QuerySet[Practice]:
    if not user.is_authenticated:
        return Practice.objects.none()
    if org_access.is_admin(user):
        return Practice.objects.all()
    condition = Q(visibility=Visibility.PROMOTED)
    condition |= Q(visibility=Visibility.PUBLISHED, cluster__in=clusters_with_internal_access(user))
    condition |= Q(visibility=Visibility.DRAFT, cluster__in=clusters_runnable_by(user))
    if user.unit_id is not None and user.role == UserRole.OFFICER:
        condition |= Q(visibility=Visibility.DRAFT, unit_id=user.unit_id)
    return Practice.objects.filter(condition)


def get_practice_for_user(user: Any, practice_id: int, *, write: bool = False) -> Practice:
    """The practice if the user may see it (404 otherwise); with write=True, edit it (403)."""
    practice = (
        practices_visible_to(user)
        .select_related("unit", "cluster", "cluster__managing_office", "updated_by")
        .filter(pk=practice_id)
        .first()
    )
    if practice is None:
        raise Http404
    if write and not can_edit_practice(user, practice):
        raise PermissionDenied
    return practice


def get_practice_file_for_user(user: Any, file_id: int, *, write: bool = False) -> PracticeFile:
    """A practice's file if the user may see the practice (404); with write=True, edit it (403)."""
    item = (
        PracticeFile.objects.filter(pk=file_id, practice__in=practices_visible_to(user))
        .select_related("practice__unit", "practice__cluster", "practice__cluster__managing_office")
        .first()
    )
    if item is None:
        raise Http404
    if write and not can_edit_practice(user, item.practice):
        raise PermissionDenied
    return item


def practice_permissions(user: Any, practice: Practice) -> dict[str, bool]:
    """What the user may do with the practice now, for the page and the API."""
    draft = practice.visibility == Visibility.DRAFT
    return {
        "can_edit": can_edit_practice(user, practice),
        "can_delete": can_delete_practice(user, practice),
        "can_publish": draft and can_publish_practice(user, practice),
        "can_promote": practice.visibility == Visibility.PUBLISHED
        and can_promote_practice(user, practice),
        "can_unpublish": not draft and can_unpublish_practice(user, practice),
    }


def can_create_practice(user: Any, cluster: Cluster, unit: Unit) -> bool:
    """For this unit in this cluster-year (the domain checks that it is a member)."""
    return org_access.can_run_cluster(user, cluster) or is_unit_officer(user, unit)


def clusters_for_new_practice(user: Any) -> QuerySet[Cluster]:
    """Clusters the user may record a practice in: those it runs, those its unit is in."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    if org_access.is_admin(user):
        return Cluster.objects.all()
    condition = Q(pk__in=clusters_runnable_by(user).values("pk"))
    if user.unit_id is not None and user.role == UserRole.OFFICER:
        condition |= Q(pk__in=Membership.objects.filter(unit_id=user.unit_id).values("cluster_id"))
    return Cluster.objects.filter(condition)


def can_edit_practice(user: Any, practice: Practice) -> bool:
    if org_access.can_run_cluster(user, practice.cluster):
        return True
    return practice.visibility == Visibility.DRAFT and is_unit_officer(user, practice.unit)


def can_delete_practice(user: Any, practice: Practice) -> bool:
    return practice.visibility == Visibility.DRAFT and can_edit_practice(user, practice)


def can_publish_practice(user: Any, practice: Practice) -> bool:
    return org_access.can_run_cluster(user, practice.cluster)


def can_promote_practice(user: Any, practice: Practice) -> bool:
    return org_access.can_manage_cluster(user, practice.cluster)


def can_unpublish_practice(user: Any, practice: Practice) -> bool:
    """One step back: a promotion is withdrawn by the office, a publication by the cluster."""
    if practice.visibility == Visibility.PROMOTED:
        return can_promote_practice(user, practice)
    return can_publish_practice(user, practice)
