"""Quantities in loose text: "400", "four hundred", "$30m", "7.1 billion dollars", "175-200%".

`read_quantities` takes the lexemes of a lowercased text (digit runs, words and single symbols)
and returns the same stream with every quantity folded into one `Quantity`, so that two texts
can be compared on what numbers they state whatever way they were written. Values are Decimal:
"7.1 billion" must equal "7,100,000,000" exactly, never approximately.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from rapidfuzz.distance import OSA


class Quantity(NamedTuple):
    """A number, or a range "175-200" (low == high for a single number)."""

    low: Decimal
    high: Decimal


_UNIT_NAMES = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen"""
_TENS_NAMES = "twenty thirty forty fifty sixty seventy eighty ninety"
UNITS = {word: n for n, word in enumerate(_UNIT_NAMES.split())}
TENS = {word: 10 * n for n, word in enumerate(_TENS_NAMES.split(), 2)} | {"fourty": 40, "ninty": 90}
# Scales that may follow a number or close a spelled-out one.
SCALES = {
    "hundred": Decimal(100),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "mil": Decimal(10) ** 6,
    "k": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,  # "30m" is money far more often than metres in these readings
    "b": Decimal(10) ** 9,
}
SPELLED_SCALES = {"hundred", "thousand", "million", "billion", "trillion"}
# "t" is a trillion only beside a currency ("$5.5t"); "5t" alone may be tonnes.
MONEY_SCALES = {"t": Decimal(10) ** 12}
CURRENCY_BEFORE = {"$", "€", "£", "¥", "usd"}
UNITS_AFTER = {"dollars", "dollar", "usd", "%", "percent", "pct", "euros", "euro", "yen"}
ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
RANGE_WORDS = {"-", "to"}  # the caller folds every dash to "-"


def read_quantities(lexemes: list[str]) -> list[str | Quantity]:
    out: list[str | Quantity] = []
    i = 0
    while i < len(lexemes):
        found = _quantity_at(lexemes, i)
        if found is None:
            out.append(lexemes[i])
            i += 1
            continue
        first, i = found
        # "175-200%", "from 5 to 6 billion", "between 2014 and 2016"
        joiner = lexemes[i] if i < len(lexemes) else ""
        opened_between = len(out) > 0 and out[-1] in ("between", "from")
        if joiner in RANGE_WORDS or (joiner == "and" and opened_between):
            second = _quantity_at(lexemes, i + 1)
            if second is not None:
                (low, low_scaled), (high, high_scaled) = first, second[0]
                if high_scaled and not low_scaled and low < high / 1000:
                    low *= high / _unscaled(lexemes, i + 1)
                out.append(Quantity(low, high))
                i = second[1]
                continue
        out.append(Quantity(first[0], first[0]))
    return out


def _unscaled(lexemes: list[str], i: int) -> Decimal:
    """The bare number that starts at i, before its scale word (for "175-200 million")."""
    found = _number_at(lexemes, i)
    return found[0] if found else Decimal(1)


def _quantity_at(lexemes: list[str], i: int) -> tuple[tuple[Decimal, bool], int] | None:
    """((value, had a scale word), index after it) for a quantity starting at i, with its
    currency sign, scale, ordinal suffix and unit words consumed."""
    money = False
    if lexemes[i : i + 2] == ["us", "$"]:  # "US$5.5 trillion"
        i += 1
    while i < len(lexemes) and lexemes[i] in CURRENCY_BEFORE:
        money = True
        i += 1
    found = _number_at(lexemes, i)
    if found is None:
        return None
    value, i = found
    scaled = False
    while i < len(lexemes) and (scale := _scale(lexemes[i], money)) is not None:
        value *= scale
        scaled = True
        i += 1
    if i < len(lexemes) and lexemes[i] in ORDINAL_SUFFIXES:
        i += 1
    if i + 1 < len(lexemes) and lexemes[i] == "us" and lexemes[i + 1] in UNITS_AFTER:
        i += 1
    if i < len(lexemes) and lexemes[i] in UNITS_AFTER:
        i += 1
    elif i + 1 < len(lexemes) and lexemes[i] == "per" and lexemes[i + 1] == "cent":
        i += 2
    return (value, scaled), i


