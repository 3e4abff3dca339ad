"""Practices routes: a draft is seen by its unit's officers, the cluster officers and the
office; a practice published to Cụm 10 by every member of it (the leader included); a
promoted one by everybody signed in. The cluster officers publish and take back, only the
office promotes.

The demo's Cụm 10 of 2024: Bình Phước's draft (its officer is the matrix's unit officer),
Long An's published model, Tây Ninh's promoted one. Sơn La's officer (the outsider) heads
Cụm 2, so it may open the form, for its own cluster only: the form it posts for Cụm 10
comes back with the choice refused and nothing saved (tests/practices/test_views.py).
Writes carry the practice's current version, so an allowed caller meets the practice's
rules (e.g. 409 for a step its state refuses), not a stale version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.org.models import Cluster, Unit
from thidua.practices.models import Practice, PracticeFile, Visibility

SEES_DRAFT = frozenset({"admin", "office", "cluster_officer", "unit_officer"})
SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
RUNS = frozenset({"admin", "office", "cluster_officer"})
OFFICE = frozenset({"admin", "office"})
RECORDS = SEES_DRAFT  # Bình Phước's practice in Cụm 10
OPENS_FORM = SEES_DRAFT | {"outsider"}
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass(frozen=True)
class JsonRoute(Route):
    def payload(self, world: Any) -> dict[str, Any]:
        return {"data": self.data(world), "content_type": "application/json"}


def _draft() -> Practice:
    return Practice.objects.get(unit__code="BPC", visibility=Visibility.DRAFT, cluster__number=10)


def _published() -> Practice:
    return Practice.objects.get(unit__code="LAN", visibility=Visibility.PUBLISHED)


def _promoted() -> Practice:
    return Practice.objects.filter(visibility=Visibility.PROMOTED).first()  # type: ignore[return-value]


def _pk(getter: Any) -> Any:
    return lambda world: {"pk": getter().pk}


def _action(getter: Any, action: str) -> Any:
    return lambda world: {"pk": getter().pk, "action": action}


def _version(getter: Any) -> Any:
    return lambda world: {"version": getter().version}


def _file(world: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    practice = _draft()
    item = PracticeFile.objects.filter(practice=practice).first()
    if item is None:
        item = PracticeFile(
            practice=practice, original_name="mo-hinh.pdf", content_type="application/pdf",
            size=len(PDF),
        )  # fmt: skip
        item.file.save("matrix.pdf", ContentFile(PDF), save=True)
    return {"file_pk": item.pk}


def _file_version(world: Any) -> dict[str, Any]:
    return {"version": _draft().version}


def _body(world: Any) -> dict[str, Any]:
    return {
        "kind": "good_model",
        "title": "Mô hình kiểm tra quyền",
        "description": "Ghi nhận thử.",
        "cluster": Cluster.objects.get(year=2024, number=10, level="ministry").pk,
        "unit": Unit.objects.get(code="BPC").pk,
    }


ROUTES = table(
    Route("practices:library", SIGNED_IN),
    Route("practices:library", SIGNED_IN, query="?q=mo+hinh+dan+van&year=2024"),
    Route("practices:create", OPENS_FORM),
    Route("practices:create", OPENS_FORM, method="POST", data=_body),
    Route("practices:detail", SEES_DRAFT, kwargs=_pk(_draft)),
    Route("practices:detail", SEES, kwargs=_pk(_published)),
    Route("practices:detail", SIGNED_IN, kwargs=_pk(_promoted)),
    Route("practices:edit", SEES_DRAFT, kwargs=_pk(_draft)),
    Route("practices:edit", SEES_DRAFT, kwargs=_pk(_draft), method="POST", data=_version(_draft)),
    Route("practices:edit", RUNS, kwargs=_pk(_published)),
    Route("practices:action", RUNS, kwargs=_action(_draft, "publish"), method="POST",
          data=_version(_draft)),
    Route("practices:action", OFFICE, kwargs=_action(_published, "promote"), method="POST",
          data=_version(_published)),
    Route("practices:action", RUNS, kwargs=_action(_published, "unpublish"), method="POST",
          data=_version(_published)),
    Route("practices:action", OFFICE, kwargs=_action(_promoted, "unpublish"), method="POST",
          data=_version(_promoted)),
    Route("practices:delete", SEES_DRAFT, kwargs=_pk(_draft), method="POST", data=_version(_draft)),
    Route("practices:file_upload", SEES_DRAFT, kwargs=_pk(_draft), method="POST",
          data=_version(_draft)),
    Route("practices:file_download", SEES_DRAFT, kwargs=_file),
    Route("practices:file_delete", SEES_DRAFT, kwargs=_file, method="POST", data=_file_version),
    Route("api:practice-list", SIGNED_IN),
    Route("api:practice-list", SIGNED_IN, query="?search=cai+nghien"),
    JsonRoute("api:practice-list", RECORDS, method="POST", data=_body),
    Route("api:practice-detail", SEES_DRAFT, kwargs=_pk(_draft)),
    Route("api:practice-detail", SIGNED_IN, kwargs=_pk(_promoted)),
    JsonRoute("api:practice-detail", SEES_DRAFT, kwargs=_pk(_draft), method="PATCH",
              data=_version(_draft)),
    Route("api:practice-detail", SEES_DRAFT, kwargs=_pk(_draft), method="DELETE",
          query="?version=1"),
    JsonRoute("api:practice-publish", RUNS, kwargs=_pk(_draft), method="POST",
              data=_version(_draft)),
    JsonRoute("api:practice-promote", OFFICE, kwargs=_pk(_published), method="POST",
              data=_version(_published)),
    JsonRoute("api:practice-unpublish", RUNS, kwargs=_pk(_published), method="POST",
              data=_version(_published)),
    Route("api:practice-files", SEES_DRAFT, kwargs=_pk(_draft), method="POST",
          data=_version(_draft)),
)  # fmt: skip
