"""Opening the content file: as is for the CLI tools, fully checked for the running bot."""

from __future__ import annotations

from pathlib import Path

from content.model import Studyset
from content.semantic import UNREADABLE, Semantic, VectorStore, vectors_path


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
    off with STUDYBOT_SEMANTIC=off or when the content has no vectors file (`studybot content
    build` makes one; until then lookup goes by words). Sentences the file lacks (or all, when
    it is unreadable, which is left as it is) are embedded in the background at start."""
    path = vectors_path(content)
    if not enabled or not path.exists():
        return None
    try:
        return Semantic(VectorStore(path))
    except UNREADABLE:
        return Semantic(VectorStore(None if path.exists() else path))


def checked_studyset(path: Path) -> Studyset:
    """The content file if it passes every check of `studybot content check`, else a ValueError
    naming the first problem in one line (a bot must not start on content it would fail on)."""
    from content.check import check_file

    if not Path(path).is_file():
        return read_studyset(path)  # its message says how to build one
    studyset, problems = check_file(path)
    if problems:
        first = " ".join(problems[0].removeprefix(f"{path}: ").split())
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValueError(
            f"content file {path} fails its check: {first}{more}; "
            f"`studybot content check {path}` lists every problem"
        )
    return studyset
