"""Dated events: every real date a passage states, with the sentence that states it.

Real dates only: '24 February 2022', 'June 13, 2024', '(2025/03/28)', 'November 2022',
'in 2014', 'on the 11th and 12th of July' in a sentence that names the year. Counts
('360 to 297', '$7.1 billion', '175 to 200 per cent'), decades ('the 2010s') and spans
('2023–2026', '1995-96', 'from 2023 to 2026') are not events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from content.model import Event, Passage
from content.people import People
from content.relative_dates import relative_dates
from content.sentences import split_sentences
from content.standalone import quotes_balanced, standalone, titled, unanchored
from content.vocabulary import english_words

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"((?:19|20)\d\d)"
_ORD = r"(?:st|nd|rd|th)?"

# Most precise first; a later pattern never reuses characters an earlier one matched.
_PATTERNS = (
    ("ymd", re.compile(rf"\b{_YEAR}/(\d{{1,2}})/(\d{{1,2}})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}}){_ORD} {_MONTH},? {_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_MONTH} (\d{{1,2}}){_ORD},? {_YEAR}\b")),
    (
        "d_of_m",
        re.compile(
            rf"\b(?:the )?(\d{{1,2}}){_ORD}(?: (?:and|to|or) (?:the )?\d{{1,2}}{_ORD})? of {_MONTH}\b"
        ),
    ),
    ("my", re.compile(rf"\b{_MONTH},? {_YEAR}\b")),
    (
        "y",
        re.compile(
            rf"(?<![\d$€£¥./:–-]){_YEAR}\b(?!s\b|[.,]\d|[–/-]\d|\s*(?:per ?cent|%))",
        ),
    ),
)
_SPAN = re.compile(rf"\b(?:from|between) {_YEAR} (?:to|and|until) {_YEAR}\b|\b{_YEAR}\s*[–-]\s*\d")


@dataclass(frozen=True)
class Dated:
    date: str
    precision: str
    start: int  # where in the sentence the date is written
    end: int


def dates_in(sentence: str) -> list[Dated]:
    """The real dates written in one sentence, most precise first where they overlap."""
    taken = [(m.start(), m.end()) for m in _SPAN.finditer(sentence)]
    found: list[Dated] = []
    years = {m.group(1) for m in re.finditer(rf"\b{_YEAR}\b", sentence)}
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            dated = _parse(kind, match, years)
            # Taken even when invalid: "31 February 2022" must not become "February 2022".
            taken.append((match.start(), match.end()))
            if dated is not None:
                found.append(Dated(*dated, match.start(), match.end()))
    # "In 2023, on the 11th of July": the year alone adds nothing to the day.
    precise_years = {d.date[:4] for d in found if d.precision != "year"}
    found = [d for d in found if not (d.precision == "year" and d.date in precise_years)]
    return sorted(found, key=lambda d: d.start)


def _parse(kind: str, match: re.Match, years: set[str]) -> tuple[str, str] | None:
    g = match.groups()
    if kind == "ymd":
        return _day(int(g[0]), int(g[1]), int(g[2]))
    if kind == "dmy":
        return _day(int(g[2]), _month(g[1]), int(g[0]))
    if kind == "mdy":
        return _day(int(g[2]), _month(g[0]), int(g[1]))
    if kind == "d_of_m":
        if len(years) != 1:
            return None  # a day and month whose year the sentence does not settle
        return _day(int(next(iter(years))), _month(g[1]), int(g[0]))
    if kind == "my":
        return f"{g[1]}-{_month(g[0]):02d}", "month"
    return g[0], "year"


def _month(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def _day(year: int, month: int, day: int) -> tuple[str, str] | None:
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None  # "31 February": not a date


@dataclass(frozen=True)
class Found:
    id: str
    date: str
    precision: str
    text: str
    withheld: str = ""  # why it is not shown; empty when it is
    planned: bool = False  # a plan the readings reported ahead of its date, not a happening


MAX_TEXT = 400  # characters: a daily post is one event, not a paragraph
_NOTE = re.compile(r"^Note (\d{1,3}): ")
# "..., and again in 2007 when ...": a second dated fact that shares the first one's subject.
_AGAIN = re.compile(r",? and (again |later |then )?(?=(?:in|on|by|during) )")


# A clause's first finite verb says whether it reports something done or states something.
_PRESENT = (
    "is|are|am|remains?|can|may|might|must|should|would|could|will|does|do|seems?|appears?"
    r"|(?:plans?|intends?|aims?|seeks?|wants?|hopes?|expects?|vows?) (?=to\b)"  # a plan
)
_PAST = "was|were|did|had"
_PERFECT = "has|have"
_ADVERBS = r"(?: (?:also|again|now|still|not|only|often|thus|being|been|already|consistently)){0,2}"
# Irregular past forms: "Kishida made history", "agents blew up the embassies".
_IRREGULAR = (
    "became|began|blew|brought|built|came|chose|drew|drove|fell|felt|fought|found|gave|grew|held"
    "|knew|led|left|lost|made|meant|met|paid|ran|rose|said|sat|saw|sent|shot|sought|spoke|stood"
    "|struck|took|told|thought|threw|told|went|won|wrote"
)
_VERB = re.compile(
    r"(?i)(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\btheir )"
    rf"\b(?:(?P<present>{_PRESENT})"
    rf"|(?P<past>{_PAST})(?P<going>{_ADVERBS} [a-z]{{3,}}ing\b)?"
    rf"|(?P<perfect>{_PERFECT})"
    rf"|(?P<ed>[a-z]{{3,}}ed|{_IRREGULAR})|(?:also|still|now|only|often|thus) (?P<s>[a-z]{{3,}}[^s]s))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Oo]ur|[Uu]s|[Mm]y|[Mm]e)\b")
# A date in a relative clause dates that clause, not the sentence: "..., which was still
# nonexistent in 2014".
_RELATIVE = re.compile(r", (?:which|who|whose|where)\b[^,]*$")


def events_in(
    passage_text: str,
    article_id: str,
    published: str = "",
    cited: dict[str, Dated] | None = None,
    named: People | None = None,
) -> list[Found]:
    """Events stated in one passage, each with the sentence (or clause) that states it.

    'On Wednesday', 'last year' count only when the article's `published` date resolves them.
    `cited` maps the words just before a footnote marker to the date of the note it points to:
    a sentence with no date of its own takes its note's date. `named` are the article's people,
    to name in full one a sentence gives by surname. A footnote's own text, and an article's
    date line, are kept but withheld: they are sources, not events.
    """
    if _NOTE.match(passage_text):
        return [_found(article_id, d, passage_text, "footnote") for d in _dates(passage_text)]
    out = []
    sentences = split_sentences(passage_text)
    for n, sentence in enumerate(sentences):
        dated = _stated(sentence, published)
        by_note = not dated
        if by_note:
            dated = [d for words, d in (cited or {}).items() if words in sentence][:1]
        if not dated:
            continue
        if len(re.findall(r"[A-Za-z]{2,}", sentence)) < 3:
            out += [_found(article_id, d, sentence, "publication-date") for d in dated]
            continue
        text = standalone(sentence, " ".join(sentences[:n]))
        text = text and titled(text, passage_text)
        text = text and named.in_full(text) if named else text
        text = text and _as_reported(text)
        body = text or sentence
        own = _stated(body, published)
        for d, whole in _clauses(body, own) if own else [(d, body) for d in dated]:
            clause, by_name = _happening(whole, d)
            reason = _reason(text, clause) or _undated(clause, d) or _argued(clause)
            if not reason and not by_name and not _reports(clause, d):
                reason = "not-an-event"  # a state, an argument, or a date in a side remark
            clause = _without_weekday(clause, d, published)
            out.append(_found(article_id, d, clause, reason, bool(_A_PLAN.search(clause))))
    return out


def _without_weekday(clause: str, dated: Dated, published: str) -> str:
    """`clause` without the news's "on Wednesday" that dates it: shown on its date, the post
    says which day it was, and a weekday alone says it again as if it were this week's."""
    for date, precision, start, end in reversed(relative_dates(clause, published)):
        if date == dated.date and precision == "day":
            clause = clause[:start].rstrip() + clause[end:]
    return clause


