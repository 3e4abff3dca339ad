"""The conferences API: lists with filters, details, writes for those allowed, the common
error format, conflicts, and a fixed number of queries whatever the list holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from tests.conferences.world import HIEP, HUNG, World
from thidua.conferences import domain
from thidua.conferences.models import Conference, Guest, Outcome

pytestmark = pytest.mark.django_db

LIST = "/api/v1/conferences/"
FORBIDDEN = {
    "error": {"code": "permission_denied", "message": "Bạn không có quyền thực hiện thao tác này."}
}
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy dữ liệu bạn yêu cầu."}}


def api(world: World, role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[role])
    return client


def state() -> tuple[Any, ...]:
    return (
        list(Conference.objects.values_list("pk", "version", "place", "status")),
        list(Guest.objects.values_list("pk", "name", "order")),
        list(Outcome.objects.values_list("pk", "kind")),
    )


# ---------------------------------------------------------------------------------------
# Reading


def test_it_lists_the_conferences_with_guests_and_outcomes(world: World) -> None:
    conference = world.conference(guests=[HIEP])
    domain.outcome_link(
        conference=conference, by=world.users["office"], expected_version=1, vote=world.vote
    )

    body = api(world, "leader").get(LIST).json()

    assert body["count"] == 1
    item = body["results"][0]
    assert (item["kind"], item["kind_display"], item["date"], item["version"]) == (
        "year_end",
        "Hội nghị tổng kết",
        "2024-11-23",
        2,
    )
    assert item["cluster"] == {"id": world.cluster.pk, "year": 2024, "number": 10,
                               "name": "Công an các tỉnh Đông Nam Bộ"}  # fmt: skip
    assert [g["line"] for g in item["guests"]] == [
        "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng và công tác chính trị"
    ]
    assert [(o["kind"], o["vote"], o["record_date"]) for o in item["outcomes"]] == [
        ("vote_held", world.vote.pk, "2024-11-23")
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "signing"}, ["signing"]),
        ({"year": 2024}, ["signing", "year_end"]),
        ({"year": 2025}, []),
        ({"cluster": 0}, "invalid"),
    ],
)
def test_it_filters_the_list(world: World, query: dict[str, Any], expected: Any) -> None:
    world.signing()
    world.conference()

    response = api(world, "office").get(LIST, query)

    if expected == "invalid":
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"cluster": ["Phải lớn hơn hoặc bằng 1."]}
    else:
        assert [c["kind"] for c in response.json()["results"]] == expected


def test_it_lists_nothing_of_another_cluster(world: World) -> None:
    world.conference()

    assert api(world, "outsider").get(LIST, {"cluster": world.cluster.pk}).json()["count"] == 0


def _list_queries(world: World, count: int) -> int:
    for index in range(count):
        conference = world.conference(
            date=dt.date(2024, 11, 1 + index), title=f"Tổng kết {index}", guests=[HIEP, HUNG]
        )
        if index == 0:
            domain.outcome_link(
                conference=conference,
                by=world.users["office"],
                expected_version=1,
                handover=world.handover,
            )
    client = api(world, "office")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.json()["count"] == count
    return len(queries)


def test_it_lists_any_number_of_conferences_in_the_same_number_of_queries(world: World) -> None:
    few = _list_queries(world, 1)
    Outcome.objects.all().delete()
    Conference.objects.all().delete()
    many = _list_queries(world, 6)

    assert few == many


def test_it_shows_a_conference_with_its_files_and_what_the_user_may_do(world: World) -> None:
    from io import BytesIO

    conference = world.conference(agenda="Báo cáo tổng kết")
    domain.attachment_add(
        conference=conference, by=world.users["head_officer"], expected_version=1,
        file=BytesIO(b"%PDF-1.4\n"), name="bien-ban.pdf", kind="minutes",
    )  # fmt: skip

    leader = api(world, "leader").get(f"{LIST}{conference.pk}/").json()
    officer = api(world, "head_officer").get(f"{LIST}{conference.pk}/").json()

    assert (leader["agenda"], leader["can_edit"], officer["can_edit"]) == (
        "Báo cáo tổng kết",
        False,
        True,
    )
    file = leader["attachments"][0]
    assert (file["kind"], file["original_name"], file["size"]) == ("minutes", "bien-ban.pdf", 9)
    assert file["url"] == f"/conferences/files/{conference.attachments.get().pk}/"


@pytest.mark.parametrize("role", ["outsider", "other_office"])
def test_it_hides_a_conference_from_outsiders(world: World, role: str) -> None:
    conference = world.conference()

    response = api(world, role).get(f"{LIST}{conference.pk}/")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


# ---------------------------------------------------------------------------------------
# Recording and changing


def _new(world: World, **extra: Any) -> dict[str, Any]:
    return {
        "cluster": world.cluster.pk,
        "kind": "year_end",
        "date": "2024-11-23",
        "status": "held",
        "place": "Công an tỉnh Tây Ninh",
        "host_unit": world.units["TNH"].pk,
        "guests": [
            {"rank": "Thiếu tướng", "name": "Cao Đăng Hưng", "position": "Phó Chánh Văn phòng",
             "organisation": "Bộ Công an"},
            {"rank": "Thiếu tướng", "name": "Lê Hoàng Hiệp", "position": "Phó Cục trưởng",
             "organisation": "Cục Công tác đảng và công tác chính trị"},
        ],
        **extra,
    }  # fmt: skip


def test_it_records_a_conference_for_those_who_run_the_cluster(world: World) -> None:
    response = api(world, "deputy_officer").post(LIST, _new(world), format="json")

    body = response.json()
    assert response.status_code == 201
    assert (body["title"], body["host_unit"]["id"], body["version"]) == (
        "Hội nghị tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
        world.units["TNH"].pk,
        1,
    )
    assert [g["name"] for g in body["guests"]] == ["Cao Đăng Hưng", "Lê Hoàng Hiệp"]


@pytest.mark.parametrize(
    ("role", "status", "body"),
    [("leader", 403, FORBIDDEN), ("member_officer", 403, FORBIDDEN), ("outsider", 404, NOT_FOUND)],
)
def test_it_refuses_to_record_for_others(
    world: World, role: str, status: int, body: dict[str, Any]
) -> None:
    response = api(world, role).post(LIST, _new(world), format="json")

    assert (response.status_code, response.json()) == (status, body)
    assert Conference.objects.count() == 0


def test_it_names_each_problem_of_bad_input_in_vietnamese_and_saves_nothing(
    world: World,
) -> None:
    response = api(world, "head_officer").post(
        LIST,
        _new(world, date="2023-11-23", guests=[{"name": "  "}, {"rank": "Đại tá"}]),
        format="json",
    )

    error = response.json()["error"]
    assert (response.status_code, error["code"], error["message"]) == (
        400,
        "invalid",
        "Dữ liệu không hợp lệ.",
    )
    assert error["fields"] == {
        "guests.0.name": ["Trường này không được để trống."],
        "guests.1.name": ["Trường này là bắt buộc."],
    }
    assert Conference.objects.count() == 0


def test_it_refuses_a_date_outside_the_cluster_year(world: World) -> None:
    response = api(world, "head_officer").post(
        LIST, _new(world, kind="signing", date="2025-03-18"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "date": [
            "Ngày hội nghị 18/03/2025 không thuộc năm 2024 của Cụm thi đua số 10 (2024): hội "
            "nghị của cụm năm nào diễn ra trong năm đó."
        ]
    }


def test_it_changes_a_conference_and_its_guests(world: World) -> None:
    conference = world.conference(guests=[HUNG, HIEP])
    hiep = conference.guests.get(name="Lê Hoàng Hiệp")

    response = api(world, "office").patch(
        f"{LIST}{conference.pk}/",
        {"version": 1, "place": "Hội trường A", "reason": "Đúng hội trường",
         "guests": [{"id": hiep.pk, "rank": "Thiếu tướng", "name": "Lê Hoàng Hiệp"}]},
        format="json",
    )  # fmt: skip

    body = response.json()
    assert (response.status_code, body["place"], body["version"]) == (200, "Hội trường A", 2)
    assert [(g["id"], g["position"]) for g in body["guests"]] == [(hiep.pk, "")]
    assert conference.history.latest().history_change_reason == "Đúng hội trường"


def test_it_answers_a_stale_version_with_a_conflict(world: World) -> None:
    conference = world.conference()
    domain.conference_update(
        conference=conference, by=world.users["office"], expected_version=1, place="Nơi mới"
    )
    before = state()

    response = api(world, "head_officer").patch(
        f"{LIST}{conference.pk}/", {"version": 1, "place": "Nơi cũ"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "phiên bản 2; bạn đang sửa phiên bản 1" in response.json()["error"]["message"]
    assert state() == before


def test_it_refuses_a_change_from_a_reader(world: World) -> None:
    conference = world.conference()
    before = state()

    response = api(world, "leader").patch(
        f"{LIST}{conference.pk}/", {"version": 1, "place": "X"}, format="json"
    )

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert state() == before


# ---------------------------------------------------------------------------------------
# Outcomes


def test_it_records_and_removes_the_vote_of_the_year_end_summary(world: World) -> None:
    conference = world.conference()
    client = api(world, "head_officer")

    linked = client.post(
        f"{LIST}{conference.pk}/outcomes/", {"version": 1, "vote": world.vote.pk}, format="json"
    )
    outcome = Outcome.objects.get()
    removed = client.delete(f"{LIST}{conference.pk}/outcomes/{outcome.pk}/?version=2")

    assert linked.status_code == 201
    assert [o["vote"] for o in linked.json()["outcomes"]] == [world.vote.pk]
    assert (removed.status_code, removed.json()["outcomes"], removed.json()["version"]) == (
        200,
        [],
        3,
    )


def test_it_refuses_the_vote_of_another_cluster_without_naming_it(world: World) -> None:
    conference = world.conference()

    response = api(world, "head_officer").post(
        f"{LIST}{conference.pk}/outcomes/",
        {"version": 1, "vote": world.other_vote.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "vote": [
            f"Không tìm thấy cuộc bỏ phiếu có id {world.other_vote.pk} trong Cụm thi đua số 10 "
            "(2024) của hội nghị này."
        ]
    }
    assert Outcome.objects.count() == 0


def test_it_refuses_a_covenant_at_a_year_end_summary(world: World) -> None:
    conference = world.conference()

    response = api(world, "head_officer").post(
        f"{LIST}{conference.pk}/outcomes/",
        {"version": 1, "covenant": world.covenant.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["covenant"] == [
        "Hội nghị tổng kết không ghi được kết quả “Ký giao ước thi đua”. Giao ước được ký tại "
        "hội nghị ký giao ước thi đua."
    ]


def test_it_wants_the_version_to_remove_an_outcome(world: World) -> None:
    conference = world.conference()
    outcome = domain.outcome_link(
        conference=conference, by=world.users["office"], expected_version=1, vote=world.vote
    )

    response = api(world, "office").delete(f"{LIST}{conference.pk}/outcomes/{outcome.pk}/")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"version": ["Trường này là bắt buộc."]}
    assert Outcome.objects.count() == 1


# ---------------------------------------------------------------------------------------
# Anonymous callers and the schema


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", LIST),
        ("post", LIST),
        ("get", LIST + "{pk}/"),
        ("patch", LIST + "{pk}/"),
        ("post", LIST + "{pk}/outcomes/"),
    ],
)
def test_it_refuses_anonymous_callers(world: World, method: str, path: str) -> None:
    conference = world.conference()
    before = state()

    response = getattr(APIClient(), method)(
        path.format(pk=conference.pk), {"version": 1}, format="json"
    )

    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
    assert state() == before


def test_it_documents_every_conference_endpoint_in_a_schema_without_warnings() -> None:
    GENERATOR_STATS.reset()
    GENERATOR_STATS.enable_trace_lineno()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()

    validate_schema(schema)
    assert [p for p in problems if "conferences" in p] == []
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/conferences/")
        for method in item
    }
    assert operations == {
        ("get", "/api/v1/conferences/"),
        ("post", "/api/v1/conferences/"),
        ("get", "/api/v1/conferences/{id}/"),
        ("patch", "/api/v1/conferences/{id}/"),
        ("post", "/api/v1/conferences/{id}/outcomes/"),
        ("delete", "/api/v1/conferences/{id}/outcomes/{outcome_pk}/"),
    }
