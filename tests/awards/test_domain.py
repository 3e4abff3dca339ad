"""The awards registry's writes: the catalogue, recording and correcting awards, and every
bad input refused with a Vietnamese message and nothing saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.world import PDF, World
from thidua.awards import domain
from thidua.awards.catalogue import CATALOGUE
from thidua.awards.models import Award, Recipient, Title, TitleKind

DAY = dt.date(2025, 3, 10)


def _award(world: World, **overrides: Any) -> Award:
    values: dict[str, Any] = {
        "title": world.title("min"),
        "unit": world.units["LAN"],
        "year": 2024,
        "decision_number": "1520/QĐ-BCA",
        "decision_date": DAY,
        "by": world["office"],
    }
    values.update(overrides)
    return domain.award_create(**values)


def _files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return {k: [str(m) for e in v for m in e.messages] for k, v in error.error_dict.items()}


# ---------------------------------------------------------------------------------------
# The catalogue


def test_it_starts_every_install_with_the_catalogue_of_domain_section_8(world: World) -> None:
    titles = {t.code: t for t in Title.objects.all()}

    assert [t.name for t in Title.objects.order_by("order")] == [row[1] for row in CATALOGUE]
    assert (titles["gov"].kind, titles["gov"].granting_authority) == (
        TitleKind.COLLECTIVE,
        "Thủ tướng Chính phủ",
    )
    assert titles["cstd-cand"].recipient == "person"
    assert titles["giay-khen"].accepts("unit")
    assert titles["giay-khen"].accepts("person")


def test_it_lets_the_ministry_office_add_to_the_catalogue(world: World) -> None:
    title = domain.title_create(
        code="huy-hieu", name="Huy hiệu Vì an ninh Tổ quốc", kind="commendation", recipient="person",
        level="minister", by=world["office"],
    )  # fmt: skip

    assert Title.objects.get(code="huy-hieu") == title
    assert title.history.get().history_user == world["office"]


@pytest.mark.parametrize("role", ["head", "member", "leader", "other_office"])
def test_it_lets_nobody_else_change_the_catalogue(world: World, role: str) -> None:
    title = world.title("gov")

    with pytest.raises(PermissionDenied):
        domain.title_update(title=title, by=world[role], expected_version=1, name="Cờ mới")

    assert Title.objects.get(pk=title.pk).name == "Cờ thi đua của Chính phủ"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "co thi dua cua chinh phu"}, "name"),  # the same name without diacritics
        ({"code": "Cờ Bộ"}, "code"),
        ({"kind": "collective", "recipient": "person"}, "recipient"),
        ({"order": -1}, "order"),
    ],
)
def test_it_refuses_a_bad_catalogue_entry(
    world: World, changes: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "code": "moi", "name": "Danh hiệu mới", "kind": "commendation", "recipient": "any",
        "level": "minister",
    }  # fmt: skip
    values.update(changes)

    with pytest.raises(ValidationError) as caught:
        domain.title_create(**values, by=world["admin"])

    assert field in caught.value.error_dict
    assert Title.objects.count() == len(CATALOGUE)


def test_it_refuses_a_stale_catalogue_edit(world: World) -> None:
    title = world.title("giay-khen")
    domain.title_update(title=title, by=world["office"], expected_version=1, authority="Giám đốc")

    with pytest.raises(ValidationError) as caught:
        domain.title_update(title=title, by=world["admin"], expected_version=1, active=False)

    assert caught.value.code == "conflict"
    assert Title.objects.get(pk=title.pk).active is True


# ---------------------------------------------------------------------------------------
# Recording awards


def test_it_records_an_award_in_the_units_cluster_with_who_and_why(world: World) -> None:
    award = _award(world)

    assert (award.cluster, award.granting_authority, award.version) == (
        world.cluster,
        "Bộ trưởng Bộ Công an",
        1,
    )
    history = award.history.get()
    assert (history.history_user, history.history_change_reason) == (
        world["office"],
        "Ghi nhận khen thưởng",
    )


def test_it_records_an_award_to_a_person_of_a_unit(world: World) -> None:
    award = _award(
        world, title=world.title("cstd-cand"), recipient=Recipient.PERSON,
        person_name="  Nguyễn   Văn An ", person_rank="Thượng tá",
        person_position="Trưởng phòng Cảnh sát hình sự",
    )  # fmt: skip

    assert award.person_name == "Nguyễn Văn An"
    assert award.recipient_label == (
        "Thượng tá Nguyễn Văn An, Trưởng phòng Cảnh sát hình sự (Long An)"
    )


def test_it_stores_the_decision_file_under_a_name_of_its_own(world: World) -> None:
    upload = SimpleUploadedFile("../../quyết định.pdf", PDF)

    award = _award(world, file=upload, file_name=upload.name)

    assert award.file_name == "quyết định.pdf"
    assert award.file_type == "application/pdf"
    assert str(award.decision_file.name).startswith("awards/decisions/")
    assert award.decision_file.read() == PDF


def _refusal(world: World, settings: Any, **overrides: Any) -> dict[str, list[str]]:
    before = Award.objects.count()
    with pytest.raises(ValidationError) as caught:
        _award(world, **overrides)
    assert Award.objects.count() == before
    assert _files(settings) == []
    return _messages(caught.value)


def test_it_refuses_a_decision_dated_before_the_year_it_is_for(world: World, settings: Any) -> None:
    errors = _refusal(world, settings, decision_date=dt.date(2023, 12, 31))

    assert errors == {"decision_date": ["Ngày quyết định 31/12/2023 trước năm thành tích 2024."]}


def test_it_refuses_a_decision_dated_in_the_future(world: World, settings: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    errors = _refusal(world, settings, decision_date=tomorrow)

    assert errors == {"decision_date": [f"Ngày quyết định {tomorrow:%d/%m/%Y} chưa đến."]}


def test_it_refuses_an_award_to_a_unit_merged_away_before_the_year(
    world: World, settings: Any
) -> None:
    errors = _refusal(
        world, settings, unit=world.units["BPC"], year=2026, decision_date=dt.date(2026, 1, 5)
    )

    assert errors == {
        "unit": [
            "Công an tỉnh Bình Phước không còn hoạt động trong năm 2026 (hoạt động đến "
            "30/06/2025, sau đó sáp nhập hoặc giải thể): không khen thưởng cho năm này được."
        ]
    }


def test_it_refuses_an_award_to_a_unit_not_yet_formed_that_year(
    world: World, settings: Any
) -> None:
    errors = _refusal(world, settings, unit=world.units["NEW"], cluster=None)

    assert errors["unit"] == [
        "Công an tỉnh Mới lập chưa được thành lập trong năm 2024 (hoạt động từ 01/07/2025): "
        "không khen thưởng cho năm này được."
    ]


def test_it_accepts_an_award_to_a_merged_unit_for_its_last_year(world: World) -> None:
    award = _award(world, unit=world.units["BPC"], year=2025, decision_date=dt.date(2026, 2, 1))

    assert award.year == 2025


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"recipient": "person", "person_name": "Nguyễn Văn An"},
            {
                "title": [
                    "“Cờ thi đua của Bộ Công an” là danh hiệu tập thể: không tặng cho cá nhân."
                ]
            },
        ),
        (
            {"title_code": "cstd-co-so"},
            {"title": ["“Chiến sĩ thi đua cơ sở” là danh hiệu cá nhân: không tặng cho tập thể."]},
        ),
        (
            {"title_code": "cstd-co-so", "recipient": "person"},
            {"person_name": ["Hãy nhập họ và tên cá nhân được khen thưởng."]},
        ),
        (
            {"person_name": "Nguyễn Văn An"},
            {"person_name": ["Khen thưởng tập thể không ghi họ tên, cấp bậc, chức vụ cá nhân."]},
        ),
        (
            {"decision_number": "   "},
            {"decision_number": ["Hãy nhập số quyết định, ví dụ “123/QĐ-BCA”."]},
        ),
        (
            {"year": 1900},
            {
                "year": [
                    f"Năm thành tích 1900 không hợp lệ: phải từ 1945 đến {timezone.localdate().year}."
                ]
            },
        ),
        ({"year": "2024"}, {"year": ["Năm phải là một số nguyên, ví dụ 2024."]}),
        (
            {"decision_number": "x" * 101},
            {"decision_number": ["“số quyết định” dài quá 100 ký tự."]},
        ),
    ],
)
def test_it_refuses_what_does_not_make_an_award(
    world: World, settings: Any, overrides: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    if "title_code" in overrides:
        overrides["title"] = world.title(overrides.pop("title_code"))

    assert _refusal(world, settings, **overrides) == errors


def test_it_refuses_a_cluster_of_another_year_or_without_the_unit(
    world: World, settings: Any
) -> None:
    errors = _refusal(world, settings, cluster=world.other_cluster, by=world["admin"])

    assert errors == {"cluster": ["Long An không phải thành viên của Cụm thi đua số 2 (2024)."]}


def test_it_refuses_a_retired_title_for_a_new_award(world: World, settings: Any) -> None:
    title = world.title("min")
    domain.title_update(title=title, by=world["admin"], expected_version=1, active=False)

    errors = _refusal(world, settings, title=Title.objects.get(pk=title.pk))

    assert errors == {
        "title": [
            "“Cờ thi đua của Bộ Công an” không còn dùng trong danh mục: hãy chọn danh hiệu khác."
        ]
    }


def test_it_refuses_the_same_title_twice_for_the_same_year(world: World, settings: Any) -> None:
    _award(world)

    errors = _refusal(world, settings, decision_number="99/QĐ-BCA")

    assert errors == {
        "title": [
            "Long An đã được tặng “Cờ thi đua của Bộ Công an” cho năm 2024 (quyết định số "
            "1520/QĐ-BCA ngày 10/03/2025)."
        ]
    }


def test_it_accepts_several_commendations_in_a_year_under_different_decisions(world: World) -> None:
    first = _award(world, title=world.title("bk-bo-truong"))
    second = _award(world, title=world.title("bk-bo-truong"), decision_number="2001/QĐ-BCA")

    assert first.pk != second.pk


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "quyet-dinh.pdf",
            b"MZ\x90\x00 not a pdf",
            "Nội dung tệp “quyet-dinh.pdf” không phải là tệp .pdf như tên của nó: hãy kiểm tra lại tệp.",
        ),
        (
            "quyet-dinh.exe",
            b"MZ\x90\x00",
            "Tệp “quyet-dinh.exe” không thuộc loại được nhận. Hãy gửi một trong các loại: doc, docx, jpeg, jpg, odt, pdf, png.",
        ),
        (
            "quyet-dinh.pdf.exe",
            PDF,
            "Tệp “quyet-dinh.pdf.exe” không thuộc loại được nhận. Hãy gửi một trong các loại: doc, docx, jpeg, jpg, odt, pdf, png.",
        ),
        (
            "bang-tinh.xlsx",
            b"PK\x03\x04",
            "Tệp “bang-tinh.xlsx” không thuộc loại được nhận. Hãy gửi một trong các loại: doc, docx, jpeg, jpg, odt, pdf, png.",
        ),
        ("rong.pdf", b"", "Tệp “rong.pdf” rỗng."),
    ],
)
def test_it_refuses_a_disguised_or_foreign_file(
    world: World, settings: Any, name: str, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile(name, content)

    errors = _refusal(world, settings, file=upload, file_name=name)

    assert errors == {"file": [message]}


def test_it_refuses_an_oversized_file(world: World, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 20
    upload = SimpleUploadedFile("qd.pdf", PDF + b"0" * 100)

    errors = _refusal(world, settings, file=upload, file_name="qd.pdf")

    assert errors["file"][0].startswith("Tệp “qd.pdf” nặng")


def test_it_names_every_problem_at_once(world: World, settings: Any) -> None:
    errors = _refusal(
        world, settings, title=world.title("cstd-co-so"), decision_number="",
        decision_date=dt.date(2020, 1, 1),
    )  # fmt: skip

    assert sorted(errors) == ["decision_date", "decision_number", "title"]


# ---------------------------------------------------------------------------------------
# Who records


@pytest.mark.parametrize("role", ["head", "deputy", "member", "leader", "outsider"])
def test_it_lets_only_offices_and_administrators_record_awards(world: World, role: str) -> None:
    with pytest.raises(PermissionDenied):
        _award(world, by=world[role])

    assert Award.objects.count() == 0


def test_it_lets_another_office_record_but_not_in_a_cluster_it_does_not_manage(
    world: World,
) -> None:
    with pytest.raises(PermissionDenied):
        _award(world, by=world["other_office"], cluster=world.cluster)

    award = _award(world, by=world["other_office"])

    assert award.cluster is None


# ---------------------------------------------------------------------------------------
# Correcting and removing


def test_it_corrects_an_award_with_the_reason_in_its_history(world: World) -> None:
    award = _award(world)

    domain.award_update(
        award=award, by=world["admin"], expected_version=1, reason="Ghi sai số quyết định",
        decision_number="1521/QĐ-BCA",
    )  # fmt: skip

    award.refresh_from_db()
    latest = award.history.first()
    assert (award.decision_number, award.version) == ("1521/QĐ-BCA", 2)
    assert (latest.history_user, latest.history_change_reason) == (
        world["admin"],
        "Ghi sai số quyết định",
    )
    assert latest.prev_record.decision_number == "1520/QĐ-BCA"


def test_it_refuses_a_correction_without_a_reason_or_on_a_stale_version(world: World) -> None:
    award = _award(world)

    with pytest.raises(ValidationError) as no_reason:
        domain.award_update(
            award=award, by=world["office"], expected_version=1, reason=" ", year=2023
        )
    with pytest.raises(ValidationError) as stale:
        domain.award_update(
            award=award, by=world["office"], expected_version=0, reason="x", year=2023
        )

    assert _messages(no_reason.value) == {
        "reason": ["Hãy nêu lý do sửa khen thưởng (được lưu trong lịch sử)."]
    }
    assert stale.value.code == "conflict"
    assert "Nguyễn Thị Hạnh" in stale.value.messages[0]
    assert Award.objects.get(pk=award.pk).year == 2024


def test_it_replaces_the_file_and_removes_the_old_one_after_the_commit(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    award = _award(world, file=SimpleUploadedFile("a.pdf", PDF), file_name="a.pdf")
    old = str(award.decision_file.name)

    with django_capture_on_commit_callbacks(execute=True):
        domain.award_update(
            award=award, by=world["office"], expected_version=1, reason="Bản scan rõ hơn",
            file=SimpleUploadedFile("b.pdf", PDF + b"%"), file_name="b.pdf",
        )  # fmt: skip

    award.refresh_from_db()
    assert award.file_name == "b.pdf"
    assert not award.decision_file.storage.exists(old)
    assert len(_files(settings)) == 1


def test_it_removes_an_award_keeping_who_and_why(world: World) -> None:
    award = _award(world)
    pk = award.pk

    domain.award_delete(award=award, by=world["office"], expected_version=1, reason="Ghi trùng")

    assert not Award.objects.filter(pk=pk).exists()
    gone = Award.history.filter(id=pk).first()
    assert (gone.history_type, gone.history_change_reason) == ("-", "Ghi trùng")


def test_it_cuts_a_long_reason_to_the_history_column(world: World) -> None:
    award = _award(world)

    domain.award_update(
        award=award, by=world["office"], expected_version=1, reason="lý do " * 40, note="x"
    )

    reason = award.history.first().history_change_reason
    assert len(reason) == 100
    assert reason.endswith("…")