# "Japan’s 2023 National Security Strategy": a reading that names a thing by its year.
_YEAR_NAME = re.compile(rf"\b{_YEAR} ((?:[A-Z][a-z]+ ){{1,4}}[A-Z][a-z]+)\b")


def disputed_dates(
    texts: Iterable[tuple[str, str]], events: Iterable[tuple[str, Found]]
) -> set[str]:
    """Ids of events that date a named thing a year away from the year another reading gives
    it: "in November 2022, Japan adopted a new National Security Strategy" beside another
    article's "Japan’s 2023 National Security Strategy". One of them is wrong and the readings
    cannot say which, so neither is shown. `texts` and `events` pair each with its article id.
    """
    named: dict[str, set[tuple[str, int]]] = {}  # name -> (article, year) the readings give
    for article, text in texts:
        for match in _YEAR_NAME.finditer(text):
            named.setdefault(match.group(2), set()).add((article, int(match.group(1))))
    out = set()
    for article, event in events:
        year = int(event.date[:4])
        for name, given in named.items():
            if name in event.text and any(a != article and abs(y - year) == 1 for a, y in given):
                out.add(event.id)
    return out


def note_dates(cited: Iterable[tuple[str, str]], notes: dict[str, str]) -> dict[str, Dated]:
    """The words before each note marker, as the reader found them, with the date note n gives.

    `cited` pairs those words with the note's number; `notes` maps a number to the note's text.
    A note with no day or month, or with several, dates nothing: which the sentence means would
    be a guess.
    """
    out: dict[str, Dated] = {}
    for words, number in cited:
        dates = [d for d in _dates(notes.get(number, "")) if d.precision != "year"]
        if len(dates) == 1 and len(words) >= 20:
            out[words] = dates[0]
    return out


