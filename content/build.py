"""`studybot content build`: a folder of articles -> one deterministic content file.

The output depends only on the files' names and bytes (and the curated items), never on
where the folder is or when the build ran, so two builds are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from content import curated, prompts, questions, timeline
from content.check import stats
from content.events import disputed_dates, events_in, note_dates, notes_in
from content.glossary import definitions, entries, spelled_out
from content.model import Article, Event, GlossaryEntry, Passage, Studyset
from content.name_forms import name_forms
from content.passages import split_paragraph
from content.people import People, people_of
from content.readers import Document, Progress, Skipped, SourceError, read_folder

__all__ = ["BuildError", "Report", "build", "build_file", "slug", "write_json"]


class BuildError(SourceError):
    """The folder cannot make a content file; the message says why, `skipped` which files."""

    def __init__(self, message: str, skipped: list[Skipped] | None = None) -> None:
        super().__init__(message)
        self.skipped = skipped or []


@dataclass
class Report:
    studyset: Studyset
    skipped: list[Skipped] = field(default_factory=list)  # files that gave no article, and why

    def summary(self) -> str:
        """What the build serves and withholds (content.check.stats), and the files skipped."""
        text = stats(self.studyset)
        if self.skipped:
            text += f"; skipped {len(self.skipped)} file(s): " + ", ".join(
                f.source_file for f in self.skipped
            )
        return text


def build(folder: Path, progress: Progress | None = None) -> Report:
    """The studyset of every usable article in `folder`; `progress` hears of each file read."""
    reading = read_folder(Path(folder), progress)
    articles: list[Article] = []
    passages: list[Passage] = []
    used_ids: set[str] = set()
    cited: dict[str, dict] = {}  # article id -> words before a note marker -> the note's date
    for document in reading.documents:
        article = _article(document, used_ids)
        articles.append(article)
        pieces = [piece for text in document.paragraphs for piece in split_paragraph(text)]
        passages.extend(
            Passage(f"{article.id}-{i:03d}", article.id, i, text) for i, text in enumerate(pieces)
        )
        cited[article.id] = note_dates(document.cited, notes_in(pieces))
    if not articles:
        raise BuildError(f"{folder}: no usable article in it", reading.skipped)
    published = {a.id: a.published for a in articles}
    # Where the readings disagree on a name, events and prompts show only the agreed part.
    undisputed = name_forms(passages).undisputed
    glossary = _glossary(passages)
    named = people_of(articles, passages)
    studyset = Studyset(
        articles=tuple(articles),
        passages=tuple(passages),
        glossary=tuple(glossary),
        # An event is shown alone, a day at a time: its acronyms are spelled out.
        events=tuple(
            _events(
                passages,
                named,
                published,
                cited,
                lambda t: spelled_out(undisputed(t), glossary),
            )
        ),
    )
    extra_q, extra_p = curated.load(studyset)
    generated_q = questions.generate(studyset, extra_q, named) + timeline.generate(studyset)
    generated_p = [
        replace(p, text=undisputed(p.text)) for p in prompts.generate(studyset, extra_p, named)
    ]
    studyset = Studyset(
        articles=studyset.articles,
        passages=studyset.passages,
        glossary=studyset.glossary,
        events=studyset.events,
        questions=tuple(_unique(generated_q + extra_q)),
        prompts=tuple(_unique(generated_p + extra_p)),
    )
    return Report(studyset, reading.skipped)


def build_file(folder: Path, out: Path, progress: Progress | None = None) -> Report:
    report = build(folder, progress)
    write_json(report.studyset.to_dict(), out)
    return report


def write_json(data: dict, out: Path) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def slug(title: str, limit: int = 48) -> str:
    """A short stable id from a title: the part before ':' or '?' when it says enough."""
    head, _, rest = _split_title(title)
    words = _slug_words(head)
    if " ".join(words) in _LABELS and rest:
        words = _slug_words(rest)  # "Special Report: NATO's ..." is about NATO
    elif len(words) < 3:
        words = _slug_words(title)
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or "article"


_LABELS = frozenset(
    {"special report", "report", "opinion", "op ed", "analysis", "commentary", "editorial"}
    | {"review", "interview", "feature", "explainer", "news", "policy brief", "essay"}
)


def _split_title(title: str) -> tuple[str, str, str]:
    match = re.search(r"[:?]", title)
    if not match:
        return title, "", ""
    return title[: match.start()], match.group(0), title[match.end() :]


def _slug_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.findall(r"[a-z0-9]+", text)


def _article(document: Document, used: set[str]) -> Article:
    base = slug(document.title)
    article_id, n = base, 1
    while article_id in used:  # same title twice: the later file gets a number
        n += 1
        article_id = f"{base}-{n}"
    used.add(article_id)
    return Article(
        id=article_id,
        title=document.title,
        authors=document.authors,
        source_file=document.source_file,
        sha256=document.sha256,
        publisher=document.publisher,
        published=document.published,
    )


def _glossary(passages: list[Passage]) -> list[GlossaryEntry]:
    found = [(d, p.article, p.id) for p in passages for d in definitions(p.text)]
    return entries(found, "\n".join(p.text for p in passages))


def _events(
    passages: list[Passage],
    named: dict[str, People],
    published: dict[str, str],
    cited: dict[str, dict],
    shown: Callable[[str], str],
) -> list[Event]:
    found = [
        (p, f)
        for p in passages
        for f in events_in(
            p.text, p.article, published[p.article], cited[p.article], named[p.article]
        )
    ]
    texts = [(p.article, p.text) for p in passages]
    disputed = disputed_dates(texts, [(p.article, f) for p, f in found])
    out: dict[str, Event] = {}
    days: set[tuple[str, str]] = set()  # (article, day) that an event already tells
    for p, f in found:
        withheld = f.withheld or ("disputed-date" if f.id in disputed else "")
        if f.precision == "day" and (not withheld or _news_day(f.date, published[p.article])):
            # A report's later sentences on its day ("Officials said Thursday that ...") add
            # details to its first: the day's post tells the happening once, and not by a
            # detail where its first sentence could not be shown.
            withheld = withheld or ("same-day" if (p.article, f.date) in days else "")
            days.add((p.article, f.date))
        event = Event(
            f.id, f.date, f.precision, shown(f.text), p.article, p.id, withheld, f.planned
        )
        out.setdefault(f.id, event)
    return list(out.values())


def _news_day(date: str, published: str) -> bool:
    """Whether `date` is the day a report was written about: its date, or the week before."""
    try:
        written = dt.date.fromisoformat(published[:10])
    except ValueError:  # a year or month alone, or a sources.toml date not in ISO form
        return False
    return 0 <= (written - dt.date.fromisoformat(date)).days <= 7


def _unique(items: list) -> list:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out
