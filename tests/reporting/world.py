"""A small world of clusters, covenants and people for the reporting tests.

Built through the org and covenants domain functions, so that their rules hold; reports
are filed through thidua.reporting.domain as the people concerned would file them. The
fixtures `world` and `merger` are made available to the tests by conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import AdminFactory, UserFactory
from thidua.covenants import domain as covenants
from thidua.covenants.domain import Shape
from thidua.covenants.models import Covenant, Criterion, CriterionKind, Indicator, MovementKind
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, LineageKind, RoleKind, Unit, UnitKind
from thidua.reporting import domain
from thidua.reporting.models import Period, PeriodKind, Report, ReportStatus

UTC = dt.UTC

# A figure as the tests write it: a count, (numerator, denominator), or a list per part.
Value = int | str | Decimal | tuple[int, int] | dict[str, Any] | list[Any]


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


@dataclass
class World:
    office: Unit
    units: dict[str, Unit]
    cluster: Cluster
    covenant: Covenant
    criteria: dict[str, Criterion]
    indicators: dict[str, Indicator]
    users: dict[str, Any]
    periods: dict[tuple[str, int], Period] = field(default_factory=dict)

    def period(self, kind: str, index: int = 1) -> Period:
        return self.periods[(kind, index)]

    def month(self, index: int) -> Period:
        return self.periods[(PeriodKind.MONTH, index)]

    def officer(self, code: str) -> Any:
        return self.users[f"officer:{code}"]


INDICATORS = {
    "dtkp": dict(
        name_vi="tỷ lệ điều tra, khám phá án", name_en="the case clearance rate",
        unit_vi="%", unit_en="%", higher_is_better=True,
        numerator_vi="số vụ án đã điều tra, khám phá", numerator_en="cases solved",
        denominator_vi="số vụ án đã khởi tố", denominator_en="cases prosecuted",
    ),
    "cai-nghien": dict(
        name_vi="số hồ sơ đưa đối tượng đi cơ sở cai nghiện bắt buộc",
        name_en="the number of files for compulsory rehabilitation",
        unit_vi="hồ sơ", unit_en="files", higher_is_better=True,
    ),
    "ttxh": dict(
        name_vi="số vụ phạm tội về trật tự xã hội",
        name_en="the number of crimes against social order",
        unit_vi="vụ", unit_en="cases", higher_is_better=False,
    ),
    "tngt-vu": dict(
        name_vi="số vụ tai nạn giao thông", name_en="the number of traffic accidents",
        unit_vi="vụ", unit_en="cases", higher_is_better=False,
        short_vi="số vụ", short_en="accidents",
    ),
    "tngt-chet": dict(
        name_vi="số người chết do tai nạn giao thông", name_en="the number of traffic deaths",
        unit_vi="người", unit_en="people", higher_is_better=False,
        short_vi="số người chết", short_en="deaths",
    ),
}  # fmt: skip


def make_indicators() -> dict[str, Indicator]:
    found = {}
    for code, fields in INDICATORS.items():
        existing = Indicator.objects.filter(code=code).first()
        found[code] = existing or covenants.indicator_save(indicator=Indicator(code=code, **fields))
    return found


def province(code: str, name: str) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    return existing or org.unit_create(
        code=code, name=f"Công an tỉnh {name}", short_name=name, kind=UnitKind.PROVINCIAL_POLICE
    )


def office_unit() -> Unit:
    existing = Unit.objects.filter(code="CTCT").first()
    return existing or org.unit_create(
        code="CTCT",
        name="Cục Công tác đảng và công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )


def make_covenant(
    cluster: Cluster, indicators: Mapping[str, Indicator], *, baseline_year: int
) -> tuple[Covenant, dict[str, Criterion]]:
    movement = covenants.movement_create(
        name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=cluster.year
    )
    covenant = covenants.covenant_create(cluster=cluster, movement=movement)

    def add(code: str, title: str, shape: str | None, codes: Sequence[str], **kw: Any) -> Criterion:
        chosen = [indicators[c] for c in codes]
        target = covenants.build_target(shape=shape, indicators=chosen, **kw) if shape else None
        return covenants.criterion_add(
            covenant=covenant, parent=None, code=code, title=title,
            kind=CriterionKind.QUANTITATIVE if codes else CriterionKind.QUALITATIVE,
            max_points=Decimal(100), target=target, indicators=chosen,
        )  # fmt: skip

    criteria = {
        "1": add("1", "Tỷ lệ điều tra, khám phá án", Shape.RATE_STRICT, ["dtkp"], number=75),
        "2": add(
            "2", "Hồ sơ đưa đi cai nghiện bắt buộc", Shape.AT_LEAST, ["cai-nghien"], number=120
        ),
        "3": add(
            "3", "Kéo giảm tội phạm về trật tự xã hội", Shape.REDUCE, ["ttxh"], number=5,
            baseline_year=baseline_year,
        ),
        "4": add(
            "4", "Kiềm chế tai nạn giao thông", Shape.REDUCE_ALL, ["tngt-vu", "tngt-chet"],
            number=5, baseline_year=baseline_year,
            subject_vi="tai nạn giao thông", subject_en="traffic accidents",
        ),
        "5": add("5", "Thực hiện quy chế của Cụm", None, []),
    }  # fmt: skip
    return covenant, criteria


def make_users(units: Mapping[str, Unit], office: Unit) -> dict[str, Any]:
    users: dict[str, Any] = {}
    for code, unit in units.items():
        users[f"officer:{code}"] = UserFactory(
            username=f"canbo.{code.lower()}", unit=unit, role="officer",
            full_name=f"Cán bộ {unit.short_name}",
        )  # fmt: skip
        users[f"leader:{code}"] = UserFactory(
            username=f"lanhdao.{code.lower()}", unit=unit, role="leader",
            full_name=f"Lãnh đạo {unit.short_name}",
        )  # fmt: skip
    users["office"] = UserFactory(
        username="cuc.ctct", unit=office, role="officer", full_name="Cán bộ Cục CTCT"
    )
    outsider = province("DNG", "Đà Nẵng")
    users["outsider"] = UserFactory(
        username="canbo.dng", unit=outsider, role="officer", full_name="Cán bộ Đà Nẵng"
    )
    users["admin"] = AdminFactory(username="quantri")
    return users


def build_world(
    *,
    year: int = 2024,
    number: int = 10,
    members: Sequence[tuple[str, str]] = (
        ("TNH", "Tây Ninh"),
        ("LAN", "Long An"),
        ("BDG", "Bình Dương"),
    ),
    head: str = "TNH",
) -> World:
    office = office_unit()
    units = {code: province(code, name) for code, name in members}
    cluster = org.cluster_create(
        year=year, level=ClusterLevel.MINISTRY, number=number, managing_office=office
    )
    for unit in units.values():
        org.membership_add(cluster=cluster, unit=unit)
    org.role_assign(cluster=cluster, unit=units[head], role=RoleKind.HEAD)
    indicators = make_indicators()
    covenant, criteria = make_covenant(cluster, indicators, baseline_year=year - 1)
    world = World(
        office=office, units=units, cluster=cluster, covenant=covenant, criteria=criteria,
        indicators=indicators, users=make_users(units, office),
    )  # fmt: skip
    for period in domain.periods_generate(covenant):
        world.periods[(period.kind, period.index)] = period
    return world


def entries(world: World, values: Mapping[str, Value]) -> list[Any]:
    """FigureInputs from {criterion code: count | (numerator, denominator) | {field: value}
    | [one of those per part]}."""
    result = []
    for code, value in values.items():
        parts = value if isinstance(value, list) else [value]
        for part, item in enumerate(parts):
            if isinstance(item, dict):
                result.append(domain.FigureInput(criterion=world.criteria[code], part=part, **item))
            elif isinstance(item, tuple):
                result.append(
                    domain.FigureInput(
                        criterion=world.criteria[code],
                        part=part,
                        numerator=item[0],
                        denominator=item[1],
                    )
                )
            else:
                result.append(
                    domain.FigureInput(criterion=world.criteria[code], part=part, value=item)
                )
    return result


def file_report(
    world: World,
    period: Period,
    code: str,
    values: Mapping[str, Value],
    *,
    until: str = ReportStatus.APPROVED,
) -> Report:
    """The unit's officer enters and submits; the office approves (and locks)."""
    officer = world.officer(code)
    report = domain.report_open(period=period, unit=world.units[code], by=officer)
    if values:
        report = domain.report_figures_save(
            report=report, by=officer, expected_version=report.version,
            entries=entries(world, values),
        )  # fmt: skip
    if until == ReportStatus.DRAFT:
        return report
    report = domain.report_submit(report=report, by=officer, expected_version=report.version)
    if until == ReportStatus.SUBMITTED:
        return report
    office = world.users["office"]
    report = domain.report_approve(report=report, by=office, expected_version=report.version)
    if until == ReportStatus.LOCKED:
        report = domain.report_lock(report=report, by=office, expected_version=report.version)
    return report


