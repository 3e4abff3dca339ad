"""Reads: the cluster's score table, a unit's scores, the ranking, the published standings.

Every point, total, cap, percentage and rank is the engine's (thidua.engine.scoring and
ranking), computed from the stored inputs and figure snapshots. Loading takes a fixed
number of queries, whatever the number of units, criteria or covenants (`_load`): the
pages, documents and API build on these without N+1.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from thidua.covenants.models import Covenant, Criterion, CriterionKind
from thidua.engine.ranking import (
    DEFAULT_TIE_BREAK,
    RankEntry,
    RankingError,
    TieBreakKey,
    parse_tie_break,
    percent_of,
    rank_units,
)
from thidua.engine.scoring import (
    CriterionNode,
    CriterionScore,
    NodeTotal,
    ScoreStatus,
    round_display,
    score_quantitative,
    total_tree,
)
from thidua.org.models import Cluster, Membership, Unit
from thidua.scoring.domain.figures import quant_entry
from thidua.scoring.domain.inputs import score_input
from thidua.scoring.models import (
    CovenantScoring,
    Score,
    ScoreEvidence,
    ScoreSheet,
    ScoringStatus,
    SheetStatus,
)

ROOT = "covenant"
ZERO = Decimal(0)
MISSING = "missing"
DONE_STATUSES = frozenset({SheetStatus.FINAL, SheetStatus.LOCKED})


class Source:
    """Which step an effective score comes from."""

    AUTO = "auto"  # quantitative: the approved year figures, through the formula
    SELF = "self"
    VERIFIED = "verified"
    FINAL = "final"


@dataclass(frozen=True)
class CriterionRow:
    """A criterion of the tree in display order; `depth` 0 for the top level."""

    criterion: Criterion
    depth: int
    is_leaf: bool


@dataclass(frozen=True)
class ScoreCell:
    """One unit's score on one leaf criterion, at every step.

    self_points: the self-score (for a quantitative criterion, the automatic points);
    verified_points / final_points: what the verifier / the office gave, None where they
    gave nothing (they kept the step before); points: the effective score, final if given,
    else verified, else self. attainable, status, penalty: the engine's, of the effective
    score. outcome: a quantitative criterion's evaluation (not_met, met, exceeded, no_data;
    None without a target). problem: a stored input the engine no longer accepts (the
    covenant was edited afterwards); the cell then counts as without data.
    """

    criterion: Criterion
    score: Score | None
    self_points: Decimal | None
    verified_points: Decimal | None
    final_points: Decimal | None
    points: Decimal | None
    attainable: Decimal
    status: ScoreStatus
    outcome: str | None
    source: str
    penalty: Decimal = ZERO
    penalty_count: int = 0
    problem: str = ""

    @property
    def is_quantitative(self) -> bool:
        return self.criterion.kind == CriterionKind.QUANTITATIVE

    @property
    def verified_or_self(self) -> Decimal | None:
        return self.self_points if self.verified_points is None else self.verified_points

    @property
    def changed_by_verifier(self) -> bool:
        return self.verified_points is not None and self.verified_points != self.self_points

    @property
    def changed_by_office(self) -> bool:
        return self.final_points is not None and self.final_points != self.verified_or_self

    @property
    def figures(self) -> Mapping[str, Any]:
        return (self.score.figures if self.score else None) or {}

    @property
    def evidence_count(self) -> int:
        return int(getattr(self.score, "evidence_count", 0) or 0)


@dataclass(frozen=True)
class UnitScores:
    """A unit's row of the table: its cells, every node's totals (groups capped by the
    engine), the totals at the self-score and verified steps, and its place."""

    unit: Unit
    sheet: ScoreSheet | None
    cells: Mapping[int, ScoreCell]
    nodes: Mapping[int, NodeTotal]
    root: NodeTotal
    self_root: NodeTotal
    verified_root: NodeTotal
    rank: int | None
    tied: bool

    @property
    def status(self) -> str:
        return self.sheet.status if self.sheet else MISSING

    @property
    def total(self) -> Decimal:
        return self.root.total

    @property
    def attainable(self) -> Decimal:
        return self.root.attainable

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.root.total, self.root.attainable)

    @property
    def percent_display(self) -> Decimal | None:
        percent = self.percent
        return None if percent is None else round_display(percent)

    @property
    def exceeded_count(self) -> int:
        return self.root.exceeded_count

    @property
    def penalty_count(self) -> int:
        return self.root.penalty_count

    @property
    def missing(self) -> int:
        return self.root.missing

    def cell(self, criterion: Criterion | int) -> ScoreCell:
        return self.cells[criterion if isinstance(criterion, int) else criterion.pk]

    def node(self, criterion: Criterion | int) -> NodeTotal:
        return self.nodes[criterion if isinstance(criterion, int) else criterion.pk]


@dataclass(frozen=True)
class ScoreTable:
    """The cluster's score table: every scored unit (in Vietnamese alphabetical order)
    against every criterion, with the ranking of the effective totals."""

    covenant: Covenant
    scoring: CovenantScoring | None
    criteria: tuple[CriterionRow, ...]
    units: tuple[UnitScores, ...]
    tie_break: tuple[TieBreakKey, ...]

    @property
    def published(self) -> bool:
        return self.scoring is not None and self.scoring.status == ScoringStatus.PUBLISHED

    @property
    def complete(self) -> bool:
        """Every unit has its final scores (or they are locked)."""
        return bool(self.units) and all(u.status in DONE_STATUSES for u in self.units)

    @property
    def leaves(self) -> tuple[Criterion, ...]:
        return tuple(row.criterion for row in self.criteria if row.is_leaf)

    @property
    def ranking(self) -> tuple[UnitScores, ...]:
        return tuple(sorted(self.units, key=lambda u: (u.rank or 0, u.unit.sort_name, u.unit.code)))

    def unit(self, unit: Unit | int) -> UnitScores:
        unit_id = unit if isinstance(unit, int) else unit.pk
        for row in self.units:
            if row.unit.pk == unit_id:
                return row
        raise KeyError(unit_id)


@dataclass(frozen=True)
class RankingRow:
    unit: Unit
    rank: int
    tied: bool
    total: Decimal
    attainable: Decimal
    percent: Decimal | None
    exceeded_count: int
    penalty_count: int

    @property
    def percent_display(self) -> Decimal | None:
        return None if self.percent is None else round_display(self.percent)


@dataclass(frozen=True)
class Ranking:
    """A covenant's ranking: as published (frozen), or as the scores stand now."""

    covenant: Covenant
    published: bool
    published_at: dt.datetime | None
    complete: bool
    tie_break: tuple[TieBreakKey, ...]
    rows: tuple[RankingRow, ...]


