"""On this date: the readings' events that fall on a given day, or an honest fallback.

A small corpus has dated events on a handful of days, so most days fall back, and say so:
"month" gives the events of the same month, "nearest" the next anniversaries to come, soonest
first. A fallback never shows another day's event as today's. The month list turns with the
date, so that a daily post does not lead with the same event every day of the month.
Only served events count: a withheld one (a footnote, a sentence that needs its context)
stays in the content file for an instructor but is never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from content.events import undated
from content.model import Event, Studyset

_MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = tuple(_MONTHS.split())
# A month fallback needs two events to be able to turn; with fewer the next anniversaries serve.
MONTH_MINIMUM = 2
# How many coming anniversaries the "nearest" fallback turns between.
NEAREST_COUNT = 3

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTH = r"(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?"
_DAY_NUMBER = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?"
_YEAR = r"(?:,? (?P<year>\d{4}))?"
_NAMED_DAY = re.compile(rf"{_DAY_NUMBER} (?:of )?{_MONTH}{_YEAR}")  # 24 Feb, 24th of February 2026
_NAMED_DAY_MONTH_FIRST = re.compile(rf"{_MONTH} {_DAY_NUMBER}{_YEAR}")  # Feb 24, February 24, 2026
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}


@dataclass(frozen=True)
class DayEvents:
    date: date
    match: str  # "day" | "month" | "nearest"
    events: list[Event] = field(default_factory=list)

    def years_ago(self, event: Event) -> int:
        """Whole years from the event's year to this date's year (negative: still to come)."""
        return self.date.year - int(event.date[:4])

    def anniversary(self, event: Event) -> date | None:
        """The first day after this date when a day-precision event comes round again."""
        when = event_day(event)
        return None if when is None else next_anniversary(when, self.date)


def parse_day(text: str, today: date | None = None) -> date:
    """A day as people write it: 2026-02-24, 24 Feb, Feb 24, 24th February 2026, Feb 24, 2026,
    today, tomorrow, yesterday. A day without a year (and the relative words) needs `today`.
    An impossible date is a ValueError that names it."""
    text = " ".join(text.split())
    wanted = text.lower()
    if wanted in _RELATIVE and today is not None:
        return today + timedelta(days=_RELATIVE[wanted])
    found = _DAY.fullmatch(text)
    if found:
        year, month, day = (int(part) for part in found.groups())
    elif named := _named_day(wanted):
        day, month = int(named["day"]), _MONTH_NUMBERS[named["month"][:3]]
        if named["year"] is None and today is None:
            raise ValueError(f"{text!r} needs a year, e.g. {text} 2026")
        year = int(named["year"]) if named["year"] else today.year
    else:
        raise ValueError(
            f"{text!r} is not a date; use YYYY-MM-DD, 24 Feb, Feb 24, today or tomorrow"
        )
    try:
        return date(year, month, day)
    except ValueError:
        if year < 1:
            raise ValueError(f"{text} is not a date: there is no year {year}") from None
        if not 1 <= month <= 12:
            raise ValueError(f"{text} is not a date: there is no month {month}") from None
        raise ValueError(
            f"{text} is not a date: {MONTH_NAMES[month - 1]} {year} has no day {day}"
        ) from None


def _named_day(text: str) -> re.Match | None:
    found = _NAMED_DAY.fullmatch(text) or _NAMED_DAY_MONTH_FIRST.fullmatch(text)
    if found is None:
        return None
    month = found["month"]
    full = MONTH_NAMES[_MONTH_NUMBERS[month[:3]] - 1].lower()
    return found if full.startswith(month) or month == "sept" else None  # not "febx"


def on_this_date(studyset: Studyset, day: date | str) -> DayEvents:
    if isinstance(day, str):
        day = parse_day(day)
    served = studyset.served_events
    dated = [(e, when) for e in served if (when := event_day(e)) is not None]
    same_day = [e for e, when in dated if (when.month, when.day) == (day.month, day.day)]
    if same_day:
        return DayEvents(day, "day", sorted(same_day, key=_chronological))
    same_month = sorted((e for e in served if _event_month(e) == day.month), key=_by_day_of_month)
    if len(same_month) >= MONTH_MINIMUM or (same_month and not dated):
        return DayEvents(day, "month", _turned(same_month, day))
    coming = sorted(
        dated, key=lambda pair: (next_anniversary(pair[1], day), _chronological(pair[0]))
    )
    return DayEvents(day, "nearest", [e for e, _ in coming[:NEAREST_COUNT]])


def event_day(event: Event) -> date | None:
    """The day of a day-precision event, or None (other precisions, or a malformed date)."""
    if event.precision != "day":
        return None
    try:
        return date.fromisoformat(event.date)
    except ValueError:
        return None


def next_anniversary(when: date, day: date) -> date:
    """The first date after `day` with `when`'s month and day (29 February: 1 March)."""
    candidate = _in_year(when, day.year)
    return candidate if candidate > day else _in_year(when, day.year + 1)


