"""Plain text (.txt): one paragraph per line, or hard-wrapped lines (a PDF's text saved as .txt)."""

from __future__ import annotations

from content.readers.document import Found, Unreadable


def decode(data: bytes) -> str:
    """UTF-8 text with one kind of line end; binary data or another encoding is Unreadable."""
    if b"\x00" in data[:4096]:
        raise Unreadable("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")


def read(data: bytes) -> Found:
    lines = decode(data).split("\n")
    title = next((line.strip() for line in lines if line.strip()), "")
    if not title:
        raise Unreadable("has no text")
    return Found(lines=tuple(lines), title=title, title_line=True)
