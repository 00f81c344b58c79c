"""Timeline questions: which of these happened first, or most recently?

Made from the served events (content.events) that tell what happened, not what was planned.
The choices are four events in their own words without the date, as the daily post shows them.
The readings must settle their order beyond doubt: every two choices are apart at the coarser
of their two precisions (different years; one month and another; never "2024" beside "June
2024", nor "June 2024" beside "13 June 2024"), so just one choice is right, and a student who
knows the readings can put all four in order. Choices are as close in time as that allows:
the next events after the answer, for "first", the last ones before it, for "most recently".
Two choices never name the same thing ("established the Fleet Escort Force" beside "will
abolish the Fleet Escort Force" tells the order without the readings), nor are both the
readings' backdrop (a war and an attack told by their names alone: general knowledge orders
them), and no choice still
states a date ("at the 2023 NATO summit" tells the order; "on Wednesday" means nothing away from
its article). A choice is a short, plain statement: the events module cuts what the writer
hangs after the happening (a gloss, an apposition, a second happening), and an event still
longer than LONGEST characters is no choice. The answer is never conspicuously the longest:
some other choice is at least 1/STANDS_OUT of its length.

The questions cover the timeline from both ends in turn: the earliest event no question shows
yet is asked as "first", then the latest as "most recently", until every event is shown; an
event is the answer of one question at most and a choice of two. So a folder with a dozen
events gets four or five questions, one with fewer than four events none. An event whose words
still state a date, or run longer than a choice may, is kept as a withheld candidate
(`names-its-date`, `too-long`), so an instructor sees why it is never asked. The reveal gives every choice's date and where the readings say it.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache

from content import authors
from content.events import MONTHS, backdrop, dates_in, dating_note, undated
from content.model import Event, Question, Studyset
from content.relative_dates import relative_dates
from content.sentences import split_sentences

KIND = "timeline"
CHOICES = 4
MOST_SHOWN = 2  # questions an event is a choice of, at most
# Characters: four choices are read in a chat question's half minute. Readers took the
# readings' plain statements of up to ~150 ("Then-Prime Minister Abe visited NATO headquarters
# to proclaim support for ..."), and flagged 200 and more as a paragraph to wade through.
LONGEST = 150
# The answer is at most this many times as long as the longest other choice: one choice far
# longer than the rest looks like the one the question was made for.
STANDS_OUT = 1.25
FIRST = "Which of these happened first, according to the readings?"
LAST = "Which of these happened most recently, according to the readings?"

# A name of two or more capitalised words ("Fleet Escort Force", "Rim of the Pacific Exercise").
_NAME = re.compile(r"[A-Z][\w-]+(?: (?:of |on |the |for )*[A-Z][\w-]+)+")


def generate(studyset: Studyset) -> list[Question]:
    """The timeline questions of a studyset's served events, in the order they are made."""
    events = sorted(
        (e for e in studyset.served_events if not e.planned), key=lambda e: (e.date, e.id)
    )
    worded = {e.id: undated(e.text, e.date) for e in events}
    published = {a.id: a.published for a in studyset.articles}
    # a statement the events module's cuts leave longer than LONGEST is more than a choice
    withheld = {e.id: "too-long" for e in events if len(worded[e.id]) > LONGEST}
    # "at the 2023 NATO summit", "on Wednesday": a date left in the words tells the order, or
    # means nothing away from its article
    withheld |= {
        e.id: "names-its-date"
        for e in events
        if dates_in(worded[e.id]) or relative_dates(worded[e.id], published[e.article])
    }
    choosable = [e for e in events if e.id not in withheld]
    shown: Counter[str] = Counter()
    done: set[str] = set()  # answers asked, or withheld, or with too few others to order
    questions = []
    earliest = True
    # the earliest and the latest event no question shows yet: each only moves inwards
    low, high = 0, len(events) - 1
    while True:
        while low <= high and (shown[events[low].id] or events[low].id in done):
            low += 1
        while high >= low and (shown[events[high].id] or events[high].id in done):
            high -= 1
        if low > high:
            break
        answer = events[low] if earliest else events[high]
        done.add(answer.id)
        reason = withheld.get(answer.id, "")
        # a length one other choice must reach, so that a served answer does not stand out
        reach = 0 if reason else len(worded[answer.id]) / STANDS_OUT
        seen = Counter() if reason else shown  # a withheld question shows no event
        for first in (earliest, not earliest):
            others = _nearest(answer, choosable, first, worded, seen, reach)
            if len(others) == CHOICES - 1:
                break
        else:
            continue  # too few events it is apart from: no question
        if not reason:
            shown.update(e.id for e in (answer, *others))
        questions.append(_question(studyset, answer, others, first, worded, reason))
        earliest = not earliest
    return questions


