"""The demo conferences: the five the seeds report, with their people and what they decided."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from thidua.conferences import demo
from thidua.conferences.models import Conference, Guest, Outcome
from thidua.covenants import demo as covenants_demo
from thidua.org import demo as org_demo
from thidua.org.models import Handover
from thidua.voting import demo as voting_demo
from thidua.voting.models import Vote

pytestmark = pytest.mark.django_db


def _load() -> None:
    for module in (org_demo, covenants_demo, voting_demo, demo):
        module.load(password="demo-password-2026", stdout=StringIO())


def test_it_loads_the_seeds_conferences_with_their_people_and_outcomes() -> None:
    _load()
    before = (Conference.objects.count(), Guest.objects.count(), Outcome.objects.count())

    _load()

    conferences = {
        (c.cluster.number, c.date): c for c in Conference.objects.select_related("cluster")
    }
    assert sorted(conferences) == [
        (1, dt.date(2023, 3, 30)),
        (2, dt.date(2024, 3, 18)),
        (4, dt.date(2025, 3, 25)),
        (8, dt.date(2025, 2, 14)),
        (10, dt.date(2024, 11, 23)),
    ]
    assert all(c.is_sample and c.is_held for c in conferences.values())
    cum10 = conferences[(10, dt.date(2024, 11, 23))]
    assert cum10.host_unit is not None
    assert (cum10.kind, cum10.place, cum10.host_unit.code) == (
        "year_end",
        "Công an tỉnh Tây Ninh",
        "TNH",
    )
    assert [g.line for g in cum10.guests.order_by("order")] == [
        "Thiếu tướng Cao Đăng Hưng, Phó Chánh Văn phòng Bộ Công an",
        "Thiếu tướng Lê Hoàng Hiệp, Phó Cục trưởng Cục Công tác đảng và công tác chính trị",
    ]
    outcomes = {o.kind: o.record for o in cum10.outcomes.select_related("vote", "handover__head")}
    assert outcomes["vote_held"] == Vote.objects.get(cluster=cum10.cluster, round=1)
    assert isinstance(outcomes["handover_made"], Handover)
    assert outcomes["handover_made"].head.code == "LAN"
    cum1 = conferences[(1, dt.date(2023, 3, 30))]
    assert cum1.chair_line == "Thiếu tướng Nguyễn Văn Thuận, Giám đốc Công an thành phố Cần Thơ"
    assert [g.line for g in cum1.guests.all()] == [
        "Đại tá Phạm Thanh Hùng, Phó Giám đốc Công an thành phố Hà Nội"
    ]
    signed = Outcome.objects.filter(kind="covenant_signed").select_related("covenant__cluster")
    assert sorted(
        (o.covenant.cluster.number, o.covenant.cluster.year) for o in signed if o.covenant
    ) == [
        (1, 2023), (2, 2024), (4, 2025), (8, 2025),
    ]  # fmt: skip
    assert "150 triệu đồng" in conferences[(2, dt.date(2024, 3, 18))].minutes
    assert (Conference.objects.count(), Guest.objects.count(), Outcome.objects.count()) == before
