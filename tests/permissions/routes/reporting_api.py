"""Reporting API routes: the members of a cluster, its office and administrators read its
reports. A unit's own officers open its reports, save its figures and submit them. The
cluster head's officers and the office review them; only the office locks and reopens.

In the demo's Cụm 10, Tây Ninh is the matrix's cluster officer and leader, and Bình Phước
its unit officer. All of 2024 is locked. In 2025 Tây Ninh's July is approved and Đồng Nai's
September waits for review; nobody has opened a report for the third quarter. Writes
carry the report's current version, so an allowed caller meets the report's rules, not a
conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.org.models import Unit
from thidua.reporting import domain
from thidua.reporting.models import Period, PeriodKind, Report

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
TAY_NINH = frozenset({"admin", "cluster_officer"})  # Tây Ninh's officer, administrators
# Tây Ninh heads Cụm 10 of 2025 from the merger of 1/7/2025: it reviews Đồng Nai.
REVIEWERS = frozenset({"admin", "office", "cluster_officer"})
OFFICE = frozenset({"admin", "office"})


@dataclass(frozen=True)
class JsonRoute(Route):
    """A write with a JSON body, as API clients send it (PUT needs one)."""

    def payload(self, world: Any) -> dict[str, Any]:
        return {"data": self.data(world), "content_type": "application/json"}


def _period(year: int, kind: str, index: int) -> Period:
    return Period.objects.get(
        covenant__cluster__year=year, covenant__cluster__number=10, kind=kind, index=index
    )


def _report(year: int, kind: str, index: int, unit: str) -> Report:
    return Report.objects.get(period=_period(year, kind, index), unit__code=unit)


def _locked(world: Any) -> dict[str, Any]:
    return {"pk": _report(2024, PeriodKind.MONTH, 1, "TNH").pk}


def _approved(world: Any) -> dict[str, Any]:
    return {"pk": _report(2025, PeriodKind.MONTH, 7, "TNH").pk}


def _submitted(world: Any) -> dict[str, Any]:
    return {"pk": _report(2025, PeriodKind.MONTH, 9, "DNI").pk}


def _draft(world: Any) -> dict[str, Any]:
    """Tây Ninh's third quarter of 2025, opened by its officer (rolled back after each case)."""
    officer = get_user_model().objects.get(username="tayninh.canbo")
    period = _period(2025, PeriodKind.QUARTER, 3)
    report = domain.report_open(period=period, unit=Unit.objects.get(code="TNH"), by=officer)
    return {"pk": report.pk}


def _month(world: Any) -> dict[str, Any]:
    return {"pk": _period(2024, PeriodKind.MONTH, 1).pk}


def _version(kwargs: Any, **extra: Any) -> Any:
    return lambda world: {"version": Report.objects.get(**kwargs(world)).version, **extra}


def _open(world: Any) -> dict[str, Any]:
    return {
        "period": _period(2025, PeriodKind.QUARTER, 3).pk,
        "unit": Unit.objects.get(code="TNH").pk,
    }


def _figures(world: Any) -> dict[str, Any]:
    return {"version": Report.objects.get(**_draft(world)).version, "figures": []}


ROUTES = table(
    Route("api:report-list", SIGNED_IN),
    JsonRoute("api:report-list", TAY_NINH, method="POST", data=_open),
    Route("api:report-periods", SIGNED_IN),
    Route("api:report-period-board", SEES, kwargs=_month),
    Route("api:report-detail", SEES, kwargs=_locked),
    Route("api:report-evaluations", SEES, kwargs=_locked),
    JsonRoute("api:report-figures", TAY_NINH, kwargs=_draft, method="PUT", data=_figures),
    JsonRoute("api:report-figures", TAY_NINH, kwargs=_draft, method="PATCH", data=_figures),
    JsonRoute("api:report-submit", TAY_NINH, kwargs=_draft, method="POST", data=_version(_draft)),
    JsonRoute(
        "api:report-approve", REVIEWERS, kwargs=_submitted, method="POST",
        data=_version(_submitted),
    ),
    JsonRoute(
        "api:report-return", REVIEWERS, kwargs=_submitted, method="POST",
        data=_version(_submitted, reason="Thiếu giải trình"),
    ),
    JsonRoute(
        "api:report-lock", OFFICE, kwargs=_approved, method="POST", data=_version(_approved)
    ),
    JsonRoute(
        "api:report-reopen", OFFICE, kwargs=_locked, method="POST",
        data=_version(_locked, reason="Sửa số liệu"),
    ),
)  # fmt: skip
