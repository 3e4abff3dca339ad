"""The count of a closed vote: thresholds, quorum, ties, run-offs, proposals, paper = electronic."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.voting.conftest import World, build_world, cast, ids, make_vote, open_vote
from thidua.voting import domain
from thidua.voting.models import AwardProposal, Vote, VoteMethod

pytestmark = pytest.mark.django_db


def _close(world: World, vote: Vote) -> domain.VoteOutcome:
    vote = domain.vote_close(vote=vote, by=world.head_officer)
    return domain.vote_result(vote=vote)


def _votes(outcome: domain.VoteOutcome, code: str) -> dict[str, int]:
    title = next(t for t in outcome.titles if t.title.code == code)
    return {line.unit.code: line.votes for line in title.candidates}


def _title(outcome: domain.VoteOutcome, code: str) -> domain.TitleOutcome:
    return next(t for t in outcome.titles if t.title.code == code)


def test_it_elects_within_each_quota_and_proposes_the_elected(world: World) -> None:
    vote = open_vote(world)
    ballots = [
        ([0], [0, 1, 2]),
        ([0], [0, 1, 2]),
        ([1], [0, 1, 3]),
        ([0], [0, 2, 3]),
        ([], [1, 2]),
    ]
    for leader, (gov, ministry) in zip(world.leaders, ballots, strict=True):
        cast(vote, leader, ids(world, *gov), ids(world, *ministry))

    outcome = _close(world, vote)

    assert _votes(outcome, "gov") == {"T0": 3, "T1": 1, "T2": 0, "T3": 0, "T4": 0}
    assert _votes(outcome, "min") == {"T0": 4, "T1": 4, "T2": 4, "T3": 2, "T4": 0}
    assert [u.code for u in _title(outcome, "gov").elected] == ["T0"]
    assert [u.code for u in _title(outcome, "min").elected] == ["T0", "T1", "T2"]
    assert _title(outcome, "gov").candidates[0].share == Decimal(60)
    assert (outcome.eligible_voters, outcome.ballots_cast, outcome.quorum_met) == (5, 5, True)
    assert sorted(
        AwardProposal.objects.values_list("unit__code", "title_code", "year", "status")
    ) == [
        ("T0", "gov", 2025, "proposed"),
        ("T0", "min", 2025, "proposed"),
        ("T1", "min", 2025, "proposed"),
        ("T2", "min", 2025, "proposed"),
    ]


@pytest.mark.parametrize(
    ("votes", "approved"),
    [(2, False), (3, False), (4, True)],
    ids=["below-half", "exactly-half", "more-than-half"],
)
def test_it_approves_only_more_than_half_of_the_eligible_voters(votes: int, approved: bool) -> None:
    world = build_world(6)
    vote = open_vote(world)
    for index, leader in enumerate(world.leaders):
        chosen = ids(world, 0) if index < votes else []
        cast(vote, leader, chosen, chosen)

    outcome = _close(world, vote)

    line = _title(outcome, "gov").candidates[0]
    assert (line.unit.code, line.votes, line.passes_threshold, line.elected) == (
        "T0", votes, approved, approved,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("cast_count", "quorum_met"),
    [(3, False), (4, True)],
    ids=["below-two-thirds", "exactly-two-thirds"],
)
def test_it_needs_two_thirds_of_the_member_units_to_count(
    cast_count: int, quorum_met: bool
) -> None:
    world = build_world(6)
    vote = open_vote(world)
    for leader in world.leaders[:cast_count]:
        cast(vote, leader, ids(world, 0), ids(world, 0))

    outcome = _close(world, vote)

    assert (outcome.ballots_cast, outcome.quorum_needed, outcome.quorum_met) == (
        cast_count, 4, quorum_met,
    )  # fmt: skip
    assert [u.code for u in _title(outcome, "gov").elected] == (["T0"] if quorum_met else [])
    assert AwardProposal.objects.filter(vote=vote).count() == (2 if quorum_met else 0)


def test_it_flags_a_tie_across_the_quota_boundary_and_starts_a_runoff(world: World) -> None:
    vote = open_vote(world)
    ministry = [[0, 1, 2], [0, 1, 3], [0, 1, 2], [0, 2, 3], [0, 3, 1]]
    # Votes: T0 5, T1 4, T2 3, T3 3 — T2 and T3 tie for the third seat.
    for leader, choice in zip(world.leaders, ministry, strict=True):
        cast(vote, leader, ids(world, 0), ids(world, *choice))

    outcome = _close(world, vote)
    title = _title(outcome, "min")
    runoff = domain.vote_start_runoff(vote=vote, title_code="min", by=world.head_officer)

    assert [u.code for u in title.elected] == ["T0", "T1"]
    assert ([u.code for u in title.runoff], title.runoff_seats) == (["T2", "T3"], 1)
    assert (runoff.round, runoff.parent_id, runoff.status) == (2, vote.pk, "draft")
    assert [(t.code, t.quota) for t in runoff.titles.all()] == [("min", 1)]
    assert sorted(runoff.candidates.values_list("unit__code", flat=True)) == ["T2", "T3"]
    assert runoff.voters.count() == 5
    assert _title(domain.vote_result(vote=outcome.vote), "min").runoff_vote == runoff


def test_it_refuses_a_second_runoff_for_the_same_title(world: World) -> None:
    vote = open_vote(world)
    for leader, choice in zip(world.leaders, [[0, 1, 2], [0, 1, 3]] * 2 + [[0, 2, 3]], strict=True):
        cast(vote, leader, [], ids(world, *choice))
    _close(world, vote)
    domain.vote_start_runoff(vote=vote, title_code="min", by=world.head_officer)

    with pytest.raises(ValidationError) as refused:
        domain.vote_start_runoff(vote=vote, title_code="min", by=world.head_officer)

    assert refused.value.messages == ["Vòng bỏ phiếu lại cho danh hiệu này đã được tạo."]


def test_it_requires_the_ministry_flag_standard_for_the_government_flag(world: World) -> None:
    vote = open_vote(world)
    # T4 has every Government-flag vote but only two Ministry-flag votes (not more than half).
    ministry = [[0, 1, 4], [0, 1, 4], [0, 1, 2], [0, 1, 2], [0, 1, 2]]
    for leader, choice in zip(world.leaders, ministry, strict=True):
        cast(vote, leader, ids(world, 4), ids(world, *choice))

    outcome = _close(world, vote)
    line = _title(outcome, "gov").candidates[0]

    assert (line.unit.code, line.votes, line.passes_threshold, line.meets_prerequisite) == (
        "T4", 5, True, False,
    )  # fmt: skip
    assert _title(outcome, "gov").elected == ()


def test_it_reports_a_quorum_failure_with_the_counts(world: World) -> None:
    vote = open_vote(world)
    for leader in world.leaders[:3]:
        cast(vote, leader, ids(world, 0), ids(world, 0))

    outcome = _close(world, vote)

    assert (outcome.quorum_met, outcome.quorum_needed, outcome.ballots_cast) == (False, 4, 3)
    assert _votes(outcome, "gov")["T0"] == 3
    assert _title(outcome, "gov").elected == ()


BALLOTS = [
    ([0], [0, 1, 2]),
    ([1], [0, 1, 3]),
    ([0], [1, 2, 4]),
    ([], []),
    ([0], [0]),
]


def _paper_lines(world: World, ballots: list[tuple[list[int], list[int]]]) -> dict[str, Any]:
    lines = {}
    for code, position in (("gov", 0), ("min", 1)):
        counter = Counter(world.units[i].pk for ballot in ballots for i in ballot[position])
        lines[code] = domain.PaperLine(
            valid=len(ballots),
            invalid=0,
            votes={unit.pk: counter[unit.pk] for unit in world.units},
        )
    return lines


def test_it_gives_the_same_result_from_paper_counts_as_from_the_same_electronic_ballots(
    world: World,
) -> None:
    electronic = open_vote(world)
    for leader, (gov, ministry) in zip(world.leaders, BALLOTS, strict=True):
        cast(electronic, leader, ids(world, *gov), ids(world, *ministry))
    paper = open_vote(world, method=VoteMethod.PAPER)
    paper = domain.vote_close(vote=paper, by=world.head_officer)
    domain.paper_tally_enter(
        vote=paper,
        by=world.head_officer,
        ballots_issued=5,
        ballots_cast=5,
        lines=_paper_lines(world, BALLOTS),
    )
    domain.paper_tally_confirm(vote=paper, by=world.deputy_officer)

    from_ballots = _close(world, electronic)
    from_paper = domain.vote_result(vote=paper)

    def summary(outcome: domain.VoteOutcome) -> list[Any]:
        return [
            (
                t.title.code, t.valid, t.invalid,
                [(c.unit.code, c.votes, c.share, c.approved, c.elected) for c in t.candidates],
                [u.code for u in t.elected],
            )
            for t in outcome.titles
        ] + [outcome.ballots_cast, outcome.quorum_met]  # fmt: skip

    assert summary(from_paper) == summary(from_ballots)
    assert _votes(from_ballots, "min") == {"T0": 3, "T1": 3, "T2": 2, "T3": 1, "T4": 1}


def test_it_publishes_nothing_before_the_close(world: World) -> None:
    vote = open_vote(world)
    cast(vote, world.leaders[0], ids(world, 0), [])

    with pytest.raises(domain.ResultNotAvailable) as refused:
        domain.vote_result(vote=vote)
    with pytest.raises(domain.ResultNotAvailable):
        domain.receipts(vote=vote)

    assert refused.value.message == (
        "Kết quả chỉ được công bố sau khi kết thúc bỏ phiếu; trước đó không ai xem được."
    )


def test_it_lists_receipts_alphabetically_after_the_close(world: World) -> None:
    vote = open_vote(world)
    receipts = [cast(vote, leader) for leader in world.leaders]
    vote = domain.vote_close(vote=vote, by=world.head_officer)

    assert domain.receipts(vote=vote) == sorted(receipts)
    assert domain.receipt_counted(vote=vote, code=receipts[2].lower().replace("-", " ")) is True
    assert domain.receipt_counted(vote=vote, code="AAAAA-AAAAA") is False


def test_it_shows_no_ranking_until_a_scoring_provider_answers(world: World) -> None:
    from thidua.voting import ranking

    vote = make_vote(world)

    def provider(cluster: Any) -> dict[int, tuple[int, Decimal]]:
        return {world.units[0].pk: (1, Decimal("95.57"))} if cluster == world.cluster else {}

    assert ranking.ranking_for(vote.cluster) == {}
    ranking.register(provider)
    try:
        assert ranking.ranking_for(vote.cluster) == {
            world.units[0].pk: ranking.Standing(1, Decimal("95.57"))
        }
    finally:
        ranking.unregister(provider)
