"""Where a community's reading files are kept: under the data folder, named by content hash,
after checking that each is the kind of file its name says."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path, PurePath

MAX_BYTES = 20 * 1024 * 1024  # one reading, uploaded or fetched
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx's parts, all told (a zip bomb is far beyond)
KINDS = {".pdf": "PDF", ".html": "web page", ".htm": "web page", ".md": "Markdown file"}
KINDS |= {".markdown": "Markdown file", ".docx": "Word document", ".txt": "text file"}
ACCEPTED = ".pdf, .html, .md, .docx, .txt"
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"RIFF": "a media file",
    b"PK\x03\x04": "a zip archive",
    b"%PDF-": "a PDF",
    b"\x7fELF": "a program",
    b"MZ": "a program",
}


class NotAReading(ValueError):
    """The file cannot be a reading; the message says why."""


def looks_like(data: bytes) -> str:
    return next((what for magic, what in _MAGIC.items() if data.startswith(magic)), "")


def check(name: str, data: bytes, size: int | None = None) -> str:
    """The file's kind (its suffix, lower case) if its bytes fit its name; NotAReading if not.
    `size` is the size the platform states, for a file too large to have been fetched."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        raise NotAReading(f"{name} is not a reading I can read: send {ACCEPTED}, or a link")
    if (len(data) if size is None else size) > MAX_BYTES:
        raise NotAReading(f"{name} is larger than {MAX_BYTES // 2**20} MB")
    if not data.strip():
        raise NotAReading(f"{name} is empty")
    found = looks_like(data)
    if suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:
            raise NotAReading(f"{name} is not a PDF" + (f" (it is {found})" if found else ""))
    elif suffix == ".docx":
        _check_docx(name, data)
    elif found or b"\x00" in data[:8192]:
        raise NotAReading(f"{name} is not a {KINDS[suffix]} (it is {found or 'binary data'})")
    return ".html" if suffix == ".htm" else ".md" if suffix == ".markdown" else suffix


def _check_docx(name: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        found = looks_like(data)
        raise NotAReading(
            f"{name} is not a Word .docx file" + (f" (it is {found})" if found else "")
        ) from None
    if "word/document.xml" not in {p.filename for p in parts}:
        raise NotAReading(f"{name} is a zip archive but not a Word .docx file")
    if sum(p.file_size for p in parts) > MAX_UNZIPPED:
        raise NotAReading(
            f"{name} would unpack to more than {MAX_UNZIPPED // 2**20} MB; "
            "save it again from Word, without embedded media"
        )


class Shelf:
    """Reading files under `folder` (the data folder): `readings/<sha256><suffix>`."""

    def __init__(self, folder: Path, *, allow_loopback: bool = False) -> None:
        self.folder = Path(folder)
        self.allow_loopback = allow_loopback  # links to 127.0.0.1: for tests only

    def keep(self, data: bytes, suffix: str) -> tuple[str, str]:
        """Store the bytes (once per content); (sha256, path under the data folder)."""
        sha256 = hashlib.sha256(data).hexdigest()
        stored = f"readings/{sha256}{suffix}"
        path = self.path(stored)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".incoming.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)  # whole or not at all
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return sha256, stored

    def path(self, stored: str) -> Path:
        return self.folder / stored

    def workspace(self) -> Path:
        """A fresh folder for one build, inside the data folder (removed by the caller)."""
        builds = self.folder / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=builds))
