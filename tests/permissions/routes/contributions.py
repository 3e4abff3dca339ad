"""Contributions routes: a cluster's funds are read by its members (the leader included),
its office and administrators; the cluster officers and the office manage them; a unit's
own officers record its payment and receipt.

The demo's Cụm 10 of 2024 holds a sample fund of 20.000.000 đ per unit, Bình Phước (the
matrix's unit officer) still owing; Tây Ninh (the cluster officer's unit) heads it. Sơn La
(the outsider) heads Cụm 2 and gets 404 for everything of Cụm 10. Writes carry the row's
current version; an allowed caller meets the fund's rules (deleting a fund with payments
is refused with a message, reopening an open fund is a 409), not a stale version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.contributions.models import Fund, Pledge
from thidua.org.models import Cluster

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
RUNS = frozenset({"admin", "office", "cluster_officer"})
PAYS = RUNS | {"unit_officer"}  # Bình Phước's own line
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass(frozen=True)
class JsonRoute(Route):
    def payload(self, world: Any) -> dict[str, Any]:
        return {"data": self.data(world), "content_type": "application/json"}


def _cluster() -> Cluster:
    return Cluster.objects.get(year=2024, number=10, level="ministry")


def _fund() -> Fund:
    return Fund.objects.get(cluster=_cluster())


def _pledge(code: str) -> Pledge:
    return Pledge.objects.get(fund=_fund(), unit__code=code)


def _fund_pk(world: Any) -> dict[str, Any]:
    return {"pk": _fund().pk}


def _cluster_pk(world: Any) -> dict[str, Any]:
    return {"cluster_pk": _cluster().pk}


def _action(action: str) -> Any:
    return lambda world: {"pk": _fund().pk, "action": action}


def _fund_version(world: Any) -> dict[str, Any]:
    return {"version": _fund().version}


def _bpc(world: Any) -> dict[str, Any]:
    return {"pledge_pk": _pledge("BPC").pk}


def _bpc_pk(world: Any) -> dict[str, Any]:
    return {"pk": _pledge("BPC").pk}


def _bpc_version(world: Any) -> dict[str, Any]:
    return {"version": _pledge("BPC").version}


def _receipt(world: Any) -> dict[str, Any]:
    """Tây Ninh's receipt, stored once for the module's world."""
    from django.core.files.base import ContentFile

    pledge = _pledge("TNH")
    if not pledge.receipt:
        pledge.receipt_name = "uy-nhiem-chi.pdf"
        pledge.receipt_type = "application/pdf"
        pledge.receipt.save("matrix.pdf", ContentFile(PDF), save=True)
    return {"pledge_pk": pledge.pk}


def _new_fund(world: Any) -> dict[str, Any]:
    return {"cluster": _cluster().pk, "title": "Quỹ kiểm tra quyền", "opened_on": "2024-10-01"}


def _payment(world: Any) -> dict[str, Any]:
    return {"version": _pledge("BPC").version, "paid": "20.000.000", "paid_on": "2024-11-20"}


ROUTES = table(
    Route("contributions:home", SIGNED_IN),
    Route("contributions:home", SIGNED_IN, query="?year=2024"),
    Route("contributions:fund_create", RUNS, kwargs=_cluster_pk),
    Route("contributions:fund_create", RUNS, kwargs=_cluster_pk, method="POST"),
    Route("contributions:fund_detail", SEES, kwargs=_fund_pk),
    Route("contributions:fund_edit", RUNS, kwargs=_fund_pk),
    Route("contributions:fund_edit", RUNS, kwargs=_fund_pk, method="POST", data=_fund_version),
    Route("contributions:fund_action", RUNS, kwargs=_action("close"), method="POST",
          data=_fund_version),
    Route("contributions:fund_action", RUNS, kwargs=_action("reopen"), method="POST",
          data=_fund_version),
    Route("contributions:fund_delete", RUNS, kwargs=_fund_pk, method="POST", data=_fund_version),
    Route("contributions:fund_xlsx", SEES, kwargs=_fund_pk),
    Route("contributions:pledge_add", RUNS, kwargs=_fund_pk, method="POST", data=_fund_version),
    Route("contributions:pledge_row", SEES, kwargs=_bpc),
    Route("contributions:pledge_edit", PAYS, kwargs=_bpc),
    Route("contributions:pledge_edit", PAYS, kwargs=_bpc, method="POST", data=_bpc_version),
    Route("contributions:pledge_delete", RUNS, kwargs=_bpc, method="POST", data=_bpc_version),
    Route("contributions:receipt_download", SEES, kwargs=_receipt),
    Route("api:fund-list", SIGNED_IN),
    JsonRoute("api:fund-list", RUNS, method="POST", data=_new_fund),
    Route("api:fund-detail", SEES, kwargs=_fund_pk),
    JsonRoute("api:fund-detail", RUNS, kwargs=_fund_pk, method="PATCH", data=_fund_version),
    Route("api:fund-detail", RUNS, kwargs=_fund_pk, method="DELETE", query="?version=1"),
    JsonRoute("api:fund-close", RUNS, kwargs=_fund_pk, method="POST", data=_fund_version),
    JsonRoute("api:fund-reopen", RUNS, kwargs=_fund_pk, method="POST", data=_fund_version),
    JsonRoute("api:fund-pledges", RUNS, kwargs=_fund_pk, method="POST", data=_fund_version),
    Route("api:pledge-detail", SEES, kwargs=_bpc_pk),
    Route("api:pledge-detail", RUNS, kwargs=_bpc_pk, method="DELETE", query="?version=1"),
    JsonRoute("api:pledge-payment", PAYS, kwargs=_bpc_pk, method="POST", data=_payment),
)  # fmt: skip
