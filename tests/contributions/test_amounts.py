"""Amounts in đồng: typed the Vietnamese way or plainly, whole, never negative."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from thidua.contributions.domain import AmountError, format_vnd, parse_amount, split_evenly


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150.000.000", 150_000_000),
        ("150000000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("150.000.000 đ", 150_000_000),
        ("20.000.000 VNĐ", 20_000_000),
        (" 0 ", 0),
        (150_000_000, 150_000_000),
        (Decimal("30000000"), 30_000_000),
        (20_000_000.0, 20_000_000),
        ("150.000.000,00", 150_000_000),
    ],
)
def test_it_reads_whole_dong(typed: Any, amount: int) -> None:
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5.000", "Số tiền không được âm."),
        (-1, "Số tiền không được âm."),
        ("abc", "“abc” không phải là số tiền: hãy viết như 150.000.000 hoặc 150000000."),
        (
            "150,000,000",
            "“150,000,000” không phải là số tiền: hãy viết như 150.000.000 hoặc 150000000.",
        ),
        ("1.5", "Số tiền tính bằng đồng, không có phần lẻ: “1.5”."),
        ("20.000,5", "Số tiền tính bằng đồng, không có phần lẻ: “20.000,5”."),
        (0.5, "Số tiền tính bằng đồng, không có phần lẻ: “0.5”."),
        ("", "Hãy nhập số tiền (đồng), ví dụ 20.000.000."),
        (None, "Hãy nhập số tiền (đồng), ví dụ 20.000.000."),
        (True, "Hãy nhập số tiền (đồng), ví dụ 20.000.000."),
        ([1], "Số tiền phải là một số, ví dụ 150000000."),
        (float("nan"), "Số tiền phải là một số, ví dụ 150000000."),
        ("1" * 16, "Số tiền quá lớn."),
    ],
)
def test_it_refuses_what_is_not_whole_non_negative_dong(typed: Any, message: str) -> None:
    with pytest.raises(AmountError) as error:
        parse_amount(typed)

    assert error.value.message == message


def test_it_writes_amounts_the_vietnamese_way() -> None:
    assert format_vnd(Decimal(150_000_000)) == "150.000.000 đ"
    assert format_vnd(0) == "0 đ"
    assert format_vnd(None) == "—"


def test_it_shares_a_total_in_whole_dong_giving_the_rest_to_the_first() -> None:
    assert split_evenly(Decimal(150_000_000), 5) == [Decimal(30_000_000)] * 5
    assert split_evenly(Decimal(100), 3) == [Decimal(34), Decimal(33), Decimal(33)]
    assert split_evenly(Decimal(100), 0) == []
