"""Scores for the five criterion kinds and their totals up a criteria tree.

The quantitative formula is the published method of DOMAIN.md §5. Points are kept exact
(Decimal at ENGINE_CONTEXT precision); only `round_display` rounds, and only for showing.
docs/engine-scoring.md explains every decision taken here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

__all__ = [
    "DEFAULT_RANK_POINTS",
    "ENGINE_CONTEXT",
    "EXCEEDING_STATUSES",
    "AdjustmentItem",
    "CriterionNode",
    "CriterionScore",
    "NodeTotal",
    "QuantEntry",
    "RankPointsTable",
    "ScoreStatus",
    "ScoringError",
    "round_display",
    "score_adjustments",
    "score_direct",
    "score_per_occurrence",
    "score_qualitative",
    "score_quantitative",
    "score_rank_points",
    "total_tree",
]

# Fixed here rather than inherited from the caller's thread context, so that the same
# figures give the same points whatever a view or a task did to decimal.getcontext().
ENGINE_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

ZERO = Decimal(0)
ONE = Decimal(1)
_CENT = Decimal("0.01")


class ScoringError(ValueError):
    """Bad input to a scoring function; `code` is stable for callers to translate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ScoreStatus(StrEnum):
    NOT_MET = "not_met"
    MET = "met"
    EXCEEDED = "exceeded"
    LEADER = "leader"
    BENCHMARKED = "benchmarked"
    """No target, but a result: scored against the cluster's leader (see the docs)."""
    NO_BENCHMARK = "no_benchmark"
    """No target and a result, but no unit with a target to compare it with."""
    NOT_SCORED = "not_scored"
    """No target and no result: the criterion leaves this unit's attainable points."""
    NO_DATA = "no_data"
    """Scored on the criterion, but no figure or assessment yet: counts 0 of M."""
    ENTERED = "entered"
    CAPPED = "capped"
    RANKED = "ranked"
    ADJUSTED = "adjusted"


EXCEEDING_STATUSES = frozenset({ScoreStatus.EXCEEDED, ScoreStatus.LEADER})


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """One unit's score on one leaf criterion.

    `attainable` is the criterion maximum when the unit is scored on it, else 0.
    `penalty` (≤ 0) is the part of `points` owed to penalty items; only bonus/penalty
    scores have one, and the tree keeps it apart so that no cap can absorb it.
    """

    unit: str
    points: Decimal | None
    attainable: Decimal
    status: ScoreStatus
    penalty: Decimal = ZERO
    penalty_count: int = 0


@dataclass(frozen=True, slots=True)
class QuantEntry:
    """One unit's figures on a quantitative criterion.

    `ratio` is r from the evaluation module (None: no data). `actual` is the numerator of
    r, oriented so that more is better (the achieved reduction for reduction targets); it
    is only read for units without a target and for the leader they are compared with.
    """

    unit: str
    ratio: Decimal | None
    has_target: bool
    actual: Decimal | None


@dataclass(frozen=True, slots=True)
class AdjustmentItem:
    """A bonus (points > 0) or penalty (points < 0) item, e.g. commendation +3."""

    code: str
    points: Decimal
    label: str = ""


@dataclass(frozen=True, slots=True)
class RankPointsTable:
    """Points by rank in an outside assessment: `points[0]` for 1st place, and so on."""

    points: tuple[Decimal, ...]

    def for_rank(self, rank: int) -> Decimal:
        if rank < 1:
            raise ScoringError("invalid_rank", f"A rank starts at 1; got {rank}.")
        # Ranks past the end of the table earn nothing, as the 5th place does by default.
        return self.points[rank - 1] if rank <= len(self.points) else ZERO


DEFAULT_RANK_POINTS = RankPointsTable(
    (Decimal(60), Decimal(45), Decimal(30), Decimal(15), Decimal(0))
)


@dataclass(frozen=True, slots=True)
class CriterionNode:
    """A node of a covenant's criteria tree: a group when it has children, else a leaf."""

    code: str
    maximum: Decimal
    children: tuple[CriterionNode, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True, slots=True)
