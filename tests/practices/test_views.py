"""The practices pages: the library and its search, a practice, the form, actions, files."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.practices.world import World, make
from thidua.practices import domain
from thidua.practices.models import Practice, PracticeFile, PracticeKind, Visibility

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def as_(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.user(who))
    return client


def test_it_finds_a_model_typed_without_diacritics(world: World) -> None:
    make(world, title="Mô hình dân vận khéo", visibility="published")
    make(world, title="Tổ tự quản", visibility="published")

    response = as_(world, "officer:TNH").get(reverse("practices:library"), {"q": "mo hinh dan van"})

    assert response.status_code == 200
    assert 'data-testid="practice-count">1 điển hình, mô hình' in response.text
    assert (
        "<mark>Mô</mark> <mark>hình</mark> <mark>dân</mark> <mark>vận</mark> khéo" in response.text
    )
    assert "Tổ tự quản" not in response.text


def test_it_answers_a_search_as_you_type_with_the_results_only(world: World) -> None:
    make(world, title="Mô hình dân vận khéo", visibility="published")

    response = as_(world, "officer:TNH").get(
        reverse("practices:library"), {"q": "dan van"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="practice-results",
    )  # fmt: skip

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'data-testid="practice-list"' in response.text


def test_it_ignores_filters_that_do_not_parse(world: World) -> None:
    make(world, visibility="published")

    response = as_(world, "officer:TNH").get(
        reverse("practices:library"), {"year": "abc", "kind": "x", "cluster": "-1"}
    )

    assert response.status_code == 200
    assert 'data-testid="practice-count">1 ' in response.text


def _library_queries(client: Client) -> int:
    url = reverse("practices:library")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"q": "mo hinh"}).status_code == 200
    return len(queries)


def test_it_reads_the_library_in_a_fixed_number_of_queries(world: World) -> None:
    client = as_(world, "officer:TNH")
    make(world, visibility="published")
    few = _library_queries(client)
    for index in range(8):
        practice = make(world, title=f"Mô hình số {index}", visibility="promoted")
        domain.practice_file_add(
            practice=practice, upload=domain.Upload(ContentFile(PDF), "a.pdf"),
            by=world.user("office"), expected_version=practice.version,
        )  # fmt: skip

    many = _library_queries(client)

    assert many == few


def test_it_shows_a_practice_with_its_files_and_the_actions_allowed(world: World) -> None:
    practice = make(world, kind=PracticeKind.EXEMPLARY_PERSON, person_name="Nguyễn Văn An",
                    person_rank="Thiếu tá", person_position="Đội trưởng")  # fmt: skip

    head = as_(world, "officer:TNH").get(reverse("practices:detail", args=[practice.pk]))
    unit = as_(world, "officer:BPC").get(reverse("practices:detail", args=[practice.pk]))

    assert head.status_code == unit.status_code == 200
    assert "Thiếu tá Nguyễn Văn An, Đội trưởng" in head.text
    assert 'data-testid="practice-publish"' in head.text
    assert 'data-testid="practice-promote"' not in head.text
    assert 'data-testid="practice-publish"' not in unit.text
    assert 'data-testid="practice-delete"' in unit.text


def test_an_outsider_gets_404_for_a_clusters_practice(world: World) -> None:
    practice = make(world, visibility="published")

    response = as_(world, "officer:SLA").get(reverse("practices:detail", args=[practice.pk]))

    assert response.status_code == 404


def _form(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": PracticeKind.GOOD_MODEL,
        "title": "Mô hình camera an ninh",
        "cluster": world.cum10.pk,
        "unit": world.units["BPC"].pk,
        "description": "Lắp camera ở khu dân cư.",
        "results": "",
        "person_name": "",
        "person_rank": "",
        "person_position": "",
    }
    data.update(overrides)
    return data


def test_it_records_a_practice_with_a_file_from_the_form(world: World) -> None:
    data = _form(world, file=SimpleUploadedFile("ket-qua.pdf", PDF))

    response = as_(world, "officer:BPC").post(reverse("practices:create"), data)

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:detail", args=[practice.pk])
    assert (practice.title, practice.visibility) == ("Mô hình camera an ninh", Visibility.DRAFT)
    assert practice.files.get().original_name == "ket-qua.pdf"


def test_it_refuses_a_disguised_file_in_the_form_and_saves_nothing(world: World) -> None:
    data = _form(world, file=SimpleUploadedFile("ket-qua.pdf", b"MZ\x90 executable"))

    response = as_(world, "officer:BPC").post(reverse("practices:create"), data)

    assert response.status_code == 200
    assert "không phải là tệp .pdf như tên của nó" in response.text
    assert not Practice.objects.exists()


def test_it_refuses_a_unit_outside_the_cluster_in_the_form(world: World) -> None:
    response = as_(world, "office").post(
        reverse("practices:create"), _form(world, unit=world.units["SLA"].pk)
    )

    assert response.status_code == 200
    assert "Sơn La không phải thành viên của Cụm thi đua số 10 (2024)." in response.text
    assert not Practice.objects.exists()


def test_a_leader_may_not_open_the_form(world: World) -> None:
    assert as_(world, "leader:TNH").get(reverse("practices:create")).status_code == 403


def test_it_tells_a_stale_editor_and_keeps_the_other_change(world: World) -> None:
    practice = make(world)
    url = reverse("practices:edit", args=[practice.pk])
    as_(world, "officer:TNH").post(url, _form(world, title="Lần 1", version=1))

    response = as_(world, "officer:BPC").post(url, _form(world, title="Lần 2", version=1))

    assert response.status_code == 200
    assert "vừa được Cán bộ Tây Ninh lưu" in response.text
    practice.refresh_from_db()
    assert practice.title == "Lần 1"


def test_it_publishes_and_promotes_from_the_page(world: World) -> None:
    practice = make(world)

    as_(world, "officer:TNH").post(
        reverse("practices:action", args=[practice.pk, "publish"]), {"version": 1}
    )
    refused = as_(world, "officer:TNH").post(
        reverse("practices:action", args=[practice.pk, "promote"]), {"version": 2}
    )
    as_(world, "office").post(
        reverse("practices:action", args=[practice.pk, "promote"]), {"version": 2}
    )

    practice.refresh_from_db()
    assert refused.status_code == 403
    assert practice.visibility == Visibility.PROMOTED


def test_it_says_why_a_step_is_refused(world: World) -> None:
    practice = make(world, visibility="published")

    response = as_(world, "office").post(
        reverse("practices:action", args=[practice.pk, "publish"]), {"version": 2}, follow=True
    )

    assert "Chỉ phổ biến được bản nháp." in response.text


def test_it_streams_a_file_only_to_those_who_see_the_practice(world: World) -> None:
    practice = make(world)
    as_(world, "officer:BPC").post(
        reverse("practices:file_upload", args=[practice.pk]),
        {"version": 1, "file": SimpleUploadedFile("bien-ban.pdf", PDF)},
    )
    item = PracticeFile.objects.get()
    url = reverse("practices:file_download", args=[item.pk])

    allowed = as_(world, "officer:TNH").get(url)
    refused = as_(world, "leader:TNH").get(url)

    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == PDF  # type: ignore[attr-defined]
    assert 'filename="bien-ban.pdf"' in allowed["Content-Disposition"]
    assert refused.status_code == 404


def test_it_refuses_an_oversized_upload_with_a_message(world: World, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 8
    practice = make(world)

    response = as_(world, "officer:BPC").post(
        reverse("practices:file_upload", args=[practice.pk]),
        {"version": 1, "file": SimpleUploadedFile("a.pdf", PDF)},
        follow=True,
    )

    assert "quá giới hạn" in response.text
    assert not PracticeFile.objects.exists()


def test_it_deletes_a_draft_and_its_file(world: World) -> None:
    practice = make(world)
    client = as_(world, "officer:BPC")
    client.post(
        reverse("practices:file_upload", args=[practice.pk]),
        {"version": 1, "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    item = PracticeFile.objects.get()
    client.post(reverse("practices:file_delete", args=[item.pk]), {"version": 2})

    response = client.post(reverse("practices:delete", args=[practice.pk]), {"version": 3})

    assert response.status_code == 302
    assert not Practice.objects.exists()
    assert not PracticeFile.objects.exists()


def test_a_head_of_another_cluster_cannot_record_in_this_one(world: World) -> None:
    response = as_(world, "officer:SLA").post(reverse("practices:create"), _form(world))

    # Neither Cụm 10 nor Bình Phước is offered to Sơn La's officer.
    assert response.status_code == 200
    assert response.text.count("Hãy chọn một lựa chọn hợp lệ.") == 2
    assert not Practice.objects.exists()
