"""Paper ballots: the secretary enters the minutes' figures, another person confirms."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.voting.conftest import World, open_vote
from thidua.voting import domain
from thidua.voting.models import AwardProposal, PaperTally, Vote, VoteMethod

pytestmark = pytest.mark.django_db


def _closed_paper_vote(world: World) -> Vote:
    vote = open_vote(world, method=VoteMethod.PAPER)
    return domain.vote_close(vote=vote, by=world.head_officer)


def _lines(
    world: World, gov: list[int], ministry: list[int], valid: int = 5, invalid: int = 0
) -> Any:
    return {
        "gov": domain.PaperLine(valid, invalid, {u.pk: n for u, n in zip(world.units, gov, strict=True)}),
        "min": domain.PaperLine(valid, invalid, {u.pk: n for u, n in zip(world.units, ministry, strict=True)}),
    }  # fmt: skip


def _enter(world: World, vote: Vote, user: Any, **kwargs: Any) -> PaperTally:
    kwargs.setdefault("ballots_issued", 5)
    kwargs.setdefault("ballots_cast", 5)
    kwargs.setdefault("lines", _lines(world, [4, 1, 0, 0, 0], [5, 4, 3, 2, 1]))
    return domain.paper_tally_enter(vote=vote, by=user, **kwargs)


def test_it_publishes_a_paper_result_only_after_a_second_person_confirms(world: World) -> None:
    vote = _closed_paper_vote(world)
    _enter(world, vote, world.head_officer)

    with pytest.raises(domain.ResultNotAvailable) as before:
        domain.vote_result(vote=vote)
    domain.paper_tally_confirm(vote=vote, by=world.office)
    outcome = domain.vote_result(vote=vote)

    assert (
        before.value.message
        == "Kết quả kiểm phiếu giấy chưa được nhập và xác nhận bởi người thứ hai."
    )
    assert [u.code for t in outcome.titles for u in t.elected] == ["T0", "T0", "T1", "T2"]
    assert AwardProposal.objects.filter(vote=vote).count() == 4


def test_it_refuses_a_confirmation_by_the_person_who_entered_the_counts(world: World) -> None:
    vote = _closed_paper_vote(world)
    _enter(world, vote, world.head_officer)

    with pytest.raises(ValidationError) as refused:
        domain.paper_tally_confirm(vote=vote, by=world.head_officer)

    assert refused.value.messages == [
        "Người xác nhận phải là người khác với người đã nhập kết quả kiểm phiếu."
    ]
    assert PaperTally.objects.get(vote=vote).confirmed_by is None


def test_it_clears_a_pending_confirmation_when_the_counts_are_entered_again(world: World) -> None:
    vote = _closed_paper_vote(world)
    _enter(world, vote, world.head_officer)

    paper = _enter(
        world, vote, world.deputy_officer, lines=_lines(world, [3, 2, 0, 0, 0], [5, 4, 3, 2, 1])
    )

    assert (paper.entered_by, paper.confirmed_by, paper.counts["gov"]["votes"][str(world.units[0].pk)]) == (
        world.deputy_officer, None, 3,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"ballots_issued": 6},
            "Số phiếu phát ra không thể lớn hơn số đại biểu có quyền bỏ phiếu (5).",
        ),
        ({"ballots_issued": 4}, "Số phiếu thu vào không thể lớn hơn số phiếu phát ra."),
        (
            {"ballots_cast": 4},
            "“Cờ thi đua của Chính phủ”: số phiếu hợp lệ và không hợp lệ phải cộng lại bằng số phiếu thu vào.",
        ),
    ],
    ids=["issued-above-eligible", "cast-above-issued", "valid-invalid-mismatch"],
)
def test_it_refuses_inconsistent_minutes_with_a_clear_message(
    world: World, kwargs: dict[str, int], message: str
) -> None:
    vote = _closed_paper_vote(world)

    with pytest.raises(ValidationError) as refused:
        _enter(world, vote, world.head_officer, **kwargs)

    assert message in refused.value.messages
    assert PaperTally.objects.count() == 0


def test_it_refuses_more_votes_for_a_unit_than_valid_ballots(world: World) -> None:
    vote = _closed_paper_vote(world)

    with pytest.raises(ValidationError) as refused:
        _enter(
            world, vote, world.head_officer, lines=_lines(world, [6, 0, 0, 0, 0], [5, 4, 3, 2, 1])
        )

    assert refused.value.messages == [
        "“Cờ thi đua của Chính phủ”: số phiếu của một đơn vị không thể lớn hơn số phiếu hợp lệ."
    ]


def test_it_refuses_more_votes_than_the_ballots_can_hold(world: World) -> None:
    vote = _closed_paper_vote(world)

    with pytest.raises(ValidationError) as refused:
        _enter(
            world, vote, world.head_officer, lines=_lines(world, [3, 3, 0, 0, 0], [5, 4, 3, 2, 1])
        )

    assert refused.value.messages == [
        "“Cờ thi đua của Chính phủ”: tổng số phiếu bầu vượt quá số phiếu hợp lệ "
        "nhân với số đơn vị được chọn tối đa."
    ]


def test_it_takes_paper_counts_only_after_the_close(world: World) -> None:
    vote = open_vote(world, method=VoteMethod.PAPER)

    with pytest.raises(ValidationError) as refused:
        _enter(world, vote, world.head_officer)

    assert refused.value.messages == ["Hãy kết thúc bỏ phiếu trước khi nhập kết quả kiểm phiếu."]


def test_it_audits_the_entry_and_the_confirmation(world: World) -> None:
    vote = _closed_paper_vote(world)
    _enter(world, vote, world.head_officer)
    domain.paper_tally_confirm(vote=vote, by=world.deputy_officer)

    history: Any = PaperTally.history.order_by("history_id")

    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", world.head_officer),
        ("~", world.deputy_officer),
    ]
