"""Web pages (.html) through trafilatura: the article's own content and metadata, not the page's.

trafilatura finds the main content (no navigation, comments or share bars) and reads the title,
authors, date and site name from the page's metadata. What remains of a page's furniture inside
the article (related-story links, "Read more:", credit lines) is left to `short_fragment` and
the common tidying.
"""

from __future__ import annotations

import html
import re

import lxml.html
import trafilatura
from trafilatura.utils import decode_file

from content.calendar import MONTH_NAMES
from content.readers.document import (
    CODE,
    HEADING,
    ITEM,
    PARAGRAPH,
    PROSE,
    QUOTE,
    TABLE,
    Block,
    Found,
    Unreadable,
    names_in,
)

_KINDS = {"head": HEADING, "p": PARAGRAPH, "quote": QUOTE, "code": CODE}
# An image's alt text: a paragraph that repeats it is the image's caption.
_ALT = re.compile(r"""alt=["']([^"'<>]{20,})["']""")  # no leading \b: 15x faster
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—·]\s+")
_CHARSET = re.compile(r"""<meta[^>]+charset=["']?([\w.:-]+)""", re.I)
_MONTH = re.compile(rf"\s+({'|'.join(MONTH_NAMES)})$")


def read(data: bytes) -> Found:
    if b"\x00" in data[:4096]:
        raise Unreadable("binary data, not a web page")
    markup = _decode(data)
    tree = _tree(markup)
    # What the page states about itself is read before trafilatura prunes the same tree.
    stated, byline = _stated_titles(tree), _byline(tree)
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        include_tables=True,
        fast=True,
        favor_precision=True,
    )
    body = getattr(document, "body", None)
    captions = {_key(alt) for alt in _ALT.findall(markup)}
    blocks = (
        tuple(b for b in _blocks(body) if _key(b.text) not in captions) if body is not None else ()
    )
    if not any(b.kind in PROSE for b in blocks):
        raise Unreadable("no article text found in the page")
    title = _title(_clean(document.title or ""), *stated)
    published = document.date or ""
    # A heading above the text that repeats the title is not part of it.
    start = next((i for i, b in enumerate(blocks) if b.kind != HEADING), 0)
    blocks = tuple(b for b in blocks[:start] if _clean(b.text) != title) + blocks[start:]
    return Found(
        blocks=blocks,
        title=title or next(b.text for b in blocks),
        authors=_authors(document.author or "", published) or byline,
        published=published,
        site=_clean(document.sitename or ""),
    )


def _decode(data: bytes) -> str:
    """A saved page is in the encoding it was served in: UTF-8, the one its markup declares, or
    trafilatura's guess."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096].decode("ascii", "replace"))
    if declared:
        try:
            return data.decode(declared.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_file(data)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    return _clean(html.unescape(text)).rstrip(".").lower()


def _blocks(body):
    for element in body:
        if element.tag == "list":
            items = [_clean("".join(item.itertext())) for item in element.iter("item")]
            # A list of one is a page's way of laying out a caption or a link, not a list.
            kind = ITEM if len(items) > 1 else PARAGRAPH
            yield from (Block(kind, text) for text in items if text)
        elif element.tag == "table":
            for row in element.iter("row"):
                cells = [_clean("".join(cell.itertext())) for cell in row]
                yield Block(TABLE, " | ".join(c for c in cells if c))
        elif element.tag in _KINDS:
            text = _clean("".join(element.itertext()))
            if text:
                yield Block(_KINDS[element.tag], text)


def _tree(markup: str):
    # lxml refuses a str that still declares its encoding (<?xml ... encoding=...?>).
    return lxml.html.fromstring(_XML_DECLARATION.sub("", markup, count=1))


def _stated_titles(tree) -> tuple[str, list[str]]:
    """The page's <title>, and the titles it states elsewhere: <h1>s, og: and twitter: titles."""
    page_title = _clean(tree.findtext(".//title") or "")
    stated = [_clean(h.text_content()) for h in tree.iter("h1")]
    stated += tree.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content')
    return page_title, stated


def _title(found: str, page_title: str, stated: list[str]) -> str:
    """trafilatura's title, unless the page's own <title>, <h1> and og:title disown it.

    A <title> reads "Page - Site": when the title found is only the site part, or appears
    nowhere in those (a help box's heading), the first part of <title> is the page's title.
    """
    parts = [p for p in _TITLE_SEPARATOR.split(page_title) if p]
    known = {_key(t) for t in [page_title, *parts, *stated]}
    site_part = len(parts) > 1 and _key(found) in {_key(p) for p in parts[1:]}
    stated_whole = _key(found) in known or _key(page_title).startswith(_key(found))
    if found and stated_whole and not site_part:
        return found
    return parts[0] if len(parts) > 1 else found or page_title


def _byline(tree) -> tuple[str, ...]:
    """People in the page's byline markup, for when its metadata names none."""
    marked = '//*[contains(@class, "byline") or @rel="author" or @itemprop="author"]'
    for element in tree.xpath(marked):
        for text in (element.text_content(), *(a.text_content() for a in element.iter("a"))):
            if names := names_in(text):
                return names
    return ()


def _authors(byline: str, published: str) -> tuple[str, ...]:
    """The byline's people; a date's month that ran into a name ('Ann Lee May') is cut off."""
    names = []
    for name in names_in(byline):
        month = _MONTH.search(name)
        if month and published[5:7] == f"{MONTH_NAMES.index(month.group(1)) + 1:02d}":
            name = name[: month.start()]
        names.append(name)
    return names_in(", ".join(names))
