"""Word documents (.docx) through python-docx: paragraph styles say what each block is.

'Title' and 'Heading N' styles are headings (the first Title, else the first heading, is the
title unless the document's properties name one), list styles and numbered paragraphs are list
items, quote styles are quotes, and tables are kept as rows.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from content.readers.document import (
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    TABLE,
    Block,
    Found,
    Unreadable,
    names_in,
)

# Word fills in the account's name, which on shared machines is a placeholder, not a person.
_PLACEHOLDER = re.compile(r"\b(User|Office|Windows|Admin(istrator)?|Owner|Author|Unknown)\b", re.I)


def read(data: bytes) -> Found:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise Unreadable("not a Word .docx file (save it as .docx from Word)") from None
    blocks: list[Block] = []
    title = ""
    for part in document.iter_inner_content():
        if isinstance(part, Table):
            blocks.extend(_rows(part))
            continue
        text = re.sub(r"\s+", " ", part.text).strip()
        if text:
            kind = _kind(part)
            if kind == "title":
                title = title or text
                kind = HEADING
            blocks.append(Block(kind, text))
    properties = document.core_properties
    headings = [b.text for b in blocks if b.kind == HEADING]
    return Found(
        blocks=tuple(blocks),
        title=(properties.title or "").strip() or title or (headings[0] if headings else ""),
        authors=tuple(a for a in names_in(properties.author or "") if not _PLACEHOLDER.search(a)),
    )


def _kind(paragraph: Paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if style == "title":
        return "title"
    if style.startswith("heading"):
        return HEADING
    if "quote" in style:
        return QUOTE
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith("list") or numbered:
        return ITEM
    return PARAGRAPH


def _rows(table: Table):
    for row in table.rows:
        cells = [re.sub(r"\s+", " ", cell.text).strip() for cell in row.cells]
        yield Block(TABLE, " | ".join(c for c in cells if c))
