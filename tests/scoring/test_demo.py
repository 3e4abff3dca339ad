"""The demo scores Cụm 10's 2024 from its demo figures, through every step, and publishes a
ranking consistent with its table, the formula and the vote beside it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.db import transaction

from thidua.covenants import demo as covenants_demo
from thidua.covenants.models import Covenant
from thidua.org import demo as org_demo
from thidua.reporting import demo as reporting_demo
from thidua.scoring import demo as scoring_demo
from thidua.scoring import domain
from thidua.scoring.models import CovenantScoring, Score, ScoreSheet, ScoringStatus, SheetStatus
from thidua.voting import ranking

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-9"


def _load() -> str:
    out = StringIO()
    for module in (org_demo, covenants_demo, reporting_demo, scoring_demo):
        module.load(password=PASSWORD, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo, loaded once for the module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


def _covenant() -> Covenant:
    return Covenant.objects.select_related("cluster").get(cluster__year=2024, cluster__number=10)


def _table() -> domain.ScoreTable:
    return domain.cluster_score_table(covenant=_covenant())


def _cell(code: str, criterion: str) -> domain.ScoreCell:
    table = _table()
    row = next(r for r in table.units if r.unit.code == code)
    return next(c for c in row.cells.values() if c.criterion.code == criterion)


def test_it_publishes_cum_10s_2024_ranking(loaded: str) -> None:
    scoring = CovenantScoring.objects.get(covenant=_covenant())
    published = domain.covenant_ranking(covenant=_covenant())

    assert "demo scoring of Cụm 10 (2024)" in loaded
    assert (scoring.status, scoring.published_by.username if scoring.published_by else "") == (
        ScoringStatus.PUBLISHED,
        "cuc.ctct",
    )
    assert set(
        ScoreSheet.objects.filter(covenant=_covenant()).values_list("status", flat=True)
    ) == {SheetStatus.LOCKED}
    # The order the vote of 23/11/2024 followed: Long An, Tây Ninh, Bình Phước first.
    assert [(r.rank, r.unit.code, r.percent_display) for r in published.rows] == [
        (1, "LAN", Decimal("91.89")),
        (2, "TNH", Decimal("88.37")),
        (3, "BPC", Decimal("74.71")),
        (4, "BDG", Decimal("73.24")),
        (5, "DNI", Decimal("67.42")),
    ]


def test_it_publishes_what_the_table_computes(loaded: str) -> None:
    published = domain.covenant_ranking(covenant=_covenant())
    table = _table()

    assert [(r.unit.code, r.rank, r.total, r.percent) for r in published.rows] == [
        (r.unit.code, r.rank, r.total, r.percent) for r in table.ranking
    ]
    assert table.complete
    assert ranking.ranking_for(_covenant().cluster) == {
        r.unit.pk: ranking.Standing(r.rank, r.percent_display or Decimal(0)) for r in published.rows
    }


def test_it_scores_the_serious_cases_clearance_by_the_formula(loaded: str) -> None:
    # Seed: Long An 95,57% (151/158) leads; Tây Ninh 93,1% (108/116); target "trên 90%".
    e_lan = Decimal(151) / Decimal(158) * 100 / 90 - 1
    e_tnh = Decimal(108) / Decimal(116) * 100 / 90 - 1

    lan, tnh, bdg = _cell("LAN", "5.2"), _cell("TNH", "5.2"), _cell("BDG", "5.2")

    assert (lan.points, lan.figures["result_vi"]) == (Decimal(80), "95,57% (trên 90%)")
    assert abs((tnh.points or Decimal(0)) - (40 + 40 * e_tnh / e_lan)) < Decimal("1e-20")
    # Bình Dương 88,89%: not met, ½ × 80 × r.
    assert abs((bdg.points or Decimal(0)) - 40 * Decimal(176) / Decimal(198) * 100 / 90) < Decimal(
        "1e-20"
    )
    assert (bdg.outcome, tnh.outcome) == ("not_met", "exceeded")


def test_it_keeps_each_step_of_dong_nais_training_score_with_its_reason(loaded: str) -> None:
    cell = _cell("DNI", "15")

    assert (cell.self_points, cell.verified_points, cell.final_points) == (
        Decimal(30),
        Decimal(20),
        Decimal(25),
    )
    assert cell.score is not None
    assert all((cell.score.verified_reason, cell.score.explanation, cell.score.final_reason))


def test_it_is_verified_by_the_head_and_the_heads_sheet_by_the_office(loaded: str) -> None:
    verifiers = dict(
        ScoreSheet.objects.filter(covenant=_covenant()).values_list(
            "unit__code", "verified_by__username"
        )
    )

    assert verifiers == {
        "TNH": "cuc.ctct",
        "LAN": "tayninh.canbo",
        "BPC": "tayninh.canbo",
        "BDG": "tayninh.canbo",
        "DNI": "tayninh.canbo",
    }


def test_it_marks_the_scores_as_sample_data(loaded: str) -> None:
    assert not ScoreSheet.objects.filter(is_sample=False).exists()
    assert not Score.objects.filter(is_sample=False).exists()
    assert CovenantScoring.objects.get(covenant=_covenant()).is_sample


def test_it_changes_nothing_when_loaded_again(loaded: str) -> None:
    before = (ScoreSheet.history.count(), Score.history.count(), CovenantScoring.history.count())

    _load()

    assert (
        ScoreSheet.history.count(),
        Score.history.count(),
        CovenantScoring.history.count(),
    ) == before
