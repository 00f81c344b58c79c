"""Events: what happened, when, in a sentence that stands alone; sources and dates of
publication kept but withheld."""

from __future__ import annotations

from collections import Counter

import pytest

from content.events import dates_in, events_in, note_dates, notes_in
from content.name_forms import name_forms
from content.readers.clean import note_citations
from content.standalone import quotes_balanced, standalone


def _served(found):
    return [(f.date, f.text) for f in found if not f.withheld]


def test_a_footnote_is_never_an_event():
    found = events_in("Note 2: “Accord with Japan,” President of Ukraine, June 13, 2024.", "a")
    assert [(f.date, f.withheld) for f in found] == [("2024-06-13", "footnote")]


def test_an_articles_own_date_line_is_not_an_event():
    found = events_in("(2025/03/28)", "a")
    assert [(f.date, f.withheld) for f in found] == [("2025-03-28", "publication-date")]


def test_a_footnote_dates_the_sentence_that_cites_it():
    raw = "Japan formed a security accord with Kyiv,[2] which one could label deterrence plus."
    notes = notes_in(["Note 2: “Ukraine Signed an Accord,” President of Ukraine, June 13, 2024."])
    cited = note_dates(note_citations([raw]), notes)
    body = "Japan formed a security accord with Kyiv, which one could label deterrence plus."
    assert _served(events_in(body, "a", cited=cited)) == [("2024-06-13", body)]
    # a sentence that only describes is not dated by the paper it cites
    raw = "JMSDF is similar to the approach of the US Navy.[4] It grew."
    notes = {"4": "T. Rowden, “Distributed Lethality,” (January 2015): 1343."}
    cited = note_dates(note_citations([raw]), notes)
    assert cited
    body = "JMSDF is similar to the approach of the US Navy."
    assert _served(events_in(body, "a", cited=cited)) == []


def test_a_note_with_no_single_date_dates_nothing():
    cited = note_citations(["Japan formed a security accord with Kyiv,[1] and more."])
    assert note_dates(cited, {"1": "Report, 2023 and June 2024 and July 2024."}) == {}
    assert note_dates(cited, {"1": "A book without a date."}) == {}


def test_two_dated_facts_get_a_clause_each():
    text = (
        "Relations expanded in 2006 when Aso Taro attended a council meeting, and again in 2007 "
        "when Shinzo Abe visited NATO headquarters."
    )
    assert _served(events_in(text, "a")) == [
        ("2006", "Relations expanded in 2006 when Aso Taro attended a council meeting."),
        ("2007", "Relations expanded again in 2007 when Shinzo Abe visited NATO headquarters."),
    ]


def test_two_dates_that_cannot_be_divided_are_withheld():
    found = events_in("Japan signed treaties in 2006 and 2007 with Australia.", "a")
    assert {f.withheld for f in found} == {"two-dates"}


def test_a_pronoun_is_resolved_or_the_event_withheld():
    text = (
        "Fumio Kishida made history by attending the 2022 summit. In 2023, on the 11th and 12th "
        "of July, he is again scheduled to attend the NATO summit."
    )
    assert (
        "2023-07-11",
        "In 2023, on the 11th and 12th of July, Fumio Kishida is again scheduled to attend the "
        "NATO summit.",
    ) in _served(events_in(text, "a"))
    found = events_in("This level of connectivity received attention in 2024.", "a")
    assert [f.withheld for f in found] == ["context-dependent"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The reality is that both sides have been strengthening ties since 2007.",
        "Russia’s use of disinformation in the 2016 US elections has ramifications for Japan.",
        "The revised 1960 treaty also contains an Article 5 obligation.",
        "China’s rise pushed this urgency, which was still nonexistent in 2014.",
        "The article argues that ties shifted after 2001.",
    ],
)
def test_states_and_arguments_are_not_events(sentence):
    assert [f.withheld for f in events_in(sentence, "a")] == ["not-an-event"]


# -- the events the build really makes ------------------------------------------------------


@pytest.fixture
def served(bundled):
    return bundled.served_events


def test_served_events_are_no_sources_nor_publication_dates(served):
    for event in served:
        assert not event.text.startswith("Note "), event.text
        assert " is dated " not in event.text and not event.text.startswith("("), event.text
        assert dates_in(event.text) or event.precision == "day", event.text


def test_served_events_stand_alone(served):
    for event in served:
        assert standalone(event.text) == event.text, event.text
        assert event.text[0].isupper() and event.text.rstrip('”’"')[-1] in ".!?", event.text


def test_served_events_quote_whole_and_teach_no_disputed_name(bundled, served):
    forms = name_forms(bundled.passages)
    for event in served:
        assert quotes_balanced(event.text), event.text
        assert forms.disputed_in(event.text) == [], event.text


def test_a_quotation_the_sentence_cuts_off_is_withheld():
    found = events_in("In 2007, Abe declared: “The work ahead is simply too large.", "a")
    assert [f.withheld for f in found] == ["unbalanced-quotes"]


def test_no_sentence_is_served_under_two_dates(served):
    texts = Counter(e.text for e in served)
    assert [t for t, n in texts.items() if n > 1] == []
    assert all(len(dates_in(e.text)) <= 1 for e in served)


def test_withheld_events_stay_in_the_file_with_a_reason(bundled):
    reasons = Counter(e.withheld for e in bundled.events if e.withheld)
    assert reasons["footnote"] >= 4 and reasons["publication-date"] == 1
    assert set(reasons) <= {
        "footnote",
        "publication-date",
        "context-dependent",
        "two-dates",
        "not-an-event",
        "unbalanced-quotes",
        "too-long",
    }


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2022-02-24", "The Russian invasion of Ukraine, on 24 February 2022"),
        ("2023-10-07", "Hamas’ brutal terrorist attack on Israel, on 7 October 2023"),
        ("2023-07-11", "In 2023, on the 11th and 12th of July, Fumio Kishida is again scheduled"),
        ("2024-06-13", "Japan has embraced this concept by forming a security accord with Kyiv"),
    ],
)
def test_the_day_events_are_served_as_clean_sentences(served, date, words):
    texts = [e.text for e in served if e.date == date and e.precision == "day"]
    assert len(texts) == 1 and texts[0].startswith(words)
