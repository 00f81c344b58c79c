"""User text at the edge: made clean once on the way in, safe and short on the way back out,
and the small wording helpers every reply shares."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

MAX_QUERY = 200  # characters of a query or answer the core reads; more is cut with a note
MAX_ECHO = 60  # characters of user text a reply repeats back; more ends in "…"
ZWSP = "\u200b"

_MASS_MENTION = re.compile(r"@(everyone|here|channel)", re.IGNORECASE)
_ANGLE_MENTION = re.compile(r"<([@#!])")  # <@123>, <@&123>, <#123>, <!channel>, <!subteam^..>
_MARKDOWN = re.compile(r"([\\*_~`|>\[\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Invisible format characters: bidi overrides and isolates (U+202A-202E, U+2066-2069), marks
# (U+200E/F, U+061C), zero-width spaces and joiners (U+200B-200D, U+2060), the BOM (U+FEFF).
# They change what a reader sees, or hide that two texts differ; no answer needs them.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone halves: undecodable bytes, broken JSON escapes


def clean(text: str) -> str:
    """Text from a user as the core stores and compares it: NFC, no lone surrogates (each becomes
    U+FFFD), no invisible format characters, no control characters but newline and tab."""
    text = _SURROGATE.sub("\ufffd", str(text))
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", text)


def clean_options(options: Mapping) -> dict:
    """An adapter's options with every text (also inside lists) cleaned; numbers pass as they are."""

    def one(value):
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list | tuple):
            return [one(v) for v in value]
        return value

    return {clean(str(key)): one(value) for key, value in options.items()}


def neutral(text: str, limit: int = MAX_ECHO) -> str:
    """User text as it may be shown back: no pings, no formatting, one line, at most `limit`
    characters (every echo of user input passes here, so none can be long)."""
    text = " ".join(_CONTROL.sub("", str(text)).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _MARKDOWN.sub(r"\\\1", text)
    text = _MASS_MENTION.sub("@" + ZWSP + r"\1", text)
    return _ANGLE_MENTION.sub("<" + ZWSP + r"\1", text)


def quoted(text: str) -> str:
    """User text echoed inside a sentence: “neutral and short”."""
    return f"“{neutral(text)}”"


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
