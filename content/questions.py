"""Generated quiz questions: more candidates than are served, each judged before it is served.

A candidate blanks one fact (a date, an amount, a person, a place, an organisation or an
agreement) in a sentence of its cited passage, or asks what an acronym stands for (free text:
with choices, only the right expansion would fit the initials). Distractors are of the answer's
type: nearby dates and amounts, places of the same kind from a gazetteer (a country beside
countries, never a city in the answer's country), organisations with the same kind of head word
("Council", "Treaty"), people with the same kind of title. None overlaps the answer or shows in
the prompt.

Every candidate is then judged (content.question_quality); one that fails keeps its reason in
`withheld` and stays in the file for review. Among the served, one question per fact and per
sentence, so no question answers another. An id hashes the article, kind, answer and prompt, so
adding another article changes no id.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from content import authors
from content.aliases import PLACES
from content.events import LONG_COUNT, MONTHS, Dated, dates_in, dating_note
from content.glossary import covered
from content.model import Article, Event, Passage, Question, Studyset
from content.name_forms import TITLED_PERSON, NameForms, name_forms
from content.people import People, people_of
from content.places import Place, place, related
from content.question_quality import (
    BLANK,
    MAX_PROMPT,
    TYPED_NAMES,
    YEAR,
    Judge,
    dangling,
    head_word,
    points_back,
    takes_the,
)
from content.sentences import split_sentences
from content.spelling import american_text
from content.standalone import standalone

_NUMBER_VALUES = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBER_VALUES |= {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20}
_NUMBER_WORDS = tuple(_NUMBER_VALUES)
# Head words name what an organisation is; a distractor must have a head of the same group.
_HEADS = {
    "body": "Council Institute Agency Group Ministry Office Association Alliance Organization "
    "Organisation Party Union Dialogue Committee Commission Parliament Bank Centre Center",
    "force": "Force Forces Navy Guard Army Command",
    "treaty": "Treaty Agreement Convention Accord Pact",
    "programme": "Partnership Program Programme Initiative",
    "statement": "Communique Concept Principles Strategy Declaration",
}
_AGREEMENTS = ("treaty", "programme", "statement")
_HEAD_GROUP = {word: group for group, words in _HEADS.items() for word in words.split()}
_CAP = r"[A-Z][\w’'.-]*"
_ORG = re.compile(
    rf"\b((?:{_CAP} (?:(?:of|on|for) (?:the )?|and )?){{1,5}}(?:{'|'.join(_HEAD_GROUP)})s?(?!\w)"
    rf"(?: (?:of|for|on) (?:the )?{_CAP}(?: (?:of )?(?:the )?{_CAP}){{0,3}})?)"
)
_ROLES = {
    "Prime Minister": "leader",
    "President": "leader",
    "Chancellor": "leader",
    "General": "officer",
    "Admiral": "officer",
}
_ANALYST = re.compile(
    r"\b([A-Z][a-z]+ [A-Z][a-z]+), (?:Director|Senior|Professor|Chief|Head|Researcher|Fellow)"
)
_PLACE_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}\b")
# A town's name is read as the town only where the readings put something in it: "Ise" is
# also a ship, "Kure" a name.
_LOCATIVE = re.compile(r"\b(?:in|to|from|at|on|near|across|visited) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
# A reading's most mentioned places are its subject: a blank for one is guessed, not learnt.
OBVIOUS_PLACES = 3
_PROMPT = "Fill in the blank: "
# Where a clause that only adds to the main one begins.
_TRAILING_CLAUSE = re.compile(
    r", (?=(?:which|who|where|while|thus|such as|and again|and then|[a-z]+ing)\b)|—|;"
    r"|, and (?=(?:that|this|these|those|it|they|thus|so)\b)"
)
# What a prompt should not go on to after its blank: another date, a quotation that opens.
_ENDS = re.compile(r"[.!?][”’\"]*$")
_MORE_AFTER = re.compile(r"\b(?:1[89]|20)\d\d\b|[:,] [“\"]")
_MONEY = re.compile(r"\$\d+(?:\.\d+)? (?:million|billion|trillion)")
_AMOUNT = re.compile(
    r"\b(\d+(?:\.\d+)?)( (?:million|billion|trillion) US dollars| per ?cent)"
    r"|(?<![/\w])(\d{2,4}|" + "|".join(_NUMBER_WORDS) + r") (?=(?:[A-Za-z-]+ ){0,2}[a-z]+s\b)"
)


# Where, the text, whether it reads alone, and the dates it states.
Sentence = tuple[Passage, str, bool, list[Dated]]


@dataclass(frozen=True)
class Fact:
    """One askable fact: `answer` is written in `sentence` of `passage`."""

    kind: str
    answer: str
    sentence: str
    passage: Passage
    distractors: tuple[str, ...]
    stands: bool = True  # the sentence reads alone
    farther: tuple[str, ...] = ()  # distractors to fall back on when too few of those fit


@dataclass(frozen=True)
class Names:
    """The names the readings use, by what they are."""

    people: dict[str, str]  # name -> role ("leader", "minister", "official", "analyst", ...)
    organisations: dict[str, str]  # name -> head group ("body", "force", "treaty", ...)
    places: tuple[str, ...]
    surnames: dict[str, tuple[str, ...]]  # person -> the words the readings call them by alone
    full_forms: dict[str, tuple[str, ...]]  # a person asked by surname -> the readings' forms

    def type_of(self, kind: str, name: str) -> str:
        if kind == "person":
            return self.people.get(name, "")
        if kind in ("organisation", "agreement"):
            return self.organisations.get(name, "") or _head_group(name)
        found = place(name)
        return found.kind if found else ""


def generate(
    studyset: Studyset,
    curated: Iterable[Question] = (),
    named: dict[str, People] | None = None,
) -> list[Question]:
    """Every candidate question; `named` is each article's people (`people_of`), when known."""
    passages = [p for p in studyset.passages if not p.is_note]
    forms = name_forms(studyset.passages)
    names = _names(passages)
    judge = judge_for(studyset, forms, names)
    by_article: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_article[passage.article].append(passage)
    text = " ".join(p.text for p in passages)
    named = named or people_of(studyset.articles, passages)
    dated = _dated_names(text)
    used = _used_terms(text)
    cited = _cited_provisions(text)
    in_full = {g.term: g.expansion for g in studyset.glossary}
    days = [e for e in studyset.events if e.precision == "day" and not e.withheld]
    questions: list[Question] = []
    asked_terms: set[str] = set()
    everywhere: dict[str, list[set[str]]] = defaultdict(list)  # what all readings ask
    common = set(re.findall(r"\b[a-z][\w’'-]*", text))  # words the readings write in lower case
    for article in studyset.articles:
        asked: dict[str, list[set[str]]] = defaultdict(list)
        topic = _topic_words(by_article[article.id])
        sentences = list(_sentences(by_article[article.id], named[article.id]))
        facts = [
            *_date_facts(_told(studyset, article.id), sentences, article.published),
            *_number_facts(sentences),
            *_provision_facts(sentences, cited),
            *_name_facts(sentences, names),
        ]
        candidates = [c for f in facts if (c := _question(f, forms, judge, names)) is not None]
        candidates += _term_questions(forms, article.id, asked_terms, used, in_full)
        for question, sentence in candidates:
            reason = question.withheld or judge.withheld_reason(question, sentence, stands=True)
            if not reason and any(_same_fact(question, c) for c in curated):
                reason = "repeats-curated"
            if not reason and BLANK in question.prompt and _dated_otherwise(sentence, dated):
                reason = "readings-disagree"
            if not reason and _labels_a_known_day(question, days):
                reason = "duplicate"
            # One question per fact: the same answer about the same names ("Abe's 2016
            # declaration" twice). Questions on one sentence are never drawn together
            # (content.draw), so that none answers another.
            fact = f"{question.kind}|{question.answer.lower()}"
            about = _capitalised(sentence) - topic - set(question.answer.split())
            if not reason and any(not about or not other or about & other for other in asked[fact]):
                reason = "duplicate"
            if not reason and any(
                _one_name(question, about, other, common) for other in everywhere[fact]
            ):
                reason = "duplicate"  # another reading asks it: a round could draw both
            if not reason and everywhere[fact] and _PROVISION.fullmatch(question.answer):
                reason = "duplicate"  # what "Article 5" provides is one fact, whoever cites it
            if not reason:
                asked[fact].append(about)
                everywhere[fact].append(about)
            questions.append(
                replace(question, prompt=_credited(question.prompt, article), withheld=reason)
            )
    return questions


