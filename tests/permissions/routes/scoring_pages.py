"""Scoring pages: the cluster's members, office and administrators read the table, the
heat-map, the sheets and the profiles of its units; a unit's officers self-score; the
verifiers verify; the office decides, locks and reopens. Everybody signed in has an
overview (of what they may read).

The demo's Cụm 10 of 2024 is locked and published, so an allowed write is answered "not in
this state" (or "give a reason") and nothing changes; a refused role gets 403 or 404.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import OFFICE, SIGNED_IN, Route, table
from thidua.covenants.models import Covenant
from thidua.scoring.models import ScoreSheet

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
UNIT = frozenset({"admin", "unit_officer"})
VERIFIERS = frozenset({"admin", "office", "cluster_officer"})
PDF = b"%PDF-1.4\n%%EOF\n"


def _bpc_sheet(world: Any) -> ScoreSheet:
    return ScoreSheet.objects.get(
        covenant__cluster__year=2024, covenant__cluster__number=10, unit__code="BPC"
    )


def _sheet(world: Any) -> dict[str, Any]:
    return {"pk": _bpc_sheet(world).pk}


def _covenant(world: Any) -> dict[str, Any]:
    return {"covenant_pk": Covenant.objects.get(cluster__year=2024, cluster__number=10).pk}


def _open(world: Any) -> dict[str, Any]:
    return {**_covenant(world), "unit_pk": world.users["unit_officer"].unit_id}


def _unit(world: Any) -> dict[str, Any]:
    return {"unit_pk": world.users["unit_officer"].unit_id}


def _step(step: str) -> Any:
    return lambda world: {**_sheet(world), "step": step}


def _action(action: str) -> Any:
    return lambda world: {**_sheet(world), "action": action}


def _version(world: Any) -> dict[str, Any]:
    return {"version": _bpc_sheet(world).version}


def _evidence(world: Any) -> dict[str, Any]:
    """A file on Bình Phước's score of its first criterion, stored once for the world."""
    from django.core.files.base import ContentFile

    from thidua.scoring.models import ScoreEvidence

    score = _bpc_sheet(world).scores.order_by("pk").first()
    assert score is not None
    evidence = ScoreEvidence.objects.filter(score=score).first()
    if evidence is None:
        evidence = ScoreEvidence(
            score=score, original_name="bien-ban.pdf", content_type="application/pdf",
            size=len(PDF),
        )  # fmt: skip
        evidence.file.save("matrix.pdf", ContentFile(PDF), save=True)
    return {"evidence_pk": evidence.pk}


ROUTES = table(
    Route("scoring:overview", SIGNED_IN),
    Route("scoring:table", SEES, kwargs=_covenant),
    Route("scoring:heatmap", SEES, kwargs=_covenant),
    Route(
        "scoring:covenant_lock",
        OFFICE,
        kwargs=_covenant,
        method="POST",
        data=lambda w: {"version": 0},
    ),
    Route(
        "scoring:covenant_reopen",
        OFFICE,
        kwargs=_covenant,
        method="POST",
        data=lambda w: {"version": 0},
    ),
    Route("scoring:sheet_open", UNIT, kwargs=_open, method="POST"),
    Route("scoring:unit_profile", SEES, kwargs=_unit),
    Route("scoring:sheet", SEES, kwargs=_sheet),
    Route("scoring:sheet_save", UNIT, kwargs=_step("self"), method="POST", data=_version),
    Route("scoring:sheet_save", VERIFIERS, kwargs=_step("verify"), method="POST", data=_version),
    Route("scoring:sheet_save", UNIT, kwargs=_step("explain"), method="POST", data=_version),
    Route("scoring:sheet_save", OFFICE, kwargs=_step("final"), method="POST", data=_version),
    Route("scoring:sheet_action", UNIT, kwargs=_action("submit"), method="POST", data=_version),
    Route(
        "scoring:sheet_action",
        VERIFIERS,
        kwargs=_action("verify_done"),
        method="POST",
        data=_version,
    ),
    Route(
        "scoring:sheet_action", UNIT, kwargs=_action("explain_done"), method="POST", data=_version
    ),
    Route(
        "scoring:sheet_action",
        OFFICE,
        kwargs=_action("finalize_done"),
        method="POST",
        data=_version,
    ),
    Route("scoring:sheet_action", OFFICE, kwargs=_action("refresh"), method="POST", data=_version),
    Route("scoring:evidence_upload", UNIT, kwargs=_sheet, method="POST", data=_version),
    Route("scoring:evidence_download", SEES, kwargs=_evidence),
)
