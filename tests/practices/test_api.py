"""The practices API under /api/v1/practices/: search, writes, steps, files, errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.practices.world import World, make
from thidua.practices.models import Practice, PracticeFile, PracticeKind, Visibility

pytestmark = pytest.mark.django_db

URL = "/api/v1/practices/"
PDF = b"%PDF-1.4\n%%EOF\n"
FORBIDDEN = {
    "error": {"code": "permission_denied", "message": "Bạn không có quyền thực hiện thao tác này."}
}
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy dữ liệu bạn yêu cầu."}}


def invalid(fields: dict[str, list[str]]) -> dict[str, Any]:
    return {"error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}}


def as_(world: World, who: str) -> APIClient:
    client = APIClient()
    client.force_login(world.user(who))
    return client


def _body(world: World, **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": PracticeKind.GOOD_MODEL,
        "title": "Mô hình dân vận khéo",
        "description": "Gặp gỡ nhân dân.",
        "unit": world.units["BPC"].pk,
        "cluster": world.cum10.pk,
    }
    body.update(overrides)
    return body


def test_it_searches_without_diacritics(world: World) -> None:
    make(world, title="Mô hình dân vận khéo", visibility="published")
    make(world, title="Tổ tự quản", visibility="published")

    response = as_(world, "leader:TNH").get(URL, {"search": "mo hinh dan van"})

    assert response.status_code == 200
    assert [p["title"] for p in response.json()["results"]] == ["Mô hình dân vận khéo"]
    result = response.json()["results"][0]
    assert (result["kind"], result["visibility"], result["unit"]["code"]) == (
        "good_model",
        "published",
        "BPC",
    )


def test_it_lists_only_what_the_caller_may_see(world: World) -> None:
    make(world, title="Nháp")
    make(world, title="Nhân rộng", visibility="promoted")

    titles = [p["title"] for p in as_(world, "officer:SLA").get(URL).json()["results"]]

    assert titles == ["Nhân rộng"]


def test_it_refuses_filters_that_do_not_parse(world: World) -> None:
    response = as_(world, "admin").get(URL, {"kind": "hero", "year": "x"})

    assert response.status_code == 400
    assert response.json() == invalid(
        {"kind": ["“hero” không phải là giá trị hợp lệ."], "year": ["Cần một số nguyên."]}
    )


def _list_queries(world: World, count: int) -> int:
    Practice.objects.all().delete()
    for index in range(count):
        practice = make(world, title=f"Mô hình {index}", visibility="promoted")
        as_(world, "office").post(
            f"{URL}{practice.pk}/files/",
            {"version": practice.version, "file": SimpleUploadedFile("a.pdf", PDF)},
        )
    client = as_(world, "officer:SLA")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.json()["count"] == count
    return len(queries)


def test_it_lists_any_number_of_practices_in_the_same_number_of_queries(world: World) -> None:
    few = _list_queries(world, 1)
    many = _list_queries(world, 6)

    assert few == many


def test_it_records_a_draft(world: World) -> None:
    response = as_(world, "officer:BPC").post(URL, _body(world), format="json")

    assert response.status_code == 201
    data = response.json()
    assert (data["visibility"], data["version"], data["year"]) == ("draft", 1, 2024)
    assert data["permissions"] == {
        "can_edit": True,
        "can_delete": True,
        "can_publish": False,
        "can_promote": False,
        "can_unpublish": False,
    }


def test_it_refuses_to_record_for_another_unit(world: World) -> None:
    response = as_(world, "officer:LAN").post(URL, _body(world), format="json")

    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert not Practice.objects.exists()


def test_it_names_every_problem_of_a_bad_body(world: World) -> None:
    response = as_(world, "officer:TNH").post(
        URL, _body(world, kind="x", unit=99999, cluster="abc", title=""), format="json"
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "kind": ["“x” không phải là giá trị hợp lệ."],
            "title": ["Trường này không được để trống."],
            "unit": ["Không tìm thấy đơn vị có id 99999."],
            "cluster": ["Cần id là số nguyên, nhận được str."],
        }
    )
    assert not Practice.objects.exists()


def test_it_refuses_a_person_without_a_name_and_a_unit_outside_the_cluster(world: World) -> None:
    response = as_(world, "office").post(
        URL,
        _body(world, kind=PracticeKind.EXEMPLARY_PERSON, unit=world.units["SLA"].pk),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == invalid(
        {
            "person_name": ["Điển hình cá nhân cần họ và tên của người đó."],
            "unit": ["Sơn La không phải thành viên của Cụm thi đua số 10 (2024)."],
        }
    )


def test_it_changes_only_the_fields_sent(world: World) -> None:
    practice = make(world)

    response = as_(world, "officer:BPC").patch(
        f"{URL}{practice.pk}/", {"title": "Tên mới", "version": 1}, format="json"
    )

    assert response.status_code == 200
    practice.refresh_from_db()
    assert (practice.title, practice.description, practice.version) == (
        "Tên mới",
        "Gặp gỡ nhân dân ở khu dân cư, hướng dẫn tố giác tội phạm.",
        2,
    )


def test_it_answers_409_to_a_stale_version(world: World) -> None:
    practice = make(world)
    as_(world, "officer:TNH").patch(
        f"{URL}{practice.pk}/", {"title": "A", "version": 1}, format="json"
    )

    response = as_(world, "officer:BPC").patch(
        f"{URL}{practice.pk}/", {"title": "B", "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    practice.refresh_from_db()
    assert practice.title == "A"


def test_it_walks_the_steps_and_refuses_a_wrong_one_with_409(world: World) -> None:
    practice = make(world)

    published = as_(world, "officer:TNH").post(f"{URL}{practice.pk}/publish/", {"version": 1})
    not_by_cluster = as_(world, "officer:TNH").post(f"{URL}{practice.pk}/promote/", {"version": 2})
    promoted = as_(world, "office").post(f"{URL}{practice.pk}/promote/", {"version": 2})
    again = as_(world, "office").post(f"{URL}{practice.pk}/promote/", {"version": 3})

    assert published.json()["visibility"] == "published"
    assert (not_by_cluster.status_code, not_by_cluster.json()) == (403, FORBIDDEN)
    assert promoted.json()["visibility"] == "promoted"
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "wrong_status"


def test_it_deletes_a_draft_but_not_a_published_one(world: World) -> None:
    draft = make(world)
    published = make(world, title="B", visibility="published")
    client = as_(world, "office")

    deleted = client.delete(f"{URL}{draft.pk}/?version=1")
    refused = client.delete(f"{URL}{published.pk}/?version=2")
    missing = client.delete(f"{URL}{published.pk}/")

    assert deleted.status_code == 204
    assert refused.status_code == 409
    assert missing.status_code == 400
    assert list(Practice.objects.values_list("title", flat=True)) == ["B"]


def test_an_outsider_gets_404(world: World) -> None:
    practice = make(world, visibility="published")

    response = as_(world, "officer:SLA").get(f"{URL}{practice.pk}/")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_it_attaches_a_file_and_refuses_a_disguised_one(world: World) -> None:
    practice = make(world)
    client = as_(world, "officer:BPC")

    good = client.post(
        f"{URL}{practice.pk}/files/", {"version": 1, "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    bad = client.post(
        f"{URL}{practice.pk}/files/",
        {"version": 2, "file": SimpleUploadedFile("b.png", b"%PDF not a png")},
    )

    assert good.status_code == 201
    assert [f["name"] for f in good.json()["files"]] == ["a.pdf"]
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["file"]
    assert PracticeFile.objects.count() == 1
    practice.refresh_from_db()
    assert practice.visibility == Visibility.DRAFT
