"""Casting a ballot: who, when, how many choices, and once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.voting.conftest import World, cast, ids, make_vote, open_vote
from thidua.voting import domain
from thidua.voting.models import Ballot, VoteMethod, VoterRecord


def _refusal(vote: object, user: object, gov: list[int], ministry: list[int]) -> tuple[str, str]:
    with pytest.raises(domain.BallotRefused) as caught:
        cast(vote, user, gov, ministry)  # type: ignore[arg-type]
    return caught.value.code, caught.value.message


def test_it_accepts_a_delegates_ballot_and_returns_a_receipt(world: World) -> None:
    vote = open_vote(world)

    receipt = cast(vote, world.leaders[0], ids(world, 1), ids(world, 1, 2, 3))

    assert len(receipt) == 11
    assert receipt[5] == "-"
    assert list(Ballot.objects.filter(vote=vote).values_list("receipt", "choices")) == [
        (receipt, {"gov": ids(world, 1), "min": sorted(ids(world, 1, 2, 3))})
    ]
    assert VoterRecord.objects.get(vote=vote, unit=world.units[0]).voted is True


def test_it_accepts_a_blank_ballot_as_an_abstention(world: World) -> None:
    vote = open_vote(world)

    cast(vote, world.leaders[0])

    assert list(Ballot.objects.values_list("choices", flat=True)) == [{"gov": [], "min": []}]


def test_it_refuses_a_voter_who_is_not_eligible(world: World) -> None:
    vote = open_vote(world)

    for user in (world.head_officer, world.office, world.admin, world.outsider):
        assert _refusal(vote, user, [], []) == (
            "not_eligible",
            "Bạn không phải đại biểu có quyền bỏ phiếu trong cuộc bỏ phiếu này.",
        )
    assert Ballot.objects.count() == 0


def test_it_refuses_a_second_ballot_from_the_same_delegate(world: World) -> None:
    vote = open_vote(world)
    cast(vote, world.leaders[1], ids(world, 0))

    refusal = _refusal(vote, world.leaders[1], ids(world, 2), [])

    assert refusal == (
        "already_voted",
        "Đơn vị của bạn đã bỏ phiếu; mỗi đơn vị chỉ được bỏ một phiếu.",
    )
    assert Ballot.objects.count() == 1


def test_it_refuses_a_ballot_after_the_close(world: World) -> None:
    vote = open_vote(world)
    domain.vote_close(vote=vote, by=world.head_officer)

    refusal = _refusal(vote, world.leaders[1], ids(world, 0), [])

    assert refusal == ("closed", "Cuộc bỏ phiếu đã kết thúc; không thể bỏ phiếu nữa.")
    assert Ballot.objects.count() == 0


def test_it_refuses_a_ballot_before_the_vote_opens(world: World) -> None:
    vote = make_vote(world)

    assert _refusal(vote, world.leaders[1], [], []) == ("not_open", "Cuộc bỏ phiếu chưa mở.")


def test_it_refuses_a_ballot_outside_the_time_window(world: World) -> None:
    vote = make_vote(world)
    start = timezone.now() + dt.timedelta(hours=1)
    vote = domain.vote_update(
        vote=vote, opens_at=start, closes_at=start + dt.timedelta(hours=1), by=world.head_officer
    )
    vote = domain.vote_open(vote=vote, by=world.head_officer)

    early = _refusal(vote, world.leaders[1], [], [])
    with pytest.raises(domain.BallotRefused) as late:
        domain.ballot_cast(
            vote=vote, user=world.leaders[1], choices={}, at=start + dt.timedelta(hours=2)
        )

    assert early[0] == "not_yet"
    assert early[1].startswith("Chưa đến giờ nhận phiếu (từ ")
    assert late.value.code == "too_late"
    assert late.value.message.startswith("Đã hết giờ nhận phiếu (")
    assert Ballot.objects.count() == 0


def test_it_refuses_a_ballot_choosing_more_units_than_the_quota(world: World) -> None:
    vote = open_vote(world)

    refusal = _refusal(vote, world.leaders[1], ids(world, 0, 2), [])

    assert refusal == (
        "invalid_ballot",
        "“Cờ thi đua của Chính phủ”: chỉ được chọn tối đa 1 đơn vị; phiếu này chọn 2.",
    )
    assert Ballot.objects.count() == 0
    assert VoterRecord.objects.get(vote=vote, unit=world.units[1]).voted is False


def test_it_refuses_a_unit_that_is_not_a_candidate(world: World) -> None:
    vote = open_vote(world)
    stranger = world.outsider.unit

    refusal = _refusal(vote, world.leaders[1], [stranger.pk], [])

    assert refusal == (
        "invalid_ballot",
        "“Cờ thi đua của Chính phủ”: có đơn vị không nằm trong danh sách bình xét.",
    )


def test_it_refuses_electronic_ballots_on_a_paper_vote(world: World) -> None:
    vote = open_vote(world, method=VoteMethod.PAPER)

    assert _refusal(vote, world.leaders[1], [], [])[0] == "paper_vote"


def test_it_makes_each_delegate_the_leader_of_the_unit_by_default(world: World) -> None:
    vote = make_vote(world)

    assert {r.unit_id: r.user_id for r in VoterRecord.objects.filter(vote=vote)} == {
        unit.pk: leader.pk for unit, leader in zip(world.units, world.leaders, strict=True)
    }
