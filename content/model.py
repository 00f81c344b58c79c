"""The studyset: everything the bot serves, as read from one content file.

The JSON names here are a contract: the build writes them, engines and tests read them.
Fields beyond these may be added freely; loading ignores what it does not know.

Generated items (events, questions, prompts) carry `withheld`: empty when the item is served,
otherwise a short reason ("context-dependent", "footnote", ...) why it stays in the file for an
instructor to see but is never shown. The glossary holds one entry per term across articles.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path

BUNDLED = Path(__file__).with_name("studyset.json")


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    authors: tuple[str, ...]
    source_file: str
    sha256: str
    publisher: str = ""
    published: str = ""

    @property
    def byline(self) -> str:
        """' by A, B and C', or nothing when the article names no authors."""
        return f" by {_names(self.authors)}" if self.authors else ""


@dataclass(frozen=True)
class Passage:
    id: str
    article: str
    index: int
    text: str

    @property
    def paragraph(self) -> int:
        """1-based paragraph number, as a citation shows it."""
        return self.index + 1

    @property
    def is_note(self) -> bool:
        """A footnote ("Note 2: ..."), which the readers keep as a passage of its own: it cites
        a source, it is not the article's text."""
        return self.text.startswith("Note ")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str  # singular, as most readings write it: "SLOC", not "SLOCs"
    expansion: str  # the long form most readings use
    article: str  # where it is first defined
    passage: str
    variants: tuple[str, ...] = ()  # other ways the readings write the term or its long form
    citations: tuple[str, ...] = ()  # every passage that defines it, the first one first

    def names(self) -> tuple[str, ...]:
        """Everything that asks for this entry: the term, its long form and their variants."""
        return (self.term, self.expansion, *self.variants)


@dataclass(frozen=True)
class Event:
    id: str
    date: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    precision: str  # "year" | "month" | "day"
    text: str
    article: str
    passage: str
    withheld: str = ""
    planned: bool = False  # what the readings expected on that date, not what happened


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    answers: tuple[str, ...]  # accepted variants, first is canonical
    choices: tuple[str, ...]  # empty for free-text questions
    article: str
    passage: str
    explanation: str
    withheld: str = ""
    # Passages of the readings' statements shown as choices (a timeline question's events,
    # the answer's among them); empty when the choices are single words or names.
    sources: tuple[str, ...] = ()

    @property
    def answer(self) -> str:
        return self.answers[0]


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    article: str
    passage: str = ""
    withheld: str = ""


@dataclass(frozen=True)
class Studyset:
    articles: tuple[Article, ...]
    passages: tuple[Passage, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    events: tuple[Event, ...] = ()
    questions: tuple[Question, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def article_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def passage_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}

    @cached_property
    def served_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if not q.withheld)

    @cached_property
    def served_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if not e.withheld)

    @cached_property
    def served_prompts(self) -> tuple[Prompt, ...]:
        return tuple(p for p in self.prompts if not p.withheld)

    def define(self, text: str) -> GlossaryEntry | None:
        """The entry `text` names, ignoring case and a plural 's': 'slocs' finds SLOC."""
        wanted = _term_key(text)
        return next((g for g in self.glossary if wanted in map(_term_key, g.names())), None)

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def citation(self, passage_id: str) -> str:
        """'Title' by Authors, paragraph N: how every reply names its source."""
        passage = self.passage_by_id[passage_id]
        article = self.article_by_id[passage.article]
        return f"“{article.title}”{article.byline}, paragraph {passage.paragraph}"

    def to_dict(self) -> dict:
        out = dict(self.extra)
        for name in _SECTIONS:
            out[name] = [asdict(item) for item in getattr(self, name)]
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Studyset:
        sections = {
            name: tuple(_build(kind, row) for row in data.get(name, ()))
            for name, kind in _SECTIONS.items()
        }
        extra = {k: v for k, v in data.items() if k not in _SECTIONS}
        return cls(**sections, extra=extra)

    @classmethod
    def load(cls, path: str | Path = BUNDLED) -> Studyset:
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))


_SECTIONS = {
    "articles": Article,
    "passages": Passage,
    "glossary": GlossaryEntry,
    "events": Event,
    "questions": Question,
    "prompts": Prompt,
}


def _build(kind: type, row: dict):
    names = {f.name for f in fields(kind)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items() if k in names}
    return kind(**values)


def _term_key(text: str) -> str:
    """'SLOCs', 'slocs' and 'SLOC' alike; 'Emerging technologies' and its singular too."""
    words = re.sub(r"[’']s\b", "", text.casefold()).split()
    return " ".join(_SINGULAR.sub(lambda m: "y" if m.group(1) else "", w) for w in words)


# 'technologies' -> 'technology', 'SLOCs' -> 'SLOC'; 'class' and 'status' stay. Both sides of a
# comparison go through it, so an odd stem ('analysi') still matches itself.
_SINGULAR = re.compile(r"(?<=\w\w)(?:(?<=[^aeiou])(ie)s|(?<![su])s)$")


def _names(authors: tuple[str, ...]) -> str:
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]
