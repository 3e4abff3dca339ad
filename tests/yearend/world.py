"""A small year for the year-end report: the scoring tests' cluster of three provinces
(tests/scoring/world.py: a signed covenant, approved year figures — clearance 93,1% Tây
Ninh, 95,57% Long An, 90,2% Bình Dương; files 150, 120 and 90 — Tây Ninh heading), its
scores taken to a published ranking, the year-end vote and the handover, all through the
domain functions of the apps concerned, as the people concerned would do it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.scoring.world import World, all_final, build_world, scoring_version
from thidua.org import domain as org
from thidua.org.models import Handover
from thidua.scoring import domain as scoring
from thidua.voting import domain as voting
from thidua.voting.models import Vote

CONFERENCE = dt.date(2024, 11, 23)
# Each delegate's ballot: (Government flag, Ministry flag), by unit code.
BALLOTS = {
    "TNH": (["LAN"], ["LAN", "TNH"]),
    "LAN": (["LAN"], ["TNH", "BDG"]),
    "BDG": (["TNH"], ["LAN", "TNH"]),
}


def publish_scores(world: World) -> None:
    all_final(world)
    scoring.covenant_scoring_lock(
        covenant=world.covenant, by=world.users["office"], expected_version=scoring_version(world)
    )


def hold_vote(world: World) -> Vote:
    officer = world.officer("TNH")
    vote = voting.vote_create(
        cluster=world.cluster, conference_date=CONFERENCE,
        conference_place="Công an tỉnh Tây Ninh", locality="Tây Ninh", by=officer,
    )  # fmt: skip
    vote = voting.vote_open(vote=vote, by=officer)
    for code, (government, ministry) in BALLOTS.items():
        voting.ballot_cast(
            vote=vote,
            user=world.users[f"leader:{code}"],
            choices={
                voting.GOVERNMENT_FLAG: [world.units[c].pk for c in government],
                voting.MINISTRY_FLAG: [world.units[c].pk for c in ministry],
            },
        )
    return voting.vote_close(vote=vote, by=officer)


def hand_over(world: World) -> Handover:
    return org.handover_record(
        cluster=world.cluster, head=world.units["LAN"], deputy=world.units["BDG"],
        conference_date=CONFERENCE, by=world.users["office"],
    )  # fmt: skip


def full_year() -> World:
    world = build_world()
    publish_scores(world)
    hold_vote(world)
    hand_over(world)
    return world


@pytest.fixture
def year(db: None) -> World:
    """The whole year: published ranking, closed vote, handover."""
    return full_year()


@pytest.fixture
def bare(db: None) -> World:
    """Figures approved, nothing scored, no vote, no handover."""
    return build_world()


def user(world: World, key: str) -> Any:
    return world.users[key]
