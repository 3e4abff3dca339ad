"""Exact number helpers: the arithmetic context, display rounding, Vietnamese formats.

Display always rounds half up (what people expect on paper: 185,115 → 185,12); the
arithmetic itself never rounds except at the 28th significant digit of a quotient.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

__all__ = [
    "ARITHMETIC_CONTEXT",
    "EXACT_CONTEXT",
    "NumberFormatError",
    "arithmetic",
    "exact",
    "format_int_en",
    "format_int_vi",
    "format_number_en",
    "format_number_vi",
    "format_percent_en",
    "format_percent_vi",
    "parse_decimal_vi",
    "parse_percent_vi",
    "places_of",
    "q2",
    "quantize",
]

# Pinned rather than inherited from decimal.getcontext(), so that a view or task that
# changed its thread's context cannot change an outcome. 28 digits is far below anything
# displayed; division by zero and invalid operations raise instead of giving NaN/Infinity.
ARITHMETIC_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def arithmetic() -> AbstractContextManager[Context]:
    """A local decimal context for engine arithmetic: `with arithmetic(): ...`."""
    return localcontext(ARITHMETIC_CONTEXT)


# Sums, differences and products that decide an outcome must not round at all. 100 digits
# is far beyond any real figure, and Inexact is trapped so that an absurd input fails
# loudly instead of deciding an outcome on a rounded value.
EXACT_CONTEXT = Context(prec=100, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])


def exact() -> AbstractContextManager[Context]:
    """A local decimal context in which any rounding raises decimal.Inexact."""
    return localcontext(EXACT_CONTEXT)


class NumberFormatError(ValueError):
    """Text that is not a number; `code` is stable for callers to translate."""

    def __init__(self, code: str, message: str, text: str) -> None:
        super().__init__(message)
        self.code = code
        self.text = text


def _as_decimal(x: Decimal | int) -> Decimal:
    # bool is an int, and a float would carry binary noise into every figure.
    if isinstance(x, bool) or not isinstance(x, Decimal | int):
        raise TypeError(f"Expected a Decimal or an int, got {type(x).__name__}: {x!r}.")
    value = Decimal(x)
    if not value.is_finite():
        raise ValueError(f"Cannot format a non-finite number: {value}.")
    return value


def quantize(x: Decimal | int, places: int) -> Decimal:
    """`x` rounded half up to `places` decimals (for display only)."""
    if places < 0:
        raise ValueError(f"places must be 0 or more, got {places}.")
    value = _as_decimal(x)
    with localcontext() as ctx:
        # Enough digits for any quantity we show; quantize fails if prec is too small.
        ctx.prec = max(28, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def q2(x: Decimal | int) -> Decimal:
    """`x` rounded half up to two decimals, as score tables and reports print it."""
    return quantize(x, 2)


def places_of(x: Decimal | int) -> int:
    """How many decimals `x` needs to be shown exactly (7.50 → 1, 1438 → 0)."""
    value = _as_decimal(x)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    return max(0, -exponent)


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


def _format(x: Decimal | int, places: int, trim: bool, thousands: str, decimal: str) -> str:
    value = quantize(x, places)
    text = f"{abs(value):f}"
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    # "-0,00" would tell the reader a sign that rounding has erased.
    sign = "-" if value < 0 else ""
    result = sign + _group(whole, thousands)
    return f"{result}{decimal}{fraction}" if fraction else result


def format_number_vi(x: Decimal | int, places: int = 2, *, trim: bool = False) -> str:
    """1234.56 → "1.234,56"; with trim=True trailing zeros go: 7.50 → "7,5", 90 → "90"."""
    return _format(x, places, trim, ".", ",")


def format_number_en(x: Decimal | int, places: int = 2, *, trim: bool = False) -> str:
    """1234.56 → "1,234.56"; with trim=True trailing zeros go: 7.50 → "7.5"."""
    return _format(x, places, trim, ",", ".")


def format_percent_vi(x: Decimal | int, places: int = 2, *, trim: bool = False) -> str:
    """A value already in percent: 95.57 → "95,57%"; trim=True gives "90%", not "90,00%"."""
    return format_number_vi(x, places, trim=trim) + "%"


def format_percent_en(x: Decimal | int, places: int = 2, *, trim: bool = False) -> str:
    """A value already in percent: 95.57 → "95.57%"; trim=True gives "90%"."""
    return format_number_en(x, places, trim=trim) + "%"


def _as_integer(x: Decimal | int) -> Decimal:
    value = _as_decimal(x)
    if value != value.to_integral_value():
        raise ValueError(f"{value} is not a whole number.")
    return value


def format_int_vi(x: Decimal | int) -> str:
    """A whole number with Vietnamese grouping: 2662 → "2.662"."""
    return format_number_vi(_as_integer(x), 0)


def format_int_en(x: Decimal | int) -> str:
    """A whole number with English grouping: 2662 → "2,662"."""
    return format_number_en(_as_integer(x), 0)


# The Unicode minus arrives when figures are pasted from Word documents.
_SIGNS = {"-": "-", "−": "-", "+": ""}
_PLAIN = re.compile(r"\d+(?:[.,]\d+)?")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")


def parse_decimal_vi(text: str) -> Decimal:
    """Read a number typed the Vietnamese way ("1.234,56", "93,1") or plainly ("1234.56").

    A dot followed by exactly three digits after a leading group of 1–3 digits is read as a
    thousands separator, as Vietnamese writes it: "2.662" is 2662, while "93.1" and
    "0.125" are decimals. English grouping ("1,234.56") is refused rather than guessed.
    """
    if not isinstance(text, str):
        raise TypeError(f"Expected text, got {type(text).__name__}.")
    stripped = text.strip()
    if not stripped:
        raise NumberFormatError("empty", "A number is required, but the text is empty.", text)
    sign = ""
    if stripped[0] in _SIGNS:
        sign = _SIGNS[stripped[0]]
        stripped = stripped[1:].lstrip()
    if _GROUPED.fullmatch(stripped):
        canonical = stripped.replace(".", "").replace(",", ".")
    elif _PLAIN.fullmatch(stripped):
        canonical = stripped.replace(",", ".")
    elif "," in stripped and "." in stripped:
        raise NumberFormatError(
            "grouping",
            f"{text!r} mixes separators in a way that is not Vietnamese: write thousands with "
            "a dot and decimals with a comma, e.g. 1.234,56.",
            text,
        )
    else:
        raise NumberFormatError(
            "invalid", f"{text!r} is not a number: write e.g. 1.234,56 or 1234.56.", text
        )
    return Decimal(sign + canonical)


def parse_percent_vi(text: str) -> Decimal:
    """Like parse_decimal_vi, with an optional trailing "%": "93,1%" → Decimal("93.1")."""
    stripped = text.strip()
    if stripped.endswith("%"):
        stripped = stripped[:-1].rstrip()
    try:
        return parse_decimal_vi(stripped)
    except NumberFormatError as error:
        raise NumberFormatError(error.code, str(error), text) from None
