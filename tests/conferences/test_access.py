"""Who reads and who records a cluster's conferences, role by role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.conferences.world import READERS, ROLES, WRITERS, World
from thidua.conferences import access, domain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_conference_to_the_clusters_members_and_office_only(
    world: World, role: str
) -> None:
    conference = world.conference()
    user = world.users[role]

    if role in READERS:
        assert access.get_conference_for_user(user, conference.pk) == conference
        assert list(access.conferences_visible_to(user)) == [conference]
    else:
        with pytest.raises(Http404):
            access.get_conference_for_user(user, conference.pk)
        assert list(access.conferences_visible_to(user)) == []


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_the_head_deputy_office_and_administrators_record_it(
    world: World, role: str
) -> None:
    conference = world.conference()
    user = world.users[role]

    if role in WRITERS:
        assert access.get_conference_for_user(user, conference.pk, write=True) == conference
        domain.conference_update(
            conference=conference, by=user, expected_version=1, place="Hội trường mới"
        )
        conference.refresh_from_db()
        assert conference.place == "Hội trường mới"
    elif role in READERS:
        with pytest.raises(PermissionDenied):
            access.get_conference_for_user(user, conference.pk, write=True)
        with pytest.raises(PermissionDenied):
            domain.conference_update(
                conference=conference, by=user, expected_version=1, place="Hội trường mới"
            )
    else:
        with pytest.raises(Http404):
            access.get_conference_for_user(user, conference.pk, write=True)


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_a_new_conference_of_the_cluster_to_those_who_record(
    world: World, role: str
) -> None:
    user = world.users[role]

    if role in WRITERS:
        assert access.get_cluster_for_new_conference(user, world.cluster.pk) == world.cluster
    elif role in READERS:
        with pytest.raises(PermissionDenied):
            access.get_cluster_for_new_conference(user, world.cluster.pk)
    else:
        with pytest.raises(Http404):
            access.get_cluster_for_new_conference(user, world.cluster.pk)


def test_it_lets_the_outsider_record_its_own_clusters_conferences(world: World) -> None:
    outsider = world.users["outsider"]

    assert list(access.clusters_runnable_by(outsider)) == [world.other_cluster]
    assert access.get_cluster_for_new_conference(outsider, world.other_cluster.pk) == (
        world.other_cluster
    )


def test_it_gives_an_anonymous_caller_nothing(world: World) -> None:
    conference = world.conference()
    anonymous = AnonymousUser()

    assert list(access.conferences_visible_to(anonymous)) == []
    assert list(access.clusters_runnable_by(anonymous)) == []
    with pytest.raises(Http404):
        access.get_conference_for_user(anonymous, conference.pk)
    with pytest.raises(PermissionDenied):
        world.conference(by=anonymous)


@pytest.mark.parametrize("role", ROLES)
def test_it_streams_a_file_to_readers_and_removes_it_for_writers_only(
    world: World, role: str
) -> None:
    from io import BytesIO

    conference = world.conference()
    attachment = domain.attachment_add(
        conference=conference, by=world.users["head_officer"], expected_version=1,
        file=BytesIO(b"%PDF-1.4\n"), name="bien-ban.pdf", kind="minutes",
    )  # fmt: skip
    user = world.users[role]

    if role not in READERS:
        with pytest.raises(Http404):
            access.get_attachment_for_user(user, attachment.pk)
        return
    assert access.get_attachment_for_user(user, attachment.pk) == attachment
    if role in WRITERS:
        assert access.get_attachment_for_user(user, attachment.pk, write=True) == attachment
    else:
        with pytest.raises(PermissionDenied):
            access.get_attachment_for_user(user, attachment.pk, write=True)