def describe(studyset: Studyset, found: DayEvents, limit: int = 5) -> str:
    """The result worded for people, every event with its citation."""
    named = f"{found.date.day} {MONTH_NAMES[found.date.month - 1]}"
    if not found.events:
        return f"No event in the readings falls on {named}, nor any other day of the year."
    if found.match == "day":
        lines = [f"On this day, {named}:"]
    elif found.match == "month":
        lines = [f"No event in the readings falls on {named}. This month in the readings:"]
    else:
        lines = [f"No event in the readings falls on {named}. Coming up in the readings:"]
    for event in found.events[:limit]:
        # The date leads the line, so the event's own wording of it is left out; a plan the
        # readings reported ahead of its day is shown as one, not as a happening.
        told = undated(event.text, event.date)
        plan = " (a plan the readings reported)" * event.planned
        lines.append(f"• {_when(found, event)}{plan}: {told} ({studyset.citation(event.passage)})")
    if len(found.events) > limit:
        lines.append(f"… and {len(found.events) - limit} more.")
    return "\n".join(lines)


def _when(found: DayEvents, event: Event) -> str:
    ago = found.years_ago(event)
    if found.match == "day":
        return f"{event.date[:4]}, " + (
            f"{ago} year{'s' * (ago != 1)} ago" if ago > 0 else "this very year"
        )
    if found.match == "nearest":
        coming = found.anniversary(event)
        days = (coming - found.date).days
        return f"{_spelled(event)} (anniversary in {days} day{'s' * (days != 1)})"
    return _spelled(event)


def _spelled(event: Event) -> str:
    year, month, day = [*event.date.split("-"), "", ""][:3]
    if event.precision == "day" and day:
        return f"{int(day)} {MONTH_NAMES[int(month) - 1]} {year}"
    if event.precision == "month" and month:
        return f"{MONTH_NAMES[int(month) - 1]} {year}"
    return year


def _in_year(when: date, year: int) -> date:
    try:
        return when.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def _event_month(event: Event) -> int | None:
    if event.precision not in ("day", "month"):
        return None
    found = re.fullmatch(r"\d{4}-(\d{2})(?:-\d{2})?", event.date)
    month = int(found.group(1)) if found else 0
    return month if 1 <= month <= 12 else None


def _chronological(event: Event) -> tuple[str, str]:
    return (event.date, event.id)


def _by_day_of_month(event: Event) -> tuple[str, str, str]:
    # Month-precision events ("2022-06") sort before the month's dated days.
    return (event.date[8:10], event.date[:4], event.id)


def _turned(events: list[Event], day: date) -> list[Event]:
    """The same events led by one that moves on each day; the rest keep their order."""
    if not events:
        return []
    lead = events[day.toordinal() % len(events)]
    return [lead, *(e for e in events if e is not lead)]
