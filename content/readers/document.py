"""What every reader hands on: an article's text blocks and what it says about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Kinds of block. Only prose becomes passages; headings, code and tables are kept as structure.
HEADING, PARAGRAPH, ITEM, QUOTE, CODE, TABLE = (
    "heading",
    "paragraph",
    "item",
    "quote",
    "code",
    "table",
)
PROSE = frozenset({PARAGRAPH, ITEM, QUOTE})


class SourceError(Exception):
    """A problem with the input that the user can fix; the message says what."""


class Unreadable(SourceError):
    """One file cannot give an article; the message says why, without the file's name."""


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


@dataclass(frozen=True)
class Found:
    """What a format's reader finds in one file, before the folder's sources.toml has its say.

    Structured formats (HTML, Markdown, Word) give `blocks`. Plain text and PDF give `lines`,
    which may be hard-wrapped and are cleaned with the whole folder's vocabulary. `title_line`:
    the title is the first text line of `lines`, so it is not body text.
    """

    blocks: tuple[Block, ...] = ()
    lines: tuple[str, ...] = ()
    title: str = ""
    title_line: bool = False
    authors: tuple[str, ...] = ()
    published: str = ""  # YYYY-MM-DD, or "" when the file does not say
    site: str = ""


@dataclass(frozen=True)
class Document:
    """One article as read: clean text blocks plus its metadata, whatever format it came in."""

    source_file: str  # the file's name only, so builds do not depend on where the folder is
    sha256: str
    title: str
    blocks: tuple[Block, ...]
    authors: tuple[str, ...] = ()
    publisher: str = ""
    published: str = ""
    meta: dict = field(default_factory=dict, compare=False)  # the rest of its sources.toml entry
    # (the words just before a '[n]' note marker, n): the markers leave the text, and this says
    # which sentence cites which note, so that a note's date can date the sentence.
    cited: tuple[tuple[str, str], ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind in PROSE]


_NAME = re.compile(r"^[A-ZÀ-Þ][\w.'’-]*(?: (?:[a-z]{1,3} )?[A-ZÀ-Þ][\w.'’-]*){1,4}$")


def names_in(byline: str) -> tuple[str, ...]:
    """People named in a byline ('By A, B and C'): handles, labels and repeats left out."""
    names: list[str] = []
    for part in re.split(r";|,|&|\band\b", byline):
        name = re.sub(r"^\s*by\s+", "", part, flags=re.I).strip(" \t\n*†‡0123456789")
        name = re.sub(r"\s+", " ", name)
        if _NAME.match(name) and name.lower() not in (n.lower() for n in names):
            names.append(name)
    return tuple(names)
