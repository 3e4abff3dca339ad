"""Who may see, run and vote in a vote. Every page and API of the app uses only these.

- A vote is the cluster's internal business: members, the managing office and
  administrators see it (thidua.covenants.access.clusters_with_internal_access).
- The cluster officers (head or deputy of that cluster-year), the managing office and
  administrators create, configure, open and close it and enter or confirm paper counts
  (thidua.org.access.can_run_cluster); the confirmation is by somebody else than the entry.
- Only a unit's delegate, recorded on the vote, casts that unit's ballot (the domain checks
  the state, the time window and "once").
- Results, receipts and minutes exist for nobody before the close (the domain refuses).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.models import UserRole
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster, ClusterRole
from thidua.voting.models import PaperTally, Vote, VoteMethod, VoterRecord


def votes_visible_to(user: Any) -> QuerySet[Vote]:
    return Vote.objects.filter(cluster__in=clusters_with_internal_access(user))


def clusters_runnable_by(user: Any) -> QuerySet[Cluster]:
    """Clusters whose votes the user may create and run."""
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


def votes_runnable_by(user: Any) -> QuerySet[Vote]:
    return Vote.objects.filter(cluster__in=clusters_runnable_by(user))


def can_create_vote(user: Any, cluster: Cluster) -> bool:
    return org_access.can_run_cluster(user, cluster)


def can_run_vote(user: Any, vote: Vote) -> bool:
    return org_access.can_run_cluster(user, vote.cluster)


def get_vote_for_user(user: Any, vote_id: int, *, write: bool = False) -> Vote:
    """The vote if the user may see it (404 otherwise); with write=True, run it (403)."""
    vote = (
        votes_visible_to(user)
        .select_related("cluster", "cluster__managing_office", "parent")
        .filter(pk=vote_id)
        .first()
    )
    if vote is None:
        raise Http404
    if write and not can_run_vote(user, vote):
        raise PermissionDenied
    return vote


def get_cluster_for_new_vote(user: Any, cluster_id: int) -> Cluster:
    cluster = clusters_with_internal_access(user).filter(pk=cluster_id).first()
    if cluster is None:
        raise Http404
    if not can_create_vote(user, cluster):
        raise PermissionDenied
    return cluster


def is_delegate(user: Any, vote: Vote) -> bool:
    """The user is recorded as a unit's delegate on this vote (eligible to cast)."""
    if not user.is_authenticated:
        return False
    return VoterRecord.objects.filter(vote=vote, user=user).exists()


def can_cast(user: Any, vote: Vote) -> bool:
    """Only delegates reach the ballot; the domain then decides whether now and once."""
    return vote.method == VoteMethod.ELECTRONIC and is_delegate(user, vote)


def can_enter_paper(user: Any, vote: Vote) -> bool:
    return vote.method == VoteMethod.PAPER and can_run_vote(user, vote)


def can_confirm_paper(user: Any, vote: Vote, paper: PaperTally | None) -> bool:
    """Another cluster officer, the office or an administrator: not whoever entered it."""
    return (
        paper is not None
        and not paper.is_confirmed
        and can_run_vote(user, vote)
        and paper.entered_by_id != user.pk
    )