def dating_note(passages: Iterable[Passage], event: Event) -> Passage | None:
    """The article's footnote that writes the event's date, when just one does: where the
    readings say when an event its note dates happened."""
    notes = [
        p
        for p in passages
        if p.article == event.article
        and p.is_note
        and any(d.date == event.date for d in dates_in(p.text))
    ]
    return notes[0] if len(notes) == 1 else None


def notes_in(passages: list[str]) -> dict[str, str]:
    """Note number -> note text, from an article's 'Note n: ...' passages."""
    return {m.group(1): text[m.end() :] for text in passages if (m := _NOTE.match(text))}


def _stated(sentence: str, published: str) -> list[Dated]:
    """The dates a sentence states, and its relative ones ('on Wednesday') unless it names the
    day itself."""
    stated = dates_in(sentence)
    if not any(d.precision == "day" for d in stated):
        stated += [Dated(*found) for found in relative_dates(sentence, published)]
    return sorted(stated, key=lambda d: d.start)


def _dates(text: str) -> list[Dated]:
    return [d for sentence in split_sentences(text) for d in dates_in(sentence)]


def _clauses(sentence: str, dated: list[Dated]) -> list[tuple[Dated, str]]:
    """One clause per date: 'X in 2006 when A, and again in 2007 when B' gives 'X in 2006
    when A.' and 'X again in 2007 when B.'; a sentence it cannot divide stays whole."""
    if len(dated) == 1:
        return [(dated[0], sentence)]
    first, second = dated[0], dated[1]
    joint = [m for m in _AGAIN.finditer(sentence, first.end, second.start)]
    head = re.match(r"(.+?) (?:in|on|by|during) $", sentence[: first.start])
    if len(dated) != 2 or len(joint) != 1 or head is None:
        return [(d, sentence) for d in dated]
    cut = joint[0]
    one = sentence[: cut.start()].rstrip(",") + "."
    two = f"{head.group(1)} {cut.group(1) or ''}{sentence[cut.end() :]}"
    return [(first, one), (second, re.sub(r"\s+", " ", two))]


