"""Who sees and who takes each step: the unit self-scores and explains, the cluster head
verifies the others (the office verifies the head), the office decides, locks and
reopens, leaders read, outsiders see nothing but a published ranking."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.scoring.world import (
    World,
    all_final,
    inputs,
    opened,
    scoring_version,
    take_to,
)
from thidua.scoring import access, domain
from thidua.scoring.domain import Explanation
from thidua.scoring.models import ScoreSheet, SheetStatus

pytestmark = pytest.mark.django_db

EVERYONE = [
    "officer:TNH", "officer:LAN", "officer:BDG", "leader:TNH", "leader:LAN", "office",
    "outsider", "admin",
]  # fmt: skip


def _others(*allowed: str) -> list[str]:
    return [who for who in EVERYONE if who not in allowed]


# ---------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize("who", _others("outsider"))
def test_it_shows_the_clusters_sheets_to_its_members_office_and_admins(
    world: World, who: str
) -> None:
    take_to(world, "LAN", SheetStatus.DRAFT)
    sheet = world.sheet("LAN")

    found = access.get_sheet_for_user(world.users[who], sheet.pk)

    assert found == sheet
    assert list(access.sheets_visible_to(world.users[who])) == [sheet]


def test_it_hides_the_clusters_sheets_from_an_outsider(world: World) -> None:
    from django.http import Http404

    sheet = take_to(world, "LAN", SheetStatus.DRAFT)

    with pytest.raises(Http404):
        access.get_sheet_for_user(world.users["outsider"], sheet.pk)
    assert not access.sheets_visible_to(world.users["outsider"]).exists()
    assert not access.can_view_scores(world.users["outsider"], world.cluster)


def test_it_shows_a_published_ranking_wider_than_the_scores(world: World) -> None:
    outsider = world.users["outsider"]
    all_final(world)
    before = set(access.rankings_visible_to(outsider))

    domain.covenant_scoring_lock(
        covenant=world.covenant, by=world.users["office"], expected_version=scoring_version(world)
    )

    assert before == set()
    assert list(access.rankings_visible_to(outsider)) == [world.covenant]
    assert not access.sheets_visible_to(outsider).exists()


# ---------------------------------------------------------------------------------------
# Self-scoring, submitting, explaining: the unit's own officers


@pytest.mark.parametrize("who", _others("officer:LAN", "admin"))
def test_it_lets_only_the_units_officers_open_and_self_score(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied) as caught:
        domain.scoresheet_open(
            covenant=world.covenant, unit=world.units["LAN"], by=world.users[who]
        )

    assert str(caught.value) == (
        "Chỉ cán bộ thi đua của Long An mới mở, tự chấm và nộp bảng điểm của đơn vị."
    )
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("who", _others("officer:LAN", "admin"))
def test_it_lets_only_the_units_officers_save_self_scores(world: World, who: str) -> None:
    sheet = opened(world, "LAN")

    with pytest.raises(PermissionDenied):
        domain.score_self_save(
            sheet=sheet, by=world.users[who], expected_version=sheet.version,
            entries=inputs(world, c3=True),
        )  # fmt: skip


@pytest.mark.parametrize("who", _others("officer:LAN", "admin"))
def test_it_lets_only_the_units_officers_explain(world: World, who: str) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)
    sheet = domain.score_verify(
        sheet=sheet, by=world.officer("TNH"), expected_version=sheet.version,
        entries=inputs(world, c5=(1, "Thiếu minh chứng.")),
    )  # fmt: skip
    sheet = domain.scoresheet_verify_done(
        sheet=sheet, by=world.officer("TNH"), expected_version=sheet.version
    )

    with pytest.raises(PermissionDenied):
        domain.score_explain(
            sheet=sheet, by=world.users[who], expected_version=sheet.version,
            entries=[Explanation(criterion=world.criteria["5"], text="Không đồng ý.")],
        )  # fmt: skip


# ---------------------------------------------------------------------------------------
# Verifying: the cluster head's officers for the others, the office for the head


@pytest.mark.parametrize("who", ["officer:TNH", "office", "admin"])
def test_it_lets_the_cluster_head_and_the_office_verify_another_unit(
    world: World, who: str
) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)

    sheet = domain.scoresheet_verify_done(
        sheet=sheet, by=world.users[who], expected_version=sheet.version
    )

    assert (sheet.status, sheet.verified_by) == (SheetStatus.EXPLAINED, world.users[who])


@pytest.mark.parametrize("who", _others("officer:TNH", "office", "admin"))
def test_it_refuses_to_let_anybody_else_verify(world: World, who: str) -> None:
    sheet = take_to(world, "LAN", SheetStatus.SUBMITTED)

    with pytest.raises(PermissionDenied) as caught:
        domain.scoresheet_verify_done(
            sheet=sheet, by=world.users[who], expected_version=sheet.version
        )

    assert str(caught.value) == (
        "Chỉ cán bộ đơn vị Cụm trưởng hoặc cơ quan thường trực thi đua mới thẩm định điểm."
    )


def test_it_refuses_to_let_the_cluster_head_verify_its_own_unit(world: World) -> None:
    sheet = take_to(world, "TNH", SheetStatus.SUBMITTED)

    with pytest.raises(PermissionDenied) as caught:
        domain.scoresheet_verify_done(
            sheet=sheet, by=world.officer("TNH"), expected_version=sheet.version
        )
    office = domain.scoresheet_verify_done(
        sheet=sheet, by=world.users["office"], expected_version=sheet.version
    )

    assert str(caught.value) == (
        "Cán bộ đơn vị Cụm trưởng không tự thẩm định điểm của đơn vị mình; cơ quan thường trực "
        "thi đua thẩm định bảng điểm này."
    )
    assert office.status == SheetStatus.EXPLAINED


# ---------------------------------------------------------------------------------------
# Deciding, locking, reopening: the office


def _explained(world: World) -> ScoreSheet:
    return take_to(world, "LAN", SheetStatus.EXPLAINED)


OFFICE_STEPS: dict[str, Any] = {
    "finalize": lambda w, s, by: domain.score_finalize(
        sheet=s, by=by, expected_version=s.version, entries=inputs(w, c5=(1, "Thiếu."))
    ),
    "finalize-done": lambda w, s, by: domain.scoresheet_finalize_done(
        sheet=s, by=by, expected_version=s.version
    ),
    "refresh": lambda w, s, by: domain.scoresheet_refresh_figures(
        sheet=s, by=by, expected_version=s.version, reason="Sửa số liệu"
    ),
    "lock": lambda w, s, by: domain.covenant_scoring_lock(
        covenant=w.covenant, by=by, expected_version=scoring_version(w)
    ),
}


@pytest.mark.parametrize("step", sorted(OFFICE_STEPS))
@pytest.mark.parametrize("who", _others("office", "admin"))
def test_it_lets_only_the_office_decide_and_lock(world: World, step: str, who: str) -> None:
    sheet = _explained(world)

    with pytest.raises(PermissionDenied):
        OFFICE_STEPS[step](world, sheet, world.users[who])

    assert world.sheet("LAN").version == sheet.version


@pytest.mark.parametrize("who", _others("office", "admin"))
def test_it_lets_only_the_office_reopen(world: World, who: str) -> None:
    all_final(world)
    domain.covenant_scoring_lock(
        covenant=world.covenant, by=world.users["office"], expected_version=scoring_version(world)
    )

    with pytest.raises(PermissionDenied):
        domain.covenant_scoring_reopen(
            covenant=world.covenant, by=world.users[who],
            expected_version=scoring_version(world), reason="Sửa",
        )  # fmt: skip


def test_it_lets_an_administrator_take_every_step(world: World) -> None:
    admin = world.users["admin"]
    sheet = domain.scoresheet_open(covenant=world.covenant, unit=world.units["LAN"], by=admin)
    sheet = domain.score_self_save(
        sheet=sheet, by=admin, expected_version=sheet.version,
        entries=inputs(world, c3=True, c4=1, c5=1, c6=[1], c7={}),
    )  # fmt: skip
    for step in (
        domain.scoresheet_submit,
        domain.scoresheet_verify_done,
        domain.scoresheet_finalize_done,
    ):
        sheet = step(sheet=sheet, by=admin, expected_version=sheet.version)

    assert sheet.status == SheetStatus.FINAL


# ---------------------------------------------------------------------------------------
# Who takes each step of Long An's sheet (pages ask this before the domain checks the state)

TAKES_STEP = {
    "self": {"officer:LAN", "admin"},
    "explain": {"officer:LAN", "admin"},
    "verify": {"officer:TNH", "office", "admin"},
    "final": {"office", "admin"},
    "unknown": set(),
}


@pytest.mark.parametrize("step", sorted(TAKES_STEP))
@pytest.mark.parametrize("who", EVERYONE)
def test_it_lets_only_the_right_people_take_a_step(world: World, step: str, who: str) -> None:
    sheet = opened(world, "LAN")

    allowed = access.can_take_step(world.users[who], sheet, step)

    assert allowed == (who in TAKES_STEP[step])
