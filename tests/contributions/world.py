"""A small world for the contributions tests: Cụm 2 of 2024 (the seed's five provinces,
Sơn La heading it), Cụm 10 of 2024 (Tây Ninh heading it) and one user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import AdminFactory, UserFactory
from thidua.contributions import domain
from thidua.contributions.models import Fund, Pledge
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, RoleKind, Unit, UnitKind

OPENED = dt.date(2024, 3, 18)
AT = dt.datetime(2024, 3, 18, 9, tzinfo=dt.UTC)

PROVINCES = {
    "SLA": "Sơn La",
    "LCI": "Lào Cai",
    "DBN": "Điện Biên",
    "LCU": "Lai Châu",
    "YBI": "Yên Bái",
    "TNH": "Tây Ninh",
    "BPC": "Bình Phước",
}


@dataclass
class World:
    office: Unit
    units: dict[str, Unit]
    cum2: Cluster
    cum10: Cluster
    users: dict[str, Any]

    def user(self, name: str) -> Any:
        return self.users[name]


def build_world() -> World:
    office = org.unit_create(
        code="CTCT",
        name="Cục Công tác đảng và công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT,
        is_emulation_office=True,
    )
    units = {
        code: org.unit_create(
            code=code,
            name=f"Công an tỉnh {name}",
            short_name=name,
            kind=UnitKind.PROVINCIAL_POLICE,
        )
        for code, name in PROVINCES.items()
    }
    cum2 = org.cluster_create(
        year=2024, level=ClusterLevel.MINISTRY, number=2, managing_office=office
    )
    for code in ("SLA", "LCI", "DBN", "LCU", "YBI"):
        org.membership_add(cluster=cum2, unit=units[code])
    org.role_assign(cluster=cum2, unit=units["SLA"], role=RoleKind.HEAD)
    org.role_assign(cluster=cum2, unit=units["LCI"], role=RoleKind.DEPUTY)
    cum10 = org.cluster_create(
        year=2024, level=ClusterLevel.MINISTRY, number=10, managing_office=office
    )
    for code in ("TNH", "BPC"):
        org.membership_add(cluster=cum10, unit=units[code])
    org.role_assign(cluster=cum10, unit=units["TNH"], role=RoleKind.HEAD)
    users: dict[str, Any] = {
        "admin": AdminFactory(username="quantri"),
        "office": UserFactory(username="cuc.ctct", unit=office, role="officer"),
        "nobody": UserFactory(username="khong.don.vi"),
    }
    for code, unit in units.items():
        users[f"officer:{code}"] = UserFactory(
            username=f"canbo.{code.lower()}",
            unit=unit,
            role="officer",
            full_name=f"Cán bộ {unit.short_name}",
        )
        users[f"leader:{code}"] = UserFactory(
            username=f"lanhdao.{code.lower()}", unit=unit, role="leader"
        )
    return World(office=office, units=units, cum2=cum2, cum10=cum10, users=users)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def fund_input(world: World, **overrides: Any) -> domain.FundInput:
    fields: dict[str, Any] = {
        "cluster": world.cum2,
        "title": "Xây nhà tình nghĩa",
        "beneficiary_name": "Nguyễn Văn A",
        "beneficiary_rank": "Trung úy",
        "beneficiary_position": "Cán bộ",
        "beneficiary_unit": world.units["SLA"],
        "target_amount": Decimal(150_000_000),
        "opened_on": OPENED,
    }
    fields.update(overrides)
    return domain.FundInput(**fields)


def make_fund(world: World, by: str = "officer:SLA", **overrides: Any) -> Fund:
    """Cụm 2's house: 150.000.000 đ shared evenly (30.000.000 đ each) by default."""
    return domain.fund_create(data=fund_input(world, **overrides), by=world.user(by), at=AT)


def pledge_of(fund: Fund, code: str) -> Pledge:
    return fund.pledges.get(unit__code=code)


def pay(
    world: World, pledge: Pledge, amount: Any, *, by: str = "officer:SLA", **extra: Any
) -> Pledge:
    pledge.refresh_from_db()
    return domain.pledge_record_payment(
        pledge=pledge,
        by=world.user(by),
        expected_version=pledge.version,
        paid=amount,
        paid_on=extra.pop("paid_on", dt.date(2024, 4, 2)),
        **extra,
    )
