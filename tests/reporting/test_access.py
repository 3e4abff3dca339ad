"""Who sees which reports, and the accessor every page and API will use; evidence paths."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.reporting.world import FULL, World, build_world, file_report
from thidua.reporting import access
from thidua.reporting.models import Evidence, Report, ReportStatus, evidence_upload_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world: World) -> Report:
    return file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.DRAFT)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer:LAN", True),
        ("officer:BDG", True),  # members see their own cluster's reports
        ("leader:TNH", True),
        ("office", True),
        ("admin", True),
        ("outsider", False),
    ],
)
def test_it_shows_a_report_to_the_cluster_only(
    world: World, report: Report, who: str, sees: bool
) -> None:
    visible = access.reports_visible_to(world.users[who])

    assert list(visible) == ([report] if sees else [])


@pytest.mark.parametrize(
    ("who", "sees"), [("leader:BDG", True), ("office", True), ("outsider", False)]
)
def test_it_shows_the_clusters_board_to_its_members_and_office(
    world: World, who: str, sees: bool
) -> None:
    assert access.can_view_cluster_reports(world.users[who], world.cluster) is sees


def test_it_hides_a_report_from_another_cluster_behind_a_404(world: World, report: Report) -> None:
    other = build_world(year=2024, number=11, members=[("KHA", "Khánh Hòa")], head="KHA")

    with pytest.raises(Http404):
        access.get_report_for_user(other.officer("KHA"), report.pk)


@pytest.mark.parametrize(("who", "allowed"), [("officer:LAN", True), ("officer:TNH", False)])
def test_it_gives_the_report_for_writing_to_the_units_officer_only(
    world: World, report: Report, who: str, allowed: bool
) -> None:
    user: Any = world.users[who]

    if allowed:
        assert access.get_report_for_user(user, report.pk, write=True) == report
    else:
        with pytest.raises(PermissionDenied):
            access.get_report_for_user(user, report.pk, write=True)


@pytest.mark.parametrize(
    ("uploaded", "suffix"),
    [
        ("Báo cáo tháng 1.PDF", ".pdf"),
        ("../../thidua/settings.py", ""),
        ("bien-ban.pdf.exe", ""),
        ("C:\\Users\\canbo\\scan.jpeg", ".jpeg"),
    ],
)
def test_it_stores_evidence_under_a_name_of_its_own(
    report: Report, uploaded: str, suffix: str
) -> None:
    evidence = Evidence(report=report, original_name=uploaded, content_type="x", size=1)

    path = evidence_upload_to(evidence, uploaded)

    folder, name = path.rsplit("/", 1)
    assert folder == f"reporting/evidence/{report.pk}"
    assert len(name) == 32 + len(suffix)
    assert name.endswith(suffix)
    assert ".." not in path