# ---------------------------------------------------------------------------------------
# Loading, in a fixed number of queries


@dataclass
class _Data:
    covenant: Covenant
    criteria: list[Criterion]
    members: list[Unit]
    sheets: dict[int, ScoreSheet]
    scores: dict[tuple[int, int], Score]
    scoring: CovenantScoring | None


def december(year: int) -> tuple[dt.date, dt.date]:
    """The last month of the year: its members are whom the year report and the score cover."""
    return dt.date(year, 12, 1), dt.date(year, 12, 31)


def _member_in_december(membership: Membership, year: int) -> bool:
    first, last = december(year)
    return membership.start_date <= last and membership.end_date >= first


def _load(covenant_ids: Iterable[int]) -> list[_Data]:
    """Six queries for any number of covenants, units and criteria."""
    ids = list(dict.fromkeys(covenant_ids))
    if not ids:
        return []
    covenants = list(Covenant.objects.filter(pk__in=ids).select_related("cluster"))
    criteria: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in Criterion.objects.filter(covenant_id__in=ids).order_by(
        "covenant_id", "position", "id"
    ):
        criteria[criterion.covenant_id].append(criterion)
    clusters = {c.cluster_id: c for c in covenants}
    members: dict[int, dict[int, Unit]] = defaultdict(dict)
    for membership in (
        Membership.objects.filter(cluster_id__in=list(clusters))
        .select_related("unit")
        .order_by("start_date", "id")
    ):
        covenant = clusters[membership.cluster_id]
        if _member_in_december(membership, covenant.cluster.year):
            members[covenant.pk].setdefault(membership.unit_id, membership.unit)
    sheets: dict[int, dict[int, ScoreSheet]] = defaultdict(dict)
    for sheet in ScoreSheet.objects.filter(covenant_id__in=ids).select_related(
        "unit", "updated_by"
    ):
        sheets[sheet.covenant_id][sheet.unit_id] = sheet
    scores: dict[int, dict[tuple[int, int], Score]] = defaultdict(dict)
    sheet_covenant = {s.pk: s.covenant_id for by_unit in sheets.values() for s in by_unit.values()}
    for score in Score.objects.filter(sheet__covenant_id__in=ids).annotate(
        evidence_count=Count("evidence")
    ):
        scores[sheet_covenant[score.sheet_id]][(score.sheet_id, score.criterion_id)] = score
    scorings = {s.covenant_id: s for s in CovenantScoring.objects.filter(covenant_id__in=ids)}
    order = {pk: index for index, pk in enumerate(ids)}
    result = []
    for covenant in sorted(covenants, key=lambda c: order[c.pk]):
        units = dict(members[covenant.pk])
        for sheet in sheets[covenant.pk].values():
            units.setdefault(sheet.unit_id, sheet.unit)
        result.append(
            _Data(
                covenant=covenant,
                criteria=criteria[covenant.pk],
                members=sorted(units.values(), key=lambda u: (u.sort_name, u.code)),
                sheets=sheets[covenant.pk],
                scores=scores[covenant.pk],
                scoring=scorings.get(covenant.pk),
            )
        )
    return result


