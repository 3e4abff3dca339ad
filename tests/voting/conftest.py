"""A cluster-year with its people, built through the ORM, and helpers to run a vote.

The world: an emulation office managing one cluster of `size` provincial units (the first
is the head, the second the deputy), a leader user in every member unit (its default
delegate), the head's and the deputy's officers, an officer of a plain member, an
administrator, and a second cluster with its own leader and office (outsiders).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
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
from thidua.org.models import Cluster, RoleKind, Unit
from thidua.voting import domain
from thidua.voting.models import Vote

CONFERENCE = dt.date(2025, 11, 20)


@dataclass
class World:
    cluster: Cluster
    units: list[Unit]
    leaders: list[Any]
    head_officer: Any
    deputy_officer: Any
    member_officer: Any
    office: Any
    admin: Any
    outsider: Any
    other_office: Any
    clients: dict[str, Client] = field(default_factory=dict)

    @property
    def head(self) -> Unit:
        return self.units[0]

    def client(self, user: Any) -> Client:
        key = user.username
        if key not in self.clients:
            client = Client()
            client.force_login(user)
            self.clients[key] = client
        return self.clients[key]

    def user(self, role: str) -> Any:
        return {
            "admin": self.admin,
            "office": self.office,
            "head_officer": self.head_officer,
            "deputy_officer": self.deputy_officer,
            "member_officer": self.member_officer,
            "delegate": self.leaders[2],
            "outsider": self.outsider,
            "other_office": self.other_office,
        }[role]


def build_world(size: int = 5, *, prefix: str = "t", number: int = 10) -> World:
    office = OfficeFactory(code=f"{prefix.upper()}OFF", name=f"Cơ quan thường trực {prefix}")
    cluster = ClusterFactory(
        year=2025, number=number, name="Cụm thử nghiệm", managing_office=office
    )
    units: list[Unit] = [
        UnitFactory(code=f"{prefix.upper()}{i}", name=f"Công an tỉnh Thử {prefix}{i}",
                    short_name=f"Thử {prefix}{i}")
        for i in range(size)
    ]  # fmt: skip
    for unit in units:
        MembershipFactory(cluster=cluster, unit=unit)
    ClusterRoleFactory(cluster=cluster, unit=units[0], role=RoleKind.HEAD)
    ClusterRoleFactory(cluster=cluster, unit=units[1], role=RoleKind.DEPUTY)
    leaders = [
        UserFactory(username=f"{prefix}.lanhdao{i}", unit=unit, role=UserRole.LEADER)
        for i, unit in enumerate(units)
    ]
    other_office = OfficeFactory(code=f"{prefix.upper()}OFF2", name=f"Cơ quan khác {prefix}")
    other_cluster = ClusterFactory(year=2025, number=number + 1, managing_office=other_office)
    stranger = UnitFactory(code=f"{prefix.upper()}X", name=f"Công an tỉnh Ngoài {prefix}")
    MembershipFactory(cluster=other_cluster, unit=stranger)
    return World(
        cluster=cluster,
        units=units,
        leaders=leaders,
        head_officer=UserFactory(username=f"{prefix}.cumtruong", unit=units[0]),
        deputy_officer=UserFactory(username=f"{prefix}.cumpho", unit=units[1]),
        member_officer=UserFactory(username=f"{prefix}.canbo", unit=units[2]),
        office=UserFactory(username=f"{prefix}.vanphong", unit=office),
        admin=AdminFactory(username=f"{prefix}.quantri"),
        outsider=UserFactory(username=f"{prefix}.ngoai", unit=stranger, role=UserRole.LEADER),
        other_office=UserFactory(username=f"{prefix}.vanphong2", unit=other_office),
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def make_vote(world: World, **kwargs: Any) -> Vote:
    kwargs.setdefault("conference_date", CONFERENCE)
    kwargs.setdefault("conference_place", "Hội trường Công an tỉnh Thử")
    return domain.vote_create(cluster=world.cluster, by=world.head_officer, **kwargs)


def open_vote(world: World, **kwargs: Any) -> Vote:
    vote = make_vote(world, **kwargs)
    return domain.vote_open(vote=vote, by=world.head_officer)


Choice = Sequence[int] | Iterable[int]


def cast(vote: Vote, user: Any, gov: Choice = (), ministry: Choice = ()) -> str:
    return domain.ballot_cast(
        vote=vote,
        user=user,
        choices={domain.GOVERNMENT_FLAG: list(gov), domain.MINISTRY_FLAG: list(ministry)},
    )


def ids(world: World, *indexes: int) -> list[int]:
    return [world.units[i].pk for i in indexes]


@pytest.fixture
def vote_factory(world: World) -> Callable[..., Vote]:
    def create(**kwargs: Any) -> Vote:
        return make_vote(world, **kwargs)

    return create