# Words that start another clause: a verb after them is not the first one's subject's.
_JOINED = re.compile(
    r"\b(?:that|which|who|whom|whose|when|where|while|because|after|before|as|if|and|but|so)\b"
    r"|[;:—]"
)


def _tense(clause: str) -> str:
    """'past' when the clause's first finite verb reports ('signed', 'had reached', 'was
    scheduled'), 'present' when it states or foretells ('is similar', 'can offer', 'will
    become', 'also contains'), tells what something means now ('has demonstrated', 'have
    created': a happening on a date is told in the past) or sets a scene ('was preparing');
    '' when no verb is recognised. A participle after the subject is not its verb: 'The
    programme discussed at the summit has been proposed' states."""
    # "Individually Tailored Partnership Programme": a capitalised word mid-sentence is a name's.
    verbs = [v for v in _VERB.finditer(clause) if v.start() == 0 or clause[v.start()].islower()]
    if not verbs:
        return ""
    match = verbs[0]
    for later in verbs[1:] if match["ed"] else ():
        if _JOINED.search(clause, match.end(), later.start()):
            break
        if not later["ed"]:  # "The programme discussed at the summit has been proposed"
            match = later
            break
    if match["present"] or match["s"] or match["perfect"] or match["going"]:
        return "present"
    return "past"


def _reports(clause: str, dated: Dated) -> bool:
    """Whether `clause` reports something that happened when `dated` says."""
    if _tense(clause) != "past" or clause.startswith("The article"):
        return False
    starts = [d.start for d in dates_in(clause) if d.date == dated.date]
    return not (starts and _RELATIVE.search(clause[: starts[0]]))


# Wordings that report without dating a happening: "the 2022 summit", "Abe’s 2016 declaration"
# name a thing by its year; "Since 2014 ...", "By 2018 ...", "As of March 2023 ..." state how
# things stood; "After the attacks in 2001, relations grew" dates the opening, not what grew.
_NAMING = re.compile(r"(?:\b(?:[Tt]he|an?|its|their|his|her|from)|['’]s) $")
# "signed a programme at the 2023 NATO summit": done at a named meeting its year dates.
_HELD_AT = re.compile(r"\b(?:at|attend|attended|during) the $")
_STANDING = re.compile(r"(?i)\b(?:since|by|as of|beginning in|starting in|until|through) $")
_AFTER = re.compile(
    r"^(?:After|Following|Before|Prior to|Since|Until|In the wake of|When|While|As)\b[^,]*,"
)


def _undated(clause: str, dated: Dated) -> str:
    """Why `clause` does not report a happening on `dated`'s date, or ''."""
    at = [d for d in dates_in(clause) if d.date == dated.date]
    if not at:
        return ""  # dated by its note or a relative date: nothing to read before it
    before, after = clause[: at[0].start], clause[at[0].end :]
    held = _HELD_AT.search(before) and re.match(r" [A-Z]", after)  # not "the 2022 summit"
    if dated.precision != "day" and _NAMING.search(before) and not held:
        return "date-in-a-name"
    if _STANDING.search(before):
        return "ongoing"
    if (after := _AFTER.match(clause)) and at[0].start < after.end():
        return "not-an-event"
    return ""


