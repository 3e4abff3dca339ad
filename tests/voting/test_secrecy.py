"""Secrecy: nothing links a ballot to its voter, and nothing shows a count before the close."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from tests.voting.conftest import World, cast, ids, open_vote
from thidua.voting import domain
from thidua.voting.models import Ballot

pytestmark = pytest.mark.django_db


def test_it_keeps_no_column_on_a_ballot_that_could_link_it_to_a_voter_or_a_time() -> None:
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, "voting_ballot")
        }
        constraints = connection.introspection.get_constraints(cursor, "voting_ballot")
    foreign = {c["foreign_key"] for c in constraints.values() if c["foreign_key"]}

    assert columns == {"id", "vote_id", "choices", "receipt"}
    assert foreign == {("voting_vote", "id")}
    assert [f.name for f in Ballot._meta.get_fields()] == ["id", "vote", "choices", "receipt"]
    assert Ballot._meta.get_field("id").get_internal_type() == "UUIDField"


def test_it_keeps_no_history_of_ballots() -> None:
    with pytest.raises(NotHistoricalModelError):
        get_history_model_for_model(Ballot)


def test_it_writes_no_choice_and_no_receipt_into_any_history_table(world: World) -> None:
    vote = open_vote(world)
    receipts = [
        cast(vote, leader, ids(world, 4), ids(world, 4, 3, 2)) for leader in world.leaders[:3]
    ]
    domain.vote_close(vote=vote, by=world.head_officer)

    leaked = []
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        for row in model._default_manager.values():
            text = json.dumps(row, default=str)
            for needle in [*receipts, "choices", "receipt"]:
                if needle in text:
                    leaked.append((model.__name__, needle))

    assert leaked == []


def test_it_logs_nothing_about_a_ballot(world: World, caplog: pytest.LogCaptureFixture) -> None:
    vote = open_vote(world)
    caplog.set_level(logging.DEBUG)

    receipt = cast(vote, world.leaders[0], ids(world, 3), ids(world, 3, 4))

    assert [
        r for r in caplog.records if receipt in r.getMessage() or "choices" in r.getMessage()
    ] == []


def test_it_does_not_keep_the_receipt_in_the_voters_session(world: World) -> None:
    vote = open_vote(world)
    client = world.client(world.leaders[0])

    response = client.post(f"/votes/{vote.pk}/ballot/", {"title_gov": [world.units[1].pk]})
    receipt = Ballot.objects.get(vote=vote).receipt
    session = dict(client.session.items())

    assert receipt in response.content.decode()
    assert receipt not in json.dumps(session, default=str)
    assert response.headers["Cache-Control"].startswith("max-age=0")


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


@pytest.mark.parametrize("role", ["admin", "office", "head_officer", "delegate"])
def test_it_shows_no_count_anywhere_before_the_close(world: World, role: str) -> None:
    vote = open_vote(world)
    for leader in world.leaders[:4]:
        cast(vote, leader, ids(world, 2), ids(world, 2, 3, 4))
    client = world.client(world.user(role))

    pages = {
        path: client.get(path)
        for path in (
            "/votes/", f"/votes/{vote.pk}/", f"/votes/{vote.pk}/screen/",
            f"/votes/{vote.pk}/turnout/", f"/votes/{vote.pk}/result/",
            f"/votes/{vote.pk}/receipts/", f"/votes/{vote.pk}/minutes.docx",
            f"/votes/{vote.pk}/minutes.pdf", f"/votes/{vote.pk}/ballot/",
        )
    }  # fmt: skip
    api = {
        path: client.get(path)
        for path in (
            "/api/v1/votes/", f"/api/v1/votes/{vote.pk}/",
            f"/api/v1/votes/{vote.pk}/results/", f"/api/v1/votes/{vote.pk}/receipts/",
        )
    }  # fmt: skip
    admin_site = client.get("/admin/voting/ballot/")

    statuses = {path: r.status_code for path, r in pages.items()}
    assert statuses == {
        "/votes/": 200,
        f"/votes/{vote.pk}/": 200,
        f"/votes/{vote.pk}/screen/": 200,
        f"/votes/{vote.pk}/turnout/": 200,
        f"/votes/{vote.pk}/result/": 403,
        f"/votes/{vote.pk}/receipts/": 403,
        f"/votes/{vote.pk}/minutes.docx": 403,
        f"/votes/{vote.pk}/minutes.pdf": 403,
        f"/votes/{vote.pk}/ballot/": 409 if role == "delegate" else 403,
    }
    for path, response in pages.items():
        html = response.content.decode()
        assert 'data-testid="outcome"' not in html, path
        assert "Số phiếu</th>" not in html, path
        assert "outcome-table" not in html, path
    assert {p: r.status_code for p, r in api.items()} == {
        "/api/v1/votes/": 200,
        f"/api/v1/votes/{vote.pk}/": 200,
        f"/api/v1/votes/{vote.pk}/results/": 403,
        f"/api/v1/votes/{vote.pk}/receipts/": 403,
    }
    assert api[f"/api/v1/votes/{vote.pk}/results/"].json()["error"] == {
        "code": "result_not_available",
        "message": "Kết quả chỉ được công bố sau khi kết thúc bỏ phiếu; trước đó không ai xem được.",
    }
    for response in api.values():
        assert _keys(response.json()) & {"votes", "share", "elected", "receipts"} == set()
    assert api[f"/api/v1/votes/{vote.pk}/"].json()["ballots_cast"] == 4
    assert admin_site.status_code in (302, 404)


def test_it_shows_the_turnout_as_one_number_and_the_roll_alphabetically(world: World) -> None:
    vote = open_vote(world)
    for leader in (world.leaders[4], world.leaders[1]):
        cast(vote, leader)

    html = world.client(world.head_officer).get(f"/votes/{vote.pk}/").content.decode()
    screen = world.client(world.head_officer).get(f"/votes/{vote.pk}/screen/").content.decode()

    assert 'data-testid="turnout">2/5<' in html
    positions = [html.index(f">{u.short_name}<") for u in world.units]
    assert positions == sorted(positions)
    assert all(u.short_name not in screen for u in world.units)
    assert '<span data-testid="screen-cast">2</span>' in screen


def test_it_rewrites_the_ballot_box_in_a_random_order_at_the_close(world: World) -> None:
    vote = open_vote(world)
    receipts = sorted(cast(vote, leader) for leader in world.leaders)
    before = set(Ballot.objects.values_list("id", flat=True))

    domain.vote_close(vote=vote, by=world.head_officer)

    assert sorted(Ballot.objects.values_list("receipt", flat=True)) == receipts
    assert set(Ballot.objects.values_list("id", flat=True)).isdisjoint(before)
