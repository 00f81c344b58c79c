"""Schedule arithmetic across DST changes, and the time words people type."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.core.timing import (
    latest_occurrence,
    parse_local_time,
    parse_weekday,
    zone,
    zone_name,
)

NY = "America/New_York"  # 2026: clocks go forward 8 March, back 1 November


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "due", "period"),
    [
        (utc(2026, 3, 7, 14, 0), utc(2026, 3, 7, 14, 0), "2026-03-07"),  # 09:00 EST
        (utc(2026, 3, 8, 13, 59), utc(2026, 3, 8, 13, 0), "2026-03-08"),  # 09:00 EDT
        (utc(2026, 3, 8, 12, 59), utc(2026, 3, 7, 14, 0), "2026-03-07"),  # not yet today
        (utc(2026, 11, 1, 14, 30), utc(2026, 11, 1, 14, 0), "2026-11-01"),  # back to EST
    ],
)
def test_daily_time_follows_the_wall_clock(now, due, period):
    found = latest_occurrence(now, "09:00", NY, None)
    assert (found.at, found.period) == (due, period)


def test_times_in_the_gap_and_the_repeated_hour():
    # 02:30 does not exist on 8 March: the post comes just after the jump, once.
    assert latest_occurrence(utc(2026, 3, 8, 12, 0), "02:30", NY, None).at == utc(2026, 3, 8, 7, 30)
    # 01:30 happens twice on 1 November: the first one counts (EDT, 05:30 UTC).
    first = latest_occurrence(utc(2026, 11, 1, 5, 45), "01:30", NY, None)
    assert first.at == utc(2026, 11, 1, 5, 30) and first.period == "2026-11-01"
    later = latest_occurrence(utc(2026, 11, 1, 6, 45), "01:30", NY, None)
    assert later.period == "2026-11-01"  # the second 01:30 is the same period: no second post


def test_weekly_occurrence_and_period():
    # Mondays 08:00 Berlin; Wednesday 4 March -> Monday 2 March 07:00 UTC, ISO week 10.
    found = latest_occurrence(utc(2026, 3, 4, 12, 0), "08:00", "Europe/Berlin", 0)
    assert found.at == utc(2026, 3, 2, 7, 0) and found.period == "2026-W10"
    # Just before this Monday's time: last week's.
    found = latest_occurrence(utc(2026, 3, 9, 6, 59), "08:00", "Europe/Berlin", 0)
    assert found.period == "2026-W10"
    # After the end of summer time the same wall time is an hour later in UTC.
    found = latest_occurrence(utc(2026, 10, 26, 12, 0), "08:00", "Europe/Berlin", 0)
    assert found.at == utc(2026, 10, 26, 7, 0)


def test_words_people_type():
    assert parse_local_time(" 9:05 ") == time(9, 5)
    assert [parse_weekday(w) for w in ("mon", "Tuesday", "SU")] == [0, 1, 6]
    for bad in ("25:00", "9", "noon", "9:60"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_local_time(bad)
    for bad in ("m", "xyz", ""):
        with pytest.raises(ValueError, match="weekday"):
            parse_weekday(bad)
    for bad in ("Mars/Base", "", "../etc/passwd", "Europe/"):
        with pytest.raises(ValueError):
            zone(bad)
    assert str(zone("Asia/Tokyo")) == "Asia/Tokyo"


@pytest.mark.parametrize(
    "bad", ["Europe", "America/Argentina", "x" * 300, "localtime", "posixrules", "Factory", "/"]
)
def test_only_real_zone_names_are_zones(bad):
    with pytest.raises(ValueError, match="is not a time zone name") as refused:
        zone(bad)
    assert len(str(refused.value)) < 200


def test_zone_names_ignore_case_and_misses_get_suggestions():
    assert zone_name("europe/BERLIN") == "Europe/Berlin"
    assert str(zone("utc")) == "UTC"
    with pytest.raises(ValueError, match="Europe/Berlin"):
        zone_name("Europe/Berln")
    with pytest.raises(ValueError, match="America/New_York"):
        zone_name("new york")
    with pytest.raises(ValueError, match="Europe/"):
        zone_name("Europe")
