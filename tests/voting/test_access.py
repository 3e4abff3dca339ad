"""Who may see, run and vote: every rule of thidua.voting.access, through the pages."""

from __future__ import annotations

import pytest

from tests.voting.conftest import World, cast, ids, make_vote, open_vote
from thidua.voting import access, domain
from thidua.voting.models import Vote, VoteMethod, VoteStatus

pytestmark = pytest.mark.django_db

ROLES = [
    "admin", "office", "head_officer", "deputy_officer", "member_officer", "delegate",
    "outsider", "other_office",
]  # fmt: skip
SEES = {"admin", "office", "head_officer", "deputy_officer", "member_officer", "delegate"}
RUNS = {"admin", "office", "head_officer", "deputy_officer"}


def _expected(role: str, allowed: int) -> int:
    if role not in SEES:
        return 404
    return allowed if role in RUNS else 403


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_vote_only_to_users_with_internal_access_to_the_cluster(
    world: World, role: str
) -> None:
    vote = make_vote(world)

    response = world.client(world.user(role)).get(f"/votes/{vote.pk}/")

    assert response.status_code == (200 if role in SEES else 404)
    assert (vote in access.votes_visible_to(world.user(role))) is (role in SEES)


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_cluster_officers_the_office_and_admins_configure(
    world: World, role: str
) -> None:
    vote = make_vote(world)

    response = world.client(world.user(role)).get(f"/votes/{vote.pk}/settings/")
    roll = world.client(world.user(role)).get(f"/votes/{vote.pk}/roll/")

    assert (response.status_code, roll.status_code) == (_expected(role, 200),) * 2


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_runners_open_and_close(world: World, role: str) -> None:
    vote = make_vote(world)
    client = world.client(world.user(role))

    opened = client.post(f"/votes/{vote.pk}/open/")
    vote.refresh_from_db()
    state_after_open = vote.status
    if vote.status == VoteStatus.DRAFT:
        domain.vote_open(vote=vote, by=world.head_officer)
    closed = client.post(f"/votes/{vote.pk}/close/")
    vote.refresh_from_db()

    assert opened.status_code == _expected(role, 302)
    assert state_after_open == ("open" if role in RUNS else "draft")
    assert closed.status_code == _expected(role, 302)
    assert vote.status == ("closed" if role in RUNS else "open")


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_runners_enter_paper_counts(world: World, role: str) -> None:
    vote = open_vote(world, method=VoteMethod.PAPER)
    domain.vote_close(vote=vote, by=world.head_officer)

    response = world.client(world.user(role)).get(f"/votes/{vote.pk}/paper/")

    assert response.status_code == _expected(role, 200)


@pytest.mark.parametrize("role", ["office", "deputy_officer", "admin"])
def test_it_lets_another_runner_confirm_the_paper_counts(world: World, role: str) -> None:
    vote = open_vote(world, method=VoteMethod.PAPER)
    vote = domain.vote_close(vote=vote, by=world.head_officer)
    lines = {
        code: domain.PaperLine(5, 0, {u.pk: 0 for u in world.units}) for code in ("gov", "min")
    }
    paper = domain.paper_tally_enter(
        vote=vote, by=world.head_officer, ballots_issued=5, ballots_cast=5, lines=lines
    )

    allowed = access.can_confirm_paper(world.user(role), vote, paper)
    refused_self = access.can_confirm_paper(world.head_officer, vote, paper)
    refused_member = access.can_confirm_paper(world.member_officer, vote, paper)
    response = world.client(world.user(role)).post(f"/votes/{vote.pk}/paper/confirm/")

    assert (allowed, refused_self, refused_member) == (True, False, False)
    assert response.status_code == 302
    assert domain.result_available(Vote.objects.get(pk=vote.pk)) is True


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200), ("office", 200), ("head_officer", 200), ("deputy_officer", 200),
        ("member_officer", 403), ("delegate", 403), ("outsider", 403), ("other_office", 200),
    ],
)  # fmt: skip
def test_it_offers_vote_creation_to_whoever_runs_a_cluster(
    world: World, role: str, status: int
) -> None:
    response = world.client(world.user(role)).get("/votes/new/")

    assert response.status_code == status


def test_it_refuses_creating_a_vote_for_a_cluster_the_office_does_not_manage(world: World) -> None:
    response = world.client(world.other_office).post(
        "/votes/new/",
        {
            "cluster": world.cluster.pk,
            "conference_date": "20/11/2025",
            "conference_place": "Hội trường",
            "method": "electronic",
        },
    )

    assert response.status_code == 200
    assert Vote.objects.count() == 0
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_it_gives_the_ballot_only_to_an_eligible_delegate(world: World, role: str) -> None:
    vote = open_vote(world)

    response = world.client(world.user(role)).get(f"/votes/{vote.pk}/ballot/")

    expected = 200 if role == "delegate" else (403 if role in SEES else 404)
    assert response.status_code == expected
    if expected == 403:
        assert "Bạn không phải đại biểu có quyền bỏ phiếu" in response.content.decode()


def test_it_refuses_a_delegate_of_another_cluster_everywhere(world: World) -> None:
    vote = open_vote(world)
    client = world.client(world.outsider)

    page = client.post(f"/votes/{vote.pk}/ballot/", {"title_gov": [world.units[0].pk]})
    api = client.post(
        f"/api/v1/votes/{vote.pk}/ballots/", {"choices": {"gov": [world.units[0].pk]}},
        content_type="application/json",
    )  # fmt: skip
    with pytest.raises(domain.BallotRefused) as direct:
        cast(vote, world.outsider, ids(world, 0))

    assert (page.status_code, api.status_code, direct.value.code) == (404, 404, "not_eligible")
    assert vote.ballots.count() == 0


def test_it_lets_the_head_officer_run_the_cluster_through_the_year(world: World) -> None:
    vote = make_vote(world)

    assert access.can_run_vote(world.head_officer, vote) is True
    assert access.can_run_vote(world.leaders[0], vote) is False
    assert list(access.votes_runnable_by(world.deputy_officer)) == [vote]
    assert list(access.votes_runnable_by(world.member_officer)) == []
