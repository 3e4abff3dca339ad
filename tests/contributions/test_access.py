"""Who reads a cluster's funds and who changes them: every role, each branch."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.contributions.world import World, make_fund, pledge_of
from thidua.contributions import access

pytestmark = pytest.mark.django_db

ROLES = [
    "admin", "office", "officer:SLA", "leader:SLA", "officer:LCI", "officer:YBI", "leader:YBI",
    "officer:TNH", "leader:TNH", "nobody",
]  # fmt: skip
MEMBERS = {
    "admin",
    "office",
    "officer:SLA",
    "leader:SLA",
    "officer:LCI",
    "officer:YBI",
    "leader:YBI",
}
MANAGERS = {"admin", "office", "officer:SLA", "officer:LCI"}  # head, deputy, office


def test_it_shows_a_fund_to_the_members_and_the_office_only(world: World) -> None:
    fund = make_fund(world)

    seeing = {
        r for r in ROLES if access.funds_visible_to(world.user(r)).filter(pk=fund.pk).exists()
    }

    assert seeing == MEMBERS
    assert not access.funds_visible_to(AnonymousUser()).exists()


def test_an_outsider_gets_404_and_a_member_403_on_writing(world: World) -> None:
    fund = make_fund(world)

    with pytest.raises(Http404):
        access.get_fund_for_user(world.user("officer:TNH"), fund.pk)
    with pytest.raises(PermissionDenied):
        access.get_fund_for_user(world.user("officer:YBI"), fund.pk, write=True)
    assert access.get_fund_for_user(world.user("officer:LCI"), fund.pk, write=True) == fund


def test_it_lets_the_head_deputy_and_office_manage(world: World) -> None:
    managing = {r for r in ROLES if access.can_manage_funds(world.user(r), world.cum2)}

    assert managing == MANAGERS


def test_it_lets_a_unit_record_its_own_payment_only(world: World) -> None:
    fund = make_fund(world)
    yen_bai = pledge_of(fund, "YBI")

    recording = {r for r in ROLES if access.can_record_payment(world.user(r), yen_bai)}

    assert recording == MANAGERS | {"officer:YBI"}
    with pytest.raises(Http404):
        access.get_pledge_for_user(world.user("officer:TNH"), yen_bai.pk)
    with pytest.raises(PermissionDenied):
        access.get_pledge_for_user(world.user("leader:YBI"), yen_bai.pk, write=True)


def test_it_offers_new_funds_in_the_clusters_one_runs(world: World) -> None:
    def numbers(role: str) -> set[int]:
        return set(access.clusters_for_new_fund(world.user(role)).values_list("number", flat=True))

    assert numbers("office") == {2, 10}
    assert numbers("officer:SLA") == numbers("officer:LCI") == {2}
    assert numbers("officer:YBI") == numbers("leader:SLA") == set()
    with pytest.raises(Http404):
        access.get_cluster_for_new_fund(world.user("officer:TNH"), world.cum2.pk)
    with pytest.raises(PermissionDenied):
        access.get_cluster_for_new_fund(world.user("officer:YBI"), world.cum2.pk)
