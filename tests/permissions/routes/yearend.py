"""Year-end report routes: the list of clusters for every signed-in user (it shows only
the clusters each may read); a cluster's report and its Word file for whoever reads the
cluster's internal data (its members, the managing office, administrators); an outsider
gets 404, an anonymous visitor the sign-in page.

The demo's Cụm 10 of 2024: Tây Ninh heading, Bình Phước a member; Sơn La (the outsider)
heads Cụm 2.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.org.models import Cluster, ClusterLevel

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})


def _cluster_pk(world: Any) -> dict[str, Any]:
    cluster = Cluster.objects.get(year=2024, number=10, level=ClusterLevel.MINISTRY)
    return {"cluster_pk": cluster.pk}


ROUTES = table(
    Route("yearend:index", SIGNED_IN),
    Route("yearend:report", SEES, kwargs=_cluster_pk),
    Route("yearend:report_docx", SEES, kwargs=_cluster_pk),
)