# ---------------------------------------------------------------------------------------
# Computing, through the engine


def _tree(
    covenant: Covenant, criteria: Sequence[Criterion]
) -> tuple[CriterionNode, tuple[CriterionRow, ...]]:
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        children[criterion.parent_id].append(criterion)
    rows: list[CriterionRow] = []

    def build(criterion: Criterion, depth: int) -> CriterionNode:
        below = children.get(criterion.pk, [])
        rows.append(CriterionRow(criterion, depth, is_leaf=not below))
        return CriterionNode(
            code=str(criterion.pk),
            maximum=criterion.max_points,
            children=tuple(build(child, depth + 1) for child in below),
        )

    top = tuple(build(criterion, 0) for criterion in children.get(None, []))
    return CriterionNode(code=ROOT, maximum=covenant.scale, children=top), tuple(rows)


def _safe_score(criterion: Criterion, data: Any, unit: str) -> tuple[CriterionScore, str]:
    try:
        return score_input(criterion, data, unit=unit), ""
    except ValidationError as exc:
        problem = " ".join(exc.messages)
        return CriterionScore(unit, None, criterion.max_points, ScoreStatus.NO_DATA), problem


def _table(data: _Data) -> ScoreTable:
    covenant = data.covenant
    tree, rows = _tree(covenant, data.criteria)
    leaves = [row.criterion for row in rows if row.is_leaf]
    units = data.members
    keys = {unit.pk: str(unit.pk) for unit in units}

    def score_of(unit: Unit, criterion: Criterion) -> Score | None:
        sheet = data.sheets.get(unit.pk)
        return data.scores.get((sheet.pk, criterion.pk)) if sheet else None

    automatic: dict[tuple[int, int], CriterionScore] = {}
    for criterion in leaves:
        if criterion.kind != CriterionKind.QUANTITATIVE:
            continue
        entries = []
        for unit in units:
            score = score_of(unit, criterion)
            entries.append(quant_entry(score.figures if score else None, unit=keys[unit.pk]))
        scored = score_quantitative(entries, maximum=criterion.max_points)
        for unit, points in zip(units, scored, strict=True):
            automatic[(unit.pk, criterion.pk)] = points

    by_code = {str(row.criterion.pk): row.criterion.pk for row in rows}
    computed = []
    for unit in units:
        key = keys[unit.pk]
        cells: dict[int, ScoreCell] = {}
        stages: dict[str, dict[str, CriterionScore]] = {"self": {}, "verified": {}, "final": {}}
        for criterion in leaves:
            score = score_of(unit, criterion)
            code = str(criterion.pk)
            if criterion.kind == CriterionKind.QUANTITATIVE:
                auto = automatic[(unit.pk, criterion.pk)]
                for stage in stages.values():
                    stage[code] = auto
                outcome = (score.figures or {}).get("outcome") if score else None
                # One automatic score at every step, with the evaluation's outcome.
                cells[criterion.pk] = _cell(
                    criterion, score, auto, None, None, Source.AUTO, "", outcome=outcome
                )
                continue
            self_input = score.self_input if score else None
            verified_input = score.verified_input if score else None
            final_input = score.final_input if score else None
            own, problem_self = _safe_score(criterion, self_input, key)
            verified_data = self_input if verified_input is None else verified_input
            verified, problem_verified = _safe_score(criterion, verified_data, key)
            final_data = verified_data if final_input is None else final_input
            final, problem_final = _safe_score(criterion, final_data, key)
            stages["self"][code], stages["verified"][code] = own, verified
            stages["final"][code] = final
            source = (
                Source.FINAL
                if final_input is not None
                else Source.VERIFIED
                if verified_input is not None
                else Source.SELF
            )
            cell = _cell(
                criterion,
                score,
                own,
                verified if verified_input is not None else None,
                final if final_input is not None else None,
                source,
                problem_final or problem_verified or problem_self,
            )
            cells[criterion.pk] = cell
        if tree.is_leaf:
            # A covenant without criteria yet: nothing to score, nothing attainable.
            empty = CriterionScore(key, None, ZERO, ScoreStatus.NOT_SCORED)
            for stage in stages.values():
                stage[ROOT] = empty
        root = total_tree(tree, stages["final"], unit=key)
        computed.append(
            (
                unit,
                cells,
                root,
                total_tree(tree, stages["self"], unit=key),
                total_tree(tree, stages["verified"], unit=key),
            )
        )

    tie_break = _tie_break(covenant)
    ranked = {
        r.unit: r
        for r in rank_units(
            (
                RankEntry(
                    unit=keys[unit.pk],
                    total=root.total,
                    attainable=root.attainable,
                    exceeded_count=root.exceeded_count,
                    penalty_count=root.penalty_count,
                )
                for unit, _cells, root, _own, _verified in computed
            ),
            tie_break=tie_break,
        )
    }
    result = []
    for unit, cells, root, own_root, verified_root in computed:
        nodes: dict[int, NodeTotal] = {}
        stack = list(root.children)
        while stack:
            node = stack.pop()
            nodes[by_code[node.code]] = node
            stack.extend(node.children)
        place = ranked[keys[unit.pk]]
        result.append(
            UnitScores(
                unit=unit,
                sheet=data.sheets.get(unit.pk),
                cells=cells,
                nodes=nodes,
                root=root,
                self_root=own_root,
                verified_root=verified_root,
                rank=place.rank,
                tied=place.tied,
            )
        )
    return ScoreTable(
        covenant=covenant,
        scoring=data.scoring,
        criteria=rows,
        units=tuple(result),
        tie_break=tie_break,
    )


