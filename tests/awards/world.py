"""A small world for the awards tests: one office managing Cụm 10 of 2024 (four provinces,
the first heading it, the second its deputy), another office with its own cluster, a user
per role, and the catalogue. Built through the org domain functions so their rules hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from tests.factories import AdminFactory, UserFactory
from thidua.accounts.models import UserRole
from thidua.awards.catalogue import ensure_catalogue
from thidua.awards.models import Title
from thidua.org import domain as org
from thidua.org.models import Cluster, ClusterLevel, RoleKind, Unit, UnitKind

YEAR = 2024
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
ROLES = ("admin", "office", "head", "deputy", "member", "leader", "outsider", "other_office")


@dataclass
class World:
    office: Unit
    units: dict[str, Unit]
    cluster: Cluster
    other_cluster: Cluster
    users: dict[str, Any]
    clients: dict[str, Client] = field(default_factory=dict)

    def title(self, code: str) -> Title:
        return Title.objects.get(code=code)

    def client(self, role: str) -> Client:
        if role not in self.clients:
            client = Client()
            client.force_login(self.users[role])
            self.clients[role] = client
        return self.clients[role]

    def __getitem__(self, role: str) -> Any:
        return self.users[role]


def province(code: str, name: str, **kwargs: Any) -> Unit:
    return org.unit_create(
        code=code, name=f"Công an tỉnh {name}", short_name=name, kind=UnitKind.PROVINCIAL_POLICE,
        **kwargs,
    )  # fmt: skip


def build_world() -> World:
    ensure_catalogue(Title)
    office = org.unit_create(
        code="CTCT", name="Cục Công tác đảng và công tác chính trị",
        kind=UnitKind.MINISTRY_DEPARTMENT, is_emulation_office=True,
    )  # fmt: skip
    other_office = org.unit_create(
        code="PX03", name="Phòng Công tác đảng, công tác chính trị (tỉnh khác)",
        kind=UnitKind.PROVINCIAL_SECTION, is_emulation_office=True,
    )  # fmt: skip
    units = {
        "TNH": province("TNH", "Tây Ninh"),
        "LAN": province("LAN", "Long An"),
        "BPC": province("BPC", "Bình Phước", active_to=dt.date(2025, 6, 30)),
        "DNI": province("DNI", "Đồng Nai"),
        "SLA": province("SLA", "Sơn La"),
        "NEW": province("NEW", "Mới lập", active_from=dt.date(2025, 7, 1)),
    }
    cluster = org.cluster_create(
        year=YEAR, level=ClusterLevel.MINISTRY, number=10, managing_office=office,
        name="Công an các tỉnh Đông Nam Bộ",
    )  # fmt: skip
    for code in ("TNH", "LAN", "BPC", "DNI"):
        org.membership_add(cluster=cluster, unit=units[code])
    org.role_assign(cluster=cluster, unit=units["TNH"], role=RoleKind.HEAD)
    org.role_assign(cluster=cluster, unit=units["LAN"], role=RoleKind.DEPUTY)
    other = org.cluster_create(
        year=YEAR, level=ClusterLevel.MINISTRY, number=2, managing_office=other_office
    )
    org.membership_add(cluster=other, unit=units["SLA"])
    org.role_assign(cluster=other, unit=units["SLA"], role=RoleKind.HEAD)
    users = {
        "admin": AdminFactory(username="quantri"),
        "office": UserFactory(username="vanphong", unit=office, full_name="Nguyễn Thị Hạnh"),
        "head": UserFactory(username="tayninh", unit=units["TNH"], full_name="Trần Văn Minh"),
        "deputy": UserFactory(username="longan", unit=units["LAN"]),
        "member": UserFactory(username="binhphuoc", unit=units["BPC"]),
        "leader": UserFactory(username="lanhdao", unit=units["TNH"], role=UserRole.LEADER),
        "outsider": UserFactory(username="sonla", unit=units["SLA"]),
        "other_office": UserFactory(username="px03", unit=other_office),
    }
    return World(office=office, units=units, cluster=cluster, other_cluster=other, users=users)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def closed_vote(
    world: World,
    *,
    gov: tuple[str, ...] = ("LAN",),
    ministry: tuple[str, ...] = ("LAN", "TNH", "BPC"),
) -> Any:
    """Cụm 10's vote of 23/11/2024, every member's leader voting alike, closed."""
    from thidua.voting import domain as voting

    for code in ("LAN", "BPC", "DNI"):
        UserFactory(
            username=f"lanhdao.{code.lower()}", unit=world.units[code], role=UserRole.LEADER
        )
    head = world["head"]
    vote = voting.vote_create(
        cluster=world.cluster, conference_date=dt.date(2024, 11, 23),
        conference_place="Công an tỉnh Tây Ninh", by=head,
    )  # fmt: skip
    vote = voting.vote_open(vote=vote, by=head)
    choices = {
        voting.GOVERNMENT_FLAG: [world.units[c].pk for c in gov],
        voting.MINISTRY_FLAG: [world.units[c].pk for c in ministry],
    }
    for record in vote.voters.select_related("user"):
        voting.ballot_cast(vote=vote, user=record.user, choices=choices)
    return voting.vote_close(vote=vote, by=head)
