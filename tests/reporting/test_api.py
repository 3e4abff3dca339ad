"""The reporting API under /api/v1/reports/: reports, figures, workflow, statuses, board.

The same rules as the domain and the pages: who may do what, every bad input refused with
nothing saved, a stale version refused with 409, errors in the common format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from tests.reporting.world import FULL, World, build_world, file_report
from thidua.covenants import domain as covenants
from thidua.covenants.domain import Shape
from thidua.covenants.models import CriterionKind
from thidua.org import domain as org
from thidua.org.models import LineageKind
from thidua.reporting.models import Figure, PeriodKind, Report, ReportStatus

pytestmark = pytest.mark.django_db

FORBIDDEN = {
    "error": {"code": "permission_denied", "message": "Bạn không có quyền thực hiện thao tác này."}
}
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy dữ liệu bạn yêu cầu."}}
NOT_A_NUMBER = (
    "Cần một số, viết như 1438 hoặc 93.5 (dấu chấm thập phân, không có dấu phân cách hàng nghìn)."
)


def invalid(fields: dict[str, list[str]]) -> dict[str, Any]:
    return {"error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}}


def client_for(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        # A second world re-creates the shared users (office, administrator): their
        # password, hence their session hash, is the database's.
        user.refresh_from_db()
        client.force_login(user)
    return client


def as_(world: World, who: str) -> APIClient:
    return client_for(world.users[who])


def url(report: Report, action: str = "") -> str:
    return f"/api/v1/reports/{report.pk}/" + (f"{action}/" if action else "")


def ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def state(report: Report) -> tuple[int, int, str, list[tuple[Any, ...]]]:
    """Everything a refused write must leave as it was."""
    report.refresh_from_db()
    figures = list(
        Figure.objects.filter(report=report)
        .order_by("criterion_id", "part")
        .values_list("criterion_id", "part", "value", "numerator", "denominator", "comment")
    )
    return (len(figures), report.version, report.status, figures)


def draft(world: World, code: str = "TNH", period: Any = None) -> Report:
    return file_report(world, period or world.month(1), code, {}, until=ReportStatus.DRAFT)


def put_figures(
    client: APIClient, report: Report, figures: list[dict[str, Any]], version: int | None = None
) -> Any:
    body = {"version": report.version if version is None else version, "figures": figures}
    return client.put(url(report, "figures"), body, format="json")


def full_figures(world: World) -> list[dict[str, Any]]:
    """FULL of tests/reporting/world.py as the API takes it."""
    c = world.criteria
    return [
        {"criterion": c["1"].pk, "numerator": 8, "denominator": 10},
        {"criterion": c["2"].pk, "value": 12},
        {"criterion": c["3"].pk, "value": "90"},
        {"criterion": c["4"].pk, "part": 0, "value": 20},
        {"criterion": c["4"].pk, "part": 1, "value": 3},
    ]


# ---------------------------------------------------------------------------------------
# The list


def test_it_lists_the_reports_of_the_users_own_cluster(world: World) -> None:
    other = build_world(number=11, members=(("BPC", "Bình Phước"), ("DNI", "Đồng Nai")), head="BPC")
    ours = file_report(world, world.month(1), "LAN", FULL)
    theirs = file_report(other, other.month(1), "BPC", FULL)

    assert ids(as_(world, "officer:TNH").get("/api/v1/reports/")) == [ours.pk]
    assert ids(as_(world, "leader:TNH").get("/api/v1/reports/")) == [ours.pk]
    assert ids(client_for(other.officer("BPC")).get("/api/v1/reports/")) == [theirs.pk]
    assert sorted(ids(as_(world, "office").get("/api/v1/reports/"))) == [ours.pk, theirs.pk]
    assert sorted(ids(as_(world, "admin").get("/api/v1/reports/"))) == [ours.pk, theirs.pk]
    assert as_(world, "outsider").get("/api/v1/reports/").json()["count"] == 0


def test_it_describes_each_report_with_its_period(world: World) -> None:
    report = file_report(world, world.month(2), "LAN", FULL, until=ReportStatus.SUBMITTED)

    item = as_(world, "officer:TNH").get("/api/v1/reports/").json()["results"][0]

    period = world.month(2)
    assert item["period"] == {
        "id": period.pk,
        "covenant": world.covenant.pk,
        "kind": "month",
        "kind_display": "Tháng",
        "index": 2,
        "year": 2024,
        "label": "Tháng 2/2024",
        "start": "2024-02-01",
        "end": "2024-02-29",
        "deadline": "2024-03-05",
    }
    assert item["unit"]["code"] == "LAN"
    assert (item["id"], item["covenant"], item["cluster"]) == (
        report.pk,
        world.covenant.pk,
        world.cluster.pk,
    )
    assert (item["status"], item["status_display"], item["version"]) == (
        "submitted",
        "Đã nộp, chờ duyệt",
        report.version,
    )
    assert item["submitted_at"] is not None
    assert item["submitted_by"] == world.officer("LAN").pk
    assert (item["figure_count"], item["is_editable"], item["late"]) == (5, False, False)


def test_it_says_a_draft_past_its_deadline_is_late(world: World) -> None:
    draft(world)

    item = as_(world, "officer:TNH").get("/api/v1/reports/").json()["results"][0]

    assert (item["status"], item["late"], item["is_editable"]) == ("draft", True, True)


def test_it_filters_the_list(world: World) -> None:
    january_lan = file_report(world, world.month(1), "LAN", FULL)
    january_tnh = draft(world, "TNH")
    february_lan = draft(world, "LAN", world.month(2))
    next_year = build_world(year=2025)
    other_year = draft(next_year, "LAN")
    client = as_(world, "admin")

    def found(**query: int | str) -> list[int]:
        return sorted(ids(client.get("/api/v1/reports/", query)))

    assert found(period=world.month(1).pk) == sorted([january_lan.pk, january_tnh.pk])
    assert found(unit=world.units["LAN"].pk, year=2024) == sorted([january_lan.pk, february_lan.pk])
    assert found(status="draft", covenant=world.covenant.pk) == sorted(
        [january_tnh.pk, february_lan.pk]
    )
    assert found(year=2025) == [other_year.pk]


def test_it_refuses_an_unknown_status_filter(world: World) -> None:
    response = as_(world, "admin").get("/api/v1/reports/", {"status": "done", "year": "x"})

    assert response.status_code == 400
    assert response.json() == invalid(
        {"status": ["“done” không phải là giá trị hợp lệ."], "year": ["Cần một số nguyên."]}
    )


def _list_queries(world: World, months: int) -> int:
    for month in range(1, months + 1):
        for code in ("TNH", "LAN", "BDG"):
            file_report(world, world.month(month), code, FULL)
    client = as_(world, "officer:TNH")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/reports/")
    assert response.json()["count"] == 3 * months
    return len(queries)


def test_it_lists_any_number_of_reports_in_the_same_number_of_queries(world: World) -> None:
    few = _list_queries(world, 1)
    Figure.objects.all().delete()
    Report.objects.all().delete()
    many = _list_queries(world, 4)

    assert few == many
    assert many <= 4


# ---------------------------------------------------------------------------------------
# Opening a report


def _open(client: APIClient, world: World, code: str = "TNH", **extra: Any) -> Any:
    unit = world.units[code] if code in world.units else world.users["outsider"].unit
    body = {"period": world.month(1).pk, "unit": unit.pk, **extra}
    return client.post("/api/v1/reports/", body, format="json")


def test_it_opens_a_draft_then_gives_the_same_report_again(world: World) -> None:
    client = as_(world, "officer:TNH")

    first = _open(client, world)
    again = _open(client, world, covenant=world.covenant.pk)

    assert first.status_code == 201
    assert (first.json()["status"], first.json()["version"]) == ("draft", 1)
    assert first.json()["unit"]["code"] == "TNH"
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 1


def test_it_lets_an_administrator_open_a_units_report(world: World) -> None:
    assert _open(as_(world, "admin"), world, "LAN").status_code == 201


@pytest.mark.parametrize("who", ["officer:LAN", "leader:TNH", "office", "outsider"])
def test_it_lets_nobody_else_open_a_units_report(world: World, who: str) -> None:
    response = _open(as_(world, who), world, "TNH")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert Report.objects.count() == 0


def test_it_refuses_a_unit_outside_the_cluster(world: World) -> None:
    response = _open(as_(world, "admin"), world, "DNG")

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "unit": [
                "Đà Nẵng không phải thành viên của Cụm thi đua số 10 (2024) trong kỳ Tháng "
                "1/2024 nên không báo cáo kỳ này."
            ]
        }
    )
    assert Report.objects.count() == 0


def test_it_refuses_a_period_outside_the_covenant(world: World) -> None:
    other = build_world(year=2025)

    response = _open(as_(world, "officer:TNH"), world, covenant=other.covenant.pk)

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "period": [
                f"Kỳ báo cáo Tháng 1/2024 không thuộc giao ước {other.covenant}.",
            ]
        }
    )
    assert Report.objects.count() == 0


def test_it_refuses_a_period_the_user_cannot_see(world: World) -> None:
    other = build_world(number=11, members=(("DNG", "Đà Nẵng"), ("DNI", "Đồng Nai")), head="DNG")
    body = {"period": other.month(1).pk, "unit": world.units["TNH"].pk}

    response = as_(world, "officer:TNH").post("/api/v1/reports/", body, format="json")

    assert response.status_code == 400
    assert response.json() == invalid(
        {"period": [f"Không tìm thấy kỳ báo cáo có id {other.month(1).pk}."]}
    )


def test_it_refuses_an_opening_without_a_period_or_a_known_unit(world: World) -> None:
    response = as_(world, "officer:TNH").post("/api/v1/reports/", {"unit": 999999}, format="json")

    assert response.status_code == 400
    assert response.json() == invalid(
        {"period": ["Trường này là bắt buộc."], "unit": ["Không tìm thấy đơn vị có id 999999."]}
    )


# ---------------------------------------------------------------------------------------
# A report and its figure rows


def test_it_shows_a_report_with_one_row_per_measure(world: World) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=ReportStatus.DRAFT)

    body = as_(world, "officer:TNH").get(url(report)).json()

    rows = {(r["criterion"]["code"], r["part"]): r for r in body["figures"]}
    assert list(rows) == [("1", 0), ("2", 0), ("3", 0), ("4", 0), ("4", 1)]
    clearance = rows[("1", 0)]
    assert clearance["criterion"] == {
        "id": world.criteria["1"].pk,
        "code": "1",
        "title": "Tỷ lệ điều tra, khám phá án",
    }
    assert clearance["measure"] == {
        "part": 0,
        "is_rate": True,
        "name_vi": "tỷ lệ điều tra, khám phá án",
        "name_en": "the case clearance rate",
        "indicator": "dtkp",
    }
    assert (clearance["required"], clearance["entered"], clearance["measure_count"]) == (
        True,
        True,
        1,
    )
    assert (clearance["value"], clearance["numerator"], clearance["denominator"]) == (
        None,
        "8",
        "10",
    )
    assert clearance["effective"]["percent"] == "80"
    deaths = rows[("4", 1)]
    assert (deaths["measure"]["name_vi"], deaths["value"], deaths["measure_count"]) == (
        "số người chết do tai nạn giao thông",
        "3",
        2,
    )
    assert (deaths["baseline"]["year"], deaths["baseline"]["source"]) == (2023, None)
    assert body["permissions"] == {
        "can_edit": True,
        "can_submit": True,
        "can_review": False,
        "can_lock": False,
        "can_reopen": False,
    }


def test_it_adds_up_the_months_for_a_quarter_without_its_own_figures(world: World) -> None:
    for month in (1, 2, 3):
        file_report(world, world.month(month), "TNH", FULL)
    quarter = draft(world, "TNH", world.period(PeriodKind.QUARTER, 1))

    rows = as_(world, "officer:TNH").get(url(quarter)).json()["figures"]

    rehab = next(r for r in rows if r["criterion"]["code"] == "2")
    assert (rehab["entered"], rehab["value"]) == (False, None)
    assert rehab["effective"]["value"] == "36"
    assert rehab["effective"]["is_aggregate"] is True
    assert rehab["effective"]["complete"] is True
    assert rehab["effective"]["pieces"] == [
        {"first": 1, "last": 1},
        {"first": 2, "last": 2},
        {"first": 3, "last": 3},
    ]


def test_it_shows_the_report_read_only_to_the_leader(world: World) -> None:
    report = draft(world)

    response = as_(world, "leader:TNH").get(url(report))

    assert response.status_code == 200
    assert not any(response.json()["permissions"].values())


def test_it_tells_the_cluster_head_officer_it_may_review(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    permissions = as_(world, "officer:TNH").get(url(report)).json()["permissions"]

    assert permissions == {
        "can_edit": False,
        "can_submit": False,
        "can_review": True,
        "can_lock": False,
        "can_reopen": False,
    }


def test_it_hides_another_clusters_report_behind_a_404(world: World) -> None:
    other = build_world(number=11, members=(("BPC", "Bình Phước"), ("DNI", "Đồng Nai")), head="BPC")
    report = file_report(world, world.month(1), "LAN", FULL)

    for who in (other.officer("BPC"), world.users["outsider"]):
        for action in ("", "evaluations"):
            response = client_for(who).get(url(report, action))
            assert (response.status_code, response.json()) == (404, NOT_FOUND)


def _detail_queries(world: World, months: int) -> int:
    for month in range(1, months + 1):
        file_report(world, world.month(month), "TNH", FULL)
    quarter = file_report(
        world, world.period(PeriodKind.QUARTER, 1), "TNH", {"2": 30}, until=ReportStatus.DRAFT
    )
    client = as_(world, "officer:TNH")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(quarter)).status_code == 200
    return len(queries)


def test_it_shows_a_report_in_the_same_number_of_queries_whatever_it_holds(world: World) -> None:
    few = _detail_queries(world, 1)
    Figure.objects.all().delete()
    Report.objects.all().delete()
    for number in range(6, 12):
        covenants.criterion_add(
            covenant=world.covenant, parent=None, code=str(number), title=f"Chỉ tiêu {number}",
            kind=CriterionKind.QUANTITATIVE, max_points=Decimal(10),
            target=covenants.build_target(
                shape=Shape.AT_LEAST, indicators=[world.indicators["cai-nghien"]], number=5
            ),
            indicators=[world.indicators["cai-nghien"]],
        )  # fmt: skip
    many = _detail_queries(world, 3)

    assert few == many
    assert many <= 10


# ---------------------------------------------------------------------------------------
# Saving figures


def test_it_saves_the_figures_and_gives_the_new_version(world: World) -> None:
    report = draft(world)

    response = put_figures(as_(world, "officer:TNH"), report, full_figures(world))

    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["figure_count"]) == (2, 5)
    rows = {(r["criterion"]["code"], r["part"]): r for r in body["figures"]}
    assert (rows[("1", 0)]["numerator"], rows[("1", 0)]["denominator"]) == ("8", "10")
    assert [rows[k]["value"] for k in [("2", 0), ("3", 0), ("4", 0), ("4", 1)]] == [
        "12",
        "90",
        "20",
        "3",
    ]
    assert state(report)[:3] == (5, 2, "draft")


def test_it_reads_plain_decimals_and_keeps_them_exact(world: World) -> None:
    report = draft(world)
    rehab = world.criteria["2"].pk

    response = put_figures(
        as_(world, "officer:TNH"),
        report,
        [{"criterion": rehab, "value": 12.5, "comment": "Ước tính"}],
    )

    row = next(r for r in response.json()["figures"] if r["criterion"]["id"] == rehab)
    assert (row["value"], row["comment"]) == ("12.5", "Ước tính")
    assert Figure.objects.get(report=report).value == 12.5


def test_it_changes_only_the_figures_listed_and_removes_an_emptied_one(world: World) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=ReportStatus.DRAFT)
    c = world.criteria
    body = {
        "version": report.version,
        "figures": [
            {"criterion": c["2"].pk, "value": 15},
            {"criterion": c["3"].pk, "value": None, "comment": ""},
        ],
        "reason": "Sửa theo số liệu mới",
    }

    response = as_(world, "officer:TNH").patch(url(report, "figures"), body, format="json")

    assert response.status_code == 200
    stored = {f.criterion.code: f for f in Figure.objects.filter(report=report, part=0)}
    assert sorted(stored) == ["1", "2", "4"]
    assert stored["2"].value == 15
    assert stored["2"].history.latest().history_change_reason == "Sửa theo số liệu mới"


@pytest.mark.parametrize(
    ("method", "kept"),
    [("patch", (88, 95, "Số liệu tạm tính")), ("put", (88, None, ""))],
)
def test_it_keeps_the_fields_left_out_on_patch_only(
    world: World, method: str, kept: tuple[Any, ...]
) -> None:
    crimes = {"value": 90, "baseline_value": 95, "comment": "Số liệu tạm tính"}
    report = file_report(world, world.month(1), "TNH", {"3": crimes}, until=ReportStatus.DRAFT)
    body = {
        "version": report.version,
        "figures": [{"criterion": world.criteria["3"].pk, "value": 88}],
    }

    response = getattr(as_(world, "officer:TNH"), method)(
        url(report, "figures"), body, format="json"
    )

    assert response.status_code == 200
    figure = Figure.objects.get(report=report)
    assert (figure.value, figure.baseline_value, figure.comment) == kept


def test_it_lets_an_administrator_save_figures(world: World) -> None:
    report = draft(world)

    assert put_figures(as_(world, "admin"), report, full_figures(world)).status_code == 200


@pytest.mark.parametrize("who", ["officer:LAN", "leader:TNH", "office"])
def test_it_refuses_figures_from_anybody_but_the_units_officers(world: World, who: str) -> None:
    report = draft(world)
    before = state(report)

    response = put_figures(as_(world, who), report, full_figures(world))

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert state(report) == before


def test_it_hides_the_report_from_an_outsider_who_writes(world: World) -> None:
    report = draft(world)
    before = state(report)

    response = put_figures(as_(world, "outsider"), report, full_figures(world))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert state(report) == before


def _entry(criterion: str, **fields: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"criterion": world.criteria[criterion].pk, **fields}


BAD_FIGURES: list[tuple[str, list[Callable[[World], dict[str, Any]]], dict[str, list[str]]]] = [
    (
        "negative count",
        [_entry("2", value=-3)],
        {"figures.0.value": ["Số lượng của tiêu chí 2 không được âm (đã nhập -3)."]},
    ),
    (
        "negative numerator",
        [_entry("1", numerator="-1", denominator=10)],
        {"figures.0.numerator": ["Tử số của tiêu chí 1 không được âm (đã nhập -1)."]},
    ),
    (
        "numerator above denominator",
        [_entry("2", value=12), _entry("1", numerator=11, denominator=10)],
        {"figures.1.numerator": ["Tiêu chí 1: tử số (11) không được lớn hơn mẫu số (10)."]},
    ),
    ("text in a number cell", [_entry("2", value="mười hai")], {"figures.0.value": [NOT_A_NUMBER]}),
    ("Vietnamese notation", [_entry("2", value="1.234,5")], {"figures.0.value": [NOT_A_NUMBER]}),
    ("a boolean", [_entry("2", value=True)], {"figures.0.value": [NOT_A_NUMBER]}),
    ("a list", [_entry("2", value=[1])], {"figures.0.value": [NOT_A_NUMBER]}),
    (
        "too many decimal places",
        [_entry("2", value="1.23456")],
        {"figures.0.value": ["Số lượng của tiêu chí 2 có quá 4 chữ số thập phân."]},
    ),
    (
        "a count for a rate",
        [_entry("1", value=8)],
        {
            "figures.0.value": [
                "Tiêu chí 1 đo tỷ lệ (tỷ lệ điều tra, khám phá án): hãy nhập tử số và mẫu số "
                "thay cho một số lượng."
            ]
        },
    ),
    (
        "a numerator without its denominator",
        [_entry("1", numerator=8)],
        {"figures.0.denominator": ["Tiêu chí 1 đo tỷ lệ: hãy nhập cả tử số và mẫu số."]},
    ),
    (
        "a qualitative criterion",
        [_entry("5", value=1)],
        {
            "figures.0.criterion": [
                "Tiêu chí 5 không phải tiêu chí định lượng nên không nhập số liệu."
            ]
        },
    ),
    (
        "a part the criterion does not have",
        [_entry("2", part=1, value=1)],
        {"figures.0.part": ["Tiêu chí 2 không có chỉ số thứ 2."]},
    ),
    (
        "the same measure twice",
        [_entry("2", value=1), _entry("2", value=2)],
        {"figures.1.part": ["Số liệu của tiêu chí 2 (chỉ số thứ 1) được nhập hai lần."]},
    ),
    (
        "a criterion id of no criterion",
        [lambda world: {"criterion": 987654, "value": 1}],
        {
            "figures.0.criterion": [
                "Giao ước của kỳ báo cáo Tháng 1/2024 không có tiêu chí có id 987654."
            ]
        },
    ),
    (
        "a negative part",
        [_entry("2", part=-1, value=1)],
        {"figures.0.part": ["Phải lớn hơn hoặc bằng 0."]},
    ),
]


@pytest.mark.parametrize(
    ("figures", "fields"),
    [(figures, fields) for _name, figures, fields in BAD_FIGURES],
    ids=[name for name, _figures, _fields in BAD_FIGURES],
)
def test_it_refuses_bad_figures_and_saves_none_of_them(
    world: World,
    figures: list[Callable[[World], dict[str, Any]]],
    fields: dict[str, list[str]],
) -> None:
    report = file_report(world, world.month(1), "TNH", {"2": 7}, until=ReportStatus.DRAFT)
    before = state(report)

    response = put_figures(as_(world, "officer:TNH"), report, [f(world) for f in figures])

    assert response.status_code == 400
    assert response.json() == invalid(fields)
    assert state(report) == before


def test_it_refuses_a_criterion_of_another_covenant(world: World) -> None:
    other = build_world(year=2025)
    report = draft(world)
    before = state(report)
    foreign = other.criteria["2"].pk

    response = put_figures(as_(world, "officer:TNH"), report, [{"criterion": foreign, "value": 3}])

    assert response.json() == invalid(
        {
            "figures.0.criterion": [
                f"Giao ước của kỳ báo cáo Tháng 1/2024 không có tiêu chí có id {foreign}."
            ]
        }
    )
    assert state(report) == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"figures": []}, {"version": ["Trường này là bắt buộc."]}),
        ({"version": "hai", "figures": []}, {"version": ["Cần một số nguyên."]}),
        (
            {"version": 1, "figures": {"criterion": 1}},
            {"figures.non_field_errors": ["Cần một danh sách, nhận được dict."]},
        ),
        (
            {"version": 1, "figures": ["12"]},
            {
                "figures.0.non_field_errors": [
                    "Dữ liệu gửi lên phải là một đối tượng JSON, nhận được str."
                ]
            },
        ),
    ],
    ids=["no version", "version not a number", "figures not a list", "figure not an object"],
)
def test_it_refuses_a_malformed_body(
    world: World, body: dict[str, Any], fields: dict[str, list[str]]
) -> None:
    report = draft(world)
    before = state(report)

    response = as_(world, "officer:TNH").put(url(report, "figures"), body, format="json")

    assert response.status_code == 400
    assert response.json() == invalid(fields)
    assert state(report) == before


def test_it_refuses_a_body_that_is_not_json(world: World) -> None:
    report = draft(world)

    response = as_(world, "officer:TNH").generic(
        "PUT", url(report, "figures"), "{version: 1", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "parse_error",
        "message": "Nội dung gửi lên không đọc được (JSON không hợp lệ).",
    }


def test_it_wants_the_figures_as_json(world: World) -> None:
    report = draft(world)
    before = state(report)

    response = as_(world, "officer:TNH").put(
        url(report, "figures"), {"version": report.version}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json() == {
        "error": {
            "code": "unsupported_media_type",
            "message": "Hãy gửi số liệu dạng JSON (Content-Type: application/json).",
        }
    }
    assert state(report) == before


@pytest.mark.parametrize(
    "status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.LOCKED]
)
def test_it_refuses_figures_for_a_report_no_longer_a_draft(world: World, status: str) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=status)
    before = state(report)

    response = put_figures(
        as_(world, "officer:TNH"), report, [{"criterion": world.criteria["2"].pk, "value": 1}]
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "wrong_status"
    assert "không sửa được số liệu" in response.json()["error"]["message"]
    assert state(report) == before


def test_it_refuses_figures_once_the_unit_left_the_cluster(world: World) -> None:
    report = draft(world, "LAN", world.month(7))
    org.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=dt.date(2024, 7, 1),
        sources=[world.units["LAN"]],
        targets=[world.units["TNH"]],
    )
    before = state(report)

    response = put_figures(
        as_(world, "officer:LAN"), report, [{"criterion": world.criteria["2"].pk, "value": 1}]
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "non_field_errors": [
                "Long An không phải thành viên của Cụm thi đua số 10 (2024) trong kỳ Tháng "
                "7/2024 nên không báo cáo kỳ này."
            ]
        }
    )
    assert state(report) == before


def test_it_refuses_a_stale_version_and_keeps_the_first_save(world: World) -> None:
    report = draft(world)
    first, second = as_(world, "officer:TNH"), client_for(world.users["admin"])
    rehab = world.criteria["2"].pk
    saving = put_figures(first, report, [{"criterion": rehab, "value": 15}], version=1)
    assert saving.status_code == 200
    saved = state(report)

    response = put_figures(second, report, [{"criterion": rehab, "value": 9}], version=1)

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["message"].startswith(
        "Báo cáo Tây Ninh – Tháng 1/2024 vừa được Cán bộ Tây Ninh lưu lúc "
    )
    assert error["message"].endswith(
        "(phiên bản 2; bạn đang sửa phiên bản 1). Thay đổi của bạn chưa được lưu: hãy tải lại "
        "báo cáo, xem thay đổi rồi làm lại."
    )
    assert state(report) == saved
    assert Figure.objects.get(report=report).value == 15


def test_it_speaks_english_when_the_language_cookie_says_so(world: World) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=ReportStatus.LOCKED)
    client = as_(world, "officer:TNH")
    client.cookies["django_language"] = "en"

    bad = put_figures(client, report, [{"criterion": world.criteria["2"].pk, "value": "x"}])
    forbidden = client.post(url(report, "lock"), {"version": report.version}, format="json")
    locked = put_figures(client, report, [{"criterion": world.criteria["2"].pk, "value": 1}])

    assert bad.json() == {
        "error": {
            "code": "invalid",
            "message": "The data is not valid.",
            "fields": {
                "figures.0.value": [
                    "A number is required, written like 1438 or 93.5 (a decimal point, no "
                    "thousands separators)."
                ]
            },
        }
    }
    assert forbidden.json()["error"]["message"] == "You are not allowed to do this."
    assert locked.status_code == 409
    assert locked.json()["error"]["message"].startswith("The report Tây Ninh – Month 1/2024")


# ---------------------------------------------------------------------------------------
# The workflow


def _post(client: APIClient, report: Report, action: str, **extra: Any) -> Any:
    return client.post(url(report, action), {"version": report.version, **extra}, format="json")


def test_it_submits_a_complete_report(world: World) -> None:
    report = draft(world)
    client = as_(world, "officer:TNH")
    put_figures(client, report, full_figures(world))
    report.refresh_from_db()

    response = _post(client, report, "submit")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("submitted", 3)
    assert response.json()["submitted_by"] == world.officer("TNH").pk
    assert state(report)[1:3] == (3, "submitted")


def test_it_refuses_to_submit_an_incomplete_report(world: World) -> None:
    report = file_report(world, world.month(1), "TNH", {"2": 12}, until=ReportStatus.DRAFT)
    before = state(report)

    response = _post(as_(world, "officer:TNH"), report, "submit")

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "non_field_errors": [
                "Chưa đủ số liệu để nộp báo cáo Tây Ninh – Tháng 1/2024: tiêu chí 1; tiêu chí "
                "3; tiêu chí 4 (số vụ tai nạn giao thông); tiêu chí 4 (số người chết do tai "
                "nạn giao thông)."
            ]
        }
    )
    assert state(report) == before


@pytest.mark.parametrize("who", ["officer:LAN", "leader:TNH", "office"])
def test_it_lets_only_the_units_officers_submit(world: World, who: str) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=ReportStatus.DRAFT)
    before = state(report)

    assert _post(as_(world, who), report, "submit").status_code == 403
    assert state(report) == before


@pytest.mark.parametrize("who", ["officer:TNH", "office", "admin"])
def test_it_lets_the_cluster_head_officer_or_the_office_approve(world: World, who: str) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = _post(as_(world, who), report, "approve")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["reviewed_by"] == world.users[who].pk


@pytest.mark.parametrize("who", ["officer:LAN", "officer:BDG", "leader:TNH", "leader:LAN"])
def test_it_lets_nobody_else_approve(world: World, who: str) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    before = state(report)

    assert _post(as_(world, who), report, "approve").json() == FORBIDDEN
    assert _post(as_(world, who), report, "return", reason="Sai").status_code == 403
    assert state(report) == before


def test_it_leaves_the_cluster_heads_own_report_to_the_office(world: World) -> None:
    report = file_report(world, world.month(1), "TNH", FULL, until=ReportStatus.SUBMITTED)
    before = state(report)

    refused = _post(as_(world, "officer:TNH"), report, "approve")
    assert (refused.status_code, state(report)) == (403, before)

    assert _post(as_(world, "office"), report, "approve").status_code == 200


def test_it_returns_a_report_with_a_reason(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = _post(as_(world, "officer:TNH"), report, "return", reason="Tiêu chí 2 thiếu")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["return_reason"]) == (
        "returned",
        "Tiêu chí 2 thiếu",
    )
    assert response.json()["is_editable"] is True


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_it_wants_a_reason_to_return_or_reopen(world: World, action: str) -> None:
    until = ReportStatus.SUBMITTED if action == "return" else ReportStatus.LOCKED
    report = file_report(world, world.month(1), "LAN", FULL, until=until)
    before = state(report)

    response = _post(as_(world, "office"), report, action, reason="  ")

    assert response.status_code == 400
    message = (
        "Hãy ghi lý do trả lại báo cáo." if action == "return" else "Hãy ghi lý do mở lại báo cáo."
    )
    assert response.json() == invalid({"reason": [message]})
    assert state(report) == before


def test_it_lets_the_office_lock_and_reopen(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL)
    office = as_(world, "office")

    locked = _post(office, report, "lock")
    report.refresh_from_db()
    reopened = _post(office, report, "reopen", reason="Sai số liệu tháng 1")

    assert (locked.status_code, locked.json()["status"]) == (200, "locked")
    assert locked.json()["locked_by"] == world.users["office"].pk
    assert (reopened.status_code, reopened.json()["status"]) == (200, "returned")
    assert reopened.json()["return_reason"] == "Sai số liệu tháng 1"


@pytest.mark.parametrize("who", ["officer:TNH", "officer:LAN", "leader:TNH"])
def test_it_lets_nobody_but_the_office_lock_or_reopen(world: World, who: str) -> None:
    approved = file_report(world, world.month(1), "LAN", FULL)
    locked = file_report(world, world.month(2), "LAN", FULL, until=ReportStatus.LOCKED)
    before = (state(approved), state(locked))

    assert _post(as_(world, who), approved, "lock").status_code == 403
    assert _post(as_(world, who), locked, "reopen", reason="Sai").status_code == 403
    assert (state(approved), state(locked)) == before


@pytest.mark.parametrize(
    ("action", "until", "extra"),
    [
        ("submit", ReportStatus.SUBMITTED, {}),
        ("approve", ReportStatus.DRAFT, {}),
        ("return", ReportStatus.APPROVED, {"reason": "Sai"}),
        ("lock", ReportStatus.SUBMITTED, {}),
        ("reopen", ReportStatus.DRAFT, {"reason": "Sai"}),
    ],
)
def test_it_refuses_a_step_the_reports_state_does_not_allow(
    world: World, action: str, until: str, extra: dict[str, str]
) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=until)
    before = state(report)
    who = "officer:LAN" if action == "submit" else "office"

    response = _post(as_(world, who), report, action, **extra)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "wrong_status"
    assert state(report) == before


@pytest.mark.parametrize(
    ("action", "until", "who"),
    [
        ("submit", ReportStatus.DRAFT, "officer:LAN"),
        ("approve", ReportStatus.SUBMITTED, "officer:TNH"),
        ("lock", ReportStatus.APPROVED, "office"),
    ],
)
def test_it_refuses_a_step_on_a_stale_version(
    world: World, action: str, until: str, who: str
) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=until)
    before = state(report)

    response = as_(world, who).post(
        url(report, action), {"version": report.version - 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert state(report) == before


def test_it_refuses_a_step_without_a_version(world: World) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)

    response = as_(world, "office").post(url(report, "approve"), {}, format="json")

    assert response.json() == invalid({"version": ["Trường này là bắt buộc."]})


# ---------------------------------------------------------------------------------------
# Each target's status


def test_it_judges_each_target_on_the_year_to_date(world: World) -> None:
    for month in (1, 2, 3):
        file_report(world, world.month(month), "TNH", FULL)
    march = Report.objects.get(unit=world.units["TNH"], period=world.month(3))

    response = as_(world, "leader:TNH").get(url(march, "evaluations"))

    assert response.status_code == 200
    body = response.json()
    assert (body["report"], body["as_of"], body["periods_elapsed"]) == (march.pk, "2024-03-31", 3)
    assert body["include_unapproved"] is False
    targets = {t["criterion"]["code"]: t for t in body["targets"]}
    assert sorted(targets) == ["1", "2", "3", "4"]
    rehab = targets["2"]
    assert rehab["sentence_vi"] == (
        "Số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc đạt ít nhất 120 hồ sơ"
    )
    assert rehab["sentence_en"].startswith("Bring the number of files")
    assert (rehab["has_target"], rehab["outcome"], rehab["on_track"]) == (
        True,
        "not_met",
        "exceeded",
    )
    assert rehab["measures"][0]["ytd"]["value"] == "36"
    assert rehab["achievement_ratio"] == rehab["evaluation"]["ratio"] == "0.3"
    clearance = targets["1"]
    assert (clearance["outcome"], clearance["measures"][0]["ytd"]["percent"]) == ("exceeded", "80")
    # No 2023 figures: a reduction has nothing to compare with.
    assert targets["3"]["outcome"] == "no_data"
    assert targets["3"]["measures"][0]["baseline"]["year"] == 2023


def test_it_counts_drafts_only_when_asked_to(world: World) -> None:
    file_report(world, world.month(1), "TNH", FULL)
    february = file_report(world, world.month(2), "TNH", FULL, until=ReportStatus.DRAFT)
    client = as_(world, "officer:TNH")

    def rehab(**query: str) -> Any:
        body = client.get(url(february, "evaluations"), query).json()
        target = next(t for t in body["targets"] if t["criterion"]["code"] == "2")
        return target["measures"][0]["ytd"]["value"]

    assert rehab() is None  # February is not approved: the year to date is incomplete
    assert rehab(include_unapproved="true") == "24"


# ---------------------------------------------------------------------------------------
# Periods and the board


def test_it_lists_the_periods_of_a_covenant(world: World) -> None:
    client = as_(world, "officer:TNH")

    every = client.get("/api/v1/reports/periods/", {"covenant": world.covenant.pk}).json()
    quarters = client.get(
        "/api/v1/reports/periods/", {"covenant": str(world.covenant.pk), "kind": "quarter"}
    ).json()

    assert every["count"] == 19
    assert [p["label"] for p in every["results"][:4]] == [
        "Tháng 1/2024",
        "Tháng 2/2024",
        "Tháng 3/2024",
        "Quý I/2024",
    ]
    assert every["results"][-1]["label"] == "Năm 2024"
    assert [p["index"] for p in quarters["results"]] == [1, 2, 3, 4]
    assert quarters["results"][0]["deadline"] == "2024-04-05"
    assert as_(world, "outsider").get("/api/v1/reports/periods/").json()["count"] == 0


def test_it_shows_the_clusters_board_for_a_period(world: World) -> None:
    file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    draft(world, "TNH")

    response = as_(world, "leader:TNH").get(f"/api/v1/reports/periods/{world.month(1).pk}/board/")

    assert response.status_code == 200
    body = response.json()
    assert (body["covenant"], body["period"]["label"]) == (world.covenant.pk, "Tháng 1/2024")
    assert (body["deadline_passed"], body["submitted_count"], body["late_count"]) == (True, 1, 2)
    rows = {r["unit"]["code"]: r for r in body["rows"]}
    assert [(c, r["status"], r["late"]) for c, r in rows.items()] == [
        ("BDG", "missing", True),
        ("LAN", "submitted", False),
        ("TNH", "draft", True),
    ]
    assert (rows["LAN"]["figures_entered"], rows["LAN"]["figures_expected"]) == (5, 5)
    assert rows["BDG"]["report"] is None
    assert rows["BDG"]["status_display"] == "Chưa có báo cáo"


def test_it_hides_another_clusters_board(world: World) -> None:
    response = as_(world, "outsider").get(f"/api/v1/reports/periods/{world.month(1).pk}/board/")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# ---------------------------------------------------------------------------------------
# Anonymous callers and the schema

ANONYMOUS_CALLS = [
    ("get", "/api/v1/reports/"),
    ("post", "/api/v1/reports/"),
    ("get", "/api/v1/reports/periods/"),
    ("get", "/api/v1/reports/periods/{period}/board/"),
    ("get", "/api/v1/reports/{report}/"),
    ("put", "/api/v1/reports/{report}/figures/"),
    ("patch", "/api/v1/reports/{report}/figures/"),
    ("get", "/api/v1/reports/{report}/evaluations/"),
    *(("post", f"/api/v1/reports/{{report}}/{a}/") for a in ("submit", "approve", "return")),
    *(("post", f"/api/v1/reports/{{report}}/{a}/") for a in ("lock", "reopen")),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS_CALLS)
def test_it_refuses_anonymous_callers(world: World, method: str, path: str) -> None:
    report = file_report(world, world.month(1), "LAN", FULL, until=ReportStatus.SUBMITTED)
    before = state(report)
    target = path.format(report=report.pk, period=world.month(1).pk)

    response = getattr(APIClient(), method)(target, {"version": report.version}, format="json")

    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
    assert state(report) == before


def test_it_takes_an_api_token(world: World) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.officer("TNH"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post(
        "/api/v1/reports/",
        {"period": world.month(1).pk, "unit": world.units["TNH"].pk},
        format="json",
    )

    assert response.status_code == 201


def test_it_documents_every_reporting_endpoint_in_a_schema_without_warnings() -> None:
    """Warnings about other apps are tests/api/test_base.py's; here, those naming ours."""
    GENERATOR_STATS.reset()
    GENERATOR_STATS.enable_trace_lineno()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()

    validate_schema(schema)
    assert [p for p in problems if "reporting" in p] == []
    paths = schema["paths"]
    operations = {
        (method, path)
        for path, item in paths.items()
        if path.startswith("/api/v1/reports/")
        for method in item
    }
    assert operations == {
        ("get", "/api/v1/reports/"),
        ("post", "/api/v1/reports/"),
        ("get", "/api/v1/reports/periods/"),
        ("get", "/api/v1/reports/periods/{id}/board/"),
        ("get", "/api/v1/reports/{id}/"),
        ("put", "/api/v1/reports/{id}/figures/"),
        ("patch", "/api/v1/reports/{id}/figures/"),
        ("get", "/api/v1/reports/{id}/evaluations/"),
        ("post", "/api/v1/reports/{id}/submit/"),
        ("post", "/api/v1/reports/{id}/approve/"),
        ("post", "/api/v1/reports/{id}/return/"),
        ("post", "/api/v1/reports/{id}/lock/"),
        ("post", "/api/v1/reports/{id}/reopen/"),
    }
    figures = paths["/api/v1/reports/{id}/figures/"]
    for method in ("put", "patch"):
        assert set(figures[method]["responses"]) == {"200", "400", "403", "404", "409"}
        body = figures[method]["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ReportFiguresInputRequest"}