# "Relations expanded in 2006 when Aso Taro became ...": the change is the writer's reading,
# the when-clause is what happened. Also "The last attack was in 2002, when militants killed".
_CHANGED = (
    r"(?:expanded|improved|deepened|grew|strengthened|widened|changed|shifted|intensified"
    r"|worsened|began|started|came|was|were)"
)
_FRAME = re.compile(
    rf"^[A-Z][^,;:“”\"]*? {_CHANGED}(?: again| further| first)? (?P<at>in|on|during) $"
)
_WHEN = re.compile(r"^,? when (?P<act>[a-z-]*[A-Za-z][^;:]+)$")
# "The Russian invasion of Ukraine, on 24 February 2022, has demonstrated ...": a happening
# named by its noun and dated in apposition, then argued about; the happening is the noun.
_HAPPENING_NOUN = re.compile(
    r"\b(?:invasion|attack|assault|war|coup|strike|bombing|massacre|assassination|killing"
    r"|election|referendum|summit|visit|annexation|occupation|withdrawal|collapse|uprising"
    r"|revolution|raid|siege|crash|earthquake|landing|launch)s?\b"
)
_APPOSED = re.compile(r"^(?P<noun>[A-Z][^,;:“”\"()]{5,120}?), (?P<at>on|in) $")
# "—cementing their relationship through shared values": a closing participle that reads
# the happening rather than telling it.
_READING_TAIL = re.compile(
    r"(?:,|\s*[—–]|\s+-)\s*(?:thereby |thus )?(?:cementing|highlighting|underscoring|underlining"
    r"|signall?ing|marking|demonstrating|reflecting|showing|illustrating|symboli[sz]ing"
    r"|emphasi[sz]ing|reinforcing|reaffirming|heralding|ushering)\b[^“”\"]*(?=\.$)"
)
# "NATO’s seventy-fifth summit": a long count of meetings is trivia no other reading checks,
# and easily an anniversary miscounted; the meeting is named without it.
_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TENS = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth"
LONG_COUNT = re.compile(
    rf"(?i)\b(?:(?:eleven|twelf|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)th"
    rf"|{_TENS}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:{_UNITS})"
    rf"|hundredth|\d*[1-9]\d(?:st|nd|rd|th)) (?=(?:annual )?(?:summit|meeting|session|conference"
    rf"|congress|assembly|convention|plenum|round)s?\b)"
)


# A named happening that lasts is told by its start ("The Russian invasion of Ukraine began on
# 24 February 2022"); any other took place on its date ("Hamas’ attack on Israel took place on
# 7 October 2023").
_LASTING = re.compile(
    r"\b(?:invasion|war|occupation|siege|uprising|revolution|campaign|offensive|blockade|crisis)s?\b"
)


def _happening(clause: str, dated: Dated) -> tuple[str, bool]:
    """`clause` cut to the happening it dates, where a general cut keeps only the article's
    words: the when-clause of a change ('In 2006, Aso Taro became ...'), or a dated happening
    named as a noun and told as begun or having taken place ('The Russian invasion of Ukraine
    began on 24 February 2022.', then True); never with a closing reading of it, a long count
    of meetings, the writer's verdict or an adverb that leans on the text before."""
    at = [d for d in dates_in(clause) if d.date == dated.date]
    named = False
    if at and len(dates_in(clause)) == 1:
        written = clause[at[0].start : at[0].end]
        frame, after = clause[: at[0].start], clause[at[0].end :].rstrip()
        when = _WHEN.match(after)
        if (head := _FRAME.match(frame)) and when and _tense(when["act"]) == "past":
            clause = f"{head['at'].capitalize()} {written}, {when['act']}"
        elif (noun := _APPOSED.match(frame)) and after.startswith(",") and _named(noun["noun"]):
            verb = "began" if _LASTING.search(noun["noun"]) else "took place"
            clause, named = f"{noun['noun']} {verb} {noun['at']} {written}.", True
    return _neutral(LONG_COUNT.sub("", _unglossed(_READING_TAIL.sub("", clause), dated))), named


