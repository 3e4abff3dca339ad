from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.engine.text import fold, sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đồng Nai", "dong nai"),
        ("ĐIỆN BIÊN", "dien bien"),
        ("  Bà Rịa – Vũng  Tàu ", "ba ria - vung tau"),
        ("Khánh Hòa", "khanh hoa"),
        ("Cục C05", "cuc c05"),
    ],
)
def test_it_folds_away_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_it_sorts_in_the_vietnamese_alphabet() -> None:
    names = ["Đồng Nai", "Điện Biên", "Đà Nẵng", "Cần Thơ", "Hà Nội", "Hải Phòng", "Bình Dương",
             "Bình Phước", "Bà Rịa – Vũng Tàu", "Long An", "Lai Châu", "Lào Cai", "Ân Thi",
             "An Giang", "Ea Súp", "Dầu Tiếng", "Tây Ninh", "TP.HCM"]  # fmt: skip

    assert sorted(names, key=sort_key) == [
        "An Giang", "Ân Thi", "Bà Rịa – Vũng Tàu", "Bình Dương", "Bình Phước", "Cần Thơ",
        "Dầu Tiếng", "Đà Nẵng", "Điện Biên", "Đồng Nai", "Ea Súp", "Hà Nội", "Hải Phòng",
        "Lai Châu", "Lào Cai", "Long An", "Tây Ninh", "TP.HCM",
    ]  # fmt: skip


def test_it_orders_tones_after_the_letters() -> None:
    assert sorted(["má", "mà", "ma", "mạ", "mả", "mã"], key=sort_key) == [
        "ma", "mà", "mả", "mã", "má", "mạ",
    ]  # fmt: skip


def test_it_makes_keys_of_digits_only_so_every_database_collation_agrees() -> None:
    assert sort_key("Bà Rịa – Vũng Tàu, Cụm 10").isdigit()


vietnamese = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵ ", max_size=20
)


@given(vietnamese, vietnamese)
def test_it_sorts_consistently_with_the_case_of_the_first_letter(a: str, b: str) -> None:
    assert (sort_key(a) < sort_key(b)) == (sort_key(a.upper()) < sort_key(b.upper()))


@given(vietnamese)
def test_it_finds_a_name_typed_without_diacritics(name: str) -> None:
    assert fold(fold(name)) == fold(name)
