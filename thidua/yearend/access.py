"""Who may read a cluster's year-end report. Pages and downloads use only these.

The report gathers the cluster's internal data (figures, scores, the vote, contributions):
its members, the managing office and administrators read it
(thidua.covenants.access.clusters_with_internal_access); anybody else gets 404, as if the
report did not exist. Nobody writes through this app: the officer edits the Word file.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from thidua.covenants.access import clusters_with_internal_access
from thidua.org.models import Cluster


def clusters_with_reports(user: Any) -> QuerySet[Cluster]:
    """The clusters whose year-end report the user may read."""
    return clusters_with_internal_access(user)


def can_read_report(user: Any, cluster: Cluster) -> bool:
    return clusters_with_reports(user).filter(pk=cluster.pk).exists()


def get_cluster_for_user(user: Any, cluster_id: int) -> Cluster:
    """The cluster if the user may read its year-end report; 404 otherwise."""
    cluster = (
        clusters_with_reports(user)
        .select_related("managing_office", "province")
        .filter(pk=cluster_id)
        .first()
    )
    if cluster is None:
        raise Http404
    return cluster
