"""The demo reports reproduce the seed's year-end figures of Cụm 10 and follow the merger."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.db import transaction

from thidua.covenants import demo as covenants_demo
from thidua.covenants.models import Covenant
from thidua.engine.aggregation import sum_ratios
from thidua.engine.evaluation import Count, Outcome, Ratio
from thidua.engine.numbers import q2
from thidua.org import demo as org_demo
from thidua.org.models import Unit
from thidua.reporting import demo as reporting_demo
from thidua.reporting import domain
from thidua.reporting.domain import BaselineSource, TargetStatus
from thidua.reporting.models import Figure, Period, PeriodKind, Report, ReportStatus

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-9"
UNITS = ["TNH", "BDG", "BPC", "LAN", "DNI"]


def _load() -> tuple[str, list[tuple[str, str]]]:
    out = StringIO()
    org_demo.load(password=PASSWORD, stdout=out)
    covenants_demo.load(password=PASSWORD, stdout=out)
    logins = reporting_demo.load(password=PASSWORD, stdout=out)
    return out.getvalue(), logins


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """The demo, loaded once for the module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


def _covenant(year: int) -> Covenant:
    return Covenant.objects.get(cluster__year=year, cluster__number=10)


def _period(year: int, kind: str, index: int = 1) -> Period:
    return Period.objects.get(covenant=_covenant(year), kind=kind, index=index)


def _statuses(code: str, year: int, kind: str, index: int = 1) -> dict[str, TargetStatus]:
    statuses = domain.report_evaluations(
        unit=Unit.objects.get(code=code),
        covenant=_covenant(year),
        as_of_period=_period(year, kind, index),
    )
    return {s.criterion.code: s for s in statuses}


def _achieved(status: TargetStatus) -> Decimal:
    assert status.evaluation is not None
    assert status.evaluation.achieved is not None
    return q2(status.evaluation.achieved)


def test_it_loads_the_reports_and_two_officers(loaded: tuple[str, list[Any]]) -> None:
    out, logins = loaded

    assert "demo periodic reports of Cụm 10" in out
    assert [username for username, _role in logins] == ["binhduong.canbo", "dongnai.canbo"]
    assert Report.objects.filter(period__covenant=_covenant(2024)).count() == 5 * 19
    assert not Report.objects.filter(is_sample=False).exists()


def test_it_locks_every_month_of_2024(loaded: Any) -> None:
    months = Report.objects.filter(period__covenant=_covenant(2024), period__kind=PeriodKind.MONTH)

    assert months.count() == 60
    assert set(months.values_list("status", flat=True)) == {ReportStatus.LOCKED}


@pytest.mark.parametrize(
    ("code", "rate", "outcome"),
    [
        ("TNH", Decimal("93.10"), Outcome.EXCEEDED),
        ("LAN", Decimal("95.57"), Outcome.EXCEEDED),
        ("BPC", Decimal("90.20"), Outcome.EXCEEDED),
        ("BDG", Decimal("88.89"), Outcome.NOT_MET),
        ("DNI", Decimal("87.88"), Outcome.NOT_MET),
    ],
)
def test_it_reproduces_the_seeds_clearance_of_serious_cases(
    loaded: Any, code: str, rate: Decimal, outcome: Outcome
) -> None:
    from_the_year = _statuses(code, 2024, PeriodKind.YEAR)["5.2"]
    months = Figure.objects.filter(
        report__unit__code=code,
        report__period__covenant=_covenant(2024),
        report__period__kind=PeriodKind.MONTH,
        criterion__code="5.2",
    )
    monthly = sum_ratios(Ratio(f.numerator, f.denominator) for f in months)

    assert (_achieved(from_the_year), from_the_year.outcome) == (rate, outcome)
    assert (months.count(), monthly) == (12, from_the_year.ytd)


