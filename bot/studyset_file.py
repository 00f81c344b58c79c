"""Opening the content file: as is for the CLI tools, fully checked for the running bot."""

from __future__ import annotations

from pathlib import Path

from content.model import Studyset


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
