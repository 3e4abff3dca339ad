"""Who may see and change titles, awards and proposals. Pages and API use only these.

- Awards are public honours: every signed-in user reads them (and their decision files).
- The catalogue of titles is read by everyone signed in and changed by administrators and
  the Ministry's emulation office.
- Awards are recorded and changed by administrators and emulation offices; an award with a
  cluster only by the office managing that cluster.
- Proposals are internal to their cluster: its members, its managing office and the
  administrators read them (thidua.covenants.access.clusters_with_internal_access).
  The cluster officers (head or deputy of that cluster-year) and the office create them
  for any member; a member unit's officers draft them for their own unit and its people.
  The cluster officers (and the office) submit them to the council; the managing office
  (and administrators) record the decision: granted or not granted.
Which state allows what is the domain's business (thidua.awards.domain).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.models import UserRole
from thidua.awards.models import Award, Proposal, ProposalSource, ProposalStatus
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster, ClusterRole, Membership, Unit, UnitKind

MINISTRY_KINDS = frozenset({UnitKind.MINISTRY, UnitKind.MINISTRY_DEPARTMENT})


# ---------------------------------------------------------------------------------------
# The catalogue


def is_ministry_office(user: Any) -> bool:
    return org_access.is_office(user) and user.unit.kind in MINISTRY_KINDS


def can_manage_titles(user: Any) -> bool:
    return org_access.is_admin(user) or is_ministry_office(user)


# ---------------------------------------------------------------------------------------
# Awards


def awards_visible_to(user: Any) -> QuerySet[Award]:
    if not user.is_authenticated:
        return Award.objects.none()
    return Award.objects.all()


def can_record_awards(user: Any) -> bool:
    """Record decisions at all (an award with a cluster also needs `can_record_for`)."""
    return org_access.is_admin(user) or org_access.is_office(user)


def can_record_for(user: Any, cluster: Cluster | None) -> bool:
    if cluster is None:
        return can_record_awards(user)
    return org_access.can_manage_cluster(user, cluster)


def can_edit_award(user: Any, award: Award) -> bool:
    return can_record_for(user, award.cluster)


def get_award_for_user(user: Any, award_id: int, *, write: bool = False) -> Award:
    award = (
        awards_visible_to(user)
        .select_related("title", "unit", "cluster", "created_by", "updated_by")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise Http404
    if write and not can_edit_award(user, award):
        raise PermissionDenied
    return award


# ---------------------------------------------------------------------------------------
# Proposals


def proposals_visible_to(user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(cluster__in=clusters_with_internal_access(user))


def can_view_proposals(user: Any, cluster: Cluster) -> bool:
    return clusters_with_internal_access(user).filter(pk=cluster.pk).exists()


def is_unit_officer(user: Any, unit: Unit) -> bool:
    return bool(
        user.is_authenticated
        and user.unit_id is not None
        and user.unit_id == unit.pk
        and user.role == UserRole.OFFICER
    )


def _is_member(cluster: Cluster, unit_id: int | None) -> bool:
    return (
        unit_id is not None and Membership.objects.filter(cluster=cluster, unit_id=unit_id).exists()
    )


def can_propose(user: Any, cluster: Cluster, unit: Unit | None = None) -> bool:
    """Create a proposal in the cluster (for `unit` when given)."""
    if org_access.can_run_cluster(user, cluster):
        return True
    if not user.is_authenticated or user.role != UserRole.OFFICER:
        return False
    if unit is not None and unit.pk != user.unit_id:
        return False
    return _is_member(cluster, user.unit_id)


def clusters_for_proposals(user: Any) -> QuerySet[Cluster]:
    """Clusters in which the user may create proposals."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    if org_access.is_admin(user):
        return Cluster.objects.all()
    condition = Q(pk__in=[])
    if org_access.is_office(user):
        condition |= Q(managing_office_id=user.unit_id)
    if user.unit_id is not None and user.role == UserRole.OFFICER:
        condition |= Q(pk__in=ClusterRole.objects.filter(unit_id=user.unit_id).values("cluster_id"))
        condition |= Q(pk__in=Membership.objects.filter(unit_id=user.unit_id).values("cluster_id"))
    return Cluster.objects.filter(condition)


def units_for_proposals(user: Any, cluster: Cluster) -> QuerySet[Unit]:
    """The member units the user may propose for in the cluster."""
    members = Unit.objects.filter(memberships__cluster=cluster).distinct()
    if org_access.can_run_cluster(user, cluster):
        return members
    if can_propose(user, cluster):
        return members.filter(pk=user.unit_id)
    return Unit.objects.none()


def can_edit_proposal(user: Any, proposal: Proposal) -> bool:
    """Change (or remove) a proposal while it is proposed: the vote's only by those who
    run the cluster, a unit's draft also by the unit's officers."""
    if org_access.can_run_cluster(user, proposal.cluster):
        return True
    if proposal.source == ProposalSource.VOTE:
        return False
    return is_unit_officer(user, proposal.unit)


def can_submit_proposal(user: Any, proposal: Proposal) -> bool:
    return org_access.can_run_cluster(user, proposal.cluster)


def can_decide_proposal(user: Any, proposal: Proposal) -> bool:
    return org_access.can_manage_cluster(user, proposal.cluster)


def proposal_permissions(user: Any, proposal: Proposal) -> dict[str, bool]:
    """What the user may do with the proposal in its present state (the pages' buttons,
    the API's `permissions`)."""
    proposed = proposal.status == ProposalStatus.PROPOSED
    can_edit = proposed and can_edit_proposal(user, proposal)
    return {
        "can_edit": can_edit,
        "can_submit": proposed and can_submit_proposal(user, proposal),
        "can_decide": proposal.status == ProposalStatus.SUBMITTED
        and can_decide_proposal(user, proposal),
        "can_delete": can_edit and proposal.source == ProposalSource.MANUAL,
    }


def get_proposal_for_user(user: Any, proposal_id: int, *, write: bool = False) -> Proposal:
    """The proposal if the user may read it (404 otherwise); write=True: edit it (403)."""
    proposal = (
        proposals_visible_to(user)
        .select_related(
            "cluster",
            "cluster__managing_office",
            "title",
            "unit",
            "award",
            "vote_proposal__vote",
            "created_by",
            "submitted_by",
            "decided_by",
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404
    if write and not can_edit_proposal(user, proposal):
        raise PermissionDenied
    return proposal


def get_cluster_for_proposals(user: Any, cluster_id: int, *, write: bool = False) -> Cluster:
    """A cluster whose proposals the user may read (404); write=True: propose in it (403)."""
    cluster = clusters_with_internal_access(user).filter(pk=cluster_id).first()
    if cluster is None:
        raise Http404
    if write and not can_propose(user, cluster):
        raise PermissionDenied
    return cluster
