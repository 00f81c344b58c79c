"""Schedule time arithmetic: local wall-clock times in a community's zone, correct across DST.

Comparisons happen in UTC: two datetimes sharing one ZoneInfo compare by wall time and ignore
`fold`, which is wrong for the repeated hour when clocks go back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process, utils

from bot.core.text import quoted

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NEAR_ZONES = 3  # suggestions for a zone name that is not one


@cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone name, by its casefolded spelling. The tzdata package's list, not the
    system's zoneinfo folder, which also holds folders ("Europe") and files that name no zone
    (localtime, posixrules); "Factory" is a placeholder, not a place."""
    listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return {name.casefold(): name for name in listed if name != "Factory"}


def zone_name(text: str) -> str:
    """The IANA spelling of a zone name typed in any case; ValueError naming near misses."""
    wanted = str(text).strip()
    found = _zone_names().get(wanted.casefold())
    if found is not None:
        return found
    near = process.extract(
        wanted[:64],
        list(_zone_names().values()),
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=NEAR_ZONES,
        score_cutoff=85,
    )
    hint = (
        f"did you mean {', '.join(name for name, _, _ in near)}, …?"
        if near
        else "use one like Europe/Berlin or America/New_York"
    )
    raise ValueError(f"{quoted(wanted)} is not a time zone name; {hint}")


def zone(name: str) -> ZoneInfo:
    """The named IANA zone (any case); ValueError for anything else."""
    return ZoneInfo(zone_name(name))


def parse_local_time(text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(
            f"{quoted(text)} is not a time of day; use 24-hour HH:MM, e.g. 09:00."
        ) from None


def parse_weekday(text: str) -> int:
    word = text.strip().lower()
    if len(word) >= 2:
        for number, name in enumerate(WEEKDAYS):
            if name.startswith(word):
                return number
    raise ValueError(f"{quoted(text)} is not a weekday; use mon, tue, wed, thu, fri, sat or sun.")


def at_local(day: date, clock_time: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time. In the spring gap it lands just after the jump;
    in the autumn overlap it is the first of the two (fold=0)."""
    return datetime.combine(day, clock_time, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Occurrence:
    at: datetime  # UTC
    period: str  # the post log key: "2026-02-24" daily, "2026-W09" weekly
    local_day: date


def latest_occurrence(
    now: datetime, local_time: str, tz_name: str, weekday: int | None
) -> Occurrence:
    """The most recent time a schedule was due, at or before `now`."""
    tz = zone(tz_name)
    clock_time = parse_local_time(local_time)
    day = now.astimezone(tz).date()
    for _ in range(8):  # at most a week back, plus today when today's time is still ahead
        when = at_local(day, clock_time, tz)
        if when <= now and (weekday is None or day.weekday() == weekday):
            return Occurrence(when, _period(day, weekly=weekday is not None), day)
        day -= timedelta(days=1)
    raise AssertionError("a weekly time always recurs within eight days")


def local_today(now: datetime, tz_name: str) -> date:
    return now.astimezone(zone(tz_name)).date()


def _period(day: date, *, weekly: bool) -> str:
    if not weekly:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
