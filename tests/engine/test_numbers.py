"""Display rounding, Vietnamese and English number formats, and parsing typed numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.engine.numbers import (
    NumberFormatError,
    format_int_en,
    format_int_vi,
    format_number_en,
    format_number_vi,
    format_percent_en,
    format_percent_vi,
    parse_decimal_vi,
    parse_percent_vi,
    places_of,
    q2,
    quantize,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("185.1182197496522948539638387"), D("185.12")),
        (D("185.115"), D("185.12")),
        (D("185.125"), D("185.13")),  # half up, where half even would give 185.12
        (D("-1.005"), D("-1.01")),
        (D("93.1"), D("93.10")),
        (2, D("2.00")),
    ],
)
def test_it_rounds_to_two_decimals_half_up(value: Decimal | int, expected: Decimal) -> None:
    assert str(q2(value)) == str(expected)


def test_it_rounds_to_any_number_of_places() -> None:
    assert (quantize(D("7.125"), 1), quantize(D("7.5"), 0)) == (D("7.1"), D("8"))


@pytest.mark.parametrize(
    ("value", "places", "vi", "en"),
    [
        (D("1234.56"), 2, "1.234,56", "1,234.56"),
        (D("1234567.891"), 2, "1.234.567,89", "1,234,567.89"),
        (D("999.995"), 2, "1.000,00", "1,000.00"),
        (D("0.5"), 2, "0,50", "0.50"),
        (D("-1234.5"), 2, "-1.234,50", "-1,234.50"),
        (D("-0.001"), 2, "0,00", "0.00"),
        (0, 2, "0,00", "0.00"),
        (D("2662"), 0, "2.662", "2,662"),
        (D("7.125"), 1, "7,1", "7.1"),
        (D("123"), 0, "123", "123"),
        (D("1E+6"), 0, "1.000.000", "1,000,000"),
    ],
)
def test_it_formats_numbers_the_vietnamese_and_the_english_way(
    value: Decimal | int, places: int, vi: str, en: str
) -> None:
    assert (format_number_vi(value, places), format_number_en(value, places)) == (vi, en)


@pytest.mark.parametrize(
    ("value", "trim", "vi", "en"),
    [
        (D("95.57"), False, "95,57%", "95.57%"),
        (D("93.1"), False, "93,10%", "93.10%"),
        (D("90"), False, "90,00%", "90.00%"),
        (D("90.00"), True, "90%", "90%"),
        (D("7.50"), True, "7,5%", "7.5%"),
        (D("5"), True, "5%", "5%"),
        (D("185.1182197496522948539638387"), True, "185,12%", "185.12%"),
        (D("1234.5"), True, "1.234,5%", "1,234.5%"),
    ],
)
def test_it_formats_percentages_with_or_without_trailing_zeros(
    value: Decimal, trim: bool, vi: str, en: str
) -> None:
    assert (format_percent_vi(value, trim=trim), format_percent_en(value, trim=trim)) == (vi, en)


def test_it_formats_a_percentage_with_the_places_asked_for() -> None:
    assert format_percent_vi(D("95.567"), 1) == "95,6%"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (2662, "2.662", "2,662"),
        (1438, "1.438", "1,438"),
        (0, "0", "0"),
        (1234567, "1.234.567", "1,234,567"),
        (D("1438.00"), "1.438", "1,438"),
        (-5, "-5", "-5"),
    ],
)
def test_it_formats_whole_numbers_with_thousands_separators(
    value: int | Decimal, vi: str, en: str
) -> None:
    assert (format_int_vi(value), format_int_en(value)) == (vi, en)


def test_it_refuses_to_format_a_fraction_as_a_whole_number() -> None:
    with pytest.raises(ValueError, match="not a whole number"):
        format_int_vi(D("2.5"))


@pytest.mark.parametrize("value", [0.1, "1", True, None])
def test_it_refuses_to_format_anything_but_decimals_and_ints(value: object) -> None:
    with pytest.raises(TypeError):
        format_number_vi(value)  # type: ignore[arg-type]


def test_it_refuses_to_format_a_non_finite_number() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        format_number_vi(D("NaN"))


@pytest.mark.parametrize(
    ("value", "places"),
    [(D("7.50"), 1), (D("1438"), 0), (D("1.438E+3"), 0), (D("0.125"), 3), (5, 0)],
)
def test_it_counts_the_places_a_number_needs(value: Decimal | int, places: int) -> None:
    assert places_of(value) == places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("93,1", "93.1"),
        ("95,57", "95.57"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("2.662", "2662"),
        ("1.438", "1438"),
        ("1.234.567", "1234567"),
        ("1.234.567,5", "1234567.5"),
        ("93.1", "93.1"),
        ("93.10", "93.10"),
        ("0.125", "0.125"),
        ("0,125", "0.125"),
        ("1438", "1438"),
        ("  -7,5 ", "-7.5"),
        ("−5", "-5"),
        ("+3", "3"),
        ("0", "0"),
    ],
)
def test_it_parses_vietnamese_and_plain_numbers(text: str, expected: str) -> None:
    parsed = parse_decimal_vi(text)
    assert (parsed, str(parsed)) == (D(expected), expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-", "invalid"),
        ("abc", "invalid"),
        ("1,2,3", "invalid"),
        ("1.23.4", "invalid"),
        ("1e5", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("5%", "invalid"),
        ("1 234", "invalid"),
        ("1,234.56", "grouping"),
        ("12.34,5", "grouping"),
        ("1.234,5.6", "grouping"),
    ],
)
def test_it_refuses_text_that_is_not_a_number(text: str, code: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_decimal_vi(text)
    assert (caught.value.code, caught.value.text) == (code, text)
    assert isinstance(caught.value, ValueError)


def test_it_explains_how_to_write_a_number() -> None:
    with pytest.raises(NumberFormatError, match=r"'abc' is not a number: write e\.g\. 1\.234,56"):
        parse_decimal_vi("abc")


@pytest.mark.parametrize(
    ("text", "expected"), [("93,1%", D("93.1")), ("90 %", D("90")), ("95,57", D("95.57"))]
)
def test_it_parses_a_percentage_with_or_without_its_sign(text: str, expected: Decimal) -> None:
    assert parse_percent_vi(text) == expected


def test_it_reports_the_original_text_of_a_bad_percentage() -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_percent_vi("abc%")
    assert (caught.value.code, caught.value.text) == ("invalid", "abc%")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_it_reads_back_what_it_formats(value: Decimal) -> None:
    assert parse_decimal_vi(format_number_vi(value)) == value