# A month with every target's figures, for tests that need complete reports.
FULL: dict[str, Value] = {"1": (8, 10), "2": 12, "3": 90, "4": [20, 3]}


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@dataclass
class Merger:
    """Tây Ninh and Long An in 2024 (Long An in another cluster) and in Cụm 10 of 2025,
    Long An merged into Tây Ninh on 2025-07-01."""

    y2024: World
    y2024_lan: World
    y2025: World


@pytest.fixture
def merger(db: None) -> Merger:
    y2024 = build_world(year=2024, number=10, members=(("TNH", "Tây Ninh"), ("BDG", "Bình Dương")))
    y2024_lan = build_world(
        year=2024, number=11, members=(("LAN", "Long An"), ("BPC", "Bình Phước")), head="BPC"
    )
    units = {**y2024.units, **y2024_lan.units}
    y2025 = build_world(year=2025, number=10, members=(("TNH", "Tây Ninh"), ("LAN", "Long An")))
    org.lineage_record(
        kind=LineageKind.MERGE,
        effective_date=dt.date(2025, 7, 1),
        sources=[units["LAN"]],
        targets=[units["TNH"]],
    )
    for world in (y2024, y2024_lan, y2025):
        for unit in world.units.values():
            unit.refresh_from_db()
    return Merger(y2024=y2024, y2024_lan=y2024_lan, y2025=y2025)
