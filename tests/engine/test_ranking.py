"""Ranking by percentage of attainable points, tie-break rules and order independence."""

from __future__ import annotations

from decimal import Decimal
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.engine.ranking import (
    DEFAULT_TIE_BREAK,
    NO_TIE_BREAK,
    Ranked,
    RankEntry,
    RankingError,
    TieBreakKey,
    parse_tie_break,
    percent_of,
    rank_units,
)
from thidua.engine.scoring import (
    CriterionNode,
    QuantEntry,
    round_display,
    score_direct,
    score_quantitative,
    total_tree,
)

D = Decimal
K = TieBreakKey


def entry(
    unit: str, total: str, attainable: str = "100", exceeded: int = 0, penalties: int = 0
) -> RankEntry:
    return RankEntry(unit, D(total), D(attainable), exceeded, penalties)


def places(ranked: tuple[Ranked, ...]) -> list[tuple[str, int, bool]]:
    return [(r.unit, r.rank, r.tied) for r in ranked]


@pytest.mark.parametrize(
    ("total", "attainable", "percent"),
    [
        pytest.param("450", "900", D(50), id="450-of-900"),
        pytest.param("957.5", "1000", D("95.75"), id="plain"),
        pytest.param("103", "100", D(103), id="bonus-above-the-scale"),
        pytest.param("-3", "100", D(-3), id="penalties-below-zero"),
        pytest.param("2", "3", D("66.66666666666666666666666667"), id="thirds"),
        pytest.param("5", "0", None, id="nothing-attainable"),
    ],
)
def test_it_computes_the_percentage_of_attainable_points(
    total: str, attainable: str, percent: Decimal | None
) -> None:
    assert percent_of(D(total), D(attainable)) == percent


def test_a_unit_without_a_target_is_ranked_on_the_scale_minus_that_criterion() -> None:
    tree = CriterionNode("ROOT", D(1000), (CriterionNode("Q", D(100)), CriterionNode("R", D(900))))
    quant = score_quantitative(
        [QuantEntry("A", D("1.2"), True, D(12)), QuantEntry("B", None, False, None)],
        maximum=D(100),
    )
    totals = [
        total_tree(tree, {"Q": quant[0], "R": score_direct("A", D(400), maximum=D(900))}, unit="A"),
        total_tree(tree, {"Q": quant[1], "R": score_direct("B", D(450), maximum=D(900))}, unit="B"),
    ]

    ranked = rank_units(
        RankEntry(t.unit, t.total, t.attainable, t.exceeded_count, t.penalty_count) for t in totals
    )

    # A: 500 of 1000 = 50%; B: 450 of 900 = 50%; A exceeded a target, B did not.
    assert [(r.unit, r.rank, r.percent, r.attainable) for r in ranked] == [
        ("A", 1, D(50), D(1000)),
        ("B", 2, D(50), D(900)),
    ]
    assert str(round_display(ranked[1].percent or D(0))) == "50.00"


@pytest.mark.parametrize(
    ("tie_break", "entries", "expected"),
    [
        pytest.param(
            NO_TIE_BREAK,
            [entry("A", "90"), entry("B", "80", exceeded=3), entry("C", "80"), entry("D", "70")],
            [("A", 1, False), ("B", 2, True), ("C", 2, True), ("D", 4, False)],
            id="none-equal-percent-equal-rank-1-2-2-4",
        ),
        pytest.param(
            DEFAULT_TIE_BREAK,
            [entry("A", "90"), entry("C", "80", exceeded=2), entry("B", "80", exceeded=3)],
            [("A", 1, False), ("B", 2, False), ("C", 3, False)],
            id="default-more-criteria-exceeded-first",
        ),
        pytest.param(
            DEFAULT_TIE_BREAK,
            [
                entry("B", "80", exceeded=2, penalties=1),
                entry("C", "80", exceeded=2, penalties=0),
                entry("A", "80", exceeded=1, penalties=0),
            ],
            [("C", 1, False), ("B", 2, False), ("A", 3, False)],
            id="default-then-fewer-penalties",
        ),
        pytest.param(
            DEFAULT_TIE_BREAK,
            [
                entry("C", "80", exceeded=2, penalties=1),
                entry("B", "80", exceeded=2, penalties=1),
                entry("A", "90"),
            ],
            [("A", 1, False), ("B", 2, True), ("C", 2, True)],
            id="default-otherwise-an-equal-rank",
        ),
        pytest.param(
            (K.FEWER_PENALTIES, K.MORE_EXCEEDED),
            [
                entry("A", "80", exceeded=3, penalties=1),
                entry("B", "80", exceeded=0, penalties=0),
            ],
            [("B", 1, False), ("A", 2, False)],
            id="an-ordered-list-of-keys",
        ),
        pytest.param(
            (K.HIGHER_TOTAL,),
            [entry("A", "450", "900"), entry("B", "500", "1000")],
            [("B", 1, False), ("A", 2, False)],
            id="higher-total",
        ),
        pytest.param(
            NO_TIE_BREAK,
            [entry("A", "300", "900"), entry("B", "100", "300")],
            [("A", 1, True), ("B", 1, True)],
            id="equal-fractions-tie-exactly",
        ),
        pytest.param(
            NO_TIE_BREAK,
            # Both percentages print as 33.33333333333333333333333333 at 28 digits.
            [entry("A", "0.3333333333333333333333333333", "1"), entry("B", "1", "3")],
            [("B", 1, False), ("A", 2, False)],
            id="no-false-tie-from-rounded-digits",
        ),
        pytest.param(
            DEFAULT_TIE_BREAK,
            [entry("Z", "0", "0"), entry("A", "10"), entry("Y", "0", "0"), entry("B", "-5")],
            [("A", 1, False), ("B", 2, False), ("Y", 3, True), ("Z", 3, True)],
            id="nothing-attainable-shares-the-last-rank",
        ),
    ],
)
def test_it_ranks_by_percentage_then_the_tie_break_rule(
    tie_break: tuple[TieBreakKey, ...],
    entries: list[RankEntry],
    expected: list[tuple[str, int, bool]],
) -> None:
    ranked = rank_units(entries, tie_break=tie_break)

    assert places(ranked) == expected


