"""Organisation routes: reference data for everyone signed in; changes for the office."""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import OFFICE, SIGNED_IN, Route, table
from thidua.org.models import Cluster, Membership, Unit


def _unit(world: Any) -> dict[str, Any]:
    return {"pk": Unit.objects.get(code="TNH").pk}


def _cluster(world: Any) -> dict[str, Any]:
    return {"pk": Cluster.objects.get(year=2024, number=10).pk}


def _cluster_2025(world: Any) -> dict[str, Any]:
    return {"pk": Cluster.objects.get(year=2025, number=10).pk}


def _membership(world: Any) -> dict[str, Any]:
    cluster = Cluster.objects.get(year=2024, number=10)
    membership = Membership.objects.get(cluster=cluster, unit__code="DNI")
    return {"pk": cluster.pk, "membership_pk": membership.pk}


ROUTES = table(
    Route("org:unit_list", SIGNED_IN),
    Route("org:unit_create", OFFICE),
    Route("org:unit_create", OFFICE, method="POST"),
    Route("org:unit_import", OFFICE),
    Route("org:unit_import_template", SIGNED_IN),
    Route("org:unit_detail", SIGNED_IN, kwargs=_unit),
    Route("org:unit_edit", OFFICE, kwargs=_unit),
    Route("org:unit_edit", OFFICE, kwargs=_unit, method="POST"),
    Route("org:lineage_create", OFFICE),
    Route("org:cluster_list", SIGNED_IN),
    Route("org:cluster_create", OFFICE),
    Route("org:cluster_detail", SIGNED_IN, kwargs=_cluster),
    Route("org:cluster_edit", OFFICE, kwargs=_cluster),
    Route("org:membership_add", OFFICE, kwargs=_cluster),
    Route("org:membership_add", OFFICE, kwargs=_cluster, method="POST"),
    Route("org:membership_end", OFFICE, kwargs=_membership),
    Route("org:role_assign", OFFICE, kwargs=_cluster),
    Route("org:role_assign", OFFICE, kwargs=_cluster, method="POST"),
    Route("org:handover_create", OFFICE, kwargs=_cluster),
    Route("org:start_next_year", OFFICE, kwargs=_cluster_2025),
    Route("api:unit-list", SIGNED_IN),
    Route("api:unit-list", OFFICE, method="POST"),
    Route("api:unit-detail", SIGNED_IN, kwargs=_unit),
    Route("api:unit-lineage", SIGNED_IN, kwargs=_unit),
    Route("api:lineage-event-list", SIGNED_IN),
    Route("api:lineage-event-list", OFFICE, method="POST"),
    Route("api:cluster-list", SIGNED_IN),
    Route("api:cluster-list", OFFICE, method="POST"),
    Route("api:cluster-detail", SIGNED_IN, kwargs=_cluster),
    Route("api:handover-list", SIGNED_IN),
    Route("api:handover-list", OFFICE, method="POST"),
)
