"""Dated events: every real date a passage states, with the sentence that states it.

Real dates only: '24 February 2022', 'June 13, 2024', '(2025/03/28)', 'November 2022',
'in 2014', 'on the 11th and 12th of July' in a sentence that names the year. Counts
('360 to 297', '$7.1 billion', '175 to 200 per cent'), decades ('the 2010s') and spans
('2023–2026', '1995-96', 'from 2023 to 2026') are not events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from content.relative_dates import relative_dates
from content.sentences import split_sentences

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"((?:19|20)\d\d)"
_ORD = r"(?:st|nd|rd|th)?"

# Most precise first; a later pattern never reuses characters an earlier one matched.
_PATTERNS = (
    ("ymd", re.compile(rf"\b{_YEAR}/(\d{{1,2}})/(\d{{1,2}})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}}){_ORD} {_MONTH},? {_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MONTH} (\d{{1,2}}){_ORD},? {_YEAR}\b")),
    (
        "d_of_m",
        re.compile(
            rf"\b(?:the )?(\d{{1,2}}){_ORD}(?: (?:and|to|or) (?:the )?\d{{1,2}}{_ORD})? of {_MONTH}\b"
        ),
    ),
    ("my", re.compile(rf"\b{_MONTH},? {_YEAR}\b")),
    (
        "y",
        re.compile(
            rf"(?<![\d$€£¥./:–-]){_YEAR}\b(?!s\b|[.,]\d|[–/-]\d|\s*(?:per ?cent|%))",
        ),
    ),
)
_SPAN = re.compile(rf"\b(?:from|between) {_YEAR} (?:to|and|until) {_YEAR}\b|\b{_YEAR}\s*[–-]\s*\d")


@dataclass(frozen=True)
class Dated:
    date: str
    precision: str
    start: int  # where in the sentence the date is written
    end: int


def dates_in(sentence: str) -> list[Dated]:
    """The real dates written in one sentence, most precise first where they overlap."""
    taken = [(m.start(), m.end()) for m in _SPAN.finditer(sentence)]
    found: list[Dated] = []
    years = {m.group(1) for m in re.finditer(rf"\b{_YEAR}\b", sentence)}
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            dated = _parse(kind, match, years)
            # Taken even when invalid: "31 February 2022" must not become "February 2022".
            taken.append((match.start(), match.end()))
            if dated is not None:
                found.append(Dated(*dated, match.start(), match.end()))
    # "In 2023, on the 11th of July": the year alone adds nothing to the day.
    precise_years = {d.date[:4] for d in found if d.precision != "year"}
    found = [d for d in found if not (d.precision == "year" and d.date in precise_years)]
    return sorted(found, key=lambda d: d.start)


def _parse(kind: str, match: re.Match, years: set[str]) -> tuple[str, str] | None:
    g = match.groups()
    if kind == "ymd":
        return _day(int(g[0]), int(g[1]), int(g[2]))
    if kind == "dmy":
        return _day(int(g[2]), _month(g[1]), int(g[0]))
    if kind == "mdy":
        return _day(int(g[2]), _month(g[0]), int(g[1]))
    if kind == "d_of_m":
        if len(years) != 1:
            return None  # a day and month whose year the sentence does not settle
        return _day(int(next(iter(years))), _month(g[1]), int(g[0]))
    if kind == "my":
        return f"{g[1]}-{_month(g[0]):02d}", "month"
    return g[0], "year"


def _month(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def _day(year: int, month: int, day: int) -> tuple[str, str] | None:
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None  # "31 February": not a date


@dataclass(frozen=True)
class Found:
    id: str
    date: str
    precision: str
    text: str


def events_in(passage_text: str, article_id: str, title: str, published: str = "") -> list[Found]:
    """Events stated in one passage. A bare date line ('(2025/03/28)') dates the article.

    'On Wednesday', 'last year' count only when the article's `published` date resolves them.
    """
    out = []
    for sentence in split_sentences(passage_text):
        stated = dates_in(sentence)
        if not any(d.precision == "day" for d in stated):
            stated += [Dated(*found) for found in relative_dates(sentence, published)]
        for dated in stated:
            text = sentence
            if len(re.findall(r"[A-Za-z]{2,}", sentence)) < 3:
                text = f"“{title}” is dated {_spoken(dated)}."
            key = f"{article_id}|{dated.date}|{text}"
            digest = hashlib.sha1(key.encode()).hexdigest()[:10]
            out.append(Found(f"e-{digest}", dated.date, dated.precision, text))
    return out


def _spoken(dated: Dated) -> str:
    parts = dated.date.split("-")
    if dated.precision == "year":
        return parts[0]
    month = MONTHS[int(parts[1]) - 1].capitalize()
    if dated.precision == "month":
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"