def test_it_reports_a_percentage_of_none_for_a_unit_with_nothing_attainable() -> None:
    ranked = rank_units([entry("A", "0", "0"), entry("B", "1")])

    assert [(r.unit, r.percent) for r in ranked] == [("B", D(1)), ("A", None)]


def test_it_lists_fully_tied_units_by_unit_key() -> None:
    ranked = rank_units([entry("C", "50"), entry("A", "50"), entry("B", "50")])

    assert places(ranked) == [("A", 1, True), ("B", 1, True), ("C", 1, True)]


def test_it_ranks_nobody_when_given_nobody() -> None:
    assert rank_units([]) == ()


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("default", DEFAULT_TIE_BREAK),
        (" Default ", DEFAULT_TIE_BREAK),
        ("none", NO_TIE_BREAK),
        ("", NO_TIE_BREAK),
        ("fewer_penalties, more_exceeded", (K.FEWER_PENALTIES, K.MORE_EXCEEDED)),
        ("higher_total", (K.HIGHER_TOTAL,)),
    ],
)
def test_it_reads_a_stored_tie_break_rule(text: str, keys: tuple[TieBreakKey, ...]) -> None:
    assert parse_tie_break(text) == keys


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("more_exceeded,best_looking", "unknown_tie_break_key"),
        ("more_exceeded,more_exceeded", "duplicate_tie_break_key"),
    ],
)
def test_it_refuses_a_bad_tie_break_rule(text: str, code: str) -> None:
    with pytest.raises(RankingError) as caught:
        parse_tie_break(text)

    assert caught.value.code == code


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        pytest.param([entry("A", "1"), entry("A", "2")], "duplicate_unit", id="duplicate"),
        pytest.param([entry("A", "1", "-1")], "negative_attainable", id="negative-attainable"),
        pytest.param([entry("A", "1", penalties=-1)], "negative_count", id="negative-count"),
        pytest.param([entry("A", "NaN")], "not_finite", id="nan"),
    ],
)
def test_it_refuses_bad_ranking_input(entries: list[RankEntry], code: str) -> None:
    with pytest.raises(RankingError) as caught:
        rank_units(entries)

    assert caught.value.code == code


# --- properties ------------------------------------------------------------------------


@st.composite
def rank_entries(draw: st.DrawFn) -> list[RankEntry]:
    size = draw(st.integers(min_value=0, max_value=9))
    entries = []
    for index in range(size):
        # Few distinct values, so that ties are frequent.
        attainable = draw(st.sampled_from([D(0), D(500), D(900), D(1000)]))
        total = draw(st.sampled_from([D(-10), D(0), D(450), D(500), D(900), D("999.99")]))
        entries.append(
            RankEntry(
                f"U{index}",
                total,
                attainable,
                draw(st.integers(min_value=0, max_value=2)),
                draw(st.integers(min_value=0, max_value=2)),
            )
        )
    return entries


TIE_BREAKS = st.sampled_from([NO_TIE_BREAK, DEFAULT_TIE_BREAK, (K.HIGHER_TOTAL, K.FEWER_PENALTIES)])


@given(rank_entries(), TIE_BREAKS, st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_units_are_listed_in(
    entries: list[RankEntry], tie_break: tuple[TieBreakKey, ...], rng: Random
) -> None:
    shuffled = list(entries)
    rng.shuffle(shuffled)

    assert rank_units(shuffled, tie_break=tie_break) == rank_units(entries, tie_break=tie_break)


@given(rank_entries(), TIE_BREAKS)
def test_a_rank_is_one_more_than_the_number_of_units_strictly_ahead(
    entries: list[RankEntry], tie_break: tuple[TieBreakKey, ...]
) -> None:
    ranked = rank_units(entries, tie_break=tie_break)

    for position, item in enumerate(ranked):
        ahead = [other for other in ranked[:position] if other.rank != item.rank]
        assert item.rank == len(ahead) + 1
        assert item.tied == (sum(1 for other in ranked if other.rank == item.rank) > 1)


@given(rank_entries())
def test_a_higher_percentage_is_never_ranked_below_a_lower_one(entries: list[RankEntry]) -> None:
    ranked = rank_units(entries)

    percents = [r.percent for r in ranked if r.percent is not None]
    assert [r.percent for r in ranked[: len(percents)]] == percents
    assert percents == sorted(percents, reverse=True)
