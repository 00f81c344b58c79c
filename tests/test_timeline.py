"""Timeline questions: one right choice the readings settle, near neighbours, each event asked once."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from content.check import check_studyset
from content.events import backdrop, dates_in, undated
from content.model import Article, Event, Passage, Studyset
from content.timeline import (
    CHOICES,
    FIRST,
    KIND,
    LAST,
    LONGEST,
    MOST_SHOWN,
    STANDS_OUT,
    generate,
    settled,
)


def _events(*dated: tuple[str, str]) -> tuple[Event, ...]:
    return tuple(
        Event(f"e-{n}", date, ("year", "month", "day")[date.count("-")], text, "a", f"a-{n:03d}")
        for n, (date, text) in enumerate(dated)
    )


def _studyset(
    events: tuple[Event, ...],
    notes: tuple[str, ...] = (),
    authors: tuple[str, ...] = ("Ann Lee",),
    published: str = "",
) -> Studyset:
    passages = tuple(Passage(e.passage, "a", n, e.text) for n, e in enumerate(events))
    passages += tuple(
        Passage(f"a-{n:03d}", "a", n, note) for n, note in enumerate(notes, len(passages))
    )
    article = Article("a", "Harbours: A History", authors, "a.txt", "0" * 64, published=published)
    return Studyset(articles=(article,), passages=passages, events=events)


HAPPENINGS = (
    ("2001", "In 2001, Norway opened the harbour at Bergen."),
    ("2003", "In 2003, the Coastal Council met in Oslo."),
    ("2005", "In 2005, a storm closed the port of Tromsø."),
    ("2007", "In 2007, Denmark signed the Baltic fishing accord."),
    ("2009", "In 2009, Sweden built a lighthouse on Gotland."),
    ("2011", "In 2011, Finland joined the ferry union."),
    ("2013", "In 2013, Iceland rebuilt the quay at Reykjavik."),
)


def _served(questions):
    return [q for q in questions if not q.withheld]


def _date_of(studyset: Studyset):
    told = {undated(e.text, e.date): e for e in studyset.events}
    return lambda choice: told[choice].date


# --- on the items the real build makes ---


def test_served_timeline_questions_have_one_right_choice_the_readings_settle(bundled):
    served = [q for q in bundled.served_questions if q.kind == KIND]
    assert len(served) >= 4  # the bundled readings tell a dozen and more events
    told = {undated(e.text, e.date): e for e in bundled.served_events}
    for q in served:
        events = [told[c] for c in q.choices]  # every choice is a served event, as it is shown
        assert len(events) == CHOICES and not any(e.planned for e in events), q.id
        assert all(settled(a, b) for a in events for b in events if a is not b), q.id
        answer = told[q.answer]
        ends = min(events, key=lambda e: e.date) if q.prompt == FIRST else None
        ends = ends or max(events, key=lambda e: e.date)
        assert q.prompt in (FIRST, LAST) and answer is ends, q.id
        assert not any(dates_in(c) for c in q.choices), q.id  # no choice states a year
        assert q.passage == answer.passage and q.article == answer.article


def test_each_served_event_is_asked_once_at_most_and_shown_twice_at_most(bundled):
    served = [q for q in bundled.served_questions if q.kind == KIND]
    answers = Counter(q.answer for q in served)
    assert max(answers.values()) == 1
    shown = Counter(c for q in served for c in q.choices)
    assert max(shown.values()) <= MOST_SHOWN
    usable = {
        worded
        for e in bundled.served_events
        if not e.planned
        and not dates_in(worded := undated(e.text, e.date))
        and len(worded) <= LONGEST
    }
    assert set(shown) == usable  # the questions cover every event they may show


def test_the_reveal_gives_each_choices_date_and_where_the_readings_say_it(bundled):
    served = [q for q in bundled.served_questions if q.kind == KIND]
    for q in served:
        lines = q.explanation.splitlines()
        assert lines[0] == "In order:" and len(lines) == 1 + CHOICES
        shown = [line.split(": ", 1)[1].rsplit(" — ", 1)[0] for line in lines[1:]]
        assert sorted(shown) == sorted(c.rstrip(".") for c in q.choices)
        assert all(", paragraph " in line for line in lines[1:])
    # a date only its footnote writes ("security accord with Kyiv,[2]") is cited to the note
    accord = next(line for q in served for line in q.explanation.splitlines() if "Kyiv" in line)
    assert accord.startswith("13 June 2024: ") and accord.endswith(" and note 2")


# Independent of the events module's cuts: what a writer hangs after the happening.
_HUNG = re.compile(r"[“”\"—–]|, an? |,? (?:after|before|while) [a-z]+ing\b")


def test_served_timeline_choices_are_short_plain_statements(bundled):
    served = [q for q in bundled.served_questions if q.kind == KIND]
    raw = " ".join(
        p.text for p in bundled.passages if any(e.passage == p.id for e in bundled.served_events)
    )
    assert len(_HUNG.findall(raw)) >= 3  # the readings do hang such tails on events: it can fail
    for q in served:
        for choice in q.choices:
            assert len(choice) <= LONGEST and not _HUNG.search(choice), choice


def test_a_served_timeline_answer_does_not_stand_out_by_its_length(bundled):
    served = [q for q in bundled.served_questions if q.kind == KIND]
    for q in served:
        others = [len(c) for c in q.choices if c != q.answer]
        assert len(q.answer) <= STANDS_OUT * max(others), q.choices


def test_no_served_timeline_question_shows_two_pieces_of_world_news(bundled):
    news = {e.text for e in bundled.served_events if backdrop(e.text)}
    assert len(news) >= 2  # the readings argue from the invasion and the attack: it can fail
    told = {undated(e.text, e.date): e.text for e in bundled.served_events}
    for q in bundled.served_questions:
        if q.kind == KIND:
            assert sum(told[c] in news for c in q.choices) <= 1, q.choices


def test_an_event_too_long_for_a_choice_is_withheld_not_asked(bundled):
    long = [q for q in bundled.questions if q.kind == KIND and q.withheld == "too-long"]
    assert long and all(len(q.answer) > LONGEST for q in long)


def test_a_served_event_whose_words_state_a_year_is_withheld_not_asked(bundled):
    named = [q for q in bundled.questions if q.kind == KIND and q.withheld == "names-its-date"]
    assert named and all(dates_in(q.answer) for q in named)  # "at the 2023 NATO summit"


def test_the_bundled_timeline_questions_pass_the_content_check(bundled):
    timeline = tuple(q for q in bundled.questions if q.kind == KIND)
    assert check_studyset(replace(bundled, questions=timeline)) == []


# --- on hand-made events ---


def test_fewer_than_four_events_make_no_question():
    assert generate(_studyset(_events(*HAPPENINGS[:3]))) == []
    assert len(_served(generate(_studyset(_events(*HAPPENINGS[:4]))))) == 1


def test_questions_scale_with_the_events_and_take_turns_first_and_most_recent():
    questions = generate(_studyset(_events(*HAPPENINGS)))
    assert [q.prompt for q in questions] == [FIRST, LAST]  # 7 events: two questions show all
    first, last = questions
    assert first.answer == "Norway opened the harbour at Bergen."  # 2001, beside 2003-2007
    assert last.answer == "Iceland rebuilt the quay at Reykjavik."  # 2013, beside 2007-2011
    assert "Sweden built a lighthouse on Gotland." in last.choices


def test_choices_are_the_nearest_events_not_an_obvious_spread():
    studyset = _studyset(_events(("1961", "In 1961, Japan founded the Escort Force."), *HAPPENINGS))
    first = generate(studyset)[0]
    years = sorted(_date_of(studyset)(c) for c in first.choices)
    assert years == ["1961", "2001", "2003", "2005"]


@pytest.mark.parametrize(
    ("one", "other", "apart"),
    [
        ("2023", "2024", True),
        ("2024-06", "2024-07", True),
        ("2024-06-13", "2024-07", True),
        ("2024-06-13", "2024-06-20", True),
        ("2024", "2024-06", False),  # "2024" may be before or after June 2024
        ("2024-06", "2024-06-13", False),
        ("2014", "2014", False),
    ],
)
def test_two_events_are_ordered_only_when_their_dates_differ_at_the_coarser_precision(
    one, other, apart
):
    a, b = _events((one, "A happened."), (other, "B happened."))
    assert settled(a, b) is settled(b, a) is apart


def test_no_two_choices_whose_order_the_dates_leave_open():
    events = _events(
        ("2010", "In 2010, Norway opened the harbour at Bergen."),
        ("2014", "In 2014, the Coastal Council met in Oslo."),
        ("2014", "In 2014, a storm closed the port of Tromsø."),
        ("2015", "In 2015, Denmark signed the Baltic fishing accord."),
        ("2016", "In 2016, Sweden built a lighthouse on Gotland."),
    )
    studyset = _studyset(events)
    for q in _served(generate(studyset)):
        years = [_date_of(studyset)(c) for c in q.choices]
        assert years.count("2014") <= 1, q.choices


def test_two_choices_never_name_the_same_thing():
    events = _events(
        ("1961", "In 1961, Japan established the Fleet Escort Force (FEF)."),
        ("1963", "In 1963, the navy abolished the Fleet Escort Force (FEF)."),
        *HAPPENINGS[:3],
    )
    questions = generate(_studyset(events))
    assert questions  # "established" before "abolished" would tell the order, not the readings
    for q in questions:
        assert sum("Fleet Escort Force" in c for c in q.choices) <= 1, q.choices


def test_one_happening_two_readings_date_apart_is_never_two_choices():
    events = _events(
        ("2001", "In 2001, Norway opened the harbour at Bergen."),
        ("2002", "In 2002, Norway opened the harbour at Bergen."),
        *HAPPENINGS[1:4],
    )
    for q in generate(_studyset(events)):
        assert len({c.casefold() for c in q.choices}) == CHOICES, q.choices


def test_an_event_longer_than_a_choice_may_be_is_withheld_and_never_a_choice():
    long = "In 2002, Sweden " + "and ".join(f"opened the {n} harbour " for n in "ABCDEFGHIJKLM")
    long = long.strip() + "."
    questions = generate(_studyset(_events(*HAPPENINGS[:4], ("2002", long))))
    assert len(undated(long, "2002")) > LONGEST
    assert [q.withheld for q in questions if "Sweden" in q.answer] == ["too-long"]
    assert not any("Sweden" in c for q in _served(questions) for c in q.choices)


LONG_2001 = (
    "2001",
    "In 2001, Norway opened the deep-water harbour at Bergen to the merchant fleets of Denmark, "
    "Sweden, Finland and Iceland.",
)
LONG_2009 = (
    "2009",
    "In 2009, Sweden built a lighthouse on Gotland to guide the grain ships of Riga, Tallinn and "
    "Gdansk.",
)


def test_the_answer_never_stands_out_by_its_length_a_farther_long_event_is_chosen():
    studyset = _studyset(_events(LONG_2001, *HAPPENINGS[1:4], LONG_2009))
    first = generate(studyset)[0]
    assert first.prompt == FIRST and first.answer.startswith("Norway opened")
    years = sorted(_date_of(studyset)(c) for c in first.choices)
    assert years == ["2001", "2003", "2005", "2009"]  # not 2007's short one, the nearest


def test_an_answer_that_would_stand_out_is_not_asked():
    questions = generate(_studyset(_events(LONG_2001, *HAPPENINGS[1:5])))
    assert not any(q.answer.startswith("Norway opened") for q in questions)


def test_two_happenings_told_from_their_names_alone_are_never_two_choices():
    # general knowledge orders a war and an attack: the readings would decide nothing
    events = _events(
        ("2001", "In 2001, Norway opened the harbour at Bergen."),
        ("2002-03-01", "The Danish invasion of Iceland began on 1 March 2002."),
        ("2003-05-02", "The Swedish attack on Gotland took place on 2 May 2003."),
        *HAPPENINGS[3:6],
    )
    questions = _served(generate(_studyset(events)))
    assert questions
    for q in questions:
        assert not (
            "The Danish invasion of Iceland began." in q.choices
            and "The Swedish attack on Gotland took place." in q.choices
        ), q.choices


def test_planned_and_withheld_events_are_never_choices():
    events = _events(
        *HAPPENINGS[:4],
        ("2002", "In 2002, the fleet was scheduled to meet at Kiel."),
        ("2004", "In 2004, the king opened a canal."),
    )
    events = (*events[:4], replace(events[4], planned=True), replace(events[5], withheld="x"))
    (question,) = generate(_studyset(events))
    assert not any("Kiel" in c or "canal" in c for c in question.choices)


def test_an_event_whose_words_still_state_a_year_is_withheld_and_never_a_choice():
    events = _events(*HAPPENINGS[:4], ("2002", "Denmark joined the accord at the 2002 summit."))
    questions = generate(_studyset(events))
    withheld = [q for q in questions if q.withheld]
    assert [q.withheld for q in withheld] == ["names-its-date"]
    assert withheld[0].answer == "Denmark joined the accord at the 2002 summit."
    served = _served(questions)
    assert served and not any("summit" in c for q in served for c in q.choices)


def test_an_event_told_by_its_weekday_is_withheld_and_never_a_choice():
    # "on Wednesday" is a date only beside the article's publication day
    museum = ("2015-03-18", "Gunmen opened fire at the museum in Tunis on Wednesday.")
    questions = generate(_studyset(_events(*HAPPENINGS[:4], museum), published="2015-03-20"))
    assert [q.withheld for q in questions if "Wednesday" in q.answer] == ["names-its-date"]
    assert not any("Wednesday" in c for q in _served(questions) for c in q.choices)


def test_the_question_cites_its_answer_and_the_note_that_dates_an_event():
    events = _events(("2000-06-13", "Japan formed a security accord with Kyiv."), *HAPPENINGS[:3])
    studyset = _studyset(events, notes=("Note 2: Signed in Apulia on June 13, 2000.",))
    (q,) = generate(studyset)
    assert q.prompt == FIRST and q.passage == "a-000" and q.article == "a"
    assert q.sources == ("a-000", "a-004", "a-001", "a-002", "a-003")  # note, then the others
    assert q.explanation.splitlines()[1:] == [
        "13 June 2000: Japan formed a security accord with Kyiv — Lee, paragraph 1 and note 2",
        "2001: Norway opened the harbour at Bergen — Lee, paragraph 2",
        "2003: The Coastal Council met in Oslo — Lee, paragraph 3",
        "2005: A storm closed the port of Tromsø — Lee, paragraph 4",
    ]


def test_an_event_is_a_choice_of_two_questions_at_most():
    # the three 2010 events are ordered only beside the earlier years, not beside one another
    events = _events(
        *HAPPENINGS[:4],
        ("2010", "In 2010, Norway sold its last whaler."),
        ("2010-05", "In May 2010, the Coastal Council moved to Bergen."),
        ("2010-05-03", "On 3 May 2010, Sweden closed the port of Visby."),
    )
    questions = generate(_studyset(events))
    shown = Counter(c for q in questions for c in q.choices)
    assert len(questions) == 2 and max(shown.values()) == MOST_SHOWN


def test_an_article_of_many_or_no_authors_is_cited_by_its_title():
    for authors in ((), ("Ann Lee", "Bo Berg", "Cy Dahl")):
        (q,) = generate(_studyset(_events(*HAPPENINGS[:4]), authors=authors))
        assert q.explanation.splitlines()[1] == (
            "2001: Norway opened the harbour at Bergen — “Harbours”, paragraph 1"
        )


def test_a_question_names_the_passage_of_every_event_it_shows(bundled):
    # the draw keeps a timeline question apart from questions on these passages, the answer's
    # own among them, even when all four events come from one paragraph
    for q in (q for q in bundled.questions if q.kind == KIND):
        told = {e.passage for e in bundled.events if undated(e.text, e.date) in q.choices}
        assert q.passage in q.sources and told <= set(q.sources)
