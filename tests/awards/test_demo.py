"""The demo takes Cụm 10's vote of 23/11/2024 through to its decisions and adds sample
awards; loading it again changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.db import transaction

from thidua.awards import demo as awards_demo
from thidua.awards import domain
from thidua.awards.models import Award, Proposal
from thidua.org import demo as org_demo
from thidua.org.models import Cluster
from thidua.voting import demo as voting_demo

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-9"


def _load() -> str:
    out = StringIO()
    for module in (org_demo, voting_demo, awards_demo):
        module.load(password=PASSWORD, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


def _snapshot() -> tuple[int, ...]:
    return (
        Award.objects.count(),
        Award.history.count(),
        Proposal.objects.count(),
        Proposal.history.count(),
    )


def test_it_grants_the_flags_cum_10_voted_for(loaded: str) -> None:
    cum10 = Cluster.objects.get(year=2024, number=10)
    from_vote = Proposal.objects.filter(cluster=cum10, source="vote").order_by(
        "title__order", "unit__code"
    )

    assert [(p.title.code, p.unit.code, p.status) for p in from_vote] == [
        ("gov", "LAN", "granted"),
        ("min", "BPC", "granted"),
        ("min", "LAN", "granted"),
        ("min", "TNH", "granted"),
    ]
    awards = [p.award for p in from_vote if p.award is not None]
    assert len(awards) == 4
    assert {(a.decision_number, a.is_sample) for a in awards} == {
        ("612/QĐ-TTg", True),
        ("1520/QĐ-BCA", True),
    }
    assert "4 from Cụm 10's vote" in loaded


def test_it_leaves_a_proposal_at_each_step(loaded: str) -> None:
    manual = Proposal.objects.filter(source="manual").order_by("status")

    assert sorted((p.unit.code, p.status) for p in manual) == [
        ("BDG", "submitted"),
        ("BPC", "proposed"),
        ("DNI", "not_granted"),
    ]
    assert all(p.is_sample for p in manual)


def test_it_marks_every_award_as_sample_and_reads_them_by_cluster_year(loaded: str) -> None:
    cum10 = Cluster.objects.get(year=2024, number=10)

    awards = domain.awards_of_year(cluster=cum10, year=2024)

    assert Award.objects.filter(is_sample=False).count() == 0
    assert {a.recipient_label for a in awards if a.is_personal} == {
        "Thượng tá Nguyễn Văn An (mẫu), Trưởng phòng Cảnh sát hình sự (Long An)",
        "Đại úy Trần Thị Bích Ngọc (mẫu), Đội trưởng Đội Cảnh sát quản lý hành chính (Tây Ninh)",
        "Trung tá Lê Minh Tuấn (mẫu), Phó Trưởng phòng Cảnh sát điều tra tội phạm về ma túy (Bình Phước)",
    }
    assert len(domain.proposals_of_year(cluster=cum10, year=2024)) == 7


def test_it_changes_nothing_when_loaded_again(loaded: str) -> None:
    before = _snapshot()

    out = _load()

    assert _snapshot() == before
    assert "demo awards" not in out
