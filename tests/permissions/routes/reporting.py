"""Reporting routes: the cluster's members, office and administrators read its reports; a
unit's officers enter and submit its own; the head's officers review the others' reports;
the office reviews, locks and reopens.

The demo's Cụm 10 of 2024: every month of Bình Phước (the matrix's unit officer) locked,
Tây Ninh (the cluster officer's unit) heading the cluster. Workflow steps are posted on a
locked report, or without the reason a return or reopening needs, so that an allowed role
is answered "not in this state" and nothing changes; a refused role gets 403.
"""

from __future__ import annotations

from typing import Any

from tests.permissions.routes import SIGNED_IN, Route, table
from thidua.covenants.models import Covenant
from thidua.reporting.models import Period, Report

SEES = frozenset({"admin", "office", "cluster_officer", "unit_officer", "leader"})
RUNS = frozenset({"admin", "office", "cluster_officer"})
REVIEWS = RUNS
OFFICE = frozenset({"admin", "office"})
BPC_ENTERS = frozenset({"admin", "unit_officer"})
TNH_ENTERS = frozenset({"admin", "cluster_officer"})
# Units' officers upload the cluster's workbook for their own sheet.
MEMBERS_ENTER = frozenset({"admin", "cluster_officer", "unit_officer"})
PDF = b"%PDF-1.4\n%%EOF\n"


def _covenant(world: Any) -> Covenant:
    return Covenant.objects.get(cluster__year=2024, cluster__number=10)


def _covenant_pk(world: Any) -> dict[str, Any]:
    return {"covenant_pk": _covenant(world).pk}


def _january(world: Any) -> Period:
    return Period.objects.get(covenant=_covenant(world), kind="month", index=1)


def _period(world: Any) -> dict[str, Any]:
    return {"period_pk": _january(world).pk}


def _bpc_report(world: Any) -> Report:
    return Report.objects.get(period=_january(world), unit__code="BPC")


def _report(world: Any) -> dict[str, Any]:
    return {"pk": _bpc_report(world).pk}


def _october_2025_of_tay_ninh(world: Any) -> dict[str, Any]:
    period = Period.objects.get(
        covenant__cluster__year=2025, covenant__cluster__number=10, kind="month", index=10
    )
    return {"period_pk": period.pk, "unit_pk": world.users["cluster_officer"].unit_id}


def _bpc_in_january(world: Any) -> dict[str, Any]:
    return {"period_pk": _january(world).pk, "unit_pk": world.users["unit_officer"].unit_id}


def _row(world: Any) -> dict[str, Any]:
    criterion = _covenant(world).criteria.get(code="9")
    return {"row": f"{criterion.pk}.0"}


def _action(action: str) -> Any:
    def kwargs(world: Any) -> dict[str, Any]:
        return {"pk": _bpc_report(world).pk, "action": action}

    return kwargs


def _version(world: Any) -> dict[str, Any]:
    return {"version": _bpc_report(world).version}


def _evidence(world: Any) -> dict[str, Any]:
    """A file of Bình Phước's January, stored once for the module's world."""
    from django.core.files.base import ContentFile

    from thidua.reporting.models import Evidence

    report = _bpc_report(world)
    evidence = Evidence.objects.filter(report=report).first()
    if evidence is None:
        evidence = Evidence(
            report=report, original_name="bien-ban.pdf", content_type="application/pdf",
            size=len(PDF),
        )  # fmt: skip
        evidence.file.save("matrix.pdf", ContentFile(PDF), save=True)
    return {"evidence_pk": evidence.pk}


def _indicator(world: Any) -> dict[str, Any]:
    covenant = _covenant(world)
    return {
        "covenant_pk": covenant.pk,
        "unit_pk": world.users["unit_officer"].unit_id,
        "criterion_pk": covenant.criteria.get(code="9").pk,
    }


ROUTES = table(
    Route("reporting:home", SIGNED_IN),
    Route("reporting:covenant_reports", SEES, kwargs=_covenant_pk),
    Route("reporting:covenant_reports", SEES, kwargs=_covenant_pk, query="?view=results"),
    Route("reporting:periods_generate", RUNS, kwargs=_covenant_pk, method="POST"),
    Route("reporting:period_board", SEES, kwargs=_period),
    Route("reporting:report_start", SEES, kwargs=_bpc_in_january),
    Route("reporting:report_start", TNH_ENTERS, kwargs=_october_2025_of_tay_ninh, method="POST"),
    Route("reporting:report_detail", SEES, kwargs=_report),
    Route("reporting:report_figures", BPC_ENTERS, kwargs=_report, method="POST", data=_version),
    Route("reporting:figure_check", BPC_ENTERS, kwargs=_report, method="POST", data=_row),
    Route(
        "reporting:report_action",
        BPC_ENTERS,
        kwargs=_action("submit"),
        method="POST",
        data=_version,
    ),
    Route(
        "reporting:report_action", REVIEWS, kwargs=_action("approve"), method="POST", data=_version
    ),
    Route(
        "reporting:report_action", REVIEWS, kwargs=_action("return"), method="POST", data=_version
    ),
    Route("reporting:report_action", OFFICE, kwargs=_action("lock"), method="POST", data=_version),
    Route(
        "reporting:report_action", OFFICE, kwargs=_action("reopen"), method="POST", data=_version
    ),
    Route("reporting:evidence_upload", BPC_ENTERS, kwargs=_report, method="POST", data=_version),
    Route("reporting:evidence_download", SEES, kwargs=_evidence),
    Route("reporting:evidence_delete", BPC_ENTERS, kwargs=_evidence, method="POST"),
    Route("reporting:indicator", SEES, kwargs=_indicator),
    Route("reporting:report_xlsx", SEES, kwargs=_report),
    Route("reporting:report_import", BPC_ENTERS, kwargs=_report),
    Route("reporting:report_import", BPC_ENTERS, kwargs=_report, method="POST"),
    Route("reporting:period_xlsx", SEES, kwargs=_period),
    Route("reporting:period_import", MEMBERS_ENTER, kwargs=_period),
    Route("reporting:period_import", MEMBERS_ENTER, kwargs=_period, method="POST"),
)
