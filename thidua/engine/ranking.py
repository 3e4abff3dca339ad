"""Ranking of a cluster's units by percentage of attainable points (DOMAIN.md §5).

Comparisons use exact rationals (fractions.Fraction), so two units are tied only when
their percentages are truly equal, never because of a rounded digit; the Decimal
percent in the output is for showing. docs/engine-scoring.md explains the decisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction

from thidua.engine.scoring import ENGINE_CONTEXT

__all__ = [
    "DEFAULT_TIE_BREAK",
    "NO_TIE_BREAK",
    "RankEntry",
    "Ranked",
    "RankingError",
    "TieBreakKey",
    "parse_tie_break",
    "percent_of",
    "rank_units",
]

_HUNDRED = Decimal(100)

# (unrated?, −share, tie-break values): smaller sorts first, equal keys share a rank.
_Key = tuple[bool, Fraction, tuple[Fraction, ...]]


class RankingError(ValueError):
    """Bad input to the ranking; `code` is stable for callers to translate."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class TieBreakKey(StrEnum):
    MORE_EXCEEDED = "more_exceeded"
    FEWER_PENALTIES = "fewer_penalties"
    HIGHER_TOTAL = "higher_total"


DEFAULT_TIE_BREAK: tuple[TieBreakKey, ...] = (
    TieBreakKey.MORE_EXCEEDED,
    TieBreakKey.FEWER_PENALTIES,
)
NO_TIE_BREAK: tuple[TieBreakKey, ...] = ()


@dataclass(frozen=True, slots=True)
class RankEntry:
    unit: str
    total: Decimal
    attainable: Decimal
    exceeded_count: int = 0
    penalty_count: int = 0


@dataclass(frozen=True, slots=True)
class Ranked:
    """A unit's place; `tied` when at least one other unit shares its rank."""

    unit: str
    rank: int
    percent: Decimal | None
    total: Decimal
    attainable: Decimal
    tied: bool


def percent_of(total: Decimal, attainable: Decimal) -> Decimal | None:
    """total ÷ attainable × 100; None when nothing was attainable."""
    if attainable == 0:
        return None
    with localcontext(ENGINE_CONTEXT):
        return total * _HUNDRED / attainable


def parse_tie_break(text: str) -> tuple[TieBreakKey, ...]:
    """Read a covenant's stored rule: "default", "none", or keys separated by commas."""
    cleaned = text.strip().lower()
    if cleaned == "default":
        return DEFAULT_TIE_BREAK
    if cleaned in ("none", ""):
        return NO_TIE_BREAK
    keys: list[TieBreakKey] = []
    for part in cleaned.split(","):
        name = part.strip()
        try:
            key = TieBreakKey(name)
        except ValueError:
            known = ", ".join(k.value for k in TieBreakKey)
            raise RankingError(
                "unknown_tie_break_key",
                f"Unknown tie-break key {name!r}; use one of: {known}.",
            ) from None
        keys.append(key)
    _check_tie_break(keys)
    return tuple(keys)


def rank_units(
    entries: Iterable[RankEntry], *, tie_break: Sequence[TieBreakKey] = DEFAULT_TIE_BREAK
) -> tuple[Ranked, ...]:
    """Standard competition ranking (1, 2, 2, 4), best first, ties listed by unit key.

    Units with nothing attainable have no percentage; they share the last rank, after
    every unit that has one, because no comparison with the others is meaningful.
    """
    _check_tie_break(tie_break)
    listed = tuple(entries)
    _check_entries(listed)

    keyed = sorted(((_rank_key(e, tie_break), e) for e in listed), key=lambda p: (p[0], p[1].unit))
    sizes = Counter(key for key, _ in keyed)
    ranked: list[Ranked] = []
    rank = 0
    previous: _Key | None = None
    for position, (key, entry) in enumerate(keyed, start=1):
        if key != previous:
            rank = position
            previous = key
        ranked.append(
            Ranked(
                unit=entry.unit,
                rank=rank,
                percent=percent_of(entry.total, entry.attainable),
                total=entry.total,
                attainable=entry.attainable,
                tied=sizes[key] > 1,
            )
        )
    return tuple(ranked)


def _rank_key(entry: RankEntry, tie_break: Sequence[TieBreakKey]) -> _Key:
    if entry.attainable == 0:
        return (True, Fraction(0), ())
    share = Fraction(entry.total) / Fraction(entry.attainable)
    values: list[Fraction] = []
    for tie_key in tie_break:
        if tie_key is TieBreakKey.MORE_EXCEEDED:
            values.append(Fraction(-entry.exceeded_count))
        elif tie_key is TieBreakKey.FEWER_PENALTIES:
            values.append(Fraction(entry.penalty_count))
        else:
            values.append(-Fraction(entry.total))
    return (False, -share, tuple(values))


def _check_tie_break(keys: Sequence[TieBreakKey]) -> None:
    if len(set(keys)) != len(keys):
        raise RankingError("duplicate_tie_break_key", "A tie-break key is listed twice.")


def _check_entries(entries: Sequence[RankEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.unit in seen:
            raise RankingError("duplicate_unit", f"Unit {entry.unit!r} is listed twice.")
        seen.add(entry.unit)
        if not entry.total.is_finite() or not entry.attainable.is_finite():
            raise RankingError(
                "not_finite", f"The points of {entry.unit!r} must be finite numbers."
            )
        if entry.attainable < 0:
            raise RankingError(
                "negative_attainable",
                f"Attainable points of {entry.unit!r} cannot be negative.",
            )
        if entry.exceeded_count < 0 or entry.penalty_count < 0:
            raise RankingError(
                "negative_count", f"The counts of {entry.unit!r} cannot be negative."
            )
