"""Read a folder of articles (.txt, .md, .html, .pdf, .docx) plus an optional sources.toml.

sources.toml maps a file name to what the article states about itself (title, authors,
publisher, published, collection, ...); it always wins over what the file's own metadata says.
Without either, the title is the first text line. A file that cannot give an article is
skipped with the reason, and the rest of the folder still reads.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from content.readers import markdown, pdf, text, webpage, word
from content.readers.clean import Cleaner, corpus_words, tidy_each
from content.readers.document import (
    ITEM,
    PARAGRAPH,
    PROSE,
    Block,
    Document,
    Found,
    SourceError,
    Unreadable,
)
from content.vocabulary import Vocabulary

READERS: dict[str, Callable[[bytes], Found]] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".html": webpage.read,
    ".htm": webpage.read,
    ".pdf": pdf.read,
    ".docx": word.read,
}
SUFFIXES = tuple(READERS)
SOURCES_FILE = "sources.toml"


@dataclass(frozen=True)
class Skipped:
    source_file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source_file}: {self.reason}"


@dataclass
class Reading:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def article_files(folder: Path) -> list[Path]:
    """The article files in `folder`, in file-name order; a missing or empty folder is an error."""
    if not folder.exists():
        raise SourceError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise SourceError(f"{folder}: not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READERS)
    if not files:
        kinds = ", ".join(sorted({s for s in SUFFIXES if s not in (".htm", ".markdown")}))
        raise SourceError(f"{folder}: no article files ({kinds}) in it")
    return files


Progress = Callable[[int, int, str], None]  # files read so far, of how many, the next one's name


def read_folder(folder: Path, progress: Progress | None = None) -> Reading:
    """Every readable article in `folder`; `progress` hears of each file as it is read."""
    folder = Path(folder)
    files = article_files(folder)
    sources = _read_sources(folder / SOURCES_FILE)
    reading = Reading()
    found: list[tuple[Path, bytes, Found]] = []
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files), path.name)
        try:
            data = _bytes(path)
            found.append((path, data, READERS[path.suffix.lower()](data)))
        except Unreadable as exc:
            reading.skipped.append(Skipped(path.name, str(exc)))
    # Words seen whole anywhere in the folder help re-join words broken at line ends.
    words, compounds = corpus_words(
        "\n".join(f.lines) or "\n".join(b.text for b in f.blocks) for _, _, f in found
    )
    cleaner = Cleaner(Vocabulary(words), compounds)
    for path, data, item in found:
        document = _document(path.name, data, item, sources.get(path.name, {}), cleaner)
        if document.paragraphs:
            reading.documents.append(document)
        else:
            reading.skipped.append(Skipped(path.name, "no usable paragraphs"))
    return reading


def _bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise Unreadable("empty file")
    return data


def _read_sources(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path.name}: not valid TOML ({exc})") from None
    return {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def _document(name: str, data: bytes, item: Found, meta: dict, cleaner: Cleaner) -> Document:
    title = str(meta.get("title", "")).strip()
    given = bool(title)
    authors = meta.get("authors", ())
    authors = (authors,) if isinstance(authors, str) else tuple(str(a) for a in authors)
    authors = authors or item.authors
    if item.lines:
        names = {
            str(meta.get(k, "")).strip().lower() for k in ("collection", "series", "publisher")
        }
        paragraphs = cleaner.paragraphs(
            list(item.lines),
            drop_first_line=item.title_line and not given,
            names=names - {""},
            authors=authors,
        )
        blocks = tuple(Block(PARAGRAPH, p) for p in paragraphs)
    else:
        blocks = _tidy_blocks(item.blocks, authors)
    return Document(
        source_file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        title=title or item.title or name,
        blocks=blocks,
        authors=authors,
        publisher=str(meta.get("publisher", "")) or item.site,
        published=str(meta.get("published", "")) or item.published,
        meta=meta,
    )


def _tidy_blocks(blocks: tuple[Block, ...], authors: tuple[str, ...]) -> tuple[Block, ...]:
    """Structure kept; prose blocks that `tidy` drops (boilerplate, bios, pull-quotes) go."""
    prose = [b for b in blocks if b.kind in PROSE]
    items = frozenset(i for i, b in enumerate(prose) if b.kind == ITEM)
    texts = tidy_each([b.text for b in prose], authors, items)
    tidied = dict(zip(map(id, prose), texts, strict=True))
    out = []
    for block in blocks:
        text = tidied.get(id(block), block.text)
        if text is not None:
            out.append(Block(block.kind, text))
    return tuple(out)
