"""A small world for the scoring tests: a cluster of three provinces, a signed covenant with
every kind of criterion, approved year figures, and one user per role.

Built through the org, covenants and reporting domain functions (reusing the builders of
tests/reporting/world.py), so that their rules hold. The covenant (scale 500):

    I   Group I, 300
        1   quantitative, rate "từ 90% trở lên" of the clearance rate, 100
        2   quantitative, at least 120 files; Long An's own target 100; Bình Dương none, 100
        3   qualitative, 100
    II  Group II, 200
        4   direct entry, 50
        5   direct, 10 points per occurrence, 40
        6   rank points (60, 45, 30, 15, 0), 60
        7   bonus / penalty: 0 = +5, 1 = +3, 2 = −3, 20

Year figures (approved): clearance 93,1% (TNH), 95,57% (LAN), 90,2% (BDG), the seed's
rates; files 150 (TNH), 120 (LAN), 90 (BDG, who has no target on 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from tests.reporting.world import make_indicators, make_users, office_unit, province
from thidua.covenants import domain as covenants
from thidua.covenants.domain import Shape
from thidua.covenants.models import Covenant, Criterion, CriterionKind, MovementKind
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, RoleKind, Unit
from thidua.reporting import domain as reporting
from thidua.reporting.models import Period, PeriodKind
from thidua.scoring import domain
from thidua.scoring.domain import ScoreInput
from thidua.scoring.models import ScoreSheet, SheetStatus

MEMBERS = (("TNH", "Tây Ninh"), ("LAN", "Long An"), ("BDG", "Bình Dương"))
# Year figures per unit: clearance (numerator, denominator), files (None: not reported).
FIGURES: dict[str, tuple[tuple[int, int], int | None]] = {
    "TNH": ((931, 1000), 150),
    "LAN": ((9557, 10000), 120),
    "BDG": ((902, 1000), 90),
}
ITEMS = [
    {"label": "Bằng khen của Thủ tướng Chính phủ", "points": "5"},
    {"label": "Bằng khen của Bộ trưởng", "points": "3"},
    {"label": "Bị phê bình", "points": "-3"},
]


@dataclass
class World:
    office: Unit
    units: dict[str, Unit]
    cluster: Cluster
    covenant: Covenant
    criteria: dict[str, Criterion]
    users: dict[str, Any]
    year: Period | None = None
    sheets: dict[str, ScoreSheet] = field(default_factory=dict)

    def officer(self, code: str) -> Any:
        return self.users[f"officer:{code}"]

    def sheet(self, code: str) -> ScoreSheet:
        return ScoreSheet.objects.get(covenant=self.covenant, unit=self.units[code])


def make_covenant(
    cluster: Cluster, units: Mapping[str, Unit]
) -> tuple[Covenant, dict[str, Criterion]]:
    indicators = make_indicators()
    movement = covenants.movement_create(
        name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=cluster.year
    )
    covenant = covenants.covenant_create(cluster=cluster, movement=movement, scale=Decimal(500))

    def add(
        code: str, kind: str, points: int, parent: Criterion | None = None, **extra: Any
    ) -> Criterion:
        return covenants.criterion_add(
            covenant=covenant, parent=parent, code=code, title=f"Tiêu chí {code}", kind=kind,
            max_points=Decimal(points), **extra,
        )  # fmt: skip

    group_1 = add("I", CriterionKind.GROUP, 300)
    group_2 = add("II", CriterionKind.GROUP, 200)
    clearance = [indicators["dtkp"]]
    files = [indicators["cai-nghien"]]
    criteria = {
        "I": group_1,
        "II": group_2,
        "1": add(
            "1", CriterionKind.QUANTITATIVE, 100, group_1, indicators=clearance,
            target=covenants.build_target(
                shape=Shape.RATE_INCLUSIVE, indicators=clearance, number=90
            ),
        ),
        "2": add(
            "2", CriterionKind.QUANTITATIVE, 100, group_1, indicators=files,
            target=covenants.build_target(shape=Shape.AT_LEAST, indicators=files, number=120),
        ),
        "3": add("3", CriterionKind.QUALITATIVE, 100, group_1),
        "4": add("4", CriterionKind.DIRECT, 50, group_2),
        "5": add("5", CriterionKind.DIRECT, 40, group_2, settings={"per_occurrence": "10"}),
        "6": add("6", CriterionKind.RANK_POINTS, 60, group_2),
        "7": add("7", CriterionKind.BONUS_PENALTY, 20, group_2, settings={"items": ITEMS}),
    }  # fmt: skip
    if "LAN" in units:
        covenants.unit_target_set(
            criterion=criteria["2"],
            unit=units["LAN"],
            target=covenants.build_target(shape=Shape.AT_LEAST, indicators=files, number=100),
        )
    if "BDG" in units:
        covenants.unit_target_set(criterion=criteria["2"], unit=units["BDG"], target=None)
    covenant = covenants.covenant_open_for_signing(covenant=covenant)
    for index, unit in enumerate(covenants.required_signers(covenant)):
        covenants.covenant_sign(
            covenant=covenant, unit=unit, signer_name=f"Người ký {index}",
            signer_title="Giám đốc", signed_on=cluster.start,
        )  # fmt: skip
    covenant = covenants.covenant_put_in_force(covenant=Covenant.objects.get(pk=covenant.pk))
    return covenant, {code: Criterion.objects.get(pk=c.pk) for code, c in criteria.items()}


def file_year(world: World, code: str, figures: tuple[tuple[int, int], int | None]) -> None:
    """The unit's year report, entered, submitted and approved by the office."""
    assert world.year is not None
    officer = world.officer(code)
    (solved, prosecuted), files = figures
    entries = [
        reporting.FigureInput(
            criterion=world.criteria["1"], numerator=solved, denominator=prosecuted
        )
    ]
    if files is not None:
        entries.append(reporting.FigureInput(criterion=world.criteria["2"], value=files))
    report = reporting.report_open(period=world.year, unit=world.units[code], by=officer)
    report = reporting.report_figures_save(
        report=report, by=officer, expected_version=report.version, entries=entries
    )
    report = reporting.report_submit(report=report, by=officer, expected_version=report.version)
    reporting.report_approve(
        report=report, by=world.users["office"], expected_version=report.version
    )


