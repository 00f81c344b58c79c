"""Where the readings disagree on a name: "Fumio Kishida" in two articles, "Yoshihide Kishida" in
one; "East China Sea" abbreviated ECS in one and ESC in another.

A form most readings use is the name; a form fewer readings use is disputed, and so are all
forms when the readings are evenly split. Questions never ask for a disputed form nor show one:
a disputed person's name is shown by the surname the forms share, a disputed acronym in
brackets is dropped ("the East China Sea (ESC)" reads "the East China Sea").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from content.glossary import definitions
from content.model import Passage
from content.vocabulary import english_words

_TITLE = (
    r"(?:Prime Minister|President|Secretary General|Secretary-General|Foreign Minister"
    r"|Defense Minister|Defence Minister|Minister|Director General|Chancellor|General|Admiral)"
)
TITLED_PERSON = re.compile(rf"\b({_TITLE}) ((?:[A-Z][a-z]+ ){{0,2}}[A-Z][a-z]+)\b")


@dataclass(frozen=True)
class Expansion:
    """An acronym and its long forms, the most used first."""

    term: str
    forms: tuple[str, ...]
    passages: tuple[Passage, ...]


@dataclass
class NameForms:
    disputed_people: dict[str, str] = field(default_factory=dict)  # full form -> surname
    disputed_terms: set[str] = field(default_factory=set)
    expansions: dict[str, Expansion] = field(default_factory=dict)  # by term, singular

    def disputed_in(self, text: str) -> list[str]:
        """The disputed forms `text` shows."""
        return self._disputed.findall(text) if self._disputed else []

    @cached_property
    def _disputed(self) -> re.Pattern | None:
        forms = sorted({*self.disputed_people, *self.disputed_terms}, key=len, reverse=True)
        return re.compile(rf"\b(?:{'|'.join(map(re.escape, forms))})\b") if forms else None

    def undisputed(self, text: str) -> str:
        """`text` without the disputed parts of names."""
        if not self.disputed_in(text):
            return text
        for person, surname in self.disputed_people.items():
            text = re.sub(rf"\b{re.escape(person)}\b", surname, text)
        for term in self.disputed_terms:
            text = re.sub(rf" \({re.escape(term)}\)", "", text)
        return text


def name_forms(passages: Iterable[Passage]) -> NameForms:
    passages = list(passages)
    titled = {
        m.group(2) for p in passages for m in TITLED_PERSON.finditer(p.text) if " " in m.group(2)
    }
    # The same surname after another given name, not after an English word ("But Kishida").
    surnames = "|".join(sorted({re.escape(name.split()[-1]) for name in titled}))
    if surnames:
        other = re.compile(rf"\b([A-Z][a-z]+) ({surnames})\b")
        english = english_words()
        titled |= {
            m.group(0)
            for p in passages
            for m in other.finditer(p.text)
            if m.group(1).lower() not in english
        }
    people: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    terms_of: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    long_forms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    cited: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        for name in titled:
            if name in passage.text:  # with or without the title: the readings' spelling
                people[name.split()[-1]][name].add(passage.article)
        for found in definitions(passage.text):
            term = singular(found.term)
            terms_of[_key(found.expansion)][term].add(passage.article)
            long_forms[term][found.expansion].add(passage.article)
            cited[term].append(passage)
    out = NameForms()
    for surname, forms in people.items():
        out.disputed_people.update((form, surname) for form in _minority(forms))
    for expansion, forms in terms_of.items():
        # On a tie, the acronym that spells its long form's initials wins: ECS, not ESC.
        initials = "".join(word[0] for word in expansion.split())
        spelled = [t for t in forms if _letters(t) == initials]
        out.disputed_terms.update(_minority(forms, spelled[0] if len(spelled) == 1 else ""))
    for term, forms in long_forms.items():
        ranked = sorted(forms, key=lambda f: (-len(forms[f]), not f[:1].isupper(), f))
        out.expansions[term] = Expansion(term, tuple(ranked), tuple(cited[term]))
    return out


def singular(term: str) -> str:
    """'SLOCs' -> 'SLOC': an acronym's plural is the same term."""
    return term[:-1] if term.endswith("s") and term[:-1].isupper() else term


def _minority(forms: dict[str, set[str]], preferred: str = "") -> list[str]:
    """Forms fewer readings use than the most used one; all of them on a tie, unless the
    `preferred` form is one of those tied."""
    if len(forms) < 2:
        return []
    ranked = sorted(forms, key=lambda f: (-len(forms[f]), f != preferred, f))
    best, runner_up = ranked[:2]
    if len(forms[best]) == len(forms[runner_up]) and best != preferred:
        return ranked
    return ranked[1:]


def _letters(term: str) -> str:
    return "".join(c for c in term.lower() if c.isalpha())


def _key(expansion: str) -> str:
    """Spelling and case aside, the same long form: 'Self-Defence Force' ~ 'Self-Defense Forces'."""
    words = re.findall(r"[a-z]+", expansion.lower().replace("defence", "defense"))
    return " ".join(w.rstrip("s") for w in words)