def _cell(
    criterion: Criterion,
    score: Score | None,
    own: CriterionScore,
    verified: CriterionScore | None,
    final: CriterionScore | None,
    source: str,
    problem: str,
    *,
    outcome: str | None = None,
) -> ScoreCell:
    effective = final or verified or own
    return ScoreCell(
        criterion=criterion,
        score=score,
        self_points=own.points,
        verified_points=verified.points if verified is not None else None,
        final_points=final.points if final is not None else None,
        points=effective.points,
        attainable=effective.attainable,
        status=effective.status,
        outcome=outcome,
        source=source,
        penalty=effective.penalty,
        penalty_count=effective.penalty_count,
        problem=problem,
    )


def _tie_break(covenant: Covenant) -> tuple[TieBreakKey, ...]:
    try:
        return parse_tie_break(covenant.tie_break)
    except RankingError:
        # The covenant's form refuses a bad rule; an old stored one falls back to the default.
        return DEFAULT_TIE_BREAK


# ---------------------------------------------------------------------------------------
# Public reads


def cluster_score_tables(*, covenants: Iterable[Covenant]) -> list[ScoreTable]:
    """The score table of each covenant, in the order given; six queries in all."""
    return [_table(data) for data in _load(c.pk for c in covenants)]


def cluster_score_table(*, covenant: Covenant) -> ScoreTable:
    """The cluster's score table: every scored unit against every criterion, at each step,
    with group totals (capped), totals, attainable points, percentages and ranks."""
    return cluster_score_tables(covenants=[covenant])[0]


def unit_scores(*, covenant: Covenant, unit: Unit) -> UnitScores:
    """One unit's row of its cluster's table (quantitative scores need the whole cluster)."""
    return cluster_score_table(covenant=covenant).unit(unit)