def _one_name(question: Question, about: set[str], other: set[str], common: set[str]) -> bool:
    """Questions of two readings with one answer ask the same fact when their sentences share
    a name beside the answer: a word the readings never write in lower case ("Abe"), not a
    title's ("Prime Minister") or a common noun's ("Partnership")."""
    answer = set(question.answer.split())
    return any(w.lower() not in common and w not in answer for w in about & other)


def _told(studyset: Studyset, article_id: str) -> list[Sentence]:
    """The article's served events as sentences of their own: a dated clause of a sentence
    with two dates ("..., and again in 2007 when ...") is a whole sentence there. An event
    its footnote dates ("Japan formed a security accord with Kyiv.", note 2's "June 13, 2024")
    is told with the date as the note writes it, and cites the note, where the answer is."""
    cited = {p.id: p for p in studyset.passages}
    told = []
    for event in studyset.events:
        if event.article != article_id or event.withheld or event.passage not in cited:
            continue
        if dates := dates_in(event.text):
            told.append((cited[event.passage], event.text, True, dates))
        elif note := dating_note(studyset.passages, event):
            written = next(d for d in dates_in(note.text) if d.date == event.date)
            text = re.sub(r"^(?:The|A|An) ", lambda m: m.group(0).lower(), event.text)
            text = f"On {note.text[written.start : written.end]}, {text}"
            told.append((note, text, True, dates_in(text)))
    return told


def _credited(prompt: str, article: Article) -> str:
    """ "The article argues ..." says which article, by its authors or else its main title:
    there are several readings."""
    lead = f"{_PROMPT}The article "
    if not prompt.startswith(lead):
        return prompt
    whose = authors.who(article)
    if whose != "the article":
        named = authors.possessive(whose)
        return f"{_PROMPT}{named[:1].upper()}{named[1:]} article {prompt.removeprefix(lead)}"
    title = authors.main_title(article)
    return f"{lead}“{title}” {prompt.removeprefix(lead)}" if title else prompt


# A reading's topic words are capitalised words in this share of its paragraphs or more.
TOPIC_SHARE = 0.25


def _capitalised(sentence: str) -> set[str]:
    """The capitalised words of a sentence, its first word aside."""
    return set(re.findall(r"(?<=\s)[A-Z][\w’'-]*", sentence))


