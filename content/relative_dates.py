"""Dates that news writes relative to the day it is published: 'on Wednesday', 'late Thursday',
'yesterday', 'last month', 'next year'.

They resolve against the article's publication date, and only when it is known precisely
enough: a weekday needs the day, 'last month' the month. Without it they are not dates at all.
A weekday is the latest such day up to publication, or the next one when the sentence speaks
of what will happen. 'Today' and 'now' are left alone: news also uses them for the present age.
"""

from __future__ import annotations

import datetime as dt
import re

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"\b(?:(last|next|this|on|late|early|[Oo]n|[Ll]ate|[Ee]arly|[Ll]ast|[Nn]ext|[Tt]his) )?"
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!s\b)\b"
)
# "Black Friday", "Super Tuesday": a capitalised word (no preposition) before a weekday names it.
_NAMED = re.compile(r"\b(?!(?:By|Since|Until|Before|After|From|Till)\b)[A-Z][a-z]+ $")
_NEAR_DAY = re.compile(r"\b(yesterday|tomorrow)\b", re.I)
_NEAR_PERIOD = re.compile(r"\b(last|this|next) (year|month)\b", re.I)
_FUTURE = re.compile(
    r"\b(will|won't|shall|is (?:due|expected|scheduled|set) to|are (?:due|expected|scheduled|set) "
    r"to|plans? to|is to|are to)\b|'ll\b",
    re.I,
)
# "officials said late Thursday": a report of what was said looks back, whatever it says.
_REPORTED = re.compile(r"\b(said|says|told|announced|declared|reported|added|wrote)\b", re.I)
_SHIFT = {"last": -1, "this": 0, "next": 1}


def relative_dates(sentence: str, published: str) -> list[tuple[str, str, int, int]]:
    """(date, precision, start, end) of each relative date in `sentence`, resolved against
    `published` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD', or '' when unknown)."""
    parts = [int(p) for p in re.findall(r"\d+", published[:10])]
    if not parts:
        return []
    year, month, day = (*parts, 0, 0)[:3]
    found = []
    if day:
        when = dt.date(year, month, day)
        for match in _WEEKDAY.finditer(sentence):
            if not match.group(1) and _NAMED.search(sentence[: match.start()]):
                continue
            shift = _weekday_shift(match, when, sentence)
            found.append(((when + dt.timedelta(days=shift)).isoformat(), "day", match))
        for match in _NEAR_DAY.finditer(sentence):
            shift = -1 if match.group(1).lower() == "yesterday" else 1
            found.append(((when + dt.timedelta(days=shift)).isoformat(), "day", match))
    for match in _NEAR_PERIOD.finditer(sentence):
        shift = _SHIFT[match.group(1).lower()]
        if match.group(2).lower() == "year":
            found.append((f"{year + shift}", "year", match))
        elif month:
            index = year * 12 + month - 1 + shift
            found.append((f"{index // 12}-{index % 12 + 1:02d}", "month", match))
    return [(date, precision, m.start(), m.end()) for date, precision, m in found]


def _weekday_shift(match: re.Match, published: dt.date, sentence: str) -> int:
    """Days from publication to the weekday named: back to the latest one, or on to the next."""
    back = (published.weekday() - _WEEKDAYS.index(match.group(2).lower())) % 7
    ahead = (-back) % 7
    word = (match.group(1) or "").lower()
    if word == "last":
        return -(back or 7)
    if word == "next":
        return ahead or 7
    return ahead if _speaks_of_future(sentence[: match.start()]) else -back


def _speaks_of_future(before: str) -> bool:
    """A future verb before the weekday, and no report of speech after that verb."""
    future = [m.end() for m in _FUTURE.finditer(before)]
    reported = [m.end() for m in _REPORTED.finditer(before)]
    return bool(future) and future[-1] > max(reported, default=-1)