class NodeTotal:
    """A unit's total on one node of the criteria tree.

    total = earned + penalty, where earned (the cap applied) is at most the maximum and
    penalty (≤ 0) is summed uncapped from the leaves below.
    """

    unit: str
    code: str
    maximum: Decimal
    total: Decimal
    earned: Decimal
    penalty: Decimal
    attainable: Decimal
    capped: bool
    missing: int
    exceeded_count: int
    penalty_count: int
    score: CriterionScore | None
    children: tuple[NodeTotal, ...]

    def find(self, code: str) -> NodeTotal:
        """The node with this code in the subtree rooted here; KeyError if absent."""
        stack = [self]
        while stack:
            node = stack.pop()
            if node.code == code:
                return node
            stack.extend(node.children)
        raise KeyError(code)


def round_display(value: Decimal) -> Decimal:
    """Two decimals, half up, as the score tables print them; never fed back into sums."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def score_quantitative(
    entries: Sequence[QuantEntry], *, maximum: Decimal
) -> tuple[CriterionScore, ...]:
    """Scores of one quantitative criterion across a cluster, in the order given."""
    with localcontext(ENGINE_CONTEXT):
        _check_maximum(maximum)
        _check_unique_units(entry.unit for entry in entries)
        for entry in entries:
            _check_entry(entry)

        rated = [e for e in entries if e.has_target and e.ratio is not None]
        best = max((e.ratio for e in rated if e.ratio is not None), default=None)
        formula = _Formula(maximum, best)
        benchmark = _benchmark(rated, formula)

        scores: list[CriterionScore] = []
        for entry in entries:
            if entry.has_target:
                if entry.ratio is None:
                    scores.append(CriterionScore(entry.unit, None, maximum, ScoreStatus.NO_DATA))
                else:
                    points, status = formula.score(entry.ratio)
                    scores.append(CriterionScore(entry.unit, points, maximum, status))
            elif entry.actual is None:
                scores.append(CriterionScore(entry.unit, None, ZERO, ScoreStatus.NOT_SCORED))
            elif benchmark is None:
                scores.append(CriterionScore(entry.unit, None, ZERO, ScoreStatus.NO_BENCHMARK))
            else:
                points = benchmark.score(entry.actual)
                scores.append(CriterionScore(entry.unit, points, maximum, ScoreStatus.BENCHMARKED))
        return tuple(scores)


def score_qualitative(unit: str, met: bool | None, *, maximum: Decimal) -> CriterionScore:
    """M if met, 0 if not; None means not assessed yet."""
    with localcontext(ENGINE_CONTEXT):
        _check_maximum(maximum)
        if met is None:
            return CriterionScore(unit, None, maximum, ScoreStatus.NO_DATA)
        if met:
            return CriterionScore(unit, maximum, maximum, ScoreStatus.MET)
        return CriterionScore(unit, ZERO, maximum, ScoreStatus.NOT_MET)


def score_direct(unit: str, points: Decimal | None, *, maximum: Decimal) -> CriterionScore:
    """Points entered by the scorer, which must lie between 0 and the maximum."""
    with localcontext(ENGINE_CONTEXT):
        _check_maximum(maximum)
        if points is None:
            return CriterionScore(unit, None, maximum, ScoreStatus.NO_DATA)
        _check_finite(points, "points")
        if points < ZERO:
            raise ScoringError("negative_points", f"Points cannot be negative; got {points}.")
        if points > maximum:
            raise ScoringError(
                "above_maximum",
                f"{points} points is above this criterion's maximum of {maximum}.",
            )
        return CriterionScore(unit, points, maximum, ScoreStatus.ENTERED)


def score_per_occurrence(
    unit: str, occurrences: int | None, *, points_each: Decimal, maximum: Decimal
) -> CriterionScore:
    """Occurrences × points each, capped at the maximum (e.g. 5 points per session)."""
    with localcontext(ENGINE_CONTEXT):
        _check_maximum(maximum)
        _check_finite(points_each, "points_each")
        if points_each < ZERO:
            raise ScoringError(
                "negative_points", f"Points per occurrence cannot be negative; got {points_each}."
            )
        if occurrences is None:
            return CriterionScore(unit, None, maximum, ScoreStatus.NO_DATA)
        if occurrences < 0:
            raise ScoringError(
                "negative_occurrences", f"Occurrences cannot be negative; got {occurrences}."
            )
        raw = points_each * occurrences
        if raw > maximum:
            return CriterionScore(unit, maximum, maximum, ScoreStatus.CAPPED)
        return CriterionScore(unit, raw, maximum, ScoreStatus.ENTERED)


def score_adjustments(
    unit: str, counts: Mapping[str, int], *, items: Sequence[AdjustmentItem]
) -> CriterionScore:
    """Net bonus and penalty points; attainable 0, since nobody is owed a bonus."""
    with localcontext(ENGINE_CONTEXT):
        by_code: dict[str, AdjustmentItem] = {}
        for item in items:
            _check_finite(item.points, f"points of item {item.code!r}")
            if item.code in by_code:
                raise ScoringError(
                    "duplicate_item", f"Adjustment item {item.code!r} is listed twice."
                )
            by_code[item.code] = item
        bonus = ZERO
        penalty = ZERO
        penalty_count = 0
        for code, count in counts.items():
            if code not in by_code:
                raise ScoringError("unknown_item", f"There is no adjustment item {code!r}.")
            if count < 0:
                raise ScoringError(
                    "negative_occurrences",
                    f"The count of {code!r} cannot be negative; got {count}.",
                )
            amount = by_code[code].points * count
            if amount < ZERO:
                penalty += amount
                penalty_count += count
            else:
                bonus += amount
        return CriterionScore(
            unit,
            bonus + penalty,
            ZERO,
            ScoreStatus.ADJUSTED,
            penalty=penalty,
            penalty_count=penalty_count,
        )


def score_rank_points(
    unit: str,
    ranks: Sequence[int],
    *,
    maximum: Decimal,
    table: RankPointsTable = DEFAULT_RANK_POINTS,
) -> CriterionScore:
    """The average of the points each assessor's rank earns; no ranks means no data."""
    with localcontext(ENGINE_CONTEXT):
        _check_maximum(maximum)
        for value in table.points:
            _check_finite(value, "rank points")
            if value < ZERO:
                raise ScoringError(
                    "negative_points", f"Rank points cannot be negative; got {value}."
                )
            if value > maximum:
                raise ScoringError(
                    "above_maximum",
                    f"The rank table gives {value} points, above the maximum of {maximum}.",
                )
        if not ranks:
            return CriterionScore(unit, None, maximum, ScoreStatus.NO_DATA)
        earned = sum((table.for_rank(rank) for rank in ranks), ZERO)
        return CriterionScore(unit, earned / len(ranks), maximum, ScoreStatus.RANKED)


