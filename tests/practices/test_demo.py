"""The demo practices: the seeds' models of Cụm 10 and Cụm 1, samples, one promoted."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.org import demo as org_demo
from thidua.practices import demo, domain
from thidua.practices.models import Practice, Visibility

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-9"


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        org_demo.load(password=PASSWORD, stdout=out)
        demo.load(password=PASSWORD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_it_loads_the_seeds_models_and_marks_the_samples(loaded: str) -> None:
    seeded = Practice.objects.filter(is_sample=False)

    assert "demo practices" in loaded
    assert set(seeded.values_list("unit__code", "cluster__number", "year")) == {
        ("LAN", 10, 2024),
        ("TNH", 10, 2024),
        ("HNI", 1, 2023),
    }
    assert "95,57%" in seeded.get(unit__code="LAN").results
    assert "2.662/1.438" in seeded.get(unit__code="TNH").results
    assert all("(mẫu)" in p.title for p in Practice.objects.filter(is_sample=True))


def test_it_promotes_one_to_every_cluster_and_leaves_a_draft_of_binh_phuoc(loaded: str) -> None:
    promoted = Practice.objects.filter(visibility=Visibility.PROMOTED)

    assert promoted.count() >= 1
    assert Practice.objects.filter(visibility=Visibility.DRAFT, unit__code="BPC").exists()


def test_son_la_finds_the_promoted_model_without_diacritics(loaded: str) -> None:
    son_la = get_user_model().objects.get(username="sonla.canbo")

    found = domain.practice_search(user=son_la, query="cai nghien bat buoc")

    assert [p.visibility for p in found] == [Visibility.PROMOTED]


def test_the_head_of_cum_10_finds_the_dan_van_model(loaded: str) -> None:
    tay_ninh = get_user_model().objects.get(username="tayninh.canbo")

    found = domain.practice_search(user=tay_ninh, query="mo hinh dan van")

    assert [p.unit.code for p in found] == ["BPC"]


def test_it_changes_nothing_when_loaded_again(loaded: str) -> None:
    before = (Practice.objects.count(), Practice.history.count())

    demo.load(password=PASSWORD, stdout=StringIO())

    assert (Practice.objects.count(), Practice.history.count()) == before
