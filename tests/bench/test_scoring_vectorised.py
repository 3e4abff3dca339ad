"""The benchmark's NumPy scoring (bench/scoring_national.py) agrees with the product.

A small world from the benchmark's own generator (two provinces: a Ministry cluster of
two and one commune cluster each), scored by the product's selectors and by the
vectorised computation: the same totals, percentages and ranks, leaf by leaf.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench import scoring_national as bench
from thidua.covenants.models import CriterionKind
from thidua.engine.scoring import ScoreStatus
from thidua.scoring import domain


@pytest.fixture
def world(db: None) -> bench.World:
    return bench.generate(scale=0, clusters_per_province=1)


def test_it_ranks_like_the_product(world: bench.World) -> None:
    product = bench.product_standings(world.covenants)
    arrays = bench.load_arrays([c.pk for c in world.covenants])

    problems, largest = bench.compare(product, arrays, bench.score_vectorised(arrays))

    assert problems == []
    assert largest < 1e-9
    assert len(product) == world.units


def test_it_scores_every_leaf_like_the_product(world: bench.World) -> None:
    tables = domain.cluster_score_tables(covenants=world.covenants)
    arrays = bench.load_arrays([c.pk for c in world.covenants])
    scored = bench.score_vectorised(arrays)
    row_of = {
        (int(arrays.covenant_ids[k]), int(u)): r
        for r, (k, u) in enumerate(zip(arrays.row_covenant, arrays.row_unit, strict=True))
    }

    differences = []
    for table in tables:
        for unit in table.units:
            r = row_of[(table.covenant.pk, unit.unit.pk)]
            for j, leaf in enumerate(table.leaves):
                cell = unit.cell(leaf)
                if leaf.kind == CriterionKind.BONUS_PENALTY:
                    expected = (cell.points or Decimal(0)) - cell.penalty  # before the penalty
                else:
                    expected = cell.points or Decimal(0)
                if abs(float(expected) - scored.leaf_points[r, j]) > 1e-9:
                    differences.append(
                        (unit.unit.code, leaf.code, expected, scored.leaf_points[r, j])
                    )

    assert differences == []


def test_it_is_checked_on_every_case_of_the_formula(world: bench.World) -> None:
    tables = domain.cluster_score_tables(covenants=world.covenants)
    statuses = {
        cell.status for table in tables for unit in table.units for cell in unit.cells.values()
    }

    assert {
        ScoreStatus.LEADER, ScoreStatus.EXCEEDED, ScoreStatus.MET, ScoreStatus.NOT_MET,
        ScoreStatus.BENCHMARKED, ScoreStatus.NOT_SCORED, ScoreStatus.NO_DATA,
        ScoreStatus.ENTERED, ScoreStatus.CAPPED, ScoreStatus.RANKED, ScoreStatus.ADJUSTED,
    } <= statuses  # fmt: skip
    assert any(unit.tied for table in tables for unit in table.units)
    assert any(unit.penalty_count for table in tables for unit in table.units)


def test_it_stores_the_snapshots_the_product_reads(world: bench.World) -> None:
    units, compared, problems = bench._sample_refresh(world.covenants[-1:])

    assert problems == []
    assert compared == units * 52