def test_it_keeps_every_provinces_clearance_above_75_percent(loaded: Any) -> None:
    rates = {code: _statuses(code, 2024, PeriodKind.YEAR)["5.1"] for code in UNITS}

    assert {code: s.outcome for code, s in rates.items()} == dict.fromkeys(UNITS, Outcome.EXCEEDED)
    assert min(_achieved(s) for s in rates.values()) > 75


def test_it_reproduces_the_2662_rehabilitation_files_against_1438(loaded: Any) -> None:
    rehab = {code: _statuses(code, 2024, PeriodKind.YEAR)["9"] for code in UNITS}

    files = sum((s.ytd.value for s in rehab.values() if isinstance(s.ytd, Count)), Decimal(0))
    targets = sum((s.target.n for s in rehab.values() if s.target is not None), Decimal(0))  # type: ignore[union-attr]
    assert (files, targets) == (Decimal(2662), Decimal(1438))
    assert {s.outcome for s in rehab.values()} == {Outcome.EXCEEDED}


def test_it_manages_every_drug_user_found(loaded: Any) -> None:
    coverage = [_statuses(code, 2024, PeriodKind.YEAR)["8"].outcome for code in UNITS]

    assert coverage == [Outcome.MET] * 5


def test_it_judges_the_2024_reductions_on_the_2023_figures_typed_in(loaded: Any) -> None:
    crimes = {code: _statuses(code, 2024, PeriodKind.YEAR)["7"] for code in UNITS}

    assert crimes["TNH"].baseline == Count(Decimal(1180))
    assert crimes["TNH"].measures[0].baseline.source == BaselineSource.MANUAL
    assert {code: s.outcome for code, s in crimes.items()} == {
        "TNH": Outcome.EXCEEDED,
        "BDG": Outcome.EXCEEDED,
        "BPC": Outcome.EXCEEDED,
        "LAN": Outcome.EXCEEDED,
        "DNI": Outcome.NOT_MET,
    }


def test_it_compares_merged_tay_ninh_2025_with_tay_ninh_and_long_an_2024(loaded: Any) -> None:
    statuses = _statuses("TNH", 2025, PeriodKind.NINE_MONTHS)
    crimes, clearance = statuses["7"], statuses["5.1"]

    nine_months = {
        code: [reporting_demo._months_2024(code)[m].values for m in range(9)]
        for code in ("TNH", "LAN")
    }
    crimes_2024 = sum(v["7"] for months in nine_months.values() for v in months)
    solved = sum(v["5.1"][0] for months in nine_months.values() for v in months)
    prosecuted = sum(v["5.1"][1] for months in nine_months.values() for v in months)
    assert crimes.baseline == Count(Decimal(crimes_2024))
    assert clearance.baseline == Ratio(Decimal(solved), Decimal(prosecuted))
    baseline = crimes.measures[0].baseline
    assert (baseline.source, [u.code for u in baseline.span.units]) == (
        BaselineSource.SYSTEM,
        ["LAN", "TNH"],
    )
    assert crimes.outcome == Outcome.EXCEEDED


def test_it_leaves_septembers_report_of_dong_nai_waiting(loaded: Any) -> None:
    board = domain.cluster_status_board(
        covenant=_covenant(2025), period=_period(2025, PeriodKind.MONTH, 9)
    )
    nine_months = domain.cluster_status_board(
        covenant=_covenant(2025), period=_period(2025, PeriodKind.NINE_MONTHS)
    )

    assert [(r.unit.code, r.status) for r in board.rows] == [
        ("DNI", ReportStatus.SUBMITTED),
        ("TNH", ReportStatus.APPROVED),
    ]
    assert [(r.unit.code, r.late) for r in nine_months.rows] == [("DNI", True), ("TNH", True)]


def test_it_changes_nothing_when_loaded_again(loaded: Any) -> None:
    before = (Report.objects.count(), Figure.objects.count(), Report.history.count())

    _out, logins = _load()

    assert (Report.objects.count(), Figure.objects.count(), Report.history.count()) == before
    assert len(logins) == 2
