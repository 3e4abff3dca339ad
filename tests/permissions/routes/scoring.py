"""Scoring routes: the cluster's members, office and administrators read the sheets and the
table; a unit's officers self-score and explain; the cluster head's officers (Tây Ninh,
for the matrix's cluster officer) verify the other units; the office decides, locks and
reopens. Any signed-in user lists rankings (published ones are wider news).

The demo's Cụm 10 of 2024 is locked and published; the checks post empty bodies, so an
allowed user is answered 400 and nothing changes. Bình Phước's sheet is the matrix's unit
officer's own.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import OFFICE, SIGNED_IN, Route, table
from thidua.covenants.models import Covenant
from thidua.scoring.models import ScoreSheet

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
UNIT = frozenset({"admin", "unit_officer"})
VERIFIERS = frozenset({"admin", "office", "cluster_officer"})


def _sheet(world: Any) -> dict[str, Any]:
    sheet = ScoreSheet.objects.get(
        covenant__cluster__year=2024, covenant__cluster__number=10, unit__code="BPC"
    )
    return {"pk": sheet.pk}


def _covenant(world: Any) -> dict[str, Any]:
    return {"pk": Covenant.objects.get(cluster__year=2024, cluster__number=10).pk}


ROUTES = table(
    Route("api:score-list", SIGNED_IN),
    Route("api:score-list", SIGNED_IN, method="POST"),
    Route("api:score-detail", SEES, kwargs=_sheet),
    Route("api:score-self", UNIT, kwargs=_sheet, method="POST"),
    Route("api:score-submit", UNIT, kwargs=_sheet, method="POST"),
    Route("api:score-verify", VERIFIERS, kwargs=_sheet, method="POST"),
    Route("api:score-verify-done", VERIFIERS, kwargs=_sheet, method="POST"),
    Route("api:score-explain", UNIT, kwargs=_sheet, method="POST"),
    Route("api:score-explain-done", UNIT, kwargs=_sheet, method="POST"),
    Route("api:score-finalize", OFFICE, kwargs=_sheet, method="POST"),
    Route("api:score-finalize-done", OFFICE, kwargs=_sheet, method="POST"),
    Route("api:score-refresh-figures", OFFICE, kwargs=_sheet, method="POST"),
    Route("api:score-evidence", UNIT, kwargs=_sheet, method="POST"),
    Route("api:score-table", SEES, kwargs=_covenant),
    Route("api:score-lock", OFFICE, kwargs=_covenant, method="POST"),
    Route("api:score-reopen", OFFICE, kwargs=_covenant, method="POST"),
    Route("api:ranking-list", SIGNED_IN),
)
