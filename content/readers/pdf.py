"""PDFs through pypdfium2: text in reading order, then a paper's furniture taken off.

pypdfium2 (PDFium) keeps a two-column page's reading order as well as pypdf does at about a
tenth of the time (README, Dependencies). Its lines are hard-wrapped, so they go through the
same repairs as wrapped plain text. Before that, what is not the article goes: the title and
author block down to the abstract (title and authors are kept as metadata), e-mail and
affiliation lines, page numbers, table-of-contents leaders, captions and table rows,
equations, code, licence lines and the reference list. The title is the PDF's own when it
names one, else the first page's largest type.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from content.readers.clean import is_heading
from content.readers.document import Found, Unreadable, names_in

_TITLE_LINES = 4
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PAGE_NUMBER = re.compile(
    r"(?i)^\s*(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?\s*$|^\s*[-–]\s*\d{1,4}\s*[-–]\s*$"
)
_LEADERS = re.compile(r"(\.\s?){4,}\s*\d+\s*$|…{2,}\s*\d+\s*$")
_CAPTION = re.compile(r"(?i)^\s*(Fig\.|Figure|Table|Plate)\s+(\d+|[IVXL]+)[.:]\s")
# Licence and copyright lines: '978-1-4577-9538-2/11/$26.00 ©2011 IEEE', 'arXiv:2101.00001v2'.
_LICENCE = re.compile(
    r"©|\(c\) ?\d{4}|\bCopyright\b|\bAll rights reserved\b|Creative Commons|\blicen[cs]ed under\b"
    r"|\bPermission to make digital\b|^\s*arXiv:\d|\b97[89]-\d{1,5}-\d+-\d+-[\dX]\b",
    re.I,
)
# Typewriter faces: Courier, *Mono, Consolas, Menlo, TeX's CMTT/SFTT/LMMono (after a subset tag).
_MONOSPACED = re.compile(
    r"(?i)mono|courier|consol|menlo|typewriter|^(?:[a-z]{6}\+)?[a-z]{2}\w*tt\d"
)
_FONT_SAMPLES = 5
_TABLE_CAPTION = re.compile(r"(?i)^table\s+(\d+|[IVXL]+)[.:]\s")
_SYMBOL_FONT = re.compile(r"[\ue000-\uf8ff]")  # private-use code points: Symbol-font glyphs
_SENTENCE_END = re.compile(r"[.!?:][”\"’)\]]*\s*$")
_ABSTRACT = re.compile(r"^\s*Abstract\s*([—–:.-]\s*|$)", re.I)  # not "Abstract Syntax"
_KEYWORDS = re.compile(r"^\s*(Keywords|Key words|Index Terms)\b", re.I)
_REFERENCES = re.compile(
    r"^\s*((\d+|[IVX]+)\.?\s+)?(References|Bibliography|Works Cited|Literature Cited)\s*$", re.I
)
_AFFILIATION = re.compile(
    r"\b(University|Universit[éä]|Department|Dept\.|Institute|College|School of|Laborator(y|ies)"
    r"|Faculty|Centre|Center for|Corresponding author)\b"
)
# Creator tools name the source file ("Microsoft Word - paper.doc"); that is no title.
_NOT_A_TITLE = re.compile(r"(?i)^(untitled|microsoft word|document\d*$)|\.(docx?|pdf|tex|dvi)$")


def read(data: bytes) -> Found:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Unreadable("the PDF is encrypted; save a copy without a password") from None
        raise Unreadable(f"not a readable PDF ({exc})") from None
    try:
        meta = document.get_metadata_dict()
        # Type sizes matter on the first page only: they find the title.
        pages = [_page(document[i], sized=i == 0) for i in range(len(document))]
    finally:
        document.close()
    if not any(line.strip() for lines, _ in pages for line in lines):
        raise Unreadable("the PDF has no text (a scan needs OCR first)")
    first, sizes = pages[0]
    title, authors, body_start = _front(first, sizes, meta)
    lines = [*first[body_start:], *(line for lines, _ in pages[1:] for line in ["", *lines])]
    return Found(lines=tuple(_body(lines)), title=title, authors=authors)


def _page(page, sized: bool) -> tuple[list[str], list[float]]:
    """A page's lines and (when `sized`) each line's largest font size. Code, set in a
    monospaced font, is left out as a blank line."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    sizes = [pdfium_c.FPDFText_GetFontSize(textpage, i) if sized else 0.0 for i in range(len(text))]
    lines, line_sizes, start = [], [], 0
    for match in re.finditer(r"\r\n|\n|\r", text + "\n"):
        line = text[start : match.start()]
        code = _monospaced(textpage, start, line)
        lines.append("" if code else _characters(line))
        line_sizes.append(max(sizes[start : match.start()], default=0.0))
        start = match.end()
    textpage.close()
    return lines, line_sizes


