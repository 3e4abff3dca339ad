"""The pages as users meet them: setup, ballot and receipt, screen, results, paper counts."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.voting.conftest import World, build_world, cast, ids, make_vote, open_vote
from thidua.voting import domain
from thidua.voting.models import Vote, VoteMethod, VoterRecord

pytestmark = pytest.mark.django_db


def test_it_creates_a_vote_with_the_default_titles_candidates_and_delegates(world: World) -> None:
    response = world.client(world.head_officer).post(
        "/votes/new/",
        {
            "cluster": world.cluster.pk,
            "conference_date": "20/11/2025",
            "conference_place": "Hội trường Công an tỉnh Thử",
            "method": "electronic",
        },
    )
    vote = Vote.objects.get()

    assert response.status_code == 302
    assert response.headers["Location"] == f"/votes/{vote.pk}/"
    assert [
        (t.code, t.name, t.quota, t.requires and t.requires.code) for t in vote.titles.all()
    ] == [
        ("gov", "Cờ thi đua của Chính phủ", 1, "min"),
        ("min", "Cờ thi đua của Bộ Công an", 3, None),
    ]
    assert vote.candidates.count() == 5
    assert vote.voters.count() == 5
    assert (vote.name, vote.member_units, vote.locality) == (
        "Bình xét, suy tôn danh hiệu thi đua năm 2025", 5, "Thử t0",
    )  # fmt: skip
    assert (vote.approval_numerator, vote.approval_denominator, vote.approval_strict) == (
        1,
        2,
        True,
    )
    assert (vote.quorum_numerator, vote.quorum_denominator, vote.quorum_strict) == (2, 3, False)


def test_it_refuses_a_conference_outside_the_clusters_year_with_a_message(world: World) -> None:
    response = world.client(world.head_officer).post(
        "/votes/new/",
        {
            "cluster": world.cluster.pk,
            "conference_date": "20/11/2023",
            "conference_place": "Hội trường",
            "method": "electronic",
        },
    )

    assert response.status_code == 200
    assert "Ngày hội nghị phải thuộc năm 2025 hoặc năm sau đó." in response.content.decode()
    assert Vote.objects.count() == 0


def _settings(vote: Vote, **changes: Any) -> dict[str, Any]:
    data = {
        "name": vote.name,
        "method": vote.method,
        "conference_date": vote.conference_date.strftime("%d/%m/%Y"),
        "conference_place": vote.conference_place,
        "locality": vote.locality,
        "opens_at": "",
        "closes_at": "",
        "approval_strict": "strict",
        "approval_numerator": 1,
        "approval_denominator": 2,
        "quorum_strict": "inclusive",
        "quorum_numerator": 2,
        "quorum_denominator": 3,
        "committee": "",
        "note": "",
        "title_gov_name": "Cờ thi đua của Chính phủ",
        "title_gov_quota": 1,
        "title_gov_requires": "min",
        "title_min_name": "Cờ thi đua của Bộ Công an",
        "title_min_quota": 3,
        "title_min_requires": "",
    }
    data.update(changes)
    return data


def test_it_saves_the_settings_and_audits_them(world: World) -> None:
    vote = make_vote(world)

    response = world.client(world.office).post(
        f"/votes/{vote.pk}/settings/",
        _settings(
            vote, title_min_quota=4, title_gov_requires="", approval_strict="inclusive",
            approval_numerator=2, approval_denominator=3, committee="Nguyễn Văn A – Trưởng ban",
            closes_at="20/11/2025 16:30",
        ),
    )  # fmt: skip
    vote.refresh_from_db()
    history: Any = vote.history.first()

    assert response.status_code == 302
    assert [(t.code, t.quota, t.requires_id) for t in vote.titles.all()] == [
        ("gov", 1, None),
        ("min", 4, None),
    ]
    assert (vote.approval_numerator, vote.approval_denominator, vote.approval_strict) == (
        2,
        3,
        False,
    )
    assert vote.closes_at is not None
    assert vote.closes_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M") == "16:30"
    assert history.history_user == world.office


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"approval_numerator": 3}, "Tỷ lệ phải nằm trong khoảng từ 0 đến 1"),
        ({"opens_at": "20/11/2025 16:00", "closes_at": "20/11/2025 15:00"}, "Giờ kết thúc phải sau giờ bắt đầu nhận phiếu."),
        ({"closes_at": "20/11/2025 25:00"}, "Thời điểm không hợp lệ: hãy nhập dạng dd/mm/yyyy hh:mm."),
        ({"title_min_quota": 0}, "Số đơn vị tối đa phải từ 1 trở lên."),
        ({"title_min_requires": "gov"}, "Các điều kiện kèm theo giữa các danh hiệu tạo thành vòng lặp."),
        ({"conference_date": "31/02/2025"}, "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy."),
    ],
    ids=["proportion", "window", "bad-time", "quota", "cycle", "date"],
)  # fmt: skip
def test_it_refuses_bad_settings_with_a_message_and_saves_nothing(
    world: World, changes: dict[str, Any], message: str
) -> None:
    vote = make_vote(world)
    before = list(vote.history.values_list("history_id", flat=True))

    response = world.client(world.head_officer).post(
        f"/votes/{vote.pk}/settings/", _settings(vote, **changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(vote.history.values_list("history_id", flat=True)) == before
    assert [t.quota for t in vote.titles.all()] == [1, 3]
    assert vote.titles.get(code="min").requires_id is None


def test_it_lets_only_the_minutes_details_change_after_the_close(world: World) -> None:
    vote = open_vote(world)
    vote = domain.vote_close(vote=vote, by=world.head_officer)

    form = world.client(world.head_officer).get(f"/votes/{vote.pk}/settings/").content.decode()
    response = world.client(world.head_officer).post(
        f"/votes/{vote.pk}/settings/", {"committee": "Trần Thị B", "locality": "Thử", "note": ""}
    )
    vote.refresh_from_db()

    assert 'name="approval_numerator"' not in form
    assert 'name="committee"' in form
    assert response.status_code == 302
    assert vote.committee == "Trần Thị B"
    with pytest.raises(ValidationError):
        domain.vote_update(vote=vote, approval_numerator=2, by=world.head_officer)


def test_it_changes_a_delegate_and_the_candidates_on_the_roll(world: World) -> None:
    vote = make_vote(world)
    from tests.factories import UserFactory

    deputy_leader = UserFactory(username="t.phophong", unit=world.units[3], role="leader")
    data = {}
    for i, unit in enumerate(world.units):
        data[f"candidate_{unit.pk}"] = "on" if i != 4 else ""
        data[f"voter_{unit.pk}"] = "on"
        data[f"delegate_{unit.pk}"] = deputy_leader.pk if i == 3 else world.leaders[i].pk

    response = world.client(world.head_officer).post(f"/votes/{vote.pk}/roll/", data)

    assert response.status_code == 302
    assert sorted(vote.candidates.values_list("unit__code", flat=True)) == ["T0", "T1", "T2", "T3"]
    assert VoterRecord.objects.get(vote=vote, unit=world.units[3]).user == deputy_leader


def test_it_refuses_a_delegate_from_another_unit(world: World) -> None:
    vote = make_vote(world)

    with pytest.raises(ValidationError) as refused:
        domain.vote_set_roll(
            vote=vote,
            candidates=world.units,
            voters={world.units[0]: world.leaders[1]},
            by=world.head_officer,
        )

    assert refused.value.messages == [
        "Đại biểu của Thử t0 phải là người dùng đang hoạt động của chính đơn vị đó."
    ]


def test_it_will_not_open_while_a_unit_has_no_delegate(world: World) -> None:
    vote = make_vote(world)
    domain.vote_set_roll(
        vote=vote,
        candidates=world.units,
        voters={u: (world.leaders[i] if i else None) for i, u in enumerate(world.units)},
        by=world.head_officer,
    )

    response = world.client(world.head_officer).post(f"/votes/{vote.pk}/open/", follow=True)
    vote.refresh_from_db()

    assert vote.status == "draft"
    assert "Thử t0 chưa có đại biểu bỏ phiếu (người dùng của đơn vị)." in response.content.decode()


def test_it_casts_from_the_ballot_page_and_shows_the_receipt_once(world: World) -> None:
    vote = open_vote(world)
    client = world.client(world.leaders[0])

    form = client.get(f"/votes/{vote.pk}/ballot/").content.decode()
    refused = client.post(f"/votes/{vote.pk}/ballot/", {"title_gov": ids(world, 0, 1)})
    accepted = client.post(
        f"/votes/{vote.pk}/ballot/", {"title_gov": ids(world, 1), "title_min": ids(world, 1, 2)}
    )
    again = client.get(f"/votes/{vote.pk}/ballot/")
    receipt = vote.ballots.get().receipt

    assert 'data-quota="3"' in form
    assert "Thử t4" in form
    assert '<span class="ballot-rank" title="Xếp hạng chấm điểm">—</span>' in form
    assert "chỉ được chọn tối đa 1 đơn vị; phiếu này chọn 2." in refused.content.decode()
    assert accepted.status_code == 200
    assert f'data-testid="receipt">{receipt}<' in accepted.content.decode()
    assert again.status_code == 409
    assert receipt not in again.content.decode()


def test_it_shows_the_screen_then_reloads_it_when_the_vote_closes(world: World) -> None:
    vote = open_vote(world)
    client = world.client(world.member_officer)
    screen = client.get(f"/votes/{vote.pk}/screen/").content.decode()
    cast(vote, world.leaders[0], ids(world, 0), ids(world, 0))
    polled = client.get(f"/votes/{vote.pk}/turnout/?state=open-0", HTTP_HX_REQUEST="true")
    domain.vote_close(vote=vote, by=world.head_officer)
    changed = client.get(f"/votes/{vote.pk}/turnout/?state=open-0", HTTP_HX_REQUEST="true")
    after = client.get(f"/votes/{vote.pk}/screen/?theme=light").content.decode()

    assert "screen-dark" in screen
    assert 'hx-trigger="every 4s"' in screen
    assert '<span data-testid="screen-cast">1</span>' in polled.content.decode()
    assert (changed.status_code, changed.headers["HX-Refresh"]) == (204, "true")
    assert "screen-light" in after
    assert 'data-testid="outcome"' in after
    assert "KẾT QUẢ KIỂM PHIẾU" in after


def test_it_shows_the_result_and_the_receipts_after_the_close(world: World) -> None:
    vote = open_vote(world)
    receipts = [cast(vote, leader, ids(world, 0), ids(world, 0, 1, 2)) for leader in world.leaders]
    domain.vote_close(vote=vote, by=world.head_officer)
    client = world.client(world.leaders[4])

    result = client.get(f"/votes/{vote.pk}/result/").content.decode()
    checked = client.post(f"/votes/{vote.pk}/receipts/", {"code": receipts[0]}).content.decode()

    assert 'data-testid="outcome"' in result
    assert '<td class="num">100,00%</td>' in result
    assert result.count("Được đề nghị") == 4
    assert f"Phiếu có mã {receipts[0]} đã được kiểm." in checked
    assert all(code in checked for code in receipts)


def test_it_offers_a_runoff_on_the_result_page_of_a_tie(world: World) -> None:
    vote = open_vote(world)
    for leader, choice in zip(world.leaders, [[0, 1, 2], [0, 1, 3]] * 2 + [[0, 2, 3]], strict=True):
        cast(vote, leader, [], ids(world, *choice))
    domain.vote_close(vote=vote, by=world.head_officer)

    page = world.client(world.head_officer).get(f"/votes/{vote.pk}/result/").content.decode()
    response = world.client(world.head_officer).post(f"/votes/{vote.pk}/runoff/", {"title": "min"})
    runoff = Vote.objects.get(parent=vote)

    assert 'data-testid="start-runoff-min"' in page
    assert "Thử t2, Thử t3 bằng phiếu nhau ở vị trí cuối: cần bỏ phiếu lại cho 1 suất." in page
    assert response.headers["Location"] == f"/votes/{runoff.pk}/"


def test_it_takes_paper_counts_from_one_officer_and_the_confirmation_from_another(
    world: World,
) -> None:
    vote = open_vote(world, method=VoteMethod.PAPER)
    world.client(world.head_officer).post(f"/votes/{vote.pk}/close/")
    data: dict[str, Any] = {"ballots_issued": 5, "ballots_cast": 5}
    for code, votes in (("gov", [5, 0, 0, 0, 0]), ("min", [5, 5, 5, 0, 0])):
        data[f"t_{code}_valid"], data[f"t_{code}_invalid"] = 5, 0
        for unit, n in zip(world.units, votes, strict=True):
            data[f"t_{code}_u_{unit.pk}"] = n

    bad = world.client(world.head_officer).post(
        f"/votes/{vote.pk}/paper/", {**data, "ballots_cast": "năm"}
    )
    entered = world.client(world.head_officer).post(f"/votes/{vote.pk}/paper/", data)
    self_confirm = world.client(world.head_officer).post(
        f"/votes/{vote.pk}/paper/confirm/", follow=True
    )
    confirmed = world.client(world.deputy_officer).post(f"/votes/{vote.pk}/paper/confirm/")

    assert "Hãy nhập một số nguyên." in bad.content.decode()
    assert entered.status_code == 302
    assert "Người xác nhận phải là người khác" in self_confirm.content.decode()
    assert confirmed.headers["Location"] == f"/votes/{vote.pk}/result/"
    assert sorted(vote.proposals.values_list("unit__code", "title_code")) == [
        ("T0", "gov"), ("T0", "min"), ("T1", "min"), ("T2", "min"),
    ]  # fmt: skip


def test_it_lists_the_ballot_on_the_delegates_home_page_and_the_menu(world: World) -> None:
    vote = open_vote(world)

    home = world.client(world.leaders[1]).get("/").content.decode()
    cast(vote, world.leaders[1])
    later = world.client(world.leaders[1]).get("/").content.decode()

    assert f'href="/votes/{vote.pk}/ballot/"' in home
    assert f'href="/votes/{vote.pk}/ballot/"' not in later
    assert 'href="/votes/">Bình xét</a>' in home


def _list_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/votes/")
    assert response.status_code == 200
    return len(queries)


def test_it_lists_votes_in_a_fixed_number_of_queries(world: World) -> None:
    for _ in range(2):
        make_vote(world)
    small = _list_queries(world.client(world.office))
    for _ in range(6):
        open_vote(world)

    large = _list_queries(world.client(world.office))

    # Session, user, the votes with their counts, the unread notifications badge …
    assert small == large == 7


def test_it_shows_only_the_votes_of_the_users_clusters(world: World) -> None:
    make_vote(world)
    other = build_world(prefix="o", number=20)
    domain.vote_create(
        cluster=other.cluster, conference_date=other.cluster.end, conference_place="Nơi khác",
        by=other.head_officer,
    )  # fmt: skip

    html = world.client(world.leaders[0]).get("/votes/").content.decode()

    assert html.count('class="fw-semibold" href="/votes/') == 1
