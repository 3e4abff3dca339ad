"""The reporting pages: lists, the board, the grid, the workflow, evidence, the chart."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reporting.world import FULL, World, file_report
from thidua.reporting import domain
from thidua.reporting.models import Evidence, Figure, PeriodKind, Report, ReportStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def draft(world: World, code: str = "LAN", month: int = 1) -> Report:
    return domain.report_open(
        period=world.month(month), unit=world.units[code], by=world.officer(code)
    )


def grid_post(report: Report, values: dict[str, str], version: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"version": report.version if version is None else version}
    data.update(values)
    return data


def key(world: World, code: str, part: int = 0) -> str:
    return f"{world.criteria[code].pk}.{part}"


# ---------------------------------------------------------------------------------------
# Lists


def test_it_lists_the_covenants_a_member_may_read(client: Any, world: World) -> None:
    response = login(client, world.officer("LAN")).get(reverse("reporting:home"))

    assert response.status_code == 200
    assert reverse("reporting:covenant_reports", args=[world.covenant.pk]) in response.text


def test_it_hides_another_clusters_covenant(client: Any, world: World) -> None:
    client = login(client, world.users["outsider"])

    listing = client.get(reverse("reporting:home"))
    page = client.get(reverse("reporting:covenant_reports", args=[world.covenant.pk]))

    assert reverse("reporting:covenant_reports", args=[world.covenant.pk]) not in listing.text
    assert page.status_code == 404


def test_it_shows_each_reports_state_in_the_matrix(client: Any, world: World) -> None:
    submitted = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = login(client, world.users["office"]).get(
        reverse("reporting:covenant_reports", args=[world.covenant.pk])
    )

    cell = f'data-testid="cell-{world.month(1).pk}-{world.units["LAN"].pk}"'
    assert cell in response.text
    after = response.text.split(cell, 1)[1][:600]
    assert reverse("reporting:report_detail", args=[submitted.pk]) in after
    assert 'data-status="submitted"' in after


def matrix_queries(client: Any, world: World) -> int:
    url = reverse("reporting:covenant_reports", args=[world.covenant.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_reads_the_matrix_in_a_fixed_number_of_queries(client: Any, world: World) -> None:
    client = login(client, world.users["office"])
    file_report(world, world.month(1), "LAN", FULL)
    few = matrix_queries(client, world)
    for month in (2, 3, 4):
        for code in ("LAN", "BDG"):
            file_report(world, world.month(month), code, FULL, until=ReportStatus.DRAFT)

    many = matrix_queries(client, world)

    assert many == few


def home_queries(client: Any) -> int:
    client.get(reverse("reporting:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reporting:home")).status_code == 200
    return len(queries)


def test_it_lists_covenants_in_a_fixed_number_of_queries(client: Any, db: None) -> None:
    from tests.reporting.world import build_world

    first = build_world(year=2024, number=10)
    client = login(client, first.users["admin"])
    few = home_queries(client)
    build_world(year=2024, number=12, members=(("HNI", "Hà Nội"), ("HPG", "Hải Phòng")), head="HNI")
    # Building the second world saves the administrator again, which ends the session.
    client.force_login(type(first.users["admin"]).objects.get(pk=first.users["admin"].pk))

    many = home_queries(client)

    assert many == few


def test_it_colours_each_target_by_its_result(client: Any, world: World) -> None:
    # Long An clears 9 cases of 10 in January (target: above 75%): exceeded;
    # Bình Dương 7 of 10: not met.
    file_report(world, world.month(1), "LAN", {**FULL, "1": (9, 10)})
    file_report(world, world.month(1), "BDG", {**FULL, "1": (7, 10)})

    response = login(client, world.users["office"]).get(
        reverse("reporting:covenant_reports", args=[world.covenant.pk]),
        {"view": "results", "as_of": world.month(1).pk},
    )

    assert response.status_code == 200
    lan = response.text.split('data-testid="result-1-LAN"', 1)[1][:400]
    bdg = response.text.split('data-testid="result-1-BDG"', 1)[1][:400]
    assert 'data-outcome="exceeded"' in lan
    assert "90%" in lan
    assert 'data-outcome="not_met"' in bdg
    assert "70%" in bdg


def test_it_refuses_a_period_of_another_covenant_as_the_results_date(
    client: Any, world: World
) -> None:
    response = login(client, world.users["office"]).get(
        reverse("reporting:covenant_reports", args=[world.covenant.pk]),
        {"view": "results", "as_of": 999_999},
    )

    assert response.status_code == 404


# ---------------------------------------------------------------------------------------
# The board and opening a report


def test_it_counts_submitted_and_late_units_on_the_board(client: Any, world: World) -> None:
    file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = login(client, world.officer("TNH")).get(
        reverse("reporting:period_board", args=[world.month(1).pk])
    )

    assert response.status_code == 200
    # January 2024's deadline (5/2/2024) is long past: Tây Ninh and Bình Dương are late.
    assert 'data-testid="count-submitted">1/3<' in response.text
    assert 'data-testid="count-late">2<' in response.text


def test_it_opens_the_units_report_for_its_officer(client: Any, world: World) -> None:
    url = reverse("reporting:report_start", args=[world.month(2).pk, world.units["LAN"].pk])

    response = login(client, world.officer("LAN")).post(url)

    report = Report.objects.get(period=world.month(2), unit=world.units["LAN"])
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report_detail", args=[report.pk])


def test_it_refuses_to_open_another_units_report(client: Any, world: World) -> None:
    url = reverse("reporting:report_start", args=[world.month(2).pk, world.units["LAN"].pk])

    response = login(client, world.officer("BDG")).post(url)

    assert response.status_code == 403
    assert not Report.objects.filter(unit=world.units["LAN"]).exists()


# ---------------------------------------------------------------------------------------
# The grid


def test_it_shows_inputs_to_the_units_officer_only(client: Any, world: World) -> None:
    report = draft(world)
    url = reverse("reporting:report_detail", args=[report.pk])

    own = login(client, world.officer("LAN")).get(url)
    leader = login(client, world.users["leader:LAN"]).get(url)

    assert f'name="{key(world, "2")}.value"' in own.text
    assert leader.status_code == 200
    assert f'name="{key(world, "2")}.value"' not in leader.text


def test_it_saves_the_grid_written_the_vietnamese_way(client: Any, world: World) -> None:
    report = draft(world)
    data = grid_post(
        report,
        {
            f"{key(world, '1')}.numerator": "1.108",
            f"{key(world, '1')}.denominator": "1.160",
            f"{key(world, '2')}.value": "2.662",
            f"{key(world, '2')}.comment": "Lũy kế theo Công văn 12",
        },
    )

    response = login(client, world.officer("LAN")).post(
        reverse("reporting:report_figures", args=[report.pk]), data
    )

    assert response.status_code == 302
    rate = Figure.objects.get(report=report, criterion=world.criteria["1"])
    count = Figure.objects.get(report=report, criterion=world.criteria["2"])
    assert (rate.numerator, rate.denominator) == (Decimal(1108), Decimal(1160))
    assert count.value == Decimal(2662)
    assert count.comment == "Lũy kế theo Công văn 12"


def test_it_saves_nothing_when_one_cell_is_wrong(client: Any, world: World) -> None:
    report = draft(world)
    data = grid_post(
        report,
        {
            f"{key(world, '2')}.value": "12",
            f"{key(world, '1')}.numerator": "11",
            f"{key(world, '1')}.denominator": "10",
            f"{key(world, '3')}.value": "-4",
        },
    )

    response = login(client, world.officer("LAN")).post(
        reverse("reporting:report_figures", args=[report.pk]), data
    )

    assert response.status_code == 400
    assert "không được lớn hơn mẫu số" in response.text
    assert "không được âm" in response.text
    assert not Figure.objects.filter(report=report).exists()
    assert Report.objects.get(pk=report.pk).version == report.version


def test_it_tells_the_second_writer_about_the_conflict(client: Any, world: World) -> None:
    report = draft(world)
    stale = report.version
    domain.report_figures_save(
        report=report,
        by=world.officer("LAN"),
        expected_version=stale,
        entries=[domain.FigureInput(criterion=world.criteria["2"], value=5)],
    )

    response = login(client, world.officer("LAN")).post(
        reverse("reporting:report_figures", args=[report.pk]),
        grid_post(report, {f"{key(world, '2')}.value": "99"}, version=stale),
    )

    assert response.status_code == 409
    assert 'data-testid="conflict"' in response.text
    assert Figure.objects.get(report=report, criterion=world.criteria["2"]).value == 5
    # What the user typed is still in the grid.
    assert 'value="99"' in response.text


def test_it_returns_the_grid_alone_to_htmx(client: Any, world: World) -> None:
    report = draft(world)

    response = login(client, world.officer("LAN")).post(
        reverse("reporting:report_figures", args=[report.pk]),
        grid_post(report, {f"{key(world, '2')}.value": "7"}),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="grid-form"')
    assert 'data-testid="saved"' in response.text


def test_it_checks_one_row_without_saving(client: Any, world: World) -> None:
    report = draft(world)
    row = key(world, "1")

    response = login(client, world.officer("LAN")).post(
        reverse("reporting:figure_check", args=[report.pk]),
        {"row": row, f"{row}.numerator": "12", f"{row}.denominator": "10"},
    )

    assert response.status_code == 200
    assert "không được lớn hơn mẫu số" in response.text
    assert not Figure.objects.filter(report=report).exists()


def test_it_refuses_the_grid_to_another_units_officer(client: Any, world: World) -> None:
    report = draft(world)

    response = login(client, world.officer("BDG")).post(
        reverse("reporting:report_figures", args=[report.pk]),
        grid_post(report, {f"{key(world, '2')}.value": "7"}),
    )

    assert response.status_code == 403
    assert not Figure.objects.filter(report=report).exists()


def test_it_keeps_a_typed_in_baseline_the_grid_does_not_show(client: Any, world: World) -> None:
    report = draft(world)
    domain.report_figures_save(
        report=report,
        by=world.officer("LAN"),
        expected_version=report.version,
        entries=[domain.FigureInput(criterion=world.criteria["3"], value=90, baseline_value=100)],
    )
    report.refresh_from_db()

    login(client, world.officer("LAN")).post(
        reverse("reporting:report_figures", args=[report.pk]),
        grid_post(report, {f"{key(world, '3')}.value": "88"}),
    )

    figure = Figure.objects.get(report=report, criterion=world.criteria["3"])
    assert (figure.value, figure.baseline_value) == (Decimal(88), Decimal(100))


# ---------------------------------------------------------------------------------------
# The workflow


def act(client: Any, user: Any, report: Report, action: str, **data: Any) -> Any:
    report.refresh_from_db()
    return login(client, user).post(
        reverse("reporting:report_action", args=[report.pk, action]),
        {"version": report.version, **data},
        follow=True,
    )


def test_it_takes_a_report_from_draft_to_locked(client: Any, world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.DRAFT)

    act(client, world.officer("LAN"), report, "submit")
    returned = act(client, world.officer("TNH"), report, "return", reason="Thiếu số liệu ma túy")
    act(client, world.officer("LAN"), report, "submit")
    act(client, world.officer("TNH"), report, "approve")
    act(client, world.users["office"], report, "lock")

    report.refresh_from_db()
    assert "Thiếu số liệu ma túy" in returned.text
    assert report.status == ReportStatus.LOCKED
    assert report.reviewed_by == world.officer("TNH")
    assert report.locked_by == world.users["office"]


def test_it_refuses_a_return_without_a_reason(client: Any, world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = act(client, world.officer("TNH"), report, "return", reason="  ")

    report.refresh_from_db()
    assert "Hãy ghi lý do trả lại báo cáo." in response.text
    assert report.status == ReportStatus.SUBMITTED


def test_it_lets_only_the_office_reopen_a_locked_report(client: Any, world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.LOCKED)

    refused = act(client, world.officer("TNH"), report, "reopen", reason="Sửa số liệu")
    report.refresh_from_db()
    status_after_refusal = report.status
    act(client, world.users["office"], report, "reopen", reason="Sửa số liệu tháng 1")

    report.refresh_from_db()
    assert "Chỉ cơ quan thường trực" in refused.text
    assert status_after_refusal == ReportStatus.LOCKED
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "Sửa số liệu tháng 1"


def test_it_does_not_let_the_head_approve_its_own_units_report(client: Any, world: World) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=ReportStatus.SUBMITTED)

    response = act(client, world.officer("TNH"), report, "approve")

    report.refresh_from_db()
    assert "không tự duyệt" in response.text
    assert report.status == ReportStatus.SUBMITTED


def test_it_refuses_a_stale_workflow_step(client: Any, world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = login(client, world.users["office"]).post(
        reverse("reporting:report_action", args=[report.pk, "approve"]),
        {"version": report.version - 1},
        follow=True,
    )

    report.refresh_from_db()
    assert "Thay đổi của bạn chưa được lưu" in response.text
    assert report.status == ReportStatus.SUBMITTED


def test_it_hides_a_report_from_another_cluster(client: Any, world: World) -> None:
    report = draft(world)

    response = login(client, world.users["outsider"]).get(
        reverse("reporting:report_detail", args=[report.pk])
    )

    assert response.status_code == 404


# ---------------------------------------------------------------------------------------
# Evidence


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client: Any, report: Report, name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    report.refresh_from_db()
    return client.post(
        reverse("reporting:evidence_upload", args=[report.pk]),
        {"version": report.version, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_it_stores_evidence_and_streams_it_to_members(
    client: Any, world: World, media: Any
) -> None:
    report = draft(world)
    upload(login(client, world.officer("LAN")), report, "../../bien-ban.pdf", PDF)

    evidence = Evidence.objects.get(report=report)
    member = login(client, world.officer("TNH")).get(
        reverse("reporting:evidence_download", args=[evidence.pk])
    )
    outsider = login(client, world.users["outsider"]).get(
        reverse("reporting:evidence_download", args=[evidence.pk])
    )

    assert evidence.original_name == "bien-ban.pdf"
    assert ".." not in str(evidence.file.name)
    assert member.status_code == 200
    assert b"".join(member.streaming_content) == PDF
    assert member["X-Content-Type-Options"] == "nosniff"
    assert outsider.status_code == 404


def test_it_refuses_a_file_that_is_not_what_its_name_says(
    client: Any, world: World, media: Any
) -> None:
    report = draft(world)

    response = upload(login(client, world.officer("LAN")), report, "bao-cao.pdf", b"MZ\x90\x00")

    assert "không phải là tệp .pdf" in response.text
    assert not Evidence.objects.exists()


def test_it_refuses_evidence_on_a_submitted_report(client: Any, world: World, media: Any) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = upload(login(client, world.officer("LAN")), report, "a.pdf", PDF)

    assert "đã nộp" in response.text
    assert not Evidence.objects.exists()


def test_it_removes_evidence_and_keeps_its_history(client: Any, world: World, media: Any) -> None:
    report = draft(world)
    client = login(client, world.officer("LAN"))
    upload(client, report, "a.pdf", PDF)
    evidence = Evidence.objects.get()
    report.refresh_from_db()

    client.post(
        reverse("reporting:evidence_delete", args=[evidence.pk]), {"version": report.version}
    )

    assert not Evidence.objects.exists()
    assert Evidence.history.filter(id=evidence.pk, history_type="-").exists()


# ---------------------------------------------------------------------------------------
# The indicator page


def test_it_charts_the_year_to_date_against_the_target(client: Any, world: World) -> None:
    file_report(world, world.month(1), "LAN", {**FULL, "2": 12})
    file_report(world, world.month(2), "LAN", {**FULL, "2": 30})

    response = login(client, world.officer("TNH")).get(
        reverse(
            "reporting:indicator",
            args=[world.covenant.pk, world.units["LAN"].pk, world.criteria["2"].pk],
        )
    )

    assert response.status_code == 200
    data = json.loads(
        response.text.split('id="chart-data-0" type="application/json">', 1)[1].split("</script>")[
            0
        ]
    )
    assert data["actual"][:3] == [12.0, 30.0, None]
    assert data["actual_ytd"][:2] == [12.0, 42.0]
    assert data["target"][0] == 120.0


def test_it_refuses_the_indicator_of_a_unit_outside_the_cluster(client: Any, world: World) -> None:
    outsider_unit = world.users["outsider"].unit

    response = login(client, world.users["office"]).get(
        reverse(
            "reporting:indicator",
            args=[world.covenant.pk, outsider_unit.pk, world.criteria["2"].pk],
        )
    )

    assert response.status_code == 404


def test_it_generates_periods_only_for_those_running_the_cluster(client: Any, db: None) -> None:
    from tests.reporting.world import build_world
    from thidua.reporting.models import Period

    world = build_world()
    Report.objects.all().delete()
    Period.objects.filter(covenant=world.covenant).delete()
    url = reverse("reporting:periods_generate", args=[world.covenant.pk])

    refused = login(client, world.officer("LAN")).post(url)
    done = login(client, world.officer("TNH")).post(url, {"deadline_day": "10"})

    assert refused.status_code == 403
    assert done.status_code == 302
    january = Period.objects.get(covenant=world.covenant, kind=PeriodKind.MONTH, index=1)
    assert january.deadline.isoformat() == "2024-02-10"


def test_it_keeps_a_long_return_reason_whole_on_the_report(client: Any, world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    reason = "Số liệu tháng 1 chưa khớp với báo cáo ngành; " * 8

    act(client, world.officer("TNH"), report, "return", reason=reason)

    report.refresh_from_db()
    last = report.history.first()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == reason.strip()
    # The history column holds 100 characters (PostgreSQL refuses more): shortened there.
    assert last is not None
    assert len(last.history_change_reason or "") == 100
