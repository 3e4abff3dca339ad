"""Vote routes: the cluster's members, office and administrators see a vote; its officers
and the office run it; only a recorded delegate reaches the ballot.

The demo's Cụm 10 votes: 2024 (closed, results public to the cluster) and 2025 (open; its
delegate for Tây Ninh is the matrix's leader). Names sort "api:…" before "voting:…" and
"voting:ballot" before "voting:vote_close", so the delegate meets the open vote open.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.voting.models import Vote

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
RUNS = frozenset({"admin", "office", "cluster_officer"})
# Sơn La's officer heads Cụm 2: it may create votes, for its own clusters only.
CREATES = RUNS | {"outsider"}
DELEGATE = frozenset({"leader"})


def _closed(world: Any) -> dict[str, Any]:
    return {"pk": Vote.objects.get(cluster__year=2024, cluster__number=10, round=1).pk}


def _open(world: Any) -> dict[str, Any]:
    return {"pk": Vote.objects.get(cluster__year=2025, cluster__number=10).pk}


ROUTES = table(
    Route("voting:vote_list", SIGNED_IN),
    Route("voting:vote_create", CREATES),
    Route("voting:vote_create", CREATES, method="POST"),
    Route("voting:vote_detail", SEES, kwargs=_closed),
    Route("voting:vote_detail", SEES, kwargs=_open),
    Route("voting:vote_settings", RUNS, kwargs=_closed),
    Route("voting:vote_settings", RUNS, kwargs=_open, method="POST"),
    Route("voting:vote_roll", RUNS, kwargs=_open),
    Route("voting:vote_open", RUNS, kwargs=_open, method="POST"),
    Route("voting:vote_close", RUNS, kwargs=_open, method="POST"),
    Route("voting:ballot", DELEGATE, kwargs=_open),
    Route("voting:projector", SEES, kwargs=_open),
    Route("voting:turnout", SEES, kwargs=_open),
    Route("voting:result", SEES, kwargs=_closed),
    Route("voting:receipts", SEES, kwargs=_closed),
    Route("voting:minutes_docx", SEES, kwargs=_closed),
    Route("voting:minutes_pdf", SEES, kwargs=_closed),
    Route("voting:paper", RUNS, kwargs=_closed),
    Route("voting:paper_confirm", RUNS, kwargs=_closed, method="POST"),
    Route("voting:runoff_create", RUNS, kwargs=_closed, method="POST"),
    Route("api:vote-list", SIGNED_IN),
    Route("api:vote-detail", SEES, kwargs=_open),
    Route("api:vote-ballots", DELEGATE, kwargs=_open, method="POST"),
    Route("api:vote-results", SEES, kwargs=_closed),
    Route("api:vote-receipts", SEES, kwargs=_closed),
)
