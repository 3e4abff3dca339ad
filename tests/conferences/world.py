"""A cluster-year with its people and the records a conference can link to.

The world: an emulation office managing Cụm 10 of 2024 (Tây Ninh head, Long An deputy,
Bình Phước and Đồng Nai members), its covenant (signed), its closed vote and its handover;
another cluster (Cụm 2, Sơn La head) with its own covenant and vote, managed by another
office. One user per role. Built with the ORM and factories: the conference rules are what
the tests exercise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from tests.factories import AdminFactory, UserFactory
from tests.org.factories import (
    ClusterFactory,
    ClusterRoleFactory,
    MembershipFactory,
    OfficeFactory,
    UnitFactory,
)
from thidua.accounts.models import UserRole
from thidua.conferences import domain
from thidua.conferences.models import Conference, ConferenceKind, ConferenceStatus
from thidua.covenants.models import Covenant, CovenantStatus, Movement, MovementKind
from thidua.org.models import Cluster, Handover, RoleKind, Unit
from thidua.voting.models import Vote, VoteStatus

YEAR_END = dt.date(2024, 11, 23)
SIGNING = dt.date(2024, 3, 12)
HIEP = domain.GuestInput(
    rank="Thiếu tướng",
    name="Lê Hoàng Hiệp",
    position="Phó Cục trưởng",
    organisation="Cục Công tác đảng và công tác chính trị",
)
HUNG = domain.GuestInput(
    rank="Thiếu tướng",
    name="Cao Đăng Hưng",
    position="Phó Chánh Văn phòng",
    organisation="Bộ Công an",
)

ROLES = (
    "admin",
    "office",
    "head_officer",
    "deputy_officer",
    "member_officer",
    "leader",
    "outsider",
    "other_office",
)
READERS = frozenset(
    {"admin", "office", "head_officer", "deputy_officer", "member_officer", "leader"}
)
WRITERS = frozenset({"admin", "office", "head_officer", "deputy_officer"})


@dataclass
class World:
    office_unit: Unit
    cluster: Cluster
    units: dict[str, Unit]
    covenant: Covenant
    vote: Vote
    handover: Handover
    other_cluster: Cluster
    other_covenant: Covenant
    other_vote: Vote
    users: dict[str, Any]
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        if role not in self.clients:
            client = Client()
            if role != "anonymous":
                client.force_login(self.users[role])
            self.clients[role] = client
        return self.clients[role]

    def conference(self, **kwargs: Any) -> Conference:
        """A held year-end summary of Cụm 10 (2024) recorded by the head's officer."""
        kwargs.setdefault("cluster", self.cluster)
        kwargs.setdefault("kind", ConferenceKind.YEAR_END)
        kwargs.setdefault("date", YEAR_END)
        kwargs.setdefault("status", ConferenceStatus.HELD)
        kwargs.setdefault("place", "Công an tỉnh Tây Ninh")
        kwargs.setdefault("host_unit", self.units["TNH"])
        kwargs.setdefault("by", self.users["head_officer"])
        return domain.conference_create(**kwargs)

    def signing(self, **kwargs: Any) -> Conference:
        kwargs.setdefault("kind", ConferenceKind.SIGNING)
        kwargs.setdefault("date", SIGNING)
        return self.conference(**kwargs)


def _covenant(cluster: Cluster, day: dt.date) -> Covenant:
    movement, _created = Movement.objects.get_or_create(
        name="Vì an ninh Tổ quốc", kind=MovementKind.REGULAR, year=cluster.year
    )
    return Covenant.objects.create(
        cluster=cluster,
        movement=movement,
        status=CovenantStatus.SIGNED,
        signing_date=day,
        signing_place="Hội trường",
    )


def _vote(cluster: Cluster, day: dt.date, name: str) -> Vote:
    return Vote.objects.create(
        cluster=cluster,
        name=name,
        conference_date=day,
        conference_place="Hội trường",
        member_units=4,
        status=VoteStatus.CLOSED,
    )


def build_world(prefix: str = "") -> World:
    office = OfficeFactory(code=f"{prefix}CTCT", name=f"Cục Công tác chính trị {prefix}".strip())
    cluster = ClusterFactory(
        year=2024, number=10, name="Công an các tỉnh Đông Nam Bộ", managing_office=office
    )
    names = {
        "TNH": "Công an tỉnh Tây Ninh",
        "LAN": "Công an tỉnh Long An",
        "BPC": "Công an tỉnh Bình Phước",
        "DNI": "Công an tỉnh Đồng Nai",
    }
    units: dict[str, Unit] = {
        code: UnitFactory(
            code=f"{prefix}{code}", name=name, short_name=name.removeprefix("Công an tỉnh ")
        )
        for code, name in names.items()
    }
    for unit in units.values():
        MembershipFactory(cluster=cluster, unit=unit)
    ClusterRoleFactory(cluster=cluster, unit=units["TNH"], role=RoleKind.HEAD)
    ClusterRoleFactory(cluster=cluster, unit=units["LAN"], role=RoleKind.DEPUTY)
    next_year = ClusterFactory(year=2025, number=10, managing_office=office)
    handover = Handover.objects.create(
        from_cluster=cluster,
        to_cluster=next_year,
        head=units["LAN"],
        deputy=units["DNI"],
        conference_date=YEAR_END,
    )

    other_office = OfficeFactory(code=f"{prefix}PX03", name=f"Phòng thi đua khác {prefix}".strip())
    other = ClusterFactory(year=2024, number=2, name="Tây Bắc", managing_office=other_office)
    sla = UnitFactory(code=f"{prefix}SLA", name="Công an tỉnh Sơn La", short_name="Sơn La")
    MembershipFactory(cluster=other, unit=sla)
    ClusterRoleFactory(cluster=other, unit=sla, role=RoleKind.HEAD)

    users = {
        "admin": AdminFactory(username=f"{prefix}quantri"),
        "office": UserFactory(username=f"{prefix}vanphong", unit=office),
        "head_officer": UserFactory(username=f"{prefix}tayninh.canbo", unit=units["TNH"]),
        "deputy_officer": UserFactory(username=f"{prefix}longan.canbo", unit=units["LAN"]),
        "member_officer": UserFactory(username=f"{prefix}binhphuoc.canbo", unit=units["BPC"]),
        "leader": UserFactory(
            username=f"{prefix}tayninh.lanhdao", unit=units["TNH"], role=UserRole.LEADER
        ),
        "outsider": UserFactory(username=f"{prefix}sonla.canbo", unit=sla),
        "other_office": UserFactory(username=f"{prefix}px03", unit=other_office),
    }
    return World(
        office_unit=office,
        cluster=cluster,
        units=units,
        covenant=_covenant(cluster, SIGNING),
        vote=_vote(cluster, YEAR_END, "Bình xét, suy tôn năm 2024"),
        handover=handover,
        other_cluster=other,
        other_covenant=_covenant(other, dt.date(2024, 3, 18)),
        other_vote=_vote(other, dt.date(2024, 11, 20), "Bình xét Cụm 2"),
        users=users,
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()
