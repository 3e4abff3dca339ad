"""The vote API: listing, casting, results and receipts, and the error format."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.voting.conftest import World, cast, ids, make_vote, open_vote
from thidua.voting import domain

pytestmark = pytest.mark.django_db


def _post_ballot(world: World, vote: Any, user: Any, choices: Any) -> Any:
    return world.client(user).post(
        f"/api/v1/votes/{vote.pk}/ballots/", {"choices": choices}, content_type="application/json"
    )


def test_it_describes_a_vote_without_any_count(world: World) -> None:
    vote = open_vote(world)
    cast(vote, world.leaders[0], ids(world, 0))

    data = world.client(world.leaders[1]).get(f"/api/v1/votes/{vote.pk}/").json()

    assert {k: data[k] for k in ("status", "method", "member_units", "eligible_voters", "ballots_cast")} == {
        "status": "open", "method": "electronic", "member_units": 5, "eligible_voters": 5,
        "ballots_cast": 1,
    }  # fmt: skip
    assert data["titles"] == [
        {"code": "gov", "name": "Cờ thi đua của Chính phủ", "quota": 1, "requires": "min"},
        {"code": "min", "name": "Cờ thi đua của Bộ Công an", "quota": 3, "requires": None},
    ]
    assert data["approval"] == {"numerator": 1, "denominator": 2, "strict": True}
    assert data["quorum"] == {"numerator": 2, "denominator": 3, "strict": False}
    assert [c["unit"]["code"] for c in data["candidates"]] == ["T0", "T1", "T2", "T3", "T4"]
    assert {(c["rank"], c["percent"]) for c in data["candidates"]} == {(None, None)}


def test_it_casts_for_the_authenticated_delegate_and_returns_the_receipt(world: World) -> None:
    vote = open_vote(world)

    response = _post_ballot(world, vote, world.leaders[0], {"gov": ids(world, 1), "min": []})

    assert response.status_code == 201
    assert response.json() == {"vote": vote.pk, "receipt": vote.ballots.get().receipt}


@pytest.mark.parametrize(
    ("choices", "status", "code"),
    [
        ({"gov": [0, 1]}, 400, "invalid_ballot"),
        ({"xyz": [0]}, 400, "invalid_ballot"),
    ],
    ids=["over-quota", "unknown-title"],
)
def test_it_refuses_a_bad_ballot_with_the_reason(
    world: World, choices: dict[str, list[int]], status: int, code: str
) -> None:
    vote = open_vote(world)
    resolved = {k: [world.units[i].pk for i in v] for k, v in choices.items()}

    response = _post_ballot(world, vote, world.leaders[0], resolved)

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert vote.ballots.count() == 0


def test_it_refuses_a_malformed_body_with_a_vietnamese_message(world: World) -> None:
    vote = open_vote(world)

    response = _post_ballot(world, vote, world.leaders[0], {"gov": "T0"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "choices.gov": ["Mỗi danh hiệu cần một danh sách id đơn vị."]
    }


def test_it_refuses_choices_that_are_not_an_object_without_failing(world: World) -> None:
    vote = open_vote(world)

    response = _post_ballot(world, vote, world.leaders[0], ["gov", 12])

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "choices": ["“choices” phải là một đối tượng: mã danh hiệu → danh sách id đơn vị."]
    }
    assert vote.ballots.count() == 0


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("twice", 409, "already_voted"), ("officer", 403, "not_eligible"), ("closed", 409, "closed")],
)
def test_it_answers_each_refusal_with_its_status_and_code(
    world: World, who: str, status: int, code: str
) -> None:
    vote = open_vote(world)
    user = world.head_officer if who == "officer" else world.leaders[0]
    if who == "twice":
        cast(vote, user)
    if who == "closed":
        domain.vote_close(vote=vote, by=world.head_officer)

    response = _post_ballot(world, vote, user, {})

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


def test_it_publishes_results_and_receipts_after_the_close(world: World) -> None:
    vote = open_vote(world)
    receipts = [cast(vote, leader, ids(world, 0), ids(world, 0, 1, 2)) for leader in world.leaders]
    domain.vote_close(vote=vote, by=world.head_officer)
    client = world.client(world.leaders[3])

    result = client.get(f"/api/v1/votes/{vote.pk}/results/").json()
    listed = client.get(f"/api/v1/votes/{vote.pk}/receipts/").json()

    assert (result["ballots_cast"], result["quorum_met"], result["approval_needed"]) == (5, True, 3)
    gov = result["titles"][0]
    assert (gov["code"], [u["code"] for u in gov["elected"]]) == ("gov", ["T0"])
    assert gov["candidates"][0] == {
        "unit": {"id": world.units[0].pk, "code": "T0", "name": "Công an tỉnh Thử t0", "short_name": "Thử t0"},
        "votes": 5, "share": "100.00", "passes_threshold": True, "meets_prerequisite": True,
        "approved": True, "elected": True, "in_runoff": False,
    }  # fmt: skip
    assert listed == {"vote": vote.pk, "receipts": sorted(receipts)}


def _api_queries(client: Any) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/votes/")
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_it_lists_votes_in_a_fixed_number_of_queries(world: World) -> None:
    for _ in range(2):
        make_vote(world)
    small = _api_queries(world.client(world.office))
    for _ in range(6):
        make_vote(world)

    large = _api_queries(world.client(world.office))

    assert (small, large) == ((6, 2), (6, 8))


def test_it_hides_votes_of_other_clusters(world: World) -> None:
    vote = make_vote(world)

    listed = world.client(world.outsider).get("/api/v1/votes/").json()
    detail = world.client(world.outsider).get(f"/api/v1/votes/{vote.pk}/")

    assert listed["count"] == 0
    assert detail.status_code == 404


def test_it_documents_the_vote_endpoints_in_the_schema(world: World) -> None:
    schema = world.client(world.admin).get("/api/v1/schema/", {"format": "json"}).json()

    assert {
        "/api/v1/votes/", "/api/v1/votes/{id}/", "/api/v1/votes/{id}/ballots/",
        "/api/v1/votes/{id}/results/", "/api/v1/votes/{id}/receipts/",
    } <= set(schema["paths"])  # fmt: skip