# What the writer adds after the happening is told: a closing relative clause (", which
# acknowledged the need for ..."), the act named for what it was meant as ("as a joint
# deployment", "as part of a demonstration of resolve"), or a list of details hung on the date
# ("in 1961 with four escort flotillas in Yokosuka, Kure, ..."). The date is the act's; the
# gloss is the writer's, and where readers find a reading wrong. A relative clause the sentence
# goes on after (", which includes aid, had reached") is inside the subject: no gloss.
_WHICH = re.compile(
    r", which\b(?![^“”\"]*, (?:[a-z]+ )?(?:[a-z]+ed|had|has|have|was|were|is|are)\b)"
)
_ACT_NOUN = r"[a-z]+(?:ment|tion|sion)s?"
_MEANT_AS = re.compile(
    rf" as (?:part of )?(?:an?|the) (?:(?!(?:of|for|to|in|with|by|from|on)\b)[\w-]+ ){{0,3}}"
    rf"{_ACT_NOUN}(?: (?:of|for|to|against|with) [^,;:“”\"]+)?(?=\.$)"
)
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|\d[\d,]*)"
_DETAILS = re.compile(rf" with {_COUNT} [a-z][^;:“”\"]*(?=\.$)")
# What the thing done is, set after it: "Operation Ocean Shield, an initiative focused on ...",
# "a joint declaration—the first political document between the two that ...". After a comma
# only "a"/"an": ", the United States and Australia." ends a list.
_APPOSITIVE = re.compile(r"(?:, an?|\s*[—–]\s*(?:an?|the)) [^—–]*(?=\.$)")
# A second happening hung after the one dated: "signed an agreement after agreeing to ...",
# "assaulted the embassy, after the release of a video". Not "but not before training", "two
# years after", "named after": there the words before the link say how the two stand.
_RELATING = (
    "not just shortly soon long right only even immediately hour hours day days week weeks"
    " month months year years decade decades called named"
)
_SECOND = re.compile(
    "".join(rf"(?<!\b{word})" for word in _RELATING.split())
    + r",? (?:after|before|while) \w.*(?=\.[”\"]?$)"
)


def _unglossed(clause: str, dated: Dated) -> str:
    """`clause` without the gloss that follows what happened, when what is left still reports
    the happening on its date: 'In 2014, NATO and Japan entered into a programme, which
    acknowledged the need for ...' -> 'In 2014, NATO and Japan entered into a programme.' A
    date inside the gloss ('..., which was still nonexistent in 2014') is not cut away."""
    at = [d.end for d in dates_in(clause) if d.date == dated.date]
    told = at[0] if at else 0  # dated by its note: told anywhere
    glosses = [_WHICH, _MEANT_AS]
    if at:  # after a written date; a relative one ("this year") may be in the words cut
        glosses += [_APPOSITIVE, _SECOND]
    cuts = [m.start() for m in (gloss.search(clause, told) for gloss in glosses) if m]
    if at and (details := _DETAILS.match(clause, told)):
        cuts.append(details.start())  # hung on the date itself: "in 1961 with four flotillas"
    for cut in sorted(cuts):
        head = clause[:cut]
        if quotes_balanced(head) and _tense(head) == "past":
            return head + "."
    return clause


# The writer's verdict on what happened ("Hamas’ brutal attack"): a daily post reports it in
# neutral words, so an evaluative adjective before what it qualifies, or its adverb
# ("brutally killed"), is dropped. Words of judgement only, none that could state a fact.
_EVALUATIVE = re.compile(
    r"(?:\b(?P<a>[Aa])n? )?(?:\b(?:abhorrent|appalling|atrocious|barbaric|barbarous|brutal"
    r"|callous|cowardly|cruel|dastardly|deplorable|despicable|disgraceful|egregious|heinous"
    r"|horrendous|horrible|horrific|monstrous|outrageous|ruthless|savage|senseless|shameful"
    r"|shocking|terrible|unjustifiable|unjustified|unprovoked|vicious|wanton)(?:ly|ally)?"
    r"(?:,? and|,)? )+(?=(?P<next>[a-z]))"
)
# Adverbs that lean on the text before ("was again scheduled", "also signed", ", too."): the
# post stands alone, and what happened is the same without them.
_ADDED = r"(?:also|(?:once |yet )?again(?! and\b)|likewise|similarly)"
_ADDING = re.compile(
    rf"(?<!\band)(?<!\bbut)(?:, {_ADDED},| {_ADDED}\b(?!,))"
    r"|, (?:too|as well|in turn),(?= )|,? (?:too|as well|in turn)(?=[.;]|$)"
    r"|(?<!\ba)(?<!\bto)(?<!\beven)(?<!\bany)(?<!\bmuch) further"
    r"(?= (?:in|on|during|at|by|with|after|when)\b| [a-z]+ed\b|[,.;])"
)


