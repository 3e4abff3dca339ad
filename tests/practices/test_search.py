"""Finding a practice by typing, with or without diacritics, and the words highlighted."""

from __future__ import annotations

import pytest

from tests.practices.world import World, make
from thidua.practices import domain
from thidua.practices.models import PracticeKind

pytestmark = pytest.mark.django_db


def _titles(world: World, role: str = "admin", **filters: object) -> list[str]:
    return [p.title for p in domain.practice_search(user=world.user(role), **filters)]  # type: ignore[arg-type]


@pytest.fixture
def library(world: World) -> World:
    make(world, title="Mô hình dân vận khéo", visibility="promoted")
    make(world, title="Tổ tự quản an ninh trật tự", unit=world.units["LAN"], kind=PracticeKind.NEW_WAY,
         description="Đồng Nai, Long An: đường dây nóng.", by="officer:TNH",
         visibility="published")  # fmt: skip
    make(world, title="Camera an ninh khu dân cư", unit=world.units["SLA"], cluster=world.cum2,
         by="officer:SLA", visibility="published")  # fmt: skip
    return world


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mo hinh dan van", ["Mô hình dân vận khéo"]),
        ("MÔ HÌNH DÂN VẬN", ["Mô hình dân vận khéo"]),
        ("dong nai", ["Tổ tự quản an ninh trật tự"]),
        ("đường dây", ["Tổ tự quản an ninh trật tự"]),
        ("an ninh", ["Camera an ninh khu dân cư", "Tổ tự quản an ninh trật tự"]),
        ("binh phuoc", ["Mô hình dân vận khéo"]),
        ("cach lam moi", ["Tổ tự quản an ninh trật tự"]),
        ("khong co gi", []),
        ("", ["Camera an ninh khu dân cư", "Mô hình dân vận khéo", "Tổ tự quản an ninh trật tự"]),
    ],
)
def test_it_finds_practices_without_regard_to_diacritics(
    library: World, query: str, expected: list[str]
) -> None:
    assert _titles(library, query=query) == expected


def test_it_searches_only_what_the_user_may_see(library: World) -> None:
    assert _titles(library, "officer:SLA", query="an ninh") == ["Camera an ninh khu dân cư"]
    assert _titles(library, "officer:TNH", query="an ninh") == ["Tổ tự quản an ninh trật tự"]


def test_it_filters_by_kind_year_cluster_and_unit(library: World) -> None:
    assert _titles(library, kind=PracticeKind.NEW_WAY) == ["Tổ tự quản an ninh trật tự"]
    assert _titles(library, cluster_id=library.cum2.pk) == ["Camera an ninh khu dân cư"]
    assert _titles(library, unit_id=library.units["BPC"].pk) == ["Mô hình dân vận khéo"]
    assert _titles(library, year=2023) == []


def test_it_marks_the_words_found_in_the_original_text() -> None:
    pieces = domain.highlight("Mô hình “Dân vận khéo”", "dan van")

    assert pieces == [
        ("Mô hình “", False),
        ("Dân", True),
        (" ", False),
        ("vận", True),
        (" khéo”", False),
    ]


def test_it_marks_nothing_without_a_query() -> None:
    assert domain.highlight("Đồng Nai", "") == [("Đồng Nai", False)]
    assert domain.highlight("", "dong") == []


def test_it_marks_a_d_with_stroke_and_every_occurrence() -> None:
    pieces = domain.highlight("Đồng Nai, đồng bằng", "dong")

    assert [text for text, hit in pieces if hit] == ["Đồng", "đồng"]


def test_it_cuts_an_excerpt_around_the_first_word_found() -> None:
    text = "Mở đầu. " + "x " * 200 + "Kết quả: tin báo tăng mạnh. " + "y " * 200

    pieces = domain.excerpt(text, "tin bao", width=80)
    joined = "".join(piece for piece, _hit in pieces)

    assert joined.startswith("…")
    assert joined.endswith("…")
    assert [piece for piece, hit in pieces if hit] == ["tin", "báo"]
    assert len(joined) <= 82
