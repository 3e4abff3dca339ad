"""Recording, editing, publishing and promoting practices; files; every refusal changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.practices.world import World, make, practice_input
from thidua.practices import domain
from thidua.practices.models import Practice, PracticeFile, PracticeKind, Visibility

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_it_records_a_draft_with_the_clusters_year_and_who_did_it(world: World) -> None:
    practice = make(world)

    assert (practice.visibility, practice.year, practice.version) == (Visibility.DRAFT, 2024, 1)
    assert practice.created_by == world.user("officer:BPC")
    assert practice.history.get().history_change_reason == "Ghi nhận mới"
    assert practice.history.get().history_user == world.user("officer:BPC")


def test_it_keeps_the_folded_words_for_search(world: World) -> None:
    practice = make(world, title="Mô hình “Dân vận khéo”")

    assert "dan van kheo" in practice.search_text
    assert "binh phuoc" in practice.search_text
    assert "mo hinh hay" in practice.search_text  # the kind's label


def test_it_refuses_a_unit_that_is_not_a_member_of_the_cluster(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        domain.practice_create(
            data=practice_input(world, unit=world.units["SLA"]), by=world.user("office")
        )

    assert _errors(error) == {
        "unit": ["Sơn La không phải thành viên của Cụm thi đua số 10 (2024)."]
    }
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"title": "   "}, {"title": ["Hãy nhập tên của điển hình, mô hình."]}),
        ({"description": ""}, {"description": ["Hãy mô tả nội dung, cách làm."]}),
        (
            {"kind": "hero"},
            {"kind": ["Hãy chọn loại: điển hình tập thể, cá nhân, mô hình hay hoặc cách làm mới."]},
        ),
        (
            {"kind": PracticeKind.EXEMPLARY_PERSON},
            {"person_name": ["Điển hình cá nhân cần họ và tên của người đó."]},
        ),
        ({"title": "x" * 256}, {"title": ["Không được dài quá 255 ký tự."]}),
        (
            {"kind": PracticeKind.EXEMPLARY_PERSON, "person_name": "A", "person_rank": "r" * 61},
            {"person_rank": ["Không được dài quá 60 ký tự."]},
        ),
    ],
)
def test_it_refuses_bad_input_with_a_message_per_field(
    world: World, overrides: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as error:
        domain.practice_create(
            data=practice_input(world, **overrides), by=world.user("officer:BPC")
        )

    assert _errors(error) == expected
    assert not Practice.objects.exists()


def test_it_clears_the_person_of_a_collective_kind(world: World) -> None:
    practice = make(world, person_name="Nguyễn Văn A", person_rank="Thiếu tá")

    assert (practice.person_name, practice.person_rank) == ("", "")


def test_it_records_an_exemplary_person_with_rank_and_position(world: World) -> None:
    practice = make(
        world, kind=PracticeKind.EXEMPLARY_PERSON, person_name="Lê Hoàng Hiệp",
        person_rank="Thiếu tướng", person_position="Phó Cục trưởng",
    )  # fmt: skip

    assert (practice.person_rank, practice.person_name, practice.person_position) == (
        "Thiếu tướng",
        "Lê Hoàng Hiệp",
        "Phó Cục trưởng",
    )


@pytest.mark.parametrize("who", ["leader:BPC", "officer:LAN", "officer:SLA", "nobody"])
def test_it_refuses_to_record_for_a_unit_one_does_not_answer_for(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        domain.practice_create(data=practice_input(world), by=world.user(who))

    assert not Practice.objects.exists()


@pytest.mark.parametrize("who", ["officer:BPC", "officer:TNH", "office", "admin"])
def test_it_lets_the_unit_the_cluster_and_the_office_record(world: World, who: str) -> None:
    practice = domain.practice_create(data=practice_input(world), by=world.user(who))

    assert practice.unit == world.units["BPC"]


def test_it_walks_draft_published_promoted_and_back(world: World) -> None:
    practice = make(world)

    practice = domain.practice_publish(
        practice=practice, by=world.user("officer:TNH"), expected_version=1
    )
    practice = domain.practice_promote(
        practice=practice, by=world.user("office"), expected_version=2
    )
    promoted = (practice.visibility, practice.promoted_by)
    practice = domain.practice_unpublish(
        practice=practice, by=world.user("office"), expected_version=3
    )
    published = practice.visibility
    practice = domain.practice_unpublish(
        practice=practice, by=world.user("officer:TNH"), expected_version=4
    )

    assert promoted == (Visibility.PROMOTED, world.user("office"))
    assert published == Visibility.PUBLISHED
    assert (practice.visibility, practice.published_at, practice.version) == (
        Visibility.DRAFT,
        None,
        5,
    )
    reasons = list(
        practice.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Ghi nhận mới",
        "Phổ biến trong cụm",
        "Nhân rộng đến mọi cụm",
        "Thu hồi nhân rộng, chỉ phổ biến trong cụm",
        "Thu hồi, đưa về bản nháp",
    ]


def test_only_the_office_promotes(world: World) -> None:
    practice = make(world, visibility="published")

    with pytest.raises(PermissionDenied):
        domain.practice_promote(practice=practice, by=world.user("officer:TNH"), expected_version=2)

    practice.refresh_from_db()
    assert practice.visibility == Visibility.PUBLISHED


def test_the_unit_cannot_publish_its_own_draft(world: World) -> None:
    practice = make(world)

    with pytest.raises(PermissionDenied):
        domain.practice_publish(practice=practice, by=world.user("officer:BPC"), expected_version=1)


def test_it_refuses_to_promote_a_draft_or_publish_twice(world: World) -> None:
    draft = make(world)
    published = make(world, title="Khác", visibility="published")

    with pytest.raises(ValidationError) as promote:
        domain.practice_promote(practice=draft, by=world.user("office"), expected_version=1)
    with pytest.raises(ValidationError) as publish:
        domain.practice_publish(practice=published, by=world.user("office"), expected_version=2)

    assert promote.value.code == publish.value.code == "status"
    assert promote.value.messages == [
        "Chỉ nhân rộng được điển hình đã phổ biến trong cụm. “Mô hình dân vận khéo” đang ở "
        "phạm vi “Bản nháp (nội bộ)”."
    ]


def test_the_unit_edits_its_draft_but_not_once_published(world: World) -> None:
    practice = make(world)
    officer = world.user("officer:BPC")

    edited = domain.practice_update(
        practice=practice, data=practice_input(world, title="Mô hình mới"), by=officer,
        expected_version=1,
    )  # fmt: skip
    published = domain.practice_publish(
        practice=edited, by=world.user("officer:TNH"), expected_version=2
    )
    with pytest.raises(PermissionDenied):
        domain.practice_update(
            practice=published, data=practice_input(world, title="Sửa lén"), by=officer,
            expected_version=3,
        )  # fmt: skip

    published.refresh_from_db()
    assert (published.title, published.version) == ("Mô hình mới", 3)
    assert published.history.filter(history_change_reason="Sửa nội dung").count() == 1


def test_it_refuses_a_stale_version_and_names_who_saved(world: World) -> None:
    practice = make(world)
    domain.practice_update(
        practice=practice, data=practice_input(world, title="Lần 1"), by=world.user("officer:TNH"),
        expected_version=1,
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        domain.practice_update(
            practice=practice, data=practice_input(world, title="Lần 2"),
            by=world.user("officer:BPC"), expected_version=1,
        )  # fmt: skip

    assert error.value.code == "conflict"
    assert "Cán bộ Tây Ninh" in error.value.messages[0]
    assert "phiên bản 2; bạn đang sửa phiên bản 1" in error.value.messages[0]
    practice.refresh_from_db()
    assert practice.title == "Lần 1"


def test_it_moves_a_draft_but_not_a_published_practice(world: World) -> None:
    practice = make(world, visibility="published")

    with pytest.raises(ValidationError) as error:
        domain.practice_update(
            practice=practice, data=practice_input(world, unit=world.units["LAN"]),
            by=world.user("office"), expected_version=2,
        )  # fmt: skip

    assert _errors(error) == {
        "unit": ["Đã phổ biến thì không đổi đơn vị, cụm được: hãy đưa về bản nháp trước."]
    }
    practice.refresh_from_db()
    assert practice.unit == world.units["BPC"]


def test_it_deletes_a_draft_with_its_files_and_keeps_the_history(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    practice = make(world)
    item = domain.practice_file_add(
        practice=practice, upload=domain.Upload(io.BytesIO(PDF), "bien-ban.pdf"),
        by=world.user("officer:BPC"), expected_version=1,
    )  # fmt: skip
    stored = item.file.name or ""
    storage = item.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        domain.practice_delete(practice=practice, by=world.user("officer:BPC"), expected_version=2)

    assert not Practice.objects.exists()
    assert not PracticeFile.objects.exists()
    assert not storage.exists(stored)
    assert Practice.history.filter(history_type="-").get().history_change_reason == "Xóa bản nháp"


def test_it_refuses_to_delete_a_published_practice(world: World) -> None:
    practice = make(world, visibility="published")

    with pytest.raises(ValidationError) as error:
        domain.practice_delete(practice=practice, by=world.user("office"), expected_version=2)

    assert error.value.code == "status"
    assert Practice.objects.filter(pk=practice.pk).exists()


def test_it_keeps_a_checked_file_under_a_name_of_its_own(world: World) -> None:
    practice = make(world)

    item = domain.practice_file_add(
        practice=practice, upload=domain.Upload(io.BytesIO(PDF), "../../báo cáo.pdf"),
        by=world.user("officer:BPC"), expected_version=1,
    )  # fmt: skip

    assert item.original_name == "báo cáo.pdf"
    assert (item.file.name or "").startswith(f"practices/{practice.pk}/")
    assert (item.file.name or "").endswith(".pdf")
    assert (item.content_type, item.size) == ("application/pdf", len(PDF))
    practice.refresh_from_db()
    assert practice.version == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "không thuộc loại được nhận"),
        ("anh.pdf", b"MZ\x90\x00 not a pdf", "không phải là tệp .pdf"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_it_refuses_a_disguised_or_empty_file_and_saves_nothing(
    world: World, name: str, content: bytes, message: str
) -> None:
    practice = make(world)

    with pytest.raises(ValidationError) as error:
        domain.practice_file_add(
            practice=practice, upload=domain.Upload(io.BytesIO(content), name),
            by=world.user("officer:BPC"), expected_version=1,
        )  # fmt: skip

    assert message in " ".join(error.value.messages)
    practice.refresh_from_db()
    assert (PracticeFile.objects.count(), practice.version) == (0, 1)


def test_it_refuses_an_oversized_file(world: World, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 10
    practice = make(world)

    with pytest.raises(ValidationError) as error:
        domain.practice_file_add(
            practice=practice, upload=domain.Upload(SimpleUploadedFile("x.pdf", PDF), "x.pdf"),
            by=world.user("officer:BPC"), expected_version=1,
        )  # fmt: skip

    assert "quá giới hạn" in error.value.messages[0]
    assert not PracticeFile.objects.exists()


def test_a_bad_file_at_creation_leaves_no_practice(world: World) -> None:
    with pytest.raises(ValidationError):
        domain.practice_create(
            data=practice_input(world), by=world.user("officer:BPC"),
            files=[domain.Upload(io.BytesIO(b"MZ"), "a.pdf")],
        )  # fmt: skip

    assert not Practice.objects.exists()


def test_it_gives_the_year_end_report_the_clusters_published_practices(world: World) -> None:
    make(world, title="Nháp")
    published = make(world, title="Đã phổ biến", visibility="published")
    promoted = make(world, title="Nhân rộng", visibility="promoted")
    make(world, title="Cụm khác", unit=world.units["SLA"], cluster=world.cum2, by="officer:SLA",
         visibility="published")  # fmt: skip

    found = domain.practices_of_year(cluster=world.cum10, year=2024)

    assert {p.pk for p in found} == {published.pk, promoted.pk}
    assert domain.practices_of_year(cluster=world.cum10, year=2025) == []
