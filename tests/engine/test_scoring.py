"""Scores of the five criterion kinds and tree totals, against values worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from thidua.engine.scoring import (
    DEFAULT_RANK_POINTS,
    AdjustmentItem,
    CriterionNode,
    CriterionScore,
    QuantEntry,
    RankPointsTable,
    ScoreStatus,
    ScoringError,
    round_display,
    score_adjustments,
    score_direct,
    score_per_occurrence,
    score_qualitative,
    score_quantitative,
    score_rank_points,
    total_tree,
)

D = Decimal
S = ScoreStatus


def target(unit: str, ratio: str | None, actual: str | None = None) -> QuantEntry:
    return QuantEntry(unit, None if ratio is None else D(ratio), True, _dec(actual))


def no_target(unit: str, actual: str | None) -> QuantEntry:
    return QuantEntry(unit, None, False, _dec(actual))


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else D(value)


def by_unit(scores: tuple[CriterionScore, ...]) -> dict[str, tuple[Decimal | None, Decimal, S]]:
    return {s.unit: (s.points, s.attainable, s.status) for s in scores}


# --- quantitative: the published formula -----------------------------------------------

QUANT_CASES = [
    pytest.param(
        "100",
        [
            target("A", "1.20"),
            target("B", "1.10"),
            target("C", "1.00"),
            target("D", "0.80"),
            target("E", None),
        ],
        {
            "A": (D(100), D(100), S.LEADER),
            "B": (D(75), D(100), S.EXCEEDED),
            "C": (D(50), D(100), S.MET),
            "D": (D(40), D(100), S.NOT_MET),
            "E": (None, D(100), S.NO_DATA),
        },
        id="the-domain-example",
    ),
    pytest.param(
        "100",
        [target("A", "1.2"), target("F", "-0.5"), target("G", "0")],
        {
            "A": (D(100), D(100), S.LEADER),
            "F": (D(0), D(100), S.NOT_MET),
            "G": (D(0), D(100), S.NOT_MET),
        },
        id="negative-and-zero-achievement-score-nothing",
    ),
    pytest.param(
        "100",
        [target("A", "1.2"), target("B", "1.2"), target("C", "1.1")],
        {
            "A": (D(100), D(100), S.LEADER),
            "B": (D(100), D(100), S.LEADER),
            "C": (D(75), D(100), S.EXCEEDED),
        },
        id="two-leaders-tied",
    ),
    pytest.param(
        # A: 15 of a target of 10; B: 50 of a target of 40. B did more, A exceeded more.
        "200",
        [target("A", "1.5", "15"), target("B", "1.25", "50")],
        {"A": (D(200), D(200), S.LEADER), "B": (D(150), D(200), S.EXCEEDED)},
        id="different-targets-compare-ratios-not-amounts",
    ),
    pytest.param(
        "100",
        [target("A", "1.0"), target("B", "0.9")],
        {"A": (D(50), D(100), S.MET), "B": (D(45), D(100), S.NOT_MET)},
        id="nobody-exceeded-so-nobody-gets-the-maximum",
    ),
    pytest.param(
        "100",
        [target("A", "1.3"), target("B", "1.1")],
        {
            "A": (D(100), D(100), S.LEADER),
            # 50 + (0.1 ÷ 0.3) × 50, exact to 28 significant digits.
            "B": (D("66.66666666666666666666666667"), D(100), S.EXCEEDED),
        },
        id="a-non-terminating-share-keeps-full-precision",
    ),
    pytest.param(
        "100",
        [target("A", "1.2", "120"), no_target("N", None)],
        {"A": (D(100), D(100), S.LEADER), "N": (None, D(0), S.NOT_SCORED)},
        id="no-target-no-result-is-not-scored",
    ),
    pytest.param(
        "100",
        [
            target("A", "1.2", "120"),
            target("B", "1.1", "220"),
            no_target("N", "60"),
            no_target("P", "150"),
            no_target("Q", "-5"),
        ],
        {
            "A": (D(100), D(100), S.LEADER),
            "B": (D(75), D(100), S.EXCEEDED),
            "N": (D(50), D(100), S.BENCHMARKED),  # 100 × 60 ÷ 120
            "P": (D(100), D(100), S.BENCHMARKED),  # 125, capped at the leader's 100
            "Q": (D(0), D(100), S.BENCHMARKED),
        },
        id="no-target-with-result-against-the-leader",
    ),
    pytest.param(
        "100",
        [target("A", "1.0", "80"), target("B", "0.5", "100"), no_target("N", "40")],
        {
            "A": (D(50), D(100), S.MET),
            "B": (D(25), D(100), S.NOT_MET),
            "N": (D(25), D(100), S.BENCHMARKED),  # the best placed scored 50: 50 × 40 ÷ 80
        },
        id="no-target-with-result-when-nobody-exceeded",
    ),
    pytest.param(
        "100",
        [target("A", "1.2", "120"), target("B", "1.2", "240"), no_target("N", "120")],
        {
            "A": (D(100), D(100), S.LEADER),
            "B": (D(100), D(100), S.LEADER),
            "N": (D(50), D(100), S.BENCHMARKED),  # the larger leader's 240 is the yardstick
        },
        id="tied-leaders-the-larger-actual-is-the-yardstick",
    ),
    pytest.param(
        "100",
        [no_target("N", "10"), no_target("P", None)],
        {"N": (None, D(0), S.NO_BENCHMARK), "P": (None, D(0), S.NOT_SCORED)},
        id="nobody-has-a-target",
    ),
    pytest.param(
        "100",
        [target("A", "1.2"), no_target("N", "10")],
        {"A": (D(100), D(100), S.LEADER), "N": (None, D(0), S.NO_BENCHMARK)},
        id="the-leader-reported-no-actual",
    ),
    pytest.param(
        "100",
        [target("A", "0", "0"), no_target("N", "10")],
        {"A": (D(0), D(100), S.NOT_MET), "N": (None, D(0), S.NO_BENCHMARK)},
        id="a-zero-yardstick-cannot-be-scaled",
    ),
    pytest.param(
        "0",
        [target("A", "1.2"), target("B", "0.5")],
        {"A": (D(0), D(0), S.LEADER), "B": (D(0), D(0), S.NOT_MET)},
        id="a-zero-maximum",
    ),
]


@pytest.mark.parametrize(("maximum", "entries", "expected"), QUANT_CASES)
def test_it_scores_quantitative_criteria_by_the_published_formula(
    maximum: str,
    entries: list[QuantEntry],
    expected: dict[str, tuple[Decimal | None, Decimal, S]],
) -> None:
    scores = score_quantitative(entries, maximum=D(maximum))

    assert by_unit(scores) == expected


def test_it_keeps_the_order_of_the_entries() -> None:
    entries = [target("D", "0.8"), target("A", "1.2"), no_target("N", None)]

    scores = score_quantitative(entries, maximum=D(100))

    assert [s.unit for s in scores] == ["D", "A", "N"]


def test_it_gives_the_leader_the_full_maximum() -> None:
    scores = score_quantitative([target("A", "3.5"), target("B", "1.01")], maximum=D(37))

    assert scores[0].points == D(37)


def test_it_ignores_the_callers_decimal_context() -> None:
    import decimal

    entries = [target("A", "1.3"), target("B", "1.1")]
    with decimal.localcontext(decimal.Context(prec=3)):
        scores = score_quantitative(entries, maximum=D(100))

    assert scores[1].points == D("66.66666666666666666666666667")


@pytest.mark.parametrize(
    ("entries", "maximum", "code"),
    [
        pytest.param([target("A", "1")], "-1", "negative_maximum", id="negative-maximum"),
        pytest.param([target("A", "1")], "NaN", "not_finite", id="nan-maximum"),
        pytest.param([target("A", "1"), target("A", "2")], "10", "duplicate_unit", id="dup"),
        pytest.param([target("A", "Infinity")], "10", "not_finite", id="infinite-ratio"),
        pytest.param(
            [QuantEntry("A", D(1), False, None)], "10", "ratio_without_target", id="no-target"
        ),
    ],
)
def test_it_refuses_bad_quantitative_input(
    entries: list[QuantEntry], maximum: str, code: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        score_quantitative(entries, maximum=D(maximum))

    assert caught.value.code == code


# --- quantitative: properties ----------------------------------------------------------

RATIOS = st.decimals(min_value=-2, max_value=5, places=3, allow_nan=False, allow_infinity=False)
AMOUNTS = st.decimals(
    min_value=-100, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
MAXIMA = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def clusters(draw: st.DrawFn) -> list[QuantEntry]:
    size = draw(st.integers(min_value=1, max_value=9))
    entries = []
    for index in range(size):
        has_target = draw(st.booleans())
        ratio = draw(st.none() | RATIOS) if has_target else None
        entries.append(QuantEntry(f"U{index}", ratio, has_target, draw(st.none() | AMOUNTS)))
    return entries


@given(clusters(), MAXIMA)
def test_a_score_never_exceeds_its_maximum_nor_goes_below_zero(
    entries: list[QuantEntry], maximum: Decimal
) -> None:
    scores = score_quantitative(entries, maximum=maximum)

    for score in scores:
        if score.points is not None:
            assert D(0) <= score.points <= maximum
        assert score.attainable in (D(0), maximum)


@st.composite
def clusters_with_an_excess(draw: st.DrawFn) -> list[QuantEntry]:
    """A cluster in which some unit exceeded its target (so that there is a leader)."""
    entries = draw(clusters())
    excess = draw(st.decimals(min_value="1.001", max_value=5, places=3))
    position = draw(st.integers(min_value=0, max_value=len(entries)))
    entries.insert(position, QuantEntry("L", excess, True, draw(st.none() | AMOUNTS)))
    return entries


@given(clusters_with_an_excess(), MAXIMA)
def test_every_leader_gets_the_maximum(entries: list[QuantEntry], maximum: Decimal) -> None:
    ratios = [e.ratio for e in entries if e.ratio is not None]

    scores = score_quantitative(entries, maximum=maximum)

    best = max(ratios)
    for entry, score in zip(entries, scores, strict=True):
        if entry.ratio == best:
            assert (score.points, score.status) == (maximum, S.LEADER)
        else:
            assert score.status is not S.LEADER


@given(clusters(), MAXIMA, st.data())
def test_raising_a_units_ratio_never_lowers_its_own_score(
    entries: list[QuantEntry], maximum: Decimal, data: st.DataObject
) -> None:
    rated = [i for i, e in enumerate(entries) if e.ratio is not None]
    assume(rated)
    index = data.draw(st.sampled_from(rated))
    raise_by = data.draw(st.decimals(min_value=0, max_value=3, places=3))
    before = entries[index]
    assert before.ratio is not None
    raised = list(entries)
    raised[index] = QuantEntry(before.unit, before.ratio + raise_by, True, before.actual)

    old = score_quantitative(entries, maximum=maximum)[index].points
    new = score_quantitative(raised, maximum=maximum)[index].points

    assert old is not None
    assert new is not None
    assert new >= old


@given(clusters(), MAXIMA)
def test_a_unit_without_a_target_never_outscores_the_best_placed_unit(
    entries: list[QuantEntry], maximum: Decimal
) -> None:
    scores = score_quantitative(entries, maximum=maximum)

    best = max(
        (
            s.points
            for e, s in zip(entries, scores, strict=True)
            if e.has_target and s.points is not None
        ),
        default=D(0),
    )
    for score in scores:
        if score.status is S.BENCHMARKED:
            assert score.points is not None
            assert score.points <= best


# --- qualitative, direct entry, per occurrence -----------------------------------------


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        pytest.param(True, (D(20), D(20), S.MET), id="met"),
        pytest.param(False, (D(0), D(20), S.NOT_MET), id="not-met"),
        pytest.param(None, (None, D(20), S.NO_DATA), id="not-assessed"),
    ],
)
def test_it_scores_qualitative_criteria_all_or_nothing(
    met: bool | None, expected: tuple[Decimal | None, Decimal, S]
) -> None:
    score = score_qualitative("A", met, maximum=D(20))

    assert (score.points, score.attainable, score.status) == expected


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        pytest.param("30.5", (D("30.5"), D(40), S.ENTERED), id="within"),
        pytest.param("0", (D(0), D(40), S.ENTERED), id="zero"),
        pytest.param("40", (D(40), D(40), S.ENTERED), id="the-maximum"),
        pytest.param(None, (None, D(40), S.NO_DATA), id="not-entered"),
    ],
)
def test_it_takes_directly_entered_points(
    points: str | None, expected: tuple[Decimal | None, Decimal, S]
) -> None:
    score = score_direct("A", _dec(points), maximum=D(40))

    assert (score.points, score.attainable, score.status) == expected


@pytest.mark.parametrize(
    ("points", "code"),
    [
        pytest.param("40.01", "above_maximum", id="above"),
        pytest.param("-1", "negative_points", id="negative"),
        pytest.param("sNaN", "not_finite", id="nan"),
    ],
)
def test_it_refuses_entered_points_outside_the_scale(points: str, code: str) -> None:
    with pytest.raises(ScoringError) as caught:
        score_direct("A", D(points), maximum=D(40))

    assert caught.value.code == code


@pytest.mark.parametrize(
    ("occurrences", "expected"),
    [
        pytest.param(3, (D(10), S.CAPPED), id="5-times-3-capped-at-10"),
        pytest.param(2, (D(10), S.ENTERED), id="exactly-the-maximum"),
        pytest.param(1, (D(5), S.ENTERED), id="once"),
        pytest.param(0, (D(0), S.ENTERED), id="never"),
        pytest.param(None, (None, S.NO_DATA), id="not-reported"),
    ],
)
def test_it_scores_points_per_occurrence_capped_at_the_maximum(
    occurrences: int | None, expected: tuple[Decimal | None, S]
) -> None:
    score = score_per_occurrence("A", occurrences, points_each=D(5), maximum=D(10))

    assert (score.points, score.status) == expected


@pytest.mark.parametrize(
    ("occurrences", "points_each", "code"),
    [
        pytest.param(-1, "5", "negative_occurrences", id="negative-occurrences"),
        pytest.param(1, "-5", "negative_points", id="negative-points-each"),
    ],
)
def test_it_refuses_negative_occurrences_or_points(
    occurrences: int, points_each: str, code: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        score_per_occurrence("A", occurrences, points_each=D(points_each), maximum=D(10))

    assert caught.value.code == code


# --- bonus and penalty -----------------------------------------------------------------

ITEMS = (
    AdjustmentItem("commendation", D(3), "Bằng khen"),
    AdjustmentItem("criticism", D(-3), "Phê bình"),
    AdjustmentItem("warning", D("-1.5"), "Nhắc nhở"),
)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param({}, (D(0), D(0), 0), id="nothing"),
        pytest.param({"commendation": 2}, (D(6), D(0), 0), id="two-commendations"),
        pytest.param({"commendation": 2, "criticism": 1}, (D(3), D(-3), 1), id="bonus-and-penalty"),
        pytest.param(
            {"criticism": 1, "warning": 2, "commendation": 0},
            (D(-6), D(-6), 3),
            id="penalties-are-counted-by-occurrence",
        ),
    ],
)
def test_it_sums_bonus_and_penalty_items(
    counts: dict[str, int], expected: tuple[Decimal, Decimal, int]
) -> None:
    score = score_adjustments("A", counts, items=ITEMS)

    assert (score.points, score.penalty, score.penalty_count) == expected
    assert (score.attainable, score.status) == (D(0), S.ADJUSTED)


@pytest.mark.parametrize(
    ("counts", "items", "code"),
    [
        pytest.param({"medal": 1}, ITEMS, "unknown_item", id="unknown"),
        pytest.param({"criticism": -1}, ITEMS, "negative_occurrences", id="negative"),
        pytest.param({}, (*ITEMS, ITEMS[0]), "duplicate_item", id="duplicate-item"),
    ],
)
def test_it_refuses_bad_adjustments(
    counts: dict[str, int], items: tuple[AdjustmentItem, ...], code: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        score_adjustments("A", counts, items=items)

    assert caught.value.code == code


# --- rank points -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        pytest.param((1, 2, 2), D(50), id="60-45-45-averages-50"),
        pytest.param((1,), D(60), id="one-assessor"),
        pytest.param((1, 2, 3, 4), D("37.5"), id="four-assessors"),
        pytest.param((5, 6), D(0), id="fifth-and-beyond-the-table"),
        pytest.param((1, 1, 1, 1, 1, 1, 2), D("57.85714285714285714285714286"), id="sevenths"),
    ],
)
def test_it_averages_rank_points_over_assessors(ranks: tuple[int, ...], expected: Decimal) -> None:
    score = score_rank_points("A", ranks, maximum=D(60))

    assert (score.points, score.attainable, score.status) == (expected, D(60), S.RANKED)


def test_it_uses_a_configured_rank_table() -> None:
    table = RankPointsTable((D(10), D(5)))

    score = score_rank_points("A", (2, 1), maximum=D(10), table=table)

    assert score.points == D("7.5")


def test_it_reports_no_rank_points_without_assessments() -> None:
    score = score_rank_points("A", (), maximum=D(60))

    assert (score.points, score.attainable, score.status) == (None, D(60), S.NO_DATA)


@pytest.mark.parametrize(
    ("ranks", "maximum", "table", "code"),
    [
        pytest.param((0,), "60", DEFAULT_RANK_POINTS, "invalid_rank", id="rank-zero"),
        pytest.param((1,), "50", DEFAULT_RANK_POINTS, "above_maximum", id="table-too-high"),
        pytest.param((1,), "60", RankPointsTable((D(-1),)), "negative_points", id="negative"),
    ],
)
def test_it_refuses_bad_rank_points(
    ranks: tuple[int, ...], maximum: str, table: RankPointsTable, code: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        score_rank_points("A", ranks, maximum=D(maximum), table=table)

    assert caught.value.code == code


# --- display rounding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("66.66666666666666666666666667", "66.67"),
        ("0.125", "0.13"),
        ("0.135", "0.14"),
        ("2.675", "2.68"),
        ("-0.125", "-0.13"),
        ("50", "50.00"),
    ],
)
def test_it_rounds_for_display_half_up_to_two_decimals(value: str, shown: str) -> None:
    assert str(round_display(D(value))) == shown


# --- the criteria tree -----------------------------------------------------------------

TREE = CriterionNode(
    "ROOT",
    D(100),
    (
        CriterionNode("I", D(60), (CriterionNode("1.1", D(40)), CriterionNode("1.2", D(30)))),
        CriterionNode("II", D(40), (CriterionNode("2.1", D(40)),)),
        CriterionNode("III", D(10), (CriterionNode("B", D(10)),)),
    ),
)


def scores_for(
    *,
    q: CriterionScore | None = None,
    met: bool | None = True,
    direct: str | None = "20",
    adjustments: dict[str, int] | None = None,
) -> dict[str, CriterionScore]:
    quant = q or score_quantitative([target("A", "1.2"), target("Z", "1.1")], maximum=D(40))[0]
    return {
        "1.1": quant,
        "1.2": score_qualitative("A", met, maximum=D(30)),
        "2.1": score_direct("A", _dec(direct), maximum=D(40)),
        "B": score_adjustments("A", adjustments or {}, items=ITEMS),
    }


def test_it_caps_a_group_at_its_maximum() -> None:
    result = total_tree(TREE, scores_for(), unit="A")

    group = result.find("I")
    assert (group.total, group.earned, group.capped, group.attainable) == (
        D(60),
        D(60),
        True,
        D(60),
    )


def test_it_totals_the_tree_with_bonus_and_penalty() -> None:
    scores = scores_for(adjustments={"commendation": 2, "criticism": 1})

    result = total_tree(TREE, scores, unit="A")

    # I: 40 + 30 capped at 60; II: 20; III: +6 bonus, −3 penalty.
    assert [(n.code, n.total) for n in result.children] == [
        ("I", D(60)),
        ("II", D(20)),
        ("III", D(3)),
    ]
    assert (result.total, result.earned, result.penalty, result.attainable) == (
        D(83),
        D(86),
        D(-3),
        D(100),
    )
    assert (result.exceeded_count, result.penalty_count, result.missing) == (1, 1, 0)


def test_it_lets_bonus_points_make_up_for_lost_points_but_not_pass_the_scale() -> None:
    scores = scores_for(direct="40", adjustments={"commendation": 2})

    result = total_tree(TREE, scores, unit="A")

    # 60 + 40 + 6 = 106 earned, capped at the root's 100.
    assert (result.total, result.capped, result.attainable) == (D(100), True, D(100))


def test_a_covenant_can_leave_room_for_bonuses_above_the_scale() -> None:
    tree = CriterionNode(
        "ROOT",
        D(1050),
        (CriterionNode("R", D(1000)), CriterionNode("B", D(50))),
    )
    scores = {
        "R": score_direct("A", D(1000), maximum=D(1000)),
        "B": score_adjustments("A", {"commendation": 2}, items=ITEMS),
    }

    result = total_tree(tree, scores, unit="A")

    assert (result.total, result.attainable, result.capped) == (D(1006), D(1000), False)


def test_it_caps_bonus_points_at_their_groups_maximum() -> None:
    scores = scores_for(adjustments={"commendation": 5})

    result = total_tree(TREE, scores, unit="A")

    assert (result.find("B").total, result.find("B").capped, result.find("III").total) == (
        D(10),
        True,
        D(10),
    )


def test_a_penalty_always_costs_its_points_even_under_a_cap() -> None:
    scores = scores_for(direct="40", adjustments={"commendation": 2, "criticism": 1})

    result = total_tree(TREE, scores, unit="A")

    # earned 60 + 40 + 6 = 106 → capped at 100, then the criticism's −3.
    assert (result.earned, result.penalty, result.total) == (D(100), D(-3), D(97))


def test_it_removes_a_criterion_the_unit_is_not_scored_on_from_its_attainable_points() -> None:
    not_scored = score_quantitative([no_target("A", None)], maximum=D(40))[0]

    result = total_tree(TREE, scores_for(q=not_scored), unit="A")

    # I: min(60, 0 + 30) = 30; II: 40; III: bonuses are never owed, 0.
    assert (result.find("I").attainable, result.attainable, result.total) == (
        D(30),
        D(70),
        D(50),
    )


def test_it_counts_missing_data_as_zero_of_an_unchanged_scale() -> None:
    result = total_tree(TREE, scores_for(met=None, direct=None), unit="A")

    assert (result.total, result.attainable, result.missing) == (D(40), D(100), 2)


def test_a_leaf_without_children_can_be_the_whole_tree() -> None:
    leaf = CriterionNode("X", D(10))

    result = total_tree(leaf, {"X": score_direct("A", D(7), maximum=D(10))}, unit="A")

    assert (result.total, result.attainable, result.children) == (D(7), D(10), ())


def test_find_raises_key_error_for_an_unknown_code() -> None:
    result = total_tree(TREE, scores_for(), unit="A")

    with pytest.raises(KeyError):
        result.find("IX")


@pytest.mark.parametrize(
    ("tree", "scores", "code"),
    [
        pytest.param(
            TREE,
            {k: v for k, v in scores_for().items() if k != "2.1"},
            "missing_score",
            id="missing",
        ),
        pytest.param(
            TREE,
            {**scores_for(), "9.9": score_direct("A", D(1), maximum=D(1))},
            "unknown_criterion",
            id="unknown",
        ),
        pytest.param(
            TREE,
            {**scores_for(), "2.1": score_direct("Z", D(1), maximum=D(40))},
            "mixed_units",
            id="other-unit",
        ),
        pytest.param(
            TREE,
            {**scores_for(), "2.1": score_direct("A", D(45), maximum=D(50))},
            "above_maximum",
            id="scored-for-a-larger-maximum",
        ),
        pytest.param(
            TREE,
            {**scores_for(), "2.1": CriterionScore("A", D(45), D(40), S.ENTERED)},
            "above_maximum",
            id="points-above-the-leaf",
        ),
        pytest.param(
            CriterionNode("R", D(10), (CriterionNode("R", D(5)),)),
            {"R": score_direct("A", D(1), maximum=D(5))},
            "duplicate_code",
            id="duplicate-code",
        ),
        pytest.param(
            CriterionNode("R", D(-10), (CriterionNode("X", D(5)),)),
            {"X": score_direct("A", D(1), maximum=D(5))},
            "negative_maximum",
            id="negative-group-maximum",
        ),
    ],
)
def test_it_refuses_an_inconsistent_tree(
    tree: CriterionNode, scores: dict[str, CriterionScore], code: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        total_tree(tree, scores, unit="A")

    assert caught.value.code == code


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=100, places=2),
            st.decimals(min_value=0, max_value=100, places=2),
        ),
        min_size=1,
        max_size=6,
    ),
    st.decimals(min_value=0, max_value=300, places=2),
)
def test_a_group_total_never_exceeds_its_maximum(
    leaves: list[tuple[Decimal, Decimal]], group_maximum: Decimal
) -> None:
    children = []
    scores = {}
    for index, (maximum, share) in enumerate(leaves):
        code = f"L{index}"
        children.append(CriterionNode(code, maximum))
        scores[code] = score_direct("A", min(share, maximum), maximum=maximum)
    tree = CriterionNode("G", group_maximum, tuple(children))

    result = total_tree(tree, scores, unit="A")

    assert result.total == min(group_maximum, sum((min(s, m) for m, s in leaves), D(0)))
    assert result.attainable == min(group_maximum, sum((m for m, _ in leaves), D(0)))
