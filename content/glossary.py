"""Acronyms the articles define: 'Reciprocal Access Agreement (RAA)', 'IINA (International ...)'.

The long form is matched letter by letter from its end, in the manner of Schwartz and Hearst
(2003): each letter of the acronym must be found, in order, in the words before the bracket,
and the first letter must start a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LONG_THEN_SHORT = re.compile(r"\(([A-Z][A-Za-z0-9/&.\-]{0,11}?s?)\)")
_SHORT_THEN_LONG = re.compile(r"\b([A-Z][A-Z0-9/&\-]{1,11})\s+\(([A-Za-z][^()]{3,80})\)")
_STOP = re.compile(r"[.;:!?—–(),“”\"]")


@dataclass(frozen=True)
class Definition:
    term: str
    expansion: str


def definitions(text: str) -> list[Definition]:
    """Acronym definitions in `text`, in order of appearance."""
    found: list[tuple[int, Definition]] = []
    for match in _LONG_THEN_SHORT.finditer(text):
        term = match.group(1)
        if not _looks_like_acronym(term):
            continue
        before = _STOP.split(text[: match.start()].rstrip())[-1]
        expansion = _long_form(_letters(term), before)
        if expansion:
            found.append((match.start(), Definition(term, expansion)))
    for match in _SHORT_THEN_LONG.finditer(text):
        term = match.group(1).rsplit("-", 1)[-1]  # "NATO-IP4 (Indo-Pacific 4)": IP4
        inner = match.group(2).strip()
        if _looks_like_acronym(term) and _spells(_letters(term), inner.lower()):
            found.append((match.start(), Definition(term, inner)))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def _looks_like_acronym(term: str) -> bool:
    capitals = sum(1 for c in term if c.isupper())
    return capitals >= 2 and capitals >= len(term.rstrip("s")) * 0.5


def _letters(term: str) -> str:
    """What the long form must spell: 'A2/AD' is 'AAAD' (A squared), 'EDTs' is 'EDT'."""
    term = re.sub(r"([A-Za-z])([2-3])(?![0-9])", lambda m: m.group(1) * int(m.group(2)), term)
    if term.endswith("s") and term[:-1].isupper():
        term = term[:-1]
    return "".join(c for c in term if c.isalnum()).lower()


def _long_form(letters: str, before: str) -> str:
    """The shortest run of words ending `before` that spells `letters`, or ''."""
    words = before.split()
    limit = min(len(letters) + 5, len(letters) * 2)
    for start in range(len(words) - 1, max(-1, len(words) - limit - 1), -1):
        candidate = " ".join(words[start:])
        if candidate[:1].isalnum() and _spells(letters, candidate.lower()):
            return candidate
    return ""


def _spells(letters: str, phrase: str) -> bool:
    """`phrase` starts with the first letter and holds the others in order after it."""
    if not phrase.startswith(letters[:1]):
        return False
    at = len(phrase)
    for letter in reversed(letters[1:]):
        at = phrase.rfind(letter, 1, at)
        if at < 0:
            return False
    return True
