"""The demo votes: Cụm 10's closed vote of 23/11/2024 and an open one to try."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from thidua.org import demo as org_demo
from thidua.voting import demo, domain
from thidua.voting.models import AwardProposal, Ballot, Vote, VoterRecord

pytestmark = pytest.mark.django_db


def _load() -> list[tuple[str, str]]:
    org_demo.load(password="demo-password-2026", stdout=StringIO())
    return demo.load(password="demo-password-2026", stdout=StringIO())


def test_it_loads_cum_10s_closed_vote_with_a_result_consistent_with_the_seed() -> None:
    logins = _load()
    vote = Vote.objects.get(cluster__number=10, cluster__year=2024)

    outcome = domain.vote_result(vote=vote)

    assert [name for name, _description in logins] == [
        "binhduong.lanhdao", "binhphuoc.lanhdao", "longan.lanhdao", "dongnai.lanhdao",
    ]  # fmt: skip
    assert (vote.status, vote.is_sample, vote.conference_date) == (
        "closed",
        True,
        dt.date(2024, 11, 23),
    )
    assert vote.note.startswith("Dữ liệu mẫu.")
    assert (outcome.ballots_cast, outcome.eligible_voters, outcome.quorum_met) == (5, 5, True)
    assert [[u.code for u in t.elected] for t in outcome.titles] == [["LAN"], ["BPC", "LAN", "TNH"]]
    assert sorted(AwardProposal.objects.values_list("unit__code", "title_code", "year")) == [
        ("BPC", "min", 2024), ("LAN", "gov", 2024), ("LAN", "min", 2024), ("TNH", "min", 2024),
    ]  # fmt: skip
    assert Ballot.objects.filter(vote=vote).count() == 5


def test_it_loads_an_open_vote_that_the_demo_delegates_can_try() -> None:
    _load()
    vote = Vote.objects.get(cluster__number=10, cluster__year=2025)

    assert (vote.status, vote.is_sample) == ("open", True)
    assert sorted(VoterRecord.objects.filter(vote=vote).values_list("user__username", flat=True)) == [
        "dongnai.lanhdao", "tayninh.lanhdao",
    ]  # fmt: skip
    assert Ballot.objects.filter(vote=vote).count() == 0


def test_it_changes_nothing_when_loaded_again() -> None:
    _load()
    before = (Vote.objects.count(), Ballot.objects.count(), Vote.history.count())

    _load()

    assert (Vote.objects.count(), Ballot.objects.count(), Vote.history.count()) == before