def _neutral(text: str) -> str:
    """`text` without the writer's verdict or adverbs that lean on the text before, outside
    quotations; 'a brutal attack' becomes 'an attack'. 'Not only ... but it also ...' keeps its
    'also': it leans on nothing before the sentence."""
    parts = re.split(r"(“[^”]*”|\"[^\"]*\")", text)
    paired = re.search(r"(?i)\bnot only\b", text)
    for n in range(0, len(parts), 2):  # the even parts are outside quotation marks
        parts[n] = _EVALUATIVE.sub(_unjudged, parts[n])
        if not paired:
            parts[n] = _ADDING.sub("", parts[n])
    return "".join(parts)


def _unjudged(match: re.Match) -> str:
    """The verdict dropped, and an 'a' before it made 'an' where the next word asks for it."""
    if not match["a"]:
        return ""
    return match["a"] + ("n " if match["next"] in "aeiou" else " ")


def backdrop(text: str) -> bool:
    """Whether `text` is a happening told from its name alone, as `events_in` tells one named in
    apposition ('The Russian invasion of Ukraine began on 24 February 2022.'): what the readings
    argue from rather than about, and often world news a student dates without them."""
    told = re.fullmatch(r"(?P<noun>.+) (?:began|took place) (?:on|in) [^,]+\.", text)
    return bool(told and _named(told["noun"]))


def _named(noun: str) -> bool:
    """Whether `noun` names one happening: 'The Russian invasion of Ukraine', 'Hamas’ attack
    on Israel' (a happening's noun, what it befell, and no verb of its own)."""
    return bool(
        _HAPPENING_NOUN.search(noun)
        and re.search(r"\b(?:of|on|against|in) [A-Z]", noun)
        and _VERB.search(noun) is None
        and not re.search(r"\b(?:that|which|who)\b", noun)
    )


# Not a happening but an argument about one: a finding or a remark ("researchers concluded",
# "the institute remarked on", "an analysis shows that"), or a cause the writer gives for it
# ("signed the agreement due to China's growing presence").
_FINDING = re.compile(
    r"\b(?:remark|conclude|note|observe|comment|argue|suggest|claim|contend|find|found|show"
    r"|demonstrate|indicate|reveal|illustrate|highlight|underscore)(?:s|d|ed)?"
    r" (?:on|that|how|to be)\b"
)
_CAUSE = re.compile(r"\b(?:due to|because of|owing to|thanks to)\b")


# "officials said that the demand had not changed": that nothing happened is no happening.
_NO_CHANGE = re.compile(
    r"\b(?:had|has|have|did|does|do) not (?:changed?|moved|shifted|budged)\b|\bunchanged\b"
)


def _argued(clause: str) -> str:
    text = _QUOTED.sub("", clause)
    if _FINDING.search(text) or _NO_CHANGE.search(text):
        return "not-an-event"
    return "argued-cause" if _CAUSE.search(text) else ""


# "is again scheduled to attend": a plan the article announced is, by the time it is shown,
# one that was made.
_PLAN = r"(?: again| also| now)? (?:scheduled|set|due|expected) to"
_PLANNED = re.compile(rf"\b(is|are)({_PLAN})\b")
# "Kishida was scheduled to attend": what the readings expected on that date, not what happened.
_A_PLAN = re.compile(rf"\b(?:was|were){_PLAN} [a-z]")
# "Japan has embraced this concept by forming an accord": what it did is the forming; the
# object points back to the text before, so the act is kept without it.
_BY_DOING = re.compile(
    r"\b(?:has|have|had) [a-z]+ (?:this|these|that|those|such) (?:[a-z-]+ ){0,2}?by ([a-z]{3,})ing\b"
)


def _as_reported(text: str) -> str:
    """`text` worded as a report of the past, where a general and safe rewrite does it: a plan
    made ("is scheduled to" -> "was"), and the news's past perfect, which sets one past before
    another the post does not show ("In 2011, voters had elected" -> "elected")."""
    text = _PLANNED.sub(lambda m: ("was" if m[1] == "is" else "were") + m[2], text)
    text = _PAST_PERFECT.sub(r"\1", text)
    if (act := _BY_DOING.search(text)) and (past := _past(act[1])):
        text = text[: act.start()] + past + text[act.end() :]
    return text