def total_tree(
    tree: CriterionNode, scores: Mapping[str, CriterionScore], *, unit: str
) -> NodeTotal:
    """One unit's totals on every node, each group capped at its maximum.

    `scores` maps every leaf code to the unit's score on it; a leaf without a score is an
    error rather than a silent zero, because "not scored" and "no data yet" differ.
    """
    with localcontext(ENGINE_CONTEXT):
        leaves = _check_tree(tree)
        for code, score in scores.items():
            if code not in leaves:
                raise ScoringError(
                    "unknown_criterion", f"{code!r} is not a leaf criterion of this tree."
                )
            if score.unit != unit:
                raise ScoringError(
                    "mixed_units",
                    f"The score on {code!r} belongs to {score.unit!r}, not to {unit!r}.",
                )
        return _total(tree, scores, unit)


# --- internals -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Formula:
    maximum: Decimal
    best: Decimal | None

    def score(self, ratio: Decimal) -> tuple[Decimal, ScoreStatus]:
        half = self.maximum / 2
        if ratio <= ZERO:
            return ZERO, ScoreStatus.NOT_MET
        if ratio < ONE:
            return half * ratio, ScoreStatus.NOT_MET
        if ratio == ONE:
            return half, ScoreStatus.MET
        assert self.best is not None
        if ratio == self.best:
            return self.maximum, ScoreStatus.LEADER
        # One division, so the proportional part is rounded once at context precision.
        return half + half * (ratio - ONE) / (self.best - ONE), ScoreStatus.EXCEEDED


@dataclass(frozen=True, slots=True)
class _Benchmark:
    points: Decimal
    actual: Decimal

    def score(self, actual: Decimal) -> Decimal:
        proportional = self.points * actual / self.actual
        return max(ZERO, min(self.points, proportional))


