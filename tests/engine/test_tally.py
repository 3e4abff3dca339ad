"""The vote count: threshold, quorum, quota, boundary ties, prerequisites, paper entry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.engine.scoring import round_display
from thidua.engine.tally import (
    MORE_THAN_HALF,
    TWO_THIRDS,
    Ballot,
    PaperCount,
    Prerequisite,
    Proportion,
    TallyError,
    Title,
    TitleResult,
    VoteSetup,
    tally_ballots,
    tally_paper,
    validate_ballot,
)

D = Decimal
UNITS = ("A", "B", "C", "D", "E")
GOV = Title("gov", 1, UNITS)
MIN = Title("min", 3, UNITS)


def setup(
    eligible: int,
    members: int | None = None,
    *,
    approval: Proportion = MORE_THAN_HALF,
    quorum: Proportion = TWO_THIRDS,
    prerequisites: tuple[Prerequisite, ...] = (),
) -> VoteSetup:
    return VoteSetup(
        titles=(GOV, MIN),
        eligible_voters=eligible,
        member_units=eligible if members is None else members,
        approval=approval,
        quorum=quorum,
        prerequisites=prerequisites,
    )


def ballots(*rows: tuple[str, str]) -> list[Ballot]:
    """Ballots written compactly: ("A", "ABC") chooses A for gov and A, B, C for min."""
    return [Ballot.of({"gov": set(gov), "min": set(min_)}) for gov, min_ in rows]


def votes(line: TitleResult) -> dict[str, int]:
    return {c.unit: c.votes for c in line.candidates}


# --- threshold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eligible", "votes_for_a", "approval", "approved"),
    [
        pytest.param(6, 3, MORE_THAN_HALF, False, id="exactly-half-is-not-more-than-half"),
        pytest.param(6, 4, MORE_THAN_HALF, True, id="four-of-six"),
        pytest.param(5, 3, MORE_THAN_HALF, True, id="three-of-five"),
        pytest.param(5, 2, MORE_THAN_HALF, False, id="two-of-five"),
        pytest.param(6, 3, Proportion(1, 2, strict=False), True, id="half-when-inclusive"),
        pytest.param(6, 4, Proportion(2, 3, strict=True), False, id="two-thirds-strict"),
        pytest.param(6, 4, Proportion(2, 3, strict=False), True, id="two-thirds-inclusive"),
    ],
)
def test_it_approves_by_share_of_eligible_voters(
    eligible: int, votes_for_a: int, approval: Proportion, approved: bool
) -> None:
    rows = [("A", "")] * votes_for_a + [("", "")] * (eligible - votes_for_a)

    result = tally_ballots(setup(eligible, approval=approval), ballots(*rows))

    candidate = result.title("gov").candidate("A")
    assert (candidate.votes, candidate.passes_threshold, candidate.approved) == (
        votes_for_a,
        approved,
        approved,
    )
    assert result.title("gov").elected == (("A",) if approved else ())


def test_it_reports_each_candidates_share_of_eligible_voters() -> None:
    result = tally_ballots(setup(3), ballots(("A", ""), ("A", ""), ("B", "")))

    shares = {c.unit: c.share for c in result.title("gov").candidates}
    assert shares == {
        "A": D("66.66666666666666666666666667"),
        "B": D("33.33333333333333333333333333"),
        "C": D(0),
        "D": D(0),
        "E": D(0),
    }
    assert str(round_display(shares["A"])) == "66.67"


# --- quorum ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "cast", "met"),
    [
        pytest.param(6, 4, True, id="exactly-two-thirds-of-6"),
        pytest.param(6, 3, False, id="half-of-6"),
        pytest.param(9, 6, True, id="exactly-two-thirds-of-9"),
        pytest.param(9, 5, False, id="five-of-9"),
        pytest.param(5, 4, True, id="four-of-5"),
        pytest.param(5, 3, False, id="three-of-5"),
    ],
)
def test_it_needs_two_thirds_of_the_members_to_cast_a_ballot(
    members: int, cast: int, met: bool
) -> None:
    result = tally_ballots(setup(members), ballots(*[("A", "A")] * cast))

    assert result.quorum_met is met
    assert result.title("gov").elected == (("A",) if met else ())


def test_without_quorum_nobody_is_elected_but_the_votes_are_reported() -> None:
    # 5 of 9 cast: A's 5 votes pass "more than half of 9", but the vote does not count.
    result = tally_ballots(setup(9), ballots(*[("A", "AB")] * 5))

    gov = result.title("gov")
    assert (result.quorum_met, result.ballots_cast) == (False, 5)
    assert (gov.elected, gov.runoff, result.title("min").elected) == ((), (), ())
    assert (gov.candidate("A").votes, gov.candidate("A").passes_threshold) == (5, True)
    assert gov.candidate("A").approved is False


def test_a_blank_ballot_is_valid_and_counts_toward_the_quorum() -> None:
    # 9 members: 5 ballots for A would miss the quorum of 6; the blank sixth makes it.
    result = tally_ballots(setup(9), ballots(*[("A", "")] * 5, ("", "")))

    gov = result.title("gov")
    assert (result.quorum_met, gov.valid, gov.invalid, gov.elected) == (True, 6, 0, ("A",))


def test_a_configured_quorum_is_used() -> None:
    half = Proportion(1, 2, strict=False)

    result = tally_ballots(setup(6, quorum=half), ballots(*[("A", "")] * 3))

    assert result.quorum_met is True


# --- quota and ties at its boundary ----------------------------------------------------

TIED_AT_THE_BOUNDARY = (
    ("", "ABC"),
    ("", "ABC"),
    ("", "ABD"),
    ("", "ABD"),
    ("", "ABE"),
    ("", "ACD"),
    ("", "ACD"),
)


def test_it_elects_within_the_quota_by_votes() -> None:
    rows = [("", "ABC")] * 4 + [("", "ABD")] * 2 + [("", "DE")]

    result = tally_ballots(setup(7), ballots(*rows))

    minister = result.title("min")
    assert votes(minister) == {"A": 6, "B": 6, "C": 4, "D": 3, "E": 1}
    assert (minister.elected, minister.runoff, minister.runoff_suggested) == (
        ("A", "B", "C"),
        (),
        False,
    )


def test_it_flags_a_tie_at_the_quota_boundary_and_elects_none_of_the_tied() -> None:
    result = tally_ballots(setup(7), ballots(*TIED_AT_THE_BOUNDARY))

    minister = result.title("min")
    assert votes(minister) == {"A": 7, "B": 5, "C": 4, "D": 4, "E": 1}
    assert [c.unit for c in minister.candidates] == ["A", "B", "C", "D", "E"]
    assert (minister.elected, minister.runoff, minister.runoff_seats) == (("A", "B"), ("C", "D"), 1)
    assert minister.runoff_suggested is True
    assert [(c.unit, c.approved, c.elected, c.in_runoff) for c in minister.candidates] == [
        ("A", True, True, False),
        ("B", True, True, False),
        ("C", True, False, True),
        ("D", True, False, True),
        ("E", False, False, False),
    ]


def test_a_tie_inside_the_quota_elects_all_the_tied() -> None:
    rows = [("", "ABC")] * 5 + [("", "A")] * 2

    result = tally_ballots(setup(7), ballots(*rows))

    assert (result.title("min").elected, result.title("min").runoff) == (("A", "B", "C"), ())


def test_a_tie_for_a_single_seat_under_an_inclusive_threshold_goes_to_a_runoff() -> None:
    inclusive = Proportion(1, 2, strict=False)

    rows = [("A", "")] * 4 + [("B", "")] * 4

    result = tally_ballots(setup(8, approval=inclusive), ballots(*rows))

    gov = result.title("gov")
    assert (gov.elected, gov.runoff, gov.runoff_seats) == ((), ("A", "B"), 1)


def test_a_tie_below_the_threshold_is_no_runoff() -> None:
    result = tally_ballots(setup(8), ballots(*[("A", "")] * 4, *[("B", "")] * 4))

    gov = result.title("gov")
    assert (gov.elected, gov.runoff) == ((), ())


# --- the Government-flag rule ----------------------------------------------------------

GOV_NEEDS_MIN = (Prerequisite("gov", "min"),)


def test_the_government_flag_candidate_must_be_approved_for_the_ministry_flag() -> None:
    # A gets 4 of 5 for the Government flag but only 2 of 5 for the Ministry flag.
    rows = [("A", "BCD")] * 3 + [("A", "ABC"), ("B", "ABC")]

    result = tally_ballots(setup(5, prerequisites=GOV_NEEDS_MIN), ballots(*rows))

    a = result.title("gov").candidate("A")
    assert (a.votes, a.passes_threshold) == (4, True)
    assert (a.meets_prerequisite, a.approved) == (False, False)
    assert result.title("gov").elected == ()
    assert result.title("min").elected == ("B", "C", "D")


def test_without_the_rule_the_government_flag_needs_only_its_own_votes() -> None:
    rows = [("A", "BCD")] * 3 + [("A", "ABC"), ("B", "ABC")]

    result = tally_ballots(setup(5), ballots(*rows))

    assert result.title("gov").elected == ("A",)


def test_a_candidate_approved_for_both_gets_the_government_flag() -> None:
    rows = [("B", "ABC")] * 3 + [("A", "ABD"), ("B", "CDE")]

    result = tally_ballots(setup(5, prerequisites=GOV_NEEDS_MIN), ballots(*rows))

    b = result.title("gov").candidate("B")
    assert (b.votes, b.meets_prerequisite, b.elected) == (4, True, True)
    assert result.title("gov").elected == ("B",)


@pytest.mark.parametrize(
    ("prerequisites", "code"),
    [
        pytest.param((Prerequisite("gov", "gov"),), "prerequisite_cycle", id="self"),
        pytest.param(
            (Prerequisite("gov", "min"), Prerequisite("min", "gov")),
            "prerequisite_cycle",
            id="two-titles",
        ),
        pytest.param((Prerequisite("gov", "medal"),), "unknown_title", id="unknown"),
    ],
)
def test_it_refuses_bad_prerequisites(prerequisites: tuple[Prerequisite, ...], code: str) -> None:
    with pytest.raises(TallyError) as caught:
        tally_ballots(setup(5, prerequisites=prerequisites), [])

    assert caught.value.code == code


# --- invalid ballots -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        pytest.param({"gov": {"A", "B"}}, "over_quota", id="two-for-one-seat"),
        pytest.param({"min": {"A", "B", "C", "D"}}, "over_quota", id="four-for-three"),
        pytest.param({"gov": {"Z"}}, "unknown_candidate", id="not-a-candidate"),
        pytest.param({"medal": {"A"}}, "unknown_title", id="not-a-title"),
    ],
)
def test_it_refuses_an_invalid_ballot(choices: Mapping[str, set[str]], code: str) -> None:
    with pytest.raises(TallyError) as caught:
        validate_ballot(Ballot.of(choices), setup(5))

    assert caught.value.code == code


@pytest.mark.parametrize(
    "choices",
    [{}, {"gov": set()}, {"gov": {"A"}, "min": {"A", "B", "C"}}, {"min": {"E"}}],
)
def test_it_accepts_a_valid_ballot(choices: Mapping[str, set[str]]) -> None:
    ballot = Ballot.of(choices)

    validate_ballot(ballot, setup(5))

    result = tally_ballots(setup(5), [ballot])
    assert [(t.valid, t.invalid) for t in result.titles] == [(1, 0), (1, 0)]


def test_it_refuses_a_ballot_listing_a_title_twice() -> None:
    ballot = Ballot((("gov", frozenset({"A"})), ("gov", frozenset({"B"}))))

    with pytest.raises(TallyError) as caught:
        validate_ballot(ballot, setup(5))

    assert caught.value.code == "duplicate_title"


def test_it_counts_an_over_voted_title_as_invalid_for_that_title_only() -> None:
    rows = [Ballot.of({"gov": {"A", "B"}, "min": {"A"}}), Ballot.of({"gov": {"Z"}})]
    rows += ballots(("A", "A"), ("A", "B"))

    result = tally_ballots(setup(5), rows)

    gov, minister = result.title("gov"), result.title("min")
    assert (gov.valid, gov.invalid, votes(gov)["A"], votes(gov)["B"]) == (2, 2, 2, 0)
    assert (minister.valid, minister.invalid, votes(minister)["A"]) == (4, 0, 2)
    assert result.ballots_cast == 4


def test_an_unknown_title_on_a_ballot_stops_the_count() -> None:
    with pytest.raises(TallyError) as caught:
        tally_ballots(setup(5), [Ballot.of({"medal": {"A"}})])

    assert caught.value.code == "unknown_title"


# --- paper entry -----------------------------------------------------------------------


def test_a_paper_count_of_the_same_ballots_gives_the_same_result() -> None:
    electronic = tally_ballots(setup(7), ballots(*TIED_AT_THE_BOUNDARY))

    paper = tally_paper(
        setup(7),
        ballots_cast=7,
        counts=[
            PaperCount.of("gov", {}, valid=7, invalid=0),
            PaperCount.of("min", {"A": 7, "B": 5, "C": 4, "D": 4, "E": 1}, valid=7, invalid=0),
        ],
    )

    assert paper == electronic


def test_a_paper_count_records_invalid_ballots() -> None:
    result = tally_paper(
        setup(5),
        ballots_cast=5,
        counts=[
            PaperCount.of("gov", {"A": 3}, valid=4, invalid=1),
            PaperCount.of("min", {"A": 4, "B": 3}, valid=5, invalid=0),
        ],
    )

    gov = result.title("gov")
    assert (gov.valid, gov.invalid, gov.elected) == (4, 1, ("A",))


@pytest.mark.parametrize(
    ("cast", "gov", "code"),
    [
        pytest.param(5, PaperCount.of("gov", {}, valid=4, invalid=0), "count_mismatch", id="sum"),
        pytest.param(
            5, PaperCount.of("gov", {"A": 6}, valid=5, invalid=0), "votes_above_valid", id="6of5"
        ),
        pytest.param(
            5,
            PaperCount.of("gov", {"A": 3, "B": 3}, valid=5, invalid=0),
            "too_many_votes",
            id="over-the-quota-in-total",
        ),
        pytest.param(
            5, PaperCount.of("gov", {"A": -1}, valid=5, invalid=0), "negative_count", id="neg"
        ),
        pytest.param(
            5, PaperCount.of("gov", {"Z": 1}, valid=5, invalid=0), "unknown_candidate", id="Z"
        ),
        pytest.param(
            5,
            PaperCount("gov", (("A", 1), ("A", 1)), valid=5, invalid=0),
            "duplicate_candidate",
            id="a-candidate-twice",
        ),
        pytest.param(
            6, PaperCount.of("gov", {}, valid=6, invalid=0), "too_many_ballots", id="6-of-5"
        ),
        pytest.param(-1, PaperCount.of("gov", {}, valid=0, invalid=0), "negative_count", id="-1"),
    ],
)
def test_it_refuses_inconsistent_paper_figures(cast: int, gov: PaperCount, code: str) -> None:
    minister = PaperCount.of("min", {}, valid=max(cast, 0), invalid=0)

    with pytest.raises(TallyError) as caught:
        tally_paper(setup(5), ballots_cast=cast, counts=[gov, minister])

    assert caught.value.code == code


@pytest.mark.parametrize(
    ("counts", "code"),
    [
        pytest.param([PaperCount.of("gov", {}, valid=5, invalid=0)], "missing_title", id="missing"),
        pytest.param(
            [
                PaperCount.of("gov", {}, valid=5, invalid=0),
                PaperCount.of("gov", {}, valid=5, invalid=0),
                PaperCount.of("min", {}, valid=5, invalid=0),
            ],
            "duplicate_title",
            id="twice",
        ),
        pytest.param([PaperCount.of("medal", {}, valid=5, invalid=0)], "unknown_title", id="unk"),
    ],
)
def test_it_needs_exactly_one_paper_line_per_title(counts: list[PaperCount], code: str) -> None:
    with pytest.raises(TallyError) as caught:
        tally_paper(setup(5), ballots_cast=5, counts=counts)

    assert caught.value.code == code


@pytest.mark.parametrize(
    ("build", "code"),
    [
        pytest.param(lambda: Proportion(3, 2, strict=True), "invalid_proportion", id="above-1"),
        pytest.param(lambda: Proportion(1, 0, strict=True), "invalid_proportion", id="over-0"),
        pytest.param(
            lambda: tally_ballots(VoteSetup((GOV,), 0, 5), []), "no_voters", id="no-voters"
        ),
        pytest.param(
            lambda: tally_ballots(VoteSetup((GOV,), 5, 0), []), "no_members", id="no-members"
        ),
        pytest.param(
            lambda: tally_ballots(VoteSetup((GOV, GOV), 5, 5), []), "duplicate_title", id="dup"
        ),
        pytest.param(
            lambda: tally_ballots(VoteSetup((Title("x", 0, UNITS),), 5, 5), []),
            "invalid_quota",
            id="quota-0",
        ),
        pytest.param(
            lambda: tally_ballots(VoteSetup((Title("x", 1, ("A", "A")),), 5, 5), []),
            "duplicate_candidate",
            id="candidate-twice",
        ),
        pytest.param(
            lambda: tally_ballots(setup(2), ballots(("A", ""), ("A", ""), ("A", ""))),
            "too_many_ballots",
            id="more-ballots-than-voters",
        ),
    ],
)
def test_it_refuses_a_bad_setup(build: Callable[[], object], code: str) -> None:
    with pytest.raises(TallyError) as caught:
        build()

    assert caught.value.code == code


# --- properties ------------------------------------------------------------------------

PROPERTY_TITLES = (Title("gov", 1, ("A", "B", "C", "D")), Title("min", 2, ("A", "B", "C", "D")))
CHOICES = st.frozensets(st.sampled_from(["A", "B", "C", "D", "Z"]), max_size=3)


@st.composite
def votes_cast(draw: st.DrawFn) -> tuple[VoteSetup, list[Ballot]]:
    rows = draw(st.lists(st.fixed_dictionaries({"gov": CHOICES, "min": CHOICES}), max_size=12))
    eligible = draw(st.integers(min_value=max(len(rows), 1), max_value=14))
    vote = VoteSetup(
        titles=PROPERTY_TITLES,
        eligible_voters=eligible,
        member_units=draw(st.integers(min_value=1, max_value=14)),
        approval=draw(st.sampled_from([MORE_THAN_HALF, Proportion(1, 3, strict=False)])),
        prerequisites=draw(st.sampled_from([(), (Prerequisite("gov", "min"),)])),
    )
    return vote, [Ballot.of(row) for row in rows]


def count_by_hand(vote: VoteSetup, cast: Iterable[Ballot]) -> list[PaperCount]:
    """The tellers' sheet: a section is spoilt if it names too many or a non-candidate."""
    lines = []
    cast = list(cast)
    for title in vote.titles:
        tally: Counter[str] = Counter()
        invalid = 0
        for ballot in cast:
            chosen = ballot.chosen(title.code)
            if len(chosen) > title.quota or not chosen <= set(title.candidates):
                invalid += 1
            else:
                tally.update(chosen)
        lines.append(
            PaperCount.of(title.code, dict(tally), valid=len(cast) - invalid, invalid=invalid)
        )
    return lines


@given(votes_cast())
def test_a_paper_tally_of_the_aggregated_counts_equals_the_electronic_tally(
    case: tuple[VoteSetup, list[Ballot]],
) -> None:
    vote, cast = case

    paper = tally_paper(vote, ballots_cast=len(cast), counts=count_by_hand(vote, cast))

    assert paper == tally_ballots(vote, cast)


@given(votes_cast(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_ballots(
    case: tuple[VoteSetup, list[Ballot]], rng: Random
) -> None:
    vote, cast = case
    shuffled = list(cast)
    rng.shuffle(shuffled)

    assert tally_ballots(vote, shuffled) == tally_ballots(vote, cast)


@given(votes_cast())
def test_nobody_is_elected_beyond_the_quota_or_without_approval(
    case: tuple[VoteSetup, list[Ballot]],
) -> None:
    vote, cast = case

    result = tally_ballots(vote, cast)

    for title, line in zip(vote.titles, result.titles, strict=True):
        assert len(line.elected) + line.runoff_seats <= title.quota
        for candidate in line.candidates:
            assert candidate.elected <= candidate.approved
            assert candidate.approved <= (result.quorum_met and candidate.passes_threshold)
