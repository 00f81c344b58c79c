"""Who a bare surname names. News names a person in full once ("Whale whisperer Hori Parata")
and by surname after ("Parata, 75, has now overseen ..."); a sentence shown alone must say who.

`People.in_full` gives a bare surname its full name where the page names exactly one person
by it, and refuses the sentence where it names two ("Hori Parata" and his son "Te Kaurinui
Parata"): which one is meant, only the text around the sentence says.

A full name is a run of two to four capitalised words whose every word the page never writes
in lower case ("Margaret Hamilton", not "Lorenz Center" beside "the center of"); the words before
a title ("Tunisian Prime Minister Habib Essid") and those the page also writes in lower case
("When Margaret Hamilton arrived") are not part of it. Forms of one person nest in each other
("Miss Ellen Fetter", "Ellen Fetter").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from content.model import Article, Passage
from content.places import place

_WORD = r"[A-Z][a-zà-ÿ’'-]*[a-zà-ÿ]"
# Two to six capitalised words (a name is two to four of them, after any title), none a
# possessive but the last ("James Gleick’s Chaos").
_RUN = re.compile(rf"(?<![\w’'.-])(?:{_WORD} ){{1,5}}{_WORD}(?![\w-])")
_POSSESSIVE = re.compile(r"[’']s?$")
_TITLES = frozenset(
    re.findall(
        r"\S+",
        "Mr Mrs Ms Miss Dr Sir Dame Lady Lord Professor Prof President Minister Secretary"
        " Chancellor Governor Senator Ambassador General Admiral Colonel Captain King Queen Prince"
        " Princess Pope Bishop Rev Judge Justice Mayor Chief Director Premier Emperor Speaker",
    )
)


@dataclass(frozen=True)
class People:
    """The people a page names in full, by surname: surname -> each person's longest form
    (none for one person whose given name the page disputes)."""

    by_surname: dict[str, tuple[str, ...]]

    def in_full(self, text: str) -> str | None:
        """`text` with each person it names by a bare surname named in full at the first
        mention, or None when a bare surname names more than one person on the page."""
        for surname, people in self.by_surname.items():
            found = re.finditer(rf"(?<![\w-]){re.escape(surname)}\b", text)
            bare = [m for m in found if _alone(text, m)]
            if not bare:
                continue
            if len(people) != 1:
                if people:
                    return None
                continue  # one person, whose full name the page does not agree on
            if any(form in text for form in _forms(people[0])):
                continue  # "Margaret Hamilton ... Hamilton said": named in full already
            at = bare[0].start()
            text = text[:at] + people[0].removesuffix(" " + surname) + " " + text[at:]
        return text


def people(texts: Iterable[str], authors: Iterable[str] = ()) -> People:
    """The people `texts` (one page's paragraphs) and its `authors` name in full."""
    texts = list(texts)
    authors = [a.strip() for a in authors if len(a.split()) > 1]
    text = "\n".join(texts)
    lower = set(re.findall(r"\b[a-zà-ÿ][\w’'-]*", text))
    titles: dict[str, set[str]] = defaultdict(set)  # form -> the titles the page gives it
    for run in _RUN.finditer(text):
        words = _POSSESSIVE.sub("", run.group(0)).split()
        titled = [n for n, w in enumerate(words) if w.rstrip(".") in _TITLES]
        if titled:  # "President Bill Clinton": a title's name, though "bill" is a word
            title, words = words[titled[-1]], words[titled[-1] + 1 :]
        else:
            title = ""
            while words and words[0].lower() in lower:
                words = words[1:]  # "When", "To": a sentence's first word
        checked = words[-1:] if title else words
        if 2 <= len(words) <= 4 and all(w.lower() not in lower for w in checked):
            titles[" ".join(words)].add(title)
    forms = {f for f in titles if titles[f] - {""} or _a_person(f, text)} | set(authors)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        known = by_surname[form.split()[-1]]
        if not any(set(form.split()) <= set(other.split()) for other in known):
            known.append(form)
    out = {}
    for surname, known in by_surname.items():
        offices = [titles[f] - {""} for f in known]
        if len(known) > 1 and set.intersection(*offices):
            # "Prime Minister Fumio Kishida" and "Prime Minister Yoshihide Kishida": one office
            # holder whose given name the page gets wrong once; the surname is all it agrees on.
            known = []
        out[surname] = tuple(sorted(known))
    return People(out)


def people_of(articles: Iterable[Article], passages: Iterable[Passage]) -> dict[str, People]:
    """Each article's people (its footnotes aside: they name other writers)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for passage in passages:
        if not passage.is_note:
            texts[passage.article].append(passage.text)
    return {a.id: people(texts[a.id], a.authors) for a in articles}


def _a_person(form: str, text: str) -> bool:
    """Whether the page treats an untitled `form` as a person's name: not being a country, its
    surname alone does what people do ("Hamilton said", "Tamm refused", "Parata, 75,"), or the
    page says who they are ("Liis Tamm, a crane operator", "a student named Sarah Gille", "his
    daughter, Liis Tamm")."""
    surname = form.split()[-1]
    found = place(surname)
    if found and found.kind in ("country", "continent"):
        return False
    for mention in re.finditer(re.escape(form), text):
        before = text[max(0, mention.start() - _NEAR) : mention.start()]
        if _WHO.match(text, mention.end()) or _INTRODUCED.search(before):
            return True
    # the name first, then what precedes it: a pattern led by a look-behind reads slowly
    acts = re.finditer(rf"{re.escape(surname)}(?:,? {_DOES}|, \d{{1,3}},)", text)
    return any(_alone(text, m) for m in acts if not _IN_WORD.match(text[m.start() - 1 : m.start()]))


# A name's introduction or a capitalised word before it is looked for this far back: reading
# the whole page before every mention made the build of a large folder twice as slow.
_NEAR = 100
_IN_WORD = re.compile(r"[\w-]")
_WHO = re.compile(r", (?:who|whose)\b")
_INTRODUCED = re.compile(r"\b(?:named|(?:his|her|their) [a-z]+,) \Z")

# What a person does in news copy: speaks, thinks, arrives, marries, refuses.
_DOES = (
    r"(?:said|says|told|tells|recalls|recalled|wrote|writes|added|adds|explained|explains"
    r"|believes|believed|thinks|thought|argues|argued|recommends|recommended|remembers"
    r"|remembered|asked|asks|replied|hired|arrived|married|died|joined|founded|met|insists"
    r"|insisted|warned|warns|noted|notes|admitted|admits|vowed|vows|described|describes"
    r"|refused|resigned|promised|urged|agreed|trained|studied|retired|laughed)\b"
)


def _alone(text: str, match: re.Match) -> bool:
    """A surname standing for a person: not after another capitalised word ("Mr Obama", "Te
    Kaurinui Parata", "Mr. Obama", "John F. Kennedy") nor before one ("the Lorenz Center"). A
    sentence's full stop is no part of a word: "He flew to Wellington. Parata said ..."."""
    before = text[max(0, match.start() - _NEAR) : match.start()]
    after = text[match.end() : match.end() + 2]
    return not _WORD_BEFORE.search(before) and not re.match(r" [A-Z]", after)


# A capitalised word, or an initial or a short title with its dot, just before a space.
_WORD_BEFORE = re.compile(r"(?:[A-Z][\w’'-]*|\b[A-Z][a-z]{0,3}\.) \Z")


def _forms(person: str) -> list[str]:
    """A person's full name and its shorter forms that keep the surname ("Edward Norton
    Lorenz", "Edward Lorenz", "Norton Lorenz"), excluding the surname alone."""
    *given, surname = person.split()
    return [f"{g} {surname}" for g in given] + [person]
