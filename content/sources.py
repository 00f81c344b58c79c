"""Read a folder of articles: .txt, .md, .html and .pdf files, plus an optional sources.toml.

sources.toml maps a file name to what the article states about itself (title, authors,
publisher, published, collection, ...). Without an entry the title is the first text line.
"""

from __future__ import annotations

import hashlib
import html
import re
import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
SOURCES_FILE = "sources.toml"


class SourceError(Exception):
    """A problem with the input folder that the user can fix; the message says what."""


@dataclass(frozen=True)
class RawArticle:
    source_file: str  # the file's name only, so builds do not depend on where the folder is
    sha256: str
    text: str
    title: str
    authors: tuple[str, ...] = ()
    publisher: str = ""
    published: str = ""
    title_given: bool = False  # False: inferred from the first line, which is then not body text
    meta: dict = field(default_factory=dict, compare=False)  # the rest of its sources.toml entry


def read_folder(folder: Path) -> list[RawArticle]:
    """Every article file in `folder`, in file-name order."""
    if not folder.exists():
        raise SourceError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise SourceError(f"{folder}: not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise SourceError(f"{folder}: no article files (.txt, .md, .html, .pdf) in it")
    sources = _read_sources(folder / SOURCES_FILE)
    return [_read_article(path, sources.get(path.name, {})) for path in files]


def _read_sources(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path.name}: not valid TOML ({exc})") from None
    return {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def _read_article(path: Path, meta: dict) -> RawArticle:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path.name}: cannot be read ({exc.strerror})") from None
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = _pdf_text(path)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"{path.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from None
        if suffix in (".html", ".htm"):
            text = html_text(text)
        elif suffix == ".md":
            text = markdown_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    title = str(meta.get("title", "")).strip()
    given = bool(title)
    if not given:
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not title:
        raise SourceError(f"{path.name}: has no text")
    authors = meta.get("authors", ())
    if isinstance(authors, str):
        authors = (authors,)
    return RawArticle(
        source_file=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        title=title,
        authors=tuple(str(a) for a in authors),
        publisher=str(meta.get("publisher", "")),
        published=str(meta.get("published", "")),
        title_given=given,
        meta=meta,
    )


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader  # imported here: only PDF folders pay for it
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise SourceError(f"{path.name}: not a readable PDF ({exc})") from None
    if not text.strip():
        raise SourceError(f"{path.name}: the PDF has no text (a scan needs OCR first)")
    return text


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"}
_SKIP_TAGS = {"head", "script", "style", "nav", "header", "footer", "aside", "form", "noscript"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(markup: str) -> str:
    """Visible text of an HTML page, one paragraph per block element."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def markdown_text(markup: str) -> str:
    """Markdown as plain text: heading marks, emphasis and link targets removed."""
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", markup)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
