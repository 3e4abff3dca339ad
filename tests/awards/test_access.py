"""Who may do what in the awards registry, role by role (the accessors every page and
API route goes through)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.awards.world import ROLES, World
from thidua.awards import access, domain
from thidua.awards.models import Award, Proposal


def _draft(world: World) -> Proposal:
    existing = Proposal.objects.filter(unit=world.units["BPC"]).first()
    return existing or domain.proposal_create(
        cluster=world.cluster, title=world.title("tap-the-ldxs"), unit=world.units["BPC"],
        by=world["member"],
    )  # fmt: skip


CHECKS: dict[str, tuple[Callable[[World, Any], bool], set[str]]] = {
    "manage the catalogue": (lambda w, u: access.can_manage_titles(u), {"admin", "office"}),
    "record awards": (lambda w, u: access.can_record_awards(u), {"admin", "office", "other_office"}),
    "record awards in the cluster": (
        lambda w, u: access.can_record_for(u, w.cluster), {"admin", "office"},
    ),
    "read the cluster's proposals": (
        lambda w, u: access.can_view_proposals(u, w.cluster),
        {"admin", "office", "head", "deputy", "member", "leader"},
    ),
    "propose in the cluster": (
        lambda w, u: access.can_propose(u, w.cluster), {"admin", "office", "head", "deputy", "member"},
    ),
    "propose for another member": (
        lambda w, u: access.can_propose(u, w.cluster, w.units["DNI"]),
        {"admin", "office", "head", "deputy"},
    ),
    "edit a unit's draft": (
        lambda w, u: access.can_edit_proposal(u, _draft(w)),
        {"admin", "office", "head", "deputy", "member"},
    ),
    "submit to the council": (
        lambda w, u: access.can_submit_proposal(u, _draft(w)), {"admin", "office", "head", "deputy"},
    ),
    "decide": (lambda w, u: access.can_decide_proposal(u, _draft(w)), {"admin", "office"}),
}  # fmt: skip


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_it_grants_each_right_to_exactly_these_roles(world: World, check: str) -> None:
    allowed, expected = CHECKS[check]

    granted = {role for role in ROLES if allowed(world, world[role])}

    assert granted == expected


def test_it_shows_awards_to_everyone_signed_in_and_to_nobody_else(world: World) -> None:
    domain.award_create(
        title=world.title("min"), unit=world.units["LAN"], year=2024, decision_number="1/QĐ",
        decision_date=dt.date(2025, 1, 5), by=world["office"],
    )  # fmt: skip

    seen = {role: access.awards_visible_to(world[role]).count() for role in ROLES}

    assert seen == dict.fromkeys(ROLES, 1)
    assert access.awards_visible_to(AnonymousUser()).count() == 0
    assert Award.objects.count() == 1


def test_it_lists_the_clusters_each_role_may_propose_in(world: World) -> None:
    clusters = {
        role: sorted(c.number for c in access.clusters_for_proposals(world[role])) for role in ROLES
    }

    assert clusters == {
        "admin": [2, 10], "office": [10], "head": [10], "deputy": [10], "member": [10],
        "leader": [], "outsider": [2], "other_office": [2],
    }  # fmt: skip


def test_it_offers_a_unit_officer_only_its_own_unit(world: World) -> None:
    units = {
        role: sorted(u.code for u in access.units_for_proposals(world[role], world.cluster))
        for role in ("head", "member", "leader", "outsider")
    }

    assert units == {
        "head": ["BPC", "DNI", "LAN", "TNH"], "member": ["BPC"], "leader": [], "outsider": [],
    }  # fmt: skip
