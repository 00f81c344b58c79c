"""Read a folder of articles (.txt, .md, .html, .pdf, .docx) plus an optional sources.toml.

sources.toml maps a file name to what the article states about itself (title, authors,
publisher, published, collection, ...); it always wins over what the file's own metadata says.
Without either, the title is the first text line. A file that cannot give an article is
skipped with the reason, and the rest of the folder still reads.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tomllib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from content.readers import markdown, pdf, text, webpage, word
from content.readers.clean import Cleaner, corpus_words, note_citations, tidy_each
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
PARALLEL_FROM = 24  # files; below this, starting worker processes costs more than it saves
MAX_WORKERS = 4


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


Progress = Callable[[int, int, str], None]  # files read so far, of how many, the last one's name


def read_folder(folder: Path, progress: Progress | None = None) -> Reading:
    """Every readable article in `folder`; `progress` hears of each file as it is read."""
    folder = Path(folder)
    files = article_files(folder)
    sources = _read_sources(folder / SOURCES_FILE)
    reading = Reading()
    found: list[tuple[str, str, Found]] = []
    with _pool(len(files)) as pool:
        results = zip(files, pool(_extract, files), strict=True)
        for n, (path, (sha256, item, reason)) in enumerate(results, 1):
            if progress:
                progress(n, len(files), path.name)
            if item is None:
                reading.skipped.append(Skipped(path.name, reason))
            else:
                found.append((path.name, sha256, item))
    # Words seen whole in the folder's plain text help re-join words broken at line ends.
    words, compounds = corpus_words("\n".join(f.lines) for _, _, f in found)
    cleaner = Cleaner(Vocabulary(words), compounds)
    for name, sha256, item in found:
        document = _document(name, sha256, item, sources.get(name, {}), cleaner)
        if document.paragraphs:
            reading.documents.append(document)
        else:
            reading.skipped.append(Skipped(name, "no usable paragraphs"))
    reading.skipped.sort(key=lambda skipped: skipped.source_file)  # in file order, as read
    return reading


@contextmanager
def _pool(files: int):
    """`map` in worker processes for a large folder (parsing HTML and PDF is CPU work)."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if files < PARALLEL_FROM or workers < 2:
        yield map
        return
    with ProcessPoolExecutor(workers) as executor:
        yield functools.partial(executor.map, chunksize=4)


def _extract(path: Path) -> tuple[str, Found | None, str]:
    """(sha256, what the file's reader found, "") or (sha256, None, why it cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", None, f"cannot be read ({exc.strerror})"
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return sha256, None, "empty file"
    try:
        return sha256, READERS[path.suffix.lower()](data), ""
    except Unreadable as exc:
        return sha256, None, str(exc)
    except Exception as exc:  # a parser's own failure on a damaged file must not stop the rest
        return sha256, None, f"could not be read ({type(exc).__name__}: {exc})"


def _read_sources(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path.name}: not valid TOML ({exc})") from None
    return {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def _document(name: str, sha256: str, item: Found, meta: dict, cleaner: Cleaner) -> Document:
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
        sha256=sha256,
        title=title or item.title or name,
        blocks=blocks,
        authors=authors,
        publisher=str(meta.get("publisher", "")) or item.site,
        published=str(meta.get("published", "")) or item.published,
        meta=meta,
        cited=note_citations(item.lines or [b.text for b in item.blocks]),
    )


def _tidy_blocks(blocks: tuple[Block, ...], authors: tuple[str, ...]) -> tuple[Block, ...]:
    """Structure kept; prose blocks that `tidy_each` drops (boilerplate, bios, debris) go."""
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