def settled(one: Event, other: Event) -> bool:
    """Whether the readings' dates say which of two events came first: they differ at the
    coarser precision of the two ("2023" and "2024"; "June 2024" and "13 July 2024")."""
    common = min(len(one.date), len(other.date))
    return one.date[:common] != other.date[:common]


def _nearest(
    answer: Event,
    events: list[Event],
    first: bool,
    worded: dict[str, str],
    shown: Counter,
    reach: float,
) -> list[Event]:
    """The events nearest in time after `answer` (before it, unless `first`) that can stand
    beside it and one another, up to three, one of them at least `reach` characters long (the
    last is passed over until one is)."""
    dates = [e.date for e in events]  # sorted, as `events` are
    if first:
        after = events[bisect_right(dates, answer.date) :]
    else:
        after = events[: bisect_left(dates, answer.date)][::-1]
    picked: list[Event] = []
    for event in after:
        if not settled(event, answer):
            continue
        last = len(picked) == CHOICES - 2
        if last and all(len(worded[e.id]) < reach for e in (*picked, event)):
            continue
        if shown[event.id] < MOST_SHOWN and all(
            _apart(event, e, worded) for e in (answer, *picked)
        ):
            picked.append(event)
            if len(picked) == CHOICES - 1:
                break
    return picked


def _apart(one: Event, other: Event, worded: dict[str, str]) -> bool:
    """Settled in order, telling and naming nothing the same (two readings may date one
    happening differently), and not both the readings' backdrop: two pieces of world news
    ("The Russian invasion of Ukraine began", "Hamas’ attack on Israel took place") are
    ordered by general knowledge, not by the readings."""
    if not settled(one, other):
        return False
    mine, theirs = worded[one.id], worded[other.id]
    same = mine.casefold() == theirs.casefold() or _names(mine) & _names(theirs)
    return not same and not (_backdrop(one.text) and _backdrop(other.text))


# An event is weighed against every other near it: what is read of its words is read once.
_backdrop = lru_cache(maxsize=4096)(backdrop)


@lru_cache(maxsize=4096)
def _names(text: str) -> frozenset[str]:
    """The names of several capitalised words in `text`, its first word aside (a sentence's
    opening capital: "The Japanese Ministry" names "Japanese Ministry")."""
    return frozenset(_NAME.findall(text.split(" ", 1)[-1]))


def _question(
    studyset: Studyset,
    answer: Event,
    others: list[Event],
    first: bool,
    worded: dict[str, str],
    withheld: str,
) -> Question:
    prompt = FIRST if first else LAST
    key = f"{answer.article}|{KIND}|{worded[answer.id]}|{prompt}"
    digest = hashlib.sha1(key.encode()).hexdigest()
    chosen = sorted(
        (answer, *others), key=lambda e: hashlib.sha1(f"{digest}|{e.id}".encode()).hexdigest()
    )
    ordered = sorted(chosen, key=lambda e: e.date)
    told = [_told(studyset, e) for e in ordered]
    lines = [
        f"{_when(e)}: {worded[e.id].rstrip('.')} — {where}"
        for e, (_, where) in zip(ordered, told, strict=True)
    ]
    return Question(
        id="q-" + digest[:10],
        kind=KIND,
        prompt=prompt,
        answers=(worded[answer.id],),
        choices=tuple(worded[e.id] for e in chosen),
        article=answer.article,
        passage=answer.passage,
        explanation="In order:\n" + "\n".join(lines),
        withheld=withheld,
        sources=tuple(dict.fromkeys(p for passages, _ in told for p in passages)),
    )


def _told(studyset: Studyset, event: Event) -> tuple[tuple[str, ...], str]:
    """The passages that tell an event and its date, and where that is, as a reveal cites it:
    "Erskine, paragraph 5"; "“NATO and Japan”, paragraph 8 and note 2" for a date only the
    note writes."""
    article = studyset.article_by_id[event.article]
    whose = authors.who(article)
    if whose.startswith("the "):  # "the article", "the authors": which, its title says
        whose = f"“{authors.main_title(article)}”"
    paragraph = studyset.passage_by_id[event.passage]
    where = f"{whose}, paragraph {paragraph.paragraph}"
    written = (d.date for s in split_sentences(paragraph.text) for d in dates_in(s))
    dated = event.date in written
    note = None if dated else dating_note(studyset.passages, event)
    if note is None:
        return (event.passage,), where
    number = note.text.split(":", 1)[0].lower()
    return (event.passage, note.id), f"{where} and {number}"


def _when(event: Event) -> str:
    """'1961', 'June 2024', '24 February 2022'."""
    year, *rest = event.date.split("-")
    month = MONTHS[int(rest[0]) - 1].capitalize() if rest else ""
    day = str(int(rest[1])) if len(rest) > 1 else ""
    return " ".join(filter(None, (day, month, year)))
