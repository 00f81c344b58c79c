"""Opening the content file as every entry point does (CLI tools, console, Discord, Slack)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from content.model import Studyset
from content.semantic import Semantic, VectorStore, vectors_path


def read_studyset(path: Path) -> Studyset:
    """The content file, or a ValueError whose message tells the user what is wrong with it."""
    try:
        return Studyset.load(path)
    except FileNotFoundError:
        raise ValueError(
            f"no content file at {path} (build one with `studybot content build`)"
        ) from None
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise ValueError(f"cannot read content file {path}: {e}") from None


def open_semantic(content: Path, enabled: bool) -> Semantic | None:
    """The meaning side of lookup for a content file (its vectors beside it), unless switched
    off with STUDYBOT_SEMANTIC=off. Sentences without a stored vector (a missing file, or an
    unreadable one, which is left as it is) are embedded again in the background."""
    if not enabled:
        return None
    path = vectors_path(content)
    try:
        return Semantic(VectorStore(path))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return Semantic(VectorStore(None if path.exists() else path))
