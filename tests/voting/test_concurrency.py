"""One ballot per delegate, guaranteed by the database under simultaneous requests.

Real threads, real connections, committed transactions (`transactional_db`): on SQLite the
IMMEDIATE transactions run one at a time and a locked database is retried or answered
"try again"; on PostgreSQL the row locks make the losers see `voted`.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from tests.voting.conftest import build_world, cast, ids, open_vote
from thidua.voting import domain
from thidua.voting.models import Ballot, VoterRecord

ATTEMPTS = 50


@pytest.mark.django_db(transaction=True)
def test_it_keeps_exactly_one_ballot_from_fifty_simultaneous_attempts_of_one_delegate() -> None:
    world = build_world()
    vote = open_vote(world)
    delegate = world.leaders[3]
    start = threading.Barrier(ATTEMPTS)
    receipts: list[str] = []
    refusals: list[str] = []
    crashes: list[BaseException] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            start.wait()
            receipt = cast(vote, delegate, ids(world, 0), ids(world, 0, 1, 2))
            with lock:
                receipts.append(receipt)
        except domain.BallotRefused as refusal:
            with lock:
                refusals.append(refusal.code)
        except BaseException as error:  # any other outcome fails the test below
            with lock:
                crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert crashes == []
    assert len(receipts) == 1
    assert len(refusals) == ATTEMPTS - 1
    assert set(refusals) <= {"already_voted", "busy"}
    assert Ballot.objects.filter(vote=vote).count() == 1
    record: Any = VoterRecord.objects.get(vote=vote, user=delegate)
    assert record.voted is True
    assert list(record.history.values_list("voted", flat=True)) == [True, False]