def _topic_words(passages: list[Passage]) -> set[str]:
    """Names a reading uses throughout ("NATO", "Japan"), and the words made from them
    ("Japanese", "NATO’s"): sharing one is not being about the same thing."""
    counts = Counter(w for p in passages for w in _capitalised(" " + p.text))
    topic = [w for w, n in counts.items() if n >= TOPIC_SHARE * len(passages)]
    return {w for w in counts if any(w.startswith(t) for t in topic)}


_NAME_RUN = r"[A-Z][\w-]+(?: (?:of |on |the |for )*[A-Z][\w-]+)+"


def _dated_names(text: str) -> dict[str, set[str]]:
    """Names the readings write with a year before them ("the 2023 National Security
    Strategy"), and those years."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in re.finditer(rf"\b(1[89]\d\d|20\d\d)(?:’s|'s)? ({_NAME_RUN})", text):
        out[m.group(2)].add(m.group(1))
    return out


def _dated_otherwise(sentence: str, dated: dict[str, set[str]]) -> bool:
    """A sentence dating a named thing that a reading gives another year: one of them is
    wrong, and no question should ask or show either."""
    years = set(YEAR.findall(sentence))
    return bool(years) and any(
        dated.get(name, set()) - years for name in re.findall(_NAME_RUN, sentence) if name in dated
    )


def _labels_a_known_day(question: Question, days: list[Event]) -> bool:
    """The blank is a year naming a happening whose day an event tells ("The _____ Russian
    invasion of Ukraine resulted from ..."): the year is a label, known to anyone who knows the
    happening, while what the sentence claims goes unasked."""
    named = _LABELLED.search(question.prompt)
    return bool(
        question.kind == "date"
        and named
        and any(e.date[:4] == question.answer and named.group(1) in e.text for e in days)
    )


# "the _____ Russian invasion of Ukraine": a year before a happening and what it befell.
_LABELLED = re.compile(
    rf"{BLANK} ([A-Z][\w’'-]*(?: [\w’'-]+){{0,5}}? (?:of|on|against|in) [A-Z][\w-]*)"
)


def _same_fact(mine: Question, theirs: Question) -> bool:
    """Two questions on one passage with one answer. Where one prompt shows the other's answer
    ("As of _____, aid had reached $7.1 billion" beside "How much aid by March 2023?"), a round
    draws them together only when nothing else is left (content.draw)."""
    return mine.passage == theirs.passage and bool(
        {a.casefold() for a in mine.answers} & {a.casefold() for a in theirs.answers}
    )


def judge_for(studyset: Studyset, forms: NameForms | None = None, names=None) -> Judge:
    """The judge of questions about these readings."""
    forms = forms or name_forms(studyset.passages)
    names = names or _names(p for p in studyset.passages if not p.is_note)
    publishers = {a.id: a.publisher for a in studyset.articles}
    authors = {a.id: a.authors for a in studyset.articles}
    return Judge(forms, publishers, authors, names.type_of, _obvious(studyset, names))


def _obvious(studyset: Studyset, names: Names) -> dict[str, frozenset[str]]:
    """Each article's most mentioned places (by passages that name them)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for passage in studyset.passages:
        words = _words_of(passage.text)
        counts[passage.article].update(
            p for p in names.places if _first_word(p) in words and _standalone(p, passage.text)
        )
    return {
        article: frozenset(sorted(c, key=lambda p: (-c[p], p))[:OBVIOUS_PLACES])
        for article, c in counts.items()
    }


def _question(
    fact: Fact, forms: NameForms, judge: Judge, names: Names
) -> tuple[Question, str] | None:
    """The question a fact makes, with choices; one that cannot be read alone is withheld
    before any choices are looked for."""
    sentence = forms.undisputed(fact.sentence)
    prompt = _cloze(sentence, fact.answer)
    if prompt is None:
        return None
    key = f"{fact.passage.article}|{fact.kind}|{fact.answer}|{prompt}"
    question = Question(
        id="q-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        kind=fact.kind,
        prompt=prompt,
        answers=_answers(fact, names),
        choices=(),
        article=fact.passage.article,
        passage=fact.passage.id,
        explanation=sentence,
    )
    shown = prompt.removeprefix(_PROMPT).replace(BLANK, fact.answer)  # what the student reads
    unreadable = judge.unreadable(question, shown, fact.stands)
    if unreadable:
        return replace(question, withheld=unreadable), shown
    named = []
    if fact.kind == "place":
        named = [p for p in (place(fact.answer), *_places_named(sentence)) if p]
    # The places the readings are about ("Russia", "Ukraine") are known in their roles: as a
    # distractor one is guessed away, or absurd ("NATO's headquarters in Russia").
    known = set().union(*judge.obvious.values()) - {fact.answer}
    picked: list[str] = []
    ranked = [
        d
        for ds in (fact.distractors, fact.farther)
        for d in _ranked([d for d in ds if d not in known], key)
    ]
    for candidate in ranked:
        if _fits(candidate, fact, prompt, forms, picked, named):
            picked.append(candidate)
            if len(picked) == 3:
                break
    if fact.kind == "date" and len(picked) == 3 and _one_side(picked, fact.answer):
        # Dates all before the answer, or all after, leave it the latest or the earliest: one
        # from the other side takes the last place where one fits.
        other = (
            c
            for c in ranked
            if not _one_side([*picked, c], fact.answer)
            and _fits(c, fact, prompt, forms, picked[:2], named)
        )
        picked[2] = next(other, picked[2])
    if fact.kind in TYPED_NAMES and len(picked) < 3:
        return question, shown  # too few of its own kind to choose from: typed in full
    if len(picked) < 2:
        return None
    choices = tuple(_ranked([fact.answer, *picked], key + "|order"))
    return replace(question, choices=choices), shown


def _fits(
    candidate: str,
    fact: Fact,
    prompt: str,
    forms: NameForms,
    picked: list[str],
    named: list[Place],
) -> bool:
    """A distractor (of the answer's type already) that is plainly another thing, not shown in
    the prompt."""
    if any(_variant(candidate, taken) for taken in (fact.answer, *picked)):
        return False
    low = candidate.lower()
    if low in prompt.lower() and re.search(rf"(?<!\w){re.escape(low)}(?!\w)", prompt.lower()):
        return False
    if forms.disputed_in(candidate):
        return False
    text = fact.passage.text
    if candidate in text and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", text):
        return False  # what the same paragraph names may well be right too
    year = fact.kind == "date" and _year(fact.answer)
    if year and _year(candidate) == year and any(_year(taken) == year for taken in picked):
        return False  # "November | September | December 1960": the year is asked too
    if fact.kind != "place":
        return True
    # Not the answer's own region, nor one holding a place the prompt names: "North America"
    # would also be right beside "the US elections".
    if re.search(rf"\bthe {BLANK}", prompt, re.I) and takes_the(candidate) != takes_the(
        fact.answer
    ):
        return False  # "an ally of the _____" reads right only with "the United States"
    there, here = place(candidate), place(fact.answer)
    if there is None:
        return False
    if here and here.kind == "country" and here.continent != there.continent:
        return False  # a country among its neighbours: one from afar is guessed unread
    if here and here.kind not in ("country", "continent") and here.continent == there.continent:
        return False  # a city of another continent: nearby ones may host the same thing
    return not any(related(p, there) for p in named)


@lru_cache(maxsize=64)  # the sentence of several facts in a row
def _places_named(text: str) -> list[Place]:
    """Places `text` names, by name or by a common alias ("US", "Japanese")."""
    words = re.findall(r"[\w’'-]+", text)
    aliases = _aliases()
    found = []
    for n in range(len(words)):
        if not words[n][:1].isupper():
            continue  # place names and their aliases are capitalised
        for size in (3, 2, 1):
            phrase = " ".join(words[n : n + size])
            found.append(place(phrase) or aliases.get(phrase) or aliases.get(phrase.lower()))
    return [p for p in found if p is not None]


@cache
def _aliases() -> dict[str, Place]:
    """Every name of a place in the alias table ("US", "Japanese"), when the gazetteer knows it."""
    out = {}
    for group in PLACES:
        known = next((found for n in group if (found := place(n.title()))), None)
        out.update({n if n.isupper() else n.lower(): known for n in group if known})
    return out


def _answers(fact: Fact, names: Names) -> tuple[str, ...]:
    """The canonical answer, then shorter forms the passage also uses: 'Kishida', '7.1 billion';
    for a person asked by surname, the full forms the readings use ('Shinzo Abe'). A two-word
    name the readings never shorten is also right in the other order ("Taro Aso"): which word
    is the family name, the readings do not say (content.judge)."""
    shorter = []
    if fact.kind == "person":
        shorter += names.surnames.get(fact.answer, ())
        if fact.answer in names.full_forms:
            return (fact.answer, *names.full_forms[fact.answer])
    if fact.kind == "number" and fact.answer.startswith("$"):
        shorter.append(fact.answer[1:])
    text = fact.passage.text
    shorter = [s for s in shorter if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
    if (
        fact.kind == "person"
        and not names.surnames.get(fact.answer)
        and len(fact.answer.split()) == 2
    ):
        shorter.append(" ".join(reversed(fact.answer.split())))
    return (
        (fact.answer, *shorter) if fact.kind == "person" else _also_right((fact.answer, *shorter))
    )


def _also_right(answers: tuple[str, ...], term: str = "") -> tuple[str, ...]:
    """The answers, then what says the same, listed for the instructor (the judge reads them
    alike): each spelled the American way ("Self-Defense" for "Self-Defence"), and an acronym's
    long form cut to the words its initials cover ("Rim of the Pacific" for RIMPAC)."""
    more = [american_text(a) for a in answers]
    if term:
        more += [covered(term, a) for a in answers]
    return tuple(dict.fromkeys((*answers, *more)))


def _cloze(sentence: str, answer: str) -> str | None:
    """The sentence with every occurrence of `answer` blanked. A sentence too long to read in
    a chat round, or going on to a second date, a quotation or words that lean on other text,
    loses its trailing clauses
    ("…, hinting at ...", "…, and again in 2007 when ...", "—the first …—") when the rest
    stands alone."""
    pattern = re.compile(rf"(?<!\w){re.escape(answer)}(?!\w)")
    if not pattern.search(sentence):
        return None
    text = pattern.sub(BLANK, sentence)
    after = text.index(BLANK) + len(BLANK)
    if len(_PROMPT + text) > MAX_PROMPT or _goes_on(text[after:]):
        cuts = [m.start() for m in _TRAILING_CLAUSE.finditer(text, after)]
        fitting = [
            cut
            for cut in cuts
            if len(_PROMPT + text[:cut]) < MAX_PROMPT and not _goes_on(text[after:cut])
        ]
        if fitting:
            text = text[: fitting[-1]].rstrip() + "."
    return _PROMPT + text


def _goes_on(text: str) -> bool:
    """After its blank, a prompt goes on to another date, a quotation, words that lean on text
    the student does not see ("a similar operational picture"), or the writer's inference from
    the fact (", meaning that NATO will never ..."), which a quiz would state as fact."""
    return bool(_MORE_AFTER.search(text) or _INFERENCE.search(text)) or dangling(text)


_INFERENCE = re.compile(
    r", (?:meaning|suggesting|implying|showing|proving|signalling|signaling) that\b"
    r"|, which (?:means|suggests|implies|shows|proves) that\b"
)


def _variant(candidate: str, answer: str) -> bool:
    """Same thing written differently: equal ignoring case, or sharing a significant word."""
    if candidate.strip().lower() == answer.strip().lower():
        return True
    if not _DIGIT.search(candidate + answer):
        return bool(_words(candidate) & _words(answer))
    return False


@cache
def _words(text: str) -> frozenset[str]:
    stop = {"the", "of", "and", "for", "on", "in", "a", "an", "to"}
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop)


def _ranked(items: Iterable[str], key: str) -> list[str]:
    """A fixed pseudo-random order: the same for every build, different for every question
    (a string seed is hashed the same way in every process)."""
    unique = sorted(set(items))
    random.Random(key).shuffle(unique)
    return unique


# -- dates ----------------------------------------------------------------------------------


def _date_facts(told: list[Sentence], sentences: list[Sentence], published: str) -> list[Fact]:
    """Every real date a sentence states (content.events reads them), written as a day, a month
    or a year: "the 11th of July" and "2025/03/28" make awkward blanks. A date an event of the
    passage tells is asked in the event's words alone, not again in its source sentence's."""
    # No choice after the latest date the reading states or its own: it was written before.
    stated = (d.date for *_, dates in told + sentences for d in dates)
    latest = max((*stated, published[:10])) or "9999"
    sources = {text: _source(text, passage, sentences) for passage, text, *_ in told}
    retold = {
        (passage.id, d.date, sources[text]) for passage, text, _, dates in told for d in dates
    }
    facts = []
    for n, (passage, sentence, stands, dates) in enumerate(told + sentences):
        source = n >= len(told)
        # An event leaves out the "again" of the sentence it was cut from, which still rules
        # years out.
        again = _AGAIN.search(sentence if source else f"{sentence} {sources[sentence]}")
        # A year apart from the day it goes with ("In 2023, on the 11th of July") is asked alone.
        years = [
            Dated(m.group(0), "year", m.start(), m.end())
            for m in YEAR.finditer(sentence)
            if not any(d.start <= m.start() < d.end for d in dates)
        ]
        for dated in (*dates, *years):
            written = sentence[dated.start : dated.end]
            if written.lower().startswith("the ") or "/" in written:
                continue
            if source and (passage.id, dated.date, sentence) in retold:
                continue
            # What happens "again" came after what the passage dates before it.
            before = (y for y in YEAR.findall(passage.text) if y < dated.date[:4])
            first = max(before, default="") if again else ""
            near, far = (
                tuple(
                    o
                    for o in _near_dates(written, dated, s)
                    if first < _year(o) and not _later(_iso(o), latest)
                )
                for s in (_NEAR, _FAR)
            )
            facts.append(Fact("date", written, sentence, passage, near, stands, far))
    return facts


def _later(one: str, other: str) -> bool:
    """Whether ISO date `one` is after `other`, at the coarser of their precisions: "2025-03"
    is not after "2025"."""
    common = min(len(one), len(other))
    return one[:common] > other[:common]


def _source(event: str, passage: Passage, sentences: list[Sentence]) -> str:
    """The sentence of `passage` an event was cut from: the one sharing the most words with it
    ("Japan established the FEF in 1961 with four escort flotillas ..." for "Japan established
    the Fleet Escort Force (FEF) in 1961.")."""
    words = _words(event)
    own = [text for p, text, *_ in sentences if p.id == passage.id]
    return max(own, key=lambda text: len(words & _words(text)), default="")


_AGAIN = re.compile(r"\bagain\b")
# How many years a date's distractors lie from it; the farther ones only when too few of the
# near ones fit.
_NEAR = (-3, -2, -1, 1, 2, 3, 4)
_FAR = (-6, -5, -4, 5, 6)


def _one_side(dates: list[str], answer: str) -> bool:
    """All `dates` lie before `answer`, or all after it (by year, then as written in order)."""
    order = [_date_order(d) > _date_order(answer) for d in dates]
    return all(order) or not any(order)


def _date_order(written: str) -> tuple[str, int]:
    month = next((n for n, m in enumerate(MONTHS) if m in written.lower()), -1)
    return _year(written), month


def _iso(written: str) -> str:
    """'July 2024' -> '2024-07', '2024' -> '2024': to compare with the dates a reading states."""
    year, month = _date_order(written)
    return f"{year}-{month + 1:02d}" if month >= 0 else year


def _year(written: str) -> str:
    return YEAR.search(written).group(0)


def _near_dates(written: str, dated, offsets: tuple[int, ...]) -> list[str]:
    """Dates `offsets` years from the right one, written the same way; a month or day also in
    nearby months when the offsets are the near ones."""
    year = int(dated.date[:4])
    years = [year + d for d in offsets]
    if dated.precision == "year":
        return [str(y) for y in years]
    out = [written.replace(str(year), str(y)) for y in years if abs(y - year) <= 2]
    if offsets != _NEAR:
        return out
    month_name = next(m for m in MONTHS if m in written.lower()).capitalize()
    month = MONTHS.index(month_name.lower())
    other_months = [MONTHS[(month + d) % 12].capitalize() for d in (-3, -2, -1, 1, 2, 3)]
    return out + [written.replace(month_name, m) for m in other_months]


# -- acronyms -------------------------------------------------------------------------------


def _used_terms(text: str) -> Counter:
    """How often each acronym is used beyond the brackets that define it."""
    return Counter(
        m.group(1) for m in re.finditer(r"(?<![\w(/-])([A-Z][A-Z\d/]+[A-Z\d])s?(?![\w)/-])", text)
    )


def _term_questions(
    forms: NameForms, article_id: str, asked: set[str], used: Counter, in_full: dict[str, str]
) -> list[tuple[Question, str]]:
    """'What does RAA stand for?', answered in free text, once for all the readings: with
    choices, only the right expansion would match the initials. Every spelling the readings
    use is accepted; the one most of them use comes first. A long form that itself holds an
    acronym ("Japan Maritime SDF") is answered as the glossary completes it ("Japan Maritime
    Self-Defence Force", `in_full`: term -> long form). An acronym the readings define and
    never use again is trivia when it names a body or a unit ("the Mine Warfare Force (MWF)"),
    not when it names an agreement or an idea: "the United Nations Convention on the Law of the
    Sea (UNCLOS)" and "anti-access / area denial (A2/AD)" are the field's vocabulary."""
    out = []
    for term, expansion in sorted(forms.expansions.items()):
        first = next(p for p in expansion.passages if expansion.forms[0] in p.text)
        if first.article != article_id or term in asked:
            continue
        asked.add(term)
        sentence = next(
            (s for s in split_sentences(first.text) if expansion.forms[0] in s), first.text
        )
        prompt = f"In these readings, what does {term} stand for?"
        key = f"{article_id}|term|{expansion.forms[0]}|{prompt}"
        question = Question(
            id="q-" + hashlib.sha1(key.encode()).hexdigest()[:10],
            kind="term",
            prompt=prompt,
            answers=_also_right(_spelled(expansion.forms, in_full.get(term, "")), term),
            choices=(),
            article=article_id,
            passage=first.id,
            explanation=sentence,
        )
        defined_once = len({p.article for p in expansion.passages}) < 2
        if defined_once and not used[term] and not _vocabulary(expansion.forms[0]):
            question = replace(question, withheld="not-worth-asking")
        out.append((question, sentence))
    return out


def _vocabulary(long_form: str) -> bool:
    """A long form that names an agreement ("... Convention on the Law of the Sea") or an idea,
    written in lower case ("anti-access / area denial"), rather than a body or a unit."""
    return _head_group(long_form) in _AGREEMENTS or long_form == long_form.lower()


def _spelled(spellings: tuple[str, ...], full: str) -> tuple[str, ...]:
    """The readings' long forms, each holding an acronym led by `full` when it holds none; the
    readings' own form stays right too ("Japan Maritime SDF" is what the passage says)."""
    if not full or _HOLDS_ACRONYM.search(full):
        return spellings
    completed = (full if _HOLDS_ACRONYM.search(f) else f for f in spellings)
    return tuple(dict.fromkeys((*completed, *spellings)))


_HOLDS_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


# -- numbers --------------------------------------------------------------------------------


def _number_facts(sentences: list[Sentence]) -> list[Fact]:
    facts = []
    for passage, sentence, stands, dates in sentences:
        for match in (*_MONEY.finditer(sentence), *_AMOUNT.finditer(sentence)):
            if any(match.start() < d.end and d.start < match.end() for d in dates):
                continue
            written = match.group(0).strip()
            before = sentence[: match.start()]
            if re.fullmatch(r"(19|20)\d\d", written) or re.search(
                r"(?i)\b(the|September) $", before
            ):
                continue  # a year, 'September 11', or 'the two sides': not a quantity to learn
            near, farther = _near_numbers(written, sentence)
            if near:
                facts.append(Fact("number", written, sentence, passage, near, stands, farther))
    return facts


# A numbered provision: "Article 5 of the Washington Treaty", "Article 9 of its Constitution".
_PROVISION = re.compile(r"\b(Article|Section|Chapter|Resolution) (\d{1,4})\b")


def _cited_provisions(text: str) -> dict[str, set[int]]:
    """The numbers the readings cite of each kind of provision: {"Article": {5, 6, 9}}."""
    out: dict[str, set[int]] = defaultdict(set)
    for match in _PROVISION.finditer(text):
        out[match.group(1)].add(int(match.group(2)))
    return out


def _provision_facts(sentences: list[Sentence], cited: dict[str, set[int]]) -> list[Fact]:
    """ "Article 5 obligations of collective defense ...": the other provisions the readings cite,
    and the neighbours of this one, are the choices."""
    facts = []
    for passage, sentence, stands, _ in sentences:
        for match in _PROVISION.finditer(sentence):
            head, number = match.group(1), int(match.group(2))
            near = (cited[head] | {number - 1, number + 1}) - {number, 0}
            options = tuple(f"{head} {n}" for n in sorted(near))
            facts.append(Fact("number", match.group(0), sentence, passage, options, stands))
    return facts


def _near_numbers(written: str, seed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The same quantity scaled, near ones first: '$7.1 billion' -> '$5.3 billion', '$8.9
    billion', ... Which scalings come first the seed decides, so the answer is as often the
    smallest choice as the largest, and the others are not its plain multiples."""
    first = written.split()[0]
    word = first.lower()
    if word in _NUMBER_VALUES:
        value = _NUMBER_VALUES[word]
        near = {v for v in (value - 2, value - 1, value + 1, value + 2, value * 2) if v >= 2}
        words = {v: w for w, v in _NUMBER_VALUES.items()}
        return tuple(written.replace(first, _cased(words[v], word)) for v in near & set(words)), ()
    match = re.search(r"\d+(?:\.\d+)?", written)
    text = match.group(0)
    decimals = len(text.split(".")[1]) if "." in text else 0
    nearest = _SCALES[int(hashlib.sha1(seed.encode()).hexdigest(), 16) % len(_SCALES)]
    rest = sorted({f for scales in _SCALES for f in scales} - set(nearest))
    step = 1 if decimals else _roundness(float(text))
    tiers = []
    for factors in (nearest, rest):
        scaled = (f"{round(float(text) * f / step, decimals) * step:.{decimals}f}" for f in factors)
        tiers.append(
            tuple(
                written[: match.start()] + formatted + written[match.end() :]
                for formatted in dict.fromkeys(scaled)
                if formatted != text and float(formatted) > 0
            )
        )
    return tiers[0], tiers[1]


def _roundness(value: float) -> int:
    """The step a round figure is counted in, so its choices are as round ("20 minutes": 10,
    15, 30; not 8, 12, 16): the largest of 5, 10, 50, 100, ... that divides it and is at most a
    quarter of it; 1 for a figure that is not round (27)."""
    step = 1
    for power in range(12):
        for unit in (5 * 10**power, 10 ** (power + 1)):
            if value % unit == 0 and unit * 4 <= value:
                step = unit
    return step


# How a number's nearest choices are scaled, by how many of them lie below it (none to three).
_SCALES = ((1.25, 1.5, 2), (0.75, 1.25, 1.5), (0.5, 0.75, 1.25), (0.4, 0.6, 0.8))


def _cased(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


# -- people, places, organisations ----------------------------------------------------------


_CONTINENTS = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America")
_WORD = re.compile(r"[\w.&-]+")
_DIGIT = re.compile(r"\d")


def _words_of(text: str) -> set[str]:
    """The words of `text`, with and without a full stop ("U.S.", "Europe.")."""
    words = set(_WORD.findall(text))
    return words | {w.rstrip(".") for w in words}


def _first_word(name: str) -> str:
    """What a name starts with, as `_words_of` reads it: "People" of "People’s Liberation"."""
    return _WORD.findall(name)[0]


def _names(passages: Iterable[Passage]) -> Names:
    passages = list(passages)
    people: dict[str, str] = {}
    organisations: dict[str, str] = {}
    places: set[str] = set()
    towns: set[str] = set()
    for passage in passages:
        text = passage.text
        for match in TITLED_PERSON.finditer(text):
            if " " in match.group(2):
                people.setdefault(match.group(2), _ROLES.get(match.group(1), "minister"))
        for match in _ANALYST.finditer(text):
            people.setdefault(match.group(1), "analyst")
        for match in _ORG.finditer(text):
            name = _organisation(match.group(1))
            if " " in name:
                organisations.setdefault(name, _head_group(name))
        places.update(m.group(0) for m in _PLACE_NAME.finditer(text) if place(m.group(0)))
        towns.update(m.group(1) for m in _LOCATIVE.finditer(text))
    places = {p for p in places if place(p).kind != "city" or p in towns}
    person_words = {w for p in people for w in p.split()}
    organisations = {
        o: group for o, group in organisations.items() if not set(o.split()) & person_words
    }
    full_forms = _agreed_surnames(people, name_forms(passages))
    people |= {surname: people[forms[0]] for surname, forms in full_forms.items()}
    return Names(
        people, organisations, tuple(sorted(places)), _surnames(people, passages), full_forms
    )


def _agreed_surnames(people: dict[str, str], forms: NameForms) -> dict[str, tuple[str, ...]]:
    """People whose given name the readings dispute with no form most of them use ("Shinzo
    Abe" in one, "Shino Abe" in another): asked by the surname they agree on, and answered by
    any form they use (surname -> those forms)."""
    disputed: dict[str, list[str]] = defaultdict(list)
    for full, surname in sorted(forms.disputed_people.items()):
        disputed[surname].append(full)
    agreed = {}
    for surname, fulls in disputed.items():
        titled = [p for p in people if p.split()[-1] == surname]
        if titled and all(p in fulls for p in titled):
            agreed[surname] = tuple(f for f in fulls if f in people) + tuple(
                f for f in fulls if f not in people
            )
    return agreed


def _surnames(people: Iterable[str], passages: list[Passage]) -> dict[str, tuple[str, ...]]:
    """The words of each name the readings also use alone ("Kishida"); none when they use no
    word alone ("Aso Taro", family name first, is never shortened: "Taro" is his given name)."""
    people = sorted(people, key=len, reverse=True)
    if not people:
        return {}
    text = " ".join(p.text for p in passages)
    words = sorted({w for person in people for w in person.split()}, key=len, reverse=True)
    said = Counter(re.findall(rf"\b(?:{'|'.join(map(re.escape, words))})\b", text))
    whole = Counter(re.findall(rf"\b(?:{'|'.join(map(re.escape, people))})\b", text))
    within = Counter(w for person, n in whole.items() for w in person.split() for _ in range(n))
    return {person: tuple(w for w in person.split() if said[w] > within[w]) for person in people}


def _head_group(name: str) -> str:
    head = re.split(r" (?:of|on) ", name)[0].split()[-1]  # "Treaty on Comprehensive ..."
    return _HEAD_GROUP.get(head, _HEAD_GROUP.get(head.rstrip("s"), ""))


def _organisation(name: str) -> str:
    """'Kyoko Kuwahara of the Japan Institute of ...' names a person, then the organisation.
    A full stop that ends the sentence is not part of the name ("... of Technology.")."""
    if re.search(r"[a-z]{3}\.$", name):
        name = name[:-1]
    head, sep, tail = name.partition(" of ")
    if sep and not _head_group(head):
        return tail.removeprefix("the ")
    return name.removeprefix("The ")


def _name_facts(sentences: list[Sentence], names: Names) -> list[Fact]:
    pools = {
        "person": names.people,
        "organisation": {o for o, g in names.organisations.items() if g not in _AGREEMENTS},
        "agreement": {o for o, g in names.organisations.items() if g in _AGREEMENTS},
        "place": {*names.places, *_CONTINENTS},
    }
    # Distractors are names of the answer's own type: a country for a country, a council for a
    # council (not an institute).
    typed: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for kind, pool in pools.items():
        for name in sorted(pool):
            typed[_type_key(kind, name, names)].append(name)
    # Kinds in turn, longest names first, so "North Korea" is asked before "Korea" could be.
    order = {kind: n for n, kind in enumerate(pools)}
    by_first_word: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, pool in pools.items():
        for name in pool:
            by_first_word[_first_word(name)].append((kind, name))
    facts = []
    for passage, sentence, stands, _ in sentences:
        found = [pair for word in _words_of(sentence) for pair in by_first_word.get(word, ())]
        for kind, name in sorted(set(found), key=lambda p: (order[p[0]], -len(p[1]), p[1])):
            if _standalone(name, sentence, titled=kind == "person"):
                options = tuple(typed[_type_key(kind, name, names)])
                facts.append(Fact(kind, name, sentence, passage, options, stands))
    return facts


def _type_key(kind: str, name: str, names: Names) -> tuple[str, str, str]:
    head = head_word(name) if kind in ("organisation", "agreement") else ""
    return kind, names.type_of(kind, name), head


def _standalone(name: str, sentence: str, titled: bool = False) -> bool:
    """`name` is written whole, not as part of a longer name ('Asia' in 'East Asia').

    A person's name may follow a capitalised title ('Prime Minister Fumio Kishida').
    """
    if name not in sentence:
        return False
    for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])(?! [A-Z(])", sentence):
        if titled or not re.search(r"[A-Z][\w’'.-]* $", sentence[: match.start()]):
            return True
    return False


def _sentences(passages: Iterable[Passage], people: People) -> Iterable[Sentence]:
    """Each sentence as it reads alone (content.standalone, its people named in full), or as
    written when it cannot; a long count of meetings ("NATO’s seventy-fifth summit") goes, as
    from an event."""
    passages = list(passages)
    named = _named_kinds(" ".join(p.text for p in passages))
    for passage in passages:
        sentences = split_sentences(passage.text)
        for n, written in enumerate(sentences):
            if len(written) >= 40 and written[:1].isupper():
                sentence = _SOME_EVENT.sub(lambda m: _which_one(m, named), written)
                sentence = LONG_COUNT.sub("", sentence)
                alone = standalone(sentence, " ".join(sentences[:n]))
                alone = None if points_back(sentence, alone) else people.in_full(alone)
                text, stands = (sentence, False) if alone is None else (alone, True)
                yield passage, text, stands, dates_in(text)
                for clause in filter(None, map(people.in_full, restated(sentence))):
                    yield passage, clause, True, dates_in(clause)


# "the 2022 summit": which summit the reading says elsewhere, when it names only one kind.
_EVENT_NOUNS = "summit|summits|meeting|meetings|council|communique|declaration"
_SOME_EVENT = re.compile(rf"\bthe ((?:19|20)\d\d )?({_EVENT_NOUNS})\b")
_NAMED_EVENT = re.compile(rf"\b([A-Z][\w-]+) ({_EVENT_NOUNS})\b")


def _named_kinds(text: str) -> dict[str, set[str]]:
    """The names a reading puts before each kind of event: {"summit": {"NATO"}}."""
    out: dict[str, set[str]] = defaultdict(set)
    for match in _NAMED_EVENT.finditer(text):
        out[match.group(2).removesuffix("s")].add(match.group(1))
    return out


def _which_one(match: re.Match, named: dict[str, set[str]]) -> str:
    """ "the 2022 summit" -> "the 2022 NATO summit" when the reading's summits are all NATO's."""
    year, noun = match.group(1) or "", match.group(2)
    names = named.get(noun.removesuffix("s"), set())
    return f"the {year}{next(iter(names))} {noun}" if len(names) == 1 else match.group(0)


# "NATO’s 2022 Strategic Concept, which recognizes ...": a name of two words or more, then
# what it is or does.
_WHICH = re.compile(
    r"\b((?:the )?(?:(?:[A-Z][\w’'-]*|(?:19|20)\d\d) ){1,5}[A-Z][\w’'-]*), which "
    r"((?:is|are|was|were|has|have|had|[a-z]+s) [^,;]+)"
)


_NAME_GOES_BACK = re.compile(r"[A-Z][\w’'-]* (?:and|of|for|&) $")


def restated(sentence: str) -> list[str]:
    """What a relative clause says of a name, as a sentence of its own: "NATO’s 2022 Strategic
    Concept recognizes China as a “strategic challenge.”" The sentence around it may lean on
    text before it; the clause does not."""
    out = []
    for match in _WHICH.finditer(sentence):
        if _NAME_GOES_BACK.search(sentence[: match.start()]):
            continue  # "Central and Eastern Europe, which": the name began before the match
        name, said = match.groups()
        said = said.rstrip()
        clause = f"{name[:1].upper()}{name[1:]} {said}"
        out.append(clause if _ENDS.search(clause) else clause + ".")
    return out
