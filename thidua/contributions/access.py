"""Who may see and change a cluster's funds. Pages and API use only these.

- A fund is the cluster's internal business: its members (leaders included), the office
  managing the cluster and administrators read it; anybody else gets 404.
- The cluster officers (head or deputy of that cluster-year), the managing office and
  administrators open, edit, close and reopen funds, set each unit's pledge, and record any
  unit's payment.
- A unit's own emulation officers record their unit's payment and receipt (the unit holds
  the bank slip); they do not change what the unit pledged.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from thidua.contributions.models import Fund, Pledge
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster
from thidua.reporting.access import is_unit_officer
from thidua.voting.access import clusters_runnable_by


def funds_visible_to(user: Any) -> QuerySet[Fund]:
    return Fund.objects.filter(cluster__in=clusters_with_internal_access(user))


def can_manage_funds(user: Any, cluster: Cluster) -> bool:
    return org_access.can_run_cluster(user, cluster)


def clusters_for_new_fund(user: Any) -> QuerySet[Cluster]:
    return clusters_runnable_by(user)


def can_record_payment(user: Any, pledge: Pledge, *, manager: bool | None = None) -> bool:
    """The fund's managers and the unit's own officers; `manager` when already known."""
    if manager is None:
        manager = can_manage_funds(user, pledge.fund.cluster)
    return manager or is_unit_officer(user, pledge.unit)


def get_fund_for_user(user: Any, fund_id: int, *, write: bool = False) -> Fund:
    """The fund if the user may read it (404 otherwise); with write=True, manage it (403)."""
    fund = (
        funds_visible_to(user)
        .select_related("cluster", "cluster__managing_office", "beneficiary_unit", "updated_by")
        .filter(pk=fund_id)
        .first()
    )
    if fund is None:
        raise Http404
    if write and not can_manage_funds(user, fund.cluster):
        raise PermissionDenied
    return fund


def get_cluster_for_new_fund(user: Any, cluster_id: int) -> Cluster:
    cluster = clusters_with_internal_access(user).filter(pk=cluster_id).first()
    if cluster is None:
        raise Http404
    if not can_manage_funds(user, cluster):
        raise PermissionDenied
    return cluster


def get_pledge_for_user(user: Any, pledge_id: int, *, write: bool = False) -> Pledge:
    """The pledge if the user may read its fund (404); with write=True, record its payment."""
    pledge = (
        Pledge.objects.filter(fund__in=funds_visible_to(user))
        .select_related("fund", "fund__cluster", "unit", "updated_by")
        .filter(pk=pledge_id)
        .first()
    )
    if pledge is None:
        raise Http404
    if write and not can_record_payment(user, pledge):
        raise PermissionDenied
    return pledge
