"""Who sees a practice at each step, and who may change it: every role, each branch."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.practices.world import World, make
from thidua.practices import access

pytestmark = pytest.mark.django_db

ROLES = [
    "admin", "office", "officer:TNH", "leader:TNH", "officer:BPC", "leader:BPC", "officer:LAN",
    "officer:SLA", "leader:SLA", "nobody",
]  # fmt: skip
# Bình Phước's practice in Cụm 10 (Tây Ninh heads it; the office manages it).
SEES = {
    "draft": {"admin", "office", "officer:TNH", "officer:BPC"},
    "published": {
        "admin", "office", "officer:TNH", "leader:TNH", "officer:BPC", "leader:BPC",
        "officer:LAN",
    },
    "promoted": set(ROLES),
}  # fmt: skip


@pytest.mark.parametrize("visibility", ["draft", "published", "promoted"])
def test_it_shows_each_step_to_exactly_its_readers(world: World, visibility: str) -> None:
    practice = make(world, visibility=visibility)

    seeing = {
        role
        for role in ROLES
        if access.practices_visible_to(world.user(role)).filter(pk=practice.pk).exists()
    }

    assert seeing == SEES[visibility]


def test_it_shows_nothing_to_an_anonymous_visitor(world: World) -> None:
    make(world, visibility="promoted")

    assert not access.practices_visible_to(AnonymousUser()).exists()


def test_an_outsider_gets_404_and_an_editor_the_practice(world: World) -> None:
    practice = make(world, visibility="published")

    with pytest.raises(Http404):
        access.get_practice_for_user(world.user("officer:SLA"), practice.pk)
    with pytest.raises(PermissionDenied):
        access.get_practice_for_user(world.user("leader:TNH"), practice.pk, write=True)
    assert (
        access.get_practice_for_user(world.user("officer:TNH"), practice.pk, write=True) == practice
    )


EDITS = {
    "draft": {"admin", "office", "officer:TNH", "officer:BPC"},
    "published": {"admin", "office", "officer:TNH"},
}


@pytest.mark.parametrize("visibility", ["draft", "published"])
def test_it_lets_exactly_these_roles_edit(world: World, visibility: str) -> None:
    practice = make(world, visibility=visibility)

    editing = {role for role in ROLES if access.can_edit_practice(world.user(role), practice)}

    assert editing == EDITS[visibility]


def test_it_lets_only_editors_delete_and_only_drafts(world: World) -> None:
    draft = make(world)
    published = make(world, title="B", visibility="published")

    deleting = {role for role in ROLES if access.can_delete_practice(world.user(role), draft)}

    assert deleting == EDITS["draft"]
    assert not access.can_delete_practice(world.user("admin"), published)


def test_it_lets_the_cluster_publish_and_the_office_promote(world: World) -> None:
    practice = make(world, visibility="published")
    promoted = make(world, title="B", visibility="promoted")

    publishing = {r for r in ROLES if access.can_publish_practice(world.user(r), practice)}
    promoting = {r for r in ROLES if access.can_promote_practice(world.user(r), practice)}
    withdrawing_publication = {
        r for r in ROLES if access.can_unpublish_practice(world.user(r), practice)
    }
    withdrawing_promotion = {
        r for r in ROLES if access.can_unpublish_practice(world.user(r), promoted)
    }

    assert publishing == withdrawing_publication == {"admin", "office", "officer:TNH"}
    assert promoting == withdrawing_promotion == {"admin", "office"}


def test_it_offers_the_clusters_one_may_record_in(world: World) -> None:
    def clusters(role: str) -> set[int]:
        return set(
            access.clusters_for_new_practice(world.user(role)).values_list("number", flat=True)
        )

    assert clusters("office") == {10, 2}
    assert clusters("officer:TNH") == {10}
    assert clusters("officer:LAN") == {10}
    assert clusters("officer:SLA") == {2}
    assert clusters("leader:TNH") == set()
    assert clusters("nobody") == set()
    assert not access.clusters_for_new_practice(AnonymousUser()).exists()
