"""The demo funds: Cụm 2's 150 million VND house of 2024, and Cụm 10's sample fund."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.db import transaction

from thidua.contributions import demo, domain
from thidua.contributions.models import Fund, FundStatus, Pledge
from thidua.org import demo as org_demo
from thidua.org.models import Cluster

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-9"
M = 1_000_000


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        org_demo.load(password=PASSWORD, stdout=out)
        demo.load(password=PASSWORD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _summary(number: int) -> domain.FundSummary:
    cluster = Cluster.objects.get(year=2024, number=number)
    (summary,) = domain.funds_of_year(cluster=cluster, year=2024)
    return summary


def test_it_records_cum_2s_house_fully_paid_by_its_five_units(loaded: str) -> None:
    summary = _summary(2)

    assert "demo funds" in loaded
    assert summary.fund.title == demo.HOUSE
    assert (summary.fund.status, summary.fund.is_sample) == (FundStatus.CLOSED, False)
    assert summary.fund.beneficiary_unit is not None
    assert summary.fund.beneficiary_unit.code == "SLA"
    assert (summary.totals.target, summary.totals.paid, summary.totals.outstanding) == (
        Decimal(150 * M),
        Decimal(150 * M),
        Decimal(0),
    )
    assert sorted(p.unit.code for p in summary.pledges) == ["DBN", "LCI", "LCU", "SLA", "YBI"]


def test_it_leaves_binh_phuoc_owing_in_cum_10s_sample_fund(loaded: str) -> None:
    summary = _summary(10)

    assert summary.fund.is_sample
    assert {p.pledged for p in summary.pledges} == {Decimal(20 * M)}
    assert [p.unit.code for p in summary.outstanding_pledges] == ["BPC"]
    assert summary.totals.paid == Decimal(80 * M)


def test_it_changes_nothing_when_loaded_again(loaded: str) -> None:
    before = (Fund.objects.count(), Pledge.objects.count(), Pledge.history.count())

    demo.load(password=PASSWORD, stdout=StringIO())

    assert (Fund.objects.count(), Pledge.objects.count(), Pledge.history.count()) == before