def build_world(
    *,
    members: Sequence[tuple[str, str]] = MEMBERS,
    figures: Mapping[str, tuple[tuple[int, int], int | None]] | None = None,
    year: int = 2024,
    number: int = 10,
) -> World:
    office = office_unit()
    units = {code: province(code, name) for code, name in members}
    cluster = org.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
    )
    for unit in units.values():
        org.membership_add(cluster=cluster, unit=unit)
    org.role_assign(cluster=cluster, unit=units[members[0][0]], role=RoleKind.HEAD)
    covenant, criteria = make_covenant(cluster, units)
    world = World(
        office=office, units=units, cluster=cluster, covenant=covenant, criteria=criteria,
        users=make_users(units, office),
    )  # fmt: skip
    periods = reporting.periods_generate(covenant)
    world.year = next(p for p in periods if p.kind == PeriodKind.YEAR)
    chosen = FIGURES if figures is None else figures
    for code in units:
        if code in chosen:
            file_year(world, code, chosen[code])
    return world


# ---------------------------------------------------------------------------------------
# Driving sheets


def inputs(world: World, **given: Any) -> list[ScoreInput]:
    """ScoreInputs from {criterion code: value}, the value being the kind's input:
    met (bool), points (Decimal | str), occurrences (int), counts (dict), ranks (list);
    or a (value, note) pair."""
    result = []
    for code, value in given.items():
        note = ""
        if isinstance(value, tuple):
            value, note = value
        criterion = world.criteria[code.removeprefix("c")]
        result.append(ScoreInput(criterion=criterion, note=note, **_field(criterion, value)))
    return result


def _field(criterion: Criterion, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if criterion.kind == CriterionKind.QUALITATIVE:
        return {"met": value}
    if criterion.kind == CriterionKind.BONUS_PENALTY:
        return {"counts": value}
    if criterion.kind == CriterionKind.RANK_POINTS:
        return {"ranks": value}
    if criterion.kind == CriterionKind.DIRECT and criterion.settings.get("per_occurrence"):
        return {"occurrences": value}
    return {"points": value}


# A complete self-score: 100 + 40 + 30 + 52.5 + 3 on the non-quantitative criteria.
SELF = {"c3": True, "c4": Decimal(40), "c5": 3, "c6": [1, 2], "c7": {"1": 1}}


def opened(world: World, code: str) -> ScoreSheet:
    return domain.scoresheet_open(
        covenant=world.covenant, unit=world.units[code], by=world.officer(code)
    )


def self_scored(world: World, code: str, **given: Any) -> ScoreSheet:
    sheet = opened(world, code)
    return domain.score_self_save(
        sheet=sheet, by=world.officer(code), expected_version=sheet.version,
        entries=inputs(world, **(given or SELF)),
    )  # fmt: skip


def verifier(world: World, code: str) -> Any:
    """The head's officer verifies the others; the office verifies the head's own unit."""
    head = next(iter(world.units))
    return world.users["office"] if code == head else world.officer(head)


def take_to(world: World, code: str, status: str, **given: Any) -> ScoreSheet:
    """The unit's sheet driven by the people concerned to `status` (no change on the way)."""
    sheet = self_scored(world, code, **given)
    if status == SheetStatus.DRAFT:
        return sheet
    sheet = domain.scoresheet_submit(
        sheet=sheet, by=world.officer(code), expected_version=sheet.version
    )
    if status == SheetStatus.SUBMITTED:
        return sheet
    sheet = domain.scoresheet_verify_done(
        sheet=sheet, by=verifier(world, code), expected_version=sheet.version
    )
    if status in (SheetStatus.VERIFIED, SheetStatus.EXPLAINED):
        return sheet
    sheet = domain.scoresheet_finalize_done(
        sheet=sheet, by=world.users["office"], expected_version=sheet.version
    )
    return sheet


def all_final(world: World) -> None:
    for code in world.units:
        take_to(world, code, SheetStatus.FINAL)


def scoring_version(world: World) -> int:
    from thidua.scoring.models import CovenantScoring

    return CovenantScoring.objects.get(covenant=world.covenant).version


@pytest.fixture
def world(db: None) -> World:
    return build_world()
