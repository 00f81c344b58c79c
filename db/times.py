"""Datetimes as stored: integer microseconds since the Unix epoch in UTC.

Numbers sort and compare exactly in SQL; every value comes back as an aware UTC datetime.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def to_micros(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: the store needs timezone-aware datetimes")
    return (moment - EPOCH) // _MICROSECOND


def from_micros(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def maybe_micros(moment: datetime | None) -> int | None:
    return None if moment is None else to_micros(moment)


def maybe_datetime(micros: int | None) -> datetime | None:
    return None if micros is None else from_micros(micros)


def zone(name: str) -> ZoneInfo:
    """The named IANA time zone; ValueError with a readable message if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)"
        ) from error


def week_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 of the week containing `now` in `timezone`, and the next Monday 00:00."""
    local = now.astimezone(zone(timezone))
    monday = (local - timedelta(days=local.weekday())).date()
    start = datetime(monday.year, monday.month, monday.day, tzinfo=local.tzinfo)
    following = monday + timedelta(days=7)
    end = datetime(following.year, following.month, following.day, tzinfo=local.tzinfo)
    return start, end
