"""Generated quiz questions: fill-in-the-blank sentences taken from the passages.

Each question blanks one fact (a date, a number, an acronym's meaning, a person, a place or an
organisation) in a sentence of its cited passage, so the answer appears in that passage and not
in the prompt. Distractors are of the same type: nearby years and numbers, names of the same
kind from the articles; none shares a word with the answer, so none is a variant of it.
An id hashes the article, kind, answer and prompt, so adding another article changes no id.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from content.events import MONTHS, dates_in
from content.model import Event, Passage, Question, Studyset
from content.sentences import split_sentences

BLANK = "_____"
MAX_PROMPT = 300
_NUMBER_VALUES = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBER_VALUES |= {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20}
_NUMBER_WORDS = tuple(_NUMBER_VALUES)
_ORG_WORDS = (
    "Council|Institute|Agency|Group|Force|Ministry|Office|Association|Alliance|"
    "Organization|Organisation|Navy|Guard|Communique|Concept|Initiative|Treaty|Dialogue|"
    "Partnership|Program|Programme|Summit|Union|Party|Shield"
)
_CAP = r"[A-Z][\w’'.-]*"
_ORG = re.compile(
    rf"\b((?:{_CAP} (?:(?:of|on|for) (?:the )?|and )?){{1,5}}(?:{_ORG_WORDS})s?(?!\w)"
    rf"(?: (?:of|for) (?:the )?{_CAP}(?: {_CAP}){{0,3}})?)"
)
_TITLE = (
    r"(?:Prime Minister|President|Secretary General|Foreign Minister|Minister|Director General"
    r"|Chancellor|General|Admiral)"
)
_PERSON_AFTER_TITLE = re.compile(rf"\b{_TITLE} ((?:[A-Z][a-z]+ ){{0,2}}[A-Z][a-z]+)\b")
_PERSON_BEFORE_ROLE = re.compile(
    r"\b([A-Z][a-z]+ [A-Z][a-z]+), (?:Director|Senior|Professor|Chief|Head|Minister|Secretary)"
)
_PLACE = re.compile(r"\b(?:in|to|from|at) ((?:[A-Z][a-z]+ )?[A-Z][a-z]{2,})(?=[,.;:)]| and | or )")
_COMPASS = re.compile(r"^(North|South|East|West)(east|west)?(ern)?$|ern$")
_MONEY = re.compile(r"\$\d+(?:\.\d+)? (?:million|billion|trillion)")
_AMOUNT = re.compile(
    r"\b(\d+(?:\.\d+)?)( (?:million|billion|trillion) US dollars| per ?cent)"
    r"|(?<![/\w])(\d{2,4}|" + "|".join(_NUMBER_WORDS) + r") (?=(?:[A-Za-z-]+ ){0,2}[a-z]+s\b)"
)


@dataclass(frozen=True)
class Fact:
    """One blankable fact: `answer` is written in `sentence` of `passage`."""

    kind: str
    answer: str
    sentence: str
    passage: Passage
    distractors: tuple[str, ...]


def generate(studyset: Studyset) -> list[Question]:
    by_article: dict[str, list[Passage]] = defaultdict(list)
    for passage in studyset.passages:
        if not passage.text.startswith("Note "):  # reference notes make poor questions
            by_article[passage.article].append(passage)
    pools = _name_pools(studyset.passages)
    events: dict[str, list[Event]] = defaultdict(list)
    for event in studyset.served_events:
        events[event.article].append(event)
    by_term: dict[str, set[str]] = defaultdict(set)
    for entry in studyset.glossary:
        by_term[entry.term].add(entry.expansion)
    questions = []
    for article in studyset.articles:
        passages = by_article[article.id]
        facts = [
            *_date_facts(studyset, events[article.id]),
            *_term_facts(studyset, article.id, by_term),
            *_number_facts(passages),
            *_name_facts(passages, pools),
        ]
        # One question per fact and per sentence, so no question answers another.
        seen: set[str] = set()
        for fact in facts:
            keys = {f"{fact.kind}|{fact.answer.lower()}", fact.sentence}
            question = None if keys & seen else _question(fact)
            if question is not None:
                seen |= keys
                questions.append(question)
    return questions


def _question(fact: Fact) -> Question | None:
    prompt = _cloze(fact.sentence, fact.answer) if fact.kind != "term" else fact.sentence
    answers = _answers(fact)
    if prompt is None or any(a.lower() in prompt.lower() for a in answers):
        return None
    article = fact.passage.article
    key = f"{article}|{fact.kind}|{fact.answer}|{prompt}"
    picked: list[str] = []
    for candidate in _ranked(fact.distractors, key):
        if not any(_variant(candidate, taken) for taken in (fact.answer, *picked)):
            picked.append(candidate)
            if len(picked) == 3:
                break
    if len(picked) < 2:
        return None
    choices = _ranked([fact.answer, *picked], key + "|order")
    explanation = fact.sentence if fact.kind != "term" else _term_explanation(fact)
    return Question(
        id="q-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        kind=fact.kind,
        prompt=prompt,
        answers=answers,
        choices=tuple(choices),
        article=article,
        passage=fact.passage.id,
        explanation=explanation,
    )


def _answers(fact: Fact) -> tuple[str, ...]:
    """The canonical answer, then shorter forms the passage also uses: 'Kishida', '7.1 billion'."""
    shorter = []
    if fact.kind == "person":
        shorter.append(fact.answer.split()[-1])
    if fact.kind == "number" and fact.answer.startswith("$"):
        shorter.append(fact.answer[1:])
    text = fact.passage.text
    return (fact.answer, *(s for s in shorter if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)))


def _cloze(sentence: str, answer: str) -> str | None:
    """The sentence with every occurrence of `answer` blanked, trimmed around the first blank."""
    pattern = re.compile(rf"(?<!\w){re.escape(answer)}(?!\w)")
    if not pattern.search(sentence):
        return None
    text = pattern.sub(BLANK, sentence)
    if len(text) > MAX_PROMPT:
        at = text.index(BLANK)
        start = max(0, at - MAX_PROMPT // 2)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = text.find(" ", min(len(text), start + MAX_PROMPT))
        text = ("… " if start else "") + text[start : end if end > 0 else None].strip()
        text += " …" if end > 0 else ""
    return f"Fill in the blank: {text}"


def _variant(candidate: str, answer: str) -> bool:
    """Same thing written differently: equal ignoring case, or sharing a significant word."""
    a, b = _words(candidate), _words(answer)
    if candidate.strip().lower() == answer.strip().lower():
        return True
    if not any(c.isdigit() for c in candidate + answer):
        return bool(a & b)
    return False


def _words(text: str) -> set[str]:
    stop = {"the", "of", "and", "for", "on", "in", "a", "an", "to"}
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop}


def _ranked(items: Iterable[str], key: str) -> list[str]:
    """A fixed pseudo-random order: the same for every build, different for every question."""
    unique = sorted(set(items))
    return sorted(unique, key=lambda item: hashlib.sha1(f"{key}|{item}".encode()).hexdigest())


# -- dates ----------------------------------------------------------------------------------


def _date_facts(studyset: Studyset, events: list[Event]) -> list[Fact]:
    facts = []
    for event in events:
        passage = studyset.passage_by_id[event.passage]
        if passage.text.startswith("Note ") or event.text not in passage.text:
            continue
        for dated in dates_in(event.text):
            if dated.date != event.date:
                continue
            written = event.text[dated.start : dated.end]
            if written.lower().startswith("the ") or "/" in written:
                continue  # "the 11th of July" and "2025/03/28" make awkward blanks
            facts.append(
                Fact("date", written, event.text, passage, tuple(_near_dates(written, dated)))
            )
    return facts


def _near_dates(written: str, dated) -> list[str]:
    """Dates near the right one, written the same way."""
    year = int(dated.date[:4])
    years = [year + d for d in (-3, -2, -1, 1, 2, 3, 4)]
    if dated.precision == "year":
        return [str(y) for y in years]
    month_name = next(m for m in MONTHS if m in written.lower()).capitalize()
    month = MONTHS.index(month_name.lower())
    other_months = [MONTHS[(month + d) % 12].capitalize() for d in (-3, -2, -1, 1, 2, 3)]
    out = [written.replace(str(year), str(y)) for y in years[1:5]]
    out += [written.replace(month_name, m) for m in other_months]
    return out


# -- acronyms -------------------------------------------------------------------------------


def _term_facts(studyset: Studyset, article_id: str, by_term: dict[str, set[str]]) -> list[Fact]:
    everything = set().union(*by_term.values()) if by_term else set()
    facts = []
    for entry in (g for g in studyset.glossary if g.article == article_id):
        others = everything - by_term[entry.term]  # JSDF's other spellings are no distractors
        size = len(entry.expansion.split())
        same_size = [e for e in others if len(e.split()) == size]
        near_size = [e for e in others if abs(len(e.split()) - size) <= 1]
        distractors = same_size if len(same_size) >= 3 else near_size
        passage = studyset.passage_by_id[entry.passage]
        prompt = f"In this reading, what does {entry.term} stand for?"
        facts.append(Fact("term", entry.expansion, prompt, passage, tuple(distractors)))
    return facts


def _term_explanation(fact: Fact) -> str:
    for sentence in split_sentences(fact.passage.text):
        if fact.answer in sentence:
            return sentence
    return fact.passage.text


# -- numbers --------------------------------------------------------------------------------


def _number_facts(passages: list[Passage]) -> list[Fact]:
    facts = []
    for passage, sentence in _sentences(passages):
        dates = [(d.start, d.end) for d in dates_in(sentence)]
        for match in (*_MONEY.finditer(sentence), *_AMOUNT.finditer(sentence)):
            if any(match.start() < e and s < match.end() for s, e in dates):
                continue
            written = match.group(0).strip()
            before = sentence[: match.start()]
            if re.fullmatch(r"(19|20)\d\d", written) or re.search(
                r"(?i)\b(the|September) $", before
            ):
                continue  # a year, 'September 11', or 'the two sides': not a quantity to learn
            options = _near_numbers(written)
            if options:
                facts.append(Fact("number", written, sentence, passage, tuple(options)))
    return facts


def _near_numbers(written: str) -> list[str]:
    """The same quantity scaled: '$7.1 billion' -> '$3.6 billion', '$14.2 billion', ..."""
    word = written.split()[0].lower()
    if word in _NUMBER_VALUES:
        value = _NUMBER_VALUES[word]
        near = {v for v in (value - 2, value - 1, value + 1, value + 2, value * 2) if v >= 2}
        words = {v: w for w, v in _NUMBER_VALUES.items()}
        return [
            written.replace(written.split()[0], _cased(words[v], word)) for v in near & set(words)
        ]
    match = re.search(r"\d+(?:\.\d+)?", written)
    text = match.group(0)
    value = float(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    out = []
    for factor in (0.25, 0.5, 2, 3, 1.5):
        scaled = value * factor
        formatted = (
            f"{scaled:.{decimals}f}" if decimals or scaled != int(scaled) else str(int(scaled))
        )
        if decimals == 0 and scaled != int(scaled):
            continue
        if formatted != text and float(formatted) > 0:
            out.append(written[: match.start()] + formatted + written[match.end() :])
    return out


def _cased(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


# -- people, places, organisations ----------------------------------------------------------


def _name_pools(passages: Iterable[Passage]) -> dict[str, set[str]]:
    pools: dict[str, set[str]] = {"person": set(), "organisation": set(), "place": set()}
    for passage in passages:
        text = passage.text
        pools["person"].update(m.group(1) for m in _PERSON_AFTER_TITLE.finditer(text))
        pools["person"].update(m.group(1) for m in _PERSON_BEFORE_ROLE.finditer(text))
        pools["organisation"].update(_organisation(m.group(1)) for m in _ORG.finditer(text))
        pools["place"].update(m.group(1) for m in _PLACE.finditer(text))
    people = {p for p in pools["person"] if " " in p}
    person_words = {w for p in people for w in p.split()}
    months = {m.capitalize() for m in MONTHS}
    pools["person"] = people
    pools["organisation"] = {
        o for o in pools["organisation"] if " " in o and not set(o.split()) & person_words
    }
    named = {w for o in pools["organisation"] for w in o.split()} | person_words
    pools["place"] = {
        p
        for p in pools["place"]
        if not set(p.split()) & (months | named)
        and not any(_COMPASS.search(w) for w in p.split())
        and p.split()[0] not in ("The", "This", "Article", "Prime", "President")
    }
    return pools


def _organisation(name: str) -> str:
    """'Kyoko Kuwahara of the Japan Institute of ...' names a person, then the organisation."""
    head, sep, tail = name.partition(" of ")
    if sep and not re.search(rf"\b({_ORG_WORDS})\b", head):
        return tail.removeprefix("the ")
    return name.removeprefix("The ")


def _name_facts(passages: list[Passage], pools: dict[str, set[str]]) -> list[Fact]:
    ordered = {kind: sorted(pool, key=lambda n: (-len(n), n)) for kind, pool in pools.items()}
    facts = []
    for passage, sentence in _sentences(passages):
        for kind, names in ordered.items():
            for name in names:
                if _standalone(name, sentence, titled=kind == "person"):
                    # Variants of the answer are left out when the choices are drawn.
                    facts.append(Fact(kind, name, sentence, passage, tuple(names)))
    return facts


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


def _sentences(passages: Iterable[Passage]) -> Iterable[tuple[Passage, str]]:
    for passage in passages:
        for sentence in split_sentences(passage.text):
            if len(sentence) >= 40 and sentence[:1].isupper():
                yield passage, sentence
