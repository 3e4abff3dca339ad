"""The conference pages: the calendar, recording a conference with its guest rows, the
conference page with its files and outcomes; refusals in Vietnamese that change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conferences.world import HIEP, HUNG, World
from thidua.conferences import domain
from thidua.conferences.models import Attachment, Conference, ConferenceKind, Guest, Outcome

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 32
LIST = reverse("conferences:conference_list")


def text(response: Any) -> str:
    return str(response.content.decode())


def detail(conference: Conference) -> str:
    return reverse("conferences:conference_detail", args=[conference.pk])


def flashes(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# ---------------------------------------------------------------------------------------
# The calendar


def test_it_shows_the_years_conferences_month_by_month(world: World) -> None:
    world.signing()
    world.conference()

    response = world.client("member_officer").get(LIST)

    page = text(response)
    assert response.status_code == 200
    assert response.context["year"] == 2024
    filled = [(m.month, [c.kind for c in m.conferences]) for m in response.context["months"]]
    assert [f for f in filled if f[1]] == [(3, ["signing"]), (11, ["year_end"])]
    assert "Tháng 3/2024" in page
    assert "Tháng 11/2024" in page
    assert "Hội nghị ký giao ước thi đua" in page
    assert "Hội nghị tổng kết" in page


def test_it_filters_the_calendar_by_cluster_and_kind(world: World) -> None:
    world.signing()
    world.conference()

    response = world.client("office").get(
        LIST, {"cluster": str(world.cluster.pk), "kind": "year_end"}
    )

    assert [c.kind for m in response.context["months"] for c in m.conferences] == ["year_end"]
    assert response.context["cluster"] == world.cluster


def test_it_swaps_only_the_calendar_for_htmx(world: World) -> None:
    world.conference()

    response = world.client("office").get(LIST, {"year": 2024}, HTTP_HX_REQUEST="true")

    assert "<html" not in text(response)
    assert 'data-testid="calendar"' in text(response)


def test_it_hides_another_clusters_calendar(world: World) -> None:
    world.conference()

    outsider = world.client("outsider")

    assert outsider.get(LIST, {"cluster": world.cluster.pk}).status_code == 404
    assert outsider.get(LIST, {"year": 2024}).context["count"] == 0


def test_it_offers_to_record_a_conference_only_to_those_who_run_a_cluster(world: World) -> None:
    officer = text(world.client("head_officer").get(LIST, {"year": 2024}))
    leader = text(world.client("leader").get(LIST, {"year": 2024}))

    create = reverse("conferences:conference_create", args=[world.cluster.pk])
    assert create in officer
    assert create not in leader


def _calendar_queries(world: World, clusters: int) -> int:
    for index in range(clusters):
        world.conference(
            date=dt.date(2024, 11, 1 + index), title=f"Tổng kết {index}", guests=[HIEP, HUNG]
        )
        conference = Conference.objects.latest("pk")
        if index == 0:
            domain.outcome_link(
                conference=conference,
                by=world.users["office"],
                expected_version=1,
                vote=world.vote,
            )
    client = world.client("office")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"year": 2024})
    assert response.context["count"] == clusters
    return len(queries)


def test_it_shows_the_calendar_in_the_same_number_of_queries_whatever_it_holds(
    world: World,
) -> None:
    few = _calendar_queries(world, 1)
    Outcome.objects.all().delete()
    Conference.objects.all().delete()
    many = _calendar_queries(world, 6)

    assert few == many


# ---------------------------------------------------------------------------------------
# Recording a conference


def _form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": ConferenceKind.YEAR_END,
        "status": "held",
        "title": "",
        "date": "23/11/2024",
        "start_time": "14:00",
        "place": "Công an tỉnh Tây Ninh",
        "chair_rank": "",
        "chair_name": "",
        "chair_position": "",
        "agenda": "Báo cáo tổng kết\nBỏ phiếu suy tôn",
        "minutes": "",
        "note": "",
        "guest_id": ["", ""],
        "guest_rank": ["Thiếu tướng", "Thiếu tướng"],
        "guest_name": ["Cao Đăng Hưng", "Lê Hoàng Hiệp"],
        "guest_position": ["Phó Chánh Văn phòng", "Phó Cục trưởng"],
        "guest_organisation": ["Bộ Công an", "Cục Công tác đảng và công tác chính trị"],
    }
    data.update(extra)
    return data


def test_it_records_a_conference_with_its_guest_rows_in_page_order(world: World) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    response = world.client("head_officer").post(url, _form(host_unit=world.units["TNH"].pk))

    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(conference)
    assert (conference.kind, conference.start_time, conference.host_unit) == (
        "year_end",
        dt.time(14, 0),
        world.units["TNH"],
    )
    assert [g.line for g in conference.guests.order_by("order")] == [
        "Thiếu tướng Cao Đăng Hưng, Phó Chánh Văn phòng Bộ Công an",
        "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng và công tác chính trị",
    ]


def test_it_skips_blank_guest_rows(world: World) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    world.client("head_officer").post(
        url,
        _form(
            guest_id=["", ""],
            guest_rank=["", ""],
            guest_name=["", "Lê Hoàng Hiệp"],
            guest_position=["", ""],
            guest_organisation=["", ""],
        ),
    )

    assert list(Guest.objects.values_list("name", flat=True)) == ["Lê Hoàng Hiệp"]


def test_it_refuses_a_date_outside_the_cluster_year_and_saves_nothing(world: World) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    response = world.client("head_officer").post(
        url, _form(kind=ConferenceKind.SIGNING, date="23/11/2023")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Ngày hội nghị 23/11/2023 không thuộc năm 2024 của Cụm thi đua số 10 (2024): hội nghị "
        "của cụm năm nào diễn ra trong năm đó."
    ]
    assert (Conference.objects.count(), Guest.objects.count()) == (0, 0)


def test_it_refuses_a_badly_typed_date_in_vietnamese(world: World) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    response = world.client("head_officer").post(url, _form(date="2024-31-12"))

    assert response.context["form"].errors["date"] == [
        "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025."
    ]
    assert Conference.objects.count() == 0


def test_it_marks_the_guest_row_that_lacks_a_name(world: World) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    response = world.client("head_officer").post(
        url,
        _form(
            guest_id=["", "", ""],
            guest_rank=["", "Đại tá", ""],
            guest_name=["", "", "Lê Hoàng Hiệp"],
            guest_position=["", "Giám đốc", ""],
            guest_organisation=["", "", ""],
        ),
    )

    rows = response.context["form"].guest_rows
    assert [r.errors for r in rows] == [[], ["Hãy nhập họ tên của đại biểu thứ 1."], []]
    assert "Danh sách đại biểu có lỗi: xem từng dòng bên dưới." in text(response)
    assert Conference.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"), [("member_officer", 403), ("leader", 403), ("outsider", 404)]
)
def test_it_refuses_the_form_to_those_who_do_not_run_the_cluster(
    world: World, role: str, status: int
) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    assert world.client(role).post(url, _form()).status_code == status
    assert Conference.objects.count() == 0


def test_it_adds_an_empty_guest_row_for_htmx(world: World) -> None:
    response = world.client("head_officer").get(
        reverse("conferences:guest_row"), HTTP_HX_REQUEST="true"
    )

    page = text(response)
    assert response.status_code == 200
    assert page.count('name="guest_name"') == 1
    assert "data-guest-row" in page


def test_it_refuses_a_stale_edit_and_keeps_the_newer_change(world: World) -> None:
    conference = world.conference()
    domain.conference_update(
        conference=conference, by=world.users["office"], expected_version=1, place="Nơi mới"
    )
    url = reverse("conferences:conference_edit", args=[conference.pk])

    response = world.client("head_officer").post(url, _form(version=1, place="Nơi cũ"))

    assert response.status_code == 200
    assert "Thay đổi của bạn chưa được lưu" in text(response)
    conference.refresh_from_db()
    assert (conference.place, conference.version) == ("Nơi mới", 2)


def test_it_saves_the_guests_in_the_order_the_page_shows(world: World) -> None:
    conference = world.conference(guests=[HUNG, HIEP])
    hung, hiep = conference.guests.order_by("order")
    url = reverse("conferences:conference_edit", args=[conference.pk])

    world.client("deputy_officer").post(
        url,
        _form(
            version=1,
            reason="Sắp xếp theo thứ tự giới thiệu",
            guest_id=[str(hiep.pk), str(hung.pk)],
            guest_rank=["Thiếu tướng", "Thiếu tướng"],
            guest_name=["Lê Hoàng Hiệp", "Cao Đăng Hưng"],
            guest_position=["Phó Cục trưởng", "Phó Chánh Văn phòng"],
            guest_organisation=["Cục Công tác đảng và công tác chính trị", "Bộ Công an"],
        ),
    )

    assert list(conference.guests.order_by("order").values_list("pk", flat=True)) == [
        hiep.pk,
        hung.pk,
    ]
    assert conference.history.latest().history_change_reason == "Sắp xếp theo thứ tự giới thiệu"


# ---------------------------------------------------------------------------------------
# The conference page


def test_it_shows_the_conference_with_its_guests_and_what_it_decided(world: World) -> None:
    conference = world.conference(guests=[HIEP], chair_rank="Đại tá", chair_name="Trần Văn B",
                                  chair_position="Giám đốc Công an tỉnh Tây Ninh")  # fmt: skip
    domain.outcome_link(
        conference=conference, by=world.users["office"], expected_version=1, vote=world.vote
    )

    page = text(world.client("leader").get(detail(conference)))

    assert (
        "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng và công tác chính trị" in page
    )
    assert "Đại tá Trần Văn B, Giám đốc Công an tỉnh Tây Ninh" in page
    assert reverse("voting:vote_detail", args=[world.vote.pk]) in page
    assert reverse("conferences:conference_edit", args=[conference.pk]) not in page


def test_it_offers_the_writers_the_records_to_link(world: World) -> None:
    conference = world.conference()

    page = text(world.client("head_officer").get(detail(conference)))

    assert reverse("conferences:conference_edit", args=[conference.pk]) in page
    assert f'value="vote:{world.vote.pk}"' in page
    assert f'value="handover:{world.handover.pk}"' in page
    assert f'value="vote:{world.other_vote.pk}"' not in page


def test_it_links_and_unlinks_an_outcome_from_the_page(world: World) -> None:
    conference = world.conference()
    client = world.client("head_officer")

    client.post(
        reverse("conferences:outcome_link", args=[conference.pk]),
        {"record": f"handover:{world.handover.pk}", "version": 1},
    )
    outcome = Outcome.objects.get()
    response = client.post(
        reverse("conferences:outcome_unlink", args=[conference.pk, outcome.pk]),
        {"version": 2},
        follow=True,
    )

    assert outcome.handover == world.handover
    assert Outcome.objects.count() == 0
    assert "Đã gỡ kết quả: Bàn giao Cụm trưởng, Cụm phó." in flashes(response)


def test_it_refuses_a_forged_record_of_another_cluster(world: World) -> None:
    conference = world.conference()

    response = world.client("head_officer").post(
        reverse("conferences:outcome_link", args=[conference.pk]),
        {"record": f"vote:{world.other_vote.pk}", "version": 1},
        follow=True,
    )

    assert Outcome.objects.count() == 0
    assert flashes(response) == [
        "Việc đã chọn không ghi được cho hội nghị này (không thuộc cụm thi đua năm đó, hoặc đã "
        "được ghi ở hội nghị khác): hãy tải lại trang rồi chọn lại."
    ]


def test_it_uploads_a_photo_and_streams_it_back_to_a_member(world: World) -> None:
    conference = world.conference()

    world.client("head_officer").post(
        reverse("conferences:attachment_upload", args=[conference.pk]),
        {"kind": "photo", "caption": "Quang cảnh", "version": 1,
         "file": SimpleUploadedFile("quang-canh.png", PNG, content_type="image/png")},
    )  # fmt: skip
    photo = Attachment.objects.get()
    page = text(world.client("member_officer").get(detail(conference)))
    response = world.client("member_officer").get(
        reverse("conferences:attachment_file", args=[photo.pk])
    )

    assert f'src="{reverse("conferences:attachment_file", args=[photo.pk])}"' in page
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response["Content-Disposition"].startswith("attachment")


def test_it_downloads_minutes_as_a_file(world: World) -> None:
    conference = world.conference()
    world.client("head_officer").post(
        reverse("conferences:attachment_upload", args=[conference.pk]),
        {"kind": "minutes", "version": 1,
         "file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip

    response = world.client("leader").get(
        reverse("conferences:attachment_file", args=[Attachment.objects.get().pk])
    )

    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban.pdf"')


def test_it_refuses_a_disguised_upload_with_a_message(world: World) -> None:
    conference = world.conference()

    response = world.client("head_officer").post(
        reverse("conferences:attachment_upload", args=[conference.pk]),
        {"kind": "minutes", "version": 1,
         "file": SimpleUploadedFile("bien-ban.pdf", EXE, content_type="application/pdf")},
        follow=True,
    )  # fmt: skip

    assert flashes(response) == [
        "Nội dung tệp “bien-ban.pdf” không phải là tệp .pdf như tên của nó: hãy kiểm tra lại tệp."
    ]
    assert Attachment.objects.count() == 0


def test_it_hides_files_from_outsiders(world: World) -> None:
    conference = world.conference()
    world.client("head_officer").post(
        reverse("conferences:attachment_upload", args=[conference.pk]),
        {"kind": "minutes", "version": 1,
         "file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip
    url = reverse("conferences:attachment_file", args=[Attachment.objects.get().pk])

    assert world.client("outsider").get(url).status_code == 404
    assert world.client("other_office").get(url).status_code == 404


def test_it_deletes_a_conference_and_returns_to_its_clusters_calendar(world: World) -> None:
    conference = world.conference()

    response = world.client("office").post(
        reverse("conferences:conference_delete", args=[conference.pk]), {"version": 1}
    )

    assert response["Location"] == f"{LIST}?cluster={world.cluster.pk}"
    assert Conference.objects.count() == 0


def test_it_refuses_a_delete_from_a_stale_page(world: World) -> None:
    conference = world.conference()
    domain.conference_update(
        conference=conference, by=world.users["office"], expected_version=1, place="Nơi mới"
    )

    response = world.client("head_officer").post(
        reverse("conferences:conference_delete", args=[conference.pk]),
        {"version": 1},
        follow=True,
    )

    assert Conference.objects.count() == 1
    assert "Thay đổi của bạn chưa được lưu" in flashes(response)[0]


def test_it_shows_a_conference_whose_place_and_host_are_not_known_yet(world: World) -> None:
    world.conference(host_unit=None, place="", status="planned", kind=ConferenceKind.MID_YEAR,
                     date=dt.date(2024, 6, 20))  # fmt: skip

    response = world.client("leader").get(LIST, {"year": 2024})

    assert response.status_code == 200
    assert "Hội nghị sơ kết phong trào thi đua" in text(response)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"year": "abc"}, 200),
        ({"year": "99999999999999999999999"}, 200),
        ({"kind": "hop-mat"}, 200),
        ({"cluster": "abc"}, 404),
        ({"cluster": "99999999999999999999999"}, 404),
    ],
)
def test_it_answers_odd_calendar_queries_without_failing(
    world: World, query: dict[str, str], status: int
) -> None:
    world.conference()

    assert world.client("office").get(LIST, query).status_code == status


def test_it_answers_a_conference_number_beyond_any_id_with_not_found(world: World) -> None:
    huge = "/conferences/99999999999999999999999/"

    assert world.client("office").get(huge).status_code == 404
    assert world.client("office").get("/conferences/new/99999999999999999999999/").status_code == (
        404
    )


def test_it_refuses_a_nul_character_in_a_guest_row(world: World) -> None:
    url = reverse("conferences:conference_create", args=[world.cluster.pk])

    response = world.client("head_officer").post(
        url,
        _form(
            guest_id=[""],
            guest_rank=[""],
            guest_name=["Lê\x00Hiệp"],
            guest_position=[""],
            guest_organisation=[""],
        ),
    )

    assert response.context["form"].guest_rows[0].errors == ["Không được chứa ký tự NUL."]
    assert Conference.objects.count() == 0
