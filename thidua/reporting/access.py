"""Who may see, enter, review, lock and reopen periodic reports. Pages and API use only these.

- A report is the cluster's internal business: its members, the managing office and the
  administrators read it (thidua.covenants.access.clusters_with_internal_access).
- A unit's own emulation officers enter its figures and submit its reports.
- The officers of the cluster head (on the day of the review, within the cluster-year)
  approve or return reports, except their own unit's: the office reviews those. The
  emulation office managing the cluster reviews any report of it.
- Only the office locks a report, and only the office reopens a locked one (with a reason).
Administrators may do everything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.accounts.models import UserRole
from thidua.covenants.access import clusters_with_internal_access
from thidua.org import access as org_access
from thidua.org.models import Cluster, ClusterRole, RoleKind, Unit
from thidua.reporting.models import OFFICIAL_STATUSES, Report, ReportStatus


def reports_visible_to(user: Any) -> QuerySet[Report]:
    return Report.objects.filter(period__covenant__cluster__in=clusters_with_internal_access(user))


def can_view_cluster_reports(user: Any, cluster: Cluster) -> bool:
    return clusters_with_internal_access(user).filter(pk=cluster.pk).exists()


def get_report_for_user(user: Any, report_id: int, *, write: bool = False) -> Report:
    """The report if the user may read it (404 otherwise); with write=True, enter its figures."""
    report = (
        reports_visible_to(user)
        .select_related("period__covenant__cluster", "unit")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    if write and not can_edit_report(user, report):
        raise PermissionDenied
    return report


def is_unit_officer(user: Any, unit: Unit) -> bool:
    return bool(
        user.is_authenticated
        and user.unit_id is not None
        and user.unit_id == unit.pk
        and user.role == UserRole.OFFICER
    )


def can_enter_figures(user: Any, unit: Unit) -> bool:
    """Open, fill in and submit the unit's reports."""
    return org_access.is_admin(user) or is_unit_officer(user, unit)


def can_edit_report(user: Any, report: Report) -> bool:
    return can_enter_figures(user, report.unit)


def review_day(cluster: Cluster, today: dt.date | None = None) -> dt.date:
    """The day whose cluster head reviews: today, or the nearest day of the cluster-year."""
    day = today or timezone.localdate()
    return min(max(day, cluster.start), cluster.end)


def is_cluster_head_officer(user: Any, cluster: Cluster, on: dt.date | None = None) -> bool:
    """The user is an officer of the unit heading the cluster on `on` (default: review_day)."""
    if not user.is_authenticated or user.unit_id is None or user.role != UserRole.OFFICER:
        return False
    day = on or review_day(cluster)
    return ClusterRole.objects.filter(
        cluster=cluster,
        unit_id=user.unit_id,
        role=RoleKind.HEAD,
        start_date__lte=day,
        end_date__gte=day,
    ).exists()


def can_review_report(user: Any, report: Report, on: dt.date | None = None) -> bool:
    """Approve or return a submitted report."""
    cluster = report.period.covenant.cluster
    if org_access.can_manage_cluster(user, cluster):
        return True
    if is_unit_officer(user, report.unit):
        # The head's officers do not judge their own unit's figures.
        return False
    return is_cluster_head_officer(user, cluster, on)


def can_lock_report(user: Any, report: Report) -> bool:
    return org_access.can_manage_cluster(user, report.period.covenant.cluster)


def can_reopen_report(user: Any, report: Report) -> bool:
    return org_access.can_manage_cluster(user, report.period.covenant.cluster)


def report_permissions(user: Any, report: Report) -> dict[str, bool]:
    """What the user may do with the report now: its status gates each right."""
    editable = report.is_editable and can_edit_report(user, report)
    return {
        "can_edit": editable,
        "can_submit": editable,
        "can_review": report.status == ReportStatus.SUBMITTED and can_review_report(user, report),
        "can_lock": report.status == ReportStatus.APPROVED and can_lock_report(user, report),
        "can_reopen": report.status in OFFICIAL_STATUSES and can_reopen_report(user, report),
    }


def can_manage_periods(user: Any, cluster: Cluster) -> bool:
    """Create the covenant's reporting periods: whoever runs the cluster (head, deputy, office)."""
    return org_access.can_run_cluster(user, cluster)
