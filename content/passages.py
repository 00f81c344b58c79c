"""Cut clean paragraphs into passages: the unit a citation points to and a chat reply shows."""

from __future__ import annotations

from content.sentences import split_sentences

MAX_CHARS = 1200


def split_paragraph(text: str, limit: int = MAX_CHARS) -> list[str]:
    """`text` as is when short enough, else runs of whole sentences of about equal length."""
    if len(text) <= limit:
        return [text]
    sentences = split_sentences(text)
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
