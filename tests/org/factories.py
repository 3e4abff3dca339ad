"""Factories for the organisation registry: units, lineage, clusters, members, roles.

They save through the ORM, like the other factories; tests that exercise the rules of the
registry call thidua.org.domain instead, so that its checks run.
"""

from __future__ import annotations

import datetime as dt

import factory

from thidua.org.models import (
    Cluster,
    ClusterLevel,
    ClusterRole,
    LineageEvent,
    LineageKind,
    Membership,
    RoleKind,
    RoleSource,
    Unit,
    UnitKind,
)


class UnitFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DV{n:03d}")
    name = factory.Sequence(lambda n: f"Công an tỉnh mẫu {n}")
    short_name = factory.LazyAttribute(lambda u: u.name.removeprefix("Công an tỉnh "))
    kind = UnitKind.PROVINCIAL_POLICE


class MinistryFactory(UnitFactory):
    code = "BCA"
    name = "Bộ Công an"
    short_name = "Bộ Công an"
    kind = UnitKind.MINISTRY


class OfficeFactory(UnitFactory):
    """An emulation office: the Ministry's by default; pass parent= a province for a PX03."""

    code = factory.Sequence(lambda n: f"TT{n:03d}")
    name = factory.Sequence(lambda n: f"Cơ quan thường trực thi đua {n}")
    short_name = factory.LazyAttribute(lambda u: u.name)
    kind = UnitKind.MINISTRY_DEPARTMENT
    is_emulation_office = True


class ClusterFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Cluster

    year = 2025
    level = ClusterLevel.MINISTRY
    province = None
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Cụm mẫu {n + 1}")
    managing_office = factory.SubFactory(OfficeFactory)


class ProvincialClusterFactory(ClusterFactory):
    level = ClusterLevel.PROVINCIAL
    province = factory.SubFactory(UnitFactory)
    managing_office = factory.SubFactory(
        OfficeFactory,
        kind=UnitKind.PROVINCIAL_SECTION,
        parent=factory.SelfAttribute("..province"),
    )


class MembershipFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    class Meta:
        model = Membership

    cluster = factory.SubFactory(ClusterFactory)
    unit = factory.SubFactory(UnitFactory)
    start_date = factory.LazyAttribute(lambda m: dt.date(m.cluster.year, 1, 1))
    end_date = factory.LazyAttribute(lambda m: dt.date(m.cluster.year, 12, 31))


class ClusterRoleFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    """A head or deputy role; make the unit a member first (MembershipFactory)."""

    class Meta:
        model = ClusterRole

    cluster = factory.SubFactory(ClusterFactory)
    unit = factory.SubFactory(UnitFactory)
    role = RoleKind.HEAD
    start_date = factory.LazyAttribute(lambda r: dt.date(r.cluster.year, 1, 1))
    end_date = factory.LazyAttribute(lambda r: dt.date(r.cluster.year, 12, 31))
    source = RoleSource.ASSIGNMENT


class LineageEventFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    """A bare event row: sources= and targets= lists are set; unit dates are not touched."""

    class Meta:
        model = LineageEvent
        skip_postgeneration_save = True

    kind = LineageKind.MERGE
    effective_date = dt.date(2025, 7, 1)

    @factory.post_generation
    def sources(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            obj.sources.set(extracted)

    @factory.post_generation
    def targets(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            obj.targets.set(extracted)