def _benchmark(rated: Sequence[QuantEntry], formula: _Formula) -> _Benchmark | None:
    """The best-placed unit with a target, the yardstick for units without one."""
    if formula.best is None:
        return None
    actuals = [e.actual for e in rated if e.ratio == formula.best and e.actual is not None]
    if not actuals:
        return None
    # Tied leaders may have produced different amounts; the largest is the hardest
    # yardstick, so a unit without a target never profits from the tie.
    actual = max(actuals)
    if actual <= ZERO:
        return None
    points, _ = formula.score(formula.best)
    return _Benchmark(points, actual)


def _total(node: CriterionNode, scores: Mapping[str, CriterionScore], unit: str) -> NodeTotal:
    if node.is_leaf:
        return _leaf_total(node, scores, unit)
    children = tuple(_total(child, scores, unit) for child in node.children)
    earned_sum = sum((c.earned for c in children), ZERO)
    penalty = sum((c.penalty for c in children), ZERO)
    earned = min(node.maximum, earned_sum)
    return NodeTotal(
        unit=unit,
        code=node.code,
        maximum=node.maximum,
        total=earned + penalty,
        earned=earned,
        penalty=penalty,
        attainable=min(node.maximum, sum((c.attainable for c in children), ZERO)),
        capped=earned_sum > node.maximum,
        missing=sum(c.missing for c in children),
        exceeded_count=sum(c.exceeded_count for c in children),
        penalty_count=sum(c.penalty_count for c in children),
        score=None,
        children=children,
    )


def _leaf_total(node: CriterionNode, scores: Mapping[str, CriterionScore], unit: str) -> NodeTotal:
    score = scores.get(node.code)
    if score is None:
        raise ScoringError("missing_score", f"No score was given for criterion {node.code!r}.")
    if score.attainable > node.maximum:
        raise ScoringError(
            "above_maximum",
            f"The score on {node.code!r} was computed for a maximum of {score.attainable}, "
            f"above the criterion's maximum of {node.maximum}.",
        )
    points = ZERO if score.points is None else score.points
    penalty = score.penalty
    if score.status is not ScoreStatus.ADJUSTED and points > node.maximum:
        raise ScoringError(
            "above_maximum",
            f"{points} points on {node.code!r} is above its maximum of {node.maximum}.",
        )
    # Bonuses are capped by the leaf like any points; penalties are not (see _total).
    positive = points - penalty
    earned = min(node.maximum, positive)
    return NodeTotal(
        unit=unit,
        code=node.code,
        maximum=node.maximum,
        total=earned + penalty,
        earned=earned,
        penalty=penalty,
        attainable=score.attainable,
        capped=positive > node.maximum,
        missing=1 if score.points is None and score.attainable > ZERO else 0,
        exceeded_count=1 if score.status in EXCEEDING_STATUSES else 0,
        penalty_count=score.penalty_count,
        score=score,
        children=(),
    )


def _check_tree(tree: CriterionNode) -> frozenset[str]:
    """Leaf codes of a well-formed tree; codes unique, maxima finite and non-negative."""
    seen: set[str] = set()
    leaves: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.code in seen:
            raise ScoringError("duplicate_code", f"Criterion code {node.code!r} appears twice.")
        seen.add(node.code)
        _check_maximum(node.maximum)
        if node.is_leaf:
            leaves.add(node.code)
        stack.extend(node.children)
    return frozenset(leaves)


def _check_entry(entry: QuantEntry) -> None:
    if entry.ratio is not None:
        _check_finite(entry.ratio, f"ratio of {entry.unit!r}")
        if not entry.has_target:
            raise ScoringError(
                "ratio_without_target",
                f"{entry.unit!r} has an achievement ratio but no target.",
            )
    if entry.actual is not None:
        _check_finite(entry.actual, f"actual result of {entry.unit!r}")


def _check_maximum(maximum: Decimal) -> None:
    _check_finite(maximum, "maximum")
    if maximum < ZERO:
        raise ScoringError("negative_maximum", f"A maximum cannot be negative; got {maximum}.")


def _check_finite(value: Decimal, what: str) -> None:
    if not value.is_finite():
        raise ScoringError("not_finite", f"The {what} must be a finite number; got {value}.")


def _check_unique_units(units: Iterable[str]) -> None:
    seen: set[str] = set()
    for unit in units:
        if unit in seen:
            raise ScoringError("duplicate_unit", f"Unit {unit!r} is listed twice.")
        seen.add(unit)