def _monospaced(textpage, start: int, line: str) -> bool:
    """Whether a few letters sampled across the line are all in a typewriter font."""
    letters = [start + i for i, c in enumerate(line) if not c.isspace()]
    if not letters:
        return False
    name = ctypes.create_string_buffer(128)
    for index in letters[:: max(1, len(letters) // _FONT_SAMPLES)][:_FONT_SAMPLES]:
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), None)
        if not _MONOSPACED.search(name.value.decode("latin-1")):
            return False
    return True


def _characters(line: str) -> str:
    # PDFium marks a hyphen that breaks a word at the line's end with \x02, others with \ufffe.
    return line.replace("\x02", "-").replace("\ufffe", "-").replace("\u00ad", "")


def _front(lines: list[str], sizes: list[float], meta: dict) -> tuple[str, tuple[str, ...], int]:
    """Title, authors, and where the body starts on the first page."""
    text_lines = [i for i, line in enumerate(lines) if line.strip()]
    top = text_lines[:15]
    biggest = max((sizes[i] for i in top), default=0.0)
    body_size = statistics.median(sizes[i] for i in text_lines) if text_lines else 0.0
    # The title is set larger than the text; without that, it is the first line alone.
    title_lines = top[:1]
    if biggest > body_size * 1.1:
        start = next(n for n, i in enumerate(top) if sizes[i] == biggest)
        title_lines = list(itertools.takewhile(lambda i: sizes[i] >= biggest * 0.95, top[start:]))
        title_lines = title_lines[:_TITLE_LINES]
    printed = " ".join(lines[i].strip() for i in title_lines)
    title = meta.get("Title", "").strip()
    if len(title.split()) < 2 or _NOT_A_TITLE.search(title):
        title = printed
    after_title = title_lines[-1] + 1 if title_lines else 0
    abstract = next((i for i in text_lines if _ABSTRACT.match(lines[i])), None)
    if abstract is not None:
        lines[abstract] = _ABSTRACT.sub("", lines[abstract])
        body_start = abstract
    else:  # the body starts at the first full line that is no affiliation or address
        full = statistics.median(len(lines[i].strip()) for i in text_lines) if text_lines else 0
        body_start = next(
            (
                i
                for i in text_lines
                if i >= after_title
                and len(lines[i].strip()) >= 0.8 * full
                and not (_AFFILIATION.search(lines[i]) or _EMAIL.search(lines[i]))
            ),
            after_title,
        )
    front = lines[after_title:body_start]
    authors = names_in(meta.get("Author", "")) or tuple(
        name for line in front if not _AFFILIATION.search(line) for name in names_in(line)
    )
    return title, authors, body_start


def _body(lines: list[str]) -> list[str]:
    """Lines of the article: the reference list and the page's furniture gone."""
    ends = [i for i, line in enumerate(lines) if _REFERENCES.match(line)]
    if ends:
        lines = lines[: ends[-1]]
    lines = _drop_tables(lines)
    furniture = (_EMAIL, _PAGE_NUMBER, _LEADERS, _CAPTION, _KEYWORDS, _LICENCE)
    lines = ["" if any(p.search(line) for p in furniture) else line for line in lines]
    return _paragraph_breaks(_drop_formulas(lines))


def _drop_tables(lines: list[str]) -> list[str]:
    """A table comes out under its caption as short lines that end no sentence: its rows."""
    full = statistics.median([len(line.strip()) for line in lines if line.strip()] or [0])
    out, in_table = [], False
    for line in lines:
        text = line.strip()
        if _TABLE_CAPTION.match(text):
            in_table = True
        elif in_table and (len(text) >= 0.75 * full or _SENTENCE_END.search(text)):
            in_table = False
        out.append("" if in_table else line)
    return out


def _drop_formulas(lines: list[str]) -> list[str]:
    """An equation comes out as a run of one- to three-letter lines and symbol-font characters."""
    tiny = [0 < len(line.strip()) <= 3 for line in lines]
    out = []
    for i, line in enumerate(lines):
        run = tiny[i] and ((i > 0 and tiny[i - 1]) or (i + 1 < len(lines) and tiny[i + 1]))
        symbols = len(_SYMBOL_FONT.findall(line)) >= 3
        out.append("" if run or symbols else line)
    return out


def _paragraph_breaks(lines: list[str]) -> list[str]:
    """PDF text has no blank line between paragraphs: a short line that ends a sentence ends
    one, and a heading line stands alone."""
    lengths = [len(line.strip()) for line in lines if line.strip()]
    full = statistics.median(lengths) if lengths else 0
    out: list[str] = []
    for line in lines:
        text = line.strip()
        # A heading follows a finished sentence or a gap, never a line that runs on.
        after_open_line = out and out[-1].strip() and not _SENTENCE_END.search(out[-1])
        heading = text and len(text) < 70 and is_heading(text) and not after_open_line
        if heading:
            out.extend(["", line, ""])
            continue
        out.append(line)
        if text and _SENTENCE_END.search(text) and len(text) < 0.85 * full:
            out.append("")
    return out
