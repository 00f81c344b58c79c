"""Markdown (.md) through markdown-it-py: structure from the parser, never from line shapes.

Headings, paragraphs, list items, block quotes, tables and code become blocks of their kind, so
a hard-wrapped paragraph stays whole and code never reaches the item builders. A front matter
block (between '---' lines) gives title, author(s) and date.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from content.readers.document import CODE, HEADING, ITEM, PARAGRAPH, QUOTE, TABLE, Block, Found
from content.readers.text import decode

_PARSER = MarkdownIt("commonmark").enable("table")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read(data: bytes) -> Found:
    text = decode(data)
    front, body = _front_matter(text)
    blocks = tuple(_blocks(body))
    headings = [b.text for b in blocks if b.kind == HEADING]
    title = _one(front.get("title")) or (headings[0] if headings else "")
    authors = front.get("authors") or front.get("author") or ()
    published = _DATE.search(_one(front.get("date")) or _one(front.get("published")) or "")
    return Found(
        blocks=blocks,
        title=title or next((b.text for b in blocks if b.kind != CODE), ""),
        authors=(authors,) if isinstance(authors, str) else tuple(authors),
        published=published.group(0) if published else "",
    )


def _one(value: str | list[str] | None) -> str:
    return (value[0] if value else "") if isinstance(value, list) else (value or "")


def _front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    """Simple YAML front matter: 'key: value', 'key: [a, b]' and '- item' lists under a key."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    values: dict[str, str | list[str]] = {}
    key = ""
    for line in match.group(1).splitlines():
        item = re.match(r"\s+-\s+(.*)", line)
        pair = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*)", line)
        if item and key:
            listed = values.get(key)
            values[key] = [*(listed if isinstance(listed, list) else []), _unquote(item.group(1))]
        elif pair:
            key, value = pair.group(1).lower(), pair.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                values[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
            else:
                values[key] = _unquote(value)
    return values, text[match.end() :]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _blocks(body: str):
    tokens = _PARSER.parse(body)
    quotes = items = 0
    row: list[str] = []
    for n, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "list_item_open":
            items += 1
        elif token.type == "list_item_close":
            items -= 1
        elif token.type in ("fence", "code_block"):
            yield Block(CODE, token.content.rstrip("\n"))
        elif token.type == "tr_close":
            yield Block(TABLE, " | ".join(row))
            row = []
        elif token.type == "inline":
            text = _inline_text(token)
            parent = tokens[n - 1].type
            if parent in ("th_open", "td_open"):
                row.append(text)
            elif not text:
                continue
            elif parent == "heading_open":
                yield Block(HEADING, text)
            else:
                yield Block(QUOTE if quotes else ITEM if items else PARAGRAPH, text)


def _inline_text(token) -> str:
    """The words of an inline run: emphasis and link marks gone, line breaks as spaces."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()