def _frozen_rows(members: Iterable[Unit], scoring: CovenantScoring) -> tuple[RankingRow, ...]:
    units = {unit.pk: unit for unit in members}
    rows = []
    for item in scoring.ranking:
        unit = units.get(int(item["unit"]))
        if unit is None:
            continue
        rows.append(
            RankingRow(
                unit=unit,
                rank=int(item["rank"]),
                tied=bool(item["tied"]),
                total=Decimal(item["total"]),
                attainable=Decimal(item["attainable"]),
                percent=None if item["percent"] is None else Decimal(item["percent"]),
                exceeded_count=int(item["exceeded_count"]),
                penalty_count=int(item["penalty_count"]),
            )
        )
    return tuple(rows)


def ranking_rows(table: ScoreTable) -> tuple[RankingRow, ...]:
    return tuple(
        RankingRow(
            unit=row.unit,
            rank=row.rank or 0,
            tied=row.tied,
            total=row.total,
            attainable=row.attainable,
            percent=row.percent,
            exceeded_count=row.exceeded_count,
            penalty_count=row.penalty_count,
        )
        for row in table.ranking
    )


def _published_ranking(
    covenant: Covenant, scoring: CovenantScoring, members: Iterable[Unit]
) -> Ranking:
    return Ranking(
        covenant=covenant,
        published=True,
        published_at=scoring.published_at,
        complete=True,
        tie_break=_tie_break(covenant),
        rows=_frozen_rows(members, scoring),
    )


def table_ranking(table: ScoreTable) -> Ranking:
    """The ranking of an already built table: as published when it is (frozen), else as the
    scores stand now; no query."""
    scoring = table.scoring
    if scoring is not None and scoring.status == ScoringStatus.PUBLISHED:
        return _published_ranking(table.covenant, scoring, (row.unit for row in table.units))
    return Ranking(
        covenant=table.covenant,
        published=False,
        published_at=None,
        complete=table.complete,
        tie_break=table.tie_break,
        rows=ranking_rows(table),
    )


def covenant_rankings(*, covenants: Iterable[Covenant]) -> list[Ranking]:
    """Each covenant's ranking: as published when it is, else as the scores stand now."""
    rankings = []
    for data in _load(c.pk for c in covenants):
        scoring = data.scoring
        if scoring is not None and scoring.status == ScoringStatus.PUBLISHED:
            # The published ranking is frozen: no need to compute the table.
            rankings.append(_published_ranking(data.covenant, scoring, data.members))
        else:
            rankings.append(table_ranking(_table(data)))
    return rankings


def covenant_ranking(*, covenant: Covenant) -> Ranking:
    return covenant_rankings(covenants=[covenant])[0]


def sheet_evidence(sheet: ScoreSheet) -> dict[int, list[ScoreEvidence]]:
    """{score id: its evidence, oldest first} for every score of the sheet, in one query."""
    evidence: dict[int, list[ScoreEvidence]] = {}
    for item in ScoreEvidence.objects.filter(score__sheet=sheet).order_by("uploaded_at", "id"):
        evidence.setdefault(item.score_id, []).append(item)
    return evidence


def ranking_snapshot(table: ScoreTable) -> list[dict[str, Any]]:
    """The ranking as CovenantScoring.ranking keeps it when published (exact decimals)."""
    return [
        {
            "unit": row.unit.pk,
            "rank": row.rank,
            "tied": row.tied,
            "total": str(row.total),
            "attainable": str(row.attainable),
            "percent": None if row.percent is None else str(row.percent),
            "exceeded_count": row.exceeded_count,
            "penalty_count": row.penalty_count,
        }
        for row in ranking_rows(table)
    ]


def published_standings(cluster: Cluster) -> dict[int, tuple[int, Decimal]]:
    """{unit id: (rank, percent shown with two decimals)} once the cluster's ranking is
    published; {} before. Registered with thidua.voting.ranking."""
    scoring = (
        CovenantScoring.objects.filter(
            Q(covenant__cluster_id=cluster.pk), status=ScoringStatus.PUBLISHED
        )
        .only("ranking")
        .first()
    )
    if scoring is None:
        return {}
    return {
        int(item["unit"]): (int(item["rank"]), round_display(Decimal(item["percent"])))
        for item in scoring.ranking
        if item["percent"] is not None
    }
