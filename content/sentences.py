"""Split clean text into sentences without breaking at 'U.S.', 'Ph.D.' or 'Edmund A. Walsh'."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "p",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "al",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "rep",
        "sen",
        "gov",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "ph.d",
        "m.a",
        "b.a",
    ]
)
# A sentence ends at . ! ? (and any closing quotes/brackets) followed by space and a capital,
# a digit or an opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])[”\"’)\]]*\s+(?=[“\"‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".!?").lstrip('(“"‘').lower()
        if before.endswith(".") and (word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word)):
            continue  # an abbreviation or an initial, not a full stop
        end = match.start() + len(re.match(r"[”\"’)\]]*", match.group(0)).group(0))
        sentences.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]
