"""Cut clean paragraphs into passages: the unit a citation points to and a chat reply shows."""

from __future__ import annotations

import re

from content.sentences import split_sentences

MAX_CHARS = 1200


def split_paragraph(text: str, limit: int = MAX_CHARS) -> list[str]:
    """`text` as is when short enough, else runs of whole sentences of about equal length."""
    if len(text) <= limit:
        return [text]
    sentences = [piece for s in split_sentences(text) for piece in _split_long(s, limit)]
    pieces = -(-len(text) // limit)  # fewest pieces that can fit
    target = len(text) / pieces
    out: list[str] = []
    current = ""
    for sentence in sentences:
        joined = f"{current} {sentence}" if current else sentence
        if current and (len(joined) > limit or len(current) >= target):
            out.append(current)
            joined = sentence
        current = joined
    if current:
        out.append(current)
    return out


def _split_long(sentence: str, limit: int) -> list[str]:
    """A sentence longer than `limit` (a list, a run-on) cut after a ';' or ',' or a space."""
    out = []
    while len(sentence) > limit:
        window = sentence[: limit + 1]
        cut = max((m.end() for m in re.finditer(r"[;,]\s", window)), default=0)
        if cut < limit // 2:
            cut = window.rfind(" ") + 1 or limit
        out.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*out, sentence] if sentence else out
