"""Conference routes: the cluster's members, its office and administrators read its
conferences; the officers of its head and deputy units, the office and administrators record
them. Anybody else gets a 404 on the cluster's conferences and files.

The demo's Cụm 10 of 2024: its year-end summary of 23/11/2024 (with the vote and the
handover linked), Tây Ninh heading it (the matrix's cluster officer), Bình Phước a member
(unit officer). The outsider, Sơn La's officer, heads Cụm 2: it records conferences, but
not Cụm 10's. Writes are posted so that an allowed role meets the conference's rules (a
missing file, a conference with outcomes that cannot be deleted) and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.conferences.models import Attachment, Conference

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
RUNS = frozenset({"admin", "office", "cluster_officer"})
# Who records the conferences of some cluster: Sơn La's officer heads Cụm 2.
RECORDS_SOME = RUNS | {"outsider"}
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass(frozen=True)
class JsonRoute(Route):
    def payload(self, world: Any) -> dict[str, Any]:
        return {"data": self.data(world), "content_type": "application/json"}


@dataclass(frozen=True)
class ClusterCalendarRoute(Route):
    """The calendar of Cụm 10 of 2024 (`?cluster=`): the cluster's internal data."""

    def url(self, world: Any) -> str:
        return super().url(world) + f"?cluster={_year_end(world).cluster_id}"


def _year_end(world: Any) -> Conference:
    return Conference.objects.get(
        cluster__year=2024, cluster__number=10, cluster__province=None, kind="year_end"
    )


def _pk(world: Any) -> dict[str, Any]:
    return {"pk": _year_end(world).pk}


def _cluster(world: Any) -> dict[str, Any]:
    return {"cluster_pk": _year_end(world).cluster_id}


def _version(world: Any) -> dict[str, Any]:
    return {"version": _year_end(world).version}


def _attachment(world: Any) -> dict[str, Any]:
    """A file of the year-end summary, stored once for the module's world."""
    from django.core.files.base import ContentFile

    conference = _year_end(world)
    attachment = Attachment.objects.filter(conference=conference).first()
    if attachment is None:
        attachment = Attachment(
            conference=conference, kind="minutes", original_name="bien-ban.pdf",
            content_type="application/pdf", size=len(PDF),
        )  # fmt: skip
        attachment.file.save("matrix.pdf", ContentFile(PDF), save=True)
    return {"attachment_pk": attachment.pk}


def _outcome(world: Any) -> dict[str, Any]:
    conference = _year_end(world)
    outcome = conference.outcomes.order_by("pk").first()
    assert outcome is not None
    return {"pk": conference.pk, "outcome_pk": outcome.pk}


def _new(world: Any) -> dict[str, Any]:
    return {
        "cluster": _year_end(world).cluster_id,
        "kind": "mid_year",
        "date": "2024-06-20",
        "status": "planned",
    }


ROUTES = table(
    Route("conferences:conference_list", SIGNED_IN),
    Route("conferences:conference_list", SIGNED_IN, query="?year=2024&kind=year_end"),
    ClusterCalendarRoute("conferences:conference_list", SEES),
    Route("conferences:conference_create", RUNS, kwargs=_cluster),
    Route("conferences:conference_create", RUNS, kwargs=_cluster, method="POST"),
    Route("conferences:guest_row", RECORDS_SOME),
    Route("conferences:conference_detail", SEES, kwargs=_pk),
    Route("conferences:conference_edit", RUNS, kwargs=_pk),
    Route("conferences:conference_edit", RUNS, kwargs=_pk, method="POST", data=_version),
    Route("conferences:conference_delete", RUNS, kwargs=_pk, method="POST", data=_version),
    Route("conferences:attachment_upload", RUNS, kwargs=_pk, method="POST", data=_version),
    Route("conferences:attachment_file", SEES, kwargs=_attachment),
    Route("conferences:attachment_delete", RUNS, kwargs=_attachment, method="POST"),
    Route("conferences:outcome_link", RUNS, kwargs=_pk, method="POST", data=_version),
    Route("conferences:outcome_unlink", RUNS, kwargs=_outcome, method="POST"),
    Route("api:conference-list", SIGNED_IN),
    JsonRoute("api:conference-list", RUNS, method="POST", data=_new),
    Route("api:conference-detail", SEES, kwargs=_pk),
    JsonRoute("api:conference-detail", RUNS, kwargs=_pk, method="PATCH", data=_version),
    JsonRoute("api:conference-outcomes", RUNS, kwargs=_pk, method="POST", data=_version),
    Route("api:conference-outcome", RUNS, kwargs=_outcome, method="DELETE"),
)
