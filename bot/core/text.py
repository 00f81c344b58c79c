"""Making untrusted text safe to echo, and the small wording helpers every reply shares."""

from __future__ import annotations

import re

MAX_QUERY = 200  # characters of a query or answer the core reads; more is cut with a note
ZWSP = "\u200b"

_MASS_MENTION = re.compile(r"@(everyone|here|channel)", re.IGNORECASE)
_ANGLE_MENTION = re.compile(r"<([@#!])")  # <@123>, <@&123>, <#123>, <!channel>, <!subteam^..>
_MARKDOWN = re.compile(r"([\\*_~`|>\[\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def neutral(text: str) -> str:
    """User text as it may be shown back: no pings, no formatting, one line."""
    text = _CONTROL.sub("", " ".join(text.split()))
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _MASS_MENTION.sub("@" + ZWSP + r"\1", text)
    return _ANGLE_MENTION.sub("<" + ZWSP + r"\1", text)


def clip(text: str, limit: int = MAX_QUERY) -> tuple[str, str]:
    """(text cut to `limit` characters, a note saying so or "")."""
    text = text.strip()
    if len(text) <= limit:
        return text, ""
    return text[:limit].rstrip(), f"(Your text was cut to its first {limit} characters.)"


def clip_words(text: str, limit: int) -> tuple[str, bool]:
    """(text cut at the last word end within `limit` characters, whether it was cut)."""
    if len(text) <= limit:
        return text, False
    cut = text[: limit + 1].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:—-("), True


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def letters(n: int) -> list[str]:
    """Choice keys as buttons show them: A, B, C, ..."""
    return [chr(ord("A") + i) for i in range(n)]
