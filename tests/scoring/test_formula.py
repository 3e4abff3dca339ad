"""The table's points are DOMAIN.md §5's, reproduced by hand: the ½-rule of quantitative
criteria from approved figures, units' own targets, a unit without a target, caps,
penalties, percentages of attainable points, the tie-break, the vote's ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scoring.world import (
    FIGURES,
    SELF,
    World,
    all_final,
    build_world,
    scoring_version,
    take_to,
)
from thidua.covenants.models import Covenant, Criterion
from thidua.engine.scoring import ScoreStatus, round_display
from thidua.scoring import domain
from thidua.scoring.models import SheetStatus
from thidua.voting import ranking

pytestmark = pytest.mark.django_db

HALF = Decimal(50)
# What the self-scores of SELF earn on the criteria that are not quantitative.
QUALITATIVE_3, DIRECT_4, OCCURRENCES_5, RANKS_6, BONUS_7 = (
    Decimal(100), Decimal(40), Decimal(30), Decimal("52.5"), Decimal(3)
)  # fmt: skip


def _close(value: Decimal | None, expected: Decimal) -> bool:
    """Equal to 20 decimals: the engine divides once, a hand formula may divide elsewhere."""
    assert value is not None
    return abs(value - expected) < Decimal("1e-20")


def _table(world: World) -> domain.ScoreTable:
    return domain.cluster_score_table(covenant=world.covenant)


def _points(world: World, unit: str, criterion: str) -> Decimal | None:
    return _table(world).unit(world.units[unit]).cell(world.criteria[criterion]).points


def test_it_scores_the_clearance_rate_by_the_half_rule_computed_by_hand(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)
    # Target "từ 90% trở lên"; rates 93,1%, 95,57%, 90,2%: r = rate ÷ 90, e = r − 1.
    e_tnh = Decimal("93.1") / 90 - 1
    e_lan = Decimal("95.57") / 90 - 1  # the largest excess: Long An leads
    e_bdg = Decimal("90.2") / 90 - 1

    table = _table(world)
    cells = {code: table.unit(world.units[code]).cell(world.criteria["1"]) for code in world.units}

    assert cells["LAN"].points == Decimal(100)
    assert _close(cells["TNH"].points, HALF + e_tnh / e_lan * HALF)
    assert _close(cells["BDG"].points, HALF + e_bdg / e_lan * HALF)
    # ½·M + (e ÷ e_leader)·½·M = 50 + 50 × 3,1 ÷ 5,57 and 50 + 50 × 0,2 ÷ 5,57.
    assert [round_display(cells[c].points or Decimal(0)) for c in ("TNH", "BDG")] == [
        Decimal("77.83"),
        Decimal("51.80"),
    ]
    assert {code: (c.status, c.outcome) for code, c in cells.items()} == {
        "TNH": (ScoreStatus.EXCEEDED, "exceeded"),
        "LAN": (ScoreStatus.LEADER, "exceeded"),
        "BDG": (ScoreStatus.EXCEEDED, "exceeded"),
    }


def test_it_scores_below_and_at_the_target_by_the_half_rule(db: None) -> None:
    figures = {"TNH": ((81, 100), 150), "LAN": ((9, 10), 100), "BDG": ((99, 100), 90)}
    world = build_world(figures=figures)
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)

    points = {code: _points(world, code, "1") for code in world.units}

    # Not met: ½ × M × r with r = 81 ÷ 90; exactly met: ½ × M; the only excess leads: M.
    assert points == {"TNH": Decimal(45), "LAN": Decimal(50), "BDG": Decimal(100)}


def test_it_keeps_the_figures_each_automatic_score_came_from(world: World) -> None:
    sheet = take_to(world, "TNH", SheetStatus.DRAFT)

    figures = sheet.scores.get(criterion=world.criteria["1"]).figures or {}

    assert Decimal(figures["ratio"]) == Decimal(93100) / Decimal(90000)
    assert (figures["has_target"], Decimal(figures["actual"]), figures["outcome"]) == (
        True,
        Decimal("93.1"),
        "exceeded",
    )
    assert (figures["target_vi"], figures["result_vi"]) == (
        "Tỷ lệ điều tra, khám phá án đạt từ 90% trở lên",
        "93,10% (từ 90% trở lên)",
    )


def test_it_scores_each_unit_against_its_own_target(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)

    # Tây Ninh 150 of the common 120 (r = 1,25, the leader); Long An 120 of its own 100.
    assert (_points(world, "TNH", "2"), _points(world, "LAN", "2")) == (
        Decimal(100),
        HALF + (Decimal("1.2") - 1) / (Decimal("1.25") - 1) * HALF,
    )
    assert _points(world, "LAN", "2") == Decimal(90)


def test_it_scores_a_unit_without_target_against_the_leader(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.DRAFT)

    cell = _table(world).unit(world.units["BDG"]).cell(world.criteria["2"])

    # Bình Dương has no target but filed 90 files: M × 90 ÷ the leader's 150.
    assert (cell.points, cell.attainable, cell.status) == (
        Decimal(60),
        Decimal(100),
        ScoreStatus.BENCHMARKED,
    )


def test_it_takes_a_criterion_out_of_a_unit_without_target_and_result(db: None) -> None:
    world = build_world(figures={**FIGURES, "BDG": ((902, 1000), None)})
    take_to(world, "BDG", SheetStatus.DRAFT)

    row = _table(world).unit(world.units["BDG"])
    cell = row.cell(world.criteria["2"])

    assert (cell.points, cell.attainable, cell.status) == (
        None,
        Decimal(0),
        ScoreStatus.NOT_SCORED,
    )
    # Its percentage is on 500 − 100 (criterion 2) − 20 (bonuses are never attainable).
    assert row.attainable == Decimal(350)
    assert row.percent == row.total * 100 / Decimal(350)


def test_it_adds_the_other_kinds_of_criteria_through_the_engine(world: World) -> None:
    take_to(world, "TNH", SheetStatus.DRAFT)

    row = _table(world).unit(world.units["TNH"])
    cells = {code: row.cell(world.criteria[code]) for code in ("3", "4", "5", "6", "7")}

    assert {code: c.points for code, c in cells.items()} == {
        "3": QUALITATIVE_3, "4": DIRECT_4, "5": OCCURRENCES_5, "6": RANKS_6, "7": BONUS_7,
    }  # fmt: skip
    group_2 = row.node(world.criteria["II"])
    assert (group_2.total, group_2.attainable) == (
        DIRECT_4 + OCCURRENCES_5 + RANKS_6 + BONUS_7,
        Decimal(150),
    )
    assert row.total == row.node(world.criteria["I"]).total + group_2.total
    assert row.attainable == Decimal(450)


def test_it_caps_a_bonus_at_its_maximum_and_subtracts_a_penalty_after(world: World) -> None:
    # Five Prime Minister's certificates (+25, capped at 20) and one criticism (−3).
    take_to(world, "TNH", SheetStatus.DRAFT, **{**SELF, "c7": {"0": 5, "2": 1}})

    row = _table(world).unit(world.units["TNH"])
    node = row.node(world.criteria["7"])

    assert (node.total, node.capped, node.penalty_count) == (Decimal(17), True, 1)
    assert row.penalty_count == 1


def test_it_caps_a_group_at_its_maximum(world: World) -> None:
    # An imported covenant caps its second section at 100, below its criteria's 170.
    Criterion.objects.filter(pk=world.criteria["II"].pk).update(max_points=Decimal(100))
    take_to(world, "TNH", SheetStatus.DRAFT)

    row = _table(world).unit(world.units["TNH"])
    group_2 = row.node(world.criteria["II"])

    assert (group_2.total, group_2.capped, group_2.attainable) == (
        Decimal(100),
        True,
        Decimal(100),
    )
    assert row.total == row.node(world.criteria["I"]).total + Decimal(100)


def _tied_world(tie_break: str) -> World:
    """Tây Ninh exceeds criterion 1 (100 + 50 on 1–2), Long An only meets both (50 + 50)
    but earns 50 more on criterion 4: equal totals on equal attainable points."""
    figures = {"TNH": ((99, 100), 120), "LAN": ((90, 100), 100), "BDG": ((90, 100), None)}
    world = build_world(figures=figures)
    Covenant.objects.filter(pk=world.covenant.pk).update(tie_break=tie_break)
    take_to(world, "TNH", SheetStatus.DRAFT, **{**SELF, "c4": Decimal(0), "c7": {"1": 1, "2": 1}})
    take_to(world, "LAN", SheetStatus.DRAFT, **{**SELF, "c4": Decimal(50), "c7": {}})
    return world


def _places(world: World) -> dict[str, tuple[int | None, bool]]:
    table = _table(world)
    return {code: (table.unit(world.units[code]).rank, table.unit(world.units[code]).tied)
            for code in ("TNH", "LAN")}  # fmt: skip


def test_it_breaks_a_tie_by_more_criteria_exceeded_by_default(db: None) -> None:
    world = _tied_world("default")
    table = _table(world)
    tnh, lan = table.unit(world.units["TNH"]), table.unit(world.units["LAN"])

    assert (tnh.total, tnh.attainable) == (lan.total, lan.attainable)
    assert (tnh.exceeded_count, lan.exceeded_count) == (1, 0)
    assert _places(world) == {"TNH": (1, False), "LAN": (2, False)}


def test_it_breaks_a_tie_by_the_covenants_own_rule(db: None) -> None:
    # Tây Ninh's +3 −3 leaves the same total with one penalty more.
    assert _places(_tied_world("fewer_penalties")) == {"TNH": (2, False), "LAN": (1, False)}


def test_it_gives_an_equal_rank_without_tie_break(db: None) -> None:
    assert _places(_tied_world("none")) == {"TNH": (1, True), "LAN": (1, True)}


def test_it_gives_the_vote_the_published_ranking_only(world: World) -> None:
    all_final(world)
    before = ranking.ranking_for(world.cluster)

    domain.covenant_scoring_lock(
        covenant=world.covenant, by=world.users["office"], expected_version=scoring_version(world)
    )

    table = _table(world)
    assert before == {}
    assert ranking.ranking_for(world.cluster) == {
        row.unit.pk: ranking.Standing(row.rank or 0, row.percent_display or Decimal(0))
        for row in table.units
    }
    assert ranking.ranking_for(world.cluster)[world.units["LAN"].pk].rank == 1


def test_it_shows_an_empty_table_for_a_covenant_without_criteria_yet(world: World) -> None:
    from tests.reporting.world import province
    from thidua.covenants import domain as covenants
    from thidua.covenants.models import MovementKind
    from thidua.org import domain as org
    from thidua.org.models import ClusterLevel

    cluster = org.cluster_create(
        year=2024, level=ClusterLevel.MINISTRY, number=12, managing_office=world.office
    )
    org.membership_add(cluster=cluster, unit=province("HUE", "Huế"))
    movement = covenants.movement_create(
        name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=2024
    )
    draft = covenants.covenant_create(cluster=cluster, movement=movement)

    table = domain.cluster_score_table(covenant=draft)

    [row] = table.units
    assert (row.unit.code, row.total, row.attainable, row.percent, row.rank) == (
        "HUE", Decimal(0), Decimal(0), None, 1,
    )  # fmt: skip
    assert (table.criteria, table.complete) == ((), False)
