"""Awards routes: awards and the catalogue are public honours every signed-in user reads;
the office records and corrects awards and keeps the catalogue; proposals are internal to
their cluster: those who run it and a unit's officers (for their unit) draft them, those
who run it submit them, the office decides.

In the demo's Cụm 10 of 2024 (managed by the matrix's office): the vote's proposals are
granted; Bình Phước's officer (the unit officer) drafted one that is still proposed;
Bình Dương's waits for the decision. Writes are posted empty or stale, so an allowed role
meets a validation message (400, a form shown again, or a redirect with the message) and
nothing changes; a refused role gets 403, or 404 for another cluster's internal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.permissions.routes import OFFICE, SIGNED_IN, Route, table
from thidua.awards.models import Award, Proposal
from thidua.org.models import Cluster, Unit

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
RUNS = frozenset({"admin", "office", "cluster_officer"})
DRAFTS = frozenset({"admin", "office", "cluster_officer", "unit_officer"})
# Anyone who may propose in some cluster (Sơn La's officer in its own Cụm 2).
PROPOSES_SOMEWHERE = DRAFTS | {"outsider"}
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass(frozen=True)
class JsonRoute(Route):
    """A write with a JSON body, as API clients send it."""

    def payload(self, world: Any) -> dict[str, Any]:
        return {"data": self.data(world), "content_type": "application/json"}


def _cum10() -> Cluster:
    return Cluster.objects.get(year=2024, number=10)


def _award() -> Award:
    return Award.objects.get(title__code="gov", unit__code="LAN", year=2024)


def _award_pk(world: Any) -> dict[str, Any]:
    return {"pk": _award().pk}


def _award_with_file(world: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    award = _award()
    if not award.decision_file:
        award.decision_file.save("matrix.pdf", ContentFile(PDF), save=False)
        award.file_name, award.file_type, award.file_size = "qd.pdf", "application/pdf", len(PDF)
        award.save()
    return {"pk": award.pk}


def _unit(world: Any) -> dict[str, Any]:
    return {"unit_pk": Unit.objects.get(code="LAN").pk}


def _title(world: Any) -> dict[str, Any]:
    from thidua.awards.models import Title

    return {"pk": Title.objects.get(code="giay-khen").pk}


def _cluster(world: Any) -> dict[str, Any]:
    return {"cluster_pk": _cum10().pk}


def _draft() -> Proposal:
    return Proposal.objects.get(cluster=_cum10(), unit__code="BPC", source="manual")


def _waiting() -> Proposal:
    return Proposal.objects.get(cluster=_cum10(), unit__code="BDG", status="submitted")


def _draft_pk(world: Any) -> dict[str, Any]:
    return {"pk": _draft().pk}


def _waiting_pk(world: Any) -> dict[str, Any]:
    return {"pk": _waiting().pk}


def _action(which: Any, action: str) -> Any:
    return lambda world: {"pk": which().pk, "action": action}


def _stale(world: Any) -> dict[str, Any]:
    return {"version": 0}


ROUTES = table(
    Route("awards:award_list", SIGNED_IN),
    Route("awards:award_list", SIGNED_IN, query="?q=long+an&year=2024"),
    Route("awards:award_export", SIGNED_IN, query="?year=2024"),
    Route("awards:award_counts", SIGNED_IN, query="?year=2024"),
    Route("awards:award_create", OFFICE),
    Route("awards:award_create", OFFICE, method="POST"),
    Route("awards:award_detail", SIGNED_IN, kwargs=_award_pk),
    Route("awards:award_edit", OFFICE, kwargs=_award_pk),
    Route("awards:award_edit", OFFICE, kwargs=_award_pk, method="POST"),
    Route("awards:award_delete", OFFICE, kwargs=_award_pk, method="POST"),
    Route("awards:award_file", SIGNED_IN, kwargs=_award_with_file),
    Route("awards:unit_awards", SIGNED_IN, kwargs=_unit),
    Route("awards:title_list", SIGNED_IN),
    Route("awards:title_create", OFFICE),
    Route("awards:title_create", OFFICE, method="POST"),
    Route("awards:title_edit", OFFICE, kwargs=_title),
    Route("awards:title_edit", OFFICE, kwargs=_title, method="POST"),
    Route("awards:proposal_list", SIGNED_IN),
    Route("awards:proposal_list", SIGNED_IN, query="?status=submitted"),
    Route("awards:proposal_create", DRAFTS, kwargs=_cluster),
    Route("awards:proposal_create", DRAFTS, kwargs=_cluster, method="POST"),
    Route("awards:proposal_detail", SEES, kwargs=_draft_pk),
    Route("awards:proposal_edit", DRAFTS, kwargs=_draft_pk),
    Route("awards:proposal_edit", DRAFTS, kwargs=_draft_pk, method="POST"),
    Route("awards:proposal_action", RUNS, kwargs=_action(_draft, "submit"), method="POST", data=_stale),
    Route("awards:proposal_action", DRAFTS, kwargs=_action(_draft, "delete"), method="POST", data=_stale),
    Route("awards:proposal_action", OFFICE, kwargs=_action(_waiting, "grant"), method="POST"),
    Route("awards:proposal_action", OFFICE, kwargs=_action(_waiting, "reject"), method="POST"),
    Route("api:award-list", SIGNED_IN),
    JsonRoute("api:award-list", OFFICE, method="POST"),
    Route("api:award-counts", SIGNED_IN, query="?year=2024"),
    Route("api:award-detail", SIGNED_IN, kwargs=_award_pk),
    JsonRoute("api:award-detail", OFFICE, kwargs=_award_pk, method="PATCH"),
    Route("api:award-title-list", SIGNED_IN),
    JsonRoute("api:award-title-list", OFFICE, method="POST"),
    Route("api:award-title-detail", SIGNED_IN, kwargs=_title),
    JsonRoute("api:award-title-detail", OFFICE, kwargs=_title, method="PATCH"),
    Route("api:award-proposal-list", SIGNED_IN),
    JsonRoute("api:award-proposal-list", PROPOSES_SOMEWHERE, method="POST"),
    Route("api:award-proposal-detail", SEES, kwargs=_draft_pk),
    JsonRoute("api:award-proposal-detail", DRAFTS, kwargs=_draft_pk, method="PATCH"),
    JsonRoute("api:award-proposal-submit", RUNS, kwargs=_draft_pk, method="POST", data=_stale),
    JsonRoute("api:award-proposal-grant", OFFICE, kwargs=_waiting_pk, method="POST", data=_stale),
    JsonRoute("api:award-proposal-reject", OFFICE, kwargs=_waiting_pk, method="POST", data=_stale),
)  # fmt: skip
