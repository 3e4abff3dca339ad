"""Score document routes: the cluster's score table and ranking as Excel, Word and PDF,
for whoever reads the cluster's scores (its members, the office, administrators); an
outsider gets 404, an anonymous visitor the sign-in page.

The demo's Cụm 10 of 2024, locked and published by thidua.scoring.demo.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import Route, table
from thidua.covenants.models import Covenant

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})


def _covenant_pk(world: Any) -> dict[str, Any]:
    return {"covenant_pk": Covenant.objects.get(cluster__year=2024, cluster__number=10).pk}


ROUTES = table(
    Route("scoring:score_table_xlsx", SEES, kwargs=_covenant_pk),
    Route("scoring:score_table_docx", SEES, kwargs=_covenant_pk),
    Route("scoring:score_table_pdf", SEES, kwargs=_covenant_pk),
)
