"""Relative dates in news resolve against the publication date, and only with one."""

from __future__ import annotations

import pytest

from content.events import events_in
from content.relative_dates import relative_dates

WEDNESDAY = "2015-03-18"


def dates(sentence: str, published: str = WEDNESDAY) -> list[tuple[str, str]]:
    return [(date, precision) for date, precision, *_ in relative_dates(sentence, published)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen opened fire on Wednesday, killing 19.", [("2015-03-18", "day")]),
        ("Late Thursday the talks ended.", [("2015-03-12", "day")]),
        ("Officials said Monday that the border was shut.", [("2015-03-16", "day")]),
        ("He will travel on to Ethiopia on Sunday.", [("2015-03-22", "day")]),
        ("The plan, officials said late Tuesday, will go ahead.", [("2015-03-17", "day")]),
        ("Last Wednesday it rained.", [("2015-03-11", "day")]),
        ("Next Wednesday the vote is held.", [("2015-03-25", "day")]),
        ("Yesterday it snowed.", [("2015-03-17", "day")]),
        ("A study published just last month found it.", [("2015-02", "month")]),
        ("Profits fell last year and will rise next year.", [("2014", "year"), ("2016", "year")]),
        ("Black Friday sales beat Super Tuesday turnout.", []),
        ("On Mondays the museum is closed.", []),
        ("Today, chaos theory is part of the repertoire.", []),
    ],
)
def test_resolved_against_the_publication_day(sentence, expected):
    assert dates(sentence) == expected


def test_without_a_precise_enough_publication_date_nothing_is_resolved():
    assert dates("It opened on Wednesday, last month.", "") == []
    assert dates("It opened on Wednesday, last month.", "2015") == []
    assert dates("It opened on Wednesday, last month.", "2015-03") == [("2015-02", "month")]
    assert dates("The January figures came last month.", "2015-01-20") == [("2014-12", "month")]


def test_events_use_relative_dates_only_with_a_publication_date():
    sentence = "Gunmen opened fire at the Bardo National Museum on Wednesday."
    assert events_in(sentence, "a") == []
    (event,) = events_in(sentence, "a", WEDNESDAY)
    # Shown on its date, the post needs no "on Wednesday".
    told = "Gunmen opened fire at the Bardo National Museum."
    assert (event.date, event.precision, event.text) == ("2015-03-18", "day", told)


def test_a_stated_day_wins_over_a_relative_one():
    sentence = "On Wednesday, 18 March 2015, gunmen opened fire at the museum."
    assert [e.date for e in events_in(sentence, "a", "2015-03-20")] == ["2015-03-18"]
