"""The conference rules: dates of the cluster-year, hosts, guests, versions, history,
outcomes of the conference's own cluster-year, checked files, nothing half-saved."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conferences.world import HIEP, HUNG, SIGNING, YEAR_END, World
from tests.org.factories import UnitFactory
from thidua.conferences import domain
from thidua.conferences.models import (
    Attachment,
    AttachmentKind,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Guest,
    Outcome,
    OutcomeKind,
)
from thidua.voting.models import VoteStatus

pytestmark = pytest.mark.django_db

UTC = dt.UTC
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 32


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {key: [str(m) for m in value] for key, value in error.message_dict.items()}


def counts() -> tuple[int, int, int, int]:
    return (
        Conference.objects.count(),
        Guest.objects.count(),
        Attachment.objects.count(),
        Outcome.objects.count(),
    )


# ---------------------------------------------------------------------------------------
# Recording a conference


def test_it_records_a_conference_with_its_guests_named_as_reports_name_them(world: World) -> None:
    conference = world.conference(guests=[HUNG, HIEP])

    guests = list(conference.guests.order_by("order"))
    assert [g.line for g in guests] == [
        "Thiếu tướng Cao Đăng Hưng, Phó Chánh Văn phòng Bộ Công an",
        "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng và công tác chính trị",
    ]
    assert [g.order for g in guests] == [0, 1]
    assert (conference.version, conference.created_by, conference.is_held) == (
        1,
        world.users["head_officer"],
        True,
    )


def test_it_names_the_conference_after_its_kind_and_year_when_no_title_is_given(
    world: World,
) -> None:
    conference = world.conference(title="  ")

    assert conference.title == "Hội nghị tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2024"


def test_it_keeps_who_recorded_the_conference_and_why_in_its_history(world: World) -> None:
    conference = world.conference()

    record = conference.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        world.users["head_officer"],
        "Ghi hội nghị",
    )


def test_it_shows_the_chair_as_reports_name_people(world: World) -> None:
    conference = world.conference(
        chair_rank="Thiếu tướng",
        chair_name="Nguyễn Văn Thuận",
        chair_position="Giám đốc Công an thành phố Cần Thơ",
    )

    assert (
        conference.chair_line == "Thiếu tướng Nguyễn Văn Thuận, Giám đốc Công an thành phố Cần Thơ"
    )


@pytest.mark.parametrize(
    ("kind", "day", "allowed"),
    [
        (ConferenceKind.SIGNING, dt.date(2024, 1, 1), True),
        (ConferenceKind.SIGNING, dt.date(2024, 12, 31), True),
        (ConferenceKind.SIGNING, dt.date(2023, 12, 31), False),
        (ConferenceKind.SIGNING, dt.date(2025, 1, 2), False),
        (ConferenceKind.YEAR_END, dt.date(2025, 3, 31), True),
        (ConferenceKind.YEAR_END, dt.date(2025, 4, 1), False),
        (ConferenceKind.MID_YEAR, dt.date(2025, 1, 15), False),
    ],
)
def test_it_keeps_a_conference_inside_its_cluster_year(
    world: World, kind: str, day: dt.date, allowed: bool
) -> None:
    if allowed:
        assert world.conference(kind=kind, date=day).date == day
        return
    with pytest.raises(ValidationError) as refused:
        world.conference(kind=kind, date=day)

    assert list(messages(refused.value)) == ["date"]
    assert "2024" in messages(refused.value)["date"][0]
    assert Conference.objects.count() == 0


def test_it_says_until_when_a_year_end_summary_may_be_held(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.conference(date=dt.date(2025, 5, 1))

    assert messages(refused.value)["date"] == [
        "Hội nghị tổng kết của Cụm thi đua số 10 (2024) phải diễn ra trong năm 2024 hoặc đến "
        "hết ngày 31/03/2025."
    ]


def test_it_refuses_an_end_before_the_start(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.conference(end_date=dt.date(2024, 11, 22))

    assert messages(refused.value) == {
        "end_date": ["Ngày kết thúc không được trước ngày bắt đầu (23/11/2024)."]
    }


def test_it_refuses_a_held_conference_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.conference(at=dt.datetime(2024, 11, 1, 9, tzinfo=UTC))

    assert messages(refused.value) == {
        "status": ["Hội nghị ngày 23/11/2024 chưa diễn ra nên chưa thể ghi là đã tổ chức."]
    }


def test_it_plans_a_conference_in_the_future(world: World) -> None:
    conference = world.conference(
        status=ConferenceStatus.PLANNED, at=dt.datetime(2024, 11, 1, 9, tzinfo=UTC)
    )

    assert conference.status == ConferenceStatus.PLANNED


def test_it_refuses_a_host_outside_the_cluster_for_the_clusters_own_conference(
    world: World,
) -> None:
    stranger = UnitFactory(code="HNI", name="Công an thành phố Hà Nội")

    with pytest.raises(ValidationError) as refused:
        world.signing(host_unit=stranger)

    assert list(messages(refused.value)) == ["host_unit"]
    assert "không phải thành viên" in messages(refused.value)["host_unit"][0]


def test_it_lets_a_study_visit_be_hosted_outside_the_cluster(world: World) -> None:
    stranger = UnitFactory(code="HNI", name="Công an thành phố Hà Nội")

    conference = world.conference(
        kind=ConferenceKind.STUDY_VISIT, date=dt.date(2024, 8, 19), host_unit=stranger
    )

    assert conference.host_unit == stranger


def test_it_refuses_a_host_that_no_longer_existed_that_day(world: World) -> None:
    host = world.units["BPC"]
    host.active_to = dt.date(2024, 6, 30)
    host.save()

    with pytest.raises(ValidationError) as refused:
        world.conference(host_unit=host)

    assert messages(refused.value) == {
        "host_unit": ["Bình Phước không hoạt động vào ngày 23/11/2024."]
    }


def test_it_refuses_a_guest_without_a_name_and_saves_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.conference(guests=[HIEP, domain.GuestInput(name=" ", rank="Đại tá")])

    assert messages(refused.value) == {"guests.1.name": ["Hãy nhập họ tên của đại biểu thứ 2."]}
    assert counts() == (0, 0, 0, 0)


def test_it_refuses_text_longer_than_its_field(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        world.conference(place="x" * 256)

    assert messages(refused.value) == {"place": ["Không được dài quá 255 ký tự (đang có 256)."]}


@pytest.mark.parametrize("role", ["member_officer", "leader", "outsider", "other_office"])
def test_it_lets_only_those_who_run_the_cluster_record_its_conferences(
    world: World, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        world.conference(by=world.users[role])

    assert Conference.objects.count() == 0


# ---------------------------------------------------------------------------------------
# Changing it


def test_it_changes_the_fields_named_and_keeps_before_and_after(world: World) -> None:
    conference = world.conference()

    changed = domain.conference_update(
        conference=conference,
        by=world.users["deputy_officer"],
        expected_version=1,
        place="Hội trường Công an tỉnh Tây Ninh",
        reason="Ghi đúng hội trường",
    )

    assert (changed.place, changed.version, changed.updated_by) == (
        "Hội trường Công an tỉnh Tây Ninh",
        2,
        world.users["deputy_officer"],
    )
    latest, earlier = conference.history.order_by("-history_id")[:2]
    assert (earlier.place, latest.place) == (
        "Công an tỉnh Tây Ninh",
        "Hội trường Công an tỉnh Tây Ninh",
    )
    assert (latest.history_user, latest.history_change_reason) == (
        world.users["deputy_officer"],
        "Ghi đúng hội trường",
    )


def test_it_refuses_a_change_made_on_a_stale_page_and_says_who_saved(world: World) -> None:
    conference = world.conference()
    domain.conference_update(
        conference=conference, by=world.users["office"], expected_version=1, place="Nơi khác"
    )

    with pytest.raises(ValidationError) as refused:
        domain.conference_update(
            conference=conference, by=world.users["head_officer"], expected_version=1, place="A"
        )

    assert refused.value.code == "conflict"
    assert world.users["office"].display_name in refused.value.messages[0]
    conference.refresh_from_db()
    assert (conference.place, conference.version) == ("Nơi khác", 2)


def test_it_replaces_the_guest_list_keeping_the_guests_it_names(world: World) -> None:
    conference = world.conference(guests=[HUNG, HIEP])
    hung, hiep = conference.guests.order_by("order")

    domain.conference_update(
        conference=conference,
        by=world.users["head_officer"],
        expected_version=1,
        guests=[
            domain.GuestInput(id=hiep.pk, rank="Thiếu tướng", name="Lê Hoàng Hiệp",
                              position="Phó Cục trưởng", organisation="Cục CTĐ, CTCT"),
            domain.GuestInput(name="Nguyễn Văn A", rank="Đại tá", position="Giám đốc"),
        ],
    )  # fmt: skip

    guests = list(conference.guests.order_by("order"))
    assert [(g.pk == hiep.pk, g.name, g.organisation, g.order) for g in guests] == [
        (True, "Lê Hoàng Hiệp", "Cục CTĐ, CTCT", 0),
        (False, "Nguyễn Văn A", "", 1),
    ]
    assert not Guest.objects.filter(pk=hung.pk).exists()
    assert Guest.history.filter(id=hung.pk, history_type="-").get().history_change_reason == (
        "Bỏ đại biểu Cao Đăng Hưng"
    )


def test_it_adds_removes_and_reorders_guests_one_at_a_time(world: World) -> None:
    conference = world.conference(guests=[HUNG])
    officer = world.users["head_officer"]

    hiep = domain.guest_add(conference=conference, by=officer, expected_version=1, guest=HIEP)
    hung = conference.guests.get(name="Cao Đăng Hưng")
    domain.guest_reorder(
        conference=conference, by=officer, expected_version=2, order=[hiep.pk, hung.pk]
    )
    order = list(conference.guests.order_by("order").values_list("name", flat=True))
    domain.guest_remove(guest=hung, by=officer, expected_version=3)

    assert order == ["Lê Hoàng Hiệp", "Cao Đăng Hưng"]
    assert list(conference.guests.values_list("name", flat=True)) == ["Lê Hoàng Hiệp"]
    conference.refresh_from_db()
    assert conference.version == 4


def test_it_refuses_an_order_that_does_not_name_every_guest_once(world: World) -> None:
    conference = world.conference(guests=[HUNG, HIEP])
    first = conference.guests.order_by("order").first()
    assert first is not None

    with pytest.raises(ValidationError) as refused:
        domain.guest_reorder(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=1,
            order=[first.pk, first.pk],
        )

    assert list(messages(refused.value)) == ["order"]


def test_it_refuses_a_guest_added_without_a_name(world: World) -> None:
    conference = world.conference()

    with pytest.raises(ValidationError) as refused:
        domain.guest_add(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=1,
            guest=domain.GuestInput(name=""),
        )

    assert messages(refused.value) == {"name": ["Hãy nhập họ tên của đại biểu thứ 1."]}
    assert Guest.objects.count() == 0


def test_it_removes_a_conference_recorded_by_mistake_with_its_guests_and_files(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    conference = world.conference(guests=[HIEP])
    attachment = domain.attachment_add(
        conference=conference, by=world.users["head_officer"], expected_version=1,
        file=BytesIO(PDF), name="bien-ban.pdf", kind=AttachmentKind.MINUTES,
    )  # fmt: skip
    stored = str(attachment.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        domain.conference_delete(
            conference=conference, by=world.users["office"], expected_version=2, reason="Nhập trùng"
        )

    assert counts() == (0, 0, 0, 0)
    assert not default_storage.exists(stored)
    assert Conference.history.filter(history_type="-").get().history_change_reason == "Nhập trùng"


def test_it_keeps_a_conference_that_recorded_outcomes(world: World) -> None:
    conference = world.conference()
    domain.outcome_link(
        conference=conference, by=world.users["head_officer"], expected_version=1, vote=world.vote
    )

    with pytest.raises(ValidationError) as refused:
        domain.conference_delete(
            conference=conference, by=world.users["head_officer"], expected_version=2
        )

    assert refused.value.code == "has_outcomes"
    assert counts() == (1, 0, 0, 1)


# ---------------------------------------------------------------------------------------
# Outcomes


def test_it_records_the_vote_and_the_handover_of_the_year_end_summary(world: World) -> None:
    conference = world.conference()
    officer = world.users["head_officer"]

    domain.outcome_link(conference=conference, by=officer, expected_version=1, vote=world.vote)
    domain.outcome_link(
        conference=conference, by=officer, expected_version=2, handover=world.handover
    )

    assert sorted(conference.outcomes.values_list("kind", flat=True)) == [
        OutcomeKind.HANDOVER_MADE,
        OutcomeKind.VOTE_HELD,
    ]
    conference.refresh_from_db()
    assert conference.version == 3


def test_it_records_the_covenant_signed_at_the_signing_conference(world: World) -> None:
    conference = world.signing()

    outcome = domain.outcome_link(
        conference=conference,
        by=world.users["office"],
        expected_version=1,
        covenant=world.covenant,
    )

    assert (outcome.kind, outcome.record) == (OutcomeKind.COVENANT_SIGNED, world.covenant)


def test_it_refuses_an_outcome_of_another_cluster(world: World) -> None:
    conference = world.conference()

    with pytest.raises(ValidationError) as refused:
        domain.outcome_link(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=1,
            vote=world.other_vote,
        )

    assert messages(refused.value) == {
        "vote": [
            "“Bình xét Cụm 2” không thuộc Cụm thi đua số 10 (2024) của hội nghị này: chỉ ghi "
            "được việc của chính cụm thi đua năm đó."
        ]
    }
    assert Outcome.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "record"), [(ConferenceKind.SIGNING, "vote"), (ConferenceKind.YEAR_END, "covenant")]
)
def test_it_refuses_an_outcome_the_kind_of_conference_does_not_decide(
    world: World, kind: str, record: str
) -> None:
    conference = world.conference(kind=kind, date=SIGNING if kind == "signing" else YEAR_END)
    given: Any = {"vote": world.vote, "covenant": world.covenant}[record]

    with pytest.raises(ValidationError) as refused:
        domain.outcome_link(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=1,
            **{record: given},
        )

    assert list(messages(refused.value)) == [record]
    assert "không ghi được kết quả" in messages(refused.value)[record][0]


def test_it_refuses_an_outcome_of_a_conference_not_yet_held(world: World) -> None:
    conference = world.conference(status=ConferenceStatus.PLANNED)

    with pytest.raises(ValidationError) as refused:
        domain.outcome_link(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=1,
            vote=world.vote,
        )

    assert messages(refused.value)["vote"][0].startswith("Chỉ hội nghị đã tổ chức")


def test_it_refuses_a_vote_that_was_never_opened(world: World) -> None:
    world.vote.status = VoteStatus.DRAFT
    world.vote.save()
    conference = world.conference()

    with pytest.raises(ValidationError) as refused:
        domain.outcome_link(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=1,
            vote=world.vote,
        )

    assert "chưa mở" in messages(refused.value)["vote"][0]


def test_it_records_a_vote_at_one_conference_only(world: World) -> None:
    first = world.conference()
    domain.outcome_link(
        conference=first, by=world.users["head_officer"], expected_version=1, vote=world.vote
    )
    second = world.conference(date=dt.date(2024, 12, 5), title="Hội nghị tổng kết bổ sung")

    with pytest.raises(ValidationError) as refused:
        domain.outcome_link(
            conference=second, by=world.users["head_officer"], expected_version=1, vote=world.vote
        )

    assert messages(refused.value) == {
        "vote": [
            "“Bình xét, suy tôn năm 2024” đã được ghi là kết quả của “Hội nghị tổng kết phong "
            "trào thi đua “Vì an ninh Tổ quốc” năm 2024” (23/11/2024)."
        ]
    }


@pytest.mark.parametrize("given", [{}, {"both": True}])
def test_it_wants_exactly_one_record(world: World, given: dict[str, Any]) -> None:
    conference = world.conference()
    records: dict[str, Any] = {"vote": world.vote, "handover": world.handover} if given else {}

    with pytest.raises(ValidationError) as refused:
        domain.outcome_link(
            conference=conference, by=world.users["head_officer"], expected_version=1, **records
        )

    assert list(messages(refused.value)) == ["record"]


def test_it_keeps_a_conference_with_outcomes_held_and_of_its_kind(world: World) -> None:
    conference = world.conference()
    domain.outcome_link(
        conference=conference, by=world.users["head_officer"], expected_version=1, vote=world.vote
    )

    with pytest.raises(ValidationError) as refused:
        domain.conference_update(
            conference=conference,
            by=world.users["head_officer"],
            expected_version=2,
            status=ConferenceStatus.PLANNED,
            kind=ConferenceKind.MID_YEAR,
        )

    assert sorted(messages(refused.value)) == ["kind", "status"]
    conference.refresh_from_db()
    assert (conference.status, conference.kind, conference.version) == ("held", "year_end", 2)


def test_it_unlinks_an_outcome_without_touching_the_vote(world: World) -> None:
    conference = world.conference()
    outcome = domain.outcome_link(
        conference=conference, by=world.users["head_officer"], expected_version=1, vote=world.vote
    )

    domain.outcome_unlink(outcome=outcome, by=world.users["office"], expected_version=2)

    assert Outcome.objects.count() == 0
    world.vote.refresh_from_db()
    assert world.vote.status == VoteStatus.CLOSED


def test_it_points_out_a_linked_record_dated_another_day(world: World) -> None:
    conference = world.conference()
    world.vote.conference_date = dt.date(2024, 11, 20)
    world.vote.save()
    domain.outcome_link(
        conference=conference, by=world.users["head_officer"], expected_version=1, vote=world.vote
    )
    conference = domain.conferences_of_year(cluster=world.cluster)[0]

    assert domain.outcome_notices(conference) == [
        "Bình xét, suy tôn năm 2024 ghi ngày 20/11/2024, khác ngày hội nghị 23/11/2024."
    ]


def test_it_offers_only_the_cluster_years_records_not_yet_linked(world: World) -> None:
    conference = world.conference()
    domain.outcome_link(
        conference=conference,
        by=world.users["head_officer"],
        expected_version=1,
        handover=world.handover,
    )

    candidates = domain.outcome_candidates(conference=conference)

    assert (candidates.covenants, candidates.votes, candidates.handovers) == ((), (world.vote,), ())


# ---------------------------------------------------------------------------------------
# Files


def _attach(world: World, conference: Conference, content: bytes, name: str, kind: str) -> Any:
    return domain.attachment_add(
        conference=conference,
        by=world.users["head_officer"],
        expected_version=conference.version,
        file=BytesIO(content),
        name=name,
        kind=kind,
        caption="Quang cảnh hội nghị",
    )


def test_it_stores_a_photo_under_a_name_of_its_own(world: World) -> None:
    conference = world.conference()

    photo = _attach(world, conference, PNG, "../../quang canh.png", AttachmentKind.PHOTO)

    assert (photo.original_name, photo.content_type, photo.size) == (
        "quang canh.png",
        "image/png",
        len(PNG),
    )
    assert photo.file.name.startswith(f"conferences/{conference.pk}/")
    assert photo.file.name.endswith(".png")
    assert "quang" not in photo.file.name
    conference.refresh_from_db()
    assert conference.version == 2


@pytest.mark.parametrize(
    ("content", "name", "kind", "problem"),
    [
        (EXE, "bien-ban.pdf", AttachmentKind.MINUTES, "không phải là tệp .pdf"),
        (EXE, "anh.jpg", AttachmentKind.PHOTO, "không phải là tệp .jpg"),
        (EXE, "chuong-trinh.exe", AttachmentKind.OTHER, "không thuộc loại được nhận"),
        (PDF, "bang.xlsx", AttachmentKind.OTHER, "không thuộc loại được nhận"),
        (PDF, "bien-ban.pdf", AttachmentKind.PHOTO, "Ảnh phải là tệp .jpg, .jpeg hoặc .png"),
        (b"", "rong.pdf", AttachmentKind.MINUTES, "rỗng"),
    ],
)
def test_it_refuses_a_disguised_or_unwanted_file_and_keeps_nothing(
    world: World, content: bytes, name: str, kind: str, problem: str
) -> None:
    conference = world.conference()

    with pytest.raises(ValidationError) as refused:
        _attach(world, conference, content, name, kind)

    assert problem in messages(refused.value)["file"][0]
    assert Attachment.objects.count() == 0
    assert not default_storage.exists(f"conferences/{conference.pk}")
    conference.refresh_from_db()
    assert conference.version == 1


def test_it_refuses_a_file_over_the_size_limit(world: World, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 64
    conference = world.conference()

    with pytest.raises(ValidationError) as refused:
        _attach(world, conference, PDF + b"0" * 64, "bien-ban.pdf", AttachmentKind.MINUTES)

    assert "quá giới hạn" in messages(refused.value)["file"][0]
    assert Attachment.objects.count() == 0


def test_it_removes_the_file_once_its_removal_is_committed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    conference = world.conference()
    attachment = _attach(world, conference, PDF, "bien-ban.pdf", AttachmentKind.MINUTES)
    stored = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        domain.attachment_delete(
            attachment=attachment, by=world.users["office"], expected_version=2
        )

    assert not default_storage.exists(stored)
    assert Attachment.history.filter(history_type="-").get().history_user == world.users["office"]


# ---------------------------------------------------------------------------------------
# Reads


def test_it_gives_the_year_end_report_the_years_conferences_in_order(world: World) -> None:
    late = world.conference(guests=[HIEP])
    early = world.signing(guests=[HUNG])

    conferences = domain.conferences_of_year(cluster=world.cluster)

    assert [c.pk for c in conferences] == [early.pk, late.pk]
    with CaptureQueriesContext(connection) as queries:
        lines = [[g.line for g in c.guests.all()] for c in conferences]
        kinds = [[o.kind for o in c.outcomes.all()] for c in conferences]
    assert (len(queries), lines[0][0].endswith("Bộ Công an"), kinds) == (0, True, [[], []])


def test_it_lays_the_year_out_month_by_month(world: World) -> None:
    signing = world.signing()
    late = world.conference(date=dt.date(2025, 1, 10))

    months = domain.calendar_months([late, signing], year=2024)

    assert [(m.year, m.month) for m in months] == [
        *((2024, month) for month in range(1, 13)),
        (2025, 1),
    ]
    assert [list(m.conferences) for m in months if m.conferences] == [[signing], [late]]
