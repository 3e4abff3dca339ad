"""Vietnamese text: diacritic-insensitive search keys and alphabetical sort keys."""

from __future__ import annotations

import unicodedata

# The Vietnamese alphabet: Đ is a letter after D, Ă and Â follow A, and so on.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tone marks sort after the letter: unmarked, grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter rather than a tone.
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                 ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}  # fmt: skip


def fold(text: str) -> str:
    """Lower case without diacritics: "Đồng Nai" → "dong nai"."""
    text = text.casefold().replace("đ", "d").replace("–", "-").replace("—", "-")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _letters(text: str) -> list[tuple[str, int]]:
    """(letter of the Vietnamese alphabet, tone) for each character of the text."""
    result: list[tuple[str, int]] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char):
            if not result:
                continue
            base, tone = result[-1]
            if (base, char) in _LETTER_MARKS:
                result[-1] = (_LETTER_MARKS[(base, char)], tone)
            elif char in _TONES:
                result[-1] = (base, _TONES[char])
            continue
        result.append((char, 0))
    return result


def sort_key(text: str) -> str:
    """Digits that sort in Vietnamese alphabetical order under any database collation.

    Each letter becomes two digits by its place in the Vietnamese alphabet (so Đ comes after
    every D…), then the tones follow as a secondary key. Only digits are used because every
    collation, byte-wise or linguistic, orders strings of digits the same way.
    """
    letters = [(letter, tone) for letter, tone in _letters(text) if _code(letter)]
    primary = "".join(_code(letter) for letter, _tone in letters)
    secondary = "".join(str(tone) for _letter, tone in letters)
    return primary + "00" + secondary


def _code(letter: str) -> str:
    if letter in _RANK:
        return str(20 + _RANK[letter])
    if letter.isdigit() and letter.isascii():
        return f"{2 + int(letter):02d}"
    if letter.isspace():
        return "01"
    return ""  # punctuation is ignored, as linguistic collations do