def _scale(word: str, money: bool) -> Decimal | None:
    """The multiplier a word after a number stands for, typos included ("milion", "billlion"):
    the first letter tells million, billion and trillion apart, so it must be right."""
    if word in SCALES:
        return SCALES[word]
    if money and word in MONEY_SCALES:
        return MONEY_SCALES[word]
    if len(word) >= 5 and word[0] in "mbt":
        for name in ("million", "billion", "trillion"):
            if word[0] == name[0] and OSA.distance(squeeze(word), squeeze(name)) <= 1:
                return SCALES[name]
    return None


def squeeze(word: str) -> str:
    """Runs of one letter made single: "billlion" and "bilion" both read "bilion"."""
    return re.sub(r"(.)\1+", r"\1", word)


def _number_at(lexemes: list[str], i: int) -> tuple[Decimal, int] | None:
    if i >= len(lexemes):
        return None
    word = lexemes[i]
    if word[0].isdigit() or (word[0] == "." and len(word) > 1):
        try:
            return Decimal(word.replace(",", "")), i + 1
        except InvalidOperation:
            return None
    return _spelled_at(lexemes, i)


def _spelled_at(lexemes: list[str], i: int) -> tuple[Decimal, int] | None:
    """A spelled-out number: "four hundred", "two thousand and seven", "five point five",
    and years said in pairs, "nineteen eighty-three" (hyphens are already spaces)."""
    start = i
    if lexemes[i] == "a" and i + 1 < len(lexemes) and lexemes[i + 1] in SPELLED_SCALES:
        total, current, i = Decimal(0), Decimal(1), i + 1
    else:
        total, current = Decimal(0), Decimal(0)
    last = ""  # "unit" | "tens" | "teen": what the previous word was, to split pairs
    while i < len(lexemes):
        word = lexemes[i]
        if word in UNITS and not (last == "unit" or (last == "teen" and UNITS[word] < 10)):
            n = UNITS[word]
            if last == "tens" and n < 10:
                current += n
            elif current % 100 and n >= 10:  # "nineteen eighty": a year in two halves
                current = current * 100 + n
            else:
                current += n
            last = "unit" if n < 10 else "teen"
        elif word in TENS and (last != "tens" or current < 100):
            current = current * 100 + TENS[word] if current % 100 else current + TENS[word]
            last = "tens"
        elif word in SPELLED_SCALES and i > start:
            if word == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * SCALES[word]
                current = Decimal(0)
            last = ""
        elif word == "and" and last == "" and i > start and _starts_spelled(lexemes, i + 1):
            pass  # "two thousand and seven"
        elif word == "point" and i > start and _starts_digit_word(lexemes, i + 1):
            i += 1
            digits = ""
            while i < len(lexemes) and lexemes[i] in UNITS and UNITS[lexemes[i]] < 10:
                digits += str(UNITS[lexemes[i]])
                i += 1
            return total + current + Decimal("0." + digits), i
        else:
            break
        i += 1
    if i == start or (lexemes[start] == "a" and i == start + 1):
        return None
    # A trailing scale ("five million") is applied by the caller, like after digits.
    if lexemes[i - 1] in SPELLED_SCALES and lexemes[i - 1] != "hundred" and current == 0:
        i -= 1
        total = total / SCALES[lexemes[i]]
    return total + current, i


def _starts_spelled(lexemes: list[str], i: int) -> bool:
    return i < len(lexemes) and (lexemes[i] in UNITS or lexemes[i] in TENS)


def _starts_digit_word(lexemes: list[str], i: int) -> bool:
    return i < len(lexemes) and lexemes[i] in UNITS and UNITS[lexemes[i]] < 10
