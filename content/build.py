"""`studybot content build`: a folder of articles -> one deterministic content file.

The output depends only on the files' names and bytes (and the curated items), never on
where the folder is or when the build ran, so two builds are byte-identical.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import astuple, dataclass, field
from pathlib import Path

from content import curated, prompts, questions
from content.clean import Cleaner, corpus_words
from content.events import events_in, note_dates, notes_in
from content.glossary import definitions, entries
from content.model import Article, Event, GlossaryEntry, Passage, Studyset
from content.passages import split_paragraph
from content.sources import RawArticle, SourceError, read_folder
from content.vocabulary import Vocabulary

__all__ = ["BuildError", "Report", "build", "build_file", "slug", "write_json"]


class BuildError(SourceError):
    """The folder cannot make a content file; the message says why."""


@dataclass
class Report:
    studyset: Studyset
    warnings: list[str] = field(default_factory=list)


def build(folder: Path) -> Report:
    raws = read_folder(Path(folder))
    words, compounds = corpus_words(raw.text for raw in raws)
    cleaner = Cleaner(Vocabulary(words), compounds)
    warnings: list[str] = []
    articles: list[Article] = []
    passages: list[Passage] = []
    used_ids: set[str] = set()
    cited: dict[str, dict] = {}  # article id -> words before a note marker -> the note's date
    for raw in raws:
        paragraphs = cleaner.paragraphs(raw)
        if not paragraphs:
            warnings.append(f"{raw.source_file}: no usable paragraphs; skipped")
            continue
        article = _article(raw, used_ids)
        articles.append(article)
        pieces = [piece for text in paragraphs for piece in split_paragraph(text)]
        passages.extend(
            Passage(f"{article.id}-{i:03d}", article.id, i, text) for i, text in enumerate(pieces)
        )
        cited[article.id] = note_dates(raw.text, notes_in(pieces))
    if not articles:
        raise BuildError(f"{folder}: no article has usable paragraphs")
    studyset = Studyset(
        articles=tuple(articles),
        passages=tuple(passages),
        glossary=tuple(_glossary(passages)),
        events=tuple(_events(passages, cited)),
    )
    extra_q, extra_p = curated.load(studyset)
    generated_q = questions.generate(studyset)
    generated_p = prompts.generate(studyset, extra_p)
    studyset = Studyset(
        articles=studyset.articles,
        passages=studyset.passages,
        glossary=studyset.glossary,
        events=studyset.events,
        questions=tuple(_unique(generated_q + extra_q)),
        prompts=tuple(_unique(generated_p + extra_p)),
    )
    return Report(studyset, warnings)


def build_file(folder: Path, out: Path) -> Report:
    report = build(folder)
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


def _article(raw: RawArticle, used: set[str]) -> Article:
    base = slug(raw.title)
    article_id, n = base, 1
    while article_id in used:  # same title twice: the later file gets a number
        n += 1
        article_id = f"{base}-{n}"
    used.add(article_id)
    return Article(
        id=article_id,
        title=raw.title,
        authors=raw.authors,
        source_file=raw.source_file,
        sha256=raw.sha256,
        publisher=raw.publisher,
        published=raw.published,
    )


def _glossary(passages: list[Passage]) -> list[GlossaryEntry]:
    found = [(d, p.article, p.id) for p in passages for d in definitions(p.text)]
    return entries(found, "\n".join(p.text for p in passages))


def _events(passages: list[Passage], cited: dict[str, dict]) -> list[Event]:
    out: dict[str, Event] = {}
    for p in passages:
        for found in events_in(p.text, p.article, cited[p.article]):
            event = Event(*astuple(found)[:4], p.article, p.id, found.withheld)
            out.setdefault(found.id, event)
    return list(out.values())


def _unique(items: list) -> list:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out
