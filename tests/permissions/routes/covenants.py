"""Covenant routes: a cluster's covenant is internal to its members and its office."""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import OFFICE, SIGNED_IN, Route, table
from thidua.covenants.models import Covenant, CriterionKind, Indicator, Movement
from thidua.org.models import Cluster, Unit

# Cụm 10: members Tây Ninh (head), Bình Phước…; Sơn La (the outsider) is not one of them.
READERS = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
EDITORS = frozenset({"admin", "office", "cluster_officer"})
SIGNERS = EDITORS | {"leader"}


def _in_force(world: Any) -> dict[str, Any]:
    return {"pk": Covenant.objects.get(cluster__year=2024, cluster__number=10).pk}


def _draft(world: Any) -> dict[str, Any]:
    return {"pk": Covenant.objects.get(cluster__year=2025, cluster__number=10).pk}


def _criterion(world: Any) -> dict[str, Any]:
    covenant = Covenant.objects.get(cluster__year=2025, cluster__number=10)
    criterion = covenant.criteria.filter(kind=CriterionKind.QUANTITATIVE).order_by("pk").first()
    assert criterion is not None
    return {"pk": covenant.pk, "criterion_pk": criterion.pk}


def _cell(world: Any) -> dict[str, Any]:
    return {**_criterion(world), "unit_pk": Unit.objects.get(code="TNH").pk}


def _cluster_without_covenant(world: Any) -> dict[str, Any]:
    return {"cluster_pk": Cluster.objects.get(year=2025, number=1).pk}


def _new_covenant(world: Any) -> dict[str, Any]:
    return {
        "cluster": Cluster.objects.get(year=2025, number=1).pk,
        "movement": Movement.objects.filter(year=2025).order_by("pk").first().pk,  # type: ignore[union-attr]
    }


def _indicator(world: Any) -> dict[str, Any]:
    return {"pk": Indicator.objects.order_by("pk").first().pk}  # type: ignore[union-attr]


def _sign(world: Any) -> dict[str, Any]:
    return {"unit": Unit.objects.get(code="TNH").pk, "signer_name": "A", "signer_title": "B",
            "signed_on": "2024-03-12"}  # fmt: skip


ROUTES = table(
    Route("covenants:covenant_list", SIGNED_IN),
    Route("covenants:covenant_create", OFFICE, kwargs=_cluster_without_covenant),
    Route("covenants:covenant_detail", READERS, kwargs=_in_force),
    Route("covenants:covenant_edit", EDITORS, kwargs=_draft),
    Route("covenants:covenant_edit", EDITORS, kwargs=_draft, method="POST"),
    Route("covenants:criterion_add", EDITORS, kwargs=_draft),
    Route("covenants:criterion_add", EDITORS, kwargs=_draft, method="POST"),
    Route("covenants:criterion_edit", EDITORS, kwargs=_criterion),
    Route("covenants:criterion_delete", EDITORS, kwargs=_criterion, method="POST"),
    Route("covenants:criterion_move", EDITORS, kwargs=_criterion, method="POST"),
    Route("covenants:target_grid", READERS, kwargs=_draft),
    Route("covenants:unit_target_edit", EDITORS, kwargs=_cell),
    Route("covenants:unit_target_edit", EDITORS, kwargs=_cell, method="POST"),
    Route("covenants:signing", READERS, kwargs=_in_force),
    Route("covenants:covenant_status", EDITORS, kwargs=_draft, method="POST"),
    Route("covenants:covenant_docx", READERS, kwargs=_in_force),
    Route("covenants:covenant_pdf", READERS, kwargs=_in_force),
    Route("covenants:movement_list", SIGNED_IN),
    Route("covenants:movement_create", OFFICE),
    Route("covenants:indicator_list", SIGNED_IN),
    Route("covenants:indicator_create", OFFICE),
    Route("covenants:indicator_edit", OFFICE, kwargs=_indicator),
    Route("api:covenant-list", SIGNED_IN),
    Route("api:covenant-list", OFFICE, method="POST", data=_new_covenant),
    Route("api:covenant-detail", READERS, kwargs=_in_force),
    Route("api:covenant-criteria", EDITORS, kwargs=_draft, method="POST"),
    Route("api:covenant-sign", SIGNERS, kwargs=_in_force, method="POST", data=_sign),
    Route("api:indicator-list", SIGNED_IN),
    Route("api:movement-list", SIGNED_IN),
)
