"""On this date: day matches, honest fallbacks that turn with the date, impossible dates."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from content.calendar import MONTH_NAMES, describe, on_this_date, parse_day
from content.events import dates_in
from content.model import Article, Event, Passage, Studyset


def _studyset(*events: tuple[str, str, str]) -> Studyset:
    article = Article("a1", "Japan and NATO", ("Ann Author",), "a1.txt", "0" * 64)
    passages = tuple(Passage(f"a1-p{i}", "a1", i, f"Paragraph {i}.") for i in range(3))
    return Studyset(
        articles=(article,),
        passages=passages,
        events=tuple(
            Event(f"e{i}", when, precision, text, "a1", f"a1-p{i % 3}")
            for i, (when, precision, text) in enumerate(events)
        ),
    )


READINGS = _studyset(
    ("2007-03-13", "day", "Japan and Australia sign a security declaration."),
    ("2014-05-06", "day", "Japan and NATO sign the IPCP."),
    ("2023-07-12", "day", "Japan and NATO agree the ITPP."),
    ("2022-06", "month", "Kishida attends the Madrid summit."),
    ("2022-06-29", "day", "NATO adopts its Strategic Concept in Madrid."),
    ("2019", "year", "Something happens in 2019."),
    ("2024-02-29", "day", "A leap-day event."),
)


def test_same_day_events_lead_with_years_ago():
    found = on_this_date(READINGS, date(2026, 5, 6))
    assert found.match == "day"
    assert [e.id for e in found.events] == ["e1"]
    assert found.years_ago(found.events[0]) == 12
    text = describe(READINGS, found)
    assert text.startswith("On this day, 6 May:")
    assert "12 years ago" in text
    assert "“Japan and NATO” by Ann Author, paragraph 2" in text


def test_month_fallback_is_labelled_and_never_passes_for_today():
    found = on_this_date(READINGS, date(2026, 6, 2))
    assert found.match == "month"
    assert {e.id for e in found.events} == {"e3", "e4"}
    text = describe(READINGS, found)
    assert text.startswith("No event in the readings falls on 2 June. This month in the readings:")
    assert "29 June 2022" in text and "June 2022" in text
    assert "years ago" not in text


def test_nearest_fallback_names_each_events_own_date():
    found = on_this_date(READINGS, date(2026, 11, 21))
    assert found.match == "nearest"
    # the three coming anniversaries after 21 November, soonest first: 29 Feb (1 Mar), 13 Mar,
    # 6 May
    assert [e.id for e in found.events] == ["e6", "e0", "e1"]
    text = describe(READINGS, found)
    assert "No event in the readings falls on 21 November. Coming up in the readings:" in text
    assert "13 March 2007 (anniversary in 112 days)" in text


def test_withheld_events_are_never_shown():
    readings = _studyset(("2014-05-06", "day", "Japan and NATO sign the IPCP."))
    withheld = replace(readings.events[0], id="w", date="2014-05-07", withheld="footnote")
    readings = replace(readings, events=(*readings.events, withheld))
    assert on_this_date(readings, date(2026, 5, 7)).match == "nearest"
    assert [e.id for e in on_this_date(readings, date(2026, 5, 7)).events] == ["e0"]


@pytest.mark.parametrize("start", [date(2026, 6, 1), date(2026, 6, 10)])
def test_consecutive_days_do_not_all_lead_with_the_same_month_event(start):
    week = [on_this_date(READINGS, start + timedelta(days=n)) for n in range(7)]
    fallbacks = [found for found in week if found.match == "month"]
    assert len(fallbacks) >= 5
    assert len({found.events[0].id for found in fallbacks}) > 1
    # and the order is a pure function of the date
    assert on_this_date(READINGS, start).events == week[0].events


def test_a_leap_day_event_matches_only_on_a_leap_day():
    assert on_this_date(READINGS, date(2028, 2, 29)).match == "day"
    found = on_this_date(READINGS, date(2027, 2, 28))
    assert found.match == "nearest"
    assert found.anniversary(next(e for e in found.events if e.id == "e6")) == date(2027, 3, 1)


def test_no_dated_events_at_all():
    found = on_this_date(_studyset(("2019", "year", "A year event.")), date(2026, 1, 1))
    assert found.events == []
    assert "nor any other day" in describe(READINGS, found)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("2026-02-30", "February 2026 has no day 30"),
        ("2026-13-01", "no month 13"),
        ("0000-01-01", "no year 0"),
        ("2026-04-31", "April 2026 has no day 31"),
        ("someday", "'someday' is not a date"),
        ("febx 3", "'febx 3' is not a date"),
        ("24 Feb", "needs a year"),
        ("2026-2-3", "YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_named(text, named):
    with pytest.raises(ValueError, match=named):
        parse_day(text)
    with pytest.raises(ValueError, match=named):
        on_this_date(READINGS, text)


def test_parse_day_accepts_real_dates():
    assert parse_day(" 2028-02-29 ") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("24 Feb", date(2026, 2, 24)),
        ("Feb 24", date(2026, 2, 24)),
        ("24th February", date(2026, 2, 24)),
        ("february 24, 2027", date(2027, 2, 24)),
        ("3 Sept 2028", date(2028, 9, 3)),
        ("Dec. 1st", date(2026, 12, 1)),
        ("tomorrow", date(2026, 3, 1)),
        ("Yesterday", date(2026, 2, 27)),
        ("today", date(2026, 2, 28)),
        ("2026-02-24", date(2026, 2, 24)),
    ],
)
def test_parse_day_reads_the_usual_forms(text, day):
    assert parse_day(text, today=date(2026, 2, 28)) == day


def test_a_day_without_a_year_is_checked_against_this_year():
    with pytest.raises(ValueError, match="February 2026 has no day 29"):
        parse_day("29 Feb", today=date(2026, 2, 28))


def test_bundled_content_every_day_of_a_year(bundled):
    year = [on_this_date(bundled, date(2028, 1, 1) + timedelta(days=n)) for n in range(366)]
    for found in year:
        for event in found.events:
            assert not event.withheld
            if found.match == "day":
                assert event.date[5:] == f"{found.date:%m-%d}"
        if found.match == "nearest":
            coming = [found.anniversary(e) for e in found.events]
            assert coming == sorted(coming), found.date
        assert describe(bundled, found)
    for start in range(len(year) - 7):
        week = [found for found in year[start : start + 7] if found.match == "month"]
        if len(week) == 7 and len(week[0].events) > 1:
            assert len({found.events[0].id for found in week}) > 1, week[0].date


@pytest.fixture
def content_file(tmp_path) -> Path:
    path = tmp_path / "studyset.json"
    path.write_text(json.dumps(READINGS.to_dict()), encoding="utf-8")
    return path


def test_cli_json(content_file, capsys):
    assert (
        main(["onthisdate", "--content", str(content_file), "--date", "2026-05-06", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == "2026-05-06" and out["match"] == "day"
    [event] = out["events"]
    assert event["id"] == "e1" and event["years_ago"] == 12 and event["precision"] == "day"
    assert event["article"] == "a1" and event["passage"] == "a1-p1"
    assert event["planned"] is False


def test_cli_text_and_default_date(content_file, capsys, monkeypatch):
    monkeypatch.setenv("STUDYBOT_TIMEZONE", "Pacific/Kiritimati")
    before = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert main(["onthisdate", "--content", str(content_file)]) == 0
    after = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    out = capsys.readouterr().out
    assert any(f"{d.day} {MONTH_NAMES[d.month - 1]}" in out for d in (before, after))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--date", "2026-02-30"], "2026-02-30 is not a date"),
        (["--content", "/nonexistent/studyset.json"], "no content file at /nonexistent"),
    ],
)
def test_cli_mistakes_are_answered(content_file, capsys, argv, message):
    assert main(["onthisdate", "--content", str(content_file), *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_cli_unknown_time_zone(content_file, capsys, monkeypatch):
    monkeypatch.setenv("STUDYBOT_TIMEZONE", "Mars/Olympus")
    assert main(["onthisdate", "--content", str(content_file)]) == 2
    assert "STUDYBOT_TIMEZONE: “Mars/Olympus” is not a time zone name" in capsys.readouterr().err


def test_a_post_gives_the_date_once_and_a_plan_as_a_plan():
    readings = _studyset(
        ("2022-02-24", "day", "The Russian invasion of Ukraine began on 24 February 2022."),
        ("2023-07-11", "day", "In 2023, on the 11th of July, Kishida was scheduled to attend."),
    )
    planned = replace(readings.events[1], planned=True)
    readings = replace(readings, events=(readings.events[0], planned))
    text = describe(readings, on_this_date(readings, date(2026, 2, 24)))
    assert "• 2022, 4 years ago: The Russian invasion of Ukraine began. (" in text
    text = describe(readings, on_this_date(readings, date(2026, 7, 11)))
    assert (
        "• 2023, 3 years ago (a plan the readings reported): Kishida was scheduled to attend."
        in (text)
    )


def test_bundled_posts_say_each_events_date_once(bundled):
    shown: dict[str, Event] = {}
    for n in range(366):
        found = on_this_date(bundled, date(2028, 1, 1) + timedelta(days=n))
        lines = describe(bundled, found).splitlines()[1:]
        for event, line in zip(found.events, lines, strict=False):
            told = line.split(": ", 1)[1]
            assert not [d for d in dates_in(told) if event.date.startswith(d.date)], line
            assert ("(a plan the readings reported):" in line) == event.planned, line
            assert told[0].isupper(), line
            shown[event.id] = event
    # the events themselves do say their dates, and one is a plan: the test can fail
    assert sum(bool(dates_in(e.text)) for e in shown.values()) >= 3
    assert any(e.planned for e in shown.values())