# "had elected", "had met": a past perfect whose participle is also the simple past.
_PAST_PERFECT = re.compile(
    r"\bhad (?!been\b)((?:[a-z]+ly )?(?:[a-z]{3,}ed|brought|built|found|held|kept|led|left|lost"
    r"|made|meant|met|paid|said|sent|sought|stood|struck|told|thought|won))\b"
)


def plans(text: str) -> bool:
    """Whether `text` tells of a plan ("is" or "was scheduled to attend"): what it dates was,
    when the reading was written, still to come."""
    return bool(_PLANNED.search(text) or _A_PLAN.search(text))


def _past(stem: str) -> str:
    """'form' -> 'formed', 'creat' -> 'created', 'plann' -> 'planned'; '' when the regular
    past is not a word ('mak')."""
    return stem + "ed" if stem + "ed" in english_words() else ""


# "Going back further still, Abe’s own father ...": a step back from, or a contrast with, what
# the text before has told.
# "this concept", "these regards" outside a quotation: what it means is in the text before.
_LEANING = re.compile(
    r"\b(?:further still|still further|even earlier|\w+[’']s own"
    r"|(?:this|these|those) (?!is\b|are\b|was\b|were\b)[a-z]+"
    r"|\b(?:it|them))\b"  # "Lorenz described it": what it is, the text before says
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _reason(text: str | None, clause: str) -> str:
    unquoted = _QUOTED.sub("", clause)
    if text is None or _FIRST_PERSON.search(clause) or _LEANING.search(unquoted):
        return "context-dependent"  # "we found", "I sat": who is speaking is in the article
    if unanchored(clause):
        return "context-dependent"  # "voters", "the attack": of which country, which attack?
    if len(dates_in(clause)) > 1:
        return "two-dates"
    if not quotes_balanced(clause):
        return "unbalanced-quotes"  # a quotation cut off by the sentence's end, or begun before
    if len(clause) > MAX_TEXT:
        return "too-long"
    return ""


def _found(
    article_id: str, dated: Dated, text: str, withheld: str = "", planned: bool = False
) -> Found:
    key = f"{article_id}|{dated.date}|{text}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:10]
    return Found(f"e-{digest}", dated.date, dated.precision, text, withheld, planned)


# A date told around the happening: "In 2023, on the 11th of July, X", "X began on 24 February
# 2022.", "At the summit in Washington, DC, in July 2024, X".
_TOLD_BEFORE = re.compile(rf"(?i)(?:, )?(?:(?:in|on|during) {_YEAR},? )?(?:in|on|during) ")
_TOLD_AT = re.compile(r",? (?:in|on|during) $")


def undated(text: str, date: str) -> str:
    """`text` without a date it opens with, closes with or sets between commas, where that date
    is `date` or a coarser form of it: a post that shows the date above an event need not say
    it again. 'In 2023, on the 11th and 12th of July, X was ...' -> 'X was ...'; 'The invasion
    began on 24 February 2022.' -> 'The invasion began.' Any other date stays."""
    own = [d for d in dates_in(text) if date.startswith(d.date)]
    lead = 0
    for d in own:
        told = _TOLD_BEFORE.fullmatch(text, lead, d.start)  # "In 2023, on the 11th of July"
        if not told or told[1] not in (None, date[:4]):
            break
        lead = d.end
    if lead and (gap := re.match(r",? (?=\S)", text[lead:])):
        rest = text[lead + gap.end() :]
        return rest[:1].upper() + rest[1:]
    for d in reversed(own):
        at = _TOLD_AT.search(text, 0, d.start)
        if at and text[d.end :] == ".":
            return text[: at.start()] + "."
        if at and at.group().startswith(",") and text[d.end : d.end + 1] == ",":
            return text[: at.start()] + text[d.end :]  # ", in July 2024," set off by commas
    return text
