"""A small world for the practices tests: two clusters of 2024 and one user per role.

Cụm 10: Tây Ninh (head), Bình Phước, Long An; Cụm 2: Sơn La (head), Lào Cai. The office
(CTCT) manages both. Built through the org domain so that its rules hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import AdminFactory, UserFactory
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, RoleKind, Unit, UnitKind
from thidua.practices import domain
from thidua.practices.models import Practice, PracticeKind

AT = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)


@dataclass
class World:
    office: Unit
    units: dict[str, Unit]
    cum10: Cluster
    cum2: Cluster
    users: dict[str, Any]

    def user(self, name: str) -> Any:
        return self.users[name]


PROVINCES = {
    "TNH": "Tây Ninh",
    "BPC": "Bình Phước",
    "LAN": "Long An",
    "SLA": "Sơn La",
    "LCI": "Lào Cai",
}


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
    cum10 = org.cluster_create(
        year=2024, level=ClusterLevel.MINISTRY, number=10, managing_office=office
    )
    for code in ("TNH", "BPC", "LAN"):
        org.membership_add(cluster=cum10, unit=units[code])
    org.role_assign(cluster=cum10, unit=units["TNH"], role=RoleKind.HEAD)
    cum2 = org.cluster_create(
        year=2024, level=ClusterLevel.MINISTRY, number=2, managing_office=office
    )
    for code in ("SLA", "LCI"):
        org.membership_add(cluster=cum2, unit=units[code])
    org.role_assign(cluster=cum2, unit=units["SLA"], role=RoleKind.HEAD)
    users: dict[str, Any] = {
        "admin": AdminFactory(username="quantri"),
        "office": UserFactory(username="cuc.ctct", unit=office, role="officer"),
        "nobody": UserFactory(username="khong.don.vi"),
    }
    for code, unit in units.items():
        users[f"officer:{code}"] = UserFactory(
            username=f"canbo.{code.lower()}", unit=unit, role="officer",
            full_name=f"Cán bộ {unit.short_name}",
        )  # fmt: skip
        users[f"leader:{code}"] = UserFactory(
            username=f"lanhdao.{code.lower()}", unit=unit, role="leader"
        )
    return World(office=office, units=units, cum10=cum10, cum2=cum2, users=users)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def practice_input(world: World, **overrides: Any) -> domain.PracticeInput:
    fields: dict[str, Any] = {
        "kind": PracticeKind.GOOD_MODEL,
        "title": "Mô hình dân vận khéo",
        "description": "Gặp gỡ nhân dân ở khu dân cư, hướng dẫn tố giác tội phạm.",
        "results": "Tin báo tăng 20%.",
        "unit": world.units["BPC"],
        "cluster": world.cum10,
    }
    fields.update(overrides)
    return domain.PracticeInput(**fields)


def make(
    world: World, by: str = "officer:BPC", *, visibility: str = "draft", **overrides: Any
) -> Practice:
    """A practice of Bình Phước in Cụm 10 (by default), brought to `visibility`."""
    practice = domain.practice_create(
        data=practice_input(world, **overrides), by=world.user(by), at=AT
    )
    if visibility in ("published", "promoted"):
        head = "officer:SLA" if practice.cluster_id == world.cum2.pk else "officer:TNH"
        practice = domain.practice_publish(
            practice=practice, by=world.user(head), expected_version=practice.version
        )
    if visibility == "promoted":
        practice = domain.practice_promote(
            practice=practice, by=world.user("office"), expected_version=practice.version
        )
    return practice
