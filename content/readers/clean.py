"""Turn an article's text into clean paragraphs of study material.

Plain text comes in two layouts. Web text has one paragraph per line. Text extracted from a
two-column PDF is wrapped at ~50 characters, breaks words at line ends (with or without a
hyphen), repeats page headers, and interleaves pull-quotes and photo captions with the running
text, sometimes splitting a sentence around them. For the latter the text is cut into
fragments, words are re-joined with the help of a vocabulary, and a fragment that stops
mid-sentence is joined to the fragment that continues it. Those repairs apply only to such text
(plain text and PDFs); formats with real structure (HTML, Markdown, Word) only pass through
`tidy_each`.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable

from content.vocabulary import WORD, Vocabulary

# Past these lines there is nothing but comments, share buttons and author pages.
_END_MARKERS = re.compile(r"^\s*(Leave a Reply|View all posts|Related Posts|Share this:)", re.I)
_BOILERPLATE = re.compile(
    r"^(Disclaimer:|(Photo|Image|Picture|Credit|Photograph)s?( credit)?:|Your email address"
    r"|Required fields|Share this|Click to share|Tags?:|Filed under|Copyright|©"
    r"|(Fig\.|Figure|Table)\s+(\d+|[IVXL]+)[.:]\s)",
    re.I,
)
_CAPTION = re.compile(r"\b(Photo|Image|Picture)( credit)?: ", re.I)
_BIO_WORDS = re.compile(
    r"\b(Professor|Research|Researcher|student|analyst|officer|Fellow|Director|lecturer|"
    r"editor|journalist|author|Associate|graduate|holds|Ph\.D\.)",
    re.I,
)
_NAME_IS = re.compile(r"^[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,4} (is|was|serves as) (a|an|the) ")
_SENTENCE_END = re.compile(r"[.!?…][”\"’)\]]*$|[”\"]$")
_STOPWORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"}
    | {"to", "with", "vs", "via"}
)
_BULLET = re.compile(r"^[•·*\-–]\s+")
_BRACKETED_NOTE = re.compile(r"(?<=\S)\[\d{1,3}\]")
_NOTE_NUMBER = re.compile(r"(?<=\S)\[(\d{1,3})\]")
_BRACKETED = re.compile(r"^\[.*\]$")
# Credit lines at an article's end: who helped, where it was first or also published.
_CREDIT = re.compile(
    r"\bcontributed (reporting|to this (report|story|article))|^This (article|story|post|piece) "
    r"(was|is|first|originally)\b.*\b(re)?(published|printed|appeared|posted)\b",
    re.I,
)
_ITEM_WORDS = 5
_LICENCE_WORDS = re.compile(
    r"\b(licen[cs]e[ds]?|licensee|licensor|copyright|warrant(?:y|ies)|royalty|verbatim"
    r"|redistribut\w*|sublicens\w*|invariant sections|cover texts|merchantability"
    r"|all rights reserved|free software foundation|permission is granted)\b",
    re.I,
)
_LICENCE_TERMS = 3  # distinct terms in one paragraph


def is_heading(text: str) -> bool:
    """A short title-cased line with no sentence end: a section heading or a name line."""
    text = _BULLET.sub("", text.strip())
    if not text or len(text) > 150 or _SENTENCE_END.search(text) or text.endswith(","):
        return False
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 20:
        return False
    content = [w for w in words if w.lower() not in _STOPWORDS]
    capital = sum(1 for w in content if w.lstrip('“"‘(')[:1].isupper())
    if not all(w.lstrip('“"‘(')[:1].isupper() for w in (words[0], words[-1])):
        return False  # "In 2014 the Japan Self-Defense Forces began" is a broken line
    return capital / max(1, len(content)) >= 0.6


def corpus_words(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """Words and hyphenated compounds seen whole, i.e. not at either end of a line."""
    words: set[str] = set()
    compounds: set[str] = set()
    for text in texts:
        for line in text.splitlines():
            tokens = line.split()[1:-1]
            for token in tokens:
                words.update(w.lower() for w in WORD.findall(token))
                core = token.strip(".,;:!?()“”\"'’‘[]")
                if "-" in core.strip("-"):
                    compounds.add(core.lower())
    return words, compounds


class Cleaner:
    """Cleans articles of one corpus; `compounds` are hyphenated words the corpus writes whole."""

    def __init__(self, vocab: Vocabulary, compounds: set[str] = frozenset()) -> None:
        self.vocab = vocab
        self.compounds = frozenset(compounds)

    def paragraphs(
        self,
        lines: list[str],
        *,
        drop_first_line: bool = False,
        names: set[str] = frozenset(),
        authors: tuple[str, ...] = (),
    ) -> list[str]:
        """Paragraphs of plain text. `names`: the collection or publisher a page header repeats."""
        lines = _cut_at_end_marker(lines)
        if drop_first_line:
            lines = _drop_first_text_line(lines)
        lines = _drop_running_headers(lines, names)
        if _is_wrapped(lines):
            tells = _spaces_tell(lines)
            blocks = [self.unwrap(block, tells) for block in _wrapped_blocks(lines)]
        else:
            blocks = [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]
        return tidy(blocks, authors, wrapped=True)

    # -- re-joining words broken at line ends ---------------------------------------------

    def unwrap(self, lines: list[str], spaces_tell: bool | None = None) -> str:
        """One text from wrapped lines. `spaces_tell`: the extractor keeps a space at the end
        of a line that ends a word, so a line ending without one breaks a word."""
        if spaces_tell is None:
            spaces_tell = _spaces_tell(lines)
        text = lines[0].strip()
        for previous, line in itertools.pairwise(lines):
            right = line.strip()
            if right:
                text = self.join_lines(text, right, previous.endswith((" ", "\t")), spaces_tell)
        return text

    def join_lines(self, left: str, right: str, spaced: bool, spaces_tell: bool = True) -> str:
        """`left` and the next line `right` as one text: a word broken between them re-joined."""
        left_word = re.search(r"(\S*)$", left).group(1)
        right_word = re.match(r"[\w’'-]*", right).group(0)
        right_core = re.match(r"[^\W\d_]*", right).group(0)
        if left_word.endswith("-") and len(left_word) > 1 and left_word[-2].isalpha():
            if self._drop_hyphen(left_word, right_word, right_core):
                return left[:-1] + right
            return left + right
        return left + self._separator(left_word, right_core, spaced, spaces_tell) + right

    def _separator(self, left_word: str, right_core: str, spaced: bool, tells: bool) -> str:
        if not (left_word[-1:].isalpha() and right_core and right_core[0].islower()):
            return " "
        piece = re.search(r"[^\W\d_]+$", left_word).group(0)
        joined = self.vocab.knows(piece + right_core)
        left_known, right_known = self.vocab.knows(piece), self.vocab.knows(right_core)
        if joined and not (left_known and right_known):
            return ""  # "increas" + "ing"
        if tells:
            # A missing space marks a broken word: "Main" + "land", "Pro" + "gramme".
            return " " if spaced or (left_known and right_known and not joined) else ""
        # Spaces tell nothing: join two halves of a word, or two lower-case non-words.
        if joined and min(len(piece), len(right_core)) >= 3:
            return ""
        lost = piece.islower() and not left_known and not right_known
        return "" if lost else " "

    def _drop_hyphen(self, left_word: str, right_word: str, right_core: str) -> bool:
        piece = left_word[:-1].rsplit("-", 1)[-1]
        if "-" in left_word[:-1] or not right_core or not right_core[0].islower():
            return False  # "might-is-" + "right", "Indo-" + "Pacific"
        compound = (left_word + right_word).lower().strip(".,;:")
        if compound in self.compounds:
            return False  # written with the hyphen elsewhere: "non-" + "traditional"
        if self.vocab.in_corpus(piece + right_core):
            return True
        return self.vocab.knows(piece + right_core)


def tidy(blocks: list[str], authors: tuple[str, ...] = (), wrapped: bool = False) -> list[str]:
    """Study paragraphs from text blocks: headings, boilerplate, licences and bios go.

    `wrapped`: blocks are fragments of a printed layout (plain text, PDF), to be joined where a
    sentence runs on, and with pull-quotes to drop. Formats with structure need neither: their
    paragraphs are whole, and a short paragraph restating the text is just a list item.
    """
    blocks = _drop_footnote_markers(blocks)
    # Captions can span fragments, so they are recognised once stitched.
    body = [b for b in blocks if not is_heading(b) and not _BOILERPLATE.match(b)]
    if wrapped:
        body = _stitch(body)
    paragraphs = [p for p in body if not _is_boilerplate(p) and not _is_licence(p)]
    paragraphs = _drop_bios(paragraphs, authors)
    return _tidy_notes(_drop_pull_quotes(paragraphs) if wrapped else paragraphs)


def tidy_each(
    blocks: list[str], authors: tuple[str, ...] = (), items: frozenset[int] = frozenset()
) -> list[str | None]:
    """`tidy` for blocks with real structure: each block's tidied text, or None where it goes.

    Prose is whole here, so a block that is not a sentence is a caption, a headline or a link
    ("Read the full transcript", "[Read: ...]"); only list items (indexes in `items`) may be
    short phrases, if they say something.
    """
    blocks = _drop_footnote_markers(blocks)
    kept = Counter(tidy(blocks, authors))
    out: list[str | None] = []
    for i, text in enumerate(map(_as_note, blocks)):
        words = len(text.split())
        phrase = _is_open(text) and (i not in items or words < _ITEM_WORDS)
        debris = phrase or _BRACKETED.match(text) or (words <= 30 and _CREDIT.search(text))
        out.append(text if kept[text] > 0 and not debris else None)
        kept[text] -= 1
    return out


def _spaces_tell(lines: list[str]) -> bool:
    """Whether lines that end a word keep a trailing space (pypdf's never do)."""
    ends = [line for line in lines if line.strip() and line.rstrip()[-1:].isalpha()]
    return sum(1 for line in ends if line.endswith((" ", "\t"))) >= 0.3 * max(1, len(ends))


def _cut_at_end_marker(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _END_MARKERS.match(line):
            return lines[:i]
    return lines


def _drop_first_text_line(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.strip():
            return lines[:i] + lines[i + 1 :]
    return lines


def _drop_running_headers(lines: list[str], names: set[str]) -> list[str]:
    """Page headers: a line repeated with and without a page number, or the collection name."""
    stripped = [re.sub(r"^\d{1,4}\s*|\s*\d{1,4}$", "", line.strip()).lower() for line in lines]
    seen: dict[str, int] = {}
    for text in stripped:
        if text:
            seen[text] = seen.get(text, 0) + 1
    out = []
    for line, text in zip(lines, stripped, strict=True):
        numbered = text != line.strip().lower()
        header = text in names or (numbered and seen.get(text, 0) > 1 and len(text) < 80)
        out.append("" if header else line)
    return out


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text (a PDF extraction) rather than one paragraph per line."""
    text_lines = [i for i, line in enumerate(lines) if line.strip()]
    if len(text_lines) < 5:
        return False
    followed = sum(1 for i in text_lines if i + 1 < len(lines) and lines[i + 1].strip())
    median = statistics.median(len(lines[i].strip()) for i in text_lines)
    return median < 90 and followed / len(text_lines) >= 0.5


def _wrapped_blocks(lines: list[str]) -> list[list[str]]:
    """Blank lines end a block; so does an indented line, where the extractor began a column."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or (current and line[:1].isspace()):
            if current:
                blocks.append(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def note_citations(texts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(the six words before a '[n]' note marker, n) for every bracketed marker in `texts`."""
    text = " ".join(texts)
    return tuple(
        (
            " ".join(
                _BRACKETED_NOTE.sub("", text[max(0, m.start() - 200) : m.start()]).split()[-6:]
            ),
            m.group(1),
        )
        for m in _NOTE_NUMBER.finditer(text)
    )


def _drop_footnote_markers(blocks: list[str]) -> list[str]:
    """'[3]' markers, and note numbers glued to a word ('trade.1 There') when they count 1..N.

    Columns may come out of order, so note n is the first glued number equal to n (or ending
    in n: 'NATO-AP410' is 'AP4' and note 10), wherever it sits.
    """
    blocks = [_BRACKETED_NOTE.sub("", b) if "[" in b else b for b in blocks]
    glued = re.compile(r"(?<!\d[.,])(?<=[^\W\d_]|[.,;:”\")’])(\d{1,3})(?=\s|$)")
    hits = [(i, m.start(), m.group(1)) for i, b in enumerate(blocks) for m in glued.finditer(b)]
    cuts: list[tuple[int, int, int]] = []  # block, start, end of each note number
    taken: set[tuple[int, int]] = set()
    number = 1
    while True:
        mark = str(number)
        exact = [h for h in hits if h[2] == mark and h[:2] not in taken]
        ending = [h for h in hits if h[2].endswith(mark) and h[:2] not in taken]
        hit = (exact or ending or [None])[0]
        if hit is None:
            break
        i, start, digits = hit
        taken.add((i, start))
        cuts.append((i, start + len(digits) - len(mark), start + len(digits)))
        number += 1
    if len(cuts) < 2:
        return blocks
    for i, start, end in sorted(cuts, reverse=True):
        blocks[i] = blocks[i][:start] + blocks[i][end:]
    return blocks


def _is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.match(text) or _CAPTION.search(text))


def _is_licence(text: str) -> bool:
    """Licence text (a GFDL appendix, a copyright notice): dense with the words of the law."""
    return len({m.lower() for m in _LICENCE_WORDS.findall(text)}) >= _LICENCE_TERMS


def _is_open(text: str) -> bool:
    return not _SENTENCE_END.search(text)


def _is_continuation(text: str) -> bool:
    return text[:1].islower()


def _stitch(fragments: list[str]) -> list[str]:
    """Join each fragment that stops mid-sentence to the one that continues it.

    The continuation starts in lower case. An extractor may emit a column just before the one
    it continues, so an adjacent candidate wins; otherwise the nearest one after it.
    """
    links: dict[int, int] = {}
    targets: set[int] = set()
    for i, fragment in enumerate(fragments):
        if not _is_open(fragment):
            continue
        order = [i - 1, i + 1, *range(i + 2, len(fragments))]
        for j in order:
            if 0 <= j < len(fragments) and j not in targets and _is_continuation(fragments[j]):
                if not _leads_to(links, j, i):
                    links[i] = j
                    targets.add(j)
                break
    paragraphs = []
    for i, fragment in enumerate(fragments):
        if i in targets:
            continue
        text = fragment
        while i in links:
            i = links[i]
            text = _join(text, fragments[i])
        paragraphs.append(text)
    return paragraphs


def _leads_to(links: dict[int, int], start: int, goal: int) -> bool:
    while start in links:
        start = links[start]
        if start == goal:
            return True
    return start == goal


def _join(left: str, right: str) -> str:
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        return left[:-1] + right
    return f"{left} {right}"


def _drop_bios(paragraphs: list[str], authors: tuple[str, ...]) -> list[str]:
    """Author bios: '<author> is a ...', or a name-is-a sentence about a career near the end."""
    tail = max(1, len(paragraphs) * 3 // 4)
    kept = []
    for i, text in enumerate(paragraphs):
        named = any(text.startswith(f"{a} ") for a in authors)
        generic = i >= tail and _NAME_IS.match(text) and _BIO_WORDS.search(text[:200])
        if not (named or generic):
            kept.append(text)
    return kept


def _tidy_notes(paragraphs: list[str]) -> list[str]:
    """'- 2 “Title,” Publisher, June 13, 2024.' -> 'Note 2: “Title,” ...'; bare links go."""
    out = []
    for text in map(_as_note, paragraphs):
        words = re.findall(r"\b[A-Za-z]{2,}\b", re.sub(r"\S*://\S*", "", text))
        if len(words) <= 2 and ("://" in text or not re.search(r"\d{4}", text)):
            continue  # a bare link or page number, not study material
        out.append(text)
    return out


def _as_note(text: str) -> str:
    return re.sub(r"^[-–•]\s*(\d{1,3})\.?\s+", r"Note \1: ", text)


def _content_bigrams(text: str) -> set[tuple[str, str]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {
        (a, b) for a, b in itertools.pairwise(words) if not (a in _STOPWORDS and b in _STOPWORDS)
    }


def _drop_pull_quotes(paragraphs: list[str]) -> list[str]:
    """A short paragraph whose word pairs mostly recur elsewhere restates the text: a pull-quote."""
    pairs = [_content_bigrams(p) for p in paragraphs]
    counts = Counter(pair for own in pairs for pair in own)
    kept = []
    for text, own in zip(paragraphs, pairs, strict=True):
        shared = sum(1 for pair in own if counts[pair] > 1)
        if not (len(text) <= 320 and own and shared / len(own) >= 0.6):
            kept.append(text)
    return kept
